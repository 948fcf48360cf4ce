/**
 * Set-valued evaluation: the exact set of (address × protocol × port) an instance allows in one
 * direction, computed by running the first-match order over address sets (intervals), port
 * ranges and protocol classes instead of single packets.
 */
import { AddressSet } from "./address-set";
import { rulesAtInstance } from "./effective-rules";
import { IpVersion, MAX_ADDRESS } from "./ip";
import { Instance, Network } from "./network";
import { MAX_PORT, MIN_PORT, PortSet } from "./port-set";
import { hasPortSpace } from "./icmp";
import { MAX_PROTOCOL } from "./protocol";
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
      .map((s) => ({ protocol: null, ports: hasPortSpace(protocol) ? PortSet.ALL : null, allowed: s.allowed }));
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
  const walk = new FirstMatchWalk(version, rules.map((r) => ({ allow: r.rule.action === "allow", addresses: r.addresses })));
  const order = new Int32Array(rules.length);
  for (const protocol of [...named, null]) {
    const relevant: number[] = [];
    rules.forEach((r, i) => {
      if (r.rule.protocol === undefined || r.rule.protocol === protocol) relevant.push(i);
    });
    if (protocol === null || !hasPortSpace(protocol)) {
      let n = 0;
      for (const i of relevant) if (!rules[i].rule.ports) order[n++] = i;
      slices.push({ protocol, ports: null, allowed: walk.toSet(walk.run(order, n)) });
      continue;
    }
    // Elementary port intervals: every rule's ports are a union of them. One sweep over their
    // bounds keeps the rules whose ports hold the current interval (each rule's ranges are
    // disjoint and apart, so a rule is entered and left once per range).
    const sweep = new PortSweep(relevant.map((i) => rules[i].rule.ports?.ranges));
    const active = sweep.active;
    let pending: { lo: number; hi: number; allowed: Uint8Array } | undefined;
    for (let k = 0; k < sweep.count; k++) {
      const lo = sweep.bounds[k];
      const hi = sweep.bounds[k + 1] - 1;
      sweep.enter(k);
      let n = 0;
      for (let j = 0; j < relevant.length; j++) if (active[j] > 0) order[n++] = relevant[j];
      const allowed = walk.run(order, n);
      if (pending && sameFlags(pending.allowed, allowed)) {
        pending.hi = hi;
      } else {
        if (pending) slices.push({ protocol, ports: PortSet.range(pending.lo, pending.hi), allowed: walk.toSet(pending.allowed) });
        pending = { lo, hi, allowed };
      }
    }
    if (pending) slices.push({ protocol, ports: PortSet.range(pending.lo, pending.hi), allowed: walk.toSet(pending.allowed) });
  }

  const space = new AllowedSpace(version, named, slices);
  network.cache.set(key, space);
  return space;
}

/**
 * The addresses an instance allows for one protocol and port (the other end's addresses for
 * which the first matching rule allows it): what `allowedSpace(...).allowedFor(protocol, port)`
 * gives, computed from the rules that hold that packet only — linear in the rules, where the
 * whole space walks the rules once per elementary port interval.
 */
export function allowedAt(network: Network, instance: Instance, direction: Direction, version: IpVersion, membership: RemoteMembership, protocol: number, port: number | undefined): AddressSet {
  const memKey = membership === "by-address" ? "@addr" : [...membership].sort().join(",");
  const key = `at|${instance.id}|${direction}|${version}|${memKey}|${protocol}|${port ?? ""}`;
  const cached = network.cache.get(key) as AddressSet | undefined;
  if (cached) return cached;
  const rules = rulesAtInstance(network, instance, direction, version)
    .filter((r) => !r.ineffective && (r.rule.protocol === undefined || r.rule.protocol === protocol) && (!hasPortSpace(protocol) || !r.rule.ports || (port !== undefined && r.rule.ports.has(port))))
    .map((r) => ({ allow: r.rule.action === "allow", addresses: remoteAddresses(network, r.rule, membership) }));
  const walk = new FirstMatchWalk(version, rules);
  const order = new Int32Array(rules.length);
  for (let i = 0; i < rules.length; i++) order[i] = i;
  const allowed = walk.toSet(walk.run(order, rules.length));
  network.cache.set(key, allowed);
  return allowed;
}

/** Whether two flag arrays are equal. */
function sameFlags(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * First-match over addresses for a list of rules, done on elementary address intervals: the
 * address space is cut at every bound of every rule's remote, so each rule's remote is a run of
 * whole elementary intervals and the first match is decided per interval, with integers only.
 * A "next undecided interval" forest skips what earlier rules decided, so one walk costs about
 * (rules + intervals), however the remotes overlap.
 */
class FirstMatchWalk {
  /** Bounds of the elementary intervals: interval k is [bounds[k], bounds[k + 1] - 1]. */
  private readonly bounds: bigint[];
  /** Per rule: its remote as runs of elementary intervals, flattened [first, last, first, last, …]. */
  private readonly runs: Int32Array[];
  private readonly allow: boolean[];
  private readonly next: Int32Array;

  constructor(
    private readonly version: IpVersion,
    rules: ReadonlyArray<{ readonly allow: boolean; readonly addresses: AddressSet }>,
  ) {
    const cuts = new Set<bigint>([0n, MAX_ADDRESS[version] + 1n]);
    for (const r of rules) for (const [a, b] of r.addresses.intervals) { cuts.add(a); cuts.add(b + 1n); }
    this.bounds = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const index = new Map<bigint, number>();
    this.bounds.forEach((b, i) => index.set(b, i));
    this.runs = rules.map((r) => {
      const out = new Int32Array(r.addresses.intervals.length * 2);
      r.addresses.intervals.forEach(([a, b], k) => {
        out[2 * k] = index.get(a)!;
        out[2 * k + 1] = index.get(b + 1n)! - 1;
      });
      return out;
    });
    this.allow = rules.map((r) => r.allow);
    this.next = new Int32Array(this.bounds.length);
  }

  /** The elementary intervals the first matching rule of `order[0..n)` (rule indices, in matching order) allows, as flags. */
  run(order: Int32Array, n: number): Uint8Array {
    const count = this.bounds.length - 1;
    const flags = new Uint8Array(count);
    const next = this.next;
    for (let k = 0; k <= count; k++) next[k] = k;
    const find = (k: number): number => {
      let root = k;
      while (next[root] !== root) root = next[root];
      while (next[k] !== root) {
        const up = next[k];
        next[k] = root;
        k = up;
      }
      return root;
    };
    let undecided = count;
    for (let o = 0; o < n; o++) {
      const runs = this.runs[order[o]];
      const flag = this.allow[order[o]] ? 1 : 0;
      for (let r = 0; r < runs.length; r += 2) {
        const last = runs[r + 1];
        for (let k = find(runs[r]); k <= last; k = find(k + 1)) {
          flags[k] = flag;
          next[k] = k + 1;
          undecided--;
        }
      }
      if (undecided === 0) break;
    }
    return flags;
  }

  /** The addresses of the flagged elementary intervals. */
  toSet(flags: Uint8Array): AddressSet {
    const intervals: Array<[bigint, bigint]> = [];
    for (let k = 0; k < flags.length; k++) {
      if (!flags[k]) continue;
      let end = k;
      while (end + 1 < flags.length && flags[end + 1]) end++;
      intervals.push([this.bounds[k], this.bounds[end + 1] - 1n]);
      k = end;
    }
    return AddressSet.fromIntervals(this.version, intervals);
  }
}

/**
 * The elementary port intervals (1–65535 cut at every bound of some rule's port ranges) of a list
 * of rules, swept in ascending order: `enter(k)` updates, for interval k, how many of each rule's
 * ranges hold it (`active[j] > 0`: rule j matches the interval; a rule without ports always does).
 * Intervals must be entered in order 0, 1, 2, ….
 */
class PortSweep {
  /** Interval k is [bounds[k], bounds[k + 1] - 1]. */
  readonly bounds: number[];
  /** Number of elementary intervals. */
  readonly count: number;
  /** Per rule (by position in the list): how many of its ranges hold the current interval. */
  readonly active: Int32Array;
  /** Per bound: the rules entering (j + 1) or leaving (-(j + 1)) there. */
  private readonly events: Map<number, number[]>;

  constructor(ranges: ReadonlyArray<ReadonlyArray<readonly [number, number]> | undefined>) {
    this.active = new Int32Array(ranges.length);
    this.events = new Map();
    const add = (at: number, e: number) => {
      const list = this.events.get(at);
      if (list) list.push(e);
      else this.events.set(at, [e]);
    };
    ranges.forEach((list, j) => {
      if (!list) {
        this.active[j] = 1;
        return;
      }
      for (const [a, b] of list) {
        add(a, j + 1);
        add(b + 1, -(j + 1));
      }
    });
    const cuts = new Set<number>([MIN_PORT, MAX_PORT + 1]);
    for (const at of this.events.keys()) cuts.add(at);
    this.bounds = [...cuts].sort((a, b) => a - b);
    this.count = this.bounds.length - 1;
  }

  /** Moves to interval k (after k - 1). */
  enter(k: number): void {
    const list = this.events.get(this.bounds[k]);
    if (!list) return;
    for (const e of list) {
      if (e > 0) this.active[e - 1]++;
      else this.active[-e - 1]--;
    }
  }
}
