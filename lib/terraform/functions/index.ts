/**
 * The Terraform functions the reader evaluates, each as Terraform defines it, by family:
 * collections (toset, tolist, tomap, length, element, lookup, concat, merge, flatten, keys,
 * values, coalesce, compact, contains, distinct, setproduct, range), strings (tostring,
 * tonumber, join, format with %s %d %%, split, replace, lower, upper, trimspace), numbers
 * (floor, ceil, min, max), encodings (jsondecode, jsonencode, yamldecode), files (file,
 * templatefile) and networks (cidrsubnet, cidrsubnets, cidrhost, cidrnetmask); `try` and `can`
 * take their arguments unevaluated (lazy-functions.ts). Any other function yields an unknown
 * value ("function X is not evaluated statically"), never a guess.
 *
 * A value known only after apply (an id, an unknown) makes the result unknown where it would
 * decide it; where it would not (`length([id, id])`, `concat`, `element`, `lookup` of a known
 * key), it passes through.
 */
import { UnknownValue } from "../unknowns";
import { Resolved, canonical } from "../values";
import { CallSite, Implementation, NotKnown } from "./arguments";
import { COLLECTION_FUNCTIONS } from "./collections";
import { ENCODING_FUNCTIONS } from "./encoding";
import { FILE_FUNCTIONS } from "./files";
import { NETWORK_FUNCTIONS } from "./network";
import { NUMBER_FUNCTIONS } from "./numbers";
import { STRING_FUNCTIONS } from "./strings";

export type { CallSite } from "./arguments";

const FUNCTIONS: ReadonlyMap<string, Implementation> = new Map<string, Implementation>([
  ...COLLECTION_FUNCTIONS,
  ...STRING_FUNCTIONS,
  ...NUMBER_FUNCTIONS,
  ...ENCODING_FUNCTIONS,
  ...FILE_FUNCTIONS,
  ...NETWORK_FUNCTIONS,
]);

/** The names of the functions the reader evaluates (`try` and `can` included). */
export const SUPPORTED_FUNCTIONS: readonly string[] = [...FUNCTIONS.keys(), "try", "can"].sort();

/**
 * Calls a Terraform function.
 * @returns its value; an unknown value for a function not evaluated, or when an argument it
 * needs is not known
 * @throws what `site.invalid` throws, for arguments Terraform would reject, and what `site.limit`
 * throws for work past the limits
 */
export function callFunction(name: string, args: readonly Resolved[], site: CallSite): Resolved {
  const impl = FUNCTIONS.get(name);
  if (!impl) return new UnknownValue(`the function ${name} is not evaluated statically`);
  try {
    return impl(args, site, name);
  } catch (e) {
    if (e instanceof NotKnown) return e.value;
    throw e;
  }
}

/** Deep equality of two known values, as `==` compares them (no type conversion). */
export function equalValues(a: Resolved, b: Resolved): boolean {
  return canonical(a === undefined ? null : a) === canonical(b === undefined ? null : b);
}
