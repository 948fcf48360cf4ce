/**
 * Terraform's JSON output of a plan or a state (`terraform show -json plan.out`,
 * `terraform show -json`), as Terraform's "JSON Output Format" documentation describes it
 * (format_version 0.x and 1.x; a major version above 1 is refused, as the format asks): the
 * resource instances with their planned or current values, which values are unknown until
 * apply, and — for a plan — the configuration's expressions, whose references tell what an
 * unknown id will be the id of.
 */
import { HwsgError } from "../../core/errors";

/** One resource instance of the plan's planned values or the state's values. */
export interface PlannedInstance {
  /** Its absolute address: `module.web[0].huaweicloud_networking_secgroup.web["a"]`. */
  readonly address: string;
  /** The module instance it is in: `module.web[0]`, or "" for the root module. */
  readonly moduleAddress: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  /** Its count index or for_each key, when the resource has count or for_each. */
  readonly index?: number | string;
  /** Its attribute values; values unknown until apply are absent or null. */
  readonly values: Record<string, unknown>;
  /** Which values are unknown until apply: the change's `after_unknown` (plans only). */
  readonly unknown?: unknown;
}

/** An expression of the configuration: a constant, or the references it makes. */
export interface ConfigExpression {
  readonly constant?: unknown;
  readonly hasConstant: boolean;
  readonly references: readonly string[];
}

/** A block's expressions: attributes, and nested blocks as lists of block expressions. */
export type BlockExpressions = ReadonlyMap<string, ConfigExpression | readonly BlockExpressions[]>;

/** A resource or data block of the configuration. */
export interface ConfigResource {
  /** `type.name` or `data.type.name`, relative to its module. */
  readonly address: string;
  readonly expressions: BlockExpressions;
  readonly count?: ConfigExpression;
  readonly forEach?: ConfigExpression;
}

/** A module of the configuration (the root module, or a called module's configuration). */
export interface ConfigModule {
  readonly resources: ReadonlyMap<string, ConfigResource>;
  readonly outputs: ReadonlyMap<string, ConfigExpression>;
  readonly calls: ReadonlyMap<string, { readonly expressions: BlockExpressions; readonly module: ConfigModule; readonly count?: ConfigExpression; readonly forEach?: ConfigExpression }>;
}

/** A plan or a state, read. */
export interface PlanDocument {
  readonly kind: "plan" | "state";
  readonly file: string;
  readonly formatVersion: string;
  readonly terraformVersion?: string;
  /** Every resource instance, in the order the document lists them (Terraform sorts by address). */
  readonly instances: readonly PlannedInstance[];
  /** The configuration's expressions (plans only). */
  readonly configuration?: ConfigModule;
  /** Root module variables' values, as the plan gives them. */
  readonly variables: ReadonlyMap<string, unknown>;
}

/** The format versions read: 0.x and 1.x. */
export const SUPPORTED_FORMAT_MAJORS: readonly number[] = [0, 1];

/**
 * Whether a parsed JSON document is Terraform's JSON output of a plan or a state (rather than
 * configuration in JSON form).
 */
export function planKindOf(json: unknown): "plan" | "state" | undefined {
  if (!isObject(json) || typeof json.format_version !== "string") return undefined;
  if ("planned_values" in json || "resource_changes" in json || "prior_state" in json) return "plan";
  if ("values" in json || "terraform_version" in json) return "state";
  return undefined;
}

/**
 * Reads a plan or state document.
 * @throws HwsgError naming the file and the field for a document that is not of the format
 */
export function readPlanDocument(file: string, json: Record<string, unknown>): PlanDocument {
  const kind = planKindOf(json);
  if (!kind) throw new HwsgError(`${file}: not Terraform's JSON output of a plan or a state (no format_version with planned_values or values)`);
  const formatVersion = json.format_version as string;
  const major = Number(/^(\d+)\./.exec(formatVersion)?.[1] ?? NaN);
  if (!SUPPORTED_FORMAT_MAJORS.includes(major)) {
    throw new HwsgError(`${file}: format_version ${JSON.stringify(formatVersion)} is not read: hwsg reads Terraform's JSON output format 0.x and 1.x`);
  }
  const at = (field: string): string => `${file}: ${field}`;
  const values = kind === "plan" ? json.planned_values : json.values;
  const instances: PlannedInstance[] = [];
  if (values !== undefined && values !== null) {
    if (!isObject(values)) throw new HwsgError(`${at(kind === "plan" ? "planned_values" : "values")} must be an object`);
    readModuleValues(values.root_module, kind === "plan" ? "planned_values.root_module" : "values.root_module", "", instances, at);
  }
  if (kind === "plan") attachUnknowns(json.resource_changes, instances, at);
  const variables = new Map<string, unknown>();
  if (isObject(json.variables)) {
    for (const [name, v] of Object.entries(json.variables)) if (isObject(v) && "value" in v) variables.set(name, v.value);
  }
  const configuration = kind === "plan" && isObject(json.configuration) ? readConfigModule(json.configuration.root_module, "configuration.root_module", at) : undefined;
  return {
    kind,
    file,
    formatVersion,
    ...(typeof json.terraform_version === "string" ? { terraformVersion: json.terraform_version } : {}),
    instances,
    ...(configuration ? { configuration } : {}),
    variables,
  };
}

/** The instances of a module of a values representation, its child modules' after them (iteratively). */
function readModuleValues(root: unknown, rootField: string, rootAddress: string, out: PlannedInstance[], at: (f: string) => string): void {
  const pending: Array<{ module: unknown; field: string; address: string }> = [{ module: root, field: rootField, address: rootAddress }];
  while (pending.length > 0) {
    const { module, field, address } = pending.shift() as { module: unknown; field: string; address: string };
    if (module === undefined || module === null) continue;
    if (!isObject(module)) throw new HwsgError(`${at(field)} must be an object`);
    const resources = module.resources ?? [];
    if (!Array.isArray(resources)) throw new HwsgError(`${at(`${field}.resources`)} must be a list`);
    resources.forEach((r, i) => out.push(readInstance(r, `${field}.resources[${i}]`, address, at)));
    const children = module.child_modules ?? [];
    if (!Array.isArray(children)) throw new HwsgError(`${at(`${field}.child_modules`)} must be a list`);
    children.forEach((c, i) => {
      const childField = `${field}.child_modules[${i}]`;
      if (!isObject(c) || typeof c.address !== "string" || !c.address.startsWith("module.")) throw new HwsgError(`${at(`${childField}.address`)} must be a module address (module.NAME)`);
      pending.push({ module: c, field: childField, address: c.address });
    });
  }
}

function readInstance(r: unknown, field: string, moduleAddress: string, at: (f: string) => string): PlannedInstance {
  if (!isObject(r)) throw new HwsgError(`${at(field)} must be an object`);
  for (const key of ["address", "type", "name"] as const) {
    if (typeof r[key] !== "string" || r[key] === "") throw new HwsgError(`${at(`${field}.${key}`)} must be a non-empty string`);
  }
  const mode = r.mode ?? "managed";
  if (mode !== "managed" && mode !== "data") throw new HwsgError(`${at(`${field}.mode`)} ${JSON.stringify(mode)} is invalid: must be "managed" or "data"`);
  if (r.index !== undefined && typeof r.index !== "number" && typeof r.index !== "string") throw new HwsgError(`${at(`${field}.index`)} must be a number or a string`);
  const values = r.values ?? {};
  if (!isObject(values)) throw new HwsgError(`${at(`${field}.values`)} must be an object`);
  const address = r.address as string;
  if (moduleAddress !== "" && !address.startsWith(`${moduleAddress}.`)) throw new HwsgError(`${at(`${field}.address`)} ${JSON.stringify(address)} is not in its module ${moduleAddress}`);
  return {
    address,
    moduleAddress,
    mode,
    type: r.type as string,
    name: r.name as string,
    ...(r.index !== undefined ? { index: r.index as number | string } : {}),
    values,
  };
}

/** Sets each planned instance's `unknown` from its change's `after_unknown`. */
function attachUnknowns(changes: unknown, instances: PlannedInstance[], at: (f: string) => string): void {
  if (changes === undefined || changes === null) return;
  if (!Array.isArray(changes)) throw new HwsgError(`${at("resource_changes")} must be a list`);
  const byAddress = new Map<string, number>();
  instances.forEach((x, i) => byAddress.set(x.address, i));
  changes.forEach((c, i) => {
    if (!isObject(c) || typeof c.address !== "string") throw new HwsgError(`${at(`resource_changes[${i}].address`)} must be a string`);
    if (c.deposed !== undefined) return;
    const k = byAddress.get(c.address);
    const change = c.change;
    if (k === undefined || !isObject(change) || change.after_unknown === undefined) return;
    instances[k] = { ...instances[k], unknown: change.after_unknown };
  });
}

/** A module of the configuration representation (iteratively over module calls). */
function readConfigModule(root: unknown, rootField: string, at: (f: string) => string): ConfigModule {
  const made = new Map<unknown, ConfigModule>();
  const order: Array<{ module: unknown; field: string }> = [];
  const pending: Array<{ module: unknown; field: string }> = [{ module: root, field: rootField }];
  while (pending.length > 0) {
    const next = pending.pop() as { module: unknown; field: string };
    order.push(next);
    if (!isObject(next.module)) continue;
    const calls = next.module.module_calls;
    if (isObject(calls)) for (const [name, call] of Object.entries(calls)) if (isObject(call)) pending.push({ module: call.module, field: `${next.field}.module_calls.${name}.module` });
  }
  // Children first, so a call finds its module built.
  for (const { module, field } of order.reverse()) {
    const resources = new Map<string, ConfigResource>();
    const outputs = new Map<string, ConfigExpression>();
    const calls = new Map<string, { expressions: BlockExpressions; module: ConfigModule; count?: ConfigExpression; forEach?: ConfigExpression }>();
    if (module !== undefined && module !== null && !isObject(module)) throw new HwsgError(`${at(field)} must be an object`);
    const m = (module ?? {}) as Record<string, unknown>;
    if (Array.isArray(m.resources)) {
      m.resources.forEach((r, i) => {
        if (!isObject(r) || typeof r.address !== "string") throw new HwsgError(`${at(`${field}.resources[${i}].address`)} must be a string`);
        resources.set(r.address, {
          address: r.address,
          expressions: blockExpressions(r.expressions),
          ...(isObject(r.count_expression) ? { count: expression(r.count_expression) } : {}),
          ...(isObject(r.for_each_expression) ? { forEach: expression(r.for_each_expression) } : {}),
        });
      });
    }
    if (isObject(m.outputs)) for (const [name, o] of Object.entries(m.outputs)) if (isObject(o) && isObject(o.expression)) outputs.set(name, expression(o.expression));
    if (isObject(m.module_calls)) {
      for (const [name, call] of Object.entries(m.module_calls)) {
        if (!isObject(call)) continue;
        calls.set(name, {
          expressions: blockExpressions(call.expressions),
          module: made.get(call.module) ?? { resources: new Map(), outputs: new Map(), calls: new Map() },
          ...(isObject(call.count_expression) ? { count: expression(call.count_expression) } : {}),
          ...(isObject(call.for_each_expression) ? { forEach: expression(call.for_each_expression) } : {}),
        });
      }
    }
    made.set(module, { resources, outputs, calls });
  }
  return made.get(root) as ConfigModule;
}

function expression(e: Record<string, unknown>): ConfigExpression {
  const references = Array.isArray(e.references) ? e.references.filter((r): r is string => typeof r === "string") : [];
  return { hasConstant: "constant_value" in e, ...("constant_value" in e ? { constant: e.constant_value } : {}), references };
}

/** A block expressions representation: an attribute is an expression object, a nested block a list (or one) of block representations. */
function blockExpressions(value: unknown): BlockExpressions {
  const out = new Map<string, ConfigExpression | BlockExpressions[]>();
  if (!isObject(value)) return out;
  for (const [key, v] of Object.entries(value)) {
    if (Array.isArray(v)) out.set(key, v.map(blockExpressions));
    else if (isObject(v) && ("references" in v || "constant_value" in v)) out.set(key, expression(v));
    else if (isObject(v)) out.set(key, [blockExpressions(v)]);
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
