/**
 * `hwsg diff <before> <after>`: the flows whose verdict changed between two versions, grouped,
 * each group with an example flow and the deciding rule before and after. With
 * `--fail-on-new-allowed` it gates a pull request on flows the change opens. `--sarif` gives the
 * newly allowed flows for code scanning, at the rules that allow them after the change.
 */
import * as fs from "fs";
import * as path from "path";
import { Command } from "commander";
import { diffNetworks } from "../analysis/diff";
import { HwsgError } from "../core/errors";
import { IpVersion } from "../core/ip";
import { renderDiff } from "../report/format";
import { renderDiffSarif } from "../report/sarif";
import { blocksOf, sarifContext } from "./code-review";
import { PATH_HELP, loadModel } from "./load";
import { ipVersionOption } from "./matrix";
import { OutputOptions, deliver, formatOf, refuseOutputOverInputs, withOutputOptions, withSarifOption } from "./output";
import { CommandContext, EXIT } from "./context";

interface DiffOptions extends OutputOptions {
  readonly stack?: string;
  readonly ipVersion?: string;
  readonly failOnNewAllowed?: boolean;
}

/** Adds `diff` to the program. */
export function registerDiff(program: Command, context: CommandContext): void {
  withSarifOption(withOutputOptions(
    program
      .command("diff")
      .description("show the flows whose verdict changed between two versions: newly allowed, newly denied")
      .argument("<before>", `the version before the change: ${PATH_HELP}`)
      .argument("<after>", "the version after the change, in the same forms")
      .option("--stack <name>", "the stack to read on each side that is a cdktf.out directory")
      .addOption(ipVersionOption("compare only the flows of this IP version (default: IPv4 and IPv6)"))
      .option("--fail-on-new-allowed", "exit 1 when the change allows a flow that was denied"),
  ))
    .exitOverride()
    .action(async (beforePath: string, afterPath: string, opts: DiffOptions) => {
      const stackFor = (side: string) => (opts.stack !== undefined && isCdktfOut(side) ? opts.stack : undefined);
      if (opts.stack !== undefined && stackFor(beforePath) === undefined && stackFor(afterPath) === undefined) {
        throw new HwsgError(`--stack applies only to a cdktf.out directory (with stacks/<name>/cdk.tf.json), and neither ${beforePath} nor ${afterPath} is one`);
      }
      refuseOutputOverInputs(opts, [beforePath, afterPath]);
      const before = await loadModel(beforePath, stackFor(beforePath), context.variables);
      const after = await loadModel(afterPath, stackFor(afterPath), context.variables);
      const diff = diffNetworks(before.network, after.network, opts.ipVersion === undefined ? {} : { version: Number(opts.ipVersion) as IpVersion });
      const warnings = [...before.warnings.map((w) => `before: ${w}`), ...after.warnings.map((w) => `after: ${w}`)];
      const report = { before: { files: before.files }, after: { files: after.files }, diff, unknowns: { before: before.unknowns, after: after.unknowns }, warnings };
      // SARIF: the newly allowed flows, located in the version after the change.
      const rendered = opts.sarif ? renderDiffSarif(report, sarifContext(blocksOf(after.files)), opts.failOnNewAllowed ? "error" : "warning") : renderDiff(report, formatOf(opts));
      context.print(deliver(rendered, opts, [beforePath, afterPath, ...before.files, ...after.files]));
      context.exit(opts.failOnNewAllowed && diff.newlyAllowed.length > 0 ? EXIT.failed : EXIT.ok);
    });
}

/** Whether a path is a cdktf output directory (it has `stacks/`). */
function isCdktfOut(target: string): boolean {
  try {
    return fs.statSync(path.join(target, "stacks")).isDirectory();
  } catch {
    return false;
  }
}
