/**
 * A Terraform configuration in JSON form, indexed: resources, data sources, variables and
 * locals, with static evaluation of its expressions (see evaluator.ts) and the expansion of
 * `count` and `for_each` into instances (see expansion.ts). What cannot be known before apply
 * evaluates to an unknown value, never a guess; what Terraform would reject is an error.
 */
import { HwsgError, ValidationError } from "../core/errors";
import type { ResourceBlock } from "./values";
import { VariableInput, inputValue } from "./variable-inputs";
import { TerraformDocument } from "./documents";
import { Environment, Evaluator, Scope, Site } from "./evaluator";
import { Expansion, ResourceInstance, expandCount, expandForEach, single } from "./expansion";
import { ParsedExpression, isTemplate, parseSimple, unescapeTemplateLiteral } from "./expression";
import { rawAt } from "./block-lists";
import { Declared, NamedBlock, Variable, declare, emptyDeclarations } from "./declarations";
export { rawAt } from "./block-lists";
import { literal, markWritten, withPorts } from "./written-values";
import { CheckedBody, Declarations, checkLocalCycles, checkReferences, mayReferToUndeclared, outputAndModuleBodies } from "./references";
import { TypeConstraint, convertToType, typeFromExpr, typeFromText } from "./types";
import { LimitExceeded, MAX_NESTING_DEPTH, limitText, shownValue } from "./limits";
import { UnknownValue } from "./unknowns";
import { Resolved, putKey, reference } from "./values";

export { isReference } from "./values";
export type { ResourceBlock } from "./values";
export type { Reference, Resolved } from "./values";


export type { VariableInput } from "./variable-inputs";
export type { NamedBlock } from "./declarations";

/** Evaluates `module.NAME` for a configuration (see modules/module-tree.ts). */
export interface ModuleCalls {
  /** The value of `module.NAME` in `config`: its outputs (a list or map of them with count or for_each). */
  value(config: Configuration, name: string, site: Site): Resolved;
}

/** Where a configuration sits: the module instance it is, and what its caller gives it. */
export interface ConfigurationOptions {
  /** The module instance's address with a trailing dot (`module.web.`, `module.db[0].`); "" for the root module. @default "" */
  readonly modulePrefix?: string;
  /** Values of input variables, by name. @default none: every variable takes its default */
  readonly inputs?: ReadonlyMap<string, VariableInput>;
  /** Module calls' values. @default none: `module.NAME` is unknown */
  readonly modules?: ModuleCalls;
}


/** An indexed configuration that evaluates its expressions. */
export class Configuration implements Environment {
  /** A configuration written by people. */
  readonly kind = "configuration" as const;
  /** What the module's files declare. */
  private readonly declared: Declared;
  /** Resource blocks by address (`type.name`). */
  readonly resources: Map<string, ResourceBlock>;
  /** Data blocks by address (`data.type.name`). */
  readonly dataSources: Map<string, ResourceBlock>;
  /** Resources in configuration order (file order, then order within the file). */
  readonly order: ResourceBlock[];
  private readonly expressions = new Map<string, ParsedExpression>();
  private readonly evaluator = new Evaluator(this);
  private readonly variableValues = new Map<string, Resolved>();
  private readonly localValues = new Map<string, Resolved>();
  private readonly attributeValues = new Map<string, Resolved>();
  private readonly expansions = new Map<ResourceBlock, Expansion>();
  /** Message subjects of resource instances, built once each (every field resolved names it). */
  private readonly subjects = new WeakMap<ResourceBlock | ResourceInstance, string>();
  /** Keys being evaluated: a key met again is a cycle. */
  private readonly inProgress = new Set<string>();
  /** Module calls, in the order written. */
  readonly moduleCalls: Map<string, NamedBlock>;
  /** Output blocks. */
  readonly outputs: Map<string, NamedBlock>;
  /** Things worth knowing about the values given (a value for an undeclared variable in a variable file). */
  readonly warnings: string[] = [];
  /** The module instance's address with a trailing dot; "" for the root module. */
  readonly modulePrefix: string;

  /**
   * @param documents the files, in reading order (prepared ones have their expressions parsed)
   * @throws HwsgError for a value given with --var or --var-file for a variable not declared
   */
  constructor(readonly documents: readonly TerraformDocument[], private readonly options: ConfigurationOptions = {}) {
    this.modulePrefix = options.modulePrefix ?? "";
    this.declared = emptyDeclarations();
    ({ resources: this.resources, dataSources: this.dataSources, order: this.order, moduleCalls: this.moduleCalls, outputs: this.outputs } = this.declared);
    for (const doc of documents) {
      for (const [text, parsed] of doc.expressions ?? []) this.expressions.set(text, parsed);
      declare(this.declared, doc, this.modulePrefix);
    }
    for (const [name, input] of options.inputs ?? []) {
      if (this.declared.variables.has(name) || input.kind !== "given") continue;
      const { given } = input;
      if (given.strict) throw new HwsgError(`${given.origin}: a value is given for the variable ${name}, but the root module declares no variable of that name`);
      if (given.automatic) this.warnings.push(`${given.origin}: a value is given for the variable ${name}, which the root module does not declare: it is not used`);
    }
    this.checkDeclarations();
  }

  /** What `terraform validate` rejects in any expression, read or not: see references.ts. */
  private checkDeclarations(): void {
    const declared: Declarations = {
      hasVariable: (n) => this.declared.variables.has(n),
      hasLocal: (n) => this.declared.locals.has(n),
      hasResource: (t, n) => this.resource(t, n) !== undefined,
      hasDataSource: (t, n) => this.dataSource(t, n) !== undefined,
      parsed: (text) => this.parsed(text),
    };
    const locals = new Map([...this.declared.locals].map(([name, l]) => [name, { subject: `${l.file}: local.${name}`, field: name, value: l.value, hcl: l.hcl }]));
    // The subject is built only for a message (a large configuration has 100,000 blocks).
    const subject = (b: ResourceBlock): string => this.subject(b);
    const blocks = (): CheckedBody[] => [...this.order, ...this.dataSources.values()].map((b) => ({ get subject() { return subject(b); }, field: "", value: b.body, hcl: b.hcl }));
    // Prepared documents hold every expression of their resources, data sources and locals:
    // when none of the distinct ones names anything undeclared, their bodies need no walk.
    const prepared = this.documents.every((d) => d.expressions !== undefined);
    const suspicious = !prepared || [...this.expressions.values()].some((p) => mayReferToUndeclared(p.expr, declared));
    const others = this.documents.flatMap((d) => outputAndModuleBodies(d.file, d.json, d.hcl === true));
    checkReferences(suspicious ? [...blocks(), ...locals.values(), ...others] : others, declared);
    checkLocalCycles(locals, declared);
  }

  /** The subject of messages about a resource or one of its instances: `file: address (construct path)`. */
  subject(of: ResourceBlock | ResourceInstance): string {
    let subject = this.subjects.get(of);
    if (subject === undefined) {
      const block = "block" in of ? of.block : of;
      subject = `${block.file}: ${of.address}${block.constructPath ? ` (${block.constructPath})` : ""}`;
      this.subjects.set(of, subject);
    }
    return subject;
  }

  /** Every resource block, in configuration order. */
  all(): ResourceBlock[] {
    return this.order;
  }

  /** Resources of one type, in configuration order. */
  ofType(type: string): ResourceBlock[] {
    return [...(this.declared.resourcesByType.get(type)?.values() ?? [])];
  }

  /** The parsed form of a JSON-form string: prepared, or parsed by the synchronous fallback. */
  parsed(text: string): ParsedExpression {
    return this.expressions.get(text) ?? parseSimple(text);
  }

  /** A field's value as written, for messages: the expression of a string (as HCL shows it), else the JSON value. */
  written(block: ResourceBlock, raw: unknown): unknown {
    if (typeof raw !== "string" || !isTemplate(raw)) return raw;
    return block.hcl ? this.parsed(raw).display : raw;
  }

  /**
   * Resolves a field of an instance: literals pass, `${...}` expressions are evaluated with the
   * instance's `count.index` / `each` in scope.
   * @param field the field's path, for messages (`network[0].uuid`)
   * @throws ValidationError naming the resource and field for what Terraform would reject
   */
  resolve(instance: ResourceInstance, field: string, raw: unknown): Resolved {
    return this.resolveRaw(raw, { instance }, this.subject(instance), instance.block, field);
  }

  /** The instances of a block. @throws ValidationError for a count or for_each Terraform rejects */
  expansion(block: ResourceBlock): Expansion {
    const cached = this.expansions.get(block);
    if (cached) return cached;
    // null is not "unset" here: Terraform refuses a null count or for_each.
    const hasCount = block.body.count !== undefined;
    const hasForEach = block.body.for_each !== undefined;
    const subject = hasCount || hasForEach ? this.subject(block) : "";
    if (hasCount && hasForEach) throw new ValidationError(subject, "for_each", this.written(block, block.body.for_each), "count and for_each cannot both be set");
    let expansion: Expansion = single(block);
    if (hasCount || hasForEach) {
      const field = hasCount ? "count" : "for_each";
      const key = `expand:${block.address}`;
      if (this.inProgress.has(key)) throw new ValidationError(subject, field, this.written(block, block.body[field]), `references form a cycle (${block.address}'s ${field} depends on itself)`);
      this.inProgress.add(key);
      try {
        const raw = block.body[field];
        // A whole resource (for_each = huaweicloud_networking_secgroup.tier) is its instances.
        const value = this.evaluator.materialize(this.resolveRaw(raw, {}, subject, block, field));
        const written = this.written(block, raw);
        expansion = hasCount ? expandCount(block, subject, written, value) : expandForEach(block, subject, written, value);
      } finally {
        this.inProgress.delete(key);
      }
    }
    this.expansions.set(block, expansion);
    return expansion;
  }

  /**
   * When the field at `path` is written as a reference to an attribute of a resource or data
   * source (`huaweicloud_networking_secgroup.web.name`, `...tier[each.key].name`): the attribute.
   */
  referencedAttribute(block: ResourceBlock, path: string): string | undefined {
    const raw = rawAt(block.body, path);
    if (typeof raw !== "string" || !isTemplate(raw)) return undefined;
    let expr = this.parsed(raw).expr;
    let last: string | undefined;
    for (;;) {
      if (expr.kind === "scope") {
        const steps = expr.steps;
        const root = expr.root;
        if (root !== "data" && !this.declared.resourcesByType.has(root)) return undefined;
        const attrs = steps.filter((s) => s.kind === "attr");
        const skip = expr.root === "data" ? 2 : 1;
        const tail = attrs.slice(skip);
        if (tail.length > 0) last ??= (tail[tail.length - 1] as { name: string }).name;
        return last;
      }
      if (expr.kind === "relative") {
        const attrs = expr.steps.filter((s) => s.kind === "attr");
        if (attrs.length > 0) last ??= (attrs[attrs.length - 1] as { name: string }).name;
        expr = expr.source;
      } else if (expr.kind === "index") expr = expr.collection;
      else return undefined;
    }
  }

  // ---- Environment ------------------------------------------------------------------------

  /** @inheritdoc */
  variable(name: string, site: Site): Resolved {
    const variable = this.declared.variables.get(name);
    if (!variable) throw new ValidationError(site.subject, site.field, site.written, `refers to variable ${name}, which is not declared`);
    if (this.variableValues.has(name)) return this.variableValues.get(name);
    const input = this.options.inputs?.get(name);
    if (input) {
      const value = inputValue(name, this.variableType(variable), input);
      this.variableValues.set(name, value);
      return value;
    }
    if (!("default" in variable.body)) {
      return new UnknownValue(`the variable ${name} has no default${this.modulePrefix === "" ? " and no value is given" : ""}, so its value is known only when Terraform runs`);
    }
    // A default is a literal value: its strings are not templates.
    const value = literal(variable.body.default, variable.hcl, () => {
      throw new LimitExceeded(`${variable.file}: var.${name}`, "default", shownValue(variable.body.default), `nests deeper than ${limitText(MAX_NESTING_DEPTH)} levels (the limit)`);
    });
    const type = this.variableType(variable);
    const converted = type
      ? convertToType(value, type, (message) => {
          throw new ValidationError(`${variable.file}: var.${name}`, "default", variable.body.default, `does not match the variable's type: ${message}`);
        })
      : value;
    this.variableValues.set(name, converted);
    return converted;
  }

  /** @inheritdoc */
  local(name: string, site: Site): Resolved {
    const local = this.declared.locals.get(name);
    if (!local) throw new ValidationError(site.subject, site.field, site.written, `refers to local ${name}, which is not defined`);
    if (this.localValues.has(name)) return this.localValues.get(name);
    const key = `local:${name}`;
    if (this.inProgress.has(key)) throw new ValidationError(site.subject, site.field, site.written, `references form a cycle (local.${name} depends on itself)`);
    this.inProgress.add(key);
    try {
      const value = this.resolveRaw(local.value, {}, site.subject, { hcl: local.hcl, file: local.file }, site.field, site.written);
      this.localValues.set(name, value);
      return value;
    } finally {
      this.inProgress.delete(key);
    }
  }

  /** @inheritdoc */
  resource(type: string, name: string): ResourceBlock | undefined {
    return this.declared.resourcesByType.get(type)?.get(name);
  }

  /** @inheritdoc */
  dataSource(type: string, name: string): ResourceBlock | undefined {
    return this.dataSources.get(`${this.modulePrefix}data.${type}.${name}`);
  }

  /** @inheritdoc */
  attribute(instance: ResourceInstance, name: string): Resolved {
    const key = `${instance.address}.${name}`;
    if (this.attributeValues.has(key)) return this.attributeValues.get(key);
    const { block } = instance;
    const raw = block.body[name];
    if (raw === undefined && name === "port_id" && (block.type === "huaweicloud_compute_interface_attach" || block.type === "huaweicloud_compute_interface_attach_v2")) {
      // The provider sets an attached interface's port_id to its id (the NIC's port): the reference names that NIC.
      return reference({ ref: "id", type: block.type, address: instance.address, data: false });
    }
    if (raw === undefined) {
      // A data source's attributes are read from the cloud when Terraform plans; a resource's, computed at apply.
      return new UnknownValue(block.address.includes("data.") && block.address.split(".").includes("data")
        ? `the attribute ${key} is read from the cloud when Terraform plans (only a data source's id is understood)`
        : `the attribute ${key} is not set in the configuration: it is computed at apply time`);
    }
    if (this.inProgress.has(key)) throw new ValidationError(this.subject(instance), name, this.written(block, raw), `references form a cycle (${key} depends on itself)`);
    this.inProgress.add(key);
    try {
      let value = this.resolve(instance, name, raw);
      if (block.type === "huaweicloud_compute_instance" && name === "network") value = withPorts(instance.address, value);
      markWritten(raw, value, key);
      this.attributeValues.set(key, value);
      return value;
    } finally {
      this.inProgress.delete(key);
    }
  }

  /** @inheritdoc */
  module(name: string, site: Site): Resolved {
    if (!this.moduleCalls.has(name)) throw new ValidationError(site.subject, site.field, site.written, `refers to module.${name}, which is not called in this module`);
    return this.options.modules?.value(this, name, site) ?? new UnknownValue(`module outputs are not read here (module.${name})`);
  }

  /**
   * The value of an output of this module.
   * @throws ValidationError when no output of that name is declared
   */
  output(name: string, site: Site): Resolved {
    const output = this.outputs.get(name);
    if (!output) throw new ValidationError(site.subject, site.field, site.written, `refers to the output ${name} of ${this.modulePrefix.replace(/\.$/, "") || "the root module"}, which does not declare it`);
    const key = `output:${name}`;
    if (this.inProgress.has(key)) throw new ValidationError(site.subject, site.field, site.written, `references form a cycle (the output ${name} of ${this.modulePrefix.replace(/\.$/, "")} depends on itself)`);
    this.inProgress.add(key);
    try {
      return this.resolveRaw(output.body.value, {}, `${output.file}: ${this.modulePrefix}output.${name}`, { hcl: output.hcl }, "value");
    } finally {
      this.inProgress.delete(key);
    }
  }

  /**
   * Evaluates an expression written in this configuration (a module call's argument) with a
   * resource instance's (or module instance's) `count.index` / `each` in scope.
   */
  evaluateIn(raw: unknown, instance: ResourceInstance | undefined, subject: string, hcl: boolean, field: string): Resolved {
    return this.resolveRaw(raw, instance ? { instance } : {}, subject, { hcl }, field);
  }

  /**
   * Evaluates a JSON-form string (`${var.office_cidr}`, `${cidrhost(local.net, 5)}`) already
   * parsed, as a resource field holding it would be read: no `count`/`each` in scope.
   */
  evaluateParsed(parsed: ParsedExpression, subject: string, field: string): Resolved {
    return this.evaluator.evaluate(parsed.expr, {}, { subject, field, written: parsed.display });
  }

  // ---- internals --------------------------------------------------------------------------

  private variableType(variable: Variable): TypeConstraint | undefined {
    const text = variable.body.type;
    if (typeof text !== "string") return undefined;
    const parsed = variable.types?.get(text);
    if (parsed) return typeFromExpr(parsed);
    const whole = /^\$\{([\s\S]*)\}$/.exec(text);
    return typeFromText(whole ? whole[1] : text);
  }

  private resolveRaw(raw: unknown, scope: Scope, subject: string, block: { readonly hcl: boolean; readonly file?: string }, field: string, written?: unknown): Resolved {
    if (typeof raw === "string") {
      if (!isTemplate(raw)) return unescapeTemplateLiteral(raw);
      const parsed = this.parsed(raw);
      const site: Site = { subject, field, written: written ?? (block.hcl ? parsed.display : raw), ...(block.file !== undefined ? { file: block.file } : {}) };
      return this.evaluator.evaluate(parsed.expr, scope, site);
    }
    if (typeof raw !== "object" || raw === null) return raw as Resolved;
    // Each level of a value written in the field counts toward the nesting limit.
    const site: Site = { subject, field, written: written ?? raw };
    return this.evaluator.nested(site, () => {
      if (Array.isArray(raw)) return raw.map((v, i) => this.resolveRaw(v, scope, subject, block, `${field}[${i}]`, written));
      const out: { [key: string]: Resolved } = {};
      for (const [k, v] of Object.entries(raw)) if (k !== "//") putKey(out, k, this.resolveRaw(v, scope, subject, block, `${field}.${k}`, written));
      return out;
    });
  }
}
