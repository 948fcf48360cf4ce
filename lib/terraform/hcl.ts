/**
 * HCL through `@cdktf/hcl2json` (HashiCorp's HCL parser compiled to WebAssembly, called
 * synchronously through hcl-bridge.ts): a `.tf` file into Terraform's JSON form, and an
 * expression into its syntax tree. The parser is started on first use, so a reader that meets
 * only literals and plain references never starts it.
 */
import { HwsgError } from "../core/errors";
import { HclAstNode } from "./expression";
import { expressionAstSync, parseHclSync } from "./hcl-bridge";
import { SourcePosition, positionAt } from "./sources/json-file";
import { checkHclNesting, checkValueNesting } from "./sources/nesting";
import { printable } from "./sources/printable";

/**
 * Parses a `.tf` file into Terraform's JSON form, with resources in the order they are written
 * (hcl2json sorts them by type and name; the order matters to the quota and Kai1 effects). Its
 * nesting is checked first, on the text, so the library's recursive parser never meets more
 * than MAX_NESTING_DEPTH levels, and again on the JSON form it returns.
 * @throws HwsgError naming the file (and line) when it is not valid HCL or nests too deeply
 */
export async function parseHclFile(file: string, text: string): Promise<Record<string, unknown>> {
  return parseHclFileSync(file, text);
}

/** `parseHclFile`, synchronously. */
export function parseHclFileSync(file: string, text: string): Record<string, unknown> {
  checkHclNesting(file, text);
  let json: Record<string, unknown>;
  try {
    json = parseHclSync(file, text) as Record<string, unknown>;
  } catch (e) {
    throw new HwsgError(`${printable(file)}: not valid HCL: ${printable(firstLine(String((e as Error)?.message ?? e)))}`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw new HwsgError(`${printable(file)}: not valid HCL`);
  checkValueNesting(`${file} (in its JSON form)`, json);
  if (json.resource && typeof json.resource === "object" && !Array.isArray(json.resource)) {
    json = { ...json, resource: inWrittenOrder(json.resource as Record<string, Record<string, unknown>>, text) };
  }
  return json;
}

/**
 * The syntax tree of an expression (see expression.ts for the shape relied on).
 * @throws Error with the parser's message when it is not a valid expression
 */
export function expressionAst(file: string, expression: string): HclAstNode | null {
  return (expressionAstSync(file, expression) as HclAstNode | null) ?? null;
}

/** The first line of a parser message, without the library's prefix. */
export function firstLine(message: string): string {
  return message.replace(/^parse config: \[?/, "").replace(/^getExpressionAst errors on input string [\s\S]*?': /, "").split("\n")[0].replace(/\]$/, "").trim();
}

/**
 * Where a top-level block or argument named `key` is written: the first line that starts with
 * it, outside comments and heredocs.
 */
export function topLevelKeyPosition(text: string, key: string): SourcePosition | undefined {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const m = new RegExp(`^[ \\t]*(?:${escaped}|"${escaped}")(?=[\\s{="])`, "m").exec(withoutCommentsAndHeredocs(text));
  return m ? positionAt(text, m.index + m[0].length - m[0].trimStart().length) : undefined;
}

/**
 * `{ type: { name: [body] } }` re-ordered as `[{ type: { name: [body] } }, ...]` in the order the
 * `resource "type" "name"` headers appear in the text. A header is found by a line that starts
 * with it, outside comments and heredocs (a commented-out header does not count); resources not
 * found that way (none in practice) keep hcl2json's order, after the rest.
 */
function inWrittenOrder(resources: Record<string, Record<string, unknown>>, text: string): Array<Record<string, Record<string, unknown>>> {
  const position = new Map<string, number>();
  const header = /^[ \t]*resource[ \t]+(?:"([^"\n]+)"|([A-Za-z_][\w-]*))[ \t]+(?:"([^"\n]+)"|([A-Za-z_][\w-]*))[ \t]*\{/gm;
  let m: RegExpExecArray | null;
  const code = withoutCommentsAndHeredocs(text);
  while ((m = header.exec(code))) {
    const key = `${m[1] ?? m[2]}.${m[3] ?? m[4]}`;
    if (!position.has(key)) position.set(key, m.index);
  }
  const all: Array<{ type: string; name: string; body: unknown; at: number; seq: number }> = [];
  for (const [type, named] of Object.entries(resources)) {
    for (const [name, body] of Object.entries(named ?? {})) {
      all.push({ type, name, body, at: position.get(`${type}.${name}`) ?? Number.MAX_SAFE_INTEGER, seq: all.length });
    }
  }
  all.sort((a, b) => a.at - b.at || a.seq - b.seq);
  return all.map((r) => ({ [r.type]: { [r.name]: r.body } }));
}

/**
 * The text with its comments (`#`, `//`, `/* *\/`) and heredoc bodies blanked out (newlines
 * kept, so positions do not move). Quoted strings are kept, and skipped over so that a `#` or a
 * `/*` inside one (or inside a `${...}` within one) does not start a comment. A lexical scan, not
 * a parse: it only has to tell code from comments, strings and heredocs.
 * @param onLineComment called with the offsets of each `#` or `//` comment (from its first
 * character to the end of its line), for readers of comments (block-locations.ts)
 */
export function withoutCommentsAndHeredocs(text: string, onLineComment?: (start: number, end: number) => void): string {
  const out = text.split("");
  const blank = (from: number, to: number): void => {
    for (let k = from; k < to; k++) if (out[k] !== "\n") out[k] = " ";
  };
  // What the scan is in: code (with the depth of its own braces), or a quoted string.
  const stack: Array<{ kind: "code"; depth: number } | { kind: "string" }> = [{ kind: "code", depth: 0 }];
  const heredoc = /<<-?([A-Za-z_][\w-]*)[ \t]*\r?\n/y;
  let i = 0;
  while (i < text.length) {
    const top = stack[stack.length - 1];
    const c = text[i];
    if (top.kind === "string") {
      if (c === "\\") i += 2;
      else if (c === '"' || c === "\n") {
        // A newline ends an unterminated string: recover on the next line.
        stack.pop();
        i++;
      } else if (text.startsWith("$${", i) || text.startsWith("%%{", i)) i += 3;
      else if ((c === "$" || c === "%") && text[i + 1] === "{") {
        stack.push({ kind: "code", depth: 0 });
        i += 2;
      } else i++;
      continue;
    }
    if (c === "#" || (c === "/" && text[i + 1] === "/")) {
      const end = text.indexOf("\n", i);
      const to = end < 0 ? text.length : end;
      onLineComment?.(i, to);
      blank(i, to);
      i = to;
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      const to = end < 0 ? text.length : end + 2;
      blank(i, to);
      i = to;
    } else if (c === '"') {
      stack.push({ kind: "string" });
      i++;
    } else if (c === "{") {
      top.depth++;
      i++;
    } else if (c === "}") {
      if (top.depth === 0 && stack.length > 1) stack.pop();
      else top.depth = Math.max(0, top.depth - 1);
      i++;
    } else if (c === "<" && text[i + 1] === "<") {
      heredoc.lastIndex = i;
      const m = heredoc.exec(text);
      if (!m) {
        i += 2;
        continue;
      }
      // The body runs to the line that holds only the marker (indented, for <<-).
      const start = i + m[0].length;
      const close = new RegExp(`^[ \\t]*${m[1]}[ \\t]*\\r?$`, "m");
      const rest = text.slice(start);
      const found = close.exec(rest);
      const to = found ? start + found.index + found[0].length : text.length;
      blank(start, to);
      i = to;
    } else i++;
  }
  return out.join("");
}
