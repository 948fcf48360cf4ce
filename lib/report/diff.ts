/**
 * The report of `hwsg diff`: the groups of flows whose verdict changed (newly allowed, newly
 * denied), each with its ends, services, an example flow and the deciding rule before and after,
 * in the four formats. The diagrams show only the changed edges.
 */
import type { DiffEnd, FlowChangeGroup, NetworkDiff } from "../analysis/diff";
import { changeLabel, diffDiagram, ruleChange } from "./diagram";
import { escapeControls } from "./controls";
import { escapeBreakable, escapeHtml, htmlPage } from "./html";
import { toJsonText } from "./json";
import { mdCode, mdInlineCode, mdTable, mdText } from "./markdown";
import { mermaidBlock } from "./mermaid";
import { DiffReport } from "./model";
import { diffEndKey, diffEndNames, nameOf } from "./names";
import { DIFF_SCHEMA, DiffEndJson, DiffJson, FlowChangeJson } from "./schema";
import { unknownJson, unknownsHtml, unknownsMarkdown, unknownsText, warningsHtml, warningsMarkdown, warningsText } from "./sections";
import { formatServices, serviceJson } from "./services";
import { diagramLegendHtml, renderSvgDiagram } from "./svg-diagram";
import { count, list, wrap } from "./text";

/** `2 groups of flows newly allowed, 1 newly denied`, or `no flow changed its verdict`. */
export function diffHeadline(diff: NetworkDiff): string {
  if (diff.newlyAllowed.length === 0 && diff.newlyDenied.length === 0) return "no flow changed its verdict";
  return `${count(diff.newlyAllowed.length, "group")} of flows newly allowed, ${diff.newlyDenied.length} newly denied`;
}

function names(diff: NetworkDiff): ReadonlyMap<string, string> {
  return diffEndNames([...diff.newlyAllowed, ...diff.newlyDenied].flatMap((g) => [g.from, g.to]));
}

/** An end as the reports name it: `web1`, `internet`, CIDR blocks; `web1 (10.0.1.0/25)` when only some of a subnet's addresses are concerned. */
function endName(end: DiffEnd, byKey: ReadonlyMap<string, string>): string {
  const name = nameOf(byKey, diffEndKey(end));
  return end.instanceAddresses !== undefined && end.instanceAddresses.length > 0 ? `${name} (${end.instanceAddresses.join(", ")})` : name;
}

function endJson(end: DiffEnd): DiffEndJson {
  return {
    kind: end.kind,
    id: end.id,
    addresses: [...end.addresses],
    omittedBlocks: end.omittedBlocks ?? 0,
    instanceAddresses: end.instanceAddresses === undefined ? null : [...end.instanceAddresses],
    memberKind: end.memberKind ?? null,
    attachedTo: end.attachedTo ?? null,
    launched: end.launched === true,
  };
}

function groupJson(g: FlowChangeGroup): FlowChangeJson {
  return {
    change: g.change,
    version: g.version,
    from: endJson(g.from),
    to: endJson(g.to),
    services: g.services.map(serviceJson),
    servicesText: formatServices(g.services),
    example: g.example,
    ruleBefore: g.ruleBefore,
    ruleAfter: g.ruleAfter,
  };
}

function filesLine(files: readonly string[]): string {
  return files.length === 0 ? "none" : files.join(", ");
}

/**
 * The diff for a terminal (100 columns): the headline (`N groups of flows newly allowed, M newly
 * denied`), the files of both sides, each group (`+ internet → web1: tcp 22` with its example
 * flow and `rule: before → after`), the members added and removed, the unknowns of both sides
 * and the warnings. Control characters from the input are written as `\u001b` escapes.
 */
export function renderDiffText(report: DiffReport): string {
  const d = report.diff;
  const byKey = names(d);
  const blocks: string[] = [
    [`hwsg diff: ${diffHeadline(d)}`, wrap(filesLine(report.before.files), "before: ", "        "), wrap(filesLine(report.after.files), "after:  ", "        ")].join("\n"),
  ];
  const section = (title: string, sign: string, groups: readonly FlowChangeGroup[]) => {
    if (groups.length === 0) return;
    const lines = [`${title} (${count(groups.length, "group")}):`];
    for (const g of groups) {
      lines.push(wrap(`${sign} ${endName(g.from, byKey)} → ${endName(g.to, byKey)}: ${changeLabel(g)}`, "", "    "));
      lines.push(wrap(g.example, "    example: ", "             "));
      lines.push(wrap(ruleChange(g), "    rule: ", "          "));
    }
    blocks.push(lines.join("\n"));
  };
  section("Newly allowed", "+", d.newlyAllowed);
  section("Newly denied", "-", d.newlyDenied);
  if (d.addedInstances.length > 0 || d.removedInstances.length > 0) {
    blocks.push([wrap(list(d.addedInstances), "Members added: ", "    "), wrap(list(d.removedInstances), "Members removed: ", "    ")].join("\n"));
  }
  for (const [side, unknowns] of [["before", report.unknowns.before], ["after", report.unknowns.after]] as const) {
    const text = unknownsText(unknowns, `Not evaluated (${side} version)`);
    if (text) blocks.push(text);
  }
  const warnings = warningsText(report.warnings);
  if (warnings) blocks.push(warnings);
  return escapeControls(`${blocks.join("\n\n")}\n`);
}

/** The diff as a `hwsg/diff@1` JSON document (lib/report/schema.ts `DiffJson`). */
export function renderDiffJson(report: DiffReport): string {
  const d = report.diff;
  const doc: DiffJson = {
    schema: DIFF_SCHEMA,
    before: { files: [...report.before.files], unknowns: report.unknowns.before.map(unknownJson) },
    after: { files: [...report.after.files], unknowns: report.unknowns.after.map(unknownJson) },
    summary: {
      newlyAllowed: d.newlyAllowed.length,
      newlyDenied: d.newlyDenied.length,
      addedInstances: d.addedInstances.length,
      removedInstances: d.removedInstances.length,
    },
    newlyAllowed: d.newlyAllowed.map(groupJson),
    newlyDenied: d.newlyDenied.map(groupJson),
    addedInstances: [...d.addedInstances],
    removedInstances: [...d.removedInstances],
    warnings: [...report.warnings],
  };
  return toJsonText(doc);
}

function changesTableMarkdown(groups: readonly FlowChangeGroup[], byKey: ReadonlyMap<string, string>): string {
  const rows = groups.map((g) => [
    mdCode(endName(g.from, byKey)),
    mdCode(endName(g.to, byKey)),
    mdText(changeLabel(g)),
    mdText(g.example),
    `${g.ruleBefore === null ? "default deny" : mdCode(g.ruleBefore)} → ${g.ruleAfter === null ? "default deny" : mdCode(g.ruleAfter)}`,
  ]);
  return mdTable(["from", "to", "services", "example flow", "rule before → after"], rows);
}

/**
 * The diff in Markdown for a pull request: the headline, the files, a Mermaid diagram of only the
 * changed edges (newly allowed: thick green `==>`; newly denied: dashed red), a table per change
 * (from, to, services, example flow, rule before → after), the instances added and removed, the
 * unknowns of both sides and the warnings.
 */
export function renderDiffMarkdown(report: DiffReport): string {
  const d = report.diff;
  const byKey = names(d);
  const files = (f: readonly string[]) => (f.length === 0 ? "none" : f.map(mdInlineCode).join(", "));
  const parts: string[] = [`## hwsg diff: ${mdText(diffHeadline(d))}`, `Before: ${files(report.before.files)}  \nAfter: ${files(report.after.files)}`];
  const diagram = diffDiagram(d);
  if (diagram.edges.length > 0) parts.push(mermaidBlock(diagram));
  if (d.newlyAllowed.length > 0) parts.push(`### Newly allowed (${d.newlyAllowed.length})\n\n${changesTableMarkdown(d.newlyAllowed, byKey)}`);
  if (d.newlyDenied.length > 0) parts.push(`### Newly denied (${d.newlyDenied.length})\n\n${changesTableMarkdown(d.newlyDenied, byKey)}`);
  if (d.addedInstances.length > 0 || d.removedInstances.length > 0) {
    const ids = (xs: readonly string[]) => (xs.length === 0 ? "none" : xs.map(mdInlineCode).join(", "));
    parts.push(`### Members\n\n- added: ${ids(d.addedInstances)}\n- removed: ${ids(d.removedInstances)}`);
  }
  const before = unknownsMarkdown(report.unknowns.before, "Not evaluated (before version)");
  if (before) parts.push(before);
  const after = unknownsMarkdown(report.unknowns.after, "Not evaluated (after version)");
  if (after) parts.push(after);
  const warnings = warningsMarkdown(report.warnings);
  if (warnings) parts.push(warnings);
  return `${parts.join("\n\n")}\n`;
}

/** The changes as an HTML `<table class="changes">`, one row per group (title: the example flow and the rules). */
export function changesTableHtml(diff: NetworkDiff): string {
  const byKey = names(diff);
  const groups = [...diff.newlyAllowed, ...diff.newlyDenied];
  const code = (rule: string | null) => (rule === null ? "default deny" : `<code>${escapeBreakable(rule)}</code>`);
  const rows = groups.map((g) => {
    const title = `example: ${g.example}\nrule: ${ruleChange(g)}`;
    return (
      `<tr class="change ${g.change}" title="${escapeHtml(title)}"><td class="change">${g.change === "newly-allowed" ? "+ newly allowed" : "− newly denied"}</td>` +
      `<td><code>${escapeBreakable(endName(g.from, byKey))}</code></td><td><code>${escapeBreakable(endName(g.to, byKey))}</code></td>` +
      `<td class="mono">${escapeHtml(changeLabel(g))}</td><td>${escapeBreakable(g.example)}</td><td>${code(g.ruleBefore)} → ${code(g.ruleAfter)}</td></tr>`
    );
  });
  return [
    `<div class="scroll"><table class="changes">`,
    `<thead><tr><th>change</th><th>from</th><th>to</th><th>services</th><th>example flow</th><th>rule before → after</th></tr></thead>`,
    `<tbody>`,
    ...rows,
    `</tbody></table></div>`,
  ].join("\n");
}

/**
 * The diff as one self-contained HTML page: the headline, the files, an inline SVG diagram of
 * the changed edges, the changes table, the instances added and removed, the unknowns and the
 * warnings. No script: it renders with JavaScript disabled and without network.
 */
export function renderDiffHtml(report: DiffReport): string {
  const d = report.diff;
  const body: string[] = [`<h1>hwsg diff</h1>`, `<p class="summary">${escapeHtml(diffHeadline(d))}</p>`];
  const files = (f: readonly string[]) => (f.length === 0 ? "none" : f.map((x) => `<code>${escapeBreakable(x)}</code>`).join(", "));
  body.push(`<p class="files">Before: ${files(report.before.files)}</p>`, `<p class="files">After: ${files(report.after.files)}</p>`);
  const diagram = diffDiagram(d);
  if (diagram.edges.length > 0) {
    body.push(`<section class="diagram-section">`, `<h2>What changed</h2>`);
    body.push(`<div class="diagram scroll">`, renderSvgDiagram(diagram, { idPrefix: "diff", title: "flows whose verdict changed" }), `</div>`);
    body.push(diagramLegendHtml(diagram), `</section>`);
    body.push(`<section class="changes-section">`, `<h2>Changes (${diagram.edges.length})</h2>`, changesTableHtml(d), `</section>`);
  }
  if (d.addedInstances.length > 0 || d.removedInstances.length > 0) {
    const ids = (xs: readonly string[]) => (xs.length === 0 ? "none" : xs.map((x) => `<code>${escapeBreakable(x)}</code>`).join(", "));
    body.push(`<section class="instances">`, `<h2>Members</h2>`, `<ul>`, `<li>added: ${ids(d.addedInstances)}</li>`, `<li>removed: ${ids(d.removedInstances)}</li>`, `</ul>`, `</section>`);
  }
  const before = unknownsHtml(report.unknowns.before, "Not evaluated (before version)");
  if (before) body.push(before);
  const after = unknownsHtml(report.unknowns.after, "Not evaluated (after version)");
  if (after) body.push(after);
  const warnings = warningsHtml(report.warnings);
  if (warnings) body.push(warnings);
  return htmlPage(`hwsg diff: ${diffHeadline(d)}`, body.join("\n"));
}
