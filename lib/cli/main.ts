/**
 * The `hwsg` command line: `query`, `check`, `matrix` and `diff`. Exit codes are in context.ts:
 * 0 allowed / clean, 1 denied / gate failed, 2 bad input or usage, 3 internal error.
 */
import { Command, CommanderError } from "commander";
import { HwsgError } from "../core/errors";
import { registerCheck } from "./check";
import { CommandContext, EXIT, Io } from "./context";
import { registerDiff } from "./diff";
import { PATH_HELP, loadModel } from "./load";
import { registerMatrix } from "./matrix";
import { OutputOptions, deliver, formatOf, withOutputOptions } from "./output";
import { formatQueryHtml, formatQueryMarkdown, formatQueryText, query } from "./query";

export { EXIT } from "./context";
export type { Io } from "./context";

const COMMANDS = "query, check, matrix or diff";

/**
 * Runs the command line with `argv` (without the node and script names).
 * @returns the exit code
 */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  if (argv.length === 0) {
    io.err(`error: no command given: use hwsg ${COMMANDS} (see hwsg --help)`);
    return EXIT.usage;
  }
  let code: number = EXIT.usage;
  const printReport = (text: string | undefined): void => { if (text !== undefined) io.out(text); };
  const context: CommandContext = { io, print: printReport, exit: (c) => { code = c; } };
  const program = new Command("hwsg")
    .description("Huawei Cloud security groups: evaluate Terraform with Huawei's real matching semantics")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.replace(/\n$/, "")), writeErr: (s) => io.err(oneLine(s)) })
    .showSuggestionAfterError(true);

  withOutputOptions(program
    .command("query")
    .description("decide whether a flow is allowed, with the deciding rule and why")
    .argument("<path>", PATH_HELP)
    .requiredOption("--from <endpoint>", "source: an IP address or huaweicloud_compute_instance.NAME")
    .requiredOption("--to <endpoint>", "destination: an IP address or huaweicloud_compute_instance.NAME")
    .requiredOption("--protocol <p>", "tcp, udp, icmp, icmpv6, gre, all, or a protocol number 0-255")
    .option("--port <n>", "destination port for tcp/udp, 1-65535 (default: every port must be allowed)")
    .option("--from-address <ip>", "the source address the packet carries when it is not the source instance's fixed IP (a virtual IP, forwarded traffic)")
    .option("--stack <name>", "the stack to read in a cdktf.out directory"))
    .exitOverride()
    .action(async (path: string, opts: OutputOptions & { from: string; to: string; protocol: string; port?: string; fromAddress?: string; stack?: string }) => {
      const model = await loadModel(path, opts.stack);
      const answer = query(model.network, opts);
      const context = { files: model.files, unknowns: model.unknowns, warnings: model.warnings };
      const format = formatOf(opts);
      if (format === "text") {
        for (const w of model.warnings) io.err(`warning: ${w}`);
        for (const u of model.unknowns) io.err(`unknown: ${u.file}: ${u.address}: ${u.field} = ${u.expression}: ${u.reason}; ${u.effect}`);
      }
      const rendered =
        format === "json" ? `${JSON.stringify({ ...answer, warnings: model.warnings, unknowns: model.unknowns }, null, 2)}\n`
        : format === "markdown" ? formatQueryMarkdown(answer, context)
        : format === "html" ? formatQueryHtml(answer, context)
        : formatQueryText(answer);
      printReport(deliver(rendered, opts));
      code = answer.verdict === "allow" ? EXIT.allowed : EXIT.denied;
    });
  registerCheck(program, context);
  registerMatrix(program, context);
  registerDiff(program, context);

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
    io.err(`hwsg: internal error: ${(e as Error).stack ?? e}`);
    return EXIT.internal;
  }
}

/** Usage errors are one line on stderr (commander puts its suggestion on a second one). */
function oneLine(text: string): string {
  return text.trim().split(/\n+/).map((l) => l.trim()).join(" ");
}

/** Entry point of the `hwsg` binary. */
export function main(): void {
  void run(process.argv.slice(2), {
    out: (s) => process.stdout.write(`${s}\n`),
    err: (s) => process.stderr.write(`${s}\n`),
  }).then((code) => {
    process.exitCode = code;
  });
}
