/**
 * Set-valued evaluation: the exact set of (address × protocol × port) an instance allows in one
 * direction, computed by running the first-match order over address sets (intervals), port
 * ranges and protocol classes instead of single packets.
 */
import { AddressSet } from "./address-set";
import { rulesAtInstance } from "./effective-rules";
import { IpVersion } from "./ip";
import { Instance, Network } from "./network";
import { MAX_PORT, MIN_PORT, PortSet } from "./port-set";
import { MAX_PROTOCOL, hasPorts } from "./protocol";
import { Direction, Rule } from "./rule";

/** One piece of an allowed space: for these protocols and ports, these remote addresses are allowed. */
export interface SpaceSlice {
  /** A protocol number, or null for every protocol that no rule of the instance names. */
  readonly protocol: number | null;
  /** The ports (tcp and udp), or null for protocols without ports. */
  readonly ports: PortSet | null;
  /** The remote addresses allowed (sources for ingress, destinations for egress). */
  readonly allowed: AddressSet;
}

/**
 * How `remote_group_id` rules see the other end: by membership (the other end is a member
 * instance sending from its fixed IP, whatever its address), or by address (only the members'
 * known fixed IPs match).
 */
export type RemoteMembership = ReadonlySet<string> | "by-address";

/** The allowed space of one instance, direction and IP version. */
export class AllowedSpace {
  constructor(
    readonly version: IpVersion,
    /** The protocols some rule names; every other protocol behaves alike. */
    readonly namedProtocols: readonly number[],
    /** Slices that partition protocol × port space: every (protocol, port) is in exactly one. */
    readonly slices: readonly SpaceSlice[],
  ) {}

  /** A protocol number that stands for every protocol no rule names, or undefined if all 256 are named. */
  get otherProtocol(): number | undefined {
    for (let p = 0; p <= MAX_PROTOCOL; p++) if (!this.namedProtocols.includes(p)) return p;
    return undefined;
  }

  /** The slices that apply to a protocol: they partition its ports (or are one slice without ports). */
  slicesFor(protocol: number): SpaceSlice[] {
    if (this.namedProtocols.includes(protocol)) return this.slices.filter((s) => s.protocol === protocol);
    // A protocol no rule names is matched only by all-protocol rules: one slice, over every port.
    return this.slices
      .filter((s) => s.protocol === null)
      .map((s) => ({ protocol: null, ports: hasPorts(protocol) ? PortSet.ALL : null, allowed: s.allowed }));
  }

  /** The remote addresses allowed for a protocol and port. */
  allowedFor(protocol: number, port?: number): AddressSet {
    for (const s of this.slicesFor(protocol)) {
      if (s.ports === null || (port !== undefined && s.ports.has(port))) return s.allowed;
    }
    return AddressSet.empty(this.version);
  }

  /** Whether a packet with this protocol, port and remote address is allowed. */
  allows(protocol: number, port: number | undefined, address: bigint): boolean {
    return this.allowedFor(protocol, port).has(address);
  }
}

/** The addresses a rule's remote matches, given how group membership is judged. */
export function remoteAddresses(network: Network, rule: Rule, membership: RemoteMembership): AddressSet {
  switch (rule.remote.kind) {
    case "any":
      return AddressSet.all(rule.version);
    case "cidr":
      return rule.remote.addresses;
    case "addressGroup":
      return network.addressGroups.get(rule.remote.addressGroupId)!.addresses;
    case "group":
      if (membership === "by-address") return network.memberAddresses(rule.remote.groupId, rule.version);
      return membership.has(rule.remote.groupId) ? AddressSet.all(rule.version) : AddressSet.empty(rule.version);
  }
}

/**
 * Computes the allowed space of an instance for one direction and IP version.
 * @param membership how `remote_group_id` rules judge the other end
 */
export function allowedSpace(network: Network, instance: Instance, direction: Direction, version: IpVersion, membership: RemoteMembership): AllowedSpace {
  const memKey = membership === "by-address" ? "@addr" : [...membership].sort().join(",");
  const key = `space|${instance.id}|${direction}|${version}|${memKey}`;
  const cached = network.cache.get(key) as AllowedSpace | undefined;
  if (cached) return cached;

  const rules = rulesAtInstance(network, instance, direction, version)
    .filter((r) => !r.ineffective)
    .map((r) => ({ rule: r.rule, addresses: remoteAddresses(network, r.rule, membership) }));
  const named = [...new Set(rules.map((r) => r.rule.protocol).filter((p): p is number => p !== undefined))].sort((a, b) => a - b);
  const slices: SpaceSlice[] = [];

  const firstMatch = (candidates: typeof rules): AddressSet => {
    let remaining = AddressSet.all(version);
    let allowed = AddressSet.empty(version);
    for (const { rule, addresses } of candidates) {
      const hit = remaining.intersect(addresses);
      if (hit.isEmpty) continue;
      if (rule.action === "allow") allowed = allowed.union(hit);
      remaining = remaining.subtract(hit);
      if (remaining.isEmpty) break;
    }
    return allowed;
  };

  for (const protocol of [...named, null]) {
    const relevant = rules.filter((r) => r.rule.protocol === undefined || r.rule.protocol === protocol);
    if (protocol === null || !hasPorts(protocol)) {
      slices.push({ protocol, ports: null, allowed: firstMatch(relevant.filter((r) => !r.rule.ports)) });
      continue;
    }
    // Elementary port intervals: every rule's ports are a union of them.
    const cuts = new Set<number>([MIN_PORT, MAX_PORT + 1]);
    for (const r of relevant) for (const [a, b] of r.rule.ports?.ranges ?? []) { cuts.add(a); cuts.add(b + 1); }
    const bounds = [...cuts].sort((a, b) => a - b);
    let pending: { lo: number; hi: number; allowed: AddressSet } | undefined;
    for (let i = 0; i + 1 < bounds.length; i++) {
      const lo = bounds[i];
      const hi = bounds[i + 1] - 1;
      const allowed = firstMatch(relevant.filter((r) => !r.rule.ports || r.rule.ports.has(lo)));
      if (pending && pending.allowed.equals(allowed)) {
        pending.hi = hi;
      } else {
        if (pending) slices.push({ protocol, ports: PortSet.range(pending.lo, pending.hi), allowed: pending.allowed });
        pending = { lo, hi, allowed };
      }
    }
    if (pending) slices.push({ protocol, ports: PortSet.range(pending.lo, pending.hi), allowed: pending.allowed });
  }

  const space = new AllowedSpace(version, named, slices);
  network.cache.set(key, space);
  return space;
}
