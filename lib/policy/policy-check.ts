/**
 * Checks the intents of a policy file (`hwsg verify`) on a model, with the engine the constructs'
 * `ReachabilityIntent` uses: `checkReach` on every pair of members of the two ends and every
 * (protocol, ports) entry, exact over whole address ranges; a security group with no member
 * stands for a hypothetical member (`withHypotheticalMember`). `every` and `none` must hold for
 * every pair and entry, `some` for one at least — as the constructs' intents aggregate.
 */
import { AddressSet } from "../core/address-set";
import { HwsgError } from "../core/errors";
import { publicAddresses } from "../core/internet";
import { IpVersion } from "../core/ip";
import { Network } from "../core/network";
import { PortSet } from "../core/port-set";
import { icmpMessage, icmpTypeRange } from "../core/icmp";
import { PROTOCOL_NUMBERS, icmpFor } from "../core/protocol";
import { ReachEnd, ReachResult, checkReachAcross, hypotheticalMemberBesides } from "../core/reachability";
// The policy file format is defined by its reader, beside this file.
import type { Policy, PolicyEnd, PolicyIntent, PolicyPort } from "./policy-file";

/** An end of an intent, resolved in the model. */
export type ResolvedPolicyEnd =
  | { readonly kind: "external"; readonly addresses: AddressSet; readonly label: string }
  | { readonly kind: "instances"; readonly instanceIds: readonly string[]; readonly label: string; readonly network: Network };

/** What checking one intent found. */
export interface IntentOutcome {
  readonly intent: PolicyIntent;
  /** The IP version the intent was asked in. */
  readonly version: IpVersion;
  readonly holds: boolean;
  /**
   * The proof: the counterexample when the intent does not hold, an example when it does;
   * undefined when no flow is asked (an end with no address).
   * @default undefined
   */
  readonly result?: ReachResult;
  /** Set when an address end is no address at all (every/none then hold, some does not). @default undefined */
  readonly noAddress?: string;
  /** The network the flows were evaluated in (with any hypothetical member added). */
  readonly network: Network;
  readonly from: ResolvedPolicyEnd;
  readonly to: ResolvedPolicyEnd;
}

/**
 * Why a Terraform address is not in the model although the configuration names it (left out
 * with an unknown), for messages; undefined when nothing is known of it.
 */
export type LeftOut = (address: string) => string | undefined;

/**
 * Checks every intent of a policy on a network.
 * @throws HwsgError `file:line: intents[i].field: message` when an end names nothing of the model or the IP versions clash
 */
export function checkPolicy(network: Network, policy: Policy, leftOut: LeftOut = () => undefined): IntentOutcome[] {
  return policy.intents.map((intent) => checkIntent(network, intent, leftOut));
}

/** Checks one intent (see `checkPolicy`). */
export function checkIntent(network: Network, intent: PolicyIntent, leftOut: LeftOut = () => undefined): IntentOutcome {
  const version = versionOf(network, intent);
  const from = resolveEnd(network, intent.from, version, intent, "from", leftOut);
  const avoid = from.kind === "instances" && from.instanceIds.length === 1 ? from.instanceIds[0] : undefined;
  const to = resolveEnd(from.kind === "instances" ? from.network : network, intent.to, version, intent, "to", leftOut, avoid);
  const net = to.kind === "instances" ? to.network : from.kind === "instances" ? from.network : network;
  if (from.kind === "external" && to.kind === "external") {
    throw new HwsgError(`${intent.at("to")}: both ends are addresses outside the model: one end at least must be members (a member's address or a security group's)`);
  }
  for (const end of [from, to]) {
    if (end.kind === "external" && end.addresses.isEmpty) {
      return { intent, version, holds: intent.quantifier !== "some", noAddress: `${end.label} is no address at all, so no flow can be allowed.`, network: net, from, to };
    }
  }
  const chunks = intent.ports.map((p, i) => chunkOf(p, version, intent, i));
  const { holds, result } = checkReachAcross(net, endsOf(from), endsOf(to), version, chunks, intent.quantifier);
  return { intent, version, holds, ...(result ? { result } : {}), network: net, from, to };
}

/** The IP version of an intent: `ipVersion`, else that of its address ends, else 4 (6 with only `icmpv6`). */
function versionOf(network: Network, intent: PolicyIntent): IpVersion {
  const fixed: Array<[IpVersion, string]> = [];
  for (const field of ["from", "to"] as const) {
    const end = intent[field];
    if (end.kind === "addresses") {
      for (const text of [...end.include, ...end.except]) if (text !== "internet") fixed.push([AddressSet.parse(text).version, field]);
    }
    if (end.kind === "address") {
      const ag = network.addressGroups.get(end.address);
      if (ag) fixed.push([ag.version, field]);
    }
  }
  for (const [v, field] of fixed) {
    if (intent.ipVersion !== undefined && v !== intent.ipVersion) throw new HwsgError(`${intent.at(field)}: holds IPv${v} addresses, and the intent's ipVersion is ${intent.ipVersion}`);
    if (v !== fixed[0][0]) throw new HwsgError(`${intent.at(field)}: holds IPv${v} addresses, and ${fixed[0][1]} IPv${fixed[0][0]} ones: an intent is of one IP version`);
  }
  const version = intent.ipVersion ?? fixed[0]?.[0] ?? (intent.ports.length > 0 && intent.ports.every((p) => p.kind === "icmpv6") ? 6 : 4);
  return version;
}

function chunkOf(port: PolicyPort, version: IpVersion, intent: PolicyIntent, index: number): { protocol: number | "all"; ports?: PortSet } {
  switch (port.kind) {
    case "all":
      return { protocol: "all" };
    case "icmp":
      return { protocol: icmpFor(version), ...icmpMessages(port) };
    case "icmpv6":
      if (version !== 6) throw new HwsgError(`${intent.at("ports")}: "icmpv6" (entry ${index + 1}) in an IPv4 intent: write "icmp", or set ipVersion: 6`);
      return { protocol: PROTOCOL_NUMBERS.icmpv6, ...icmpMessages(port) };
    default:
      return { protocol: PROTOCOL_NUMBERS[port.kind], ports: PortSet.range(port.from, port.to) };
  }
}

/** The ICMP messages of an `icmp/<type>[/<code>]` entry, as points of the port dimension; none for every message. */
function icmpMessages(port: { readonly type?: number; readonly code?: number }): { ports?: PortSet } {
  if (port.type === undefined) return {};
  if (port.code === undefined) return { ports: PortSet.range(...icmpTypeRange(port.type)) };
  return { ports: PortSet.single(icmpMessage(port.type, port.code)!) };
}

function addressesOf(texts: readonly string[], version: IpVersion): AddressSet {
  let set = AddressSet.empty(version);
  for (const t of texts) set = set.union(t === "internet" ? publicAddresses(version) : AddressSet.parse(t));
  return set;
}

function resolveEnd(network: Network, end: PolicyEnd, version: IpVersion, intent: PolicyIntent, field: "from" | "to", leftOut: LeftOut, avoid?: string): ResolvedPolicyEnd {
  switch (end.kind) {
    case "internet":
      return { kind: "external", addresses: publicAddresses(version), label: `the IPv${version} internet` };
    case "addresses": {
      const addresses = addressesOf(end.include, version).subtract(addressesOf(end.except, version));
      return { kind: "external", addresses, label: `${end.include.join(", ")}${end.except.length ? ` except ${end.except.join(", ")}` : ""}` };
    }
    case "address": {
      const id = end.address;
      if (network.instances.has(id) && !network.instance(id).hypothetical) return { kind: "instances", instanceIds: [id], label: id, network };
      const ag = network.addressGroups.get(id);
      if (ag) return { kind: "external", addresses: ag.addresses, label: `address group ${id}` };
      if (network.groups.has(id)) {
        const members = network.membersOf(id).filter((i) => !i.hypothetical).map((i) => i.id);
        if (members.length > 0) return { kind: "instances", instanceIds: members, label: `members of ${id} (${members.join(", ")})`, network };
        const hypo = hypotheticalMemberBesides(network, id, avoid);
        return { kind: "instances", instanceIds: [hypo.instanceId], label: `a member of ${id} (hypothetical: no member has the group)`, network: hypo.network };
      }
      const why = leftOut(id);
      if (why !== undefined) throw new HwsgError(`${intent.at(field)}: ${id} is left out of the model: ${why}`);
      throw new HwsgError(`${intent.at(field)}: ${id} is not a member, a security group or an address group of the configuration${near(network, id)}`);
    }
  }
}

/** Up to five addresses of the model that look like the one asked, as a hint. */
function near(network: Network, id: string): string {
  const tail = id.split(".").slice(-2).join(".");
  const known = [...network.instances.values()].filter((i) => !i.hypothetical).map((i) => i.id).concat([...network.groups.keys()], [...network.addressGroups.keys()]);
  const close = known.filter((k) => k.endsWith(tail) || k.includes(id)).slice(0, 5);
  return close.length ? ` (did you mean ${close.join(", ")}?)` : "";
}

function endsOf(end: ResolvedPolicyEnd): ReachEnd[] {
  if (end.kind === "external") return [{ kind: "external", addresses: end.addresses }];
  return end.instanceIds.map((instanceId) => ({ kind: "instance" as const, instanceId }));
}
