/**
 * Terraform's `for` expressions (`[for x in xs : f(x)]`, `{for k, v in m : k => v...}`) and the
 * keys of the objects they build: iteration order, conditions, grouping and duplicate keys as
 * Terraform has them.
 */
import { ValidationError } from "../core/errors";
import type { Expr } from "./expression";
import type { WorkBudget } from "./limits";
import type { Scope, Site } from "./site";
import { truth } from "./operators";
import { UnknownValue } from "./unknowns";
import { Resolved, compareLexical, isMap, isReference, isSet, knownAfterApply, numberText, typeName } from "./values";

/** What a for expression needs of the evaluator. */
export interface ForEvaluator {
  readonly budget: WorkBudget;
  evaluate(expr: Expr, scope: Scope, site: Site): Resolved;
  materialize(v: Resolved): Resolved;
  limit(site: Site, message: string): never;
}

export function forExpression(ev: ForEvaluator, expr: Extract<Expr, { kind: "for" }>, scope: Scope, site: Site): Resolved {
  const invalid = (message: string): never => {
    throw new ValidationError(site.subject, site.field, site.written, message);
  };
  const collection = ev.materialize(ev.evaluate(expr.collection, scope, site));
  if (collection instanceof UnknownValue) return collection;
  if (isReference(collection)) return knownAfterApply(collection);
  let entries: Array<[Resolved, Resolved]>;
  if (Array.isArray(collection)) entries = collection.map((v, i) => [isSet(collection) ? v : i, v]);
  else if (isMap(collection)) entries = Object.keys(collection).sort(compareLexical).map((k) => [k, collection[k]]);
  else return invalid(`a for expression cannot iterate over ${collection === null || collection === undefined ? "null" : `a ${typeName(collection)}`}`);
  const over = ev.budget.collection(entries.length, "the for expression's result");
  if (over) ev.limit(site, over);

  const tuple: Resolved[] = [];
  const object = new Map<string, Resolved[]>();
  // One scope for every iteration, its variables set anew each time (no value keeps a scope).
  const vars = new Map(scope.vars ?? []);
  const inner: Scope = { ...scope, vars };
  for (const [k, v] of entries) {
    if (expr.keyVar !== undefined) vars.set(expr.keyVar, k);
    vars.set(expr.valueVar, v);
    if (expr.condition) {
      const c = truth(ev.evaluate(expr.condition, inner, site), site, "the for expression's condition");
      if (c instanceof UnknownValue) return c;
      if (!c) continue;
    }
    if (!expr.object) {
      tuple.push(ev.evaluate(expr.value, inner, site));
      continue;
    }
    const key = keyText(ev.evaluate(expr.key!, inner, site), site);
    if (key instanceof UnknownValue) return key;
    const value = ev.evaluate(expr.value, inner, site);
    const list = object.get(key);
    if (list && !expr.grouped) {
      return invalid(`the for expression produces the key ${JSON.stringify(key)} twice: keys must be unique (or write ... after the value to group the values by key)`);
    }
    if (list) list.push(value);
    else object.set(key, [value]);
  }
  if (!expr.object) return tuple;
  return Object.fromEntries([...object].map(([k, vs]) => [k, expr.grouped ? vs : vs[0]]));
}

export function keyText(key: Resolved, site: Site): string | UnknownValue {
  if (typeof key === "string") return key;
  if (typeof key === "number") return numberText(key);
  if (typeof key === "boolean") return key ? "true" : "false";
  if (key instanceof UnknownValue) return key;
  if (isReference(key)) return knownAfterApply(key);
  throw new ValidationError(site.subject, site.field, site.written, `an object key must be a string, not ${key === null || key === undefined ? "null" : `a ${typeName(key)}`}`);
}

