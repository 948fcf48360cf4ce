/**
 * Suppressions of lint findings, like cdk-nag's: a finding of a code is not reported on a
 * construct (or anything below it) that carries a suppression of that code with a written reason.
 * A suppressed finding is still recorded, as an info annotation quoting the reason; an error
 * finding that is not suppressed fails every synth that runs the validations. The findings
 * matchers of `hwsg/testing` honour the same suppressions. (A pattern's built-in intents are
 * switched off the same way, with a reason, by the pattern's `disableIntent(name, reason)`.)
 */
import { IConstruct } from "constructs";
import { FINDING_CATALOGUE } from "../analysis/findings";
import { MIN_REASON_LENGTH } from "../analysis/suppression";
import { ValidationError } from "../core/errors";

/** The shortest reason accepted: a suppression must say why (shared with suppressions written in Terraform, lib/analysis/suppression.ts). */
export { MIN_REASON_LENGTH };

/** One suppression: the finding code and why it does not apply here. */
export interface Suppression {
  /** The finding code, e.g. `HWSG001`. */
  readonly id: string;
  /** Why the finding does not apply: at least 10 characters. */
  readonly reason: string;
}

const store = new WeakMap<IConstruct, Suppression[]>();

/**
 * Suppressions of lint findings on constructs.
 *
 * @example
 * Suppressions.add(ftp, [{ id: "HWSG001", reason: "public FTP mirror, read-only, ticket OPS-123" }]);
 */
export class Suppressions {
  /**
   * Suppresses findings of the given codes on `construct` and everything below it.
   * @throws ValidationError when a code is malformed or a reason is too short
   */
  static add(construct: IConstruct, suppressions: readonly Suppression[]): void {
    const list = store.get(construct) ?? [];
    suppressions.forEach((s, i) => {
      if (typeof s?.id !== "string" || !(s.id in FINDING_CATALOGUE)) {
        throw new ValidationError(construct.node.path, `suppressions[${i}].id`, s?.id, `must be a finding code: ${Object.keys(FINDING_CATALOGUE).join(", ")}`);
      }
      if (typeof s.reason !== "string" || s.reason.trim().length < MIN_REASON_LENGTH) {
        throw new ValidationError(construct.node.path, `suppressions[${i}].reason`, s.reason, `must say why, in at least ${MIN_REASON_LENGTH} characters`);
      }
      list.push({ id: s.id, reason: s.reason.trim() });
    });
    store.set(construct, list);
  }

  /** The suppressions placed directly on a construct. */
  static of(construct: IConstruct): readonly Suppression[] {
    return store.get(construct) ?? [];
  }

  /** The suppression of `code` that applies to `construct`: its own, or the nearest ancestor's. */
  static find(construct: IConstruct, code: string): Suppression | undefined {
    for (const scope of [...construct.node.scopes].reverse()) {
      const hit = store.get(scope)?.find((s) => s.id === code);
      if (hit) return hit;
    }
    return undefined;
  }
}
