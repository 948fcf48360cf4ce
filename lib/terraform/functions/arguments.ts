/**
 * What every function implementation shares: how it reports an argument Terraform rejects or a
 * limit gone past, how an argument not known before apply stops it (the call's value is then
 * unknown), and Terraform's conversions of arguments to strings, numbers, lists and maps.
 */
import { UnknownValue, findUnknown } from "../unknowns";
import { WorkBudget } from "../limits";
import { Resolved, ResourceHandle, isMap, isReference, isSet, knownAfterApply, numberText, typeName } from "../values";

/** Where a function is called: how it reports what Terraform would reject, and the work limits. */
export interface CallSite {
  /** Throws the error naming the field being read, with `message` as what is wrong. */
  invalid(message: string): never;
  /** Throws the error of a limit gone past (which `try` does not catch). */
  limit(message: string): never;
  /** The configuration's work budget. */
  readonly budget: WorkBudget;
  /** The file the call is written in (`file()` reads relative to its directory). */
  readonly file?: string;
}

/** A function's implementation: known arguments in, a value (possibly unknown) out. */
export type Implementation = (args: readonly Resolved[], site: CallSite, name: string) => Resolved;

/** Thrown inside an implementation when an argument it needs is known only after apply. */
export class NotKnown extends Error {
  constructor(readonly value: UnknownValue) {
    super(value.reason);
  }
}

/** The unknown that makes a value not known. */
export function unknownOf(v: Resolved): UnknownValue {
  if (v instanceof UnknownValue) return v;
  const inner = findUnknown(v);
  if (inner) return inner.unknown;
  return knownAfterApply(v);
}

/** The first part of a value not known statically (unknown, reference, resource), found without recursion. */
export function firstNotKnown(v: Resolved): Resolved | undefined {
  const todo: Resolved[] = [v];
  while (todo.length > 0) {
    const x = todo.pop();
    if (x instanceof UnknownValue || x instanceof ResourceHandle || isReference(x)) return x;
    if (Array.isArray(x)) for (let i = x.length - 1; i >= 0; i--) todo.push(x[i]);
    else if (isMap(x)) {
      const values = Object.values(x);
      for (let i = values.length - 1; i >= 0; i--) todo.push(values[i]);
    }
  }
  return undefined;
}

/** Whether a value is known in full: no unknown, no reference, no resource inside. */
export function known(v: Resolved): boolean {
  return firstNotKnown(v) === undefined;
}

/** Stops the function (its value is unknown) when `v` is not known in full. */
export function requireKnown(v: Resolved): void {
  const first = firstNotKnown(v);
  if (first !== undefined) throw new NotKnown(unknownOf(first));
}

/** Whether a value is a string, number or bool. */
export const isPrimitive = (v: Resolved): v is string | number | boolean => typeof v === "string" || typeof v === "number" || typeof v === "boolean";

/** A primitive converted to a string as Terraform converts it. */
export function toStringValue(v: Resolved, site: CallSite, what: string): string {
  if (typeof v === "string") return v;
  if (typeof v === "number") return numberText(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  if (v === null || v === undefined) site.invalid(`${what} is null`);
  if (!known(v)) throw new NotKnown(unknownOf(v));
  return site.invalid(`${what} must be a string, not a ${typeName(v)}`);
}

/** A number (or a decimal string) as Terraform converts it. */
export function toNumberValue(v: Resolved, site: CallSite, what: string): number {
  if (typeof v === "number") return v;
  if (typeof v === "string" && /^\s*-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(v)) return Number(v);
  if (v === null || v === undefined) site.invalid(`${what} is null`);
  if (!known(v)) throw new NotKnown(unknownOf(v));
  return site.invalid(`${what} must be a number, not ${typeof v === "string" ? JSON.stringify(v) : `a ${typeName(v)}`}`);
}

/** A whole number. */
export function toInteger(v: Resolved, site: CallSite, what: string): number {
  const n = toNumberValue(v, site, what);
  if (!Number.isInteger(n)) site.invalid(`${what} must be a whole number (it is ${numberText(n)})`);
  return n;
}

/** A list, tuple or set argument. */
export function sequence(v: Resolved, site: CallSite, what: string, allowSet = true): Resolved[] {
  if (Array.isArray(v)) {
    if (!allowSet && isSet(v)) site.invalid(`${what} must be a list or tuple, not a set`);
    return v;
  }
  if (v instanceof UnknownValue || isReference(v)) throw new NotKnown(unknownOf(v));
  return site.invalid(`${what} must be a list${allowSet ? ", tuple or set" : " or tuple"}, not ${v === undefined || v === null ? "null" : `a ${typeName(v)}`}`);
}

/** A map or object argument. */
export function mapArg(v: Resolved, site: CallSite, what: string): { [key: string]: Resolved } {
  if (isMap(v)) return v;
  if (v instanceof UnknownValue) throw new NotKnown(v);
  return site.invalid(`${what} must be a map or object, not ${v === undefined || v === null ? "null" : `a ${typeName(v)}`}`);
}

/** Elements converted to one type as Terraform unifies them: mixed primitives become strings. */
export function unify(items: readonly Resolved[], site: CallSite, what: string): Resolved[] {
  const kinds = new Set<string>();
  for (const p of items) if (isPrimitive(p)) kinds.add(typeof p);
  if (kinds.size > 1 && items.every((x) => isPrimitive(x) || x === null || !known(x))) {
    return items.map((x, i) => (isPrimitive(x) ? toStringValue(x, site, `${what} element ${i}`) : x));
  }
  return [...items];
}

/** Checks the number of arguments. */
export function arity(args: readonly Resolved[], site: CallSite, name: string, min: number, max = min): void {
  if (args.length < min || args.length > max) {
    site.invalid(`${name}() takes ${min === max ? min : max === Infinity ? `at least ${min}` : `${min} to ${max}`} argument${max === 1 ? "" : "s"}, not ${args.length}`);
  }
}

/** Checks the length of a list about to be built (stops with the limit's error). */
export function checkCollection(site: CallSite, length: number, what: string): void {
  const over = site.budget.collection(length, what);
  if (over) site.limit(over);
}

/** Checks the length of a string about to be built (stops with the limit's error). */
export function checkString(site: CallSite, length: number, what: string): void {
  const over = site.budget.string(length, what);
  if (over) site.limit(over);
}
