/**
 * `try` and `can`, which take their arguments unevaluated, as HCL's tryfunc defines them:
 * - an argument that depends on an unknown value — one of the references it makes (see
 *   traversals.ts) reaches a value not wholly known — makes the result unknown, because whether
 *   it would fail is not known yet (`try(var.unset, "x")` is unknown, not "x");
 * - otherwise it is evaluated: `try` returns the first that succeeds, `can` says whether it
 *   does; a value that turns out to hold an unknown makes the result unknown for the same reason.
 * An error of evaluation (a missing attribute or key, an index out of range, a function refusing
 * its argument) is what they catch; a reference to something not declared (rejected before
 * evaluation, as `terraform validate` does) and a limit gone past are not.
 */
import { ValidationError } from "../core/errors";
import type { Scope, Site } from "./site";
import { Expr } from "./expression";
import { LimitExceeded } from "./limits";
import { UndeclaredReference } from "./references";
import { traversalsOf } from "./traversals";
import { UnknownValue, findUnknown } from "./unknowns";
import { Resolved } from "./values";

/** What the lazy functions need of the evaluator: evaluating one argument. */
export interface ExpressionEvaluator {
  evaluate(expr: Expr, scope: Scope, site: Site): Resolved;
}

/** The value of `try(...)` or `can(...)`. */
export function tryCall(evaluator: ExpressionEvaluator, call: Extract<Expr, { kind: "call" }>, scope: Scope, site: Site): Resolved {
  const invalid = (message: string): never => {
    throw new ValidationError(site.subject, site.field, site.written, `${call.name}(...): ${message}`);
  };
  if (call.expandFinal) invalid("its arguments cannot be expanded with ...");
  if (call.name === "can" && call.args.length !== 1) invalid(`can() takes 1 argument, not ${call.args.length}`);
  if (call.args.length === 0) invalid("try() takes at least 1 argument");
  const failures: string[] = [];
  for (const arg of call.args) {
    const unknown = dependsOnUnknown(evaluator, arg, scope, site);
    if (unknown) return unknown;
    let value: Resolved;
    try {
      value = evaluator.evaluate(arg, scope, site);
    } catch (e) {
      if (!(e instanceof ValidationError) || e instanceof LimitExceeded || e instanceof UndeclaredReference) throw e;
      failures.push(e.allowed);
      continue;
    }
    const inner = findUnknown(value);
    if (inner) return inner.unknown;
    return call.name === "can" ? true : value;
  }
  if (call.name === "can") return false;
  return invalid(`no expression succeeded (${failures.map((f, i) => `${i + 1}: ${f}`).join("; ")})`);
}

/** The unknown one of an expression's references reaches, if any (errors there are not this question's). */
function dependsOnUnknown(evaluator: ExpressionEvaluator, expr: Expr, scope: Scope, site: Site): UnknownValue | undefined {
  for (const traversal of traversalsOf(expr)) {
    let value: Resolved;
    try {
      value = evaluator.evaluate(traversal, scope, site);
    } catch (e) {
      if (!(e instanceof ValidationError) || e instanceof LimitExceeded || e instanceof UndeclaredReference) throw e;
      continue;
    }
    const inner = findUnknown(value);
    if (inner) return inner.unknown;
  }
  return undefined;
}
