/**
 * The shape of a parsed Terraform expression (`Expr`), as every stage after parsing sees it: the
 * HCL library's tree (expression.ts) and the synchronous reader of plain references
 * (simple-expressions.ts) both produce it; the evaluator consumes it.
 */

/** One step of a traversal: `.name` or `[key]`. */
export type Step = { readonly kind: "attr"; readonly name: string } | { readonly kind: "key"; readonly key: string | number };

/** Binary operators, by their Terraform spelling. */
export type BinaryOperator = "==" | "!=" | "<" | "<=" | ">" | ">=" | "&&" | "||" | "+" | "-" | "*" | "/" | "%";

/** A parsed Terraform expression. */
export type Expr =
  | { readonly kind: "literal"; readonly value: string | number | boolean | null }
  /** A string template: the parts' values are converted to strings and concatenated. */
  | { readonly kind: "template"; readonly parts: readonly Expr[] }
  /** `root.a[0]["k"]`: a variable, local, resource, data source, `count`, `each` or for variable. */
  | { readonly kind: "scope"; readonly root: string; readonly steps: readonly Step[] }
  /** Steps applied to the value of another expression: `f(x)[0].a`. */
  | { readonly kind: "relative"; readonly source: Expr; readonly steps: readonly Step[] }
  | { readonly kind: "index"; readonly collection: Expr; readonly key: Expr }
  /** `source[*].each`: `each` is evaluated for every item, which it names as `{ kind: "item" }`. */
  | { readonly kind: "splat"; readonly source: Expr; readonly each: Expr }
  | { readonly kind: "item" }
  | { readonly kind: "call"; readonly name: string; readonly args: readonly Expr[]; readonly expandFinal: boolean }
  | { readonly kind: "tuple"; readonly items: readonly Expr[] }
  | { readonly kind: "object"; readonly items: ReadonlyArray<{ readonly key: Expr; readonly value: Expr }> }
  | {
      readonly kind: "for";
      /** `{ for ... }` builds an object, `[ for ... ]` a tuple. */
      readonly object: boolean;
      readonly keyVar?: string;
      readonly valueVar: string;
      readonly collection: Expr;
      readonly key?: Expr;
      readonly value: Expr;
      readonly condition?: Expr;
      /** `...` after the value: values with the same key are grouped into lists. */
      readonly grouped: boolean;
    }
  /** A `%{ for }` template directive: the strings its `for` yields, concatenated. */
  | { readonly kind: "join"; readonly source: Expr }
  | { readonly kind: "conditional"; readonly condition: Expr; readonly then: Expr; readonly otherwise: Expr }
  | { readonly kind: "unary"; readonly operator: "!" | "-"; readonly operand: Expr }
  | { readonly kind: "binary"; readonly operator: BinaryOperator; readonly left: Expr; readonly right: Expr }
  /** Something the reader does not evaluate; `invalid` when Terraform itself would reject it. */
  | { readonly kind: "unsupported"; readonly reason: string; readonly invalid?: boolean };

/** A field's expression, parsed. */
export interface ParsedExpression {
  /** The expression. */
  readonly expr: Expr;
  /** The expression as written: the inner text of a whole-value `${...}`, else the template's text (unquoted: messages quote it once, as they quote a JSON-form string). */
  readonly display: string;
}

/** Parsed expressions of a set of documents, by the exact string they were written as. */
export type ExpressionTable = ReadonlyMap<string, ParsedExpression>;
