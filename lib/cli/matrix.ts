/**
 * `hwsg matrix <path>`: who reaches whom, on which protocols and ports.
 */
import { Command, Option } from "commander";
import { reachabilityMatrix } from "../analysis/matrix";
import { IpVersion } from "../core/ip";
import { renderMatrix } from "../report/format";
import { PATH_HELP, loadModel } from "./load";
import { OutputOptions, deliver, formatOf, refuseOutputOverInputs, withOutputOptions } from "./output";
import { CommandContext, EXIT } from "./context";

interface MatrixOptions extends OutputOptions {
  readonly stack?: string;
  readonly ipVersion: string;
}

/** The `--ip-version` option of matrix and diff. */
export function ipVersionOption(description: string, defaultValue?: string): Option {
  const option = new Option("--ip-version <v>", description).choices(["4", "6"]);
  return defaultValue === undefined ? option : option.default(defaultValue);
}

/** Adds `matrix` to the program. */
export function registerMatrix(program: Command, context: CommandContext): void {
  withOutputOptions(
    program
      .command("matrix")
      .description("print who reaches whom (members of every kind, security groups and the internet) on which protocols and ports")
      .argument("<path>", PATH_HELP)
      .option("--stack <name>", "the stack to read in a cdktf.out directory")
      .addOption(ipVersionOption("the IP version of the flows", "4")),
  )
    .exitOverride()
    .action(async (path: string, opts: MatrixOptions) => {
      refuseOutputOverInputs(opts, [path]);
      const model = await loadModel(path, opts.stack, context.variables);
      const matrix = reachabilityMatrix(model.network, { version: Number(opts.ipVersion) as IpVersion });
      context.print(deliver(renderMatrix({ files: model.files, matrix, unknowns: model.unknowns, warnings: model.warnings }, formatOf(opts)), opts, [path, ...model.files]));
      context.exit(EXIT.ok);
    });
}
