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
import { MAX_PROTOCOL, hasPorts } from "../core/protocol";
import { Cell, PairView, ServiceSet } from "./pair-space";

/** One slice of a space for one protocol: ports lo–hi (0–0 for a protocol without ports) allow `allowed`. */
interface PortSlice {
  readonly lo: number;
  readonly hi: number;
  readonly allowed: AddressSet;
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
      if (s.ports === null) list.push({ lo: 0, hi: 0, allowed: s.allowed });
      else for (const [lo, hi] of s.ports.ranges) list.push({ lo, hi, allowed: s.allowed });
    }
    for (const list of this.byProtocol.values()) list.sort((a, b) => a.lo - b.lo);
    this.otherPorted = [{ lo: MIN_PORT, hi: MAX_PORT, allowed: rest }];
    this.otherPlain = [{ lo: 0, hi: 0, allowed: rest }];
  }

  /** The slices of a protocol, as `AllowedSpace.slicesFor` gives them. */
  slicesFor(protocol: number): readonly PortSlice[] {
    return this.byProtocol.get(protocol) ?? (hasPorts(protocol) ? this.otherPorted : this.otherPlain);
  }
}

const profiles = new WeakMap<AllowedSpace, SpaceProfile>();

function profileOf(space: AllowedSpace): SpaceProfile {
  let p = profiles.get(space);
  if (!p) profiles.set(space, (p = new SpaceProfile(space)));
  return p;
}

/** The part of a pair end's addresses that a slice allows, and whether that is all of them. */
interface Restricted {
  readonly set: AddressSet;
  readonly full: boolean;
}

/** `end ∩ allowed`, with the usual cases (a single address, every address) done without set arithmetic. */
function restrict(end: AddressSet, allowed: AddressSet): Restricted {
  if (allowed.isAll) return { set: end, full: true };
  if (end.isAll) return { set: allowed, full: false };
  const iv = end.intervals;
  if (iv.length === 1 && iv[0][0] === iv[0][1]) {
    return allowed.has(iv[0][0]) ? { set: end, full: true } : { set: allowed.intersect(end), full: false };
  }
  const set = end.intersect(allowed);
  return { set, full: set.equals(end) };
}

const FULL_SLICE = (version: 4 | 6): readonly PortSlice[] => [{ lo: MIN_PORT, hi: MAX_PORT, allowed: AddressSet.all(version) }];
const FULL_PLAIN = (version: 4 | 6): readonly PortSlice[] => [{ lo: 0, hi: 0, allowed: AddressSet.all(version) }];

/** What `contentOf` needs of a pair: services, completeness and the first allowed cell with its products. */
export interface PairFlows {
  readonly services: ServiceSet;
  readonly complete: boolean;
  /** The first non-empty cell (by protocol class, then port) and the allowed sources and destinations on it. */
  readonly first: { readonly cell: Cell; readonly src: AddressSet; readonly dst: AddressSet };
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
  const named = new Set<number>();
  for (const p of e?.named ?? []) named.add(p);
  for (const p of i?.named ?? []) named.add(p);
  const classes: Array<[number | null, number]> = [...named].sort((a, b) => a - b).map((p) => [p, p]);
  for (let p = 0; p <= MAX_PROTOCOL; p++) {
    if (!named.has(p)) {
      classes.push([null, p]);
      break;
    }
  }
  const services = new ServiceSet(named);
  let complete = true;
  let first: PairFlows["first"] | undefined;
  for (const [klass, protocol] of classes) {
    const ported = hasPorts(protocol);
    const es = e ? e.slicesFor(protocol) : ported ? FULL_SLICE(view.version) : FULL_PLAIN(view.version);
    const is = i ? i.slicesFor(protocol) : ported ? FULL_SLICE(view.version) : FULL_PLAIN(view.version);
    const ranges: Array<[number, number]> = [];
    let a = 0;
    let b = 0;
    let lo = ported ? MIN_PORT : 0;
    let eRes: Restricted | undefined;
    let iRes: Restricted | undefined;
    let eAt = -1;
    let iAt = -1;
    while (a < es.length && b < is.length) {
      const hi = Math.min(es[a].hi, is[b].hi);
      if (eAt !== a) {
        eRes = restrict(view.dst, es[a].allowed);
        eAt = a;
      }
      if (iAt !== b) {
        iRes = restrict(view.src, is[b].allowed);
        iAt = b;
      }
      if (!eRes!.set.isEmpty && !iRes!.set.isEmpty) {
        if (!eRes!.full || !iRes!.full) complete = false;
        const last = ranges[ranges.length - 1];
        if (last && last[1] + 1 === lo) last[1] = hi;
        else ranges.push([lo, hi]);
        first ??= { cell: { klass, protocol, ...(ported ? { ports: [lo, hi] as const } : {}) }, src: iRes!.set, dst: eRes!.set };
      }
      if (es[a].hi === hi) a++;
      if (is[b].hi === hi) b++;
      lo = hi + 1;
    }
    if (ranges.length > 0) services.addPorts(klass, ported ? PortSet.of(ranges) : PortSet.ALL);
  }
  return first ? { services, complete, first } : undefined;
}
