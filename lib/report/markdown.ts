/**
 * Markdown helpers for pull-request comments (GitHub Flavored Markdown): escaped prose, code
 * spans that survive any content, and tables whose cells cannot break out of their column.
 */

/** Characters escaped with a backslash in Markdown prose (`_` only where it could start or end emphasis). */
const MD_SPECIALS = /[\\`*[\]|~#]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g;

/**
 * Text as Markdown prose: Markdown punctuation backslash-escaped (but `_` between letters or
 * digits, which never starts emphasis: `huaweicloud_compute_instance` stays readable), `&`, `<` and `>` as entities
 * (no HTML gets through), line breaks as spaces. Safe in a table cell and in a list item.
 */
export function mdText(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .trim()
    .replace(MD_SPECIALS, (c) => `\\${c}`)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

/**
 * A code span for a table cell (`` `huaweicloud_compute_instance.web1` ``): fenced with more
 * backticks than the text contains, `|` escaped so the cell does not split, line breaks as spaces.
 */
export function mdCode(text: string): string {
  const flat = text.replace(/\s+/g, " ");
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") || flat === "" ? " " : "";
  return `${fence}${pad}${flat.replace(/\|/g, "\\|")}${pad}${fence}`;
}

/**
 * A GFM table. Cells must already be escaped (`mdText`, `mdCode`); an empty cell is written as a space.
 * @throws Error when a row does not have one cell per header
 */
export function mdTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => (c === "" ? " " : c)).join(" | ")} |`;
  const out = [line(headers), `|${headers.map(() => "---").join("|")}|`];
  for (const row of rows) {
    if (row.length !== headers.length) throw new Error(`markdown table row has ${row.length} cells for ${headers.length} columns`);
    out.push(line(row));
  }
  return out.join("\n");
}
