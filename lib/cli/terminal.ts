/**
 * The two channels of the command line made safe for a terminal, and the process streams behind
 * them. Every text written goes through `terminalIo`: stdout with control characters (but
 * newline and tab) written as `\u001b`, stderr one line per message with newlines escaped too —
 * whatever the text came from (input file names, ids, expressions, parser messages, commander).
 */
import { escapeControls, escapeControlsLine } from "../report/controls";
import { Io } from "./context";

/** The environment variable that adds the stack of an internal error to stderr (`HWSG_DEBUG=1`). */
export const DEBUG_VARIABLE = "HWSG_DEBUG";

/** An Io whose stdout text has its control characters escaped and whose stderr messages are one line each. */
export function terminalIo(io: Io): Io {
  return {
    out: (text) => io.out(escapeControls(text)),
    err: (text) => io.err(escapeControlsLine(text)),
  };
}

/**
 * The stderr lines of an internal error: `hwsg: internal error: <message>` on one line; with
 * `HWSG_DEBUG=1` in the environment, the stack follows, one line per frame.
 */
export function internalErrorLines(e: unknown, env: NodeJS.ProcessEnv = process.env): string[] {
  const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  const lines = [`hwsg: internal error: ${message}${env[DEBUG_VARIABLE] === "1" ? "" : ` (set ${DEBUG_VARIABLE}=1 for the stack)`}`];
  if (env[DEBUG_VARIABLE] === "1" && e instanceof Error && e.stack) {
    lines.push(...e.stack.split("\n").slice(1).map((l) => l.trimEnd()));
  }
  return lines;
}

/** The process' stdout and stderr as an Io, with what happened to them. */
export interface ProcessIo {
  /** Writes a line to stdout or stderr; nothing once that stream has failed. Not escaped: wrap it in `terminalIo`. */
  readonly io: Io;
  /** Whether writing stdout or stderr failed otherwise than by a closed pipe (EPIPE): the run then exits 2. */
  writeFailed(): boolean;
}

/**
 * stdout and stderr with an 'error' listener each, so that no write error is ever an unhandled
 * event. A closed pipe (EPIPE: `| head -1`) stops the writes to that stream quietly; any other
 * error (ENOSPC on `> /dev/full`) is reported on stderr in one line and sets exit code 2.
 */
export function processIo(stdout: NodeJS.WriteStream = process.stdout, stderr: NodeJS.WriteStream = process.stderr): ProcessIo {
  let outClosed = false;
  let errClosed = false;
  let failed = false;
  const writeErr = (text: string): void => {
    if (!errClosed) stderr.write(`${text}\n`);
  };
  stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (outClosed) return;
    outClosed = true;
    if (e.code === "EPIPE") return;
    failed = true;
    process.exitCode = 2;
    writeErr(escapeControlsLine(`hwsg: stdout cannot be written: ${e.message}`));
  });
  stderr.on("error", (e: NodeJS.ErrnoException) => {
    errClosed = true;
    if (e.code !== "EPIPE") {
      failed = true;
      process.exitCode = 2;
    }
  });
  return {
    io: {
      out: (text) => {
        if (!outClosed) stdout.write(`${text}\n`);
      },
      err: writeErr,
    },
    writeFailed: () => failed,
  };
}
