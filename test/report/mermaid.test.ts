/**
 * Mermaid output: sanitized ids that never collide or form keywords, labels quoted with every
 * special character as an entity code (decoding gives the label back), edges between defined
 * nodes, link styles on the changes.
 */
import { Diagram, diffDiagram, matrixDiagram, renderMermaid } from "../../lib/report";
import { mermaidId, mermaidLabel, mermaidText } from "../../lib/report/mermaid";
import { EVIL, sampleDiff, sampleMatrix } from "./fixtures";
import { decodeMermaid, readMermaid } from "./lint-helpers";

describe("Mermaid labels and ids", () => {
  it("writes every special character as an entity code that decodes back", () => {
    const nasty = `web["a\\"b"] | ${EVIL}; 50% {x} (y) #1 \`z\` a:b`;
    const text = mermaidText(nasty);
    const bare = text.replace(/#\d+;/g, "");
    expect(bare).not.toMatch(/["<>|;%{}[\]()`\\:#]/);
    expect(bare).toContain("script");
    expect(decodeMermaid(text)).toBe(nasty);
    expect(mermaidLabel('say "hi"')).toBe('"say #34;hi#34;"');
  });

  it("makes ids of letters, digits and underscores, unique by position", () => {
    expect(mermaidId(0, `web["edge\\"1"]`)).toBe("n0_web_edge_1");
    expect(mermaidId(3, "end")).toBe("n3_end");
    expect(mermaidId(7, "!!!")).toBe("n7");
    expect(mermaidId(1, "2001:db8::/32")).toBe("n1_2001_db8_32");
  });
});

describe("renderMermaid", () => {
  it("draws the matrix: one node per matrix node, one edge per cell, labels quoted", () => {
    const matrix = sampleMatrix();
    const graph = readMermaid(renderMermaid(matrixDiagram(matrix)));
    expect(graph.nodes.size).toBe(matrix.nodes.length);
    expect(graph.edges).toHaveLength(matrix.cells.length);
    expect([...graph.nodes.values()].map((n) => n.label)).toEqual(["app1", "db1", "web1", "group app", "group db", `group web["edge\\"1"]`, "internet"]);
    const shapes = [...graph.nodes.values()].map((n) => n.shape);
    expect(shapes).toEqual(["[", "[", "[", "([", "([", "([", "(("]);
    // The incomplete cell is dotted and says so.
    const partial = graph.edges.filter((e) => e.arrow === "-.->");
    expect(partial).toHaveLength(1);
    expect(partial[0].label).toBe("tcp 80, 443 (some addresses)");
    expect(graph.edges.find((e) => e.label.startsWith("tcp all ports"))?.label).toBe("tcp all ports; udp 53");
  });

  it("highlights the diff's changes with link styles by index", () => {
    const diff = sampleDiff();
    const source = renderMermaid(diffDiagram(diff));
    const graph = readMermaid(source);
    expect(graph.edges.map((e) => e.arrow)).toEqual(["==>", "==>", "==>", "-.->"]);
    expect(graph.linkStyles).toEqual([
      { indexes: [0, 1, 2], css: "stroke:#1a7f37,stroke-width:3px" },
      { indexes: [3], css: "stroke:#cf222e,stroke-width:2px,stroke-dasharray:6 4" },
    ]);
    expect(graph.edges[2].label).toBe("tcp 443 (IPv6)");
  });

  it("keeps ids apart for labels that sanitize alike", () => {
    const d: Diagram = {
      nodes: [
        { key: "a", kind: "instance", label: "web-1", title: "a" },
        { key: "b", kind: "instance", label: "web_1", title: "b" },
      ],
      edges: [{ from: "a", to: "b", label: "tcp 1", title: "", style: "allowed" }],
    };
    const graph = readMermaid(renderMermaid(d));
    expect([...graph.nodes.keys()]).toEqual(["n0_web_1", "n1_web_1"]);
    expect(graph.edges[0]).toMatchObject({ from: "n0_web_1", to: "n1_web_1" });
  });

  it("refuses an edge to a node it does not have", () => {
    expect(() => renderMermaid({ nodes: [], edges: [{ from: "x", to: "y", label: "", title: "", style: "allowed" }] })).toThrow(/not a node/);
  });
});
