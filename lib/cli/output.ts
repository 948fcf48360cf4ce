/**
 * The output options every analysis command shares: one of four formats, written to stdout or
 * to a file given with `--output`. Nothing is written when the input was invalid, because the
 * report is rendered only after the input has been read and analysed.
 */
import * as fs from "fs";
import { Command, Option } from "commander";
import { HwsgError } from "../core/errors";

/** The formats of a report. */
export type Format = "text" | "json" | "markdown" | "html";

/** The parsed output options. */
export interface OutputOptions {
  readonly json?: boolean;
  readonly markdown?: boolean;
  readonly html?: boolean;
  readonly output?: string;
}

/** Adds `--json`, `--markdown`, `--html` (mutually exclusive) and `--output <file>` to a command. */
export function withOutputOptions(command: Command): Command {
  return command
    .addOption(new Option("--json", "print one JSON document (see the schema field)").conflicts(["markdown", "html"]))
    .addOption(new Option("--markdown", "print Markdown for a pull request, with a Mermaid diagram").conflicts(["json", "html"]))
    .addOption(new Option("--html", "print one self-contained HTML page (no network needed to view it)").conflicts(["json", "markdown"]))
    .option("--output <file>", "write the report to this file instead of stdout");
}

/** The format the options ask for. @default "text" */
export function formatOf(options: OutputOptions): Format {
  return options.json ? "json" : options.markdown ? "markdown" : options.html ? "html" : "text";
}

/**
 * Writes a rendered report to `--output` or, without it, returns it for stdout.
 * @returns the text to print on stdout (empty when it went to a file)
 * @throws HwsgError when the file cannot be written
 */
export function deliver(text: string, options: OutputOptions): string | undefined {
  if (options.output === undefined) return text.replace(/\n$/, "");
  try {
    fs.writeFileSync(options.output, text.endsWith("\n") ? text : `${text}\n`);
  } catch (e) {
    throw new HwsgError(`--output ${options.output}: cannot be written: ${(e as Error).message}`);
  }
  return undefined;
}
