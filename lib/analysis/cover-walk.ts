/**
 * The exact first-match walk of HWSG004: which earlier rules of a group take a rule's traffic,
 * judged cell by cell over protocol × elementary port intervals × addresses (interval
 * arithmetic). This is the definition the faster search of cover-search.ts answers for; it is
 * quadratic in the rules it is given, so that search hands it only short prefixes.
 *
 * A `remote_group_id` remote is symbolic: it matches the group's members from whatever address
 * they send, and members may be added later, so it is covered only by earlier rules of the same
 * remote group or by earlier address rules that together hold every address; it never covers an
 * address rule. It does take some traffic of the rules after it, though (a member sending from
 * one of their addresses, a member of both remote groups), so it is listed among the rules that
 * cover a rule when it comes first for some of that rule's traffic.
 */
import { AddressSet } from "../core/address-set";
import { Network } from "../core/network";
import { PortSet } from "../core/port-set";
import { hasPortSpace } from "../core/icmp";
import { MAX_PROTOCOL } from "../core/protocol";
import { Rule } from "../core/rule";

/** A rule's remote as the group-alone analysis sees it: addresses, or the members of a group. */
export type RemoteView =
  | { readonly kind: "addresses"; readonly addresses: AddressSet }
  | { readonly kind: "group"; readonly groupId: string };

/** The remote of a rule as the group-alone analysis sees it. */
export function remoteView(network: Network, rule: Rule): RemoteView {
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

/** A rule with its remote as the analysis sees it. */
export interface Viewed {
  readonly rule: Rule;
  readonly remote: RemoteView;
}

/** Whether an earlier rule can take any of the candidate's traffic (a cheap filter before the exact walk). */
export function mayOverlap(candidate: Viewed, earlier: Viewed): boolean {
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

/** What the walk found: whether the earlier rules take all of the candidate's traffic, and which of them take some, in matching order. */
export interface WalkResult {
  readonly covered: boolean;
  readonly takers: readonly Rule[];
}

/**
 * The exact walk of a candidate over the rules before it (in matching order; rules that cannot
 * overlap it may be left out, and so may any rules after a prefix that already covers it).
 * With `untilUncovered` the walk stops at the first cell the earlier rules leave partly open and
 * reports `covered: false` with no takers; without it every cell is walked, so the takers of a
 * rule that does take effect are known too (each earlier rule that is the first match of some
 * of its traffic).
 */
export function walkCover(candidate: Viewed, earlierAll: readonly Viewed[], untilUncovered: boolean): WalkResult {
  const earlier = earlierAll.filter((e) => mayOverlap(candidate, e));
  if (earlier.length === 0) return { covered: false, takers: [] };
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
  let covered = true;
  const cell = (rules: readonly Viewed[]): boolean => {
    if (walkCell(candidate, rules, takers)) return true;
    covered = false;
    return !untilUncovered;
  };
  for (const protocol of protocols) {
    const inProtocol = earlier.filter((e) => e.rule.protocol === undefined || e.rule.protocol === protocol);
    if (!hasPortSpace(protocol) || (r.protocol === undefined && inProtocol.every((e) => !e.rule.ports))) {
      if (!cell(inProtocol.filter((e) => !e.rule.ports))) return { covered: false, takers: [] };
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
        if (!cell(inProtocol.filter((e) => !e.rule.ports || e.rule.ports.has(port)))) return { covered: false, takers: [] };
      }
    }
  }
  return { covered, takers: earlier.filter((e) => takers.has(e)).map((e) => e.rule) };
}
