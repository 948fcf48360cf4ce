/**
 * `hwsg check` timed in a process of its own, for the scaling benchmark:
 *
 *   node bench/check-child.js --file main.tf.json [--warmup 1] [--runs 5] [--slow-ms 30000]
 *
 * Runs the command line's `check <file> --json` in-process (reading and parsing the file, the
 * model, the lint, the JSON report) after `--warmup` unmeasured runs, and prints one JSON line:
 * `{ "samples": [ms, …], "reduced": bool, "findings": n, "unknowns": n, "exitCode": c }`. A warm-up longer than
 * `--slow-ms` counts as a measured run and cuts the runs to 3 in all. Exit code 1 when `check`
 * fails on bad input or an internal error (exit code 2 or 3).
 */
import { run } from "../lib/cli/main";
import { timeAsync } from "./measure";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const file = arg("file");
  if (!file) throw new Error("--file is required");
  const warmup = Number(arg("warmup") ?? "1");
  const runs = Number(arg("runs") ?? "5");
  const slow = arg("slow-ms");
  let findings = 0;
  let unknowns = 0;
  let exitCode = 0;
  const { samples, reduced } = await timeAsync(
    { warmup, runs, ...(slow !== undefined ? { slowMs: Number(slow) } : {}) },
    () => undefined,
    async () => {
      let out = "";
      let err = "";
      exitCode = await run(["check", file, "--json"], { out: (t) => { out += t; }, err: (t) => { err += t; } });
      if (exitCode !== 0 && exitCode !== 1) throw new Error(`hwsg check ${file} exited ${exitCode}: ${err}`);
      const report = JSON.parse(out) as { findings: unknown[]; unknowns?: unknown[] };
      findings = report.findings.length;
      unknowns = report.unknowns?.length ?? 0;
    },
  );
  process.stdout.write(`${JSON.stringify({ samples, reduced, findings, unknowns, exitCode })}\n`);
}

main().catch((e) => {
  process.stderr.write(`check failed: ${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
});
