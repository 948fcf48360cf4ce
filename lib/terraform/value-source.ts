/**
 * What the reader (reader.ts, the model stage) needs of the stage before it: the resource
 * blocks of each type, their instances, and each field's value resolved. A configuration
 * (configuration.ts: files with their expressions evaluated statically) and a plan or a state
 * (plan-values.ts: values Terraform worked out) both provide it.
 */
import type { ResourceBlock } from "./values";
import type { Expansion, ResourceInstance } from "./expansion";
import type { Unknown } from "./unknowns";
import type { Resolved } from "./values";

/** The resolved values of a configuration, a plan or a state. */
export interface ValueSource {
  /**
   * What the values come from: a configuration written by people (checked against the provider
   * schema as `terraform validate` would), or a plan or state written by Terraform.
   */
  readonly kind: "configuration" | "plan";
  /** The files read, in reading order. */
  readonly documents: ReadonlyArray<{ readonly file: string }>;
  /** Every resource block (data sources aside), in configuration order. */
  all(): ResourceBlock[];
  /** The resource blocks of one type, in configuration order. */
  ofType(type: string): ResourceBlock[];
  /** The instances of a block (count, for_each), or why they cannot be known. */
  expansion(block: ResourceBlock): Expansion;
  /** The subject of messages about a block or instance: `file: address (construct path)`. */
  subject(of: ResourceBlock | ResourceInstance): string;
  /** A field's value as written, for messages. */
  written(block: ResourceBlock, raw: unknown): unknown;
  /** A field's value. @throws ValidationError for what Terraform would reject */
  resolve(instance: ResourceInstance, field: string, raw: unknown): Resolved;
  /** When the field at `path` is a reference to another resource's attribute: that attribute. */
  referencedAttribute(block: ResourceBlock, path: string): string | undefined;
  /** What the source itself could not read (a module call not expanded), reported before the model's own unknowns. */
  sourceUnknowns?(): readonly Unknown[];
  /** Files read besides the documents (variable files), for the report's list of files. */
  sourceFiles?(): readonly string[];
  /** Things worth knowing about the source (a value given for an undeclared variable). */
  sourceWarnings?(): readonly string[];
}
