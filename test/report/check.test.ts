/**
 * The `hwsg check` report in each format: one block per finding (errors first), the fix, the
 * unknowns and a summary in text; the `hwsg/check@1` JSON document; an escaped findings table in
 * Markdown; an escaped, script-free HTML page.
 */
import { CHECK_SCHEMA, CheckJson, CheckReport, renderCheck, renderCheckHtml, renderCheckJson, renderCheckMarkdown, renderCheckText } from "../../lib/report";
import { EVIL, FINDINGS, UNKNOWN, sampleCheckReport } from "./fixtures";
import { markdownTables } from "./lint-helpers";

const empty: CheckReport = { files: ["main.tf.json"], findings: [], unknowns: [], warnings: [] };

describe("renderCheckText", () => {
  const text = renderCheckText(sampleCheckReport());

  it("writes one block per finding, errors first, with the message and the fix", () => {
    const heads = text.split("\n").filter((l) => /^(ERROR|WARNING|INFO) /.test(l));
    expect(heads).toEqual([
      "ERROR HWSG001 huaweicloud_compute_instance.web1",
      "WARNING HWSG004 huaweicloud_networking_secgroup_rule.dup",
      "INFO HWSG006 huaweicloud_networking_secgroup_rule.nopri",
    ]);
    const block = text.split("\n\n").find((b) => b.startsWith("ERROR")) as string;
    expect(block).toContain("  fix: Narrow the remote of huaweicloud_networking_secgroup_rule.in[\"ssh\"] to trusted CIDRs.");
    expect(block).toContain("  id: HWSG001:huaweicloud_compute_instance.web1:ipv4:tcp/22");
    expect(block.replace(/\n\s+/g, " ")).toContain("every public IPv4 address may connect");
  });

  it("lists the rules only when they say more than the resource", () => {
    const warning = text.split("\n\n").find((b) => b.startsWith("WARNING")) as string;
    expect(warning).toContain("  rules: huaweicloud_networking_secgroup_rule.dup, huaweicloud_networking_secgroup_rule.any");
    const info = text.split("\n\n").find((b) => b.startsWith("INFO")) as string;
    expect(info).not.toContain("rules:");
  });

  it("has the counts by severity, the unknowns and the warnings", () => {
    expect(text.startsWith("hwsg check: 3 findings (1 error, 1 warning, 1 info)\nfiles: main.tf.json, extra.tf.json\n")).toBe(true);
    expect(text).toContain("Not evaluated: 1 item\n  main.tf.json: huaweicloud_networking_secgroup_rule.in[\"ssh\"]: remote_ip_prefix =");
    expect(text).toContain("    why: Variable office_cidr has no default.");
    expect(text).toContain("Warnings: 1\n  - huaweicloud_compute_instance.legacy has no security_group_ids");
    expect(text.endsWith("Summary: 1 error, 1 warning, 1 info; 1 item not evaluated.\n")).toBe(true);
  });

  it("fits in 100 columns", () => {
    for (const line of text.split("\n")) expect(line.length).toBeLessThanOrEqual(100);
  });

  it("says when there is no finding", () => {
    const none = renderCheckText(empty);
    expect(none).toContain("\n\nNo findings.\n\n");
    expect(none).toContain("Summary: 0 errors, 0 warnings, 0 infos; 0 items not evaluated.");
  });
});

describe("renderCheckJson", () => {
  const json = renderCheckJson(sampleCheckReport());
  const doc = JSON.parse(json) as CheckJson;

  it("is hwsg/check@1 with two-space indentation and a trailing newline, and round-trips", () => {
    expect(doc.schema).toBe(CHECK_SCHEMA);
    expect(CHECK_SCHEMA).toBe("hwsg/check@1");
    expect(json.endsWith("}\n")).toBe(true);
    expect(json.split("\n")[1]).toBe('  "schema": "hwsg/check@1",');
    expect(`${JSON.stringify(doc, null, 2)}\n`).toBe(json);
  });

  it("writes the keys in the documented order, optional values as null", () => {
    expect(Object.keys(doc)).toEqual(["schema", "files", "summary", "findings", "unknowns", "warnings", "baseline"]);
    expect(Object.keys(doc.findings[0])).toEqual(["id", "code", "severity", "resource", "message", "fix", "groupId", "instanceId", "memberKind", "ruleIds", "coveredBy", "cover", "exposure", "suppression", "baselineState"]);
    expect(doc.baseline).toBeNull();
    expect(doc.findings[0]).toMatchObject({ suppression: null, baselineState: null });
    expect(doc.summary).toEqual({ errors: 1, warnings: 1, infos: 1, unknowns: 1 });
    expect(doc.findings.map((f) => f.severity)).toEqual(["error", "warning", "info"]);
    expect(doc.findings[2]).toMatchObject({ groupId: null, instanceId: null, memberKind: null });
    expect(doc.unknowns[0]).toEqual({ ...UNKNOWN, groupIds: [...UNKNOWN.groupIds] });
  });

  it("carries the covering rules and the exposure when a finding has them, and leaves out unknown fields", () => {
    const exposure = { service: "SSH", port: "22", protocol: "tcp", version: 4, publicAddresses: "3702390784", share: 1, example: "1.0.0.0" };
    const extra = { ...FINDINGS[0], exposure, coveredBy: ["x"], cover: "opposite-action", bogus: 1 };
    const out = JSON.parse(renderCheckJson({ ...empty, findings: [extra] })) as CheckJson;
    expect(out.findings[0]).toMatchObject({ exposure, coveredBy: ["x"], cover: "opposite-action" });
    expect(Object.keys(out.findings[0])).not.toContain("bogus");
    expect(doc.findings[0]).toMatchObject({ coveredBy: null, cover: null });
  });
});

describe("renderCheckMarkdown", () => {
  const md = renderCheckMarkdown(sampleCheckReport());

  it("has a heading with the counts and a findings table with severity, id, resource and fix", () => {
    expect(md.startsWith("## hwsg check: 1 error, 1 warning, 1 info\n\nFiles: `main.tf.json`, `extra.tf.json`\n\n")).toBe(true);
    const [findings, unknowns] = markdownTables(md);
    expect(findings.headers).toEqual(["severity", "id", "resource", "finding", "fix"]);
    expect(findings.rows.map((r) => r[0])).toEqual(["**error**", "warning", "info"]);
    expect(findings.rows[0][1]).toBe("`HWSG001:huaweicloud_compute_instance.web1:ipv4:tcp/22`");
    expect(unknowns.headers[0]).toBe("resource");
  });

  it("escapes pipes and HTML in cells", () => {
    const [findings] = markdownTables(md);
    expect(findings.rows[0][3]).toContain('in\\["ssh"\\] \\| &lt;script&gt;alert(1)&lt;/script&gt;.');
    expect(md).not.toContain("<script");
  });

  it("says when there is no finding, without a table", () => {
    const none = renderCheckMarkdown(empty);
    expect(none).toBe("## hwsg check: no findings\n\nFiles: `main.tf.json`\n");
  });
});

describe("renderCheckHtml", () => {
  const html = renderCheckHtml(sampleCheckReport());

  it("is one self-contained page without script", () => {
    expect(html.startsWith("<!DOCTYPE html>\n")).toBe(true);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).not.toMatch(/<script|<link|<img|src=|href=|@import|url\(http/i);
  });

  it("has a findings table row per finding, escaped", () => {
    expect(html.match(/<tr class="finding /g)).toHaveLength(3);
    expect(html.replace(/<wbr>/g, "")).toContain(`huaweicloud_networking_secgroup_rule.in[&quot;ssh&quot;] | &lt;script&gt;alert(1)&lt;/script&gt;.`);
    // Long addresses may wrap at their dots and colons, nowhere else.
    expect(html).toContain("<code>HWSG001:<wbr>huaweicloud_compute_instance.<wbr>web1:<wbr>ipv4:<wbr>tcp/<wbr>22</code>");
    expect(html).not.toContain(EVIL);
    expect(html).toContain("Not evaluated: 1 item");
  });

  it("is what renderCheck gives for the html format", () => {
    expect(renderCheck(sampleCheckReport(), "html")).toBe(html);
    expect(renderCheck(sampleCheckReport())).toBe(renderCheckText(sampleCheckReport()));
  });
});
