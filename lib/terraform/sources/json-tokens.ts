/**
 * The tokens of JSON text (RFC 8259), with their lines and columns, for the strict reader in
 * json-file.ts. Written for speed on large files (a cdktf stack of 100,000 rules is tens of
 * megabytes): one loop over character codes, strings without escapes taken as slices, strings
 * with escapes decoded by the platform's JSON parser (so escapes mean exactly what JSON says).
 * jsonc-parser's scanner takes about three times as long for the tokens alone (it also builds a
 * string of every run of whitespace), measured on a 35 MB estate.
 *
 * Every lexical error is an `HwsgError` `file:line:column: not valid JSON: …`, one line, the
 * offending text escaped.
 */
import { HwsgError } from "../../core/errors";
import { printable, quoted } from "./printable";

/** A token's kind. */
export const enum Token {
  OpenBrace,
  CloseBrace,
  OpenBracket,
  CloseBracket,
  Colon,
  Comma,
  String,
  Number,
  True,
  False,
  Null,
  /** Anything else: reported by the reader with what it expected. */
  Unknown,
  EOF,
}

const PUNCTUATION: Readonly<Record<number, Token>> = { 0x7b: Token.OpenBrace, 0x7d: Token.CloseBrace, 0x5b: Token.OpenBracket, 0x5d: Token.CloseBracket, 0x3a: Token.Colon, 0x2c: Token.Comma };
const KEYWORDS: Readonly<Record<string, Token>> = { true: Token.True, false: Token.False, null: Token.Null };
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
/** What follows a number that makes it malformed (`1.`, `1e`, `01`, `1x`). */
const NUMBER_TAIL = /[\w.+-]/;
/** The characters of a word (a keyword, or an unknown token such as `True` or `NaN`). */
const WORD = /[\w$.+-]/;

/** A position in a file, 1-based. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** Reads the tokens of a text one at a time. */
export class JsonTokens {
  /** The current token's kind. */
  kind: Token = Token.EOF;
  /** The current token's offset and length in the text. */
  start = 0;
  end = 0;
  /** The value of a String (decoded) or Number (as written) token. */
  value = "";
  private currentLine = 1;
  private lineStart = 0;
  private tokenLine = 1;
  private tokenLineStart = 0;
  private i = 0;

  constructor(
    private readonly file: string,
    readonly text: string,
  ) {}

  /** The current token's position. */
  position(): SourcePosition {
    return { line: this.tokenLine, column: this.start - this.tokenLineStart + 1 };
  }

  /** The current token's line, 1-based. */
  line(): number {
    return this.tokenLine;
  }

  /** The current token's column, 1-based. */
  column(): number {
    return this.start - this.tokenLineStart + 1;
  }

  /** The current token for a message: quoted, escaped, cut. */
  shown(): string {
    const written = this.text.slice(this.start, Math.min(this.end, this.start + 41));
    if (this.kind === Token.String) return printable(this.end - this.start > 41 ? `${written}..."` : written);
    return quoted(written);
  }

  /** Moves to the next token. */
  next(): Token {
    const text = this.text;
    const len = text.length;
    let i = this.i;
    // Whitespace: space, tab, line feed, carriage return (nothing else, as in JSON).
    for (; i < len; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0a) {
        this.currentLine++;
        this.lineStart = i + 1;
      } else if (c !== 0x20 && c !== 0x09 && c !== 0x0d) break;
    }
    this.start = i;
    this.tokenLine = this.currentLine;
    this.tokenLineStart = this.lineStart;
    if (i >= len) {
      this.i = this.end = len;
      return (this.kind = Token.EOF);
    }
    const c = text.charCodeAt(i);
    const punctuation = PUNCTUATION[c];
    if (punctuation !== undefined) {
      this.i = this.end = i + 1;
      return (this.kind = punctuation);
    }
    if (c === 0x22) return this.string(i);
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number(i);
    if (c === 0x2f && (text[i + 1] === "/" || text[i + 1] === "*")) this.fail(i, 'comments are not allowed (Terraform\'s JSON syntax takes a "//" property as a comment)');
    // A word: a keyword, or an unknown token up to the next delimiter (at least one character).
    let j = i + 1;
    if (c >= 0xd800 && c <= 0xdbff && j < len) j++;
    while (j < len && WORD.test(text[j])) j++;
    this.i = this.end = j;
    this.value = text.slice(i, j);
    return (this.kind = KEYWORDS[this.value] ?? Token.Unknown);
  }

  private string(start: number): Token {
    const text = this.text;
    const len = text.length;
    let escaped = false;
    let j = start + 1;
    for (;;) {
      if (j >= len) this.fail(start, `the string ${printable(text.slice(start, start + 40))}${len - start > 40 ? "..." : ""} is not closed before the end of the file`);
      const c = text.charCodeAt(j);
      if (c === 0x22) break;
      if (c === 0x5c) {
        escaped = true;
        j += 2;
        continue;
      }
      if (c < 0x20) {
        if (c === 0x0a || c === 0x0d) this.fail(start, `the string ${printable(text.slice(start, Math.min(j, start + 40)))}${j - start > 40 ? "..." : ""} is not closed before the end of its line`);
        this.fail(j, `a control character (${quoted(text[j])}) in a string: write it as an escape such as \\u${c.toString(16).padStart(4, "0")}`);
      }
      j++;
    }
    this.i = this.end = j + 1;
    if (!escaped) this.value = text.slice(start + 1, j);
    else {
      try {
        this.value = JSON.parse(text.slice(start, j + 1)) as string;
      } catch {
        this.failEscape(start, j);
      }
    }
    return (this.kind = Token.String);
  }

  /** Reports the first invalid escape of the string from `start` to the quote at `end`. */
  private failEscape(start: number, end: number): never {
    const text = this.text;
    for (let k = start + 1; k < end; k++) {
      if (text[k] !== "\\") continue;
      const e = text[k + 1];
      if (e === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(k + 2, k + 6))) k += 5;
      else if ('"\\/bfnrt'.includes(e)) k++;
      else {
        const written = e === "u" ? text.slice(k, Math.min(k + 6, end)) : text.slice(k, k + 2);
        this.fail(k, `invalid escape ${quoted(written)} in a string: JSON allows \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\u with four hexadecimal digits`);
      }
    }
    this.fail(start, "invalid string");
  }

  private number(start: number): Token {
    const text = this.text;
    NUMBER.lastIndex = start;
    const m = NUMBER.exec(text);
    let end = start + (m ? m[0].length : 0);
    if (!m || (end < text.length && NUMBER_TAIL.test(text[end]))) {
      while (end < text.length && NUMBER_TAIL.test(text[end])) end++;
      this.fail(start, `invalid number ${quoted(text.slice(start, Math.max(end, start + 1)))}: JSON numbers are written like -12, 0.5 or 1e3`);
    }
    this.i = this.end = end;
    this.value = m[0];
    return (this.kind = Token.Number);
  }

  /** Fails at an offset on the current token's line (tokens never span lines, strings included). */
  private fail(offset: number, message: string): never {
    throw new HwsgError(`${printable(this.file)}:${this.currentLine}:${offset - this.lineStart + 1}: not valid JSON: ${message}`);
  }
}
