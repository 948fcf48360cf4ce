/**
 * Checks a resource block against the provider schema as `terraform validate` does: arguments
 * and nested blocks the schema does not have, arguments only the provider sets, literal values
 * of the wrong type, missing required arguments, too few or too many nested blocks. The body is
 * the block in Terraform's JSON form (an HCL file as hcl2json writes it); a string holding an
 * expression (`${...}`) has a type only known once evaluated and is not type-checked here.
 *
 * Messages use Terraform's wording ("An argument named "x" is not expected here.", "The argument
 * "x" is required, but no definition was found.", "Inappropriate value for attribute "x": string
 * required."), as the `allowed` part of a ValidationError naming the file, address and field.
 */
import { ValidationError } from "../../core/errors";
import { isTemplate } from "../expression";
import { SchemaBlock, SchemaType } from "./provider-schema";
import { nameSuggestion, shownName } from "./suggest";

/** The meta-arguments every resource block may hold (and `//`, the JSON form's comment). */
export const META_ARGUMENTS: ReadonlySet<string> = new Set(["count", "for_each", "depends_on", "provider", "lifecycle", "provisioner", "connection", "//"]);

/** Where the block is, for messages. */
export interface BlockSite {
  /** `file: address`, as ValidationError subjects are written. */
  readonly subject: string;
  /** A raw value as written (an HCL expression as HCL shows it), for messages. */
  readonly written?: (raw: unknown) => unknown;
}

/**
 * Checks a resource block's body.
 * @throws ValidationError on the first thing `terraform validate` would reject
 */
export function checkResourceBlock(body: Readonly<Record<string, unknown>>, schema: SchemaBlock, site: BlockSite): void {
  checkBody(body, schema, site, "", true);
}

type Body = Readonly<Record<string, unknown>>;

const isObject = (v: unknown): v is Body => typeof v === "object" && v !== null && !Array.isArray(v);

/** A schema block's lists, made once per block (a large configuration checks 100,000 bodies against a few schemas). */
interface CompiledBlock {
  readonly required: readonly string[];
  readonly blockEntries: ReadonlyArray<[string, NonNullable<SchemaBlock["block_types"]>[string]]>;
}

const compiled = new WeakMap<SchemaBlock, CompiledBlock>();

function compiledOf(schema: SchemaBlock): CompiledBlock {
  let c = compiled.get(schema);
  if (!c) {
    c = {
      required: Object.entries(schema.attributes ?? {}).filter(([, a]) => a.required).map(([name]) => name),
      blockEntries: Object.entries(schema.block_types ?? {}),
    };
    compiled.set(schema, c);
  }
  return c;
}

function checkBody(body: Body, schema: SchemaBlock, site: BlockSite, path: string, resource: boolean): void {
  const attributes = schema.attributes ?? {};
  const blockTypes = schema.block_types ?? {};
  const { required, blockEntries } = compiledOf(schema);
  const shown = (raw: unknown): unknown => (deeperThan(raw, SHOWN_DEPTH) ? `(a value nested more than ${SHOWN_DEPTH} levels deep)` : site.written ? site.written(raw) : raw);
  const dynamicLabels = dynamicBlockLabels(body.dynamic);

  // Names first: a misspelt argument is the likeliest cause of any other complaint.
  for (const name of Object.keys(body)) {
    if (name === "//" || name === "dynamic" || (resource && META_ARGUMENTS.has(name))) continue;
    if (Object.prototype.hasOwnProperty.call(attributes, name) || Object.prototype.hasOwnProperty.call(blockTypes, name)) continue;
    const suggestion = nameSuggestion(name, [...Object.keys(attributes), ...Object.keys(blockTypes)]);
    const safe = shownName(name);
    throw new ValidationError(site.subject, path + safe, shown(body[name]), `An argument named "${safe}" is not expected here`, suggestion ? `did you mean "${suggestion}"?` : undefined);
  }
  for (const label of dynamicLabels) {
    if (!Object.prototype.hasOwnProperty.call(blockTypes, label)) {
      const suggestion = nameSuggestion(label, Object.keys(blockTypes));
      const safe = shownName(label);
      throw new ValidationError(site.subject, `${path}dynamic "${safe}"`, shown(body.dynamic), `Blocks of type "${safe}" are not expected here`, suggestion ? `did you mean "${suggestion}"?` : undefined);
    }
  }

  // Values in the order written, then what is missing.
  for (const [name, value] of Object.entries(body)) {
    if (value === undefined || value === null || !Object.prototype.hasOwnProperty.call(attributes, name)) continue;
    const attribute = attributes[name];
    if (!attribute.optional && !attribute.required) {
      throw new ValidationError(site.subject, path + name, shown(value), `Can't configure a value for "${name}": its value will be decided automatically based on the result of applying this configuration`);
    }
    const problem = typeProblem(value, attribute.type);
    if (problem !== undefined) throw new ValidationError(site.subject, path + name, shown(value), `Inappropriate value for attribute "${name}": ${problem}`);
  }
  const missing = required.filter((name) => body[name] === undefined || body[name] === null);
  if (missing.length > 0) {
    // Terraform reports each; one line names the first and the others.
    const others = missing.slice(1).map((m) => `"${m}"`).join(", ");
    throw new ValidationError(site.subject, path + missing[0], undefined, `The argument "${missing[0]}" is required, but no definition was found${others ? ` (nor for ${others})` : ""}`);
  }

  for (const [name, blockType] of blockEntries) {
    const value = body[name];
    const blocks = value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
    blocks.forEach((b, i) => {
      const where = blocks.length > 1 || Array.isArray(value) ? `${path}${name}[${i}]` : path + name;
      if (!isObject(b)) {
        const hint = typeof b === "string" && isTemplate(b) ? `Did you mean to define a block of type "${name}"?` : undefined;
        throw new ValidationError(site.subject, where, shown(b), `An argument named "${name}" is not expected here: "${name}" is a block (a JSON object, or an array of objects)`, hint);
      }
      checkBody(b, blockType.block, site, `${where}.`, false);
    });
    if (dynamicLabels.has(name)) continue; // How many a dynamic block makes is not known here.
    const most = blockType.nesting_mode === "single" ? 1 : blockType.max_items;
    if (blockType.min_items !== undefined && blocks.length < blockType.min_items) {
      throw new ValidationError(site.subject, path + name, blocks.length === 0 ? undefined : `${blocks.length} blocks`, `At least ${blockType.min_items} "${name}" blocks are required`);
    }
    if (most !== undefined && blocks.length > most) {
      throw new ValidationError(site.subject, path + name, `${blocks.length} blocks`, `No more than ${most} "${name}" blocks are allowed`);
    }
  }
}

/** How deep a value a message shows (deeper ones are described, never walked recursively). */
const SHOWN_DEPTH = 32;

/** Whether a value nests deeper than `limit` levels (found without recursion, stopping at the limit). */
export function deeperThan(value: unknown, limit: number): boolean {
  const stack: Array<{ v: unknown; d: number }> = [{ v: value, d: 0 }];
  while (stack.length > 0) {
    const { v, d } = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    if (d >= limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (typeof child === "object" && child !== null) stack.push({ v: child, d: d + 1 });
  }
  return false;
}

/** The labels of the `dynamic` blocks of a body (JSON form: an object, or an array of them, keyed by label). */
const NO_LABELS: ReadonlySet<string> = new Set();

function dynamicBlockLabels(dynamic: unknown): ReadonlySet<string> {
  if (dynamic === undefined || dynamic === null) return NO_LABELS;
  const out = new Set<string>();
  for (const item of Array.isArray(dynamic) ? dynamic : dynamic === undefined || dynamic === null ? [] : [dynamic]) {
    if (isObject(item)) for (const label of Object.keys(item)) if (label !== "//") out.add(label);
  }
  return out;
}

/** A number as Terraform converts a string to one (cty's decimal syntax). */
const NUMBER_TEXT = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/**
 * Why a literal value does not convert to a schema type, in Terraform's words, or undefined
 * when it does (or cannot be told before evaluation: a string holding an expression).
 * Terraform converts numbers and bools to strings, decimal strings to numbers, and
 * "true"/"false"/"1"/"0" to bools.
 */
export function typeProblem(value: unknown, type: SchemaType): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "string" && isTemplate(value)) return undefined;
  if (typeof type === "string") {
    switch (type) {
      case "string":
        return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? undefined : "string required";
      case "number":
        if (typeof value === "number") return undefined;
        return typeof value === "string" && NUMBER_TEXT.test(value) ? undefined : "a number is required";
      case "bool":
        if (typeof value === "boolean") return undefined;
        if (typeof value === "string" && ["true", "false", "1", "0"].includes(value)) return undefined;
        return typeof value === "string" && ["true", "false"].includes(value.toLowerCase()) ? `a bool is required; to convert from string, use lowercase "${value.toLowerCase()}"` : "a bool is required";
      default:
        return undefined; // "dynamic": anything goes.
    }
  }
  const [kind, element] = type;
  if (kind === "list" || kind === "set") {
    if (!Array.isArray(value)) return `${kind} of ${typeName(element)} required`;
    for (let i = 0; i < value.length; i++) {
      const p = typeProblem(value[i], element as SchemaType);
      if (p !== undefined) return `element ${i}: ${p}`;
    }
    return undefined;
  }
  if (kind === "map") {
    if (!isObject(value)) return `map of ${typeName(element)} required`;
    for (const [k, v] of Object.entries(value)) {
      const p = typeProblem(v, element as SchemaType);
      if (p !== undefined) return `element ${JSON.stringify(k)}: ${p}`;
    }
    return undefined;
  }
  return isObject(value) ? undefined : "object required";
}

/** A type as Terraform names it in messages (`list of string`). */
function typeName(type: unknown): string {
  if (typeof type === "string") return type;
  if (Array.isArray(type)) return type[0] === "object" ? "object" : `${type[0]} of ${typeName(type[1])}`;
  return "value";
}
