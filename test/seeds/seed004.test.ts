/**
 * Seed 004, Huawei ECS "Configuring security group rules": the example values of the inbound and
 * outbound rule tables (port range 22-30, several source CIDRs as one rule each, a security group
 * as the outbound destination).
 */
import { INTERNET, apiVerdict, inst, load, rule, seedScenario } from "./helpers";

const allow = (r: string | readonly string[]) => ({ verdict: "allow" as const, rule: r });
const deny = (r: string | null = null) => ({ verdict: "deny" as const, rule: r });

seedScenario("004-rule-fields", ["ecs_a", "ecs_b"], [
  { name: "port 25 (inside 22-30) from 192.168.52.0/24 is allowed by that source's rule", query: { from: "192.168.52.9", to: inst("ecs_b"), protocol: "tcp", port: 25 }, expect: allow(rule("b_in_52")) },
  { name: "port 30 (the range's end) from 10.0.0.0/24 is allowed by the second source's rule", query: { from: "10.0.0.200", to: inst("ecs_b"), protocol: "tcp", port: 30 }, expect: allow(rule("b_in_10")) },
  { name: "port 22 (the range's start) from 10.0.0.0/24 is allowed", query: { from: "10.0.0.1", to: inst("ecs_b"), protocol: "tcp", port: 22 }, expect: allow(rule("b_in_10")) },
  { name: "port 31 is outside the range", query: { from: "192.168.52.9", to: inst("ecs_b"), protocol: "tcp", port: 31 }, expect: deny() },
  { name: "port 21 is outside the range", query: { from: "192.168.52.9", to: inst("ecs_b"), protocol: "tcp", port: 21 }, expect: deny() },
  { name: "10.0.1.1 is in neither source block", query: { from: "10.0.1.1", to: inst("ecs_b"), protocol: "tcp", port: 22 }, expect: deny() },
  { name: "the internet is in neither source block", query: { from: INTERNET, to: inst("ecs_b"), protocol: "tcp", port: 22 }, expect: deny() },
  { name: "instance A reaches instance B: A's outbound rule names Sg-B, B's inbound rule names Sg-A", query: { from: inst("ecs_a"), to: inst("ecs_b"), protocol: "tcp", port: 22 }, expect: allow(rule("b_in_from_a")) },
  { name: "A -> B on 80 is stopped at A's egress (no outbound rule covers it)", query: { from: inst("ecs_a"), to: inst("ecs_b"), protocol: "tcp", port: 80 }, expect: deny() },
  { name: "A cannot reach the internet (its default rules are deleted)", query: { from: inst("ecs_a"), to: "8.8.8.8", protocol: "tcp", port: 443 }, expect: deny() },
  { name: "B -> A is denied (Sg-A has no inbound rule)", query: { from: inst("ecs_b"), to: inst("ecs_a"), protocol: "tcp", port: 22 }, expect: deny() },
], () => {
  test("api: A -> B on 22 is allowed at A's egress by the rule naming Sg-B, then at B's ingress", () => {
    const v = apiVerdict("004-rule-fields", { from: inst("ecs_a"), to: inst("ecs_b"), protocol: "tcp", port: 22 });
    expect(v.hops.map((h) => [h.instance, h.direction, h.verdict, h.rule])).toEqual([
      [inst("ecs_a"), "egress", "allow", rule("a_out_to_b")],
      [inst("ecs_b"), "ingress", "allow", rule("b_in_from_a")],
    ]);
  });
  test("api: A -> B on 80 is denied at A's egress, B is never consulted", () => {
    const v = apiVerdict("004-rule-fields", { from: inst("ecs_a"), to: inst("ecs_b"), protocol: "tcp", port: 80 });
    expect(v.hops.map((h) => [h.instance, h.direction, h.verdict, h.rule])).toEqual([[inst("ecs_a"), "egress", "deny", null]]);
  });
  test("model: the comma-separated sources of the seed are two rules, each with ports 22-30", () => {
    const { network } = load("004-rule-fields");
    const rules = network.rulesOf("huaweicloud_networking_secgroup.sg_b").filter((r) => r.direction === "ingress" && r.remote.kind === "cidr");
    expect(rules.map((r) => [r.id, r.remote.kind === "cidr" ? r.remote.cidr : "", r.ports?.toString()])).toEqual([
      [rule("b_in_52"), "192.168.52.0/24", "22-30"],
      [rule("b_in_10"), "10.0.0.0/24", "22-30"],
    ]);
  });
});
