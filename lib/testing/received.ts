/**
 * What the matchers are given to look at — cdktf's `Testing.synth(stack)` string, the parsed
 * object, or the directory `Testing.fullSynth(stack)` writes — read into the evaluator's model.
 */
import * as fs from "fs";
import { Construct } from "constructs";
import { HwsgError } from "../core/errors";
import { Network } from "../core/network";
import { TerraformDocument, loadDocuments } from "../terraform/documents";
import { readDocuments } from "../terraform/reader";

/** The model of the Terraform a matcher received. */
export interface ReceivedModel {
  /** The evaluator's model. */
  readonly network: Network;
  /** What the reader assumed, one sentence each. */
  readonly warnings: readonly string[];
  /**
   * Terraform address → construct path, from cdktf's metadata when the document carries it
   * (`Testing.fullSynth`, `stack.toTerraform()`; `Testing.synth` strips it).
   */
  readonly constructPaths: ReadonlyMap<string, string>;
  /** The Terraform documents read (one for a synth string or object). */
  readonly documents: readonly TerraformDocument[];
}

/** What the matchers accept, in words, for error messages. */
export const ACCEPTED_RECEIVED =
  "the JSON string Testing.synth(stack) returns, that JSON parsed, or the output directory Testing.fullSynth(stack) returns";

/** The top-level keys of a Terraform JSON document. */
const TERRAFORM_KEYS = ["resource", "data", "provider", "terraform", "variable", "locals", "output", "module", "//"];

/** The last JSON text read, so that many assertions on one synth read it once. */
let lastText: { readonly text: string; readonly model: ReceivedModel } | undefined;

/**
 * Reads what a matcher received.
 * @throws HwsgError saying what was received and what is accepted, or why the Terraform cannot be read
 */
export function readReceived(received: unknown): ReceivedModel {
  if (typeof received === "string") {
    const text = received.trim();
    if (text.startsWith("{")) {
      if (lastText?.text === received) return lastText.model;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (e) {
        throw new HwsgError(`received a string that starts like JSON but does not parse (${(e as Error).message}); expected ${ACCEPTED_RECEIVED}`);
      }
      const model = readObject(json);
      lastText = { text: received, model };
      return model;
    }
    if (text !== "" && fs.existsSync(received)) return read(loadDocuments(received), received);
    throw new HwsgError(`received the string ${preview(received)}, which is neither Terraform JSON nor an existing file or directory; expected ${ACCEPTED_RECEIVED}`);
  }
  if (Construct.isConstruct(received)) {
    throw new HwsgError(`received the construct ${received.node.path || received.node.id} (${received.constructor.name}); expected ${ACCEPTED_RECEIVED}: write expect(Testing.synth(stack))`);
  }
  return readObject(received);
}

function readObject(json: unknown): ReceivedModel {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new HwsgError(`received ${describeKind(json)}; expected ${ACCEPTED_RECEIVED}`);
  }
  const keys = Object.keys(json);
  // An empty stack synthesizes to {}; an object with keys but no Terraform key is something else.
  if (keys.length > 0 && !keys.some((k) => TERRAFORM_KEYS.includes(k))) {
    throw new HwsgError(`received an object that is not Terraform JSON (its keys: ${keys.slice(0, 8).join(", ")}; a stack has "resource", "provider", "terraform"); expected ${ACCEPTED_RECEIVED}`);
  }
  return read([{ file: "cdk.tf.json", json: json as Record<string, unknown> }], "the received JSON");
}

function read(documents: readonly TerraformDocument[], what: string): ReceivedModel {
  try {
    const { network, warnings, constructPaths } = readDocuments(documents);
    return { network, warnings, constructPaths, documents };
  } catch (e) {
    throw new HwsgError(`hwsg cannot read ${what}, so it cannot evaluate it: ${(e as Error).message}`);
  }
}

function describeKind(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return `an array of ${value.length} elements`;
  if (typeof value === "object") return `an object`;
  return `the ${typeof value} ${preview(value)}`;
}

function preview(value: unknown): string {
  const text = typeof value === "string" ? JSON.stringify(value) : String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
