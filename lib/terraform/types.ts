/**
 * Variable type constraints and the conversion Terraform applies to a variable's default:
 * `set(string)` makes a set (so it can drive for_each), `number` turns `"22"` into 22, and
 * `object({ priority = optional(number, 1) })` fills in a missing optional attribute with its
 * default (or null) and drops attributes the type does not declare.
 */
import { Expr } from "./expression";
import { UnknownValue } from "./unknowns";
import { Resolved, isMap, isReference, makeSet, numberText, putKey, typeName } from "./values";

/** A type constraint. */
export type TypeConstraint =
  | { readonly kind: "string" | "number" | "bool" | "any" }
  | { readonly kind: "list" | "set" | "map"; readonly element: TypeConstraint }
  | { readonly kind: "tuple"; readonly elements: readonly TypeConstraint[] }
  | { readonly kind: "object"; readonly attributes: ReadonlyMap<string, Attribute> };

/** An attribute of an object type. */
export interface Attribute {
  readonly type: TypeConstraint;
  readonly optional: boolean;
  /** The default of `optional(type, default)`. */
  readonly default?: Resolved;
}

const ANY: TypeConstraint = { kind: "any" };

/**
 * The type constraint an expression writes (`map(object({ port = number }))`); undefined when
 * it is not one the reader understands (the default is then used as written).
 */
export function typeFromExpr(expr: Expr): TypeConstraint | undefined {
  if (expr.kind === "scope" && expr.steps.length === 0) {
    if (expr.root === "string" || expr.root === "number" || expr.root === "bool" || expr.root === "any") return { kind: expr.root };
    // Terraform 0.11's `list` and `map`.
    if (expr.root === "list" || expr.root === "map") return { kind: expr.root, element: ANY };
    return undefined;
  }
  if (expr.kind === "template" && expr.parts.length === 1 && expr.parts[0].kind === "literal" && typeof expr.parts[0].value === "string") {
    return typeFromText(expr.parts[0].value); // `type = "string"`, the 0.11 form
  }
  if (expr.kind !== "call") return undefined;
  const [first] = expr.args;
  if ((expr.name === "list" || expr.name === "set" || expr.name === "map") && expr.args.length === 1) {
    const element = typeFromExpr(first);
    return element && { kind: expr.name, element };
  }
  if (expr.name === "tuple" && expr.args.length === 1 && first.kind === "tuple") {
    const elements = first.items.map(typeFromExpr);
    return elements.every((e): e is TypeConstraint => e !== undefined) ? { kind: "tuple", elements } : undefined;
  }
  if (expr.name === "object" && expr.args.length === 1 && first.kind === "object") {
    const attributes = new Map<string, Attribute>();
    for (const item of first.items) {
      const name = constant(item.key);
      if (typeof name !== "string") return undefined;
      const v = item.value;
      if (v.kind === "call" && v.name === "optional" && (v.args.length === 1 || v.args.length === 2)) {
        const type = typeFromExpr(v.args[0]);
        if (!type) return undefined;
        if (v.args.length === 2) {
          const d = constant(v.args[1]);
          if (d === NOT_CONSTANT) return undefined;
          attributes.set(name, { type, optional: true, default: d });
        } else attributes.set(name, { type, optional: true });
      } else {
        const type = typeFromExpr(v);
        if (!type) return undefined;
        attributes.set(name, { type, optional: false });
      }
    }
    return { kind: "object", attributes };
  }
  return undefined;
}

/** Primitive and simple collection types written as text without the HCL parser. */
export function typeFromText(text: string): TypeConstraint | undefined {
  const t = text.trim();
  if (t === "string" || t === "number" || t === "bool" || t === "any") return { kind: t };
  if (t === "list" || t === "map") return { kind: t, element: ANY };
  const m = /^(list|set|map)\((.*)\)$/s.exec(t);
  if (m) {
    const element = typeFromText(m[2]);
    return element && { kind: m[1] as "list" | "set" | "map", element };
  }
  return undefined;
}

const NOT_CONSTANT = Symbol("not constant");

/** The value of a constant expression (literals, tuples, objects); NOT_CONSTANT otherwise. */
function constant(expr: Expr): Resolved | typeof NOT_CONSTANT {
  switch (expr.kind) {
    case "literal":
      return expr.value;
    case "template": {
      const parts = expr.parts.map(constant);
      return parts.every((p) => typeof p === "string") ? parts.join("") : NOT_CONSTANT;
    }
    case "tuple": {
      const items = expr.items.map(constant);
      return items.some((i) => i === NOT_CONSTANT) ? NOT_CONSTANT : (items as Resolved[]);
    }
    case "object": {
      const out: { [key: string]: Resolved } = {};
      for (const item of expr.items) {
        const k = constant(item.key);
        const v = constant(item.value);
        if (typeof k !== "string" || v === NOT_CONSTANT) return NOT_CONSTANT;
        putKey(out, k, v);
      }
      return out;
    }
    case "unary": {
      const v = constant(expr.operand);
      return expr.operator === "-" && typeof v === "number" ? -v : NOT_CONSTANT;
    }
    default:
      return NOT_CONSTANT;
  }
}

/**
 * Converts a value to a type as Terraform converts a variable's default.
 * @param fail reports a value the type does not accept (a message naming the path)
 */
export function convertToType(value: Resolved, type: TypeConstraint, fail: (message: string) => never, path = "the default"): Resolved {
  if (value === null || value === undefined) return null;
  // A module input known only after apply: an unknown is of any type, an id is a string.
  if (value instanceof UnknownValue || (isReference(value) && (type.kind === "string" || type.kind === "any"))) return value;
  switch (type.kind) {
    case "any":
      return value;
    case "string":
      if (typeof value === "string") return value;
      if (typeof value === "number") return numberText(value);
      if (typeof value === "boolean") return value ? "true" : "false";
      return fail(`${path} must be a string, not a ${typeName(value)}`);
    case "number":
      if (typeof value === "number") return value;
      if (typeof value === "string" && /^\s*-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(value)) return Number(value);
      return fail(`${path} must be a number, not ${typeof value === "string" ? JSON.stringify(value) : `a ${typeName(value)}`}`);
    case "bool":
      if (typeof value === "boolean") return value;
      if (value === "true" || value === "false") return value === "true";
      return fail(`${path} must be a bool, not ${typeof value === "string" ? JSON.stringify(value) : `a ${typeName(value)}`}`);
    case "list":
    case "set": {
      if (!Array.isArray(value)) return fail(`${path} must be a ${type.kind}, not a ${typeName(value)}`);
      const items = value.map((v, i) => convertToType(v, type.element, fail, `${path}[${i}]`));
      if (type.kind === "set") {
        if (items.some((v) => v === null)) fail(`${path} must not hold null: it is a set`);
        return makeSet(items);
      }
      return items;
    }
    case "tuple":
      if (!Array.isArray(value) || value.length !== type.elements.length) return fail(`${path} must be a tuple of ${type.elements.length} elements`);
      return value.map((v, i) => convertToType(v, type.elements[i], fail, `${path}[${i}]`));
    case "map": {
      if (!isMap(value)) return fail(`${path} must be a map, not a ${typeName(value)}`);
      const out: { [key: string]: Resolved } = {};
      for (const [k, v] of Object.entries(value)) putKey(out, k, convertToType(v, type.element, fail, `${path}[${JSON.stringify(k)}]`));
      return out;
    }
    case "object": {
      if (!isMap(value)) return fail(`${path} must be an object, not a ${typeName(value)}`);
      const given_ = value as Record<string, Resolved>;
      const out: { [key: string]: Resolved } = {};
      for (const [name, attr] of type.attributes) {
        const given = given_[name];
        if (given === undefined || given === null) {
          if (!attr.optional && given === undefined) fail(`${path} lacks the attribute ${JSON.stringify(name)}, which the type requires`);
          out[name] = attr.default !== undefined && attr.default !== null ? convertToType(attr.default, attr.type, fail, `${path}.${name}`) : null;
        } else out[name] = convertToType(given, attr.type, fail, `${path}.${name}`);
      }
      return out;
    }
  }
}
