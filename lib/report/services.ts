/**
 * Services as people read them: `tcp 22, 80-443; udp 53; icmp`. One protocol per `;`-separated
 * part, in the order given (the analysis sorts them by protocol number, `all` first).
 */
import type { Service } from "../analysis/matrix";
import { describeIcmpMessages, icmpTypeCode } from "../core/icmp";
import { PROTOCOL_NUMBERS } from "../core/protocol";
import { ServiceJson } from "./schema";

/** The protocol number of an ICMP service's name, else undefined. */
function icmpProtocol(protocol: string): number | undefined {
  return protocol === "icmp" ? PROTOCOL_NUMBERS.icmp : protocol === "icmpv6" ? PROTOCOL_NUMBERS.icmpv6 : undefined;
}

/** The highest port number. */
const MAX_PORT = 65535;

/** A port range: `22`, `80-443`, or `all ports` for 1–65535. */
export function formatPortRange(range: readonly [number, number]): string {
  const [low, high] = range;
  if (low <= 1 && high >= MAX_PORT) return "all ports";
  return low === high ? String(low) : `${low}-${high}`;
}

/** The name of a service's protocol: `all protocols`, `all other protocols`, `tcp`, `gre`, `protocol 50`. */
export function formatProtocol(protocol: string): string {
  if (protocol === "all") return "all protocols";
  if (protocol === "other") return "all other protocols";
  return /^\d+$/.test(protocol) ? `protocol ${protocol}` : protocol;
}

/**
 * One service: `tcp 22, 80-443`, `icmp`, `all protocols`, `udp all ports`, `all other protocols
 * except udp, protocol 50` (`other` stands for every protocol its list does not name).
 */
export function formatService(service: Service): string {
  const name = formatProtocol(service.protocol);
  if (service.protocol === "other" && service.except !== undefined && service.except.length > 0) {
    return `${name} except ${service.except.map(formatProtocol).join(", ")}`;
  }
  if (service.ports === null) return name;
  const icmp = icmpProtocol(service.protocol);
  if (icmp !== undefined) {
    // Every message is written as the protocol alone, as before ICMP types were evaluated.
    const text = describeIcmpMessages(icmp, service.ports);
    return service.ports.length === 0 ? `${name} (no message)` : text === "every message" ? name : `${name} ${text}`;
  }
  if (service.ports.length === 0) return `${name} (no port)`;
  return `${name} ${service.ports.map(formatPortRange).join(", ")}`;
}

/** Services joined with `; `: `tcp 22, 80-443; udp 53; icmp`; `nothing` when there is none. */
export function formatServices(services: readonly Service[]): string {
  return services.length === 0 ? "nothing" : services.map(formatService).join("; ");
}

/** A service as the JSON documents write it (`{ protocol, ports, except }`, copied so that no other field leaks in). */
export function serviceJson(service: Service): ServiceJson {
  const icmp = icmpProtocol(service.protocol) !== undefined && service.ports !== null;
  const pair = (message: number): readonly [number, number] => {
    const { type, code } = icmpTypeCode(message);
    return [type, code];
  };
  return {
    protocol: service.protocol,
    ports: service.ports === null || icmp ? null : service.ports.map(([a, b]) => [a, b] as const),
    except: service.except === undefined ? [] : [...service.except],
    ...(icmp ? { icmp: service.ports!.map(([a, b]) => ({ from: pair(a), to: pair(b) })) } : {}),
  };
}
