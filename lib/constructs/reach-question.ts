/**
 * A reachability question — from where, to where, on what, how many flows — answered exactly on
 * the evaluator's model: what intents check at synth and the testing matchers ask.
 */
import { Verdict } from "../core/evaluator";
import { describeFlow } from "../core/flow";
import { IpVersion, formatAddress } from "../core/ip";
import { Network } from "../core/network";
import { PortSet } from "../core/port-set";
import { hasPortSpace } from "../core/icmp";
import { MAX_PROTOCOL } from "../core/protocol";
import { Quantifier, ReachEnd, ReachResult, checkReachAcross } from "../core/reachability";
import { describeRule } from "../core/rule";
import { ResolvedEndpoint, TokenValues } from "./endpoint";
import { Port } from "./port";

/**
 * An end that resolves in a model: an `Endpoint`, or an end of another tool's own (the testing
 * matchers also name instances by Terraform address or IP address).
 */
export interface ResolvableEnd {
  /** The end in the model (see `Endpoint.resolve`). */
  resolve(network: Network, version: IpVersion, subject: string, field: string, avoid?: string, values?: TokenValues): ResolvedEndpoint;
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
 * @param values the synth values of tokens the ends hold (the synth-time checks give them)
 * @throws ValidationError when an end is not in the model
 */
export function answerReachQuestion(model: Network, question: ReachQuestion, subject: string, values?: TokenValues): ReachAnswer {
  const { version, quantifier } = question;
  const from = question.from.resolve(model, version, subject, "from", undefined, values);
  const avoid = from.kind === "instances" && from.instanceIds.length === 1 ? from.instanceIds[0] : undefined;
  const to = question.to.resolve(from.kind === "instances" ? from.network : model, version, subject, "to", avoid, values);
  const network = to.kind === "instances" ? to.network : from.kind === "instances" ? from.network : model;
  const chunks = flowChunks(network, question.port, question.except, version);
  for (const end of [from, to]) {
    if (end.kind === "external" && end.addresses.isEmpty) {
      return { holds: quantifier !== "some", noAddress: `${end.label} is no address at all, so no flow can be allowed.`, network, from, to };
    }
  }

  const { holds, result } = checkReachAcross(network, ends(from), ends(to), version, chunks, quantifier);
  return { holds, ...(result ? { result } : {}), network, from, to };
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
