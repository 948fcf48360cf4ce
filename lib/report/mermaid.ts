/**
 * Mermaid `flowchart LR` text for a diagram, for Markdown (GitHub renders ```mermaid blocks).
 * Node ids are generated identifiers (`n0_web1`: letters, digits and `_` only, never a Mermaid
 * keyword); every label is double-quoted, with the characters Mermaid or its HTML labels would
 * interpret written as Mermaid entity codes (`#34;` for `"`).
 */
import { escapeControls } from "./controls";
import { Diagram, DiagramEdgeStyle, DiagramNodeKind, PARTIAL_NOTE } from "./diagram";

/** Characters written as entity codes inside a quoted Mermaid label. */
const LABEL_SPECIALS = /["#&<>|`;:%\\{}[\]()]/g;

/**
 * A label as Mermaid reads it inside double quotes: line breaks as spaces, control characters
 * as `\u001b` (whose backslash then becomes `#92;`), specials as `#<code>;`.
 */
export function mermaidText(text: string): string {
  return escapeControls(text.replace(/\s+/g, " ").trim()).replace(LABEL_SPECIALS, (c) => `#${c.codePointAt(0)};`);
}

/** A double-quoted Mermaid label. */
export function mermaidLabel(text: string): string {
  return `"${mermaidText(text)}"`;
}

/** A Mermaid node id for the `index`-th node: `n<index>_` and the label's letters, digits and `_` (at most 30). */
export function mermaidId(index: number, label: string): string {
  const tail = label.replace(/[^A-Za-z0-9_]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 30);
  return tail === "" ? `n${index}` : `n${index}_${tail}`;
}

const SHAPES: Record<DiagramNodeKind, readonly [string, string]> = {
  internet: ["((", "))"],
  external: ["((", "))"],
  instance: ["[", "]"],
  group: ["([", "])"],
};

const ARROWS: Record<DiagramEdgeStyle, string> = {
  allowed: "-->",
  partial: "-.->",
  "newly-allowed": "==>",
  "newly-denied": "-.->",
};

const LINK_STYLES: Record<DiagramEdgeStyle, string | null> = {
  allowed: null,
  partial: null,
  "newly-allowed": "stroke:#1a7f37,stroke-width:3px",
  "newly-denied": "stroke:#cf222e,stroke-width:2px,stroke-dasharray:6 4",
};

const CLASS_DEFS: Record<DiagramNodeKind, string> = {
  internet: "fill:#fff4e5,stroke:#b45309,color:#1f2328",
  external: "fill:#fff4e5,stroke:#b45309,color:#1f2328",
  instance: "fill:#eef4ff,stroke:#2f6f9f,color:#1f2328",
  group: "fill:#f3f0ff,stroke:#6e56cf,color:#1f2328",
};

const KINDS: readonly DiagramNodeKind[] = ["internet", "external", "instance", "group"];
const STYLES: readonly DiagramEdgeStyle[] = ["allowed", "partial", "newly-allowed", "newly-denied"];

/**
 * The Mermaid source of a diagram (without the Markdown fence): `flowchart LR`, one line per
 * node, one per edge (`-->` allowed, `-.->` some addresses, `==>` newly allowed, `-.->` newly
 * denied), `linkStyle` lines colouring the changes and `classDef`/`class` lines for the node kinds.
 * @throws Error when an edge names a node the diagram does not have
 */
export function renderMermaid(diagram: Diagram): string {
  const lines = ["flowchart LR"];
  const ids = new Map<string, string>();
  diagram.nodes.forEach((n, i) => {
    const id = mermaidId(i, n.label);
    ids.set(n.key, id);
    const [open, close] = SHAPES[n.kind];
    lines.push(`    ${id}${open}${mermaidLabel(n.label)}${close}`);
  });
  const idOf = (key: string): string => {
    const id = ids.get(key);
    if (id === undefined) throw new Error(`diagram edge names ${key}, which is not a node of the diagram`);
    return id;
  };
  diagram.edges.forEach((e) => {
    const label = e.style === "partial" ? `${e.label} ${PARTIAL_NOTE}` : e.label;
    lines.push(`    ${idOf(e.from)} ${ARROWS[e.style]}|${mermaidLabel(label)}| ${idOf(e.to)}`);
  });
  for (const style of STYLES) {
    const css = LINK_STYLES[style];
    const indexes = diagram.edges.flatMap((e, i) => (e.style === style ? [i] : []));
    if (css !== null && indexes.length > 0) lines.push(`    linkStyle ${indexes.join(",")} ${css}`);
  }
  for (const kind of KINDS) {
    const members = diagram.nodes.filter((n) => n.kind === kind).map((n) => idOf(n.key));
    if (members.length === 0) continue;
    lines.push(`    classDef ${kind} ${CLASS_DEFS[kind]}`);
    lines.push(`    class ${members.join(",")} ${kind}`);
  }
  return lines.join("\n");
}

/** The diagram as a fenced ```mermaid block for Markdown. */
export function mermaidBlock(diagram: Diagram): string {
  return `\`\`\`mermaid\n${renderMermaid(diagram)}\n\`\`\``;
}
