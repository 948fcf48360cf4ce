/**
 * The sections every report shares, in each format: what is not evaluated (values not known before apply, modules not expanded, resources not modelled) (what
 * the Terraform reader could not resolve statically, and what that means for the results) and
 * the reader's warnings (assumptions it made).
 */
import { escapeBreakable, escapeHtml } from "./html";
import { mdCode, mdTable, mdText } from "./markdown";
import { ReportUnknown } from "./model";
import { UnknownJson } from "./schema";
import { count, wrap } from "./text";

/** An unknown as the JSON documents write it. */
export function unknownJson(u: ReportUnknown): UnknownJson {
  return {
    file: u.file,
    address: u.address,
    field: u.field,
    expression: u.expression,
    reason: u.reason,
    effect: u.effect,
    groupIds: [...u.groupIds],
    canChangeVerdict: u.canChangeVerdict,
  };
}

/**
 * The text section of the unknowns, `Not evaluated: N items`, one block per value;
 * empty when there is none.
 * @param heading the section title @default "Not evaluated"
 */
export function unknownsText(unknowns: readonly ReportUnknown[], heading = "Not evaluated"): string {
  if (unknowns.length === 0) return "";
  const lines = [`${heading}: ${count(unknowns.length, "item")}`];
  for (const u of unknowns) {
    lines.push(wrap(`${u.file}: ${u.address}: ${u.field} = ${u.expression}`, "  ", "      "));
    lines.push(wrap(u.reason, "    why: ", "         "));
    lines.push(wrap(u.effect, "    effect: ", "            "));
    if (u.groupIds.length > 0) lines.push(wrap(u.groupIds.join(", "), "    groups: ", "            "));
  }
  return lines.join("\n");
}

/**
 * The text section of the reader's warnings, `Warnings: N`, one wrapped item each; empty when
 * there is none.
 */
export function warningsText(warnings: readonly string[]): string {
  if (warnings.length === 0) return "";
  return [`Warnings: ${warnings.length}`, ...warnings.map((w) => wrap(w, "  - ", "    "))].join("\n");
}

/**
 * The Markdown section of the unknowns: a heading and a table (resource, field, expression, why,
 * effect, groups); empty when there is none.
 * @param heading the section title @default "Not evaluated"
 */
export function unknownsMarkdown(unknowns: readonly ReportUnknown[], heading = "Not evaluated"): string {
  if (unknowns.length === 0) return "";
  const rows = unknowns.map((u) => [
    `${mdCode(u.address)} (${mdText(u.file)})`,
    mdCode(u.field),
    mdCode(u.expression),
    mdText(u.reason),
    mdText(u.effect),
    u.groupIds.map(mdCode).join(", "),
  ]);
  return `### ${mdText(heading)}: ${count(unknowns.length, "item")}\n\n${mdTable(["resource", "field", "expression", "why", "effect", "groups"], rows)}`;
}

/** The Markdown section of the reader's warnings, a heading and a list; empty when there is none. */
export function warningsMarkdown(warnings: readonly string[]): string {
  if (warnings.length === 0) return "";
  return `### Warnings (${warnings.length})\n\n${warnings.map((w) => `- ${mdText(w)}`).join("\n")}`;
}

/**
 * The HTML section of the unknowns: a heading and a table; empty when there is none.
 * @param heading the section title @default "Not evaluated"
 */
export function unknownsHtml(unknowns: readonly ReportUnknown[], heading = "Not evaluated"): string {
  if (unknowns.length === 0) return "";
  const rows = unknowns.map(
    (u) =>
      `<tr><td><code>${escapeBreakable(u.address)}</code><br><span class="kind">${escapeHtml(u.file)}</span></td><td><code>${escapeBreakable(u.field)}</code></td>` +
      `<td><code>${escapeBreakable(u.expression)}</code></td><td>${escapeBreakable(u.reason)}</td><td>${escapeBreakable(u.effect)}</td>` +
      `<td>${u.groupIds.map((g) => `<code>${escapeBreakable(g)}</code>`).join("<br>")}</td></tr>`,
  );
  return [
    `<section class="unknowns">`,
    `<h2>${escapeHtml(`${heading}: ${count(unknowns.length, "item")}`)}</h2>`,
    `<div class="scroll"><table class="unknowns">`,
    `<thead><tr><th>resource</th><th>field</th><th>expression</th><th>why</th><th>effect</th><th>groups</th></tr></thead>`,
    `<tbody>`,
    ...rows,
    `</tbody></table></div>`,
    `</section>`,
  ].join("\n");
}

/** The HTML section of the reader's warnings; empty when there is none. */
export function warningsHtml(warnings: readonly string[]): string {
  if (warnings.length === 0) return "";
  return [
    `<section class="warnings">`,
    `<h2>Warnings (${warnings.length})</h2>`,
    `<ul class="warnings">`,
    ...warnings.map((w) => `<li>${escapeHtml(w)}</li>`),
    `</ul>`,
    `</section>`,
  ].join("\n");
}
