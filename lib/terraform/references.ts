/**
 * What `terraform validate` rejects before evaluating anything, checked the same way: every
 * expression of every resource, data, locals, module and output block — whether or not the model
 * reads it — may refer only to declared input variables, local values, resources and data
 * sources; and local values may not refer to one another in a cycle, even when no one uses them
 * (Terraform's graph keeps every local of the configuration, and its cycle check rejects one).
 *
 * Valid in their contexts and not checked here: `module.*`, `path.*`, `terraform.*`, `self`,
 * `count`, `each`, a `for` expression's variables, a `dynamic` block's iterator in its content,
 * the attribute names of `lifecycle` (`ignore_changes = [tags]`) and `provider` references.
 */
import { ValidationError } from "../core/errors";
import { ParsedExpression, isTemplate } from "./expression";
import { shownValue } from "./limits";
import { Traversal, traversalsOf } from "./traversals";

/** A reference to a variable, local, resource or data source the configuration does not declare. */
export class UndeclaredReference extends ValidationError {}

/** What a configuration declares, and how its strings parse. */
export interface Declarations {
  hasVariable(name: string): boolean;
  hasLocal(name: string): boolean;
  hasResource(type: string, name: string): boolean;
  hasDataSource(type: string, name: string): boolean;
  /** The parsed form of a JSON-form string. */
  parsed(text: string): ParsedExpression;
}

/** A block body (or a local's value) whose expressions are checked. */
export interface CheckedBody {
  /** `file: address` for messages. */
  readonly subject: string;
  /** The field its value is in ("" for a whole block body; the local's name for a local). */
  readonly field: string;
  readonly value: unknown;
  /** Whether the file is HCL (expressions are then shown as written there). */
  readonly hcl: boolean;
}

/** Roots that are valid where they appear and name nothing declared. */
const CONTEXTUAL = new Set(["module", "path", "terraform", "self", "count", "each"]);

/** Keys of a block whose values are not references to check (lifecycle's bare names, provider aliases, module sources). */
const NOT_CHECKED = new Set(["//", "lifecycle", "provisioner", "connection", "provider", "providers", "source", "version"]);

/**
 * Checks every expression of the bodies.
 * @throws UndeclaredReference naming the file, address, field and reference, in Terraform's words
 */
export function checkReferences(bodies: Iterable<CheckedBody>, declared: Declarations): void {
  // Most strings of a large configuration repeat (`${huaweicloud_networking_secgroup.web.id}`):
  // one checked where no name is bound needs no second look.
  const fine = new Set<string>();
  const check = (text: string, body: CheckedBody, at: FieldPath | undefined, bound: ReadonlySet<string>): void => {
    if (bound.size === 0 && fine.has(text)) return;
    if (!isTemplate(text)) return;
    const parsed = declared.parsed(text);
    for (const t of traversalsOf(parsed.expr, bound)) {
      const problem = undeclared(t, declared);
      if (problem) throw new UndeclaredReference(body.subject, fieldText(body.field, at), body.hcl ? parsed.display : text, problem);
    }
    if (bound.size === 0) fine.add(text);
  };
  for (const body of bodies) {
    const todo: Array<[unknown, FieldPath | undefined, ReadonlySet<string>]> = [[body.value, undefined, NONE]];
    while (todo.length > 0) {
      const [value, at, bound] = todo.pop()!;
      if (typeof value === "string") check(value, body, at, bound);
      else if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) todo.push([value[i], { parent: at, key: i }, bound]);
      } else if (typeof value === "object" && value !== null) {
        for (const k in value) {
          if (!Object.prototype.hasOwnProperty.call(value, k) || k === "//" || (NOT_CHECKED.has(k) && at === undefined && body.field === "")) continue;
          const v = (value as Record<string, unknown>)[k];
          // Strings are checked in place (most values of a body): only containers wait on the stack.
          if (typeof v === "string") {
            if (v.includes("{")) check(v, body, { parent: at, key: k }, bound);
          } else if (typeof v !== "object" || v === null) continue;
          else if (k === "dynamic") pushDynamic(v, { parent: at, key: k }, bound, todo);
          else todo.push([v, { parent: at, key: k }, bound]);
        }
      }
    }
  }
}

const NONE: ReadonlySet<string> = new Set();

/** Where a value is in a body, built as a string only for a message. */
interface FieldPath {
  readonly parent: FieldPath | undefined;
  readonly key: string | number;
}

function fieldText(root: string, at: FieldPath | undefined): string {
  const keys: Array<string | number> = [];
  for (let p = at; p; p = p.parent) keys.push(p.key);
  let out = root;
  for (const k of keys.reverse()) out = typeof k === "number" ? `${out}[${k}]` : out === "" ? k : `${out}.${k}`;
  return out;
}

/** A `dynamic "label" { for_each, iterator, content }`: the iterator name is bound in its content. */
function pushDynamic(value: unknown, at: FieldPath, bound: ReadonlySet<string>, todo: Array<[unknown, FieldPath | undefined, ReadonlySet<string>]>): void {
  for (const item of Array.isArray(value) ? value : [value]) {
    if (typeof item !== "object" || item === null) continue;
    for (const [label, blocks] of Object.entries(item)) {
      for (const block of Array.isArray(blocks) ? blocks : [blocks]) {
        if (typeof block !== "object" || block === null) continue;
        const b = block as Record<string, unknown>;
        // `iterator = hint` arrives from HCL as the template "${hint}", from JSON as "hint".
        const iterator = typeof b.iterator === "string" ? b.iterator.replace(/^\$\{\s*([\s\S]*?)\s*\}$/, "$1") : label;
        const within = new Set(bound).add(iterator);
        for (const [k, v] of Object.entries(b)) {
          if (k === "iterator" || k === "//") continue;
          todo.push([v, { parent: { parent: at, key: label }, key: k }, k === "for_each" ? bound : within]);
        }
      }
    }
  }
}

/**
 * Whether an expression, read where no name is bound, refers to something undeclared. A
 * configuration whose distinct expressions all pass needs no walk of its bodies; one that has such
 * an expression is walked to find where (a `dynamic` iterator or a provider alias may make it fine).
 */
export function mayReferToUndeclared(expr: ParsedExpression["expr"], declared: Declarations): boolean {
  return traversalsOf(expr).some((t) => undeclared(t, declared) !== undefined);
}

/** Why a traversal refers to nothing declared, in Terraform's words; undefined when it is fine. */
function undeclared(t: Traversal, declared: Declarations): string | undefined {
  if (CONTEXTUAL.has(t.root)) return undefined;
  const [first, second] = t.steps;
  const name = first?.kind === "attr" ? first.name : undefined;
  if (name === undefined) return undefined; // not a reference to a declaration: the evaluator says why where it is read
  if (t.root === "var") {
    return declared.hasVariable(name) ? undefined : `Reference to undeclared input variable: refers to variable ${name}, which is not declared`;
  }
  if (t.root === "local") {
    return declared.hasLocal(name) ? undefined : `Reference to undeclared local value: refers to local ${name}, which is not defined`;
  }
  if (t.root === "data") {
    const dataName = second?.kind === "attr" ? second.name : undefined;
    if (dataName === undefined || declared.hasDataSource(name, dataName)) return undefined;
    return `Reference to undeclared resource: refers to data.${name}.${dataName}, which is not defined`;
  }
  if (declared.hasResource(t.root, name)) return undefined;
  return `Reference to undeclared resource: refers to ${t.root}.${name}, which is not defined in the configuration`;
}

/**
 * Checks that no local value refers to itself, directly or through other locals, used or not.
 * @param locals each local's value as written, with the subject of messages about it
 * @throws ValidationError naming the local and the cycle
 */
export function checkLocalCycles(locals: ReadonlyMap<string, CheckedBody>, declared: Declarations): void {
  const edges = new Map<string, string[]>();
  for (const [name, body] of locals) {
    const refs = new Set<string>();
    const todo: unknown[] = [body.value];
    while (todo.length > 0) {
      const v = todo.pop();
      if (typeof v === "string") {
        if (!isTemplate(v)) continue;
        for (const t of traversalsOf(declared.parsed(v).expr)) {
          const first = t.steps[0];
          if (t.root === "local" && first?.kind === "attr" && locals.has(first.name)) refs.add(first.name);
        }
      } else if (Array.isArray(v)) todo.push(...v);
      else if (typeof v === "object" && v !== null) todo.push(...Object.values(v));
    }
    edges.set(name, [...refs]);
  }
  // Depth-first search with an explicit stack: white (absent), grey (on the path), black (done).
  const state = new Map<string, "grey" | "black">();
  for (const start of locals.keys()) {
    if (state.has(start)) continue;
    const path: string[] = [];
    const stack: Array<[string, number]> = [[start, 0]];
    state.set(start, "grey");
    path.push(start);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const next = edges.get(top[0])![top[1]++];
      if (next === undefined) {
        state.set(top[0], "black");
        stack.pop();
        path.pop();
        continue;
      }
      if (state.get(next) === "grey") {
        const cycle = [...path.slice(path.indexOf(next)), next].map((n) => `local.${n}`);
        const body = locals.get(next)!;
        const message = cycle.length === 2 ? `Self-referencing local value: local.${next} cannot use its own result as part of its expression` : `Cycle: the local values refer to one another in a cycle (${cycle.join(" → ")}), which Terraform rejects even when they are not used`;
        const written = typeof body.value === "string" && body.hcl && isTemplate(body.value) ? declared.parsed(body.value).display : shownValue(body.value);
        throw new ValidationError(body.subject, body.field, written, message);
      }
      if (state.get(next) === "black") continue;
      state.set(next, "grey");
      path.push(next);
      stack.push([next, 0]);
    }
  }
}

/**
 * The output and module blocks of a document in JSON form, as bodies to check (tolerant of any
 * shape: what is not an object of named blocks holds nothing to check here).
 */
export function outputAndModuleBodies(file: string, json: Record<string, unknown>, hcl: boolean): CheckedBody[] {
  const out: CheckedBody[] = [];
  for (const kind of ["output", "module"]) {
    for (const item of Array.isArray(json[kind]) ? (json[kind] as unknown[]) : [json[kind]]) {
      if (typeof item !== "object" || item === null) continue;
      for (const [name, bodies] of Object.entries(item)) {
        if (name === "//") continue;
        for (const body of Array.isArray(bodies) ? bodies : [bodies]) out.push({ subject: `${file}: ${kind}.${name}`, field: "", value: body, hcl });
      }
    }
  }
  return out;
}
