/**
 * Override files, merged as Terraform merges them ("Override Files" in Terraform's
 * configuration language documentation): `override.tf`, `*_override.tf` and their `.tf.json`
 * forms are read after the other files of the module, in lexical order; each top-level block
 * they hold is merged into the block of the same type and labels of the other files —
 * arguments replace arguments, nested blocks of a type replace every block of that type
 * (dynamic ones included), `lifecycle` merges argument by argument, `locals` replace by name.
 * A block with nothing to override is an error, as in Terraform.
 */
import { HwsgError } from "../../core/errors";

/** Whether a file name is an override file's (`override.tf`, `x_override.tf`, and their `.tf.json`). */
export function isOverrideFile(name: string): boolean {
  const base = name.replace(/^.*[\\/]/, "").replace(/\.tf(\.json)?$/, "");
  return base === "override" || base.endsWith("_override");
}

type Body = Record<string, unknown>;

/** Top-level block kinds with two labels (type, name), one label (name), and none. */
const TWO_LABELS = new Set(["resource", "data"]);
const ONE_LABEL = new Set(["variable", "output", "module", "provider"]);

/**
 * The documents with every override file merged into the others: the others come first, their
 * blocks changed where overridden; the override files follow with nothing left in them (their
 * parsed expressions stay, so the merged blocks' expressions are still known).
 * @throws HwsgError naming the override file and block when there is no block to override
 */
export function mergeOverrides<D extends { readonly file: string; readonly json: Record<string, unknown> }>(documents: readonly D[]): D[] {
  const overrides = documents.filter((d) => isOverrideFile(d.file)).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  if (overrides.length === 0) return [...documents];
  const normal = documents.filter((d) => !isOverrideFile(d.file)).map((d) => ({ ...d, json: structuredClone(d.json) }));
  for (const o of overrides) {
    for (const [kind, value] of Object.entries(o.json)) {
      if (kind === "//") continue;
      for (const item of Array.isArray(value) ? value : [value]) {
        if (typeof item !== "object" || item === null) throw new HwsgError(`${o.file}: "${kind}" must be an object`);
        if (kind === "locals") mergeLocals(o.file, normal, item as Body);
        else if (kind === "terraform") continue; // settings of Terraform itself: nothing the model reads
        else if (TWO_LABELS.has(kind)) {
          for (const [type, named] of Object.entries(item as Body)) {
            if (type === "//") continue;
            for (const [name, body] of Object.entries(named as Body)) {
              if (name === "//") continue;
              const base = findBlock(normal, kind, [type, name]);
              if (!base) throw new HwsgError(`${o.file}: ${kind} "${type}" "${name}" overrides nothing: there is no such ${kind} block in the module's other files (Terraform refuses an override without a base block)`);
              mergeBody(base, firstBody(o.file, `${kind} ${type}.${name}`, body));
            }
          }
        } else if (ONE_LABEL.has(kind)) {
          for (const [name, body] of Object.entries(item as Body)) {
            if (name === "//") continue;
            const base = findBlock(normal, kind, [name]);
            if (!base) throw new HwsgError(`${o.file}: ${kind} "${name}" overrides nothing: there is no such ${kind} block in the module's other files (Terraform refuses an override without a base block)`);
            mergeBody(base, firstBody(o.file, `${kind} ${name}`, body));
          }
        }
      }
    }
  }
  return [...normal, ...overrides.map((o) => ({ ...o, json: {} }))];
}

function firstBody(file: string, what: string, body: unknown): Body {
  const b = Array.isArray(body) ? body[0] : body;
  if (typeof b !== "object" || b === null || Array.isArray(b)) throw new HwsgError(`${file}: ${what} must be a block (an object)`);
  return b as Body;
}

/** The body of the block `kind "labels..."` in the documents, to be changed in place. */
function findBlock(documents: ReadonlyArray<{ json: Body }>, kind: string, labels: readonly string[]): Body | undefined {
  for (const doc of documents) {
    const value = doc.json[kind];
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
      if (typeof item !== "object" || item === null) continue;
      let cur: unknown = item;
      for (const label of labels) {
        cur = typeof cur === "object" && cur !== null && !Array.isArray(cur) ? (cur as Body)[label] : undefined;
        if (cur === undefined) break;
      }
      const body = Array.isArray(cur) ? cur[0] : cur;
      if (typeof body === "object" && body !== null && !Array.isArray(body)) return body as Body;
    }
  }
  return undefined;
}

/** Merges an override block into its base block, in place. */
function mergeBody(base: Body, override: Body): void {
  for (const [key, value] of Object.entries(override)) {
    if (key === "//") continue;
    if (key === "lifecycle") {
      const b = firstOf(base.lifecycle);
      const o = firstOf(value);
      base.lifecycle = { ...(b ?? {}), ...(o ?? {}) };
    } else if (key === "dynamic") {
      const dynamic = firstOf(base.dynamic) ?? {};
      for (const [type, block] of Object.entries(firstOf(value) ?? {})) {
        delete base[type];
        dynamic[type] = block;
      }
      base.dynamic = dynamic;
    } else {
      // An argument replaces the argument; a nested block type replaces every block of that type, dynamic ones too.
      base[key] = value;
      const dynamic = firstOf(base.dynamic);
      if (dynamic && key in dynamic) {
        delete dynamic[key];
        if (Object.keys(dynamic).length === 0) delete base.dynamic;
      }
    }
  }
}

function firstOf(v: unknown): Body | undefined {
  const b = Array.isArray(v) ? v[0] : v;
  return typeof b === "object" && b !== null && !Array.isArray(b) ? (b as Body) : undefined;
}

/** Locals replace the locals of the same name, wherever they are defined. */
function mergeLocals(file: string, documents: ReadonlyArray<{ json: Body }>, locals: Body): void {
  for (const [name, value] of Object.entries(locals)) {
    if (name === "//") continue;
    let found = false;
    for (const doc of documents) {
      const value0 = doc.json.locals;
      for (const item of Array.isArray(value0) ? value0 : value0 === undefined ? [] : [value0]) {
        if (typeof item === "object" && item !== null && name in (item as Body)) {
          (item as Body)[name] = value;
          found = true;
        }
      }
    }
    if (!found) throw new HwsgError(`${file}: local ${name} overrides nothing: no other file of the module defines it (Terraform refuses an override without a base)`);
  }
}
