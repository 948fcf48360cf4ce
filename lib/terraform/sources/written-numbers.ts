/**
 * The source text of JSON numbers that a JavaScript number cannot hold: `1e400` (read as
 * Infinity) or `1e-400` (read as 0). Terraform keeps such numbers exactly (it reads numbers as
 * arbitrary-precision decimals) and rejects them only where a field needs a smaller number, so
 * the reader keeps them too, and messages can show them as written instead of `null`.
 *
 * A side table keyed by the parsed object or array that holds the number, so the values stay
 * plain JSON (every consumer keeps working with numbers) and nothing is kept once the document
 * is gone.
 */
import { ValidationError } from "../../core/errors";

const written = new WeakMap<object, Map<string | number, string>>();

/** Records that `container[key]` was written as `text` (called by the JSON reader). */
export function recordWrittenNumber(container: object, key: string | number, text: string): void {
  let keys = written.get(container);
  if (!keys) written.set(container, (keys = new Map()));
  keys.set(key, text);
}

/**
 * How the number at `container[key]` was written, when a JavaScript number does not hold it
 * (`"1e400"`); undefined for every other value.
 * @param container the parsed object or array (a resource body, a nested block, a list)
 * @param key the property name, or the index in an array
 */
export function writtenNumber(container: unknown, key: string | number): string | undefined {
  return typeof container === "object" && container !== null ? written.get(container)?.get(key) : undefined;
}

/**
 * Whether the number `value`, read from `text`, is not what was written: not finite, or zero
 * from a text with a non-zero digit before its exponent.
 */
export function lostInReading(value: number, text: string): boolean {
  return !Number.isFinite(value) || (value === 0 && /[1-9]/.test(text.split(/[eE]/)[0]));
}

/**
 * A value that messages show as `text`, unquoted (`describeValue` falls back to `String` for
 * what `JSON.stringify` leaves out).
 */
function shownAs(text: string): unknown {
  return { toJSON: (): undefined => undefined, toString: (): string => text };
}

/**
 * The number written at a field path (`priority`, `network[0].port`) of a block's body, when a
 * JavaScript number does not hold it.
 */
export function writtenNumberAt(body: Record<string, unknown>, field: string): string | undefined {
  const steps = field.split(/\.|\[(\d+)\]/).filter((s) => s !== undefined && s !== "");
  let container: unknown = body;
  for (let i = 0; i < steps.length; i++) {
    const key = Array.isArray(container) ? Number(steps[i]) : steps[i];
    if (i === steps.length - 1) return writtenNumber(container, key);
    if (typeof container !== "object" || container === null) return undefined;
    container = (container as Record<string | number, unknown>)[key];
  }
  return undefined;
}

/**
 * The error to throw instead of `error` so that it shows the number as written: a
 * `ValidationError` about a field of `body` whose number a JavaScript number does not hold
 * (`priority 1e400 is invalid`, not `priority null`). Any other error is returned as it is.
 */
export function withNumberAsWritten(error: unknown, body: Record<string, unknown>): unknown {
  if (!(error instanceof ValidationError) || typeof error.value !== "number") return error;
  const text = writtenNumberAt(body, error.field);
  return text === undefined ? error : new ValidationError(error.subject, error.field, shownAs(text), error.allowed, error.hint);
}
