/**
 * JSON output: two-space indentation and a trailing newline. Key order is the order the
 * documents are built in (lib/report/schema.ts), never that of the input objects.
 */

/** A JSON value. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** Serializes a JSON document with two-space indentation and a trailing newline. */
export function toJsonText(document: JsonValue): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
