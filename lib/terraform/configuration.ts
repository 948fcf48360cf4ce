/**
 * A Terraform configuration in JSON form, indexed: resources, data sources, variables and
 * locals, with static resolution of `${...}` references. What cannot be known before apply
 * (computed attributes, variables without defaults, functions) is an error, never a guess.
 */
import { HwsgError, ValidationError, describeValue } from "../core/errors";
import { TerraformDocument } from "./documents";

/** One resource block. */
export interface ResourceBlock {
  readonly type: string;
  readonly name: string;
  /** `type.name` */
  readonly address: string;
  readonly body: Record<string, unknown>;
  readonly file: string;
  /** The cdktf construct path, when the file was written by cdktf. */
  readonly constructPath?: string;
}

/** A reference to another object's id, or to an instance's NIC port. */
export type Reference =
  | { readonly ref: "id"; readonly type: string; readonly address: string; readonly data: boolean }
  | { readonly ref: "port"; readonly address: string; readonly nicIndex: number };

/** A statically resolved value. */
export type Resolved = string | number | boolean | null | undefined | Reference | Resolved[] | { [key: string]: Resolved };

/** Whether a resolved value is a reference. */
export function isReference(v: Resolved): v is Reference {
  return typeof v === "object" && v !== null && !Array.isArray(v) && typeof (v as { ref?: unknown }).ref === "string" && ((v as { ref: string }).ref === "id" || (v as { ref: string }).ref === "port") && Object.keys(v).every((k) => ["ref", "type", "address", "data", "nicIndex"].includes(k));
}

/** Makes a reference that prints as the Terraform expression it came from. */
function reference(r: Reference): Reference {
  const text = r.ref === "id" ? `\${${r.address}.id}` : `\${${r.address}.network[${r.nicIndex}].port}`;
  return Object.defineProperty({ ...r }, "toJSON", { value: () => text, enumerable: false });
}

const TRAVERSAL = /^[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_0-9][A-Za-z0-9_-]*|\[\d+\]|\["[^"]*"\])*$/;

/** An indexed configuration. */
export class Configuration {
  readonly resources = new Map<string, ResourceBlock>();
  readonly dataSources = new Map<string, ResourceBlock>();
  private readonly variables = new Map<string, { file: string; body: Record<string, unknown> }>();
  private readonly locals = new Map<string, { file: string; value: unknown }>();
  /** Resources in configuration order (file order, then order within the file). */
  readonly order: ResourceBlock[] = [];

  constructor(readonly documents: readonly TerraformDocument[]) {
    for (const doc of documents) this.index(doc);
  }

  /** The subject of messages about a resource: `file: address (construct path)`. */
  subject(block: ResourceBlock): string {
    return `${block.file}: ${block.address}${block.constructPath ? ` (${block.constructPath})` : ""}`;
  }

  /** Resources of one type, in configuration order. */
  ofType(type: string): ResourceBlock[] {
    return this.order.filter((b) => b.type === type);
  }

  /**
   * Resolves a field value: literals pass, `${...}` references are followed.
   * @throws ValidationError naming the resource and field when a reference dangles or cannot be resolved statically
   */
  resolve(block: ResourceBlock, field: string, value: unknown, depth = 0): Resolved {
    if (depth > 20) throw new ValidationError(this.subject(block), field, value, "references form a cycle");
    if (typeof value === "string") return this.resolveString(block, field, value, depth);
    if (Array.isArray(value)) return value.map((v, i) => this.resolve(block, `${field}[${i}]`, v, depth));
    if (typeof value === "object" && value !== null) {
      const out: { [key: string]: Resolved } = {};
      for (const [k, v] of Object.entries(value)) if (k !== "//") out[k] = this.resolve(block, `${field}.${k}`, v, depth);
      return out;
    }
    return value as Resolved;
  }

  private resolveString(block: ResourceBlock, field: string, text: string, depth: number): Resolved {
    if (!text.includes("${") && !text.includes("%{")) return text;
    const unescaped = text.replace(/\$\$\{/g, "\u0000").replace(/%%\{/g, "\u0001");
    if (!unescaped.includes("${") && !unescaped.includes("%{")) return unescaped.replace(/\u0000/g, "${").replace(/\u0001/g, "%{");
    const m = /^\$\{\s*([^{}]*?)\s*\}$/.exec(unescaped);
    if (!m || !TRAVERSAL.test(m[1])) {
      throw new ValidationError(this.subject(block), field, text, "cannot be resolved statically: only a whole-value reference like ${huaweicloud_networking_secgroup.web.id}, ${var.name} or ${local.name} is understood");
    }
    const steps = parseTraversal(m[1]);
    return this.follow(block, field, text, steps, depth);
  }

  private follow(block: ResourceBlock, field: string, text: string, steps: Array<string | number>, depth: number): Resolved {
    const subject = this.subject(block);
    const [head, ...rest] = steps;
    if (head === "var") {
      const name = String(rest[0]);
      const variable = this.variables.get(name);
      if (!variable) throw new ValidationError(subject, field, text, `refers to variable ${name}, which is not declared`);
      if (!("default" in variable.body)) throw new ValidationError(subject, field, text, `cannot be resolved statically: variable ${name} has no default`);
      return this.walk(block, field, text, this.resolve(block, field, variable.body.default, depth + 1), rest.slice(1));
    }
    if (head === "local") {
      const name = String(rest[0]);
      const local = this.locals.get(name);
      if (!local) throw new ValidationError(subject, field, text, `refers to local ${name}, which is not defined`);
      return this.walk(block, field, text, this.resolve(block, field, local.value, depth + 1), rest.slice(1));
    }
    if (head === "data") {
      const address = `data.${rest[0]}.${rest[1]}`;
      if (!this.dataSources.has(address)) throw new ValidationError(subject, field, text, `refers to ${address}, which is not defined`);
      if (rest[2] === "id" && rest.length === 3) return reference({ ref: "id", type: String(rest[0]), address, data: true });
      throw new ValidationError(subject, field, text, `cannot be resolved statically: ${address} is read at plan time; only its id is understood`);
    }
    if (rest.length < 2) throw new ValidationError(subject, field, text, "is not a resource attribute reference");
    const address = `${head}.${rest[0]}`;
    const target = this.resources.get(address);
    if (!target) throw new ValidationError(subject, field, text, `refers to ${address}, which is not defined in the configuration`);
    const attr = rest.slice(1);
    if (attr.length === 1 && attr[0] === "id") return reference({ ref: "id", type: target.type, address, data: false });
    if (target.type === "huaweicloud_compute_instance" && attr[0] === "network" && typeof attr[1] === "number" && attr[2] === "port" && attr.length === 3) {
      return reference({ ref: "port", address, nicIndex: attr[1] });
    }
    const value = this.walk(target, field, text, this.resolve(target, String(attr[0]), target.body[String(attr[0])], depth + 1), attr.slice(1));
    if (value === undefined) {
      throw new ValidationError(subject, field, text, `cannot be resolved statically: ${address}.${attr.join(".")} is not set in the configuration (it is computed at apply time)`);
    }
    return value;
  }

  private walk(block: ResourceBlock, field: string, text: string, value: Resolved, steps: Array<string | number>): Resolved {
    let cur: Resolved = value;
    for (const step of steps) {
      if (Array.isArray(cur) && typeof step === "number") cur = cur[step];
      else if (typeof cur === "object" && cur !== null && !Array.isArray(cur) && !isReference(cur)) cur = (cur as Record<string, Resolved>)[String(step)];
      else throw new ValidationError(this.subject(block), field, text, `cannot be resolved statically: no ${describeValue(step)} in ${describeValue(cur)}`);
    }
    return cur;
  }

  private index(doc: TerraformDocument): void {
    for (const [key, value] of Object.entries(doc.json)) {
      if (key === "resource" || key === "data") {
        for (const [type, name, body] of blocks(doc.file, key, value)) {
          const address = key === "data" ? `data.${type}.${name}` : `${type}.${name}`;
          const map = key === "data" ? this.dataSources : this.resources;
          const previous = map.get(address);
          if (previous) throw new HwsgError(`${doc.file}: ${address} is defined twice (also in ${previous.file})`);
          const meta = (body["//"] as { metadata?: { path?: unknown } } | undefined)?.metadata;
          const block: ResourceBlock = {
            type,
            name,
            address,
            body,
            file: doc.file,
            ...(typeof meta?.path === "string" ? { constructPath: meta.path } : {}),
          };
          map.set(address, block);
          if (key === "resource") this.order.push(block);
        }
      } else if (key === "variable") {
        for (const [name, body] of namedObjects(doc.file, key, value)) this.variables.set(name, { file: doc.file, body });
      } else if (key === "locals") {
        for (const item of Array.isArray(value) ? value : [value]) {
          if (typeof item !== "object" || item === null) throw new HwsgError(`${doc.file}: locals must be an object`);
          for (const [name, v] of Object.entries(item)) if (name !== "//") this.locals.set(name, { file: doc.file, value: v });
        }
      }
    }
  }
}

function parseTraversal(expr: string): Array<string | number> {
  const steps: Array<string | number> = [];
  const re = /([A-Za-z_0-9][A-Za-z0-9_-]*)|\[(\d+)\]|\["([^"]*)"\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(expr))) {
    if (m[1] !== undefined) steps.push(/^\d+$/.test(m[1]) ? Number(m[1]) : m[1]);
    else if (m[2] !== undefined) steps.push(Number(m[2]));
    else steps.push(m[3]);
  }
  return steps;
}

function namedObjects(file: string, key: string, value: unknown): Array<[string, Record<string, unknown>]> {
  const out: Array<[string, Record<string, unknown>]> = [];
  for (const item of Array.isArray(value) ? value : [value]) {
    if (typeof item !== "object" || item === null) throw new HwsgError(`${file}: "${key}" must be an object of named blocks`);
    for (const [name, body] of Object.entries(item)) {
      if (name === "//") continue;
      const bodies = Array.isArray(body) ? body : [body];
      if (bodies.length !== 1 || typeof bodies[0] !== "object" || bodies[0] === null) {
        throw new HwsgError(`${file}: ${key} "${name}" must be one object`);
      }
      out.push([name, bodies[0] as Record<string, unknown>]);
    }
  }
  return out;
}

function blocks(file: string, key: string, value: unknown): Array<[string, string, Record<string, unknown>]> {
  const out: Array<[string, string, Record<string, unknown>]> = [];
  for (const item of Array.isArray(value) ? value : [value]) {
    if (typeof item !== "object" || item === null) throw new HwsgError(`${file}: "${key}" must be an object of resource types`);
    for (const [type, named] of Object.entries(item)) {
      if (type === "//") continue;
      for (const [name, body] of namedObjects(file, `${key} "${type}"`, named)) out.push([type, name, body]);
    }
  }
  return out;
}
