/**
 * `file` and `templatefile`: a file of the configuration, read relative to the directory of the
 * file the call is written in (see paths.ts), bounded by MAX_FILE_BYTES, and refused as
 * Terraform refuses it (no such file, not a regular file, not UTF-8).
 *
 * A template is evaluated when its interpolations are references to its variables
 * (`${port}`, `${rule.cidr}`, `${cidrs[0]}`); one with directives (`%{ for }`, `%{ if }`) or other
 * expressions is an unknown, never guessed (the HCL template parser is asynchronous and
 * evaluation is not).
 */
import * as fs from "fs";
import { isUtf8 } from "buffer";
import { MAX_FILE_BYTES, MAX_STRING_LENGTH, limitText } from "../limits";
import { resolvePath } from "../paths";
import { UnknownValue } from "../unknowns";
import { Resolved, isMap, numberText } from "../values";
import { CallSite, Implementation, NotKnown, arity, checkString, mapArg, requireKnown, toStringValue } from "./arguments";

/** The file functions by name. */
export const FILE_FUNCTIONS: ReadonlyArray<[string, Implementation]> = [
  ["file", (args, site, name) => {
    arity(args, site, name, 1);
    requireKnown(args[0]);
    return readConfigurationFile(toStringValue(args[0], site, "file's path"), site);
  }],
  ["templatefile", (args, site, name) => {
    arity(args, site, name, 2);
    requireKnown(args[0]);
    const text = readConfigurationFile(toStringValue(args[0], site, "templatefile's path"), site);
    const vars = mapArg(args[1], site, "templatefile's variables");
    return renderTemplate(text, vars, site);
  }],
];

function readConfigurationFile(given: string, site: CallSite): string {
  const file = resolvePath(given, site.file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return site.invalid(`no file exists at ${JSON.stringify(given)}; this function works only with files that are distributed as part of the configuration source code`);
  }
  if (!stat.isFile()) return site.invalid(`${JSON.stringify(given)} is not a regular file`);
  if (stat.size > MAX_FILE_BYTES) return site.limit(`the file ${JSON.stringify(given)} is ${limitText(stat.size)} bytes: the limit is ${limitText(MAX_FILE_BYTES)}`);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    return site.invalid(`cannot read ${JSON.stringify(given)}: ${(e as Error).message.split("\n")[0]}`);
  }
  if (bytes.length > MAX_FILE_BYTES) return site.limit(`the file ${JSON.stringify(given)} is more than ${limitText(MAX_FILE_BYTES)} bytes (the limit)`);
  if (!isUtf8(bytes)) return site.invalid(`contents of ${JSON.stringify(given)} are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded contents`);
  const text = bytes.toString("utf8");
  checkString(site, text.length, `the contents of ${JSON.stringify(given)}`);
  return text;
}

const REFERENCE = /^([A-Za-z_][\w-]*)((?:\.[A-Za-z_][\w-]*|\[\d+\]|\["[^"\\]*"\])*)$/;
const STEP = /\.([A-Za-z_][\w-]*)|\[(\d+)\]|\["([^"\\]*)"\]/g;

/** A template's value with `vars` in scope (see the file comment for what is evaluated). */
function renderTemplate(text: string, vars: { [key: string]: Resolved }, site: CallSite): Resolved {
  const parts: Array<string | Resolved> = [];
  const interpolations: Resolved[] = [];
  let literal = "";
  let i = 0;
  let stripNext = false;
  while (i < text.length) {
    if (text.startsWith("$${", i) || text.startsWith("%%{", i)) {
      literal += text.slice(i + 1, i + 3);
      i += 3;
    } else if (text.startsWith("%{", i)) {
      throw new NotKnown(new UnknownValue("templatefile: a template with directives (%{ ... }) is not evaluated statically"));
    } else if (text.startsWith("${", i)) {
      const close = text.indexOf("}", i + 2);
      if (close < 0) return site.invalid("the template has an unterminated ${ sequence");
      let inner = text.slice(i + 2, close);
      if (inner.startsWith("~")) {
        literal = literal.replace(/\s+$/, "");
        inner = inner.slice(1);
      }
      const strip = inner.endsWith("~");
      if (strip) inner = inner.slice(0, -1);
      parts.push(stripNext ? literal.replace(/^\s+/, "") : literal);
      literal = "";
      const value = templateReference(inner.trim(), vars, site);
      parts.push({ value } as unknown as Resolved);
      interpolations.push(value);
      stripNext = strip;
      i = close + 1;
    } else {
      literal += text[i++];
    }
  }
  parts.push(stripNext ? literal.replace(/^\s+/, "") : literal);
  // A template that is one interpolation and nothing else is its value, of any type.
  if (interpolations.length === 1 && parts.length === 3 && parts[0] === "" && parts[2] === "") return interpolations[0];
  let out = "";
  for (const p of parts) {
    const piece = typeof p === "string" ? p : templateString((p as unknown as { value: Resolved }).value, site);
    if (out.length + piece.length > MAX_STRING_LENGTH) site.limit(`templatefile's result would be longer than ${limitText(MAX_STRING_LENGTH)} characters (the limit)`);
    out += piece;
  }
  checkString(site, out.length, "templatefile's result");
  return out;
}

function templateReference(expression: string, vars: { [key: string]: Resolved }, site: CallSite): Resolved {
  const m = REFERENCE.exec(expression);
  if (!m) throw new NotKnown(new UnknownValue(`templatefile: the template's expression ${JSON.stringify(expression)} is not evaluated statically (only references to the template's variables are)`));
  if (!Object.prototype.hasOwnProperty.call(vars, m[1])) return site.invalid(`vars map does not contain key ${JSON.stringify(m[1])}, referenced in the template`);
  let value: Resolved = vars[m[1]];
  for (const s of m[2].matchAll(STEP)) {
    if (value instanceof UnknownValue) throw new NotKnown(value);
    const key = s[1] ?? s[3];
    if (key !== undefined) {
      if (!isMap(value) || !Object.prototype.hasOwnProperty.call(value, key)) return site.invalid(`the template's ${expression}: no attribute or key ${JSON.stringify(key)}`);
      value = (value as { [key: string]: Resolved })[key];
    } else {
      const index = Number(s[2]);
      if (!Array.isArray(value) || index >= value.length) return site.invalid(`the template's ${expression}: no element ${index}`);
      value = value[index];
    }
  }
  return value;
}

function templateString(v: Resolved, site: CallSite): string {
  if (typeof v === "string") return v;
  if (typeof v === "number") return numberText(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  if (v === null || v === undefined) return site.invalid("the template includes a null value");
  requireKnown(v);
  return site.invalid("the template cannot include a list or map in a string (string required)");
}
