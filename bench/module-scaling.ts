/**
 * The module part of the scaling benchmark (issue 12): `hwsg check` on the estate written as real
 * repositories write it — a root directory calling `./modules/sg` once per group with `for_each`
 * (module-estate.ts) — and on that root's plan JSON with every id unknown until apply
 * (plan-estate.ts), at growing rule counts, each input with the exponent fitted on a log–log
 * scale against the exponent n·log n has at the same sizes.
 *
 * Both inputs are checked to read in full: a run whose report lists an unknown or a finding
 * fails the benchmark (the estate is clean and every link is written so that it can be followed).
 * A size whose run would take longer than the budget if time grew quadratically from the size
 * before is not run; the row says so and the target is then not met.
 */
import { mkdirSync, writeFileSync } from "fs";
import { dirname, join } from "path";
import { estateStats, generateEstate } from "./estate";
import { RunPolicy, runJsonChild } from "./measure";
import { moduleEstateFiles } from "./module-estate";
import { planJsonText } from "./plan-estate";
import { Row, TargetResult, formatCount, formatMs, summaryRow, valueRow, verdictText } from "./report";
import { RULES_PER_GROUP, estateOptions } from "./sizes";
import { fitExponent, nLogNExponent, summarize } from "./stats";

/** What the module part measures. */
export interface ModulePlan {
  /** Rule counts (20 rules per group). */
  readonly sizes: readonly number[];
  /** Runs of `hwsg check` (child process) per size and input. */
  readonly check: RunPolicy;
  /** A size is not run when a quadratic extrapolation from the size before exceeds this (ms). */
  readonly budgetMs: number;
}

/** Where the module part runs: the compiled check child, a scratch directory, the repository root. */
export interface ModuleContext {
  readonly checkChild: string;
  readonly dir: string;
  readonly root: string;
  readonly seed: number;
  readonly judged: boolean;
  readonly log: (message: string) => void;
}

/** The two inputs measured. */
const INPUTS = [
  { kind: "directory", row: "hwsg check, module estate (directory)", target: "hwsg check grows no worse than n·log n on the module-based estate (directory with module.sg for_each)" },
  { kind: "plan", row: "hwsg check, module estate (plan JSON)", target: "hwsg check grows no worse than n·log n on the module-based estate's plan JSON" },
] as const;

interface CheckResult {
  readonly samples: number[];
  readonly reduced: boolean;
  readonly findings: number;
  readonly unknowns: number;
}

/** Writes the estate of `rules` rules in both forms; returns the directory and the plan file. */
export function writeModuleEstate(dir: string, rules: number, seed: number): { directory: string; plan: string; rules: number; instances: number; otherMembers: number } {
  const estate = generateEstate(estateOptions(Math.round(rules / RULES_PER_GROUP), seed));
  const stats = estateStats(estate);
  const directory = join(dir, `module-estate-${rules}`);
  for (const [path, text] of Object.entries(moduleEstateFiles(estate))) {
    mkdirSync(dirname(join(directory, path)), { recursive: true });
    writeFileSync(join(directory, path), text);
  }
  const plan = join(dir, `module-estate-${rules}.plan.json`);
  writeFileSync(plan, planJsonText(estate));
  // The module estate has the RDS and DCS instances and attached interfaces, not the node pools.
  return { directory, plan, rules: stats.rules, instances: stats.instances, otherMembers: stats.members.rds + stats.members.dcs + stats.members.attachedNics };
}

/** Measures both inputs, adds their rows and one target each. */
export async function benchModules(plan: ModulePlan, ctx: ModuleContext, rows: Row[], targets: TargetResult[]): Promise<void> {
  const xs = INPUTS.map(() => [] as number[]);
  const ys = INPUTS.map(() => [] as number[]);
  const skipped: Array<{ size: number; predictedMs: number } | undefined> = INPUTS.map(() => undefined);
  for (const n of plan.sizes) {
    const written = writeModuleEstate(ctx.dir, n, ctx.seed);
    const size = `${formatCount(written.rules)} rules, ${formatCount(written.instances)} instances + ${formatCount(written.otherMembers)} other members`;
    for (let k = 0; k < INPUTS.length; k++) {
      const input = INPUTS[k];
      const last = xs[k].length - 1;
      const predictedMs = last >= 0 ? ys[k][last] * (written.rules / xs[k][last]) ** 2 : 0;
      if (skipped[k] || predictedMs > plan.budgetMs) {
        skipped[k] ??= { size: written.rules, predictedMs };
        rows.push(valueRow(input.row, size, "not run", { target: `quadratic growth from the size before would take ${formatMs(predictedMs)} (budget ${formatMs(plan.budgetMs)})` }));
        continue;
      }
      ctx.log(`module estate: hwsg check (${input.kind}) at ${size}`);
      const p = plan.check;
      const result = await runJsonChild<CheckResult>(
        ctx.checkChild,
        ["--file", input.kind === "directory" ? written.directory : written.plan, "--warmup", String(p.warmup), "--runs", String(p.runs), ...(p.slowMs !== undefined ? ["--slow-ms", String(p.slowMs)] : [])],
        ctx.root,
      );
      if (result.findings !== 0 || result.unknowns !== 0) {
        throw new Error(`the module estate (${input.kind}, ${size}) is not read in full: ${result.findings} findings, ${result.unknowns} unknowns (both must be 0)`);
      }
      const s = summarize(result.samples);
      xs[k].push(written.rules);
      ys[k].push(s.median);
      rows.push(summaryRow(input.row, size, s, formatMs, { reduced: result.reduced }));
    }
  }
  INPUTS.forEach((input, k) => exponentTarget(input, xs[k], ys[k], skipped[k], ctx.judged, rows, targets));
}

function exponentTarget(
  input: (typeof INPUTS)[number],
  xs: readonly number[],
  ys: readonly number[],
  skipped: { size: number; predictedMs: number } | undefined,
  judged: boolean,
  rows: Row[],
  targets: TargetResult[],
): void {
  const name = input.target;
  if (xs.length < 2) {
    targets.push({ name, measured: `${xs.length} size measured`, target: "an exponent needs two sizes", met: judged ? false : undefined, margin: skipped ? `sizes from ${formatCount(skipped.size)} rules not run` : "" });
    return;
  }
  const k = fitExponent(xs, ys);
  const bound = nLogNExponent(xs);
  const met = k <= bound && skipped === undefined;
  const sizes = `${xs.map(formatCount).join(", ")} rules`;
  const n = xs.length;
  const top = n >= 3 ? fitExponent(xs.slice(n - 2), ys.slice(n - 2)) : undefined;
  rows.push(valueRow(`${input.row}: fitted exponent`, sizes, `k = ${k.toFixed(2)}`, { target: `≤ ${bound.toFixed(2)} (n·log n)`, ...(judged ? { verdict: verdictText(met) } : {}) }));
  targets.push({
    name,
    measured: `exponent ${k.toFixed(2)} over ${sizes}`,
    target: `≤ ${bound.toFixed(2)}, the exponent n·log n fits to at these sizes, at every size`,
    met: judged ? met : undefined,
    margin:
      (k <= bound ? `${(bound - k).toFixed(2)} below` : `${(k - bound).toFixed(2)} above`) +
      (top !== undefined ? ` (between the two largest sizes alone: ${top.toFixed(2)}, n·log n ${nLogNExponent(xs.slice(n - 2)).toFixed(2)})` : "") +
      `: from ${formatCount(xs[0])} to ${formatCount(xs[n - 1])} rules the time grows ${(ys[n - 1] / ys[0]).toFixed(1)}×` +
      (skipped ? `; ${formatCount(skipped.size)} rules and more not run (quadratic growth would take ${formatMs(skipped.predictedMs)})` : ""),
  });
}
