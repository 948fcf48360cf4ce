/**
 * Reachability intents: what must (or must not) reach what, stated in code and proved at synth
 * time on the stack's synthesized Terraform with the set-valued evaluator. A failed intent fails
 * the synth with the construct path, the intent, a counterexample flow and the deciding rule.
 */
import { Construct } from "constructs";
import { ValidationError } from "../core/errors";
import { ETHERTYPE, IpVersion } from "../core/ip";
import { Network } from "../core/network";
import { Quantifier, ReachResult } from "../core/reachability";
import { HwsgChecks, StackModel, checksEnabled } from "./checks";
import { Endpoint, ResolvedEndpoint } from "./endpoint";
import { IPeer } from "./peer";
import { Port } from "./port";
import { ReachAnswer, ReachQuestion, answerReachQuestion, explainWitness } from "./reach-question";
import { MIN_REASON_LENGTH } from "./suppressions";
import { tokenValues } from "./private/tokens";

export { answerReachQuestion, explainWitness } from "./reach-question";
export type { ReachAnswer, ReachQuestion, ResolvableEnd } from "./reach-question";

/** The metadata type of a cdktf (and CDK Terrain) warning annotation. */
const WARNING = "@cdktf/warn";
/** The metadata type of a cdktf (and CDK Terrain) info annotation. */
const INFO = "@cdktf/info";

/**
 * What one check of an intent found: a failure fails the synth; a warning is reported as a
 * warning annotation on the intent and the synth goes on.
 */
export interface IntentJudgement {
  /**
   * Why the intent does not hold.
   * @default undefined: it holds
   */
  readonly failure?: string;
  /**
   * What the synth should still say although the intent holds.
   * @default undefined: nothing
   */
  readonly warning?: string;
}

/** An end of an intent: an `Endpoint`, or a peer (CIDR peers are addresses, group peers are members). */
export type IntentEnd = Endpoint | IPeer;

/** What an intent states, whatever its quantifier. */
export interface IntentOptions {
  /** Where the traffic starts. */
  readonly from: IntentEnd;
  /** Where it goes. */
  readonly to: IntentEnd;
  /** The protocol and destination ports. `Port.allTraffic()` is every protocol and port. */
  readonly port: Port;
  /**
   * Flows left out of the intent: `port: Port.allTraffic(), except: [Port.HTTPS]` is every
   * protocol and port but TCP 443.
   * @default none
   */
  readonly except?: readonly Port[];
  /**
   * The IP version, when neither end fixes it (both are groups or instances).
   * @default the version of the address end; 4 between instances
   */
  readonly ipVersion?: IpVersion;
  /**
   * How the intent is named in messages.
   * @default generated from the ends, the quantifier and the port
   */
  readonly description?: string;
}

/** Properties of a `ReachabilityIntent`. */
export interface ReachabilityIntentProps extends IntentOptions {
  /**
   * `every`: every flow asked is allowed; `none`: no flow is allowed; `some`: at least one is.
   * Over a group end with several instances: every/none must hold for each pair of instances,
   * some for one pair at least.
   */
  readonly quantifier: Quantifier;
}

/**
 * An intent about reachability, checked when the stack is synthesized.
 *
 * @example
 * ReachabilityIntent.every(this, "web-https", { from: Endpoint.internet(), to: web, port: Port.HTTPS });
 * ReachabilityIntent.none(this, "db-private", { from: Endpoint.addresses(["0.0.0.0/0"], { except: ["10.0.0.0/8"] }), to: db, port: Port.allTraffic() });
 * ReachabilityIntent.every(this, "app-db", { from: app, to: db, port: Port.MYSQL });
 */
export class ReachabilityIntent extends Construct {
  /** Every flow from `from` to `to` on `port` is allowed. */
  static every(scope: Construct, id: string, options: IntentOptions): ReachabilityIntent {
    return new ReachabilityIntent(scope, id, { ...options, quantifier: "every" });
  }

  /** No flow from `from` to `to` on `port` is allowed. */
  static none(scope: Construct, id: string, options: IntentOptions): ReachabilityIntent {
    return new ReachabilityIntent(scope, id, { ...options, quantifier: "none" });
  }

  /** At least one flow from `from` to `to` on `port` is allowed. */
  static some(scope: Construct, id: string, options: IntentOptions): ReachabilityIntent {
    return new ReachabilityIntent(scope, id, { ...options, quantifier: "some" });
  }

  /** The intent in words, as messages name it. */
  readonly description: string;
  /** How many of the flows must be allowed. */
  readonly quantifier: Quantifier;
  /** Where the traffic starts. */
  protected readonly from: Endpoint;
  /** Where it goes. */
  protected readonly to: Endpoint;
  /** The protocol and ports. */
  protected readonly port: Port;
  /** The flows left out. */
  protected readonly except: readonly Port[];
  /** The IP version of every flow. */
  protected readonly version: IpVersion;
  private offReason?: string;
  private readonly noted = new Set<string>();

  constructor(scope: Construct, id: string, props: ReachabilityIntentProps) {
    super(scope, id);
    const subject = this.node.path;
    if (!["every", "none", "some"].includes(props.quantifier)) {
      throw new ValidationError(subject, "quantifier", props.quantifier, 'must be "every", "none" or "some"');
    }
    if (!(props.port instanceof Port)) throw new ValidationError(subject, "port", String(props.port), "must be a Port");
    this.from = Endpoint.of(props.from);
    this.to = Endpoint.of(props.to);
    this.from.check(subject, "from");
    this.to.check(subject, "to");
    const vf = this.from.versionOf(subject, "from");
    const vt = this.to.versionOf(subject, "to");
    if (this.from.isExternal && this.to.isExternal) {
      throw new ValidationError(subject, "to", this.to.label, "one end at least must be instances (a security group or a compute instance): the evaluator checks security groups");
    }
    if (vf && vt && vf !== vt) throw new ValidationError(subject, "to", this.to.label, `is IPv${vt}, and the other end is IPv${vf}`);
    if (props.ipVersion !== undefined && props.ipVersion !== 4 && props.ipVersion !== 6) {
      throw new ValidationError(subject, "ipVersion", props.ipVersion, "must be 4 or 6");
    }
    const fixed = vf ?? vt;
    if (fixed && props.ipVersion !== undefined && props.ipVersion !== fixed) {
      throw new ValidationError(subject, "ipVersion", props.ipVersion, `must match the IPv${fixed} addresses of the other end`);
    }
    this.version = fixed ?? props.ipVersion ?? 4;
    this.port = props.port;
    try {
      props.port.flowsFor(this.version);
    } catch (e) {
      throw new ValidationError(subject, "port", props.port.label, (e as Error).message);
    }
    this.except = [...(props.except ?? [])];
    this.except.forEach((e, i) => {
      if (!(e instanceof Port)) throw new ValidationError(subject, `except[${i}]`, String(e), "must be a Port");
    });
    this.quantifier = props.quantifier;
    const q = { every: "every flow", none: "no flow", some: "some flow" }[props.quantifier];
    this.description = props.description ?? `${q} from ${this.from.label} reaches ${this.to.label} on ${this.port.label}${this.except.length ? ` except ${this.except.map((e) => e.label).join(", ")}` : ""} (${ETHERTYPE[this.version]})`;
    const checks = HwsgChecks.of(this);
    this.node.addValidation({ validate: () => this.validate(checks) });
  }

  /**
   * Why the intent was switched off, when it was (see `switchOff`).
   * @default undefined: it is checked
   */
  get switchedOffReason(): string | undefined {
    return this.offReason;
  }

  /**
   * Switches the intent off, saying why: it is no longer checked, and the synth records an info
   * annotation quoting the reason. Patterns offer it for their built-in intents as
   * `disableIntent(name, reason)`; an intent of your own you can simply delete.
   * @param reason why the intent does not apply here: at least 10 characters
   * @throws ValidationError when the reason is missing or too short
   */
  switchOff(reason: string): void {
    if (typeof reason !== "string" || reason.trim().length < MIN_REASON_LENGTH) {
      throw new ValidationError(this.node.path, "reason", reason, `must say why the intent does not apply, in at least ${MIN_REASON_LENGTH} characters`);
    }
    this.offReason = reason.trim();
  }

  /** Checks the intent on a model; returns the failure message, or undefined when it holds. */
  check(model: StackModel): string | undefined {
    return this.judge(model).failure;
  }

  /**
   * Checks the intent on a model: on every instance of a group end (a hypothetical member when
   * the stack has none), as the class documentation says. Patterns refine it for their own group.
   */
  protected judge(model: StackModel): IntentJudgement {
    const answer = answerReachQuestion(model.network, this.question(), this.node.path, tokenValues(this, model.values));
    const failure = this.failureOf(answer, model);
    return failure === undefined ? {} : { failure };
  }

  /** The question the intent asks, with its own ends or others (patterns swap their group's end). */
  protected question(ends: { readonly from?: ReachQuestion["from"]; readonly to?: ReachQuestion["to"] } = {}): ReachQuestion {
    return { from: ends.from ?? this.from, to: ends.to ?? this.to, port: this.port, except: this.except, version: this.version, quantifier: this.quantifier };
  }

  /** The failure message an answer makes, or undefined when the intent holds. */
  protected failureOf(answer: ReachAnswer, model: StackModel): string | undefined {
    if (answer.noAddress !== undefined) {
      // No address at all: "every" and "none" hold vacuously; "some" cannot.
      return this.quantifier === "some" ? `intent "${this.description}" does not hold: ${answer.noAddress}` : undefined;
    }
    if (answer.holds || !answer.result) return undefined;
    return this.explain(answer.result, answer.network, model, answer.from, answer.to);
  }

  private validate(checks: HwsgChecks): string[] {
    // Switched off by the context key hwsg:checks (a bad value is reported once, by the checks).
    if (checksEnabled(this) !== true) return [];
    if (this.offReason !== undefined) {
      this.note(INFO, `[hwsg] intent "${this.description}" switched off (${this.offReason})`);
      return [];
    }
    const model = checks.model();
    if (!model) return []; // the checks construct reports why the model could not be read
    try {
      const { failure, warning } = this.judge(model);
      if (warning !== undefined) this.note(WARNING, warning);
      return failure ? [failure] : [];
    } catch (e) {
      return [`intent "${this.description}" cannot be checked: ${(e as Error).message}`];
    }
  }

  /** Adds an annotation to the intent once, however often the validations run. */
  private note(type: string, message: string): void {
    if (this.noted.has(`${type}|${message}`)) return;
    this.noted.add(`${type}|${message}`);
    this.node.addMetadata(type, message);
  }

  private explain(result: ReachResult, network: Network, model: StackModel, from: ResolvedEndpoint, to: ResolvedEndpoint): string {
    const what = {
      every: "every flow should be allowed, but this one is denied",
      none: "no flow should be allowed, but this one is",
      some: "some flow should be allowed, but none is; for example this one is denied",
    }[this.quantifier];
    const lines = [`intent "${this.description}" does not hold: ${what}.`];
    lines.push(`from: ${from.label}; to: ${to.label}`);
    lines.push(...explainWitness(result.witness, network, model.constructPaths, "counterexample"));
    return lines.join("\n    ");
  }
}
