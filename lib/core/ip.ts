/**
 * IP addresses and CIDR blocks as numbers. Parsing and formatting go through ipaddr.js; this
 * file only converts between its byte arrays and bigint numbers.
 */
import * as ipaddr from "ipaddr.js";

/** An IP version. */
export type IpVersion = 4 | 6;

/** Address width in bits for each IP version. */
export const ADDRESS_BITS: Record<IpVersion, number> = { 4: 32, 6: 128 };

/** The largest address number of each version. */
export const MAX_ADDRESS: Record<IpVersion, bigint> = {
  4: (1n << 32n) - 1n,
  6: (1n << 128n) - 1n,
};

/** The Terraform `ethertype` value of each IP version. */
export const ETHERTYPE: Record<IpVersion, "IPv4" | "IPv6"> = { 4: "IPv4", 6: "IPv6" };

/** A parsed address. */
export interface Address {
  readonly version: IpVersion;
  readonly value: bigint;
}

/** A parsed CIDR block; `network` has no host bits set unless the text had them. */
export interface Cidr {
  readonly version: IpVersion;
  readonly network: bigint;
  readonly prefix: number;
  /** Whether the text named the network address itself (no host bits set). */
  readonly canonical: boolean;
  /** The canonical text of the block (`10.0.0.0/24`). */
  readonly text: string;
}

function toBigInt(bytes: number[]): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

function fromBigInt(version: IpVersion, value: bigint): ipaddr.IPv4 | ipaddr.IPv6 {
  const len = version === 4 ? 4 : 16;
  const bytes = new Array<number>(len);
  let v = value;
  for (let i = len - 1; i >= 0; i--) {
    bytes[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return ipaddr.fromByteArray(bytes);
}

function parseIp(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  if (typeof text !== "string") return undefined;
  if (text.includes(":")) {
    if (!ipaddr.IPv6.isValid(text)) return undefined;
    const v6 = ipaddr.IPv6.parse(text);
    return v6.zoneId ? undefined : v6;
  }
  return ipaddr.IPv4.isValidFourPartDecimal(text) ? ipaddr.IPv4.parse(text) : undefined;
}

/** Parses a single IPv4 (dotted four-part decimal) or IPv6 address; undefined when invalid. */
export function parseAddress(text: string): Address | undefined {
  const ip = parseIp(text);
  if (!ip) return undefined;
  return { version: ip.kind() === "ipv4" ? 4 : 6, value: toBigInt(ip.toByteArray()) };
}

/** Formats an address number (`10.0.0.1`, `2001:db8::1`). */
export function formatAddress(version: IpVersion, value: bigint): string {
  return fromBigInt(version, value).toString();
}

/** Parses `a.b.c.d/n` or `x::/n`; undefined when it is not a CIDR block at all. */
export function parseCidr(text: string): Cidr | undefined {
  if (typeof text !== "string") return undefined;
  const slash = text.indexOf("/");
  if (slash < 0) return undefined;
  const ip = parseIp(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(prefixText)) return undefined;
  const version: IpVersion = ip.kind() === "ipv4" ? 4 : 6;
  const prefix = Number(prefixText);
  if (prefix > ADDRESS_BITS[version]) return undefined;
  const value = toBigInt(ip.toByteArray());
  const hostBits = BigInt(ADDRESS_BITS[version] - prefix);
  const network = (value >> hostBits) << hostBits;
  return {
    version,
    network,
    prefix,
    canonical: network === value,
    text: `${formatAddress(version, network)}/${prefix}`,
  };
}

/** The first and last address of a CIDR block. */
export function cidrBounds(cidr: Cidr): [bigint, bigint] {
  const hostBits = BigInt(ADDRESS_BITS[cidr.version] - cidr.prefix);
  return [cidr.network, cidr.network + (1n << hostBits) - 1n];
}

/** Splits `[lo, hi]` into the fewest CIDR blocks that cover exactly it. */
export function rangeToCidrs(version: IpVersion, lo: bigint, hi: bigint): string[] {
  const bits = ADDRESS_BITS[version];
  const out: string[] = [];
  let cur = lo;
  while (cur <= hi) {
    let size = 0;
    while (size < bits) {
      const next = size + 1;
      const block = 1n << BigInt(next);
      if (cur % block !== 0n || cur + block - 1n > hi) break;
      size = next;
    }
    out.push(`${formatAddress(version, cur)}/${bits - size}`);
    cur += 1n << BigInt(size);
  }
  return out;
}

/** Whether a block is an IPv4-mapped IPv6 network (`::ffff:10.0.0.0/104`): its network lies in ::ffff:0:0/96. */
export function isIpv4MappedCidr(cidr: Cidr): boolean {
  return cidr.version === 6 && cidr.network >> 32n === 0xffffn;
}
