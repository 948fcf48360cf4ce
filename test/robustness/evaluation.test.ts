/**
 * Bounded work in the evaluator (issue 15, item 1): input that asks for unbounded work — a huge
 * count or for_each, a huge string, a value nested without end, an expression doing billions of
 * steps, a YAML alias bomb — is exit 2 with one line naming file, address, field and the limit,
 * quickly and in little memory (checked before the memory is spent). Each case runs the real
 * binary in a child process; the time and memory bounds are generous (not a benchmark), far
 * below what the unbounded work took before (count = 1e9: ~50 s, then a V8 crash, exit 134).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { contractBreach, ensureBuilt, runBinary } from "../support/built-binary";

beforeAll(ensureBuilt, 240_000);

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "hwsg-evaluation-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const GROUP = 'resource "huaweicloud_networking_secgroup" "web" {\n  name = "web"\n}\n';

/** Writes `files` into a fresh directory and runs `hwsg check` on it. */
function check(name: string, files: Record<string, string>) {
  const target = path.join(dir, name);
  fs.mkdirSync(target);
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(target, file), text);
  return { target, run: runBinary(["check", target], { timeoutMs: 60_000 }) };
}

/** Asserts the contract of a refused input: exit 2, one line naming what was asked, quickly, in little memory. */
function expectRefused(run: ReturnType<typeof runBinary>, parts: readonly (string | RegExp)[], seconds = 10): void {
  expect(contractBreach(run)).toBeUndefined();
  expect(run.status).toBe(2);
  expect(run.stderrLines).toHaveLength(1);
  for (const p of parts) expect(run.stderrLines[0]).toMatch(p);
  expect(run.ms).toBeLessThan(seconds * 1000);
  expect(run.maxRssMb).toBeLessThan(600);
}

const RULE = (extra: string): string =>
  `${GROUP}resource "huaweicloud_networking_secgroup_rule" "r" {\n${extra}\n  security_group_id = huaweicloud_networking_secgroup.web.id\n  direction = "ingress"\n  ethertype = "IPv4"\n  protocol = "tcp"\n  ports = "22"\n  remote_ip_prefix = "10.0.0.0/8"\n}\n`;

test("count = 1e9 is refused at once, before any instance is made", () => {
  const { target, run } = check("count-1e9", { "main.tf": RULE("  count = 1000000000") });
  expectRefused(run, [path.join(target, "main.tf"), "huaweicloud_networking_secgroup_rule.r", "count", "1,000,000,000 instances", "the limit is 100,000"]);
});

test("count = 1e6 is refused at once", () => {
  const { run } = check("count-1e6", { "main.tf": RULE("  count = 1000000") });
  expectRefused(run, ["huaweicloud_networking_secgroup_rule.r", "count", "1,000,000 instances", "100,000"]);
});

test("for_each over 200,000 keys built with range and for is refused", () => {
  const { run } = check("for-each-2e5", {
    "main.tf": `${GROUP}locals {\n  keys = flatten([for a in range(500) : [for b in range(400) : "k-\${a}-\${b}"]])\n}\nresource "huaweicloud_networking_secgroup" "many" {\n  for_each = toset(local.keys)\n  name     = each.key\n}\n`,
  });
  expectRefused(run, ["huaweicloud_networking_secgroup.many", "for_each", "200,000 instances", "100,000"]);
});

test("a 10^8-character string built with join and format is refused before it is built", () => {
  const chunk = "0123456789".repeat(10);
  const { run } = check("string-1e8", {
    "main.tf": `${GROUP}locals {\n  s = format("%s", join("", [for j in range(1000) : "${chunk}"]))\n}\nresource "huaweicloud_networking_secgroup" "x" {\n  name        = "x"\n  description = join("", [for i in range(1000) : local.s])\n}\n`,
  });
  expectRefused(run, ["huaweicloud_networking_secgroup.x", "description", "join's result would be 100,000,000 characters long: the limit is 16,777,216"]);
});

test("strings each under the limit cannot together exhaust memory", () => {
  const chunk = "0123456789".repeat(10);
  const { run } = check("string-total", {
    "main.tf": `${GROUP}locals {\n  t = [for i in range(700) : join("", [for j in range(1000) : "${chunk}"])]\n}\nresource "huaweicloud_networking_secgroup" "x" {\n  name        = "x"\n  description = join(",", local.t)\n}\n`,
  });
  expectRefused(run, ["huaweicloud_networking_secgroup.x", "description", /exceed 67,108,864 characters in all|would be \d[\d,]* characters long/], 30);
});

test("a list nested 100,000 levels in a variable's default is refused, without a stack overflow", () => {
  const deep = `${"[".repeat(100_000)}1${"]".repeat(100_000)}`;
  const { run } = check("deep-default", {
    "main.tf.json": `{"variable":{"x":{"default":${deep}}},"resource":{"huaweicloud_networking_secgroup":{"web":{"name":"web","description":"\${jsonencode(var.x)}"}}}}`,
  });
  // The JSON reader refuses it while reading (256 levels), before any evaluation.
  expectRefused(run, ["main.tf.json:1:", "nesting deeper than 256 levels"]);
});

test("locals nested in one another past the depth limit are refused, without a stack overflow", () => {
  const chain = Array.from({ length: 999 }, (_, i) => `  l${i + 1} = [local.l${i}]`).join("\n");
  const { run } = check("deep-locals", {
    "main.tf": `${GROUP}locals {\n  l0 = 1\n${chain}\n}\nresource "huaweicloud_networking_secgroup" "x" {\n  name        = "x"\n  description = jsonencode(local.l999)\n}\n`,
  });
  expectRefused(run, ["huaweicloud_networking_secgroup.x", "description", "nests deeper than 500 levels"], 30);
});

test("a list nested 100,000 levels in a resource field is refused", () => {
  const deep = `${"[".repeat(100_000)}1${"]".repeat(100_000)}`;
  const { run } = check("deep-field", { "main.tf.json": `{"resource":{"huaweicloud_networking_secgroup":{"web":{"name":"web","tags":${deep}}}}}` });
  expectRefused(run, ["main.tf.json:1:", "nesting deeper than 256 levels"]);
});

test("an expression doing billions of steps is stopped by the work budget", () => {
  const { run } = check("steps", {
    "main.tf": `${GROUP}locals {\n  big = [for a in range(1000) : [for b in range(1000) : [for c in range(1000) : c]]]\n}\nresource "huaweicloud_networking_secgroup" "x" {\n  name        = "x"\n  description = jsonencode(local.big)\n}\n`,
  });
  expectRefused(run, ["huaweicloud_networking_secgroup.x", "description", "more than 10,000,000 steps"], 40);
});

test("a YAML alias bomb read by yamldecode is refused", () => {
  let yaml = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n';
  let previous = "a";
  for (let i = 0; i < 10; i++) {
    yaml += `b${i}: &b${i} [${Array(9).fill(`*${previous}`).join(",")}]\n`;
    previous = `b${i}`;
  }
  const { run } = check("yaml-bomb", {
    "bomb.yaml": yaml,
    "main.tf": `${GROUP}locals {\n  rules = yamldecode(file("\${path.module}/bomb.yaml"))\n}\nresource "huaweicloud_networking_secgroup" "x" {\n  name        = "x"\n  description = jsonencode(local.rules)\n}\n`,
  });
  expectRefused(run, ["huaweicloud_networking_secgroup.x", "description", "yamldecode", "aliases"], 30);
});
