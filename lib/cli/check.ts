/**
 * `hwsg check <path>`: every finding of the lint on the effective rule set, with the values not
 * known before apply. The exit code gates CI: 1 when a finding is at or above `--fail-on`.
 *
 * For CI: `--sarif` for code scanning; suppressions written next to the code
 * (`# hwsg:ignore HWSG001 <reason>`) make a finding an info that never fails; `--baseline FILE`
 * lets the findings it holds pass (`--write-baseline FILE` records the current ones), so only
 * new findings fail.
 */
import { Command, Option } from "commander";
import { compareWithBaseline } from "../analysis/baseline";
import { lintNetwork } from "../analysis/lint";
import { Finding, Severity } from "../analysis/findings";
import { HwsgError } from "../core/errors";
import { CheckReport, ReportFinding } from "../report/model";
import { renderCheck } from "../report/format";
import { renderCheckSarif } from "../report/sarif";
import { blocksOf, readBaseline, sarifContext, suppress, writeBaseline } from "./code-review";
import { PATH_HELP, loadModel } from "./load";
import { OutputOptions, deliver, formatOf, refuseOutputOverInputs, withOutputOptions, withSarifOption } from "./output";
import { CommandContext, EXIT } from "./context";

/** The thresholds of `--fail-on`, from the strictest. */
export const FAIL_ON = ["warning", "error", "never"] as const;

/** A `--fail-on` threshold. */
export type FailOn = (typeof FAIL_ON)[number];

const RANK: Readonly<Record<Severity, number>> = { warning: 0, error: 1 };

/**
 * Whether a finding fails the gate at this threshold: never an info (a suppressed finding) nor a
 * finding the baseline holds.
 */
export function failsGate(finding: Pick<Finding, "severity"> | Pick<ReportFinding, "severity" | "baselineState">, failOn: FailOn): boolean {
  if (finding.severity === "info" || ("baselineState" in finding && finding.baselineState === "unchanged")) return false;
  return failOn !== "never" && RANK[finding.severity] >= RANK[failOn];
}

interface CheckOptions extends OutputOptions {
  readonly stack?: string;
  readonly failOn: FailOn;
  readonly failOnUnknown?: boolean;
  readonly baseline?: string;
  readonly writeBaseline?: string;
}

/** Adds `check` to the program. */
export function registerCheck(program: Command, context: CommandContext): void {
  withSarifOption(withOutputOptions(
    program
      .command("check")
      .description("report every finding: rules that never take effect, high-risk exposure, quota and flavor effects")
      .argument("<path>", PATH_HELP)
      .option("--stack <name>", "the stack to read in a cdktf.out directory")
      .addOption(new Option("--fail-on <severity>", "exit 1 when a finding is at or above this severity").choices(FAIL_ON).default("error"))
      .option("--fail-on-unknown", "also exit 1 when something that can change a verdict cannot be known before apply (a name or description never can)")
      .option("--baseline <file>", "report the findings this baseline holds as in baseline (they do not fail), and list its entries no longer found")
      .option("--write-baseline <file>", "write the ids of the current findings (suppressed ones aside) to this file, as a baseline for --baseline"),
  ))
    .exitOverride()
    .action(async (path: string, opts: CheckOptions) => {
      refuseOutputOverInputs(opts, [path]);
      if (opts.writeBaseline !== undefined) {
        refuseOutputOverInputs({ output: opts.writeBaseline }, [path]);
        if (opts.output !== undefined && opts.output === opts.writeBaseline) throw new HwsgError(`--write-baseline ${opts.writeBaseline}: is also the --output file: write the report and the baseline to different files`);
      }
      const baseline = opts.baseline !== undefined ? readBaseline(opts.baseline) : undefined;
      const model = await loadModel(path, opts.stack, context.variables);
      const inputs = [path, ...model.files, ...(opts.baseline !== undefined ? [opts.baseline] : [])];
      const blocks = blocksOf(model.files);
      const suppressed = suppress(lintNetwork(model.network), blocks);
      // Suppressed findings (infos) are accepted already: the baseline neither holds nor judges them.
      const compared = baseline ? compareWithBaseline(suppressed.findings.filter((f) => f.severity !== "info"), baseline) : undefined;
      const states = new Map(compared?.findings.map((f) => [f.id, f.baselineState]));
      const findings: readonly ReportFinding[] = suppressed.findings.map((f) => (states.has(f.id) ? { ...f, baselineState: states.get(f.id) } : f));
      const report: CheckReport = {
        files: model.files,
        findings,
        unknowns: model.unknowns,
        warnings: [...model.warnings, ...suppressed.warnings],
        ...(baseline && compared ? { baseline: { file: baseline.file, absent: compared.absent } } : {}),
      };
      const rendered = opts.sarif ? renderCheckSarif(report, sarifContext(blocks)) : renderCheck(report, formatOf(opts));
      refuseOutputOverInputs(opts, inputs);
      if (opts.writeBaseline !== undefined) {
        refuseOutputOverInputs({ output: opts.writeBaseline }, model.files);
        writeBaseline(opts.writeBaseline, suppressed.findings.filter((f) => f.severity !== "info").map((f) => f.id));
      }
      context.print(deliver(rendered, opts, inputs));
      const failed = findings.some((f) => failsGate(f, opts.failOn)) || (opts.failOnUnknown === true && model.unknowns.some((u) => u.canChangeVerdict));
      context.exit(failed ? EXIT.failed : EXIT.ok);
    });
}
