/**
 * A strict reader of Terraform's JSON syntax (`.tf.json`, cdktf's `cdk.tf.json`): RFC 8259 JSON
 * with what HCL's JSON syntax adds on top, in one iterative pass over jsonc-parser's scanner.
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
 * One pass that builds the values as it checks them, rather than a check followed by
 * `JSON.parse`: the scanner already decodes every string, so building costs little more than
 * checking, duplicates are found by the object being built, and the positions of the top-level
 * keys come free.
 */
import { createScanner } from "jsonc-parser";
import { HwsgError } from "../../core/errors";
import { MAX_NESTING_DEPTH } from "./limits";
import { printable, quoted } from "./printable";
import { lostInReading, recordWrittenNumber } from "./written-numbers";

/** A position in a file, 1-based. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** A Terraform JSON file, read. */
export interface ParsedJson {
  /** The top-level value (an object: anything else is an error). */
  readonly value: Record<string, unknown>;
  /** Where each top-level key is written. */
  readonly keyPositions: ReadonlyMap<string, SourcePosition>;
}

interface Frame {
  readonly container: Record<string, unknown> | unknown[];
  /** The object's key whose value is being read. */
  key: string;
  readonly offset: number;
  readonly at: SourcePosition;
}

/** jsonc-parser's `SyntaxKind` values (its const enum cannot be imported under isolatedModules). */
const SyntaxKind = {
  OpenBraceToken: 1,
  CloseBraceToken: 2,
  OpenBracketToken: 3,
  CloseBracketToken: 4,
  CommaToken: 5,
  ColonToken: 6,
  NullKeyword: 7,
  TrueKeyword: 8,
  FalseKeyword: 9,
  StringLiteral: 10,
  NumericLiteral: 11,
  LineCommentTrivia: 12,
  BlockCommentTrivia: 13,
  LineBreakTrivia: 14,
  Trivia: 15,
  EOF: 17,
} as const;

/** jsonc-parser's `ScanError` values. */
const ScanError = {
  None: 0,
  UnexpectedEndOfString: 2,
  UnexpectedEndOfNumber: 3,
  InvalidUnicode: 4,
  InvalidEscapeCharacter: 5,
  InvalidCharacter: 6,
} as const;

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

const LITERALS: Readonly<Record<number, unknown>> = {
  [SyntaxKind.TrueKeyword]: true,
  [SyntaxKind.FalseKeyword]: false,
  [SyntaxKind.NullKeyword]: null,
};

/**
 * Reads a Terraform JSON file's text (already decoded, without a byte order mark).
 * @param file the file's name, for messages
 * @throws HwsgError `file:line:column: message` on a syntax error, a duplicate key or nesting deeper than MAX_NESTING_DEPTH
 */
export function parseTerraformJson(file: string, text: string): ParsedJson {
  const scanner = createScanner(text, false);
  const stack: Frame[] = [];
  const keyPositions = new Map<string, SourcePosition>();
  let root: unknown;
  let expect = Expect.Value as Expect;

  const position = (): SourcePosition => ({ line: scanner.getTokenStartLine() + 1, column: scanner.getTokenStartCharacter() + 1 });
  const fail = (message: string, at: SourcePosition = position()): never => {
    throw new HwsgError(`${printable(file)}:${at.line}:${at.column}: ${message}`);
  };
  const syntax = (message: string, at?: SourcePosition): never => fail(`not valid JSON: ${message}`, at);
  const token = (): string => shown(text, scanner.getTokenOffset(), scanner.getTokenLength());
  const where = (frame: Frame): string => `line ${frame.at.line}, column ${frame.at.column}`;

  const emit = (value: unknown, text?: string): void => {
    const top = stack[stack.length - 1];
    if (!top) {
      root = value;
      expect = Expect.End;
      return;
    }
    if (Array.isArray(top.container)) {
      if (text !== undefined) recordWrittenNumber(top.container, top.container.length, text);
      top.container.push(value);
    } else {
      if (text !== undefined) recordWrittenNumber(top.container, top.key, text);
      if (top.key === "__proto__") Object.defineProperty(top.container, top.key, { value, enumerable: true, writable: true, configurable: true });
      else top.container[top.key] = value;
    }
    expect = Expect.CommaOrClose;
  };

  const open = (container: Record<string, unknown> | unknown[]): void => {
    if (stack.length >= MAX_NESTING_DEPTH) fail(`nesting deeper than ${MAX_NESTING_DEPTH} levels of objects and arrays (the limit hwsg reads; real configurations stay far below it)`);
    const frame: Frame = { container, key: "", offset: scanner.getTokenOffset(), at: position() };
    emitContainer(frame);
  };
  // A container is attached to its parent when opened, so the parent's order of keys is kept.
  const emitContainer = (frame: Frame): void => {
    emit(frame.container);
    stack.push(frame);
    expect = Array.isArray(frame.container) ? Expect.FirstValue : Expect.FirstKey;
  };
  const close = (): void => {
    stack.pop();
    expect = stack.length === 0 ? Expect.End : Expect.CommaOrClose;
  };

  for (;;) {
    const kind = scanner.scan();
    if (kind === SyntaxKind.Trivia || kind === SyntaxKind.LineBreakTrivia) continue;
    if (kind === SyntaxKind.LineCommentTrivia || kind === SyntaxKind.BlockCommentTrivia) {
      syntax('comments are not allowed (Terraform\'s JSON syntax takes a "//" property as a comment)');
    }
    const error = scanner.getTokenError();
    if (error !== ScanError.None) syntax(scanErrorMessage(error, text, scanner.getTokenOffset(), scanner.getTokenLength()), errorPosition(error, text, scanner.getTokenOffset(), position()));
    const top = stack[stack.length - 1];

    if (kind === SyntaxKind.EOF) {
      if (expect === Expect.End) break;
      if (!top) fail("the file is empty: a Terraform JSON file holds one object");
      syntax(`unexpected end of file: the ${Array.isArray(top.container) ? "array" : "object"} opened at ${where(top)} is not closed`);
    }

    switch (expect) {
      case Expect.End:
        syntax(`unexpected ${token()} after the end of the JSON value`);
        break;
      case Expect.FirstKey:
      case Expect.Key:
        if (kind === SyntaxKind.CloseBraceToken && expect === Expect.FirstKey) close();
        else if (kind === SyntaxKind.StringLiteral) {
          const key = scanner.getTokenValue();
          const object = top.container as Record<string, unknown>;
          if (Object.prototype.hasOwnProperty.call(object, key)) {
            const first = firstKeyPosition(text, top.offset, key);
            fail(`duplicate key ${quoted(key)}${first ? ` (already set at line ${first.line}, column ${first.column})` : ""}: a key may be set only once in an object`);
          }
          if (stack.length === 1) keyPositions.set(key, position());
          top.key = key;
          expect = Expect.Colon;
        } else if (kind === SyntaxKind.CloseBraceToken) syntax('unexpected "}" after ",": a trailing comma is not allowed');
        else syntax(`unexpected ${token()}: expected a key (a string in double quotes)${expect === Expect.FirstKey ? ' or "}"' : ""}`);
        break;
      case Expect.Colon:
        if (kind !== SyntaxKind.ColonToken) syntax(`unexpected ${token()}: expected ":" after the key ${quoted(top.key)}`);
        expect = Expect.Value;
        break;
      case Expect.CommaOrClose: {
        const isArray = Array.isArray(top.container);
        if (kind === SyntaxKind.CommaToken) expect = isArray ? Expect.Value : Expect.Key;
        else if (kind === (isArray ? SyntaxKind.CloseBracketToken : SyntaxKind.CloseBraceToken)) close();
        else syntax(`unexpected ${token()}: expected "," or "${isArray ? "]" : "}"}" (the ${isArray ? "array" : "object"} opened at ${where(top)})`);
        break;
      }
      case Expect.FirstValue:
      case Expect.Value:
        if (kind === SyntaxKind.OpenBraceToken) open({});
        else if (kind === SyntaxKind.OpenBracketToken) open([]);
        else if (kind === SyntaxKind.StringLiteral) emit(scanner.getTokenValue());
        else if (kind === SyntaxKind.NumericLiteral) {
          const written = scanner.getTokenValue();
          const value = Number(written);
          emit(value, lostInReading(value, written) ? written : undefined);
        } else if (kind in LITERALS) emit(LITERALS[kind]);
        else if (kind === SyntaxKind.CloseBracketToken && expect === Expect.FirstValue) close();
        else if (kind === SyntaxKind.CloseBracketToken && expect === Expect.Value && top && Array.isArray(top.container)) syntax('unexpected "]" after ",": a trailing comma is not allowed');
        else syntax(`unexpected ${token()}: expected a value (an object, array, string, number, true, false or null)`);
        break;
    }
  }
  if (typeof root !== "object" || root === null || Array.isArray(root)) {
    fail("a Terraform JSON file must hold an object at the top level", { line: 1, column: 1 });
  }
  return { value: root as Record<string, unknown>, keyPositions };
}

/** A token for a message: a string as written (escaped), anything else quoted. */
function shown(text: string, offset: number, length: number): string {
  if (text[offset] !== '"') return quoted(text.substr(offset, Math.min(length, 41)));
  const written = text.substr(offset, Math.min(length, 41));
  return printable(length > 41 ? `${written}..."` : written);
}

/** The message of a scanner error in the token at `offset`. */
function scanErrorMessage(error: number, text: string, offset: number, length: number): string {
  const token = shown(text, offset, length);
  switch (error) {
    case ScanError.InvalidCharacter: {
      const c = controlCharacterIn(text, offset, length);
      return `a control character (${quoted(c < 0 ? "" : text[c])}) in a string: write it as an escape such as \\u${(c < 0 ? 0 : text.charCodeAt(c)).toString(16).padStart(4, "0")}`;
    }
    case ScanError.UnexpectedEndOfString:
      return `the string ${token} is not closed before the end of its line`;
    case ScanError.InvalidEscapeCharacter:
      return `invalid escape in the string ${token}: JSON allows \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX`;
    case ScanError.InvalidUnicode:
      return `invalid \\u escape in the string ${token}: it takes four hexadecimal digits`;
    case ScanError.UnexpectedEndOfNumber:
      return `the number ${token} is not complete`;
    default:
      return `unexpected ${token}`;
  }
}

/** Where a scanner error is: at the control character of a string, else at its token. */
function errorPosition(error: number, text: string, offset: number, at: SourcePosition): SourcePosition {
  if (error !== ScanError.InvalidCharacter) return at;
  const c = controlCharacterIn(text, offset, text.length - offset);
  return c < 0 ? at : { line: at.line, column: at.column + (c - offset) };
}

function controlCharacterIn(text: string, offset: number, length: number): number {
  const end = Math.min(text.length, offset + length);
  for (let i = offset + 1; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) break;
    if (code === 0x5c) i++;
    else if (code < 0x20) return i;
  }
  return -1;
}

/**
 * Where `key` is first written in the object opened at `offset` (only on the error path: a
 * second scan of that object, iterative like the first).
 */
function firstKeyPosition(text: string, offset: number, key: string): SourcePosition | undefined {
  const scanner = createScanner(text, true);
  scanner.setPosition(offset);
  let depth = 0;
  let expectKey = false;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.OpenBraceToken || kind === SyntaxKind.OpenBracketToken) {
      depth++;
      expectKey = depth === 1;
    } else if (kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken) {
      if (--depth === 0) return undefined;
    } else if (kind === SyntaxKind.CommaToken) expectKey = depth === 1;
    else if (kind === SyntaxKind.StringLiteral && expectKey) {
      // The scanner counts lines from where it was set: count the lines before that here.
      if (scanner.getTokenValue() === key) return positionAt(text, scanner.getTokenOffset());
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
