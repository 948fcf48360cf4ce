/**
 * Reads Huawei Cloud Terraform — HCL `.tf`, the JSON form `.tf.json`, cdktf's `cdk.tf.json` —
 * into the network model: security groups, rules, address groups, instances, subnets, VPCs,
 * peerings and virtual IPs, with `count` and `for_each` expanded into instances addressed as
 * Terraform addresses them (`type.name[0]`, `type.name["key"]`).
 *
 * Every value the provider or the cloud would reject is an error naming the file, the resource
 * address and the field. A value that cannot be known statically (a variable without default,
 * an attribute computed at apply time, a data source attribute, a function not evaluated) is
 * never guessed: with `unknowns: "collect"` the resource that needs it is left out of the model
 * and an `Unknown` says why and what it affects; with `unknowns: "error"` it is an error.
 * What is assumed is a warning.
 */
import * as fs from "fs";
import * as path from "path";
import { HwsgError, ValidationError } from "../core/errors";
import { Configuration } from "./configuration";
import { LoadOptions, TerraformDocument, loadTerraform, parseJsonString, prepareDocumentsSync } from "./documents";
import { NetworkReader, TerraformModel } from "./model/network-reader";
import { ModuleTree, loadModuleCode } from "./modules/module-tree";
import { PlanValues } from "./plan-values";
import { parseTerraformJson } from "./sources/json-file";
import { PlanDocument, planKindOf, readPlanDocument } from "./sources/plan-json";
import { readSourceText } from "./sources/source-file";
import { VariableInputs, loadVariableValues } from "./sources/variable-values";
import { Unknown, UnknownValue, UnknownsMode } from "./unknowns";
import { ValueSource } from "./value-source";
import { isReference } from "./values";

export type { Unknown, UnknownsMode } from "./unknowns";
export { PROJECT_DEFAULT_GROUP, RESOURCE_TYPES } from "./model/resource-types";
export { MEMBER_TYPES } from "./model/member-types";
export { currentType } from "./schema/provider-schema";
export { prepareDocumentsSync } from "./documents";
export type { TerraformModel } from "./model/network-reader";

/** Options of the reader. */
export interface ReadOptions extends LoadOptions {
  /**
   * Values for the root module's variables besides its variable files (`terraform.tfvars`,
   * `*.auto.tfvars`, read from the module's directory): `--var-file` / `--var` options in the
   * order given, and the environment's `TF_VAR_` names.
   * @default none
   */
  readonly variables?: Pick<VariableInputs, "options" | "environment">;
  /**
   * What to do with a value that cannot be known statically: `"collect"` leaves the resource
   * that needs it out of the model and records an `Unknown`; `"error"` throws the
   * ValidationError naming file, address, field and expression.
   * @default "collect" for readTerraform, "error" for readDocuments
   */
  readonly unknowns?: UnknownsMode;
}

/**
 * Reads a `.tf` or `.tf.json` file, a module directory (both kinds, sorted by file name), a
 * `cdk.tf.json` or a `cdktf.out` directory (`stack` chooses among several stacks).
 * @throws HwsgError naming file, resource address and field on any invalid input (and, with
 * `unknowns: "error"`, on the first value that cannot be known statically)
 */
export async function readTerraform(target: string, options: ReadOptions = {}): Promise<TerraformModel> {
  const plan = readPlanFile(target);
  if (plan) return readValues(new PlanValues(plan), { unknowns: options.unknowns ?? "collect" });
  const documents = await loadTerraform(target, options.stack !== undefined ? { stack: options.stack } : {});
  const directory = fs.statSync(target).isDirectory();
  // A cdktf.out directory, or a file: its own directory is the root module's only when it is a module directory.
  const rootDirectory = path.dirname(documents[0]?.file ?? target);
  const code = await loadModuleCode(rootDirectory, documents);
  const variables = await loadVariableValues({
    ...(options.variables?.options ? { options: options.variables.options } : {}),
    ...(options.variables?.environment ? { environment: options.variables.environment } : {}),
    ...(directory && options.stack === undefined ? { rootDirectory } : {}),
  });
  return readValues(new ModuleTree(code, variables), { unknowns: options.unknowns ?? "collect" });
}

/** A plan or state JSON file (`terraform show -json`), read; undefined for anything else. */
function readPlanFile(target: string): PlanDocument | undefined {
  if (!target.endsWith(".json") || target.endsWith(".tf.json")) return undefined;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    return undefined;
  }
  if (!stat.isFile()) return undefined;
  // Hostile input like any other: the strict reader (size, UTF-8, duplicate keys, nesting).
  const json = parseTerraformJson(target, readSourceText(target)).value;
  if (planKindOf(json) === undefined) {
    throw new HwsgError(`${target}: neither Terraform configuration (.tf, .tf.json) nor Terraform's JSON output of a plan or a state (terraform show -json)`);
  }
  return readPlanDocument(target, json as Record<string, unknown>);
}

/**
 * Builds the model from already parsed documents (a cdktf stack's JSON, say), synchronously.
 * Documents not prepared yet are prepared here exactly as `loadTerraform` prepares them (see
 * `prepareDocumentsSync`): every expression the CLI evaluates is evaluated, with the same parser,
 * evaluator and functions.
 * @throws HwsgError naming file, resource address and field on any invalid input (and, with
 * `unknowns: "error"`, the default here, on the first value that cannot be known statically)
 */
export function readDocuments(documents: readonly TerraformDocument[], options: ReadOptions = {}): TerraformModel {
  const prepared = documents.every((d) => d.expressions !== undefined) ? documents : prepareDocumentsSync(documents);
  const config = new Configuration(prepared);
  const mode = options.unknowns ?? "error";
  // The documents alone hold no module's code: each module call is an unknown, never skipped in silence.
  const calls: Unknown[] = [...config.moduleCalls.values()].map((call) => ({
    file: call.file,
    address: `module.${call.name}`,
    field: "source",
    expression: JSON.stringify(call.body.source) ?? "(not set)",
    reason: "The module is not expanded: its code is not part of the documents read (hwsg check expands it when given the module directory, or a cdktf.out stack after terraform init).",
    effect: "Nothing the module creates (security groups, rules, instances, subnets) is in the model: verdicts involving them may be wrong, and findings about them are missed.",
    groupIds: [],
    canChangeVerdict: true,
  }));
  if (mode === "error" && calls.length > 0) {
    const u = calls[0];
    throw new ValidationError(`${u.file}: ${u.address}`, u.field, u.expression, `cannot be resolved statically: ${u.reason}`);
  }
  const model = new NetworkReader(config, mode).read();
  return calls.length === 0 ? model : { ...model, unknowns: [...calls, ...model.unknowns] };
}

/** The value of a JSON-form string in a configuration, or the sentence saying why it is not known. */
export type StringValues = (text: string, subject: string, field: string) => { readonly value: unknown } | { readonly unknown: string };

/**
 * Evaluates strings written in the JSON form (`${var.office_cidr}`, `${cidrhost(local.net, 5)}`)
 * in the root module of `documents`, as a resource field holding them would be read: what the
 * synth-time checks need for values a construct holds as tokens rather than writes to Terraform.
 * The configuration is built once, on first use.
 */
export function stringValues(documents: readonly TerraformDocument[]): StringValues {
  let config: Configuration | undefined;
  return (text, subject, field) => {
    config ??= new Configuration(documents.every((d) => d.expressions !== undefined) ? documents : prepareDocumentsSync(documents));
    const value = config.evaluateParsed(parseJsonString(documents[0]?.file ?? "(value)", text), subject, field);
    if (value instanceof UnknownValue) return { unknown: value.reason };
    if (isReference(value)) return { unknown: `it is ${value.address}'s ${value.ref}, known only after apply` };
    return { value };
  };
}

/**
 * Builds the model from resolved values: a configuration's, or a plan's or a state's
 * (`new PlanValues(readPlanDocument(file, json))`).
 * @throws HwsgError naming file, resource address and field on any invalid input (and, with
 * `unknowns: "error"`, on the first value that is not known)
 */
export function readValues(source: ValueSource, options: ReadOptions = {}): TerraformModel {
  return new NetworkReader(source, options.unknowns ?? "collect").read();
}

