/**
 * External address sets as CIDR blocks and labels, for the ends of the matrix and the diff that
 * are hosts outside the model.
 */
import { AddressSet } from "../core/address-set";
import { publicAddresses } from "../core/internet";

/** At most this many CIDR blocks are listed for one external end. */
export const MAX_LISTED_BLOCKS = 64;

/**
 * The fewest CIDR blocks whose addresses within `universe` are exactly `set` (a subset of it):
 * addresses outside the universe (the model's own fixed IPs, say) may be covered or not,
 * whichever takes fewer blocks — so `0.0.0.0/0` without three instance addresses is `0.0.0.0/0`.
 */
export function cidrsWithin(set: AddressSet, universe: AddressSet): string[] {
  const plain = set.toCidrs();
  const free = universe.complement();
  if (free.isEmpty || set.isEmpty) return plain;
  // Blocks of set ∪ free cover the set exactly within the universe; those holding only free addresses are dropped.
  const widened = set.union(free).toCidrs().filter((c) => !free.covers(AddressSet.parse(c)));
  return widened.length < plain.length ? widened : plain;
}

/** How an external end is shown: a label, its blocks (capped) and how many were left out. */
export interface ExternalLabel {
  readonly id: string;
  readonly addresses: readonly string[];
  readonly omittedBlocks: number;
}

/**
 * Labels a set of external addresses within the addresses outside the model: `internet` when it
 * is every public address of the universe, else its CIDR blocks joined by ", ".
 */
export function externalLabel(set: AddressSet, universe: AddressSet): ExternalLabel {
  const blocks = cidrsWithin(set, universe);
  const listed = blocks.slice(0, MAX_LISTED_BLOCKS);
  const omittedBlocks = blocks.length - listed.length;
  const isInternet = set.equals(publicAddresses(set.version).intersect(universe));
  const id = isInternet ? "internet" : `${listed.join(", ")}${omittedBlocks ? ` and ${omittedBlocks} more blocks` : ""}`;
  return { id, addresses: listed, omittedBlocks };
}
