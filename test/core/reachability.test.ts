/**
 * Quantified reachability (every / some / none) answered exactly on the allowed spaces, with a
 * concrete flow as witness: a counterexample when the answer is no.
 */
import { AddressSet } from "../../lib/core/address-set";
import { HwsgError } from "../../lib/core/errors";
import { ReachQuery, checkReach, withHypotheticalMember } from "../../lib/core/reachability";
import { PortSet } from "../../lib/core/port-set";
import { NetLit, RuleLit, addrs, buildNetwork, egress, ingress } from "./helpers";

const INTERNET = { kind: "external" as const, addresses: AddressSet.all(4) };
const to = (instanceId: string) => ({ kind: "instance" as const, instanceId });
const tcp = (ports: string): Pick<ReachQuery, "protocol" | "ports" | "version"> => ({ version: 4, protocol: 6, ports: PortSet.parse(ports) as PortSet });

function webNet(rules: RuleLit[]) {
  return buildNetwork({ groups: { "sg-web": { delete_default_rules: true } }, rules, instances: { web: { groups: ["sg-web"], ip: "10.0.0.5" } } });
}

describe("every / some / none from the internet", () => {
  const halves = webNet([
    ingress("sg-web", { protocol: "tcp", ports: "22", remote_ip_prefix: "0.0.0.0/1", priority: 1 }),
    ingress("sg-web", { protocol: "tcp", ports: "22", remote_ip_prefix: "128.0.0.0/1", priority: 1 }),
  ]);

  it("0.0.0.0/1 + 128.0.0.0/1: EVERY internet address reaches tcp 22", () => {
    const r = checkReach(halves, { from: INTERNET, to: to("web"), ...tcp("22"), quantifier: "every" });
    expect(r.holds).toBe(true);
    expect(r.witness.verdict).toBe("allow");
  });

  it("but not every address reaches tcp 22-23: the counterexample is on port 23", () => {
    const r = checkReach(halves, { from: INTERNET, to: to("web"), ...tcp("22-23"), quantifier: "every" });
    expect(r.holds).toBe(false);
    expect(r.witness.verdict).toBe("deny");
    expect(r.witness.flow.port).toBe(23);
  });

  it("a deny of 10.0.0.0/8 at the same priority: EVERY fails with a counterexample inside 10/8, SOME holds", () => {
    const net = webNet([
      ingress("sg-web", { id: "ssh", protocol: "tcp", ports: "22", remote_ip_prefix: "0.0.0.0/0", action: "allow", priority: 1 }),
      ingress("sg-web", { id: "no-10", protocol: "tcp", ports: "22", remote_ip_prefix: "10.0.0.0/8", action: "deny", priority: 1 }),
    ]);
    const every = checkReach(net, { from: INTERNET, to: to("web"), ...tcp("22"), quantifier: "every" });
    expect(every.holds).toBe(false);
    expect(every.witness).toMatchObject({ verdict: "deny", rule: "no-10" });
    expect(addrs("10.0.0.0/8").has(every.witness.flow.src.address)).toBe(true);
    const some = checkReach(net, { from: INTERNET, to: to("web"), ...tcp("22"), quantifier: "some" });
    expect(some.holds).toBe(true);
    expect(some.witness).toMatchObject({ verdict: "allow", rule: "ssh" });
    expect(addrs("10.0.0.0/8").has(some.witness.flow.src.address)).toBe(false);
  });

  it("NONE holds when no rule admits it, and fails with an allowed witness when one does", () => {
    const closed = webNet([ingress("sg-web", { protocol: "tcp", ports: "443", priority: 1 })]);
    const none = checkReach(closed, { from: INTERNET, to: to("web"), ...tcp("22"), quantifier: "none" });
    expect(none.holds).toBe(true);
    expect(none.witness.verdict).toBe("deny");
    const open = checkReach(closed, { from: INTERNET, to: to("web"), ...tcp("1-1000"), quantifier: "none" });
    expect(open.holds).toBe(false);
    expect(open.witness).toMatchObject({ verdict: "allow", flow: { port: 443 } });
  });

  it("a narrower source set: every address of 192.168.0.0/24 but not every address of 192.168.0.0/23", () => {
    const net = webNet([ingress("sg-web", { protocol: "tcp", ports: "22", remote_ip_prefix: "192.168.0.0/24", priority: 1 })]);
    const q = (cidr: string) => checkReach(net, { from: { kind: "external", addresses: addrs(cidr) }, to: to("web"), ...tcp("22"), quantifier: "every" });
    expect(q("192.168.0.0/24").holds).toBe(true);
    const r = q("192.168.0.0/23");
    expect(r.holds).toBe(false);
    expect(addrs("192.168.1.0/24").has(r.witness.flow.src.address)).toBe(true);
  });

  it("protocol all covers the protocols no rule names", () => {
    const net = webNet([ingress("sg-web", { id: "any", remote_ip_prefix: "0.0.0.0/0", priority: 1 })]);
    expect(checkReach(net, { from: INTERNET, to: to("web"), version: 4, protocol: "all", quantifier: "every" }).holds).toBe(true);
    const icmpOnly = webNet([ingress("sg-web", { protocol: "icmp", priority: 1 })]);
    const r = checkReach(icmpOnly, { from: INTERNET, to: to("web"), version: 4, protocol: "all", quantifier: "every" });
    expect(r.holds).toBe(false);
    expect(r.witness.flow.protocol).not.toBe(1);
  });
});

describe("instance to instance: egress and ingress both count", () => {
  const base = (rules: RuleLit[], extra: Partial<NetLit> = {}) =>
    buildNetwork({
      groups: { "sg-app": { delete_default_rules: true }, "sg-db": { delete_default_rules: true } },
      rules: [egress("sg-app", { id: "app-out", protocol: "tcp", ports: "3306", remote_group_id: "sg-db", priority: 1 }), ...rules],
      instances: { app: { groups: ["sg-app"], ip: "10.0.1.5" }, db: { groups: ["sg-db"], ip: "10.0.2.5" } },
      ...extra,
    });
  const q = (net: ReturnType<typeof base>, quantifier: ReachQuery["quantifier"]) => checkReach(net, { from: to("app"), to: to("db"), ...tcp("3306"), quantifier });

  it("with the db's ingress from sg-app: every holds", () => {
    const r = q(base([ingress("sg-db", { id: "db-in", protocol: "tcp", ports: "3306", remote_group_id: "sg-app", priority: 1 })]), "every");
    expect(r.holds).toBe(true);
    expect(r.witness).toMatchObject({ verdict: "allow", rule: "db-in" });
  });

  it("without it: some fails, the witness is denied at the db", () => {
    const r = q(base([ingress("sg-db", { protocol: "tcp", ports: "5432", remote_group_id: "sg-app", priority: 1 })]), "some");
    expect(r.holds).toBe(false);
    expect(r.witness.hops.map((h) => [h.instance, h.verdict])).toEqual([["app", "allow"], ["db", "deny"]]);
  });

  it("two VPCs without a peering: none holds whatever the rules", () => {
    const net = base([ingress("sg-db", { protocol: "tcp", ports: "3306", remote_group_id: "sg-app", priority: 1 })], {
      vpcs: { v1: undefined, v2: undefined },
      subnets: { s1: { vpc: "v1" }, s2: { vpc: "v2" } },
      instances: { app: { groups: ["sg-app"], ip: "10.0.1.5", subnet: "s1" }, db: { groups: ["sg-db"], ip: "10.0.2.5", subnet: "s2" } },
    });
    expect(q(net, "none").holds).toBe(true);
    expect(q(net, "some").witness.reason).toContain("no VPC peering connection");
  });
});

describe("hypothetical group members (withHypotheticalMember)", () => {
  const net = buildNetwork({
    groups: { "sg-app": { delete_default_rules: true }, "sg-db": { delete_default_rules: true } },
    rules: [
      egress("sg-app", { protocol: "tcp", ports: "3306", remote_group_id: "sg-db", priority: 1 }),
      ingress("sg-db", { id: "db-in", protocol: "tcp", ports: "3306", remote_group_id: "sg-app", priority: 1 }),
    ],
  });

  it("adds a stand-in member and leaves the original network alone", () => {
    const { network, instanceId } = withHypotheticalMember(net, "sg-db");
    expect(instanceId).toBe("member of sg-db");
    expect(network.instance(instanceId)).toMatchObject({ hypothetical: true, securityGroupIds: ["sg-db"] });
    expect(net.instances.has(instanceId)).toBe(false);
    expect(withHypotheticalMember(network, "sg-db").network).toBe(network);
    expect(() => withHypotheticalMember(net, "sg-nope")).toThrow(HwsgError);
  });

  it("any member of sg-app reaches any member of sg-db on 3306, and nothing else", () => {
    const a = withHypotheticalMember(net, "sg-app");
    const b = withHypotheticalMember(a.network, "sg-db");
    const every = checkReach(b.network, { from: to(a.instanceId), to: to(b.instanceId), ...tcp("3306"), quantifier: "every" });
    expect(every.holds).toBe(true);
    expect(every.witness.rule).toBe("db-in");
    const other = checkReach(b.network, { from: to(a.instanceId), to: to(b.instanceId), ...tcp("1-3305,3307-65535"), quantifier: "none" });
    expect(other.holds).toBe(true);
  });

  it("the internet reaches no member of sg-db", () => {
    const b = withHypotheticalMember(net, "sg-db");
    expect(checkReach(b.network, { from: INTERNET, to: to(b.instanceId), version: 4, protocol: "all", quantifier: "none" }).holds).toBe(true);
  });
});

describe("an instance without a known fixed IP is judged for every address of its subnet", () => {
  const build = (dbSource: string) =>
    buildNetwork({
      groups: { "sg-batch": { delete_default_rules: true }, "sg-db": { delete_default_rules: true } },
      vpcs: { v: "10.0.0.0/16" },
      subnets: { "sn-batch": { vpc: "v", cidr: "10.0.1.0/24" }, "sn-db": { vpc: "v", cidr: "10.0.2.0/24" } },
      rules: [
        egress("sg-batch", { protocol: "tcp", ports: "5432", remote_ip_prefix: "10.0.2.0/24", priority: 1 }),
        ingress("sg-db", { id: "db-in", protocol: "tcp", ports: "5432", remote_ip_prefix: dbSource, priority: 1 }),
      ],
      instances: { batch: { groups: ["sg-batch"], subnet: "sn-batch" }, db: { groups: ["sg-db"], subnet: "sn-db", ip: "10.0.2.5" } },
    });

  it("a rule for half the subnet: every fails with a counterexample in the other half; some holds", () => {
    const net = build("10.0.1.0/25");
    const every = checkReach(net, { from: to("batch"), to: to("db"), ...tcp("5432"), quantifier: "every" });
    expect(every.holds).toBe(false);
    expect(addrs("10.0.1.128/25").has(every.witness.flow.src.address)).toBe(true);
    const some = checkReach(net, { from: to("batch"), to: to("db"), ...tcp("5432"), quantifier: "some" });
    expect(some.holds).toBe(true);
    expect(addrs("10.0.1.0/25").has(some.witness.flow.src.address)).toBe(true);
  });

  it("a rule for the whole subnet: every holds", () => {
    expect(checkReach(build("10.0.1.0/24"), { from: to("batch"), to: to("db"), ...tcp("5432"), quantifier: "every" }).holds).toBe(true);
  });

  it("as a destination, too: the batch host's egress to a /25 of the db subnet", () => {
    const net = build("10.0.1.0/24");
    const r = checkReach(net, { from: to("db"), to: to("batch"), version: 4, protocol: 1, quantifier: "some" });
    expect(r.holds).toBe(false); // neither side admits icmp: the counterexample is the first address of the subnet
    expect(addrs("10.0.1.0/24").has(r.witness.flow.dst.address)).toBe(true);
  });
});

describe("questions that cannot be asked", () => {
  const net = webNet([]);
  it.each([
    ["both ends outside the model", { from: INTERNET, to: INTERNET, version: 4, protocol: 6, quantifier: "some" }, /an instance of the model/],
    ["both ends the same instance", { from: to("web"), to: to("web"), version: 4, protocol: 6, quantifier: "some" }, /both ends are web/],
    ["ports with gre", { from: INTERNET, to: to("web"), version: 4, protocol: 47, ports: PortSet.single(8), quantifier: "some" }, /gre has no ports/],
    ["IPv6 addresses in an IPv4 question", { from: { kind: "external", addresses: AddressSet.all(6) }, to: to("web"), version: 4, protocol: 1, quantifier: "some" }, /IPv6, the question is IPv4/],
  ] as const)("%s", (_name, query, message) => {
    expect(() => checkReach(net, query as ReachQuery)).toThrow(HwsgError);
    expect(() => checkReach(net, query as ReachQuery)).toThrow(message);
  });
});

describe("tcp/udp questions where one side has only all-protocol rules (the default rules, say)", () => {
  // Regression: checkReach used to crash ("Cannot read properties of null (reading 'intersect')")
  // when a tcp/udp question met an allowed space that names no tcp/udp rule (fixed in 3ac43ff,
  // AllowedSpace.slicesFor).
  const net = buildNetwork({
    groups: ["sg-a"],
    instances: { a1: { groups: ["sg-a"], ip: "10.0.0.1" }, a2: { groups: ["sg-a"], ip: "10.0.0.2" } },
  });

  it("members of one group with the default rules: every tcp 22 holds", () => {
    const r = checkReach(net, { from: to("a1"), to: to("a2"), ...tcp("22"), quantifier: "every" });
    expect(r.holds).toBe(true);
    expect(r.witness.rule).toBe("sg-a#default-ingress-ipv4");
  });

  it("outside addresses to a default group on tcp: none holds", () => {
    const outside = { kind: "external" as const, addresses: addrs("203.0.113.0/24") };
    expect(checkReach(net, { from: outside, to: to("a1"), version: 4, protocol: 6, quantifier: "none" }).holds).toBe(true);
  });

  it("the whole internet includes the members' own fixed IPs, which the default ingress rule admits", () => {
    const r = checkReach(net, { from: INTERNET, to: to("a1"), version: 4, protocol: 6, quantifier: "none" });
    expect(r.holds).toBe(false);
    expect(net.memberAddresses("sg-a", 4).has(r.witness.flow.src.address)).toBe(true);
  });

  it("one side names tcp, the other does not", () => {
    const mixed = buildNetwork({
      groups: { "sg-a": {}, "sg-b": { delete_default_rules: true } },
      rules: [ingress("sg-b", { protocol: "tcp", ports: "443", remote_group_id: "sg-a", priority: 1 })],
      instances: { a: { groups: ["sg-a"], ip: "10.0.0.1" }, b: { groups: ["sg-b"], ip: "10.0.0.2" } },
    });
    expect(checkReach(mixed, { from: to("a"), to: to("b"), ...tcp("443"), quantifier: "every" }).holds).toBe(true);
    expect(checkReach(mixed, { from: to("a"), to: to("b"), ...tcp("444"), quantifier: "none" }).holds).toBe(true);
  });
});
