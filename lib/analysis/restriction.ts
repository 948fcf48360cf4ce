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
import { RestrictedSlice, Restriction, RestrictionEnd, UNCHECKED } from "./restricted-slices";

export { Restriction, UNCHECKED, restrictionEnd } from "./restricted-slices";
export type { RestrictedSlice, RestrictionEnd } from "./restricted-slices";

/**
 * A verdict of a slice on an end, as a number: none of the end (0), all of it (1), or the part
 * that is the partial set numbered n (2 + n, `partialNumber`).
 */
const NONE = 0;
const ALL = 1;

/**
 * Interned restrictions (across spaces and networks), by a hash of their code: the named
 * protocols, then per named protocol its slices after merging adjacent ones with the same
 * verdict (first port and verdict each), then the verdict of every other protocol. Equal codes
 * are equal contents; a hash match is confirmed by comparing the codes.
 */
const interned = new Map<number, Restriction[]>();
let internedCount = 0;
/** Partial sets by their text (version and intervals), numbered for codes. */
const partialNumbers = new Map<string, number>();
/** Beyond this many interned restrictions the tables start again (identity only keys memos). */
const MAX_INTERNED = 100_000;

/** The number of a partial set, by content. */
function partialNumber(set: AddressSet): number {
  let t = `${set.version}=`;
  for (const [a, b] of set.intervals) t += `${a.toString(16)}-${b.toString(16)},`;
  let n = partialNumbers.get(t);
  if (n === undefined) partialNumbers.set(t, (n = partialNumbers.size));
  return n;
}

/** A 32-bit hash of the first n numbers of a code (FNV-1a over the numbers). */
function hashCode(code: Int32Array, n: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < n; i++) h = Math.imul(h ^ code[i], 0x01000193);
  return h >>> 0;
}

function sameCode(a: Int32Array, b: Int32Array, n: number): boolean {
  if (a.length !== n) return false;
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The scratch of `SpaceIndex.build` (shared: one build at a time): the code being made, and at
 * each verdict's place the last port of its merged slice. Grown when a space needs more.
 */
let scratchCode = new Int32Array(256);
let scratchHis = new Int32Array(256);

/** Two well-mixed 32-bit numbers per distinct set number, for the hashes of `buildClasses`. */
function mix(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) | 0;
}

/** One slice of a space: ports lo–hi allow `allowed`. */
interface SpaceSlice {
  readonly lo: number;
  readonly hi: number;
  readonly allowed: AddressSet;
}

/**
 * A space as sorted slices per protocol, with its address classes for single-address ends: what
 * restricting the space to an end needs, built once per space (`spaceIndex`).
 */
export class SpaceIndex {
  readonly named: readonly number[];
  /** Every slice: per named protocol (ascending ports), then the rest (ported, then plain). */
  private readonly slices: SpaceSlice[] = [];
  /** Per named protocol: the positions of its slices in `slices`. */
  private readonly layout: Array<[number, number, number]> = [];
  private readonly rest: number;
  /** The size of `build`'s scratch for this space. */
  private readonly codeSize: number;
  /**
   * Address classes: class k holds [bounds[k], bounds[k + 1] - 1]. For IPv4 the bounds are kept
   * as numbers only (exact below 2^53: no bigint per bound, no bigint comparisons), in `bounds4`;
   * for IPv6 as bigints in `bounds`.
   */
  private bounds: bigint[] | undefined;
  private bounds4: Float64Array | undefined;
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
      assertTiled(p, list);
      this.layout.push([p, this.slices.length, list.length]);
      this.slices.push(...list);
    }
    this.rest = this.slices.length;
    this.slices.push({ lo: MIN_PORT, hi: MAX_PORT, allowed: rest });
    this.codeSize = 2 + this.named.length + this.layout.length + 2 * this.slices.length;
  }

  /**
   * Builds a restriction from one verdict per slice (same order as `slices`; `sets[j]` is the
   * partial set of a partial verdict): adjacent slices with the same verdict are merged, and the
   * result is interned by content across spaces, so pairs of different spaces share contents.
   * (Merging moves no cell's first port, and the matrix uses only that, so nothing it shows
   * changes. A verdict is relative to the end — all of it, none, or a strict part of it — so a
   * restriction may stand for several ends.) Nothing is allocated when the restriction is known.
   */
  build(verdicts: Int32Array, sets?: ReadonlyArray<AddressSet | undefined>): Restriction {
    if (scratchCode.length < this.codeSize) {
      scratchCode = new Int32Array(this.codeSize * 2);
      scratchHis = new Int32Array(this.codeSize * 2);
    }
    const code = scratchCode;
    const his = scratchHis;
    let n = 0;
    code[n++] = this.named.length;
    for (const p of this.named) code[n++] = p;
    for (const [, at, count] of this.layout) {
      const countAt = n++;
      let m = 0;
      for (let j = at; j < at + count; j++) {
        const s = this.slices[j];
        const v = verdicts[j];
        // code[n - 1] is the verdict of the last slice kept; his[n - 1] its last port.
        if (m > 0 && code[n - 1] === v && his[n - 1] + 1 === s.lo) {
          his[n - 1] = s.hi;
          continue;
        }
        code[n++] = s.lo;
        code[n] = v;
        his[n++] = s.hi;
        m++;
      }
      code[countAt] = m;
    }
    code[n++] = verdicts[this.rest];
    const hash = hashCode(code, n);
    let bucket = interned.get(hash);
    if (bucket) for (const r of bucket) if (sameCode(r.code, code, n)) return r;
    // New: make its slices from the code.
    const slice = (lo: number, hi: number, v: number, j: number): RestrictedSlice =>
      ({ lo, hi, set: v >= 2 ? sets![j]! : null, empty: v === NONE });
    const byProtocol = new Map<number, RestrictedSlice[]>();
    let at = 1 + this.named.length;
    for (const [p, first, count] of this.layout) {
      const m = code[at++];
      const list: RestrictedSlice[] = [];
      // Slices with a partial verdict take their set from the first slice of the run (equal sets share a number).
      let j = first;
      for (let k = 0; k < m; k++, at += 2) {
        while (j < first + count && this.slices[j].lo !== code[at]) j++;
        list.push(slice(code[at], his[at + 1], code[at + 1], j));
      }
      byProtocol.set(p, list);
    }
    const v = code[at];
    const restSet = v >= 2 ? sets![this.rest]! : null;
    const r = new Restriction(
      this.named,
      byProtocol,
      [{ lo: MIN_PORT, hi: MAX_PORT, set: restSet, empty: v === NONE }],
      [{ lo: 0, hi: 0, set: restSet, empty: v === NONE }],
      code.slice(0, n),
    );
    if (internedCount >= MAX_INTERNED || partialNumbers.size >= MAX_INTERNED) {
      // Start again; r's code may hold numbers of the old partial sets: it is not interned.
      interned.clear();
      partialNumbers.clear();
      internedCount = 0;
      return r;
    }
    if (bucket) bucket.push(r);
    else interned.set(hash, [r]);
    internedCount++;
    return r;
  }

  /** The space restricted to an end (`restrictionOf`). */
  restrict(end: RestrictionEnd): Restriction {
    if (end.single4 >= 0) return this.single4(end.single4);
    if (end.single !== undefined) return this.single(end.single);
    return this.toSet(end.set);
  }

  /** The restriction to one IPv4 address, given as a number: that of its address class. */
  single4(address: number): Restriction {
    if (!this.classes) this.buildClasses();
    const bounds = this.bounds4!;
    let lo = 0;
    let hi = bounds.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (bounds[mid] <= address) lo = mid;
      else hi = mid - 1;
    }
    return this.classes![lo];
  }

  /** The restriction to an end of several addresses, computed once per end object (or once for every address). */
  toSet(end: AddressSet): Restriction {
    const key = end.isAll ? "all" : end;
    let r = this.byEnd.get(key);
    if (!r) {
      const verdicts = new Int32Array(this.slices.length);
      const sets: Array<AddressSet | undefined> = [];
      this.slices.forEach((s, j) => {
        if (s.allowed.isAll) verdicts[j] = ALL;
        else {
          const set = end.intersect(s.allowed);
          if (set.isEmpty) verdicts[j] = NONE;
          else if (set.equals(end)) verdicts[j] = ALL;
          else {
            verdicts[j] = 2 + partialNumber(set);
            sets[j] = set;
          }
        }
      });
      r = this.build(verdicts, sets);
      this.byEnd.set(key, r);
    }
    return r;
  }

  /**
   * The restriction to one address: that of its address class. The same search as `single4`, on
   * bigints: kept apart so that each function sees one element type (V8 deoptimizes a search
   * shared between number and bigint arrays).
   */
  single(address: bigint): Restriction {
    if (!this.classes) this.buildClasses();
    if (this.bounds4) return this.single4(Number(address));
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

  /**
   * Cuts the address space into classes that no slice tells apart: one sweep over the bounds of
   * the slices' distinct allowed sets, keeping which sets hold the current address (and two
   * hashes of that, updated per set entered or left), so a class costs a hash lookup — the
   * holding flags are compared only to confirm a match. Adjacent classes with the same
   * restriction are merged.
   */
  private buildClasses(): void {
    const slices = this.slices;
    const version = slices[0].allowed.version;
    // The distinct allowed sets (by content) and each slice's.
    const setOf = new Int32Array(slices.length);
    const distinct: AddressSet[] = [];
    const byObject = new Map<AddressSet, number>();
    const byText = new Map<string, number>();
    slices.forEach((s, j) => {
      let d = byObject.get(s.allowed);
      if (d === undefined) {
        let t = "";
        for (const [a, b] of s.allowed.intervals) t += `${a.toString(16)}-${b.toString(16)},`;
        d = byText.get(t);
        if (d === undefined) byText.set(t, (d = distinct.push(s.allowed) - 1));
        byObject.set(s.allowed, d);
      }
      setOf[j] = d;
    });
    // Where a set starts or stops holding: every interval's first address and the one after its last.
    const events: Array<{ at: bigint; set: number }> = [];
    distinct.forEach((set, d) => {
      for (const [a, b] of set.intervals) events.push({ at: a, set: d }, { at: b + 1n, set: d });
    });
    events.sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
    const end = maxOf(version) + 1n;
    const holds = new Uint8Array(distinct.length);
    const h1Of = Int32Array.from(distinct, (_, d) => mix(2 * d + 1));
    const h2Of = Int32Array.from(distinct, (_, d) => mix(2 * d + 2));
    let h1 = 0;
    let h2 = 0;
    const seen = new Map<number, Array<{ holds: Uint8Array; restriction: Restriction }>>();
    const verdicts = new Int32Array(slices.length);
    const classOf = (): Restriction => {
      const key = (h1 >>> 0) * 0x200000 + (h2 >>> 11);
      let bucket = seen.get(key);
      if (bucket) {
        for (const c of bucket) {
          let same = true;
          for (let d = 0; d < holds.length && same; d++) same = c.holds[d] === holds[d];
          if (same) return c.restriction;
        }
      } else seen.set(key, (bucket = []));
      for (let j = 0; j < slices.length; j++) verdicts[j] = holds[setOf[j]] ? ALL : NONE;
      const restriction = this.build(verdicts);
      bucket.push({ holds: holds.slice(), restriction });
      return restriction;
    };
    const bounds: bigint[] = [];
    const classes: Restriction[] = [];
    let e = 0;
    let at = 0n;
    for (;;) {
      while (e < events.length && events[e].at === at) {
        const d = events[e++].set;
        const sign = holds[d] ? -1 : 1;
        holds[d] ^= 1;
        h1 = (h1 + sign * h1Of[d]) | 0;
        h2 = (h2 + sign * h2Of[d]) | 0;
      }
      const r = classOf();
      if (classes.length === 0 || classes[classes.length - 1] !== r) {
        bounds.push(at);
        classes.push(r);
      }
      if (e === events.length || events[e].at >= end) break;
      at = events[e].at;
    }
    bounds.push(end);
    if (version === 4) this.bounds4 = Float64Array.from(bounds, Number);
    else this.bounds = bounds;
    this.classes = classes;
  }
}

const maxOf = (version: IpVersion): bigint => MAX_ADDRESS[version];

const indexes = new WeakMap<AllowedSpace, SpaceIndex>();

/** The index of a space, built once per space object. */
export function spaceIndex(space: AllowedSpace): SpaceIndex {
  let x = indexes.get(space);
  if (!x) indexes.set(space, (x = new SpaceIndex(space)));
  return x;
}


/**
 * The space restricted to an end (a non-empty address set): for each slice, the end's addresses
 * it allows. `space` undefined (nothing checks that side) allows the whole end everywhere.
 */
export function restrictionOf(space: AllowedSpace | undefined, end: AddressSet): Restriction {
  if (!space) return UNCHECKED;
  const index = spaceIndex(space);
  const iv = end.intervals;
  if (iv.length === 1 && iv[0][0] === iv[0][1]) return index.single(iv[0][0]);
  return index.toSet(end);
}

/**
 * Interning (`build`) keys a restriction by each kept slice's first port only, which is exact
 * because an allowed space tiles each named protocol's ports: one port-less slice, or slices
 * from MIN_PORT to MAX_PORT without gaps or overlaps. Checked once per space, so that a change
 * to allowed spaces that broke this would fail here instead of merging different restrictions.
 */
function assertTiled(protocol: number, list: readonly SpaceSlice[]): void {
  const portless = list.length === 1 && list[0].lo === 0 && list[0].hi === 0;
  let next = MIN_PORT;
  const tiled = portless || (list.every((s) => s.lo === next && s.hi >= s.lo && (next = s.hi + 1) > 0) && next === MAX_PORT + 1);
  if (!tiled) {
    const ports = list.map((s) => `${s.lo}-${s.hi}`).join(", ");
    throw new Error(`internal error: the allowed space's slices of protocol ${protocol} do not tile its ports (${ports}); restrictions cannot be interned by first port`);
  }
}
