/**
 * Seed 002, Huawei Cloud "Adding a security group rule": instances of one security group
 * communicate by default through the inbound intra-group rules (table 1); without those rules they
 * cannot; and a security group never connects instances in different VPCs.
 */
import { checkReach } from "../../lib/core/reachability";
import { INTERNET, defaultRule, inst, load, rule, seedScenario } from "./helpers";

const allow = (r: string | readonly string[]) => ({ verdict: "allow" as const, rule: r });
const deny = (r: string | null = null) => ({ verdict: "deny" as const, rule: r });

seedScenario("002-intra-group-default", ["ecs_1", "ecs_2"], [
  { name: "members reach each other over IPv4 by the default inbound intra-group rule", query: { from: inst("ecs_1"), to: inst("ecs_2"), protocol: "tcp", port: 22 }, expect: allow(defaultRule("sg_a", "ingress", 4)) },
  { name: "on any protocol (ICMP) too", query: { from: inst("ecs_2"), to: inst("ecs_1"), protocol: "icmp" }, expect: allow(defaultRule("sg_a", "ingress", 4)) },
  { name: "members reach each other over IPv6 by the IPv6 default inbound rule", query: { from: inst("ecs_1"), fromAddress: "2407:c080:802:469::91", to: inst("ecs_2"), protocol: "tcp", port: 22 }, expect: allow(defaultRule("sg_a", "ingress", 6)) },
  { name: "an external address is denied (the default inbound rule admits only members)", query: { from: INTERNET, to: inst("ecs_1"), protocol: "tcp", port: 22 }, expect: deny() },
  { name: "an external address inside the members' subnet is denied too", query: { from: "172.16.0.99", to: inst("ecs_1"), protocol: "tcp", port: 22 }, expect: deny() },
  { name: "members reach the internet by the default egress rule", query: { from: inst("ecs_1"), to: "8.8.8.8", protocol: "udp", port: 53 }, expect: allow(defaultRule("sg_a", "egress", 4)) },
]);

seedScenario("002-intra-group-deleted", ["ecs_1", "ecs_2"], [
  { name: "members can no longer reach each other over IPv4: default deny at the destination", query: { from: inst("ecs_1"), to: inst("ecs_2"), protocol: "tcp", port: 22 }, expect: deny() },
  { name: "nor with ICMP", query: { from: inst("ecs_2"), to: inst("ecs_1"), protocol: "icmp" }, expect: deny() },
  { name: "nor over IPv6", query: { from: inst("ecs_1"), fromAddress: "2407:c080:802:469::91", to: inst("ecs_2"), protocol: "tcp", port: 22 }, expect: deny() },
  { name: "the re-created egress rule still lets members reach the internet", query: { from: inst("ecs_1"), to: "8.8.8.8", protocol: "udp", port: 53 }, expect: allow(rule("egress_all_v4")) },
], () => {
  test("api: the deny is at ecs_2's ingress, after ecs_1's egress allowed it", () => {
    const { network } = load("002-intra-group-deleted");
    const v = checkReach(network, { from: { kind: "instance", instanceId: inst("ecs_1") }, to: { kind: "instance", instanceId: inst("ecs_2") }, version: 4, protocol: "all", quantifier: "none" });
    expect(v.holds).toBe(true);
    expect(v.witness.hops.map((h) => [h.instance, h.direction, h.verdict, h.rule])).toEqual([
      [inst("ecs_1"), "egress", "allow", rule("egress_all_v4")],
      [inst("ecs_2"), "ingress", "deny", null],
    ]);
  });
});

seedScenario("002-same-group-different-vpcs", ["ecs_1", "ecs_2"], [
  { name: "same group, different VPCs, no peering: denied although the intra-group rule would match", query: { from: inst("ecs_1"), to: inst("ecs_2"), protocol: "tcp", port: 22 }, expect: deny() },
  { name: "the other way round too", query: { from: inst("ecs_2"), to: inst("ecs_1"), protocol: "icmp" }, expect: deny() },
  { name: "each still reaches the internet", query: { from: inst("ecs_2"), to: "8.8.8.8", protocol: "tcp", port: 443 }, expect: allow(defaultRule("sg_a", "egress", 4)) },
], () => {
  test("reach: NO flow on any protocol between the two VPCs", () => {
    const { network } = load("002-same-group-different-vpcs");
    const r = checkReach(network, { from: { kind: "instance", instanceId: inst("ecs_1") }, to: { kind: "instance", instanceId: inst("ecs_2") }, version: 4, protocol: "all", quantifier: "none" });
    expect(r.holds).toBe(true);
    const vpc1 = network.vpcOf(network.instance(inst("ecs_1")).nics[0]);
    const vpc2 = network.vpcOf(network.instance(inst("ecs_2")).nics[0]);
    expect(vpc1).toBeDefined();
    expect(vpc2).toBeDefined();
    expect(vpc1).not.toBe(vpc2);
    expect(network.vpcsConnected(vpc1!, vpc2!)).toBe(false);
  });
});
