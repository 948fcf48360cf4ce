/**
 * Robustness of the CI features on the real binary: hostile text in suppression comments never
 * reaches a terminal raw (text and SARIF), a flood of comments is bounded work, and a bad
 * baseline file keeps the exit-code contract (2, one stderr line).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CONTROL_CHARACTER, ROOT, contractBreach, ensureBuilt, runBinary } from "../support/built-binary";

beforeAll(ensureBuilt, 240_000);

const HCL = fs.readFileSync(path.join(ROOT, "test", "fixtures", "ci", "hcl", "main.tf"), "utf8");
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function dirWith(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hwsg-robust-ci-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

test("control characters and bidi overrides in a suppression's reason and code are escaped in text and SARIF", () => {
  const hostile = HCL.replace("# hwsg:ignore HWSG001 bastion host, key-only SSH, ticket OPS-42", "# hwsg:ignore HWSG001 bastion \u001b[2J host \u202e ticket \u009b OPS-42")
    .replace("# hwsg:ignore HWSG999 not a finding code that exists", "# hwsg:ignore HWSG\u001b]0;pwned\u0007 not a code");
  const dir = dirWith({ "main.tf": hostile });
  for (const format of [[], ["--sarif"], ["--json"], ["--markdown"]]) {
    const run = runBinary(["check", dir, ...format]);
    expect(contractBreach(run)).toBeUndefined();
    expect(run.status).toBe(1);
    expect(CONTROL_CHARACTER.test(run.stdout)).toBe(false);
    expect(/[\u202a-\u202e\u2066-\u2069]/.test(run.stdout)).toBe(false);
  }
  const sarif = JSON.parse(runBinary(["check", dir, "--sarif"]).stdout);
  const suppressed = sarif.runs[0].results.find((r: { suppressions?: unknown[] }) => r.suppressions);
  // Escaped on the way out, the JSON string decodes back to the reason as written.
  expect(suppressed.suppressions[0].justification).toBe("bastion \u001b[2J host \u202e ticket \u009b OPS-42");
});

test("100,000 comment lines above a block are bounded work", () => {
  const flood = Array.from({ length: 100_000 }, (_, i) => `# hwsg:ignore HWSG00${(i % 9) + 1} reason number ${i} for the flood`).join("\n");
  const dir = dirWith({ "main.tf": HCL.replace('resource "huaweicloud_compute_instance" "db" {', `${flood}\nresource "huaweicloud_compute_instance" "db" {`) });
  const run = runBinary(["check", dir, "--sarif"], { timeoutMs: 120_000 });
  expect(contractBreach(run)).toBeUndefined();
  // The flood holds a valid HWSG001 suppression for the db instance, the only error: the run passes.
  expect(run.status).toBe(0);
  expect(JSON.parse(run.stdout).runs[0].invocations[0].toolExecutionNotifications.length).toBeGreaterThan(99_000);
  expect(run.ms).toBeLessThan(60_000);
  expect(run.maxRssMb).toBeLessThan(1500);
});

test("a baseline id with control characters is only an id that matches nothing: no control character reaches the terminal", () => {
  const dir = dirWith({ "main.tf": HCL, "baseline.json": JSON.stringify({ schema: "hwsg/baseline@1", findings: ["HWSG001:a\u001b[2J\u202e"] }) });
  const run = runBinary(["check", dir, "--baseline", path.join(dir, "baseline.json")]);
  expect(contractBreach(run)).toBeUndefined();
  expect(run.status).toBe(1);
  expect(run.stdout).toContain("HWSG001:a\\u001b[2J\\u202e");
});

test.each([
  ["not JSON", "\u001b[31m{"],
  ["a deep array", `${"[".repeat(100_000)}`],
])("a baseline that is %s: exit 2, one stderr line, no control character", (_what, text) => {
  const dir = dirWith({ "main.tf": HCL, "baseline.json": text });
  const run = runBinary(["check", dir, "--baseline", path.join(dir, "baseline.json")]);
  expect(contractBreach(run)).toBeUndefined();
  expect(run.status).toBe(2);
  expect(run.stderrLines).toHaveLength(1);
});
