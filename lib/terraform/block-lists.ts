/**
 * The JSON form's lists of named blocks (`resource`, `data`, `variable`, `module`, `output`), read
 * with Terraform's checks on their names and shapes, and a field's raw value by its path.
 */
import { HwsgError } from "../core/errors";
import { checkName } from "./identifiers";

/** The raw value at a field path such as `security_group_ids[0]` or `network[1].uuid`. */
export function rawAt(body: Record<string, unknown>, path: string): unknown {
  let cur: unknown = body;
  for (const step of path.split(/\.|\[(\d+)\]/).filter((s) => s !== undefined && s !== "")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = Array.isArray(cur) ? (/^\d+$/.test(step) ? cur[Number(step)] : undefined) : (cur as Record<string, unknown>)[step];
  }
  return cur;
}

/**
 * The named blocks of one kind, each one object.
 * @param what what the names are, for messages: `variable name`, `resource name` */
export function namedObjects(file: string, key: string, value: unknown, what: string): Array<[string, Record<string, unknown>]> {
  const out: Array<[string, Record<string, unknown>]> = [];
  for (const item of Array.isArray(value) ? value : [value]) {
    if (typeof item !== "object" || item === null) throw new HwsgError(`${file}: "${key}" must be an object of named blocks`);
    for (const [name, body] of Object.entries(item)) {
      if (name === "//") continue;
      checkName(file, what, key, name);
      const bodies = Array.isArray(body) ? body : [body];
      if (bodies.length !== 1 || typeof bodies[0] !== "object" || bodies[0] === null) {
        throw new HwsgError(`${file}: ${key} "${name}" must be one object`);
      }
      out.push([name, bodies[0] as Record<string, unknown>]);
    }
  }
  return out;
}

/** The resource or data blocks (type, name, body) of a `resource` or `data` value. */
export function blocks(file: string, key: string, value: unknown): Array<[string, string, Record<string, unknown>]> {
  const out: Array<[string, string, Record<string, unknown>]> = [];
  for (const item of Array.isArray(value) ? value : [value]) {
    if (typeof item !== "object" || item === null) throw new HwsgError(`${file}: "${key}" must be an object of resource types`);
    for (const [type, named] of Object.entries(item)) {
      if (type === "//") continue;
      const kind = key === "data" ? "data source" : "resource";
      checkName(file, `${kind} type name`, key, type);
      for (const [name, body] of namedObjects(file, `${key} "${type}"`, named, `${kind} name`)) out.push([type, name, body]);
    }
  }
  return out;
}
