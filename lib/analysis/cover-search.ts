/**
 * The search behind HWSG004: for each rule of one group, direction and IP version, in matching
 * order, the earlier rules that take all of its traffic, or nothing when it takes effect — the
 * same answer as the exact walk of cover-walk.ts over every earlier rule, without walking every
 * earlier rule for every rule (which made `hwsg check` quadratic in the rules of a group).
 *
 * 1. Identical match spaces (same protocol, ports and remote) are judged once. A later copy of a
 *    rule is matched first by whatever matched the first copy first, and by the first copy itself
 *    where that one takes effect; so its covering rules are the first copy's when that one is
 *    covered, else the first copy's takers followed by the first copy (shared, not copied).
 * 2. A rule with a corner no earlier rule matches takes effect (cover-witness.ts, all corners at
 *    once in O(n log² n)).
 * 3. Any other rule is walked over the earlier rules that overlap it, taken in matching order
 *    (overlap-index.ts skips stretches of rules elsewhere) in doubling prefixes: a prefix that covers it gives the exact answer (rules after the last one
 *    that takes some of its traffic take none of it), so the walk costs about the square of the
 *    number of overlapping rules up to its last covering rule (one, for a rule inside an earlier
 *    broader rule).
 *
 *    The copies of a rule that takes effect need its takers: every earlier rule that overlaps it,
 *    does take effect and has its uncovered corner inside it (else the walk decides).
 *
 * Known limit: a rule without an uncovered corner that does take effect (its open part inside,
 * away from its corners), and the first copy of a rule whose takers are not all settled by their
 * corners, are walked over every earlier rule they overlap.
 */
import { Rule } from "../core/rule";
import { Viewed, mayOverlap, walkCover } from "./cover-walk";
import { Witness, matchesWitness, uncoveredWitnesses } from "./cover-witness";
import { OverlapIndex, boundsOf } from "./overlap-index";

/** A key equal for two rules exactly when they match the same traffic (protocol, ports, remote). */
function matchKey({ rule, remote }: Viewed): string {
  const where = remote.kind === "group" ? `g:${remote.groupId}` : `a:${remote.addresses.intervals.map(([lo, hi]) => `${lo}-${hi}`).join(",")}`;
  return `${rule.protocol ?? "*"}|${rule.ports ? rule.ports.toString() : "*"}|${where}`;
}

/**
 * Up to this many rules (of one group, direction and IP version), each rule is simply walked over
 * every earlier rule: faster than building the search's structures for the few rules most groups
 * have (the 120 rules of a group are split over two directions and two IP versions).
 */
export const SMALL_GROUP = 128;

/**
 * For each rule in matching order, the earlier rules that together take all of its traffic
 * (each the first match of some of it, in matching order), or undefined when it takes effect.
 * Copies of one rule share one array.
 * @param smallGroup up to how many rules the plain walk is used instead of the search @default SMALL_GROUP
 */
export function searchCovers(ordered: readonly Viewed[], smallGroup = SMALL_GROUP): Array<readonly Rule[] | undefined> {
  if (ordered.length <= smallGroup) {
    return ordered.map((candidate, i) => {
      const { covered, takers } = walkCover(candidate, ordered.slice(0, i), true);
      return covered ? takers : undefined;
    });
  }
  const witnessed = uncoveredWitnesses(ordered);
  const index = new OverlapIndex(ordered);
  const out: Array<readonly Rule[] | undefined> = [];
  const firstOfKey = new Map<string, number>();
  /** Covering rules of the copies of a rule that takes effect, by the position of its first copy. */
  const ofCopies = new Map<number, readonly Rule[]>();
  for (let i = 0; i < ordered.length; i++) {
    const candidate = ordered[i];
    if (candidate.remote.kind === "addresses" && candidate.remote.addresses.isEmpty) {
      out.push(undefined); // matches nothing, so nothing overlaps it: never reported (as the walk says)
      continue;
    }
    const key = matchKey(candidate);
    const first = firstOfKey.get(key);
    if (first !== undefined) {
      const byFirst = out[first];
      if (byFirst) {
        out.push(byFirst);
        continue;
      }
      let copies = ofCopies.get(first);
      if (!copies) {
        const takers = takersByWitness(ordered, index, witnessed, out, first) ?? walkCover(ordered[first], ordered.slice(0, first), false).takers;
        copies = [...takers, ordered[first].rule];
        ofCopies.set(first, copies);
      }
      out.push(copies);
      continue;
    }
    firstOfKey.set(key, i);
    out.push(witnessed[i] ? undefined : prefixWalk(candidate, ordered, index, i));
  }
  return out;
}

/**
 * The takers of a rule that takes effect, without the walk when every earlier rule that overlaps
 * it is settled: one that never takes effect takes nothing, one whose uncovered corner lies in the
 * rule takes that corner. Undefined when some other earlier rule overlaps it (a remote group, or
 * one whose corners all lie outside it): the walk decides then.
 */
function takersByWitness(
  ordered: readonly Viewed[],
  index: OverlapIndex,
  witnessed: ReadonlyArray<Witness | undefined>,
  covers: ReadonlyArray<readonly Rule[] | undefined>,
  position: number,
): Rule[] | undefined {
  const candidate = ordered[position];
  if (candidate.remote.kind !== "addresses") return undefined;
  const addresses = candidate.remote.addresses;
  const bounds = boundsOf(candidate);
  const takers: Rule[] = [];
  for (let e = index.next(bounds, 0, position); e >= 0; e = index.next(bounds, e + 1, position)) {
    const earlier = ordered[e];
    if (!mayOverlap(candidate, earlier) || covers[e]) continue;
    const w = witnessed[e];
    if (earlier.remote.kind !== "addresses" || !w || !matchesWitness(candidate.rule, addresses, w)) return undefined;
    takers.push(earlier.rule);
  }
  return takers;
}

/** The exact walk over the overlapping rules before position `end`, in doubling prefixes until one covers the candidate. */
function prefixWalk(candidate: Viewed, ordered: readonly Viewed[], index: OverlapIndex, end: number): readonly Rule[] | undefined {
  const overlapping: Viewed[] = [];
  const bounds = boundsOf(candidate);
  let scanned = 0;
  for (let want = 1; ; want *= 2) {
    while (overlapping.length < want && scanned < end) {
      const next = index.next(bounds, scanned, end);
      if (next < 0) {
        scanned = end;
        break;
      }
      scanned = next + 1;
      if (mayOverlap(candidate, ordered[next])) overlapping.push(ordered[next]);
    }
    const { covered, takers } = walkCover(candidate, overlapping, true);
    if (covered) return takers;
    if (scanned >= end) return undefined;
  }
}
