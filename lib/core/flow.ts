/**
 * Flows: one packet's worth of traffic between two ends, at least one of them an instance.
 */
import { HwsgError } from "./errors";
import { IpVersion, formatAddress } from "./ip";
import { MAX_PORT, MIN_PORT } from "./port-set";
import { describePort, hasPortSpace, isIcmp } from "./icmp";
import { MAX_PROTOCOL, protocolName } from "./protocol";

/** One end of a flow. */
export type FlowEnd =
  /** A host outside the model (the internet, an on-premises server): it has no security group. */
  | { readonly kind: "external"; readonly address: bigint }
  /**
   * An instance of the model. `address` is the address the packet carries for this end;
   * `fromFixedIp` says whether that is the NIC's private fixed IP (only then do
   * `remote_group_id` rules match it, semantics.md §4).
   */
  | { readonly kind: "instance"; readonly instanceId: string; readonly nicIndex: number; readonly address: bigint; readonly fromFixedIp: boolean };

/** A packet from `src` to `dst` (the connection's first packet; replies pass, semantics.md §3). */
export interface Flow {
  readonly version: IpVersion;
  /** Protocol number 0–255. */
  readonly protocol: number;
  /**
   * Destination port, for tcp and udp; for icmp and icmpv6 the message, as `icmpMessage(type,
   * code)` numbers it (type·256 + code + 1). Absent for every other protocol.
   */
  readonly port?: number;
  readonly src: FlowEnd;
  readonly dst: FlowEnd;
}

/** Checks a flow's protocol and port; throws HwsgError when it cannot be a packet. */
export function checkFlow(flow: Flow): void {
  if (!Number.isInteger(flow.protocol) || flow.protocol < 0 || flow.protocol > MAX_PROTOCOL) {
    throw new HwsgError(`protocol ${flow.protocol} is not a protocol number 0-${MAX_PROTOCOL}`);
  }
  if (hasPortSpace(flow.protocol)) {
    if (flow.port === undefined || !Number.isInteger(flow.port) || flow.port < MIN_PORT || flow.port > MAX_PORT) {
      throw new HwsgError(
        isIcmp(flow.protocol)
          ? `an ${protocolName(flow.protocol)} flow needs its ICMP type and code as port (icmpMessage(type, code), ${MIN_PORT}-${MAX_PORT}; got ${flow.port ?? "none"})`
          : `a ${protocolName(flow.protocol)} flow needs a destination port ${MIN_PORT}-${MAX_PORT} (got ${flow.port ?? "none"})`,
      );
    }
  } else if (flow.port !== undefined) {
    throw new HwsgError(`a ${protocolName(flow.protocol)} flow has no port (got ${flow.port})`);
  }
  if (flow.src.kind === "external" && flow.dst.kind === "external") {
    throw new HwsgError("a flow needs an instance of the model at one end at least");
  }
}

/** `tcp 10.0.0.5 -> 10.0.1.7:3306`, naming instances where they are known. */
export function describeFlow(flow: Flow): string {
  return describeFlowWith(flow, formatAddress);
}

/** `describeFlow` with another way to print an address (one that caches, say); `format` must print as `formatAddress`. */
export function describeFlowWith(flow: Flow, format: (version: IpVersion, address: bigint) => string): string {
  const end = (e: FlowEnd): string => {
    const addr = format(flow.version, e.address);
    return e.kind === "instance" ? `${e.instanceId} (${addr}${e.fromFixedIp ? "" : ", not its fixed IP"})` : addr;
  };
  const port = flow.port !== undefined ? ` ${describePort(flow.protocol, flow.port)}` : "";
  const proto = protocolName(flow.protocol);
  return `${/^\d/.test(proto) ? `protocol ${proto}` : proto}${port} from ${end(flow.src)} to ${end(flow.dst)}`;
}
