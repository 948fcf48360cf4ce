/**
 * The references an expression makes: every `root.a.b[0]` traversal in it (HCL's
 * `Expression.Variables()`), without the names a `for` expression binds inside itself. `try`
 * and `can` use them to decide whether an argument depends on an unknown value, and the strict
 * check of a configuration (references.ts) to find references to what is not declared.
 */
import { Expr } from "./expression";

/** A scope traversal of an expression (`var.x`, `huaweicloud_vpc.main.id`, `each.value.port`). */
export type Traversal = Extract<Expr, { kind: "scope" }>;

/**
 * The traversals of an expression whose root is not a variable of a `for` expression around
 * it, in the order written. Walks without recursion, so an expression of any depth is safe.
 * @param bound names already bound where the expression is (a for expression's variables)
 */
export function traversalsOf(expr: Expr, bound: ReadonlySet<string> = new Set()): Traversal[] {
  const out: Traversal[] = [];
  const todo: Array<[Expr, ReadonlySet<string>]> = [[expr, bound]];
  while (todo.length > 0) {
    const [e, names] = todo.pop()!;
    if (e.kind === "scope") {
      if (!names.has(e.root)) out.push(e);
      continue;
    }
    const inner = (children: readonly Expr[], within = names): void => {
      for (let i = children.length - 1; i >= 0; i--) todo.push([children[i], within]);
    };
    switch (e.kind) {
      case "template": inner(e.parts); break;
      case "relative": inner([e.source]); break;
      case "index": inner([e.collection, e.key]); break;
      case "splat": inner([e.source, e.each]); break;
      case "call": inner(e.args); break;
      case "tuple": inner(e.items); break;
      case "object": inner(e.items.flatMap((i) => [i.key, i.value])); break;
      case "join": inner([e.source]); break;
      case "conditional": inner([e.condition, e.then, e.otherwise]); break;
      case "unary": inner([e.operand]); break;
      case "binary": inner([e.left, e.right]); break;
      case "for": {
        const within = new Set(names);
        if (e.keyVar !== undefined) within.add(e.keyVar);
        within.add(e.valueVar);
        inner([...(e.key ? [e.key] : []), e.value, ...(e.condition ? [e.condition] : [])], within);
        inner([e.collection]);
        break;
      }
      default:
        break;
    }
  }
  return out;
}
