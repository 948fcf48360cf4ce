/**
 * ICMP messages as the evaluator sees them. An icmp (protocol 1) or icmpv6 (58) rule matches
 * on the message's type and code (VPC API Reference, "Creating a Security Group Rule":
 * `port_range_min` is the ICMP type and `port_range_max` the ICMP code when the protocol is
 * ICMP; appendix "ICMP-Port Range Relationship Table": Any is both empty, Echo is 8 and 0).
 *
 * So that every set operation of the port dimension (decisions, allowed spaces, shadowing, the
 * matrix) works on ICMP unchanged, a message is a number of that dimension: type·256 + code + 1,
 * 1 to 65535. Every message has one but type 255 code 255 (reserved in ICMP and ICMPv6), which
 * is outside the evaluated space: no flow can carry it and a rule naming only it matches none.
 */
import { PROTOCOL_NUMBERS } from "./protocol";

/** The highest ICMP type or code (one byte each). */
export const MAX_ICMP = 255;

/** Whether a protocol is ICMP or ICMPv6 (its port dimension is the message's type and code). */
export function isIcmp(protocol: number | undefined): boolean {
  return protocol === PROTOCOL_NUMBERS.icmp || protocol === PROTOCOL_NUMBERS.icmpv6;
}

/**
 * Whether a protocol has a port dimension in the evaluator: destination ports (tcp, udp) or
 * ICMP type and code (icmp, icmpv6). Other protocols match on protocol and addresses only.
 */
export function hasPortSpace(protocol: number): boolean {
  return protocol === PROTOCOL_NUMBERS.tcp || protocol === PROTOCOL_NUMBERS.udp || protocol === PROTOCOL_NUMBERS.icmp || protocol === PROTOCOL_NUMBERS.icmpv6;
}

/** The number of an ICMP message in the port dimension; undefined for type 255 code 255 (outside the space) or bad values. */
export function icmpMessage(type: number, code: number): number | undefined {
  if (!Number.isInteger(type) || !Number.isInteger(code) || type < 0 || code < 0 || type > MAX_ICMP || code > MAX_ICMP) return undefined;
  const n = type * 256 + code + 1;
  return n > 65535 ? undefined : n;
}

/** The numbers of every message of an ICMP type (every code): `[from, to]`. */
export function icmpTypeRange(type: number): [number, number] {
  return [type * 256 + 1, Math.min(type * 256 + 256, 65535)];
}

/** The type and code of a message number 1–65535. */
export function icmpTypeCode(message: number): { readonly type: number; readonly code: number } {
  return { type: (message - 1) >>> 8, code: (message - 1) & 255 };
}

/** Names of ICMP (IPv4) messages: by `type` (every code) and by `type/code`, IANA's names in lower case. */
const ICMP4_NAMES: Readonly<Record<string, string>> = {
  "0": "echo reply",
  "3": "destination unreachable",
  "3/0": "net unreachable",
  "3/1": "host unreachable",
  "3/2": "protocol unreachable",
  "3/3": "port unreachable",
  "3/4": "fragmentation needed",
  "3/5": "source route failed",
  "4": "source quench",
  "5": "redirect",
  "5/0": "net redirect",
  "5/1": "host redirect",
  "5/2": "net TOS redirect",
  "5/3": "host TOS redirect",
  "8": "echo request",
  "9": "router advertisement",
  "10": "router solicitation",
  "11": "time exceeded",
  "11/0": "TTL exceeded",
  "11/1": "reassembly timeout",
  "12": "parameter problem",
  "13": "timestamp request",
  "14": "timestamp reply",
  "15": "information request",
  "16": "information reply",
};

/** Names of ICMPv6 messages (RFC 4443, RFC 4861). */
const ICMP6_NAMES: Readonly<Record<string, string>> = {
  "1": "destination unreachable",
  "1/4": "port unreachable",
  "2": "packet too big",
  "3": "time exceeded",
  "4": "parameter problem",
  "128": "echo request",
  "129": "echo reply",
  "133": "router solicitation",
  "134": "router advertisement",
  "135": "neighbor solicitation",
  "136": "neighbor advertisement",
  "137": "redirect",
};

/** The name of a message or a whole type, if it has one: `echo request`. */
export function icmpName(protocol: number, type: number, code?: number): string | undefined {
  const names = protocol === PROTOCOL_NUMBERS.icmpv6 ? ICMP6_NAMES : ICMP4_NAMES;
  if (code === undefined) return names[String(type)];
  const exact = names[`${type}/${code}`];
  if (exact) return exact;
  // Messages whose type has a single code (echo, timestamp, …) are named by their type.
  const single = [0, 4, 8, 9, 10, 12, 13, 14, 15, 16, 128, 129, 133, 134, 135, 136, 137, 2];
  return code === 0 && single.includes(type) ? names[String(type)] : undefined;
}

/** `icmp type 8 code 0 (echo request)`: one message in users' words (without the protocol when `bare`). */
export function describeIcmpMessage(protocol: number, message: number, bare = false): string {
  const { type, code } = icmpTypeCode(message);
  const name = icmpName(protocol, type, code);
  const text = `type ${type} code ${code}${name ? ` (${name})` : ""}`;
  return bare ? text : `${protocol === PROTOCOL_NUMBERS.icmpv6 ? "icmpv6" : "icmp"} ${text}`;
}

/**
 * A set of ICMP messages in users' words, as ranges of the port dimension: `type 8 (echo
 * request)`, `type 3 code 4 (fragmentation needed)`, `types 13-14`, `every ICMP message`.
 */
export function describeIcmpMessages(protocol: number, ranges: ReadonlyArray<readonly [number, number]>): string {
  if (ranges.length === 1 && ranges[0][0] <= 1 && ranges[0][1] >= 65535) return "every message";
  return ranges.map(([lo, hi]) => describeIcmpRange(protocol, lo, hi)).join(", ");
}

function describeIcmpRange(protocol: number, lo: number, hi: number): string {
  const a = icmpTypeCode(lo);
  const b = icmpTypeCode(hi);
  const wholeFrom = a.code === 0;
  const wholeTo = b.code === 255 || hi === 65535;
  if (wholeFrom && wholeTo) {
    if (a.type === b.type) {
      const name = icmpName(protocol, a.type);
      return `type ${a.type}${name ? ` (${name})` : ""}`;
    }
    return `types ${a.type}-${b.type}`;
  }
  if (lo === hi) return describeIcmpMessage(protocol, lo, true);
  if (a.type === b.type) return `type ${a.type} codes ${a.code}-${b.code}`;
  return `type ${a.type} code ${a.code} to type ${b.type} code ${b.code}`;
}

/**
 * The port dimension of a protocol in users' words: `22`, `80,443` for tcp and udp, ICMP
 * messages for icmp and icmpv6.
 */
export function describePorts(protocol: number | undefined, ranges: ReadonlyArray<readonly [number, number]>): string {
  if (isIcmp(protocol)) return describeIcmpMessages(protocol!, ranges);
  return ranges.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(",");
}

/** One value of the port dimension of a flow in users' words: `port 22`, `type 8 code 0 (echo request)`. */
export function describePort(protocol: number, port: number): string {
  return isIcmp(protocol) ? describeIcmpMessage(protocol, port, true) : `port ${port}`;
}
