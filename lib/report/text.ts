/**
 * Plain-text helpers for terminal output: word wrapping with a hanging indent at a fixed width,
 * counts with their noun.
 */

/** The width terminal output is wrapped to. */
export const TEXT_WIDTH = 100;

/**
 * Wraps text at spaces so that no line is longer than `width`, unless one word is. The first
 * line starts with `first`, the others with `rest`.
 * @param width the maximum line length @default TEXT_WIDTH (100)
 */
export function wrap(text: string, first: string, rest: string, width: number = TEXT_WIDTH): string {
  // Only spaces, tabs and newlines separate words: any other character (a carriage return, a
  // control character) stays in the text, where escapeControls makes it visible.
  const words = text.split(/[ \t\n]+/).filter((w) => w !== "");
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of words) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line);
      line = rest + word;
    } else {
      line += (empty ? "" : " ") + word;
    }
    empty = false;
  }
  lines.push(line);
  return lines.map((l) => l.replace(/[ \t]+$/, "")).join("\n");
}

/**
 * `1 error`, `2 errors`, `0 values`.
 * @param plural the plural noun @default the singular plus `s`
 */
export function count(n: number, singular: string, plural: string = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** Items joined with commas, `none` when there is none. */
export function list(items: readonly string[]): string {
  return items.length === 0 ? "none" : items.join(", ");
}
