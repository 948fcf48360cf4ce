/**
 * The text of a matrix cell's example flow, put together from pieces that recur: the head
 * (protocol and port, once per cell content), each end (an instance at its usual address, once
 * per node), joined by concatenation. The result is exactly core/flow.ts `describeFlow` of the
 * flow (instance ends sending from their fixed IP); the pieces are cached, so a cell costs a
 * few string joins and no formatting.
 */
import { IpVersion, formatAddress } from "../core/ip";
import { describePort } from "../core/icmp";
import { protocolName } from "../core/protocol";

/** The text before the source: `tcp port 22 from `, `icmp from `, `protocol 99 from `. */
export function exampleHead(protocol: number, port: number | undefined): string {
  const name = protocolName(protocol);
  return `${/^\d/.test(name) ? `protocol ${name}` : name}${port !== undefined ? ` ${describePort(protocol, port)}` : ""} from `;
}

/** Printed addresses and instance ends, kept for one matrix (the same few recur in thousands of examples). */
export class ExampleTexts {
  private readonly addresses = new Map<bigint, string>();

  constructor(private readonly version: IpVersion) {}

  /** An address as `formatAddress` prints it. */
  address(address: bigint): string {
    let t = this.addresses.get(address);
    if (t === undefined) this.addresses.set(address, (t = formatAddress(this.version, address)));
    return t;
  }

  /** An instance end sending from (or reached at) its fixed IP: `web (10.0.0.5)`. */
  instance(instanceId: string, address: bigint): string {
    return `${instanceId} (${this.address(address)})`;
  }
}

/** The whole example: head, source, ` to `, destination. */
export function exampleText(head: string, src: string, dst: string): string {
  return head + exampleTo(src) + dst;
}

/** A source followed by ` to ` (kept per node, so that a cell's text is `head + this + destination`). */
export function exampleTo(src: string): string {
  return src + " to ";
}
