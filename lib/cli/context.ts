import type { VariableOptions } from "./variables";

/**
 * What a command needs from the program around it: where to print and how to set the exit code.
 */

/** Where the command line writes. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/**
 * Exit codes. `query`: 0 allowed, 1 denied. `check`: 1 when a finding reaches `--fail-on`.
 * `diff`: 1 with `--fail-on-new-allowed` when a flow is newly allowed. Every command: 2 for bad
 * input or usage, an `--output` that names an input, or a report that cannot be written (a
 * closed pipe, EPIPE, is not an error: the run keeps its code); 3 only for an internal error.
 */
export const EXIT = { ok: 0, allowed: 0, denied: 1, failed: 1, usage: 2, internal: 3 } as const;

/** Handed to each command when it is registered. */
export interface CommandContext {
  readonly io: Io;
  /** Prints a report on stdout; nothing when it went to a file. */
  print(text: string | undefined): void;
  /** Sets the exit code of the run. */
  exit(code: number): void;
  /** `--var` / `--var-file` in command-line order, and the environment's `TF_VAR_` values. */
  readonly variables?: VariableOptions;
}
