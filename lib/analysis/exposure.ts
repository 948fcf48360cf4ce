/**
 * HWSG001: high-risk tcp and udp ports open to the internet (semantics.md §7; the catalogue is in
 * services.ts). Exposure is judged on the
 * effective rule set of each instance, through its allowed space: group order, priority, deny
 * before allow, first match and the rules that do not take effect all count, so `0.0.0.0/1` plus
 * `128.0.0.0/1` is as open as `0.0.0.0/0`, and `0.0.0.0/0` behind a small deny is still open.
 *
 * Each finding says how much of the public space of its IP version reaches the port (a count
 * and a share) and carries it as `exposure`, and names every rule that lets it through. Exposure at or below `EXPOSURE_THRESHOLD` is not
 * reported: see there why.
 */
import { AddressSet } from "../core/address-set";
import { allowedAt, remoteAddresses } from "../core/allowed-space";
import { RuleAtInstance, flavorFamily, rulesAtInstance } from "../core/effective-rules";
import { PUBLIC_ADDRESSES } from "../core/internet";
import { ETHERTYPE, IpVersion } from "../core/ip";
import { Instance, Network } from "../core/network";
import { MAX_PORT, MIN_PORT } from "../core/port-set";
import { withHypotheticalMembers } from "../core/reachability";
import { Rule } from "../core/rule";
import { Exposure, RankedFinding, joinWords, makeFinding } from "./findings";
import { kindOf, memberSubject } from "./member-text";
import { HIGH_RISK_PORTS, HighRiskPort, HighRiskService, highRiskServices } from "./services";

export { HIGH_RISK_PORTS } from "./services";
export type { HighRiskPort } from "./services";

/**
 * A port is open to the internet when the public sources allowed number MORE than this: 2^24
 * IPv4 addresses (a /8) or 2^96 IPv6 addresses (a /32). Below it the sources are a bounded set
 * someone chose (an office, a partner, a cloud region's ranges: at most a /8, the largest block
 * ever allocated to one organisation; for IPv6 a /32, the usual allocation to one provider), and
 * reporting them would bury the real exposures: `0.0.0.0/0` behind a few denies, or split into
 * pieces, is far above it. Exposure at or below the threshold is deliberately silent.
 */
export const EXPOSURE_THRESHOLD: Readonly<Record<IpVersion, bigint>> = { 4: 1n << 24n, 6: 1n << 96n };

/** IPv6 global unicast, where an example address is taken from when it can be. */
const GLOBAL_UNICAST_V6 = AddressSet.parse("2000::/3");

/** An address of a non-empty set for a message: its first, or for IPv6 its first global unicast address. */
function exampleAddress(set: AddressSet): string {
  const global = set.version === 6 ? set.intersect(GLOBAL_UNICAST_V6) : set;
  const from = global.isEmpty ? set : global;
  return from.format(from.first()!);
}

/** An integer with thousands separators. */
function withCommas(n: bigint): string {
  return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** log2 of a positive bigint, as a float. */
function log2(n: bigint): number {
  const bits = n.toString(2).length;
  if (bits <= 53) return Math.log2(Number(n));
  return bits - 53 + Math.log2(Number(n >> BigInt(bits - 53)));
}

/** A count of addresses for a message: exact with thousands separators (`16,777,216`) up to 2^53, else `about 2^127.98`. */
export function formatAddressCount(n: bigint): string {
  if (n < 1n << 53n) return withCommas(n);
  return `about 2^${log2(n).toFixed(2)}`;
}

/** `part / whole` as a float in 0..1 (each rounded to a double first); 1 only when they are equal. */
export function shareOf(part: bigint, whole: bigint): number {
  if (whole <= 0n || part <= 0n) return 0;
  if (part >= whole) return 1;
  return Math.min(Number(part) / Number(whole), 1 - Number.EPSILON);
}

/** A share as a percentage for a message: `100%` only when it is all, `58.0%`, `less than 0.1%`. */
export function formatShare(share: number): string {
  if (share >= 1) return "100%";
  if (share < 0.001) return "less than 0.1%";
  const text = (share * 100).toFixed(1);
  return `${text === "100.0" ? "99.9" : text}%`;
}

/** A stretch of ports of one service exposed through the same rules to the same public addresses. */
interface ExposedRun {
  lo: number;
  hi: number;
  /** Indices in the instance's first-match order of the rules that let the exposure through (see `passers`). */
  readonly passers: readonly number[];
  readonly exposed: AddressSet;
  /** Exposed addresses that restricting the passers closes (the example is taken from them). */
  readonly closed: AddressSet;
}

/**
 * The rules that let public traffic through at one port of a protocol, so that restricting all
 * of them (to non-public sources) or removing them brings the exposure to the threshold or below.
 *
 * An effective allow rule R "lets through" the public addresses it matches that no deny tried
 * before R matches (its let-through set L(R)): with every allow rule tried before R removed or
 * restricted, exactly those reach the port through R. The passers are every allow rule whose L
 * alone holds more than the threshold; and when the other rules' L together still hold more, every
 * allow rule whose L is not empty. After the passers are restricted, what stays open is the union
 * of the other rules' L, at or below the threshold; each passer of the first kind alone would
 * keep the port open.
 */
function passers(network: Network, entries: readonly RuleAtInstance[], protocol: number, version: IpVersion, port: number, exposed: AddressSet): { passers: number[]; closed: AddressSet } {
  const threshold = EXPOSURE_THRESHOLD[version];
  let open = PUBLIC_ADDRESSES[version];
  const letThrough: Array<{ index: number; set: AddressSet }> = [];
  for (let i = 0; i < entries.length && !open.isEmpty; i++) {
    const { rule, ineffective } = entries[i];
    if (ineffective) continue;
    if (rule.protocol !== undefined && rule.protocol !== protocol) continue;
    if (rule.ports && !rule.ports.has(port)) continue;
    const hit = open.intersect(remoteAddresses(network, rule, "by-address"));
    if (hit.isEmpty) continue;
    if (rule.action === "allow") letThrough.push({ index: i, set: hit });
    else open = open.subtract(hit);
  }
  const wide = letThrough.filter((l) => l.set.size > threshold);
  let rest = AddressSet.empty(version);
  for (const l of letThrough) if (l.set.size <= threshold) rest = rest.union(l.set);
  const named = rest.size > threshold ? letThrough : wide;
  return { passers: named.map((l) => l.index), closed: named === letThrough ? exposed : exposed.subtract(rest) };
}

/** Whether a rule's remote holds a public address (remote groups judged by their members' addresses), memoized per network. */
function reachesPublic(network: Network, rule: Rule): boolean {
  let memo = network.cache.get("exposure|reachesPublic") as Map<Rule, boolean> | undefined;
  if (!memo) {
    memo = new Map();
    network.cache.set("exposure|reachesPublic", memo);
  }
  let reaches = memo.get(rule);
  if (reaches === undefined) {
    reaches = !remoteAddresses(network, rule, "by-address").intersect(PUBLIC_ADDRESSES[rule.version]).isEmpty;
    memo.set(rule, reaches);
  }
  return reaches;
}

/**
 * The port ranges on which an effective rule at the instance allows the protocol from some
 * public address. A port outside them is exposed to no public address, so its allowed space need
 * not be computed (for most instances of most estates, no high-risk port is in them).
 */
function publicPorts(network: Network, entries: readonly RuleAtInstance[], protocol: number): Array<readonly [number, number]> {
  const out: Array<readonly [number, number]> = [];
  for (const { rule, ineffective } of entries) {
    if (ineffective || rule.action !== "allow") continue;
    if (rule.protocol !== undefined && rule.protocol !== protocol) continue;
    if (!reachesPublic(network, rule)) continue;
    if (rule.ports) out.push(...rule.ports.ranges);
    else out.push([MIN_PORT, MAX_PORT]);
  }
  return out;
}

/** The runs of ports of one service range that an instance exposes to the internet. */
function exposedRuns(network: Network, instance: Instance, version: IpVersion, protocol: number, lo: number, hi: number): ExposedRun[] {
  const entries = rulesAtInstance(network, instance, "ingress", version);
  // Elementary intervals: every effective rule's ports are a union of them, so the decision is constant on each.
  const cuts = new Set<number>([lo, hi + 1]);
  for (const { rule, ineffective } of entries) {
    if (ineffective || (rule.protocol !== undefined && rule.protocol !== protocol)) continue;
    for (const [a, b] of rule.ports?.ranges ?? []) {
      if (a > lo && a <= hi) cuts.add(a);
      if (b + 1 > lo && b + 1 <= hi) cuts.add(b + 1);
    }
  }
  const bounds = [...cuts].sort((a, b) => a - b);
  const runs: ExposedRun[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const a = bounds[i];
    const b = bounds[i + 1] - 1;
    const exposed = allowedAt(network, instance, "ingress", version, "by-address", protocol, a).intersect(PUBLIC_ADDRESSES[version]);
    if (exposed.size <= EXPOSURE_THRESHOLD[version]) continue;
    const who = passers(network, entries, protocol, version, a, exposed);
    const last = runs[runs.length - 1];
    if (last && last.hi + 1 === a && last.passers.join() === who.passers.join() && last.exposed.equals(exposed) && last.closed.equals(who.closed)) {
      last.hi = b;
    } else {
      runs.push({ lo: a, hi: b, passers: who.passers, exposed, closed: who.closed });
    }
  }
  return runs;
}

/** The port text of a run, as in a rule's `ports`: `22`, `20-21`. */
function portText(run: ExposedRun): string {
  return run.lo === run.hi ? `${run.lo}` : `${run.lo}-${run.hi}`;
}

/** The exposure of a run: the port, and how much of the public space of the version reaches it. */
function exposureOf(version: IpVersion, service: HighRiskService, run: ExposedRun): Exposure {
  return {
    service: service.service,
    port: portText(run),
    protocol: service.protocol,
    version,
    publicAddresses: run.exposed.size.toString(),
    share: shareOf(run.exposed.size, PUBLIC_ADDRESSES[version].size),
    example: exampleAddress(run.closed.isEmpty ? run.exposed : run.closed),
  };
}

function exposureMessage(instance: Instance, exposure: Exposure, run: ExposedRun, rules: readonly RuleAtInstance[]): string {
  const subject = memberSubject(instance);
  const ports = run.lo === run.hi ? `${exposure.protocol} port ${run.lo}` : `${exposure.protocol} ports ${run.lo}-${run.hi}`;
  const ip = ETHERTYPE[exposure.version];
  const count = formatAddressCount(run.exposed.size);
  const exact = !count.startsWith("about");
  const who =
    exposure.share >= 1 ? (exact ? `all ${count} public ${ip} addresses (100%)` : `all public ${ip} addresses (${count}, 100%)`) :
    `${count} public ${ip} addresses (${formatShare(exposure.share)} of the public ${ip} space, e.g. ${exposure.example})`;
  const by = rules.length
    ? joinWords(rules.map((r) => `${r.rule.id} in ${r.groupId}`))
    : "no rule";
  return `${subject} is open to the internet on ${exposure.service} (${ports}): ${who} may connect, allowed by ${by}.`;
}

/** What to change in one allowing rule so that it admits trusted sources only. */
function narrowRule(network: Network, rule: RuleAtInstance["rule"]): string {
  switch (rule.remote.kind) {
    case "any":
      return `give ${rule.id} a remote_ip_prefix of your trusted CIDRs or a remote_group_id (it has no remote: every address)`;
    case "cidr":
      return `replace remote_ip_prefix ${rule.remote.cidr} of ${rule.id} with your trusted CIDRs or a remote_group_id`;
    case "addressGroup": {
      const ag = network.addressGroups.get(rule.remote.addressGroupId);
      const listed = ag ? ` (now ${ag.addresses.toString()})` : "";
      return `remove the public addresses from address group ${rule.remote.addressGroupId}${listed}, the remote of ${rule.id}`;
    }
    case "group":
      return `give the members of ${rule.remote.groupId}, the remote of ${rule.id}, private fixed IPs`;
  }
}

/** What to change in one passer: its remote, or (a rule that opens more than the service) its ports. */
function restrictRule(network: Network, rule: Rule, exposure: Exposure, run: ExposedRun): string {
  const narrow = narrowRule(network, rule);
  const wider = rule.ports === undefined || rule.ports.ranges.some(([a, b]) => a < run.lo || b > run.hi);
  if (!wider) return narrow;
  const now = rule.protocol === undefined ? "every protocol" : rule.ports ? `${exposure.protocol} ${rule.ports.toString()}` : `every ${exposure.protocol} port`;
  return `${narrow}, or narrow ${rule.id} (now ${now}) to the ports it must open, without ${exposure.protocol} ${exposure.port}`;
}

function exposureFix(network: Network, exposure: Exposure, run: ExposedRun, rules: readonly RuleAtInstance[]): string {
  const what = `${exposure.service} (${exposure.protocol} ${exposure.port}) from trusted sources only`;
  if (rules.length === 0) return `Allow ${what}.`;
  const each = rules.map((r) => restrictRule(network, r.rule, exposure, run)).join("; ");
  if (rules.length === 1) return `Allow ${what}: ${each}.`;
  return `Allow ${what}, restricting or removing all ${rules.length} rules that let it through (fixing only some leaves it open): ${each}.`;
}

/** The instances exposure is judged on: every instance, and a stand-in member of every group that has none. */
function subjects(network: Network): Array<{ network: Network; instance: Instance }> {
  const out = [...network.instances.values()].map((instance) => ({ network, instance }));
  const empty = [...network.groups.keys()].filter((g) => network.membersOf(g).length === 0);
  if (empty.length === 0) return out;
  // One rebuild for every stand-in (not one per group).
  const { network: extended, instanceIds: ids } = withHypotheticalMembers(network, empty);
  for (const id of ids) out.push({ network: extended, instance: extended.instance(id) });
  return out;
}

/**
 * HWSG001 findings: for every instance (and a stand-in member of each group without instances),
 * IP version and high-risk service (tcp or udp), the runs of ports open to more than
 * `EXPOSURE_THRESHOLD` public addresses, each naming every rule that lets it through.
 * @throws HwsgError when a high-risk port is invalid or two of one protocol overlap
 */
export function exposureFindings(network: Network, highRiskPorts: readonly HighRiskPort[] = HIGH_RISK_PORTS): RankedFinding[] {
  const services = highRiskServices(highRiskPorts);
  const protocols = [...new Set(services.map((s) => s.protocolNumber))];
  const out: RankedFinding[] = [];
  // Instances with the same groups (in order) and flavor family have the same ingress rules and
  // allowed space (remote groups are judged by address, the same for all): the runs are computed once.
  const memo = new Map<string, ExposedRun[][]>();
  for (const { network: net, instance } of subjects(network)) {
    const signature = `${net === network ? "" : "+"}|${flavorFamily(instance.flavor) ?? ""}|${[...new Set(instance.securityGroupIds)].join(",")}`;
    for (const version of [4, 6] as const) {
      const key = `${signature}|${version}`;
      const entries = rulesAtInstance(net, instance, "ingress", version);
      let perService = memo.get(key);
      if (!perService) {
        const open = new Map(protocols.map((p) => [p, publicPorts(net, entries, p)]));
        perService = services.map(({ protocolNumber, range: [lo, hi] }) =>
          open.get(protocolNumber)!.some(([a, b]) => a <= hi && b >= lo) ? exposedRuns(net, instance, version, protocolNumber, lo, hi) : [],
        );
        memo.set(key, perService);
      }
      services.forEach((service, s) => {
        for (const run of perService![s]) {
          const rules = run.passers.map((i) => entries[i]);
          const exposure = exposureOf(version, service, run);
          const finding = makeFinding({
            code: "HWSG001",
            subject: instance.hypothetical ? instance.securityGroupIds[0] : instance.id,
            qualifiers: [`ipv${version}`, `${service.protocol}/${exposure.port}`],
            message: exposureMessage(instance, exposure, run, rules),
            fix: exposureFix(net, exposure, run, rules),
            ruleIds: rules.map((r) => r.rule.id),
            groupId: rules[0]?.groupId ?? instance.securityGroupIds[0],
            instanceId: instance.id,
            ...kindOf(instance),
            exposure,
          });
          out.push({ finding, tie: [version, service.protocolNumber, run.lo] });
        }
      });
    }
  }
  return out;
}
