/**
 * Terraform's JSON syntax written back as HCL, for the simple configurations of the finding
 * fixtures (resources whose arguments are literals, whole references `${a.b.c}`, lists, maps,
 * and nested blocks given as lists of objects), so each finding kind can be checked on HCL too.
 */

/** Arguments whose list of objects is a list of nested blocks. */
const NESTED_BLOCKS = new Set(["network"]);

function expression(value: unknown): string {
  if (typeof value === "string") {
    const whole = /^\$\{([^{}]*)\}$/.exec(value);
    return whole ? whole[1] : JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(expression).join(", ")}]`;
  if (value !== null && typeof value === "object") return `{ ${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)} = ${expression(v)}`).join(", ")} }`;
  return JSON.stringify(value);
}

function body(attributes: Record<string, unknown>, indent: string): string[] {
  const lines: string[] = [];
  for (const [k, v] of Object.entries(attributes)) {
    if (k === "//") continue;
    if (NESTED_BLOCKS.has(k) && Array.isArray(v)) {
      for (const block of v as Array<Record<string, unknown>>) lines.push(`${indent}${k} {`, ...body(block, `${indent}  `), `${indent}}`);
    } else lines.push(`${indent}${k} = ${expression(v)}`);
  }
  return lines;
}

/** The `resource` blocks of a Terraform JSON document as HCL text, in the order written. */
export function resourcesAsHcl(json: { resource?: Record<string, Record<string, Record<string, unknown>>> }): string {
  const out: string[] = [];
  for (const [type, named] of Object.entries(json.resource ?? {})) {
    for (const [name, attributes] of Object.entries(named)) out.push(`resource "${type}" "${name}" {`, ...body(attributes, "  "), "}", "");
  }
  return out.join("\n");
}
