/**
 * Internal machinery of the reachability matrix (matrix.ts) and the network diff (diff.ts); not
 * part of the public API. It works on the allowed spaces of core/allowed-space.ts:
 *
 * - the ends of a pair as core's `checkReach` resolves them (which NICs, which addresses, whether
 *   the VPCs are connected, how `remote_group_id` rules judge the other end);
 * - the common refinement of several allowed spaces into cells (a protocol, or the class of every
 *   protocol none of them names, times a port interval) on which every space is constant;
 * - the flows a pair allows on a cell: since the source's egress looks only at the destination
 *   address and the destination's ingress only at the source address, they are exactly the
 *   product (allowed sources) × (allowed destinations);
 * - sets of (protocol, port) and their canonical compression into `Service` lists;
 * - CIDR blocks and labels for sets of external addresses.
 */
import { AddressSet } from "../core/address-set";
import { AllowedSpace, RemoteMembership, allowedSpace } from "../core/allowed-space";
import { flavorFamily, rulesAtInstance } from "../core/effective-rules";
import { HwsgError } from "../core/errors";
import { Flow, FlowEnd } from "../core/flow";
import { IpVersion } from "../core/ip";
import { Instance, Network } from "../core/network";
import { MAX_PORT, MIN_PORT } from "../core/port-set";
import { hasPortSpace } from "../core/icmp";
import { MAX_PROTOCOL } from "../core/protocol";
import { Direction } from "../core/rule";

/** Code-unit order of two strings (locale-independent, so output is the same everywhere). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Order of two bigints. */
export function compareBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Ends of a pair, as checkReach resolves them

/**
 * The addresses an instance's NIC sends from and is reached at: its private fixed IP, else (not
 * known) every address of its subnet (IPv4, when the subnet's block is known), else every
 * address of the version. As `checkReach` resolves an instance end.
 */
export function nicAddresses(network: Network, instance: Instance, nicIndex: number, version: IpVersion): AddressSet {
  let perNetwork = nicAddressCache.get(network);
  if (!perNetwork) nicAddressCache.set(network, (perNetwork = new Map()));
  let perInstance = perNetwork.get(instance);
  if (!perInstance) perNetwork.set(instance, (perInstance = []));
  const slot = nicIndex * 2 + (version === 4 ? 0 : 1);
  return (perInstance[slot] ??= computeNicAddresses(network, instance, nicIndex, version));
}

/** The same AddressSet object for the same NIC and version: it keys memos by identity. */
const nicAddressCache = new WeakMap<Network, Map<Instance, AddressSet[]>>();

function computeNicAddresses(network: Network, instance: Instance, nicIndex: number, version: IpVersion): AddressSet {
  const nic = instance.nics[nicIndex];
  if (!nic) throw new HwsgError(`${instance.id} has no network[${nicIndex}]`);
  const fixed = version === 4 ? nic.fixedIpV4 : nic.fixedIpV6;
  if (fixed !== undefined) return AddressSet.single(version, fixed);
  const subnet = nic.subnetId !== undefined ? network.subnets.get(nic.subnetId) : undefined;
  return version === 4 && subnet?.cidr ? subnet.cidr : AddressSet.all(version);
}

/** Every private fixed IP of an instance (all NICs) of a version. */
export function ownAddresses(instance: Instance, version: IpVersion): AddressSet {
  return AddressSet.fromIntervals(version, instance.nics.flatMap((n) => {
    const ip = version === 4 ? n.fixedIpV4 : n.fixedIpV6;
    return ip === undefined ? [] : [[ip, ip] as const];
  }));
}

/** Every private fixed IP of a version of every instance of a network. */
export function fixedAddresses(network: Network, version: IpVersion): AddressSet {
  return AddressSet.fromIntervals(version, [...network.instances.values()].flatMap((i) => ownAddresses(i, version).intervals));
}

/**
 * The NICs a flow between two instances uses: the first pair in the same VPC, else the first in
 * connected (or unknown) VPCs, else the first pair (README: "Between two instances the NICs chosen
 * are the first pair in the same VPC (else in peered VPCs)", as `checkReach`).
 */
export function nicPair(network: Network, a: Instance, b: Instance): [number, number] {
  let joined: [number, number] | undefined;
  for (let i = 0; i < a.nics.length; i++) {
    for (let j = 0; j < b.nics.length; j++) {
      const x = network.vpcOf(a.nics[i]);
      const y = network.vpcOf(b.nics[j]);
      if (x !== undefined && x === y) return [i, j];
      if (!joined && (x === undefined || y === undefined || network.vpcsConnected(x, y))) joined = [i, j];
    }
  }
  return joined ?? [0, 0];
}

/** Whether two NICs can exchange traffic: VPCs unknown, the same, or peered. */
export function nicsConnected(network: Network, a: Instance, i: number, b: Instance, j: number): boolean {
  const x = network.vpcOf(a.nics[i]);
  const y = network.vpcOf(b.nics[j]);
  return x === undefined || y === undefined || network.vpcsConnected(x, y);
}

/** The groups that the effective rules of an instance's direction and version name as remote. */
export function referencedGroups(network: Network, instance: Instance, direction: Direction, version: IpVersion): ReadonlySet<string> {
  const key = `analysis|remote-groups|${instance.id}|${direction}|${version}`;
  let set = network.cache.get(key) as Set<string> | undefined;
  if (!set) {
    set = new Set<string>();
    for (const { rule, ineffective } of rulesAtInstance(network, instance, direction, version)) {
      if (!ineffective && rule.remote.kind === "group") set.add(rule.remote.groupId);
    }
    network.cache.set(key, set);
  }
  return set;
}

/**
 * The allowed space of an instance toward another end: `other` an instance sending from (or
 * reached at) its fixed IP, so `remote_group_id` rules match it by membership; undefined for an
 * end outside the model, matched by address (`by-address`), as `checkReach` does.
 *
 * Two exact savings: the membership is cut down to the groups the rules name (the others cannot
 * change the space), and instances with the same groups in the same order and the same flavor
 * family share one space (nothing else of the instance enters `rulesAtInstance`).
 */
export function spaceToward(network: Network, instance: Instance, direction: Direction, version: IpVersion, other: Instance | undefined): AllowedSpace {
  // Per instance, direction and version: the space toward an outside end, toward an instance in
  // none of the named groups, and toward each other membership seen — no string work in the usual case.
  let perNetwork = towardCache.get(network);
  if (!perNetwork) towardCache.set(network, (perNetwork = new Map()));
  const slot = (direction === "ingress" ? 0 : 1) + (version === 4 ? 0 : 2);
  let perInstance = perNetwork.get(instance);
  if (!perInstance) perNetwork.set(instance, (perInstance = []));
  let known = perInstance[slot];
  if (!known) perInstance[slot] = known = { named: referencedGroups(network, instance, direction, version), byMembership: new Map() };
  let memKey = "@addr";
  if (other) {
    memKey = "";
    const ids = other.securityGroupIds;
    if (ids.length === 1) {
      // One group (every stand-in): the key is that group or nothing, without building a list.
      if (known.named.has(ids[0])) memKey = ids[0];
    } else for (let k = 0; k < ids.length; k++) {
      if (known.named.has(ids[k])) {
        memKey = [...new Set(ids.filter((g) => known!.named.has(g)))].sort(compareText).join(",");
        break;
      }
    }
  }
  let space = known.byMembership.get(memKey);
  if (!space) {
    space = sharedSpaceToward(network, instance, direction, version, other);
    known.byMembership.set(memKey, space);
  }
  return space;
}

/** Per network and instance, by slot (ingress/egress × IPv4/IPv6): the groups its rules name and its spaces by membership key. */
const towardCache = new WeakMap<Network, Map<Instance, Array<{ named: ReadonlySet<string>; byMembership: Map<string, AllowedSpace> }>>>();

/** `spaceToward` without the per-instance memo: shared by instances with the same groups and flavor family. */
function sharedSpaceToward(network: Network, instance: Instance, direction: Direction, version: IpVersion, other: Instance | undefined): AllowedSpace {
  let membership: RemoteMembership = "by-address";
  if (other) {
    const named = referencedGroups(network, instance, direction, version);
    membership = new Set(other.securityGroupIds.filter((g) => named.has(g)));
  }
  const memKey = membership === "by-address" ? "@addr" : [...membership].sort(compareText).join(",");
  const signature = `${flavorFamily(instance.flavor) ?? ""}|${[...new Set(instance.securityGroupIds)].join(",")}`;
  const key = `analysis|space|${signature}|${direction}|${version}|${memKey}`;
  let space = network.cache.get(key) as AllowedSpace | undefined;
  if (!space) {
    space = allowedSpace(network, instance, direction, version, membership);
    network.cache.set(key, space);
  }
  return space;
}

// ---------------------------------------------------------------------------------------------
// Cells: the common refinement of allowed spaces

/** A protocol (or the class of protocols no space names) times a port interval. */
export interface Cell {
  /** The protocol number, or null for the class of every protocol none of the spaces names. */
  readonly klass: number | null;
  /** A protocol of the cell to evaluate and build flows with: the protocol, or the lowest of the class. */
  readonly protocol: number;
  /** The destination ports, for tcp and udp (the whole 1-65535 for the class); undefined for other protocols. */
  readonly ports?: readonly [number, number];
}

/** A refinement: the protocols some space names, and the cells, by protocol then port. */
export interface Refinement {
  readonly named: ReadonlySet<number>;
  readonly cells: readonly Cell[];
}

/**
 * The coarsest cells on which every space is constant: for each protocol some space names, the
 * port intervals between the spaces' slice boundaries; then one cell for every other protocol
 * (they all behave as "a protocol no rule names": matched only by all-protocol rules).
 */
export function refine(spaces: ReadonlyArray<AllowedSpace | undefined>): Refinement {
  const present = spaces.filter((s): s is AllowedSpace => s !== undefined);
  const named = new Set<number>();
  for (const s of present) for (const p of s.namedProtocols) named.add(p);
  const classes: Array<[number | null, number]> = [...named].sort((a, b) => a - b).map((p) => [p, p]);
  for (let p = 0; p <= MAX_PROTOCOL; p++) {
    if (!named.has(p)) {
      classes.push([null, p]);
      break;
    }
  }
  const cells: Cell[] = [];
  for (const [klass, protocol] of classes) {
    if (!hasPortSpace(protocol)) {
      cells.push({ klass, protocol });
      continue;
    }
    const cuts = new Set<number>([MIN_PORT, MAX_PORT + 1]);
    for (const s of present) {
      for (const slice of s.slicesFor(protocol)) {
        for (const [a, b] of slice.ports?.ranges ?? []) {
          cuts.add(a);
          cuts.add(b + 1);
        }
      }
    }
    const bounds = [...cuts].sort((a, b) => a - b);
    for (let i = 0; i + 1 < bounds.length; i++) cells.push({ klass, protocol, ports: [bounds[i], bounds[i + 1] - 1] });
  }
  return { named, cells };
}

// ---------------------------------------------------------------------------------------------
// The flows of a pair on a cell

/** The flows between two ends in one network. */
export interface PairView {
  readonly network: Network;
  readonly version: IpVersion;
  /** The source instance and its NIC; undefined for an end outside the model. */
  readonly srcInstance?: { readonly instance: Instance; readonly nicIndex: number };
  readonly dstInstance?: { readonly instance: Instance; readonly nicIndex: number };
  /** The source's egress toward the destination; undefined when the source is outside the model (nothing checks it). */
  readonly egress?: AllowedSpace;
  /** The destination's ingress from the source; undefined when the destination is outside the model. */
  readonly ingress?: AllowedSpace;
  /** Every address the source may send from (the flows exist for these). */
  readonly src: AddressSet;
  /** Every address the destination may be reached at. */
  readonly dst: AddressSet;
  /** False when both ends are instances in VPCs that no peering joins: nothing is allowed. */
  readonly connected: boolean;
}

/** The allowed flows of a cell: every source of `src` reaches every destination of `dst`, and nothing else. */
export interface Product {
  readonly src: AddressSet;
  readonly dst: AddressSet;
}

/** The allowed flows of a pair on one cell (a product of address sets, possibly empty). */
export function allowedOn(view: PairView, cell: Cell): Product {
  if (!view.connected) return { src: AddressSet.empty(view.version), dst: AddressSet.empty(view.version) };
  const port = cell.ports?.[0];
  const src = view.ingress ? view.src.intersect(view.ingress.allowedFor(cell.protocol, port)) : view.src;
  const dst = view.egress ? view.dst.intersect(view.egress.allowedFor(cell.protocol, port)) : view.dst;
  return { src, dst };
}

/** The view of the flows from one instance to another (NICs and addresses as `checkReach` picks them). */
export function instancePair(network: Network, a: Instance, b: Instance, version: IpVersion): PairView {
  const [i, j] = nicPair(network, a, b);
  return {
    network,
    version,
    srcInstance: { instance: a, nicIndex: i },
    dstInstance: { instance: b, nicIndex: j },
    egress: spaceToward(network, a, "egress", version, b),
    ingress: spaceToward(network, b, "ingress", version, a),
    src: nicAddresses(network, a, i, version),
    dst: nicAddresses(network, b, j, version),
    connected: nicsConnected(network, a, i, b, j),
  };
}

/** The view of the flows from addresses outside the model to an instance (its first NIC, as `checkReach`). */
export function inboundPair(network: Network, addresses: AddressSet, b: Instance, version: IpVersion): PairView {
  return {
    network,
    version,
    dstInstance: { instance: b, nicIndex: 0 },
    ingress: spaceToward(network, b, "ingress", version, undefined),
    src: addresses,
    dst: nicAddresses(network, b, 0, version),
    connected: true,
  };
}

/** The view of the flows from an instance (its first NIC) to addresses outside the model. */
export function outboundPair(network: Network, a: Instance, addresses: AddressSet, version: IpVersion): PairView {
  return {
    network,
    version,
    srcInstance: { instance: a, nicIndex: 0 },
    egress: spaceToward(network, a, "egress", version, undefined),
    src: nicAddresses(network, a, 0, version),
    dst: addresses,
    connected: true,
  };
}

/** One flow of a pair: a cell's protocol and first port, between two addresses. */
export function flowOf(view: PairView, cell: Cell, srcAddress: bigint, dstAddress: bigint): Flow {
  const end = (inst: PairView["srcInstance"], address: bigint): FlowEnd =>
    inst
      ? { kind: "instance", instanceId: inst.instance.id, nicIndex: inst.nicIndex, address, fromFixedIp: true }
      : { kind: "external", address };
  const port = hasPortSpace(cell.protocol) ? cell.ports![0] : undefined;
  return { version: view.version, protocol: cell.protocol, ...(port !== undefined ? { port } : {}), src: end(view.srcInstance, srcAddress), dst: end(view.dstInstance, dstAddress) };
}

/** "This network" / unspecified addresses, avoided as example addresses when possible. */
const UNSPECIFIED: Readonly<Record<IpVersion, AddressSet>> = { 4: AddressSet.parse("0.0.0.0/8"), 6: AddressSet.parse("::/128") };

/** An address of a non-empty set for an example flow: the lowest, skipping 0.0.0.0/8 and :: when the set has others. */
export function exampleAddress(set: AddressSet): bigint {
  const usual = set.subtract(UNSPECIFIED[set.version]);
  const a = (usual.isEmpty ? set : usual).first();
  if (a === undefined) throw new HwsgError("internal error: an example address of an empty set");
  return a;
}
