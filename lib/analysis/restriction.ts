/**
 * An allowed space restricted to one end of a pair (the addresses of the other end that the space
 * looks at): per protocol, sorted port slices saying which of the end's addresses the slice
 * allows — none, all of them, or some (a set). Restrictions are interned: the space restricted to
 * any single address of one of its "address classes" (the addresses no slice tells apart) is one
 * object, found by a binary search, and a restriction to a larger end (a subnet, every address)
 * is computed once per space and end. Two pairs whose restrictions are the same objects have the
 * same cell content, so the matrix keys its memo by the restrictions' numbers instead of by the
 * ends (a single address differs for every instance, so a memo by ends hardly ever hits).
 */
import { AddressSet } from "../core/address-set";
import { AllowedSpace } from "../core/allowed-space";
import { IpVersion, MAX_ADDRESS } from "../core/ip";
import { MAX_PORT, MIN_PORT } from "../core/port-set";
import { hasPorts } from "../core/protocol";

/** One slice of a restriction: ports lo–hi (0–0 for a protocol without ports) allow `set` of the end. */
export interface RestrictedSlice {
  readonly lo: number;
  readonly hi: number;
  /** The addresses of the end allowed, or null for every address of the end. */
  readonly set: AddressSet | null;
  /** Whether no address of the end is allowed. */
  readonly empty: boolean;
}

/** A space restricted to one end, interned (see the file comment). */
export class Restriction {
  /** A number unique among restrictions, to key memos. */
  readonly id: number = nextId++;
  /** Whether no slice allows any address of the end. */
  readonly empty: boolean;

  constructor(
    /** The protocols the space names, ascending (none for a missing space). */
    readonly named: readonly number[],
    private readonly byProtocol: ReadonlyMap<number, readonly RestrictedSlice[]>,
    private readonly otherPorted: readonly RestrictedSlice[],
    private readonly otherPlain: readonly RestrictedSlice[],
  ) {
    let empty = otherPlain[0].empty;
    for (const list of byProtocol.values()) for (const s of list) if (!s.empty) empty = false;
    this.empty = empty;
  }

  /** The slices of a protocol, ascending by port, as the space's `slicesFor` gives them. */
  slicesFor(protocol: number): readonly RestrictedSlice[] {
    return this.byProtocol.get(protocol) ?? (hasPorts(protocol) ? this.otherPorted : this.otherPlain);
  }
}

let nextId = 0;

/** Restrictions whose slices allow all or none of the end, by content (across spaces and networks). */
const interned = new Map<string, Restriction>();
/** Beyond this many interned restrictions the table starts again (identity only keys memos). */
const MAX_INTERNED = 100_000;

/** A slice as `build` makes it: with a text that is equal for equal verdicts. */
interface MadeSlice extends RestrictedSlice {
  readonly token: string;
}

/** Adjacent slices (consecutive ports) with the same verdict, merged. */
function mergeAdjacent(list: MadeSlice[]): MadeSlice[] {
  const out: MadeSlice[] = [];
  for (const s of list) {
    const last = out[out.length - 1];
    if (last && last.token === s.token && last.hi + 1 === s.lo) out[out.length - 1] = { ...last, hi: s.hi };
    else out.push(s);
  }
  return out;
}

/** A set's intervals as text (`=lo-hi,lo-hi` in hex). */
function setToken(set: AddressSet): string {
  let t = "=";
  for (const [a, b] of set.intervals) t += `${a.toString(16)}-${b.toString(16)},`;
  return t;
}

/** One slice of a space: ports lo–hi allow `allowed`. */
interface SpaceSlice {
  readonly lo: number;
  readonly hi: number;
  readonly allowed: AddressSet;
}

/** A space as sorted slices per protocol, with its address classes for single-address ends. */
class SpaceIndex {
  readonly named: readonly number[];
  /** Every slice: per named protocol (ascending ports), then the rest (ported, then plain). */
  private readonly slices: SpaceSlice[] = [];
  /** Per named protocol: the positions of its slices in `slices`. */
  private readonly layout: Array<[number, number, number]> = [];
  private readonly rest: number;
  /** Address classes: class k holds [bounds[k], bounds[k + 1] - 1]. */
  private bounds: bigint[] | undefined;
  private classes: Restriction[] | undefined;
  /** Restrictions to larger ends, by end key. */
  readonly byEnd = new Map<AddressSet | string, Restriction>();

  constructor(space: AllowedSpace) {
    this.named = [...space.namedProtocols].sort((a, b) => a - b);
    const byProtocol = new Map<number, SpaceSlice[]>();
    let rest = AddressSet.empty(space.version);
    for (const s of space.slices) {
      if (s.protocol === null) {
        rest = s.allowed;
        continue;
      }
      let list = byProtocol.get(s.protocol);
      if (!list) byProtocol.set(s.protocol, (list = []));
      if (s.ports === null) list.push({ lo: 0, hi: 0, allowed: s.allowed });
      else for (const [lo, hi] of s.ports.ranges) list.push({ lo, hi, allowed: s.allowed });
    }
    for (const [p, list] of byProtocol) {
      list.sort((a, b) => a.lo - b.lo);
      this.layout.push([p, this.slices.length, list.length]);
      this.slices.push(...list);
    }
    this.rest = this.slices.length;
    this.slices.push({ lo: MIN_PORT, hi: MAX_PORT, allowed: rest });
  }

  /**
   * Builds a restriction from one verdict per slice (same order as `slices`): adjacent slices
   * with the same verdict are merged, and the result is interned by content across spaces, so
   * pairs of different spaces share contents. (Merging moves no cell's first port, and the
   * matrix uses only that, so nothing it shows changes. A verdict is relative to the end — all
   * of it, none, or a strict part of it — so a restriction may stand for several ends.)
   */
  build(verdict: (s: SpaceSlice) => { set: AddressSet | null; empty: boolean }): Restriction {
    const made = this.slices.map((s) => {
      const v = verdict(s);
      return { lo: s.lo, hi: s.hi, set: v.set, empty: v.empty, token: v.set ? setToken(v.set) : v.empty ? "-" : "+" };
    });
    const byProtocol = new Map<number, RestrictedSlice[]>();
    let key = this.named.join(",");
    for (const [p, at, n] of this.layout) {
      const list = mergeAdjacent(made.slice(at, at + n));
      for (const m of list) key += `|${m.lo}${m.token}`;
      key += ";";
      byProtocol.set(p, list);
    }
    const rest = made[this.rest];
    key += rest.token;
    const known = interned.get(key);
    if (known) return known;
    const r = new Restriction(this.named, byProtocol, [rest], [{ lo: 0, hi: 0, set: rest.set, empty: rest.empty }]);
    if (interned.size >= MAX_INTERNED) interned.clear();
    interned.set(key, r);
    return r;
  }

  /** The restriction to one address: that of its address class. */
  single(address: bigint): Restriction {
    if (!this.bounds) this.buildClasses();
    const bounds = this.bounds!;
    let lo = 0;
    let hi = bounds.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (bounds[mid] <= address) lo = mid;
      else hi = mid - 1;
    }
    return this.classes![lo];
  }

  /** Cuts the address space at every bound of every slice's set; one restriction per distinct set of slices holding a class. */
  private buildClasses(): void {
    const version = this.slices[0].allowed.version;
    const cuts = new Set<bigint>([0n, maxOf(version) + 1n]);
    for (const s of this.slices) for (const [a, b] of s.allowed.intervals) { cuts.add(a); cuts.add(b + 1n); }
    const bounds = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const interned = new Map<string, Restriction>();
    const classes: Restriction[] = [];
    const pointers = new Int32Array(this.slices.length);
    for (let k = 0; k + 1 < bounds.length; k++) {
      const at = bounds[k];
      const holds: boolean[] = [];
      for (let j = 0; j < this.slices.length; j++) {
        const iv = this.slices[j].allowed.intervals;
        let p = pointers[j];
        while (p < iv.length && iv[p][1] < at) p++;
        pointers[j] = p;
        holds.push(p < iv.length && iv[p][0] <= at);
      }
      const key = holds.map((h) => (h ? "1" : "0")).join("");
      let r = interned.get(key);
      if (!r) {
        let j = 0;
        r = this.build(() => (holds[j++] ? FULL_VERDICT : EMPTY_VERDICT));
        interned.set(key, r);
      }
      classes.push(r);
    }
    this.bounds = bounds;
    this.classes = classes;
  }
}

const FULL_VERDICT = { set: null, empty: false } as const;
const EMPTY_VERDICT = { set: null, empty: true } as const;
const maxOf = (version: IpVersion): bigint => MAX_ADDRESS[version];

const indexes = new WeakMap<AllowedSpace, SpaceIndex>();

function indexOf(space: AllowedSpace): SpaceIndex {
  let x = indexes.get(space);
  if (!x) indexes.set(space, (x = new SpaceIndex(space)));
  return x;
}

/** The restriction of a missing space (an end outside the model: nothing checks it): every port allows the whole end. */
const UNCHECKED = new Restriction([], new Map(), [{ lo: MIN_PORT, hi: MAX_PORT, set: null, empty: false }], [{ lo: 0, hi: 0, set: null, empty: false }]);

/**
 * The space restricted to an end (a non-empty address set): for each slice, the end's addresses
 * it allows. `space` undefined (nothing checks that side) allows the whole end everywhere.
 */
export function restrictionOf(space: AllowedSpace | undefined, end: AddressSet): Restriction {
  if (!space) return UNCHECKED;
  const index = indexOf(space);
  const iv = end.intervals;
  if (iv.length === 1 && iv[0][0] === iv[0][1]) return index.single(iv[0][0]);
  const key = end.isAll ? "all" : end;
  let r = index.byEnd.get(key);
  if (!r) {
    r = index.build((s) => {
      if (s.allowed.isAll) return FULL_VERDICT;
      const set = end.intersect(s.allowed);
      if (set.isEmpty) return EMPTY_VERDICT;
      return set.equals(end) ? FULL_VERDICT : { set, empty: false };
    });
    index.byEnd.set(key, r);
  }
  return r;
}
