/**
 * Reachability intents: what must (or must not) reach what, stated in code and proved at synth
 * time on the stack's synthesized Terraform with the set-valued evaluator. A failed intent fails
 * the synth with the construct path, the intent, a counterexample flow and the deciding rule.
 */
import { Construct } from "constructs";
import { ValidationError } from "../core/errors";
import { describeFlow } from "../core/flow";
import { ETHERTYPE, IpVersion, formatAddress } from "../core/ip";
import { Network } from "../core/network";
import { PortSet } from "../core/port-set";
import { MAX_PROTOCOL, hasPorts } from "../core/protocol";
import { Quantifier, ReachEnd, ReachResult, checkReach } from "../core/reachability";
import { describeRule } from "../core/rule";
import { HwsgChecks, StackModel } from "./checks";
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
    const subject = this.node.path;
    const from = this.from.resolve(model.network, this.version, subject, "from");
    const avoid = from.kind === "instances" && from.instanceIds.length === 1 ? from.instanceIds[0] : undefined;
    const to = this.to.resolve(from.kind === "instances" ? from.network : model.network, this.version, subject, "to", avoid);
    const network = to.kind === "instances" ? to.network : from.kind === "instances" ? from.network : model.network;
    const chunks = this.flowChunks(network);
    for (const end of [from, to]) {
      if (end.kind === "external" && end.addresses.isEmpty) {
        // No address at all: "every" and "none" hold vacuously; "some" cannot.
        return this.quantifier === "some" ? `intent "${this.description}" does not hold: ${end.label} is no address at all, so no flow can be allowed.` : undefined;
      }
    }

    const results: ReachResult[] = [];
    for (const src of ends(from)) {
      for (const dst of ends(to)) {
        if (src.kind === "instance" && dst.kind === "instance" && src.instanceId === dst.instanceId) continue;
        for (const c of chunks) {
          results.push(checkReach(network, { from: src, to: dst, version: this.version, protocol: c.protocol, ...(c.ports ? { ports: c.ports } : {}), quantifier: this.quantifier }));
        }
      }
    }
    if (results.length === 0) return undefined;
    const failed = this.quantifier === "some" ? (results.some((r) => r.holds) ? undefined : results[0]) : results.find((r) => !r.holds);
    if (!failed) return undefined;
    return this.explain(failed, network, model, from, to);
  }

  /**
   * The flows asked, as (protocol, ports) pieces: the port's flows without the `except` ones.
   * Protocols that no rule of the network and no `except` names behave alike, so one of them
   * stands for all.
   */
  private flowChunks(network: Network): Array<{ protocol: number | "all"; ports?: PortSet }> {
    const base = this.port.flowsFor(this.version);
    if (this.except.length === 0) return [base];
    const excepted = this.except.map((e) => e.flowsFor(this.version));
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
      if (!hasPorts(protocol)) {
        if (mine.length === 0) chunks.push({ protocol });
        continue;
      }
      let ports = base.protocol === "all" ? PortSet.ALL : base.ports ?? PortSet.ALL;
      for (const e of mine) ports = ports.subtract(e.ports ?? PortSet.ALL);
      if (!ports.isEmpty) chunks.push({ protocol, ports });
    }
    return chunks;
  }

  private validate(checks: HwsgChecks): string[] {
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
    const w = result.witness;
    const what = {
      every: "every flow should be allowed, but this one is denied",
      none: "no flow should be allowed, but this one is",
      some: "some flow should be allowed, but none is; for example this one is denied",
    }[this.quantifier];
    const lines = [`intent "${this.description}" does not hold: ${what}.`];
    lines.push(`from: ${from.label}; to: ${to.label}`);
    lines.push(`counterexample: ${describeFlow(w.flow)} is ${w.verdict === "allow" ? "ALLOWED" : "DENIED"}`);
    if (w.rule) {
      const rule = network.allRules().find((r) => r.id === w.rule);
      const path = model.constructPaths.get(w.rule.split("#")[0]);
      lines.push(`deciding rule: ${w.rule}${path ? ` (${path})` : ""}${rule ? `: ${describeRule(rule)}` : ""}`);
    } else {
      lines.push("deciding rule: none (no rule matches: the default deny applies, or the VPCs are not connected)");
    }
    lines.push(w.reason);
    // A hypothetical member has no fixed IP of its own: say so rather than print a placeholder address.
    let text = lines.join("\n    ");
    for (const end of [w.flow.src, w.flow.dst]) {
      if (end.kind !== "instance" || !network.instance(end.instanceId).hypothetical) continue;
      const shown = `${end.instanceId} (${formatAddress(w.flow.version, end.address)})`;
      text = text.split(shown).join(`${end.instanceId} (hypothetical, sending from its fixed IP)`);
    }
    return text;
  }
}

function ends(end: ResolvedEndpoint): ReachEnd[] {
  if (end.kind === "external") return [{ kind: "external", addresses: end.addresses }];
  return end.instanceIds.map((instanceId) => ({ kind: "instance" as const, instanceId, ...(end.address ? { addresses: end.address } : {}) }));
}
