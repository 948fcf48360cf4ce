/**
 * Reachability intents: what must (or must not) reach what, stated in code and proved at synth
 * time on the stack's synthesized Terraform with the set-valued evaluator. A failed intent fails
 * the synth with the construct path, the intent, a counterexample flow and the deciding rule.
 */
import { Construct } from "constructs";
import { ValidationError } from "../core/errors";
import { Verdict } from "../core/evaluator";
import { describeFlow } from "../core/flow";
import { ETHERTYPE, IpVersion, formatAddress } from "../core/ip";
import { Network } from "../core/network";
import { PortSet } from "../core/port-set";
import { hasPortSpace } from "../core/icmp";
import { MAX_PROTOCOL } from "../core/protocol";
import { Quantifier, ReachEnd, ReachResult, checkReach } from "../core/reachability";
import { describeRule } from "../core/rule";
import { HwsgChecks, StackModel, checksEnabled } from "./checks";
import { Endpoint, ResolvedEndpoint } from "./endpoint";
import { IPeer } from "./peer";
import { Port } from "./port";

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
  readonly quantifier: Quantifier;
  private readonly from: Endpoint;
  private readonly to: Endpoint;
  private readonly port: Port;
  private readonly except: readonly Port[];
  private readonly version: IpVersion;

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

  /** Checks the intent on a model; returns the failure message, or undefined when it holds. */
  check(model: StackModel): string | undefined {
    const question = { from: this.from, to: this.to, port: this.port, except: this.except, version: this.version, quantifier: this.quantifier };
    const answer = answerReachQuestion(model.network, question, this.node.path);
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
    const model = checks.model();
    if (!model) return []; // the checks construct reports why the model could not be read
    try {
      const failure = this.check(model);
      return failure ? [failure] : [];
    } catch (e) {
      return [`intent "${this.description}" cannot be checked: ${(e as Error).message}`];
    }
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

/**
 * An end that resolves in a model: an `Endpoint`, or an end of another tool's own (the testing
 * matchers also name instances by Terraform address or IP address).
 */
export interface ResolvableEnd {
  /** The end in the model (see `Endpoint.resolve`). */
  resolve(network: Network, version: IpVersion, subject: string, field: string, avoid?: string): ResolvedEndpoint;
}

/** A reachability question as intents (and the testing matchers) ask it, before it is resolved. */
export interface ReachQuestion {
  /** Where the traffic starts. */
  readonly from: ResolvableEnd;
  /** Where it goes. */
  readonly to: ResolvableEnd;
  /** The protocol and destination ports. */
  readonly port: Port;
  /** Flows left out of the question (none: an empty list). */
  readonly except: readonly Port[];
  /** The IP version of every flow. */
  readonly version: IpVersion;
  /** How many of the flows must be allowed. */
  readonly quantifier: Quantifier;
}

/** The answer to a `ReachQuestion`. */
export interface ReachAnswer {
  /**
   * Whether the quantified statement holds. A question that asks no flow (every flow excepted,
   * or only an instance's traffic to itself) holds, whatever its quantifier.
   */
  readonly holds: boolean;
  /**
   * The proof: the counterexample when the statement does not hold, an example when it does;
   * undefined when the question asks no flow.
   * @default undefined: no flow asked
   */
  readonly result?: ReachResult;
  /**
   * Set when an address end is no address at all, saying so; `holds` is then true for
   * `every` and `none`, false for `some`.
   * @default undefined: both ends have addresses
   */
  readonly noAddress?: string;
  /** The network the flows were evaluated in (with any hypothetical member added). */
  readonly network: Network;
  /** Where the traffic starts, resolved. */
  readonly from: ResolvedEndpoint;
  /** Where it goes, resolved. */
  readonly to: ResolvedEndpoint;
}

/**
 * Answers a reachability question exactly on a model: every pair of instances of the ends, every
 * (protocol, ports) piece of the port without the `except` ones. What intents check at synth.
 * @param subject names the asker in errors (a construct path)
 * @throws ValidationError when an end is not in the model
 */
export function answerReachQuestion(model: Network, question: ReachQuestion, subject: string): ReachAnswer {
  const { version, quantifier } = question;
  const from = question.from.resolve(model, version, subject, "from");
  const avoid = from.kind === "instances" && from.instanceIds.length === 1 ? from.instanceIds[0] : undefined;
  const to = question.to.resolve(from.kind === "instances" ? from.network : model, version, subject, "to", avoid);
  const network = to.kind === "instances" ? to.network : from.kind === "instances" ? from.network : model;
  const chunks = flowChunks(network, question.port, question.except, version);
  for (const end of [from, to]) {
    if (end.kind === "external" && end.addresses.isEmpty) {
      return { holds: quantifier !== "some", noAddress: `${end.label} is no address at all, so no flow can be allowed.`, network, from, to };
    }
  }

  const results: ReachResult[] = [];
  for (const src of ends(from)) {
    for (const dst of ends(to)) {
      if (src.kind === "instance" && dst.kind === "instance" && src.instanceId === dst.instanceId) continue;
      for (const c of chunks) {
        results.push(checkReach(network, { from: src, to: dst, version, protocol: c.protocol, ...(c.ports ? { ports: c.ports } : {}), quantifier }));
      }
    }
  }
  if (results.length === 0) return { holds: true, network, from, to };
  const failed = quantifier === "some" ? (results.some((r) => r.holds) ? undefined : results[0]) : results.find((r) => !r.holds);
  if (failed) return { holds: false, result: failed, network, from, to };
  return { holds: true, result: quantifier === "some" ? results.find((r) => r.holds) : results[0], network, from, to };
}

/**
 * The flows asked, as (protocol, ports) pieces: the port's flows without the `except` ones.
 * Protocols that no rule of the network and no `except` names behave alike, so one of them
 * stands for all.
 */
function flowChunks(network: Network, port: Port, except: readonly Port[], version: IpVersion): Array<{ protocol: number | "all"; ports?: PortSet }> {
  const base = port.flowsFor(version);
  if (except.length === 0) return [base];
  const excepted = except.map((e) => e.flowsFor(version));
  if (excepted.some((e) => e.protocol === "all")) return [];
  let protocols: number[];
  if (base.protocol === "all") {
    const named = new Set<number>(excepted.map((e) => e.protocol as number));
    for (const r of network.allRules()) if (r.protocol !== undefined) named.add(r.protocol);
    protocols = [...named].sort((a, b) => a - b);
    for (let p = 0; p <= MAX_PROTOCOL; p++) if (!named.has(p)) { protocols.push(p); break; }
  } else {
    protocols = [base.protocol];
  }
  const chunks: Array<{ protocol: number; ports?: PortSet }> = [];
  for (const protocol of protocols) {
    const mine = excepted.filter((e) => e.protocol === protocol);
    if (!hasPortSpace(protocol)) {
      if (mine.length === 0) chunks.push({ protocol });
      continue;
    }
    let ports = base.protocol === "all" ? PortSet.ALL : base.ports ?? PortSet.ALL;
    for (const e of mine) ports = ports.subtract(e.ports ?? PortSet.ALL);
    if (!ports.isEmpty) chunks.push({ protocol, ports });
  }
  return chunks;
}

/**
 * The lines that explain one evaluated flow: the flow and its verdict, the deciding rule (its
 * Terraform address, its construct path when known, its text) and the evaluator's reason. A
 * hypothetical member is named as such rather than by a placeholder address.
 * @param label what the flow is to the reader: `counterexample`, `example`
 */
export function explainWitness(witness: Verdict, network: Network, constructPaths: ReadonlyMap<string, string>, label: string): string[] {
  const w = witness;
  const lines = [`${label}: ${describeFlow(w.flow)} is ${w.verdict === "allow" ? "ALLOWED" : "DENIED"}`];
  if (w.rule) {
    const rule = network.allRules().find((r) => r.id === w.rule);
    const path = constructPaths.get(w.rule.split("#")[0]);
    lines.push(`deciding rule: ${w.rule}${path ? ` (${path})` : ""}${rule ? `: ${describeRule(rule)}` : ""}`);
  } else {
    lines.push("deciding rule: none (no rule matches: the default deny applies, or the VPCs are not connected)");
  }
  lines.push(w.reason);
  // A hypothetical member has no fixed IP of its own: say so rather than print a placeholder address.
  const replacements = [w.flow.src, w.flow.dst].flatMap((end) =>
    end.kind === "instance" && network.instance(end.instanceId).hypothetical
      ? [[`${end.instanceId} (${formatAddress(w.flow.version, end.address)})`, `${end.instanceId} (hypothetical, sending from its fixed IP)`] as const]
      : [],
  );
  return lines.map((line) => replacements.reduce((text, [shown, named]) => text.split(shown).join(named), line));
}

function ends(end: ResolvedEndpoint): ReachEnd[] {
  if (end.kind === "external") return [{ kind: "external", addresses: end.addresses }];
  return end.instanceIds.map((instanceId) => ({
    kind: "instance" as const,
    instanceId,
    ...(end.nicIndex !== undefined ? { nicIndex: end.nicIndex } : {}),
    ...(end.address ? { addresses: end.address } : {}),
  }));
}
