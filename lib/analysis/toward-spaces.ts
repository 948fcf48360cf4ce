/**
 * The allowed spaces of one instance, direction and IP version toward every end of a matrix,
 * found by a bitmask instead of a membership text per pair.
 *
 * The space toward another instance depends only on which of the groups the instance's rules
 * name as remote (`referencedGroups`) the other end is a member of (pair-space.ts
 * `spaceToward`). Every group of the network has a number (`GroupNumbers`); an end's groups are
 * kept as those numbers; here each named group gets one bit (its place in the list of named
 * groups), so the membership that matters is the mask of the named groups the end is in, and
 * spaces are kept by that mask: a few integer comparisons per pair, no strings, no sets. Spaces are handed out as their `SpaceIndex` (restriction.ts),
 * ready to be restricted to the other end.
 */
import { AllowedSpace } from "../core/allowed-space";
import { IpVersion } from "../core/ip";
import { Instance, Network } from "../core/network";
import { Direction } from "../core/rule";
import { referencedGroups, spaceToward } from "./pair-space";
import { SpaceIndex, spaceIndex } from "./restriction";

/** The numbers of a network's groups: 0, 1, 2, … in the order given. */
export class GroupNumbers {
  private readonly numbers = new Map<string, number>();

  constructor(groupIds: Iterable<string>) {
    for (const g of groupIds) if (!this.numbers.has(g)) this.numbers.set(g, this.numbers.size);
  }

  get count(): number {
    return this.numbers.size;
  }

  /** The number of a group, or undefined when the network has no such group. */
  numberOf(groupId: string): number | undefined {
    return this.numbers.get(groupId);
  }

  /** The numbers of an instance's groups (a group the network lacks is left out: no rule can name it by number). */
  of(instance: Instance): Int32Array {
    const out: number[] = [];
    for (const g of instance.securityGroupIds) {
      const n = this.numbers.get(g);
      if (n !== undefined) out.push(n);
    }
    return Int32Array.from(out);
  }
}

/** An end of a pair as `TowardSpaces.toward` needs it: its instance and its group numbers (`GroupNumbers.of`). */
export interface MemberEnd {
  readonly instance: Instance;
  readonly groups: Int32Array;
}

/** Bits are numbers 0–30 of a mask: more named groups than this and the masks are not used. */
const MAX_BITS = 31;

/** The spaces of one instance, direction and version toward other ends (see the file comment). */
export class TowardSpaces {
  /**
   * The numbers of the named groups (that the network has), and each one's bit: a short list
   * (at most 31), scanned for each group of the other end — two cache lines per space owner,
   * where a table by group number would take kilobytes per owner and miss the cache across a
   * row of 2,000 columns.
   */
  private readonly named: Int32Array;
  /** Whether more groups are named than masks hold: every lookup goes through `spaceToward`. */
  private readonly wide: boolean;
  /** Spaces by mask (mask 0: the other end is in none of the named groups). */
  private readonly byMask = new Map<number, SpaceIndex>();
  /** `byMask` of mask 0, the usual case, kept apart. */
  private noneIndex: SpaceIndex | undefined;
  private outsideIndex: SpaceIndex | undefined;

  constructor(
    private readonly network: Network,
    private readonly instance: Instance,
    private readonly direction: Direction,
    private readonly version: IpVersion,
    numbers: GroupNumbers,
  ) {
    const named: number[] = [];
    for (const g of referencedGroups(network, instance, direction, version)) {
      const n = numbers.numberOf(g);
      if (n !== undefined && !named.includes(n)) named.push(n); // a group the network lacks: no end is a member
    }
    this.wide = named.length > MAX_BITS;
    this.named = Int32Array.from(this.wide ? [] : named);
  }

  /** The space toward an end outside the model (remote groups judged by address). */
  outside(): SpaceIndex {
    return (this.outsideIndex ??= spaceIndex(spaceToward(this.network, this.instance, this.direction, this.version, undefined)));
  }

  /** The space toward another instance sending from (or reached at) its fixed IP: `spaceToward(…, other.instance)`. */
  toward(other: MemberEnd): SpaceIndex {
    if (this.wide) return spaceIndex(this.spaceFor(other));
    // Bit j of the mask: the other end is in the j-th named group.
    let mask = 0;
    const named = this.named;
    const groups = other.groups;
    for (let k = 0; k < groups.length; k++) {
      const g = groups[k];
      for (let j = 0; j < named.length; j++) {
        if (named[j] === g) {
          mask |= 1 << j;
          break;
        }
      }
    }
    if (mask === 0 && this.noneIndex !== undefined) return this.noneIndex;
    let index = this.byMask.get(mask);
    if (index === undefined) {
      index = spaceIndex(this.spaceFor(other));
      this.byMask.set(mask, index);
    }
    if (mask === 0) this.noneIndex = index;
    return index;
  }

  private spaceFor(other: MemberEnd): AllowedSpace {
    return spaceToward(this.network, this.instance, this.direction, this.version, other.instance);
  }
}
