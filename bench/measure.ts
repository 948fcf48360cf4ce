/**
 * How the benchmark measures: in-process timings with `performance.now()` after a warm-up, and
 * child processes (the synth, `hwsg check`) compiled once to plain JavaScript so that no
 * TypeScript compiler sits in their memory or their time.
 */
import { execFile } from "child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from "fs";
import { join } from "path";

/**
 * Compiles the child entry points (and everything they import) to JavaScript without type
 * checking (`tsc --noCheck`; `npm run typecheck` checks the types), into a new directory under
 * node_modules/.cache/hwsg-bench (under node_modules, so they resolve the project's packages; a
 * new one per run, so that concurrent runs do not share it). The caller removes it.
 * @returns the build directory
 */
export async function compileChildren(root: string, entries: readonly string[]): Promise<string> {
  const parent = join(root, "node_modules", ".cache", "hwsg-bench");
  mkdirSync(parent, { recursive: true });
  const out = mkdtempSync(join(parent, "js-"));
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  const args = [
    tsc, ...entries, join("lib", "cdk", "choose-core.ts"),
    "--outDir", out, "--rootDir", root,
    "--target", "ES2022", "--module", "commonjs", "--moduleResolution", "node",
    "--esModuleInterop", "--resolveJsonModule", "--skipLibCheck", "--noCheck", "--types", "node",
  ];
  await run(process.execPath, args, root);
  // The CDK core resolver lib/cdk/core.js is plain JavaScript, which tsc neither copies nor
  // follows to choose-core (scripts/build-package.js copies it for dist/).
  copyFileSync(join(root, "lib", "cdk", "core.js"), join(out, "lib", "cdk", "core.js"));
  for (const e of entries) {
    const js = join(out, e.replace(/\.ts$/, ".js"));
    if (!existsSync(js)) throw new Error(`compiling ${e} wrote no ${js}`);
  }
  return out;
}

/** Runs a program; resolves with its stdout, rejects with its stderr when it fails. */
export function run(file: string, args: readonly string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, [...args], { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, CHECKPOINT_DISABLE: "1" } }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${[file, ...args].join(" ")} failed (${error.code ?? error.signal}): ${stderr || stdout}`));
      else resolve(stdout);
    });
  });
}

/** Runs a child that prints one JSON line last, and parses that line. */
export async function runJsonChild<T>(js: string, args: readonly string[], cwd: string): Promise<T> {
  const stdout = await run(process.execPath, [js, ...args], cwd);
  const last = stdout.trim().split("\n").pop() ?? "";
  return JSON.parse(last) as T;
}

/** How many times to measure, and how long a warm-up may take before the runs are cut. */
export interface RunPolicy {
  /** Unmeasured runs first. */
  readonly warmup: number;
  /** Measured runs. */
  readonly runs: number;
  /**
   * When the warm-up run takes longer than this (ms), it counts as the first measured run and
   * only `reducedRuns` runs are made in all (for the largest sizes).
   * @default never
   */
  readonly slowMs?: number;
  /** @default 3 */
  readonly reducedRuns?: number;
}

/**
 * Times `f` (ms per call) under a policy; `prepare` runs before each call, untimed.
 * @returns the measured times, and whether the runs were reduced
 */
export function timeSync<S>(policy: RunPolicy, prepare: () => S, f: (state: S) => unknown): { samples: number[]; reduced: boolean } {
  const once = (): number => {
    const state = prepare();
    const t0 = performance.now();
    f(state);
    return performance.now() - t0;
  };
  return timeWith(policy, once);
}

/** As `timeSync`, for an async `f`. */
export async function timeAsync<S>(policy: RunPolicy, prepare: () => S, f: (state: S) => Promise<unknown>): Promise<{ samples: number[]; reduced: boolean }> {
  const samples: number[] = [];
  const once = async (): Promise<number> => {
    const state = prepare();
    const t0 = performance.now();
    await f(state);
    return performance.now() - t0;
  };
  let runs = policy.runs;
  let reduced = false;
  for (let i = 0; i < policy.warmup; i++) {
    const ms = await once();
    if (i === 0 && policy.slowMs !== undefined && ms > policy.slowMs) {
      samples.push(ms);
      runs = (policy.reducedRuns ?? 3) - 1;
      reduced = true;
      break;
    }
  }
  for (let i = 0; i < runs; i++) samples.push(await once());
  return { samples, reduced };
}

function timeWith(policy: RunPolicy, once: () => number): { samples: number[]; reduced: boolean } {
  const samples: number[] = [];
  let runs = policy.runs;
  let reduced = false;
  for (let i = 0; i < policy.warmup; i++) {
    const ms = once();
    if (i === 0 && policy.slowMs !== undefined && ms > policy.slowMs) {
      samples.push(ms);
      runs = (policy.reducedRuns ?? 3) - 1;
      reduced = true;
      break;
    }
  }
  for (let i = 0; i < runs; i++) samples.push(once());
  return { samples, reduced };
}
