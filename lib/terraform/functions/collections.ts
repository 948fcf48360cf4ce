/**
 * Terraform's collection functions: toset, tolist, tomap, length, element, lookup, concat,
 * merge, flatten, keys, values, coalesce, compact, contains, distinct, setproduct and range.
 * Every list one builds is checked against MAX_COLLECTION_LENGTH before it is allocated.
 */
import { UnknownValue } from "../unknowns";
import { Resolved, canonical, isMap, putKey, isReference, isSet, makeSet, sortedKeys, typeName } from "../values";
import { Implementation, NotKnown, arity, checkCollection, known, mapArg, requireKnown, sequence, toInteger, toNumberValue, toStringValue, unify, unknownOf } from "./arguments";

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** The collection functions by name. */
export const COLLECTION_FUNCTIONS: ReadonlyArray<[string, Implementation]> = [
  ["toset", (args, site, name) => {
    arity(args, site, name, 1);
    const items = sequence(args[0], site, "toset's argument");
    items.forEach((x, i) => { if (x === null || x === undefined) site.invalid(`toset's argument element ${i} is null: a set cannot hold null`); });
    // A set's order is the order of its values: not known while a value is not.
    requireKnown(items);
    return makeSet(unify(items, site, "toset's argument"));
  }],
  ["tolist", (args, site, name) => {
    arity(args, site, name, 1);
    return unify(sequence(args[0], site, "tolist's argument"), site, "tolist's argument");
  }],
  ["tomap", (args, site, name) => {
    arity(args, site, name, 1);
    const m = mapArg(args[0], site, "tomap's argument");
    const keys = sortedKeys(m);
    const values = unify(keys.map((k) => m[k]), site, "tomap's argument");
    return Object.fromEntries(keys.map((k, i) => [k, values[i]]));
  }],
  ["length", (args, site, name) => {
    arity(args, site, name, 1);
    const v = args[0];
    if (typeof v === "string") return [...graphemes.segment(v)].length;
    if (Array.isArray(v)) {
      if (isSet(v)) requireKnown(v); // duplicates collapse: the size depends on the values
      return v.length;
    }
    if (isMap(v)) return Object.keys(v).length;
    if (v instanceof UnknownValue || isReference(v)) throw new NotKnown(unknownOf(v));
    return site.invalid(`length's argument must be a string, list, set or map, not ${v === null || v === undefined ? "null" : `a ${typeName(v)}`}`);
  }],
  ["element", (args, site, name) => {
    arity(args, site, name, 2);
    const list = sequence(args[0], site, "element's list", false);
    if (args[1] instanceof UnknownValue) throw new NotKnown(args[1]);
    const index = toInteger(args[1], site, "element's index");
    if (index < 0) site.invalid(`element's index ${index} is negative`);
    if (list.length === 0) site.invalid("element cannot read from an empty list");
    return list[index % list.length];
  }],
  ["lookup", (args, site, name) => {
    arity(args, site, name, 2, 3);
    const m = mapArg(args[0], site, "lookup's map");
    if (args[1] instanceof UnknownValue) throw new NotKnown(args[1]);
    const key = toStringValue(args[1], site, "lookup's key");
    if (Object.prototype.hasOwnProperty.call(m, key)) return m[key];
    if (args.length === 3) return args[2];
    return site.invalid(`lookup failed to find key ${JSON.stringify(key)} (keys: ${sortedKeys(m).join(", ") || "none"})`);
  }],
  ["concat", (args, site, name) => {
    arity(args, site, name, 1, Infinity);
    const lists = args.map((a, i) => sequence(a, site, `concat's argument ${i + 1}`, false));
    checkCollection(site, lists.reduce((n, l) => n + l.length, 0), "concat's result");
    return lists.flat(1);
  }],
  ["merge", (args, site) => {
    const maps = args.map((a, i) => (a === null || a === undefined ? {} : mapArg(a, site, `merge's argument ${i + 1}`)));
    checkCollection(site, maps.reduce((n, m) => n + Object.keys(m).length, 0), "merge's result");
    const out: { [key: string]: Resolved } = {};
    for (const m of maps) for (const [k, v] of Object.entries(m)) putKey(out, k, v);
    return out;
  }],
  ["flatten", (args, site, name) => {
    arity(args, site, name, 1);
    // Without recursion: a list of lists of any depth is flattened with a stack of positions.
    const out: Resolved[] = [];
    const todo: Array<[readonly Resolved[], number]> = [[sequence(args[0], site, "flatten's argument"), 0]];
    while (todo.length > 0) {
      const top = todo[todo.length - 1];
      if (top[1] >= top[0].length) {
        todo.pop();
        continue;
      }
      const x = top[0][top[1]++];
      if (x instanceof UnknownValue) throw new NotKnown(x);
      if (Array.isArray(x)) todo.push([x, 0]);
      else {
        if (out.length % 1024 === 0) checkCollection(site, 1024, "flatten's result");
        out.push(x);
      }
    }
    return out;
  }],
  ["keys", (args, site, name) => {
    arity(args, site, name, 1);
    return sortedKeys(mapArg(args[0], site, "keys' argument"));
  }],
  ["values", (args, site, name) => {
    arity(args, site, name, 1);
    const m = mapArg(args[0], site, "values' argument");
    return sortedKeys(m).map((k) => m[k]);
  }],
  ["coalesce", (args, site, name) => {
    arity(args, site, name, 1, Infinity);
    // Mixed primitives are unified to strings first, as Terraform unifies the arguments' types.
    const unified = unify(args, site, "coalesce's argument");
    for (const v of unified) {
      if (!known(v) && !isReference(v)) throw new NotKnown(unknownOf(v));
      if (v !== null && v !== undefined && v !== "") return v;
    }
    return site.invalid("no non-null, non-empty-string arguments");
  }],
  ["compact", (args, site, name) => {
    arity(args, site, name, 1);
    const list = sequence(args[0], site, "compact's argument");
    requireKnown(list);
    const out: Resolved[] = [];
    list.forEach((v, i) => {
      if (v === null || v === undefined || v === "") return;
      out.push(toStringValue(v, site, `compact's argument element ${i}`));
    });
    return out;
  }],
  ["contains", (args, site, name) => {
    arity(args, site, name, 2);
    const list = sequence(args[0], site, "contains' list");
    requireKnown(list);
    requireKnown(args[1]);
    const wanted = canonical(args[1] === undefined ? null : args[1]);
    return list.some((x) => canonical(x === undefined ? null : x) === wanted);
  }],
  ["distinct", (args, site, name) => {
    arity(args, site, name, 1);
    const list = sequence(args[0], site, "distinct's argument", false);
    requireKnown(list);
    const seen = new Set<string>();
    return list.filter((x) => {
      const c = canonical(x === undefined ? null : x);
      if (seen.has(c)) return false;
      seen.add(c);
      return true;
    });
  }],
  ["setproduct", (args, site, name) => {
    arity(args, site, name, 1, Infinity);
    const sets = args.map((a, i) => sequence(a, site, `setproduct's argument ${i + 1}`));
    const size = sets.reduce((n, s) => n * s.length, 1);
    checkCollection(site, size, "setproduct's result");
    let product: Resolved[][] = [[]];
    for (const s of sets) product = product.flatMap((prefix) => s.map((x) => [...prefix, x]));
    // Sets in, a set out (its order is that of the values); lists in, a list out.
    if (args.some(isSet)) {
      requireKnown(product);
      return makeSet(product);
    }
    return product;
  }],
  ["range", (args, site, name) => {
    arity(args, site, name, 1, 3);
    args.forEach((a) => { if (!known(a)) throw new NotKnown(unknownOf(a)); });
    const n = args.map((a, i) => toNumberValue(a, site, `range's argument ${i + 1}`));
    const [start, limit] = n.length === 1 ? [0, n[0]] : [n[0], n[1]];
    const step = n.length === 3 ? n[2] : start <= limit ? 1 : -1;
    if (step === 0) site.invalid("step must not be zero");
    if (start < limit && step < 0) site.invalid("end must be less than start when step is negative");
    if (start > limit && step > 0) site.invalid("end must be greater than start when step is positive");
    const length = Math.max(0, Math.ceil((limit - start) / step));
    // Terraform's own bound (its range builds the list in memory).
    if (length > 1024) site.invalid("more than 1024 values were generated; either decrease the difference between start and end or use a smaller step");
    checkCollection(site, length, "range's result");
    return Array.from({ length }, (_, i) => start + i * step);
  }],
];
