/**
 * Hostile sources through the real binary: every input that Terraform rejects or that is not a
 * readable regular file or directory ends with exit 2 and one stderr line naming the file and
 * the reason, with no control character, in bounded time and memory (generous limits: these are
 * not benchmarks).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BinaryRun, ROOT, contractBreach, ensureBuilt, runBinary } from "../support/built-binary";

beforeAll(ensureBuilt, 240_000);

const RULE = "huaweicloud_networking_secgroup_rule";
const WEB_DB = path.join(ROOT, "test", "fixtures", "reader", "web-db.tf.json");

function dirWith(files: Readonly<Record<string, string | Buffer>>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hwsg-robust-sources-"));
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

/** Runs `hwsg check TARGET` and asserts exit 2 with one clean line matching `message`. */
function refused(target: string, message: RegExp, limits: { ms?: number; rssMb?: number } = {}): BinaryRun {
  const run = runBinary(["check", target], { timeoutMs: 60_000 });
  expect(contractBreach(run)).toBeUndefined();
  expect(run.status).toBe(2);
  expect(run.stderrLines).toHaveLength(1);
  expect(run.stderrLines[0]).toMatch(message);
  expect(run.ms).toBeLessThan(limits.ms ?? 20_000);
  if (run.maxRssMb > 0) expect(run.maxRssMb).toBeLessThan(limits.rssMb ?? 500);
  return run;
}

const webDb = (): Record<string, unknown> => JSON.parse(fs.readFileSync(WEB_DB, "utf8")) as Record<string, unknown>;

describe("Terraform's JSON syntax", () => {
  test('duplicate keys: "action": "deny", "action": "allow" is refused, not read as allow', () => {
    const text = fs.readFileSync(WEB_DB, "utf8").replace('"action": "allow",', '"action": "deny", "action": "allow",');
    const dir = dirWith({ "main.tf.json": text });
    refused(path.join(dir, "main.tf.json"), /main\.tf\.json:\d+:\d+: duplicate key "action" \(already set at line \d+, column \d+\)/);
  });

  test("a syntax error with control characters is one escaped line", () => {
    const dir = dirWith({ "main.tf.json": '{"resource": {\n"x": \u001b]52;c;aGk=\u0007\u001b[2K}}' });
    refused(path.join(dir, "main.tf.json"), /main\.tf\.json:2:6: not valid JSON: unexpected "\\u001b"/);
  });

  test("invalid UTF-8 is refused with its line and column", () => {
    const dir = dirWith({ "main.tf.json": Buffer.concat([Buffer.from('{\n "locals": {"a": "'), Buffer.from([0xff, 0xfe]), Buffer.from('"}}')]) });
    refused(path.join(dir, "main.tf.json"), /main\.tf\.json:2:19: not valid UTF-8 \(byte 0xff\)/);
  });

  test("a UTF-8 byte order mark is tolerated", () => {
    const dir = dirWith({ "main.tf.json": Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fs.readFileSync(WEB_DB)]) });
    const run = runBinary(["check", path.join(dir, "main.tf.json")]);
    expect(contractBreach(run)).toBeUndefined();
    expect(run.status).toBe(runBinary(["check", WEB_DB]).status);
  });

  test("100,000 levels of JSON nesting in a resource: exit 2, one line, fast", () => {
    const dir = dirWith({ "main.tf.json": `{"resource": {"${RULE}": {"r": {"tags": ${"[".repeat(100_000)}${"]".repeat(100_000)}}}}}` });
    refused(path.join(dir, "main.tf.json"), /main\.tf\.json:1:\d+: nesting deeper than 256 levels/, { ms: 10_000 });
  });

  test('a top-level "resources" typo: exit 2 naming the key, what is allowed and "did you mean resource?"', () => {
    const json = webDb();
    const dir = dirWith({ "main.tf.json": JSON.stringify({ resources: json.resource }, null, 2) });
    refused(path.join(dir, "main.tf.json"), /main\.tf\.json:2:3: unknown top-level key "resources": Terraform allows only terraform, .* here; did you mean "resource"\?$/);
  });

  test("a resource name that is not an identifier: exit 2 naming file, block and name", () => {
    const json = webDb() as { resource: Record<string, Record<string, unknown>> };
    json.resource[RULE]["1st\u001b[2K"] = json.resource[RULE].web_https;
    const dir = dirWith({ "main.tf.json": JSON.stringify(json) });
    refused(path.join(dir, "main.tf.json"), /main\.tf\.json: resource "huaweicloud_networking_secgroup_rule": invalid resource name "1st\\u001b\[2K": a name must start with a letter or underscore/);
  });
});

describe("HCL nesting", () => {
  test.each([2_000, 100_000])("%i levels: exit 2 naming file and line, not 'Maximum call stack size exceeded'", (depth) => {
    const dir = dirWith({ "main.tf": `locals {\n  x = ${"{a = ".repeat(depth)}1${"}".repeat(depth)}\n}\n` });
    const run = refused(path.join(dir, "main.tf"), /main\.tf:2: nesting deeper than 256 levels/, { ms: 15_000 });
    expect(run.stderr).not.toMatch(/call stack/);
  });
});

describe("paths that are not readable regular files or directories", () => {
  test("/dev/null", () => {
    refused("/dev/null", /^hwsg: \/dev\/null: a character device, not a regular file or directory/);
  });

  test("a link to /dev/zero is not read", () => {
    const dir = dirWith({});
    fs.symlinkSync("/dev/zero", path.join(dir, "main.tf.json"));
    refused(path.join(dir, "main.tf.json"), /main\.tf\.json: a character device, not a regular file or directory/);
    refused(dir, /main\.tf\.json: cannot be read: a character device, not a regular file$/);
  });

  test("a named pipe does not block", () => {
    const dir = dirWith({});
    execFileSync("mkfifo", [path.join(dir, "main.tf.json")]);
    refused(path.join(dir, "main.tf.json"), /main\.tf\.json: a named pipe \(FIFO\), not a regular file or directory/, { ms: 10_000 });
    refused(dir, /main\.tf\.json: cannot be read: a named pipe \(FIFO\), not a regular file$/, { ms: 10_000 });
  });

  test("a symbolic link loop says too many levels of symbolic links", () => {
    const dir = dirWith({});
    fs.symlinkSync("loop.tf.json", path.join(dir, "loop.tf.json"));
    refused(path.join(dir, "loop.tf.json"), /loop\.tf\.json: too many levels of symbolic links$/);
  });

  test("a path through a file (ENOTDIR)", () => {
    refused(path.join(WEB_DB, "main.tf.json"), /web-db\.tf\.json\/main\.tf\.json: not a directory/);
  });

  // Root reads any directory: EACCES cannot happen when the tests run as root, so the case is skipped there.
  (process.getuid?.() === 0 ? test.skip : test)("an unreadable directory (EACCES)", () => {
    const dir = dirWith({ "main.tf.json": fs.readFileSync(WEB_DB) });
    fs.chmodSync(dir, 0o000);
    try {
      refused(dir, /: permission denied$/);
    } finally {
      fs.chmodSync(dir, 0o700);
    }
  });
});

describe("hwsg's own reports", () => {
  test("a --json report is never read back as Terraform", () => {
    const dir = dirWith({ "main.tf.json": fs.readFileSync(WEB_DB) });
    const first = runBinary(["check", "--json", dir]);
    expect(contractBreach(first, { textStdout: false })).toBeUndefined();
    fs.writeFileSync(path.join(dir, "report.tf.json"), first.stdout);
    // Given as the input: refused, saying what it is.
    refused(path.join(dir, "report.tf.json"), /report\.tf\.json: an hwsg report \(schema hwsg\/check@1\), not Terraform/);
    // Next to the Terraform: skipped, so the result is the same as without it.
    const again = runBinary(["check", "--json", dir]);
    expect(contractBreach(again, { textStdout: false })).toBeUndefined();
    expect(again.status).toBe(first.status);
    expect((JSON.parse(again.stdout) as { files: string[] }).files).toEqual((JSON.parse(first.stdout) as { files: string[] }).files);
  });
});
