/**
 * Errors raised for input that the provider or the cloud would reject.
 *
 * Every message names where the bad value was found (a construct path, or a file and a
 * Terraform resource address), the field, the value given and what is allowed.
 */

/** The base class of every error hwsg raises on purpose. */
export class HwsgError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A value that the provider or the cloud would reject. */
export class ValidationError extends HwsgError {
  /**
   * @param subject where the value comes from: a construct path, or `file: resource.address`
   * @param field the Terraform field name (`remote_ip_prefix`, `priority`, …)
   * @param value the value given
   * @param allowed what is allowed, or why the value is wrong
   * @param hint an optional suggestion (`did you mean 10.0.0.0/24?`)
   */
  constructor(
    readonly subject: string,
    readonly field: string,
    readonly value: unknown,
    readonly allowed: string,
    readonly hint?: string,
  ) {
    super(`${subject}: ${field} ${describeValue(value)} is invalid: ${allowed}${hint ? `; ${hint}` : ""}`);
  }
}

/** Renders a value for an error message: strings quoted, everything else as JSON. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "(missing)";
  if (typeof value === "bigint") return value.toString();
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
