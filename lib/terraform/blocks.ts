import type { Resolved } from "./values";

/**
 * A resource or data block as the configuration stage gives it to the stages after it (and a
 * plan gives one per resource instance): its type, name, address, body and where it is written.
 */

/** One resource (or data) block. */
export interface ResourceBlock {
  /** The resource type, `huaweicloud_networking_secgroup`. */
  readonly type: string;
  /** The resource name. */
  readonly name: string;
  /** `type.name` (`data.type.name` for a data source). */
  readonly address: string;
  /** The block's body in JSON form (meta-arguments included). */
  readonly body: Record<string, unknown>;
  /** The file it is written in. */
  readonly file: string;
  /** The cdktf construct path, when the file was written by cdktf. */
  readonly constructPath?: string;
  /** Whether the file was written in HCL. */
  readonly hcl: boolean;
}

/** One instance of a resource block. */
export interface ResourceInstance {
  readonly block: ResourceBlock;
  /** `type.name`, `type.name[0]` or `type.name["key"]`. */
  readonly address: string;
  /** `count.index`, for an instance of a counted resource. */
  readonly countIndex?: number;
  /** `each.key` and `each.value`, for an instance of a for_each resource. */
  readonly each?: { readonly key: string; readonly value: Resolved };
}
