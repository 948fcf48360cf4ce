/**
 * The real `hwsg` binary for tests that run it as a user does: `ensureBuilt()` rebuilds dist/
 * when it is missing or older than the lib/ sources, `runBinary()` runs bin/hwsg.js in a child
 * process and measures its wall time and peak resident memory.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const ROOT = path.resolve(__dirname, "..", "..");
export const BIN = path.join(ROOT, "bin", "hwsg.js");
const ENV = { ...process.env, CHECKPOINT_DISABLE: "1" };

/** The newest modification time of the .ts files under `dir`. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

function exec(command: string, args: string[]): { ok: boolean; output: string } {
  const r = spawnSync(command, args, { cwd: ROOT, env: ENV, encoding: "utf8" });
  return { ok: r.status === 0, output: `${command} ${args.join(" ")} exited ${r.status ?? r.signal}:\n${r.stdout}\n${r.stderr}` };
}

/** Builds dist/ (and the provider bindings) when it is missing or older than lib/. Call it in beforeAll with a long timeout. */
export function ensureBuilt(): void {
  const built = path.join(ROOT, "dist", "lib", "cli", "main.js");
  const fresh = (): boolean => fs.existsSync(built) && fs.statSync(built).mtimeMs >= newestSource(path.join(ROOT, "lib"));
  if (fresh()) return;
  if (!fs.existsSync(path.join(ROOT, ".gen", "providers"))) {
    const gen = exec(process.execPath, ["scripts/generate-bindings.js"]);
    if (!gen.ok) throw new Error(gen.output);
  }
  if (!fs.existsSync(path.join(ROOT, "lib", "provider-huaweicloud", "index.ts"))) {
    const gen = exec(process.execPath, ["scripts/generate-provider-package.js"]);
    if (!gen.ok) throw new Error(gen.output);
  }
  // tsc emits even when a file has type errors (typecheck reports those); only a build that
  // leaves dist/ stale is fatal here.
  const tsc = exec("npx", ["tsc", "-p", "tsconfig.build.json"]);
  if (!fresh()) throw new Error(`dist/ is still older than lib/ after the build: ${tsc.output}`);
  const core = exec(process.execPath, ["scripts/build-package.js"]); // dist/lib/cdk/core.js and core.d.ts
  if (!core.ok) throw new Error(core.output);
}

/** One run of the binary. */
export interface BinaryRun {
  /** The exit code, or null when a signal ended it (see `signal`). */
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stderr's non-empty lines. */
  readonly stderrLines: string[];
  /** Wall time of the child, in milliseconds. */
  readonly ms: number;
  /** Peak resident memory of the child, in MiB (0 when it could not be measured: killed before exit). */
  readonly maxRssMb: number;
}

/** Options of `runBinary`. */
export interface RunOptions {
  readonly cwd?: string;
  /** Kill the child after this long. @default 60000 */
  readonly timeoutMs?: number;
  /** The child's V8 heap limit, so that unbounded work fails fast instead of taking the machine. @default 2048 */
  readonly maxOldSpaceMb?: number;
  /** Environment added to the child's. */
  readonly env?: Readonly<Record<string, string>>;
  /** Where the child's stdout goes: captured (default), or a file descriptor opened by the caller. */
  readonly stdoutFd?: number;
}

const PRELOAD = path.join(os.tmpdir(), `hwsg-rss-preload-${process.pid}.js`);

/** Runs `hwsg ARGS` in a child process, measuring time and peak memory. */
export function runBinary(args: readonly string[], options: RunOptions = {}): BinaryRun {
  if (!fs.existsSync(PRELOAD)) {
    fs.writeFileSync(PRELOAD, 'process.on("exit", () => { const f = process.env.HWSG_TEST_RSS_FILE; if (f) require("fs").writeFileSync(f, String(process.resourceUsage().maxRSS)); });\n');
  }
  const rssFile = path.join(os.tmpdir(), `hwsg-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [`--max-old-space-size=${options.maxOldSpaceMb ?? 2048}`, "-r", PRELOAD, BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...ENV, ...options.env, HWSG_TEST_RSS_FILE: rssFile },
    encoding: "utf8",
    timeout: options.timeoutMs ?? 60_000,
    maxBuffer: 256 * 1024 * 1024,
    ...(options.stdoutFd !== undefined ? { stdio: ["ignore", options.stdoutFd, "pipe"] } : {}),
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  let maxRssMb = 0;
  try {
    maxRssMb = Number(fs.readFileSync(rssFile, "utf8")) / 1024;
    fs.rmSync(rssFile);
  } catch {
    // killed before its exit handler ran
  }
  const stderr = r.stderr ?? "";
  return { status: r.status, signal: r.signal, stdout: r.stdout ?? "", stderr, stderrLines: stderr.split("\n").filter((l) => l !== ""), ms, maxRssMb };
}

/** C0 and C1 control characters other than newline and tab, and DEL: what must never reach a terminal. */
export const CONTROL_CHARACTER = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/**
 * The exit-code contract for any input: the run ended by itself with 0, 1 or 2; on 2, exactly
 * one line on stderr; no control character in stdout (text formats) or stderr; no stack trace.
 * @returns a description of the first breach, or undefined when the run keeps the contract
 */
export function contractBreach(run: BinaryRun, options: { readonly textStdout?: boolean } = {}): string | undefined {
  if (run.status === null) return `ended by ${run.signal} after ${Math.round(run.ms)} ms`;
  if (![0, 1, 2].includes(run.status)) return `exit ${run.status}: ${run.stderr.slice(0, 500)}`;
  if (run.status === 2 && run.stderrLines.length !== 1) return `exit 2 with ${run.stderrLines.length} stderr lines: ${run.stderr.slice(0, 500)}`;
  if (CONTROL_CHARACTER.test(run.stderr)) return `control character on stderr: ${JSON.stringify(run.stderr.slice(0, 500))}`;
  if (options.textStdout !== false && CONTROL_CHARACTER.test(run.stdout)) return `control character on stdout: ${JSON.stringify(run.stdout.slice(0, 500))}`;
  if (/\n\s+at .+:\d+:\d+\)?$/m.test(run.stderr)) return `stack trace on stderr: ${run.stderr.slice(0, 500)}`;
  return undefined;
}
