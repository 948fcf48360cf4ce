/**
 * The difference between two versions of a network: the flows whose verdict changed (newly
 * allowed, newly denied), grouped by ends and services, each group with one example flow and
 * the rules that decided it before and after. The review of a change before it reaches
 * production.
 *
 * Exact: for every pair of ends the allowed spaces of both versions are cut into common cells
 * (a protocol, or the class of protocols no rule names, times a port interval); on each cell the
 * allowed flows of a version are a product (sources the destination admits) × (destinations the
 * source lets out), and the changed flows are the difference of the two products, written as at
 * most two products "these sources × these destinations" (pair-space.ts). Groups collect the
 * cells with the same ends and address blocks.
 *
 * The flows compared, for each IP version:
 * - between two instances (both directions of every pair, matched by Terraform address), from
 *   and to the instances' own addresses (their fixed IPs; without one, every address of the
 *   subnet), with NICs and VPC isolation as core's `checkReach` judges them;
 * - between an instance and every address outside the model: every address of the version
 *   except the fixed IPs of the instances of either version (those are instances, compared as
 *   such). An end outside the model has no security group: only the instance side decides.
 * An instance of one version only has no flows in the other: they count as denied there.
 * Virtual IPs and forwarded traffic (an instance sending from another address) are not compared.
 */
import { AddressSet } from "../core/address-set";
import { HwsgError } from "../core/errors";
import { Verdict, evaluateFlow } from "../core/evaluator";
import { Flow, describeFlow } from "../core/flow";
import { IpVersion } from "../core/ip";
import { Instance, Network } from "../core/network";
import { Service } from "./matrix";
import { MAX_LISTED_BLOCKS, externalLabel } from "./external-label";
import { MemberTraits, traitsOf } from "./member-text";
import { ServiceSet, compareServices } from "./service-set";
import {
  Cell,
  PairView,
  Product,
  allowedOn,
  compareBig,
  compareText,
  exampleAddress,
  fixedAddresses,
  flowOf,
  inboundPair,
  instancePair,
  outboundPair,
  refine,
} from "./pair-space";

/** One end of a changed-flow group. */
export interface DiffEnd {
  /** `instance`: a modelled instance (matched across versions by Terraform address); `external`: addresses outside the model. */
  readonly kind: "instance" | "external";
  /**
   * The instance's Terraform address; for external ends `internet` when the addresses are every
   * public address outside the model (core/internet.ts), else the CIDR blocks joined by ", "
   * (ending `and N more blocks` when `omittedBlocks` is set).
   */
  readonly id: string;
  /**
   * For external ends, the address blocks (CIDR text, ascending), at most 64: the fewest blocks
   * whose addresses outside the model are exactly the end's (the model's own fixed IPs, never
   * external, may be inside a block: `0.0.0.0/0` stands for every address but the instances').
   * Empty for instances.
   */
  readonly addresses: readonly string[];
  /**
   * When the end's blocks are more than 64: how many blocks its list (`addresses`, or
   * `instanceAddresses`) leaves out — the highest ones. Absent otherwise.
   */
  readonly omittedBlocks?: number;
  /**
   * For an instance without a fixed IP (it stands for every address of its subnet, or of the IP
   * version when the subnet's block is not known) when the group's flows come from (or go to)
   * only some of those addresses: the blocks of those addresses (CIDR text, ascending, at most
   * 64, see `omittedBlocks`). Absent otherwise.
   */
  readonly instanceAddresses?: readonly string[];
  /**
   * For a member: its Terraform type (`huaweicloud_rds_instance`), in the version after the change
   * when it exists there. Absent for external ends.
   */
  readonly memberKind?: string;
  /** For an attached interface or port: the member it is a NIC of. Absent otherwise. */
  readonly attachedTo?: string;
  /** For a member standing for those a resource launches at run time: true. Absent otherwise. */
  readonly launched?: boolean;
}

/** A group of flows whose verdict changed the same way between the same ends. */
export interface FlowChangeGroup {
  readonly change: "newly-allowed" | "newly-denied";
  readonly version: IpVersion;
  readonly from: DiffEnd;
  readonly to: DiffEnd;
  /**
   * The services whose verdict changed between these ends: every flow from an address of `from`
   * to an address of `to` on one of these services changed, and the group holds no other flow.
   */
  readonly services: readonly Service[];
  /**
   * One flow of the group (its first cell's protocol and lowest port, the lowest addresses), as
   * `describeFlow` prints it in the version that allows it (after for newly allowed, before for
   * newly denied). Its verdicts in the two versions are checked to differ.
   */
  readonly example: string;
  /**
   * The deciding rule (`evaluateFlow`'s `rule`, a Terraform address) of the example flow before,
   * and after; null for the default deny, for VPCs that are not connected, and in a version
   * where an end of the flow does not exist.
   */
  readonly ruleBefore: string | null;
  readonly ruleAfter: string | null;
}

/** What changed between two networks. */
export interface NetworkDiff {
  /** Flows denied before (or not existing) and allowed after, ordered by from, to, first service, version. */
  readonly newlyAllowed: readonly FlowChangeGroup[];
  /** Flows allowed before and denied after (or no longer existing), in the same order. */
  readonly newlyDenied: readonly FlowChangeGroup[];
  /**
   * Instances only in the before / only in the after version, by Terraform address, sorted. Their
   * flows count as denied in the version without them, so what a new instance opens (or a
   * removed one closed) is listed among the groups.
   */
  readonly removedInstances: readonly string[];
  readonly addedInstances: readonly string[];
}

/** Options of `diffNetworks`. */
export interface DiffOptions {
  /**
   * The IP version of the flows compared.
   * @default both: IPv4, then IPv6
   */
  readonly version?: IpVersion;
}

type Change = FlowChangeGroup["change"];

/** One end of a pair, across both versions. */
type EndRef =
  | {
      readonly kind: "instance";
      readonly id: string;
      /**
       * Whether the end is one address in every version that has the pair (its fixed IP): then its
       * flows are the instance's whatever the address, and the address is not compared (a changed
       * fixed IP changes no flow by itself). Otherwise addresses are compared one by one.
       */
      readonly identity: boolean;
      /** What reports show of the member besides its address (its kind…), from the version after the change when it is there. */
      readonly traits: MemberTraits;
    }
  | { readonly kind: "external"; /** Every address outside the model. */ readonly universe: AddressSet };

/** The flows between two ends in both versions. */
interface Pair {
  readonly version: IpVersion;
  readonly from: EndRef;
  readonly to: EndRef;
  /** The flows in each version; undefined when an end does not exist in it (no flows there). */
  readonly before?: PairView;
  readonly after?: PairView;
}

/** A change group being collected: these sources × these destinations on these cells. */
interface Pending {
  readonly change: Change;
  readonly pair: Pair;
  /** Sources and destinations in the pair's coordinates (a one-address token for identity ends). */
  readonly src: AddressSet;
  readonly dst: AddressSet;
  readonly services: ServiceSet;
  readonly first: Cell;
}

/** A finished group with what it is sorted by. */
interface Finished {
  readonly group: FlowChangeGroup;
  readonly pending: Pending;
}

/** The one address standing for an identity end. */
const token = (version: IpVersion): AddressSet => AddressSet.single(version, 0n);

/** The allowed flows of a cell in one version, in the pair's coordinates. */
function project(pair: Pair, view: PairView | undefined, cell: Cell): Product {
  const none = AddressSet.empty(pair.version);
  if (!view) return { src: none, dst: none };
  const p = allowedOn(view, cell);
  if (p.src.isEmpty || p.dst.isEmpty) return { src: none, dst: none };
  const coords = (end: EndRef, set: AddressSet) => (end.kind === "instance" && end.identity ? token(pair.version) : set);
  return { src: coords(pair.from, p.src), dst: coords(pair.to, p.dst) };
}

/** The flows of `x` that are not in `y`, as at most two products. */
function minus(x: Product, y: Product): Product[] {
  const out: Product[] = [];
  const first = { src: x.src.subtract(y.src), dst: x.dst };
  if (!first.src.isEmpty && !first.dst.isEmpty) out.push(first);
  const second = { src: x.src.intersect(y.src), dst: x.dst.subtract(y.dst) };
  if (!second.src.isEmpty && !second.dst.isEmpty) out.push(second);
  return out;
}

const endKey = (end: EndRef): string => (end.kind === "instance" ? `i:${end.id}` : "x");
const setKey = (set: AddressSet): string => set.intervals.map(([a, b]) => `${a}-${b}`).join(",");

/** Compares the flows of one pair in both versions and adds the changes to the groups. */
function comparePair(pair: Pair, groups: Map<string, Pending>): void {
  if (!pair.before && !pair.after) return;
  const { named, cells } = refine([pair.before?.egress, pair.before?.ingress, pair.after?.egress, pair.after?.ingress]);
  for (const cell of cells) {
    const was = project(pair, pair.before, cell);
    const now = project(pair, pair.after, cell);
    for (const [change, x, y] of [["newly-allowed", now, was], ["newly-denied", was, now]] as const) {
      for (const r of minus(x, y)) {
        const key = `${change}|${pair.version}|${endKey(pair.from)}|${endKey(pair.to)}|${setKey(r.src)}|${setKey(r.dst)}`;
        let group = groups.get(key);
        if (!group) {
          group = { change, pair, src: r.src, dst: r.dst, services: new ServiceSet(named), first: cell };
          groups.set(key, group);
        }
        group.services.add(cell);
      }
    }
  }
}

/** The flow of a group's example in one version, or undefined when it does not exist there. */
function concreteFlow(view: PairView | undefined, cell: Cell, src: bigint | undefined, dst: bigint | undefined): Flow | undefined {
  if (!view) return undefined;
  const s = src ?? view.src.first();
  const d = dst ?? view.dst.first();
  if (s === undefined || d === undefined || !view.src.has(s) || !view.dst.has(d)) return undefined;
  return flowOf(view, cell, s, d);
}

/**
 * A group's end as reported. An instance end that is not one address lists the addresses of
 * the group unless they are every address it may have in either version (`universe`).
 */
function diffEnd(end: EndRef, set: AddressSet, universe: AddressSet): DiffEnd {
  if (end.kind === "external") {
    const label = externalLabel(set, end.universe);
    return { kind: "external", id: label.id, addresses: label.addresses, ...(label.omittedBlocks ? { omittedBlocks: label.omittedBlocks } : {}) };
  }
  if (end.identity || set.equals(universe)) return { kind: "instance", id: end.id, addresses: [], ...end.traits };
  const blocks = set.toCidrs();
  const omitted = Math.max(0, blocks.length - MAX_LISTED_BLOCKS);
  return { kind: "instance", id: end.id, addresses: [], instanceAddresses: blocks.slice(0, MAX_LISTED_BLOCKS), ...(omitted ? { omittedBlocks: omitted } : {}), ...end.traits };
}

/** Every address an end of a pair may have in either version. */
function universeOf(pair: Pair, side: "src" | "dst"): AddressSet {
  return [pair.before, pair.after].reduce((u, v) => (v ? u.union(v[side]) : u), AddressSet.empty(pair.version));
}

/** Builds a group's report: its ends, services and an example flow whose verdict is checked to change. */
function finish(p: Pending): Finished {
  const { pair, change } = p;
  const identity = (end: EndRef) => end.kind === "instance" && end.identity;
  const src = identity(pair.from) ? undefined : exampleAddress(p.src);
  const dst = identity(pair.to) ? undefined : exampleAddress(p.dst);
  const verdictIn = (view: PairView | undefined): Verdict | undefined => {
    const flow = concreteFlow(view, p.first, src, dst);
    return flow ? evaluateFlow(view!.network, flow) : undefined;
  };
  const before = verdictIn(pair.before);
  const after = verdictIn(pair.after);
  const [allowed, denied] = change === "newly-allowed" ? [after, before] : [before, after];
  if (!allowed || allowed.verdict !== "allow" || (denied && denied.verdict !== "deny")) {
    throw new HwsgError(`internal error: the diff's example flow did not change verdict (${change}): ${allowed?.reason ?? "no flow"} / ${denied?.reason ?? "no flow"}`);
  }
  const group: FlowChangeGroup = {
    change,
    version: pair.version,
    from: diffEnd(pair.from, p.src, universeOf(pair, "src")),
    to: diffEnd(pair.to, p.dst, universeOf(pair, "dst")),
    services: p.services.toServices(),
    example: describeFlow(allowed.flow),
    ruleBefore: before?.rule ?? null,
    ruleAfter: after?.rule ?? null,
  };
  return { group, pending: p };
}

/** Orders ends: instances (by id) before external addresses (by lowest address). */
function compareEnds(a: EndRef, aSet: AddressSet, b: EndRef, bSet: AddressSet): number {
  if (a.kind !== b.kind) return a.kind === "instance" ? -1 : 1;
  const byId = a.kind === "instance" && b.kind === "instance" ? compareText(a.id, b.id) : 0;
  return byId || compareBig(aSet.first() ?? 0n, bSet.first() ?? 0n) || compareBig(aSet.size, bSet.size);
}

function compareFinished(x: Finished, y: Finished): number {
  const a = x.pending;
  const b = y.pending;
  return (
    compareEnds(a.pair.from, a.src, b.pair.from, b.src) ||
    compareEnds(a.pair.to, a.dst, b.pair.to, b.dst) ||
    compareServices(x.group.services, y.group.services) ||
    a.pair.version - b.pair.version ||
    compareText(JSON.stringify(x.group), JSON.stringify(y.group))
  );
}

/** The modelled (non-hypothetical) instances of a network by id. */
function realInstances(network: Network): Map<string, Instance> {
  return new Map([...network.instances.values()].filter((i) => !i.hypothetical).map((i) => [i.id, i]));
}

/** Whether an end is one address in every version that has the pair. */
function singleAddress(views: ReadonlyArray<PairView | undefined>, side: "src" | "dst"): boolean {
  return views.every((v) => v === undefined || v[side].size === 1n);
}

/**
 * The flows whose verdict changed between two versions of a network (newly allowed, newly
 * denied), exactly: grouped by ends ("these addresses × these services"), each group with an
 * example flow whose verdict really differs and the rules that decided it before and after.
 * Instances are matched by Terraform address; see the module documentation for the flows
 * compared.
 *
 * @param options the IP version (`version`, default: both IPv4 and IPv6)
 * @throws HwsgError (internal error) if an example flow's verdicts do not differ
 */
export function diffNetworks(before: Network, after: Network, options: DiffOptions = {}): NetworkDiff {
  const was = realInstances(before);
  const now = realInstances(after);
  const ids = [...new Set([...was.keys(), ...now.keys()])].sort(compareText);
  const groups = new Map<string, Pending>();
  for (const version of options.version ? [options.version] : ([4, 6] as const)) {
    const outside = AddressSet.all(version).subtract(fixedAddresses(before, version).union(fixedAddresses(after, version)));
    const external: EndRef = { kind: "external", universe: outside };
    const ref = (id: string, views: Array<PairView | undefined>, side: "src" | "dst"): EndRef => ({
      kind: "instance",
      id,
      identity: singleAddress(views, side),
      traits: traitsOf((now.get(id) ?? was.get(id))!),
    });
    for (const id of ids) {
      const [b, a] = [was.get(id), now.get(id)];
      const inbound = [b && inboundPair(before, outside, b, version), a && inboundPair(after, outside, a, version)];
      comparePair({ version, from: external, to: ref(id, inbound, "dst"), before: inbound[0], after: inbound[1] }, groups);
      const outbound = [b && outboundPair(before, b, outside, version), a && outboundPair(after, a, outside, version)];
      comparePair({ version, from: ref(id, outbound, "src"), to: external, before: outbound[0], after: outbound[1] }, groups);
    }
    for (const x of ids) {
      for (const y of ids) {
        // An instance and its attached interfaces are one machine: security groups do not filter its traffic to itself.
        if (x === y || before.sameMachine(x, y) || after.sameMachine(x, y)) continue;
        const [bx, by, ax, ay] = [was.get(x), was.get(y), now.get(x), now.get(y)];
        const views = [bx && by && instancePair(before, bx, by, version), ax && ay && instancePair(after, ax, ay, version)];
        comparePair({ version, from: ref(x, views, "src"), to: ref(y, views, "dst"), before: views[0], after: views[1] }, groups);
      }
    }
  }
  const finished = [...groups.values()].map(finish).sort(compareFinished);
  return {
    newlyAllowed: finished.filter((f) => f.group.change === "newly-allowed").map((f) => f.group),
    newlyDenied: finished.filter((f) => f.group.change === "newly-denied").map((f) => f.group),
    removedInstances: [...was.keys()].filter((id) => !now.has(id)).sort(compareText),
    addedInstances: [...now.keys()].filter((id) => !was.has(id)).sort(compareText),
  };
}
