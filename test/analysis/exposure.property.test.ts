/**
 * HWSG001 against the single-flow evaluator (fast-check): for random tcp, udp and all-protocol
 * rules over two groups of an instance, every finding's example source really is admitted on the
 * finding's first port, by one of the rules the finding names; the number of public addresses it
 * reports is, on its first and last port, the number the evaluator admits counted interval by
 * interval (every address of an elementary interval of the CIDR pool and the non-public blocks is
 * decided alike), and its share is that over all public addresses; and a port that admits every
 * address of a public /7 (more than the threshold) has a finding.
 *
 * The rules a finding names are, by brute force over rebuilt networks: each allow rule that, kept
 * alone with every deny, admits more than the threshold; and when the other allow rules together
 * (every deny kept) still admit more, every allow rule that admits anything alone. Removing the
 * named rules closes the port (the threshold or less), so following the fix closes it.
 */
import fc from "fast-check";
import { lintNetwork } from "../../lib/analysis";
import { AddressSet } from "../../lib/core/address-set";
import { NON_PUBLIC_CIDRS, PUBLIC_ADDRESSES } from "../../lib/core/internet";
import { cidrBounds, formatAddress, parseCidr } from "../../lib/core/ip";
import { checkReach } from "../../lib/core/reachability";
import { PortSet } from "../../lib/core/port-set";
import { ValidationError } from "../../lib/core/errors";
import { Network } from "../../lib/core/network";
import { RuleLit, buildNetwork, decide } from "../core/helpers";

const CIDRS = ["0.0.0.0/0", "0.0.0.0/1", "128.0.0.0/1", "10.0.0.0/8", "1.0.0.0/8", "2.0.0.0/7", "1.2.3.0/24", "64.0.0.0/2", "203.0.113.0/24"];
const PORTS = ["22", "20-21", "21-23", "1-1024", "3306", "3389,5432"];

const genRule = fc.record({
  group: fc.constantFrom("a", "b"),
  ports: fc.option(fc.constantFrom(...PORTS), { nil: undefined }),
  allProtocols: fc.boolean(),
  udp: fc.boolean(),
  cidr: fc.option(fc.constantFrom(...CIDRS), { nil: undefined }),
  deny: fc.boolean(),
  priority: fc.integer({ min: 1, max: 3 }),
});

type GenRule = typeof genRule extends fc.Arbitrary<infer T> ? T : never;

/** A network of the rules; `keep` says which rules to keep (ids stay `<group>.r<index in rules>`). */
function build(rules: GenRule[], order: boolean, keep: (r: GenRule, id: string) => boolean = () => true): Network | undefined {
  const lits: RuleLit[] = rules.flatMap((r, i) => (keep(r, `${r.group}.r${i}`) ? [{ r, i }] : [])).map(({ r, i }) => ({
    sg: r.group,
    id: `${r.group}.r${i}`,
    direction: "ingress",
    ...(r.allProtocols ? {} : { protocol: r.udp ? "udp" : "tcp", ...(r.ports ? { ports: r.ports } : {}) }),
    ...(r.cidr ? { remote_ip_prefix: r.cidr } : {}),
    action: r.deny ? "deny" : "allow",
    priority: r.priority,
  }));
  try {
    return buildNetwork({
      groups: { a: { delete_default_rules: true }, b: { delete_default_rules: true } },
      rules: lits,
      instances: { vm: { groups: order ? ["a", "b"] : ["b", "a"], ip: "10.0.0.5" } },
    });
  } catch (e) {
    if (e instanceof ValidationError) return undefined;
    throw e;
  }
}

/** The elementary intervals of the CIDR pool and the non-public blocks: [first, last] each. */
const INTERVALS: Array<[bigint, bigint]> = (() => {
  const cuts = new Set<bigint>([0n, 1n << 32n]);
  for (const text of [...CIDRS, ...NON_PUBLIC_CIDRS[4]]) {
    const [lo, hi] = cidrBounds(parseCidr(text)!);
    cuts.add(lo);
    cuts.add(hi + 1n);
  }
  const sorted = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sorted.slice(0, -1).map((lo, i) => [lo, sorted[i + 1] - 1n] as [bigint, bigint]);
})();

/** How many public IPv4 addresses the evaluator admits to vm on a tcp (udp) port, one flow per elementary interval. */
function admittedPublic(net: Network, port: number, protocol = "tcp"): bigint {
  let n = 0n;
  for (const [lo, hi] of INTERVALS) {
    if (!PUBLIC_ADDRESSES[4].has(lo)) continue;
    if (decide(net, `${protocol}/${port}`, formatAddress(4, lo), "vm").verdict === "allow") n += hi - lo + 1n;
  }
  return n;
}

const THRESHOLD = 1n << 24n;

/** The rules that let a port through, by brute force: see the header. */
function lettingThrough(rules: GenRule[], order: boolean, port: number, protocol: string): string[] {
  const isDeny = (r: GenRule) => r.deny;
  const alone = new Map<string, bigint>();
  rules.forEach((r, i) => {
    if (r.deny) return;
    const id = `${r.group}.r${i}`;
    alone.set(id, admittedPublic(build(rules, order, (x, xid) => isDeny(x) || xid === id)!, port, protocol));
  });
  const wide = [...alone].filter(([, n]) => n > THRESHOLD).map(([id]) => id);
  const rest = admittedPublic(build(rules, order, (_, id) => !wide.includes(id))!, port, protocol);
  return rest > THRESHOLD ? [...alone].filter(([, n]) => n > 0n).map(([id]) => id) : wide;
}

describe("HWSG001 against the evaluator (fast-check)", () => {
  it("each finding's example is admitted on its first port by a rule it names; it names every rule that lets the port through; a port open to a public /7 is reported", () => {
    let findings = 0;
    let several = 0;
    let opened = 0;
    let counted = 0;
    fc.assert(
      fc.property(fc.array(genRule, { minLength: 1, maxLength: 6 }), fc.boolean(), (rules, order) => {
        const net = build(rules, order);
        fc.pre(net !== undefined);
        const exposed = lintNetwork(net!).filter((f) => f.code === "HWSG001" && f.instanceId === "vm");
        findings += exposed.length;
        for (const f of exposed) {
          const e = f.exposure!;
          const [first, last = first] = e.port.split("-").map(Number);
          expect(f.message).toContain(first === last ? `(${e.protocol} port ${first})` : `(${e.protocol} ports ${first}-${last})`);
          const verdict = decide(net!, `${e.protocol}/${first}`, e.example, "vm");
          expect(verdict.verdict).toBe("allow");
          expect(f.ruleIds).toContain(verdict.rule);
          // The rules named, by brute force on the first port (a run has the same rules on each of its ports).
          expect([...f.ruleIds].sort()).toEqual(lettingThrough(rules, order, first, e.protocol).sort());
          const fixed = build(rules, order, (_, id) => !f.ruleIds.includes(id))!;
          for (const port of [first, last]) {
            expect(admittedPublic(net!, port, e.protocol).toString()).toBe(e.publicAddresses);
            // Following the fix (restricting or removing every named rule) closes the port.
            expect(admittedPublic(fixed, port, e.protocol)).toBeLessThanOrEqual(THRESHOLD);
          }
          if (f.ruleIds.length > 1) several++;
          expect(BigInt(e.publicAddresses)).toBeGreaterThan(1n << 24n);
          expect(e.share).toBeCloseTo(Number(BigInt(e.publicAddresses)) / Number(PUBLIC_ADDRESSES[4].size), 12);
          expect(e.share === 1).toBe(e.publicAddresses === PUBLIC_ADDRESSES[4].size.toString());
          counted++;
        }
        // A port that admits a whole public /7 must have a finding.
        const reported = (port: number) =>
          exposed.some((f) => {
            const [lo, hi = lo] = f.exposure!.port.split("-").map(Number);
            return port >= lo && port <= hi;
          });
        for (const port of [21, 22, 3306, 3389, 5432]) {
          const open = ["2.0.0.0/7", "64.0.0.0/7", "130.0.0.0/7", "200.0.0.0/7"].some(
            (block) =>
              checkReach(net!, {
                from: { kind: "external", addresses: AddressSet.parse(block) },
                to: { kind: "instance", instanceId: "vm" },
                version: 4,
                protocol: 6,
                ports: PortSet.single(port),
                quantifier: "every",
              }).holds,
          );
          if (open) {
            opened++;
            expect(reported(port)).toBe(true);
          }
        }
      }),
      { numRuns: 300, seed: 7 },
    );
    expect(findings).toBeGreaterThan(50);
    expect(several).toBeGreaterThan(20);
    expect(counted).toBe(findings);
    expect(opened).toBeGreaterThan(50);
  });
});
