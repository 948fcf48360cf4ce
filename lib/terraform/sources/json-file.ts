/**
 * A strict reader of Terraform's JSON syntax (`.tf.json`, cdktf's `cdk.tf.json`): RFC 8259 JSON
 * with what HCL's JSON syntax adds on top, in one iterative pass over its tokens (json-tokens.ts).
 *
 * - A key set twice in one object is an error (HCL's JSON syntax: "Duplicate argument",
 *   "Duplicate object attribute"), named with both positions. `JSON.parse` would keep the last
 *   one silently, so `"action": "deny", "action": "allow"` would read as allow.
 * - Nesting deeper than `MAX_NESTING_DEPTH` is an error, found while reading with an explicit
 *   stack, so no depth of input can exhaust the call stack.
 * - Syntax errors are one line, `file:line:column: message`, with the offending text quoted and
 *   escaped (never file text across lines, never a control character). Comments, trailing commas,
 *   single quotes and the like are errors, as in Terraform.
 * - Numbers a JavaScript number cannot hold (`1e400`) keep their text (see written-numbers.ts).
 *
 * A file with nothing to report (nearly every file) is read by `JSON.parse`, after a light scan
 * that proves it loses nothing (json-fast-path.ts); any other file is read by the strict reader
 * here, one pass over the tokens that builds the values as it checks them and names the first
 * thing wrong. On the 63 MB `cdk.tf.json` of a 100,000-rule estate: `JSON.parse` alone 0.34 s
 * of CPU, the fast path 0.58 s, the strict reader 1.6 to 1.8 s.
 */
import { HwsgError } from "../../core/errors";
import { parseWhenClean } from "./json-fast-path";
import { JsonTokens, SourcePosition, Token } from "./json-tokens";
import { MAX_NESTING_DEPTH } from "./limits";
import { printable, quoted } from "./printable";
import { lostInReading, recordWrittenNumber } from "./written-numbers";

export type { SourcePosition } from "./json-tokens";

/** A Terraform JSON file, read. */
export interface ParsedJson {
  /** The top-level value (an object: anything else is an error). */
  readonly value: Record<string, unknown>;
  /** Where a top-level key is written (found when asked: only messages need it). */
  readonly positionOf: (key: string) => SourcePosition | undefined;
}

interface Frame {
  readonly container: Record<string, unknown> | unknown[];
  readonly isArray: boolean;
  /** The object's key whose value is being read. */
  key: string;
  /** Where the container opens: offset, line and column. */
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

const enum Expect {
  Value,
  /** After `[`: a value or `]`. */
  FirstValue,
  /** After `{`: a key or `}`. */
  FirstKey,
  /** After `,` in an object. */
  Key,
  Colon,
  CommaOrClose,
  End,
}

const LITERALS: Readonly<Record<number, unknown>> = { [Token.True]: true, [Token.False]: false, [Token.Null]: null };

/**
 * Reads a Terraform JSON file's text (already decoded, without a byte order mark).
 * @param file the file's name, for messages
 * @throws HwsgError `file:line:column: message` on a syntax error, a duplicate key or nesting deeper than MAX_NESTING_DEPTH
 */
export function parseTerraformJson(file: string, text: string): ParsedJson {
  const value = parseWhenClean(text) ?? parseStrictly(file, text);
  const root = /\S/.exec(text)?.index ?? 0;
  return { value, positionOf: (key) => firstKeyPosition(file, text, root, key) };
}

/**
 * The strict reader itself, without the fast path: one pass over the tokens that builds the
 * values and names the first thing wrong.
 * @throws HwsgError as parseTerraformJson
 */
export function parseStrictly(file: string, text: string): Record<string, unknown> {
  const tokens = new JsonTokens(file, text);
  const stack: Frame[] = [];
  let root: unknown;
  let expect = Expect.Value as Expect;

  const fail = (message: string, at: SourcePosition = tokens.position()): never => {
    throw new HwsgError(`${printable(file)}:${at.line}:${at.column}: ${message}`);
  };
  const syntax = (message: string, at?: SourcePosition): never => fail(`not valid JSON: ${message}`, at);
  const where = (frame: Frame): string => `line ${frame.line}, column ${frame.column}`;

  const emit = (value: unknown, written?: string): void => {
    const top = stack[stack.length - 1];
    if (!top) {
      root = value;
      expect = Expect.End;
      return;
    }
    if (top.isArray) {
      const array = top.container as unknown[];
      if (written !== undefined) recordWrittenNumber(array, array.length, written);
      array.push(value);
    } else {
      const object = top.container as Record<string, unknown>;
      if (written !== undefined) recordWrittenNumber(object, top.key, written);
      if (top.key === "__proto__") Object.defineProperty(object, top.key, { value, enumerable: true, writable: true, configurable: true });
      else object[top.key] = value;
    }
    expect = Expect.CommaOrClose;
  };

  // A container is attached to its parent when opened, so the parent's order of keys is kept.
  const open = (container: Record<string, unknown> | unknown[]): void => {
    if (stack.length >= MAX_NESTING_DEPTH) fail(`nesting deeper than ${MAX_NESTING_DEPTH} levels of objects and arrays (the limit hwsg reads; real configurations stay far below it)`);
    emit(container);
    const isArray = Array.isArray(container);
    stack.push({ container, isArray, key: "", offset: tokens.start, line: tokens.line(), column: tokens.column() });
    expect = isArray ? Expect.FirstValue : Expect.FirstKey;
  };
  const close = (): void => {
    stack.pop();
    expect = stack.length === 0 ? Expect.End : Expect.CommaOrClose;
  };

  for (;;) {
    const kind = tokens.next();
    const top = stack[stack.length - 1];
    if (kind === Token.EOF) {
      if (expect === Expect.End) break;
      if (!top) fail("the file is empty: a Terraform JSON file holds one object");
      syntax(`unexpected end of file: the ${top.isArray ? "array" : "object"} opened at ${where(top)} is not closed`);
    }

    switch (expect) {
      case Expect.End:
        syntax(`unexpected ${tokens.shown()} after the end of the JSON value`);
        break;
      case Expect.FirstKey:
      case Expect.Key:
        if (kind === Token.CloseBrace && expect === Expect.FirstKey) close();
        else if (kind === Token.String) {
          const key = tokens.value;
          const object = top.container as Record<string, unknown>;
          if (Object.prototype.hasOwnProperty.call(object, key)) {
            const first = firstKeyPosition(file, text, top.offset, key);
            fail(`duplicate key ${quoted(key)}${first ? ` (already set at line ${first.line}, column ${first.column})` : ""}: a key may be set only once in an object`);
          }
          top.key = key;
          expect = Expect.Colon;
        } else if (kind === Token.CloseBrace) syntax('unexpected "}" after ",": a trailing comma is not allowed');
        else syntax(`unexpected ${tokens.shown()}: expected a key (a string in double quotes)${expect === Expect.FirstKey ? ' or "}"' : ""}`);
        break;
      case Expect.Colon:
        if (kind !== Token.Colon) syntax(`unexpected ${tokens.shown()}: expected ":" after the key ${quoted(top.key)}`);
        expect = Expect.Value;
        break;
      case Expect.CommaOrClose: {
        const isArray = top.isArray;
        if (kind === Token.Comma) expect = isArray ? Expect.Value : Expect.Key;
        else if (kind === (isArray ? Token.CloseBracket : Token.CloseBrace)) close();
        else syntax(`unexpected ${tokens.shown()}: expected "," or "${isArray ? "]" : "}"}" (the ${isArray ? "array" : "object"} opened at ${where(top)})`);
        break;
      }
      case Expect.FirstValue:
      case Expect.Value:
        if (kind === Token.String) emit(tokens.value);
        else if (kind === Token.OpenBrace) open({});
        else if (kind === Token.OpenBracket) open([]);
        else if (kind === Token.Number) {
          const written = tokens.value;
          const value = Number(written);
          emit(value, lostInReading(value, written) ? written : undefined);
        } else if (kind === Token.True || kind === Token.False || kind === Token.Null) emit(LITERALS[kind]);
        else if (kind === Token.CloseBracket && expect === Expect.FirstValue) close();
        else if (kind === Token.CloseBracket && top?.isArray) syntax('unexpected "]" after ",": a trailing comma is not allowed');
        else syntax(`unexpected ${tokens.shown()}: expected a value (an object, array, string, number, true, false or null)`);
        break;
    }
  }
  if (typeof root !== "object" || root === null || Array.isArray(root)) {
    fail("a Terraform JSON file must hold an object at the top level", { line: 1, column: 1 });
  }
  return root as Record<string, unknown>;
}

/**
 * Where `key` is first written in the object opened at `offset` (only on the error path: a
 * second scan, from the start so lines are counted, iterative like the first).
 */
function firstKeyPosition(file: string, text: string, offset: number, key: string): SourcePosition | undefined {
  const tokens = new JsonTokens(file, text);
  let kind = tokens.next();
  while (kind !== Token.EOF && tokens.start < offset) kind = tokens.next();
  let depth = 0;
  let expectKey = false;
  for (; kind !== Token.EOF; kind = tokens.next()) {
    if (kind === Token.OpenBrace || kind === Token.OpenBracket) {
      depth++;
      expectKey = depth === 1;
    } else if (kind === Token.CloseBrace || kind === Token.CloseBracket) {
      if (--depth === 0) return undefined;
    } else if (kind === Token.Comma) expectKey = depth === 1;
    else if (kind === Token.String && expectKey) {
      if (tokens.value === key) return tokens.position();
      expectKey = false;
    } else expectKey = false;
  }
  return undefined;
}

/** The 1-based line and column of an offset. */
export function positionAt(text: string, offset: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
