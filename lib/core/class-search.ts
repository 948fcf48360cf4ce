/**
 * Binary searches and bitset helpers of the compiled rule lists (compiled-rules.ts): the class
 * of a port or an address among ascending cuts, distinct sorted cuts, and setting one rule's bit
 * in a run of class bitsets.
 */
/**
 * The number of entries of `cuts[from..to)`, ascending, that are at most `x` (the class of `x`).
 * Ports and IPv4 addresses have one function each so that each sees one array type: a load from
 * a typed array of either kind would make V8 box the doubles it reads.
 */
export function classOfPort(cuts: Int32Array, from: number, to: number, x: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cuts[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo - from;
}

/** `classOfPort` of a whole array of IPv4 addresses as numbers. */
export function classOfAddress4(cuts: Float64Array, x: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cuts[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `classOfAddress4` of an array of IPv6 addresses as bigints. */
export function classOfAddress6(cuts: readonly bigint[], x: bigint): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cuts[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The distinct values of a typed array, ascending (a typed array sorts numerically). */
export function sortedDistinct<A extends Int32Array | Float64Array>(values: A): A {
  values.sort();
  let n = 0;
  for (let i = 0; i < values.length; i++) if (i === 0 || values[i] !== values[n - 1]) values[n++] = values[i];
  return values.subarray(0, n) as A;
}

/** The distinct bigints of an array, ascending. */
export function sortedDistinctBigints(values: bigint[]): bigint[] {
  values.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return values.filter((v, i) => i === 0 || v !== values[i - 1]);
}

/** Sets bit `bit` in the bitsets of classes `from` (inclusive) to `to` (exclusive), `words` words each. */
export function setBitInClasses(bits: Int32Array, words: number, from: number, to: number, bit: number): void {
  const word = bit >>> 5;
  const mask = 1 << (bit & 31);
  for (let c = from; c < to; c++) bits[c * words + word] |= mask;
}
