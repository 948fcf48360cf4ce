/**
 * `hwsg rules <path> --member <address>`: every rule that applies to a member (of any kind: a
 * compute instance, an RDS instance, an attached interface…, or a security group's hypothetical member), per direction and IP version, in the
 * order the cloud tries them, with whether each takes effect and why not. Exit 0, or 2 on bad input.
 */
import { Command } from "commander";
import { memberRules } from "../analysis/member-rules";
import { traitsOf } from "../analysis/member-text";
import { HwsgError } from "../core/errors";
import { withHypotheticalMember } from "../core/reachability";
import { RulesReport, renderRulesJson, renderRulesMarkdown, renderRulesText } from "../report/rules";
import { CommandContext, EXIT } from "./context";
import { matrixNodeAddress, shown } from "./endpoints";
import { PATH_HELP, loadModel } from "./load";
import { OutputOptions, deliver, formatOf, refuseOutputOverInputs, withOutputOptions } from "./output";

interface RulesOptions extends OutputOptions {
  readonly member: string;
  readonly stack?: string;
}

/** Adds `rules` to the program. */
export function registerRules(program: Command, context: CommandContext): void {
  withOutputOptions(
    program
      .command("rules")
      .description("list a member's rules in the order the cloud tries them, with whether each takes effect and why not")
      .argument("<path>", PATH_HELP)
      .requiredOption("--member <address>", "a member's address (huaweicloud_compute_instance.NAME, huaweicloud_rds_instance.NAME, …), huaweicloud_networking_secgroup.NAME for a member having only that group, or a name hwsg matrix prints (db, group app)")
      .option("--stack <name>", "the stack to read in a cdktf.out directory"),
  )
    .exitOverride()
    .action(async (path: string, opts: RulesOptions) => {
      refuseOutputOverInputs(opts, [path]);
      if (opts.html) throw new HwsgError("rules --html: not a format of rules: use text (the default), --json or --markdown");
      const model = await loadModel(path, opts.stack, context.variables);
      let network = model.network;
      // A short name `hwsg matrix` prints (`db`, `group app`) names its node's address.
      let id = network.instances.has(opts.member) || network.groups.has(opts.member) ? opts.member : (matrixNodeAddress(network, opts.member) ?? opts.member);
      if (!network.instances.has(id)) {
        if (network.groups.has(id)) {
          ({ network, instanceId: id } = withHypotheticalMember(network, id));
        } else {
          const left = model.unknowns.find((u) => u.address === id);
          if (left) throw new HwsgError(`--member ${shown(id)} is left out of the model: ${left.reason} (${left.field} = ${left.expression})`);
          const known = [...network.instances.keys()].slice(0, 10);
          throw new HwsgError(`--member ${shown(id)}: no such member or security group in the configuration${known.length ? ` (members: ${known.join(", ")})` : ""}`);
        }
      }
      const instance = network.instance(id);
      const report: RulesReport = {
        member: id,
        groups: [...instance.securityGroupIds],
        hypothetical: instance.hypothetical === true,
        traits: traitsOf(instance),
        ...(instance.flavor ? { flavor: instance.flavor } : {}),
        lists: memberRules(network, instance),
        files: model.files,
        unknowns: model.unknowns,
        warnings: model.warnings,
      };
      const format = formatOf(opts);
      const rendered = format === "json" ? renderRulesJson(report) : format === "markdown" ? renderRulesMarkdown(report) : renderRulesText(report);
      context.print(deliver(rendered, opts, [path, ...model.files]));
      context.exit(EXIT.ok);
    });
}
