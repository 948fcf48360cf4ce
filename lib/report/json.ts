/**
 * JSON output: two-space indentation and a trailing newline. Key order is the order the
 * documents are built in (lib/report/schema.ts), never that of the input objects.
 */
import { escapeJsonControls } from "./controls";

/** A JSON value. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * A number JSON cannot hold (`Infinity`, `NaN`) as the string JavaScript writes for it, instead
 * of the `null` JSON.stringify would silently put in its place.
 */
function nonFiniteAsText(_key: string, value: unknown): unknown {
  return typeof value === "number" && !Number.isFinite(value) ? String(value) : value;
}

/**
 * Serializes a JSON document with two-space indentation and a trailing newline. DEL, C1 and
 * bidi control characters in strings are written as `\u0080`-style escapes (JSON.stringify
 * escapes C0 itself), so the text is safe on a terminal and parses to the same value; a
 * non-finite number is written as a string (`"Infinity"`), never as `null`.
 */
export function toJsonText(document: JsonValue | object): string {
  return `${escapeJsonControls(JSON.stringify(document, nonFiniteAsText, 2))}\n`;
}
