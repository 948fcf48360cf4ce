/**
 * semantics.md §4 (seed 003 figure 3, seed 000 table 9 note): traffic sent from a virtual IP, or
 * forwarded by an intermediate instance, does not carry the private fixed IP of a member NIC, so
 * remote_group_id rules do not match it; a CIDR or address-group rule that contains it does.
 */
import { AddressSet } from "../../lib/core/address-set";
import { checkReach } from "../../lib/core/reachability";
import { RuleLit, buildNetwork, decide, egress, ingress } from "./helpers";

const VIP = "192.168.0.21";

/** VPC-X: Subnet-A (192.168.0.0/24) with ECS-A01/A02 in Sg-A sharing a VIP; Subnet-B with ECS-B01 in Sg-B. */
function figure3(sgBRules: RuleLit[]) {
  return buildNetwork({
    groups: { "sg-a": {}, "sg-b": {} },
    addressGroups: { "ag-vip": { addresses: [VIP] } },
    vpcs: { "vpc-x": "192.168.0.0/16" },
    subnets: { "subnet-a": { vpc: "vpc-x", cidr: "192.168.0.0/24" }, "subnet-b": { vpc: "vpc-x", cidr: "192.168.1.0/24" } },
    rules: [ingress("sg-a", { id: "A01", remote_group_id: "sg-b", action: "allow", priority: 1 }), ...sgBRules],
    instances: {
      "ecs-a01": { groups: ["sg-a"], subnet: "subnet-a", ip: "192.168.0.11", sourceDestCheck: false },
      "ecs-a02": { groups: ["sg-a"], subnet: "subnet-a", ip: "192.168.0.12", sourceDestCheck: false },
      "ecs-b01": { groups: ["sg-b"], subnet: "subnet-b", ip: "192.168.1.11" },
    },
  });
}

const B02 = ingress("sg-b", { id: "B02", remote_group_id: "sg-a", action: "allow", priority: 1 });
const fromVip = { instance: "ecs-a01", address: VIP };

describe("§4 a remote_group_id rule does not match traffic from a virtual IP", () => {
  const net = figure3([B02]);

  it("B02 admits ECS-A01 sending from its private fixed IP", () => {
    expect(decide(net, "tcp/8080", "ecs-a01", "ecs-b01")).toMatchObject({ verdict: "allow", rule: "B02" });
  });

  it("B02 does not admit the same instance sending from the VIP", () => {
    const v = decide(net, "tcp/8080", fromVip, "ecs-b01");
    expect(v.flow.src).toMatchObject({ kind: "instance", fromFixedIp: false });
    expect(v.verdict).toBe("deny");
    expect(v.hops.map((h) => [h.direction, h.verdict])).toEqual([["egress", "allow"], ["ingress", "deny"]]);
    expect(v.reason).toContain("not its fixed IP");
  });

  it("nor the standby ECS-A02 taking over the VIP", () => {
    expect(decide(net, "tcp/8080", { instance: "ecs-a02", address: VIP }, "ecs-b01").verdict).toBe("deny");
  });

  it("an egress remote_group_id rule does not match a destination reached at its VIP", () => {
    const out = buildNetwork({
      groups: { "sg-a": {}, "sg-b": { delete_default_rules: true } },
      rules: [
        egress("sg-b", { id: "to-sg-a", remote_group_id: "sg-a", priority: 1 }),
        ingress("sg-a", { id: "a-in", remote_ip_prefix: "192.168.1.0/24", priority: 1 }),
      ],
      instances: { a: { groups: ["sg-a"], ip: "192.168.0.11" }, b: { groups: ["sg-b"], ip: "192.168.1.11" } },
    });
    const direct = decide(out, "tcp/80", "b", "a");
    expect(direct.verdict).toBe("allow");
    expect(direct.hops[0]).toMatchObject({ instance: "b", direction: "egress", rule: "to-sg-a" });
    const v = decide(out, "tcp/80", "b", { instance: "a", address: VIP });
    expect(v.verdict).toBe("deny");
    expect(v.hops[0]).toMatchObject({ instance: "b", direction: "egress", rule: null });
  });
});

describe("§4 a CIDR or address-group rule that contains the virtual IP admits it", () => {
  it.each([
    ["B01: the VIP as a /32", ingress("sg-b", { id: "B01", remote_ip_prefix: `${VIP}/32`, action: "allow", priority: 1 })],
    ["the CIDR of Subnet-A", ingress("sg-b", { id: "B01", remote_ip_prefix: "192.168.0.0/24", action: "allow", priority: 1 })],
    ["an address group holding the VIP", ingress("sg-b", { id: "B01", remote_address_group_id: "ag-vip", action: "allow", priority: 1 })],
  ])("%s", (_name, b01) => {
    const net = figure3([b01, B02]);
    expect(decide(net, "tcp/8080", fromVip, "ecs-b01")).toMatchObject({ verdict: "allow", rule: "B01" });
  });

  it("a /32 of another address does not", () => {
    const net = figure3([ingress("sg-b", { id: "B01", remote_ip_prefix: "192.168.0.22/32", priority: 1 }), B02]);
    expect(decide(net, "tcp/8080", fromVip, "ecs-b01").verdict).toBe("deny");
  });
});

describe("§4 traffic forwarded by an intermediate instance", () => {
  // A router instance (source/destination check off) forwards on-premises traffic; the packets
  // keep the on-premises source address, which is no member's fixed IP.
  const net = buildNetwork({
    groups: { "sg-router": {}, "sg-app": { delete_default_rules: true } },
    rules: [ingress("sg-app", { id: "from-router-group", protocol: "tcp", ports: "443", remote_group_id: "sg-router", priority: 1 })],
    instances: {
      router: { groups: ["sg-router"], ip: "10.0.0.254", sourceDestCheck: false },
      app: { groups: ["sg-app"], ip: "10.0.1.5" },
    },
  });

  it("a remote_group_id rule naming the router's group does not admit forwarded packets", () => {
    expect(decide(net, "tcp/443", "router", "app").verdict).toBe("allow");
    expect(decide(net, "tcp/443", { instance: "router", address: "172.16.5.5" }, "app").verdict).toBe("deny");
  });

  it("a CIDR rule for the forwarded range does", () => {
    const fixed = buildNetwork({
      groups: { "sg-router": {}, "sg-app": { delete_default_rules: true } },
      rules: [ingress("sg-app", { id: "from-onprem", protocol: "tcp", ports: "443", remote_ip_prefix: "172.16.0.0/12", priority: 1 })],
      instances: { router: { groups: ["sg-router"], ip: "10.0.0.254", sourceDestCheck: false }, app: { groups: ["sg-app"], ip: "10.0.1.5" } },
    });
    expect(decide(fixed, "tcp/443", { instance: "router", address: "172.16.5.5" }, "app")).toMatchObject({ verdict: "allow", rule: "from-onprem" });
  });
});

describe("§4 the set-valued answer agrees: reachability from a VIP", () => {
  const query = (net: ReturnType<typeof figure3>) =>
    checkReach(net, {
      from: { kind: "instance", instanceId: "ecs-a01", addresses: AddressSet.parse(VIP) },
      to: { kind: "instance", instanceId: "ecs-b01" },
      version: 4,
      protocol: "all",
      quantifier: "some",
    });

  it("with B02 only, nothing from the VIP reaches ECS-B01", () => {
    const r = query(figure3([B02]));
    expect(r.holds).toBe(false);
    expect(r.witness.verdict).toBe("deny");
  });

  it("with B01, the VIP reaches ECS-B01", () => {
    const r = query(figure3([ingress("sg-b", { id: "B01", remote_ip_prefix: `${VIP}/32`, priority: 1 }), B02]));
    expect(r.holds).toBe(true);
    expect(r.witness).toMatchObject({ verdict: "allow", rule: "B01" });
  });
});
