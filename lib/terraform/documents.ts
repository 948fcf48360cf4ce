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
import { expressionAst, firstLine, parseHclFile, topLevelKeyPosition } from "./hcl";
import { isHwsgReport } from "./sources/hwsg-report";
import { parseTerraformJson } from "./sources/json-file";
import { printable } from "./sources/printable";
import { directoryEntries, entryKind, readSourceText, sourceKind, unreadable } from "./sources/source-file";
import { mergeOverrides } from "./sources/override-files";
import { checkTopLevel } from "./sources/top-level";

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
  /**
   * Warnings about reading the files (set on the first document read): files of the directory
   * that were skipped, such as hwsg's own reports. The model's warnings include them.
   */
  readonly warnings?: readonly string[];
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
  const found = findFiles(target, options, false);
  return mergeOverrides(withoutReports(target, found, found.files.map(parseJsonFile)));
}

/**
 * Reads and prepares the Terraform at `target`: a `.tf.json` or `.tf` file, a module directory
 * (its `.tf` and `.tf.json` files, sorted by name), a `cdk.tf.json` or a `cdktf.out` directory.
 * @throws HwsgError when nothing readable is there, or a file is not valid JSON or HCL
 */
export async function loadTerraform(target: string, options: LoadOptions = {}): Promise<TerraformDocument[]> {
  const found = findFiles(target, options, true);
  const documents: TerraformDocument[] = [];
  for (const file of found.files) documents.push(isHcl(file) ? await parseHcl(file) : parseJsonFile(file));
  return prepareDocuments(mergeOverrides(withoutReports(target, found, documents)));
}

/**
 * The documents without hwsg's own reports (a `--json` report saved as `*.tf.json`): skipped
 * with a warning in a directory, an error when the report is the file given.
 */
function withoutReports(target: string, found: FoundFiles, documents: TerraformDocument[]): TerraformDocument[] {
  const reports = documents.filter((d) => isHwsgReport(d.json));
  if (reports.length === 0) return documents;
  const schema = (d: TerraformDocument): string => printable(String(d.json.schema).slice(0, 40));
  if (!found.inDirectory) throw new HwsgError(`${printable(reports[0].file)}: an hwsg report (schema ${schema(reports[0])}), not Terraform: give the Terraform it was made from`);
  const kept = documents.filter((d) => !isHwsgReport(d.json));
  const skipped = reports.map((d) => `${printable(d.file)}: skipped: an hwsg report (schema ${schema(d)}), not Terraform`);
  if (kept.length === 0) throw new HwsgError(`${printable(target)}: no Terraform here: its only ${reports.length === 1 ? "file is an hwsg report" : "files are hwsg reports"} (${reports.map((d) => printable(path.basename(d.file))).join(", ")})`);
  return [{ ...kept[0], warnings: [...(kept[0].warnings ?? []), ...skipped] }, ...kept.slice(1)];
}

/**
 * Parses every template string of the documents (resources, data sources, locals) and every
 * variable type, once per distinct text, with the HCL expression parser.
 * @returns the documents with `expressions` and `types` set
 */
export async function prepareDocuments(documents: readonly TerraformDocument[]): Promise<TerraformDocument[]> {
  return prepareDocumentsSync(documents);
}

/**
 * `prepareDocuments`, synchronously (the parser answers synchronously; see hcl-bridge.ts): what
 * `readDocuments` does to documents not prepared yet, so a cdktf stack read at synth time is
 * prepared exactly as `hwsg check` prepares a `cdk.tf.json`. Plain references, literals and the
 * primitive type names skip the parser, which is started only when a template needs it.
 * @returns the documents with `expressions` and `types` set
 */
export function prepareDocumentsSync(documents: readonly TerraformDocument[]): TerraformDocument[] {
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
        parsed = parsePlainReference(text) ?? parseTemplate(doc.file, text);
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
          type = primitiveType(source) ?? fromTypeAst(expressionAst(doc.file, source), source);
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

/** A JSON-form string parsed as the documents' strings are (a plain reference without the library). */
export function parseJsonString(file: string, text: string): ParsedExpression {
  return parsePlainReference(text) ?? parseTemplate(file, text);
}

/** A JSON-form string parsed by the HCL library; unsupported (invalid) when it is not a valid expression. */
function parseTemplate(file: string, text: string): ParsedExpression {
  try {
    return fromHeredocAst(expressionAst(file, heredocOf(text)), text);
  } catch (e) {
    return { expr: { kind: "unsupported", reason: `is not a valid Terraform expression: ${firstLine((e as Error).message)}`, invalid: true }, display: text };
  }
}

/**
 * A type that is one primitive type name (`string`, `number`, `bool`, `any`: what cdktf writes
 * for a `TerraformVariable`), as the parser's tree converts it — a scope traversal of that name —
 * without starting the parser.
 */
function primitiveType(source: string): Expr | undefined {
  const name = source.trim();
  return name === "string" || name === "number" || name === "bool" || name === "any" ? { kind: "scope", root: name, steps: [] } : undefined;
}

/** Gathers the template strings of resources, data sources, locals, module calls and outputs, and the variables' types (iteratively: any depth). */
function collect(json: Record<string, unknown>, strings: Set<string>, types: Set<string>): void {
  // Only objects and arrays wait on the stack; strings are looked at where they are met (most
  // hold no brace). The order does not matter: the strings form a set.
  const pending: object[] = [];
  const visit = (v: unknown): void => {
    if (typeof v === "string") {
      if (v.includes("{") && isTemplate(v)) strings.add(v);
    } else if (typeof v === "object" && v !== null) pending.push(v);
  };
  for (const section of [json.resource, json.data, json.locals, json.module, json.output]) visit(section);
  while (pending.length > 0) {
    const v = pending.pop()!;
    if (Array.isArray(v)) {
      for (const x of v) visit(x);
    } else {
      const body = v as Record<string, unknown>;
      for (const k in body) if (k !== "//") visit(body[k]);
    }
  }
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

/** The files to read, in reading order, and whether they were found in a directory (not given). */
interface FoundFiles {
  readonly files: string[];
  readonly inDirectory: boolean;
}

/** The files to read at `target`, in reading order. */
function findFiles(target: string, options: LoadOptions, hcl: boolean): FoundFiles {
  const shown = printable(target);
  if (sourceKind(target) === "file") {
    if (options.stack !== undefined) throw new HwsgError(`${shown}: --stack applies only to a cdktf.out directory (with stacks/<name>/cdk.tf.json)`);
    if (isHcl(target) && !hcl) throw new HwsgError(`${shown}: HCL .tf files are read by readTerraform (asynchronously): loadDocuments and readDocuments take the JSON form (.tf.json or cdk.tf.json)`);
    return { files: [target], inDirectory: false };
  }

  const names = directoryEntries(target);
  const stacksDir = path.join(target, "stacks");
  if (names.includes("stacks") && entryKind(stacksDir) === "directory") {
    const stacks = directoryEntries(stacksDir)
      .filter((s) => fs.existsSync(path.join(stacksDir, s, "cdk.tf.json")))
      .sort();
    if (options.stack !== undefined) {
      if (!stacks.includes(options.stack)) throw new HwsgError(`${shown}: no stack ${printable(options.stack)} (stacks: ${printable(stacks.join(", ")) || "none"})`);
      return { files: [path.join(stacksDir, options.stack, "cdk.tf.json")], inDirectory: false };
    }
    if (stacks.length === 1) return { files: [path.join(stacksDir, stacks[0], "cdk.tf.json")], inDirectory: false };
    if (stacks.length > 1) throw new HwsgError(`${shown}: a cdktf output with ${stacks.length} stacks (${printable(stacks.join(", "))}): choose one with --stack`);
  }

  if (options.stack !== undefined) throw new HwsgError(`${shown}: --stack applies only to a cdktf.out directory (with stacks/<name>/cdk.tf.json)`);
  const entries = names.filter((f) => (f.endsWith(".tf.json") || isHcl(f)) && !ignoredByTerraform(f) && isFile(path.join(target, f))).sort();
  const files = hcl ? entries : entries.filter((f) => f.endsWith(".tf.json"));
  if (files.length === 0) {
    if (!hcl && entries.length > 0) throw new HwsgError(`${shown}: no .tf.json file here (its HCL .tf files are read by readTerraform, asynchronously)`);
    throw new HwsgError(`${shown}: no .tf or .tf.json file here`);
  }
  return { files: files.map((f) => path.join(target, f)), inDirectory: true };
}

/**
 * Whether Terraform ignores a file of a module directory: editor files, whose names start with
 * `.` (Emacs lock links `.#main.tf`, which often point nowhere), end with `~`, or start and end
 * with `#`.
 */
function ignoredByTerraform(name: string): boolean {
  return name.startsWith(".") || name.endsWith("~") || (name.startsWith("#") && name.endsWith("#"));
}

/**
 * Whether a directory entry is a file to read (following links): a directory named like one is
 * passed over, as Terraform does.
 * @throws HwsgError naming it when it cannot be read or is neither (a named pipe, a device, a broken link)
 */
function isFile(file: string): boolean {
  const kind = entryKind(file);
  if (kind === "file") return true;
  if (kind === "directory") return false;
  throw unreadable(file, `cannot be read: ${kind.reason}`);
}

/** Reads a Terraform JSON file strictly (see sources/json-file.ts), its top-level keys checked unless it is an hwsg report. */
function parseJsonFile(file: string): TerraformDocument {
  const { value, positionOf } = parseTerraformJson(file, readSourceText(file));
  if (!isHwsgReport(value)) checkTopLevel(file, value, positionOf);
  return { file, json: value };
}

/** Reads an HCL file (see hcl.ts), its top-level blocks checked. */
async function parseHcl(file: string): Promise<TerraformDocument> {
  const text = readSourceText(file);
  const json = await parseHclFile(file, text);
  checkTopLevel(file, json, (key) => topLevelKeyPosition(text, key));
  return { file, json, hcl: true };
}
