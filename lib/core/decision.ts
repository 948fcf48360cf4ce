/**
 * Compiled single-flow decisions: the rules of one direction and IP version at an instance
 * (effective-rules.ts `rulesAtInstance`, in matching order) flattened once into typed arrays —
 * protocol, port ranges, remote address intervals (numbers for IPv4, bigints for IPv6) or remote
 * group — so deciding a packet is a loop over numbers, with no allocation and no string work.
 *
 * A compiled list depends only on the instance's groups (in order) and flavor family, the
 * direction and the IP version: instances that share them share it. Lists are kept per network
 * (a Network is immutable) in a WeakMap, so they live as long as the network does.
 *
 * `decide` is the fast path (verdict and deciding rule only); `evaluateFlow` (evaluator.ts) builds
 * its explanation around the rule `decideHop` finds, so both always agree.
 */
import { RuleAtInstance, flavorFamily, rulesAtInstance } from "./effective-rules";
import { Flow, FlowEnd, checkFlow } from "./flow";
import { IpVersion } from "./ip";
import { Instance, Network } from "./network";
import { Action, Direction } from "./rule";

/** Remote kinds in a compiled list. */
const REMOTE_ANY = 0;
const REMOTE_ADDRESSES = 1;
const REMOTE_GROUP = 2;

/**
 * The rules of one instance, direction and IP version in matching order, as parallel arrays.
 * Entry `i` is `entries[i]`; ineffective rules are kept (their explanation needs them) but
 * `effective` lists only the others, which is all `decide` walks.
 */
export class CompiledRules {
  /** The rules as `rulesAtInstance` gives them, in matching order. */
  readonly entries: readonly RuleAtInstance[];
  /** Positions in `entries` of the rules that take effect, ascending. */
  readonly effective: Int32Array;
  /** Positions in `entries` of the rules that do not take effect, ascending. */
  readonly ineffective: Int32Array;
  /** Protocol number per entry; -1 = every protocol. */
  private readonly protocol: Int16Array;
  /** Start (inclusive) and end (exclusive) of the entry's port ranges in `portLo`/`portHi`; start -1 = every port. */
  private readonly portStart: Int32Array;
  private readonly portEnd: Int32Array;
  private readonly portLo: Int32Array;
  private readonly portHi: Int32Array;
  /** Remote kind per entry. */
  private readonly remoteKind: Uint8Array;
  /** For an address remote: start and end of its intervals in the address arrays; for a group remote: the group's number in `groupIds` (start). */
  private readonly remoteStart: Int32Array;
  private readonly remoteEnd: Int32Array;
  /** IPv4 interval bounds as numbers (exact: below 2^53). */
  private readonly lo4: Float64Array;
  private readonly hi4: Float64Array;
  /** IPv6 interval bounds. */
  private readonly lo6: bigint[];
  private readonly hi6: bigint[];
  /** The remote groups the rules name, by number. */
  readonly groupIds: readonly string[];
  /** Whether `allow` is the action of an entry. */
  private readonly allow: Uint8Array;
  /** Whether any effective rule's remote is a group (membership of the other end is needed). */
  readonly usesGroups: boolean;

  constructor(network: Network, readonly version: IpVersion, entries: readonly RuleAtInstance[]) {
    const n = entries.length;
    this.entries = entries;
    this.protocol = new Int16Array(n);
    this.portStart = new Int32Array(n);
    this.portEnd = new Int32Array(n);
    this.remoteKind = new Uint8Array(n);
    this.remoteStart = new Int32Array(n);
    this.remoteEnd = new Int32Array(n);
    this.allow = new Uint8Array(n);
    const portLo: number[] = [];
    const portHi: number[] = [];
    const lo4: number[] = [];
    const hi4: number[] = [];
    const lo6: bigint[] = [];
    const hi6: bigint[] = [];
    const groupIds: string[] = [];
    const effective: number[] = [];
    const ineffective: number[] = [];
    let usesGroups = false;
    entries.forEach(({ rule, ineffective: why }, i) => {
      (why ? ineffective : effective).push(i);
      this.protocol[i] = rule.protocol ?? -1;
      this.allow[i] = rule.action === "allow" ? 1 : 0;
      if (rule.ports) {
        this.portStart[i] = portLo.length;
        for (const [a, b] of rule.ports.ranges) {
          portLo.push(a);
          portHi.push(b);
        }
        this.portEnd[i] = portLo.length;
      } else {
        this.portStart[i] = -1;
      }
      const remote = rule.remote;
      if (remote.kind === "any") {
        this.remoteKind[i] = REMOTE_ANY;
      } else if (remote.kind === "group") {
        this.remoteKind[i] = REMOTE_GROUP;
        let g = groupIds.indexOf(remote.groupId);
        if (g < 0) g = groupIds.push(remote.groupId) - 1;
        this.remoteStart[i] = g;
        if (!why) usesGroups = true;
      } else {
        this.remoteKind[i] = REMOTE_ADDRESSES;
        const set = remote.kind === "cidr" ? remote.addresses : network.addressGroups.get(remote.addressGroupId)!.addresses;
        if (version === 4) {
          this.remoteStart[i] = lo4.length;
          for (const [a, b] of set.intervals) {
            lo4.push(Number(a));
            hi4.push(Number(b));
          }
          this.remoteEnd[i] = lo4.length;
        } else {
          this.remoteStart[i] = lo6.length;
          for (const [a, b] of set.intervals) {
            lo6.push(a);
            hi6.push(b);
          }
          this.remoteEnd[i] = lo6.length;
        }
      }
    });
    this.portLo = Int32Array.from(portLo);
    this.portHi = Int32Array.from(portHi);
    this.lo4 = Float64Array.from(lo4);
    this.hi4 = Float64Array.from(hi4);
    this.lo6 = lo6;
    this.hi6 = hi6;
    this.groupIds = groupIds;
    this.effective = Int32Array.from(effective);
    this.ineffective = Int32Array.from(ineffective);
    this.usesGroups = usesGroups;
  }

  /**
   * Whether entry `i` matches a packet.
   * @param port the destination port, or -1 for a protocol without ports
   * @param address4 the other end's address as a number (IPv4), else ignored
   * @param address the other end's address
   * @param members the groups `remote_group_id` rules see the other end in
   */
  matches(i: number, protocol: number, port: number, address4: number, address: bigint, members: ReadonlySet<string>): boolean {
    const p = this.protocol[i];
    if (p !== -1 && p !== protocol) return false;
    const ps = this.portStart[i];
    if (ps !== -1) {
      if (port < 0) return false;
      const pe = this.portEnd[i];
      let hit = false;
      for (let k = ps; k < pe; k++) {
        if (port >= this.portLo[k] && port <= this.portHi[k]) {
          hit = true;
          break;
        }
      }
      if (!hit) return false;
    }
    switch (this.remoteKind[i]) {
      case REMOTE_ANY:
        return true;
      case REMOTE_GROUP:
        return members.has(this.groupIds[this.remoteStart[i]]);
      default: {
        const rs = this.remoteStart[i];
        const re = this.remoteEnd[i];
        if (this.version === 4) {
          for (let k = rs; k < re; k++) if (address4 >= this.lo4[k] && address4 <= this.hi4[k]) return true;
        } else {
          for (let k = rs; k < re; k++) if (address >= this.lo6[k] && address <= this.hi6[k]) return true;
        }
        return false;
      }
    }
  }

  /**
   * The position in `entries` of the first effective rule that matches, or -1 (default deny).
   * @param port the destination port, or -1 for a protocol without ports
   */
  firstMatch(protocol: number, port: number, address: bigint, members: ReadonlySet<string>): number {
    const address4 = this.version === 4 ? Number(address) : 0;
    const eff = this.effective;
    for (let k = 0; k < eff.length; k++) {
      const i = eff[k];
      if (this.matches(i, protocol, port, address4, address, members)) return i;
    }
    return -1;
  }

  /** Whether entry `i` allows. */
  allows(i: number): boolean {
    return this.allow[i] === 1;
  }
}

/** Per-network compiled state: lists by signature, and by instance. */
interface Compiled {
  readonly bySignature: Map<string, CompiledRules>;
  /** Per instance: [IPv4 ingress, IPv4 egress, IPv6 ingress, IPv6 egress]. */
  readonly byInstance: Map<Instance, Array<CompiledRules | undefined>>;
  /** Per IP version: address → the groups of the instances whose NIC has it as private fixed IP. */
  readonly groupsByAddress: Map<IpVersion, Map<bigint, ReadonlySet<string>>>;
  /** Per instance: its groups as a set (membership when it sends from its fixed IP). */
  readonly groupsOf: Map<Instance, ReadonlySet<string>>;
}

const compiledByNetwork = new WeakMap<Network, Compiled>();

function compiledOf(network: Network): Compiled {
  let c = compiledByNetwork.get(network);
  if (!c) {
    c = { bySignature: new Map(), byInstance: new Map(), groupsByAddress: new Map(), groupsOf: new Map() };
    compiledByNetwork.set(network, c);
  }
  return c;
}

/**
 * The compiled rules of an instance for one direction and IP version, shared by every instance
 * with the same groups in the same order and the same flavor family.
 */
export function compiledRules(network: Network, instance: Instance, direction: Direction, version: IpVersion): CompiledRules {
  const c = compiledOf(network);
  let slots = c.byInstance.get(instance);
  if (!slots) {
    slots = [undefined, undefined, undefined, undefined];
    c.byInstance.set(instance, slots);
  }
  const slot = (version === 4 ? 0 : 2) + (direction === "ingress" ? 0 : 1);
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

const NO_GROUPS: ReadonlySet<string> = new Set();

/**
 * The groups whose `remote_group_id` rules match a flow end: its instance's groups when it sends
 * from its fixed IP, else those of the instances whose NIC has its address as private fixed IP.
 * The same sets as evaluator.ts `membershipOf`, memoized per network.
 */
export function endMembership(network: Network, end: FlowEnd, version: IpVersion): ReadonlySet<string> {
  const c = compiledOf(network);
  if (end.kind === "instance" && end.fromFixedIp) {
    const instance = network.instance(end.instanceId);
    let set = c.groupsOf.get(instance);
    if (!set) {
      set = new Set(instance.securityGroupIds);
      c.groupsOf.set(instance, set);
    }
    return set;
  }
  let byAddress = c.groupsByAddress.get(version);
  if (!byAddress) {
    const collected = new Map<bigint, Set<string>>();
    for (const instance of network.instances.values()) {
      for (const nic of instance.nics) {
        const ip = version === 4 ? nic.fixedIpV4 : nic.fixedIpV6;
        if (ip === undefined) continue;
        let set = collected.get(ip);
        if (!set) collected.set(ip, (set = new Set()));
        for (const g of instance.securityGroupIds) set.add(g);
      }
    }
    byAddress = collected;
    c.groupsByAddress.set(version, byAddress);
  }
  return byAddress.get(end.address) ?? NO_GROUPS;
}

/** The decision at one instance: the deciding entry's position in `compiled.entries`, or -1 (default deny). */
export interface HopDecision {
  readonly compiled: CompiledRules;
  readonly index: number;
}

/** Decides a packet at one instance in one direction; `other` is the other end of the flow. */
export function decideHop(network: Network, instance: Instance, direction: Direction, flow: Flow, other: FlowEnd): HopDecision {
  const compiled = compiledRules(network, instance, direction, flow.version);
  const members = compiled.usesGroups ? endMembership(network, other, flow.version) : NO_GROUPS;
  return { compiled, index: compiled.firstMatch(flow.protocol, flow.port ?? -1, other.address, members) };
}

/** The fast outcome of a flow: the verdict and the deciding rule, as `evaluateFlow` gives them. */
export interface Decision {
  readonly verdict: Action;
  /** The deciding rule's id (see `Verdict.rule`), or null. */
  readonly rule: string | null;
}

/** A deny by no rule: isolated VPCs, or no rule matched. */
const ISOLATED: Decision = { verdict: "deny", rule: null };

/** Whether the two instance ends of a flow are in VPCs that no peering joins. */
export function vpcsIsolated(network: Network, src: Instance, dst: Instance, flow: Flow): boolean {
  if (flow.src.kind !== "instance" || flow.dst.kind !== "instance") return false;
  const a = network.vpcOf(src.nics[flow.src.nicIndex] ?? {});
  const b = network.vpcOf(dst.nics[flow.dst.nicIndex] ?? {});
  return a !== undefined && b !== undefined && !network.vpcsConnected(a, b);
}

/**
 * Decides one flow without explaining it: the same verdict and deciding rule as `evaluateFlow`,
 * at a fraction of the cost (compiled rule lists, no strings built).
 * @throws HwsgError when the flow is not a packet (bad protocol or port, no instance at either end)
 */
export function decide(network: Network, flow: Flow): Decision {
  checkFlow(flow);
  const src = flow.src.kind === "instance" ? network.instance(flow.src.instanceId) : undefined;
  const dst = flow.dst.kind === "instance" ? network.instance(flow.dst.instanceId) : undefined;
  if (src && dst && vpcsIsolated(network, src, dst, flow)) return ISOLATED;
  let rule: string | null = null;
  if (src) {
    const { compiled, index } = decideHop(network, src, "egress", flow, flow.dst);
    if (index < 0) return ISOLATED;
    rule = compiled.entries[index].rule.id;
    if (!compiled.allows(index)) return { verdict: "deny", rule };
  }
  if (dst) {
    const { compiled, index } = decideHop(network, dst, "ingress", flow, flow.src);
    if (index < 0) return ISOLATED;
    rule = compiled.entries[index].rule.id;
    if (!compiled.allows(index)) return { verdict: "deny", rule };
  }
  return { verdict: "allow", rule };
}
