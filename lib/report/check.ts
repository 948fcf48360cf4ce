/**
 * The report of `hwsg check`: every finding (errors first), what is not evaluated (values not known before apply, modules not expanded, resources not modelled)
 * and the reader's warnings, in the four formats.
 */
import { escapeControls, escapeControlsLine } from "./controls";
import { escapeBreakable, escapeHtml, htmlPage } from "./html";
import { toJsonText } from "./json";
import { mdCode, mdInlineCode, mdTable, mdText } from "./markdown";
import { CheckReport, ReportFinding, ReportSeverity, SEVERITIES, countBySeverity, orderFindings } from "./model";
import { CHECK_SCHEMA, CheckJson, FindingJson } from "./schema";
import { unknownJson, unknownsHtml, unknownsMarkdown, unknownsText, warningsHtml, warningsMarkdown, warningsText } from "./sections";
import { count, wrap } from "./text";

/** `1 error, 2 warnings, 0 infos`. */
export function severitySummary(findings: readonly ReportFinding[]): string {
  const counts = countBySeverity(findings);
  return SEVERITIES.map((s) => count(counts[s], s)).join(", ");
}

/** The rules worth listing besides the resource: none when the only rule is the resource itself. */
function extraRules(f: ReportFinding): readonly string[] {
  return f.ruleIds.length === 1 && f.ruleIds[0] === f.resource ? [] : f.ruleIds;
}

function findingJson(f: ReportFinding): FindingJson {
  return {
    id: f.id,
    code: f.code,
    severity: f.severity,
    resource: f.resource,
    message: f.message,
    fix: f.fix,
    groupId: f.groupId ?? null,
    instanceId: f.instanceId ?? null,
    memberKind: f.memberKind ?? null,
    ruleIds: [...f.ruleIds],
    coveredBy: f.coveredBy ? [...f.coveredBy] : null,
    cover: f.cover ?? null,
    exposure: f.exposure
      ? {
          service: f.exposure.service,
          port: f.exposure.port,
          protocol: f.exposure.protocol,
          version: f.exposure.version,
          publicAddresses: f.exposure.publicAddresses,
          share: f.exposure.share,
          example: f.exposure.example,
        }
      : null,
    suppression: f.suppression ? { reason: f.suppression.reason, file: f.suppression.file, line: f.suppression.line } : null,
    baselineState: f.baselineState ?? null,
  };
}

/** ` (in baseline)` for a finding the baseline holds, else nothing. */
function baselineMark(f: ReportFinding): string {
  return f.baselineState === "unchanged" ? " (in baseline)" : "";
}

/** `; 2 in baseline, 1 new, 1 baseline entry no longer found`, or nothing without a baseline. */
function baselineSummary(report: CheckReport): string {
  if (!report.baseline) return "";
  const unchanged = report.findings.filter((f) => f.baselineState === "unchanged").length;
  const fresh = report.findings.filter((f) => f.baselineState === "new").length;
  return `; ${unchanged} in baseline, ${fresh} new, ${count(report.baseline.absent.length, "baseline entry", "baseline entries")} no longer found`;
}

/**
 * The check report for a terminal (at most 100 columns, but for single words longer than a
 * line): a header, one block per finding (`ERROR HWSG001 <resource>`, the message, `fix: …`,
 * the id and the rules), what is not evaluated (values not known before apply, modules not expanded, resources not modelled), the warnings, and a summary line.
 * Control characters from the input are written as `\u001b` escapes (`escapeControls`).
 */
export function renderCheckText(report: CheckReport): string {
  const findings = orderFindings(report.findings);
  const blocks: string[] = [];
  blocks.push(
    [`hwsg check: ${count(findings.length, "finding")} (${severitySummary(findings)})`, wrap(report.files.join(", ") || "none", "files: ", "       ")].join("\n"),
  );
  if (findings.length === 0) blocks.push("No findings.");
  for (const f of findings) {
    const lines = [`${f.severity.toUpperCase()} ${f.code} ${escapeControlsLine(f.resource)}${baselineMark(f)}`, wrap(f.message, "  ", "  "), wrap(f.fix, "  fix: ", "       ")];
    if (f.id !== f.code) lines.push(wrap(f.id, "  id: ", "      "));
    const rules = extraRules(f);
    if (rules.length > 0) lines.push(wrap(rules.join(", "), "  rules: ", "         "));
    blocks.push(lines.join("\n"));
  }
  const unknowns = unknownsText(report.unknowns);
  if (unknowns) blocks.push(unknowns);
  const warnings = warningsText(report.warnings);
  if (warnings) blocks.push(warnings);
  if (report.baseline && report.baseline.absent.length > 0) {
    blocks.push([`In the baseline ${escapeControlsLine(report.baseline.file)} but no longer found:`, ...report.baseline.absent.map((id) => wrap(id, "  ", "    "))].join("\n"));
  }
  blocks.push(`Summary: ${severitySummary(findings)}; ${count(report.unknowns.length, "item")} not evaluated${baselineSummary(report)}.`);
  return escapeControls(`${blocks.join("\n\n")}\n`);
}

/** The check report as a `hwsg/check@1` JSON document (lib/report/schema.ts `CheckJson`). */
export function renderCheckJson(report: CheckReport): string {
  const findings = orderFindings(report.findings);
  const counts = countBySeverity(findings);
  const doc: CheckJson = {
    schema: CHECK_SCHEMA,
    files: [...report.files],
    summary: { errors: counts.error, warnings: counts.warning, infos: counts.info, unknowns: report.unknowns.length },
    findings: findings.map(findingJson),
    unknowns: report.unknowns.map(unknownJson),
    warnings: [...report.warnings],
    baseline: report.baseline
      ? {
          file: report.baseline.file,
          new: findings.filter((f) => f.baselineState === "new").length,
          unchanged: findings.filter((f) => f.baselineState === "unchanged").length,
          absent: [...report.baseline.absent],
        }
      : null,
  };
  return toJsonText(doc);
}

const SEVERITY_MARK: Record<ReportSeverity, string> = { error: "**error**", warning: "warning", info: "info" };

/**
 * The check report in Markdown for a pull request: a heading with the counts, the files, a
 * findings table (severity, id, resource, finding, fix), the unknowns and the warnings.
 */
export function renderCheckMarkdown(report: CheckReport): string {
  const findings = orderFindings(report.findings);
  const parts: string[] = [];
  parts.push(`## hwsg check: ${findings.length === 0 ? "no findings" : severitySummary(findings)}`);
  parts.push(`Files: ${report.files.length === 0 ? "none" : report.files.map(mdInlineCode).join(", ")}`);
  if (findings.length > 0) {
    const rows = findings.map((f) => [`${SEVERITY_MARK[f.severity]}${baselineMark(f)}`, mdCode(f.id), mdCode(f.resource), mdText(f.message), mdText(f.fix)]);
    parts.push(mdTable(["severity", "id", "resource", "finding", "fix"], rows));
  }
  const unknowns = unknownsMarkdown(report.unknowns);
  if (unknowns) parts.push(unknowns);
  const warnings = warningsMarkdown(report.warnings);
  if (warnings) parts.push(warnings);
  if (report.baseline && report.baseline.absent.length > 0) {
    parts.push([`### In the baseline but no longer found (${report.baseline.absent.length})`, "", ...report.baseline.absent.map((id) => `- ${mdCode(id)}`)].join("\n"));
  }
  return `${parts.join("\n\n")}\n`;
}

/**
 * The check report as one self-contained HTML page: the counts, the files, the findings table
 * (severity, id, resource, finding with its rules, fix), the unknowns and the warnings.
 */
export function renderCheckHtml(report: CheckReport): string {
  const rules = (f: ReportFinding) => {
    const list = extraRules(f);
    return list.length === 0 ? "" : `<span class="kind">rules: ${list.map((r) => `<code>${escapeBreakable(r)}</code>`).join(", ")}</span>`;
  };
  const findings = orderFindings(report.findings);
  const body: string[] = [];
  body.push(`<h1>hwsg check</h1>`);
  body.push(`<p class="summary">${escapeHtml(`${count(findings.length, "finding")}: ${severitySummary(findings)}; ${count(report.unknowns.length, "item")} not evaluated.`)}</p>`);
  body.push(`<p class="files">Files: ${report.files.length === 0 ? "none" : report.files.map((f) => `<code>${escapeBreakable(f)}</code>`).join(", ")}</p>`);
  body.push(`<section class="findings">`, `<h2>Findings (${findings.length})</h2>`);
  if (findings.length === 0) {
    body.push(`<p class="note">No findings.</p>`);
  } else {
    body.push(
      `<div class="scroll"><table class="findings">`,
      `<thead><tr><th>severity</th><th>id</th><th>resource</th><th>finding</th><th>fix</th></tr></thead>`,
      `<tbody>`,
    );
    for (const f of findings) {
      body.push(
        `<tr class="finding sev-row-${f.severity}"><td class="sev sev-${f.severity}">${escapeHtml(`${f.severity}${baselineMark(f)}`)}</td><td><code>${escapeBreakable(f.id)}</code></td>` +
          `<td><code>${escapeBreakable(f.resource)}</code></td><td>${escapeBreakable(f.message)}${rules(f)}</td><td>${escapeBreakable(f.fix)}</td></tr>`,
      );
    }
    body.push(`</tbody></table></div>`);
  }
  body.push(`</section>`);
  const unknowns = unknownsHtml(report.unknowns);
  if (unknowns) body.push(unknowns);
  const warnings = warningsHtml(report.warnings);
  if (warnings) body.push(warnings);
  if (report.baseline && report.baseline.absent.length > 0) {
    body.push(
      `<section class="baseline">`,
      `<h2>In the baseline <code>${escapeBreakable(report.baseline.file)}</code> but no longer found (${report.baseline.absent.length})</h2>`,
      `<ul>${report.baseline.absent.map((id) => `<li><code>${escapeBreakable(id)}</code></li>`).join("")}</ul>`,
      `</section>`,
    );
  }
  return htmlPage(`hwsg check: ${severitySummary(findings)}`, body.join("\n"));
}
