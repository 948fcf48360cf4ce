/**
 * The single-flow check of a matrix example at one hop, with the rules that cannot match skipped:
 * per compiled list (core/decision.ts) and (protocol, port), the effective rules, in matching
 * order, whose protocol and ports hold the packet's — computed once and kept — so checking a
 * cell walks a handful of rules instead of the whole list. Each candidate is still judged by the
 * list's own `matches` (protocol, port, remote address or group), and a rule left out could not
 * have matched (its protocol or ports exclude the packet), so the first match is the list's.
 */
import { CompiledRules } from "../core/decision";

/** The candidates of one compiled list, by (protocol, port). */
export class HopCandidates {
  /** Per key `protocol * 65537 + port + 1` (port -1: a protocol without ports): positions in `entries`, ascending. */
  private readonly byPacket = new Map<number, Int32Array>();

  constructor(readonly list: CompiledRules) {}

  /**
   * The position in `list.entries` of the first effective rule that matches the packet, or -1
   * (default deny): `list.firstMatch` of the same arguments.
   * @param port the destination port, or -1 for a protocol without ports
   */
  firstMatch(protocol: number, port: number, address: bigint, members: ReadonlySet<string>): number {
    const key = protocol * 65537 + port + 1;
    let candidates = this.byPacket.get(key);
    if (candidates === undefined) {
      candidates = this.candidates(protocol, port);
      this.byPacket.set(key, candidates);
    }
    const list = this.list;
    const address4 = list.version === 4 ? Number(address) : 0;
    for (let k = 0; k < candidates.length; k++) {
      const i = candidates[k];
      if (list.matches(i, protocol, port, address4, address, members)) return i;
    }
    return -1;
  }

  /** The effective rules whose protocol and ports hold (protocol, port), in matching order. */
  private candidates(protocol: number, port: number): Int32Array {
    const out: number[] = [];
    for (const i of this.list.effective) {
      const rule = this.list.entries[i].rule;
      if (rule.protocol !== undefined && rule.protocol !== protocol) continue;
      if (rule.ports !== undefined && (port < 0 || !rule.ports.has(port))) continue;
      out.push(i);
    }
    return Int32Array.from(out);
  }
}
