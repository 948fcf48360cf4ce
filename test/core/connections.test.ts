/**
 * semantics.md §3: connections. Stateful replies; a connection needs the source's egress AND the
 * destination's ingress; ends outside the model have no security group; VPCs are isolated unless
 * peered, and remote_group_id rules match across a peering (seed 003 figure 4).
 */
import { RuleLit, buildNetwork, decide, egress, ingress } from "./helpers";

function twoInstances(rules: RuleLit[]) {
  return buildNetwork({
    groups: { "sg-a": { delete_default_rules: true }, "sg-b": { delete_default_rules: true } },
    rules,
    instances: { a: { groups: ["sg-a"], ip: "10.0.0.1" }, b: { groups: ["sg-b"], ip: "10.0.0.2" } },
  });
}

const aOut = egress("sg-a", { id: "a-out-3306", protocol: "tcp", ports: "3306", remote_group_id: "sg-b", priority: 1 });
const bIn = ingress("sg-b", { id: "b-in-3306", protocol: "tcp", ports: "3306", remote_group_id: "sg-a", priority: 1 });

describe("§3 stateful: the replies of an allowed connection need no rule", () => {
  const net = twoInstances([aOut, bIn]);

  it("a → b is allowed although b has no egress rule and a no ingress rule for the replies", () => {
    expect(net.rulesOf("sg-b").filter((r) => r.direction === "egress")).toEqual([]);
    expect(net.rulesOf("sg-a").filter((r) => r.direction === "ingress")).toEqual([]);
    expect(decide(net, "tcp/3306", "a", "b").verdict).toBe("allow");
  });

  it("a connection opened the other way (b → a) is judged on its own and denied", () => {
    expect(decide(net, "tcp/3306", "b", "a").verdict).toBe("deny");
  });
});

describe("§3 a connection from A to B needs A's egress AND B's ingress", () => {
  it("both allow: allowed, one hop each, the deciding rule is B's ingress rule", () => {
    const v = decide(twoInstances([aOut, bIn]), "tcp/3306", "a", "b");
    expect(v.verdict).toBe("allow");
    expect(v.rule).toBe("b-in-3306");
    expect(v.hops.map((h) => [h.instance, h.direction, h.verdict, h.rule])).toEqual([
      ["a", "egress", "allow", "a-out-3306"],
      ["b", "ingress", "allow", "b-in-3306"],
    ]);
  });

  it("B's ingress allows but A's egress does not: denied at A", () => {
    const v = decide(twoInstances([bIn]), "tcp/3306", "a", "b");
    expect(v.verdict).toBe("deny");
    expect(v.hops).toHaveLength(1);
    expect(v.hops[0]).toMatchObject({ instance: "a", direction: "egress", verdict: "deny" });
  });

  it("A's egress allows but B's ingress does not: denied at B", () => {
    const v = decide(twoInstances([aOut]), "tcp/3306", "a", "b");
    expect(v.verdict).toBe("deny");
    expect(v.hops.map((h) => [h.instance, h.direction, h.verdict])).toEqual([
      ["a", "egress", "allow"],
      ["b", "ingress", "deny"],
    ]);
  });

  it("an explicit deny in B's ingress names the denying rule", () => {
    const deny = ingress("sg-b", { id: "b-deny-a", protocol: "tcp", remote_group_id: "sg-a", action: "deny", priority: 1 });
    expect(decide(twoInstances([aOut, bIn, deny]), "tcp/3306", "a", "b")).toMatchObject({ verdict: "deny", rule: "b-deny-a" });
  });
});

describe("§3 an end outside the model has no security group: only the instance side is checked", () => {
  const net = twoInstances([
    ingress("sg-b", { id: "b-web", protocol: "tcp", ports: "443", remote_ip_prefix: "0.0.0.0/0", priority: 1 }),
    egress("sg-a", { id: "a-https", protocol: "tcp", ports: "443", remote_ip_prefix: "0.0.0.0/0", priority: 1 }),
  ]);

  it("from the internet to an instance: one ingress hop", () => {
    const v = decide(net, "tcp/443", "203.0.113.9", "b");
    expect(v).toMatchObject({ verdict: "allow", rule: "b-web" });
    expect(v.hops.map((h) => [h.instance, h.direction])).toEqual([["b", "ingress"]]);
  });

  it("from an instance to the internet: one egress hop", () => {
    const v = decide(net, "tcp/443", "a", "203.0.113.9");
    expect(v).toMatchObject({ verdict: "allow", rule: "a-https" });
    expect(v.hops.map((h) => [h.instance, h.direction])).toEqual([["a", "egress"]]);
  });

  it("the instance side still decides a deny", () => {
    expect(decide(net, "tcp/22", "203.0.113.9", "b").verdict).toBe("deny");
    expect(decide(net, "tcp/443", "b", "203.0.113.9").verdict).toBe("deny");
  });
});

describe("§3 security groups never connect different VPCs; a peering does (seed 003 figure 4)", () => {
  const lit = (peered: boolean) =>
    buildNetwork({
      groups: ["sg-a", "sg-b", "sg-shared"],
      vpcs: { "vpc-a": "10.0.0.0/16", "vpc-b": "10.1.0.0/16" },
      subnets: { "sn-a01": { vpc: "vpc-a", cidr: "10.0.1.0/24" }, "sn-b01": { vpc: "vpc-b", cidr: "10.1.1.0/24" } },
      peerings: peered ? [["vpc-a", "vpc-b"]] : [],
      rules: [
        ingress("sg-a", { id: "A01", remote_group_id: "sg-b", priority: 1 }),
        ingress("sg-b", { id: "B01", remote_group_id: "sg-a", priority: 1 }),
      ],
      instances: {
        "ecs-a": { groups: ["sg-a"], subnet: "sn-a01", ip: "10.0.1.10" },
        "ecs-b": { groups: ["sg-b"], subnet: "sn-b01", ip: "10.1.1.10" },
        "same-a": { groups: ["sg-shared"], subnet: "sn-a01", ip: "10.0.1.20" },
        "same-b": { groups: ["sg-shared"], subnet: "sn-b01", ip: "10.1.1.20" },
      },
    });

  it("without a peering, even the rules that would allow it do not: denied before any rule", () => {
    const v = decide(lit(false), "tcp/22", "ecs-a", "ecs-b");
    expect(v.verdict).toBe("deny");
    expect(v.rule).toBeNull();
    expect(v.hops).toEqual([]);
    expect(v.reason).toContain("no VPC peering connection joins them");
  });

  it("without a peering, two members of the same group in two VPCs cannot talk (seed 002)", () => {
    expect(decide(lit(false), "tcp/22", "same-a", "same-b").verdict).toBe("deny");
  });

  it("with a peering, remote_group_id rules match the peer group's members, both ways", () => {
    const net = lit(true);
    expect(decide(net, "tcp/22", "ecs-a", "ecs-b")).toMatchObject({ verdict: "allow", rule: "B01" });
    expect(decide(net, "tcp/22", "ecs-b", "ecs-a")).toMatchObject({ verdict: "allow", rule: "A01" });
    expect(decide(net, "tcp/22", "same-a", "same-b")).toMatchObject({ verdict: "allow", rule: "sg-shared#default-ingress-ipv4" });
  });

  it("with a peering, the rules still apply: a non-member is denied", () => {
    expect(decide(lit(true), "tcp/22", "same-a", "ecs-b").verdict).toBe("deny");
  });

  it("a peering joins only the VPCs it names", () => {
    const net = buildNetwork({
      groups: ["sg"],
      vpcs: { v1: undefined, v2: undefined, v3: undefined },
      subnets: { s1: { vpc: "v1" }, s2: { vpc: "v2" }, s3: { vpc: "v3" } },
      peerings: [["v1", "v2"], ["v2", "v3"]],
      instances: { x: { groups: ["sg"], subnet: "s1", ip: "10.0.0.1" }, y: { groups: ["sg"], subnet: "s3", ip: "10.0.0.3" }, z: { groups: ["sg"], subnet: "s2", ip: "10.0.0.2" } },
    });
    expect(decide(net, "tcp/22", "x", "z").verdict).toBe("allow");
    expect(decide(net, "tcp/22", "x", "y").verdict).toBe("deny"); // peering is not transitive
  });
});
