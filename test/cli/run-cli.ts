/**
 * Runs `hwsg` in process through `run` and captures what it writes.
 */
import { run } from "../../lib/cli/main";

/** What one run of the command line did. */
export interface CliResult {
  readonly code: number;
  /** Everything written to stdout, joined with newlines. */
  readonly stdout: string;
  /** Everything written to stderr, joined with newlines. */
  readonly stderr: string;
  /** stderr split into lines (a call writing "a\nb" counts as two lines). */
  readonly errLines: string[];
}

/** Runs `hwsg ARGV` and captures its output. */
export async function runCli(argv: readonly string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  const stderr = err.join("\n");
  return { code, stdout: out.join("\n"), stderr, errLines: stderr === "" ? [] : stderr.split("\n") };
}

/** The options of a query that the default configuration allows (tcp 443 from outside to web). */
export const ALLOWED_QUERY = ["--from", "203.0.113.5", "--to", "huaweicloud_compute_instance.web", "--protocol", "tcp", "--port", "443"];

/** `hwsg query PATH ...ALLOWED_QUERY --json` with some options replaced (`{ "--port": "22" }`); null drops an option. */
export function queryArgs(target: string, replace: Readonly<Record<string, string | null>> = {}, extra: readonly string[] = []): string[] {
  const args: string[] = ["query", target];
  for (let i = 0; i < ALLOWED_QUERY.length; i += 2) {
    const [opt, value] = [ALLOWED_QUERY[i], ALLOWED_QUERY[i + 1]];
    if (opt in replace) {
      const v = replace[opt];
      if (v !== null) args.push(opt, v);
    } else {
      args.push(opt, value);
    }
  }
  for (const [opt, v] of Object.entries(replace)) if (!ALLOWED_QUERY.includes(opt) && v !== null) args.push(opt, v);
  return [...args, ...extra, "--json"];
}
