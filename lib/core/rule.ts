/**
 * The security group rule model and its validation (semantics.md §1, §5, §6). Rules are built
 * from Terraform field values (`huaweicloud_networking_secgroup_rule`), so the constructs that
 * write rules and the reader that reads them share one set of checks.
 */
import { AddressSet } from "./address-set";
import { ValidationError } from "./errors";
import { Subject, descriptionField, priorityField, integerIn } from "./fields";
import { ETHERTYPE, IpVersion, parseAddress, parseCidr } from "./ip";
import { PortSet } from "./port-set";
import { PROTOCOL_NUMBERS, hasPorts, parseRuleProtocol, protocolName } from "./protocol";

/** Traffic direction, seen from the instance: `ingress` (inbound) or `egress` (outbound). */
export type Direction = "ingress" | "egress";
/** What a matching rule does. */
export type Action = "allow" | "deny";

/** Priority an omitted `priority` is read as (provider docs; the evaluator warns about it). */
export const IMPLICIT_PRIORITY = 1;

/** The other end of the traffic a rule matches: the source for ingress, the destination for egress. */
export type Remote =
  /** No remote field: every address of the rule's IP version. */
  | { readonly kind: "any" }
  /** `remote_ip_prefix`: a canonical CIDR block. */
  | { readonly kind: "cidr"; readonly cidr: string; readonly addresses: AddressSet }
  /** `remote_group_id`: the private fixed IPs of the NICs of the group's member instances. */
  | { readonly kind: "group"; readonly groupId: string }
  /** `remote_address_group_id`: the addresses of an IP address group. */
  | { readonly kind: "addressGroup"; readonly addressGroupId: string };

/** One security group rule, validated. */
export interface Rule {
  /** Identity for reports: the Terraform address, or `<group>#default-<direction>-<ipv4|ipv6>`. */
  readonly id: string;
  /** The id of the group the rule belongs to. */
  readonly securityGroupId: string;
  readonly direction: Direction;
  /** The rule's `ethertype` as an IP version. */
  readonly version: IpVersion;
  /** Protocol number; undefined = every protocol. */
  readonly protocol?: number;
  /** Destination ports (tcp/udp only); undefined = every port. */
  readonly ports?: PortSet;
  /** Whether the rule was written with inconsecutive ports (a comma in `ports`): quota and flavor effects. */
  readonly inconsecutivePorts: boolean;
  readonly remote: Remote;
  readonly action: Action;
  /** 1 (first) to 100 (last). */
  readonly priority: number;
  /** Whether `priority` was omitted and read as 1. */
  readonly priorityImplicit: boolean;
  readonly description?: string;
}

/** The fields of a `huaweicloud_networking_secgroup_rule`, as plain values (references resolved to ids). */
export interface RuleFields {
  readonly security_group_id?: unknown;
  readonly direction?: unknown;
  readonly ethertype?: unknown;
  readonly protocol?: unknown;
  readonly ports?: unknown;
  readonly port_range_min?: unknown;
  readonly port_range_max?: unknown;
  readonly remote_ip_prefix?: unknown;
  readonly remote_group_id?: unknown;
  readonly remote_address_group_id?: unknown;
  readonly action?: unknown;
  readonly priority?: unknown;
  readonly description?: unknown;
}

const present = (v: unknown): boolean => v !== undefined && v !== null && v !== "";

/**
 * Valid `ports` and `remote_ip_prefix` values already parsed, by text: an estate repeats a few
 * hundred of each over its many rules, and the parsed values are immutable, so rules share them.
 * Cleared when full, so a long-lived process does not grow without bound.
 */
const parsedPorts = new Map<string, PortSet>();
const parsedCidrRemotes = new Map<string, Remote>();
const MEMO_LIMIT = 10_000;

function remember<V>(memo: Map<string, V>, key: string, value: V): V {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
  return value;
}

/** `PortSet.parse`, memoized for valid texts. */
function parsePorts(text: string): PortSet | string {
  const known = parsedPorts.get(text);
  if (known) return known;
  const parsed = PortSet.parse(text);
  return typeof parsed === "string" ? parsed : remember(parsedPorts, text, parsed);
}

/**
 * Validates a rule's fields and builds the rule.
 * @param fields the Terraform fields
 * @param subject where the rule comes from, for errors
 * @param id the rule's identity in reports
 * @throws ValidationError on the first value the provider or the API would reject
 */
export function parseRule(fields: RuleFields, subject: Subject, id: string): Rule {
  const securityGroupId = fields.security_group_id;
  if (typeof securityGroupId !== "string" || securityGroupId === "") {
    throw new ValidationError(subject, "security_group_id", securityGroupId, "is required: the id of a huaweicloud_networking_secgroup");
  }

  // The provider compares direction and ethertype case-insensitively; protocol and action are case-sensitive.
  const direction = typeof fields.direction === "string" ? fields.direction.toLowerCase() : fields.direction;
  if (direction !== "ingress" && direction !== "egress") {
    throw new ValidationError(subject, "direction", fields.direction, 'must be "ingress" or "egress"');
  }

  const ethertype = typeof fields.ethertype === "string" ? fields.ethertype.toLowerCase() : fields.ethertype;
  if (ethertype !== "ipv4" && ethertype !== "ipv6") {
    throw new ValidationError(subject, "ethertype", fields.ethertype, 'must be "IPv4" or "IPv6"');
  }
  const version: IpVersion = ethertype === "ipv4" ? 4 : 6;

  let protocol: number | undefined;
  if (present(fields.protocol)) {
    const parsed = parseRuleProtocol(typeof fields.protocol === "number" ? String(fields.protocol) : (fields.protocol as string));
    if (typeof parsed === "string") throw new ValidationError(subject, "protocol", fields.protocol, parsed);
    protocol = parsed;
    if (version === 6 && protocol === PROTOCOL_NUMBERS.icmp) {
      throw new ValidationError(subject, "protocol", fields.protocol, 'icmp goes with ethertype "IPv4"', 'use "icmpv6" for IPv6');
    }
    if (version === 4 && protocol === PROTOCOL_NUMBERS.icmpv6) {
      throw new ValidationError(subject, "protocol", fields.protocol, 'icmpv6 goes with ethertype "IPv6"', 'use "icmp" for IPv4');
    }
  }

  const v3Fields = (["ports", "action", "priority", "remote_address_group_id"] as const).filter((f) => present(fields[f]));
  const legacyPorts = present(fields.port_range_min) || present(fields.port_range_max);
  if (legacyPorts && v3Fields.length > 0) {
    throw new ValidationError(
      subject,
      present(fields.port_range_min) ? "port_range_min" : "port_range_max",
      present(fields.port_range_min) ? fields.port_range_min : fields.port_range_max,
      `conflicts with ${v3Fields.join(", ")} in the provider`,
      "write the ports in `ports` instead",
    );
  }

  let ports: PortSet | undefined;
  let inconsecutivePorts = false;
  if (present(fields.ports) || legacyPorts) {
    const field = present(fields.ports) ? "ports" : "port_range_min";
    const value = present(fields.ports) ? fields.ports : fields.port_range_min;
    if (protocol === undefined || !hasPorts(protocol)) {
      throw new ValidationError(subject, field, value, `ports are allowed only with protocol tcp or udp (protocol is ${protocolName(protocol)})`);
    }
    if (present(fields.ports)) {
      const text = typeof fields.ports === "number" ? String(fields.ports) : fields.ports;
      const parsed = parsePorts(text as string);
      if (typeof parsed === "string") throw new ValidationError(subject, "ports", fields.ports, parsed);
      ports = parsed;
      inconsecutivePorts = (text as string).includes(",");
    } else {
      const lo = integerIn(subject, "port_range_min", fields.port_range_min, 1, 65535);
      const hi = integerIn(subject, "port_range_max", fields.port_range_max ?? fields.port_range_min, 1, 65535);
      if (lo > hi) throw new ValidationError(subject, "port_range_max", fields.port_range_max, `must be at least port_range_min (${lo})`);
      ports = PortSet.range(lo, hi);
    }
    if (ports.isAll) ports = undefined;
  }

  const remotes = (["remote_ip_prefix", "remote_group_id", "remote_address_group_id"] as const).filter((f) => present(fields[f]));
  if (remotes.length > 1) {
    throw new ValidationError(subject, remotes[1], fields[remotes[1]], `at most one of remote_ip_prefix, remote_group_id, remote_address_group_id may be set (${remotes[0]} is set too)`);
  }
  let remote: Remote = { kind: "any" };
  if (remotes[0] === "remote_ip_prefix") {
    remote = parseRemoteCidr(subject, fields.remote_ip_prefix, version);
  } else if (remotes[0] === "remote_group_id") {
    if (typeof fields.remote_group_id !== "string") throw new ValidationError(subject, "remote_group_id", fields.remote_group_id, "must be a security group id");
    remote = { kind: "group", groupId: fields.remote_group_id };
  } else if (remotes[0] === "remote_address_group_id") {
    if (typeof fields.remote_address_group_id !== "string") {
      throw new ValidationError(subject, "remote_address_group_id", fields.remote_address_group_id, "must be an IP address group id");
    }
    remote = { kind: "addressGroup", addressGroupId: fields.remote_address_group_id };
  }

  let action: Action = "allow";
  if (present(fields.action)) {
    if (fields.action !== "allow" && fields.action !== "deny") {
      const lower = typeof fields.action === "string" ? fields.action.toLowerCase() : undefined;
      const hint = lower === "allow" || lower === "deny" ? `did you mean "${lower}"?` : undefined;
      throw new ValidationError(subject, "action", fields.action, 'must be "allow" or "deny" (lower case)', hint);
    }
    action = fields.action;
  }

  const priorityImplicit = !present(fields.priority);
  const priority = priorityImplicit ? IMPLICIT_PRIORITY : priorityField(subject, fields.priority);
  const description = descriptionField(subject, fields.description);

  return {
    id,
    securityGroupId,
    direction,
    version,
    ...(protocol !== undefined ? { protocol } : {}),
    ...(ports !== undefined ? { ports } : {}),
    inconsecutivePorts,
    remote,
    action,
    priority,
    priorityImplicit,
    ...(description !== undefined ? { description } : {}),
  };
}

/**
 * Validates a `remote_ip_prefix`: a canonical network CIDR of the rule's IP version.
 * A bare address gets `did you mean 10.0.0.5/32?`; host bits get `did you mean 10.0.0.0/24?`.
 */
export function parseRemoteCidr(subject: Subject, value: unknown, version: IpVersion, field = "remote_ip_prefix"): Remote {
  const known = typeof value === "string" ? parsedCidrRemotes.get(`${version} ${value}`) : undefined;
  if (known) return known;
  const allowed = `must be an ${ETHERTYPE[version]} network in CIDR notation (${version === 4 ? "10.0.0.0/24, 0.0.0.0/0" : "2001:db8::/64, ::/0"})`;
  if (typeof value !== "string") throw new ValidationError(subject, field, value, allowed);
  const cidr = parseCidr(value);
  if (!cidr) {
    const bare = parseAddress(value);
    if (bare) {
      throw new ValidationError(subject, field, value, `${allowed}: the prefix length is missing`, `did you mean ${value}/${bare.version === 4 ? 32 : 128}?`);
    }
    throw new ValidationError(subject, field, value, allowed);
  }
  if (cidr.version !== version) {
    throw new ValidationError(subject, field, value, `is an IPv${cidr.version} block but ethertype is ${ETHERTYPE[version]}`);
  }
  if (!cidr.canonical) {
    throw new ValidationError(subject, field, value, `${allowed}: host bits are set`, `did you mean ${cidr.text}?`);
  }
  if (cidr.text !== value) {
    // The provider's ValidateCIDR requires the canonical text: lower case, compressed, no leading zeros.
    throw new ValidationError(subject, field, value, `${allowed}, written in canonical form`, `did you mean ${cidr.text}?`);
  }
  return remember(parsedCidrRemotes, `${version} ${value}`, { kind: "cidr", cidr: cidr.text, addresses: AddressSet.parse(cidr.text) });
}

/** The identity of a rule's match, for duplicate and opposite-action checks. */
export function matchKey(rule: Rule): string {
  const remote =
    rule.remote.kind === "any" ? "any" :
    rule.remote.kind === "cidr" ? `cidr:${rule.remote.cidr}` :
    rule.remote.kind === "group" ? `group:${rule.remote.groupId}` :
    `addressGroup:${rule.remote.addressGroupId}`;
  return [rule.direction, rule.version, rule.protocol ?? "all", rule.ports?.toString() ?? "all", remote].join("|");
}

/** A one-line description of a rule: `ingress IPv4 tcp 22 from 10.0.0.0/8 allow priority 1`. */
export function describeRule(rule: Rule): string {
  const proto = protocolName(rule.protocol);
  const ports = rule.ports ? ` ${rule.ports.toString()}` : rule.protocol !== undefined && hasPorts(rule.protocol) ? " all ports" : "";
  const remote =
    rule.remote.kind === "any" ? "any address" :
    rule.remote.kind === "cidr" ? rule.remote.cidr :
    rule.remote.kind === "group" ? `security group ${rule.remote.groupId}` :
    `address group ${rule.remote.addressGroupId}`;
  const dir = rule.direction === "ingress" ? "from" : "to";
  return `${rule.direction} ${ETHERTYPE[rule.version]} ${proto}${ports} ${dir} ${remote}: ${rule.action}, priority ${rule.priority}`;
}
