/**
 * A configuration with its modules expanded, as `terraform plan` expands them: every module
 * call (local, or remote where `terraform init` installed it) is one module instance per
 * `count` index or `for_each` key, addressed as Terraform addresses it
 * (`module.web`, `module.db[0]`, `module.tier["app"].module.sg`); its input variables take the
 * call's arguments, evaluated in the caller with the call's `count.index` / `each` in scope; its
 * outputs are what `module.NAME.OUTPUT` reads in the caller. The resources of every module
 * instance are read as the root module's are, under their absolute addresses.
 *
 * A call that cannot be expanded — a remote module not installed, a `count` or `for_each` not
 * known statically — is an unknown naming the call, with what leaving it out means.
 */
import * as path from "path";
import { HwsgError, ValidationError } from "../../core/errors";
import { Configuration, ModuleCalls, NamedBlock, ResourceBlock, VariableInput } from "../configuration";
import { TerraformDocument, loadTerraform } from "../documents";
import type { Site } from "../evaluator";
import { Expansion, ResourceInstance } from "../expansion";
import { ModuleManifest, ModuleSource, moduleSource, readModuleManifest } from "../sources/module-sources";
import { VariableValue } from "../sources/variable-values";
import { Unknown, UnknownValue, sentence } from "../unknowns";
import { ValueSource } from "../value-source";
import { Resolved } from "../values";

/** Deeper module nesting than this is refused (a local module that calls itself never ends). */
export const MAX_MODULE_DEPTH = 32;

/** Meta-arguments of a module block: not input variables. */
const META = new Set(["source", "version", "count", "for_each", "providers", "depends_on", "//"]);

/** The code of every module directory reachable from the root, read up front (reading is asynchronous). */
export interface ModuleCode {
  /** The root module's directory (where `.terraform/` is). */
  readonly rootDirectory: string;
  /** Documents by module directory. */
  readonly documents: ReadonlyMap<string, readonly TerraformDocument[]>;
  /** Where each call's code is, by the calling directory and call name. */
  readonly sources: ReadonlyMap<string, ModuleSource>;
}

const sourceKey = (callerDirectory: string, callPath: readonly string[]): string => `${callerDirectory}\u0000${callPath.join(".")}`;

/**
 * Reads the code of every module reachable from the root module's documents.
 * @throws HwsgError for a local source that is not a directory, a module that cannot be read, or nesting deeper than MAX_MODULE_DEPTH
 */
export async function loadModuleCode(rootDirectory: string, root: readonly TerraformDocument[]): Promise<ModuleCode> {
  const manifest: ModuleManifest = readModuleManifest(rootDirectory);
  const documents = new Map<string, readonly TerraformDocument[]>([[rootDirectory, root]]);
  const sources = new Map<string, ModuleSource>();
  const pending: Array<{ directory: string; callPath: readonly string[] }> = [{ directory: rootDirectory, callPath: [] }];
  while (pending.length > 0) {
    const { directory, callPath } = pending.shift() as { directory: string; callPath: readonly string[] };
    for (const call of moduleCallsOf(documents.get(directory) ?? [])) {
      const childPath = [...callPath, call.name];
      if (childPath.length > MAX_MODULE_DEPTH) throw new HwsgError(`${call.file}: module ${call.name}: modules are nested more than ${MAX_MODULE_DEPTH} deep (${childPath.join(" → ")}): a module that calls itself never ends`);
      const source = moduleSource(call.body.source, childPath, directory, manifest);
      sources.set(sourceKey(directory, childPath), source);
      if (source.kind === "missing") continue;
      if (!documents.has(source.directory)) documents.set(source.directory, await loadTerraform(source.directory));
      pending.push({ directory: source.directory, callPath: childPath });
    }
  }
  return { rootDirectory, documents, sources };
}

/** The blocks of one kind with one label (`module "x"`, `variable "x"`) of a module's documents, in the order written. */
function namedBlocksOf(documents: readonly TerraformDocument[], kind: "module" | "variable"): NamedBlock[] {
  const out: NamedBlock[] = [];
  for (const doc of documents) {
    const value = doc.json[kind];
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
      if (typeof item !== "object" || item === null) continue;
      for (const [name, body] of Object.entries(item as Record<string, unknown>)) {
        const b = Array.isArray(body) ? body[0] : body;
        if (name !== "//" && typeof b === "object" && b !== null) out.push({ name, file: doc.file, body: b as Record<string, unknown>, hcl: doc.hcl === true });
      }
    }
  }
  return out;
}

/** The module blocks of a module's documents, in the order written. */
function moduleCallsOf(documents: readonly TerraformDocument[]): NamedBlock[] {
  return namedBlocksOf(documents, "module");
}

/** One module instance: its configuration, where its code is, and its call path. */
interface ModuleInstance {
  readonly config: Configuration;
  readonly directory: string;
  readonly callPath: readonly string[];
}

/** The root module and every module instance it calls, as one source of values. */
export class ModuleTree implements ValueSource, ModuleCalls {
  private readonly root: ModuleInstance;
  private readonly instances: ModuleInstance[] = [];
  private readonly owner = new WeakMap<ResourceBlock, Configuration>();
  private readonly byConfig = new Map<Configuration, ModuleInstance>();
  /** Module instances of each call of each configuration, built once. */
  private readonly calls = new Map<string, { instances: ReadonlyArray<{ key?: number | string; module: ModuleInstance }>; by?: "count" | "for_each" } | { unknown: UnknownValue }>();
  private readonly recorded: Unknown[] = [];
  /** The value of each call (`module.NAME` in a module instance), by the call's address. */
  private readonly values = new Map<string, Resolved>();
  private everything = false;

  /** @param variables values for the root module's variables, in precedence order */
  constructor(private readonly code: ModuleCode, private readonly variables: readonly VariableValue[] = []) {
    const inputs = new Map<string, VariableInput>();
    for (const given of variables) inputs.set(given.name, { kind: "given", given });
    this.root = this.instance(code.documents.get(code.rootDirectory) ?? [], code.rootDirectory, [], "", inputs);
  }

  /** Written by people: checked against the provider schema. */
  readonly kind = "configuration" as const;

  /** Every resource block of every module instance: the root module's first, then each call's, depth first. */
  all(): ResourceBlock[] {
    this.expandAll();
    const out: ResourceBlock[] = [];
    for (const m of this.instances) {
      for (const block of m.config.all()) {
        this.owner.set(block, m.config);
        out.push(block);
      }
    }
    return out;
  }

  /** The documents of every module read (each once, however many instances its module has). */
  get documents(): readonly TerraformDocument[] {
    this.expandAll();
    const byFile = new Map<string, TerraformDocument>();
    for (const m of this.instances) for (const d of m.config.documents) if (!byFile.has(d.file)) byFile.set(d.file, d);
    return [...byFile.values()];
  }

  /** Unknowns of the module calls themselves (a call not expanded), for the reader to report. */
  sourceUnknowns(): readonly Unknown[] {
    this.expandAll();
    return this.recorded;
  }

  /** The variable files read (terraform.tfvars, *.auto.tfvars, --var-file), in the order read. */
  sourceFiles(): readonly string[] {
    return [...new Set(this.variables.filter((v) => v.raw === undefined).map((v) => v.origin))];
  }

  /** Warnings about the values given for the root module's variables. */
  sourceWarnings(): readonly string[] {
    return this.root.config.warnings;
  }

  ofType(type: string): ResourceBlock[] {
    this.expandAll();
    const out: ResourceBlock[] = [];
    for (const m of this.instances) {
      for (const block of m.config.ofType(type)) {
        this.owner.set(block, m.config);
        out.push(block);
      }
    }
    return out;
  }

  expansion(block: ResourceBlock): Expansion {
    return this.configOf(block).expansion(block);
  }

  subject(of: ResourceBlock | ResourceInstance): string {
    return this.configOf("block" in of ? of.block : of).subject(of);
  }

  written(block: ResourceBlock, raw: unknown): unknown {
    return this.configOf(block).written(block, raw);
  }

  resolve(instance: ResourceInstance, field: string, raw: unknown): Resolved {
    return this.configOf(instance.block).resolve(instance, field, raw);
  }

  referencedAttribute(block: ResourceBlock, field: string): string | undefined {
    return this.configOf(block).referencedAttribute(block, field);
  }

  /**
   * `module.NAME` in `config`: its outputs, per instance, built once per call (a root may refer
   * to `module.sg["x"]` thousands of times; an error is thrown, never kept).
   */
  value(config: Configuration, name: string, site: Site): Resolved {
    const key = `${config.modulePrefix}module.${name}`;
    if (this.values.has(key)) return this.values.get(key);
    const value = this.outputsOf(config, name, site);
    this.values.set(key, value);
    return value;
  }

  private outputsOf(config: Configuration, name: string, site: Site): Resolved {
    const expanded = this.expand(this.byConfig.get(config) as ModuleInstance, name);
    if ("unknown" in expanded) return expanded.unknown;
    const outputs = (m: ModuleInstance): Resolved => {
      const out: { [key: string]: Resolved } = {};
      for (const output of m.config.outputs.keys()) out[output] = m.config.output(output, site);
      return out;
    };
    if (expanded.by === undefined) return outputs(expanded.instances[0].module);
    if (expanded.by === "count") return expanded.instances.map((i) => outputs(i.module));
    return Object.fromEntries(expanded.instances.map((i) => [String(i.key), outputs(i.module)]));
  }

  // ---- building ---------------------------------------------------------------------------

  private configOf(block: ResourceBlock): Configuration {
    const config = this.owner.get(block);
    if (!config) throw new Error(`internal: ${block.address} is not a block of this module tree`);
    return config;
  }

  private instance(documents: readonly TerraformDocument[], directory: string, callPath: readonly string[], prefix: string, inputs: ReadonlyMap<string, VariableInput>): ModuleInstance {
    const config = new Configuration(documents, { modulePrefix: prefix, inputs, modules: this });
    const m: ModuleInstance = { config, directory, callPath };
    this.byConfig.set(config, m);
    this.instances.push(m);
    return m;
  }

  /** Builds every module instance (depth first, in call order), recording the calls that cannot be expanded. */
  private expandAll(): void {
    if (this.everything) return;
    this.everything = true;
    const visit = (m: ModuleInstance): void => {
      for (const name of m.config.moduleCalls.keys()) {
        const expanded = this.expand(m, name);
        if (!("unknown" in expanded)) for (const i of expanded.instances) visit(i.module);
      }
    };
    visit(this.root);
  }

  /** The instances of one call of a module instance (built once). */
  private expand(parent: ModuleInstance, name: string): { instances: ReadonlyArray<{ key?: number | string; module: ModuleInstance }>; by?: "count" | "for_each" } | { unknown: UnknownValue } {
    const key = `${parent.config.modulePrefix}module.${name}`;
    const done = this.calls.get(key);
    if (done) return done;
    const call = parent.config.moduleCalls.get(name) as NamedBlock;
    const callPath = [...parent.callPath, name];
    const source = this.code.sources.get(sourceKey(parent.directory, callPath));
    const pseudo: ResourceBlock = { type: "module", name, address: key, body: call.body, file: call.file, hcl: call.hcl };
    let result: { instances: Array<{ key?: number | string; module: ModuleInstance }>; by?: "count" | "for_each" } | { unknown: UnknownValue };
    if (!source || source.kind === "missing") {
      const reason = source?.kind === "missing" ? source.reason : "its code was not read";
      result = { unknown: new UnknownValue(`the module call module.${name} is not expanded: ${reason}`) };
      this.record(call, key, "source", JSON.stringify(call.body.source), `the module is not expanded: ${reason}`);
    } else {
      const expansion = parent.config.expansion(pseudo);
      if (!expansion.known) {
        result = { unknown: new UnknownValue(`the ${expansion.field} of ${key} is not known statically (${expansion.unknown.reason}), so neither are its instances`) };
        this.record(call, key, expansion.field, String(parent.config.written(pseudo, call.body[expansion.field])), `the ${expansion.field} is not known statically: ${expansion.unknown.reason}`);
      } else {
        const documents = this.code.documents.get(source.directory) ?? [];
        result = {
          ...(expansion.by ? { by: expansion.by } : {}),
          instances: expansion.instances.map((instance) => ({
            ...(instance.countIndex !== undefined ? { key: instance.countIndex } : instance.each ? { key: instance.each.key } : {}),
            module: this.instance(documents, source.directory, callPath, `${instance.address}.`, this.arguments(parent.config, call, instance, documents)),
          })),
        };
      }
    }
    this.calls.set(key, result);
    return result;
  }

  /** The call's arguments as the child's inputs, evaluated in the caller when the child reads them. */
  private arguments(caller: Configuration, call: NamedBlock, instance: ResourceInstance, childDocuments: readonly TerraformDocument[]): Map<string, VariableInput> {
    const declared = declaredVariables(childDocuments);
    const subject = `${call.file}: ${instance.address}`;
    const inputs = new Map<string, VariableInput>();
    for (const [arg, raw] of Object.entries(call.body)) {
      if (META.has(arg)) continue;
      if (!declared.has(arg)) throw new ValidationError(subject, arg, caller.written(instance.block, raw), `An argument named "${arg}" is not expected here: the module declares no variable ${arg}`);
      let cached: { value: Resolved } | undefined;
      inputs.set(arg, {
        kind: "argument",
        origin: subject,
        value: () => (cached ??= { value: caller.evaluateIn(raw, instance, subject, call.hcl, arg) }).value,
      });
    }
    for (const [variable, required] of declared) {
      if (required && !inputs.has(variable)) throw new ValidationError(subject, variable, undefined, `The argument "${variable}" is required, but no definition was found: the module's variable ${variable} has no default`);
    }
    return inputs;
  }

  private record(call: NamedBlock, address: string, field: string, expression: string, reason: string): void {
    this.recorded.push({
      file: call.file,
      address,
      field,
      expression,
      reason: sentence(reason),
      effect: "Nothing the module creates (security groups, rules, instances, subnets) is in the model: verdicts involving them may be wrong, and findings about them are missed.",
      groupIds: [],
      canChangeVerdict: true,
    });
  }
}

/** The variables a module declares, and whether each is required (no default). */
function declaredVariables(documents: readonly TerraformDocument[]): Map<string, boolean> {
  return new Map(namedBlocksOf(documents, "variable").map((v) => [v.name, !("default" in v.body)]));
}


/** The directory a target names: itself, or the directory of a file. */
export function rootDirectoryOf(target: string, isDirectory: boolean): string {
  return isDirectory ? path.resolve(target) : path.dirname(path.resolve(target));
}
