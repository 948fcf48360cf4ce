/**
 * Finding and parsing Terraform JSON documents: a `.tf.json` file, a directory of them, a cdktf
 * `cdk.tf.json`, or a `cdktf.out` directory (one stack, or the one named).
 */
import * as fs from "fs";
import * as path from "path";
import { HwsgError } from "../core/errors";

/** One parsed Terraform JSON file. */
export interface TerraformDocument {
  /** The path as given or found (for messages). */
  readonly file: string;
  readonly json: Record<string, unknown>;
}

/** Options for finding documents. */
export interface LoadOptions {
  /** The stack to read in a `cdktf.out` directory. @default the only stack */
  readonly stack?: string;
}

/**
 * Reads the Terraform JSON at `target`.
 * @throws HwsgError when nothing readable is there, or a file is not a JSON object
 */
export function loadDocuments(target: string, options: LoadOptions = {}): TerraformDocument[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    throw new HwsgError(`${target}: no such file or directory`);
  }
  if (stat.isFile()) {
    if (options.stack !== undefined) throw new HwsgError(`${target}: --stack applies only to a cdktf.out directory (with stacks/<name>/cdk.tf.json)`);
    return [parseFile(target)];
  }

  const stacksDir = fs.existsSync(path.join(target, "stacks")) ? path.join(target, "stacks") : undefined;
  if (stacksDir && fs.statSync(stacksDir).isDirectory()) {
    const stacks = fs.readdirSync(stacksDir).filter((s) => fs.existsSync(path.join(stacksDir, s, "cdk.tf.json"))).sort();
    if (options.stack !== undefined) {
      if (!stacks.includes(options.stack)) throw new HwsgError(`${target}: no stack ${options.stack} (stacks: ${stacks.join(", ") || "none"})`);
      return [parseFile(path.join(stacksDir, options.stack, "cdk.tf.json"))];
    }
    if (stacks.length === 1) return [parseFile(path.join(stacksDir, stacks[0], "cdk.tf.json"))];
    if (stacks.length > 1) throw new HwsgError(`${target}: a cdktf output with ${stacks.length} stacks (${stacks.join(", ")}): choose one with --stack`);
  }

  if (options.stack !== undefined) throw new HwsgError(`${target}: --stack applies only to a cdktf.out directory (with stacks/<name>/cdk.tf.json)`);
  const files = fs.readdirSync(target).filter((f) => f.endsWith(".tf.json")).sort();
  if (files.length === 0) {
    const hcl = fs.readdirSync(target).some((f) => f.endsWith(".tf"));
    throw new HwsgError(`${target}: no .tf.json file here${hcl ? " (HCL .tf files are not read yet: convert them to JSON)" : ""}`);
  }
  return files.map((f) => parseFile(path.join(target, f)));
}

function parseFile(file: string): TerraformDocument {
  if (file.endsWith(".tf") && !file.endsWith(".tf.json")) {
    throw new HwsgError(`${file}: HCL .tf files are not read yet: give the JSON form (.tf.json or cdk.tf.json)`);
  }
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new HwsgError(`${file}: cannot be read: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new HwsgError(`${file}: not valid JSON: ${(e as Error).message}`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new HwsgError(`${file}: a Terraform JSON file must hold an object at the top level`);
  }
  return { file, json: json as Record<string, unknown> };
}
