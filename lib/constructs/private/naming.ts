/**
 * Naming helpers shared by the constructs: default resource names, readable construct ids,
 * Terraform addresses, and the refusal of unresolved tokens.
 */
import { TerraformResource, TerraformStack, Token } from "../../cdk/core";
import { createHash } from "crypto";
import { IConstruct } from "constructs";
import { ValidationError } from "../../core/errors";

/** The longest name Huawei accepts for a security group or an address group. */
const MAX_NAME = 64;

/**
 * A default resource name: the construct path below its stack, `/` written as `-`, limited to the
 * characters names allow; a path longer than 64 characters keeps its tail and a hash.
 */
export function defaultName(construct: IConstruct): string {
  const stack = TerraformStack.of(construct);
  const scopes = construct.node.scopes;
  const below = scopes.slice(scopes.indexOf(stack) + 1).map((c) => c.node.id);
  const name = below.join("-").replace(/[^A-Za-z0-9_.-]/g, "_");
  if (name.length <= MAX_NAME) return name;
  const hash = createHash("sha256").update(construct.node.path).digest("hex").slice(0, 8);
  return `${name.slice(name.length - (MAX_NAME - 9))}-${hash}`;
}

/**
 * The construct path below its stack, `/` written as `-`: a label unique within the stack
 * (`teamA-app`), for rule ids that must not depend on the order rules are added in.
 */
export function pathBelowStack(construct: IConstruct): string {
  const stack = TerraformStack.of(construct);
  const scopes = construct.node.scopes;
  return scopes.slice(scopes.indexOf(stack) + 1).map((c) => c.node.id).join("-");
}

/**
 * Runs a construct's body; when it throws, takes the construct out of its scope first, so an
 * invalid construct writes nothing at all.
 */
export function undoOnError(construct: IConstruct, body: () => void): void {
  try {
    body();
  } catch (e) {
    construct.node.scope?.node.tryRemoveChild(construct.node.id);
    throw e;
  }
}

/** The Terraform address of a resource: `<type>.<logical id>`. */
export function terraformAddress(resource: TerraformResource): string {
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}

/**
 * A readable construct id from free text: lower case, letters, digits and `-`, with `.`, `/` and
 * `:` of addresses turned into `-` and `_` so that `10.0.0.0/8` stays legible as `10-0-0-0_8`.
 */
export function idFragment(text: string): string {
  return text
    .toLowerCase()
    .replace(/\//g, "_")
    .replace(/[.:]/g, "-")
    .replace(/,/g, "_")
    .replace(/\s+/g, "-")
    .replace(/[^a-z0-9_-]/g, "");
}

/**
 * Refuses a value that is (or holds) an unresolved token: the checks prove the rules at synth
 * time, so every value that decides what a rule matches must be known then.
 */
export function requireLiteral(subject: string, field: string, value: unknown): void {
  const values = Array.isArray(value) ? value : [value];
  for (const v of values) {
    if ((typeof v === "string" || typeof v === "number") && Token.isUnresolved(v)) {
      throw new ValidationError(
        subject,
        field,
        v,
        "must be a literal value, not a token: hwsg proves what the rules allow at synth time, so it must know them then",
      );
    }
  }
}
