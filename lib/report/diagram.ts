/**
 * The graph the diagrams draw (Mermaid in Markdown, SVG in HTML): nodes and labelled directed
 * edges, built from a reachability matrix (who reaches whom) or from a network diff (the
 * changed flows). Pure data; the renderers only lay it out.
 */
import type { FlowChangeGroup, NetworkDiff } from "../analysis/diff";
import type { ReachabilityMatrix } from "../analysis/matrix";
import { roleText } from "../analysis/member-text";
import { diffEndKey, diffEndNames, matrixNodeNames, memberSuffix, nameOf } from "./names";
import { formatServices } from "./services";

/** What a diagram node stands for; it decides the node's column and shape. */
export type DiagramNodeKind = "internet" | "external" | "instance" | "group";

/**
 * How an edge is drawn: `allowed` (a complete matrix cell), `partial` (only some addresses of
 * the source reach), `newly-allowed` and `newly-denied` (diff changes).
 */
export type DiagramEdgeStyle = "allowed" | "partial" | "newly-allowed" | "newly-denied";

/** Edge styles in the order drawings and legends list them. */
export const EDGE_STYLE_ORDER: readonly DiagramEdgeStyle[] = ["allowed", "partial", "newly-allowed", "newly-denied"];

/** A node of a diagram. */
export interface DiagramNode {
  /** Unique within the diagram: the matrix node id, or the diff end's kind and id. */
  readonly key: string;
  /** What the node stands for: its column and shape. */
  readonly kind: DiagramNodeKind;
  /** The display name (`web1`, `group db`, `internet`), with a member's kind unless a compute instance (`db (rds_instance)`, `eth1 (NIC of vm)`). */
  readonly label: string;
  /** The full name for tooltips (the Terraform address, and a member's kind: `huaweicloud_rds_instance.db (rds_instance)`). */
  readonly title: string;
}

/** A directed edge of a diagram. */
export interface DiagramEdge {
  /** The key of the source node. */
  readonly from: string;
  /** The key of the destination node. */
  readonly to: string;
  /** The services, as `formatServices` writes them (plus ` (IPv6)` for IPv6 changes). */
  readonly label: string;
  /** A longer description for tooltips: the ends, the services, an example flow and the rule(s). */
  readonly title: string;
  /** How the edge is drawn. */
  readonly style: DiagramEdgeStyle;
}

/** A diagram: nodes in display order and edges in drawing order. */
export interface Diagram {
  /** The nodes, in display order (each column keeps this order). */
  readonly nodes: readonly DiagramNode[];
  /** The edges, in drawing order (Mermaid `linkStyle` indexes count in this order). */
  readonly edges: readonly DiagramEdge[];
}

/** The `(some addresses)` note of an incomplete matrix cell. */
export const PARTIAL_NOTE = "(some addresses)";

/**
 * The diagram of a matrix: one node per matrix node (in the matrix' order), one edge per
 * non-empty cell (in the matrix' order).
 * @throws Error when a cell names a node the matrix does not have
 */
export function matrixDiagram(matrix: ReachabilityMatrix): Diagram {
  const names = matrixNodeNames(matrix.nodes);
  const nodes: DiagramNode[] = matrix.nodes.map((n) => ({
    key: n.id,
    kind: n.kind,
    label: `${nameOf(names, n.id)}${memberSuffix(n)}`,
    title: n.memberKind === undefined ? n.id : `${n.id} (${roleText(n)})`,
  }));
  const known = new Set(matrix.nodes.map((n) => n.id));
  const edges: DiagramEdge[] = matrix.cells.map((c) => {
    for (const end of [c.from, c.to]) if (!known.has(end)) throw new Error(`matrix cell ${c.from} -> ${c.to} names ${end}, which is not a node of the matrix`);
    const services = formatServices(c.services);
    const head = `${nameOf(names, c.from)} → ${nameOf(names, c.to)}: ${services}${c.complete ? "" : ` ${PARTIAL_NOTE}`}`;
    return {
      from: c.from,
      to: c.to,
      label: services,
      title: `${head}\nexample: ${c.example}\nrule: ${c.rule ?? "none"}`,
      style: c.complete ? "allowed" : "partial",
    };
  });
  return { nodes, edges };
}

/** The label of a change group in diagrams and tables: the services, plus ` (IPv6)` for IPv6. */
export function changeLabel(group: FlowChangeGroup): string {
  return `${formatServices(group.services)}${group.version === 6 ? " (IPv6)" : ""}`;
}

/** `rule-a → rule-b`, with `default deny` for a null rule. */
export function ruleChange(group: FlowChangeGroup): string {
  return `${group.ruleBefore ?? "default deny"} → ${group.ruleAfter ?? "default deny"}`;
}

function nodeOrder(a: DiagramNode, b: DiagramNode): number {
  const rank = (n: DiagramNode) => (n.kind === "internet" ? 0 : n.kind === "external" ? 1 : 2);
  return rank(a) - rank(b) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/**
 * The diagram of a diff: the ends of the changed-flow groups (internet, other external ends by
 * id, instances by id) and one edge per group, newly allowed first.
 */
export function diffDiagram(diff: NetworkDiff): Diagram {
  const groups = [...diff.newlyAllowed, ...diff.newlyDenied];
  const ends = groups.flatMap((g) => [g.from, g.to]);
  const names = diffEndNames(ends);
  const byKey = new Map<string, DiagramNode>();
  for (const e of ends) {
    const key = diffEndKey(e);
    if (byKey.has(key)) continue;
    const kind: DiagramNodeKind = e.kind === "instance" ? "instance" : e.id === "internet" ? "internet" : "external";
    const title = e.kind === "external" && e.addresses.length > 0 ? e.addresses.join(", ") : e.memberKind !== undefined ? `${e.id} (${roleText(e)})` : e.id;
    byKey.set(key, { key, kind, label: `${nameOf(names, key)}${memberSuffix(e)}`, title });
  }
  const nodes = [...byKey.values()].sort(nodeOrder);
  const edges: DiagramEdge[] = groups.map((g) => {
    const from = nameOf(names, diffEndKey(g.from));
    const to = nameOf(names, diffEndKey(g.to));
    const what = g.change === "newly-allowed" ? "newly allowed" : "newly denied";
    return {
      from: diffEndKey(g.from),
      to: diffEndKey(g.to),
      label: changeLabel(g),
      title: `${what}: ${from} → ${to}: ${changeLabel(g)}\nexample: ${g.example}\nrule: ${ruleChange(g)}`,
      style: g.change,
    };
  });
  return { nodes, edges };
}
