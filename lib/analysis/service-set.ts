/**
 * Sets of (protocol, port) built from the cells of a refinement (pair-space.ts), and their
 * canonical compression into `Service` lists (ICMP messages are ports of icmp and icmpv6, as
 * core/icmp.ts numbers them).
 */
import { hasPortSpace } from "../core/icmp";
import { PortSet } from "../core/port-set";
import { MAX_PROTOCOL, PROTOCOL_NUMBERS, protocolName } from "../core/protocol";
import type { Service } from "./matrix-model";
import { Cell, compareText } from "./pair-space";

const NAME_TO_NUMBER = new Map<string, number>(Object.entries(PROTOCOL_NUMBERS));

/** The protocol number of a service's protocol word: a name, a number, or -1 for `all` and 256 for `other` (for sorting). */
export function serviceOrder(protocol: string): number {
  if (protocol === "all") return -1;
  if (protocol === "other") return MAX_PROTOCOL + 1;
  return NAME_TO_NUMBER.get(protocol) ?? Number(protocol);
}

/** Orders two service lists by their first service: protocol (`all` first, `other` last), then first port. */
export function compareServices(a: readonly Service[], b: readonly Service[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = serviceOrder(a[i].protocol) - serviceOrder(b[i].protocol) || (a[i].ports?.[0]?.[0] ?? 0) - (b[i].ports?.[0]?.[0] ?? 0);
    if (d !== 0) return d;
  }
  return a.length - b.length || compareText(JSON.stringify(a), JSON.stringify(b));
}

/**
 * A set of (protocol, port) pairs built from the cells of one refinement: the ports of each
 * protocol the refinement names, and one yes/no for every other protocol (they behave alike).
 */
export class ServiceSet {
  private readonly ports = new Map<number, PortSet>();
  private rest = false;

  constructor(private readonly named: ReadonlySet<number>) {}

  /** Adds a whole cell. */
  add(cell: Cell): void {
    if (cell.klass === null) {
      this.rest = true;
      return;
    }
    const ports = cell.ports ? PortSet.range(cell.ports[0], cell.ports[1]) : PortSet.ALL;
    this.ports.set(cell.klass, (this.ports.get(cell.klass) ?? PortSet.NONE).union(ports));
  }

  /**
   * Adds ports of one class at once: what `add` does for each cell of the class within `ports`
   * (for the class of unnamed protocols, the ports do not matter: every such protocol is in).
   */
  addPorts(klass: number | null, ports: PortSet): void {
    if (klass === null) {
      this.rest = true;
      return;
    }
    const known = this.ports.get(klass);
    this.ports.set(klass, known ? known.union(ports) : ports);
  }

  /** Whether nothing was added. */
  get isEmpty(): boolean {
    return !this.rest && this.ports.size === 0;
  }

  /**
   * The canonical service list; it depends only on the set, not on which protocols the rules
   * name. When more than half of the 256 protocols are in the set on every port, it is written
   * as exceptions: the protocols in it on some ports only (tcp/udp with their ports), then
   * `other` (every protocol not listed), with `except` naming the protocols not in the set at
   * all — or just `all` when there is no exception. Otherwise the protocols in the set are
   * listed one by one. Sorted by protocol number, `all` first, `other` last.
   */
  toServices(): Service[] {
    const full = (p: number): boolean => (hasPortSpace(p) ? this.portsOf(p).isAll : !this.portsOf(p).isEmpty);
    let fullCount = this.rest ? MAX_PROTOCOL + 1 - this.named.size : 0;
    for (const p of this.named) if (full(p)) fullCount++;
    const entry = (p: number): Service => ({ protocol: protocolName(p), ports: hasPortSpace(p) ? this.portsOf(p).ranges : null });
    const namedAsc = [...this.named].sort((a, b) => a - b);
    if (fullCount * 2 > MAX_PROTOCOL + 1) {
      const partial = namedAsc.filter((p) => !full(p) && !this.portsOf(p).isEmpty).map(entry);
      const none = namedAsc.filter((p) => this.portsOf(p).isEmpty).map((p) => protocolName(p));
      if (partial.length === 0 && none.length === 0) return [{ protocol: "all", ports: null }];
      return [...partial, { protocol: "other", ports: null, ...(none.length ? { except: none } : {}) }];
    }
    const listed = this.rest ? Array.from({ length: MAX_PROTOCOL + 1 }, (_, p) => p) : namedAsc;
    return listed.filter((p) => !this.portsOf(p).isEmpty).map(entry);
  }

  /** The ports of a protocol in the set (every port / none for a protocol without ports). */
  private portsOf(protocol: number): PortSet {
    if (this.named.has(protocol)) return this.ports.get(protocol) ?? PortSet.NONE;
    return this.rest ? PortSet.ALL : PortSet.NONE;
  }
}
