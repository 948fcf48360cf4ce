/**
 * `hwsg check <path>`: every finding of the lint on the effective rule set, with the values not
 * known before apply. The exit code gates CI: 1 when a finding is at or above `--fail-on`.
 */
import { Command, Option } from "commander";
import { lintNetwork } from "../analysis/lint";
import { Finding, Severity } from "../analysis/findings";
import { CheckReport } from "../report/model";
import { renderCheck } from "../report/format";
import { PATH_HELP, loadModel } from "./load";
import { OutputOptions, deliver, formatOf, refuseOutputOverInputs, withOutputOptions } from "./output";
import { CommandContext, EXIT } from "./context";

/** The thresholds of `--fail-on`, from the strictest. */
export const FAIL_ON = ["warning", "error", "never"] as const;

/** A `--fail-on` threshold. */
export type FailOn = (typeof FAIL_ON)[number];

const RANK: Readonly<Record<Severity, number>> = { warning: 0, error: 1 };

/** Whether a finding fails the gate at this threshold. */
export function failsGate(finding: Finding, failOn: FailOn): boolean {
  return failOn !== "never" && RANK[finding.severity] >= RANK[failOn];
}

interface CheckOptions extends OutputOptions {
  readonly stack?: string;
  readonly failOn: FailOn;
  readonly failOnUnknown?: boolean;
}

/** Adds `check` to the program. */
export function registerCheck(program: Command, context: CommandContext): void {
  withOutputOptions(
    program
      .command("check")
      .description("report every finding: rules that never take effect, high-risk exposure, quota and flavor effects")
      .argument("<path>", PATH_HELP)
      .option("--stack <name>", "the stack to read in a cdktf.out directory")
      .addOption(new Option("--fail-on <severity>", "exit 1 when a finding is at or above this severity").choices(FAIL_ON).default("error"))
      .option("--fail-on-unknown", "also exit 1 when something that can change a verdict cannot be known before apply (a name or description never can)"),
  )
    .exitOverride()
    .action(async (path: string, opts: CheckOptions) => {
      refuseOutputOverInputs(opts, [path]);
      const model = await loadModel(path, opts.stack, context.variables);
      const findings = lintNetwork(model.network);
      const report: CheckReport = { files: model.files, findings, unknowns: model.unknowns, warnings: model.warnings };
      context.print(deliver(renderCheck(report, formatOf(opts)), opts, [path, ...model.files]));
      const failed = findings.some((f) => failsGate(f, opts.failOn)) || (opts.failOnUnknown === true && model.unknowns.some((u) => u.canChangeVerdict));
      context.exit(failed ? EXIT.failed : EXIT.ok);
    });
}
