/**
 * The schema check through the real binary: what `terraform validate` rejects is exit 2 with one
 * stderr line naming file, resource address, field, value and what is allowed; a misspelt type
 * is a warning, not a silent loss; hostile names stay one escaped line, and the did-you-mean
 * search stays bounded however many unknown types or however long a name.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CONTROL_CHARACTER, ROOT, contractBreach, ensureBuilt, runBinary } from "../support/built-binary";

beforeAll(ensureBuilt, 240_000);

const BAD = path.join(ROOT, "test", "fixtures", "bad", "schema");
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** Writes a `.tf.json` document into a new temp dir and returns its path. */
function write(doc: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hwsg-schema-"));
  dirs.push(dir);
  const file = path.join(dir, "main.tf.json");
  fs.writeFileSync(file, typeof doc === "string" ? doc : JSON.stringify(doc));
  return file;
}

test.each([
  ["argument-typo.tf", 'huaweicloud_networking_secgroup_rule.ssh: remote_ip_prefx "10.0.0.0/8" is invalid: An argument named "remote_ip_prefx" is not expected here; did you mean "remote_ip_prefix"?'],
  ["missing-direction.tf", 'huaweicloud_networking_secgroup_rule.ssh: direction (missing) is invalid: The argument "direction" is required'],
  ["port-range-empty.tf.json", 'huaweicloud_networking_secgroup_rule.ssh: port_range_min "" is invalid: Inappropriate value for attribute "port_range_min": a number is required'],
  ["flavor-list.tf.json", 'huaweicloud_compute_instance.web: flavor_id ["s6.small.1"] is invalid: Inappropriate value for attribute "flavor_id": string required'],
])("%s: exit 2, one line naming file, address, field, value and what is allowed", (file, message) => {
  const run = runBinary(["check", path.join(BAD, file)]);
  expect(contractBreach(run)).toBeUndefined();
  expect(run.status).toBe(2);
  expect(run.stderrLines).toHaveLength(1);
  expect(run.stderrLines[0]).toContain(`${file}: ${message}`);
});

test("a misspelt resource type is a warning naming the type meant, and its rule does not vanish silently", () => {
  const run = runBinary(["check", "--json", path.join(BAD, "type-typo.tf")]);
  expect(contractBreach(run)).toBeUndefined();
  expect(run.status).toBe(0);
  expect(run.stdout).toContain("did you mean huaweicloud_networking_secgroup_rule?");
});

test("a control character in an argument name is escaped in the one stderr line", () => {
  const file = write('{"resource":{"huaweicloud_networking_secgroup":{"w":{"name":"w","x\\u001b[2K\\ny":1}}}}');
  const run = runBinary(["check", file]);
  expect(run.status).toBe(2);
  expect(run.stderrLines).toHaveLength(1);
  expect(run.stderrLines[0]).toContain('An argument named "x\\u001b[2K\\u000ay" is not expected here');
  expect(CONTROL_CHARACTER.test(run.stderr)).toBe(false);
});

test("did-you-mean work stays bounded: 20,000 unknown huaweicloud_* types and a 1 MB argument name", () => {
  const resource: Record<string, unknown> = {};
  for (let i = 0; i < 20_000; i++) resource[`huaweicloud_networking_secgroup_rule_${i}x`] = { r: { a: 1 } };
  const many = runBinary(["check", "--json", write({ resource })]);
  expect(contractBreach(many)).toBeUndefined();
  expect(many.status).toBe(0);
  expect(many.ms).toBeLessThan(60_000);
  // 50 warnings of their own, then one that counts the rest.
  const warnings = (JSON.parse(many.stdout) as { warnings: string[] }).warnings.filter((w) => w.includes("does not have") || w.includes("has no resource type"));
  expect(warnings).toHaveLength(51);
  expect(warnings[50]).toContain("and 19949 more resources: 19950 more types the huaweicloud provider (1.97.1) does not have");
  expect(many.maxRssMb).toBeLessThan(1_500);

  const long = runBinary(["check", write({ resource: { huaweicloud_networking_secgroup: { w: { name: "w", ["n".repeat(1_000_000)]: 1 } } } })]);
  expect(contractBreach(long)).toBeUndefined();
  expect(long.status).toBe(2);
  expect(long.ms).toBeLessThan(60_000);
});
