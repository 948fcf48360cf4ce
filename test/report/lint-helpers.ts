/**
 * Structural checks of rendered output for the report tests: a strict reader of the Mermaid
 * subset the renderer writes, a Markdown table checker and an SVG geometry reader.
 */

/** What `readMermaid` found. */
export interface MermaidGraph {
  readonly nodes: Map<string, { label: string; shape: string }>;
  readonly edges: { from: string; to: string; arrow: string; label: string }[];
  readonly linkStyles: { indexes: number[]; css: string }[];
}

/** Mermaid's `#<decimal>;` entity codes decoded. */
export function decodeMermaid(text: string): string {
  return text.replace(/#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)));
}

const ID = "n\\d+(?:_[A-Za-z0-9_]+)?";
/** A quoted label: no raw quote, angle bracket, pipe, semicolon, colon, percent, brace, bracket, paren, backslash or backtick. */
const LABEL = '"((?:[^"<>|;:%{}\\[\\]()\\\\`#]|#\\d+;)*)"';
const NODE = new RegExp(`^    (${ID})(\\(\\(|\\(\\[|\\[)${LABEL}(\\)\\)|\\]\\)|\\])$`);
const EDGE = new RegExp(`^    (${ID}) (-->|-\\.->|==>)\\|${LABEL}\\| (${ID})$`);
const LINK_STYLE = /^    linkStyle (\d+(?:,\d+)*) ((?:[a-z-]+:[#A-Za-z0-9. ]+)(?:,[a-z-]+:[#A-Za-z0-9. ]+)*)$/;
const CLASS_DEF = /^    classDef (internet|external|instance|group) ((?:[a-z-]+:#[0-9a-f]{6})(?:,[a-z-]+:#[0-9a-f]{6})*)$/;
const CLASS = new RegExp(`^    class (${ID}(?:,${ID})*) (internet|external|instance|group)$`);
const SHAPES: Record<string, string> = { "((": "))", "([": "])", "[": "]" };

/**
 * Reads Mermaid source line by line, throwing on anything outside the subset the renderer
 * writes: `flowchart LR`, quoted node and edge labels, sanitized ids, edges between defined
 * nodes, `linkStyle` indexes of existing edges, `classDef`/`class` of defined nodes.
 */
export function readMermaid(source: string): MermaidGraph {
  const lines = source.split("\n");
  if (lines[0] !== "flowchart LR") throw new Error(`first line is ${JSON.stringify(lines[0])}`);
  const graph: MermaidGraph = { nodes: new Map(), edges: [], linkStyles: [] };
  for (const line of lines.slice(1)) {
    let m: RegExpMatchArray | null;
    if ((m = line.match(NODE))) {
      if (graph.nodes.has(m[1])) throw new Error(`node ${m[1]} defined twice`);
      if (SHAPES[m[2]] !== m[4]) throw new Error(`unbalanced shape in ${line}`);
      if (graph.edges.length > 0) throw new Error(`node after edges: ${line}`);
      graph.nodes.set(m[1], { label: decodeMermaid(m[3]), shape: m[2] });
    } else if ((m = line.match(EDGE))) {
      for (const id of [m[1], m[4]]) if (!graph.nodes.has(id)) throw new Error(`edge names undefined node ${id}: ${line}`);
      graph.edges.push({ from: m[1], to: m[4], arrow: m[2], label: decodeMermaid(m[3]) });
    } else if ((m = line.match(LINK_STYLE))) {
      const indexes = m[1].split(",").map(Number);
      for (const i of indexes) if (i >= graph.edges.length) throw new Error(`linkStyle ${i} but ${graph.edges.length} edges`);
      graph.linkStyles.push({ indexes, css: m[2] });
    } else if (CLASS_DEF.test(line)) {
      // fine
    } else if ((m = line.match(CLASS))) {
      for (const id of m[1].split(",")) if (!graph.nodes.has(id)) throw new Error(`class of undefined node ${id}`);
    } else {
      throw new Error(`unexpected Mermaid line: ${JSON.stringify(line)}`);
    }
  }
  return graph;
}

/** The ```mermaid blocks of a Markdown document. */
export function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)\n```$/gm)].map((m) => m[1]);
}

/** The cells of a Markdown table row, split at pipes that are not backslash-escaped. */
export function tableCells(row: string): string[] {
  if (!row.startsWith("| ") || !row.endsWith(" |")) throw new Error(`not a table row: ${row}`);
  const inner = row.slice(2, -2);
  const cells: string[] = [];
  let current = "";
  for (let i = 0; i < inner.length; i++) {
    if (inner[i] === "\\" && i + 1 < inner.length) {
      current += inner[i] + inner[i + 1];
      i++;
    } else if (inner.startsWith(" | ", i)) {
      cells.push(current);
      current = "";
      i += 2;
    } else if (inner[i] === "|") {
      throw new Error(`unescaped pipe in cell of row: ${row}`);
    } else {
      current += inner[i];
    }
  }
  cells.push(current);
  return cells;
}

/** Every Markdown table of a document: header cells and rows of cells; throws when a row has the wrong width. */
export function markdownTables(markdown: string): { headers: string[]; rows: string[][] }[] {
  const lines = markdown.split("\n");
  const tables: { headers: string[]; rows: string[][] }[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    if (!lines[i].startsWith("| ") || !/^\|(---\|)+$/.test(lines[i + 1])) continue;
    const headers = tableCells(lines[i]);
    if (lines[i + 1].split("---").length - 1 !== headers.length) throw new Error(`separator width differs: ${lines[i + 1]}`);
    const rows: string[][] = [];
    let j = i + 2;
    for (; j < lines.length && lines[j].startsWith("|"); j++) {
      const cells = tableCells(lines[j]);
      if (cells.length !== headers.length) throw new Error(`row has ${cells.length} cells for ${headers.length} columns: ${lines[j]}`);
      rows.push(cells);
    }
    tables.push({ headers, rows });
    i = j;
  }
  return tables;
}

/** A rectangle read from SVG. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The `<rect>` of each `g.node` of an SVG, by `data-key` (HTML-escaped as written). */
export function svgNodeRects(svg: string): Map<string, Rect> {
  const out = new Map<string, Rect>();
  for (const m of svg.matchAll(/<g class="node node-[a-z]+" data-key="([^"]*)">.*?<rect x="([-\d.]+)" y="([-\d.]+)" width="([\d.]+)" height="([\d.]+)"/g)) {
    out.set(m[1], { x: Number(m[2]), y: Number(m[3]), w: Number(m[4]), h: Number(m[5]) });
  }
  return out;
}

/** Whether two rectangles share interior area. */
export function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}
