/**
 * HWSG008: an ingress allow rule that opens every port of tcp or udp, or every protocol, to the
 * internet. HWSG001 reports the high-risk ports such a rule exposes at each instance; this finding
 * reports the rule itself, because everything its members will ever listen on — a debug port, an
 * admin console, a service installed next year — is open too, listed or not.
 *
 * A rule is reported when all of these hold:
 * - it is an ingress `allow` rule written by someone (a group's default rules are not: they allow
 *   the group's own members only);
 * - it matches every port of its protocol: no `protocol` (every protocol), or `tcp`/`udp` without
 *   `ports`/`port_range_*` or with `1-65535`. Protocols without ports (icmp, gre, numbers) are not
 *   reported: a rule for them opens one protocol, not every service;
 * - its remote holds more public addresses than `EXPOSURE_THRESHOLD` (HWSG001's line between
 *   the internet and a chosen set of sources: `0.0.0.0/0`, `::/0`, no remote, `0.0.0.0/1`, an
 *   address group holding them; a remote group by its members' addresses);
 * - it takes effect in its group: not beyond the quota (HWSG002), not covered by earlier rules
 *   (HWSG004), and on some protocol and port the public addresses it matches that no earlier deny
 *   of its group matches still number more than the threshold.
 *
 * Egress rules are never reported: allowing every outbound connection is each group's default
 * (`egress` to `0.0.0.0/0` and `::/0`) and what most workloads need; restricting egress is a
 * choice (the EgressWhitelistSg pattern), not a defect.
 */
import { AddressSet } from "../core/address-set";
import { remoteAddresses } from "../core/allowed-space";
import { PUBLIC_ADDRESSES } from "../core/internet";
import { ETHERTYPE, IpVersion } from "../core/ip";
import { Network } from "../core/network";
import { MAX_PORT, MIN_PORT } from "../core/port-set";
import { PROTOCOL_NUMBERS, hasPorts, protocolName } from "../core/protocol";
import { Rule } from "../core/rule";
import { defaultRuleId } from "../core/security-group";
import { EXPOSURE_THRESHOLD, formatAddressCount, formatShare, shareOf } from "./exposure";
import { RankedFinding, makeFinding, ruleResource } from "./findings";
import { groupMatchingOrder, shadowedRules } from "./shadowing";

/** Whether a rule matches every port of its protocol (tcp/udp without ports) or every protocol. */
export function opensEveryPort(rule: Rule): boolean {
  if (rule.protocol === undefined) return true;
  return hasPorts(rule.protocol) && rule.ports === undefined;
}

/** A protocol no deny of the group names (and without ports): every such protocol is decided alike. */
const UNNAMED = -1;

/** Where `x` is in the ascending `cuts`: the index of the last cut at or below it. */
function cellOf(cuts: readonly number[], x: number): number {
  let lo = 0;
  let hi = cuts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (cuts[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The addresses denied, per port cell of one protocol, by the denies of a group tried before an
 * allow rule of priority `priority` (every deny of that priority or a smaller one: a deny is
 * tried before an allow of its priority). Cells whose denies hold every public address are left
 * out, and equal cells kept once. A segment tree over the cells gives each deny to O(log cells)
 * nodes, so the work is O(denies · log denies) set operations; memoized per group, version,
 * priority and protocol.
 */
function deniedCells(network: Network, groupId: string, version: IpVersion, ordered: readonly Rule[], priority: number, protocol: number): readonly AddressSet[] {
  const key = `analysis|open-ports|${groupId}|${version}|${priority}|${protocol}`;
  const cached = network.cache.get(key) as AddressSet[] | undefined;
  if (cached) return cached;
  const denies = ordered.filter((d) => d.action === "deny" && d.priority <= priority && (d.protocol === undefined || d.protocol === protocol));
  const withPorts = protocol !== UNNAMED && hasPorts(protocol);
  const cutSet = new Set<number>([MIN_PORT]);
  if (withPorts) {
    for (const d of denies) {
      for (const [a, b] of d.ports?.ranges ?? []) {
        cutSet.add(a);
        if (b < MAX_PORT) cutSet.add(b + 1);
      }
    }
  }
  const cuts = [...cutSet].sort((a, b) => a - b);
  const n = cuts.length;
  const tree: Array<AddressSet | undefined> = new Array(4 * n);
  const insert = (node: number, lo: number, hi: number, from: number, to: number, set: AddressSet): void => {
    if (to < lo || hi < from) return;
    if (from <= lo && hi <= to) {
      tree[node] = tree[node] ? tree[node]!.union(set) : set;
      return;
    }
    const mid = (lo + hi) >> 1;
    insert(2 * node, lo, mid, from, to, set);
    insert(2 * node + 1, mid + 1, hi, from, to, set);
  };
  for (const d of denies) {
    const remote = remoteAddresses(network, d, "by-address");
    if (!withPorts || !d.ports) insert(1, 0, n - 1, 0, n - 1, remote);
    else for (const [a, b] of d.ports.ranges) insert(1, 0, n - 1, cellOf(cuts, a), cellOf(cuts, b), remote);
  }
  const publicSpace = PUBLIC_ADDRESSES[version];
  const out: AddressSet[] = [];
  const seen = new Set<string>();
  const walk = (node: number, lo: number, hi: number, above: AddressSet): void => {
    const here = tree[node] ? above.union(tree[node]!) : above;
    if (publicSpace.subtract(here).isEmpty) return;
    if (lo === hi) {
      const text = here.toString();
      if (!seen.has(text)) {
        seen.add(text);
        out.push(here);
      }
      return;
    }
    const mid = (lo + hi) >> 1;
    walk(2 * node, lo, mid, here);
    walk(2 * node + 1, mid + 1, hi, here);
  };
  walk(1, 0, n - 1, AddressSet.empty(version));
  network.cache.set(key, out);
  return out;
}

/**
 * Whether a rule lets more than the threshold of public addresses through on some protocol and
 * port: those its remote holds that no deny tried before it in its group matches.
 */
function letsInternetThrough(network: Network, groupId: string, version: IpVersion, ordered: readonly Rule[], rule: Rule, publicRemote: AddressSet): boolean {
  let protocols: number[];
  if (rule.protocol !== undefined) {
    protocols = [rule.protocol];
  } else {
    const key = `analysis|open-ports|${groupId}|${version}|${rule.priority}|protocols`;
    let named = network.cache.get(key) as number[] | undefined;
    if (!named) {
      const set = new Set<number>([PROTOCOL_NUMBERS.tcp, PROTOCOL_NUMBERS.udp]);
      for (const d of ordered) if (d.action === "deny" && d.priority <= rule.priority && d.protocol !== undefined) set.add(d.protocol);
      named = [...set, UNNAMED];
      network.cache.set(key, named);
    }
    protocols = named;
  }
  const threshold = EXPOSURE_THRESHOLD[version];
  return protocols.some((protocol) =>
    deniedCells(network, groupId, version, ordered, rule.priority, protocol).some((denied) => publicRemote.subtract(denied).size > threshold),
  );
}

/** The remote of a rule as its finding names it. */
function remoteText(network: Network, rule: Rule): string {
  switch (rule.remote.kind) {
    case "any":
      return "any address (no remote)";
    case "cidr":
      return rule.remote.cidr;
    case "addressGroup": {
      const ag = network.addressGroups.get(rule.remote.addressGroupId);
      return `address group ${rule.remote.addressGroupId}${ag ? ` (${ag.addresses.toString()})` : ""}`;
    }
    case "group":
      return `the members of ${rule.remote.groupId}`;
  }
}

/** What the rule opens: `every tcp port`, `every protocol and port`. */
function openedText(rule: Rule): string {
  return rule.protocol === undefined ? "every protocol and port" : `every ${protocolName(rule.protocol)} port`;
}

function openFix(rule: Rule): string {
  const ports = rule.protocol === undefined ? `protocol "tcp" or "udp" and the ports its members serve (ports = "443")` : `ports = "<the ports its members serve>"`;
  const remote =
    rule.remote.kind === "cidr" ? `replace remote_ip_prefix ${rule.remote.cidr} with your trusted CIDRs or a remote_group_id` :
    rule.remote.kind === "any" ? "give it a remote_ip_prefix of your trusted CIDRs or a remote_group_id" :
    rule.remote.kind === "addressGroup" ? `remove the public addresses from address group ${rule.remote.addressGroupId}` :
    `give the members of ${rule.remote.groupId} private fixed IPs`;
  return `Write ${rule.id} for what must be reachable, with ${ports}, or ${remote}.`;
}

/** HWSG008 findings: every effective ingress allow rule that opens every port (or every protocol) to the internet. */
export function openPortsFindings(network: Network): RankedFinding[] {
  const out: RankedFinding[] = [];
  for (const groupId of network.groups.keys()) {
    for (const version of [4, 6] as const satisfies readonly IpVersion[]) {
      const ordered = groupMatchingOrder(network, groupId, "ingress", version);
      if (!ordered.some((r) => r.action === "allow" && opensEveryPort(r))) continue;
      const shadowed = new Set(shadowedRules(network, groupId, "ingress", version).map((s) => s.rule.id));
      for (const rule of ordered) {
        if (rule.action !== "allow" || !opensEveryPort(rule) || shadowed.has(rule.id) || rule.id === defaultRuleId(groupId, "ingress", version)) continue;
        const publicRemote = remoteAddresses(network, rule, "by-address").intersect(PUBLIC_ADDRESSES[version]);
        if (publicRemote.size <= EXPOSURE_THRESHOLD[version]) continue;
        if (!letsInternetThrough(network, groupId, version, ordered, rule, publicRemote)) continue;
        const ip = ETHERTYPE[version];
        const share = shareOf(publicRemote.size, PUBLIC_ADDRESSES[version].size);
        const count = formatAddressCount(publicRemote.size);
        const who = share >= 1 ? `all public ${ip} addresses (${count})` : `${count} public ${ip} addresses (${formatShare(share)})`;
        const message =
          `Rule ${rule.id} of security group ${groupId} allows ${openedText(rule)} from ${remoteText(network, rule)}, ${who}: ` +
          `every service its members listen on is open to the internet, listed or not.`;
        const finding = makeFinding({
          code: "HWSG008",
          subject: rule.id,
          resource: ruleResource(rule.id),
          message,
          fix: openFix(rule),
          ruleIds: [rule.id],
          groupId,
        });
        out.push({ finding, tie: [version] });
      }
    }
  }
  return out;
}
