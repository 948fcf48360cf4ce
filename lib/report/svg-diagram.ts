/**
 * An inline SVG drawing of a diagram, laid out here deterministically (no JavaScript, no
 * external layout engine): outside addresses (`internet`) in the left column, instances in the
 * middle one, security groups in the right one, each column in the diagram's node order.
 *
 * Edges between neighbouring columns are curves through the gap between them; edges within a
 * column are arcs beside it (downwards on the right, upwards on the left); edges that skip a
 * column run along a lane above every node. Every edge ends in an arrow and carries its label
 * at the first point along it where the label overlaps no node and no other label. Text is
 * monospace, so its width is known without measuring it.
 */
import { Diagram, EDGE_STYLE_ORDER, DiagramEdge, DiagramEdgeStyle, DiagramNode, DiagramNodeKind } from "./diagram";
import { escapeHtml } from "./html";
import { Box, Point, Segment, inflate, overlapArea, pathData, pointOn, round, truncate } from "./svg-geometry";

export { diagramLegendHtml } from "./diagram-legend";

/** Options of `renderSvgDiagram`. */
export interface SvgDiagramOptions {
  /**
   * The prefix of the ids defined in the SVG (arrow markers), unique within the page.
   * @default "diagram"
   */
  readonly idPrefix?: string;
  /**
   * The accessible title of the drawing.
   * @default "diagram"
   */
  readonly title?: string;
}

/** The width of one character of the 12px monospace font (DejaVu Sans Mono: 0.602 em), rounded up. */
const CHAR_W = 7.25;
/** The longest node label drawn; longer ones end in `…` (the full name is in the tooltip). */
const MAX_NODE_CHARS = 30;
/** The longest edge label drawn. */
const MAX_EDGE_CHARS = 30;
const NODE_H = 32;
const NODE_PAD = 12;
const MIN_NODE_W = 96;
const ROW_PITCH = NODE_H + 30;
const MIN_GAP = 200;
const LABEL_H = 16;
const LANE_PITCH = 22;
const HEADING_Y = 14;
const ARC_BASE = 36;
const ARC_STEP = 18;
const PARALLEL_STEP = 12;
const MARGIN = 12;
/** Points along an edge tried for its label, as curve parameters, best first. */
const LABEL_POSITIONS = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.15, 0.85];

const COLUMN_OF: Record<DiagramNodeKind, number> = { internet: 0, external: 0, instance: 1, group: 2 };

const NODE_COLORS: Record<DiagramNodeKind, { fill: string; stroke: string; rx: number }> = {
  internet: { fill: "#fff4e5", stroke: "#b45309", rx: 16 },
  external: { fill: "#fff4e5", stroke: "#b45309", rx: 16 },
  instance: { fill: "#eef4ff", stroke: "#2f6f9f", rx: 3 },
  group: { fill: "#f3f0ff", stroke: "#6e56cf", rx: 10 },
};

const EDGE_STYLES: Record<DiagramEdgeStyle, { stroke: string; width: number; dash: string | null; text: string }> = {
  allowed: { stroke: "#2f6f9f", width: 1.6, dash: null, text: "#1f4e70" },
  partial: { stroke: "#2f6f9f", width: 1.6, dash: "6 4", text: "#1f4e70" },
  "newly-allowed": { stroke: "#1a7f37", width: 2.6, dash: null, text: "#116329" },
  "newly-denied": { stroke: "#cf222e", width: 1.8, dash: "6 4", text: "#a40e26" },
};

/** The width of monospace text. */
const textWidth = (text: string): number => Array.from(text).length * CHAR_W;

/** A node placed on the canvas. */
interface Placed {
  readonly node: DiagramNode;
  readonly column: number;
  readonly row: number;
  readonly box: Box;
  readonly text: string;
}

type Side = "left" | "right";

/** How an edge is routed. */
type Route = "direct" | "arc" | "lane";

interface Routed {
  readonly edge: DiagramEdge;
  readonly index: number;
  readonly route: Route;
  readonly from: Placed;
  readonly to: Placed;
  readonly fromSide: Side;
  readonly toSide: Side;
  /** For arcs, how far the arc reaches out from the column; 0 otherwise. */
  readonly bulge: number;
  /** For lane routes, the lane number (0 nearest the nodes); -1 otherwise. */
  readonly lane: number;
  readonly text: string;
}

/**
 * The diagram as an `<svg>` element (for inline use in HTML): a `g.node` per node (with
 * `data-key`, in the diagram's node order), a `g.edge` per edge (with `data-from`, `data-to` and the path ending in an arrow
 * marker) and a `g.edge-label` per edge; tooltips (`<title>`) carry the full names, the example
 * flow and the rules. Byte-identical output for the same diagram.
 * @throws Error when an edge names a node the diagram does not have
 */
export function renderSvgDiagram(diagram: Diagram, options: SvgDiagramOptions = {}): string {
  const prefix = (options.idPrefix ?? "diagram").replace(/[^A-Za-z0-9_-]/g, "_");
  const title = options.title ?? "diagram";
  if (diagram.nodes.length === 0) {
    return [
      `<svg xmlns="http://www.w3.org/2000/svg" class="diagram-svg" role="img" viewBox="0 0 240 40" width="240" height="40">`,
      `<title>${escapeHtml(title)}</title>`,
      `<text x="8" y="24" font-family="sans-serif" font-size="13" fill="#59636e">nothing to draw</text>`,
      `</svg>`,
    ].join("\n");
  }

  // Columns: only those with nodes, in the order internet, instances, groups.
  const present = [...new Set(diagram.nodes.map((n) => COLUMN_OF[n.kind]))].sort((a, b) => a - b);
  const columnOf = (n: DiagramNode) => present.indexOf(COLUMN_OF[n.kind]);
  const columns: DiagramNode[][] = present.map(() => []);
  for (const n of diagram.nodes) columns[columnOf(n)].push(n);
  const nodeText = new Map(diagram.nodes.map((n) => [n.key, truncate(n.label, MAX_NODE_CHARS)]));
  const colWidth = columns.map((col) => Math.max(MIN_NODE_W, ...col.map((n) => textWidth(nodeText.get(n.key) ?? "") + 2 * NODE_PAD)));
  const rowOf = new Map<string, { column: number; row: number }>();
  columns.forEach((col, c) => col.forEach((n, r) => rowOf.set(n.key, { column: c, row: r })));
  const where = (key: string) => {
    const at = rowOf.get(key);
    if (at === undefined) throw new Error(`diagram edge names ${key}, which is not a node of the diagram`);
    return at;
  };

  // Routes, before coordinates: they decide the gaps and the lanes.
  interface Plan {
    readonly edge: DiagramEdge;
    readonly index: number;
    readonly route: Route;
    readonly fromSide: Side;
    readonly toSide: Side;
    readonly span: number;
    readonly parallel: number;
    readonly text: string;
  }
  const seen = new Map<string, number>();
  const plans: Plan[] = diagram.edges.map((edge, index) => {
    const a = where(edge.from);
    const b = where(edge.to);
    const text = truncate(edge.label, MAX_EDGE_CHARS);
    const pairKey = JSON.stringify([edge.from, edge.to]);
    const parallel = seen.get(pairKey) ?? 0;
    seen.set(pairKey, parallel + 1);
    if (a.column === b.column) {
      const side: Side = b.row >= a.row ? "right" : "left";
      return { edge, index, route: "arc", fromSide: side, toSide: side, span: Math.abs(b.row - a.row), parallel, text };
    }
    const right = b.column > a.column;
    return {
      edge,
      index,
      route: Math.abs(b.column - a.column) === 1 ? "direct" : "lane",
      fromSide: right ? "right" : "left",
      toSide: right ? "left" : "right",
      span: 0,
      parallel,
      text,
    };
  });
  const bulgeOf = (p: Plan) => ARC_BASE + ARC_STEP * Math.max(0, p.span - 1) + PARALLEL_STEP * p.parallel;

  // Horizontal room: each gap fits its widest direct label beside the arcs (with labels) of both sides.
  const outward = (c: number, side: Side) =>
    Math.max(0, ...plans.filter((p) => p.route === "arc" && p.fromSide === side && where(p.edge.from).column === c).map((p) => bulgeOf(p) + textWidth(p.text) + 12));
  const gaps: number[] = [];
  for (let c = 0; c + 1 < columns.length; c++) {
    const direct = plans.filter((p) => p.route === "direct" && Math.min(where(p.edge.from).column, where(p.edge.to).column) === c);
    const labels = Math.max(0, ...direct.map((p) => textWidth(p.text) + 40));
    gaps.push(Math.max(MIN_GAP, labels + outward(c, "right") + outward(c + 1, "left") + 16));
  }
  const colX: number[] = [];
  let x = 0;
  columns.forEach((_, c) => {
    colX.push(x);
    x += colWidth[c] + (gaps[c] ?? 0);
  });

  // Vertical room: headings, then one lane per edge that skips a column, then the nodes.
  const lanePlans = plans.filter((p) => p.route === "lane");
  const nodesTop = HEADING_Y + 18 + lanePlans.length * LANE_PITCH + (lanePlans.length > 0 ? 14 : 0);
  const tallest = Math.max(...columns.map((col) => col.length));
  const placed = new Map<string, Placed>();
  columns.forEach((col, c) => {
    const offset = ((tallest - col.length) * ROW_PITCH) / 2;
    col.forEach((node, r) => {
      placed.set(node.key, {
        node,
        column: c,
        row: r,
        box: { x: colX[c], y: nodesTop + offset + r * ROW_PITCH, w: colWidth[c], h: NODE_H },
        text: nodeText.get(node.key) ?? "",
      });
    });
  });
  const at = (key: string): Placed => placed.get(key) as Placed;
  const laneY = (lane: number) => nodesTop - 14 - lane * LANE_PITCH;

  const routed: Routed[] = plans.map((p) => ({
    edge: p.edge,
    index: p.index,
    route: p.route,
    from: at(p.edge.from),
    to: at(p.edge.to),
    fromSide: p.fromSide,
    toSide: p.toSide,
    bulge: p.route === "arc" ? bulgeOf(p) : 0,
    lane: p.route === "lane" ? lanePlans.indexOf(p) : -1,
    text: p.text,
  }));

  // Anchor points: the ends on one side of a node spread over its height, ordered by where the other end is.
  const otherY = (r: Routed, end: "from" | "to"): number => {
    if (r.route === "lane") return laneY(r.lane);
    const other = end === "from" ? r.to : r.from;
    return other.box.y + NODE_H / 2;
  };
  const sideEnds = new Map<string, { r: Routed; end: "from" | "to" }[]>();
  for (const r of routed) {
    for (const end of ["from", "to"] as const) {
      const node = end === "from" ? r.from : r.to;
      const side = end === "from" ? r.fromSide : r.toSide;
      const key = JSON.stringify([node.node.key, side]);
      const list = sideEnds.get(key) ?? [];
      list.push({ r, end });
      sideEnds.set(key, list);
    }
  }
  const anchors = new Map<string, Point>();
  for (const [key, list] of sideEnds) {
    const [nodeKey, side] = JSON.parse(key) as [string, Side];
    const node = at(nodeKey);
    const sorted = [...list].sort((a, b) => otherY(a.r, a.end) - otherY(b.r, b.end) || a.r.index - b.r.index || (a.end === "from" ? -1 : 1));
    sorted.forEach((item, i) => {
      const y = node.box.y + ((i + 1) * NODE_H) / (sorted.length + 1);
      anchors.set(`${item.r.index}:${item.end}`, { x: side === "right" ? node.box.x + node.box.w : node.box.x, y });
    });
  }

  // Geometry of each edge.
  const geometry = routed.map((r): Segment[] => {
    const s = anchors.get(`${r.index}:from`) as Point;
    const t = anchors.get(`${r.index}:to`) as Point;
    if (r.route === "direct") {
      const k = Math.abs(t.x - s.x) / 2;
      const dir = t.x > s.x ? 1 : -1;
      return [{ kind: "cubic", p: [s, { x: s.x + dir * k, y: s.y }, { x: t.x - dir * k, y: t.y }, t] }];
    }
    if (r.route === "arc") {
      const sgn = r.fromSide === "right" ? 1 : -1;
      const reach = (r.bulge * 4) / 3;
      return [{ kind: "cubic", p: [s, { x: s.x + sgn * reach, y: s.y }, { x: t.x + sgn * reach, y: t.y }, t] }];
    }
    const y = laneY(r.lane);
    const dir = r.to.column > r.from.column ? 1 : -1;
    const gapOut = dir > 0 ? gaps[r.from.column] : gaps[r.from.column - 1];
    const gapIn = dir > 0 ? gaps[r.to.column - 1] : gaps[r.to.column];
    const x1 = s.x + (dir * gapOut) / 2;
    const p = { x: x1 + (dir * gapOut) / 4, y };
    const x2 = t.x - (dir * gapIn) / 2;
    const q = { x: x2 - (dir * gapIn) / 4, y };
    return [
      { kind: "cubic", p: [s, { x: x1, y: s.y }, { x: x1, y }, p] },
      { kind: "line", p: [p, q] },
      { kind: "cubic", p: [q, { x: x2, y }, { x: x2, y: t.y }, t] },
    ];
  });

  // Labels: the first candidate point that overlaps no node and no label placed before.
  const obstacles: Box[] = [...placed.values()].map((p) => inflate(p.box, 4));
  const labelBoxes: Box[] = [];
  const labels = routed.map((r, i) => {
    const segs = geometry[i];
    const seg = r.route === "lane" ? segs[1] : segs[0];
    const w = textWidth(r.text) + 8;
    const boxAt = (pt: Point): Box => {
      if (r.route === "arc") return { x: r.fromSide === "right" ? pt.x + 4 : pt.x - 4 - w, y: pt.y - LABEL_H / 2, w, h: LABEL_H };
      return { x: pt.x - w / 2, y: pt.y - LABEL_H / 2, w, h: LABEL_H };
    };
    let best: Box | null = null;
    let bestCost = Infinity;
    for (const t of LABEL_POSITIONS) {
      const box = boxAt(pointOn(seg, t));
      const cost = [...obstacles, ...labelBoxes].reduce((sum, o) => sum + overlapArea(box, o), 0);
      if (cost < bestCost) {
        best = box;
        bestCost = cost;
      }
      if (cost === 0) break;
    }
    const box = best as Box;
    labelBoxes.push(box);
    return box;
  });

  // Headings over the columns.
  const headings = columns.map((col, c) => {
    const kinds = new Set(col.map((n) => n.kind));
    const text = kinds.has("instance") ? "instances" : kinds.has("group") ? "security groups" : kinds.size === 1 && kinds.has("internet") ? "internet" : "outside addresses";
    return { text, x: colX[c] + colWidth[c] / 2, y: HEADING_Y };
  });

  // Bounds of everything drawn.
  const boxes: Box[] = [
    ...[...placed.values()].map((p) => p.box),
    ...labels,
    ...headings.map((h) => ({ x: h.x - textWidth(h.text) / 2, y: h.y - 10, w: textWidth(h.text), h: 14 })),
    ...geometry.flat().flatMap((s) => s.p.map((q) => ({ x: q.x, y: q.y, w: 0, h: 0 }))),
  ];
  const minX = Math.min(...boxes.map((b) => b.x)) - MARGIN;
  const minY = Math.min(...boxes.map((b) => b.y)) - MARGIN;
  const maxX = Math.max(...boxes.map((b) => b.x + b.w)) + MARGIN;
  const maxY = Math.max(...boxes.map((b) => b.y + b.h)) + MARGIN;
  const width = Math.ceil(maxX - minX);
  const height = Math.ceil(maxY - minY);

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="diagram-svg" role="img" viewBox="${round(minX)} ${round(minY)} ${width} ${height}" width="${width}" height="${height}" font-family="ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace" font-size="12">`,
  );
  out.push(`<title>${escapeHtml(title)}</title>`);
  out.push("<defs>");
  for (const style of EDGE_STYLE_ORDER) {
    out.push(
      `<marker id="${prefix}-arrow-${style}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${EDGE_STYLES[style].stroke}"/></marker>`,
    );
  }
  out.push("</defs>");
  out.push('<g class="headings" font-family="system-ui, sans-serif" font-size="12" fill="#59636e" text-anchor="middle">');
  for (const h of headings) out.push(`<text x="${round(h.x)}" y="${round(h.y)}">${escapeHtml(h.text)}</text>`);
  out.push("</g>");
  out.push('<g class="edges" fill="none">');
  routed.forEach((r, i) => {
    const st = EDGE_STYLES[r.edge.style];
    out.push(
      `<g class="edge edge-${r.edge.style}" data-from="${escapeHtml(r.edge.from)}" data-to="${escapeHtml(r.edge.to)}"><title>${escapeHtml(r.edge.title)}</title>` +
        `<path d="${pathData(geometry[i])}" stroke="${st.stroke}" stroke-width="${st.width}"${st.dash ? ` stroke-dasharray="${st.dash}"` : ""} marker-end="url(#${prefix}-arrow-${r.edge.style})"/></g>`,
    );
  });
  out.push("</g>");
  out.push('<g class="nodes">');
  for (const n of diagram.nodes) {
    const p = at(n.key);
    const c = NODE_COLORS[p.node.kind];
    out.push(
      `<g class="node node-${p.node.kind}" data-key="${escapeHtml(p.node.key)}"><title>${escapeHtml(p.node.title)}</title>` +
        `<rect x="${round(p.box.x)}" y="${round(p.box.y)}" width="${round(p.box.w)}" height="${round(p.box.h)}" rx="${c.rx}" fill="${c.fill}" stroke="${c.stroke}" stroke-width="1.5"${p.node.kind === "group" ? ' stroke-dasharray="5 3"' : ""}/>` +
        `<text x="${round(p.box.x + p.box.w / 2)}" y="${round(p.box.y + p.box.h / 2)}" text-anchor="middle" dominant-baseline="central" fill="#1f2328">${escapeHtml(p.text)}</text></g>`,
    );
  }
  out.push("</g>");
  out.push('<g class="edge-labels">');
  routed.forEach((r, i) => {
    const b = labels[i];
    const st = EDGE_STYLES[r.edge.style];
    out.push(
      `<g class="edge-label" data-from="${escapeHtml(r.edge.from)}" data-to="${escapeHtml(r.edge.to)}"><title>${escapeHtml(r.edge.title)}</title>` +
        `<text x="${round(b.x + b.w / 2)}" y="${round(b.y + b.h / 2)}" text-anchor="middle" dominant-baseline="central" fill="${st.text}" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">${escapeHtml(r.text)}</text></g>`,
    );
  });
  out.push("</g>");
  out.push("</svg>");
  return out.join("\n");
}
