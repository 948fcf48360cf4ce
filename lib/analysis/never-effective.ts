/**
 * The rules of a security group that never take effect (the analysis behind HWSG004), judged per
 * group alone: the rules of one group, direction and IP version in the matching order of
 * semantics.md §2 (priority ascending, deny before allow, then configuration order), as a member
 * having only that group sees them. A rule never takes effect when every packet it matches is
 * matched first by earlier rules (cover-walk.ts defines it exactly, cover-search.ts finds it).
 */
import { quotaEffects } from "../core/effective-rules";
import { IpVersion } from "../core/ip";
import { Network } from "../core/network";
import { Direction, Rule } from "../core/rule";
import { searchCovers } from "./cover-search";
import { remoteView } from "./cover-walk";
import { CoverKind } from "./findings";

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

/** A rule that never takes effect in its group, and the earlier rules that take its traffic. */
export interface ShadowedRule {
  readonly rule: Rule;
  /**
   * The earlier rules, in matching order, that are the first match for some of the rule's
   * traffic: together they take all of it, and none is listed that takes none of it. Copies of
   * one rule share one array (do not modify it).
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
  const covers = searchCovers(ordered);
  const out: ShadowedRule[] = [];
  // The cover kind depends on the action and the covering rules only: copies of a rule share it.
  const kinds = new Map<readonly Rule[], { allow?: CoverKind; deny?: CoverKind }>();
  ordered.forEach(({ rule }, i) => {
    const by = covers[i];
    if (!by) return;
    let known = kinds.get(by);
    if (!known) kinds.set(by, (known = {}));
    const cover = (known[rule.action] ??= coverKind(rule, by));
    out.push({ rule, coveredBy: by, cover });
  });
  network.cache.set(key, out);
  return out;
}
