/**
 * The `hwsg diff` report in each format: "N groups of flows newly allowed, M newly denied", each
 * group with its ends, services, example flow and rule before → after; the `hwsg/diff@1` JSON
 * document; Markdown with a Mermaid diagram of only the changes, newly allowed edges highlighted;
 * HTML with the changes table and the SVG diagram of the changed edges.
 */
import { NetworkDiff } from "../../lib/analysis/diff";
import { DIFF_SCHEMA, DiffJson, DiffReport, renderDiffHtml, renderDiffJson, renderDiffMarkdown, renderDiffText } from "../../lib/report";
import { EVIL, sampleDiff, sampleDiffReport, tcp } from "./fixtures";
import { markdownTables, mermaidBlocks, readMermaid } from "./lint-helpers";

const report = sampleDiffReport();
const nothing: NetworkDiff = { newlyAllowed: [], newlyDenied: [], addedInstances: [], removedInstances: [] };

describe("renderDiffText", () => {
  const text = renderDiffText(report);

  it("summarizes, then lists each group with ends, services, example and rules", () => {
    expect(text.startsWith("hwsg diff: 3 groups of flows newly allowed, 1 newly denied\nbefore: before/main.tf.json\nafter:  after/main.tf.json\n\n")).toBe(true);
    expect(text).toContain(
      'Newly allowed (3 groups):\n+ internet → web1: tcp 22\n    example: tcp port 22 from 1.0.0.0 to huaweicloud_compute_instance.web1 (10.0.0.5)\n    rule: default deny → huaweicloud_networking_secgroup_rule.in["ssh"]\n',
    );
    expect(text).toContain("+ 2001:db8::/32 → web1: tcp 443 (IPv6)\n");
    expect(text).toContain("Newly denied (1 group):\n- app1 → db1: tcp 3306; udp 53\n");
    expect(text).toContain("    rule: huaweicloud_networking_secgroup_rule.db_in_app →\n          huaweicloud_networking_secgroup_rule.db_deny\n");
    expect(text).toContain("Members added: none\nMembers removed: huaweicloud_compute_instance.old\n");
    expect(text).toContain("Not evaluated (after version): 1 item\n");
    expect(text).not.toContain("(before version)");
    for (const line of text.split("\n")) expect(line.length).toBeLessThanOrEqual(100);
  });

  it("says when nothing changed", () => {
    expect(renderDiffText({ ...report, diff: nothing, unknowns: { before: [], after: [] } })).toBe(
      "hwsg diff: no flow changed its verdict\nbefore: before/main.tf.json\nafter:  after/main.tf.json\n",
    );
  });

  it("names the addresses of an instance that stands for only part of its subnet", () => {
    const d = sampleDiff();
    const first = { ...d.newlyAllowed[0], to: { ...d.newlyAllowed[0].to, instanceAddresses: ["10.0.0.0/25"] } };
    const out = renderDiffText({ ...report, diff: { ...d, newlyAllowed: [first] } });
    expect(out).toContain("+ internet → web1 (10.0.0.0/25): tcp 22\n");
  });
});

describe("renderDiffJson", () => {
  const json = renderDiffJson(report);
  const doc = JSON.parse(json) as DiffJson;

  it("is hwsg/diff@1 and round-trips", () => {
    expect(doc.schema).toBe(DIFF_SCHEMA);
    expect(DIFF_SCHEMA).toBe("hwsg/diff@1");
    expect(`${JSON.stringify(doc, null, 2)}\n`).toBe(json);
  });

  it("writes both sides, the summary and every group", () => {
    expect(Object.keys(doc)).toEqual(["schema", "before", "after", "summary", "newlyAllowed", "newlyDenied", "addedInstances", "removedInstances", "warnings"]);
    expect(doc.before).toEqual({ files: ["before/main.tf.json"], unknowns: [] });
    expect(doc.after.unknowns).toHaveLength(1);
    expect(doc.summary).toEqual({ newlyAllowed: 3, newlyDenied: 1, addedInstances: 0, removedInstances: 1 });
    expect(doc.newlyAllowed[0]).toEqual({
      change: "newly-allowed",
      version: 4,
      from: { kind: "external", id: "internet", addresses: ["0.0.0.0/0"], omittedBlocks: 0, instanceAddresses: null, memberKind: null, attachedTo: null, launched: false },
      to: {
        kind: "instance",
        id: "huaweicloud_compute_instance.web1",
        addresses: [],
        omittedBlocks: 0,
        instanceAddresses: null,
        memberKind: "huaweicloud_compute_instance",
        attachedTo: null,
        launched: false,
      },
      services: [{ protocol: "tcp", ports: [[22, 22]], except: [] }],
      servicesText: "tcp 22",
      example: "tcp port 22 from 1.0.0.0 to huaweicloud_compute_instance.web1 (10.0.0.5)",
      ruleBefore: null,
      ruleAfter: 'huaweicloud_networking_secgroup_rule.in["ssh"]',
    });
    expect(doc.newlyDenied[0].servicesText).toBe("tcp 3306; udp 53");
  });
});

describe("renderDiffMarkdown", () => {
  const md = renderDiffMarkdown(report);

  it("has a Mermaid diagram of only the changed edges, the newly allowed highlighted", () => {
    const [block] = mermaidBlocks(md);
    const graph = readMermaid(block);
    expect(graph.edges).toHaveLength(4);
    expect(graph.nodes.size).toBe(5);
    const allowedStyle = graph.linkStyles.find((s) => s.css.includes("#1a7f37"));
    expect(allowedStyle?.indexes).toEqual([0, 1, 2]);
    expect(graph.edges.filter((e) => e.arrow === "==>")).toHaveLength(3);
  });

  it("has a table per change with rule before → after, escaped", () => {
    expect(md).toContain("### Newly allowed (3)");
    expect(md).toContain("### Newly denied (1)");
    const [allowed, denied] = markdownTables(md);
    expect(allowed.headers).toEqual(["from", "to", "services", "example flow", "rule before → after"]);
    expect(allowed.rows[0][4]).toBe('default deny → `huaweicloud_networking_secgroup_rule.in["ssh"]`');
    expect(allowed.rows[2][3]).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(denied.rows[0][4]).toBe("`huaweicloud_networking_secgroup_rule.db_in_app` → `huaweicloud_networking_secgroup_rule.db_deny`");
    expect(md).not.toContain("<script");
  });

  it("has no diagram when nothing changed", () => {
    const out = renderDiffMarkdown({ ...report, diff: nothing });
    expect(mermaidBlocks(out)).toHaveLength(0);
    expect(out.startsWith("## hwsg diff: no flow changed its verdict\n")).toBe(true);
  });
});

describe("renderDiffHtml", () => {
  const html = renderDiffHtml(report);

  it("has the changes table and the diagram of the changed edges", () => {
    expect(html.match(/<tr class="change newly-allowed"/g)).toHaveLength(3);
    expect(html.match(/<tr class="change newly-denied"/g)).toHaveLength(1);
    expect(html.match(/<g class="edge edge-newly-allowed"/g)).toHaveLength(3);
    expect(html.match(/<g class="edge edge-newly-denied"/g)).toHaveLength(1);
    expect(html.match(/<g class="node /g)).toHaveLength(5);
  });

  it("escapes everything and has no script or external resource", () => {
    expect(html).not.toContain(EVIL);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toMatch(/<script|<link|<img|src=|href=|@import/i);
  });

  it("merges no groups: two IPv4/IPv6 groups between the same ends are two edges", () => {
    const d = sampleDiff();
    const g = d.newlyAllowed[0];
    const both: DiffReport = { ...report, diff: { ...d, newlyAllowed: [g, { ...g, version: 6, services: [tcp(22)] }], newlyDenied: [] } };
    expect(renderDiffHtml(both).match(/<g class="edge edge-newly-allowed"/g)).toHaveLength(2);
  });
});
