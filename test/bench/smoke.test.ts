/**
 * The benchmark as a smoke test (issue 5 item 4): `npm run bench -- --smoke` runs every part of the
 * benchmark at the smallest size with fewer runs, prints its table and writes the report where
 * `--out` says. Nothing about time is asserted: it fails only if something crashes.
 */
import { execFile } from "child_process";
import { mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join, resolve } from "path";

const ROOT = resolve(__dirname, "..", "..");

function bench(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ["-r", "ts-node/register/transpile-only", "bench/run.ts", ...args],
      { cwd: ROOT, env: { ...process.env, CHECKPOINT_DISABLE: "1" }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => done({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe("npm run bench -- --smoke", () => {
  it("runs every measurement at the smallest size, prints one table and writes the report", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hwsg-bench-smoke-"));
    try {
      const out = join(dir, "benchmarks.md");
      const { code, stdout, stderr } = await bench(["--smoke", "--out", out]);
      expect({ code, stderr: code === 0 ? "" : stderr }).toEqual({ code: 0, stderr: "" });
      for (const row of [
        "synth, checks off: wall time",
        "synth, checks on: peak RSS",
        "single flow: hwsg evaluator",
        "single flow: reference evaluator",
        "allowed ingress space (IPv4 + IPv6)",
        "never-effective rules of its groups",
        "full reachability matrix (IPv4)",
        "hwsg check: fitted exponent",
        "HWSG004 alone, adversarial estate",
        "hwsg check, adversarial estate",
        "hwsg check, adversarial: fitted exponent",
        "hwsg check, module estate (directory)",
        "hwsg check, module estate (plan JSON)",
        "hwsg check, module estate (directory): fitted exponent",
        "hwsg check, module estate (plan JSON): fitted exponent",
      ]) {
        expect(stdout).toContain(row);
      }
      const doc = readFileSync(out, "utf8");
      for (const heading of ["# Benchmarks", "## Machine", "## Results", "## Targets (issue 5)", "## Profiles and design", "<!-- hand-written:start -->"]) {
        expect(doc).toContain(heading);
      }
      expect(doc).toContain(`Node.js ${process.version}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it("refuses an unknown option", async () => {
    const { code, stderr } = await bench(["--fast"]);
    expect(code).toBe(1);
    expect(stderr).toContain("unknown option --fast");
  }, 60_000);
});
