/**
 * Sets of integers kept as sorted, disjoint, non-adjacent closed intervals over bigint.
 * Address sets (IPv4 and IPv6 numbers) and port sets are built on these operations.
 */

/** A closed interval `[lo, hi]`, `lo <= hi`. */
export type Interval = readonly [bigint, bigint];

/** Sorts and merges overlapping or adjacent intervals. */
export function normalize(intervals: Iterable<Interval>): Interval[] {
  const sorted = [...intervals].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: [bigint, bigint][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1n) {
      if (hi > last[1]) last[1] = hi;
    } else {
      out.push([lo, hi]);
    }
  }
  return out;
}

/** The union of two normalized interval lists. */
export function union(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  if (a.length === 0) return [...b];
  if (b.length === 0) return [...a];
  return normalize([...a, ...b]);
}

/** The intersection of two normalized interval lists. */
export function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = a[i][0] > b[j][0] ? a[i][0] : b[j][0];
    const hi = a[i][1] < b[j][1] ? a[i][1] : b[j][1];
    if (lo <= hi) out.push([lo, hi]);
    if (a[i][1] < b[j][1]) i++;
    else j++;
  }
  return out;
}

/** `a` without the members of `b` (both normalized). */
export function subtract(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  if (a.length === 0 || b.length === 0) return [...a];
  const out: Interval[] = [];
  let j = 0;
  for (const [lo0, hi] of a) {
    let lo = lo0;
    while (j < b.length && b[j][1] < lo) j++;
    let k = j;
    while (k < b.length && b[k][0] <= hi) {
      if (b[k][0] > lo) out.push([lo, b[k][0] - 1n]);
      lo = b[k][1] + 1n;
      if (lo > hi) break;
      k++;
    }
    if (lo <= hi) out.push([lo, hi]);
  }
  return out;
}

/** Whether `x` is in the normalized list (binary search). */
export function contains(a: readonly Interval[], x: bigint): boolean {
  let lo = 0;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (x < a[mid][0]) hi = mid - 1;
    else if (x > a[mid][1]) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Whether every member of `b` is in `a`. */
export function covers(a: readonly Interval[], b: readonly Interval[]): boolean {
  return subtract(b, a).length === 0;
}

/** Whether two normalized lists are the same set. */
export function equal(a: readonly Interval[], b: readonly Interval[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i][0] !== b[i][0] || a[i][1] !== b[i][1]) return false;
  }
  return true;
}

/** The number of members. */
export function size(a: readonly Interval[]): bigint {
  let n = 0n;
  for (const [lo, hi] of a) n += hi - lo + 1n;
  return n;
}
