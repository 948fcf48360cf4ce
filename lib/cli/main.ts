/**
 * The `hwsg` command line: `query`, `check`, `matrix` and `diff`. Exit codes are in context.ts:
 * 0 allowed / clean, 1 denied / gate failed, 2 bad input, usage or output that cannot be
 * written, 3 internal error. Nothing from the input reaches a terminal raw: every line written
 * passes through `terminalIo` (control characters as `\u001b`, stderr one line per message).
 */
import { Command, CommanderError } from "commander";
import { HwsgError } from "../core/errors";
import { toJsonText } from "../report/json";
import { registerCheck } from "./check";
import { CommandContext, EXIT, Io } from "./context";
import { registerDiff } from "./diff";
import { PATH_HELP, loadModel } from "./load";
import { registerMatrix } from "./matrix";
import { registerRules } from "./rules";
import { registerVerify } from "./verify";
import { variableOptionsOf } from "./variables";
import { hwsgVersion } from "./version";
import { OutputOptions, deliver, formatOf, refuseOutputOverInputs, withOutputOptions } from "./output";
import { ENDPOINT_HELP } from "./endpoints";
import { formatQueryHtml, formatQueryMarkdown, formatQueryText, query } from "./query";
import { internalErrorLines, processIo, terminalIo } from "./terminal";

export { EXIT } from "./context";
export type { Io } from "./context";

const COMMANDS = "query, check, matrix, diff, verify or rules";

/**
 * Runs the command line with `argv` (without the node and script names). Whatever `io` is, what
 * reaches it is terminal-safe: stdout text with control characters escaped, stderr one line per
 * call.
 * @param environment where `TF_VAR_` values are read from @default process.env
 * @returns the exit code
 */
export async function run(argv: readonly string[], rawIo: Io, environment: Readonly<Record<string, string | undefined>> = process.env): Promise<number> {
  const io = terminalIo(rawIo);
  if (argv.length === 0) {
    io.err(`error: no command given: use hwsg ${COMMANDS} (see hwsg --help)`);
    return EXIT.usage;
  }
  let code: number = EXIT.usage;
  const printReport = (text: string | undefined): void => { if (text !== undefined) io.out(text); };
  const context: CommandContext = { io, print: printReport, exit: (c) => { code = c; }, variables: variableOptionsOf(argv, environment) };
  const program = new Command("hwsg")
    .description("Huawei Cloud security groups: evaluate Terraform with Huawei's real matching semantics")
    .version(hwsgVersion(), "-V, --version", "print hwsg's version")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.replace(/\n$/, "")), writeErr: (s) => io.err(oneLine(s)) })
    .showSuggestionAfterError(true);

  withOutputOptions(program
    .command("query")
    .description("decide whether a flow is allowed, with the deciding rule and why")
    .argument("<path>", PATH_HELP)
    .requiredOption("--from <endpoint>", `source: ${ENDPOINT_HELP}`)
    .requiredOption("--to <endpoint>", "destination, in the same forms")
    .requiredOption("--protocol <p>", "tcp, udp, icmp, icmpv6, gre, all, or a protocol number 0-255")
    .option("--port <n>", "destination port for tcp/udp, 1-65535 (default: every port must be allowed)")
    .option("--icmp-type <n>", "ICMP type for icmp/icmpv6, 0-255, e.g. 8 (echo request) (default: every ICMP message must be allowed)")
    .option("--icmp-code <n>", "ICMP code with --icmp-type, 0-255 (default: every code of the type must be allowed)")
    .option("--from-address <ip>", "the source address the packet carries when it is not the source member's fixed IP (a virtual IP, forwarded traffic)")
    .option("--stack <name>", "the stack to read in a cdktf.out directory"))
    .exitOverride()
    .action(async (path: string, opts: OutputOptions & { from: string; to: string; protocol: string; port?: string; icmpType?: string; icmpCode?: string; fromAddress?: string; stack?: string }) => {
      refuseOutputOverInputs(opts, [path]);
      const model = await loadModel(path, opts.stack, context.variables);
      // A member the reader left out is named with the reason, not as "no such member".
      for (const [option, text] of [["--from", opts.from], ["--to", opts.to]] as const) {
        const left = model.network.instances.has(text) ? undefined : model.unknowns.find((u) => u.address === text);
        if (left) throw new HwsgError(`${option} ${text} is left out of the model: ${left.reason} (${left.field} = ${left.expression})`);
      }
      const answer = query(model.network, opts);
      const inputs = { files: model.files, unknowns: model.unknowns, warnings: model.warnings };
      const format = formatOf(opts);
      if (format === "text") {
        for (const w of model.warnings) io.err(`warning: ${w}`);
        for (const u of model.unknowns) io.err(`unknown: ${u.file}: ${u.address}: ${u.field} = ${u.expression}: ${u.reason}; ${u.effect}`);
      }
      const rendered =
        format === "json" ? toJsonText({ ...answer, warnings: model.warnings, unknowns: model.unknowns })
        : format === "markdown" ? formatQueryMarkdown(answer, inputs)
        : format === "html" ? formatQueryHtml(answer, inputs)
        : formatQueryText(answer);
      printReport(deliver(rendered, opts, [path, ...model.files]));
      code = answer.verdict === "allow" ? EXIT.allowed : EXIT.denied;
    });
  registerCheck(program, context);
  registerMatrix(program, context);
  registerDiff(program, context);
  registerVerify(program, context);
  registerRules(program, context);

  try {
    await program.parseAsync([...argv], { from: "user" });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? 0 : EXIT.usage;
    }
    if (e instanceof HwsgError) {
      io.err(`hwsg: ${e.message}`);
      return EXIT.usage;
    }
    if (isSystemError(e)) {
      // A path the operating system refused (EACCES, ELOOP, EISDIR…) is bad input, not a bug.
      io.err(`hwsg: ${e.message}`);
      return EXIT.usage;
    }
    for (const line of internalErrorLines(e)) io.err(line);
    return EXIT.internal;
  }
}

/** Whether an error is the operating system's answer to a file-system call (it has an errno `code` and a `syscall`). */
function isSystemError(e: unknown): e is NodeJS.ErrnoException {
  const x = e as NodeJS.ErrnoException | null;
  return e instanceof Error && typeof x?.code === "string" && /^E[A-Z0-9]+$/.test(x.code) && typeof x.syscall === "string";
}

/** Usage errors are one line on stderr (commander puts its suggestion on a second one). */
function oneLine(text: string): string {
  return text.trim().split(/\n+/).map((l) => l.trim()).join(" ");
}

/**
 * Entry point of the `hwsg` binary. Writing to a closed pipe (`hwsg check x | head -1`) ends
 * quietly with the run's exit code; any other failure to write stdout (a full disk) is exit 2
 * with one line; anything thrown outside a command is an internal error, exit 3 with one line.
 */
export function main(): void {
  const streams = processIo();
  const internal = (e: unknown): void => {
    const err = terminalIo(streams.io).err;
    for (const line of internalErrorLines(e)) err(line);
    process.exit(EXIT.internal);
  };
  process.on("uncaughtException", internal);
  process.on("unhandledRejection", internal);
  void run(process.argv.slice(2), streams.io).then((code) => {
    process.exitCode = streams.writeFailed() ? EXIT.usage : code;
  }, internal);
}
