/**
 * The entry of the pre-commit hook `hwsg-check` (.pre-commit-hooks.yaml): pre-commit passes the
 * changed Terraform files (after the hook's `args`); hwsg reads a directory (a root module), so
 * each distinct directory of those files is checked once, in order, with `hwsg check <dir>
 * <args>`. The exit code is the highest of the runs: 0 clean, 1 a finding fails the gate,
 * 2 bad input.
 */
import * as path from "path";
import { Io } from "./context";
import { run } from "./main";
import { processIo, terminalIo } from "./terminal";

/** The files the hook is given: Terraform configuration and variable files (the hook's `files` pattern). */
export const HOOK_FILES = /\.(tf|tf\.json|tfvars|tfvars\.json)$/;

/**
 * Splits the hook's arguments into options for `hwsg check` and the directories to check.
 * An argument naming a Terraform file is a file; any other is an option (or an option's value).
 */
export function hookPlan(argv: readonly string[]): { readonly options: string[]; readonly directories: string[] } {
  const options: string[] = [];
  const directories = new Set<string>();
  for (const arg of argv) {
    if (!arg.startsWith("-") && HOOK_FILES.test(arg)) directories.add(path.dirname(arg) || ".");
    else options.push(arg);
  }
  return { options, directories: [...directories].sort() };
}

/**
 * Runs `hwsg check` on each directory of the files given.
 * @returns the highest exit code of the runs (0 when no file is given)
 */
export async function runHook(argv: readonly string[], io: Io, environment: Readonly<Record<string, string | undefined>> = process.env): Promise<number> {
  const { options, directories } = hookPlan(argv);
  let code = 0;
  for (const dir of directories) {
    io.out(`hwsg check ${dir}`);
    code = Math.max(code, await run(["check", dir, ...options], io, environment));
  }
  return code;
}

/** Entry point of the `hwsg-pre-commit` binary. */
export function main(): void {
  const streams = processIo();
  const io = terminalIo(streams.io);
  void runHook(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = streams.writeFailed() ? 2 : code;
    },
    (e: unknown) => {
      io.err(`hwsg-pre-commit: internal error: ${(e as Error).message}`);
      process.exitCode = 3;
    },
  );
}
