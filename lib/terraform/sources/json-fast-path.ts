/**
 * The fast path of the strict JSON reader: for a file with nothing to report (nearly every
 * file), the platform's `JSON.parse` builds the values, and one light scan of the text proves
 * that it lost nothing the strict reader would have reported. When the scan or the parse finds
 * anything at all, the caller reads the file with the strict reader, which names it.
 *
 * The scan, iterative, jumps from quote to quote with `indexOf` and checks:
 * - nesting: no deeper than MAX_NESTING_DEPTH (before `JSON.parse` is called);
 * - numbers: none that a double cannot hold (`1e400`: the strict reader keeps its text);
 * - duplicate keys: it counts the members written in all objects (the colons outside strings).
 *   `JSON.parse` keeps one member per key, so each object it builds has at most as many keys as
 *   members written, and exactly as many when no key repeats: the file is clean when the keys of
 *   all parsed objects add up to the members written.
 *
 * On the 63 MB `cdk.tf.json` of a 100,000-rule estate this takes 0.58 s of CPU, against 0.34 s
 * for `JSON.parse` alone and 1.6 to 1.8 s for the strict reader.
 */
import { MAX_NESTING_DEPTH } from "./limits";
import { lostInReading } from "./written-numbers";

/**
 * The object a JSON text holds, when `JSON.parse` reads it exactly as the strict reader would:
 * an object at the top, no duplicate key, nesting within the limit, every number held by a
 * double. Undefined otherwise (the strict reader then reports what is wrong).
 */
export function parseWhenClean(text: string): Record<string, unknown> | undefined {
  const members = memberCount(text);
  if (members === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  let keys = 0;
  const pending: object[] = [value];
  while (pending.length > 0) {
    const v = pending.pop() as Record<string, unknown> | unknown[];
    if (Array.isArray(v)) {
      for (const child of v) if (typeof child === "object" && child !== null) pending.push(child);
    } else {
      // JSON.parse's objects inherit nothing enumerable: for-in visits their own keys.
      for (const key in v) {
        keys++;
        const child = v[key];
        if (typeof child === "object" && child !== null) pending.push(child);
      }
    }
  }
  return keys === members ? (value as Record<string, unknown>) : undefined;
}

/**
 * The number of members written in all objects; undefined when nesting is too deep, a number
 * is lost in reading, or a string is not closed.
 */
function memberCount(text: string): number | undefined {
  let members = 0;
  let depth = 0;
  const len = text.length;
  let i = 0;
  while (i < len) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // To the closing quote: the next quote not escaped by an odd run of backslashes.
      let j = text.indexOf('"', i + 1);
      for (;;) {
        if (j < 0) return undefined;
        let backslashes = 0;
        while (text.charCodeAt(j - 1 - backslashes) === 0x5c) backslashes++;
        if ((backslashes & 1) === 0) break;
        j = text.indexOf('"', j + 1);
      }
      i = j + 1;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_NESTING_DEPTH) return undefined;
      i++;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
      i++;
    } else if (c === 0x3a) {
      members++;
      i++;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      let j = i + 1;
      let exponent = false;
      for (; j < len; j++) {
        const d = text.charCodeAt(j);
        if (d === 0x65 || d === 0x45) exponent = true;
        else if (!((d >= 0x30 && d <= 0x39) || d === 0x2e || d === 0x2b || d === 0x2d)) break;
      }
      // Only an exponent, or hundreds of digits, can take a number beyond a double.
      if (exponent || j - i > 300) {
        const written = text.slice(i, j);
        if (lostInReading(Number(written), written)) return undefined;
      }
      i = j;
    } else i++;
  }
  return members;
}
