/**
 * Single-flow decisions: `decide` (the fast path: verdict and deciding rule) and `decideHop` (one
 * instance and direction, which `evaluateFlow` in evaluator.ts explains), over the compiled rule
 * lists of compiled-rules.ts, kept per network (a Network is immutable) in a WeakMap, so they live
 * as long as the network does. A compiled list depends only on the instance's groups (in order)
 * and flavor family, the direction and the IP version: instances that share them share it.
 */
import { classOfAddress4, classOfAddress6 } from "./class-search";
import { CompiledRules, Decision } from "./compiled-rules";
import { flavorFamily, rulesAtInstance } from "./effective-rules";
import { Flow, FlowEnd, checkFlow } from "./flow";
import { IpVersion } from "./ip";
import { Instance, Network } from "./network";
import { Direction } from "./rule";

export { CompiledRules } from "./compiled-rules";
export type { Decision } from "./compiled-rules";

/** What the fast path keeps of an instance of the network. */
interface InstanceState {
  readonly instance: Instance;
  /** Its compiled lists: [IPv4 ingress, IPv4 egress, IPv6 ingress, IPv6 egress], filled on first use. */
  readonly lists: Array<CompiledRules | undefined>;
  /** The membership id of its groups (what `remote_group_id` rules see when it sends from its fixed IP). */
  readonly membership: number;
  /** Per NIC, its VPC (undefined: unknown). */
  readonly nicVpcs: ReadonlyArray<string | undefined>;
}

/** An ascending index of the private fixed IPs of one version, each with the membership id of its owners. */
interface FixedIps<A> {
  readonly addresses: A;
  readonly memberships: Int32Array;
}

/**
 * Per-network compiled state: lists by signature and by instance, interned memberships, the
 * fixed IPs' memberships, the instances' states and the VPC peerings.
 */
class NetworkState {
  readonly bySignature = new Map<string, CompiledRules>();
  /** Per instance: [IPv4 ingress, IPv4 egress, IPv6 ingress, IPv6 egress]. */
  readonly byInstance = new Map<Instance, Array<CompiledRules | undefined>>();
  /** Interned memberships (sets of group ids) by id; id 0 is the empty set. */
  readonly memberships: Array<ReadonlySet<string>> = [new Set()];
  private readonly membershipIds = new Map<string, number>([["", 0]]);
  private readonly instanceStates = new Map<string, InstanceState>();
  private fixed4?: FixedIps<Float64Array>;
  private fixed6?: FixedIps<readonly bigint[]>;
  private peers?: Map<string, Set<string>>;

  constructor(readonly network: Network) {}

  /** The id of a membership (the set of `groups`), interned. */
  membershipId(groups: Iterable<string>): number {
    const set = new Set(groups);
    const key = [...set].sort().join("\u0000");
    let id = this.membershipIds.get(key);
    if (id === undefined) {
      id = this.memberships.push(set) - 1;
      this.membershipIds.set(key, id);
    }
    return id;
  }

  /** The state of the instance with this id. @throws HwsgError when there is none (`Network.instance`) */
  instanceState(id: string): InstanceState {
    // The work is in another method: a closure here would cost a context allocation per call.
    return this.instanceStates.get(id) ?? this.newInstanceState(id);
  }

  private newInstanceState(id: string): InstanceState {
    const instance = this.network.instance(id);
    const state: InstanceState = {
      instance,
      lists: [undefined, undefined, undefined, undefined],
      membership: this.membershipId(instance.securityGroupIds),
      nicVpcs: instance.nics.map((nic) => this.network.vpcOf(nic)),
    };
    this.instanceStates.set(id, state);
    return state;
  }

  /** The membership id of the instances whose NIC has `address` as private fixed IPv4 (0 when none). */
  fixedIpMembership4(address: number): number {
    const fixed = this.fixed4 ?? (this.fixed4 = this.fixedIps(4, (values) => Float64Array.from(values, Number)));
    const c = classOfAddress4(fixed.addresses, address);
    return c > 0 && fixed.addresses[c - 1] === address ? fixed.memberships[c - 1] : 0;
  }

  /** The membership id of the instances whose NIC has `address` as private fixed IPv6 (0 when none). */
  fixedIpMembership6(address: bigint): number {
    const fixed = this.fixed6 ?? (this.fixed6 = this.fixedIps(6, (values) => values));
    const c = classOfAddress6(fixed.addresses, address);
    return c > 0 && fixed.addresses[c - 1] === address ? fixed.memberships[c - 1] : 0;
  }

  private fixedIps<A>(version: IpVersion, store: (values: bigint[]) => A): FixedIps<A> {
    const groupsByAddress = new Map<bigint, string[]>();
    for (const instance of this.network.instances.values()) {
      for (const nic of instance.nics) {
        const ip = version === 4 ? nic.fixedIpV4 : nic.fixedIpV6;
        if (ip === undefined) continue;
        let groups = groupsByAddress.get(ip);
        if (!groups) groupsByAddress.set(ip, (groups = []));
        groups.push(...instance.securityGroupIds);
      }
    }
    const addresses = [...groupsByAddress.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return {
      addresses: store(addresses),
      memberships: Int32Array.from(addresses, (a) => this.membershipId(groupsByAddress.get(a)!)),
    };
  }

  /** Whether two different VPCs are joined by a peering connection (`Network.vpcsConnected`). */
  peered(a: string, b: string): boolean {
    if (!this.peers) {
      this.peers = new Map();
      for (const p of this.network.peerings) {
        for (const [x, y] of [[p.vpcId, p.peerVpcId], [p.peerVpcId, p.vpcId]]) {
          let set = this.peers.get(x);
          if (!set) this.peers.set(x, (set = new Set()));
          set.add(y);
        }
      }
    }
    return this.peers.get(a)?.has(b) ?? false;
  }
}

const stateByNetwork = new WeakMap<Network, NetworkState>();
/** The last network asked for and its state: one comparison instead of a WeakMap lookup per call. */
let lastNetwork: Network | undefined;
let lastState: NetworkState | undefined;

function stateOf(network: Network): NetworkState {
  if (network === lastNetwork) return lastState!;
  let state = stateByNetwork.get(network);
  if (!state) {
    state = new NetworkState(network);
    stateByNetwork.set(network, state);
  }
  lastNetwork = network;
  lastState = state;
  return state;
}

/** The slot of a direction and IP version in an instance's lists. */
function slotOf(direction: Direction, version: IpVersion): number {
  return (version === 4 ? 0 : 2) + (direction === "ingress" ? 0 : 1);
}

/**
 * The compiled rules of an instance for one direction and IP version, shared by every instance
 * with the same groups in the same order and the same flavor family.
 */
export function compiledRules(network: Network, instance: Instance, direction: Direction, version: IpVersion): CompiledRules {
  const c = stateOf(network);
  let slots = c.byInstance.get(instance);
  if (!slots) {
    slots = [undefined, undefined, undefined, undefined];
    c.byInstance.set(instance, slots);
  }
  const slot = slotOf(direction, version);
  let compiled = slots[slot];
  if (!compiled) {
    const signature = `${flavorFamily(instance.flavor) ?? ""}|${direction}|${version}|${[...new Set(instance.securityGroupIds)].join("\u0000")}`;
    compiled = c.bySignature.get(signature);
    if (!compiled) {
      compiled = new CompiledRules(network, version, rulesAtInstance(network, instance, direction, version));
      c.bySignature.set(signature, compiled);
    }
    slots[slot] = compiled;
  }
  return compiled;
}

/** `compiledRules` of a known instance, through its state. */
function listOf(c: NetworkState, state: InstanceState, direction: Direction, version: IpVersion): CompiledRules {
  const slot = slotOf(direction, version);
  return state.lists[slot] ?? (state.lists[slot] = compiledRules(c.network, state.instance, direction, version));
}

/**
 * The membership id of a flow end: its instance's groups when it sends from its fixed IP, else
 * those of the instances whose NIC has its address as private fixed IP.
 * @param own the end's instance state when it is an instance sending from its fixed IP
 */
function membershipOfEnd(c: NetworkState, end: FlowEnd, version: IpVersion, own: InstanceState | undefined): number {
  if (own !== undefined) return own.membership;
  return version === 4 ? c.fixedIpMembership4(Number(end.address)) : c.fixedIpMembership6(end.address);
}

/**
 * The groups whose `remote_group_id` rules match a flow end: its instance's groups when it sends
 * from its fixed IP, else those of the instances whose NIC has its address as private fixed IP.
 * The same sets as evaluator.ts `membershipOf`, interned per network.
 */
export function endMembership(network: Network, end: FlowEnd, version: IpVersion): ReadonlySet<string> {
  const c = stateOf(network);
  const own = end.kind === "instance" && end.fromFixedIp ? c.instanceState(end.instanceId) : undefined;
  return c.memberships[membershipOfEnd(c, end, version, own)];
}

/**
 * The first effective rule of `list` that matches a packet, or -1: the hot path of `decide`.
 * @param port the destination port, or -1 for a protocol without ports
 * @param own the other end's instance state when it is an instance sending from its fixed IP
 */
function firstMatchOf(c: NetworkState, list: CompiledRules, version: IpVersion, protocol: number, port: number, other: FlowEnd, own: InstanceState | undefined): number {
  if (!list.indexed || (port | 0) !== port) {
    // Too large to index, or a port that is not an integer (an unchecked flow): walk the rules.
    const members = list.usesGroups ? c.memberships[membershipOfEnd(c, other, version, own)] : c.memberships[0];
    return list.firstMatch(protocol, port, other.address, members);
  }
  // The list's version is the flow's (lists are kept by `version === 4`); an IPv4 address is
  // converted to a number once, for both the fixed-IP index and the address classes.
  const v4 = version === 4;
  const address = other.address;
  const address4 = v4 ? Number(address) : 0;
  let memberBits = list.noMembers;
  if (list.usesGroups) {
    const id = own !== undefined ? own.membership : v4 ? c.fixedIpMembership4(address4) : c.fixedIpMembership6(address);
    memberBits = list.memberBitsOf(id, c.memberships[id]);
  }
  const addressClass = v4 ? list.addressClass4(address4) : list.addressClass6(address);
  return list.firstMatchByClass(protocol, port, addressClass, memberBits);
}

/** The decision at one instance: the deciding entry's position in `compiled.entries`, or -1 (default deny). */
export interface HopDecision {
  readonly compiled: CompiledRules;
  readonly index: number;
}

/** Decides a packet at one instance in one direction; `other` is the other end of the flow. */
export function decideHop(network: Network, instance: Instance, direction: Direction, flow: Flow, other: FlowEnd): HopDecision {
  const c = stateOf(network);
  const compiled = compiledRules(network, instance, direction, flow.version);
  const own = compiled.usesGroups && other.kind === "instance" && other.fromFixedIp ? c.instanceState(other.instanceId) : undefined;
  return { compiled, index: firstMatchOf(c, compiled, flow.version, flow.protocol, flow.port ?? -1, other, own) };
}

/** A deny by no rule: isolated VPCs, or no rule matched. */
const ISOLATED: Decision = Object.freeze({ verdict: "deny", rule: null });

/** Whether the two instance ends of a flow are in VPCs that no peering joins. */
export function vpcsIsolated(network: Network, src: Instance, dst: Instance, flow: Flow): boolean {
  if (flow.src.kind !== "instance" || flow.dst.kind !== "instance") return false;
  const a = network.vpcOf(src.nics[flow.src.nicIndex] ?? {});
  const b = network.vpcOf(dst.nics[flow.dst.nicIndex] ?? {});
  return a !== undefined && b !== undefined && !network.vpcsConnected(a, b);
}

/**
 * Whether a flow is certainly a packet: protocol 0–255, a port 1–65535 exactly for tcp and udp
 * (and an ICMP message 1–65535 exactly for icmp and icmpv6),
 * an instance at one end at least. When not, `checkFlow` says why (or lets it pass: it decides).
 */
function plainPacket(flow: Flow): boolean {
  const protocol = flow.protocol;
  if ((protocol & 255) !== protocol) return false;
  const port = flow.port;
  if (protocol === 6 || protocol === 17 || protocol === 1 || protocol === 58) {
    if (port === undefined || (port & 65535) !== port || port < 1) return false;
  } else if (port !== undefined) {
    return false;
  }
  return flow.src.kind === "instance" || flow.dst.kind === "instance";
}

/**
 * Decides one flow without explaining it: the same verdict and deciding rule as `evaluateFlow`,
 * at a fraction of the cost (compiled rule lists, no strings built). The returned decision is
 * shared and frozen.
 * @throws HwsgError when the flow is not a packet (bad protocol or port, no instance at either end)
 */
export function decide(network: Network, flow: Flow): Decision {
  if (!plainPacket(flow)) checkFlow(flow);
  const c = stateOf(network);
  const version = flow.version;
  const protocol = flow.protocol;
  const port = flow.port ?? -1;
  const from = flow.src;
  const to = flow.dst;
  const src = from.kind === "instance" ? c.instanceState(from.instanceId) : undefined;
  const dst = to.kind === "instance" ? c.instanceState(to.instanceId) : undefined;
  if (src !== undefined && dst !== undefined) {
    // Both ends are instances (so `nicIndex` exists): VPCs that no peering joins never connect.
    const a = src.nicVpcs[(from as { nicIndex: number }).nicIndex];
    const b = dst.nicVpcs[(to as { nicIndex: number }).nicIndex];
    if (a !== undefined && b !== undefined && a !== b && !c.peered(a, b)) return ISOLATED;
  }
  let decision = ISOLATED;
  if (src !== undefined) {
    const list = listOf(c, src, "egress", version);
    const own = dst !== undefined && (to as { fromFixedIp: boolean }).fromFixedIp ? dst : undefined;
    const index = firstMatchOf(c, list, version, protocol, port, to, own);
    if (index < 0) return ISOLATED;
    decision = list.decisions[index];
    if (decision.verdict !== "allow") return decision;
  }
  if (dst !== undefined) {
    const list = listOf(c, dst, "ingress", version);
    const own = src !== undefined && (from as { fromFixedIp: boolean }).fromFixedIp ? src : undefined;
    const index = firstMatchOf(c, list, version, protocol, port, from, own);
    if (index < 0) return ISOLATED;
    decision = list.decisions[index];
  }
  return decision;
}
