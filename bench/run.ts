/**
 * `npm run bench`: the benchmarks of issue 5, side by side in one run, printed as one table and
 * written to docs/benchmarks.md with the machine's CPU and Node version.
 *
 *   npm run bench                      # full run, writes docs/benchmarks.md
 *   npm run bench -- --smoke           # smallest sizes, fewer runs, writes nothing (CI smoke test)
 *   npm run bench -- --out FILE        # write the report to FILE (also with --smoke)
 *   npm run bench -- --seed N          # another seed for every estate
 *
 * Measured:
 * 1. the same cdktf app synthesized with the checks (lint and intents) off and on — wall time and
 *    peak RSS, each synth in a child process — at 100 groups / 2,000 rules and 1,000 / 20,000;
 * 2. single-flow decisions per second of the library's evaluator and of the reference evaluator
 *    of the property tests, on an instance with 5 groups × 120 rules;
 * 3. set-valued evaluation: that instance's allowed ingress space, the never-effective-rule
 *    analysis of its groups, and the full reachability matrix of the 1,000-group estate;
 * 4. `hwsg check` at 1k, 5k, 20k and 100k rules, with the exponent fitted on a log–log scale;
 *    and on the adversarial estate of issue 15 (a group of identical rules and one of nested blocks
 *    and port ranges, 1k to 100k rules each), with the HWSG004 analysis alone too; and on the estate
 *    written with a local module called with `for_each`, as a directory and as its plan JSON
 *    (1k, 5k and 20k rules).
 * The targets are judged in the output, never asserted: the run fails only if something crashes.
 */
import { execFileSync } from "child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import * as os from "os";
import { dirname, join, resolve } from "path";
import { shadowedRules } from "../lib/analysis/shadowing";
import { reachabilityMatrix } from "../lib/analysis/matrix";
import { allowedSpace } from "../lib/core/allowed-space";
import { decide } from "../lib/core/decision";
import { evaluateFlow } from "../lib/core/evaluator";
import { Network } from "../lib/core/network";
import { readDocuments } from "../lib/terraform/reader";
import { referenceVerdict } from "../test/support/reference-evaluator";
import { AdversarialPlan, benchAdversarial } from "./adversarial-scaling";
import { Estate, EstateStats, estateStats, generateEstate } from "./estate";
import { ModulePlan, benchModules } from "./module-scaling";
import { BenchFlow, memberFlows, randomFlows, referenceModelOf } from "./flows";
import { RunPolicy, compileChildren, runJsonChild, timeSync } from "./measure";
import {
  BenchReport,
  Row,
  TargetResult,
  formatCount,
  formatKb,
  formatMs,
  formatRate,
  handWritten,
  markdownReport,
  summaryRow,
  textTable,
  valueRow,
  verdictText,
} from "./report";
import { BENCH_SEED, RULES_PER_GROUP, estateOptions, instanceEstateOptions } from "./sizes";
import { Summary, fitExponent, nLogNExponent, summarize } from "./stats";
import { instanceAddress, toTerraformJsonText, toTerraformJson } from "./terraform-json";

const ROOT = resolve(__dirname, "..");

interface Args {
  readonly smoke: boolean;
  readonly out?: string;
  readonly seed: number;
}

function parseArgs(argv: readonly string[]): Args {
  let smoke = false;
  let out: string | undefined;
  let seed = BENCH_SEED;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--smoke") smoke = true;
    else if (a === "--out") out = argv[++i];
    else if (a === "--seed") seed = Number(argv[++i]);
    else throw new Error(`unknown option ${a}: use --smoke, --out FILE, --seed N`);
    if ((a === "--out" && !out) || (a === "--seed" && !Number.isInteger(seed))) throw new Error(`${a} needs a value`);
  }
  return { smoke, ...(out !== undefined ? { out } : smoke ? {} : { out: "docs/benchmarks.md" }), seed };
}

/** What each part measures, full and smoke. */
interface Plan {
  readonly synthGroups: readonly number[];
  readonly synthRuns: number;
  readonly synthWarmup: boolean;
  readonly libFlows: number;
  readonly refFlows: number;
  readonly fast: RunPolicy;
  readonly slow: RunPolicy;
  readonly matrixGroups: number;
  readonly scalingRules: readonly number[];
  readonly check: RunPolicy;
  readonly adversarial: AdversarialPlan;
  readonly modules: ModulePlan;
}

const FULL: Plan = {
  synthGroups: [100, 1000],
  synthRuns: 5,
  synthWarmup: true,
  libFlows: 20_000,
  refFlows: 1_000,
  fast: { warmup: 2, runs: 7 },
  slow: { warmup: 1, runs: 5, slowMs: 30_000, reducedRuns: 3 },
  matrixGroups: 1000,
  scalingRules: [1_000, 5_000, 20_000, 100_000],
  check: { warmup: 1, runs: 5, slowMs: 30_000, reducedRuns: 3 },
  adversarial: {
    sizes: [1_000, 5_000, 20_000, 100_000],
    check: { warmup: 1, runs: 3, slowMs: 30_000, reducedRuns: 3 },
    analysis: { warmup: 1, runs: 3, slowMs: 30_000, reducedRuns: 3 },
    budgetMs: 180_000,
  },
  modules: { sizes: [1_000, 5_000, 20_000], check: { warmup: 1, runs: 3, slowMs: 30_000, reducedRuns: 3 }, budgetMs: 180_000 },
};

const SMOKE: Plan = {
  synthGroups: [100],
  synthRuns: 1,
  synthWarmup: false,
  libFlows: 2_000,
  refFlows: 100,
  fast: { warmup: 1, runs: 1 },
  slow: { warmup: 0, runs: 1 },
  matrixGroups: 100,
  scalingRules: [1_000, 2_000],
  check: { warmup: 0, runs: 1 },
  adversarial: { sizes: [500, 1_000], check: { warmup: 0, runs: 1 }, analysis: { warmup: 0, runs: 1 }, budgetMs: 60_000 },
  modules: { sizes: [500, 1_000], check: { warmup: 0, runs: 1 }, budgetMs: 60_000 },
};

const sizeLabel = (groups: number, rules: number): string => `${formatCount(groups)} groups / ${formatCount(rules)} rules`;

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** How many members other than compute instances an estate has. */
function otherMembers(stats: EstateStats): number {
  const m = stats.members;
  return m.rds + m.dcs + m.attachedNics + m.nodePools;
}

function networkOf(estate: Estate): Network {
  return readDocuments([{ file: "main.tf.json", json: toTerraformJson(estate) }]).network;
}

// ---------------------------------------------------------------------------------------------
// 1. synth, checks off vs on

interface SynthResult {
  readonly ms: number;
  readonly maxRssKb: number;
  readonly rules: number;
  readonly groups: number;
}

async function benchSynth(plan: Plan, seed: number, buildDir: string, rows: Row[], targets: TargetResult[], smoke: boolean): Promise<void> {
  const child = join(buildDir, "bench", "synth-child.js");
  for (const groups of plan.synthGroups) {
    const args = (checks: "on" | "off") => ["--groups", String(groups), "--seed", String(seed), "--checks", checks];
    if (plan.synthWarmup) {
      log(`synth ${groups} groups: warm-up`);
      await runJsonChild<SynthResult>(child, args("off"), ROOT);
    }
    const off: SynthResult[] = [];
    const on: SynthResult[] = [];
    for (let i = 0; i < plan.synthRuns; i++) {
      // Interleaved, so that drift (thermal, other load) hits both alike.
      off.push(await runJsonChild<SynthResult>(child, args("off"), ROOT));
      log(`synth ${groups} groups, checks off, run ${i + 1}: ${formatMs(off[i].ms)}, ${formatKb(off[i].maxRssKb)}`);
      on.push(await runJsonChild<SynthResult>(child, args("on"), ROOT));
      log(`synth ${groups} groups, checks on,  run ${i + 1}: ${formatMs(on[i].ms)}, ${formatKb(on[i].maxRssKb)}`);
    }
    const size = sizeLabel(groups, on[0].rules);
    const tOff = summarize(off.map((r) => r.ms));
    const tOn = summarize(on.map((r) => r.ms));
    const mOff = summarize(off.map((r) => r.maxRssKb));
    const mOn = summarize(on.map((r) => r.maxRssKb));
    const judged = groups === 1000;
    const timeRatio = tOn.median / tOff.median;
    const rssRatio = mOn.median / mOff.median;
    rows.push(summaryRow("synth, checks off: wall time", size, tOff, formatMs));
    rows.push(summaryRow("synth, checks on: wall time", size, tOn, formatMs));
    rows.push(valueRow("synth time, on / off", size, `${timeRatio.toFixed(2)}×`, judged ? { target: "≤ 1.25×", verdict: verdictText(timeRatio <= 1.25) } : {}));
    rows.push(summaryRow("synth, checks off: peak RSS", size, mOff, formatKb));
    rows.push(summaryRow("synth, checks on: peak RSS", size, mOn, formatKb));
    rows.push(valueRow("synth peak RSS, on / off", size, `${rssRatio.toFixed(2)}×`, judged ? { target: "≤ 1.5×", verdict: verdictText(rssRatio <= 1.5) } : {}));
    if (judged || (smoke && groups === plan.synthGroups[plan.synthGroups.length - 1])) {
      const j = judged ? true : undefined;
      targets.push({
        name: "synth with all checks vs without, 1,000 groups / 20,000 rules: time",
        measured: `${timeRatio.toFixed(2)}× (${formatMs(tOn.median)} vs ${formatMs(tOff.median)})${judged ? "" : ` at ${size}`}`,
        target: "≤ 1.25×",
        met: j && timeRatio <= 1.25,
        margin: ratioMargin(timeRatio, 1.25),
      });
      targets.push({
        name: "synth with all checks vs without, 1,000 groups / 20,000 rules: peak RSS",
        measured: `${rssRatio.toFixed(2)}× (${formatKb(mOn.median)} vs ${formatKb(mOff.median)})${judged ? "" : ` at ${size}`}`,
        target: "≤ 1.5×",
        met: j && rssRatio <= 1.5,
        margin: ratioMargin(rssRatio, 1.5),
      });
    }
  }
}

/** `1.80× over the limit (the checks cost 80% where 25% is allowed)` and the like. */
function ratioMargin(ratio: number, limit: number): string {
  const cost = `the checks add ${((ratio - 1) * 100).toFixed(0)}% where ${((limit - 1) * 100).toFixed(0)}% is allowed`;
  return ratio <= limit ? `within the limit: ${cost}` : `${(ratio / limit).toFixed(2)}× over the limit: ${cost}`;
}

function upperMargin(value: number, limit: number, format: (x: number) => string): string {
  return value <= limit ? `${format(limit - value)} under the limit (${((value / limit) * 100).toFixed(0)}% of it)` : `${(value / limit).toFixed(2)}× the limit (${format(value - limit)} over)`;
}

// ---------------------------------------------------------------------------------------------
// 2–3. single flows and set-valued evaluation of the 5 × 120-rule instance

function benchInstance(plan: Plan, seed: number, rows: Row[], targets: TargetResult[]): EstateStats {
  const estate = generateEstate(instanceEstateOptions(seed));
  const stats = estateStats(estate);
  const index = Math.max(0, estate.instances.findIndex((i) => i.ipv6 !== undefined));
  const base = networkOf(estate);
  const instanceId = instanceAddress(estate, index);
  const size = `${estate.instances[index].groups.length} groups × ${estate.options.rulesPerGroup} rules`;
  log(`single flows: ${formatCount(plan.libFlows)} flows on ${instanceId} (${size})`);

  const flows = randomFlows(estate, index, plan.libFlows, seed + 1);
  const refFlows = flows.slice(0, plan.refFlows);
  const model = referenceModelOf(estate);

  // The two evaluators must agree on every packet both decide, or the comparison means nothing.
  const network = new Network(base.spec);
  let allowed = 0;
  refFlows.forEach((f, i) => {
    const lib = evaluateFlow(network, f.lib).verdict;
    const ref = referenceVerdict(model, f.ref);
    if (lib !== ref) throw new Error(`the evaluator and the reference disagree on flow ${i} (${JSON.stringify(f.ref)}): ${lib} vs ${ref}`);
    const fast = decide(network, f.lib);
    if (fast.verdict !== lib || fast.rule !== evaluateFlow(network, f.lib).rule) throw new Error(`decide and evaluateFlow disagree on flow ${i} (${JSON.stringify(f.ref)})`);
    if (lib === "allow") allowed++;
  });
  const allowedShare = `${((allowed / refFlows.length) * 100).toFixed(0)}% allowed`;
  // And on packets to and from the members that are not compute instances (not timed).
  memberFlows(estate, plan.refFlows, seed + 2).forEach((f, i) => {
    const lib = evaluateFlow(network, f.lib).verdict;
    const ref = referenceVerdict(model, f.ref);
    if (lib !== ref) throw new Error(`the evaluator and the reference disagree on member flow ${i} (${JSON.stringify(f.ref)}): ${lib} vs ${ref}`);
  });

  // decide(): the verdict and the deciding rule, the evaluator's decision; evaluateFlow(): the same
  // decision with its explanation (hops, ignored rules, reason text) built as well.
  const decideAll = (list: readonly BenchFlow[]) => {
    for (const f of list) decide(network, f.lib);
  };
  const evalAll = (list: readonly BenchFlow[]) => {
    for (const f of list) evaluateFlow(network, f.lib);
  };
  const refAll = (list: readonly BenchFlow[]) => {
    for (const f of list) referenceVerdict(model, f.ref);
  };
  const libRuns = timeSync(plan.fast, () => undefined, () => decideAll(flows)).samples.map((ms) => flows.length / (ms / 1000));
  const explainedRuns = timeSync(plan.fast, () => undefined, () => evalAll(flows)).samples.map((ms) => flows.length / (ms / 1000));
  const refRuns = timeSync(plan.fast, () => undefined, () => refAll(refFlows)).samples.map((ms) => refFlows.length / (ms / 1000));
  const lib = summarize(libRuns);
  const ref = summarize(refRuns);
  const ratio = lib.median / ref.median;
  rows.push(summaryRow("single flow: hwsg evaluator (decide)", `${size}, ${formatCount(flows.length)} flows`, lib, formatRate, { target: "≥ 1,000,000/s", verdict: verdictText(lib.median >= 1e6) }));
  rows.push(summaryRow("single flow, explained (evaluateFlow)", `${size}, ${formatCount(flows.length)} flows`, summarize(explainedRuns), formatRate));
  rows.push(summaryRow("single flow: reference evaluator", `${size}, ${formatCount(refFlows.length)} flows (${allowedShare})`, ref, formatRate));
  rows.push(valueRow("single flow: hwsg / reference", size, `${ratio.toFixed(1)}×`, { target: "≥ 20×", verdict: verdictText(ratio >= 20) }));
  targets.push({
    name: "single-flow decisions per second (5 × 120-rule instance)",
    measured: formatRate(lib.median),
    target: "≥ 1,000,000/s",
    met: lib.median >= 1e6,
    margin: lib.median >= 1e6 ? `${(lib.median / 1e6).toFixed(2)}× the minimum` : `${(1e6 / lib.median).toFixed(2)}× too slow`,
  });
  targets.push({
    name: "single-flow speed vs the reference evaluator",
    measured: `${ratio.toFixed(1)}× (${formatRate(lib.median)} vs ${formatRate(ref.median)})`,
    target: "≥ 20×",
    met: ratio >= 20,
    margin: ratio >= 20 ? `${(ratio / 20).toFixed(2)}× the minimum` : `${(20 / ratio).toFixed(2)}× short`,
  });

  // Set-valued: always on a fresh network (the library memoizes derived structures per network).
  log("set-valued: allowed ingress space and never-effective rules");
  const fresh = () => new Network(base.spec);
  const space = summarize(
    timeSync(plan.fast, fresh, (net) => {
      const inst = net.instance(instanceId);
      allowedSpace(net, inst, "ingress", 4, "by-address");
      allowedSpace(net, inst, "ingress", 6, "by-address");
    }).samples,
  );
  let shadowedCount = 0;
  const groups = estate.instances[index].groups.map((g) => `huaweicloud_networking_secgroup.${estate.groups[g].name}`);
  const never = summarize(
    timeSync(plan.fast, fresh, (net) => {
      shadowedCount = 0;
      for (const g of groups) for (const d of ["ingress", "egress"] as const) for (const v of [4, 6] as const) shadowedCount += shadowedRules(net, g, d, v).length;
    }).samples,
  );
  rows.push(summaryRow("allowed ingress space (IPv4 + IPv6)", size, space, formatMs, { target: "≤ 20 ms", verdict: verdictText(space.median <= 20) }));
  rows.push(summaryRow("never-effective rules of its groups", `${size} (${shadowedCount} found)`, never, formatMs, { target: "≤ 20 ms", verdict: verdictText(never.median <= 20) }));
  targets.push({ name: "allowed ingress space of a 5 × 120-rule instance", measured: formatMs(space.median), target: "≤ 20 ms", met: space.median <= 20, margin: upperMargin(space.median, 20, formatMs) });
  targets.push({ name: "never-effective-rule analysis of a 5 × 120-rule instance", measured: formatMs(never.median), target: "≤ 20 ms", met: never.median <= 20, margin: upperMargin(never.median, 20, formatMs) });
  return stats;
}

function benchMatrix(plan: Plan, seed: number, rows: Row[], targets: TargetResult[], smoke: boolean): EstateStats {
  const estate = generateEstate(estateOptions(plan.matrixGroups, seed));
  const stats = estateStats(estate);
  const base = networkOf(estate);
  log(`matrix of ${formatCount(stats.groups)} groups, ${formatCount(stats.instances)} instances, ${formatCount(otherMembers(stats))} other members`);
  let cells = 0;
  const { samples, reduced } = timeSync(plan.slow, () => new Network(base.spec), (net) => {
    cells = reachabilityMatrix(net).cells.length;
  });
  const s: Summary = summarize(samples);
  const size = `${sizeLabel(stats.groups, stats.rules)}, ${formatCount(stats.instances)} instances + ${formatCount(otherMembers(stats))} other members (${formatCount(cells)} pairs reach)`;
  const judged = !smoke;
  rows.push(summaryRow("full reachability matrix (IPv4)", size, s, formatMs, { reduced, ...(judged ? { target: "≤ 10 s", verdict: verdictText(s.median <= 10_000) } : {}) }));
  targets.push({
    name: "full matrix of the 1,000-group estate",
    measured: `${formatMs(s.median)}${judged ? "" : ` at ${formatCount(stats.groups)} groups`}`,
    target: "≤ 10 s",
    met: judged ? s.median <= 10_000 : undefined,
    margin: upperMargin(s.median, 10_000, formatMs),
  });
  return stats;
}

// ---------------------------------------------------------------------------------------------
// 4. hwsg check scaling

async function benchScaling(plan: Plan, seed: number, buildDir: string, rows: Row[], targets: TargetResult[], smoke: boolean): Promise<void> {
  const child = join(buildDir, "bench", "check-child.js");
  const dir = mkdtempSync(join(os.tmpdir(), "hwsg-bench-check-"));
  try {
    const xs: number[] = [];
    const ys: number[] = [];
    for (const rules of plan.scalingRules) {
      const estate = generateEstate(estateOptions(Math.round(rules / RULES_PER_GROUP), seed));
      const stats = estateStats(estate);
      const file = join(dir, `estate-${rules}.tf.json`);
      writeFileSync(file, toTerraformJsonText(estate));
      log(`hwsg check at ${formatCount(stats.rules)} rules`);
      const p = plan.check;
      const result = await runJsonChild<{ samples: number[]; reduced: boolean; findings: number; unknowns: number }>(
        child,
        ["--file", file, "--warmup", String(p.warmup), "--runs", String(p.runs), ...(p.slowMs !== undefined ? ["--slow-ms", String(p.slowMs)] : [])],
        ROOT,
      );
      // Every member of the estate is read: an unknown would mean part of it was not measured.
      if (result.unknowns > 0) throw new Error(`hwsg check of the ${formatCount(stats.rules)}-rule estate reported ${result.unknowns} unknowns`);
      const s = summarize(result.samples);
      xs.push(stats.rules);
      ys.push(s.median);
      rows.push(summaryRow("hwsg check", `${formatCount(stats.rules)} rules, ${formatCount(stats.instances)} instances + ${formatCount(otherMembers(stats))} other members (${result.findings} findings)`, s, formatMs, { reduced: result.reduced }));
    }
    const k = fitExponent(xs, ys);
    const bound = nLogNExponent(xs);
    const judged = !smoke;
    const n = xs.length;
    const top = n >= 3 ? fitExponent(xs.slice(n - 2), ys.slice(n - 2)) : undefined;
    rows.push(
      valueRow("hwsg check: fitted exponent (time ∝ rules^k)", `${xs.map(formatCount).join(", ")} rules`, `k = ${k.toFixed(2)}`, {
        target: `≤ ${bound.toFixed(2)} (n·log n)`,
        ...(judged ? { verdict: verdictText(k <= bound) } : {}),
      }),
    );
    if (top !== undefined) {
      rows.push(valueRow("hwsg check: exponent between the two largest sizes", `${formatCount(xs[n - 2])}, ${formatCount(xs[n - 1])} rules`, `k = ${top.toFixed(2)}`, { target: `(n·log n: ${nLogNExponent(xs.slice(n - 2)).toFixed(2)})` }));
    }
    targets.push({
      name: "hwsg check grows no worse than n·log n in the rule count",
      measured: `exponent ${k.toFixed(2)} over ${xs.map(formatCount).join(", ")} rules`,
      target: `≤ ${bound.toFixed(2)}, the exponent n·log n fits to at these sizes`,
      met: judged ? k <= bound : undefined,
      margin: (k <= bound ? `${(bound - k).toFixed(2)} below` : `${(k - bound).toFixed(2)} above`) + `${top !== undefined ? ` (between the two largest sizes alone: ${top.toFixed(2)}, n·log n ${nLogNExponent(xs.slice(n - 2)).toFixed(2)})` : ""}: from ${formatCount(xs[0])} to ${formatCount(xs[xs.length - 1])} rules the time grows ${(ys[ys.length - 1] / ys[0]).toFixed(1)}× where n·log n grows ${((xs[xs.length - 1] * Math.log(xs[xs.length - 1])) / (xs[0] * Math.log(xs[0]))).toFixed(1)}×`,
    });
    await benchAdversarial(plan.adversarial, { checkChild: child, dir, root: ROOT, judged: !smoke, log }, rows, targets);
    await benchModules(plan.modules, { checkChild: child, dir, root: ROOT, seed, judged: !smoke, log }, rows, targets);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------

/** The commit measured, and whether lib/ has changes not committed (measured as they are). */
function revisionOf(root: string): string {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "lib"], { cwd: root, encoding: "utf8" }).trim() !== "";
    return `commit ${head}${dirty ? " + uncommitted changes to lib/" : ""}`;
  } catch {
    return "unknown revision (not a git checkout)";
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  process.env.CHECKPOINT_DISABLE = "1";
  const plan = args.smoke ? SMOKE : FULL;
  const started = performance.now();
  const revision = revisionOf(ROOT);
  log(`${args.smoke ? "smoke run" : "full run"}, seed ${args.seed}, ${revision}`);
  log("compiling the child processes");
  const buildDir = await compileChildren(ROOT, ["bench/synth-child.ts", "bench/check-child.ts"]);

  const rows: Row[] = [];
  const targets: TargetResult[] = [];
  let instanceStats: EstateStats;
  let matrixStats: EstateStats;
  try {
    await benchSynth(plan, args.seed, buildDir, rows, targets, args.smoke);
    instanceStats = benchInstance(plan, args.seed, rows, targets);
    matrixStats = benchMatrix(plan, args.seed, rows, targets, args.smoke);
    await benchScaling(plan, args.seed, buildDir, rows, targets, args.smoke);
  } finally {
    rmSync(buildDir, { recursive: true, force: true });
  }
  const durationS = (performance.now() - started) / 1000;

  const synthStats = plan.synthGroups.map((g) => {
    const s = estateStats(generateEstate(estateOptions(g, args.seed)));
    return { label: `synth: ${sizeLabel(s.groups, s.rules)}`, stats: s };
  });
  const estates = [
    ...synthStats,
    ...(plan.synthGroups.includes(plan.matrixGroups) ? [] : [{ label: `matrix: ${sizeLabel(matrixStats.groups, matrixStats.rules)}`, stats: matrixStats }]),
    { label: "single flow / set-valued: 5 groups × 120 rules", stats: instanceStats },
  ];
  const cpu = os.cpus()[0]?.model?.trim() ?? "unknown CPU";
  const report: BenchReport = {
    mode: args.smoke ? "smoke" : "full",
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    cpu,
    cores: os.cpus().length,
    memoryGb: os.totalmem() / 2 ** 30,
    node: process.version,
    os: `${os.platform()} ${os.release()} (${os.arch()})`,
    seed: args.seed,
    revision,
    durationS,
    rows,
    targets,
    estates,
    notes: [
      "Synth: each run is a child process (plain JavaScript compiled once per benchmark run with `tsc --noCheck`, no TypeScript compiler loaded) that generates the estate, then times building the app from the constructs and `app.synth()`; peak RSS is that process's `process.resourceUsage().maxRSS`, node's own baseline included. \"Checks off\" is the context key `hwsg:checks` = `\"off\"`: no lint, no intent proof. Off and on runs alternate; one unmeasured warm-up run per size.",
      `Single flow: the same seeded packets (80% ingress to the instance, 20% egress from it; tcp/udp/ICMP/GRE; sources and ports drawn mostly from the rules themselves) for both evaluators, whose verdicts are checked to agree first (and on as many packets to and from the estate's members that are not compute instances); the reference evaluator (test/support/reference-evaluator.ts) is timed on the first ${formatCount(plan.refFlows)} packets. Decisions per second are per run of all packets, after ${plan.fast.warmup} warm-up run(s).`,
      "Set-valued: `allowedSpace(…, \"ingress\", 4 and 6, \"by-address\")` of the instance, `shadowedRules` of each of its groups in both directions and IP versions (the HWSG004 analysis), and `reachabilityMatrix` (IPv4) — each run on a fresh `Network` built from the same spec, since the library memoizes per network.",
      "hwsg check: `run([\"check\", file, \"--json\"])` of the command line in a child process per size (reading the Terraform JSON file, the model, the lint, the JSON report), warm-up run(s) first in the same process. The exponent is the least-squares slope of log time on log rules; the bound is the slope n·log n itself has at the same sizes. The adversarial estate (bench/adversarial.ts) is two groups of n rules each: n identical rules, and n rules in runs of nested CIDR blocks and nested port ranges (broad to narrow, narrow to broad, and crossed); HWSG004 alone is `shadowingFindings` on a fresh network of it; a size is not run when quadratic growth from the size before would exceed the budget. The module estate (bench/module-estate.ts) is the scaling estate written as a root directory whose `main.tf.json` calls `./modules/sg` once per group with `for_each` over a local map of the groups' rules (the module creates the group and its rules with `for_each` and outputs the id; instances name `module.sg[\"<group>\"].id`; rules whose remote is a group or an address group are root resources), and as that root's plan JSON (bench/plan-estate.ts: every id unknown until apply, linked through the configuration's references); a run whose report has a finding or an unknown fails the benchmark.",
      `Runs: ${plan.synthRuns} per synth mode and size; ${plan.fast.runs} for the fast in-process measurements; ${plan.slow.runs} for the matrix and ${plan.check.runs} per check size${plan.slow.slowMs !== undefined ? `, except that a warm-up run longer than ${formatMs(plan.slow.slowMs)} counts as a measured run and the runs are cut to ${plan.slow.reducedRuns ?? 3} in all (marked "reduced" in the table)` : ""}.`,
    ],
  };

  const table = textTable(rows);
  process.stdout.write(`\nhwsg benchmarks (${report.mode}): ${cpu}, ${report.cores} cores, Node ${report.node}\n\n${table}\n\n`);
  for (const t of targets) process.stdout.write(`${verdictText(t.met).padEnd(10)} ${t.name}: ${t.measured} (required ${t.target})\n`);
  if (args.out) {
    const out = resolve(ROOT, args.out);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, markdownReport(report, handWritten(out)));
    log(`wrote ${args.out}`);
  }
  log(`done in ${formatMs(durationS * 1000)}`);
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
});
