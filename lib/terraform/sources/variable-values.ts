/**
 * Values for the root module's input variables, found as `terraform plan` finds them, in
 * Terraform's precedence (each later source overrides the earlier ones):
 *
 * 1. `TF_VAR_<name>` environment variables;
 * 2. `terraform.tfvars`, then `terraform.tfvars.json`, in the root module's directory;
 * 3. `*.auto.tfvars` and `*.auto.tfvars.json` there, in lexical order of their names;
 * 4. `--var-file FILE` and `--var NAME=VALUE`, in the order given on the command line.
 *
 * A variable file holds literal values only (Terraform refuses references and function calls
 * there: "Variables not allowed", "Functions may not be called here"). A `--var` or `TF_VAR_`
 * value is a raw string: Terraform takes it as it is for a variable of a primitive type (or no
 * type) and parses it as an HCL expression for a complex type (list, set, map, object, tuple).
 * Which one applies is known only once the variable's declaration is read, so both forms are
 * kept here (the HCL form parsed up front, since the parser is asynchronous).
 */
import * as fs from "fs";
import * as path from "path";
import { HwsgError } from "../../core/errors";
import { parseHclFile } from "../hcl";
import { parseTerraformJson } from "./json-file";
import { readSourceText } from "./source-file";

/** Where a value came from, for messages: a file, `--var`, or `TF_VAR_<name>`. */
export type ValueOrigin = string;

/** One value given for a variable. */
export interface VariableValue {
  /** The variable's name. */
  readonly name: string;
  /** Where it came from: a file path, `--var`, `TF_VAR_name`. */
  readonly origin: ValueOrigin;
  /**
   * A value from a variable file: literal, in Terraform's JSON form (an HCL file's strings keep
   * HCL's `$${` escapes, like a default written in HCL — `hcl` says so).
   */
  readonly value?: unknown;
  /** Whether `value` came from an HCL file. */
  readonly hcl?: boolean;
  /** A raw string from `--var` or `TF_VAR_`. */
  readonly raw?: string;
  /** `raw` parsed as an HCL expression (used for a variable of a complex type). */
  readonly parsed?: { readonly value: unknown } | { readonly error: string };
  /** Whether Terraform refuses the value when no variable of that name is declared (`--var`, `--var-file`). */
  readonly strict: boolean;
  /** Whether the value comes from a file Terraform loads by itself (undeclared names are a warning there). */
  readonly automatic: boolean;
}

/** What the command line and the environment give. */
export interface VariableInputs {
  /** `--var-file` and `--var` options, in the order given. */
  readonly options?: ReadonlyArray<{ readonly kind: "var-file"; readonly file: string } | { readonly kind: "var"; readonly assignment: string }>;
  /** The environment (`TF_VAR_` names are taken from it). @default none */
  readonly environment?: Readonly<Record<string, string | undefined>>;
  /**
   * The root module's directory, where `terraform.tfvars` and `*.auto.tfvars` are looked for.
   * @default none: only the options and the environment are read
   */
  readonly rootDirectory?: string;
}

/** The largest variable file read (a variable file of a real estate is a few kilobytes). */
export const MAX_VARIABLE_FILE_BYTES = 16 * 1024 * 1024;

/**
 * Every value given, in precedence order (a later value for the same name wins).
 * @throws HwsgError naming the file or option for an unreadable or invalid file, a `--var`
 * without `=`, or a reference or function call in a variable file
 */
export async function loadVariableValues(inputs: VariableInputs): Promise<VariableValue[]> {
  const values: VariableValue[] = [];
  for (const [key, raw] of Object.entries(inputs.environment ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!key.startsWith("TF_VAR_") || raw === undefined || key.length === "TF_VAR_".length) continue;
    values.push(await rawValue(key.slice("TF_VAR_".length), raw, key, false));
  }
  if (inputs.rootDirectory !== undefined) {
    for (const file of automaticFiles(inputs.rootDirectory)) values.push(...(await fileValues(file, true)));
  }
  for (const option of inputs.options ?? []) {
    if (option.kind === "var-file") values.push(...(await fileValues(option.file, false)));
    else {
      const eq = option.assignment.indexOf("=");
      if (eq <= 0) throw new HwsgError(`--var ${JSON.stringify(option.assignment)}: a variable is set as NAME=VALUE (--var 'admin_cidr=10.0.0.0/8')`);
      values.push(await rawValue(option.assignment.slice(0, eq).trim(), option.assignment.slice(eq + 1), "--var", true));
    }
  }
  return values;
}

/** The variable files Terraform loads by itself from the root module's directory, in its order. */
export function automaticFiles(directory: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(directory);
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const fixed of ["terraform.tfvars", "terraform.tfvars.json"]) if (names.includes(fixed)) files.push(fixed);
  const auto = names.filter((n) => n.endsWith(".auto.tfvars") || n.endsWith(".auto.tfvars.json")).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return [...files, ...auto].map((n) => path.join(directory, n)).filter((f) => isRegularFile(f));
}

function isRegularFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** A value from `--var` or `TF_VAR_`: the raw string, and its HCL form. */
async function rawValue(name: string, raw: string, origin: string, strict: boolean): Promise<VariableValue> {
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) {
    if (strict) throw new HwsgError(`${origin} ${JSON.stringify(`${name}=…`)}: ${JSON.stringify(name)} is not a valid variable name (letters, digits, _ and -, not starting with a digit)`);
  }
  return { name, origin, raw, parsed: await parseRaw(raw), strict, automatic: false };
}

/** A raw value as Terraform parses it for a complex type: one HCL expression of literals. */
async function parseRaw(raw: string): Promise<{ readonly value: unknown } | { readonly error: string }> {
  try {
    const json = await parseHclFile("<value>", `value = ${raw}\n`);
    const keys = Object.keys(json);
    if (keys.length !== 1 || keys[0] !== "value") return { error: "is not a single value" };
    const problem = notLiteral(json.value);
    return problem ? { error: problem } : { value: json.value };
  } catch (e) {
    return { error: (e as Error).message.replace(/^<value>: not valid HCL: /, "").replace(/<value>:\d+,\d+(-\d+)?: /g, "") };
  }
}

/** The values of a variable file (`.tfvars` in HCL, `.tfvars.json` in JSON). */
async function fileValues(file: string, automatic: boolean): Promise<VariableValue[]> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    throw new HwsgError(`${file}: the variable file cannot be read: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`);
  }
  if (!stat.isFile()) throw new HwsgError(`${file}: a variable file must be a regular file`);
  if (stat.size > MAX_VARIABLE_FILE_BYTES) throw new HwsgError(`${file}: the variable file is ${stat.size} bytes, more than the ${MAX_VARIABLE_FILE_BYTES} read`);
  // The reader of the configuration's own files: strict UTF-8, duplicate keys and nesting refused.
  const text = readSourceText(file);
  const json = file.endsWith(".json");
  let body: Record<string, unknown>;
  if (json) {
    if (!/^\s*\{/.test(text)) throw new HwsgError(`${file}: a variable file in JSON holds one object of variable values`);
    body = parseTerraformJson(file, text).value;
  } else {
    body = await parseHclFile(file, text);
  }
  const out: VariableValue[] = [];
  for (const [name, value] of Object.entries(body)) {
    if (!json) {
      const problem = notLiteral(value);
      if (problem) throw new HwsgError(`${file}: ${name}: ${problem}`);
    }
    out.push({ name, origin: file, value, ...(json ? {} : { hcl: true }), strict: !automatic, automatic });
  }
  return out;
}

/**
 * Why a value parsed from HCL is not a literal (undefined when it is): a template with an
 * interpolation or a directive means a reference or a function call, which Terraform refuses in
 * variable values. `$${` and `%%{` are escapes, not interpolations.
 */
function notLiteral(value: unknown): string | undefined {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const v = pending.pop();
    if (typeof v === "string") {
      if (/(^|[^$])\$\{|(^|[^%])%\{/.test(v)) {
        return `${JSON.stringify(v)} is not a literal value: variables may not be used here, and functions may not be called here (a variable value is a literal)`;
      }
    } else if (Array.isArray(v)) pending.push(...v);
    else if (typeof v === "object" && v !== null) pending.push(...Object.keys(v), ...Object.values(v));
  }
  return undefined;
}

/** The value in force for each name: the last one given. */
export function valuesInForce(values: readonly VariableValue[]): Map<string, VariableValue> {
  const out = new Map<string, VariableValue>();
  for (const v of values) out.set(v.name, v);
  return out;
}
