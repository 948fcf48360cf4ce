/**
 * HWSG004 findings: rules that never take effect in their group (never-effective.ts finds them),
 * with the covering rules named and a one-line fix. Also the entry point of the per-group rule
 * analyses: HWSG005 (opposite-overlaps.ts) is re-exported from here.
 *
 * A finding lists at most `COVERED_BY_LISTED` covering rules in `coveredBy` and `ruleIds` (the
 * first ones in matching order); its message and fix still count all of them ("and N more").
 * Without a bound, n copies of a rule covered by n earlier rules would make a report of n² ids.
 */
import { Network } from "../core/network";
import { Rule, describeRule } from "../core/rule";
import { defaultRuleId } from "../core/security-group";
import { CoverKind, RankedFinding, Severity, joinWords, listIds, makeFinding, ruleResource } from "./findings";
import { ShadowedRule, shadowedRules } from "./never-effective";

export { coverKind, groupMatchingOrder, shadowedRules } from "./never-effective";
export type { ShadowedRule } from "./never-effective";
export { oppositeOverlaps, overlapFindings } from "./opposite-overlaps";
export type { OppositeOverlap } from "./opposite-overlaps";

/** How many covering rules a HWSG004 finding lists in `coveredBy` (and `ruleIds`); the message counts them all. */
export const COVERED_BY_LISTED = 100;

const DIRECTIONS = ["ingress", "egress"] as const;
const VERSIONS = [4, 6] as const;

/** Whether a rule is one of the default rules of its group (nobody wrote it). */
function isDefaultRule(rule: Rule): boolean {
  return rule.id === defaultRuleId(rule.securityGroupId, rule.direction, rule.version);
}

/**
 * The severity of a never-effective rule. An opposite-action (or mixed) cover is an error: the
 * rule was written to deny (allow) traffic that earlier rules allow (deny), so its intent is
 * silently defeated — a deny that never takes effect leaves open what it was meant to close (Alibaba Cloud "Security group guidelines and use cases",
 * case 3), an allow that never takes effect blocks what it was meant to let in. A same-action
 * cover only makes the rule redundant (a warning), and a default rule is never an error: nobody
 * wrote it, and covering it is how a group with its defaults kept overrides them.
 */
export function coverSeverity(rule: Rule, cover: CoverKind): Severity {
  return cover === "same-action" || isDefaultRule(rule) ? "warning" : "error";
}

const capitalized = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** The texts of one list of covering rules, computed once however many rules it covers (copies of a rule share it). */
interface CoverText {
  /** `the allow rule a`, `the deny rules b and c`: grouped by action, in order of first appearance. */
  readonly described: string;
  /** All their ids, `a, b and c` (at most 10 named, then `and N more`). */
  readonly ids: string;
  /** The ids a finding lists: the first `COVERED_BY_LISTED`. */
  readonly listed: readonly string[];
  readonly count: number;
  /** The covering rules of the other action than `allow` / `deny`: the first one, and their ids in words. */
  readonly opposite: Partial<Record<Rule["action"], { readonly first: Rule; readonly ids: string; readonly count: number }>>;
}

function coverText(by: readonly Rule[]): CoverText {
  const actions = [...new Set(by.map((b) => b.action))];
  const idsOf = (action: Rule["action"]): string[] => by.filter((b) => b.action === action).map((b) => b.id);
  const described = joinWords(
    actions.map((action) => {
      const ids = idsOf(action);
      return `the ${action} rule${ids.length === 1 ? "" : "s"} ${listIds(ids)}`;
    }),
  );
  const opposite: CoverText["opposite"] = {};
  for (const action of actions) {
    const against = action === "allow" ? "deny" : "allow";
    const ids = idsOf(action);
    opposite[against] = { first: by.find((b) => b.action === action)!, ids: listIds(ids), count: ids.length };
  }
  return { described, ids: listIds(by.map((b) => b.id)), listed: by.slice(0, COVERED_BY_LISTED).map((b) => b.id), count: by.length, opposite };
}

/** The message of a never-effective rule: `Deny rule x … never takes effect, covered by the allow rule y: …`. */
function shadowedMessage(groupId: string, { rule, cover }: ShadowedRule, text: CoverText): string {
  const verb = rule.action;
  const opposite = verb === "allow" ? "denied" : "allowed";
  const outcome =
    cover === "same-action" ? "so it is redundant (same action)" :
    cover === "opposite-action" ? `so the traffic it should ${verb} is ${opposite} (opposite action)` :
    `so some of the traffic it should ${verb} is ${opposite} (mixed actions)`;
  const earlier = text.count === 1 ? "that rule" : "those rules";
  return (
    `${capitalized(verb)} rule ${rule.id} of security group ${groupId} never takes effect, covered by ${text.described}: ` +
    `everything it matches (${describeRule(rule)}) is matched first by ${earlier}, ${outcome}.`
  );
}

/** The one-line fix of a never-effective rule: remove it, or move it before the opposite-action rules. */
function shadowedFix(groupId: string, { rule, cover }: ShadowedRule, text: CoverText): string {
  if (isDefaultRule(rule)) {
    return `Set delete_default_rules = true on ${groupId} and write the rules you mean: its default rule ${rule.id} is always preceded by ${text.ids}.`;
  }
  if (cover === "same-action") {
    const verb = text.count === 1 ? (rule.action === "allow" ? "allows" : "denies") : rule.action;
    return `Remove ${rule.id}: ${text.ids} already ${verb} everything it matches.`;
  }
  const { first, ids: winners, count } = text.opposite[rule.action]!;
  const they = count === 1 ? "it" : "they";
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
  const texts = new Map<readonly Rule[], CoverText>();
  for (const groupId of network.groups.keys()) {
    for (const direction of DIRECTIONS) {
      for (const version of VERSIONS) {
        for (const shadowed of shadowedRules(network, groupId, direction, version)) {
          const { rule, coveredBy: by, cover } = shadowed;
          let text = texts.get(by);
          if (!text) texts.set(by, (text = coverText(by)));
          const finding = makeFinding({
            code: "HWSG004",
            subject: rule.id,
            severity: coverSeverity(rule, cover),
            resource: ruleResource(rule.id),
            message: shadowedMessage(groupId, shadowed, text),
            fix: shadowedFix(groupId, shadowed, text),
            ruleIds: [rule.id, ...text.listed],
            groupId,
            coveredBy: text.listed,
            cover,
          });
          out.push({ finding, tie: [] });
        }
      }
    }
  }
  return out;
}
