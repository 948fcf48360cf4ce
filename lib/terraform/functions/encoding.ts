/**
 * Terraform's encoding functions: jsondecode, jsonencode and yamldecode (YAML 1.2's core
 * schema, as Terraform's decoder reads it, with the `yaml` library). A decoded value nesting
 * deeper than MAX_NESTING_DEPTH, a document whose aliases expand without bound, and an encoded
 * string longer than MAX_STRING_LENGTH are refused.
 */
import { parseDocument } from "yaml";
import { UnknownValue } from "../unknowns";
import { MAX_NESTING_DEPTH, limitText } from "../limits";
import { Resolved, deeperThan, isMap, numberText, sortedKeys } from "../values";
import { CallSite, Implementation, NotKnown, arity, checkCollection, checkString, requireKnown, toStringValue } from "./arguments";

/** How many alias expansions a YAML document may make (a "billion laughs" document makes millions). */
const MAX_YAML_ALIASES = 1000;

/** The encoding functions by name. */
export const ENCODING_FUNCTIONS: ReadonlyArray<[string, Implementation]> = [
  ["jsondecode", (args, site, name) => {
    arity(args, site, name, 1);
    requireKnown(args[0]);
    const text = toStringValue(args[0], site, "jsondecode's argument");
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      return site.invalid(`the argument is not valid JSON: ${(e as Error).message.split("\n")[0]}`);
    }
    return decoded(value, site, "jsondecode's result");
  }],
  ["jsonencode", (args, site, name) => {
    arity(args, site, name, 1);
    requireKnown(args[0]);
    if (deeperThan(args[0], MAX_NESTING_DEPTH)) site.limit(`the value nests deeper than ${limitText(MAX_NESTING_DEPTH)} levels (the limit)`);
    return encode(args[0], site);
  }],
  ["yamldecode", (args, site, name) => {
    arity(args, site, name, 1);
    requireKnown(args[0]);
    const text = toStringValue(args[0], site, "yamldecode's argument");
    const doc = parseDocument(text, { version: "1.2", schema: "core", merge: true, uniqueKeys: true, prettyErrors: false });
    if (doc.errors.length > 0) return site.invalid(`the argument is not valid YAML: ${doc.errors[0].message.split("\n")[0]}`);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
    } catch (e) {
      return site.limit(`the YAML document expands its aliases more than ${limitText(MAX_YAML_ALIASES)} times (the limit): ${(e as Error).message.split("\n")[0]}`);
    }
    return decoded(value === undefined ? null : value, site, "yamldecode's result");
  }],
];

/** A decoded JSON or YAML value, checked: depth, size, and only the types Terraform has. */
function decoded(value: unknown, site: CallSite, what: string): Resolved {
  if (deeperThan(value, MAX_NESTING_DEPTH)) site.limit(`${what} nests deeper than ${limitText(MAX_NESTING_DEPTH)} levels (the limit)`);
  let count = 0;
  const todo: unknown[] = [value];
  while (todo.length > 0) {
    const v = todo.pop();
    count++;
    if (Array.isArray(v)) todo.push(...v);
    else if (isMap(v)) todo.push(...Object.values(v));
    else if (typeof v === "number" && !Number.isFinite(v)) throw new NotKnown(new UnknownValue(`${what} holds ${String(v)}, which Terraform's numbers do not represent`));
    else if (v !== null && typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") {
      throw new NotKnown(new UnknownValue(`${what} holds a value of a type the reader does not convert (${Object.prototype.toString.call(v)})`));
    }
  }
  checkCollection(site, count, what);
  return value as Resolved;
}

/** Go's JSON string escapes beyond JSON's own, which Terraform's jsonencode applies. */
function jsonString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Terraform's jsonencode: keys in lexical order, no spaces, without recursion. */
function encode(value: Resolved, site: CallSite): string {
  const out: string[] = [];
  let length = 0;
  const todo: Array<Resolved | { readonly raw: string }> = [value];
  const raw = (text: string): { readonly raw: string } => Object.freeze(Object.assign(Object.create(null) as object, { raw: text })) as { raw: string };
  const isRaw = (x: unknown): x is { readonly raw: string } => typeof x === "object" && x !== null && Object.getPrototypeOf(x) === null;
  while (todo.length > 0) {
    const x = todo.pop();
    let piece: string;
    if (isRaw(x)) piece = x.raw;
    else if (x === null || x === undefined) piece = "null";
    else if (typeof x === "string") piece = jsonString(x);
    else if (typeof x === "number") piece = numberText(x);
    else if (typeof x === "boolean") piece = x ? "true" : "false";
    else if (Array.isArray(x)) {
      todo.push(raw("]"));
      for (let i = x.length - 1; i >= 0; i--) {
        todo.push(x[i]);
        if (i > 0) todo.push(raw(","));
      }
      piece = "[";
    } else if (isMap(x)) {
      const keys = sortedKeys(x);
      todo.push(raw("}"));
      for (let i = keys.length - 1; i >= 0; i--) {
        todo.push((x as { [key: string]: Resolved })[keys[i]]);
        todo.push(raw(`${i > 0 ? "," : ""}${jsonString(keys[i])}:`));
      }
      piece = "{";
    } else return site.invalid("the value cannot be encoded");
    length += piece.length;
    if (length > 1024 * 1024) checkString(site, length, "jsonencode's result");
    out.push(piece);
  }
  checkString(site, length, "jsonencode's result");
  return out.join("");
}
