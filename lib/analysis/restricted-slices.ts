/**
 * Restrictions as values: the slices of a space restricted to one end (`Restriction`), and the
 * ends they are restricted to (`RestrictionEnd`). How they are computed and interned is
 * restriction.ts.
 */
import { AddressSet } from "../core/address-set";
import { hasPortSpace } from "../core/icmp";
import { MAX_PORT, MIN_PORT } from "../core/port-set";

/** One slice of a restriction: ports lo–hi (0–0 for a protocol without ports) allow `set` of the end. */
export interface RestrictedSlice {
  readonly lo: number;
  readonly hi: number;
  /** The addresses of the end allowed, or null for every address of the end. */
  readonly set: AddressSet | null;
  /** Whether no address of the end is allowed. */
  readonly empty: boolean;
}

/** A space restricted to one end, interned (restriction.ts). */
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
    /** The content as numbers (see `Verdicts`), compared when interning; empty when not interned. */
    readonly code: Int32Array = new Int32Array(0),
  ) {
    let empty = otherPlain[0].empty;
    for (const list of byProtocol.values()) for (const s of list) if (!s.empty) empty = false;
    this.empty = empty;
  }

  /** The slices of a protocol, ascending by port, as the space's `slicesFor` gives them. */
  slicesFor(protocol: number): readonly RestrictedSlice[] {
    return this.byProtocol.get(protocol) ?? (hasPortSpace(protocol) ? this.otherPorted : this.otherPlain);
  }
}


let nextId = 0;

/**
 * An end as restrictions look it up, prepared once per end: its addresses and, when it is a single
 * address, that address (as a number too for IPv4, exact below 2^53), so the lookup is a binary
 * search over numbers without inspecting the set.
 */
export interface RestrictionEnd {
  readonly set: AddressSet;
  /** The end's only address, or undefined when it has several. */
  readonly single: bigint | undefined;
  /** For an IPv4 single address: it as a number; else -1. */
  readonly single4: number;
}

/** The end of `set` for `SpaceIndex.restrict` (see `RestrictionEnd`). */
export function restrictionEnd(set: AddressSet): RestrictionEnd {
  const iv = set.intervals;
  const single = iv.length === 1 && iv[0][0] === iv[0][1] ? iv[0][0] : undefined;
  return { set, single, single4: single !== undefined && set.version === 4 ? Number(single) : -1 };
}

/** The restriction of a missing space (an end outside the model: nothing checks it): every port allows the whole end. */
export const UNCHECKED = new Restriction([], new Map(), [{ lo: MIN_PORT, hi: MAX_PORT, set: null, empty: false }], [{ lo: 0, hi: 0, set: null, empty: false }]);
