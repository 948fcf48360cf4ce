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

/**
 * Where a problem with a field that decides no verdict (a name, a description) goes: thrown as a
 * ValidationError (the constructs refuse to write it), or, given a list, added to it as a
 * warning and the value kept (the reader never aborts a run over such a field).
 */
export type Notes = string[] | undefined;

/** Throws the error, or notes it as a warning when `notes` is given. */
function refuse(notes: Notes, error: ValidationError): void {
  if (!notes) throw error;
  notes.push(`${error.message} (kept: the ${error.field} does not affect matching)`);
}

/** A string as Terraform converts a number or a bool given to a string argument. */
function textOf(value: unknown): string | undefined {
  return typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;
}

/** A description: at most 255 characters, no `<` or `>` (Huawei Cloud "Configuring Security Group Rules", table "Inbound rule parameter description"). */
export function descriptionField(subject: Subject, value: unknown, field = "description", notes?: Notes): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = notes ? textOf(value) : requireString(subject, field, value, "must be a string");
  if (text === undefined) {
    refuse(notes, new ValidationError(subject, field, value, "must be a string"));
    return undefined;
  }
  if (text.length > MAX_DESCRIPTION) {
    refuse(notes, new ValidationError(subject, field, text, `must be at most ${MAX_DESCRIPTION} characters (it has ${text.length})`));
  } else if (/[<>]/.test(text)) refuse(notes, new ValidationError(subject, field, text, "must not contain < or >"));
  return text;
}

/** How a name is limited. */
export interface NameRule {
  /** Characters allowed, and how to say so. */
  readonly re: RegExp;
  readonly allowed: string;
  /** Whether the 64 are counted in UTF-8 bytes (the provider's ValidateString64WithChinese counts bytes). */
  readonly bytes?: boolean;
}

/** The longest name, in characters (or bytes, see NameRule). */
export const MAX_NAME = 64;

/** A resource name: 1–64 characters, optionally restricted to a pattern. */
export function nameField(subject: Subject, value: unknown, pattern?: NameRule, field = "name", notes?: Notes): string {
  const text = notes ? textOf(value) : requireString(subject, field, value, "must be a string of 1 to 64 characters");
  if (text === undefined) {
    refuse(notes, new ValidationError(subject, field, value, "must be a string of 1 to 64 characters"));
    return "";
  }
  const length = pattern?.bytes ? new TextEncoder().encode(text).length : text.length;
  const unit = pattern?.bytes ? "bytes of UTF-8" : "characters";
  if (length < 1 || length > MAX_NAME) {
    refuse(notes, new ValidationError(subject, field, text, `must be 1 to ${MAX_NAME} ${unit} (it has ${length})`));
  } else if (pattern && !pattern.re.test(text)) refuse(notes, new ValidationError(subject, field, text, pattern.allowed));
  return text;
}
