/**
 * Tokens in construct props: a value cdktf resolves at synth (a `TerraformVariable`, a
 * `TerraformLocal`, an `Fn.*` call, a resource attribute). A construct accepts one in a field that
 * decides matching and leaves it to the synth-time checks, which read the synthesized Terraform
 * with the CLI's reader: a value known at synth (a local, a variable's default) is proved, with a
 * warning naming the defaults assumed; one that is not (a variable without default, a computed
 * attribute) is an error annotation on the construct. Construction never throws for a token.
 */
import { DefaultTokenResolver, StringConcat, TerraformStack, Token, Tokenization } from "cdktf";
import { IConstruct } from "constructs";
import { idFragment } from "./naming";

/** Whether a prop's value is a token (unresolved until synth). */
export function isToken(value: unknown): value is string | number {
  return (typeof value === "string" || typeof value === "number") && Token.isUnresolved(value);
}

/** Longest label made of a token's expression. */
const LABEL_LENGTH = 40;

/**
 * A readable label for a token, for construct ids and messages: the Terraform expression it
 * resolves to in `scope`'s stack (`var.office_cidr`, `local.admin`), never cdktf's internal
 * token text; `token` when it cannot be resolved yet.
 */
export function tokenLabel(scope: IConstruct, value: string | number): string {
  let resolved: unknown;
  try {
    resolved = Tokenization.resolve(value, { scope: TerraformStack.of(scope), resolver: new DefaultTokenResolver(new StringConcat()) });
  } catch {
    return "token";
  }
  if (typeof resolved !== "string" || Token.isUnresolved(resolved)) return "token";
  const inner = resolved.replace(/^\$\{/, "").replace(/\}$/, "");
  const label = idFragment(inner).replace(/^-+|-+$/g, "").slice(0, LABEL_LENGTH).replace(/-+$/, "");
  return label === "" ? "token" : label;
}

/** A number that may be a token, as text a template can hold (a number token as its string token). */
export function numberText(value: number): string {
  return isToken(value) ? Tokenization.stringifyNumber(value) : `${value}`;
}
