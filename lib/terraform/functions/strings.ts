/**
 * Terraform's string functions: tostring, tonumber, join, format (%s, %d and %% only), split,
 * replace (a plain substring, or a regular expression written `/re/`), lower, upper, trimspace.
 * Every string one builds is checked against MAX_STRING_LENGTH before it is built.
 */
import { UnknownValue } from "../unknowns";
import { Resolved, isReference, numberText, typeName } from "../values";
import { Implementation, NotKnown, arity, checkCollection, checkString, isPrimitive, known, requireKnown, sequence, toInteger, toNumberValue, toStringValue, unknownOf } from "./arguments";
import { regexReplace } from "./regex";

/** Go's unicode.IsSpace, which Terraform's trimspace trims. */
const SPACE = "[\\t\\n\\v\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]";
const TRIM = new RegExp(`^${SPACE}+|${SPACE}+$`, "gu");

/** The string functions by name. */
export const STRING_FUNCTIONS: ReadonlyArray<[string, Implementation]> = [
  ["tostring", (args, site, name) => {
    arity(args, site, name, 1);
    const v = args[0];
    if (v === null || v === undefined) return null;
    if (isReference(v)) return v;
    if (isPrimitive(v)) return toStringValue(v, site, "tostring's argument");
    if (!known(v)) throw new NotKnown(unknownOf(v));
    return site.invalid(`tostring's argument must be a string, number or bool, not a ${typeName(v)}`);
  }],
  ["tonumber", (args, site, name) => {
    arity(args, site, name, 1);
    const v = args[0];
    if (v === null || v === undefined) return null;
    return toNumberValue(v, site, "tonumber's argument");
  }],
  ["join", (args, site, name) => {
    arity(args, site, name, 2, Infinity);
    if (args[0] instanceof UnknownValue) throw new NotKnown(args[0]);
    const separator = toStringValue(args[0], site, "join's separator");
    // join("", huaweicloud_networking_secgroup.this.*.id) with one instance is that id: the
    // official modules write it for an optional resource (count = 0 or 1).
    const elements = args.slice(1).flatMap((list) => (Array.isArray(list) ? list : [list]));
    if (elements.length === 1 && isReference(elements[0])) return elements[0];
    const parts: string[] = [];
    let length = 0;
    args.slice(1).forEach((list, l) => {
      sequence(list, site, `join's list ${l + 1}`).forEach((x, i) => {
        if (x === null || x === undefined) site.invalid(`join's list ${l + 1} element ${i} is null`);
        const part = toStringValue(x, site, `join's list ${l + 1} element ${i}`);
        length += part.length + (parts.length > 0 ? separator.length : 0);
        parts.push(part);
      });
    });
    checkString(site, length, "join's result");
    return parts.join(separator);
  }],
  ["format", (args, site, name) => {
    arity(args, site, name, 1, Infinity);
    if (args[0] instanceof UnknownValue) throw new NotKnown(args[0]);
    const spec = toStringValue(args[0], site, "format's specification");
    let next = 1;
    const out: string[] = [];
    let length = 0;
    const add = (piece: string): void => {
      length += piece.length;
      if (length > 1024 * 1024) checkString(site, length, "format's result");
      out.push(piece);
    };
    const re = /%(.)?/gs;
    let last = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(spec))) {
      add(spec.slice(last, m.index));
      last = re.lastIndex;
      const verb = m[1];
      if (verb === "%") {
        add("%");
        continue;
      }
      if (verb !== "s" && verb !== "d") {
        throw new NotKnown(new UnknownValue(`the format verb %${verb ?? ""} is not evaluated statically (only %s, %d and %% are)`));
      }
      if (next >= args.length) site.invalid(`format has not enough arguments for %${verb} at position ${next}`);
      const arg = args[next++];
      if (arg === null || arg === undefined) site.invalid(`format's argument ${next - 1} for %${verb} is null`);
      if (verb === "s") add(toStringValue(arg, site, `format's argument ${next - 1}`));
      else add(numberText(toInteger(arg, site, `format's argument ${next - 1} for %d`)));
    }
    add(spec.slice(last));
    if (next < args.length) site.invalid(`format has too many arguments: only ${next - 1} used by the specification`);
    checkString(site, length, "format's result");
    return out.join("");
  }],
  ["split", (args, site, name) => {
    arity(args, site, name, 2);
    requireKnown([...args]);
    const separator = toStringValue(args[0], site, "split's separator");
    const text = toStringValue(args[1], site, "split's string");
    // Go's strings.Split: an empty separator splits after each UTF-8 sequence; an empty string gives [""].
    const parts = separator === "" ? [...text] : text.split(separator);
    checkCollection(site, parts.length, "split's result");
    return parts;
  }],
  ["replace", (args, site, name) => {
    arity(args, site, name, 3);
    requireKnown([...args]);
    const text = toStringValue(args[0], site, "replace's string");
    const search = toStringValue(args[1], site, "replace's substring");
    const replacement = toStringValue(args[2], site, "replace's replacement");
    if (search.length > 1 && search.startsWith("/") && search.endsWith("/")) return regexReplace(text, search.slice(1, -1), replacement, site);
    if (search === "") {
      // Go's strings.Replace with an empty old string inserts the replacement around every rune.
      const runes = [...text];
      checkString(site, text.length + replacement.length * (runes.length + 1), "replace's result");
      return replacement + runes.map((r) => r + replacement).join("");
    }
    let count = 0;
    for (let at = text.indexOf(search); at >= 0; at = text.indexOf(search, at + search.length)) count++;
    checkString(site, text.length + count * (replacement.length - search.length), "replace's result");
    return text.split(search).join(replacement);
  }],
  ["lower", (args, site, name) => {
    arity(args, site, name, 1);
    return caseOf(args[0], site, "lower's argument", (s) => s.toLowerCase());
  }],
  ["upper", (args, site, name) => {
    arity(args, site, name, 1);
    return caseOf(args[0], site, "upper's argument", (s) => s.toUpperCase());
  }],
  ["trimspace", (args, site, name) => {
    arity(args, site, name, 1);
    requireKnown(args[0]);
    return toStringValue(args[0], site, "trimspace's argument").replace(TRIM, "");
  }],
];

function caseOf(v: Resolved, site: Parameters<Implementation>[1], what: string, change: (s: string) => string): Resolved {
  requireKnown(v);
  const out = change(toStringValue(v, site, what));
  checkString(site, out.length, what);
  return out;
}
