/**
 * Markdown helpers for pull-request comments (GitHub Flavored Markdown): escaped prose, code
 * spans that survive any content, and tables whose cells cannot break out of their column.
 * Text from the input is untrusted: control characters are made visible (`\u001b`), and
 * GitHub's autolinks (`https://…`, `www.…`, `user@host.tld`) and `@mentions` are broken with an
 * invisible WORD JOINER (U+2060), so nothing in a report links or notifies anyone.
 */
import { escapeControls } from "./controls";

/** Characters escaped with a backslash in Markdown prose (`_` only where it could start or end emphasis). */
const MD_SPECIALS = /[\\`*[\]|~#]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g;

/**
 * A leading `-`, `+` or `1.`/`1)` escaped: in a list item they would open a nested list (`*`,
 * `#` and `>` are escaped everywhere already).
 */
function escapeBlockStart(text: string): string {
  const ordered = /^(\d{1,9})([.)])(?= |$)/.exec(text);
  if (ordered) return `${ordered[1]}\\${ordered[2]}${text.slice(ordered[0].length)}`;
  return /^[-+]/.test(text) ? `\\${text}` : text;
}

/** U+2060 WORD JOINER: invisible, never a line break, and not a character of a link or an address. */
export const LINK_BREAKER = "\u2060";

/**
 * The places where GitHub would start an autolink or a mention: after the `:` of a URL scheme
 * (`http`, `https`, `ftp`, `mailto`, `xmpp`), after a `www`, and after the `@` of an address
 * or a mention, and after the `#` of an issue reference (`#12`), wherever they are in a word
 * (GitHub links `www.` after `_` too). A WORD JOINER goes there.
 */
const AUTOLINK_STARTS = /(?<=(?:https?|ftp|mailto|xmpp):)|(?<=www)(?=\.)|(?<=@)(?=[A-Za-z0-9_-])|(?<=#)(?=\d)/gi;

/**
 * Text with GitHub's autolink literals, mentions and issue references broken by an invisible
 * WORD JOINER: `https:⁠//example.com`, `www⁠.example.com`, `ops@⁠example.com`, `@⁠team`, `#⁠12`.
 * It reads the same.
 */
export function breakAutolinks(text: string): string {
  return text.replace(AUTOLINK_STARTS, LINK_BREAKER);
}

/**
 * Text as Markdown prose: Markdown punctuation backslash-escaped (but `_` between letters or
 * digits, which never starts emphasis: `huaweicloud_compute_instance` stays readable), `&`, `<`
 * and `>` as entities (no HTML gets through), a leading list or heading marker escaped, line
 * breaks as spaces, control characters as `\u001b`, autolinks and mentions broken. Safe in a
 * table cell, a list item and a paragraph.
 */
export function mdText(text: string): string {
  const flat = escapeControls(text.replace(/\s+/g, " ").trim());
  return breakAutolinks(
    escapeBlockStart(flat.replace(MD_SPECIALS, (c) => `\\${c}`))
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;"),
  );
}

/** A code span fenced with more backticks than the text contains (code spans never link or mention). */
function codeSpan(text: string, inTable: boolean): string {
  const flat = escapeControls(text.replace(/\s+/g, " "));
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") || flat === "" ? " " : "";
  return `${fence}${pad}${inTable ? flat.replace(/\|/g, "\\|") : flat}${pad}${fence}`;
}

/**
 * A code span for a table cell (`` `huaweicloud_compute_instance.web1` ``): fenced with more
 * backticks than the text contains, `|` escaped so the cell does not split (GitHub removes that
 * backslash inside tables), line breaks as spaces, control characters as `\u001b`.
 */
export function mdCode(text: string): string {
  return codeSpan(text, true);
}

/**
 * A code span outside tables (a paragraph, a list item): as `mdCode`, but `|` as is, since a
 * backslash in a code span outside a table would be shown.
 */
export function mdInlineCode(text: string): string {
  return codeSpan(text, false);
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
