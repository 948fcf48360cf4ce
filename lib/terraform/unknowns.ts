/**
 * What the reader cannot know before `terraform apply`: a variable without default, an attribute
 * computed by the cloud, a data source's attributes, a function it does not evaluate. Such a
 * value is an `UnknownValue` while expressions are evaluated (it propagates through every
 * operation, never guessed); a resource whose model needs it is left out, and an `Unknown`
 * record says so.
 */

/** One thing the reader could not resolve statically, and what it did about it. */
export interface Unknown {
  /** The file of the resource. */
  readonly file: string;
  /** The resource address, e.g. `huaweicloud_networking_secgroup_rule.ssh["office"]`. */
  readonly address: string;
  /** The field, e.g. `remote_ip_prefix`, `security_group_ids[1]`, `count`, `for_each`. */
  readonly field: string;
  /** The expression as written. */
  readonly expression: string;
  /** One sentence: why it cannot be known statically. */
  readonly reason: string;
  /** One sentence: what the model does about it. */
  readonly effect: string;
  /** The security groups whose rule set (or membership) is incomplete because of it; may be empty. */
  readonly groupIds: readonly string[];
  /**
   * Whether it can change a verdict or a finding: false only for what matching never depends on
   * (a name, a description, a flavor no rule of the instance's groups is sensitive to), which the
   * model keeps the resource without. `--fail-on-unknown` fails on exactly these.
   */
  readonly canChangeVerdict: boolean;
}

/** How the reader treats what it cannot resolve statically. */
export type UnknownsMode = "collect" | "error";

/** A value not known before apply. It prints as Terraform's plan does. */
export class UnknownValue {
  /** @param reason why it is not known, as a clause: "variable x has no default" */
  constructor(readonly reason: string) {}

  /** JSON form, for messages. */
  toJSON(): string {
    return "(known after apply)";
  }
}

/** Whether a value is unknown (not whether it contains one: see `findUnknown`). */
export function isUnknown(value: unknown): value is UnknownValue {
  return value instanceof UnknownValue;
}

/**
 * The first unknown inside a value, depth first, with the path to it (`""`, `[1]`, `.uuid`,
 * `[0].fixed_ip_v4`); undefined when the value is fully known.
 */
export function findUnknown(value: unknown, path = ""): { readonly path: string; readonly unknown: UnknownValue } | undefined {
  // Most values read are strings and numbers: no walk.
  if (typeof value !== "object" || value === null) return undefined;
  // Iterative, depth first in order: a value of any depth is walked without recursion.
  const todo: Array<[unknown, string]> = [[value, path]];
  while (todo.length > 0) {
    const [v, p] = todo.pop()!;
    if (v instanceof UnknownValue) return { path: p, unknown: v };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) if (typeof v[i] === "object" && v[i] !== null) todo.push([v[i], `${p}[${i}]`]);
    } else if (typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype) {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) if (typeof entries[i][1] === "object" && entries[i][1] !== null) todo.push([entries[i][1], `${p}.${entries[i][0]}`]);
    }
  }
  return undefined;
}

/** The first letter in upper case, a full stop at the end: a clause made a sentence. */
export function sentence(clause: string): string {
  const t = clause.trim();
  return `${t.charAt(0).toUpperCase()}${t.slice(1)}${/[.!?]$/.test(t) ? "" : "."}`;
}
