/**
 * The report of `hwsg rules --member`: a member's rules in matching order, per direction and IP
 * version, with whether each takes effect and why not. Text, Markdown and JSON
 * (`schema: "hwsg/rules@1"`, a `rules` array in matching order).
 */
import { MemberRuleList } from "../analysis/member-rules";
import { MemberTraits, roleText } from "../analysis/member-text";
import { ETHERTYPE } from "../core/ip";
import { describeRule } from "../core/rule";
import { Unknown } from "../terraform/unknowns";
import { toJsonText } from "./json";
import { mdInlineCode, mdTable, mdText } from "./markdown";

/** The JSON schema id of the rules report. */
export const RULES_SCHEMA = "hwsg/rules@1";

/** What `hwsg rules` reports. */
export interface RulesReport {
  /** The member asked (its Terraform address, or a group's hypothetical member). */
  readonly member: string;
  /**
   * Its kind, what it is a NIC of, whether it stands for launched members (none for a hypothetical member).
   * @default none
   */
  readonly traits?: MemberTraits;
  /** Its security groups, in order. */
  readonly groups: readonly string[];
  readonly hypothetical: boolean;
  readonly flavor?: string;
  readonly lists: readonly MemberRuleList[];
  readonly files: readonly string[];
  readonly unknowns: readonly Unknown[];
  readonly warnings: readonly string[];
}

/** What the member is: `rds_instance`, `compute_interface_attach, NIC of …`, `hypothetical member`. */
function what(report: RulesReport): string {
  return report.hypothetical ? "hypothetical member" : roleText(report.traits ?? {});
}

function heading(l: MemberRuleList): string {
  return `${l.direction} ${ETHERTYPE[l.version]}`;
}

/** The text report. */
export function renderRulesText(report: RulesReport): string {
  const lines = [`${report.member} (${what(report)}): groups ${report.groups.join(", ") || "(none)"}${report.flavor ? `; flavor ${report.flavor}` : ""}`];
  for (const l of report.lists) {
    lines.push("", `${heading(l)}: ${l.rules.length === 0 ? "no rules (everything is denied)" : `${l.rules.length} rule${l.rules.length === 1 ? "" : "s"} in matching order`}`);
    l.rules.forEach((r, i) => {
      lines.push(`  ${String(i + 1).padStart(3)}. ${r.effective ? "effective    " : "NOT EFFECTIVE"} ${r.rule.id} [${r.groupId}]`);
      lines.push(`       ${describeRule(r.rule)}`);
      if (r.reason) lines.push(`       why not: ${r.reason}`);
    });
  }
  for (const u of report.unknowns) lines.push(`unknown: ${u.file}: ${u.address}: ${u.field} = ${u.expression}: ${u.reason}; ${u.effect}`);
  for (const w of report.warnings) lines.push(`warning: ${w}`);
  return `${lines.join("\n")}\n`;
}

/** The Markdown report. */
export function renderRulesMarkdown(report: RulesReport): string {
  const out = [`## Effective rules of ${mdInlineCode(report.member)} (${mdText(what(report))})`, "", `Groups, in order: ${report.groups.map(mdInlineCode).join(", ") || "(none)"}`];
  for (const l of report.lists) {
    out.push("", `### ${heading(l)}`, "");
    if (l.rules.length === 0) {
      out.push("No rules: everything is denied.");
      continue;
    }
    out.push(mdTable(["#", "Rule", "Group", "Match", "Effective"], l.rules.map((r, i) => [String(i + 1), mdInlineCode(r.rule.id), mdInlineCode(r.groupId), mdText(describeRule(r.rule)), r.effective ? "yes" : `**no**: ${mdText(r.reason ?? "")}`])));
  }
  return `${out.join("\n")}\n`;
}

/** The JSON report (`schema: "hwsg/rules@1"`): one `rules` array in matching order, direction and IP version by direction and IP version. */
export function renderRulesJson(report: RulesReport): string {
  return toJsonText({
    schema: RULES_SCHEMA,
    member: report.member,
    memberKind: report.traits?.memberKind ?? null,
    attachedTo: report.traits?.attachedTo ?? null,
    launched: report.traits?.launched === true,
    hypothetical: report.hypothetical,
    groups: [...report.groups],
    ...(report.flavor ? { flavor: report.flavor } : {}),
    files: [...report.files],
    rules: report.lists.flatMap((l) =>
      l.rules.map((r, i) => ({
        rule: r.rule.id,
        group: r.groupId,
        groupIndex: r.groupIndex,
        direction: l.direction,
        ethertype: ETHERTYPE[l.version],
        order: i + 1,
        priority: r.rule.priority,
        action: r.rule.action,
        match: describeRule(r.rule),
        effective: r.effective,
        ...(r.reason ? { reason: r.reason } : {}),
        ...(r.coveredBy ? { coveredBy: [...r.coveredBy] } : {}),
      })),
    ),
    unknowns: report.unknowns,
    warnings: [...report.warnings],
  });
}
