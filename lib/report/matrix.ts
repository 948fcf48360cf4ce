/**
 * The report of `hwsg matrix`: who reaches whom on which protocols and ports, in the four
 * formats — per-source lists and a grid for a terminal, a Mermaid diagram and a table for a pull
 * request, an HTML table and an inline SVG diagram for a browser.
 */
import type { MatrixCell, MatrixNode, ReachabilityMatrix } from "../analysis/matrix";
import { COMPUTE_INSTANCE, kindLabel, roleText } from "../analysis/member-text";
import { PARTIAL_NOTE, matrixDiagram } from "./diagram";
import { escapeControls, escapeControlsLine } from "./controls";
import { escapeHtml, htmlPage } from "./html";
import { toJsonText } from "./json";
import { mdCode, mdInlineCode, mdTable, mdText } from "./markdown";
import { mermaidBlock } from "./mermaid";
import { MatrixReport } from "./model";
import { matrixNodeLabel, matrixNodeNames, nameOf } from "./names";
import { MATRIX_SCHEMA, MatrixJson } from "./schema";
import { unknownJson, unknownsHtml, unknownsMarkdown, unknownsText, warningsHtml, warningsMarkdown, warningsText } from "./sections";
import { formatService, formatServices, serviceJson } from "./services";
import { diagramLegendHtml, renderSvgDiagram } from "./svg-diagram";
import { TEXT_WIDTH, count, wrap } from "./text";

/** The cells in the matrix' order (by the node order of `from`, then of `to`), whatever order they came in. */
function orderedCells(matrix: ReachabilityMatrix): MatrixCell[] {
  const index = new Map(matrix.nodes.map((n, i) => [n.id, i]));
  const pos = (id: string) => index.get(id) ?? matrix.nodes.length;
  return matrix.cells
    .map((cell, i) => ({ cell, i }))
    .sort((a, b) => pos(a.cell.from) - pos(b.cell.from) || pos(a.cell.to) - pos(b.cell.to) || a.i - b.i)
    .map((x) => x.cell);
}

/** The services of a cell, with `(some addresses)` when only some addresses of the source reach. */
function cellServices(cell: MatrixCell): string {
  return `${formatServices(cell.services)}${cell.complete ? "" : ` ${PARTIAL_NOTE}`}`;
}

/** What a node is, for the node lists: a member's kind (`rds_instance`, `compute_interface_attach, NIC of …`), a group, the internet. */
function kindName(node: MatrixNode): string {
  return node.kind === "group" ? "security group (a member with only this group)" : node.kind === "internet" ? "every public address" : roleText(node);
}

function headline(report: MatrixReport): string {
  const m = report.matrix;
  const partial = m.cells.filter((c) => !c.complete).length;
  return `hwsg matrix (IPv${m.version}): ${count(m.nodes.length, "node")}, ${count(m.cells.length, "reachable pair")}${partial > 0 ? ` (${partial} from some addresses only)` : ""}`;
}

/** The grid of the text report, or "" when it does not fit in the width. */
function grid(matrix: ReachabilityMatrix, names: ReadonlyMap<string, string>): string {
  const n = matrix.nodes.length;
  if (n === 0) return "";
  const width = Math.max(...matrix.nodes.map((x) => nameOf(names, x.id).length));
  const num = String(n).length;
  const cellW = Math.max(2, num) + 1;
  const lead = num + 1 + width + 1;
  if (lead + n * cellW > TEXT_WIDTH) return "";
  const mark = new Map(matrix.cells.map((c) => [`${c.from}\u0000${c.to}`, c.complete ? "x" : "~"]));
  const lines = ["Grid (row reaches column; x = yes, ~ = from some addresses only, . = no):"];
  lines.push(`${" ".repeat(lead)}${matrix.nodes.map((_, j) => String(j + 1).padStart(cellW)).join("")}`);
  matrix.nodes.forEach((from, i) => {
    const cells = matrix.nodes.map((to, j) => (i === j ? "-" : (mark.get(`${from.id}\u0000${to.id}`) ?? ".")).padStart(cellW)).join("");
    lines.push(`${String(i + 1).padStart(num)} ${nameOf(names, from.id).padEnd(width)} ${cells}`.trimEnd());
  });
  return lines.join("\n");
}

/**
 * The matrix for a terminal (100 columns): a header, the nodes with their Terraform addresses and
 * (members) their kinds, one
 * block per source (`web1 → app1: tcp 8080`, `(some addresses)` for incomplete cells), the nodes
 * that reach nothing, a grid when it fits, the unknowns and the warnings. Control characters
 * from the input are written as `\u001b` escapes (`escapeControls`).
 */
export function renderMatrixText(report: MatrixReport): string {
  const m = report.matrix;
  // Names on one line each, escaped before the columns are measured.
  const names = new Map([...matrixNodeNames(m.nodes)].map(([id, name]) => [id, escapeControlsLine(name)]));
  const blocks: string[] = [[headline(report), wrap(report.files.join(", ") || "none", "files: ", "       ")].join("\n")];
  if (m.nodes.length > 0) {
    const width = Math.max(...m.nodes.map((x) => nameOf(names, x.id).length));
    const what = (x: MatrixNode) => (x.kind === "internet" ? "every public address" : x.kind === "group" ? escapeControlsLine(x.id) : `${escapeControlsLine(x.id)} (${escapeControlsLine(kindName(x))})`);
    blocks.push(["Nodes:", ...m.nodes.map((x) => `  ${nameOf(names, x.id).padEnd(width)}  ${what(x)}`)].join("\n"));
  }
  const cells = orderedCells(m);
  if (cells.length === 0) blocks.push("Nothing reaches anything.");
  const silent: string[] = [];
  for (const node of m.nodes) {
    const own = cells.filter((c) => c.from === node.id);
    if (own.length === 0) {
      silent.push(nameOf(names, node.id));
      continue;
    }
    blocks.push(own.map((c) => wrap(`${nameOf(names, c.from)} → ${nameOf(names, c.to)}: ${cellServices(c)}`, "", "    ")).join("\n"));
  }
  if (silent.length > 0 && cells.length > 0) blocks.push(wrap(silent.join(", "), "Reach nothing: ", "    "));
  const g = grid(m, names);
  if (g) blocks.push(g);
  const unknowns = unknownsText(report.unknowns);
  if (unknowns) blocks.push(unknowns);
  const warnings = warningsText(report.warnings);
  if (warnings) blocks.push(warnings);
  return escapeControls(`${blocks.join("\n\n")}\n`);
}

/** The matrix as a `hwsg/matrix@1` JSON document (lib/report/schema.ts `MatrixJson`). */
export function renderMatrixJson(report: MatrixReport): string {
  const m = report.matrix;
  const doc: MatrixJson = {
    schema: MATRIX_SCHEMA,
    files: [...report.files],
    version: m.version,
    summary: { nodes: m.nodes.length, cells: m.cells.length, incompleteCells: m.cells.filter((c) => !c.complete).length, unknowns: report.unknowns.length },
    nodes: m.nodes.map((n) => ({ id: n.id, kind: n.kind, label: matrixNodeLabel(n), memberKind: n.memberKind ?? null, attachedTo: n.attachedTo ?? null, launched: n.launched === true })),
    cells: orderedCells(m).map((c) => ({
      from: c.from,
      to: c.to,
      services: c.services.map(serviceJson),
      servicesText: formatServices(c.services),
      complete: c.complete,
      example: c.example,
      rule: c.rule,
    })),
    unknowns: report.unknowns.map(unknownJson),
    warnings: [...report.warnings],
  };
  return toJsonText(doc);
}

/**
 * The matrix in Markdown for a pull request: a heading, the files, a Mermaid `flowchart LR` of
 * who reaches whom (dotted edges: from some addresses only), a table of the reachable pairs
 * (from, to, services, example flow, rule), the nodes, the unknowns and the warnings.
 */
export function renderMatrixMarkdown(report: MatrixReport): string {
  const m = report.matrix;
  const names = matrixNodeNames(m.nodes);
  const parts: string[] = [`## ${mdText(headline(report))}`, `Files: ${report.files.length === 0 ? "none" : report.files.map(mdInlineCode).join(", ")}`];
  const cells = orderedCells(m);
  if (m.nodes.length > 0) parts.push(mermaidBlock(matrixDiagram({ ...m, cells })));
  if (cells.length === 0) {
    parts.push("Nothing reaches anything.");
  } else {
    const rows = cells.map((c) => [mdCode(nameOf(names, c.from)), mdCode(nameOf(names, c.to)), mdText(cellServices(c)), mdText(c.example), c.rule === null ? "none" : mdCode(c.rule)]);
    parts.push(mdTable(["from", "to", "services", "example flow", "rule"], rows));
  }
  if (m.nodes.length > 0) {
    const rows = m.nodes.map((n) => [mdCode(nameOf(names, n.id)), mdText(kindName(n)), n.kind === "internet" ? "" : mdCode(n.id)]);
    parts.push(`### Nodes\n\n${mdTable(["node", "kind", "address"], rows)}`);
  }
  const unknowns = unknownsMarkdown(report.unknowns);
  if (unknowns) parts.push(unknowns);
  const warnings = warningsMarkdown(report.warnings);
  if (warnings) parts.push(warnings);
  return `${parts.join("\n\n")}\n`;
}

/** The matrix as an HTML `<table class="matrix">`: rows from, columns to, a cell's title its example flow and rule. */
export function matrixTableHtml(matrix: ReachabilityMatrix): string {
  const names = matrixNodeNames(matrix.nodes);
  const byPair = new Map(matrix.cells.map((c) => [`${c.from}\u0000${c.to}`, c]));
  const head = (n: MatrixNode, scope: "col" | "row") =>
    `<th scope="${scope}" data-id="${escapeHtml(n.id)}" title="${escapeHtml(n.kind === "internet" ? "every public address" : n.kind === "group" ? n.id : `${n.id} (${kindName(n)})`)}">${escapeHtml(nameOf(names, n.id))}<span class="kind">${escapeHtml(n.kind === "instance" ? kindLabel(n.memberKind ?? COMPUTE_INSTANCE) : n.kind)}</span></th>`;
  const out = [`<div class="scroll"><table class="matrix">`, `<thead><tr><th class="corner">from ↓ to →</th>${matrix.nodes.map((n) => head(n, "col")).join("")}</tr></thead>`, `<tbody>`];
  for (const from of matrix.nodes) {
    const tds = matrix.nodes.map((to) => {
      if (from.id === to.id) return `<td class="self">—</td>`;
      const c = byPair.get(`${from.id}\u0000${to.id}`);
      if (c === undefined) return `<td class="none"></td>`;
      const title = `${nameOf(names, from.id)} → ${nameOf(names, to.id)}${c.complete ? "" : ` ${PARTIAL_NOTE}`}\nexample: ${c.example}\nrule: ${c.rule ?? "none"}`;
      const services = c.services.length === 0 ? "nothing" : c.services.map((s) => escapeHtml(formatService(s))).join("<br>");
      return `<td class="${c.complete ? "reach" : "partial"}" title="${escapeHtml(title)}">${services}${c.complete ? "" : `<br><em>${escapeHtml(PARTIAL_NOTE)}</em>`}</td>`;
    });
    out.push(`<tr>${head(from, "row")}${tds.join("")}</tr>`);
  }
  out.push(`</tbody></table></div>`);
  return out.join("\n");
}

/**
 * The matrix as one self-contained HTML page: the counts, the files, an inline SVG diagram of
 * who reaches whom, the matrix table (hover a cell for its example flow and rule), the unknowns
 * and the warnings. No script: it renders with JavaScript disabled and without network.
 */
export function renderMatrixHtml(report: MatrixReport): string {
  const m = report.matrix;
  const cells = orderedCells(m);
  const body: string[] = [];
  body.push(`<h1>hwsg matrix (IPv${m.version})</h1>`);
  body.push(`<p class="summary">${escapeHtml(headline(report).replace(/^hwsg matrix \(IPv\d\): /, ""))}</p>`);
  body.push(`<p class="files">Files: ${report.files.length === 0 ? "none" : report.files.map((f) => `<code>${escapeHtml(f)}</code>`).join(", ")}</p>`);
  body.push(`<section class="diagram-section">`, `<h2>Who reaches whom</h2>`);
  const diagram = matrixDiagram({ ...m, cells });
  body.push(`<div class="diagram scroll">`, renderSvgDiagram(diagram, { idPrefix: "matrix", title: `who reaches whom (IPv${m.version})` }), `</div>`);
  body.push(diagramLegendHtml(diagram));
  body.push(`</section>`);
  body.push(`<section class="matrix-section">`, `<h2>Matrix</h2>`, `<p class="note">Rows reach columns; hover a cell for an example flow and the rule that admits it.</p>`);
  body.push(matrixTableHtml({ ...m, cells }));
  body.push(`</section>`);
  const unknowns = unknownsHtml(report.unknowns);
  if (unknowns) body.push(unknowns);
  const warnings = warningsHtml(report.warnings);
  if (warnings) body.push(warnings);
  return htmlPage(headline(report), body.join("\n"));
}
