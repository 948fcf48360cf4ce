/**
 * HWSG004 by brute force: for random small groups, a rule reported as never taking effect is never
 * the first match of any flow at an instance having only that group (soundness), and a rule not
 * reported is the first match of some flow (exactness). Its reported covering rules are exactly
 * the first matches of the flows it matches, its cover kind is what their actions say, and its
 * finding is an error exactly when one of those flows is decided the other way and it is not a
 * default rule. The flows are exhaustive up to equivalence: one protocol, port and address from
 * each elementary interval the pools can make, and every membership of the other end in the two
 * groups (none, h, g, g and h).
 *
 * Three generators: rules drawn at random; many copies of a few rules (the search judges a
 * match space once and derives its copies); and nested chains of CIDR blocks and port ranges
 * (each rule inside or around the others, in any order). Groups this small are walked directly
 * by shadowedRules, so the search of cover-search.ts is asked too and must agree.
 */
import fc from "fast-check";
import { groupMatchingOrder, lintNetwork, shadowedRules } from "../../lib/analysis";
import { searchCovers } from "../../lib/analysis/cover-search";
import { remoteView } from "../../lib/analysis/cover-walk";
import { ValidationError } from "../../lib/core/errors";
import { evaluateHop, membershipOf, ruleMatches } from "../../lib/core/evaluator";
import { Flow, FlowEnd } from "../../lib/core/flow";
import { Network } from "../../lib/core/network";
import { RuleLit, buildNetwork, ip } from "../core/helpers";

const CIDRS = ["0.0.0.0/0", "0.0.0.0/1", "128.0.0.0/1", "10.0.0.0/8", "10.0.0.0/24", "10.0.0.0/25", "10.0.0.128/25", "192.168.0.0/16"];
const PORTS = [20, 21, 22, 23, 80, 443];
const PROTOCOLS = ["tcp", "udp", "icmp", "47"] as const;

/** One address from each elementary interval of the CIDR and address-group pools; none is a member's fixed IP. */
const ADDRESSES = ["0.0.0.5", "10.0.0.50", "10.0.0.200", "10.0.1.5", "11.0.0.5", "128.0.0.5", "192.168.0.50", "192.168.1.5", "192.169.0.5"].map(ip);
/** One port from each elementary interval of the port pool. */
const FLOW_PORTS = [1, 20, 21, 22, 23, 24, 80, 81, 443, 444];
/** tcp, udp, icmp, gre and a protocol no rule names. */
const FLOW_PROTOCOLS = [6, 17, 1, 47, 50];

interface GenRule {
  egress: boolean;
  protocol: "any" | (typeof PROTOCOLS)[number];
  ports: Array<[number, number]> | undefined;
  remote: { kind: "any" } | { kind: "cidr"; i: number } | { kind: "group"; g: "g" | "h" } | { kind: "addressGroup" };
  deny: boolean;
  priority: number;
}

const portRange = fc.tuple(fc.integer({ min: 0, max: PORTS.length - 1 }), fc.integer({ min: 0, max: PORTS.length - 1 })).map(
  ([a, b]) => [PORTS[Math.min(a, b)], PORTS[Math.max(a, b)]] as [number, number],
);

const genRule: fc.Arbitrary<GenRule> = fc.record({
  egress: fc.boolean(),
  protocol: fc.constantFrom("any", ...PROTOCOLS),
  ports: fc.option(fc.array(portRange, { minLength: 1, maxLength: 2 }), { nil: undefined }),
  remote: fc.oneof(
    fc.constant({ kind: "any" as const }),
    fc.integer({ min: 0, max: CIDRS.length - 1 }).map((i) => ({ kind: "cidr" as const, i })),
    fc.constantFrom("g" as const, "h" as const).map((g) => ({ kind: "group" as const, g })),
    fc.constant({ kind: "addressGroup" as const }),
  ),
  deny: fc.boolean(),
  priority: fc.integer({ min: 1, max: 3 }),
});

/** Many copies of a few rules: 2 to 4 distinct rules, each rule of the group one of them. */
const genCopies: fc.Arbitrary<GenRule[]> = fc
  .tuple(fc.array(genRule, { minLength: 2, maxLength: 4 }), fc.array(fc.nat(), { minLength: 4, maxLength: 16 }))
  .map(([distinct, picks]) => picks.map((k) => distinct[k % distinct.length]));

/** The nested CIDR blocks of the pool (0.0.0.0/0 ⊃ 0.0.0.0/1 ⊃ 10.0.0.0/8 ⊃ 10.0.0.0/24 ⊃ 10.0.0.0/25) and nested port ranges. */
const NESTED_CIDRS = [0, 1, 3, 4, 5];
const NESTED_PORTS: Array<Array<[number, number]> | undefined> = [undefined, [[20, 443]], [[21, 80]], [[22, 23]], [[22, 22]]];

/** Rules whose blocks and port ranges are nested (or equal), in any order: tcp or any protocol, one direction, priorities 1–2. */
const genNested: fc.Arbitrary<GenRule[]> = fc.array(
  fc.record({
    egress: fc.constant(false),
    protocol: fc.constantFrom("tcp" as const, "tcp" as const, "any" as const),
    ports: fc.integer({ min: 0, max: NESTED_PORTS.length - 1 }).map((k) => NESTED_PORTS[k]),
    remote: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...NESTED_CIDRS).map((i) => ({ kind: "cidr" as const, i })) },
      { weight: 1, arbitrary: fc.constant({ kind: "group" as const, g: "h" as const }) },
    ),
    deny: fc.boolean(),
    priority: fc.integer({ min: 1, max: 2 }),
  }),
  { minLength: 2, maxLength: 14 },
);

function toLit(r: GenRule, i: number): RuleLit {
  const withPorts = (r.protocol === "tcp" || r.protocol === "udp") && r.ports;
  return {
    sg: "g",
    id: `r${i}`,
    direction: r.egress ? "egress" : "ingress",
    ...(r.protocol !== "any" ? { protocol: r.protocol } : {}),
    ...(withPorts ? { ports: r.ports!.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(",") } : {}),
    ...(r.remote.kind === "cidr" ? { remote_ip_prefix: CIDRS[r.remote.i] } : {}),
    ...(r.remote.kind === "group" ? { remote_group_id: r.remote.g } : {}),
    ...(r.remote.kind === "addressGroup" ? { remote_address_group_id: "ag" } : {}),
    action: r.deny ? "deny" : "allow",
    priority: r.priority,
  };
}

function build(rules: GenRule[], keepDefaults: boolean): Network | undefined {
  try {
    return buildNetwork({
      groups: { g: { delete_default_rules: !keepDefaults }, h: {} },
      addressGroups: { ag: { addresses: ["10.0.0.0/25", "192.168.0.0/24"] } },
      rules: rules.map(toLit),
      instances: {
        x: { groups: ["g"], ip: "10.0.0.1" },
        m: { groups: ["h"], ip: "10.0.0.2" },
        n: { groups: ["g", "h"], ip: "192.168.0.5" },
        k: { groups: ["g"], ip: "10.0.0.3" },
      },
    });
  } catch (e) {
    if (e instanceof ValidationError) return undefined; // an allow and a deny with the same match: rejected like the API does
    throw e;
  }
}

/** The other end of the packet: an outside address (no group), or a member of h, of g and h, of g, sending from its fixed IP whatever its address. */
function otherEnds(address: bigint): FlowEnd[] {
  return [
    { kind: "external", address },
    { kind: "instance", instanceId: "m", nicIndex: 0, address, fromFixedIp: true },
    { kind: "instance", instanceId: "n", nicIndex: 0, address, fromFixedIp: true },
    { kind: "instance", instanceId: "k", nicIndex: 0, address, fromFixedIp: true },
  ];
}

/** What the checks saw: rules reported, and how many of each cover kind. */
interface Tally {
  reported: number;
  covers: Record<"same-action" | "opposite-action" | "mixed", number>;
}

const tally = (): Tally => ({ reported: 0, covers: { "same-action": 0, "opposite-action": 0, mixed: 0 } });

/** Checks the HWSG004 reports of group g against the first matches of every flow class; false when the rules are rejected. */
function checkAgainstFlows(rules: GenRule[], keepDefaults: boolean, t: Tally): boolean {
  const net = build(rules, keepDefaults);
  if (net === undefined) return false;
  let reported = 0;
  const covers = t.covers;
  const x = net.instance("x");
  const self: FlowEnd = { kind: "instance", instanceId: "x", nicIndex: 0, address: ip("10.0.0.1"), fromFixedIp: true };
  const findings = lintNetwork(net).filter((f) => f.code === "HWSG004" && f.groupId === "g");
  for (const direction of ["ingress", "egress"] as const) {
    const reports = shadowedRules(net, "g", direction, 4);
    // Groups this small are walked directly: the search (identical rules judged once, corners, prefixes) must say the same.
    const ordered = groupMatchingOrder(net, "g", direction, 4).map((rule) => ({ rule, remote: remoteView(net, rule) }));
    const searched = searchCovers(ordered, 0).flatMap((by, i) => (by ? [[ordered[i].rule.id, by.map((r) => r.id)]] : []));
    expect(searched).toEqual(reports.map((s) => [s.rule.id, s.coveredBy.map((r) => r.id)]));
    const shadowed = new Set(reports.map((s) => s.rule.id));
    reported += shadowed.size;
    const deciding = new Set<string>();
    /** For each reported rule, the first matches (id → action) of the flows it matches. */
    const firstMatches = new Map(reports.map((s) => [s.rule.id, new Map<string, string>()]));
    for (const protocol of FLOW_PROTOCOLS) {
      for (const port of protocol === 6 || protocol === 17 ? FLOW_PORTS : [undefined]) {
        for (const address of ADDRESSES) {
          for (const other of otherEnds(address)) {
            const flow: Flow = {
              version: 4,
              protocol,
              ...(port !== undefined ? { port } : {}),
              src: direction === "ingress" ? other : self,
              dst: direction === "ingress" ? self : other,
            };
            const { decidedBy } = evaluateHop(net, x, direction, flow, other);
            const members = membershipOf(net, other, 4);
            for (const s of reports) {
              if (!ruleMatches(net, s.rule, protocol, port, address, members)) continue;
              // A rule it matches is matched by itself at least: some earlier rule must decide.
              if (!decidedBy) throw new Error(`${s.rule.id} reported as covered but a flow it matches is decided by no rule`);
              firstMatches.get(s.rule.id)!.set(decidedBy.rule.id, decidedBy.rule.action);
            }
            if (!decidedBy) continue;
            deciding.add(decidedBy.rule.id);
            if (shadowed.has(decidedBy.rule.id)) {
              throw new Error(`${decidedBy.rule.id} reported as covered but decides ${JSON.stringify(flow, (_, v) => (typeof v === "bigint" ? v.toString() : v))}`);
            }
          }
        }
      }
    }
    const ofDirection = net.rulesOf("g").filter((r) => r.direction === direction && r.version === 4).map((r) => r.id);
    expect(ofDirection.filter((id) => !deciding.has(id)).sort()).toEqual([...shadowed].sort());
    const order = groupMatchingOrder(net, "g", direction, 4).map((r) => r.id);
    for (const s of reports) {
      const first = firstMatches.get(s.rule.id)!;
      // The covering rules are exactly the first matches of its flows, listed in matching order, all before it.
      expect(new Set(s.coveredBy.map((r) => r.id))).toEqual(new Set(first.keys()));
      const positions = s.coveredBy.map((r) => order.indexOf(r.id));
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      expect(Math.max(...positions)).toBeLessThan(order.indexOf(s.rule.id));
      const actions = new Set(first.values());
      const opposite = [...actions].some((a) => a !== s.rule.action);
      const same = actions.has(s.rule.action);
      expect(s.cover).toBe(opposite && same ? "mixed" : opposite ? "opposite-action" : "same-action");
      covers[s.cover]++;
      const finding = findings.find((f) => f.id === `HWSG004:${s.rule.id}`)!;
      expect(finding.coveredBy).toEqual(s.coveredBy.map((r) => r.id));
      expect(finding.cover).toBe(s.cover);
      expect(finding.severity).toBe(opposite && !s.rule.id.includes("#default-") ? "error" : "warning");
      expect(finding.message).toMatch(new RegExp(`^(Allow|Deny) rule ${s.rule.id} of security group g never takes effect, covered by the (allow|deny) rules? `));
    }
    expect(findings.filter((f) => f.ruleIds[0] !== undefined && shadowed.has(f.ruleIds[0]) && f.id === `HWSG004:${f.ruleIds[0]}`).length).toBeGreaterThanOrEqual(shadowed.size);
  }
  t.reported += reported;
  return true;
}

describe("HWSG004 by brute force (fast-check)", () => {
  it("a rule is reported as covered exactly when it is never the first match of a flow at a member having only its group", () => {
    const t = tally();
    fc.assert(
      fc.property(fc.array(genRule, { minLength: 1, maxLength: 8 }), fc.boolean(), (rules, keepDefaults) => {
        fc.pre(checkAgainstFlows(rules, keepDefaults, t));
      }),
      { numRuns: 300, seed: 20240611 },
    );
    // The property is not vacuous: many rules were reported.
    expect(t.reported).toBeGreaterThan(100);
    // Every cover kind occurs often enough for the checks above to mean something.
    expect(Math.min(...Object.values(t.covers))).toBeGreaterThan(10);
  });

  it("the same with many copies of a few rules", () => {
    const t = tally();
    fc.assert(
      fc.property(genCopies, fc.boolean(), (rules, keepDefaults) => {
        fc.pre(checkAgainstFlows(rules, keepDefaults, t));
      }),
      { numRuns: 150, seed: 20261206 },
    );
    expect(t.reported).toBeGreaterThan(500);
    expect(Math.min(...Object.values(t.covers))).toBeGreaterThan(10);
  });

  it("the same with nested CIDR blocks and port ranges", () => {
    const t = tally();
    fc.assert(
      fc.property(genNested, fc.boolean(), (rules, keepDefaults) => {
        fc.pre(checkAgainstFlows(rules, keepDefaults, t));
      }),
      { numRuns: 150, seed: 20261207 },
    );
    expect(t.reported).toBeGreaterThan(200);
    expect(Math.min(...Object.values(t.covers))).toBeGreaterThan(10);
  });
});
