/**
 * Suppressions written next to the code: `# hwsg:ignore CODE reason` and `// hwsg:ignore …` on
 * the lines directly above an HCL block, the same text in a `.tf.json` block's `"//"` key; on a
 * rule, a group and an instance; with and without a reason; unknown codes and suppressions that
 * match nothing as warnings; comments inside heredocs, strings and block comments ignored.
 */
import * as fs from "fs";
import * as path from "path";
import { MIN_REASON_LENGTH as CONSTRUCTS_MIN_REASON } from "../../lib/constructs/suppressions";
import { MIN_REASON_LENGTH, applySuppressions, suppressedMessage } from "../../lib/analysis/suppression";
import { makeFinding } from "../../lib/analysis/findings";
import { parseResourceAddress, readBlockLocations } from "../../lib/terraform/sources/block-locations";
import { runCli } from "../cli/run-cli";
import { FIXTURES, removeTempDirs, writeFiles } from "../terraform/tf-json";
import { sarifErrors } from "./sarif-schema";

afterAll(removeTempDirs);

const CI = path.join(FIXTURES, "ci");
const rel = (p: string) => path.relative(process.cwd(), p).split(path.sep).join("/");

interface FindingJson {
  id: string;
  code: string;
  severity: string;
  message: string;
  suppression: { reason: string; file: string; line: number } | null;
}

async function check(dir: string, extra: string[] = []): Promise<{ code: number; findings: Map<string, FindingJson>; warnings: string[] }> {
  const r = await runCli(["check", dir, "--json", ...extra]);
  expect(r.stderr).toBe("");
  const doc = JSON.parse(r.stdout);
  return { code: r.code, findings: new Map(doc.findings.map((f: FindingJson) => [f.id, f])), warnings: doc.warnings };
}

const BASTION = "HWSG001:huaweicloud_compute_instance.bastion:ipv4:tcp/22";
const MIRROR = "HWSG001:huaweicloud_compute_instance.mirror:ipv4:tcp/21";
const APP = "HWSG006:huaweicloud_networking_secgroup_rule.app_https";
const DB = "HWSG001:huaweicloud_compute_instance.db:ipv4:tcp/3306";

describe.each([
  ["HCL comments", path.join(CI, "hcl"), "main.tf"],
  ["JSON \"//\" keys", path.join(CI, "json"), "main.tf.json"],
])("suppressions in %s", (_kind, dir, fileName) => {
  const file = rel(path.join(dir, fileName));

  it("turns a finding into an info quoting the reason, when written on its rule (#, or a \"//\" string)", async () => {
    const { findings } = await check(rel(dir));
    const f = findings.get(BASTION)!;
    expect(f.severity).toBe("info");
    expect(f.message).toMatch(/^suppressed \(bastion host, key-only SSH, ticket OPS-42\): Instance huaweicloud_compute_instance\.bastion is open to the internet on SSH/);
    expect(f.suppression).toMatchObject({ reason: "bastion host, key-only SSH, ticket OPS-42", file });
    // The line of the comment (HCL) or of the "//" key (JSON) that holds it.
    const lines = fs.readFileSync(file, "utf8").split("\n");
    expect(f.suppression!.line).toBe(lines.findIndex((l) => l.includes("hwsg:ignore HWSG001 bastion host")) + 1);
  });

  it("applies on the finding's instance (// in HCL) and on its group (a \"//\" array in JSON)", async () => {
    const { findings } = await check(rel(dir));
    expect(findings.get(MIRROR)).toMatchObject({ severity: "info", suppression: { reason: "public FTP mirror of open-source releases, read-only" } });
    expect(findings.get(APP)).toMatchObject({ severity: "info", suppression: { reason: "priorities of this group are set by the platform team's defaults" } });
  });

  it("does not apply without a reason of 10 characters: the finding stays an error and the run fails, with a warning", async () => {
    const { code, findings, warnings } = await check(rel(dir));
    expect(findings.get(DB)).toMatchObject({ severity: "error", suppression: null });
    expect(code).toBe(1);
    expect(warnings.filter((w) => w.includes("huaweicloud_networking_secgroup_rule.db_mysql") && w.includes(`at least ${MIN_REASON_LENGTH} characters`))).toHaveLength(1);
  });

  it("shows the suppression in SARIF as an inSource suppression with its justification, level note", async () => {
    const r = await runCli(["check", rel(dir), "--sarif"]);
    const log = JSON.parse(r.stdout);
    expect(sarifErrors(log)).toEqual([]);
    const result = log.runs[0].results.find((x: { partialFingerprints: Record<string, string> }) => x.partialFingerprints["hwsgFindingId/v1"] === BASTION);
    expect(result.level).toBe("note");
    expect(result.suppressions).toEqual([expect.objectContaining({ kind: "inSource", justification: "bastion host, key-only SSH, ticket OPS-42" })]);
  });

});

describe("the gate with suppressions", () => {
  it("passes once the last error is suppressed with a reason, and fails again without it", async () => {
    const text = fs.readFileSync(path.join(CI, "hcl", "main.tf"), "utf8");
    expect(text).toContain("# hwsg:ignore HWSG001\n");
    const suppressed = writeFiles({ "main.tf": text.replace("# hwsg:ignore HWSG001\n", "# hwsg:ignore HWSG001 migration window, closed by ticket DB-7\n") });
    const r = await check(suppressed);
    expect(r.code).toBe(0);
    expect(r.findings.get(DB)).toMatchObject({ severity: "info" });
    const removed = writeFiles({ "main.tf": text.replace(/^.*hwsg:ignore.*$/gm, "") });
    const s = await check(removed);
    expect(s.code).toBe(1);
    expect([...s.findings.values()].filter((f) => f.severity === "info")).toEqual([]);
  });
});

describe("suppressions in HCL: what is and is not a suppression", () => {
  it("reports an unknown code and a suppression that matches nothing as warnings naming file and line", async () => {
    const { warnings } = await check(rel(path.join(CI, "hcl")));
    expect(warnings).toContain(`test/fixtures/ci/hcl/main.tf:18: hwsg:ignore on huaweicloud_vpc_subnet.ops: HWSG999 is not a finding code (HWSG001, HWSG002, HWSG003, HWSG004, HWSG005, HWSG006, HWSG007, HWSG008); the suppression is not applied`);
    expect(warnings.filter((w) => w.startsWith("test/fixtures/ci/hcl/main.tf:113: hwsg:ignore HWSG003 on huaweicloud_compute_instance.mirror matches no finding"))).toHaveLength(1);
  });

  it("reads only comments directly above a block: not in heredocs, strings or block comments, not across a blank line", () => {
    const dir = writeFiles({
      "main.tf": [
        'locals { note = "# hwsg:ignore HWSG001 a string, not a comment" }',
        'resource "huaweicloud_networking_secgroup" "a" {',
        '  description = <<-EOT',
        '    # hwsg:ignore HWSG001 text of a heredoc, not a comment',
        '    resource "huaweicloud_networking_secgroup" "fake" {',
        '    EOT',
        '}',
        '/*',
        '# hwsg:ignore HWSG001 inside a block comment',
        '*/',
        'resource "huaweicloud_networking_secgroup" "b" {}',
        '# hwsg:ignore HWSG001 separated from the block by a blank line',
        '',
        'resource "huaweicloud_networking_secgroup" "c" {}',
        '# first line of the comment',
        '// hwsg:ignore HWSG004 covered on purpose by the deny rule above',
        '  # hwsg:ignore HWSG001 indented, still directly above the block',
        'resource "huaweicloud_networking_secgroup" "d" {}',
      ].join("\n"),
    });
    const blocks = readBlockLocations([path.join(dir, "main.tf")]);
    expect(blocks.sites.map((s) => [s.resource, s.line, s.notes.map((n) => [n.line, n.text])])).toEqual([
      ["huaweicloud_networking_secgroup.a", 2, []],
      ["huaweicloud_networking_secgroup.b", 11, []],
      ["huaweicloud_networking_secgroup.c", 14, []],
      [
        "huaweicloud_networking_secgroup.d",
        18,
        [
          [16, "HWSG004 covered on purpose by the deny rule above"],
          [17, "HWSG001 indented, still directly above the block"],
        ],
      ],
    ]);
    expect(blocks.strayNotes).toEqual([{ text: "HWSG001 separated from the block by a blank line", file: path.join(dir, "main.tf"), line: 12 }]);
  });

  it("warns about a suppression above a module call, a data source or alone, in HCL and in JSON", async () => {
    const dir = writeFiles({
      "main.tf": [
        "# hwsg:ignore HWSG001 on a module call, which no finding names",
        'module "m" {',
        '  source = "./m"',
        "}",
      ].join("\n"),
      "m/main.tf": "",
      "extra.tf.json": { data: { huaweicloud_vpc: { v: { "//": "hwsg:ignore HWSG003 on a data source, which no finding names", name: "x" } } } },
    });
    const r = await check(dir);
    expect(r.warnings.filter((w) => / is not written with a resource block /.test(w))).toEqual([
      `${path.join(dir, "extra.tf.json")}:5: hwsg:ignore HWSG003 is not written with a resource block (directly above it in HCL, in its "//" key in JSON), so it applies to nothing`,
      `${path.join(dir, "main.tf")}:1: hwsg:ignore HWSG001 is not written with a resource block (directly above it in HCL, in its "//" key in JSON), so it applies to nothing`,
    ]);
  });
});

describe("the rule shared with the cdktf Suppressions", () => {
  const finding = makeFinding({ code: "HWSG006", subject: "huaweicloud_networking_secgroup_rule.r", message: "Rule r has no priority.", fix: "Write it.", groupId: "huaweicloud_networking_secgroup.g", ruleIds: ["huaweicloud_networking_secgroup_rule.r"] });
  const block = (resource: string, text: string) => ({ resource, file: "main.tf", line: 3, notes: [{ text, file: "main.tf", line: 2 }] });

  it("uses the same minimum reason length and message as the cdktf checks", () => {
    expect(MIN_REASON_LENGTH).toBe(CONSTRUCTS_MIN_REASON);
    expect(suppressedMessage("  a reason here ", "m")).toBe("suppressed (a reason here): m");
  });

  it("accepts a reason of exactly 10 characters and refuses one of 9", () => {
    for (const [reason, applied] of [["0123456789", true], ["012345678", false]] as const) {
      const b = block("huaweicloud_networking_secgroup.g", `HWSG006 ${reason}`);
      const r = applySuppressions([finding], [b], (a) => (a === "huaweicloud_networking_secgroup.g" ? b : undefined));
      expect(r.findings[0].severity).toBe(applied ? "info" : "warning");
      expect(r.warnings).toHaveLength(applied ? 0 : 1);
    }
  });

  it("applies only to findings of its code", () => {
    const b = block("huaweicloud_networking_secgroup_rule.r", "HWSG004 a different code entirely");
    const r = applySuppressions([finding], [b], (a) => (a === "huaweicloud_networking_secgroup_rule.r" ? b : undefined));
    expect(r.findings[0].severity).toBe("warning");
    expect(r.warnings[0]).toMatch(/^main\.tf:2: hwsg:ignore HWSG004 on huaweicloud_networking_secgroup_rule\.r matches no finding/);
  });
});

describe("Terraform addresses mapped to blocks", () => {
  it("parses module paths and instance keys, quoted keys with brackets and dots included", () => {
    expect(parseResourceAddress('module.a[0].module.b["x.y]z"].huaweicloud_networking_secgroup_rule.r["k]\\"."]')).toEqual({ modules: ["a", "b"], resource: "huaweicloud_networking_secgroup_rule.r" });
    expect(parseResourceAddress("huaweicloud_networking_secgroup.g")).toEqual({ modules: [], resource: "huaweicloud_networking_secgroup.g" });
    expect(parseResourceAddress("member of huaweicloud_networking_secgroup.g")).toBeUndefined();
    expect(parseResourceAddress("huaweicloud_networking_secgroup.g#default-ingress-ipv4")).toBeUndefined();
  });
});
