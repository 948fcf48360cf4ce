/**
 * The rest of the hostile-input defects, through the real binary: a number beyond a double named
 * as written, an unused cycle of locals and a reference to something undeclared in a field the
 * model does not read (both refused as `terraform validate` refuses them), and one group of
 * 20,000 identical rules (HWSG004's cover search, once quadratic) in bounded time and memory.
 * Limits are generous: these are not benchmarks (see `npm run bench`).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BinaryRun, ROOT, contractBreach, ensureBuilt, runBinary } from "../support/built-binary";

beforeAll(ensureBuilt, 240_000);

const WEB_DB = path.join(ROOT, "test", "fixtures", "reader", "web-db.tf.json");

function dirWith(files: Readonly<Record<string, string>>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hwsg-robust-strict-"));
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

function refused(dir: string, parts: ReadonlyArray<string | RegExp>): BinaryRun {
  const run = runBinary(["check", dir]);
  expect(contractBreach(run)).toBeUndefined();
  expect(run.status).toBe(2);
  expect(run.stderrLines).toHaveLength(1);
  for (const p of parts) expect(run.stderrLines[0]).toMatch(p);
  return run;
}

const GROUP = 'resource "huaweicloud_networking_secgroup" "g" {\n  name                 = "g"\n  delete_default_rules = true\n}\n';

test("priority 1e400 is named as written, not as null or Infinity", () => {
  const text = fs.readFileSync(WEB_DB, "utf8").replace(/"priority": 1\b/, '"priority": 1e400');
  expect(text).toContain("1e400");
  const run = refused(dirWith({ "main.tf.json": text }), ["priority 1e400 is invalid"]);
  expect(run.stderrLines[0]).not.toMatch(/null|Infinity/);
});

test("an unused cycle of locals is refused, as terraform validate refuses it", () => {
  refused(dirWith({ "main.tf": `${GROUP}locals {\n  a = local.b\n  b = local.a\n}\n` }), [/[Cc]ycle|Self-referencing/, /local\.a|local\.b/]);
});

test("a reference to an undeclared variable in a field the model does not read is refused", () => {
  refused(dirWith({ "main.tf": 'resource "huaweicloud_networking_secgroup" "g" {\n  name                 = "g"\n  delete_default_rules = true\n  region               = var.nowhere\n}\n' }), ["huaweicloud_networking_secgroup.g", "Reference to undeclared input variable", "nowhere"]);
});

test("one group of 20,000 identical rules: checked in bounded time and memory", () => {
  const n = 20_000;
  const rules: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    rules[`r${i}`] = { security_group_id: "${huaweicloud_networking_secgroup.g.id}", direction: "ingress", ethertype: "IPv4", protocol: "tcp", ports: "443", remote_ip_prefix: "10.0.0.0/8", action: "allow", priority: 1 };
  }
  const doc = { resource: { huaweicloud_networking_secgroup: { g: { name: "g", delete_default_rules: true } }, huaweicloud_networking_secgroup_rule: rules } };
  const dir = dirWith({ "main.tf.json": JSON.stringify(doc) });
  const run = runBinary(["check", dir, "--json", "--fail-on", "never"], { timeoutMs: 120_000 });
  expect(contractBreach(run, { textStdout: false })).toBeUndefined();
  expect(run.status).toBe(0);
  const report = JSON.parse(run.stdout) as { findings: Array<{ code: string; coveredBy?: string[] }> };
  const never = report.findings.filter((f) => f.code === "HWSG004");
  expect(never).toHaveLength(n - 1);
  expect(never.every((f) => f.coveredBy?.length === 1 && f.coveredBy[0] === "huaweicloud_networking_secgroup_rule.r0")).toBe(true);
  expect(run.ms).toBeLessThan(90_000);
  if (run.maxRssMb > 0) expect(run.maxRssMb).toBeLessThan(1500);
}, 150_000);
