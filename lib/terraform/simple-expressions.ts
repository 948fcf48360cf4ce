/**
 * The two parsers of JSON-form strings that need no HCL library: whole-value references
 * (`${huaweicloud_networking_secgroup.web.id}`), which most strings of a large configuration are,
 * and the fallback for a string not prepared (a literal, or such a reference). Both make exactly the
 * expressions `fromHeredocAst` makes of the library's tree for the same text.
 */
import { HwsgError } from "../core/errors";
import type { ParsedExpression, Step } from "./expr";

/** Whether a JSON-form string holds an interpolation or a directive (not only `$${`/`%%{` escapes). */
export function isTemplate(text: string): boolean {
  // Most strings (names, CIDRs, "ingress") hold no brace at all.
  if (!text.includes("{")) return false;
  return /(^|[^$])\$\{|(^|[^%])%\{/.test(text.replace(/\$\$\{/g, "").replace(/%%\{/g, ""));
}

/** Decodes the `$${` and `%%{` escapes of a JSON-form literal string. */
export function unescapeTemplateLiteral(text: string): string {
  if (!text.includes("{")) return text;
  return text.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{");
}


/** A whole-value reference of names and literal indexes only, `${a.b[0]["k"].c}`: no spaces, no operators, no legacy `a.0` steps. */
const PLAIN_REFERENCE = /^\$\{[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*|\[\d{1,6}\]|\["[A-Za-z0-9_.-]*"\])+\}$/;
const PLAIN_STEP = /\.([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\["([^"]*)"\]/g;
/** Names that are literals or keywords when they start an expression: left to the parser. */
const KEYWORDS = new Set(["true", "false", "null", "for", "if", "in"]);

/**
 * A plain whole-value reference (`${huaweicloud_networking_secgroup.web.id}`), parsed without the
 * HCL library into exactly what `fromHeredocAst` makes of the library's tree for it: a scope
 * traversal, displayed as the text inside `${}`. Most strings of a large configuration are such
 * references, and each call into the library costs far more than this.
 * @returns undefined when the text is anything else (the library parses it)
 */
export function parsePlainReference(text: string): ParsedExpression | undefined {
  if (!PLAIN_REFERENCE.test(text)) return undefined;
  const inner = text.slice(2, -1);
  const rootEnd = inner.search(/[.[]/);
  const root = inner.slice(0, rootEnd);
  if (KEYWORDS.has(root)) return undefined;
  const steps: Step[] = [];
  for (const m of inner.slice(rootEnd).matchAll(PLAIN_STEP)) {
    if (m[1] !== undefined) steps.push({ kind: "attr", name: m[1] });
    else if (m[2] !== undefined) steps.push({ kind: "key", key: Number(m[2]) });
    else steps.push({ kind: "key", key: m[3] });
  }
  return { expr: { kind: "scope", root, steps }, display: inner };
}

const TRAVERSAL = /^[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_0-9][A-Za-z0-9_-]*|\[\d+\]|\["[^"\\]*"\])*$/;

/**
 * Parses a JSON-form string without the HCL library (the synchronous reader's path): a literal,
 * or a whole-value reference `${a.b[0]["k"].c}`. Anything else is unsupported, with the reason.
 */
export function parseSimple(text: string): ParsedExpression {
  if (!isTemplate(text)) return { expr: { kind: "literal", value: unescapeTemplateLiteral(text) }, display: text };
  const m = /^\$\{\s*([^{}]*?)\s*\}$/.exec(text);
  if (!m || !TRAVERSAL.test(m[1])) {
    return {
      expr: { kind: "unsupported", reason: "the expression was not parsed: only a whole-value reference like ${huaweicloud_networking_secgroup.web.id}, ${var.name} or ${local.name} is understood in a string the reader did not prepare" },
      display: text,
    };
  }
  const steps: Step[] = [];
  const re = /([A-Za-z_0-9][A-Za-z0-9_-]*)|\[(\d+)\]|\["([^"]*)"\]/g;
  let s: RegExpExecArray | null;
  while ((s = re.exec(m[1]))) {
    if (s[1] !== undefined) steps.push(/^\d+$/.test(s[1]) ? { kind: "key", key: Number(s[1]) } : { kind: "attr", name: s[1] });
    else if (s[2] !== undefined) steps.push({ kind: "key", key: Number(s[2]) });
    else steps.push({ kind: "key", key: s[3] });
  }
  const [root, ...rest] = steps;
  if (root.kind !== "attr") throw new HwsgError(`internal: traversal ${m[1]} has no root name`);
  return { expr: { kind: "scope", root: root.name, steps: rest }, display: text };
}
