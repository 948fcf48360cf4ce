/**
 * Robustness of `hwsg-bindings` (the provider classes written into a user's folder): bad
 * arguments, no CDK core, an output path that cannot be written. Each is exit 2 with one stderr
 * line, no control character, and nothing half-written.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BinaryRun, CONTROL_CHARACTER, contractBreach, ensureBuilt, ROOT } from "../support/built-binary";

const BINDINGS = path.join(ROOT, "bin", "hwsg-bindings.js");
let empty: string;

beforeAll(() => {
  ensureBuilt();
  empty = fs.mkdtempSync(path.join(os.tmpdir(), "hwsg-bindings-robustness-"));
}, 240_000);
afterAll(() => fs.rmSync(empty, { recursive: true, force: true }));

function bindings(args: string[], cwd = ROOT): BinaryRun {
  const started = Date.now();
  const r = spawnSync(process.execPath, [BINDINGS, ...args], { cwd, encoding: "utf8", timeout: 60_000, env: { ...process.env, HWSG_CDK_CORE: "" } });
  const stderr = r.stderr ?? "";
  return { status: r.status, signal: r.signal, stdout: r.stdout ?? "", stderr, stderrLines: stderr.split("\n").filter((l) => l !== ""), ms: Date.now() - started, maxRssMb: 0 };
}

function expectUsageError(run: BinaryRun, message: RegExp): void {
  expect(contractBreach(run)).toBeUndefined();
  expect(run.status).toBe(2);
  expect(run.stderrLines).toHaveLength(1);
  expect(run.stderr).not.toMatch(CONTROL_CHARACTER);
  expect(run.stderrLines[0]).toMatch(/^hwsg-bindings: /);
  expect(run.stderrLines[0]).toMatch(message);
}

test.each<[string, string[], RegExp]>([
  ["an unknown argument with escape sequences", ["--out\u001b[2J\u009b"], /unknown argument "--out\\u001b\[2J\\u009b"; usage: npx hwsg-bindings/],
  ["an unknown core", ["--core", "cdk\u0007tf"], /--core is "cdk\\u0007tf": it must be cdktf or cdktn/],
  ["--out without a value", ["--out"], /--out needs a value/],
  ["--core with an empty value", ["--core", ""], /--core needs a value/],
])("%s is a usage error", (_name, args, message) => {
  expectUsageError(bindings(args), message);
});

test("an app folder with neither cdktf nor cdktn installed: names both and the way out", () => {
  expectUsageError(bindings(["--out", "gen"], empty), /neither cdktf nor cdktn is installed in .*npm install cdktf@0\.21\.x or cdktn@0\.24\.x\), or pass --core/);
  expect(fs.existsSync(path.join(empty, "gen"))).toBe(false);
});

test("an output path through a file: one line naming the path, nothing written", () => {
  const file = path.join(empty, "a-file");
  fs.writeFileSync(file, "x");
  const run = bindings(["--out", path.join(file, "gen"), "--core", "cdktn"], empty);
  expectUsageError(run, /ENOTDIR|not a directory/i);
  expect(fs.readFileSync(file, "utf8")).toBe("x");
});

test("a second run replaces only providers/huaweicloud and keeps the user's other files", () => {
  const out = path.join(empty, "keep");
  fs.mkdirSync(path.join(out, "providers", "other"), { recursive: true });
  fs.writeFileSync(path.join(out, "providers", "other", "index.ts"), "// the user's\n");
  for (let i = 0; i < 2; i++) {
    const run = bindings(["--out", out, "--core", "cdktn"], empty);
    expect(contractBreach(run)).toBeUndefined();
    expect(run.status).toBe(0);
  }
  expect(fs.readFileSync(path.join(out, "providers", "other", "index.ts"), "utf8")).toBe("// the user's\n");
  expect(fs.readdirSync(path.join(out, "providers")).sort()).toEqual(["huaweicloud", "other"]);
});
