/**
 * The bridge to `@cdktf/hcl2json` (HashiCorp's HCL parser compiled to WebAssembly): a `.tf`
 * file into Terraform's JSON form, and an expression into its syntax tree. Both are async. The
 * library is loaded on first use, so the synchronous reader (cdktf synth-time checks) never
 * starts it.
 */
import { HwsgError } from "../core/errors";
import { HclAstNode } from "./expression";

interface Hcl2Json {
  parse(filename: string, contents: string): Promise<Record<string, unknown>>;
  getExpressionAst(filename: string, expression: string): Promise<HclAstNode | null>;
}

let library: Hcl2Json | undefined;

function hcl2json(): Hcl2Json {
  // Required lazily (and untyped: its typings pull in the DOM library): loading it starts the
  // WebAssembly module.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  library ??= require("@cdktf/hcl2json") as Hcl2Json;
  return library;
}

/**
 * Parses a `.tf` file into Terraform's JSON form, with resources in the order they are written
 * (hcl2json sorts them by type and name; the order matters to the quota and Kai1 effects).
 * @throws HwsgError naming the file when it is not valid HCL
 */
export async function parseHclFile(file: string, text: string): Promise<Record<string, unknown>> {
  let json: Record<string, unknown>;
  try {
    json = await hcl2json().parse(file, text);
  } catch (e) {
    throw new HwsgError(`${file}: not valid HCL: ${firstLine((e as Error).message)}`);
  }
  if (typeof json !== "object" || json === null) throw new HwsgError(`${file}: not valid HCL`);
  if (json.resource && typeof json.resource === "object" && !Array.isArray(json.resource)) {
    json = { ...json, resource: inWrittenOrder(json.resource as Record<string, Record<string, unknown>>, text) };
  }
  return json;
}

/**
 * The syntax tree of an expression (see expression.ts for the shape relied on).
 * @throws Error with the parser's message when it is not a valid expression
 */
export async function expressionAst(file: string, expression: string): Promise<HclAstNode | null> {
  return hcl2json().getExpressionAst(file, expression);
}

/** The first line of a parser message, without the library's prefix. */
export function firstLine(message: string): string {
  return message.replace(/^parse config: \[?/, "").replace(/^getExpressionAst errors on input string [\s\S]*?': /, "").split("\n")[0].replace(/\]$/, "").trim();
}

/**
 * `{ type: { name: [body] } }` re-ordered as `[{ type: { name: [body] } }, ...]` in the order the
 * `resource "type" "name"` headers appear in the text. A header is found by a line that starts
 * with it; resources not found that way (none in practice) keep hcl2json's order, after the rest.
 */
function inWrittenOrder(resources: Record<string, Record<string, unknown>>, text: string): Array<Record<string, Record<string, unknown>>> {
  const position = new Map<string, number>();
  const header = /^[ \t]*resource[ \t]+(?:"([^"\n]+)"|([A-Za-z_][\w-]*))[ \t]+(?:"([^"\n]+)"|([A-Za-z_][\w-]*))[ \t]*\{/gm;
  let m: RegExpExecArray | null;
  while ((m = header.exec(text))) {
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
