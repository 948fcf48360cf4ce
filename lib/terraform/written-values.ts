/**
 * Values written in a configuration's bodies rather than computed: a variable's default taken
 * literally, the nested blocks of a resource marked as such (a key they lack is computed by the
 * provider), and an instance's NIC ports as references.
 */
import { MAX_NESTING_DEPTH } from "./limits";
import { unescapeTemplateLiteral } from "./expression";
import { Resolved, isMap, markResourceObject, putKey, reference } from "./values";

/**
 * A variable's default as a value: literal, so `${` in its strings means nothing. Written in
 * HCL, its strings are constant templates: `$${` and `%%{` stand for `${` and `%{` (hcl2json
 * leaves them escaped). In the JSON form a default is taken as it is.
 */
export function literal(raw: unknown, hcl: boolean, tooDeep: () => never, depth = 0): Resolved {
  if (typeof raw === "object" && raw !== null && depth >= MAX_NESTING_DEPTH) tooDeep();
  if (Array.isArray(raw)) return raw.map((v) => literal(v, hcl, tooDeep, depth + 1));
  if (typeof raw === "object" && raw !== null) {
    const out: { [key: string]: Resolved } = {};
    for (const [k, v] of Object.entries(raw)) if (k !== "//") putKey(out, hcl ? unescapeTemplateLiteral(k) : k, literal(v, hcl, tooDeep, depth + 1));
    return out;
  }
  return hcl && typeof raw === "string" ? unescapeTemplateLiteral(raw) : (raw as Resolved);
}

/**
 * Marks the maps of an attribute's value that are objects written in the resource's body (its
 * nested blocks), so that reading a key they lack is unknown (computed), not an error. Maps that
 * come from elsewhere (a variable, a local) are not marked: the raw value there is a string.
 */
export function markWritten(raw: unknown, value: Resolved, path: string): void {
  // Only what is written as a value in the body (so no deeper than the nesting limit) is marked.
  if (typeof raw !== "object" || raw === null) return;
  if (Array.isArray(value)) {
    const raws = Array.isArray(raw) ? raw : [raw];
    value.forEach((v, i) => markWritten(raws[i], v, `${path}[${i}]`));
  } else if (isMap(value) && typeof raw === "object" && raw !== null && !Array.isArray(raw)) {
    const map = value as { [key: string]: Resolved };
    markResourceObject(map, path);
    for (const k of Object.keys(map)) markWritten((raw as Record<string, unknown>)[k], map[k], `${path}.${k}`);
  }
}

/** An instance's network blocks with their computed `port` attribute as a reference. */
export function withPorts(address: string, value: Resolved): Resolved {
  const list = isMap(value) ? [value] : value;
  if (!Array.isArray(list)) return value;
  return list.map((nic, i) => (isMap(nic) && (nic as Record<string, Resolved>).port === undefined ? { ...(nic as Record<string, Resolved>), port: portReference(address, i) } : nic));
}

function portReference(address: string, nicIndex: number): Resolved {
  return reference({ ref: "port", address, nicIndex });
}

