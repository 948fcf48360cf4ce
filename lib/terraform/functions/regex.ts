/**
 * `replace` with a regular expression (`replace(s, "/re/", "x")`). Terraform's expressions are
 * Go's RE2, JavaScript's are not quite the same: a pattern is translated where the meaning is
 * the same, rejected where RE2 rejects it (back-references, look-around), and left unknown where
 * the two engines might differ or JavaScript's backtracking could take exponential time (a
 * quantified group that holds a quantifier or an alternation) — never guessed.
 */
import { UnknownValue } from "../unknowns";
import { MAX_STRING_LENGTH, limitText } from "../limits";
import { CallSite, NotKnown, checkString } from "./arguments";

const unknown = (why: string): never => {
  throw new NotKnown(new UnknownValue(`the regular expression is not evaluated statically: ${why}`));
};

/** Translates an RE2 pattern to a JavaScript one with its flags, or stops (unknown or invalid). */
function translate(pattern: string, site: CallSite): RegExp {
  let body = pattern;
  let flags = "g";
  const inline = /^\(\?([imsU]+)\)/.exec(body);
  if (inline) {
    if (inline[1].includes("U")) unknown("the U (ungreedy) flag has no JavaScript counterpart");
    flags += [...new Set(inline[1])].join("");
    body = body.slice(inline[0].length);
  }
  if (/\\[1-9]/.test(body)) site.invalid(`invalid regular expression ${JSON.stringify(pattern)}: RE2 has no back-references`);
  if (/\(\?<?[=!]/.test(body)) site.invalid(`invalid regular expression ${JSON.stringify(pattern)}: RE2 has no look-around`);
  if (/\(\?[a-zA-Z]|\\[AzCpPQE]|\[\[:/.test(body.replace(/\(\?P?<[A-Za-z_]/g, ""))) unknown("it uses RE2 syntax without a JavaScript counterpart");
  if (/\([^()]*([*+?}]|\|)[^()]*\)\s*([*+{]|\?(?!\?))/.test(body) || /\)[*+}]\??\)[*+{]/.test(body)) {
    unknown("a repeated group that itself repeats or alternates could take exponential time in JavaScript's engine");
  }
  body = body.replace(/\(\?P</g, "(?<");
  for (const f of [`${flags}u`, flags]) {
    try {
      return new RegExp(body, f);
    } catch {
      // Tried again without the u flag (stricter about escapes), then given up.
    }
  }
  return unknown("JavaScript's engine does not accept it");
}

/**
 * Replaces every match of an RE2 pattern; `$1`, `${1}`, `$name` and `${name}` in the replacement
 * are the groups (Go's Regexp.Expand), `$$` a dollar sign.
 */
export function regexReplace(text: string, pattern: string, replacement: string, site: CallSite): string {
  const re = translate(pattern, site);
  let length = 0;
  const result = text.replace(re, (...m: unknown[]) => {
    const hasNamed = typeof m[m.length - 1] === "object" && m[m.length - 1] !== null;
    const groups = (hasNamed ? m[m.length - 1] : {}) as Record<string, string | undefined>;
    const numbered = m.slice(0, hasNamed ? -3 : -2) as Array<string | undefined>;
    const piece = replacement.replace(/\$(\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g, (all, _x, braced?: string, bare?: string) => {
      if (all === "$$") return "$";
      const name = braced ?? bare ?? "";
      if (/^\d+$/.test(name)) return numbered[Number(name)] ?? "";
      return groups[name] ?? "";
    });
    length += piece.length + 1;
    if (text.length + length > MAX_STRING_LENGTH) site.limit(`replace's result would be longer than ${limitText(MAX_STRING_LENGTH)} characters (the limit)`);
    return piece;
  });
  checkString(site, result.length, "replace's result");
  return result;
}
