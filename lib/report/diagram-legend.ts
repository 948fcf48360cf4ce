/**
 * The legend under an SVG diagram: the node kinds and edge styles the diagram uses.
 */
import { Diagram, EDGE_STYLE_ORDER, DiagramEdgeStyle, DiagramNodeKind } from "./diagram";
import { escapeHtml } from "./html";

const LEGEND_NODES: readonly { readonly kind: DiagramNodeKind; readonly text: string }[] = [
  { kind: "internet", text: "internet (every public address)" },
  { kind: "external", text: "outside addresses" },
  { kind: "instance", text: "instance" },
  { kind: "group", text: "security group (a member with only this group)" },
];

const LEGEND_EDGES: Record<DiagramEdgeStyle, string> = {
  allowed: "reaches",
  partial: "from some addresses only",
  "newly-allowed": "newly allowed",
  "newly-denied": "newly denied",
};

/** The legend under an SVG diagram, as HTML: the node kinds and edge styles the diagram uses. */
export function diagramLegendHtml(diagram: Diagram): string {
  const kinds = new Set(diagram.nodes.map((n) => n.kind));
  const styles = new Set(diagram.edges.map((e) => e.style));
  return [
    `<ul class="legend">`,
    ...LEGEND_NODES.filter((l) => kinds.has(l.kind)).map((l) => `<li><span class="box ${l.kind}"></span>${escapeHtml(l.text)}</li>`),
    ...EDGE_STYLE_ORDER.filter((s) => styles.has(s)).map((s) => `<li><span class="swatch ${s}"></span>${escapeHtml(LEGEND_EDGES[s])}</li>`),
    `</ul>`,
  ].join("\n");
}
