/**
 * The adversarial part of the scaling benchmark (issue 15): `hwsg check` and the HWSG004 analysis
 * alone on the adversarial estate (adversarial.ts: one group of identical rules, one of nested
 * blocks and port ranges) at growing sizes, each with the exponent fitted on a log–log scale
 * against the exponent n·log n has at the same sizes.
 *
 * A size whose `hwsg check` would take longer than the budget if time grew quadratically from the
 * size before is not run (a quadratic part would otherwise keep the benchmark busy for an hour);
 * the row says so and the target is then not met.
 */
import { writeFileSync } from "fs";
import { join } from "path";
import { shadowingFindings } from "../lib/analysis/shadowing";
import { Network } from "../lib/core/network";
import { readDocuments } from "../lib/terraform/reader";
import { adversarialTerraformJson, adversarialTerraformJsonText } from "./adversarial";
import { RunPolicy, runJsonChild, timeSync } from "./measure";
import { Row, TargetResult, formatCount, formatMs, summaryRow, valueRow, verdictText } from "./report";
import { fitExponent, nLogNExponent, summarize } from "./stats";

/** What the adversarial part measures. */
export interface AdversarialPlan {
  /** Rules in each of the two groups. */
  readonly sizes: readonly number[];
  /** Runs of `hwsg check` (child process) per size. */
  readonly check: RunPolicy;
  /** Runs of the HWSG004 analysis alone (in process, fresh network each run) per size. */
  readonly analysis: RunPolicy;
  /** A size is not run when a quadratic extrapolation from the size before exceeds this (ms). */
  readonly budgetMs: number;
}

/** Where the adversarial part runs: the compiled check child, a scratch directory, the repository root. */
export interface AdversarialContext {
  readonly checkChild: string;
  readonly dir: string;
  readonly root: string;
  readonly judged: boolean;
  readonly log: (message: string) => void;
}

const label = (n: number): string => `2 groups × ${formatCount(n)} rules`;

/** Measures both, adds their rows and two targets (check, HWSG004 alone). */
export async function benchAdversarial(plan: AdversarialPlan, ctx: AdversarialContext, rows: Row[], targets: TargetResult[]): Promise<void> {
  const checkXs: number[] = [];
  const checkYs: number[] = [];
  const aloneXs: number[] = [];
  const aloneYs: number[] = [];
  let skippedFrom: { size: number; predictedMs: number } | undefined;
  for (const n of plan.sizes) {
    ctx.log(`adversarial estate: HWSG004 alone at ${label(n)}`);
    const base = readDocuments([{ file: "main.tf.json", json: adversarialTerraformJson(n) }]).network;
    let found = 0;
    const alone = timeSync(plan.analysis, () => new Network(base.spec), (net) => {
      found = shadowingFindings(net).length;
    });
    const a = summarize(alone.samples);
    aloneXs.push(n);
    aloneYs.push(a.median);
    rows.push(summaryRow("HWSG004 alone, adversarial estate", `${label(n)} (${formatCount(found)} found)`, a, formatMs, { reduced: alone.reduced }));

    const previous = checkXs.length > 0 ? { n: checkXs[checkXs.length - 1], ms: checkYs[checkYs.length - 1] } : undefined;
    const predictedMs = previous ? previous.ms * (n / previous.n) ** 2 : 0;
    if (skippedFrom || predictedMs > plan.budgetMs) {
      skippedFrom ??= { size: n, predictedMs };
      rows.push(valueRow("hwsg check, adversarial estate", label(n), "not run", { target: `quadratic growth from the size before would take ${formatMs(predictedMs)} (budget ${formatMs(plan.budgetMs)})` }));
      continue;
    }
    const file = join(ctx.dir, `adversarial-${n}.tf.json`);
    writeFileSync(file, adversarialTerraformJsonText(n));
    ctx.log(`adversarial estate: hwsg check at ${label(n)}`);
    const p = plan.check;
    const result = await runJsonChild<{ samples: number[]; reduced: boolean; findings: number }>(
      ctx.checkChild,
      ["--file", file, "--warmup", String(p.warmup), "--runs", String(p.runs), ...(p.slowMs !== undefined ? ["--slow-ms", String(p.slowMs)] : [])],
      ctx.root,
    );
    const s = summarize(result.samples);
    checkXs.push(n);
    checkYs.push(s.median);
    rows.push(summaryRow("hwsg check, adversarial estate", `${label(n)} (${formatCount(result.findings)} findings)`, s, formatMs, { reduced: result.reduced }));
  }
  exponentTarget("HWSG004 alone grows no worse than n·log n on the adversarial estate", "HWSG004 alone, adversarial: fitted exponent", aloneXs, aloneYs, undefined, ctx, rows, targets);
  exponentTarget("hwsg check grows no worse than n·log n on the adversarial estate", "hwsg check, adversarial: fitted exponent", checkXs, checkYs, skippedFrom, ctx, rows, targets);
}

function exponentTarget(
  name: string,
  rowName: string,
  xs: readonly number[],
  ys: readonly number[],
  skipped: { size: number; predictedMs: number } | undefined,
  ctx: AdversarialContext,
  rows: Row[],
  targets: TargetResult[],
): void {
  if (xs.length < 2) {
    targets.push({ name, measured: `${xs.length} size measured`, target: "an exponent needs two sizes", met: ctx.judged ? false : undefined, margin: skipped ? `sizes from ${formatCount(skipped.size)} rules not run` : "" });
    return;
  }
  const k = fitExponent(xs, ys);
  const bound = nLogNExponent(xs);
  const met = k <= bound && skipped === undefined;
  const sizes = `${xs.map(formatCount).join(", ")} rules per group`;
  rows.push(valueRow(rowName, sizes, `k = ${k.toFixed(2)}`, { target: `≤ ${bound.toFixed(2)} (n·log n)`, ...(ctx.judged ? { verdict: verdictText(met) } : {}) }));
  targets.push({
    name,
    measured: `exponent ${k.toFixed(2)} over ${sizes}`,
    target: `≤ ${bound.toFixed(2)}, the exponent n·log n fits to at these sizes, at every size`,
    met: ctx.judged ? met : undefined,
    margin:
      (k <= bound ? `${(bound - k).toFixed(2)} below` : `${(k - bound).toFixed(2)} above`) +
      `: from ${formatCount(xs[0])} to ${formatCount(xs[xs.length - 1])} rules the time grows ${(ys[ys.length - 1] / ys[0]).toFixed(1)}×` +
      (skipped ? `; ${formatCount(skipped.size)} rules and more not run (quadratic growth would take ${formatMs(skipped.predictedMs)})` : ""),
  });
}
