/**
 * The SVG layout: one node per diagram node, none overlapping; one edge and one label per edge,
 * labels clear of the nodes; edges that skip a column run above every node; text escaped; the
 * same bytes for the same diagram.
 */
import { Diagram, DiagramEdge, DiagramNode, matrixDiagram, renderSvgDiagram } from "../../lib/report";
import { EVIL, sampleMatrix } from "./fixtures";
import { Rect, overlaps, svgNodeRects } from "./lint-helpers";

const CHAR_W = 7.25;

/** The label boxes (centre and text as drawn; width from the monospace advance). */
function labelBoxes(svg: string): Rect[] {
  return [...svg.matchAll(/<g class="edge-label"[^>]*>.*?<text x="([-\d.]+)" y="([-\d.]+)"[^>]*>(.*?)<\/text>/g)].map((m) => {
    const chars = Array.from(m[3].replace(/&[a-z]+;|&#\d+;/g, "_")).length;
    const w = chars * CHAR_W + 8;
    return { x: Number(m[1]) - w / 2, y: Number(m[2]) - 8, w, h: 16 };
  });
}

function pathsOf(svg: string): string[] {
  return [...svg.matchAll(/<g class="edge [^"]*"[^>]*>.*?<path d="([^"]+)"/g)].map((m) => m[1]);
}

describe("renderSvgDiagram on the sample matrix", () => {
  const matrix = sampleMatrix();
  const svg = renderSvgDiagram(matrixDiagram(matrix), { idPrefix: "m", title: "who reaches whom" });

  it("draws one node per matrix node, in three columns, without overlap", () => {
    const rects = svgNodeRects(svg);
    expect(rects.size).toBe(matrix.nodes.length);
    expect(rects.has("huaweicloud_networking_secgroup.web[&quot;edge\\&quot;1&quot;]")).toBe(true);
    const list = [...rects.values()];
    for (let i = 0; i < list.length; i++) {
      expect(list[i].w).toBeGreaterThan(0);
      expect(list[i].h).toBeGreaterThan(0);
      for (let j = i + 1; j < list.length; j++) expect(overlaps(list[i], list[j])).toBe(false);
    }
    const x = (key: string) => (rects.get(key) as Rect).x;
    expect(x("internet")).toBeLessThan(x("huaweicloud_compute_instance.web1"));
    expect(x("huaweicloud_compute_instance.web1")).toBeLessThan(x("huaweicloud_networking_secgroup.app"));
    expect(x("huaweicloud_compute_instance.web1")).toBe(x("huaweicloud_compute_instance.app1"));
  });

  it("draws one edge with an arrow and one label per cell", () => {
    const edges = [...svg.matchAll(/<g class="edge edge-(allowed|partial)" data-from="([^"]*)" data-to="([^"]*)">/g)];
    expect(edges).toHaveLength(matrix.cells.length);
    expect(edges.filter((e) => e[1] === "partial")).toHaveLength(1);
    expect(svg.match(/<g class="edge-label"/g)).toHaveLength(matrix.cells.length);
    for (const m of svg.matchAll(/marker-end="url\(#([^)]+)\)"/g)) expect(svg).toContain(`<marker id="${m[1]}"`);
    for (const d of pathsOf(svg)) expect(d).toMatch(/^M-?[\d.]+,-?[\d.]+( [CL][-\d., ]+)+$/);
  });

  it("places every label clear of every node and of the other labels", () => {
    const nodes = [...svgNodeRects(svg).values()];
    const labels = labelBoxes(svg);
    expect(labels).toHaveLength(matrix.cells.length);
    for (const [i, l] of labels.entries()) {
      for (const n of nodes) expect(overlaps(l, n)).toBe(false);
      for (const other of labels.slice(i + 1)) expect(overlaps(l, other)).toBe(false);
    }
  });

  it("routes an edge that skips the instance column above every node", () => {
    const top = Math.min(...[...svgNodeRects(svg).values()].map((r) => r.y));
    const lane = [...svg.matchAll(/<g class="edge [^"]*" data-from="internet" data-to="huaweicloud_networking_secgroup.web[^"]*">.*?<path d="([^"]+)"/g)];
    expect(lane).toHaveLength(1);
    const line = lane[0][1].match(/L(-?[\d.]+),(-?[\d.]+)/);
    expect(line).not.toBeNull();
    expect(Number((line as RegExpMatchArray)[2])).toBeLessThan(top);
  });

  it("is a standalone SVG with a title and a viewBox that holds every node", () => {
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain("<title>who reaches whom</title>");
    const [minX, minY, w, h] = (svg.match(/viewBox="([^"]+)"/) as RegExpMatchArray)[1].split(" ").map(Number);
    for (const r of svgNodeRects(svg).values()) {
      expect(r.x).toBeGreaterThanOrEqual(minX);
      expect(r.y).toBeGreaterThanOrEqual(minY);
      expect(r.x + r.w).toBeLessThanOrEqual(minX + w);
      expect(r.y + r.h).toBeLessThanOrEqual(minY + h);
    }
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
  });

  it("is byte-identical on every run", () => {
    expect(renderSvgDiagram(matrixDiagram(sampleMatrix()), { idPrefix: "m", title: "who reaches whom" })).toBe(svg);
  });
});

describe("renderSvgDiagram on other diagrams", () => {
  const node = (key: string, kind: DiagramNode["kind"], label = key): DiagramNode => ({ key, kind, label, title: key });
  const edge = (from: string, to: string, label = "tcp 1", style: DiagramEdge["style"] = "allowed"): DiagramEdge => ({ from, to, label, title: `${from}->${to}`, style });

  it("escapes every text it writes", () => {
    const d: Diagram = {
      nodes: [node(`a"<b>`, "instance", EVIL), node("c", "group", `x"y`)],
      edges: [edge(`a"<b>`, "c", `${EVIL} & "q"`)],
    };
    const svg = renderSvgDiagram(d, { title: `t<"` });
    expect(svg).not.toContain("<script");
    expect(svg).not.toContain("<b>");
    expect(svg).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(svg).toContain('data-key="a&quot;&lt;b&gt;"');
    expect(svg).toContain("x&quot;y");
    expect(svg).toContain("<title>t&lt;&quot;</title>");
  });

  it("separates parallel and opposite edges", () => {
    const d: Diagram = {
      nodes: [node("a", "instance"), node("b", "instance"), node("i", "internet")],
      edges: [edge("a", "b"), edge("a", "b", "tcp 2", "newly-denied"), edge("b", "a"), edge("i", "a"), edge("a", "i")],
    };
    const paths = pathsOf(renderSvgDiagram(d));
    expect(paths).toHaveLength(5);
    expect(new Set(paths).size).toBe(5);
  });

  it("lays out a large network without overlapping nodes", () => {
    const nodes: DiagramNode[] = [node("internet", "internet")];
    for (let i = 0; i < 20; i++) nodes.push(node(`i${String(i).padStart(2, "0")}`, "instance", `instance-with-a-rather-long-name-${i}`));
    for (let g = 0; g < 10; g++) nodes.push(node(`g${g}`, "group"));
    const edges: DiagramEdge[] = [];
    for (let i = 0; i < 20; i++) {
      edges.push(edge("internet", `i${String(i).padStart(2, "0")}`, "tcp 80, 443"));
      edges.push(edge(`i${String(i).padStart(2, "0")}`, `i${String((i + 7) % 20).padStart(2, "0")}`, "tcp 8080; udp 53"));
      edges.push(edge(`g${i % 10}`, `i${String(i).padStart(2, "0")}`, "all protocols"));
    }
    for (let g = 0; g < 10; g++) edges.push(edge("internet", `g${g}`, "tcp 22", "partial"));
    const svg = renderSvgDiagram({ nodes, edges });
    const rects = [...svgNodeRects(svg).values()];
    expect(rects).toHaveLength(31);
    for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) expect(overlaps(rects[i], rects[j])).toBe(false);
    expect(pathsOf(svg)).toHaveLength(edges.length);
    expect(svg).not.toMatch(/NaN|Infinity/);
    // Long labels are cut with an ellipsis; the full name stays in the tooltip.
    expect(svg).toContain("instance-with-a-rather-long-n…");
    expect(svg).toContain("<title>i00</title>");
  });

  it("says so when there is nothing to draw", () => {
    expect(renderSvgDiagram({ nodes: [], edges: [] })).toContain("nothing to draw");
  });

  it("refuses an edge to a node it does not have", () => {
    expect(() => renderSvgDiagram({ nodes: [node("a", "instance")], edges: [edge("a", "zz")] })).toThrow(/zz, which is not a node/);
  });
});
