/**
 * `count` and `for_each`: one resource block becomes instances addressed as Terraform addresses
 * them — `type.name` (neither), `type.name[0]` (count), `type.name["key"]` (for_each).
 *
 * Order: count instances by index; for_each instances by key in lexical order (Terraform
 * iterates a map's keys and a set of strings in that order), so the model's configuration order —
 * which the quota and Kai1 effects count in — follows it.
 */
import { ValidationError } from "../core/errors";
import type { ResourceBlock, ResourceInstance } from "./values";
import { LimitExceeded, MAX_INSTANCES_PER_BLOCK, limitText } from "./limits";
import { UnknownValue, findUnknown } from "./unknowns";
import { Resolved, ResourceHandle, compareLexical, isMap, isReference, isSet, knownAfterApply, typeName } from "./values";

export type { ResourceInstance } from "./values";

/** The instances of a block, or why they cannot be known. */
export type Expansion =
  | { readonly known: true; readonly instances: readonly ResourceInstance[]; readonly by?: "count" | "for_each" }
  | { readonly known: false; readonly field: "count" | "for_each"; readonly unknown: UnknownValue };

/** The address of an instance key: `type.name[0]`, `type.name["key"]`. */
export function instanceAddress(address: string, key: number | string): string {
  return `${address}[${typeof key === "number" ? key : JSON.stringify(key)}]`;
}

/** The single instance of a block without count or for_each. */
export function single(block: ResourceBlock): Expansion {
  return { known: true, instances: [{ block, address: block.address }] };
}

const instanceIndexes = new WeakMap<readonly ResourceInstance[], Map<number | string, ResourceInstance>>();

/**
 * The instance with this `count.index` (a number) or `each.key` (a string) among a block's
 * instances, looked up in an index built once per expansion (a reference names one instance of
 * a block that may have thousands).
 */
export function instanceByKey(instances: readonly ResourceInstance[], key: number | string): ResourceInstance | undefined {
  let index = instanceIndexes.get(instances);
  if (!index) {
    index = new Map();
    for (const instance of instances) {
      const k = instance.countIndex ?? instance.each?.key;
      if (k !== undefined && !index.has(k)) index.set(k, instance);
    }
    instanceIndexes.set(instances, index);
  }
  return index.get(key);
}

/**
 * The instances of `count = value`.
 * @param written the expression as written, for messages
 * @throws ValidationError when the value is not a whole number of 0 or more
 */
export function expandCount(block: ResourceBlock, subject: string, written: unknown, value: Resolved): Expansion {
  const unknown = findUnknown(value);
  if (unknown) return { known: false, field: "count", unknown: unknown.unknown };
  if (isReference(value) || value instanceof ResourceHandle) return { known: false, field: "count", unknown: knownAfterApply(value) };
  const n = typeof value === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) {
    throw new ValidationError(subject, "count", written, `must be a whole number of 0 or more (it is ${describe(value)})`);
  }
  if (n > MAX_INSTANCES_PER_BLOCK) throw tooMany(subject, "count", written, n);
  const instances: ResourceInstance[] = [];
  for (let i = 0; i < n; i++) instances.push({ block, address: instanceAddress(block.address, i), countIndex: i });
  return { known: true, instances, by: "count" };
}

/**
 * The instances of `for_each = value`: a map or object (each.key the key, each.value its value)
 * or a set of strings (each.key = each.value).
 * @param written the expression as written, for messages
 * @throws ValidationError for a list or tuple, a set of something else than strings, or null
 */
export function expandForEach(block: ResourceBlock, subject: string, written: unknown, value: Resolved): Expansion {
  if (value instanceof UnknownValue) return { known: false, field: "for_each", unknown: value };
  if (isReference(value)) return { known: false, field: "for_each", unknown: knownAfterApply(value) };
  if (isMap(value)) {
    const keys = Object.keys(value);
    if (keys.length > MAX_INSTANCES_PER_BLOCK) throw tooMany(subject, "for_each", written, keys.length);
    const instances = keys
      .sort(compareLexical)
      .map((key) => ({ block, address: instanceAddress(block.address, key), each: { key, value: value[key] } }));
    return { known: true, instances, by: "for_each" };
  }
  if (Array.isArray(value) && isSet(value)) {
    const unknown = findUnknown(value);
    if (unknown) return { known: false, field: "for_each", unknown: unknown.unknown };
    const after = value.find((v) => isReference(v) || v instanceof ResourceHandle);
    if (after !== undefined) return { known: false, field: "for_each", unknown: knownAfterApply(after) };
    const bad = value.find((v) => typeof v !== "string");
    if (bad !== undefined) {
      throw new ValidationError(subject, "for_each", written, `must be a map, or a set of strings: this set holds a ${typeName(bad)} (${describe(bad)})`);
    }
    if (value.length > MAX_INSTANCES_PER_BLOCK) throw tooMany(subject, "for_each", written, value.length);
    const instances = (value as string[]).map((key) => ({ block, address: instanceAddress(block.address, key), each: { key, value: key } }));
    return { known: true, instances, by: "for_each" };
  }
  if (Array.isArray(value)) {
    throw new ValidationError(subject, "for_each", written, "must be a map, or a set of strings: a list or tuple is not accepted, because its items have no stable key", "convert it with toset(...) or build a map with a for expression");
  }
  throw new ValidationError(subject, "for_each", written, `must be a map, or a set of strings (it is ${value === null || value === undefined ? "null" : `a ${typeName(value)}`})`);
}

/** The error of a count or for_each past MAX_INSTANCES_PER_BLOCK (raised before any instance is made). */
function tooMany(subject: string, field: "count" | "for_each", written: unknown, n: number): LimitExceeded {
  return new LimitExceeded(subject, field, written, `would make ${limitText(n)} instances of one resource block: the limit is ${limitText(MAX_INSTANCES_PER_BLOCK)} (a whole 100,000-rule estate fits in one block)`);
}

function describe(v: Resolved): string {
  if (v instanceof ResourceHandle) return v.address;
  return v === undefined ? "null" : JSON.stringify(v);
}
