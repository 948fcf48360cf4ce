/**
 * Uncovered witnesses for HWSG004: a rule that takes effect usually shows it at a corner of its
 * match space — a (protocol, port, address) at the end of one of its port ranges and address
 * intervals that no earlier rule matches at all. Finding one proves the rule is not covered
 * without walking the rules before it.
 *
 * All corners of all address rules of one group, direction and IP version are answered together,
 * offline: for each, the first rule in matching order that matches it. Per protocol (and one
 * plane for the rules of every protocol), a sweep over ports keeps the rules whose port range
 * holds the current port in a segment tree over the address boundaries, each node holding a
 * min-heap of the rules that span it (deleted lazily when the sweep passes their last port).
 * O(b log² b) for b boxes (a rule's port ranges × address intervals).
 *
 * Only address traffic counts: an outside sender at an address is matched by address rules
 * alone, never by a `remote_group_id` rule, so a corner no earlier address rule matches is traffic
 * the rule is the first match for. Group rules get no witness (the walk decides them).
 */
import { MAX_PORT, MIN_PORT } from "../core/port-set";
import { hasPortSpace } from "../core/icmp";
import { MAX_PROTOCOL } from "../core/protocol";
import { Rule } from "../core/rule";
import { Viewed } from "./cover-walk";

/** The plane of the rules of every protocol. */
const ANY_PROTOCOL = -1;

/** One port range × address interval of a rule, in a plane. */
interface Box {
  readonly portLo: number;
  readonly portHi: number;
  readonly addressLo: bigint;
  readonly addressHi: bigint;
  /** The rule's position in matching order. */
  readonly position: number;
}

/** One corner asked in a plane: the first rule matching it is written to `answers[id]`. */
interface Query {
  readonly port: number;
  readonly address: bigint;
  readonly id: number;
}

interface Plane {
  readonly boxes: Box[];
  readonly queries: Query[];
}

/** The port ranges a rule's boxes span in its plane: its ranges, every port, or the one pseudo-port 0 of a protocol without ports. */
function portRanges(rule: Rule): ReadonlyArray<readonly [number, number]> {
  if (rule.protocol === undefined || !hasPortSpace(rule.protocol)) return [[0, 0]];
  return rule.ports ? rule.ports.ranges : [[MIN_PORT, MAX_PORT]];
}

/** Traffic a rule matches and no earlier rule does: a protocol (undefined: one no rule names), a port (0 without ports) and an address. */
export interface Witness {
  readonly protocol: number | undefined;
  readonly port: number;
  readonly address: bigint;
}

/** Whether a rule with addresses matches the traffic of a witness. */
export function matchesWitness(rule: Rule, addresses: { has(value: bigint): boolean }, w: Witness): boolean {
  if (w.protocol === undefined ? rule.protocol !== undefined : rule.protocol !== undefined && rule.protocol !== w.protocol) return false;
  if (rule.ports && !rule.ports.has(w.port)) return false;
  return addresses.has(w.address);
}

/**
 * For each rule in matching order, traffic it matches that no earlier rule matches (a corner of
 * its match space), if one is found; undefined means "not proved", never "covered".
 */
export function uncoveredWitnesses(ordered: readonly Viewed[]): Array<Witness | undefined> {
  const planes = new Map<number, Plane>();
  const plane = (key: number): Plane => {
    let p = planes.get(key);
    if (!p) planes.set(key, (p = { boxes: [], queries: [] }));
    return p;
  };
  const named = new Set<number>();
  for (const { rule } of ordered) if (rule.protocol !== undefined) named.add(rule.protocol);
  const unnamedProtocol = named.size <= MAX_PROTOCOL;
  ordered.forEach(({ rule, remote }, position) => {
    if (remote.kind !== "addresses") return;
    const p = plane(rule.protocol ?? ANY_PROTOCOL);
    for (const [portLo, portHi] of portRanges(rule)) {
      for (const [addressLo, addressHi] of remote.addresses.intervals) p.boxes.push({ portLo, portHi, addressLo, addressHi, position });
    }
  });
  // Each corner is asked in the rule's own plane and in the every-protocol plane; a pair of answers per corner.
  const owner: number[] = [];
  const points: Witness[] = [];
  const ask = (key: number, port: number, address: bigint, position: number): void => {
    plane(key).queries.push({ port, address, id: owner.length });
    if (owner.length % 2 === 0) points.push({ protocol: key === ANY_PROTOCOL ? undefined : key, port, address });
    owner.push(position);
  };
  ordered.forEach(({ rule, remote }, position) => {
    if (remote.kind !== "addresses" || remote.addresses.isEmpty) return;
    for (const [lo, hi] of remote.addresses.intervals) {
      for (const address of lo === hi ? [lo] : [lo, hi]) {
        if (rule.protocol === undefined) {
          // A protocol no rule names is matched only by rules of every protocol.
          if (unnamedProtocol) {
            ask(ANY_PROTOCOL, 0, address, position);
            ask(ANY_PROTOCOL, 0, address, position);
          }
          continue;
        }
        for (const [a, b] of portRanges(rule)) {
          for (const port of a === b ? [a] : [a, b]) {
            ask(rule.protocol, port, address, position);
            ask(ANY_PROTOCOL, 0, address, position);
          }
        }
      }
    }
  });
  const answers = new Array<number>(owner.length).fill(Infinity);
  for (const p of planes.values()) if (p.queries.length > 0) answerPlane(p, answers);
  const out: Array<Witness | undefined> = ordered.map(() => undefined);
  for (let id = 0; id < owner.length; id += 2) {
    if (answers[id] >= owner[id] && answers[id + 1] >= owner[id]) out[owner[id]] ??= points[id / 2];
  }
  return out;
}

/** The distinct values, ascending, and each one's index among them. */
function coordinates(values: Iterable<bigint>): Map<bigint, number> {
  const distinct = [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return new Map(distinct.map((v, i) => [v, i]));
}

/** Event kinds of the sweep at one port, in the order they apply: deletions, insertions, then queries. */
const DELETE = 0;
const INSERT = 1;
const QUERY = 2;
/** Events are packed in one number, port × 4 × 2^26 + kind × 2^26 + index, and sorted as numbers. */
const INDEX_SPAN = 2 ** 26;

/** Writes to `answers` the first position of a box holding each query of the plane (Infinity when none). */
function answerPlane(plane: Plane, answers: number[]): void {
  const { boxes, queries } = plane;
  if (boxes.length >= INDEX_SPAN || queries.length >= INDEX_SPAN) throw new Error("internal: too many rules for the cover witness sweep");
  const index = coordinates(
    (function* () {
      for (const b of boxes) {
        yield b.addressLo;
        yield b.addressHi + 1n;
      }
      for (const q of queries) yield q.address;
    })(),
  );
  let size = 1;
  while (size < index.size) size *= 2;
  const heaps: Array<number[] | undefined> = new Array(2 * size);
  const removed = new Uint8Array(boxes.length);
  const pack = (port: number, kind: number, i: number): number => (port * 4 + kind) * INDEX_SPAN + i;
  const events = new Float64Array(2 * boxes.length + queries.length);
  let n = 0;
  boxes.forEach((b, i) => {
    events[n++] = pack(b.portLo, INSERT, i);
    events[n++] = pack(b.portHi + 1, DELETE, i);
  });
  queries.forEach((q, i) => (events[n++] = pack(q.port, QUERY, i)));
  events.sort();
  for (const e of events) {
    const i = e % INDEX_SPAN;
    const kind = Math.floor(e / INDEX_SPAN) % 4;
    if (kind === DELETE) {
      removed[i] = 1;
    } else if (kind === INSERT) {
      const b = boxes[i];
      let l = index.get(b.addressLo)! + size;
      let r = index.get(b.addressHi + 1n)! + size;
      while (l < r) {
        if (l & 1) heapPush((heaps[l++] ??= []), i);
        if (r & 1) heapPush((heaps[--r] ??= []), i);
        l >>= 1;
        r >>= 1;
      }
    } else {
      const q = queries[i];
      let best = Infinity;
      for (let node = index.get(q.address)! + size; node >= 1; node >>= 1) {
        const heap = heaps[node];
        if (!heap) continue;
        while (heap.length > 0 && removed[heap[0]]) heapPop(heap);
        if (heap.length > 0) best = Math.min(best, boxes[heap[0]].position);
      }
      answers[q.id] = best;
    }
  }
}

/** Box indices grow with matching order, so the smallest index is the first rule. */
function heapPush(heap: number[], value: number): void {
  let i = heap.length;
  heap.push(value);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent] <= value) break;
    heap[i] = heap[parent];
    i = parent;
  }
  heap[i] = value;
}

function heapPop(heap: number[]): void {
  const last = heap.pop()!;
  if (heap.length === 0) return;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= heap.length) break;
    const c = l + 1 < heap.length && heap[l + 1] < heap[l] ? l + 1 : l;
    if (heap[c] >= last) break;
    heap[i] = heap[c];
    i = c;
  }
  heap[i] = last;
}
