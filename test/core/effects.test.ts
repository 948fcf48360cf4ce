/**
 * semantics.md §6, rules that exist but do not take effect: the quota of 120 per group, direction
 * and IP version (seed 003, table 3), the legacy flavors that ignore address-group and
 * inconsecutive-port rules, and Kai1 (Kunpeng), where an inconsecutive-port rule and every rule
 * configured after it do not take effect (seed 003, table 4).
 */
import {
  LEGACY_FLAVOR_FAMILIES,
  RULE_QUOTA,
  countsAgainstQuota,
  flavorFamily,
  quotaEffects,
  rulesAtInstance,
} from "../../lib/core/effective-rules";
import { RuleLit, buildNetwork, decide, egress, ingress, makeRule } from "./helpers";

/** `n` ingress IPv4 rules of sg-a with remote group sg-b on ports from..from+n-1. */
function groupRules(n: number, from: number, fields: Partial<RuleLit> = {}): RuleLit[] {
  return Array.from({ length: n }, (_, i) =>
    ingress("sg-a", { id: `fill-${fields.ethertype ?? "IPv4"}-${fields.direction ?? "ingress"}-${from + i}`, protocol: "tcp", ports: `${from + i}`, remote_group_id: "sg-b", priority: 1, ...fields }),
  );
}

describe("§6 which rules count against the quota", () => {
  it.each([
    ["a security-group remote", { protocol: "tcp", ports: "22", remote_group_id: "sg-b" }, true],
    ["an address-group remote", { protocol: "tcp", ports: "80-82", remote_address_group_id: "ag" }, true],
    ["inconsecutive ports 22,25,27", { protocol: "tcp", ports: "22,25,27", remote_ip_prefix: "10.0.0.0/8" }, true],
    ["inconsecutive ports written 22-24,25 (seed 003 A04)", { protocol: "tcp", ports: "22-24,25", remote_ip_prefix: "192.168.0.0/16" }, true],
    ["a CIDR remote with a port range", { protocol: "tcp", ports: "80-82", remote_ip_prefix: "10.0.0.0/8" }, false],
    ["no remote, all protocols", {}, false],
  ] as const)("%s: %s", (_name, fields, counts) => {
    expect(countsAgainstQuota(makeRule(ingress("sg-a", { priority: 1, ...fields })))).toBe(counts);
  });

  it("the quota is 120", () => {
    expect(RULE_QUOTA).toBe(120);
  });
});

describe("§6 quota: at most 120 counted rules per group, direction and IP version take effect (seed 003 table 3)", () => {
  // Table 3: A01 (all, from the group itself: the default ingress rule), A02 (TCP 22,25,27 from
  // Sg-B: inconsecutive ports AND a group remote, one quota), A03 (TCP 80-82 from ipGroup-A),
  // A04 (TCP 22-24,25 from 192.168.0.0/16). Four quotas; 116 more fill it to 120.
  const table3 = [
    ingress("sg-a", { id: "A02", protocol: "tcp", ports: "22,25,27", remote_group_id: "sg-b", priority: 1 }),
    ingress("sg-a", { id: "A03", protocol: "tcp", ports: "80-82", remote_address_group_id: "ip-group-a", priority: 1 }),
    ingress("sg-a", { id: "A04", protocol: "tcp", ports: "22-24,25", remote_ip_prefix: "192.168.0.0/16", priority: 1 }),
  ];
  const build = (extra: RuleLit[]) =>
    buildNetwork({
      groups: ["sg-a", "sg-b"],
      addressGroups: { "ip-group-a": { addresses: ["172.16.0.0/24"] } },
      rules: [...table3, ...groupRules(116, 1000), ...extra],
      instances: { a: { groups: ["sg-a"], ip: "10.0.0.1" }, b: { groups: ["sg-b"], ip: "10.0.0.2" } },
    });

  it("table 3 plus 116 rules is exactly 120: every rule takes effect (A02 counts once)", () => {
    const net = build([]);
    expect(quotaEffects(net, "sg-a").size).toBe(0);
    expect(decide(net, "tcp/1115", "b", "a")).toMatchObject({ verdict: "allow", rule: "fill-IPv4-ingress-1115" });
  });

  it("the 121st counted rule does not take effect, and the evaluator says why", () => {
    const net = build([ingress("sg-a", { id: "over", protocol: "tcp", ports: "9999", remote_group_id: "sg-b", priority: 1 })]);
    expect([...quotaEffects(net, "sg-a").keys()]).toEqual(["over"]);
    expect(quotaEffects(net, "sg-a").get("over")).toContain("only 120 take effect");
    const v = decide(net, "tcp/9999", "b", "a");
    expect(v.verdict).toBe("deny");
    expect(v.hops.map((h) => [h.instance, h.direction, h.verdict])).toEqual([["b", "egress", "allow"], ["a", "ingress", "deny"]]);
    expect(v.hops[1].ignored).toEqual([{ rule: "over", reason: expect.stringContaining("120") }]);
    expect(v.reason).toContain("over would match but does not take effect");
  });

  it("rules that do not count (CIDR, consecutive ports) are not limited and do not use up the quota", () => {
    const cidrRules = Array.from({ length: 150 }, (_, i) =>
      ingress("sg-a", { id: `cidr-${i}`, protocol: "udp", ports: `${2000 + i}`, remote_ip_prefix: "10.9.0.0/16", priority: 1 }),
    );
    const net = build(cidrRules);
    expect(quotaEffects(net, "sg-a").size).toBe(0);
    expect(decide(net, "udp/2149", "10.9.1.1", "a")).toMatchObject({ verdict: "allow", rule: "cidr-149" });
  });

  it("IPv4 and IPv6, ingress and egress are counted separately", () => {
    const net = buildNetwork({
      groups: { "sg-a": { delete_default_rules: true }, "sg-b": {} },
      rules: [
        ...groupRules(120, 1000),
        ...groupRules(120, 1000, { ethertype: "IPv6" }),
        ...groupRules(120, 1000, { direction: "egress" }),
      ],
    });
    expect(quotaEffects(net, "sg-a").size).toBe(0);
    const one = buildNetwork({
      groups: { "sg-a": { delete_default_rules: true }, "sg-b": {} },
      rules: [...groupRules(121, 1000), ...groupRules(120, 1000, { ethertype: "IPv6" })],
    });
    expect([...quotaEffects(one, "sg-a").keys()]).toEqual(["fill-IPv4-ingress-1120"]);
  });

  it("the default ingress rule (remote: the group itself) uses one quota", () => {
    const kept = buildNetwork({ groups: ["sg-a", "sg-b"], rules: groupRules(120, 1000) });
    expect([...quotaEffects(kept, "sg-a").keys()]).toEqual(["fill-IPv4-ingress-1119"]);
  });
});

describe("§6 legacy flavors ignore address-group and inconsecutive-port rules (seed 003 table 4)", () => {
  const build = (flavor: string) =>
    buildNetwork({
      groups: { "sg-a": { delete_default_rules: true } },
      addressGroups: { office: { addresses: ["203.0.113.0/24"] } },
      rules: [
        ingress("sg-a", { id: "ag-rule", protocol: "tcp", ports: "3306", remote_address_group_id: "office", priority: 1 }),
        ingress("sg-a", { id: "multi", protocol: "tcp", ports: "80,443", priority: 1 }),
        ingress("sg-a", { id: "range", protocol: "tcp", ports: "8000-8080", priority: 1 }),
      ],
      instances: { a: { groups: ["sg-a"], ip: "10.0.0.1", flavor } },
    });

  it("the legacy families are S1, C1, C2, M1, H1, D1, G1, G2, E1, E2, ET2", () => {
    expect([...LEGACY_FLAVOR_FAMILIES].sort()).toEqual(["c1", "c2", "d1", "e1", "e2", "et2", "g1", "g2", "h1", "m1", "s1"]);
  });

  it.each(LEGACY_FLAVOR_FAMILIES.map((f) => `${f}.large.2`))("on %s they do not take effect; other rules do", (flavor) => {
    const net = build(flavor);
    const ag = decide(net, "tcp/3306", "203.0.113.5", "a");
    expect(ag.verdict).toBe("deny");
    expect(ag.hops[0].ignored.map((i) => i.rule)).toEqual(["ag-rule"]);
    expect(ag.hops[0].ignored[0].reason).toContain("IP address group");
    const multi = decide(net, "tcp/443", "203.0.113.5", "a");
    expect(multi.verdict).toBe("deny");
    expect(multi.hops[0].ignored[0]).toMatchObject({ rule: "multi", reason: expect.stringContaining("inconsecutive ports") });
    expect(decide(net, "tcp/8042", "203.0.113.5", "a")).toMatchObject({ verdict: "allow", rule: "range" });
  });

  it.each(["s6.large.2", "c7.xlarge.4", "m6.large.8", "custom-flavor"])("on %s every rule takes effect", (flavor) => {
    const net = build(flavor);
    expect(decide(net, "tcp/3306", "203.0.113.5", "a")).toMatchObject({ verdict: "allow", rule: "ag-rule" });
    expect(decide(net, "tcp/443", "203.0.113.5", "a")).toMatchObject({ verdict: "allow", rule: "multi" });
  });

  it("flavorFamily reads the family from the flavor name", () => {
    expect(flavorFamily("s1.medium")).toBe("s1");
    expect(flavorFamily("ET2.2xlarge.8")).toBe("et2");
    expect(flavorFamily("kc1.large.2")).toBe("kc1");
    expect(flavorFamily("s6.small.1")).toBe("s6");
    expect(flavorFamily(undefined)).toBeUndefined();
  });
});

describe("§6 Kai1 (Kunpeng): an inconsecutive-port rule and every rule configured after it do not take effect", () => {
  const build = (flavor: string) =>
    buildNetwork({
      groups: ["sg-a"],
      rules: [
        ingress("sg-a", { id: "before", protocol: "tcp", ports: "8080", priority: 1 }),
        ingress("sg-a", { id: "A", protocol: "tcp", ports: "22,24", priority: 1 }),
        ingress("sg-a", { id: "B", protocol: "tcp", ports: "9096", priority: 1 }),
      ],
      instances: { k: { groups: ["sg-a"], ip: "10.0.0.1", flavor }, peer: { groups: ["sg-a"], ip: "10.0.0.2", flavor } },
    });

  it("rule A (22,24) and rule B (9096, configured after A) do not take effect (seed 003's example)", () => {
    const net = build("kc1.large.2");
    expect(decide(net, "tcp/22", "203.0.113.5", "k").verdict).toBe("deny");
    const b = decide(net, "tcp/9096", "203.0.113.5", "k");
    expect(b.verdict).toBe("deny");
    expect(b.hops[0].ignored).toEqual([{ rule: "B", reason: expect.stringContaining("after A") }]);
  });

  it("rules configured before A, default rules included, still take effect", () => {
    const net = build("kc1.large.2");
    expect(decide(net, "tcp/8080", "203.0.113.5", "k")).toMatchObject({ verdict: "allow", rule: "before" });
    expect(decide(net, "tcp/9096", "peer", "k")).toMatchObject({ verdict: "allow", rule: "sg-a#default-ingress-ipv4" });
  });

  it("rulesAtInstance marks exactly A and B", () => {
    const net = build("kc1.large.2");
    const marked = rulesAtInstance(net, net.instance("k"), "ingress", 4).filter((r) => r.ineffective).map((r) => r.rule.id);
    expect(marked.sort()).toEqual(["A", "B"]);
  });

  it("on another Kunpeng-free flavor all three take effect; on S1 only A is ignored", () => {
    const s6 = build("s6.large.2");
    expect(decide(s6, "tcp/22", "203.0.113.5", "k").rule).toBe("A");
    expect(decide(s6, "tcp/9096", "203.0.113.5", "k").rule).toBe("B");
    const s1 = build("s1.large.2");
    expect(decide(s1, "tcp/22", "203.0.113.5", "k").verdict).toBe("deny");
    expect(decide(s1, "tcp/9096", "203.0.113.5", "k").rule).toBe("B");
  });

  it("a Kai1 instance's egress is judged the same way", () => {
    const net = buildNetwork({
      groups: { "sg-a": { delete_default_rules: true } },
      rules: [
        egress("sg-a", { id: "out-multi", protocol: "tcp", ports: "80,443", priority: 1 }),
        egress("sg-a", { id: "out-dns", protocol: "udp", ports: "53", priority: 1 }),
      ],
      instances: { k: { groups: ["sg-a"], ip: "10.0.0.1", flavor: "kc1.xlarge.4" } },
    });
    expect(decide(net, "tcp/443", "k", "198.51.100.1").verdict).toBe("deny");
    expect(decide(net, "udp/53", "k", "198.51.100.1").verdict).toBe("deny");
  });
});
