/**
 * What an id that is unknown until apply will be the id of, told from the plan's configuration
 * representation: the references its expression makes, followed through module outputs and
 * module input variables. Terraform lists every reference an expression makes, unwrapped step
 * by step (`huaweicloud_networking_secgroup.web[0].id`, `huaweicloud_networking_secgroup.web[0]`,
 * `huaweicloud_networking_secgroup.web`); an index that is not a constant is cut off there, so
 * `tier[each.key].id` lists `huaweicloud_networking_secgroup.tier` and `each.key`.
 *
 * Only what the references say for certain is taken: one resource instance per reference. An
 * expression that refers to a local value (which the representation leaves out), to a variable
 * of the root module, or to a resource by an index other than the referring instance's own
 * `each.key` / `count.index` links to nothing, and the value stays unknown.
 */
import { BlockExpressions, ConfigExpression, ConfigModule } from "./sources/plan-json";

/** A resource instance an expression refers to, and the attribute it reads. */
export interface LinkTarget {
  /** The instance's absolute address. */
  readonly address: string;
  /** The attribute path read from it: `id`, `network[0].port`. */
  readonly attribute: string;
}

/** Where an expression is evaluated: a module instance, and the key of the instance evaluating it. */
export interface LinkScope {
  /** The module instance's address: "" (root), `module.web[0]`, `module.a.module.b["x"]`. */
  readonly module: string;
  /** The evaluating resource instance's (or module instance's) key: each.key or count.index. */
  readonly key?: number | string;
}

const MAX_DEPTH = 32;

/** The configuration of the module instance `module` (keys ignored), or undefined. */
export function configOfModule(root: ConfigModule, module: string): ConfigModule | undefined {
  let m: ConfigModule | undefined = root;
  for (const step of moduleSteps(module)) {
    m = m?.calls.get(step.name)?.module;
    if (!m) return undefined;
  }
  return m;
}

/** `module.a[0].module.b["x"]` as its steps. */
export function moduleSteps(module: string): Array<{ readonly name: string; readonly key?: number | string; readonly text: string }> {
  const out: Array<{ name: string; key?: number | string; text: string }> = [];
  const re = /module\.([A-Za-z_][\w-]*)(\[(\d+|"(?:[^"\\]|\\.)*")\])?/y;
  let i = 0;
  while (i < module.length) {
    re.lastIndex = i;
    const m = re.exec(module);
    if (!m) return out;
    const key = m[3] === undefined ? undefined : m[3].startsWith('"') ? (JSON.parse(m[3]) as string) : Number(m[3]);
    out.push({ name: m[1], ...(key !== undefined ? { key } : {}), text: m[0] });
    i = re.lastIndex + (module[re.lastIndex] === "." ? 1 : 0);
  }
  return out;
}

/** The address `local` (`type.name[0]`, `module.x`) inside module instance `module`. */
function within(module: string, local: string): string {
  return module === "" ? local : `${module}.${local}`;
}

/** The module instance containing `module` (its parent), and the key of `module`'s own step. */
function parentOf(module: string): { parent: string; name: string; key?: number | string } | undefined {
  const steps = moduleSteps(module);
  const last = steps.pop();
  if (!last) return undefined;
  return { parent: steps.map((s) => s.text).join("."), name: last.name, ...(last.key !== undefined ? { key: last.key } : {}) };
}

/** A reference split at its start: what it refers to (resource, data, module, var...) and the rest. */
interface ParsedReference {
  readonly kind: "resource" | "module" | "var" | "other";
  /** `type.name` or `data.type.name` (resource), the call name (module), the variable name (var). */
  readonly head: string;
  /** A constant index right after the head, when there is one. */
  readonly key?: number | string;
  readonly hasKey: boolean;
  /** The rest, without a leading dot: `id`, `network[0].port`, an output name. */
  readonly rest: string;
}

const RESOURCE_HEAD = /^(data\.)?([a-z][a-z0-9]*_[\w-]*)\.([A-Za-z_][\w-]*)/;
const KEY = /^\[(\d+|"(?:[^"\\]|\\.)*")\]/;

function parseReference(ref: string): ParsedReference {
  const keyed = (head: string, kind: ParsedReference["kind"], after: string): ParsedReference => {
    const k = KEY.exec(after);
    const rest = (k ? after.slice(k[0].length) : after).replace(/^\./, "");
    if (!k) return { kind, head, hasKey: false, rest };
    return { kind, head, hasKey: true, key: k[1].startsWith('"') ? (JSON.parse(k[1]) as string) : Number(k[1]), rest };
  };
  const module = /^module\.([A-Za-z_][\w-]*)/.exec(ref);
  if (module) return keyed(module[1], "module", ref.slice(module[0].length));
  const variable = /^var\.([A-Za-z_][\w-]*)/.exec(ref);
  if (variable) return { kind: "var", head: variable[1], hasKey: false, rest: ref.slice(variable[0].length).replace(/^\./, "") };
  if (/^(local|each|count|path|terraform|self)\b/.test(ref)) return { kind: "other", head: ref, hasKey: false, rest: "" };
  const resource = RESOURCE_HEAD.exec(ref);
  if (resource) return keyed(resource[0], "resource", ref.slice(resource[0].length));
  return { kind: "other", head: ref, hasKey: false, rest: "" };
}

/**
 * The resource instances an expression's value is read from, in the order the expression
 * names them, each reading `attribute` (`id`; `network[N].port` when attribute is a pattern):
 * undefined when the references do not say for certain.
 * @param accept which attribute paths are wanted (`/^id$/`, `/^network\[\d+\]\.port$/`)
 */
export function linkTargets(root: ConfigModule, expr: ConfigExpression, scope: LinkScope, accept: RegExp, depth = 0): LinkTarget[] | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const refs = expr.references.map(parseReference);
  // Anything the representation cannot follow makes the answer uncertain.
  if (refs.some((r) => r.kind === "other" && !/^(each\.key|count\.index)$/.test(r.head))) return undefined;
  const out: LinkTarget[] = [];
  const seen = new Set<string>();
  const add = (t: LinkTarget): void => {
    const k = `${t.address}|${t.attribute}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(t);
    }
  };
  const bare = new Map<string, ParsedReference>();
  for (const r of refs) {
    if (r.kind === "resource") {
      // The most specific form names the attribute: keep it; the implied shorter forms are skipped below.
      if (r.rest !== "" && accept.test(r.rest)) add({ address: within(scope.module, r.hasKey ? `${r.head}[${JSON.stringify(r.key)}]` : r.head), attribute: r.rest });
      else if (r.rest === "") bare.set(`${r.head}${r.hasKey ? `[${JSON.stringify(r.key)}]` : ""}`, r);
    } else if (r.kind === "module") {
      if (r.rest === "") continue;
      const output = r.rest.split(/[.[]/)[0];
      const call = configOfModule(root, scope.module)?.calls.get(r.head);
      const child = call?.module.outputs.get(output);
      if (!call || !child || r.rest !== output) return undefined;
      if (!r.hasKey && (call.count || call.forEach)) return undefined;
      const childModule = within(scope.module, r.hasKey ? `module.${r.head}[${JSON.stringify(r.key)}]` : `module.${r.head}`);
      const inner = linkTargets(root, child, { module: childModule }, accept, depth + 1);
      if (!inner) return undefined;
      inner.forEach(add);
    } else if (r.kind === "var") {
      const up = parentOf(scope.module);
      if (!up || r.rest !== "") return undefined; // a root variable has its value in the plan, or none
      const argument = configOfModule(root, up.parent)?.calls.get(up.name)?.expressions.get(r.head);
      if (!argument || Array.isArray(argument)) return undefined;
      const inner = linkTargets(root, argument as ConfigExpression, { module: up.parent, ...(up.key !== undefined ? { key: up.key } : {}) }, accept, depth + 1);
      if (!inner) return undefined;
      inner.forEach(add);
    }
  }
  // A resource named without a constant index: `tier[each.key].id` or `tier[count.index].id`.
  const dynamic = [...bare.values()].filter((r) => !r.hasKey && !out.some((t) => t.address.startsWith(`${within(scope.module, r.head)}[`) || t.address === within(scope.module, r.head)));
  if (dynamic.length > 0) {
    const byKey = refs.filter((r) => r.kind === "other").map((r) => r.head);
    const ownKey = scope.key;
    if (dynamic.length !== 1 || byKey.length !== 1 || ownKey === undefined) return undefined;
    if ((byKey[0] === "each.key") !== (typeof ownKey === "string")) return undefined;
    if (!accept.test("id")) return undefined;
    add({ address: within(scope.module, `${dynamic[0].head}[${JSON.stringify(ownKey)}]`), attribute: "id" });
  }
  return out;
}

/** The expression written for a field path (`security_group_ids`, `network[0].uuid`) of a block's expressions. */
export function expressionAt(expressions: BlockExpressions, path: string): ConfigExpression | undefined {
  const steps = path.split(/\.|\[(\d+)\]/).filter((s) => s !== undefined && s !== "");
  let cur: BlockExpressions | readonly BlockExpressions[] | ConfigExpression | undefined = expressions;
  for (const step of steps) {
    if (cur instanceof Map) cur = (cur as BlockExpressions).get(step);
    else if (Array.isArray(cur)) cur = /^\d+$/.test(step) ? (cur as readonly BlockExpressions[])[Number(step)] : undefined;
    else return cur as ConfigExpression | undefined; // an element inside one expression: the whole expression
    if (cur === undefined) return undefined;
  }
  return cur instanceof Map || Array.isArray(cur) ? undefined : (cur as ConfigExpression);
}

/** Whether a field path is written in the configuration at all (an attribute or a block holding it). */
export function isWritten(expressions: BlockExpressions, path: string): boolean {
  const steps = path.split(/\.|\[(\d+)\]/).filter((s) => s !== undefined && s !== "");
  let cur: BlockExpressions | readonly BlockExpressions[] | ConfigExpression | undefined = expressions;
  for (const step of steps) {
    if (cur instanceof Map) cur = (cur as BlockExpressions).get(step);
    else if (Array.isArray(cur)) cur = /^\d+$/.test(step) ? (cur as readonly BlockExpressions[])[Number(step)] : undefined;
    else return true;
    if (cur === undefined) return false;
  }
  return true;
}
