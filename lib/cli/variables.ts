/**
 * `--var NAME=VALUE` and `--var-file FILE`, as `terraform plan` takes them: repeatable, and
 * applied in the order given on the command line (a later one wins), above the root module's
 * `terraform.tfvars` and `*.auto.tfvars` files and the `TF_VAR_` environment.
 */
import { Command } from "commander";
import type { VariableInputs } from "../terraform/sources/variable-values";

/** The variable options, in command-line order, and the environment's `TF_VAR_` values. */
export type VariableOptions = Pick<VariableInputs, "options" | "environment">;

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Adds `--var` and `--var-file` to a command (the values are read in order by `variableOptionsOf`). */
export function withVariableOptions(command: Command): Command {
  return command
    .option("--var <NAME=VALUE>", "set a root module variable, as terraform plan -var does (repeatable; in order with --var-file)", collect)
    .option("--var-file <FILE>", "read root module variables from a .tfvars or .tfvars.json file, as terraform plan -var-file does (repeatable)", collect);
}

/**
 * The `--var` and `--var-file` options in the order they are written in `argv` (commander keeps
 * each option's values apart, losing their relative order, which decides precedence).
 */
export function variableOptionsOf(argv: readonly string[], environment: Readonly<Record<string, string | undefined>>): VariableOptions {
  const options: Array<{ kind: "var-file"; file: string } | { kind: "var"; assignment: string }> = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") break;
    const m = /^--(var|var-file)(?:=([\s\S]*))?$/.exec(a);
    if (!m) continue;
    const value = m[2] ?? argv[++i];
    if (value === undefined) break; // commander reports the missing value
    options.push(m[1] === "var" ? { kind: "var", assignment: value } : { kind: "var-file", file: value });
  }
  const tfVars: Record<string, string> = {};
  for (const [k, v] of Object.entries(environment)) if (k.startsWith("TF_VAR_") && v !== undefined) tfVars[k] = v;
  return { options, environment: tfVars };
}
