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
 * address rules that together hold every address; it never covers an address rule. It does take
 * some traffic of the rules after it, though (a member sending from one of their addresses, a
 * member of both remote groups), so it is listed among the rules that cover a rule when it comes
 * first for some of that rule's traffic.
 */
import { AddressSet } from "../core/address-set";
import { quotaEffects } from "../core/effective-rules";
import { ETHERTYPE, IpVersion } from "../core/ip";
import { Network } from "../core/network";
import { MAX_PORT, MIN_PORT, PortSet } from "../core/port-set";
import { MAX_PROTOCOL, hasPorts, protocolName } from "../core/protocol";
import { Direction, Rule, describeRule } from "../core/rule";
import { defaultRuleId } from "../core/security-group";
import { CoverKind, RankedFinding, Severity, joinWords, listIds, makeFinding, ruleResource } from "./findings";

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
  // A group rule takes traffic from its members, who may send from any of the candidate's addresses or be members of the candidate's group too.
  if (earlier.remote.kind === "group") return candidate.remote.kind === "group" || !candidate.remote.addresses.isEmpty;
  if (candidate.remote.kind === "addresses") return !candidate.remote.addresses.intersect(earlier.remote.addresses).isEmpty;
  return !earlier.remote.addresses.isEmpty;
}

/**
 * First-match walk over one cell (one protocol and one elementary port interval): the earlier
 * rules that take some of the candidate's traffic there are added to `takers`; returns whether
 * they take all of it.
 *
 * An earlier rule with another remote group than the candidate's takes the traffic of its
 * members (sending from one of the addresses not yet taken, or members of the candidate's group
 * too) but never all of it; one with the candidate's remote group takes all that is left. A
 * remote group's members are taken by its first rule in the cell, so a later rule of the same
 * remote group takes nothing of them.
 */
function walkCell(candidate: Viewed, earlier: readonly Viewed[], takers: Set<Viewed>): boolean {
  const version = candidate.rule.version;
  let remaining = candidate.remote.kind === "addresses" ? candidate.remote.addresses : AddressSet.all(version);
  const groupsTaken = new Set<string>();
  for (const e of earlier) {
    if (e.remote.kind === "group") {
      if (candidate.remote.kind === "group" && candidate.remote.groupId === e.remote.groupId) {
        takers.add(e);
        return true;
      }
      if (!groupsTaken.has(e.remote.groupId)) {
        groupsTaken.add(e.remote.groupId);
        takers.add(e);
      }
      continue;
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
  /**
   * The earlier rules, in matching order, that are the first match for some of the rule's
   * traffic: together they take all of it, and none is listed that takes none of it.
   */
  readonly coveredBy: readonly Rule[];
  /** Whether the covering rules have the rule's action, the opposite one, or both. */
  readonly cover: CoverKind;
}

/** Whether the rules that take a rule's traffic do what it does, the opposite, or both. */
export function coverKind(rule: Rule, coveredBy: readonly Rule[]): CoverKind {
  const same = coveredBy.some((c) => c.action === rule.action);
  const opposite = coveredBy.some((c) => c.action !== rule.action);
  return same && opposite ? "mixed" : opposite ? "opposite-action" : "same-action";
}

/**
 * The rules of one group, direction and IP version that never take effect for a member having
 * only that group: every (protocol, port, remote) they match is matched first by earlier rules.
 * Rules beyond the quota are left out (they neither take effect nor cover: HWSG002).
 */
export function shadowedRules(network: Network, groupId: string, direction: Direction, version: IpVersion): readonly ShadowedRule[] {
  const key = `analysis|shadowed|${groupId}|${direction}|${version}`;
  const cached = network.cache.get(key) as ShadowedRule[] | undefined;
  if (cached) return cached;
  const ordered = groupMatchingOrder(network, groupId, direction, version).map((rule) => ({ rule, remote: remoteView(network, rule) }));
  const out: ShadowedRule[] = [];
  for (let i = 1; i < ordered.length; i++) {
    const by = coveredBy(ordered[i], ordered.slice(0, i));
    if (by) out.push({ rule: ordered[i].rule, coveredBy: by, cover: coverKind(ordered[i].rule, by) });
  }
  network.cache.set(key, out);
  return out;
}

/** Whether a rule is one of the default rules of its group (nobody wrote it). */
function isDefaultRule(rule: Rule): boolean {
  return rule.id === defaultRuleId(rule.securityGroupId, rule.direction, rule.version);
}

/**
 * The severity of a never-effective rule. An opposite-action (or mixed) cover is an error: the
 * rule was written to deny (allow) traffic that earlier rules allow (deny), so its intent is
 * silently defeated — a deny that never takes effect leaves open what it was meant to close (seed
 * 001 case 3), an allow that never takes effect blocks what it was meant to let in. A same-action
 * cover only makes the rule redundant (a warning), and a default rule is never an error: nobody
 * wrote it, and covering it is how a group with its defaults kept overrides them.
 */
export function coverSeverity(rule: Rule, cover: CoverKind): Severity {
  return cover === "same-action" || isDefaultRule(rule) ? "warning" : "error";
}

const capitalized = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** `the allow rule a`, `the deny rules b and c`: the covering rules grouped by action, in order of first appearance. */
function describeCover(by: readonly Rule[]): string {
  const actions = [...new Set(by.map((b) => b.action))];
  return joinWords(
    actions.map((action) => {
      const ids = by.filter((b) => b.action === action).map((b) => b.id);
      return `the ${action} rule${ids.length === 1 ? "" : "s"} ${listIds(ids)}`;
    }),
  );
}

/** The message of a never-effective rule: `Deny rule x … never takes effect, covered by the allow rule y: …`. */
function shadowedMessage(groupId: string, { rule, coveredBy: by, cover }: ShadowedRule): string {
  const verb = rule.action;
  const opposite = verb === "allow" ? "denied" : "allowed";
  const outcome =
    cover === "same-action" ? "so it is redundant (same action)" :
    cover === "opposite-action" ? `so the traffic it should ${verb} is ${opposite} (opposite action)` :
    `so some of the traffic it should ${verb} is ${opposite} (mixed actions)`;
  const earlier = by.length === 1 ? "that rule" : "those rules";
  return (
    `${capitalized(verb)} rule ${rule.id} of security group ${groupId} never takes effect, covered by ${describeCover(by)}: ` +
    `everything it matches (${describeRule(rule)}) is matched first by ${earlier}, ${outcome}.`
  );
}

/** The one-line fix of a never-effective rule: remove it, or move it before the opposite-action rules. */
function shadowedFix(groupId: string, { rule, coveredBy: by, cover }: ShadowedRule): string {
  if (isDefaultRule(rule)) {
    return `Set delete_default_rules = true on ${groupId} and write the rules you mean: its default rule ${rule.id} is always preceded by ${listIds(by.map((b) => b.id))}.`;
  }
  if (cover === "same-action") {
    const verb = by.length === 1 ? (rule.action === "allow" ? "allows" : "denies") : rule.action;
    return `Remove ${rule.id}: ${listIds(by.map((b) => b.id))} already ${verb} everything it matches.`;
  }
  const opposite = by.filter((b) => b.action !== rule.action);
  const first = opposite[0];
  const winners = listIds(opposite.map((b) => b.id));
  const they = opposite.length === 1 ? "it" : "they";
  if (rule.action === "deny") {
    return `Give ${rule.id} priority ${first.priority} so it is tried before ${winners} (at equal priority a deny is tried first), or remove it if ${they} should win.`;
  }
  if (first.priority > 1) {
    return `Give ${rule.id} priority ${first.priority - 1} so it is tried before ${winners} (a deny is tried before an allow of the same priority), or remove it if ${they} should win.`;
  }
  return `Narrow ${first.id} (a priority-1 deny, tried before every allow of ${groupId}) so it leaves out what ${rule.id} should allow, or remove ${rule.id} if the deny should win.`;
}

/** HWSG004 findings for every group of the network. */
export function shadowingFindings(network: Network): RankedFinding[] {
  const out: RankedFinding[] = [];
  for (const groupId of network.groups.keys()) {
    for (const direction of DIRECTIONS) {
      for (const version of VERSIONS) {
        for (const shadowed of shadowedRules(network, groupId, direction, version)) {
          const { rule, coveredBy: by, cover } = shadowed;
          const finding = makeFinding({
            code: "HWSG004",
            subject: rule.id,
            severity: coverSeverity(rule, cover),
            resource: ruleResource(rule.id),
            message: shadowedMessage(groupId, shadowed),
            fix: shadowedFix(groupId, shadowed),
            ruleIds: [rule.id, ...by.map((b) => b.id)],
            groupId,
            coveredBy: by.map((b) => b.id),
            cover,
          });
          out.push({ finding, tie: [] });
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

/** The one-line fix of an allow and a deny overlapping at the same priority: make the order explicit. */
function overlapFix(deny: Rule, allow: Rule): string {
  const p = deny.priority;
  const allowWins = p > 1 ? `give ${allow.id} priority ${p - 1}` : `give ${deny.id} priority ${p + 1}`;
  const denyWins = p > 1 ? `give ${deny.id} priority ${p - 1}` : `give ${allow.id} priority ${p + 1}`;
  return `If ${allow.id} should win on the overlap, ${allowWins}; if ${deny.id} should, ${denyWins}, so the order does not rest on deny-before-allow.`;
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
          const finding = makeFinding({
            code: "HWSG005",
            subject: deny.id,
            qualifiers: [allow.id],
            resource: ruleResource(deny.id),
            message,
            fix: overlapFix(deny, allow),
            ruleIds: [deny.id, allow.id],
            groupId,
          });
          out.push({ finding, tie: [] });
        }
      }
    }
  }
  return out;
}
