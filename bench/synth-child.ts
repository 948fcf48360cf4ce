/**
 * One measured synthesis, in a process of its own (so that peak RSS is this synth's alone):
 *
 *   node bench/synth-child.js --groups 100 --checks on|off [--seed N] [--outdir DIR]
 *
 * Generates the estate (not timed), then times building the cdktf app from the library's
 * constructs and `app.synth()` (validations, lint and intents included when the checks are on),
 * and prints one JSON line: `{ "ms": …, "maxRssKb": …, "rules": …, "groups": … }`. The peak RSS is
 * `process.resourceUsage().maxRSS` (KiB), the whole process's high-water mark. Exit code 1 when
 * the synth fails.
 */
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { toCdktfApp } from "./cdktf-app";
import { estateStats, generateEstate } from "./estate";
import { BENCH_SEED, estateOptions } from "./sizes";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function main(): void {
  process.env.CHECKPOINT_DISABLE = "1";
  const groups = Number(arg("groups") ?? "100");
  const seed = Number(arg("seed") ?? BENCH_SEED);
  const checks = (arg("checks") ?? "on") === "on";
  const outdir = arg("outdir") ?? mkdtempSync(join(tmpdir(), "hwsg-bench-synth-"));
  const estate = generateEstate(estateOptions(groups, seed));
  const stats = estateStats(estate);
  try {
    const t0 = performance.now();
    const { app } = toCdktfApp(estate, { outdir, checks });
    app.synth();
    const ms = performance.now() - t0;
    const maxRssKb = process.resourceUsage().maxRSS;
    process.stdout.write(`${JSON.stringify({ ms, maxRssKb, groups: stats.groups, rules: stats.rules, instances: stats.instances, intents: stats.intents, checks })}\n`);
  } finally {
    if (arg("outdir") === undefined) rmSync(outdir, { recursive: true, force: true });
  }
}

try {
  main();
} catch (e) {
  process.stderr.write(`synth failed: ${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
}
