/** Terraform's numeric functions: floor, ceil, min and max. */
import { Implementation, NotKnown, arity, known, toNumberValue, unknownOf } from "./arguments";

/** The numeric functions by name. */
export const NUMBER_FUNCTIONS: ReadonlyArray<[string, Implementation]> = [
  ["floor", (args, site, name) => {
    arity(args, site, name, 1);
    if (!known(args[0])) throw new NotKnown(unknownOf(args[0]));
    return Math.floor(toNumberValue(args[0], site, "floor's argument"));
  }],
  ["ceil", (args, site, name) => {
    arity(args, site, name, 1);
    if (!known(args[0])) throw new NotKnown(unknownOf(args[0]));
    return Math.ceil(toNumberValue(args[0], site, "ceil's argument"));
  }],
  ["min", (args, site, name) => extreme(args, site, name, Math.min)],
  ["max", (args, site, name) => extreme(args, site, name, Math.max)],
];

function extreme(args: Parameters<Implementation>[0], site: Parameters<Implementation>[1], name: string, pick: (...n: number[]) => number): number {
  arity(args, site, name, 1, Infinity);
  const numbers = args.map((a, i) => {
    if (!known(a)) throw new NotKnown(unknownOf(a));
    return toNumberValue(a, site, `${name}'s argument ${i + 1}`);
  });
  return numbers.reduce((a, b) => pick(a, b));
}
