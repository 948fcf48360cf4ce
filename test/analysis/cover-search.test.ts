/**
 * The HWSG004 search (identical match spaces judged once, uncovered corners, doubling prefixes of
 * the overlapping rules) against its definition: the exact walk of every rule over every earlier
 * rule, as HWSG004 was computed before the search. On groups of up to 60 rules with many copies,
 * nested blocks and port ranges, remote groups, address groups and every kind of protocol, the
 * two must agree on every rule, its covering rules and their order (the search is asked at every
 * size, though shadowedRules walks groups of up to SMALL_GROUP rules directly). Also: the corner witnesses
 * alone, and the bound on the covering rules a finding lists.
 */
import fc from "fast-check";
import { groupMatchingOrder, lintNetwork, shadowedRules } from "../../lib/analysis";
import { searchCovers } from "../../lib/analysis/cover-search";
import { Viewed, remoteView, walkCover } from "../../lib/analysis/cover-walk";
import { uncoveredWitnesses } from "../../lib/analysis/cover-witness";
import { COVERED_BY_LISTED } from "../../lib/analysis/shadowing";
import { ValidationError } from "../../lib/core/errors";
import { Network } from "../../lib/core/network";
import { RuleLit, buildNetwork, ip } from "../core/helpers";

const CIDRS = [
  "0.0.0.0/0", "10.0.0.0/8", "10.0.0.0/9", "10.0.0.0/16", "10.0.0.0/24", "10.0.0.0/25", "10.0.0.128/25", "10.0.0.7/32",
  "10.128.0.0/9", "11.0.0.0/8", "192.168.0.0/16", "192.168.1.0/24",
];
const RANGES: Array<[number, number]> = [[1, 65535], [20, 443], [21, 80], [22, 23], [22, 22], [80, 80], [443, 443], [1000, 2000], [1500, 1500], [23, 1500]];

interface Gen {
  egress: boolean;
  protocol: "any" | "tcp" | "udp" | "icmp" | "47";
  ports: number[] | undefined;
  remote: { kind: "any" } | { kind: "cidr"; i: number } | { kind: "group"; g: "g" | "h" | "k" } | { kind: "addressGroup"; a: "ag" | "ag2" };
  deny: boolean;
  priority: number;
}

const genRule: fc.Arbitrary<Gen> = fc.record({
  egress: fc.boolean(),
  protocol: fc.constantFrom("any" as const, "tcp" as const, "tcp" as const, "udp" as const, "icmp" as const, "47" as const),
  ports: fc.option(fc.array(fc.integer({ min: 0, max: RANGES.length - 1 }), { minLength: 1, maxLength: 2 }), { nil: undefined, freq: 3 }),
  remote: fc.oneof(
    { weight: 1, arbitrary: fc.constant({ kind: "any" as const }) },
    { weight: 8, arbitrary: fc.integer({ min: 0, max: CIDRS.length - 1 }).map((i) => ({ kind: "cidr" as const, i })) },
    { weight: 1, arbitrary: fc.constantFrom("g" as const, "h" as const, "k" as const).map((g) => ({ kind: "group" as const, g })) },
    { weight: 1, arbitrary: fc.constantFrom("ag" as const, "ag2" as const).map((a) => ({ kind: "addressGroup" as const, a })) },
  ),
  deny: fc.boolean(),
  priority: fc.integer({ min: 1, max: 3 }),
});

/** Up to 60 rules drawn from up to 20 distinct ones: many copies, in any order. */
const genGroup: fc.Arbitrary<Gen[]> = fc
  .tuple(fc.array(genRule, { minLength: 1, maxLength: 20 }), fc.array(fc.nat(), { minLength: 1, maxLength: 60 }))
  .map(([distinct, picks]) => picks.map((k) => distinct[k % distinct.length]));

function portsText(ports: number[]): string {
  // Merged as the provider would accept them: overlapping ranges in one rule are fine for the model.
  const ranges = ports.map((k) => RANGES[k]).sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [a, b] of ranges) {
    const last = merged[merged.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return merged.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(",");
}

function toLit(r: Gen, i: number): RuleLit {
  const withPorts = (r.protocol === "tcp" || r.protocol === "udp") && r.ports;
  return {
    sg: "g",
    id: `r${i}`,
    direction: r.egress ? "egress" : "ingress",
    ...(r.protocol !== "any" ? { protocol: r.protocol } : {}),
    ...(withPorts ? { ports: portsText(r.ports!) } : {}),
    ...(r.remote.kind === "cidr" ? { remote_ip_prefix: CIDRS[r.remote.i] } : {}),
    ...(r.remote.kind === "group" ? { remote_group_id: r.remote.g } : {}),
    ...(r.remote.kind === "addressGroup" ? { remote_address_group_id: r.remote.a } : {}),
    action: r.deny ? "deny" : "allow",
    priority: r.priority,
  };
}

function build(rules: Gen[], keepDefaults: boolean): Network | undefined {
  try {
    return buildNetwork({
      groups: { g: { delete_default_rules: !keepDefaults }, h: {}, k: {} },
      addressGroups: { ag: { addresses: ["10.0.0.0/25", "192.168.0.0/24"] }, ag2: { addresses: ["10.0.0.0-10.0.0.200"] } },
      rules: rules.map(toLit),
      instances: { x: { groups: ["g"], ip: "10.0.0.1" }, m: { groups: ["h", "k"], ip: "10.0.0.2" } },
    });
  } catch (e) {
    if (e instanceof ValidationError) return undefined;
    throw e;
  }
}

const viewed = (net: Network, direction: "ingress" | "egress"): Viewed[] => groupMatchingOrder(net, "g", direction, 4).map((rule) => ({ rule, remote: remoteView(net, rule) }));

/** HWSG004 by its definition: each rule walked over every earlier rule (the computation before the search). */
function reference(net: Network, direction: "ingress" | "egress"): Array<[string, string[]]> {
  const ordered = viewed(net, direction);
  const out: Array<[string, string[]]> = [];
  ordered.forEach((v, i) => {
    const { covered, takers } = walkCover(v, ordered.slice(0, i), true);
    if (covered) out.push([v.rule.id, takers.map((r) => r.id)]);
  });
  return out;
}

describe("HWSG004 search against the walk over every earlier rule (fast-check)", () => {
  it("reports the same rules, covering rules and order on groups with copies, nesting, remote groups and address groups", () => {
    let reported = 0;
    let copies = 0;
    fc.assert(
      fc.property(genGroup, fc.boolean(), (rules, keepDefaults) => {
        const net = build(rules, keepDefaults);
        fc.pre(net !== undefined);
        for (const direction of ["ingress", "egress"] as const) {
          const expected = reference(net!, direction);
          // The search itself, at any size (shadowedRules walks groups this small directly).
          const ordered = viewed(net!, direction);
          const covers = searchCovers(ordered, 0);
          const found = ordered.flatMap((v, i) => (covers[i] ? [{ id: v.rule.id, by: covers[i]! }] : []));
          expect(found.map((f) => [f.id, f.by.map((r) => r.id)])).toEqual(expected);
          expect(shadowedRules(net!, "g", direction, 4).map((s) => [s.rule.id, s.coveredBy.map((r) => r.id)])).toEqual(expected);
          reported += found.length;
          copies += found.filter((f, i) => found.findIndex((o) => o.by === f.by) !== i).length;
        }
      }),
      { numRuns: 1000, seed: 20261206 },
    );
    expect(reported).toBeGreaterThan(2000);
    // Copies sharing one covering list occur: the derived path is exercised.
    expect(copies).toBeGreaterThan(500);
  });
});

describe("copies of rules that take effect", () => {
  it("are covered by the rules the first copy's corners show to take part of it, then the first copy", () => {
    // A chain widening from the inside, each rule written twice, and a rule inside the first one written twice.
    const levels = [32, 25, 24, 16, 9, 8].map((len, k) => ({ cidr: `10.0.0.0/${len}`, ports: `${25 - k}-${400 + k}` }));
    const lits = [...levels, { cidr: "10.0.0.0/32", ports: "30" }].flatMap((l, k) => [0, 1].map((c) => ({
      sg: "g", id: `r${k}c${c}`, direction: "ingress" as const, protocol: "tcp", ports: l.ports, remote_ip_prefix: l.cidr, action: "allow" as const, priority: 1,
    })));
    const net = buildNetwork({ groups: { g: { delete_default_rules: true } }, rules: lits, instances: {} });
    const ordered = viewed(net, "ingress");
    const found = searchCovers(ordered, 0).flatMap((by, i) => (by ? [[ordered[i].rule.id, by.map((r) => r.id)]] : []));
    expect(found).toEqual(reference(net, "ingress"));
    expect(found).toContainEqual(["r2c1", ["r0c0", "r1c0", "r2c0"]]);
    expect(found).toContainEqual(["r6c0", ["r0c0"]]);
  });
});

describe("uncovered corners", () => {
  const chain = (order: "broad-first" | "narrow-first"): Network => {
    const levels = [8, 9, 16, 24, 25, 32].map((len, k) => ({ cidr: `10.0.0.0/${len}`, ports: `${20 + k}-${443 - k}` }));
    const rules = (order === "broad-first" ? levels : [...levels].reverse()).map((l, i) => ({
      sg: "g", id: `r${i}`, direction: "ingress" as const, protocol: "tcp", ports: l.ports, remote_ip_prefix: l.cidr, action: "allow" as const, priority: 1,
    }));
    return buildNetwork({ groups: { g: { delete_default_rules: true } }, rules, instances: {} });
  };

  it("prove every rule of a chain widening from the inside takes effect", () => {
    const narrow = viewed(chain("narrow-first"), "ingress");
    // Each rule's corner: its lowest port and its block's first address, which no narrower rule before it matches.
    expect(uncoveredWitnesses(narrow)).toEqual(narrow.map(({ rule }) => ({ protocol: 6, port: rule.ports!.first(), address: ip("10.0.0.0") })));
    expect(searchCovers(viewed(chain("narrow-first"), "ingress"), 0)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it("find the corner an earlier block beside it leaves open (boxes span exactly their addresses)", () => {
    const net = buildNetwork({
      groups: { g: { delete_default_rules: true } },
      rules: ["10.0.0.128/25", "10.0.0.0/24", "10.0.0.0/23"].map((cidr, i) => ({ sg: "g", id: `r${i}`, direction: "ingress" as const, protocol: "tcp", ports: "80", remote_ip_prefix: cidr, action: "allow" as const, priority: 1 })),
      instances: {},
    });
    expect(uncoveredWitnesses(viewed(net, "ingress"))).toEqual([
      { protocol: 6, port: 80, address: ip("10.0.0.128") },
      { protocol: 6, port: 80, address: ip("10.0.0.0") },
      { protocol: 6, port: 80, address: ip("10.0.1.255") }, // its first address is r1's
    ]);
  });

  it("prove nothing for rules inside the first one", () => {
    expect(uncoveredWitnesses(viewed(chain("broad-first"), "ingress")).map((w) => w !== undefined)).toEqual([true, false, false, false, false, false]);
    const net = chain("broad-first");
    expect(searchCovers(viewed(net, "ingress"), 0).map((by) => by?.map((r) => r.id))).toEqual([undefined, ["r0"], ["r0"], ["r0"], ["r0"], ["r0"]]);
  });
});

describe("covering rules listed in a finding", () => {
  // 150 single-port rules, then three copies of a rule over all their ports: each copy is covered by all 150.
  const singles = Array.from({ length: 150 }, (_, p) => ({ sg: "g", id: `p${String(p).padStart(3, "0")}`, direction: "ingress" as const, protocol: "tcp", ports: `${1000 + p}`, action: "allow" as const, priority: 1 }));
  const wide = [0, 1, 2].map((c) => ({ sg: "g", id: `wide${c}`, direction: "ingress" as const, protocol: "tcp", ports: "1000-1149", action: "allow" as const, priority: 1 }));
  const net = buildNetwork({ groups: { g: { delete_default_rules: true } }, rules: [...singles, ...wide], instances: {} });

  it("are all known to the analysis, one list shared by the copies", () => {
    const shadowed = shadowedRules(net, "g", "ingress", 4);
    expect(shadowed.map((s) => s.rule.id)).toEqual(["wide0", "wide1", "wide2"]);
    expect(shadowed[0].coveredBy.map((r) => r.id)).toEqual(singles.map((s) => s.id));
    expect(shadowed[1].coveredBy).toBe(shadowed[0].coveredBy);
  });

  it("are listed up to the bound in the finding, while its message and fix count them all", () => {
    const finding = lintNetwork(net).find((f) => f.id === "HWSG004:wide2")!;
    expect(COVERED_BY_LISTED).toBe(100);
    expect(finding.coveredBy).toEqual(singles.slice(0, COVERED_BY_LISTED).map((s) => s.id));
    expect(finding.ruleIds).toEqual(["wide2", ...singles.slice(0, COVERED_BY_LISTED).map((s) => s.id)]);
    expect(finding.message).toContain("covered by the allow rules p000, p001, p002, p003, p004, p005, p006, p007, p008, p009 and 140 more: ");
    expect(finding.fix).toBe("Remove wide2: p000, p001, p002, p003, p004, p005, p006, p007, p008, p009 and 140 more already allow everything it matches.");
  });
});
