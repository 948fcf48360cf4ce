/**
 * Validation of SARIF documents against the official SARIF 2.1.0 JSON schema (OASIS, errata 01),
 * kept unmodified in test/fixtures/sarif (see ORIGIN.md there). The schema is draft-04; Ajv 8
 * validates it with draft-07 semantics, which are the same for every keyword it uses, once
 * told to ignore draft-04's `id` (the schema's own URI).
 */
import * as fs from "fs";
import * as path from "path";
import Ajv, { ErrorObject, ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { FIXTURES } from "../terraform/tf-json";

let validator: ValidateFunction | undefined;

/** The schema's validator, compiled once. */
function validate(): ValidateFunction {
  if (validator) return validator;
  const schema = JSON.parse(fs.readFileSync(path.join(FIXTURES, "sarif", "sarif-schema-2.1.0.json"), "utf8"));
  const ajv = new Ajv({ strict: false, validateSchema: false, allErrors: true });
  ajv.removeKeyword("id");
  addFormats(ajv);
  validator = ajv.compile(schema);
  return validator;
}

/** The schema's errors for a document: empty when it is valid SARIF 2.1.0. */
export function sarifErrors(doc: unknown): ErrorObject[] {
  const v = validate();
  return v(doc) ? [] : [...(v.errors ?? [])];
}
