/**
 * Where an expression is read, for the messages of every stage that evaluates one, and the
 * names in scope there.
 */
import type { ResourceInstance } from "./expansion";
import type { Resolved } from "./values";

/** Where an expression is read: what errors name. */
export interface Site {
  /** `file: address (construct path)` of the resource being read. */
  readonly subject: string;
  /** The field (path) being read: `remote_ip_prefix`, `network[0].uuid`. */
  readonly field: string;
  /** The expression as written, quoted in errors. */
  readonly written: unknown;
  /** The file the expression is written in: `path.module` is its directory, and `file()` reads relative to it. */
  readonly file?: string;
}

/** The names in scope besides the configuration's. */
export interface Scope {
  /** The resource instance being read: `count.index`, `each.key`, `each.value`. */
  readonly instance?: ResourceInstance;
  /** For-expression variables. */
  readonly vars?: ReadonlyMap<string, Resolved>;
  /** The current item of a splat. */
  readonly item?: Resolved;
}
