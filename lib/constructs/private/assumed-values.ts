/**
 * Which variable defaults a synth-time proof assumed. At synth, a `TerraformVariable` with a
 * default is read with that default (as `terraform plan` reads it when no value is given); the
 * value given when Terraform runs (`-var`, a `.tfvars` file, `TF_VAR_name`) may differ, so the
 * checks say, on each resource whose matching fields depend on one, which defaults they assumed.
 *
 * A field depends on a variable when an expression in it names `var.<name>`, directly or through locals
 * (`local.<name>` whose value names the variable, at any depth). Fields that decide no verdict
 * (`name`, `description`, `tags`) are not looked at.
 */
import { isTemplate } from "../../terraform/expression";
import { MODELLED_TYPES } from "../../terraform/model/resource-types";

/** One variable default a resource's matching fields depend on. */
export interface AssumedDefault {
  /** The resource's Terraform address, `type.name`. */
  readonly address: string;
  /** The variable's name. */
  readonly variable: string;
  /** The default, as JSON text (shortened). */
  readonly value: string;
}

/** Fields that decide no verdict. */
const IGNORED_FIELDS = new Set(["name", "description", "tags", "//"]);

const VAR_REFERENCE = /\bvar\.([A-Za-z_][A-Za-z0-9_-]*)/g;
const LOCAL_REFERENCE = /\blocal\.([A-Za-z_][A-Za-z0-9_-]*)/g;
/** Longest default shown in a message. */
const SHOWN = 80;

/**
 * The variable defaults each modelled resource of a stack's Terraform depends on, in document
 * order. Costs nothing when the stack declares no variable with a default.
 */
export function assumedDefaults(json: Record<string, unknown>): AssumedDefault[] {
  const defaults = variableDefaults(json.variable);
  if (defaults.size === 0) return [];
  const localVariables = variablesOfLocals(json.locals);
  const out: AssumedDefault[] = [];
  const resources = json.resource;
  if (typeof resources !== "object" || resources === null) return out;
  for (const [type, named] of Object.entries(resources as Record<string, unknown>)) {
    if (!MODELLED_TYPES.has(type) || typeof named !== "object" || named === null) continue;
    for (const [name, body] of Object.entries(named as Record<string, unknown>)) {
      const found = new Set<string>();
      for (const [field, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
        if (!IGNORED_FIELDS.has(field)) referencedVariables(value, localVariables, found);
      }
      for (const variable of [...found].sort()) {
        if (defaults.has(variable)) out.push({ address: `${type}.${name}`, variable, value: defaults.get(variable)! });
      }
    }
  }
  return out;
}

/** The variables declared with a default, and the default as shortened JSON text. */
function variableDefaults(variables: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof variables !== "object" || variables === null) return out;
  for (const [name, body] of Object.entries(variables as Record<string, unknown>)) {
    if (typeof body !== "object" || body === null || !("default" in body)) continue;
    const text = JSON.stringify((body as { default: unknown }).default) ?? "null";
    out.set(name, text.length > SHOWN ? `${text.slice(0, SHOWN - 1)}…` : text);
  }
  return out;
}

/** For each local, the variables its value names, through other locals too. */
function variablesOfLocals(locals: unknown): Map<string, Set<string>> {
  const direct = new Map<string, { variables: Set<string>; locals: Set<string> }>();
  if (typeof locals === "object" && locals !== null) {
    for (const [name, value] of Object.entries(locals as Record<string, unknown>)) {
      const variables = new Set<string>();
      const named = new Set<string>();
      for (const text of stringsOf(value)) {
        if (!isTemplate(text)) continue;
        for (const m of text.matchAll(VAR_REFERENCE)) variables.add(m[1]);
        for (const m of text.matchAll(LOCAL_REFERENCE)) named.add(m[1]);
      }
      direct.set(name, { variables, locals: named });
    }
  }
  // The closure, iteratively (a cycle is Terraform's error, not a reason to loop).
  const out = new Map<string, Set<string>>();
  for (const name of direct.keys()) {
    const variables = new Set<string>();
    const seen = new Set<string>([name]);
    const todo = [name];
    while (todo.length > 0) {
      const d = direct.get(todo.pop()!);
      if (!d) continue;
      for (const v of d.variables) variables.add(v);
      for (const l of d.locals) if (!seen.has(l)) (seen.add(l), todo.push(l));
    }
    out.set(name, variables);
  }
  return out;
}

/** Adds the variables a value names, directly or through locals, to `found`. */
function referencedVariables(value: unknown, locals: ReadonlyMap<string, ReadonlySet<string>>, found: Set<string>): void {
  for (const text of stringsOf(value)) {
    if ((!text.includes("var.") && !text.includes("local.")) || !isTemplate(text)) continue;
    for (const m of text.matchAll(VAR_REFERENCE)) found.add(m[1]);
    for (const m of text.matchAll(LOCAL_REFERENCE)) for (const v of locals.get(m[1]) ?? []) found.add(v);
  }
}

/** Every string inside a JSON value (iteratively: any depth). */
function stringsOf(value: unknown): string[] {
  const out: string[] = [];
  const todo: unknown[] = [value];
  while (todo.length > 0) {
    const v = todo.pop();
    if (typeof v === "string") out.push(v);
    else if (Array.isArray(v)) todo.push(...v);
    else if (typeof v === "object" && v !== null) todo.push(...Object.values(v));
  }
  return out;
}
