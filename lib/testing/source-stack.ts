/**
 * The stack a synthesized document came from. `Testing.synth(stack)` returns a string without
 * cdktf's metadata, so the findings matchers look the document up among the stacks whose checks
 * resolved them last: the stack whose Terraform, metadata left out, is this very document. Its
 * suppressions, lint options and construct paths then apply as they do at synth.
 */
import { IConstruct } from "constructs";
import { CHECKS_ID, HwsgChecks } from "../constructs/checks";
import { terraformAddress } from "../constructs/private/naming";
import { resolvedStacks } from "../constructs/resolved-stacks";
import { TerraformDocument } from "../terraform/documents";

/** The stack a document came from, and what the findings matchers take from it. */
export interface SourceStack {
  /** The stack. */
  readonly stack: IConstruct;
  /** Its checks, when it has some (their `lintOptions`). @default undefined */
  readonly checks?: HwsgChecks;
  /** Terraform address → the resource's construct, for every resource of the stack. */
  readonly resources: ReadonlyMap<string, IConstruct>;
}

const canonicalOf = new WeakMap<object, string>();

/**
 * The stack `documents` came from, or undefined when none of the stacks remembered resolved to it
 * (a stack without hwsg constructs, a document edited by hand, a synth older than the last 32 stacks).
 */
export function sourceStackOf(documents: readonly TerraformDocument[]): SourceStack | undefined {
  if (documents.length !== 1) return undefined;
  const wanted = canonical(documents[0].json);
  for (const { stack, json } of resolvedStacks()) {
    if (canonical(json) !== wanted) continue;
    const checks = stack.node.tryFindChild(CHECKS_ID);
    const resources = new Map<string, IConstruct>();
    for (const c of stack.node.findAll()) {
      if (isResource(c)) resources.set(terraformAddress(c as never), c);
    }
    return { stack, resources, ...(checks instanceof HwsgChecks ? { checks } : {}) };
  }
  return undefined;
}

/** Whether a construct is a Terraform resource (of whichever copy of the CDK core). */
function isResource(c: IConstruct): boolean {
  const r = c as { terraformResourceType?: unknown; friendlyUniqueId?: unknown };
  return typeof r.terraformResourceType === "string" && typeof r.friendlyUniqueId === "string";
}

/** The document as text with cdktf's metadata ("//") left out and keys sorted: what `Testing.synth` keeps. */
function canonical(json: Record<string, unknown>): string {
  const known = canonicalOf.get(json);
  if (known !== undefined) return known;
  const text = JSON.stringify(strip(json));
  canonicalOf.set(json, text);
  return text;
}

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    if (key !== "//") out[key] = strip((value as Record<string, unknown>)[key]);
  }
  return out;
}
