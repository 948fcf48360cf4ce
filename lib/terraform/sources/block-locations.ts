/**
 * Where each `resource` block is written, and the `hwsg:ignore` notes written with it: a pass
 * over the `.tf` and `.tf.json` files the reader read, after reading, for the reports that point
 * at code (SARIF) and for suppressions written next to the code.
 *
 * - In HCL, a block starts at a line `resource "TYPE" "NAME" {` outside comments, strings and
 *   heredocs (the lexical scan of hcl.ts); its notes are the `#` or `//` comment lines directly
 *   above it (no blank line, no code in between) that hold `hwsg:ignore`.
 * - In Terraform's JSON syntax, a block starts at its `"NAME"` key under `resource` → `"TYPE"`
 *   (an array of objects where the syntax allows one); its notes are the `"//"` key of the block's
 *   body, a string or an array of strings (an object there, like cdktf's metadata, holds none).
 *
 * A Terraform address (`module.app.huaweicloud_networking_secgroup_rule.ssh["a"]`) is mapped to
 * its block by its module path and `TYPE.NAME`: a resource of a module instance is in the
 * module's files, found from the module call's `source` as `terraform init` resolves it
 * (module-sources.ts). Plan and state JSON have no blocks: nothing is found for them.
 */
import * as path from "path";
import { withoutCommentsAndHeredocs } from "../hcl";
import { parseTerraformJson } from "./json-file";
import { JsonTokens, Token } from "./json-tokens";
import { ModuleManifest, moduleSource, readModuleManifest } from "./module-sources";
import { readSourceText } from "./source-file";

/** The text that marks a suppression note. */
export const IGNORE_MARKER = "hwsg:ignore";

/** A note written with a block: the text after `hwsg:ignore`, and where it is written. */
export interface BlockNote {
  /** The text after the marker, trimmed (`HWSG001 public FTP mirror`). */
  readonly text: string;
  readonly file: string;
  /** 1-based. */
  readonly line: number;
}

/** A `resource` block as written. */
export interface BlockSite {
  /** `TYPE.NAME`. */
  readonly resource: string;
  /** The file, as the reader named it. */
  readonly file: string;
  /** The 1-based line the block starts at (its header, or its name key in JSON). */
  readonly line: number;
  /** The `hwsg:ignore` notes written with the block, in the order written. */
  readonly notes: readonly BlockNote[];
}

/** A module call as written: its name, directory and `source`. */
interface ModuleCall {
  readonly directory: string;
  readonly name: string;
  readonly source: unknown;
}

const HEADER = /^[ \t]*(resource|module)[ \t]+(?:"([^"\n]+)"|([A-Za-z_][\w-]*))(?:[ \t]+(?:"([^"\n]+)"|([A-Za-z_][\w-]*)))?[ \t]*\{/gm;
const SOURCE = /^[ \t]*source[ \t]*=[ \t]*"([^"\n]*)"/m;

/** The 1-based line of each offset, by binary search over the line starts. */
function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/** The resource blocks and module calls of an HCL file. */
function hclBlocks(file: string, text: string, sites: BlockSite[], calls: ModuleCall[], stray: BlockNote[]): void {
  const lineOf = lineIndex(text);
  // Line → the text of the `#` / `//` comment that is alone on it (nothing but blanks before).
  const comments = new Map<number, string>();
  // Line → the text after the marker, for every `#` / `//` comment that holds it; those directly above a resource block are taken.
  const marked = new Map<number, string>();
  const code = withoutCommentsAndHeredocs(text, (start, end) => {
    const lineStart = text.lastIndexOf("\n", start - 1) + 1;
    const comment = text.slice(start, end).replace(/^(#|\/\/)/, "").replace(/\r$/, "");
    const note = noteOf(comment);
    if (note !== undefined) marked.set(lineOf(start), note);
    if (text.slice(lineStart, start).trim() === "") comments.set(lineOf(start), comment);
  });
  HEADER.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = HEADER.exec(code))) {
    const first = m[2] ?? m[3];
    const second = m[4] ?? m[5];
    const line = lineOf(m.index + m[0].length - m[0].trimStart().length);
    if (m[1] === "module") {
      if (second !== undefined) continue;
      const body = code.slice(m.index + m[0].length, blockEnd(code, m.index + m[0].length));
      calls.push({ directory: path.dirname(file), name: first, source: SOURCE.exec(body)?.[1] });
      continue;
    }
    if (second === undefined) continue;
    const notes: BlockNote[] = [];
    for (let l = line - 1; comments.has(l); l--) {
      const note = noteOf(comments.get(l)!);
      if (note !== undefined) notes.push({ text: note, file, line: l });
      marked.delete(l);
    }
    notes.reverse();
    sites.push({ resource: `${first}.${second}`, file, line, notes });
  }
  for (const [line, note] of marked) stray.push({ text: note, file, line });
}

/** The offset of the `}` that closes a block whose body starts at `from` (in text without comments), or the end. */
function blockEnd(code: string, from: number): number {
  let depth = 1;
  let inString = false;
  for (let i = from; i < code.length; i++) {
    const c = code[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"' || c === "\n") inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i;
  }
  return code.length;
}

/** The text after the marker, when a comment or `"//"` string holds it. */
function noteOf(text: string): string | undefined {
  const at = text.indexOf(IGNORE_MARKER);
  return at < 0 ? undefined : text.slice(at + IGNORE_MARKER.length).trim();
}

/** The notes of a JSON `"//"` value: a string, or an array of strings. */
function jsonNotes(value: unknown, file: string, line: number): BlockNote[] {
  const texts = typeof value === "string" ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  return texts.flatMap((t) => t.split("\n")).flatMap((t) => {
    const note = noteOf(t);
    return note === undefined ? [] : [{ text: note, file, line }];
  });
}

/**
 * The lines of the keys `resource` → TYPE → NAME (through the arrays of objects the JSON syntax
 * allows between them), and of each such block's `"//"` key (as `TYPE.NAME//`), the first of
 * each, in one pass over the tokens.
 */
function jsonResourceLines(file: string, text: string): Map<string, number> {
  const out = new Map<string, number>();
  const tokens = new JsonTokens(file, text);
  // The open containers: whether each is an object, and the key it is the value of (none in an array).
  const stack: Array<{ readonly object: boolean; readonly key: string | undefined }> = [];
  let key: string | undefined;
  let expectKey = false;
  for (let kind = tokens.next(); kind !== Token.EOF; kind = tokens.next()) {
    if (kind === Token.OpenBrace || kind === Token.OpenBracket) {
      stack.push({ object: kind === Token.OpenBrace, key });
      key = undefined;
      expectKey = kind === Token.OpenBrace;
    } else if (kind === Token.CloseBrace || kind === Token.CloseBracket) {
      stack.pop();
      key = undefined;
      expectKey = false;
    } else if (kind === Token.Comma) {
      expectKey = stack[stack.length - 1]?.object === true;
      key = undefined;
    } else if (kind === Token.String && expectKey) {
      key = tokens.value;
      expectKey = false;
      const named = stack.map((c) => c.key).filter((k): k is string => k !== undefined);
      if (named.length === 2 && named[0] === "resource" && !out.has(`${named[1]}.${key}`)) out.set(`${named[1]}.${key}`, tokens.line());
      // A block's comment: `resource.TYPE.NAME."//"`, kept as `TYPE.NAME//`.
      if (named.length === 3 && named[0] === "resource" && key === "//" && !out.has(`${named[1]}.${named[2]}//`)) out.set(`${named[1]}.${named[2]}//`, tokens.line());
    }
  }
  return out;
}

/** The resource blocks and module calls of a `.tf.json` file. */
function jsonBlocks(file: string, text: string, sites: BlockSite[], calls: ModuleCall[], stray: BlockNote[]): void {
  const value = parseTerraformJson(file, text).value;
  const lines = jsonResourceLines(file, text);
  const taken = new Set<unknown>();
  let lineOf: ((offset: number) => number) | undefined;
  for (const [type, named] of entries(value.resource)) {
    for (const [name, body] of entries(named)) {
      const line = lines.get(`${type}.${name}`) ?? 1;
      const comment = body !== null && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>)["//"] : undefined;
      taken.add(comment);
      sites.push({ resource: `${type}.${name}`, file, line, notes: jsonNotes(comment, file, lines.get(`${type}.${name}//`) ?? line) });
    }
  }
  // Every other "//" that holds the marker: at the top, in a module, a data source, a nested block…
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const v = pending.pop();
    if (v === null || typeof v !== "object") continue;
    if (Array.isArray(v)) pending.push(...v);
    else {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (k === "//" && !taken.has(x)) {
          for (const note of jsonNotes(x, file, 0)) {
            // The line of the note's text as written (escapes aside), else of the first marker.
            const at = text.indexOf(JSON.stringify(note.text).slice(1, -1));
            stray.push({ ...note, line: (lineOf ??= lineIndex(text))(at >= 0 ? at : Math.max(0, text.indexOf(IGNORE_MARKER))) });
          }
        } else pending.push(x);
      }
    }
  }
  for (const [name, body] of entries(value.module)) {
    calls.push({ directory: path.dirname(file), name, source: (body as Record<string, unknown> | null)?.source });
  }
}

/** The members of an object, or of each object of an array of objects; `"//"` left out. */
function entries(value: unknown): Array<[string, unknown]> {
  const objects = Array.isArray(value) ? value : [value];
  const out: Array<[string, unknown]> = [];
  for (const o of objects) {
    if (o === null || typeof o !== "object" || Array.isArray(o)) continue;
    for (const [k, v] of Object.entries(o as Record<string, unknown>)) if (k !== "//") out.push([k, v]);
  }
  return out;
}

/** `module.a[0].module.b.T.N["k"]` → the module names and `T.N`; undefined for anything else. */
export function parseResourceAddress(address: string): { readonly modules: readonly string[]; readonly resource: string } | undefined {
  const key = String.raw`(?:\[(?:\d+|"(?:[^"\\]|\\.)*")\])?`;
  const m = new RegExp(String.raw`^((?:module\.[A-Za-z_][\w-]*${key}\.)*)([A-Za-z_][\w-]*\.[A-Za-z_][\w-]*)${key}$`).exec(address);
  if (!m) return undefined;
  const modules = [...m[1].matchAll(new RegExp(String.raw`module\.([A-Za-z_][\w-]*)${key}\.`, "g"))].map((x) => x[1]);
  return { modules, resource: m[2] };
}

/** The resource blocks of a configuration, found by Terraform address. */
export class BlockLocations {
  private readonly byDirectory = new Map<string, Map<string, BlockSite>>();
  private readonly calls = new Map<string, ModuleCall>();

  constructor(
    /** Every block found, in the order of the files and then as written. */
    readonly sites: readonly BlockSite[],
    /** The `hwsg:ignore` notes written anywhere but with a resource block: they apply to nothing. */
    readonly strayNotes: readonly BlockNote[],
    calls: readonly ModuleCall[],
    private readonly rootDirectory: string,
    private readonly manifest: ModuleManifest,
  ) {
    // Override files (`*_override.tf`) come last, so a block's own file wins.
    const ordered = [...sites].sort((a, b) => Number(isOverride(a.file)) - Number(isOverride(b.file)));
    for (const site of ordered) {
      const dir = path.normalize(path.dirname(site.file));
      const map = this.byDirectory.get(dir) ?? new Map<string, BlockSite>();
      if (!map.has(site.resource)) map.set(site.resource, site);
      this.byDirectory.set(dir, map);
    }
    for (const call of calls) this.calls.set(`${path.normalize(call.directory)}\u0000${call.name}`, call);
  }

  /**
   * The block of a Terraform address (a resource, or a resource instance): in the root module's
   * directory, or in the directory of the module it belongs to. Undefined when it is not an
   * address of a block read (a literal id, a default rule's id, a module not found).
   */
  locate(address: string): BlockSite | undefined {
    const parsed = parseResourceAddress(address);
    if (!parsed) return undefined;
    let dir = path.normalize(this.rootDirectory);
    for (let i = 0; i < parsed.modules.length; i++) {
      const call = this.calls.get(`${dir}\u0000${parsed.modules[i]}`);
      if (!call) return undefined;
      let source;
      try {
        source = moduleSource(call.source, parsed.modules.slice(0, i + 1), call.directory, this.manifest);
      } catch {
        return undefined;
      }
      if (source.kind === "missing") return undefined;
      dir = path.normalize(source.directory);
    }
    return this.byDirectory.get(dir)?.get(parsed.resource);
  }
}

function isOverride(file: string): boolean {
  return /(^|_)override\.tf(\.json)?$/.test(path.basename(file));
}

/**
 * Reads the blocks of the `.tf` and `.tf.json` files among `files` (others, such as a plan's
 * JSON, are skipped). The files have been read by the reader already: a file that cannot be read
 * again now is skipped, never an error.
 * @param rootDirectory the root module's directory @default the directory of the first file
 */
export function readBlockLocations(files: readonly string[], rootDirectory?: string): BlockLocations {
  const sites: BlockSite[] = [];
  const calls: ModuleCall[] = [];
  const stray: BlockNote[] = [];
  for (const file of files) {
    const json = file.endsWith(".tf.json");
    if (!json && !file.endsWith(".tf")) continue;
    try {
      const text = readSourceText(file);
      if (json) jsonBlocks(file, text, sites, calls, stray);
      else hclBlocks(file, text, sites, calls, stray);
    } catch {
      continue;
    }
  }
  const root = rootDirectory ?? path.dirname(files[0] ?? ".");
  let manifest: ModuleManifest = new Map();
  try {
    manifest = readModuleManifest(root);
  } catch {
    // The reader reported a bad manifest already.
  }
  return new BlockLocations(sites, stray, calls, root, manifest);
}
