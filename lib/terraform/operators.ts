/**
 * Terraform's operators on values already evaluated: the conditions (`!`, `&&`, `||`, a
 * conditional's test), comparison (`==`, `!=`, `<` ...) and arithmetic. An unknown operand makes
 * the result unknown, except where Terraform decides without it (`false && x`, `true || x`).
 */
import { ValidationError } from "../core/errors";
import type { Site } from "./site";
import type { BinaryOperator } from "./expression";
import { equalValues } from "./functions";
import { UnknownValue, findUnknown } from "./unknowns";
import { Resolved, ResourceHandle, isReference, knownAfterApply, numberText } from "./values";

/** A condition's value: true or false (or the strings "true"/"false", as Terraform converts them). */
export function truth(v: Resolved, site: Site, what: string): boolean | UnknownValue {
  if (typeof v === "boolean") return v;
  if (v === "true" || v === "false") return v === "true";
  if (v instanceof UnknownValue) return v;
  if (isReference(v)) return knownAfterApply(v);
  throw new ValidationError(site.subject, site.field, site.written, `${what} must be true or false, not ${v === null || v === undefined ? "null" : JSON.stringify(v)}`);
}

/** An operand's number (a decimal string converts). */
export function numberOperand(v: Resolved, site: Site, what: string): number | UnknownValue {
  if (typeof v === "number") return v;
  if (typeof v === "string" && /^\s*-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(v)) return Number(v);
  if (v instanceof UnknownValue) return v;
  if (isReference(v)) return knownAfterApply(v);
  throw new ValidationError(site.subject, site.field, site.written, `${what} must be a number, not ${v === null || v === undefined ? "null" : JSON.stringify(v)}`);
}

/** `left op right`, both evaluated. */
export function binaryOperation(op: BinaryOperator, left: Resolved, right: Resolved, site: Site): Resolved {
  if (op === "&&" || op === "||") {
    const l = truth(left, site, `the left side of ${op}`);
    const r = truth(right, site, `the right side of ${op}`);
    if (op === "&&") {
      if (l === false || r === false) return false;
      return l instanceof UnknownValue ? l : r instanceof UnknownValue ? r : true;
    }
    if (l === true || r === true) return true;
    return l instanceof UnknownValue ? l : r instanceof UnknownValue ? r : false;
  }
  if (op === "==" || op === "!=") {
    // A data source is read when Terraform plans, and an id it reads is never empty: comparing
    // it with "" is decided (the official modules write `data.x.id == ""`). A managed resource's
    // id stays unknown until apply, as in Terraform.
    const [a, b] = [left, right];
    if ((isReference(a) && a.ref === "id" && a.data && b === "") || (isReference(b) && b.ref === "id" && b.data && a === "")) return op !== "==";
    for (const side of [left, right]) {
      const u = findUnknown(side);
      if (u) return u.unknown;
      if (isReference(side) || side instanceof ResourceHandle) return knownAfterApply(side);
    }
    const eq = equalValues(left, right);
    return op === "==" ? eq : !eq;
  }
  const l = numberOperand(left, site, `the left side of ${op}`);
  const r = numberOperand(right, site, `the right side of ${op}`);
  if (l instanceof UnknownValue) return l;
  if (r instanceof UnknownValue) return r;
  switch (op) {
    case "<": return l < r;
    case "<=": return l <= r;
    case ">": return l > r;
    case ">=": return l >= r;
    case "+": return l + r;
    case "-": return l - r;
    case "*": return l * r;
    case "/":
    case "%":
      if (r === 0) throw new ValidationError(site.subject, site.field, site.written, `division by zero (${numberText(l)} ${op} 0)`);
      return op === "/" ? l / r : l % r;
  }
}
