/**
 * Control characters made visible: whatever the input holds (group ids, expression text, resource
 * names and keys, file names, parser messages), no C0 or C1 control character and no Unicode
 * bidirectional override reaches a terminal. Each is written as a JavaScript-style escape
 * (`\u001b`), which is plain printable ASCII: escaping is idempotent, and inside a JSON string
 * the escape decodes back to the same character, so JSON documents keep their meaning.
 */

/**
 * What is escaped: C0 controls but newline and tab (so `\r` cannot overwrite a line), DEL, C1
 * controls (U+0080–U+009F: `\u009b` is a CSI on many terminals), and the bidirectional
 * embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) that reorder what is shown.
 */
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** The same set plus newline and tab, for text that must stay on one line. */
const CONTROLS_AND_BREAKS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** What JSON.stringify leaves raw in strings but a terminal would act on: DEL, C1, bidi controls. */
const JSON_RAW_CONTROLS = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** `\u001b` for ESC: the code point as four lowercase hex digits. */
function escapeOne(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/**
 * Text safe for a terminal: every control character but newline and tab written as `\u001b`
 * (carriage return included). Idempotent.
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROLS, escapeOne);
}

/**
 * Text safe for a terminal on one line: as `escapeControls`, and newlines and tabs too (`\u000a`),
 * for stderr messages, which are one line each.
 */
export function escapeControlsLine(text: string): string {
  return text.replace(CONTROLS_AND_BREAKS, escapeOne);
}

/**
 * JSON text with DEL, C1 and bidi controls inside strings written as `\u0080` escapes (JSON.stringify
 * escapes C0 itself). The document parses to the same value; only strings can hold these characters.
 */
export function escapeJsonControls(json: string): string {
  return json.replace(JSON_RAW_CONTROLS, escapeOne);
}

/** Whether text holds a character `escapeControls` would escape. */
export function hasControls(text: string): boolean {
  return /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(text);
}
