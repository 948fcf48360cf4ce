/**
 * Terraform expressions in the reader's own shape (`Expr`), built from the syntax tree that
 * `@cdktf/hcl2json`'s `getExpressionAst` returns, or — when nothing was parsed beforehand — from
 * the few forms a synchronous reader understands (a literal, or a whole-value reference).
 *
 * Every string of a Terraform JSON document is a template: `"web"` is a literal, `"${var.x}"` is
 * the value of `var.x` (not converted to a string), `"${var.prefix}-web"` is a string. To parse
 * such a string with the library, it is given as a heredoc (`<<MARK\n<text>\nMARK\n`): a heredoc
 * interprets `${` and `%{` exactly like the JSON form and, unlike a quoted string, no backslash
 * escapes — so the text needs no escaping. The heredoc adds one final newline, removed here.
 *
 * The shape of `getExpressionAst`'s tree relied on (checked with @cdktf/hcl2json 0.21.0; every
 * node has `type`, `meta`, `children` and `range` with byte offsets into the text parsed):
 * - `template`: children are the parts, concatenated; a raw text part is a `literalValue` of
 *   meta.type `string` whose meta.value is the source text (escapes NOT decoded). A `template`
 *   right after a `"` is a quoted string (backslash escapes apply), otherwise heredoc text.
 * - `templateWrap`: a quoted `"${x}"`: its one child is the value.
 * - `literalValue`: meta.type `string` | `number` | `bool` | `dynamic` (null), meta.value the text.
 * - `scopeTraversal`: meta.traversal is `[{type: "nameTraversal"|"indexTraversal", segment}]`;
 *   the first is the root name; an index segment is its source text (`0`, `"db"`); the legacy
 *   `a.0.b` form arrives as an index too.
 * - `relativeTraversal`: children[0] is the source; meta.traversal the steps after it.
 * - `index`: children `[collection, key]`.
 * - `splat` (`x[*].a`, `x.*.a`): children `[source, each]`; in `each`, a node of type `""`
 *   without children is the current item.
 * - `function`: meta.name, meta.expandedFinalArgument (`f(xs...)`); children are the arguments.
 * - `tuple`: children are the items.
 * - `object`: children alternate key and value. A key is a node of type `""`: with no children
 *   it is a bare identifier (its text is taken from `range`), else its child is the expression.
 *   meta.items is a map sorted by key text, so it is not used (the order is lost).
 * - `for`: meta.keyVar (`""` when none), meta.valVar, meta.groupedValue (`...`),
 *   meta.openRangeValue (`[`, `{`, or `%{ for ... }` in a template); children
 *   `[collection, key (object for only), value, condition (when meta.conditionalExpression)]`.
 * - `templateJoin` (a `%{ for }` directive): children[0] is the `for` whose values are joined.
 * - `conditional`: children `[condition, true, false]` (also the `%{ if }` directive).
 * - `unaryOp`: meta.operator `logicalNot` | `negate`; children `[operand]`.
 * - `binaryOp`: meta.operator `equal` `notEqual` `lessThan` `lessThanOrEqual` `greaterThan`
 *   `greaterThanOrEqual` `logicalAnd` `logicalOr` `add` `subtract` `multiply` `divide` `modulo`;
 *   children `[left, right]`.
 * - a node of type `""` with one child is a parenthesized expression.
 */
import type { BinaryOperator, Expr, ParsedExpression, Step } from "./expr";
import { MAX_NESTING_DEPTH } from "./limits";
import { unescapeTemplateLiteral } from "./simple-expressions";

export { isTemplate, parsePlainReference, parseSimple, unescapeTemplateLiteral } from "./simple-expressions";

export type { BinaryOperator, Expr, ExpressionTable, ParsedExpression, Step } from "./expr";

const BINARY: Readonly<Record<string, BinaryOperator>> = {
  equal: "==",
  notEqual: "!=",
  lessThan: "<",
  lessThanOrEqual: "<=",
  greaterThan: ">",
  greaterThanOrEqual: ">=",
  logicalAnd: "&&",
  logicalOr: "||",
  add: "+",
  subtract: "-",
  multiply: "*",
  divide: "/",
  modulo: "%",
};

/** The node shape of `getExpressionAst` that this file relies on (see the file comment). */
export interface HclAstNode {
  /** The node type (`template`, `scopeTraversal`, ...; `""` for wrappers). */
  readonly type: string;
  /** Type-specific details. */
  readonly meta?: Record<string, unknown>;
  /** The sub-expressions. */
  readonly children?: readonly HclAstNode[];
  /** Byte offsets of the node in the text parsed. */
  readonly range?: { readonly start: { readonly byte: number }; readonly end: { readonly byte: number } };
}

/** The heredoc a JSON-form string is parsed as (the marker is chosen not to occur in it). */
export function heredocOf(text: string): string {
  const lines = new Set(text.split(/\r?\n/).map((l) => l.trim()));
  let marker = "HWSG_EOT";
  for (let i = 1; lines.has(marker); i++) marker = `HWSG_EOT_${i}`;
  return `<<${marker}\n${text}\n${marker}\n`;
}

/**
 * Converts the tree `getExpressionAst` returned for `heredocOf(text)` into an expression.
 * @param text the JSON-form string (the heredoc's body)
 */
export function fromHeredocAst(ast: HclAstNode | null, text: string): ParsedExpression {
  const converter = new Converter(Buffer.from(heredocOf(text), "utf8"));
  if (!ast || ast.type !== "template") return { expr: { kind: "unsupported", reason: "the expression could not be parsed", invalid: true }, display: text };
  const parts = [...(ast.children ?? [])];
  const last = parts[parts.length - 1];
  // The heredoc's own final newline.
  let lastText: string | undefined;
  if (last && last.type === "literalValue" && last.meta?.type === "string" && typeof last.meta.value === "string" && last.meta.value.endsWith("\n")) {
    lastText = last.meta.value.slice(0, -1);
    parts.pop();
  }
  const converted = parts.map((p) => converter.convert(p, "heredoc"));
  if (lastText) converted.push({ kind: "literal", value: converter.decode(lastText, "heredoc") });
  const raw = parts.length === 1 && lastText === "" ? parts[0] : undefined;
  // A template of exactly one interpolation yields its value as it is (Terraform's rule).
  if (converted.length === 1 && raw && !(raw.type === "literalValue" && raw.meta?.type === "string")) {
    return { expr: converted[0], display: text.replace(/^\$\{~?\s*/, "").replace(/\s*~?\}$/, "") };
  }
  return { expr: { kind: "template", parts: converted }, display: text };
}

/** Converts a type expression's tree (`map(object({...}))`, parsed without quotes). */
export function fromTypeAst(ast: HclAstNode | null, source: string): Expr {
  if (!ast) return { kind: "unsupported", reason: "the type could not be parsed" };
  return new Converter(Buffer.from(source, "utf8")).convert(ast, "quoted");
}

class Converter {
  /** Levels of the tree being converted. */
  private depth = 0;

  constructor(private readonly source: Buffer) {}

  /** The source text of a node. */
  text(node: HclAstNode): string {
    return node.range ? this.source.subarray(node.range.start.byte, node.range.end.byte).toString("utf8") : "";
  }

  private quoted(node: HclAstNode): boolean {
    return !!node.range && node.range.start.byte > 0 && this.source[node.range.start.byte - 1] === 0x22;
  }

  /** Decodes a literal part of a template: escapes of a quoted string, or only `$${`/`%%{` in a heredoc. */
  decode(raw: string, mode: "heredoc" | "quoted"): string {
    if (mode === "heredoc") return unescapeTemplateLiteral(raw);
    return raw.replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)|\$\$\{|%%\{/g, (m, esc: string | undefined) => {
      if (m === "$${") return "${";
      if (m === "%%{") return "%{";
      switch (esc?.[0]) {
        case "n": return "\n";
        case "r": return "\r";
        case "t": return "\t";
        case '"': return '"';
        case "\\": return "\\";
        case "u":
        case "U": return String.fromCodePoint(parseInt(esc.slice(1), 16));
        default: return m;
      }
    });
  }

  /** Converts a node, at most MAX_NESTING_DEPTH levels deep (deeper is an invalid expression, not a stack overflow). */
  convert(node: HclAstNode, mode: "heredoc" | "quoted"): Expr {
    if (this.depth >= MAX_NESTING_DEPTH) return { kind: "unsupported", reason: `nests deeper than ${MAX_NESTING_DEPTH} levels (the limit)`, invalid: true };
    this.depth++;
    try {
      return this.convertNode(node, mode);
    } finally {
      this.depth--;
    }
  }

  private convertNode(node: HclAstNode, mode: "heredoc" | "quoted"): Expr {
    const children = node.children ?? [];
    const meta = node.meta ?? {};
    switch (node.type) {
      case "template": {
        const inner = this.quoted(node) ? "quoted" : mode;
        return { kind: "template", parts: children.map((c) => this.convert(c, inner)) };
      }
      case "templateWrap":
        return children.length === 1 ? this.convert(children[0], mode) : this.unsupported(node);
      case "literalValue": {
        const value = String(meta.value);
        if (meta.type === "string") return { kind: "literal", value: this.decode(value, mode) };
        if (meta.type === "number") return { kind: "literal", value: Number(value) };
        if (meta.type === "bool") return { kind: "literal", value: value === "true" };
        if (meta.type === "dynamic" && value === "null") return { kind: "literal", value: null };
        return this.unsupported(node);
      }
      case "scopeTraversal": {
        const parts = this.traversal(meta.traversal);
        if (!parts || parts.length === 0 || parts[0].kind !== "attr") return this.unsupported(node);
        return { kind: "scope", root: parts[0].name, steps: parts.slice(1) };
      }
      case "relativeTraversal": {
        const steps = this.traversal(meta.traversal);
        if (!steps || children.length !== 1) return this.unsupported(node);
        return { kind: "relative", source: this.convert(children[0], mode), steps };
      }
      case "index":
        if (children.length !== 2) return this.unsupported(node);
        return { kind: "index", collection: this.convert(children[0], mode), key: this.convert(children[1], mode) };
      case "splat":
        if (children.length !== 2) return this.unsupported(node);
        return { kind: "splat", source: this.convert(children[0], mode), each: this.convertEach(children[1], mode) };
      case "function": {
        if (typeof meta.name !== "string") return this.unsupported(node);
        return { kind: "call", name: meta.name, args: children.map((c) => this.convert(c, mode)), expandFinal: meta.expandedFinalArgument === true };
      }
      case "tuple":
        return { kind: "tuple", items: children.map((c) => this.convert(c, mode)) };
      case "object": {
        if (children.length % 2 !== 0) return this.unsupported(node);
        const items: Array<{ key: Expr; value: Expr }> = [];
        for (let i = 0; i < children.length; i += 2) {
          const k = children[i];
          const key: Expr = k.type === "" && (k.children ?? []).length === 0 ? { kind: "literal", value: this.text(k) } : k.type === "" && k.children?.length === 1 ? this.convert(k.children[0], mode) : this.convert(k, mode);
          items.push({ key, value: this.convert(children[i + 1], mode) });
        }
        return { kind: "object", items };
      }
      case "for": {
        const open = String(meta.openRangeValue ?? "");
        const object = open === "{";
        const hasCondition = typeof meta.conditionalExpression === "string" && meta.conditionalExpression !== "";
        const expected = 1 + (object ? 2 : 1) + (hasCondition ? 1 : 0);
        if (children.length !== expected || typeof meta.valVar !== "string") return this.unsupported(node);
        const c = children.map((x) => this.convert(x, mode));
        return {
          kind: "for",
          object,
          ...(typeof meta.keyVar === "string" && meta.keyVar !== "" ? { keyVar: meta.keyVar } : {}),
          valueVar: meta.valVar,
          collection: c[0],
          ...(object ? { key: c[1] } : {}),
          value: c[object ? 2 : 1],
          ...(hasCondition ? { condition: c[c.length - 1] } : {}),
          grouped: meta.groupedValue === true,
        };
      }
      case "templateJoin":
        return children.length === 1 ? { kind: "join", source: this.convert(children[0], mode) } : this.unsupported(node);
      case "conditional":
        if (children.length !== 3) return this.unsupported(node);
        return { kind: "conditional", condition: this.convert(children[0], mode), then: this.convert(children[1], mode), otherwise: this.convert(children[2], mode) };
      case "unaryOp": {
        const operator = meta.operator === "logicalNot" ? "!" : meta.operator === "negate" ? "-" : undefined;
        if (!operator || children.length !== 1) return this.unsupported(node);
        return { kind: "unary", operator, operand: this.convert(children[0], mode) };
      }
      case "binaryOp": {
        const operator = BINARY[String(meta.operator)];
        if (!operator || children.length !== 2) return this.unsupported(node);
        return { kind: "binary", operator, left: this.convert(children[0], mode), right: this.convert(children[1], mode) };
      }
      case "":
        return children.length === 1 ? this.convert(children[0], mode) : this.unsupported(node);
      default:
        return this.unsupported(node);
    }
  }

  /** The per-item expression of a splat: its `""` leaf is the item. */
  private convertEach(node: HclAstNode, mode: "heredoc" | "quoted"): Expr {
    if (node.type === "" && (node.children ?? []).length === 0) return { kind: "item" };
    if (node.type === "relativeTraversal" && node.children?.length === 1) {
      const steps = this.traversal(node.meta?.traversal);
      if (!steps) return this.unsupported(node);
      return { kind: "relative", source: this.convertEach(node.children[0], mode), steps };
    }
    return this.unsupported(node);
  }

  private traversal(value: unknown): Step[] | undefined {
    if (!Array.isArray(value)) return undefined;
    const steps: Step[] = [];
    for (const part of value as Array<{ type?: unknown; segment?: unknown }>) {
      if (typeof part?.segment !== "string") return undefined;
      if (part.type === "nameTraversal") steps.push({ kind: "attr", name: part.segment });
      else if (part.type === "indexTraversal") {
        const key = indexKey(part.segment);
        if (key === undefined) return undefined;
        steps.push({ kind: "key", key });
      } else return undefined;
    }
    return steps;
  }

  private unsupported(node: HclAstNode): Expr {
    return { kind: "unsupported", reason: `the expression ${JSON.stringify(this.text(node))} is not evaluated statically` };
  }
}

function indexKey(segment: string): string | number | undefined {
  // A number that is not a valid index (`[0.5]`) too: the evaluator says why it is refused.
  if (/^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(segment)) return Number(segment);
  if (segment.startsWith('"')) {
    try {
      const v: unknown = JSON.parse(segment);
      return typeof v === "string" ? v : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

