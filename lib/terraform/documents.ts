/**
 * Finding and parsing Terraform documents: a `.tf.json` or `.tf` file, a module directory of
 * them, a cdktf `cdk.tf.json`, or a `cdktf.out` directory (one stack, or the one named).
 *
 * `loadTerraform` (async) reads HCL too and prepares every document: each `${...}` string is
 * parsed once with the HCL expression parser, so the reader can evaluate it synchronously.
 * `loadDocuments` (sync) reads the JSON form only, without preparing it.
 */
import * as fs from "fs";
import * as path from "path";
import { HwsgError } from "../core/errors";
import { Expr, ExpressionTable, ParsedExpression, fromHeredocAst, fromTypeAst, heredocOf, isTemplate, parsePlainReference } from "./expression";
import { expressionAst, firstLine, parseHclFile } from "./hcl";
import { mergeOverrides } from "./sources/override-files";

/** One parsed Terraform file, in JSON form. */
export interface TerraformDocument {
  /** The path as given or found (for messages). */
  readonly file: string;
  /** The document in Terraform's JSON form (an HCL file as `@cdktf/hcl2json` converts it). */
  readonly json: Record<string, unknown>;
  /** Whether the file was written in HCL (expressions are then shown as written there: `var.x`). */
  readonly hcl?: boolean;
  /** The document's template strings, parsed (set by `prepareDocuments`). */
  readonly expressions?: ExpressionTable;
  /** The document's variable type constraints, parsed, by the text of `type` (set by `prepareDocuments`). */
  readonly types?: ReadonlyMap<string, Expr>;
}

/** Options for finding documents. */
export interface LoadOptions {
  /** The stack to read in a `cdktf.out` directory. @default the only stack */
  readonly stack?: string;
}

/**
 * Reads the Terraform JSON at `target`, synchronously and without preparing it: a `.tf.json`
 * file, a directory of them, a `cdk.tf.json`, or a `cdktf.out` directory.
 * @throws HwsgError when nothing readable is there, a file is not a JSON object, or the target holds HCL (read it with loadTerraform)
 */
export function loadDocuments(target: string, options: LoadOptions = {}): TerraformDocument[] {
  return mergeOverrides(findFiles(target, options, false).map(parseJsonFile));
}

/**
 * Reads and prepares the Terraform at `target`: a `.tf.json` or `.tf` file, a module directory
 * (its `.tf` and `.tf.json` files, sorted by name), a `cdk.tf.json` or a `cdktf.out` directory.
 * @throws HwsgError when nothing readable is there, or a file is not valid JSON or HCL
 */
export async function loadTerraform(target: string, options: LoadOptions = {}): Promise<TerraformDocument[]> {
  const documents: TerraformDocument[] = [];
  for (const file of findFiles(target, options, true)) {
    documents.push(isHcl(file) ? { file, json: await parseHclFile(file, readText(file)), hcl: true } : parseJsonFile(file));
  }
  return prepareDocuments(mergeOverrides(documents));
}

/**
 * Parses every template string of the documents (resources, data sources, locals) and every
 * variable type, once per distinct text, with the HCL expression parser.
 * @returns the documents with `expressions` and `types` set
 */
export async function prepareDocuments(documents: readonly TerraformDocument[]): Promise<TerraformDocument[]> {
  const cache = new Map<string, ParsedExpression>();
  const typeCache = new Map<string, Expr>();
  const out: TerraformDocument[] = [];
  for (const doc of documents) {
    const strings = new Set<string>();
    const typeTexts = new Set<string>();
    collect(doc.json, strings, typeTexts);
    const expressions = new Map<string, ParsedExpression>();
    for (const text of strings) {
      let parsed = cache.get(text);
      if (!parsed) {
        // Plain references (most strings of a large configuration) without a call into the library.
        parsed = parsePlainReference(text) ?? (await parseTemplate(doc.file, text));
        cache.set(text, parsed);
      }
      expressions.set(text, parsed);
    }
    const types = new Map<string, Expr>();
    for (const text of typeTexts) {
      let type = typeCache.get(text);
      if (!type) {
        const whole = /^\$\{([\s\S]*)\}$/.exec(text);
        const source = whole ? whole[1] : text;
        try {
          type = fromTypeAst(await expressionAst(doc.file, source), source);
        } catch {
          type = { kind: "unsupported", reason: "the type could not be parsed" };
        }
        typeCache.set(text, type);
      }
      types.set(text, type);
    }
    out.push({ ...doc, expressions, types });
  }
  return out;
}

/** A JSON-form string parsed by the HCL library; unsupported (invalid) when it is not a valid expression. */
async function parseTemplate(file: string, text: string): Promise<ParsedExpression> {
  try {
    return fromHeredocAst(await expressionAst(file, heredocOf(text)), text);
  } catch (e) {
    return { expr: { kind: "unsupported", reason: `is not a valid Terraform expression: ${firstLine((e as Error).message)}`, invalid: true }, display: text };
  }
}

/** Gathers the template strings of resources, data sources and locals, and the variables' types. */
function collect(json: Record<string, unknown>, strings: Set<string>, types: Set<string>): void {
  const walk = (v: unknown): void => {
    if (typeof v === "string") {
      if (isTemplate(v)) strings.add(v);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === "object" && v !== null) {
      for (const [k, x] of Object.entries(v)) if (k !== "//") walk(x);
    }
  };
  for (const key of ["resource", "data", "locals", "module", "output"]) walk(json[key]);
  const variables = json.variable;
  for (const item of Array.isArray(variables) ? variables : [variables]) {
    if (typeof item !== "object" || item === null) continue;
    for (const body of Object.values(item)) {
      for (const b of Array.isArray(body) ? body : [body]) {
        const type = (b as { type?: unknown } | null)?.type;
        if (typeof type === "string") types.add(type);
      }
    }
  }
}

const isHcl = (file: string): boolean => file.endsWith(".tf") && !file.endsWith(".tf.json");

/** The files to read at `target`, in reading order. */
function findFiles(target: string, options: LoadOptions, hcl: boolean): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    throw new HwsgError(`${target}: no such file or directory`);
  }
  if (stat.isFile()) {
    if (options.stack !== undefined) throw new HwsgError(`${target}: --stack applies only to a cdktf.out directory (with stacks/<name>/cdk.tf.json)`);
    if (isHcl(target) && !hcl) throw new HwsgError(`${target}: HCL .tf files are read by readTerraform (asynchronously): loadDocuments and readDocuments take the JSON form (.tf.json or cdk.tf.json)`);
    return [target];
  }

  const stacksDir = fs.existsSync(path.join(target, "stacks")) ? path.join(target, "stacks") : undefined;
  if (stacksDir && fs.statSync(stacksDir).isDirectory()) {
    const stacks = fs.readdirSync(stacksDir).filter((s) => fs.existsSync(path.join(stacksDir, s, "cdk.tf.json"))).sort();
    if (options.stack !== undefined) {
      if (!stacks.includes(options.stack)) throw new HwsgError(`${target}: no stack ${options.stack} (stacks: ${stacks.join(", ") || "none"})`);
      return [path.join(stacksDir, options.stack, "cdk.tf.json")];
    }
    if (stacks.length === 1) return [path.join(stacksDir, stacks[0], "cdk.tf.json")];
    if (stacks.length > 1) throw new HwsgError(`${target}: a cdktf output with ${stacks.length} stacks (${stacks.join(", ")}): choose one with --stack`);
  }

  if (options.stack !== undefined) throw new HwsgError(`${target}: --stack applies only to a cdktf.out directory (with stacks/<name>/cdk.tf.json)`);
  const entries = fs
    .readdirSync(target)
    .filter((f) => (f.endsWith(".tf.json") || isHcl(f)) && !ignoredByTerraform(f) && isFile(path.join(target, f)))
    .sort();
  const files = hcl ? entries : entries.filter((f) => f.endsWith(".tf.json"));
  if (files.length === 0) {
    if (!hcl && entries.length > 0) throw new HwsgError(`${target}: no .tf.json file here (its HCL .tf files are read by readTerraform, asynchronously)`);
    throw new HwsgError(`${target}: no .tf or .tf.json file here`);
  }
  return files.map((f) => path.join(target, f));
}

/**
 * Whether Terraform ignores a file of a module directory: editor files, whose names start with
 * `.` (Emacs lock links `.#main.tf`, which often point nowhere), end with `~`, or start and end
 * with `#`.
 */
function ignoredByTerraform(name: string): boolean {
  return name.startsWith(".") || name.endsWith("~") || (name.startsWith("#") && name.endsWith("#"));
}

/** Whether a directory entry is a file (following links). @throws HwsgError naming it when it cannot be read */
function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch (e) {
    throw new HwsgError(`${file}: cannot be read: ${(e as Error).message}`);
  }
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new HwsgError(`${file}: cannot be read: ${(e as Error).message}`);
  }
}

function parseJsonFile(file: string): TerraformDocument {
  const text = readText(file);
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
