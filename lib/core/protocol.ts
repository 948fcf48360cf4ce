/**
 * IP protocols as security group rules name them: `tcp`, `udp`, `icmp`, `icmpv6` or a number
 * 0–255. A rule without a protocol matches every protocol.
 */
import { IpVersion } from "./ip";

/** Protocol numbers of the names Huawei Cloud uses. */
export const PROTOCOL_NUMBERS = {
  icmp: 1,
  tcp: 6,
  gre: 47,
  udp: 17,
  icmpv6: 58,
} as const;

/** The protocol names the provider accepts in a rule's `protocol` field (case-sensitive). */
export const RULE_PROTOCOL_NAMES = ["tcp", "udp", "icmp", "icmpv6"] as const;

/** The highest protocol number. */
export const MAX_PROTOCOL = 255;

/** Whether a protocol carries destination ports (tcp and udp). */
export function hasPorts(protocol: number): boolean {
  return protocol === PROTOCOL_NUMBERS.tcp || protocol === PROTOCOL_NUMBERS.udp;
}

/** `protocolName` of every protocol number 0–255, computed once. */
const PROTOCOL_NAMES: readonly string[] = Array.from({ length: MAX_PROTOCOL + 1 }, (_, p) => {
  for (const [name, n] of Object.entries(PROTOCOL_NUMBERS)) if (n === p) return name;
  return String(p);
});

/** The protocol's name for output: `tcp`, `udp`, `icmp`, `icmpv6`, `gre`, or its number. */
export function protocolName(protocol: number | undefined): string {
  if (protocol === undefined) return "all";
  return PROTOCOL_NAMES[protocol] ?? String(protocol);
}

/** The rule `protocol` value that Terraform takes for a protocol number (`gre` is written `47`). */
export function ruleProtocolValue(protocol: number): string {
  const name = protocolName(protocol);
  return (RULE_PROTOCOL_NAMES as readonly string[]).includes(name) ? name : String(protocol);
}

/**
 * Parses a rule's `protocol` field. Returns the number, or a sentence saying what is allowed.
 * Names are case-sensitive, as in the provider.
 */
export function parseRuleProtocol(text: string): number | string {
  const allowed = `one of ${RULE_PROTOCOL_NAMES.join(", ")} (lower case) or a protocol number 0-${MAX_PROTOCOL}`;
  if (typeof text !== "string") return allowed;
  if ((RULE_PROTOCOL_NAMES as readonly string[]).includes(text)) {
    return PROTOCOL_NUMBERS[text as keyof typeof PROTOCOL_NUMBERS];
  }
  if (/^\d{1,3}$/.test(text) && Number(text) <= MAX_PROTOCOL) return Number(text);
  const lower = text.toLowerCase();
  if ((RULE_PROTOCOL_NAMES as readonly string[]).includes(lower)) return `${allowed}; did you mean "${lower}"?`;
  if (lower === "gre") return `${allowed}; GRE is written as its number, "47"`;
  return allowed;
}

/**
 * Parses a protocol named on the command line: a rule name, `gre`, `all`, or a number 0–255.
 * Returns the number, `"all"`, or undefined when invalid.
 */
export function parseFlowProtocol(text: string): number | "all" | undefined {
  const lower = text.toLowerCase();
  if (lower === "all") return "all";
  if (lower in PROTOCOL_NUMBERS) return PROTOCOL_NUMBERS[lower as keyof typeof PROTOCOL_NUMBERS];
  if (/^\d{1,3}$/.test(text) && Number(text) <= MAX_PROTOCOL) return Number(text);
  return undefined;
}

/** The ICMP protocol of an IP version: `icmp` for IPv4, `icmpv6` for IPv6. */
export function icmpFor(version: IpVersion): number {
  return version === 4 ? PROTOCOL_NUMBERS.icmp : PROTOCOL_NUMBERS.icmpv6;
}
