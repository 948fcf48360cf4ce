/**
 * The earlier rules that may overlap a rule, found in matching order without looking at every
 * one: a static tree over the positions of a group's rules (one direction and IP version), each
 * node holding the bounding box (ports × addresses) of the rules under it, so whole stretches of
 * rules that lie elsewhere (another block, other ports) are skipped at once. A bounding box is a
 * filter only: the caller still asks `mayOverlap` of each rule found.
 *
 * A `remote_group_id` rule spans every address (its members may send from any), a rule without
 * ports (or of a protocol without ports) every port.
 */
import { MAX_ADDRESS } from "../core/ip";
import { MAX_PORT } from "../core/port-set";
import { Viewed } from "./cover-walk";

/** The bounding box of a rule's ports and remote addresses. */
interface Bounds {
  readonly portLo: number;
  readonly portHi: number;
  readonly addressLo: bigint;
  readonly addressHi: bigint;
}

/** The box a rule spans: its port ranges' hull and its addresses' hull (every address for a group remote). */
export function boundsOf({ rule, remote }: Viewed): Bounds {
  const ranges = rule.ports?.ranges;
  const portLo = ranges ? ranges[0][0] : 0;
  const portHi = ranges ? ranges[ranges.length - 1][1] : MAX_PORT;
  if (remote.kind === "group" || remote.addresses.isEmpty) return { portLo, portHi, addressLo: 0n, addressHi: MAX_ADDRESS[rule.version] };
  const intervals = remote.addresses.intervals;
  return { portLo, portHi, addressLo: intervals[0][0], addressHi: intervals[intervals.length - 1][1] };
}

/** A static tree of bounding boxes over rule positions. */
export class OverlapIndex {
  private readonly size: number;
  private readonly portLo: Int32Array;
  private readonly portHi: Int32Array;
  private readonly addressLo: bigint[];
  private readonly addressHi: bigint[];

  constructor(ordered: readonly Viewed[]) {
    let size = 1;
    while (size < ordered.length) size *= 2;
    this.size = size;
    this.portLo = new Int32Array(2 * size).fill(MAX_PORT + 1);
    this.portHi = new Int32Array(2 * size).fill(-1);
    this.addressLo = new Array<bigint>(2 * size).fill(1n);
    this.addressHi = new Array<bigint>(2 * size).fill(0n);
    ordered.forEach((v, i) => {
      const b = boundsOf(v);
      this.portLo[size + i] = b.portLo;
      this.portHi[size + i] = b.portHi;
      this.addressLo[size + i] = b.addressLo;
      this.addressHi[size + i] = b.addressHi;
    });
    for (let n = size - 1; n >= 1; n--) {
      const [l, r] = [2 * n, 2 * n + 1];
      this.portLo[n] = Math.min(this.portLo[l], this.portLo[r]);
      this.portHi[n] = Math.max(this.portHi[l], this.portHi[r]);
      const emptyL = this.addressLo[l] > this.addressHi[l];
      const emptyR = this.addressLo[r] > this.addressHi[r];
      this.addressLo[n] = emptyL ? this.addressLo[r] : emptyR ? this.addressLo[l] : this.addressLo[l] < this.addressLo[r] ? this.addressLo[l] : this.addressLo[r];
      this.addressHi[n] = emptyL ? this.addressHi[r] : emptyR ? this.addressHi[l] : this.addressHi[l] > this.addressHi[r] ? this.addressHi[l] : this.addressHi[r];
    }
  }

  /** The first position in `[from, end)` whose bounding box meets `query`, or -1. */
  next(query: Bounds, from: number, end: number): number {
    return from >= end ? -1 : this.search(1, 0, this.size, query, from, end);
  }

  private meets(node: number, q: Bounds): boolean {
    return (
      this.portLo[node] <= q.portHi && this.portHi[node] >= q.portLo &&
      this.addressLo[node] <= q.addressHi && this.addressHi[node] >= q.addressLo
    );
  }

  private search(node: number, lo: number, hi: number, q: Bounds, from: number, end: number): number {
    if (hi <= from || lo >= end || !this.meets(node, q)) return -1;
    if (hi - lo === 1) return lo;
    const mid = (lo + hi) >> 1;
    const left = this.search(2 * node, lo, mid, q, from, end);
    return left >= 0 ? left : this.search(2 * node + 1, mid, hi, q, from, end);
  }
}
