/**
 * HWSG005: an allow and a deny of one group, direction and IP version overlapping at the same
 * priority, where the deny wins whatever order they are written in. Judged per security group
 * alone, on the rules that take effect (HWSG004's never-effective rules are left out).
 */
import { AddressSet } from "../core/address-set";
import { ETHERTYPE, IpVersion } from "../core/ip";
import { Network } from "../core/network";
import { MAX_PORT, MIN_PORT, PortSet } from "../core/port-set";
import { describePort, describePorts, hasPortSpace, isIcmp } from "../core/icmp";
import { protocolName } from "../core/protocol";
import { Direction, Rule } from "../core/rule";
import { Viewed, remoteView } from "./cover-walk";
import { RankedFinding, makeFinding, ruleResource } from "./findings";
import { groupMatchingOrder, shadowedRules } from "./never-effective";

const DIRECTIONS = ["ingress", "egress"] as const;
const VERSIONS = [4, 6] as const;

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
  } else if (hasPortSpace(protocol)) {
    const ports = (a.rule.ports ?? PortSet.ALL).intersect(b.rule.ports ?? PortSet.ALL);
    if (ports.isEmpty) return undefined;
    const name = protocolName(protocol);
    const all = ports.equals(PortSet.range(MIN_PORT, MAX_PORT));
    if (isIcmp(protocol)) {
      what = all ? `${name} (every message)` : `${name} ${describePorts(protocol, ports.ranges)}`;
      example = `${name} ${describePort(protocol, ports.first()!)}`;
    } else {
      what = all ? `${name} (all ports)` : `${name} port${ports.ranges.length === 1 && ports.ranges[0][0] === ports.ranges[0][1] ? "" : "s"} ${ports.toString()}`;
      example = `${name} port ${ports.first()}`;
    }
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
