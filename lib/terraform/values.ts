/**
 * The values expressions evaluate to: Terraform's strings, numbers, bools, null, lists/tuples,
 * sets, maps/objects, plus what the reader keeps symbolic — a reference to a resource's id or
 * an instance's NIC port (known only after apply, but it names what it refers to), a resource
 * itself (so `huaweicloud_networking_secgroup.tier["db"].id` can be followed), and unknowns.
 */
import { UnknownValue } from "./unknowns";

// A resource or data block as the configuration stage gives it to the stages after it (and a
// plan gives one per resource instance): values refer to them, and their instances' each.value is a value.

/** One resource (or data) block. */
export interface ResourceBlock {
  /** The resource type, `huaweicloud_networking_secgroup`. */
  readonly type: string;
  /** The resource name. */
  readonly name: string;
  /** `type.name` (`data.type.name` for a data source). */
  readonly address: string;
  /** The block's body in JSON form (meta-arguments included). */
  readonly body: Record<string, unknown>;
  /** The file it is written in. */
  readonly file: string;
  /** The cdktf construct path, when the file was written by cdktf. */
  readonly constructPath?: string;
  /** Whether the file was written in HCL. */
  readonly hcl: boolean;
}

/** One instance of a resource block. */
export interface ResourceInstance {
  readonly block: ResourceBlock;
  /** `type.name`, `type.name[0]` or `type.name["key"]`. */
  readonly address: string;
  /** `count.index`, for an instance of a counted resource. */
  readonly countIndex?: number;
  /** `each.key` and `each.value`, for an instance of a for_each resource. */
  readonly each?: { readonly key: string; readonly value: Resolved };
}

/** A reference to another object's id, or to an instance's NIC port. */
export type Reference =
  | { readonly ref: "id"; readonly type: string; readonly address: string; readonly data: boolean }
  | { readonly ref: "port"; readonly address: string; readonly nicIndex: number };

/**
 * A resource as a value: the whole resource (`huaweicloud_networking_secgroup.tier`, which is a
 * list or map of instances when it has count or for_each) or one instance of it.
 */
export class ResourceHandle {
  /**
   * @param block the resource or data block
   * @param instance one instance; undefined for the whole resource
   */
  constructor(readonly block: ResourceBlock, readonly instance?: ResourceInstance) {}

  /** The address of the instance, or of the whole resource. */
  get address(): string {
    return this.instance?.address ?? this.block.address;
  }

  /** JSON form, for messages. */
  toJSON(): string {
    return this.address;
  }
}

/** A statically resolved value. `undefined` is an attribute not set. */
export type Resolved =
  | string
  | number
  | boolean
  | null
  | undefined
  | Reference
  | UnknownValue
  | ResourceHandle
  | Resolved[]
  | { [key: string]: Resolved };

const REFERENCE = {
  toJSON(this: Reference): string {
    return this.ref === "id" ? `\${${this.address}.id}` : `\${${this.address}.network[${this.nicIndex}].port}`;
  },
};

/** Makes a reference; it prints as the Terraform expression it stands for. */
export function reference(r: Reference): Reference {
  return Object.assign(Object.create(REFERENCE) as object, r) as Reference;
}

/** Whether a value is a reference. */
export function isReference(v: unknown): v is Reference {
  return typeof v === "object" && v !== null && Object.getPrototypeOf(v) === REFERENCE;
}

/**
 * Sets a key of a map being built. A key written `__proto__` (input may be written by anyone) is
 * an ordinary key, not the object's prototype.
 */
export function putKey(map: { [key: string]: Resolved }, key: string, value: Resolved): void {
  if (key === "__proto__") Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
  else map[key] = value;
}

/** Whether a value is a map or an object (not a list, reference, handle or unknown). */
export function isMap(v: unknown): v is { [key: string]: Resolved } {
  return typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

const SETS = new WeakSet<readonly Resolved[]>();

const WRITTEN_BLOCKS = new WeakMap<object, string>();

/**
 * Marks a map as an object written in a resource's body (a nested block such as `network`): a
 * key it lacks is an attribute the provider computes at apply time, not an error.
 * @param path where it is, for messages: `huaweicloud_compute_instance.web.network[0]`
 */
export function markResourceObject(m: { [key: string]: Resolved }, path: string): void {
  WRITTEN_BLOCKS.set(m, path);
}

/** The path of a map marked by markResourceObject, or undefined for any other value. */
export function resourceObjectPath(v: unknown): string | undefined {
  return typeof v === "object" && v !== null ? WRITTEN_BLOCKS.get(v) : undefined;
}

/** Whether a list value is a set. */
export function isSet(v: unknown): boolean {
  return Array.isArray(v) && SETS.has(v);
}

/**
 * Orders strings as Terraform does (byte-wise on UTF-8, Go's string order) — the order of a
 * set of strings, of a map's keys, and of for_each instances.
 */
export function compareLexical(a: string, b: string): number {
  // UTF-8 byte order is code point order: at the first UTF-16 unit that differs, a surrogate
  // (part of a code point above U+FFFF) sorts after every other unit, and units compare as numbers.
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const sx = x >= 0xd800 && x <= 0xdfff;
    const sy = y >= 0xd800 && y <= 0xdfff;
    if (sx !== sy) return sx ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** A canonical text of a known value, for equality and de-duplication (iterative: any depth). */
export function canonical(v: Resolved): string {
  const out: string[] = [];
  // Values still to write, and the punctuation between them, last first.
  const todo: Array<Resolved | Punctuation> = [v];
  while (todo.length > 0) {
    const x = todo.pop();
    if (x instanceof Punctuation) {
      out.push(x.text);
      continue;
    }
    const item = x as Resolved;
    if (item === undefined) out.push("null");
    else if (item instanceof ResourceHandle) out.push(`resource:${item.address}`);
    else if (item instanceof UnknownValue) out.push("unknown");
    else if (isReference(item)) out.push(`ref:${JSON.stringify(item)}`);
    else if (Array.isArray(item)) {
      todo.push(new Punctuation("]"));
      for (let i = item.length - 1; i >= 0; i--) {
        todo.push(item[i]);
        if (i > 0) todo.push(new Punctuation(","));
      }
      out.push("[");
    } else if (isMap(item)) {
      const keys = Object.keys(item).sort(compareLexical);
      todo.push(new Punctuation("}"));
      for (let i = keys.length - 1; i >= 0; i--) {
        todo.push(item[keys[i]]);
        todo.push(new Punctuation(`${i > 0 ? "," : ""}${JSON.stringify(keys[i])}:`));
      }
      out.push("{");
    } else out.push(JSON.stringify(item));
  }
  return out.join("");
}

/** Punctuation waiting to be written by `canonical` (a class, so no value is mistaken for it). */
class Punctuation {
  constructor(readonly text: string) {}
}

/**
 * Whether a value nests lists and maps deeper than `max` levels (a scalar is level 0, `[1]` level
 * 1), found without recursion; the walk stops at the first path that is too deep.
 */
export function deeperThan(v: unknown, max: number): boolean {
  const todo: Array<[unknown, number]> = [[v, 0]];
  while (todo.length > 0) {
    const [x, depth] = todo.pop()!;
    const children = Array.isArray(x) ? x : isMap(x) ? Object.values(x) : undefined;
    if (!children || children.length === 0) continue;
    if (depth + 1 > max) return true;
    for (const c of children) if (typeof c === "object" && c !== null) todo.push([c, depth + 1]);
  }
  return false;
}

/**
 * Makes a set: duplicates removed; strings in lexical order and numbers in ascending order, as
 * Terraform orders them; other element types keep their first-seen order (Terraform orders them
 * by an internal hash, which the reader does not reproduce).
 */
export function makeSet(items: readonly Resolved[]): Resolved[] {
  const seen = new Map<string, Resolved>();
  for (const item of items) {
    const key = typeof item === "string" ? `s${item}` : canonical(item);
    if (!seen.has(key)) seen.set(key, item);
  }
  const out = [...seen.values()];
  if (out.every((x) => typeof x === "string")) out.sort((a, b) => compareLexical(a as string, b as string));
  else if (out.every((x) => typeof x === "number")) out.sort((a, b) => (a as number) - (b as number));
  SETS.add(out);
  return out;
}

/** Terraform's name of a value's type, for messages. */
export function typeName(v: Resolved): string {
  if (v === null || v === undefined) return "null";
  if (v instanceof UnknownValue) return "unknown value";
  if (v instanceof ResourceHandle) return `resource ${v.address}`;
  if (isReference(v)) return v.ref === "id" ? "id known only after apply" : "NIC port known only after apply";
  if (Array.isArray(v)) return isSet(v) ? "set" : "list";
  if (isMap(v)) return "map";
  return typeof v === "boolean" ? "bool" : typeof v;
}

/** The keys of a map in Terraform's iteration order (lexical). */
export function sortedKeys(m: { readonly [key: string]: Resolved }): string[] {
  return Object.keys(m).sort(compareLexical);
}

/** A number as Terraform writes it in a string (`1`, `1.5`, `-3`). */
export function numberText(n: number): string {
  return Number.isInteger(n) ? n.toFixed(0) : String(n);
}

/** Why a reference (or a resource, or a value holding one) is not known statically. */
export function knownAfterApply(v: Resolved): UnknownValue {
  if (isReference(v)) {
    return new UnknownValue(v.ref === "id" ? `the id of ${v.address} is known only after apply` : `the port of ${v.address}'s network[${v.nicIndex}] is known only after apply`);
  }
  if (v instanceof ResourceHandle) return new UnknownValue(`the resource ${v.address} is known only after apply`);
  return new UnknownValue(`the value ${JSON.stringify(v)} holds ids known only after apply`);
}
