/**
 * Nesting depth, bounded before anything recurses: on an HCL file's text (before the HCL
 * library, whose parser recurses, sees it) and on a parsed value (HCL's JSON form). Both are
 * iterative, so no input can exhaust the call stack here either.
 */
import { HwsgError } from "../../core/errors";
import { MAX_NESTING_DEPTH } from "./limits";
import { printable } from "./printable";

type Frame = { readonly kind: "code"; readonly template: boolean } | { readonly kind: "string" } | { readonly kind: "heredoc"; readonly marker: string };

const HEREDOC = /<<-?([A-Za-z_][\w-]*)[ \t]*\r?\n/y;

/**
 * The offset in an HCL text where nesting first goes deeper than `limit`, or -1. Counted are
 * open braces, brackets and parentheses, quoted strings, heredocs and the `${ }` / `%{ }`
 * template sequences within them; comments and the literal text of strings and heredocs are
 * skipped. A lexical scan, not a parse: the parser reports whatever else is wrong.
 */
export function hclNestingOverflow(text: string, limit = MAX_NESTING_DEPTH): number {
  const stack: Frame[] = [{ kind: "code", template: false }];
  let i = 0;
  const push = (frame: Frame): boolean => {
    stack.push(frame);
    return stack.length - 1 > limit;
  };
  while (i < text.length) {
    const top = stack[stack.length - 1];
    const c = text[i];
    if (top.kind === "heredoc") {
      // At the start of a line: the closing marker, alone on its line (indented or not), ends the heredoc.
      if (i === 0 || text[i - 1] === "\n") {
        const end = text.indexOf("\n", i);
        if (text.slice(i, end < 0 ? text.length : end).trim() === top.marker) {
          stack.pop();
          i = end < 0 ? text.length : end;
          continue;
        }
      }
      if (text.startsWith("$${", i) || text.startsWith("%%{", i)) i += 3;
      else if ((c === "$" || c === "%") && text[i + 1] === "{") {
        if (push({ kind: "code", template: true })) return i;
        i += 2;
      } else i++;
      continue;
    }
    if (top.kind === "string") {
      if (c === "\\") i += 2;
      else if (c === '"' || c === "\n") {
        stack.pop();
        i++;
      } else if (text.startsWith("$${", i) || text.startsWith("%%{", i)) i += 3;
      else if ((c === "$" || c === "%") && text[i + 1] === "{") {
        if (push({ kind: "code", template: true })) return i;
        i += 2;
      } else i++;
      continue;
    }
    if (c === "#" || (c === "/" && text[i + 1] === "/")) {
      const end = text.indexOf("\n", i);
      i = end < 0 ? text.length : end;
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (c === '"') {
      if (push({ kind: "string" })) return i;
      i++;
    } else if (c === "{" || c === "[" || c === "(") {
      if (push({ kind: "code", template: false })) return i;
      i++;
    } else if (c === "}" || c === "]" || c === ")") {
      // The end of a bracket, or of a template sequence; an unmatched one is the parser's to report.
      if (stack.length > 1 && (top.template ? c === "}" : true)) stack.pop();
      i++;
    } else if (c === "<" && text[i + 1] === "<") {
      HEREDOC.lastIndex = i;
      const m = HEREDOC.exec(text);
      if (m) {
        if (push({ kind: "heredoc", marker: m[1] })) return i;
        i += m[0].length;
      } else i += 2;
    } else i++;
  }
  return -1;
}

/**
 * Checks an HCL file's nesting before it is parsed.
 * @throws HwsgError `file:line: nesting deeper than …` at the first place it goes deeper than MAX_NESTING_DEPTH
 */
export function checkHclNesting(file: string, text: string): void {
  const at = hclNestingOverflow(text);
  if (at < 0) return;
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < at; i = text.indexOf("\n", i + 1)) line++;
  throw new HwsgError(`${printable(file)}:${line}: nesting deeper than ${MAX_NESTING_DEPTH} levels of blocks, brackets, parentheses, strings and templates (the limit hwsg reads; real configurations stay far below it)`);
}

/**
 * Checks the nesting of a parsed value (objects and arrays), iteratively.
 * @param what names the value for the message (`the JSON form of main.tf`)
 * @throws HwsgError when it is deeper than MAX_NESTING_DEPTH
 */
export function checkValueNesting(what: string, value: unknown): void {
  const pending: Array<[unknown, number]> = [[value, 1]];
  while (pending.length > 0) {
    const [v, depth] = pending.pop() as [unknown, number];
    if (typeof v !== "object" || v === null) continue;
    if (depth > MAX_NESTING_DEPTH) throw new HwsgError(`${printable(what)}: nesting deeper than ${MAX_NESTING_DEPTH} levels of objects and arrays (the limit hwsg reads)`);
    for (const x of Array.isArray(v) ? v : Object.values(v)) if (typeof x === "object" && x !== null) pending.push([x, depth + 1]);
  }
}
