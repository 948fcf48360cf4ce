/**
 * `hwsg verify <path> --policy FILE`: checks the reachability intents a policy file declares
 * (YAML or JSON, documented by schema/policy.schema.json) on the Terraform, exactly, with the
 * engine of the constructs' `ReachabilityIntent`. Exit 0 when every intent holds, 1 when one
 * does not (or, with `--fail-on-unknown`, when a value that can change a verdict is not known
 * before apply), 2 on a bad policy file: one line naming the file, the line and the field.
 */
import { Command } from "commander";
import { checkPolicy } from "../policy/policy-check";
import { HwsgError } from "../core/errors";
import { renderVerifyJson, renderVerifyMarkdown, renderVerifyText, VerifyReport } from "../report/verify";
import { renderVerifySarif } from "../report/verify-sarif";
import { readPolicy } from "../policy/policy-file";
import { blocksOf, sarifContext } from "./code-review";
import { CommandContext, EXIT } from "./context";
import { PATH_HELP, loadModel } from "./load";
import { OutputOptions, deliver, formatOf, refuseOutputOverInputs, withOutputOptions, withSarifOption } from "./output";

interface VerifyOptions extends OutputOptions {
  readonly policy: string;
  readonly stack?: string;
  readonly failOnUnknown?: boolean;
}

/** Adds `verify` to the program. */
export function registerVerify(program: Command, context: CommandContext): void {
  withSarifOption(withOutputOptions(
    program
      .command("verify")
      .description("check the reachability intents of a policy file (every / none / some flow), with a counterexample and the deciding rule for each that fails")
      .argument("<path>", PATH_HELP)
      .requiredOption("--policy <file>", "the intents: a YAML or JSON file (see schema/policy.schema.json in the package)")
      .option("--stack <name>", "the stack to read in a cdktf.out directory")
      .option("--fail-on-unknown", "also exit 1 when something that can change a verdict cannot be known before apply"),
  ))
    .exitOverride()
    .action(async (path: string, opts: VerifyOptions) => {
      refuseOutputOverInputs(opts, [path, opts.policy]);
      if (opts.html) throw new HwsgError("verify --html: not a format of verify: use text (the default), --json, --markdown or --sarif");
      const policy = readPolicy(opts.policy);
      const model = await loadModel(path, opts.stack, context.variables);
      const leftOut = (address: string): string | undefined => {
        const u = model.unknowns.find((x) => x.address === address);
        return u ? `${u.reason} (${u.field} = ${u.expression})` : undefined;
      };
      const outcomes = checkPolicy(model.network, policy, leftOut);
      const report: VerifyReport = { policy: opts.policy, files: model.files, outcomes, unknowns: model.unknowns, warnings: model.warnings };
      const format = formatOf(opts);
      const rendered = opts.sarif
        ? renderVerifySarif(report, sarifContext(blocksOf(model.files)))
        : format === "json" ? renderVerifyJson(report) : format === "markdown" ? renderVerifyMarkdown(report) : renderVerifyText(report);
      context.print(deliver(rendered, opts, [path, opts.policy, ...model.files]));
      const failed = outcomes.some((o) => !o.holds) || (opts.failOnUnknown === true && model.unknowns.some((u) => u.canChangeVerdict));
      context.exit(failed ? EXIT.failed : EXIT.ok);
    });
}
