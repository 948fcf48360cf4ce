/**
 * Hostile endpoint text for `hwsg query --from/--to` (issue 13: members, groups, short names):
 * whatever the text — huge, deeply nested module paths, control characters, brackets — the run
 * keeps the exit-code contract (exit 2 with one stderr line naming the option and what is
 * accepted, no control character on the terminal, no stack trace) and bounded work.
 */
import * as path from "path";
import { CONTROL_CHARACTER, ROOT, contractBreach, ensureBuilt, runBinary } from "../support/built-binary";

beforeAll(ensureBuilt, 240_000);

const FIXTURE = path.join(ROOT, "test", "fixtures", "members", "endpoints");

const query = (from: string, to = "huaweicloud_compute_instance.db") => runBinary(["query", FIXTURE, "--from", from, "--to", to, "--protocol", "tcp", "--port", "3306"]);

/** Argument text stays under the kernel's limit for one argument (128 KiB). */
const cases: ReadonlyArray<readonly [string, string]> = [
  ["100,000 letters", "a".repeat(100_000)],
  ["a module path 10,000 calls deep", `${"module.m.".repeat(10_000)}huaweicloud_compute_instance.x`],
  ["a module path with 10,000 unclosed keys", `${"module.m[".repeat(10_000)}huaweicloud_compute_instance.x`],
  ["an address whose key holds escape sequences", 'huaweicloud_compute_instance.vm["\u001b[2J\u001b]0;pwned\u0007"]'],
  ["a security group address with a newline", "huaweicloud_networking_secgroup.app\nhuaweicloud_networking_secgroup.db"],
  ["a short name with a C1 control and a bidi override", "group\u009b app\u202e"],
  ["50,000 brackets", "[".repeat(50_000)],
  ["a group prefix and 60,000 spaces", `group ${" ".repeat(60_000)}`],
];

describe.each(cases)("--from %s", (_name, text) => {
  it("is exit 2 with one line, no control character, bounded work", () => {
    const run = query(text);
    expect(contractBreach(run)).toBeUndefined();
    expect(run.status).toBe(2);
    expect(run.stderrLines).toHaveLength(1);
    expect(run.stderrLines[0]).toMatch(/^hwsg: --from /);
    expect(run.stderrLines[0]).not.toMatch(CONTROL_CHARACTER);
    // A message repeats at most a bounded part of what it was given.
    expect(run.stderrLines[0].length).toBeLessThan(2_000);
    expect(run.ms).toBeLessThan(20_000);
    expect(run.maxRssMb).toBeLessThan(1_000);
  });
});

it("a group, a short name and internet keep the contract too, and answer", () => {
  for (const [from, to] of [["group app", "huaweicloud_networking_secgroup.cache"], ["internet", "group db"], ["huaweicloud_networking_secgroup.cache", "huaweicloud_networking_secgroup.cache"]]) {
    const run = query(from, to);
    expect(contractBreach(run, { textStdout: true })).toBeUndefined();
    expect([0, 1]).toContain(run.status);
  }
});

it("--from-address of 100,000 characters is one short line", () => {
  const run = runBinary(["query", FIXTURE, "--from", "huaweicloud_compute_instance.db", "--from-address", "9".repeat(100_000), "--to", "203.0.113.9", "--protocol", "tcp", "--port", "443"]);
  expect(contractBreach(run)).toBeUndefined();
  expect(run.status).toBe(2);
  expect(run.stderrLines[0]).toMatch(/^hwsg: --from-address "9{200}…" \(100000 characters\) is not an IP address$/);
});
