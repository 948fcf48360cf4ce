/**
 * Baselines: `hwsg check --write-baseline FILE` records the current findings' ids; `--baseline
 * FILE` reports those as in baseline (not failing), fails on new ones and lists entries no longer
 * found; a bad baseline file is exit 2 with one line naming the file and the field; nothing is
 * written when the input is invalid.
 */
import * as fs from "fs";
import * as path from "path";
import { BASELINE_SCHEMA, baselineOf, baselineText, compareWithBaseline } from "../../lib/analysis/baseline";
import { runCli } from "../cli/run-cli";
import { FIXTURES, removeTempDirs, writeFiles } from "../terraform/tf-json";
import { sarifErrors } from "./sarif-schema";

afterAll(removeTempDirs);

const HCL = fs.readFileSync(path.join(FIXTURES, "ci", "hcl", "main.tf"), "utf8");
const DB = "HWSG001:huaweicloud_compute_instance.db:ipv4:tcp/3306";

/** The HCL estate with one more rule: Redis open to the internet on the db group. */
const WITH_REDIS = `${HCL}
resource "huaweicloud_networking_secgroup_rule" "db_redis" {
  security_group_id = huaweicloud_networking_secgroup.db.id
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  ports             = "6379"
  remote_ip_prefix  = "0.0.0.0/0"
  action            = "allow"
  priority          = 1
}
`;
const REDIS = "HWSG001:huaweicloud_compute_instance.db:ipv4:tcp/6379";

describe("hwsg check --write-baseline / --baseline", () => {
  it("writes the ids of the current findings, suppressed ones aside, sorted", async () => {
    const dir = writeFiles({ "tf/main.tf": HCL });
    const file = path.join(dir, "baseline.json");
    const r = await runCli(["check", path.join(dir, "tf"), "--write-baseline", file]);
    expect(r.code).toBe(1); // writing a baseline does not change the run's verdict
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toEqual({ schema: BASELINE_SCHEMA, findings: [DB] });
  });

  it("reports the baseline's findings as in baseline and passes; a new finding fails; absent entries are listed", async () => {
    const dir = writeFiles({ "v1/main.tf": HCL, "v2/main.tf": WITH_REDIS });
    const file = path.join(dir, "baseline.json");
    await runCli(["check", path.join(dir, "v1"), "--write-baseline", file, "--fail-on", "never"]);

    const same = await runCli(["check", path.join(dir, "v1"), "--baseline", file]);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain("ERROR HWSG001 huaweicloud_compute_instance.db (in baseline)");
    expect(same.stdout).toContain("1 in baseline, 0 new, 0 baseline entries no longer found");

    const grown = await runCli(["check", path.join(dir, "v2"), "--baseline", file, "--json"]);
    expect(grown.code).toBe(1);
    const doc = JSON.parse(grown.stdout);
    const state = Object.fromEntries(doc.findings.filter((f: { severity: string }) => f.severity !== "info").map((f: { id: string; baselineState: string }) => [f.id, f.baselineState]));
    expect(state).toEqual({ [DB]: "unchanged", [REDIS]: "new" });
    expect(doc.baseline).toEqual({ file, new: 1, unchanged: 1, absent: [] });
    expect(doc.findings.filter((f: { severity: string; baselineState: string | null }) => f.severity === "info" && f.baselineState !== null)).toEqual([]);

    // The Redis finding accepted into a new baseline, then the MySQL rule fixed: its entry is absent.
    const file2 = path.join(dir, "baseline2.json");
    await runCli(["check", path.join(dir, "v2"), "--write-baseline", file2, "--fail-on", "never"]);
    const fixed = writeFiles({ "main.tf": WITH_REDIS.replace('ports             = "3306"\n  remote_ip_prefix  = "0.0.0.0/0"', 'ports             = "3306"\n  remote_ip_prefix  = "10.20.0.0/16"') });
    const after = await runCli(["check", fixed, "--baseline", file2]);
    expect(after.code).toBe(0);
    expect(after.stdout).toContain(`In the baseline ${file2} but no longer found:\n  ${DB}`);
    const md = (await runCli(["check", fixed, "--baseline", file2, "--markdown"])).stdout;
    expect(md).toContain(`### In the baseline but no longer found (1)\n\n- \`${DB}\``);
    const html = (await runCli(["check", fixed, "--baseline", file2, "--html"])).stdout;
    const text = html.replace(/<wbr>/g, "");
    expect(text).toMatch(/<h2>In the baseline <code>.*baseline2\.json<\/code> but no longer found \(1\)<\/h2>/);
    expect(text).toContain(`<li><code>${DB}</code></li>`);
    const sarif = JSON.parse((await runCli(["check", fixed, "--baseline", file2, "--sarif"])).stdout);
    expect(sarifErrors(sarif)).toEqual([]);
    expect(sarif.runs[0].properties.baselineAbsent).toEqual([DB]);
    expect(sarif.runs[0].results.find((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints["hwsgFindingId/v1"] === REDIS).baselineState).toBe("unchanged");
  });

  it("still fails a baseline finding's gate when no baseline is given", async () => {
    const dir = writeFiles({ "main.tf": HCL });
    expect((await runCli(["check", dir])).code).toBe(1);
  });

  it.each([
    ["not JSON", "{ nope", /^hwsg: --baseline .*baseline\.json:1:3: not valid JSON/],
    ["a list", "[]", /^hwsg: --baseline .*baseline\.json: /],
    ["another schema", JSON.stringify({ schema: "hwsg/check@1", findings: [] }), /^hwsg: --baseline .*baseline\.json: schema = "hwsg\/check@1": must be "hwsg\/baseline@1"/],
    ["findings not a list", JSON.stringify({ schema: BASELINE_SCHEMA, findings: "HWSG001:x" }), /^hwsg: --baseline .*baseline\.json: findings = "HWSG001:x": must be an array of finding ids/],
    ["an entry not an id", JSON.stringify({ schema: BASELINE_SCHEMA, findings: ["HWSG001:a", 7] }), /^hwsg: --baseline .*baseline\.json: findings\[1\] = 7: must be a finding id/],
    ["an unknown field", JSON.stringify({ schema: BASELINE_SCHEMA, findings: [], extra: 1 }), /^hwsg: --baseline .*baseline\.json: unknown field "extra"/],
    ["a duplicate key", `{"schema": "${BASELINE_SCHEMA}", "findings": [], "findings": []}`, /^hwsg: --baseline .*baseline\.json:1:\d+: .*duplicate/i],
  ])("refuses a baseline that is %s: exit 2, one line naming the file and field", async (_what, text, message) => {
    const dir = writeFiles({ "main.tf": HCL, "baseline.json": text });
    const r = await runCli(["check", dir, "--baseline", path.join(dir, "baseline.json")]);
    expect(r.code).toBe(2);
    expect(r.errLines).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it("refuses a missing baseline file with exit 2", async () => {
    const dir = writeFiles({ "main.tf": HCL });
    const r = await runCli(["check", dir, "--baseline", path.join(dir, "nope.json")]);
    expect(r.code).toBe(2);
    expect(r.errLines).toEqual([expect.stringMatching(/^hwsg: --baseline .*nope\.json: cannot be read: no such file or directory$/)]);
  });

  it("writes nothing when the input is invalid, or when the baseline would overwrite an input", async () => {
    const dir = writeFiles({ "main.tf": 'resource "huaweicloud_networking_secgroup" "a" {' });
    const file = path.join(dir, "..", `${path.basename(dir)}-baseline.json`);
    const r = await runCli(["check", dir, "--write-baseline", file]);
    expect(r.code).toBe(2);
    expect(fs.existsSync(file)).toBe(false);
    const good = writeFiles({ "main.tf": HCL });
    const over = await runCli(["check", good, "--write-baseline", path.join(good, "main.tf")]);
    expect(over.code).toBe(2);
    expect(fs.readFileSync(path.join(good, "main.tf"), "utf8")).toBe(HCL);
  });
});

describe("baseline files and the other outputs", () => {
  it("refuses --write-baseline and --output naming the same file, writing neither", async () => {
    const dir = writeFiles({ "tf/main.tf": HCL });
    const file = path.join(dir, "out.json");
    const r = await runCli(["check", path.join(dir, "tf"), "--json", "--output", file, "--write-baseline", file]);
    expect(r.code).toBe(2);
    expect(r.errLines).toEqual([expect.stringMatching(/^hwsg: --write-baseline .*out\.json: is also the --output file/)]);
    expect(fs.existsSync(file)).toBe(false);
  });

  it("refuses an --output over the baseline it reads", async () => {
    const dir = writeFiles({ "tf/main.tf": HCL, "b.json": baselineText([DB]) });
    const r = await runCli(["check", path.join(dir, "tf"), "--baseline", path.join(dir, "b.json"), "--output", path.join(dir, "b.json")]);
    expect(r.code).toBe(2);
    expect(fs.readFileSync(path.join(dir, "b.json"), "utf8")).toBe(baselineText([DB]));
  });

  it("updates a baseline in place: compared with the old one, written with the current ids", async () => {
    const dir = writeFiles({ "tf/main.tf": WITH_REDIS, "b.json": baselineText([DB, "HWSG006:gone"]) });
    const b = path.join(dir, "b.json");
    const r = await runCli(["check", path.join(dir, "tf"), "--baseline", b, "--write-baseline", b, "--json"]);
    expect(r.code).toBe(1); // the Redis finding is new to the old baseline
    expect(JSON.parse(r.stdout).baseline.absent).toEqual(["HWSG006:gone"]);
    expect(JSON.parse(fs.readFileSync(b, "utf8")).findings).toEqual([DB, REDIS]);
    expect((await runCli(["check", path.join(dir, "tf"), "--baseline", b])).code).toBe(0);
  });
});

describe("baseline logic", () => {
  it("round-trips ids through the file text and compares by id only", () => {
    const base = baselineOf("b.json", JSON.parse(baselineText(["HWSG006:r", "HWSG001:i:ipv4:tcp/22", "HWSG006:r"])));
    expect([...base.ids]).toEqual(["HWSG001:i:ipv4:tcp/22", "HWSG006:r"]);
    const c = compareWithBaseline([{ id: "HWSG006:r" }, { id: "HWSG004:x" }], base);
    expect(c.findings.map((f) => f.baselineState)).toEqual(["unchanged", "new"]);
    expect(c.absent).toEqual(["HWSG001:i:ipv4:tcp/22"]);
  });
});
