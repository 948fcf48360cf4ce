/**
 * The Terraform JSON each stack with hwsg checks last resolved to (`stack.toTerraform()`, which
 * `Testing.synth` and `app.synth()` call), kept for the few most recent stacks only. The findings
 * matchers of `hwsg/testing` receive nothing but that JSON as a string: this record lets them find
 * the stack it came from, so that the stack's suppressions and lint options apply as they do at synth.
 */
import { IConstruct } from "constructs";

/** One stack and the document it last resolved to. */
export interface ResolvedStack {
  /** The stack (a `TerraformStack`). */
  readonly stack: IConstruct;
  /** What its `toTerraform()` returned last; never modified. */
  readonly json: Record<string, unknown>;
}

/** How many stacks are remembered: enough for the stacks of one test, bounded for long runs. */
export const RESOLVED_STACKS_KEPT = 32;

const recent: ResolvedStack[] = [];

/** Records what `stack` resolved to, as its most recent document. */
export function noteResolved(stack: IConstruct, json: Record<string, unknown>): void {
  const at = recent.findIndex((r) => r.stack === stack);
  if (at >= 0) recent.splice(at, 1);
  recent.unshift({ stack, json });
  if (recent.length > RESOLVED_STACKS_KEPT) recent.length = RESOLVED_STACKS_KEPT;
}

/** The stacks remembered, most recently resolved first. */
export function resolvedStacks(): readonly ResolvedStack[] {
  return recent;
}
