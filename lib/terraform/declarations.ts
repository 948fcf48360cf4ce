/**
 * What a module's files declare — resources, data sources, variables, locals, module calls and
 * outputs — indexed by name, each declared once, as Terraform requires.
 */
import { HwsgError } from "../core/errors";
import { blocks, namedObjects } from "./block-lists";
import type { ResourceBlock } from "./values";
import { TerraformDocument } from "./documents";
import { Expr } from "./expression";
import { checkName } from "./identifiers";

/** A variable block, as written. */
export interface Variable {
  readonly file: string;
  readonly body: Record<string, unknown>;
  readonly types?: ReadonlyMap<string, Expr>;
  /** Whether it is written in HCL (its default's strings then carry HCL's `$${` and `%%{` escapes). */
  readonly hcl: boolean;
}

/** A module block (a call) or an output block, as written. */
export interface NamedBlock {
  readonly name: string;
  readonly file: string;
  readonly body: Record<string, unknown>;
  readonly hcl: boolean;
}

/** A local value, as written. */
export interface Local {
  readonly file: string;
  readonly value: unknown;
  readonly hcl: boolean;
}

/** The declarations of one module instance's files. */
export interface Declared {
  /** Resource blocks by address (`type.name`). */
  readonly resources: Map<string, ResourceBlock>;
  /** Data blocks by address (`data.type.name`). */
  readonly dataSources: Map<string, ResourceBlock>;
  /** Resources in configuration order (file order, then order within the file). */
  readonly order: ResourceBlock[];
  /** Resource blocks by type, then name (references are looked up by both, without building the address). */
  readonly resourcesByType: Map<string, Map<string, ResourceBlock>>;
  readonly variables: Map<string, Variable>;
  readonly locals: Map<string, Local>;
  /** Module calls, in the order written. */
  readonly moduleCalls: Map<string, NamedBlock>;
  /** Output blocks. */
  readonly outputs: Map<string, NamedBlock>;
}

/** Declarations of no file yet. */
export function emptyDeclarations(): Declared {
  return { resources: new Map(), dataSources: new Map(), order: [], resourcesByType: new Map(), variables: new Map(), locals: new Map(), moduleCalls: new Map(), outputs: new Map() };
}

/**
 * Adds a document's declarations.
 * @throws HwsgError for a name declared twice or a malformed block list
 */
export function declare(declared: Declared, doc: TerraformDocument, modulePrefix: string): void {
  const hcl = doc.hcl === true;
  for (const [key, value] of Object.entries(doc.json)) {
    if (key === "resource" || key === "data") {
      for (const [type, name, body] of blocks(doc.file, key, value)) {
        const address = `${modulePrefix}${key === "data" ? `data.${type}.${name}` : `${type}.${name}`}`;
        const map = key === "data" ? declared.dataSources : declared.resources;
        const previous = map.get(address);
        if (previous) throw new HwsgError(`${doc.file}: ${address} is defined twice (also in ${previous.file})`);
        const meta = (body["//"] as { metadata?: { path?: unknown } } | undefined)?.metadata;
        const block: ResourceBlock = {
          type,
          name,
          address,
          body,
          file: doc.file,
          hcl,
          ...(typeof meta?.path === "string" ? { constructPath: meta.path } : {}),
        };
        map.set(address, block);
        if (key === "resource") {
          declared.order.push(block);
          let named = declared.resourcesByType.get(type);
          if (!named) declared.resourcesByType.set(type, (named = new Map()));
          named.set(name, block);
        }
      }
    } else if (key === "variable") {
      for (const [name, body] of namedObjects(doc.file, key, value, "variable name")) {
        const previous = declared.variables.get(name);
        if (previous) throw new HwsgError(`${doc.file}: variable ${name} is declared twice (also in ${previous.file})`);
        declared.variables.set(name, { file: doc.file, body, hcl, ...(doc.types ? { types: doc.types } : {}) });
      }
    } else if (key === "module" || key === "output") {
      const map = key === "module" ? declared.moduleCalls : declared.outputs;
      for (const [name, body] of namedObjects(doc.file, key, value, `${key} name`)) {
        const previous = map.get(name);
        if (previous) throw new HwsgError(`${doc.file}: ${key} ${name} is ${key === "module" ? "called" : "declared"} twice (also in ${previous.file})`);
        map.set(name, { name, file: doc.file, body, hcl });
      }
    } else if (key === "locals") {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (typeof item !== "object" || item === null) throw new HwsgError(`${doc.file}: locals must be an object`);
        for (const [name, v] of Object.entries(item)) {
          if (name === "//") continue;
          checkName(doc.file, "local value name", "locals", name);
          const previous = declared.locals.get(name);
          if (previous) throw new HwsgError(`${doc.file}: local ${name} is defined twice (also in ${previous.file})`);
          declared.locals.set(name, { file: doc.file, value: v, hcl });
        }
      }
    }
  }
}
