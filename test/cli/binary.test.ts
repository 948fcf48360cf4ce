/**
 * The real `hwsg` binary (bin/hwsg.js, which loads dist/lib/cli/main.js): exit codes 0/1/2, one
 * JSON object on stdout with --json, one line on stderr on bad input. dist/ is rebuilt first when
 * it is missing or older than the lib/ sources.
 */
import * as path from "path";
import { BIN, ROOT, ensureBuilt } from "../support/built-binary";
import { spawnSync } from "child_process";

const FIXTURES = path.join(ROOT, "test", "fixtures");
const WEB_DB = path.join(FIXTURES, "reader", "web-db.tf.json");
const BAD = path.join(FIXTURES, "bad", "rule-priority-0.tf.json");
const ENV = { ...process.env, CHECKPOINT_DISABLE: "1" };

beforeAll(ensureBuilt, 240_000);

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function hwsg(...args: string[]): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env: ENV, encoding: "utf8", timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** stdout as exactly one JSON object with the documented keys. */
function answer(r: Run): { verdict: string; rule: string | null; hops: Array<{ instance: string; direction: string; verdict: string; rule: string | null }>; reason: string } {
  expect(r.stdout.endsWith("}\n")).toBe(true);
  const json = JSON.parse(r.stdout);
  expect(typeof json === "object" && json !== null && !Array.isArray(json)).toBe(true);
  expect(Object.keys(json)).toEqual(expect.arrayContaining(["verdict", "rule", "hops", "reason"]));
  expect(Array.isArray(json.hops)).toBe(true);
  expect(typeof json.reason).toBe("string");
  return json;
}

const TCP = ["--protocol", "tcp", "--json"];

test("allowed: exit 0, the deciding rule and the hop", () => {
  const r = hwsg("query", WEB_DB, "--from", "203.0.113.5", "--to", "huaweicloud_compute_instance.web", "--port", "443", ...TCP);
  expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: "" });
  const a = answer(r);
  expect(a).toMatchObject({ verdict: "allow", rule: "huaweicloud_networking_secgroup_rule.web_https" });
  expect(a.hops.map((h) => `${h.instance} ${h.direction} ${h.verdict} ${h.rule}`)).toEqual([
    "huaweicloud_compute_instance.web ingress allow huaweicloud_networking_secgroup_rule.web_https",
  ]);
});

test("allowed between instances: both hops, egress then ingress", () => {
  const r = hwsg("query", WEB_DB, "--from", "huaweicloud_compute_instance.web", "--to", "10.0.1.20", "--port", "5432", ...TCP);
  expect(r.status).toBe(0);
  expect(answer(r).hops.map((h) => `${h.instance} ${h.direction} ${h.verdict} ${h.rule}`)).toEqual([
    "huaweicloud_compute_instance.web egress allow huaweicloud_networking_secgroup_rule.web_to_db",
    "huaweicloud_compute_instance.db ingress allow huaweicloud_networking_secgroup_rule.db_from_web",
  ]);
});

test("denied: exit 1, no deciding rule, the default deny in the hop", () => {
  const r = hwsg("query", WEB_DB, "--from", "203.0.113.5", "--to", "huaweicloud_compute_instance.web", "--port", "22", ...TCP);
  expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 1, stderr: "" });
  const a = answer(r);
  expect(a).toMatchObject({ verdict: "deny", rule: null });
  expect(a.hops).toEqual([expect.objectContaining({ instance: "huaweicloud_compute_instance.web", direction: "ingress", verdict: "deny", rule: null })]);
  expect(a.reason).toMatch(/deny|Denied/i);
});

test("bad input: exit 2, nothing on stdout, one line naming file, rule and field", () => {
  const r = hwsg("query", BAD, "--from", "203.0.113.5", "--to", "huaweicloud_compute_instance.web", "--port", "443", ...TCP);
  expect({ status: r.status, stdout: r.stdout }).toEqual({ status: 2, stdout: "" });
  expect(r.stderr).toBe(`hwsg: ${BAD}: huaweicloud_networking_secgroup_rule.bad: priority 0 is invalid: must be an integer from 1 to 100\n`);
});

test("usage error: exit 2, nothing on stdout, one commander line", () => {
  const r = hwsg("query", WEB_DB, "--from", "203.0.113.5", ...TCP);
  expect({ status: r.status, stdout: r.stdout }).toEqual({ status: 2, stdout: "" });
  expect(r.stderr).toBe("error: required option '--to <endpoint>' not specified\n");
});

describe("hwsg --version", () => {
  it("prints the package's version and exits 0, as -V too", () => {
    const version = (require(path.join(ROOT, "package.json")) as { version: string }).version;
    for (const flag of ["--version", "-V"]) {
      const r = hwsg(flag);
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(`${version}\n`);
      expect(r.stderr).toBe("");
    }
  });
});
