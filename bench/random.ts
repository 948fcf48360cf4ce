/**
 * A tiny seeded pseudo-random generator for the benchmark's synthetic estates and flows, so that
 * the same seed always gives the same estate on every machine and Node version.
 *
 * The generator is SplitMix32: a 32-bit state advanced by the golden-ratio increment
 * 0x9E3779B9 and mixed by two xor-shift-multiply rounds (the 32-bit variant of Steele, Lea and
 * Flood's SplitMix). It passes the usual smoke tests of uniformity, is not cryptographic, and
 * needs nothing outside this file (fast-check's `pure-rand` is only a transitive dependency).
 */

/** A deterministic source of random choices. */
export class Random {
  private state: number;

  /** @param seed any integer; equal seeds give equal sequences */
  constructor(seed: number) {
    if (!Number.isInteger(seed)) throw new Error(`seed ${seed} must be an integer`);
    this.state = seed >>> 0;
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextUint32() / 0x1_0000_0000;
  }

  /** An integer in [min, max] (both included). */
  int(min: number, max: number): number {
    if (max < min) throw new Error(`empty range ${min}..${max}`);
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** An element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[Math.floor(this.next() * items.length)];
  }

  /** true with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** A key chosen with the given weights (non-negative, not all zero). */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as Array<[K, number]>;
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let x = this.next() * total;
    for (const [k, w] of entries) {
      if (x < w) return k;
      x -= w;
    }
    return entries[entries.length - 1][0];
  }

  /** `count` distinct integers of [0, n), in the order drawn. */
  sample(n: number, count: number): number[] {
    const k = Math.min(n, count);
    const chosen = new Set<number>();
    const out: number[] = [];
    while (out.length < k) {
      const x = this.int(0, n - 1);
      if (chosen.has(x)) continue;
      chosen.add(x);
      out.push(x);
    }
    return out;
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  /** A new generator derived from this one's next value, for an independent stream. */
  fork(): Random {
    return new Random(this.nextUint32());
  }
}
