/**
 * HWSG001: high-risk ports open to the internet (semantics.md §7). Exposure is judged on the
 * effective rule set of each instance, through its allowed space: group order, priority, deny
 * before allow, first match and the rules that do not take effect all count, so `0.0.0.0/1` plus
 * `128.0.0.0/1` is as open as `0.0.0.0/0`, and `0.0.0.0/0` behind a small deny is still open.
 *
 * Each finding says how much of the public space of its IP version reaches the port (a count
 * and a share) and carries it as `exposure`. Exposure at or below `EXPOSURE_THRESHOLD` is not
 * reported: see there why.
 */
import { AddressSet } from "../core/address-set";
import { allowedSpace, remoteAddresses } from "../core/allowed-space";
import { RuleAtInstance, flavorFamily, rulesAtInstance } from "../core/effective-rules";
import { HwsgError } from "../core/errors";
import { PUBLIC_ADDRESSES } from "../core/internet";
import { ETHERTYPE, IpVersion } from "../core/ip";
import { Instance, Network } from "../core/network";
import { MAX_PORT, MIN_PORT } from "../core/port-set";
import { PROTOCOL_NUMBERS } from "../core/protocol";
import { withHypotheticalMembers } from "../core/reachability";
import { Rule } from "../core/rule";
import { Exposure, RankedFinding, joinWords, makeFinding } from "./findings";

/** A port (or an inclusive port range) of a service that must not be open to the internet. */
export interface HighRiskPort {
  readonly port: number | readonly [number, number];
  readonly service: string;
}

/** The default high-risk ports (tcp): the seeds' list (semantics.md §7) and common additions. */
export const HIGH_RISK_PORTS: readonly HighRiskPort[] = [
  { port: [20, 21], service: "FTP" },
  { port: 22, service: "SSH" },
  { port: 23, service: "Telnet" },
  { port: 25, service: "SMTP" },
  { port: [135, 139], service: "NetBIOS/RPC" },
  { port: 445, service: "SMB" },
  { port: 1433, service: "SQL Server" },
  { port: 1521, service: "Oracle" },
  { port: [2375, 2376], service: "Docker" },
  { port: 3306, service: "MySQL" },
  { port: 3389, service: "RDP" },
  { port: 5432, service: "PostgreSQL" },
  { port: 5900, service: "VNC" },
  { port: 6379, service: "Redis" },
  { port: 8848, service: "Nacos" },
  { port: 9200, service: "Elasticsearch" },
  { port: 11211, service: "Memcached" },
  { port: 27017, service: "MongoDB" },
];

/**
 * A port is open to the internet when the public sources allowed number MORE than this: 2^24
 * IPv4 addresses (a /8) or 2^96 IPv6 addresses (a /32). Below it the sources are a bounded set
 * someone chose (an office, a partner, a cloud region's ranges: at most a /8, the largest block
 * ever allocated to one organisation; for IPv6 a /32, the usual allocation to one provider), and
 * reporting them would bury the real exposures: `0.0.0.0/0` behind a few denies, or split into
 * pieces, is far above it. Exposure at or below the threshold is deliberately silent.
 */
export const EXPOSURE_THRESHOLD: Readonly<Record<IpVersion, bigint>> = { 4: 1n << 24n, 6: 1n << 96n };

const TCP = PROTOCOL_NUMBERS.tcp;

/** IPv6 global unicast, where an example address is taken from when it can be. */
const GLOBAL_UNICAST_V6 = AddressSet.parse("2000::/3");

/** An address of a non-empty set for a message: its first, or for IPv6 its first global unicast address. */
function exampleAddress(set: AddressSet): string {
  const global = set.version === 6 ? set.intersect(GLOBAL_UNICAST_V6) : set;
  const from = global.isEmpty ? set : global;
  return from.format(from.first()!);
}

/** The port range of a high-risk entry, checked. */
function rangeOf(entry: HighRiskPort): [number, number] {
  const [lo, hi] = typeof entry.port === "number" ? [entry.port, entry.port] : entry.port;
  const ok = (p: number) => Number.isInteger(p) && p >= MIN_PORT && p <= MAX_PORT;
  if (!ok(lo) || !ok(hi) || lo > hi) {
    throw new HwsgError(`high-risk port ${JSON.stringify(entry.port)} of ${entry.service} is invalid: give a port ${MIN_PORT}-${MAX_PORT} or a range [from, to] with from <= to`);
  }
  return [lo, hi];
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

/** A stretch of ports of one service exposed by the same rules to the same public addresses. */
interface ExposedRun {
  lo: number;
  hi: number;
  /** Indices in the instance's first-match order of the allow rules that decide for some exposed address. */
  readonly deciders: readonly number[];
  readonly exposed: AddressSet;
}

/**
 * The allow rules that decide first for some exposed address at one tcp port: a first-match walk
 * over the instance's rules, remote addresses judged as `allowedSpace(..., "by-address")` does.
 */
function deciders(network: Network, entries: readonly RuleAtInstance[], version: IpVersion, port: number, exposed: AddressSet): number[] {
  let remaining = AddressSet.all(version);
  const out: number[] = [];
  for (let i = 0; i < entries.length && !remaining.isEmpty; i++) {
    const { rule, ineffective } = entries[i];
    if (ineffective) continue;
    if (rule.protocol !== undefined && rule.protocol !== TCP) continue;
    if (rule.ports && !rule.ports.has(port)) continue;
    const hit = remaining.intersect(remoteAddresses(network, rule, "by-address"));
    if (hit.isEmpty) continue;
    if (rule.action === "allow" && !hit.intersect(exposed).isEmpty) out.push(i);
    remaining = remaining.subtract(hit);
  }
  return out;
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
 * The port ranges on which an effective rule at the instance allows tcp from some public
 * address. A port outside them is exposed to no public address, so its allowed space need not
 * be computed (for most instances of most estates, no high-risk port is in them).
 */
function publicTcpPorts(network: Network, entries: readonly RuleAtInstance[]): Array<readonly [number, number]> {
  const out: Array<readonly [number, number]> = [];
  for (const { rule, ineffective } of entries) {
    if (ineffective || rule.action !== "allow") continue;
    if (rule.protocol !== undefined && rule.protocol !== TCP) continue;
    if (!reachesPublic(network, rule)) continue;
    if (rule.ports) out.push(...rule.ports.ranges);
    else out.push([MIN_PORT, MAX_PORT]);
  }
  return out;
}

/** The runs of ports of one service range that an instance exposes to the internet. */
function exposedRuns(network: Network, instance: Instance, version: IpVersion, lo: number, hi: number): ExposedRun[] {
  const space = allowedSpace(network, instance, "ingress", version, "by-address");
  const entries = rulesAtInstance(network, instance, "ingress", version);
  // Elementary intervals: every effective tcp rule's ports are a union of them, so the decision is constant on each.
  const cuts = new Set<number>([lo, hi + 1]);
  for (const { rule, ineffective } of entries) {
    if (ineffective || (rule.protocol !== undefined && rule.protocol !== TCP)) continue;
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
    const exposed = space.allowedFor(TCP, a).intersect(PUBLIC_ADDRESSES[version]);
    if (exposed.size <= EXPOSURE_THRESHOLD[version]) continue;
    const who = deciders(network, entries, version, a, exposed);
    const last = runs[runs.length - 1];
    if (last && last.hi + 1 === a && last.deciders.join() === who.join() && last.exposed.equals(exposed)) {
      last.hi = b;
    } else {
      runs.push({ lo: a, hi: b, deciders: who, exposed });
    }
  }
  return runs;
}

/** The port text of a run, as in a rule's `ports`: `22`, `20-21`. */
function portText(run: ExposedRun): string {
  return run.lo === run.hi ? `${run.lo}` : `${run.lo}-${run.hi}`;
}

/** The exposure of a run: the port, and how much of the public space of the version reaches it. */
function exposureOf(version: IpVersion, service: string, run: ExposedRun): Exposure {
  return {
    service,
    port: portText(run),
    protocol: "tcp",
    version,
    publicAddresses: run.exposed.size.toString(),
    share: shareOf(run.exposed.size, PUBLIC_ADDRESSES[version].size),
    example: exampleAddress(run.exposed),
  };
}

function exposureMessage(instance: Instance, exposure: Exposure, run: ExposedRun, rules: readonly RuleAtInstance[]): string {
  const subject = instance.hypothetical
    ? `A member of security group ${instance.securityGroupIds[0]} (the group has no instance in the model)`
    : `Instance ${instance.id}`;
  const ports = run.lo === run.hi ? `tcp port ${run.lo}` : `tcp ports ${run.lo}-${run.hi}`;
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

function exposureFix(network: Network, exposure: Exposure, rules: readonly RuleAtInstance[]): string {
  const what = `${exposure.service} (tcp ${exposure.port}) from trusted sources only`;
  if (rules.length === 0) return `Allow ${what}.`;
  return `Allow ${what}: ${rules.map((r) => narrowRule(network, r.rule)).join("; ")}.`;
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
 * IP version and high-risk service, the runs of ports open to more than `EXPOSURE_THRESHOLD`
 * public addresses.
 */
export function exposureFindings(network: Network, highRiskPorts: readonly HighRiskPort[] = HIGH_RISK_PORTS): RankedFinding[] {
  const services = highRiskPorts.map((entry) => ({ service: entry.service, range: rangeOf(entry) }));
  const byStart = [...services].sort((a, b) => a.range[0] - b.range[0]);
  for (let i = 1; i < byStart.length; i++) {
    const [prev, next] = [byStart[i - 1], byStart[i]];
    if (next.range[0] <= prev.range[1]) {
      throw new HwsgError(
        `high-risk ports ${JSON.stringify(next.range[0] === next.range[1] ? next.range[0] : next.range)} of ${next.service} overlap ${JSON.stringify(prev.range[0] === prev.range[1] ? prev.range[0] : prev.range)} of ${prev.service}: list each port once`,
      );
    }
  }
  const out: RankedFinding[] = [];
  // Instances with the same groups (in order) and flavor family have the same ingress rules and
  // allowed space (remote groups are judged by address, the same for all): the runs are computed once.
  const memo = new Map<string, ExposedRun[][]>();
  for (const { network: net, instance } of subjects(network)) {
    const signature = `${net === network ? "" : "+"}|${flavorFamily(instance.flavor) ?? ""}|${[...new Set(instance.securityGroupIds)].join(",")}`;
    for (const version of [4, 6] as const) {
      const key = `${signature}|${version}`;
      let perService = memo.get(key);
      if (!perService) {
        const open = publicTcpPorts(net, rulesAtInstance(net, instance, "ingress", version));
        perService = services.map(({ range: [lo, hi] }) => (open.some(([a, b]) => a <= hi && b >= lo) ? exposedRuns(net, instance, version, lo, hi) : []));
        memo.set(key, perService);
      }
      const entries = rulesAtInstance(net, instance, "ingress", version);
      services.forEach(({ service }, s) => {
        for (const run of perService![s]) {
          const rules = run.deciders.map((i) => entries[i]);
          const exposure = exposureOf(version, service, run);
          const finding = makeFinding({
            code: "HWSG001",
            subject: instance.hypothetical ? instance.securityGroupIds[0] : instance.id,
            qualifiers: [`ipv${version}`, `tcp/${exposure.port}`],
            message: exposureMessage(instance, exposure, run, rules),
            fix: exposureFix(net, exposure, rules),
            ruleIds: rules.map((r) => r.rule.id),
            groupId: rules[0]?.groupId ?? instance.securityGroupIds[0],
            instanceId: instance.id,
            exposure,
          });
          out.push({ finding, tie: [version, run.lo] });
        }
      });
    }
  }
  return out;
}
