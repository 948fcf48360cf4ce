/**
 * What every pattern shares: a security group with built-in intents, each of which can be
 * switched off on that construct with a written reason.
 */
import { ValidationError } from "../../core/errors";
import { SecurityGroup } from "../security-group";
import { MIN_REASON_LENGTH } from "../suppressions";
import { PatternIntent, patternIntentId } from "./pattern-intent";

/** One built-in intent of a pattern, as `intents` lists it. */
export interface PatternIntentSummary {
  /** The name `disableIntent` takes. */
  readonly name: string;
  /** The intent in words. */
  readonly description: string;
  /**
   * Why it was switched off.
   * @default undefined: it is checked at synth
   */
  readonly switchedOffReason?: string;
}

/**
 * A security group that states built-in intents (`WebServerSg`, `BastionSg`, `FtpServerSg`,
 * `DatabaseSg`, `EgressWhitelistSg`). Its intents are about its own group; any of them can be
 * switched off with `disableIntent(name, reason)`, and each failure prints that exact call.
 */
export abstract class PatternSecurityGroup extends SecurityGroup {
  /** The built-in intents stated so far, in the order they were stated. */
  get intents(): readonly PatternIntentSummary[] {
    return this.patternIntents().map((i) => ({
      name: i.name,
      description: i.description,
      ...(i.switchedOffReason !== undefined ? { switchedOffReason: i.switchedOffReason } : {}),
    }));
  }

  /**
   * Switches a built-in intent off, saying why: it is no longer checked at synth, and the synth
   * records an info annotation quoting the reason. What the pattern writes does not change.
   *
   * @example
   * egress.disableIntent("unlisted-unreachable-ipv4", "the app tier's own group reaches the database, ticket OPS-7");
   * @param name the intent's name, as failures print it and `intents` lists it
   * @param reason why it does not apply here: at least 10 characters
   * @throws ValidationError naming the construct when the name is not one of its intents or the reason is too short
   */
  disableIntent(name: string, reason: string): void {
    const intent = this.patternIntents().find((i) => i.name === name);
    if (!intent) {
      const names = this.patternIntents().map((i) => JSON.stringify(i.name));
      throw new ValidationError(this.node.path, "disableIntent", name, `must be the name of an intent of this ${this.constructor.name}: ${names.join(", ") || "it has none"}`);
    }
    if (typeof reason !== "string" || reason.trim().length < MIN_REASON_LENGTH) {
      throw new ValidationError(this.node.path, `disableIntent(${JSON.stringify(name)}).reason`, reason, `must say why the intent does not apply, in at least ${MIN_REASON_LENGTH} characters`);
    }
    intent.switchOff(reason);
  }

  private patternIntents(): PatternIntent[] {
    return this.node.children.filter((c): c is PatternIntent => c instanceof PatternIntent && c.node.id === patternIntentId(c.name));
  }
}
