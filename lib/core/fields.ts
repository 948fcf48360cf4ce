/**
 * Checks of single field values shared by the rule, group and address-group models
 * (semantics.md §6). Each throws a ValidationError naming subject, field, value and what is allowed.
 */
import { ValidationError } from "./errors";

/** Where a value comes from, for error messages: a construct path, or `file: resource.address`. */
export type Subject = string;

/** Lowest rule priority number (highest precedence). */
export const MIN_PRIORITY = 1;
/** Highest rule priority number (lowest precedence). */
export const MAX_PRIORITY = 100;
/** Longest description the API takes. */
export const MAX_DESCRIPTION = 255;

/** A string, or a ValidationError. */
export function requireString(subject: Subject, field: string, value: unknown, allowed: string): string {
  if (typeof value !== "string") throw new ValidationError(subject, field, value, allowed);
  return value;
}

/** An optional string. */
export function optionalString(subject: Subject, field: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return requireString(subject, field, value, "must be a string");
}

/** An integer in `[min, max]`, given as a number or a decimal string (Terraform converts both). */
export function integerIn(subject: Subject, field: string, value: unknown, min: number, max: number): number {
  const n = typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < min || n > max) {
    throw new ValidationError(subject, field, value, `must be an integer from ${min} to ${max}`);
  }
  return n;
}

/** A boolean, given as true/false or "true"/"false"; `fallback` when absent. */
export function booleanField(subject: Subject, field: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  throw new ValidationError(subject, field, value, "must be true or false");
}

/** A rule priority, 1–100. */
export function priorityField(subject: Subject, value: unknown, field = "priority"): number {
  return integerIn(subject, field, value, MIN_PRIORITY, MAX_PRIORITY);
}

/** A description: at most 255 characters, no `<` or `>` (seed 004). */
export function descriptionField(subject: Subject, value: unknown, field = "description"): string | undefined {
  const text = optionalString(subject, field, value);
  if (text === undefined) return undefined;
  if (text.length > MAX_DESCRIPTION) {
    throw new ValidationError(subject, field, text, `must be at most ${MAX_DESCRIPTION} characters (it has ${text.length})`);
  }
  if (/[<>]/.test(text)) throw new ValidationError(subject, field, text, "must not contain < or >");
  return text;
}

/** A resource name: 1–64 characters, optionally restricted to a pattern. */
export function nameField(subject: Subject, value: unknown, pattern?: { re: RegExp; allowed: string }, field = "name"): string {
  const text = requireString(subject, field, value, "must be a string of 1 to 64 characters");
  if (text.length < 1 || text.length > 64) {
    throw new ValidationError(subject, field, text, `must be 1 to 64 characters (it has ${text.length})`);
  }
  if (pattern && !pattern.re.test(text)) throw new ValidationError(subject, field, text, pattern.allowed);
  return text;
}
