/**
 * Seed 003, Huawei Cloud "Security group overview": figures 1-4 (ping but not SSH; two subnets
 * with CIDR and group sources; a keepalived virtual IP; two VPCs with and without peering).
 */
import { AddressSet } from "../../lib/core/address-set";
import { evaluateFlow } from "../../lib/core/evaluator";
import { checkReach } from "../../lib/core/reachability";
import { INTERNET, apiVerdict, cliVerdict, defaultRule, inst, ip, load, rule, seedQuantified, seedScenario } from "./helpers";

const allow = (r: string | readonly string[]) => ({ verdict: "allow" as const, rule: r });
const deny = (r: string | null = null) => ({ verdict: "deny" as const, rule: r });
const VIP = "192.168.0.21";

// Figure 1.
seedScenario("003-fig1-ping-not-ssh", ["ecs_a"], [
  { name: "ping from the PC is allowed by the custom inbound ICMP rule", query: { from: INTERNET, to: inst("ecs_a"), protocol: "icmp" }, expect: allow(rule("a_icmp")) },
  { name: "SSH from the PC is denied: no rule allows it", query: { from: INTERNET, to: inst("ecs_a"), protocol: "tcp", port: 22 }, expect: deny() },
  { name: "ECS-A reaches the internet by the default outbound rule", query: { from: inst("ecs_a"), to: "93.184.216.34", protocol: "tcp", port: 443 }, expect: allow(defaultRule("sg_a", "egress")) },
], () => {
  test("api: the literal flow of the figure (external PC -> ECS-A, TCP 22) is denied with no deciding rule", () => {
    const { network } = load("003-fig1-ping-not-ssh");
    const v = evaluateFlow(network, {
      version: 4,
      protocol: 6,
      port: 22,
      src: { kind: "external", address: ip(INTERNET) },
      dst: { kind: "instance", instanceId: inst("ecs_a"), nicIndex: 0, address: ip("192.168.0.10"), fromFixedIp: true },
    });
    expect(v.verdict).toBe("deny");
    expect(v.rule).toBeNull();
    expect(v.hops).toEqual([expect.objectContaining({ instance: inst("ecs_a"), direction: "ingress", verdict: "deny", rule: null })]);
  });
});

// Figure 2.
seedScenario("003-fig2-subnets", ["ecs_a01", "ecs_a02", "ecs_b01", "ecs_b02"], [
  { name: "A01: SSH from 172.16.0.0/24 to an Sg-A ECS is allowed", query: { from: "172.16.0.5", to: inst("ecs_a01"), protocol: "tcp", port: 22 }, expect: allow(rule("a01")) },
  { name: "A01 opens only 22: 80 from 172.16.0.0/24 is denied", query: { from: "172.16.0.5", to: inst("ecs_a01"), protocol: "tcp", port: 80 }, expect: deny() },
  { name: "SSH from 172.16.0.0/24 to an Sg-B ECS is denied (B01 trusts Sg-A, not the CIDR)", query: { from: "172.16.0.5", to: inst("ecs_b01"), protocol: "tcp", port: 22 }, expect: deny() },
  { name: "A02: Sg-A ECSs reach each other on any port", query: { from: inst("ecs_a01"), to: inst("ecs_a02"), protocol: "tcp", port: 8080 }, expect: allow(rule("a02")) },
  { name: "A02: and on any protocol", query: { from: inst("ecs_a02"), to: inst("ecs_a01"), protocol: "udp", port: 53 }, expect: allow(rule("a02")) },
  { name: "B01: Sg-A ECSs log in to Sg-B ECSs over SSH", query: { from: inst("ecs_a01"), to: inst("ecs_b01"), protocol: "tcp", port: 22 }, expect: allow(rule("b01")) },
  { name: "B01 opens only 22 to Sg-A: 80 is denied", query: { from: inst("ecs_a01"), to: inst("ecs_b02"), protocol: "tcp", port: 80 }, expect: deny() },
  { name: "B02: Sg-B ECSs reach each other on any port", query: { from: inst("ecs_b01"), to: inst("ecs_b02"), protocol: "tcp", port: 3306 }, expect: allow(rule("b02")) },
  { name: "Sg-B ECSs cannot log in to Sg-A ECSs (A01 trusts only 172.16.0.0/24)", query: { from: inst("ecs_b01"), to: inst("ecs_a01"), protocol: "tcp", port: 22 }, expect: deny() },
  { name: "both groups allow all outbound: an Sg-B ECS reaches the internet", query: { from: inst("ecs_b02"), to: "93.184.216.34", protocol: "tcp", port: 443 }, expect: allow(rule("b_egress")) },
]);

// Figure 3: B01 (VIP /32) and B02 (Sg-A).
seedScenario("003-fig3-vip", ["ecs_a01", "ecs_a02", "ecs_b01", "ecs_b02"], [
  { name: "ECS-A01 sending from the VIP is not matched by B02 (Sg-A) and is admitted by B01 (192.168.0.21/32)", query: { from: inst("ecs_a01"), fromAddress: VIP, to: inst("ecs_b01"), protocol: "tcp", port: 80 }, expect: allow(rule("b01")) },
  { name: "after fail-over ECS-A02 sends from the VIP: admitted by B01", query: { from: inst("ecs_a02"), fromAddress: VIP, to: inst("ecs_b02"), protocol: "icmp" }, expect: allow(rule("b01")) },
  { name: "ECS-A01 sending from its own fixed IP is admitted by B02 (not in B01's /32)", query: { from: inst("ecs_a01"), to: inst("ecs_b01"), protocol: "tcp", port: 80 }, expect: allow(rule("b02")) },
  { name: "the VIP as a bare source address is admitted by B01", query: { from: VIP, to: inst("ecs_b01"), protocol: "tcp", port: 80 }, expect: allow(rule("b01")) },
  { name: "another Subnet-A address that is no fixed IP and not the VIP is denied", query: { from: "192.168.0.99", to: inst("ecs_b01"), protocol: "tcp", port: 80 }, expect: deny() },
  { name: "A01 of Sg-A admits Sg-B ECSs", query: { from: inst("ecs_b01"), to: inst("ecs_a01"), protocol: "tcp", port: 22 }, expect: allow(rule("a01")) },
  { name: "the internet reaches neither group", query: { from: INTERNET, to: inst("ecs_b01"), protocol: "tcp", port: 80 }, expect: deny() },
], () => {
  test("model: the VIP 192.168.0.21 is held by ECS-A01 and ECS-A02", () => {
    const { network } = load("003-fig3-vip");
    const vip = network.virtualIpAt(4, ip(VIP));
    expect(vip).toBeDefined();
    expect([...vip!.holders].map((h) => [h.instanceId, h.nicIndex]).sort()).toEqual([
      [inst("ecs_a01"), 0],
      [inst("ecs_a02"), 0],
    ]);
  });
  test("api: the literal VIP flow (ECS-A01 from 192.168.0.21, not its fixed IP) is allowed by B01", () => {
    const { network } = load("003-fig3-vip");
    const v = evaluateFlow(network, {
      version: 4,
      protocol: 6,
      port: 22,
      src: { kind: "instance", instanceId: inst("ecs_a01"), nicIndex: 0, address: ip(VIP), fromFixedIp: false },
      dst: { kind: "instance", instanceId: inst("ecs_b01"), nicIndex: 0, address: ip("192.168.1.11"), fromFixedIp: true },
    });
    expect([v.verdict, v.rule]).toEqual(["allow", rule("b01")]);
  });
});

// Figure 3 without B01: the remote-group rule alone does not admit VIP traffic.
seedScenario("003-fig3-vip-group-only", ["ecs_a01", "ecs_a02", "ecs_b01", "ecs_b02"], [
  { name: "ECS-A01 sending from the VIP is denied: B02 matches only fixed private IPs of Sg-A", query: { from: inst("ecs_a01"), fromAddress: VIP, to: inst("ecs_b01"), protocol: "tcp", port: 80 }, expect: deny() },
  { name: "ECS-A02 sending from the VIP is denied too", query: { from: inst("ecs_a02"), fromAddress: VIP, to: inst("ecs_b02"), protocol: "icmp" }, expect: deny() },
  { name: "ECS-A01 sending from its fixed IP is allowed by B02", query: { from: inst("ecs_a01"), to: inst("ecs_b01"), protocol: "tcp", port: 80 }, expect: allow(rule("b02")) },
], () => {
  test("reach: NO packet from the VIP reaches ECS-B01, on any protocol", () => {
    const { network } = load("003-fig3-vip-group-only");
    const r = checkReach(network, {
      from: { kind: "instance", instanceId: inst("ecs_a01"), addresses: AddressSet.single(4, ip(VIP)) },
      to: { kind: "instance", instanceId: inst("ecs_b01") },
      version: 4,
      protocol: "all",
      quantifier: "none",
    });
    expect(r.holds).toBe(true);
  });
});

// Figure 3, the subnet-CIDR variant.
seedScenario("003-fig3-vip-subnet-cidr", ["ecs_a01", "ecs_a02", "ecs_b01", "ecs_b02"], [
  { name: "ECS-A01 sending from the VIP is admitted by B01 (192.168.0.0/24)", query: { from: inst("ecs_a01"), fromAddress: VIP, to: inst("ecs_b01"), protocol: "tcp", port: 80 }, expect: allow(rule("b01")) },
  { name: "ECS-A02 sending from the VIP is admitted by B01", query: { from: inst("ecs_a02"), fromAddress: VIP, to: inst("ecs_b02"), protocol: "tcp", port: 443 }, expect: allow(rule("b01")) },
  { name: "any Subnet-A address is admitted by B01 (the CIDR is wider than the VIP)", query: { from: "192.168.0.99", to: inst("ecs_b01"), protocol: "tcp", port: 80 }, expect: allow(rule("b01")) },
  { name: "ECS-A01 from its fixed IP matches B01 and B02 alike (both priority 1 allow)", query: { from: inst("ecs_a01"), to: inst("ecs_b01"), protocol: "tcp", port: 80 }, expect: allow([rule("b01"), rule("b02")]) },
  { name: "an address outside Subnet-A (192.168.2.5) is denied", query: { from: "192.168.2.5", to: inst("ecs_b01"), protocol: "tcp", port: 80 }, expect: deny() },
]);

// Figure 4: two VPCs, with and without peering.
seedScenario("003-fig4-peering", ["ecs_a01", "ecs_b01"], [
  { name: "ECS-A01 (VPC-A) reaches ECS-B01 (VPC-B) through the peering: admitted by B01 (source Sg-A)", query: { from: inst("ecs_a01"), to: inst("ecs_b01"), protocol: "tcp", port: 22 }, expect: allow(rule("b01")) },
  { name: "ECS-B01 reaches ECS-A01: admitted by A01 (source Sg-B)", query: { from: inst("ecs_b01"), to: inst("ecs_a01"), protocol: "icmp" }, expect: allow(rule("a01")) },
  { name: "the internet is still denied", query: { from: INTERNET, to: inst("ecs_a01"), protocol: "tcp", port: 22 }, expect: deny() },
], () => {
  test("model: one peering joins the two instances' VPCs", () => {
    const { network } = load("003-fig4-peering");
    const a = network.vpcOf(network.instance(inst("ecs_a01")).nics[0]);
    const b = network.vpcOf(network.instance(inst("ecs_b01")).nics[0]);
    expect(a).toBeDefined();
    expect(b).toBeDefined();
    expect(a).not.toBe(b);
    expect(network.peerings).toHaveLength(1);
    expect(network.vpcsConnected(a!, b!)).toBe(true);
  });
});

seedQuantified("003-fig4-peering", [
  { name: "ECS-A01 reaches ECS-B01 on every protocol and port (B01 has no protocol)", query: { from: inst("ecs_a01"), to: inst("ecs_b01"), protocol: "all" }, expect: allow(rule("b01")) },
]);

seedScenario("003-fig4-no-peering", ["ecs_a01", "ecs_b01"], [
  { name: "without peering ECS-A01 cannot reach ECS-B01 whatever the rules", query: { from: inst("ecs_a01"), to: inst("ecs_b01"), protocol: "tcp", port: 22 }, expect: deny() },
  { name: "nor ECS-B01 reach ECS-A01", query: { from: inst("ecs_b01"), to: inst("ecs_a01"), protocol: "icmp" }, expect: deny() },
], () => {
  test("reach: NO flow on any protocol from VPC-A's ECS to VPC-B's", () => {
    const { network } = load("003-fig4-no-peering");
    const r = checkReach(network, { from: { kind: "instance", instanceId: inst("ecs_a01") }, to: { kind: "instance", instanceId: inst("ecs_b01") }, version: 4, protocol: "all", quantifier: "none" });
    expect(r.holds).toBe(true);
    expect(r.witness.hops).toEqual([]);
  });
});

seedQuantified("003-fig4-no-peering", [
  { name: "no protocol connects the unpeered VPCs: denied with no deciding rule", query: { from: inst("ecs_a01"), to: inst("ecs_b01"), protocol: "all" }, expect: deny() },
]);

// Table 4: rules that do not take effect on older flavors.
const ignoredAt = (scenario: string, q: Parameters<typeof apiVerdict>[1]) =>
  apiVerdict(scenario, q).hops.flatMap((h) => h.ignored.map((i) => i.rule));

seedScenario("003-table4-legacy-flavor", ["ecs_s1", "ecs_s6"], [
  { name: "S1: Redis from ipGroup-A is denied, the address-group rule does not take effect", query: { from: "10.9.1.5", to: inst("ecs_s1"), protocol: "tcp", port: 6379 }, expect: deny() },
  { name: "S6: Redis from ipGroup-A is allowed by the address-group rule", query: { from: "10.9.1.5", to: inst("ecs_s6"), protocol: "tcp", port: 6379 }, expect: allow(rule("redis_from_group")) },
  { name: "S1: SSH from the office is denied, the inconsecutive-port rule does not take effect", query: { from: "192.168.0.7", to: inst("ecs_s1"), protocol: "tcp", port: 22 }, expect: deny() },
  { name: "S6: RDP from the office is allowed by the inconsecutive-port rule", query: { from: "192.168.0.7", to: inst("ecs_s6"), protocol: "tcp", port: 3389 }, expect: allow(rule("admin_ports")) },
  { name: "S1: the consecutive-port HTTP rule works", query: { from: INTERNET, to: inst("ecs_s1"), protocol: "tcp", port: 80 }, expect: allow(rule("http")) },
], () => {
  test("api: the S1 denials name the rules that would match but do not take effect", () => {
    expect(ignoredAt("003-table4-legacy-flavor", { from: "10.9.1.5", to: inst("ecs_s1"), protocol: "tcp", port: 6379 })).toEqual([rule("redis_from_group")]);
    expect(ignoredAt("003-table4-legacy-flavor", { from: "192.168.0.7", to: inst("ecs_s1"), protocol: "tcp", port: 22 })).toEqual([rule("admin_ports")]);
  });
  test("cli: the S1 hop lists the ignored address-group rule", async () => {
    const r = await cliVerdict("003-table4-legacy-flavor", { from: "10.9.1.5", to: inst("ecs_s1"), protocol: "tcp", port: 6379 });
    const hops = r.json.hops as unknown as Array<{ ignored: Array<{ rule: string; reason: string }> }>;
    expect(hops.flatMap((h) => h.ignored.map((i) => i.rule))).toEqual([rule("redis_from_group")]);
  });
});

seedScenario("003-table4-kai1", ["ecs_kai1", "ecs_s6"], [
  { name: "Kai1: rule W, configured before the inconsecutive-port rule, works", query: { from: INTERNET, to: inst("ecs_kai1"), protocol: "tcp", port: 80 }, expect: allow(rule("rule_w")) },
  { name: "Kai1: rule A (22,24) does not take effect: 22 denied", query: { from: INTERNET, to: inst("ecs_kai1"), protocol: "tcp", port: 22 }, expect: deny() },
  { name: "Kai1: rule A (22,24) does not take effect: 24 denied", query: { from: INTERNET, to: inst("ecs_kai1"), protocol: "tcp", port: 24 }, expect: deny() },
  { name: "Kai1: rule B (9096), configured after A, does not take effect either", query: { from: INTERNET, to: inst("ecs_kai1"), protocol: "tcp", port: 9096 }, expect: deny() },
  { name: "S6 in the same group: rule A works", query: { from: INTERNET, to: inst("ecs_s6"), protocol: "tcp", port: 24 }, expect: allow(rule("rule_a")) },
  { name: "S6 in the same group: rule B works", query: { from: INTERNET, to: inst("ecs_s6"), protocol: "tcp", port: 9096 }, expect: allow(rule("rule_b")) },
], () => {
  test("api: the Kai1 denials name rule A and rule B as not taking effect", () => {
    expect(ignoredAt("003-table4-kai1", { from: INTERNET, to: inst("ecs_kai1"), protocol: "tcp", port: 22 })).toEqual([rule("rule_a")]);
    expect(ignoredAt("003-table4-kai1", { from: INTERNET, to: inst("ecs_kai1"), protocol: "tcp", port: 9096 })).toEqual([rule("rule_b")]);
  });
});

// Several groups on one instance: the group listed first in security_group_ids is tried first.
seedScenario("003-multiple-groups-order", ["ecs_1", "ecs_2"], [
  { name: "ECS-1 lists sg-block first: its priority-100 deny beats sg-open's priority-1 allow", query: { from: INTERNET, to: inst("ecs_1"), protocol: "tcp", port: 22 }, expect: deny(rule("deny_ssh")) },
  { name: "ECS-2 lists sg-open first: its allow decides", query: { from: INTERNET, to: inst("ecs_2"), protocol: "tcp", port: 22 }, expect: allow(rule("allow_ssh")) },
  { name: "ECS-2 -> ECS-1 SSH: sg-block's default intra-group allow (priority 1) comes before its deny (100)", query: { from: inst("ecs_2"), to: inst("ecs_1"), protocol: "tcp", port: 22 }, expect: allow(defaultRule("sg_block", "ingress")) },
  { name: "ECS-1 -> ECS-2 SSH: sg-open's default intra-group rule and allow_ssh tie at priority 1", query: { from: inst("ecs_1"), to: inst("ecs_2"), protocol: "tcp", port: 22 }, expect: allow([defaultRule("sg_open", "ingress"), rule("allow_ssh")]) },
  { name: "ports no group names stay closed", query: { from: INTERNET, to: inst("ecs_1"), protocol: "tcp", port: 80 }, expect: deny() },
], () => {
  test("model: the reader keeps security_group_ids in the order written", () => {
    const { network } = load("003-multiple-groups-order");
    expect(network.instance(inst("ecs_1")).securityGroupIds).toEqual(["huaweicloud_networking_secgroup.sg_block", "huaweicloud_networking_secgroup.sg_open"]);
    expect(network.instance(inst("ecs_2")).securityGroupIds).toEqual(["huaweicloud_networking_secgroup.sg_open", "huaweicloud_networking_secgroup.sg_block"]);
  });
});
