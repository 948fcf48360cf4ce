/**
 * "Did you mean …?" as Terraform suggests it: the closest known name within an edit distance
 * of less than 3 (Levenshtein), the first such in the order given when several are as close.
 */

/** Terraform's threshold: a suggestion is made when the distance is below it. */
const MAX_DISTANCE = 3;

/**
 * The Levenshtein distance between two strings, or `limit` when it is at least `limit` (the
 * computation stops as soon as that is certain, so comparing against long lists stays cheap).
 */
export function editDistance(a: string, b: string, limit = MAX_DISTANCE): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      current.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin >= limit) return limit;
    previous = current;
  }
  return Math.min(previous[b.length], limit);
}

/** The closest candidate within Terraform's distance, or undefined. */
export function nameSuggestion(given: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = MAX_DISTANCE;
  for (const candidate of candidates) {
    const d = editDistance(given, candidate, bestDistance);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
      if (d === 0) break;
    }
  }
  return best;
}

/** A name from the input as it may be shown: C0 and C1 control characters escaped (`\u001b`). */
export function shownName(name: string): string {
  return name.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
