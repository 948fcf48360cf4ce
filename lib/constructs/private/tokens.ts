/**
 * Tokens in construct props: a value cdktf resolves at synth (a `TerraformVariable`, a
 * `TerraformLocal`, an `Fn.*` call, a resource attribute). A construct accepts one in a field that
 * decides matching and leaves it to the synth-time checks, which read the synthesized Terraform
 * with the CLI's reader: a value known at synth (a local, a variable's default) is proved, with a
 * warning naming the defaults assumed; one that is not (a variable without default, a computed
 * attribute) is an error annotation on the construct. Construction never throws for a token.
 */
import { DefaultTokenResolver, StringConcat, TerraformStack, Token, Tokenization } from "../../cdk/core";
import { IConstruct } from "constructs";
import { ValidationError } from "../../core/errors";
import type { StringValues } from "../../terraform/reader";
import { idFragment } from "./naming";

/**
 * The value a token held by an endpoint has at synth (a `TerraformVariable`'s default, a local),
 * as the synth-time checks evaluate it, with a label naming it (`203.0.113.0/24 (var.office_cidr)`).
 * @throws ValidationError when the token has no value known at synth
 */
export type TokenValues = (token: string, subject: string, field: string) => { readonly value: string; readonly label: string };

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

/**
 * The values of tokens held by constructs (an endpoint's `Peer.ipv4(variable.stringValue)`), as
 * the synth-time checks evaluate them in the stack of `scope`: the Terraform expression the token
 * resolves to, evaluated by the CLI's reader over the synthesized stack.
 */
export function tokenValues(scope: IConstruct, values: StringValues): TokenValues {
  return (token, subject, field) => {
    let expression: unknown;
    try {
      expression = Tokenization.resolve(token, { scope: TerraformStack.of(scope), resolver: new DefaultTokenResolver(new StringConcat()) });
    } catch (e) {
      throw new ValidationError(subject, field, "a token", `cannot be resolved in the stack: ${(e as Error).message}`);
    }
    if (typeof expression !== "string") throw new ValidationError(subject, field, "a token", "must resolve to a string at synth");
    const shown = expression.replace(/^\$\{([\s\S]*)\}$/, "$1");
    const known = values(expression, subject, field);
    if ("unknown" in known) throw new ValidationError(subject, field, shown, `is not known at synth: ${known.unknown}`);
    if (typeof known.value !== "string") throw new ValidationError(subject, field, shown, `must be a string at synth (it is ${JSON.stringify(known.value)})`);
    return { value: known.value, label: `${shown} = ${known.value}` };
  };
}
