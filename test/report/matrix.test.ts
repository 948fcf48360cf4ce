/**
 * The `hwsg matrix` report in each format: per-source lists, `(some addresses)` and a grid in
 * text; the `hwsg/matrix@1` JSON document; a Mermaid diagram and escaped tables in Markdown; an
 * HTML table (rows from, columns to, titles with the example flow and rule) and inline SVG.
 */
import { MATRIX_SCHEMA, MatrixJson, MatrixReport, renderMatrixHtml, renderMatrixJson, renderMatrixMarkdown, renderMatrixText } from "../../lib/report";
import { EVIL, WEB_GROUP, sampleMatrix, sampleMatrixReport } from "./fixtures";
import { markdownTables, mermaidBlocks, readMermaid } from "./lint-helpers";

const report = sampleMatrixReport();

describe("renderMatrixText", () => {
  const text = renderMatrixText(report);

  it("lists who reaches whom per source, with the services compressed", () => {
    expect(text).toContain("\n\nweb1 → app1: tcp 8080\nweb1 → group app: tcp 8080\nweb1 → internet: all protocols\n\n");
    expect(text).toContain("internet → web1: tcp 80, 443; icmp\n");
    expect(text).toContain("group db → group app: tcp all ports; udp 53\n");
  });

  it("marks incomplete cells", () => {
    expect(text).toContain(`internet → group web["edge\\"1"]: tcp 80, 443 (some addresses)\n`);
    expect(text.match(/\(some addresses\)/g)).toHaveLength(1);
  });

  it("has the header, the nodes with their addresses, a grid and the unknowns", () => {
    expect(text.startsWith("hwsg matrix (IPv4): 7 nodes, 11 reachable pairs (1 from some addresses only)\nfiles: main.tf.json\n")).toBe(true);
    expect(text).toContain("  group app             huaweicloud_networking_secgroup.app\n");
    expect(text).toContain("  internet              every public address\n");
    expect(text).toContain("Grid (row reaches column; x = yes, ~ = from some addresses only, . = no):");
    expect(text).toContain("\n3 web1                   x  .  -  x  .  .  x\n");
    expect(text).toContain("\n7 internet               .  .  x  .  .  ~  -\n");
    expect(text).toContain("Not evaluated: 1 item");
    expect(text).toContain("Warnings: 1\n  - huaweicloud_networking_secgroup_rule.x has no priority: read as 1\n");
  });

  it("fits in 100 columns, leaving out a grid that would not", () => {
    for (const line of text.split("\n")) expect(line.length).toBeLessThanOrEqual(100);
    const wide = sampleMatrix();
    const nodes = [...wide.nodes, ...Array.from({ length: 40 }, (_, i) => ({ id: `huaweicloud_compute_instance.extra${i}`, kind: "instance" as const, label: `extra${i}` }))];
    const out = renderMatrixText({ ...report, matrix: { ...wide, nodes } });
    expect(out).not.toContain("Grid");
    expect(out).toContain("Reach nothing: extra0, extra1,");
    for (const line of out.split("\n")) expect(line.length).toBeLessThanOrEqual(100);
  });

  it("says when nothing reaches anything", () => {
    const out = renderMatrixText({ ...report, matrix: { ...sampleMatrix(), cells: [] } });
    expect(out).toContain("\n\nNothing reaches anything.\n");
  });

  it("prints cells in node order whatever order they come in", () => {
    const m = sampleMatrix();
    const shuffled = { ...report, matrix: { ...m, cells: [...m.cells].reverse() } };
    expect(renderMatrixText(shuffled)).toBe(text);
    expect(renderMatrixJson(shuffled)).toBe(renderMatrixJson(report));
  });
});

describe("renderMatrixJson", () => {
  const json = renderMatrixJson(report);
  const doc = JSON.parse(json) as MatrixJson;

  it("is hwsg/matrix@1 and round-trips", () => {
    expect(doc.schema).toBe(MATRIX_SCHEMA);
    expect(MATRIX_SCHEMA).toBe("hwsg/matrix@1");
    expect(`${JSON.stringify(doc, null, 2)}\n`).toBe(json);
  });

  it("writes nodes and cells with services, their text, completeness, example and rule", () => {
    expect(Object.keys(doc)).toEqual(["schema", "files", "version", "summary", "nodes", "cells", "unknowns", "warnings"]);
    expect(doc.summary).toEqual({ nodes: 7, cells: 11, incompleteCells: 1, unknowns: 1 });
    const cell = doc.cells.find((c) => c.from === "internet" && c.to === WEB_GROUP);
    expect(cell).toEqual({
      from: "internet",
      to: WEB_GROUP,
      services: [{ protocol: "tcp", ports: [[80, 80], [443, 443]], except: [] }],
      servicesText: "tcp 80, 443",
      complete: false,
      example: `flow from internet to ${WEB_GROUP}`,
      rule: `huaweicloud_networking_secgroup_rule.web_in["http|s"]`,
    });
    expect(doc.cells.find((c) => c.to === "internet" && c.from.endsWith("web1"))?.rule).toBeNull();
  });
});

describe("renderMatrixMarkdown", () => {
  const md = renderMatrixMarkdown(report);

  it("has one Mermaid flowchart with a node per matrix node and an edge per cell", () => {
    const blocks = mermaidBlocks(md);
    expect(blocks).toHaveLength(1);
    const graph = readMermaid(blocks[0]);
    expect(graph.nodes.size).toBe(7);
    expect(graph.edges).toHaveLength(11);
  });

  it("has a table of the reachable pairs with escaped cells", () => {
    const [pairs, nodes] = markdownTables(md);
    expect(pairs.headers).toEqual(["from", "to", "services", "example flow", "rule"]);
    expect(pairs.rows).toHaveLength(11);
    const ssh = pairs.rows.find((r) => r[2] === "tcp 22") as string[];
    expect(ssh[3]).toBe(`tcp port 22 &lt;script&gt;alert(1)&lt;/script&gt; "quoted"`);
    const web = pairs.rows.find((r) => r[0] === "`internet`" && r[2].includes("some addresses")) as string[];
    expect(web[4]).toBe('`huaweicloud_networking_secgroup_rule.web_in["http\\|s"]`');
    expect(nodes.headers).toEqual(["node", "kind", "address"]);
    expect(md).not.toContain("<script");
  });
});

describe("renderMatrixHtml", () => {
  const html = renderMatrixHtml(report);

  it("has the matrix as a table: a row per node, a column per node, a cell per pair", () => {
    const table = (html.match(/<table class="matrix">[\s\S]*?<\/table>/) as RegExpMatchArray)[0];
    const rows = table.match(/<tr><th scope="row"/g);
    expect(rows).toHaveLength(7);
    expect(table.match(/<th scope="col"/g)).toHaveLength(7);
    expect(table.match(/<td class="(reach|partial)"/g)).toHaveLength(11);
    expect(table.match(/<td class="partial"/g)).toHaveLength(1);
    expect(table.match(/<td class="self">/g)).toHaveLength(7);
  });

  it("puts the example flow and rule in the cell title, escaped", () => {
    expect(html).toContain(
      `title="db1 → app1&#10;example: tcp port 22 &lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot;&#10;rule: huaweicloud_networking_secgroup_rule.app_ssh">tcp 22</td>`,
    );
    expect(html).not.toContain(EVIL);
    expect(html).toContain(`data-id="huaweicloud_networking_secgroup.web[&quot;edge\\&quot;1&quot;]"`);
  });

  it("has the inline SVG diagram and no script, external resource or network reference", () => {
    expect(html.match(/<svg /g)).toHaveLength(1);
    expect(html.match(/<g class="node /g)).toHaveLength(7);
    expect(html.match(/<g class="edge edge-/g)).toHaveLength(11);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|src=|href=|@import|url\(["']?(https?:|\/\/)/i);
  });

  it("renders an empty network", () => {
    const empty: MatrixReport = { files: [], matrix: { version: 6, nodes: [], cells: [] }, unknowns: [], warnings: [] };
    expect(renderMatrixHtml(empty)).toContain("nothing to draw");
    expect(renderMatrixText(empty)).toBe("hwsg matrix (IPv6): 0 nodes, 0 reachable pairs\nfiles: none\n\nNothing reaches anything.\n");
    expect(mermaidBlocks(renderMatrixMarkdown(empty))).toHaveLength(0);
  });
});
