/**
 * The security group rule model and its validation (semantics.md §1, §5, §6). Rules are built
 * from Terraform field values (`huaweicloud_networking_secgroup_rule`), so the constructs that
 * write rules and the reader that reads them share one set of checks.
 */
import { AddressSet } from "./address-set";
import { ValidationError } from "./errors";
import { Notes, Subject, descriptionField, priorityField, integerIn } from "./fields";
import { ETHERTYPE, IpVersion, isIpv4MappedCidr, parseAddress, parseCidr } from "./ip";
import { PortSet } from "./port-set";
import { MAX_ICMP, describePorts, icmpMessage, icmpTypeRange, isIcmp } from "./icmp";
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
  /**
   * Destination ports (tcp/udp), or the ICMP messages of an icmp or icmpv6 rule as numbers of the
   * same dimension (icmp.ts: type·256 + code + 1); undefined = every port or every message.
   */
  readonly ports?: PortSet;
  /** Whether the rule was written with inconsecutive ports (a comma in `ports`): quota and flavor effects. */
  readonly inconsecutivePorts: boolean;
  readonly remote: Remote;
  readonly action: Action;
  /** 1 (first) to 100 (last). */
  readonly priority: number;
  /** Whether `priority` was omitted and read as 1. */
  readonly priorityImplicit: boolean;
  /**
   * How the ports were written: `ports`, or the legacy `port_range_min`/`port_range_max` (which
   * the provider does not allow together with `priority`, `action` or `ports`). Undefined when
   * neither is written, or for a rule not read from Terraform.
   */
  readonly portsWrittenAs?: "ports" | "port_range";
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
/** Set in the configuration, as the provider's ConflictsWith sees it: "" counts. */
const given = (v: unknown): boolean => v !== undefined && v !== null;

/** How parseRule treats what the provider accepts but hwsg cannot prove or does not need. */
export interface RuleParseOptions {
  /** Where a bad description goes as a warning (thrown when not given). */
  readonly notes?: Notes;
  /**
   * Whether an ICMP type and code (in `port_range_min`/`port_range_max` or `ports` of an icmp or
   * icmpv6 rule) is accepted, as the provider accepts it, and matched on (as `ports`, icmp.ts);
   * otherwise it is an error, as for any protocol but tcp and udp.
   * @default false
   */
  readonly icmpTypeCode?: boolean;
}

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
 * @param options how lenient to be (the reader is; the constructs, which prove what they write, are not)
 * @throws ValidationError on the first value the provider or the API would reject
 */
export function parseRule(fields: RuleFields, subject: Subject, id: string, options: RuleParseOptions = {}): Rule {
  const { notes } = options;
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
  // The provider's ValidateFunc rejects "" (neither a name nor a number 0-255): only an absent protocol means every protocol.
  if (fields.protocol === "") throw new ValidationError(subject, "protocol", "", 'must be "tcp", "udp", "icmp", "icmpv6" or a protocol number from 0 to 255; leave it out for every protocol');
  if (present(fields.protocol)) {
    const parsed = parseRuleProtocol(typeof fields.protocol === "number" ? String(fields.protocol) : (fields.protocol as string));
    if (typeof parsed === "string") throw new ValidationError(subject, "protocol", fields.protocol, parsed);
    protocol = parsed;
    // The provider accepts the pair (its schema checks the protocol alone; its own examples write
    // icmp with IPv6). Read from Terraform it is a warning; the rule is evaluated as written: IPv6
    // packets never carry protocol 1 (ICMPv6 is 58), so it matches nothing.
    const crossed =
      version === 6 && protocol === PROTOCOL_NUMBERS.icmp ? ['icmp with ethertype "IPv6" matches no IPv6 packet (ICMPv6 is "icmpv6", protocol 58)', 'use "icmpv6" for IPv6']
      : version === 4 && protocol === PROTOCOL_NUMBERS.icmpv6 ? ['icmpv6 with ethertype "IPv4" matches no IPv4 packet (ICMP is "icmp", protocol 1)', 'use "icmp" for IPv4']
      : undefined;
    if (crossed) {
      if (!notes) throw new ValidationError(subject, "protocol", fields.protocol, crossed[0], crossed[1]);
      notes.push(`${subject}: protocol ${JSON.stringify(fields.protocol)}: ${crossed[0]}; the rule is evaluated as matching nothing, though the cloud may read it otherwise (${crossed[1]})`);
    }
  }

  // ConflictsWith in the provider's schema: set counts, even to "".
  const v3Fields = (["ports", "action", "priority", "remote_address_group_id"] as const).filter((f) => given(fields[f]));
  const legacyPorts = given(fields.port_range_min) || given(fields.port_range_max);
  if (legacyPorts && v3Fields.length > 0) {
    throw new ValidationError(
      subject,
      given(fields.port_range_min) ? "port_range_min" : "port_range_max",
      given(fields.port_range_min) ? fields.port_range_min : fields.port_range_max,
      `conflicts with ${v3Fields.join(", ")} in the provider`,
      "write the ports in `ports` instead",
    );
  }

  let ports: PortSet | undefined;
  let inconsecutivePorts = false;
  if (present(fields.ports) || legacyPorts) {
    const field = present(fields.ports) ? "ports" : "port_range_min";
    const value = present(fields.ports) ? fields.ports : fields.port_range_min;
    if (options.icmpTypeCode && isIcmp(protocol)) {
      ports = present(fields.ports) ? icmpPorts(subject, fields.ports, notes) : icmpRange(subject, fields.port_range_min, fields.port_range_max, notes);
      inconsecutivePorts = present(fields.ports) && String(fields.ports).includes(",");
    } else if (protocol === undefined || !hasPorts(protocol)) {
      throw new ValidationError(subject, field, value, `ports are allowed only with protocol tcp or udp (protocol is ${protocolName(protocol)})`);
    } else if (present(fields.ports)) {
      const text = typeof fields.ports === "number" ? String(fields.ports) : fields.ports;
      const parsed = parsePorts(text as string);
      if (typeof parsed === "string") throw new ValidationError(subject, "ports", fields.ports, parsed);
      ports = parsed;
      inconsecutivePorts = (text as string).includes(",");
    } else {
      ports = legacyRange(subject, fields.port_range_min, fields.port_range_max);
    }
    if (ports?.isAll) ports = undefined;
  }

  // The provider's ValidateCIDR rejects "" in remote_ip_prefix (remote_group_id and remote_address_group_id are not checked: "" is not sent).
  if (fields.remote_ip_prefix === "") throw new ValidationError(subject, "remote_ip_prefix", "", `must be a network in CIDR notation; leave it out for every address`);
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
  if (given(fields.action)) {
    if (fields.action !== "allow" && fields.action !== "deny") {
      const lower = typeof fields.action === "string" ? fields.action.toLowerCase() : undefined;
      const hint = lower === "allow" || lower === "deny" ? `did you mean "${lower}"?` : undefined;
      throw new ValidationError(subject, "action", fields.action, 'must be "allow" or "deny" (lower case)', hint);
    }
    action = fields.action;
  }

  const priorityImplicit = !present(fields.priority);
  const priority = priorityImplicit ? IMPLICIT_PRIORITY : priorityField(subject, fields.priority);
  const description = descriptionField(subject, fields.description, "description", notes);

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
    ...(present(fields.ports) ? { portsWrittenAs: "ports" as const } : legacyPorts ? { portsWrittenAs: "port_range" as const } : {}),
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
  if (isIpv4MappedCidr(cidr)) {
    // Go prints an IPv4-mapped network in IPv4 form, so the provider's ValidateCIDR never finds it canonical.
    throw new ValidationError(subject, field, value, `${allowed}: an IPv4-mapped IPv6 block is not accepted by the provider`, "write the IPv4 block in a rule with ethertype IPv4");
  }
  if (cidr.version !== version) {
    throw new ValidationError(subject, field, value, `is an IPv${cidr.version} block but ethertype is ${ETHERTYPE[version]}`);
  }
  if (!cidr.canonical) {
    throw new ValidationError(subject, field, value, `${allowed}: host bits are set`, `did you mean ${cidr.text}?`);
  }
  if (cidr.text !== value.toLowerCase()) {
    // The provider's ValidateCIDR requires the canonical text once lower-cased (and stores it lower-cased): compressed, no leading zeros.
    throw new ValidationError(subject, field, value, `${allowed}, written in canonical form`, `did you mean ${cidr.text}?`);
  }
  return remember(parsedCidrRemotes, `${version} ${value}`, { kind: "cidr", cidr: cidr.text, addresses: AddressSet.parse(cidr.text) });
}

/**
 * `port_range_min`/`port_range_max` of a tcp or udp rule. The provider sends 0 as "not set"
 * (golangsdk's omitempty), and the API reads a rule without ports as every port; a maximum of 0
 * or none is the minimum (a single port).
 */
function legacyRange(subject: Subject, min: unknown, max: unknown): PortSet {
  const lo = integerIn(subject, "port_range_min", min ?? 0, 0, 65535);
  const hi = max === undefined || max === null ? 0 : integerIn(subject, "port_range_max", max, 0, 65535);
  if (lo === 0) {
    if (hi === 0) return PortSet.range(1, 65535);
    throw new ValidationError(subject, "port_range_min", min ?? null, `must be set with port_range_max ${hi}: the provider sends 0 as "not set", and the API takes a port range only with both ends`);
  }
  const top = hi === 0 ? lo : hi;
  if (lo > top) throw new ValidationError(subject, "port_range_max", max, `must be at least port_range_min (${lo})`);
  return PortSet.range(lo, top);
}

/**
 * The ICMP type (`port_range_min`) and code (`port_range_max`) of an icmp or icmpv6 rule, as the
 * API reads them (VPC API Reference, "Creating a Security Group Rule"; appendix "ICMP-Port Range
 * Relationship Table": Any = both empty, Echo = 8 and 0). The provider sends 0 as "not set"
 * (golangsdk's omitempty): type 0 is every type, code 0 every code of the type. Undefined =
 * every message.
 */
function icmpRange(subject: Subject, min: unknown, max: unknown, notes: Notes | undefined): PortSet | undefined {
  const type = min === undefined || min === null ? 0 : integerIn(subject, "port_range_min", min, 0, MAX_ICMP);
  const code = max === undefined || max === null ? 0 : integerIn(subject, "port_range_max", max, 0, MAX_ICMP);
  if (type === 0 && code !== 0) {
    throw new ValidationError(subject, "port_range_max", max, 'an ICMP code needs an ICMP type in port_range_min (0, "echo reply", is sent as "not set" by the provider)');
  }
  if (type === 0) {
    if (min !== undefined && min !== null) {
      notes?.push(`${subject}: port_range_min 0 (ICMP type 0, echo reply) is sent by the provider as "not set": the rule matches every ICMP message`);
    }
    return undefined;
  }
  if (code === 0) return PortSet.range(...icmpTypeRange(type));
  const message = icmpMessage(type, code);
  if (message === undefined) {
    notes?.push(`${subject}: ICMP type ${type} code ${code} (reserved) is outside the messages hwsg evaluates: the rule is evaluated as matching no message`);
    return PortSet.NONE;
  }
  return PortSet.single(message);
}

/**
 * The `ports` of an icmp or icmpv6 rule: ICMP types (every code), numbers, ranges and commas.
 * The API documents `ports` (multiport) for tcp and udp only; the provider sends it as written.
 */
function icmpPorts(subject: Subject, value: unknown, notes: Notes | undefined): PortSet | undefined {
  const text = typeof value === "number" ? String(value) : value;
  if (typeof text !== "string" || !/^\d{1,3}(-\d{1,3})?(,\d{1,3}(-\d{1,3})?)*$/.test(text) || text.split(/[-,]/).some((n) => Number(n) > MAX_ICMP)) {
    throw new ValidationError(subject, "ports", value, `with protocol icmp or icmpv6 must be ICMP types from 0 to ${MAX_ICMP} (8, 0-255, 3,8)`);
  }
  const ranges: Array<[number, number]> = [];
  for (const item of text.split(",")) {
    const [a, b = a] = item.split("-").map(Number);
    if (a > b) throw new ValidationError(subject, "ports", value, `a range of ICMP types must not run backwards: ${item}`);
    ranges.push([icmpTypeRange(a)[0], icmpTypeRange(b)[1]]);
  }
  notes?.push(`${subject}: ports ${JSON.stringify(text)} with an ICMP protocol: the API documents ports for tcp and udp only; hwsg reads each number as an ICMP type with every code`);
  const set = PortSet.of(ranges);
  return set.isAll ? undefined : set;
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
  const ports = rule.ports ? ` ${describePorts(rule.protocol, rule.ports.ranges)}` : rule.protocol !== undefined && hasPorts(rule.protocol) ? " all ports" : "";
  const remote =
    rule.remote.kind === "any" ? "any address" :
    rule.remote.kind === "cidr" ? rule.remote.cidr :
    rule.remote.kind === "group" ? `security group ${rule.remote.groupId}` :
    `address group ${rule.remote.addressGroupId}`;
  const dir = rule.direction === "ingress" ? "from" : "to";
  return `${rule.direction} ${ETHERTYPE[rule.version]} ${proto}${ports} ${dir} ${remote}: ${rule.action}, priority ${rule.priority}`;
}
