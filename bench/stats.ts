/**
 * The statistics of the benchmark: median, min and max of repeated measurements, and the
 * exponent of a power law fitted by least squares on a log–log scale.
 */

/** A summary of repeated measurements. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** How many measurements. */
  readonly runs: number;
}

/** The median (the mean of the middle two for an even count), min and max. */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error("no samples to summarize");
  const s = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0], max: s[s.length - 1], runs: s.length };
}

/**
 * The exponent k of y ≈ c·x^k fitted by least squares on (log x, log y).
 * @throws Error with fewer than two distinct x
 */
export function fitExponent(xs: readonly number[], ys: readonly number[]): number {
  if (xs.length !== ys.length || new Set(xs).size < 2) throw new Error("fitting an exponent needs two sizes at least");
  const lx = xs.map(Math.log);
  const ly = ys.map(Math.log);
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length;
  const my = ly.reduce((a, b) => a + b, 0) / ly.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < lx.length; i++) {
    num += (lx[i] - mx) * (ly[i] - my);
    den += (lx[i] - mx) ** 2;
  }
  return num / den;
}

/** The exponent that n·log n itself has when fitted at these sizes: the bound for "no worse than n log n". */
export function nLogNExponent(xs: readonly number[]): number {
  return fitExponent(xs, xs.map((x) => x * Math.log(x)));
}
