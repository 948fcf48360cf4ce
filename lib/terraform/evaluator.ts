/**
 * Evaluates parsed expressions (`Expr`) against a configuration, synchronously: variables
 * (their defaults), locals, `count.index`, `each.key`/`each.value`, for-expression variables,
 * resource and data source attributes, the whitelisted functions, conditionals and operators.
 *
 * What Terraform would reject (an undeclared variable, an index out of range, a for expression
 * producing one key twice, a function given the wrong kind of argument) throws a ValidationError
 * naming the field being read. What is not known before apply evaluates to an UnknownValue.
 */
import { ValidationError } from "../core/errors";
import type { ResourceBlock } from "./values";
import type { Scope, Site } from "./site";
import { Expansion, ResourceInstance, instanceByKey } from "./expansion";
import { Expr, Step } from "./expression";
import { callFunction } from "./functions";
import { LimitExceeded, MAX_NESTING_DEPTH, MAX_STRING_LENGTH, WorkBudget, limitText, shownField, shownValue } from "./limits";
import { tryCall } from "./lazy-functions";
import { binaryOperation, numberOperand, truth } from "./operators";
import { forExpression, keyText } from "./for-expression";
import { pathValue } from "./paths";
import { UnknownValue } from "./unknowns";
import { Resolved, ResourceHandle, compareLexical, putKey, isMap, isReference, isSet, knownAfterApply, makeSet, numberText, reference, resourceObjectPath, typeName } from "./values";

export type { Scope, Site } from "./site";

/** What an expression can refer to. */
export interface Environment {
  /** `var.NAME`: its default, converted to its type; unknown without a default. @throws when not declared */
  variable(name: string, site: Site): Resolved;
  /** `local.NAME`. @throws when not defined, or when locals refer to each other in a cycle */
  local(name: string, site: Site): Resolved;
  /** A resource block by type and name. */
  resource(type: string, name: string): ResourceBlock | undefined;
  /** A data block by type and name. */
  dataSource(type: string, name: string): ResourceBlock | undefined;
  /** The instances of a block (count / for_each). */
  expansion(block: ResourceBlock): Expansion;
  /** An attribute of a resource instance, as the configuration sets it (unknown when it does not). */
  attribute(instance: ResourceInstance, name: string): Resolved;
  /** `module.NAME`: the call's outputs as an object (a list or map of them with count or for_each). @throws when no such call */
  module?(name: string, site: Site): Resolved;
}

/** Roots that are not resource types. */
const NOT_EVALUATED: Readonly<Record<string, string>> = {
  terraform: "the workspace (terraform.*) is not evaluated statically",
  self: "the self object is only meaningful in provisioners and is not evaluated statically",
};

/** Evaluates expressions in one environment. */
export class Evaluator {
  /** The work spent so far, against the limits of limits.ts. */
  readonly budget = new WorkBudget();
  /** Levels of evaluation in progress (expressions in expressions, locals through locals). */
  private depth = 0;

  constructor(private readonly env: Environment) {}

  /**
   * The value of an expression.
   * @throws LimitExceeded when it nests too deep or the configuration's work budget is spent
   */
  evaluate(expr: Expr, scope: Scope, site: Site): Resolved {
    return this.nested(site, () => this.node(expr, scope, site));
  }

  /**
   * Runs `inner` one level of nesting deeper, so that no recursion (of expressions, of values
   * written in a field, of locals naming locals) goes past MAX_NESTING_DEPTH.
   * @throws LimitExceeded naming the site when it would
   */
  nested<T>(site: Site, inner: () => T): T {
    if (this.depth >= MAX_NESTING_DEPTH) this.limit(site, `nests deeper than ${limitText(MAX_NESTING_DEPTH)} levels (the limit): expressions, values and references to locals within one another count alike`);
    const over = this.budget.step(1);
    if (over) this.limit(site, over);
    this.depth++;
    try {
      return inner();
    } finally {
      this.depth--;
    }
  }

  /** Throws the error of a limit gone past. */
  limit(site: Site, message: string): never {
    throw new LimitExceeded(site.subject, shownField(site.field), shownValue(site.written), message);
  }

  private node(expr: Expr, scope: Scope, site: Site): Resolved {
    const invalid = (message: string): never => {
      throw new ValidationError(site.subject, site.field, site.written, message);
    };
    switch (expr.kind) {
      case "literal":
        return expr.value;
      case "template": {
        let out = "";
        for (const part of expr.parts) {
          const v = this.evaluate(part, scope, site);
          let piece: string;
          if (typeof v === "string") piece = v;
          else if (typeof v === "number") piece = numberText(v);
          else if (typeof v === "boolean") piece = v ? "true" : "false";
          else if (v instanceof UnknownValue) return v;
          else if (isReference(v)) return knownAfterApply(v);
          else if (v === null || v === undefined) return invalid("a string template cannot include a null value");
          else return invalid(`a string template cannot include a ${typeName(v)}`);
          if (out.length + piece.length > MAX_STRING_LENGTH) this.limit(site, `the string template's result would be longer than ${limitText(MAX_STRING_LENGTH)} characters (the limit)`);
          out += piece;
        }
        const over = expr.parts.length > 1 ? this.budget.string(out.length, "the string template's result") : undefined;
        if (over) this.limit(site, over);
        return out;
      }
      case "scope":
        return this.steps(this.root(expr.root, expr.steps, scope, site), rootSteps(expr, scope), site);
      case "relative":
        return this.steps(this.evaluate(expr.source, scope, site), expr.steps, site);
      case "index": {
        const collection = this.evaluate(expr.collection, scope, site);
        const key = this.evaluate(expr.key, scope, site);
        if (key instanceof UnknownValue) return key;
        if (isReference(key)) return knownAfterApply(key);
        if (typeof key !== "string" && typeof key !== "number") return invalid(`an index must be a string or a number, not ${key === null || key === undefined ? "null" : `a ${typeName(key)}`}`);
        return this.step(collection, { kind: "key", key }, site);
      }
      case "splat": {
        const source = this.materialize(this.evaluate(expr.source, scope, site));
        if (source === null || source === undefined) return [];
        if (source instanceof UnknownValue) return source;
        const items = Array.isArray(source) ? source : [source];
        return items.map((item) => this.evaluate(expr.each, { ...scope, item }, site));
      }
      case "item":
        return scope.item;
      case "call": {
        if (expr.name === "try" || expr.name === "can") return tryCall(this, expr, scope, site);
        let args = expr.args.map((a) => this.materialize(this.evaluate(a, scope, site)));
        if (expr.expandFinal) {
          const last = args[args.length - 1];
          if (last instanceof UnknownValue) return last;
          if (!Array.isArray(last)) return invalid(`${expr.name}(...): the argument expanded with ... must be a list, not a ${typeName(last)}`);
          args = [...args.slice(0, -1), ...last];
        }
        return callFunction(expr.name, args, {
          invalid: (message) => invalid(`${expr.name}(...): ${message}`),
          limit: (message) => this.limit(site, `${expr.name}(...): ${message}`),
          budget: this.budget,
          ...(site.file !== undefined ? { file: site.file } : {}),
        });
      }
      case "tuple":
        return expr.items.map((i) => this.evaluate(i, scope, site));
      case "object": {
        const out: { [key: string]: Resolved } = {};
        for (const item of expr.items) {
          const key = this.evaluate(item.key, scope, site);
          const k = keyText(key, site);
          if (k instanceof UnknownValue) return k;
          putKey(out, k, this.evaluate(item.value, scope, site));
        }
        return out;
      }
      case "for":
        return forExpression(this, expr, scope, site);
      case "join": {
        const v = this.evaluate(expr.source, scope, site);
        if (v instanceof UnknownValue) return v;
        if (!Array.isArray(v)) return invalid("a %{for} directive must yield strings");
        const first = v.find((x) => typeof x !== "string");
        if (first !== undefined) return first instanceof UnknownValue ? first : isReference(first) ? knownAfterApply(first) : invalid("a %{for} directive must yield strings");
        const over = this.budget.string((v as string[]).reduce((n, x) => n + x.length, 0), "the %{for} directive's result");
        if (over) this.limit(site, over);
        return v.join("");
      }
      case "conditional": {
        const c = truth(this.evaluate(expr.condition, scope, site), site, "the condition");
        if (c instanceof UnknownValue) return c;
        const chosen = this.evaluate(c ? expr.then : expr.otherwise, scope, site);
        // Terraform unifies the two results' types: `cond ? toset([...]) : []` is a set either way
        // (an empty tuple converts to an empty set), which for_each accepts.
        if (Array.isArray(chosen) && chosen.length === 0 && !isSet(chosen)) {
          let other: Resolved;
          try {
            other = this.evaluate(c ? expr.otherwise : expr.then, scope, site);
          } catch {
            return chosen;
          }
          if (Array.isArray(other) && isSet(other)) return makeSet([]);
        }
        return chosen;
      }
      case "unary": {
        const v = this.evaluate(expr.operand, scope, site);
        if (expr.operator === "!") {
          const b = truth(v, site, "the operand of !");
          return b instanceof UnknownValue ? b : !b;
        }
        const n = numberOperand(v, site, "the operand of -");
        return n instanceof UnknownValue ? n : -n;
      }
      case "binary":
        return binaryOperation(expr.operator, this.evaluate(expr.left, scope, site), this.evaluate(expr.right, scope, site), site);
      case "unsupported":
        if (expr.invalid) return invalid(expr.reason);
        return new UnknownValue(expr.reason);
    }
  }

  /** A whole resource becomes its instances (a list for count, a map for for_each); other values pass. */
  materialize(v: Resolved): Resolved {
    if (!(v instanceof ResourceHandle) || v.instance) return v;
    const e = this.env.expansion(v.block);
    if (!e.known) return e.unknown;
    if (e.by === undefined) return new ResourceHandle(v.block, e.instances[0]);
    if (e.by === "count") return e.instances.map((i) => new ResourceHandle(v.block, i));
    return Object.fromEntries(e.instances.map((i) => [i.each!.key, new ResourceHandle(v.block, i)]));
  }

  private root(root: string, steps: readonly Step[], scope: Scope, site: Site): Resolved {
    const invalid = (message: string): never => {
      throw new ValidationError(site.subject, site.field, site.written, message);
    };
    if (scope.vars?.has(root)) return scope.vars.get(root);
    const [first, second] = steps;
    const name = first?.kind === "attr" ? first.name : undefined;
    switch (root) {
      case "var":
        if (name === undefined) return invalid("var must be followed by a variable name, as var.NAME");
        return this.env.variable(name, site);
      case "local":
        if (name === undefined) return invalid("local must be followed by a local name, as local.NAME");
        return this.env.local(name, site);
      case "count":
        if (scope.instance?.countIndex === undefined) return invalid("count.index is used where there is no count: only in a resource with count");
        if (name !== "index") return invalid("count has only the attribute index");
        return scope.instance.countIndex;
      case "each":
        if (!scope.instance?.each) return invalid("each is used where there is no for_each: only in a resource with for_each");
        if (name !== "key" && name !== "value") return invalid("each has only the attributes key and value");
        return scope.instance.each[name];
      case "module":
        if (name === undefined) return invalid("module must be followed by a module call's name, as module.NAME");
        return this.env.module ? this.env.module(name, site) : new UnknownValue("module outputs are not read: the reader does not follow modules here");
      case "path":
        if (name === undefined) return invalid("path must be followed by an attribute, as path.module");
        return pathValue(name, site);
      case "data": {
        const type = name;
        const dataName = second?.kind === "attr" ? second.name : undefined;
        if (type === undefined || dataName === undefined) return invalid("a data source is referred to as data.TYPE.NAME");
        const block = this.env.dataSource(type, dataName);
        if (!block) return invalid(`refers to data.${type}.${dataName}, which is not defined`);
        return new ResourceHandle(block);
      }
    }
    if (root in NOT_EVALUATED) return new UnknownValue(NOT_EVALUATED[root]);
    if (name === undefined) return invalid(first === undefined ? `${root} is not a resource attribute reference` : `${root}[...] is not a reference to anything`);
    const block = this.env.resource(root, name);
    if (!block) return invalid(`refers to ${root}.${name}, which is not defined in the configuration`);
    return new ResourceHandle(block);
  }

  private steps(value: Resolved, steps: readonly Step[], site: Site): Resolved {
    let cur = value;
    for (const step of steps) cur = this.step(cur, step, site);
    return cur;
  }

  /** One step into a value: `.name` or `[key]`. */
  step(value: Resolved, step: Step, site: Site): Resolved {
    const invalid = (message: string): never => {
      throw new ValidationError(site.subject, site.field, site.written, message);
    };
    const shown = step.kind === "attr" ? `.${step.name}` : `[${JSON.stringify(step.key)}]`;
    if (value instanceof UnknownValue) return value;
    if (value instanceof ResourceHandle) return this.resourceStep(value, step, site);
    if (isReference(value)) return invalid(`${JSON.stringify(value)} is an id known only after apply: it has no ${shown}`);
    if (value === null || value === undefined) return invalid(`cannot read ${shown} of a null value`);
    if (Array.isArray(value)) {
      const raw = step.kind === "attr" ? step.name : step.key;
      const index = typeof raw === "number" ? raw : /^-?(\d+(\.\d*)?|\.\d+)$/.test(raw) ? Number(raw) : undefined;
      if (isSet(value)) return invalid(`a set cannot be indexed (${shown}): convert it with tolist() first`);
      if (index === undefined) return invalid(`a list has no attribute ${JSON.stringify(raw)}`);
      if (!Number.isInteger(index)) return invalid(`${numberText(index)} is not a valid index: an index into a list must be a whole number`);
      if (index < 0) return invalid(`a negative number (${numberText(index)}) is not a valid index: a list's elements are numbered from 0`);
      if (index >= value.length) return invalid(`index ${index} is out of range: the list has ${value.length} element${value.length === 1 ? "" : "s"}`);
      return value[index];
    }
    if (isMap(value)) {
      const key = step.kind === "attr" ? step.name : String(step.key);
      if (!Object.prototype.hasOwnProperty.call(value, key)) {
        // A nested block of a resource: what it does not set, the provider computes.
        const block = resourceObjectPath(value);
        if (block !== undefined) return new UnknownValue(`the attribute ${block}.${key} is not set in the configuration: it is computed at apply time`);
        const keys = Object.keys(value).sort(compareLexical);
        return invalid(`has no attribute or key ${JSON.stringify(key)} (it has ${keys.length ? keys.map((k) => JSON.stringify(k)).join(", ") : "none"})`);
      }
      return value[key];
    }
    return invalid(`a ${typeName(value)} has no ${shown}`);
  }

  private resourceStep(handle: ResourceHandle, step: Step, site: Site): Resolved {
    const invalid = (message: string): never => {
      throw new ValidationError(site.subject, site.field, site.written, message);
    };
    const { block } = handle;
    let instance = handle.instance;
    if (!instance) {
      const e = this.env.expansion(block);
      if (!e.known) return new UnknownValue(`the ${e.field} of ${block.address} is not known statically (${e.unknown.reason}), so neither are its instances`);
      if (e.by === undefined) {
        if (step.kind === "key") return invalid(`${block.address} has neither count nor for_each: it has no instance [${JSON.stringify(step.key)}]`);
        instance = e.instances[0];
      } else {
        if (step.kind === "attr") return invalid(`${block.address} has ${e.by}: name one of its instances, as ${e.by === "count" ? `${block.address}[0]` : `${block.address}["KEY"]`}.${step.name}`);
        const wanted = e.by === "count" ? (typeof step.key === "number" ? step.key : /^\d+$/.test(step.key) ? Number(step.key) : undefined) : String(step.key);
        const found = wanted === undefined ? undefined : instanceByKey(e.instances, wanted);
        if (!found) {
          const have = e.instances.map((i) => i.address.slice(block.address.length)).join(", ") || "none";
          return invalid(`${block.address} has no instance [${JSON.stringify(step.key)}] (its instances: ${have})`);
        }
        return new ResourceHandle(block, found);
      }
    }
    if (step.kind === "key") return invalid(`${instance.address} is one resource: it has no [${JSON.stringify(step.key)}]`);
    const data = block.address.startsWith("data.");
    if (step.name === "id") return reference({ ref: "id", type: block.type, address: instance.address, data });
    if (data) return new UnknownValue(`the data source attribute ${instance.address}.${step.name} is read from the cloud when Terraform plans (only a data source's id is understood)`);
    return this.env.attribute(instance, step.name);
  }
}

/** The steps of a scope traversal left after its root value (a for variable, var.X, each.value, a resource ...). */
function rootSteps(expr: Extract<Expr, { kind: "scope" }>, scope: Scope): readonly Step[] {
  if (scope.vars?.has(expr.root)) return expr.steps;
  if (expr.root === "data") return expr.steps.slice(2);
  if (expr.root in NOT_EVALUATED) return [];
  return expr.steps.slice(1);
}
