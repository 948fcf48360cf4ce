/**
 * HWSG004 (rules covered by earlier rules) and HWSG005 (an allow and a deny overlapping at the
 * same priority), judged per security group alone: the rules of one group, direction and IP
 * version in the matching order of semantics.md §2 (priority ascending, deny before allow, then
 * configuration order), as a member having only that group sees them.
 *
 * Match spaces are compared exactly, cell by cell over protocol × elementary port intervals ×
 * addresses (interval arithmetic, as allowed-space.ts does with cuts). A `remote_group_id` remote
 * is symbolic: it matches the group's members from whatever address they send, and members may be
 * added later, so it is covered only by earlier rules of the same remote group or by earlier
 * address rules that together hold every address; it never covers an address rule.
 */
import { AddressSet } from "../core/address-set";
import { quotaEffects } from "../core/effective-rules";
import { ETHERTYPE, IpVersion } from "../core/ip";
import { Network } from "../core/network";
import { MAX_PORT, MIN_PORT, PortSet } from "../core/port-set";
import { MAX_PROTOCOL, hasPorts, protocolName } from "../core/protocol";
import { Direction, Rule, describeRule } from "../core/rule";
import { RankedFinding, listIds, makeFinding } from "./findings";

/** A rule's remote as the group-alone analysis sees it: addresses, or the members of a group. */
type RemoteView =
  | { readonly kind: "addresses"; readonly addresses: AddressSet }
  | { readonly kind: "group"; readonly groupId: string };

function remoteView(network: Network, rule: Rule): RemoteView {
  switch (rule.remote.kind) {
    case "any":
      return { kind: "addresses", addresses: AddressSet.all(rule.version) };
    case "cidr":
      return { kind: "addresses", addresses: rule.remote.addresses };
    case "addressGroup":
      return { kind: "addresses", addresses: network.addressGroups.get(rule.remote.addressGroupId)!.addresses };
    case "group":
      return { kind: "group", groupId: rule.remote.groupId };
  }
}

interface Viewed {
  readonly rule: Rule;
  readonly remote: RemoteView;
}

const DIRECTIONS = ["ingress", "egress"] as const;
const VERSIONS = [4, 6] as const;

/**
 * The rules of one group, direction and IP version that take effect as far as the group alone
 * decides (not beyond the quota), in matching order: priority ascending, deny before allow, then
 * configuration order (default rules first).
 */
export function groupMatchingOrder(network: Network, groupId: string, direction: Direction, version: IpVersion): readonly Rule[] {
  const quota = quotaEffects(network, groupId);
  return network
    .rulesOf(groupId)
    .map((rule, order) => ({ rule, order }))
    .filter(({ rule }) => rule.direction === direction && rule.version === version && !quota.has(rule.id))
    .sort((a, b) =>
      a.rule.priority - b.rule.priority ||
      (a.rule.action === b.rule.action ? 0 : a.rule.action === "deny" ? -1 : 1) ||
      a.order - b.order,
    )
    .map(({ rule }) => rule);
}

/** Whether an earlier rule can take any of the candidate's traffic (a cheap filter before the exact walk). */
function mayOverlap(candidate: Viewed, earlier: Viewed): boolean {
  const r = candidate.rule;
  const e = earlier.rule;
  if (r.protocol !== undefined && e.protocol !== undefined && r.protocol !== e.protocol) return false;
  if (r.ports && e.ports && r.ports.intersect(e.ports).isEmpty) return false;
  if (earlier.remote.kind === "group") {
    // A group rule takes an address rule's traffic only from members, never all of it: it cannot help cover.
    return candidate.remote.kind === "group" && candidate.remote.groupId === earlier.remote.groupId;
  }
  if (candidate.remote.kind === "addresses") return !candidate.remote.addresses.intersect(earlier.remote.addresses).isEmpty;
  return !earlier.remote.addresses.isEmpty;
}

/**
 * First-match walk over one cell (one protocol and one elementary port interval): the earlier
 * rules that take some of the candidate's traffic there are added to `takers`; returns whether
 * they take all of it.
 */
function walkCell(candidate: Viewed, earlier: readonly Viewed[], takers: Set<Viewed>): boolean {
  const version = candidate.rule.version;
  let remaining = candidate.remote.kind === "addresses" ? candidate.remote.addresses : AddressSet.all(version);
  for (const e of earlier) {
    if (e.remote.kind === "group") {
      // Only reached for a group candidate with the same remote group (mayOverlap): it takes the rest.
      takers.add(e);
      return true;
    }
    if (remaining.intersect(e.remote.addresses).isEmpty) continue;
    takers.add(e);
    remaining = remaining.subtract(e.remote.addresses);
    if (remaining.isEmpty) return true;
  }
  return false;
}

/**
 * Whether every packet the candidate matches is matched first by the earlier rules; if so, the
 * earlier rules that take some of it, in matching order.
 */
function coveredBy(candidate: Viewed, earlierAll: readonly Viewed[]): Rule[] | undefined {
  const earlier = earlierAll.filter((e) => mayOverlap(candidate, e));
  if (earlier.length === 0) return undefined;
  const r = candidate.rule;
  let protocols: number[];
  if (r.protocol !== undefined) {
    protocols = [r.protocol];
  } else {
    // Every protocol no earlier rule names behaves alike: one stands for them all, tried first.
    const named = [...new Set(earlier.map((e) => e.rule.protocol).filter((p): p is number => p !== undefined))].sort((a, b) => a - b);
    let other: number | undefined;
    for (let p = 0; p <= MAX_PROTOCOL && other === undefined; p++) if (!named.includes(p)) other = p;
    protocols = other === undefined ? named : [other, ...named];
  }
  const takers = new Set<Viewed>();
  for (const protocol of protocols) {
    const inProtocol = earlier.filter((e) => e.rule.protocol === undefined || e.rule.protocol === protocol);
    if (!hasPorts(protocol) || (r.protocol === undefined && inProtocol.every((e) => !e.rule.ports))) {
      if (!walkCell(candidate, inProtocol.filter((e) => !e.rule.ports), takers)) return undefined;
      continue;
    }
    const own = r.ports ?? PortSet.ALL;
    for (const [lo, hi] of own.ranges) {
      const cuts = new Set<number>([lo, hi + 1]);
      for (const e of inProtocol) {
        for (const [a, b] of e.rule.ports?.ranges ?? []) {
          if (a > lo && a <= hi) cuts.add(a);
          if (b + 1 > lo && b + 1 <= hi) cuts.add(b + 1);
        }
      }
      const bounds = [...cuts].sort((a, b) => a - b);
      for (let i = 0; i + 1 < bounds.length; i++) {
        const port = bounds[i];
        if (!walkCell(candidate, inProtocol.filter((e) => !e.rule.ports || e.rule.ports.has(port)), takers)) return undefined;
      }
    }
  }
  return earlier.filter((e) => takers.has(e)).map((e) => e.rule);
}

/** A rule that never takes effect in its group, and the earlier rules that take its traffic. */
export interface ShadowedRule {
  readonly rule: Rule;
  /** The earlier rules, in matching order, that are the first match for some of the rule's traffic. */
  readonly coveredBy: readonly Rule[];
}

/**
 * The rules of one group, direction and IP version that never take effect for a member having
 * only that group: every (protocol, port, remote) they match is matched first by earlier rules.
 */
export function shadowedRules(network: Network, groupId: string, direction: Direction, version: IpVersion): readonly ShadowedRule[] {
  const key = `analysis|shadowed|${groupId}|${direction}|${version}`;
  const cached = network.cache.get(key) as ShadowedRule[] | undefined;
  if (cached) return cached;
  const ordered = groupMatchingOrder(network, groupId, direction, version).map((rule) => ({ rule, remote: remoteView(network, rule) }));
  const out: ShadowedRule[] = [];
  for (let i = 1; i < ordered.length; i++) {
    const by = coveredBy(ordered[i], ordered.slice(0, i));
    if (by) out.push({ rule: ordered[i].rule, coveredBy: by });
  }
  network.cache.set(key, out);
  return out;
}

/** HWSG004 findings for every group of the network. */
export function shadowingFindings(network: Network): RankedFinding[] {
  const out: RankedFinding[] = [];
  for (const groupId of network.groups.keys()) {
    for (const direction of DIRECTIONS) {
      for (const version of VERSIONS) {
        for (const { rule, coveredBy: by } of shadowedRules(network, groupId, direction, version)) {
          const message =
            `Rule ${rule.id} of security group ${groupId} never takes effect: everything it matches (${describeRule(rule)}) ` +
            `is matched first by ${listIds(by.map((b) => b.id))}.`;
          out.push({ finding: makeFinding("HWSG004", message, [rule.id, ...by.map((b) => b.id)], { groupId }), tie: [] });
        }
      }
    }
  }
  return out;
}

/** Where an allow and a deny of the same priority overlap. */
export interface OppositeOverlap {
  readonly deny: Rule;
  readonly allow: Rule;
  /** The overlap in words: `tcp ports 22-25 from 10.0.0.0/24 (e.g. tcp port 22 from 10.0.0.0)`. */
  readonly overlap: string;
}

/** Whether rule x matches every packet rule y matches (group remotes symbolic). */
function covers(x: Viewed, y: Viewed): boolean {
  if (x.rule.protocol !== undefined && x.rule.protocol !== y.rule.protocol) return false;
  if (x.rule.ports && !(y.rule.ports && x.rule.ports.covers(y.rule.ports))) return false;
  if (x.remote.kind === "addresses") {
    if (x.remote.addresses.isAll) return true;
    return y.remote.kind === "addresses" && x.remote.addresses.covers(y.remote.addresses);
  }
  return y.remote.kind === "group" && y.remote.groupId === x.remote.groupId;
}

/** The overlap of two rules in words, or undefined when they cannot match the same packet. */
function describeOverlap(network: Network, a: Viewed, b: Viewed): string | undefined {
  const pa = a.rule.protocol;
  const pb = b.rule.protocol;
  if (pa !== undefined && pb !== undefined && pa !== pb) return undefined;
  const protocol = pa ?? pb;
  let what: string;
  let example: string;
  if (protocol === undefined) {
    what = "every protocol";
    example = "any protocol";
  } else if (hasPorts(protocol)) {
    const ports = (a.rule.ports ?? PortSet.ALL).intersect(b.rule.ports ?? PortSet.ALL);
    if (ports.isEmpty) return undefined;
    const name = protocolName(protocol);
    const all = ports.equals(PortSet.range(MIN_PORT, MAX_PORT));
    what = all ? `${name} (all ports)` : `${name} port${ports.ranges.length === 1 && ports.ranges[0][0] === ports.ranges[0][1] ? "" : "s"} ${ports.toString()}`;
    example = `${name} port ${ports.first()}`;
  } else {
    what = protocolName(protocol);
    example = what;
  }
  const dir = a.rule.direction === "ingress" ? "from" : "to";
  const version = a.rule.version;
  const ra = a.remote;
  const rb = b.remote;
  if (ra.kind === "addresses" && rb.kind === "addresses") {
    const both = ra.addresses.intersect(rb.addresses);
    if (both.isEmpty) return undefined;
    const text = both.isAll ? `every ${ETHERTYPE[version]} address` : both.toString();
    return `${what} ${dir} ${text} (e.g. ${example} ${dir} ${both.format(both.first()!)})`;
  }
  if (ra.kind === "group" && rb.kind === "group") {
    if (ra.groupId === rb.groupId) return `${what} ${dir} the members of security group ${ra.groupId} (e.g. ${example})`;
    // Different groups overlap only on an instance in both: judged on the modelled instances.
    const shared = network.membersOf(ra.groupId).find((i) => i.securityGroupIds.includes(rb.groupId));
    if (!shared) return undefined;
    return `${what} ${dir} instances in both security groups ${ra.groupId} and ${rb.groupId} (e.g. ${example} ${dir} ${shared.id})`;
  }
  // A group and addresses overlap on the members whose fixed IPs are among the addresses: every member when the
  // addresses are all, else judged on the modelled members.
  const group = ra.kind === "group" ? ra.groupId : (rb as { groupId: string }).groupId;
  const addresses = ra.kind === "addresses" ? ra.addresses : (rb as { addresses: AddressSet }).addresses;
  if (addresses.isAll) return `${what} ${dir} the members of security group ${group} (e.g. ${example})`;
  const members = network.memberAddresses(group, version).intersect(addresses);
  if (members.isEmpty) return undefined;
  return `${what} ${dir} the members of security group ${group} at ${members.toString()} (e.g. ${example} ${dir} ${members.format(members.first()!)})`;
}

/**
 * The pairs of an allow and a deny of one group, direction and IP version with the same priority
 * whose match spaces overlap while neither contains the other (full containment is a shadowed
 * rule, or an intended exception). Rules that never take effect (HWSG004) are left out.
 * A group remote overlaps another group or addresses only on the instances modelled.
 */
export function oppositeOverlaps(network: Network, groupId: string, direction: Direction, version: IpVersion): readonly OppositeOverlap[] {
  const shadowed = new Set(shadowedRules(network, groupId, direction, version).map((s) => s.rule));
  const rules = groupMatchingOrder(network, groupId, direction, version)
    .filter((r) => !shadowed.has(r))
    .map((rule) => ({ rule, remote: remoteView(network, rule) }));
  const out: OppositeOverlap[] = [];
  for (const deny of rules) {
    if (deny.rule.action !== "deny") continue;
    for (const allow of rules) {
      if (allow.rule.action !== "allow" || allow.rule.priority !== deny.rule.priority) continue;
      if (covers(deny, allow) || covers(allow, deny)) continue;
      const overlap = describeOverlap(network, deny, allow);
      if (overlap) out.push({ deny: deny.rule, allow: allow.rule, overlap });
    }
  }
  return out;
}

/** HWSG005 findings for every group of the network. */
export function overlapFindings(network: Network): RankedFinding[] {
  const out: RankedFinding[] = [];
  for (const groupId of network.groups.keys()) {
    for (const direction of DIRECTIONS) {
      for (const version of VERSIONS) {
        for (const { deny, allow, overlap } of oppositeOverlaps(network, groupId, direction, version)) {
          const message =
            `In security group ${groupId}, ${direction} ${ETHERTYPE[version]} rules ${deny.id} (deny) and ${allow.id} (allow) both have priority ${deny.priority} ` +
            `and overlap on ${overlap}: at equal priority the deny is tried first whatever order they are written in, so the deny wins there.`;
          out.push({ finding: makeFinding("HWSG005", message, [deny.id, allow.id], { groupId }), tie: [] });
        }
      }
    }
  }
  return out;
}
