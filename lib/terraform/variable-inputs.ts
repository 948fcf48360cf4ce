/**
 * Values given for input variables — a module call's arguments, or (root module) values from
 * variable files, `--var` and `TF_VAR_` — converted to the variable's type as Terraform
 * converts them: a raw `--var`/`TF_VAR_` string as it is for a primitive type, as HCL for a
 * complex one.
 */
import { ValidationError } from "../core/errors";
import { MAX_NESTING_DEPTH } from "./limits";
import type { VariableValue } from "./sources/variable-values";
import { TypeConstraint, convertToType } from "./types";
import type { Resolved } from "./values";
import { literal } from "./written-values";

/** A value given for an input variable: by a module call's argument, or (root module) by a variable file, `--var` or `TF_VAR_`. */
export type VariableInput =
  | { readonly kind: "argument"; readonly origin: string; readonly value: () => Resolved }
  | { readonly kind: "given"; readonly given: VariableValue };

/** A value given for a declared variable, converted to its type as Terraform converts it. */
export function inputValue(name: string, type: TypeConstraint | undefined, input: VariableInput): Resolved {
  if (input.kind === "argument") {
    const value = input.value();
    return type ? convertToType(value, type, (message) => {
      throw new ValidationError(input.origin, name, value, `does not match the variable's type: ${message.replace(/^the default/, "the value")}`);
    }) : value;
  }
  const given = input.given;
  const tooDeep = (): never => {
    throw new ValidationError(`${given.origin}`, name, "(a deeply nested value)", `nests deeper than ${MAX_NESTING_DEPTH} levels`);
  };
  let value: Resolved;
  const complex = type !== undefined && !["string", "number", "bool", "any"].includes(type.kind);
  if (given.raw !== undefined) {
    if (complex) {
      if (!given.parsed || "error" in given.parsed) throw new ValidationError(`${given.origin}`, name, given.raw, `is not a valid value for a variable of a complex type: ${given.parsed && "error" in given.parsed ? given.parsed.error : "it cannot be parsed"}`);
      value = literal(given.parsed.value, true, tooDeep);
    } else value = given.raw;
  } else value = literal(given.value, given.hcl === true, tooDeep);
  return type
    ? convertToType(value, type, (message) => {
        throw new ValidationError(`${given.origin}`, name, given.raw ?? given.value, `does not match the variable's type: ${message.replace(/^the default/, "the value")}`);
      })
    : value;
}
