/**
 * Text from input files made safe to show in a one-line message: control characters (C0, DEL,
 * C1), the line and paragraph separators, the byte order mark and the bidirectional formatting
 * characters are written as `\u001b` escapes, so that nothing a file holds can move a
 * terminal's cursor, erase a line, start an escape sequence or reorder what is shown.
 */

// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;

/** The text with every control character written as a `\uXXXX` escape. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * A piece of input quoted for a message: in double quotes, control characters, `"` and `\`
 * escaped, cut to `max` characters (`...` marks the cut).
 */
export function quoted(text: string, max = 40): string {
  const cut = text.length > max ? `${text.slice(0, max)}...` : text;
  return `"${printable(cut.replace(/[\\"]/g, (c) => `\\${c}`))}"`;
}
