/**
 * Reading the Terraform a command names, for the analysis commands: values that cannot be known
 * before apply are collected as unknowns (and reported), never guessed.
 */
import { ReadOptions, TerraformModel, readTerraform } from "../terraform/reader";
import type { VariableOptions } from "./variables";

/** Reads `path` (a .tf or .tf.json file, a directory of them, a cdk.tf.json or a cdktf.out directory). */
export function loadModel(path: string, stack: string | undefined, variables?: VariableOptions): Promise<TerraformModel> {
  const options: ReadOptions = { unknowns: "collect", ...(stack !== undefined ? { stack } : {}), ...(variables ? { variables } : {}) };
  return readTerraform(path, options);
}

/** The help text of the path argument. */
export const PATH_HELP = "a .tf or .tf.json file, a directory of them (a root module: its modules, terraform.tfvars and *.auto.tfvars are read), a cdk.tf.json, a cdktf.out directory, or a plan or state as terraform show -json writes it";
