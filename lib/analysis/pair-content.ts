/**
 * The content of one matrix cell computed by merging two allowed spaces directly: each space is
 * turned once into sorted port slices per protocol (a `SpaceProfile`, memoized per space), and a
 * pair walks the two profiles side by side, so a pair costs about (slices of the egress + slices
 * of the ingress) — the same cells as pair-space.ts `refine` + `allowedOn` give, in the same
 * order, without cutting, sorting or scanning slices per cell.
 */
import { AddressSet } from "../core/address-set";
import { AllowedSpace } from "../core/allowed-space";
import { MAX_PORT, MIN_PORT, PortSet } from "../core/port-set";
import { hasPortSpace } from "../core/icmp";
import { MAX_PROTOCOL } from "../core/protocol";
import { Cell, PairView } from "./pair-space";
import { ServiceSet } from "./service-set";
import { Restriction } from "./restriction";

/** One slice of a space for one protocol: ports lo–hi (0–0 for a protocol without ports) allow `allowed`. */
interface PortSlice {
  readonly lo: number;
  readonly hi: number;
  readonly allowed: AddressSet;
  /** Whether `allowed` is every address. */
  readonly all: boolean;
}

/** A space as sorted slices per protocol. */
class SpaceProfile {
  readonly named: readonly number[];
  private readonly byProtocol = new Map<number, PortSlice[]>();
  private readonly otherPorted: PortSlice[];
  private readonly otherPlain: PortSlice[];

  constructor(space: AllowedSpace) {
    this.named = [...space.namedProtocols].sort((a, b) => a - b);
    let rest = AddressSet.empty(space.version);
    for (const s of space.slices) {
      if (s.protocol === null) {
        rest = s.allowed;
        continue;
      }
      let list = this.byProtocol.get(s.protocol);
      if (!list) this.byProtocol.set(s.protocol, (list = []));
      if (s.ports === null) list.push({ lo: 0, hi: 0, allowed: s.allowed, all: s.allowed.isAll });
      else for (const [lo, hi] of s.ports.ranges) list.push({ lo, hi, allowed: s.allowed, all: s.allowed.isAll });
    }
    for (const list of this.byProtocol.values()) list.sort((a, b) => a.lo - b.lo);
    this.otherPorted = [{ lo: MIN_PORT, hi: MAX_PORT, allowed: rest, all: rest.isAll }];
    this.otherPlain = [{ lo: 0, hi: 0, allowed: rest, all: rest.isAll }];
  }

  /** The slices of a protocol, as `AllowedSpace.slicesFor` gives them. */
  slicesFor(protocol: number): readonly PortSlice[] {
    return this.byProtocol.get(protocol) ?? (hasPortSpace(protocol) ? this.otherPorted : this.otherPlain);
  }
}

const profiles = new WeakMap<AllowedSpace, SpaceProfile>();

function profileOf(space: AllowedSpace): SpaceProfile {
  let p = profiles.get(space);
  if (!p) profiles.set(space, (p = new SpaceProfile(space)));
  return p;
}

/** How a pair end's addresses are restricted by slices: the common cases without set arithmetic. */
class EndRestriction {
  /** The part of the end a slice allows (valid after `apply`), and whether that is all of the end. */
  set: AddressSet;
  full = false;
  private readonly isAll: boolean;
  private readonly single: bigint | undefined;

  constructor(private readonly end: AddressSet) {
    this.set = end;
    this.isAll = end.isAll;
    const iv = end.intervals;
    this.single = iv.length === 1 && iv[0][0] === iv[0][1] ? iv[0][0] : undefined;
  }

  /** Restricts the end to what a slice allows: `end ∩ slice.allowed`. */
  apply(slice: PortSlice): void {
    if (slice.all) {
      this.set = this.end;
      this.full = true;
    } else if (this.isAll) {
      this.set = slice.allowed;
      this.full = false;
    } else if (this.single !== undefined) {
      this.full = slice.allowed.has(this.single);
      this.set = this.full ? this.end : EMPTY[this.end.version];
    } else {
      this.set = this.end.intersect(slice.allowed);
      this.full = this.set.equals(this.end);
    }
  }
}

const EMPTY = { 4: AddressSet.empty(4), 6: AddressSet.empty(6) } as const;
const ALL = { 4: AddressSet.all(4), 6: AddressSet.all(6) } as const;
const FULL_PORTED = { 4: [{ lo: MIN_PORT, hi: MAX_PORT, allowed: ALL[4], all: true }], 6: [{ lo: MIN_PORT, hi: MAX_PORT, allowed: ALL[6], all: true }] } as const;
const FULL_PLAIN = { 4: [{ lo: 0, hi: 0, allowed: ALL[4], all: true }], 6: [{ lo: 0, hi: 0, allowed: ALL[6], all: true }] } as const;

/** What `contentOf` needs of a pair: services, completeness and the first allowed cell with its products. */
export interface PairFlows {
  readonly services: ServiceSet;
  readonly complete: boolean;
  /** The first non-empty cell (by protocol class, then port) and the allowed sources and destinations on it. */
  readonly first: { readonly cell: Cell; readonly src: AddressSet; readonly dst: AddressSet };
}

/**
 * The protocol classes a pair of spaces distinguishes: each protocol either side names, then one
 * protocol standing for every protocol neither names (the class `null`), when there is one.
 */
function protocolClasses(a: Iterable<number>, b: Iterable<number>): { named: Set<number>; classes: Array<[number | null, number]> } {
  const named = new Set<number>([...a, ...b]);
  const classes: Array<[number | null, number]> = [...named].sort((x, y) => x - y).map((p) => [p, p]);
  for (let p = 0; p <= MAX_PROTOCOL; p++) {
    if (!named.has(p)) {
      classes.push([null, p]);
      break;
    }
  }
  return { named, classes };
}

/**
 * The allowed flows of a connected pair with non-empty ends, summarized: the services (as the
 * cells of `refine([egress, ingress])` with a non-empty `allowedOn` product would add them),
 * whether every cell's product is the whole of both ends, and the first such cell. Undefined when
 * no flow is allowed.
 */
export function pairFlows(view: PairView): PairFlows | undefined {
  const e = view.egress ? profileOf(view.egress) : undefined;
  const i = view.ingress ? profileOf(view.ingress) : undefined;
  const { named, classes } = protocolClasses(e?.named ?? [], i?.named ?? []);
  const services = new ServiceSet(named);
  let complete = true;
  let first: PairFlows["first"] | undefined;
  const src = new EndRestriction(view.src);
  const dst = new EndRestriction(view.dst);
  for (const [klass, protocol] of classes) {
    const ported = hasPortSpace(protocol);
    const es: readonly PortSlice[] = e ? e.slicesFor(protocol) : ported ? FULL_PORTED[view.version] : FULL_PLAIN[view.version];
    const is: readonly PortSlice[] = i ? i.slicesFor(protocol) : ported ? FULL_PORTED[view.version] : FULL_PLAIN[view.version];
    const ranges: Array<[number, number]> = [];
    let a = 0;
    let b = 0;
    let lo = ported ? MIN_PORT : 0;
    let eAt = -1;
    let iAt = -1;
    while (a < es.length && b < is.length) {
      const hi = Math.min(es[a].hi, is[b].hi);
      if (eAt !== a) {
        dst.apply(es[a]);
        eAt = a;
      }
      if (iAt !== b) {
        src.apply(is[b]);
        iAt = b;
      }
      if (!dst.set.isEmpty && !src.set.isEmpty) {
        if (!dst.full || !src.full) complete = false;
        const last = ranges[ranges.length - 1];
        if (last && last[1] + 1 === lo) last[1] = hi;
        else ranges.push([lo, hi]);
        first ??= { cell: { klass, protocol, ...(ported ? { ports: [lo, hi] as const } : {}) }, src: src.set, dst: dst.set };
      }
      if (es[a].hi === hi) a++;
      if (is[b].hi === hi) b++;
      lo = hi + 1;
    }
    if (ranges.length > 0) services.addPorts(klass, ported ? PortSet.of(ranges) : PortSet.ALL);
  }
  return first ? { services, complete, first } : undefined;
}

/** What `restrictedFlows` finds: as `PairFlows`, with null for "the whole end" in the first cell. */
export interface RestrictedFlows {
  readonly services: ServiceSet;
  readonly complete: boolean;
  /** The first non-empty cell and the allowed sources and destinations on it (null: every address of that end). */
  readonly first: { readonly cell: Cell; readonly src: AddressSet | null; readonly dst: AddressSet | null };
}

/**
 * `pairFlows` on restrictions: the egress restricted to the destination end and the ingress
 * restricted to the source end (restriction.ts). The same services, completeness and first cell
 * as `pairFlows` of the view they were restricted from; undefined when no flow is allowed.
 */
export function restrictedFlows(egress: Restriction, ingress: Restriction): RestrictedFlows | undefined {
  if (egress.empty || ingress.empty) return undefined;
  const { named, classes } = protocolClasses(egress.named, ingress.named);
  const services = new ServiceSet(named);
  let complete = true;
  let first: RestrictedFlows["first"] | undefined;
  for (const [klass, protocol] of classes) {
    const ported = hasPortSpace(protocol);
    const es = egress.slicesFor(protocol);
    const is = ingress.slicesFor(protocol);
    const ranges: Array<[number, number]> = [];
    let a = 0;
    let b = 0;
    let lo = ported ? MIN_PORT : 0;
    while (a < es.length && b < is.length) {
      const d = es[a];
      const s = is[b];
      const hi = Math.min(d.hi, s.hi);
      if (!d.empty && !s.empty) {
        if (d.set !== null || s.set !== null) complete = false;
        const last = ranges[ranges.length - 1];
        if (last && last[1] + 1 === lo) last[1] = hi;
        else ranges.push([lo, hi]);
        first ??= { cell: { klass, protocol, ...(ported ? { ports: [lo, hi] as const } : {}) }, src: s.set, dst: d.set };
      }
      if (d.hi === hi) a++;
      if (s.hi === hi) b++;
      lo = hi + 1;
    }
    if (ranges.length > 0) services.addPorts(klass, ported ? PortSet.of(ranges) : PortSet.ALL);
  }
  return first ? { services, complete, first } : undefined;
}
