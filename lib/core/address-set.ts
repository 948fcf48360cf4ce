/**
 * A set of IP addresses of one version, kept as intervals over the address numbers (never an
 * enumeration), so `0.0.0.0/1` plus `128.0.0.0/1` is the same set as `0.0.0.0/0`.
 */
import { HwsgError } from "./errors";
import {
  Interval,
  contains,
  covers,
  equal,
  intersect,
  normalize,
  size,
  subtract,
  union,
} from "./interval-set";
import {
  IpVersion,
  MAX_ADDRESS,
  cidrBounds,
  formatAddress,
  parseAddress,
  parseCidr,
  rangeToCidrs,
} from "./ip";

/** An immutable set of addresses of one IP version. */
export class AddressSet {
  /** The empty set of a version. */
  static empty(version: IpVersion): AddressSet {
    return new AddressSet(version, []);
  }

  /** Every address of a version (`0.0.0.0/0` or `::/0`). */
  static all(version: IpVersion): AddressSet {
    return new AddressSet(version, [[0n, MAX_ADDRESS[version]]]);
  }

  /** One address. */
  static single(version: IpVersion, value: bigint): AddressSet {
    return new AddressSet(version, [[value, value]]);
  }

  /** The addresses `lo` to `hi`, both included. */
  static range(version: IpVersion, lo: bigint, hi: bigint): AddressSet {
    return new AddressSet(version, lo <= hi ? [[lo, hi]] : []);
  }

  /**
   * Parses an address-group entry or a CIDR: a single address (`10.0.0.1`), a CIDR
   * (`10.0.0.0/24`, host bits ignored) or a range (`10.0.0.1-10.0.0.9`).
   * @throws HwsgError when the text is none of these
   */
  static parse(text: string): AddressSet {
    const cidr = parseCidr(text);
    if (cidr) {
      const [lo, hi] = cidrBounds(cidr);
      return AddressSet.range(cidr.version, lo, hi);
    }
    const single = parseAddress(text);
    if (single) return AddressSet.single(single.version, single.value);
    const dash = typeof text === "string" ? text.indexOf("-") : -1;
    if (dash > 0) {
      const lo = parseAddress(text.slice(0, dash).trim());
      const hi = parseAddress(text.slice(dash + 1).trim());
      if (lo && hi && lo.version === hi.version && lo.value <= hi.value) {
        return AddressSet.range(lo.version, lo.value, hi.value);
      }
    }
    throw new HwsgError(`not an IP address, CIDR block or address range: ${JSON.stringify(text)}`);
  }

  private constructor(
    /** The IP version of every member. */
    readonly version: IpVersion,
    /** Sorted, disjoint, non-adjacent intervals. */
    readonly intervals: readonly Interval[],
  ) {}

  /** Builds a set from arbitrary intervals. */
  static fromIntervals(version: IpVersion, intervals: Iterable<Interval>): AddressSet {
    return new AddressSet(version, normalize(intervals));
  }

  /** Members of either set. */
  union(other: AddressSet): AddressSet {
    this.sameVersion(other);
    return new AddressSet(this.version, union(this.intervals, other.intervals));
  }

  /** Members of both sets. */
  intersect(other: AddressSet): AddressSet {
    this.sameVersion(other);
    return new AddressSet(this.version, intersect(this.intervals, other.intervals));
  }

  /** Members of this set that are not in `other`. */
  subtract(other: AddressSet): AddressSet {
    this.sameVersion(other);
    return new AddressSet(this.version, subtract(this.intervals, other.intervals));
  }

  /** Every address of the version that is not in this set. */
  complement(): AddressSet {
    return AddressSet.all(this.version).subtract(this);
  }

  /** Whether the address number is a member. */
  has(value: bigint): boolean {
    return contains(this.intervals, value);
  }

  /** Whether every member of `other` is a member of this set. */
  covers(other: AddressSet): boolean {
    this.sameVersion(other);
    return covers(this.intervals, other.intervals);
  }

  /** Whether both sets have the same members. */
  equals(other: AddressSet): boolean {
    return this.version === other.version && equal(this.intervals, other.intervals);
  }

  /** Whether the set has no member. */
  get isEmpty(): boolean {
    return this.intervals.length === 0;
  }

  /** Whether the set holds every address of its version. */
  get isAll(): boolean {
    return this.intervals.length === 1 && this.intervals[0][0] === 0n && this.intervals[0][1] === MAX_ADDRESS[this.version];
  }

  /** The number of addresses. */
  get size(): bigint {
    return size(this.intervals);
  }

  /** The lowest member, if any. */
  first(): bigint | undefined {
    return this.intervals.length > 0 ? this.intervals[0][0] : undefined;
  }

  /** The fewest CIDR blocks that cover exactly this set, in address order. */
  toCidrs(): string[] {
    return this.intervals.flatMap(([lo, hi]) => rangeToCidrs(this.version, lo, hi));
  }

  /** A short human form: CIDR blocks joined by commas, or `(none)`. */
  toString(): string {
    if (this.isEmpty) return "(none)";
    const cidrs = this.toCidrs();
    return cidrs.length <= 6 ? cidrs.join(", ") : `${cidrs.slice(0, 5).join(", ")} and ${cidrs.length - 5} more blocks`;
  }

  /** Formats one member. */
  format(value: bigint): string {
    return formatAddress(this.version, value);
  }

  private sameVersion(other: AddressSet): void {
    if (other.version !== this.version) {
      throw new HwsgError(`cannot combine IPv${this.version} and IPv${other.version} address sets`);
    }
  }
}
