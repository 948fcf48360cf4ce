/**
 * The output options every analysis command shares: one of four formats, written to stdout or
 * to a file given with `--output`. Nothing is written when the input was invalid, because the
 * report is rendered only after the input has been read and analysed, nor when `--output` names
 * an input (see `refuseOutputOverInputs`).
 */
import * as fs from "fs";
import * as path from "path";
import { Command, Option } from "commander";
import { HwsgError } from "../core/errors";
import { escapeControls } from "../report/controls";
import { withVariableOptions } from "./variables";

/** The formats of a report (besides `--sarif`, which only check and diff take: see `withSarifOption`). */
export type Format = "text" | "json" | "markdown" | "html";

/** The parsed output options. */
export interface OutputOptions {
  readonly json?: boolean;
  readonly markdown?: boolean;
  readonly html?: boolean;
  /** Only on the commands `withSarifOption` extends. */
  readonly sarif?: boolean;
  readonly output?: string;
}

/** Adds `--var` and `--var-file` (see variables.ts), `--json`, `--markdown`, `--html` (mutually exclusive) and `--output <file>` to a command. */
export function withOutputOptions(command: Command): Command {
  return withVariableOptions(command)
    .addOption(new Option("--json", "print one JSON document (see the schema field)").conflicts(["markdown", "html"]))
    .addOption(new Option("--markdown", "print Markdown for a pull request, with a Mermaid diagram").conflicts(["json", "html"]))
    .addOption(new Option("--html", "print one self-contained HTML page (no network needed to view it)").conflicts(["json", "markdown"]))
    .option("--output <file>", "write the report to this file instead of stdout (never one of the inputs)");
}

/** Adds `--sarif` (SARIF 2.1.0 for code scanning; exclusive with the other formats) to a command that has the output options. */
export function withSarifOption(command: Command): Command {
  return command.addOption(new Option("--sarif", "print SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps)").conflicts(["json", "markdown", "html"]));
}

/** The format the options ask for. @default "text" */
export function formatOf(options: OutputOptions): Format {
  return options.json ? "json" : options.markdown ? "markdown" : options.html ? "html" : "text";
}

/** Names of files the reader reads in a directory: `.tf` and `.tf.json` (cdktf's `cdk.tf.json` included). */
const TERRAFORM_FILE = /\.tf(\.json)?$/;

/** A path with its links resolved; a file that does not exist yet is resolved through its directory. */
function realPath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    try {
      return path.join(fs.realpathSync(path.dirname(p)), path.basename(p));
    } catch {
      return path.resolve(p);
    }
  }
}

function statOf(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}

/**
 * Refuses an `--output` that is one of the inputs (the same file, through any link), or a
 * Terraform file (`.tf`, `.tf.json`) anywhere inside an input directory, which the next run
 * would read back as Terraform. Inputs that cannot be read are left to the reader to report.
 * @param inputs the paths named on the command line and the files read
 * @throws HwsgError naming `--output` and the input
 */
export function refuseOutputOverInputs(options: OutputOptions, inputs: readonly string[]): void {
  if (options.output === undefined) return;
  const output = options.output;
  const target = realPath(output);
  const targetStat = statOf(target);
  for (const input of inputs) {
    const stat = statOf(input);
    if (stat === undefined) continue;
    const real = realPath(input);
    if (target === real || (targetStat !== undefined && targetStat.dev === stat.dev && targetStat.ino === stat.ino)) {
      throw new HwsgError(`--output ${output}: is the input ${input}; the report would overwrite it: write it to another file`);
    }
    if (stat.isDirectory() && target.startsWith(`${real}${path.sep}`) && TERRAFORM_FILE.test(path.basename(target))) {
      throw new HwsgError(
        `--output ${output}: is a Terraform file (.tf, .tf.json) inside the input directory ${input}, which hwsg and Terraform would read as configuration: write the report elsewhere or under another name`,
      );
    }
  }
}

/**
 * Writes a rendered report to `--output` or, without it, returns it for stdout. The file holds
 * exactly what stdout would: control characters from the input are escaped in both.
 * @param inputs the paths named on the command line and the files read, never overwritten
 * @returns the text to print on stdout (undefined when it went to a file)
 * @throws HwsgError when `--output` is an input or the file cannot be written
 */
export function deliver(text: string, options: OutputOptions, inputs: readonly string[]): string | undefined {
  if (options.output === undefined) return text.replace(/\n$/, "");
  refuseOutputOverInputs(options, inputs);
  try {
    fs.writeFileSync(options.output, escapeControls(text.endsWith("\n") ? text : `${text}\n`));
  } catch (e) {
    throw new HwsgError(`--output ${options.output}: cannot be written: ${(e as Error).message}`);
  }
  return undefined;
}
