/**
 * Quantified reachability: does EVERY / SOME / NO address of one end reach the other end on
 * these protocols and ports? Answered exactly on the allowed spaces of both instances, with a
 * concrete flow as proof: a counterexample when the answer is no, an example when it is yes.
 */
import { AddressSet } from "./address-set";
import { AllowedSpace, RemoteMembership, SpaceSlice, allowedSpace } from "./allowed-space";
import { HwsgError } from "./errors";
import { Verdict, evaluateFlow } from "./evaluator";
import { Flow, FlowEnd } from "./flow";
import { IpVersion } from "./ip";
import { Instance, Network } from "./network";
import { PortSet } from "./port-set";
import { hasPortSpace } from "./icmp";
import { MAX_PROTOCOL, protocolName } from "./protocol";

/** How many flows of the space must be allowed: all of them, at least one, or none. */
export type Quantifier = "every" | "some" | "none";

/** One end of a reachability question. */
export type ReachEnd =
  /** Addresses outside the model (the internet is `AddressSet.all(4)`). */
  | { readonly kind: "external"; readonly addresses: AddressSet }
  /**
   * An instance of the model. Its packets carry its NIC's private fixed IP (or, when that is not
   * known, any address of its subnet), unless `addresses` names other addresses it sends from
   * or is reached at (a virtual IP, forwarded traffic).
   */
  | { readonly kind: "instance"; readonly instanceId: string; readonly nicIndex?: number; readonly addresses?: AddressSet };

/** A reachability question. */
export interface ReachQuery {
  readonly from: ReachEnd;
  readonly to: ReachEnd;
  readonly version: IpVersion;
  /** A protocol number, or every protocol. */
  readonly protocol: number | "all";
  /** Destination ports for tcp/udp. @default every port */
  readonly ports?: PortSet;
  readonly quantifier: Quantifier;
}

/** The answer to a reachability question. */
export interface ReachResult {
  readonly holds: boolean;
  readonly query: ReachQuery;
  /**
   * A flow with its evaluation that proves the answer: when the question does not hold, the
   * counterexample (a denied flow for `every`/`some`, an allowed one for `none`); when it holds,
   * an example (an allowed flow for `every`/`some`, a denied one for `none`).
   */
  readonly witness: Verdict;
}

interface ResolvedEnd {
  readonly instance?: Instance;
  readonly nicIndex: number;
  readonly addresses: AddressSet;
  readonly fromFixedIp: boolean;
}

/**
 * Adds a stand-in member to a group, for questions about a group that has no modelled instance.
 * @returns the extended network and the stand-in's instance id (`member of <group>`)
 */
export function withHypotheticalMember(network: Network, groupId: string, subnetId?: string): { network: Network; instanceId: string } {
  if (!network.groups.has(groupId)) throw new HwsgError(`no security group ${groupId} in the model`);
  const instanceId = `member of ${groupId}`;
  if (network.instances.has(instanceId)) return { network, instanceId };
  // A Network is immutable: the extension is memoized in its cache, so asking again costs no rebuild.
  const key = `hypothetical|${groupId}|${subnetId ?? ""}`;
  const cached = network.cache.get(key) as Network | undefined;
  if (cached) return { network: cached, instanceId };
  const extended = network.withInstances([standIn(groupId, subnetId)]);
  network.cache.set(key, extended);
  return { network: extended, instanceId };
}

/**
 * Adds a stand-in member to each of several groups at once (one rebuild of the network), as
 * `withHypotheticalMember` adds one: without a subnet, named `member of <group>`. Groups that
 * already have their stand-in are skipped.
 * @returns the extended network and the stand-ins' instance ids, in the order of `groupIds`
 */
export function withHypotheticalMembers(network: Network, groupIds: readonly string[]): { network: Network; instanceIds: string[] } {
  for (const g of groupIds) if (!network.groups.has(g)) throw new HwsgError(`no security group ${g} in the model`);
  const instanceIds = groupIds.map((g) => `member of ${g}`);
  const missing = [...new Set(groupIds)].filter((g) => !network.instances.has(`member of ${g}`));
  if (missing.length === 0) return { network, instanceIds };
  return { network: network.withInstances(missing.map((g) => standIn(g))), instanceIds };
}

/**
 * A hypothetical member of a group that has no instance, other than `avoid`: when both ends of a
 * question are the same such group, the second end is another member (`another member of <group>`),
 * so the question is about two members rather than one member's traffic to itself.
 */
export function hypotheticalMemberBesides(network: Network, groupId: string, avoid?: string): { network: Network; instanceId: string } {
  const hypo = withHypotheticalMember(network, groupId);
  if (hypo.instanceId !== avoid) return hypo;
  const instanceId = `another member of ${groupId}`;
  const extended = hypo.network.instances.has(instanceId)
    ? hypo.network
    : hypo.network.withInstances([{ id: instanceId, securityGroupIds: [groupId], nics: [{ sourceDestCheck: true }], hypothetical: true }]);
  return { network: extended, instanceId };
}

/** One (protocol, ports) piece of the flows a question asks. */
export interface FlowChunk {
  readonly protocol: number | "all";
  /** Destination ports, or ICMP messages. @default every port */
  readonly ports?: PortSet;
}

/**
 * A quantified question over several ends and flow pieces, as intents ask it: every pair of a
 * source and a destination (an instance's traffic to itself left out) and every piece. `every`
 * and `none` must hold for each pair and piece, `some` for one at least.
 * @returns whether it holds, with the first counterexample when it does not and an example when
 *   it does; no result when nothing is asked (then it holds)
 */
export function checkReachAcross(network: Network, froms: readonly ReachEnd[], tos: readonly ReachEnd[], version: IpVersion, chunks: readonly FlowChunk[], quantifier: Quantifier): { holds: boolean; result?: ReachResult } {
  const results: ReachResult[] = [];
  for (const from of froms) {
    for (const to of tos) {
      if (from.kind === "instance" && to.kind === "instance" && network.sameMachine(from.instanceId, to.instanceId)) continue;
      for (const c of chunks) results.push(checkReach(network, { from, to, version, protocol: c.protocol, ...(c.ports ? { ports: c.ports } : {}), quantifier }));
    }
  }
  if (results.length === 0) return { holds: true };
  const failed = quantifier === "some" ? (results.some((r) => r.holds) ? undefined : results[0]) : results.find((r) => !r.holds);
  if (failed) return { holds: false, result: failed };
  const example = quantifier === "some" ? results.find((r) => r.holds) : results[0];
  return { holds: true, ...(example ? { result: example } : {}) };
}

function standIn(groupId: string, subnetId?: string): Instance {
  return { id: `member of ${groupId}`, securityGroupIds: [groupId], nics: [{ sourceDestCheck: true, ...(subnetId ? { subnetId } : {}) }], hypothetical: true };
}

/** Answers a reachability question exactly. */
export function checkReach(network: Network, query: ReachQuery): ReachResult {
  const { version } = query;
  if (query.from.kind === "external" && query.to.kind === "external") {
    throw new HwsgError("a reachability question needs an instance of the model at one end at least");
  }
  if (query.from.kind === "instance" && query.to.kind === "instance" && query.from.instanceId === query.to.instanceId) {
    throw new HwsgError(`both ends are ${query.from.instanceId}: security groups do not filter an instance's traffic to itself`);
  }
  if (query.from.kind === "instance" && query.to.kind === "instance" && network.sameMachine(query.from.instanceId, query.to.instanceId)) {
    throw new HwsgError(`${query.from.instanceId} and ${query.to.instanceId} are NICs of one machine: security groups do not filter its traffic to itself`);
  }
  if (query.ports && query.protocol !== "all" && !hasPortSpace(query.protocol)) {
    throw new HwsgError(`${protocolName(query.protocol)} has no ports: name ports only with tcp or udp, or ICMP messages with icmp or icmpv6`);
  }
  for (const [end, name] of [[query.from, "from"], [query.to, "to"]] as const) {
    if (end.addresses && end.addresses.version !== version) throw new HwsgError(`the ${name} addresses are IPv${end.addresses.version}, the question is IPv${version}`);
  }
  const [src, dst] = resolveEnds(network, query.from, query.to, version);

  const connected = !(src.instance && dst.instance) || vpcsConnected(network, src, dst);
  const egress = src.instance && connected ? allowedSpace(network, src.instance, "egress", version, membershipFor(dst)) : undefined;
  const ingress = dst.instance && connected ? allowedSpace(network, dst.instance, "ingress", version, membershipFor(src)) : undefined;

  const protocols = query.protocol === "all" ? protocolsToCheck([egress, ingress]) : [query.protocol];
  const wanted = query.ports ?? PortSet.ALL;
  let first: Flow | undefined;
  let found: Flow | undefined;

  outer: for (const protocol of protocols) {
    for (const [e, i] of slicePairs(egress, ingress, protocol, version, connected)) {
      const ports = hasPortSpace(protocol) ? e.ports!.intersect(i.ports!).intersect(wanted) : undefined;
      if (ports && ports.isEmpty) continue;
      const port = ports?.first();
      first ??= flowOf(query, src, dst, protocol, port, src.addresses.first()!, dst.addresses.first()!);
      if (query.quantifier === "every") {
        const badDst = dst.addresses.subtract(e.allowed);
        const badSrc = src.addresses.subtract(i.allowed);
        if (!badDst.isEmpty || !badSrc.isEmpty) {
          found = flowOf(query, src, dst, protocol, port, badSrc.first() ?? src.addresses.first()!, badDst.isEmpty ? dst.addresses.first()! : badDst.first()!);
          break outer;
        }
      } else {
        const okDst = dst.addresses.intersect(e.allowed);
        const okSrc = src.addresses.intersect(i.allowed);
        if (!okDst.isEmpty && !okSrc.isEmpty) {
          found = flowOf(query, src, dst, protocol, port, okSrc.first()!, okDst.first()!);
          break outer;
        }
      }
    }
  }
  if (!first) throw new HwsgError("the question names no traffic at all (empty port set)");

  const holds = query.quantifier === "every" ? !found : query.quantifier === "some" ? !!found : !found;
  const witness = evaluateFlow(network, found ?? first);
  const expected = query.quantifier === "every" ? (holds ? "allow" : "deny") : query.quantifier === "some" ? (holds ? "allow" : "deny") : holds ? "deny" : "allow";
  if (witness.verdict !== expected) {
    throw new HwsgError(`internal error: the set-valued and single-flow evaluations disagree on ${witness.reason}`);
  }
  return { holds, query, witness };
}

function resolveEnds(network: Network, from: ReachEnd, to: ReachEnd, version: IpVersion): [ResolvedEnd, ResolvedEnd] {
  const a = from.kind === "instance" ? network.instance(from.instanceId) : undefined;
  const b = to.kind === "instance" ? network.instance(to.instanceId) : undefined;
  let ai = from.kind === "instance" ? from.nicIndex : undefined;
  let bi = to.kind === "instance" ? to.nicIndex : undefined;
  if (a && b && (ai === undefined || bi === undefined)) {
    const pairs: Array<[number, number]> = [];
    a.nics.forEach((_, i) => b.nics.forEach((_, j) => pairs.push([i, j])));
    const usable = pairs.filter(([i, j]) => (ai === undefined || ai === i) && (bi === undefined || bi === j));
    const same = usable.find(([i, j]) => network.vpcOf(a.nics[i]) !== undefined && network.vpcOf(a.nics[i]) === network.vpcOf(b.nics[j]));
    const joined = usable.find(([i, j]) => {
      const x = network.vpcOf(a.nics[i]);
      const y = network.vpcOf(b.nics[j]);
      return x === undefined || y === undefined || network.vpcsConnected(x, y);
    });
    [ai, bi] = same ?? joined ?? usable[0] ?? [0, 0];
  }
  const src = resolveEnd(network, from, a, ai ?? 0, version);
  const dst = resolveEnd(network, to, b, bi ?? 0, version);
  return [withoutOwnAddresses(network, src, b, version), withoutOwnAddresses(network, dst, a, version)];
}

/**
 * An instance's traffic to itself is not filtered by security groups: its own fixed IPs (those
 * of every NIC of its machine) are taken out of the external addresses at the other end.
 */
function withoutOwnAddresses(network: Network, end: ResolvedEnd, other: Instance | undefined, version: IpVersion): ResolvedEnd {
  if (end.instance || !other) return end;
  // The machine's other NICs (attached interfaces) are its own too.
  const own = AddressSet.fromIntervals(version, network.machineOf(other).flatMap((m) => m.nics).flatMap((n) => {
    const ip = version === 4 ? n.fixedIpV4 : n.fixedIpV6;
    return ip === undefined ? [] : [[ip, ip] as const];
  }));
  const addresses = end.addresses.subtract(own);
  if (addresses.isEmpty) throw new HwsgError(`the only address asked is ${other.id}'s own: security groups do not filter an instance's traffic to itself`);
  return { ...end, addresses };
}

function resolveEnd(network: Network, end: ReachEnd, instance: Instance | undefined, nicIndex: number, version: IpVersion): ResolvedEnd {
  if (end.kind === "external" || !instance) {
    return { nicIndex: 0, addresses: (end as { addresses: AddressSet }).addresses, fromFixedIp: false };
  }
  const nic = instance.nics[nicIndex];
  if (!nic) throw new HwsgError(`${instance.id} has no network[${nicIndex}]`);
  const fixed = version === 4 ? nic.fixedIpV4 : nic.fixedIpV6;
  if (end.addresses) {
    const onlyFixed = fixed !== undefined && end.addresses.equals(AddressSet.single(version, fixed));
    return { instance, nicIndex, addresses: end.addresses, fromFixedIp: onlyFixed };
  }
  if (fixed !== undefined) return { instance, nicIndex, addresses: AddressSet.single(version, fixed), fromFixedIp: true };
  const subnet = nic.subnetId !== undefined ? network.subnets.get(nic.subnetId) : undefined;
  const addresses = version === 4 && subnet?.cidr ? subnet.cidr : AddressSet.all(version);
  return { instance, nicIndex, addresses, fromFixedIp: true };
}

function membershipFor(other: ResolvedEnd): RemoteMembership {
  return other.instance && other.fromFixedIp ? new Set(other.instance.securityGroupIds) : "by-address";
}

function vpcsConnected(network: Network, a: ResolvedEnd, b: ResolvedEnd): boolean {
  const x = network.vpcOf(a.instance!.nics[a.nicIndex]);
  const y = network.vpcOf(b.instance!.nics[b.nicIndex]);
  return x === undefined || y === undefined || network.vpcsConnected(x, y);
}

function protocolsToCheck(spaces: Array<AllowedSpace | undefined>): number[] {
  const named = new Set<number>();
  for (const s of spaces) for (const p of s?.namedProtocols ?? []) named.add(p);
  const out = [...named].sort((a, b) => a - b);
  for (let p = 0; p <= MAX_PROTOCOL; p++) {
    if (!named.has(p)) {
      out.push(p);
      break;
    }
  }
  return out;
}

function slicesOf(space: AllowedSpace | undefined, protocol: number, version: IpVersion, connected: boolean): SpaceSlice[] {
  if (space) return space.slicesFor(protocol);
  const allowed = connected ? AddressSet.all(version) : AddressSet.empty(version);
  return [{ protocol, ports: hasPortSpace(protocol) ? PortSet.ALL : null, allowed }];
}

function slicePairs(egress: AllowedSpace | undefined, ingress: AllowedSpace | undefined, protocol: number, version: IpVersion, connected: boolean): Array<[SpaceSlice, SpaceSlice]> {
  const es = slicesOf(egress, protocol, version, connected);
  const is = slicesOf(ingress, protocol, version, connected);
  const pairs: Array<[SpaceSlice, SpaceSlice]> = [];
  for (const e of es) for (const i of is) pairs.push([e, i]);
  return pairs;
}

function flowOf(query: ReachQuery, src: ResolvedEnd, dst: ResolvedEnd, protocol: number, port: number | undefined, srcAddress: bigint, dstAddress: bigint): Flow {
  const end = (r: ResolvedEnd, address: bigint): FlowEnd =>
    r.instance
      ? { kind: "instance", instanceId: r.instance.id, nicIndex: r.nicIndex, address, fromFixedIp: r.fromFixedIp }
      : { kind: "external", address };
  return { version: query.version, protocol, ...(port !== undefined ? { port } : {}), src: end(src, srcAddress), dst: end(dst, dstAddress) };
}
