/**
 * Destination port sets for tcp and udp rules: single ports, ranges and inconsecutive lists,
 * with the canonical `ports` string the provider takes (`22`, `20-21`, `80,443,8000-8080`).
 */
import { Interval, contains, covers, equal, intersect, normalize, subtract, union } from "./interval-set";

/** The lowest port a rule may name. */
export const MIN_PORT = 1;
/** The highest port a rule may name. */
export const MAX_PORT = 65535;

/** An immutable set of ports within 1–65535. */
export class PortSet {
  /** Every port, 1–65535. */
  static readonly ALL = new PortSet([[BigInt(MIN_PORT), BigInt(MAX_PORT)]]);
  /** No port. */
  static readonly NONE = new PortSet([]);

  /** One port. */
  static single(port: number): PortSet {
    return PortSet.range(port, port);
  }

  /** The ports `from` to `to`, both included. */
  static range(from: number, to: number): PortSet {
    return new PortSet(from <= to ? [[BigInt(from), BigInt(to)]] : []);
  }

  /** Builds a set from `[from, to]` pairs. */
  static of(ranges: Iterable<readonly [number, number]>): PortSet {
    return new PortSet(normalize([...ranges].map(([a, b]) => [BigInt(a), BigInt(b)] as Interval)));
  }

  /**
   * Parses a `ports` string. Returns the set, or a sentence saying what is wrong.
   * Allowed: comma-separated items, each a port `n` or a range `a-b` with 1 <= a <= b <= 65535.
   */
  static parse(text: string): PortSet | string {
    if (typeof text !== "string" || text.length === 0) return "ports must be a non-empty string";
    const items = text.split(",");
    const ranges: [number, number][] = [];
    for (const item of items) {
      const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(item);
      if (!m) {
        return `each item must be a port (22) or a range (20-21) separated by commas without spaces; ${JSON.stringify(item)} is neither`;
      }
      const lo = Number(m[1]);
      const hi = m[2] === undefined ? lo : Number(m[2]);
      for (const p of [lo, hi]) {
        if (p < MIN_PORT || p > MAX_PORT) return `ports must be integers from ${MIN_PORT} to ${MAX_PORT}; ${p} is out of range`;
      }
      if (lo > hi) return `a range must not run backwards: ${item} (did you mean ${hi}-${lo}?)`;
      ranges.push([lo, hi]);
    }
    return PortSet.of(ranges);
  }

  private constructor(readonly intervals: readonly Interval[]) {}

  /** The ranges as `[from, to]` number pairs, ascending. */
  get ranges(): Array<[number, number]> {
    return this.intervals.map(([a, b]) => [Number(a), Number(b)]);
  }

  /** Whether the set is more than one range (an "inconsecutive ports" rule in Huawei's terms). */
  get inconsecutive(): boolean {
    return this.intervals.length > 1;
  }

  /** Whether the set holds every port. */
  get isAll(): boolean {
    return equal(this.intervals, PortSet.ALL.intervals);
  }

  /** Whether the set is empty. */
  get isEmpty(): boolean {
    return this.intervals.length === 0;
  }

  /** Whether `port` is a member. */
  has(port: number): boolean {
    return contains(this.intervals, BigInt(port));
  }

  /** Members of either set. */
  union(other: PortSet): PortSet {
    return new PortSet(union(this.intervals, other.intervals));
  }

  /** Members of both sets. */
  intersect(other: PortSet): PortSet {
    return new PortSet(intersect(this.intervals, other.intervals));
  }

  /** Members of this set not in `other`. */
  subtract(other: PortSet): PortSet {
    return new PortSet(subtract(this.intervals, other.intervals));
  }

  /** Whether every member of `other` is in this set. */
  covers(other: PortSet): boolean {
    return covers(this.intervals, other.intervals);
  }

  /** Whether both sets have the same members. */
  equals(other: PortSet): boolean {
    return equal(this.intervals, other.intervals);
  }

  /** The lowest member, if any. */
  first(): number | undefined {
    return this.intervals.length ? Number(this.intervals[0][0]) : undefined;
  }

  /** The canonical `ports` string: ascending, merged, `a-b` for ranges (`80,443,8000-8080`). */
  toString(): string {
    return this.ranges.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(",");
  }
}
