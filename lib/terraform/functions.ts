/**
 * The Terraform functions the reader evaluates, each as Terraform defines it: toset, tolist,
 * tomap, tostring, tonumber, length, element, lookup, join, concat, merge, flatten, keys, values,
 * format (%s, %d and %% only), cidrsubnet and cidrhost. Any other function yields an unknown
 * value ("function X is not evaluated statically"), never a guess.
 *
 * A value known only after apply (an id, an unknown) makes the result unknown where it would
 * decide it; where it would not (`length([id, id])`, `concat`, `element`, `lookup` of a known
 * key), it passes through.
 */
import { ADDRESS_BITS, formatAddress, parseCidr } from "../core/ip";
import { UnknownValue, findUnknown } from "./unknowns";
import { Resolved, ResourceHandle, canonical, isMap, isReference, isSet, knownAfterApply, makeSet, numberText, sortedKeys, typeName } from "./values";

/** How a function reports an argument Terraform would reject. */
export interface CallSite {
  /** Throws the error naming the field being read, with `message` as what is wrong. */
  invalid(message: string): never;
}

/** A function's implementation: known arguments in, a value (possibly unknown) out. */
type Implementation = (args: readonly Resolved[], site: CallSite, name: string) => Resolved;

/** Thrown inside an implementation when an argument it needs is known only after apply. */
class NotKnown extends Error {
  constructor(readonly value: UnknownValue) {
    super(value.reason);
  }
}

function unknownOf(v: Resolved): UnknownValue {
  if (v instanceof UnknownValue) return v;
  const inner = findUnknown(v);
  if (inner) return inner.unknown;
  return knownAfterApply(v);
}

/** Whether a value is known in full: no unknown, no reference, no resource inside. */
function known(v: Resolved): boolean {
  if (v instanceof UnknownValue || v instanceof ResourceHandle || isReference(v)) return false;
  if (Array.isArray(v)) return v.every(known);
  if (isMap(v)) return Object.values(v).every(known);
  return true;
}

function requireKnown(v: Resolved): void {
  if (!known(v)) throw new NotKnown(unknownOf(firstNotKnown(v) ?? v));
}

function firstNotKnown(v: Resolved): Resolved | undefined {
  if (v instanceof UnknownValue || v instanceof ResourceHandle || isReference(v)) return v;
  if (Array.isArray(v)) {
    for (const x of v) {
      const f = firstNotKnown(x);
      if (f !== undefined) return f;
    }
  }
  if (isMap(v)) {
    for (const x of Object.values(v)) {
      const f = firstNotKnown(x);
      if (f !== undefined) return f;
    }
  }
  return undefined;
}

const isPrimitive = (v: Resolved): v is string | number | boolean => typeof v === "string" || typeof v === "number" || typeof v === "boolean";

/** A primitive converted to a string as Terraform converts it. */
function toStringValue(v: Resolved, site: CallSite, what: string): string {
  if (typeof v === "string") return v;
  if (typeof v === "number") return numberText(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  if (v === null || v === undefined) site.invalid(`${what} is null`);
  if (!known(v)) throw new NotKnown(unknownOf(v));
  return site.invalid(`${what} must be a string, not a ${typeName(v)}`);
}

/** A number (or a decimal string) as Terraform converts it. */
function toNumberValue(v: Resolved, site: CallSite, what: string): number {
  if (typeof v === "number") return v;
  if (typeof v === "string" && /^\s*-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(v)) return Number(v);
  if (v === null || v === undefined) site.invalid(`${what} is null`);
  if (!known(v)) throw new NotKnown(unknownOf(v));
  return site.invalid(`${what} must be a number, not ${typeof v === "string" ? JSON.stringify(v) : `a ${typeName(v)}`}`);
}

function toInteger(v: Resolved, site: CallSite, what: string): number {
  const n = toNumberValue(v, site, what);
  if (!Number.isInteger(n)) site.invalid(`${what} must be a whole number (it is ${numberText(n)})`);
  return n;
}

/** A list, tuple or set argument. */
function sequence(v: Resolved, site: CallSite, what: string, allowSet = true): Resolved[] {
  if (Array.isArray(v)) {
    if (!allowSet && isSet(v)) site.invalid(`${what} must be a list or tuple, not a set`);
    return v;
  }
  if (v instanceof UnknownValue) throw new NotKnown(v);
  return site.invalid(`${what} must be a list${allowSet ? ", tuple or set" : " or tuple"}, not ${v === undefined || v === null ? "null" : `a ${typeName(v)}`}`);
}

function mapArg(v: Resolved, site: CallSite, what: string): { [key: string]: Resolved } {
  if (isMap(v)) return v;
  if (v instanceof UnknownValue) throw new NotKnown(v);
  return site.invalid(`${what} must be a map or object, not ${v === undefined || v === null ? "null" : `a ${typeName(v)}`}`);
}

/** Elements converted to one type as Terraform unifies them: mixed primitives become strings. */
function unify(items: readonly Resolved[], site: CallSite, what: string): Resolved[] {
  const primitives = items.filter(isPrimitive);
  const kinds = new Set(primitives.map((p) => typeof p));
  if (kinds.size > 1 && items.every((x) => isPrimitive(x) || x === null || !known(x))) {
    return items.map((x, i) => (isPrimitive(x) ? toStringValue(x, site, `${what} element ${i}`) : x));
  }
  return [...items];
}

function arity(args: readonly Resolved[], site: CallSite, name: string, min: number, max = min): void {
  if (args.length < min || args.length > max) {
    site.invalid(`${name}() takes ${min === max ? min : max === Infinity ? `at least ${min}` : `${min} to ${max}`} argument${max === 1 ? "" : "s"}, not ${args.length}`);
  }
}

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

const FUNCTIONS: ReadonlyMap<string, Implementation> = new Map<string, Implementation>([
  ["toset", (args, site, name) => {
    arity(args, site, name, 1);
    const items = sequence(args[0], site, "toset's argument");
    items.forEach((x, i) => { if (x === null || x === undefined) site.invalid(`toset's argument element ${i} is null: a set cannot hold null`); });
    // A set's order is the order of its values: not known while a value is not.
    requireKnown(items);
    return makeSet(unify(items, site, "toset's argument"));
  }],
  ["tolist", (args, site, name) => {
    arity(args, site, name, 1);
    return unify(sequence(args[0], site, "tolist's argument"), site, "tolist's argument");
  }],
  ["tomap", (args, site, name) => {
    arity(args, site, name, 1);
    const m = mapArg(args[0], site, "tomap's argument");
    const keys = sortedKeys(m);
    const values = unify(keys.map((k) => m[k]), site, "tomap's argument");
    return Object.fromEntries(keys.map((k, i) => [k, values[i]]));
  }],
  ["tostring", (args, site, name) => {
    arity(args, site, name, 1);
    const v = args[0];
    if (v === null || v === undefined) return null;
    if (isReference(v)) return v;
    if (isPrimitive(v)) return toStringValue(v, site, "tostring's argument");
    if (!known(v)) throw new NotKnown(unknownOf(v));
    return site.invalid(`tostring's argument must be a string, number or bool, not a ${typeName(v)}`);
  }],
  ["tonumber", (args, site, name) => {
    arity(args, site, name, 1);
    const v = args[0];
    if (v === null || v === undefined) return null;
    return toNumberValue(v, site, "tonumber's argument");
  }],
  ["length", (args, site, name) => {
    arity(args, site, name, 1);
    const v = args[0];
    if (typeof v === "string") return [...graphemes.segment(v)].length;
    if (Array.isArray(v)) {
      if (isSet(v)) requireKnown(v); // duplicates collapse: the size depends on the values
      return v.length;
    }
    if (isMap(v)) return Object.keys(v).length;
    if (v instanceof UnknownValue || isReference(v)) throw new NotKnown(unknownOf(v));
    return site.invalid(`length's argument must be a string, list, set or map, not ${v === null || v === undefined ? "null" : `a ${typeName(v)}`}`);
  }],
  ["element", (args, site, name) => {
    arity(args, site, name, 2);
    const list = sequence(args[0], site, "element's list", false);
    if (args[1] instanceof UnknownValue) throw new NotKnown(args[1]);
    const index = toInteger(args[1], site, "element's index");
    if (index < 0) site.invalid(`element's index ${index} is negative`);
    if (list.length === 0) site.invalid("element cannot read from an empty list");
    return list[index % list.length];
  }],
  ["lookup", (args, site, name) => {
    arity(args, site, name, 2, 3);
    const m = mapArg(args[0], site, "lookup's map");
    if (args[1] instanceof UnknownValue) throw new NotKnown(args[1]);
    const key = toStringValue(args[1], site, "lookup's key");
    if (Object.prototype.hasOwnProperty.call(m, key)) return m[key];
    if (args.length === 3) return args[2];
    return site.invalid(`lookup failed to find key ${JSON.stringify(key)} (keys: ${sortedKeys(m).join(", ") || "none"})`);
  }],
  ["join", (args, site, name) => {
    arity(args, site, name, 2, Infinity);
    if (args[0] instanceof UnknownValue) throw new NotKnown(args[0]);
    const separator = toStringValue(args[0], site, "join's separator");
    const parts: string[] = [];
    args.slice(1).forEach((list, l) => {
      sequence(list, site, `join's list ${l + 1}`).forEach((x, i) => {
        if (x === null || x === undefined) site.invalid(`join's list ${l + 1} element ${i} is null`);
        parts.push(toStringValue(x, site, `join's list ${l + 1} element ${i}`));
      });
    });
    return parts.join(separator);
  }],
  ["concat", (args, site, name) => {
    arity(args, site, name, 1, Infinity);
    return args.flatMap((a, i) => sequence(a, site, `concat's argument ${i + 1}`, false));
  }],
  ["merge", (args, site) => {
    const out: { [key: string]: Resolved } = {};
    args.forEach((a, i) => {
      if (a === null || a === undefined) return;
      Object.assign(out, mapArg(a, site, `merge's argument ${i + 1}`));
    });
    return out;
  }],
  ["flatten", (args, site, name) => {
    arity(args, site, name, 1);
    const flat = (items: readonly Resolved[]): Resolved[] =>
      items.flatMap((x) => {
        if (x instanceof UnknownValue) throw new NotKnown(x);
        return Array.isArray(x) ? flat(x) : [x];
      });
    return flat(sequence(args[0], site, "flatten's argument"));
  }],
  ["keys", (args, site, name) => {
    arity(args, site, name, 1);
    return sortedKeys(mapArg(args[0], site, "keys' argument"));
  }],
  ["values", (args, site, name) => {
    arity(args, site, name, 1);
    const m = mapArg(args[0], site, "values' argument");
    return sortedKeys(m).map((k) => m[k]);
  }],
  ["format", (args, site, name) => {
    arity(args, site, name, 1, Infinity);
    if (args[0] instanceof UnknownValue) throw new NotKnown(args[0]);
    const spec = toStringValue(args[0], site, "format's specification");
    let next = 1;
    let out = "";
    const re = /%(.)?/gs;
    let last = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(spec))) {
      out += spec.slice(last, m.index);
      last = re.lastIndex;
      const verb = m[1];
      if (verb === "%") {
        out += "%";
        continue;
      }
      if (verb !== "s" && verb !== "d") {
        throw new NotKnown(new UnknownValue(`the format verb %${verb ?? ""} is not evaluated statically (only %s, %d and %% are)`));
      }
      if (next >= args.length) site.invalid(`format has not enough arguments for %${verb} at position ${next}`);
      const arg = args[next++];
      if (arg === null || arg === undefined) site.invalid(`format's argument ${next - 1} for %${verb} is null`);
      if (verb === "s") out += toStringValue(arg, site, `format's argument ${next - 1}`);
      else out += numberText(toInteger(arg, site, `format's argument ${next - 1} for %d`));
    }
    out += spec.slice(last);
    if (next < args.length) site.invalid(`format has too many arguments: only ${next - 1} used by the specification`);
    return out;
  }],
  ["cidrsubnet", (args, site, name) => {
    arity(args, site, name, 3);
    args.forEach((a) => { if (!known(a)) throw new NotKnown(unknownOf(a)); });
    const prefix = toStringValue(args[0], site, "cidrsubnet's prefix");
    const cidr = parseCidr(prefix);
    if (!cidr) return site.invalid(`cidrsubnet's prefix ${JSON.stringify(prefix)} is not a CIDR block`);
    const newbits = toInteger(args[1], site, "cidrsubnet's newbits");
    const netnum = toInteger(args[2], site, "cidrsubnet's netnum");
    const bits = ADDRESS_BITS[cidr.version];
    if (newbits < 0) site.invalid(`cidrsubnet's newbits ${newbits} is negative`);
    if (cidr.prefix + newbits > bits) site.invalid(`cidrsubnet: insufficient address space to extend prefix of ${cidr.prefix} by ${newbits}`);
    if (netnum < 0 || BigInt(netnum) >= 1n << BigInt(newbits)) site.invalid(`cidrsubnet: prefix extension of ${newbits} does not accommodate a subnet numbered ${netnum}`);
    const length = cidr.prefix + newbits;
    const network = cidr.network | (BigInt(netnum) << BigInt(bits - length));
    return `${formatAddress(cidr.version, network)}/${length}`;
  }],
  ["cidrhost", (args, site, name) => {
    arity(args, site, name, 2);
    args.forEach((a) => { if (!known(a)) throw new NotKnown(unknownOf(a)); });
    const prefix = toStringValue(args[0], site, "cidrhost's prefix");
    const cidr = parseCidr(prefix);
    if (!cidr) return site.invalid(`cidrhost's prefix ${JSON.stringify(prefix)} is not a CIDR block`);
    const hostnum = BigInt(toInteger(args[1], site, "cidrhost's hostnum"));
    const size = 1n << BigInt(ADDRESS_BITS[cidr.version] - cidr.prefix);
    if (hostnum >= size || -hostnum > size) site.invalid(`cidrhost: prefix of ${cidr.prefix} does not accommodate a host numbered ${hostnum}`);
    return formatAddress(cidr.version, cidr.network + (hostnum < 0n ? size + hostnum : hostnum));
  }],
]);

/** The names of the functions the reader evaluates. */
export const SUPPORTED_FUNCTIONS: readonly string[] = [...FUNCTIONS.keys()].sort();

/**
 * Calls a Terraform function.
 * @returns its value; an unknown value for a function not evaluated, or when an argument it
 * needs is not known
 * @throws what `site.invalid` throws, for arguments Terraform would reject
 */
export function callFunction(name: string, args: readonly Resolved[], site: CallSite): Resolved {
  const impl = FUNCTIONS.get(name);
  if (!impl) return new UnknownValue(`the function ${name} is not evaluated statically`);
  try {
    return impl(args, site, name);
  } catch (e) {
    if (e instanceof NotKnown) return e.value;
    throw e;
  }
}

/** Deep equality of two known values, as `==` compares them (no type conversion). */
export function equalValues(a: Resolved, b: Resolved): boolean {
  return canonical(a === undefined ? null : a) === canonical(b === undefined ? null : b);
}
