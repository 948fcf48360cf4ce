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
import { MAX_PROTOCOL, PROTOCOL_NUMBERS, hasPorts, protocolName } from "../core/protocol";
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

/** The (protocol, port) points on which the earlier denies' decision is constant, within the rule's protocols. */
function cells(rule: Rule, denies: readonly Rule[]): Array<{ protocol: number; port?: number }> {
  const named = new Set<number>();
  for (const d of denies) if (d.protocol !== undefined) named.add(d.protocol);
  const protocols = rule.protocol !== undefined ? [rule.protocol] : [...named];
  if (rule.protocol === undefined) {
    // One protocol no deny names stands for all of them (and carries no ports).
    for (let p = 0; p <= MAX_PROTOCOL; p++) {
      if (!named.has(p) && !hasPorts(p)) {
        protocols.push(p);
        break;
      }
    }
    for (const p of [PROTOCOL_NUMBERS.tcp, PROTOCOL_NUMBERS.udp]) if (!named.has(p)) protocols.push(p);
  }
  const out: Array<{ protocol: number; port?: number }> = [];
  for (const protocol of protocols) {
    if (!hasPorts(protocol)) {
      out.push({ protocol });
      continue;
    }
    const cuts = new Set<number>([MIN_PORT]);
    for (const d of denies) {
      if ((d.protocol !== undefined && d.protocol !== protocol) || !d.ports) continue;
      for (const [a, b] of d.ports.ranges) {
        cuts.add(a);
        if (b < MAX_PORT) cuts.add(b + 1);
      }
    }
    for (const port of cuts) out.push({ protocol, port });
  }
  return out;
}

/**
 * The most public addresses a rule lets through on one protocol and port of its group: those its
 * remote holds that no deny tried before it in its group matches.
 */
function widestLetThrough(network: Network, rule: Rule, earlier: readonly Rule[], publicRemote: AddressSet): bigint {
  const denies = earlier.filter((d) => d.action === "deny");
  let widest = 0n;
  for (const { protocol, port } of cells(rule, denies)) {
    let open = publicRemote;
    for (const d of denies) {
      if (d.protocol !== undefined && d.protocol !== protocol) continue;
      if (d.ports && (port === undefined || !d.ports.has(port))) continue;
      open = open.subtract(remoteAddresses(network, d, "by-address"));
      if (open.isEmpty) break;
    }
    if (open.size > widest) widest = open.size;
    if (widest === publicRemote.size) break;
  }
  return widest;
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
      ordered.forEach((rule, i) => {
        if (rule.action !== "allow" || !opensEveryPort(rule) || shadowed.has(rule.id) || rule.id === defaultRuleId(groupId, "ingress", version)) return;
        const publicRemote = remoteAddresses(network, rule, "by-address").intersect(PUBLIC_ADDRESSES[version]);
        if (publicRemote.size <= EXPOSURE_THRESHOLD[version]) return;
        if (widestLetThrough(network, rule, ordered.slice(0, i), publicRemote) <= EXPOSURE_THRESHOLD[version]) return;
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
      });
    }
  }
  return out;
}
