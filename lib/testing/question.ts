/**
 * The question a matcher asks — from where, to where, on what — and how its ends are found in
 * the model: what an intent accepts (endpoints, peers, constructs), plus what a reader of the
 * synthesized JSON sees (Terraform addresses, IP addresses, CIDR blocks).
 */
import { TerraformResource, TerraformStack } from "../cdk/core";
import { Construct, IConstruct } from "constructs";
import { AddressSet } from "../core/address-set";
import { ValidationError } from "../core/errors";
import { ETHERTYPE, IpVersion, parseAddress } from "../core/ip";
import { Network } from "../core/network";
import { MAX_PROTOCOL, PROTOCOL_NUMBERS, hasPorts, parseFlowProtocol } from "../core/protocol";
import { Quantifier } from "../core/reachability";
import { Endpoint, ResolvedEndpoint } from "../constructs/endpoint";
import { ReachQuestion, ResolvableEnd } from "../constructs/reach-question";
import { AddressGroupRef, IPeer, SecurityGroupRef } from "../constructs/peer";
import { Port } from "../constructs/port";
import { terraformAddress } from "../constructs/private/naming";
import { MEMBER_TYPES, RESOURCE_TYPES } from "../terraform/reader";

/**
 * One end of a traffic question:
 * - what an intent accepts: an `Endpoint` (`Endpoint.internet()`, `Endpoint.addresses([...])`,
 *   `Endpoint.instance(computeInstance)`, …) or a peer (a `SecurityGroup` or `AddressGroup`
 *   construct: its members or its addresses; `Peer.ipv4(cidr)`);
 * - a resource construct of the stack: a member (a `huaweicloud_compute_instance`, a
 *   `huaweicloud_rds_instance`, a `huaweicloud_dcs_instance`, any type of the README's member
 *   table), a `huaweicloud_networking_secgroup` (its members) or a `huaweicloud_vpc_address_group`;
 * - a string, as the synthesized JSON shows things: a Terraform address of one of those
 *   (`"huaweicloud_compute_instance.db1"`, `"huaweicloud_rds_instance.mysql"`); an IP address
 *   (`"203.0.113.9"`: a host outside the model, unless it is a member's private address — then
 *   it is that member — or a virtual IP —
 *   then its first holder, sending from it, as `hwsg query` reads it); a CIDR block or a range
 *   `a-b` (addresses outside the model, like `Endpoint.addresses`).
 */
export type TrafficEnd = Endpoint | IPeer | TerraformResource | string;

/** A protocol by name (`tcp`, `udp`, `icmp`, `icmpv6`, `gre`, `all`) or number 0–255. */
export type TrafficProtocol = "tcp" | "udp" | "icmp" | "icmpv6" | "gre" | "all" | number;

/**
 * What a matcher asks about: the flows from `from` to `to` on `port`.
 *
 * @example
 * { from: "203.0.113.9", to: "huaweicloud_compute_instance.db1", port: 3306 }
 * { from: appTier, to: db, port: Port.MYSQL }
 * { from: Endpoint.internet(), to: db }                       // every protocol and port
 * { from: web, to: Endpoint.instance(db1), protocol: "udp" }  // every UDP port
 */
export interface TrafficQuestion {
  /** Where the traffic starts. */
  readonly from: TrafficEnd;
  /** Where it goes. */
  readonly to: TrafficEnd;
  /**
   * The destination ports: a `Port` (`Port.MYSQL`, `Port.tcpRange(8000, 8080)`,
   * `Port.allTraffic()`), or a port number 1–65535 of `protocol`.
   * @default every port of `protocol`; every protocol and port when `protocol` is not given either
   */
  readonly port?: Port | number;
  /**
   * The protocol, with a numeric `port` or without a port; not with a `Port`, which names its own.
   * @default "tcp" with a numeric port; every protocol ("all") without a port
   */
  readonly protocol?: TrafficProtocol;
  /**
   * Flows left out of the question: `port: Port.allTraffic(), except: [Port.HTTPS]`.
   * @default none
   */
  readonly except?: readonly Port[];
  /**
   * The IP version, when neither end fixes it (both are groups or instances).
   * @default the version of the address end; 4 between instances
   */
  readonly ipVersion?: IpVersion;
}

/** A traffic question resolved against a model, ready for `answerReachQuestion`. */
export interface PreparedQuestion {
  /** The question for the intent machinery. */
  readonly question: ReachQuestion;
  /**
   * The question in words, with the ends named as given or as resolved:
   * `tcp 3306 from 203.0.113.9 to huaweicloud_compute_instance.db1 (IPv4)`.
   */
  readonly text: (from: string, to: string) => string;
  /** Constructs the question names, through which the stack's construct paths are found. */
  readonly constructs: readonly IConstruct[];
}

/** An end as the matcher reads it: what resolves in the model, its IP version, and its construct. */
interface ParsedEnd {
  readonly end: ResolvableEnd;
  readonly label: string;
  readonly version?: IpVersion;
  readonly external: boolean;
  readonly construct?: IConstruct;
}

const ADDRESS_TYPES = [RESOURCE_TYPES.instance, RESOURCE_TYPES.securityGroup, RESOURCE_TYPES.addressGroup] as const;
/** Whether a type is read as a member (compute instances and the types of MEMBER_TYPES). */
const isMemberType = (type: string): boolean => type === RESOURCE_TYPES.instance || MEMBER_TYPES.has(type);
const TERRAFORM_ADDRESS = /^([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)$/;

/**
 * Checks a question and resolves it against a model.
 * @param subject names the matcher in errors (`toAllowTraffic`)
 * @throws HwsgError (ValidationError for a bad field) naming the field, the value and what is allowed
 */
export function prepareQuestion(network: Network, question: TrafficQuestion, quantifier: Quantifier, subject: string): PreparedQuestion {
  if (typeof question !== "object" || question === null) {
    throw new ValidationError(subject, "question", question, "must be an object { from, to, port?, protocol?, except?, ipVersion? }");
  }
  const from = parseEnd(network, question.from, subject, "from");
  const to = parseEnd(network, question.to, subject, "to");
  if (from.external && to.external) {
    throw new ValidationError(subject, "to", to.label, "one end at least must be instances (a security group or a compute instance): the evaluator checks security groups");
  }
  if (from.version && to.version && from.version !== to.version) throw new ValidationError(subject, "to", to.label, `is IPv${to.version}, and the other end is IPv${from.version}`);
  if (question.ipVersion !== undefined && question.ipVersion !== 4 && question.ipVersion !== 6) {
    throw new ValidationError(subject, "ipVersion", question.ipVersion, "must be 4 or 6");
  }
  const fixed = from.version ?? to.version;
  if (fixed && question.ipVersion !== undefined && question.ipVersion !== fixed) {
    throw new ValidationError(subject, "ipVersion", question.ipVersion, `must match the IPv${fixed} addresses of the other end`);
  }
  const version = fixed ?? question.ipVersion ?? 4;
  const port = portOf(question, version, subject);
  const except = [...(question.except ?? [])];
  except.forEach((e, i) => {
    if (!(e instanceof Port)) throw new ValidationError(subject, `except[${i}]`, String(e), "must be a Port");
    try {
      e.flowsFor(version);
    } catch (err) {
      throw new ValidationError(subject, `except[${i}]`, e.label, (err as Error).message);
    }
  });
  const text = (f: string, t: string): string => `${port.label} from ${f} to ${t}${except.length ? ` except ${except.map((e) => e.label).join(", ")}` : ""} (${ETHERTYPE[version]})`;
  const constructs = [from.construct, to.construct].filter((c): c is IConstruct => c !== undefined);
  return { question: { from: from.end, to: to.end, port, except, version, quantifier }, text, constructs };
}

/**
 * Terraform address → construct path for every resource of the stacks of `constructs`: the
 * paths `Testing.synth` strips from its JSON.
 */
export function constructPathsOf(constructs: readonly IConstruct[]): Map<string, string> {
  const paths = new Map<string, string>();
  const seen = new Set<TerraformStack>();
  for (const c of constructs) {
    let stack: TerraformStack;
    try {
      stack = TerraformStack.of(c);
    } catch {
      continue; // not in a stack: nothing to map
    }
    if (seen.has(stack)) continue;
    seen.add(stack);
    for (const r of stack.node.findAll()) {
      if (TerraformResource.isTerraformResource(r)) paths.set(terraformAddress(r), r.node.path);
    }
  }
  return paths;
}

function parseEnd(network: Network, value: TrafficEnd, subject: string, field: string): ParsedEnd {
  if (typeof value === "string") return parseString(network, value, subject, field);
  if (value instanceof Endpoint) return fromEndpoint(value, subject, field);
  if (TerraformResource.isTerraformResource(value)) {
    const address = terraformAddress(value);
    if (!(ADDRESS_TYPES as readonly string[]).includes(value.terraformResourceType) && !isMemberType(value.terraformResourceType) && !network.instances.has(address)) {
      throw new ValidationError(subject, field, address, `must be a member resource (${RESOURCE_TYPES.instance}, huaweicloud_rds_instance, ... as in the README's member table), a ${RESOURCE_TYPES.securityGroup} or ${RESOURCE_TYPES.addressGroup} resource, an hwsg construct, an Endpoint or an address (this is a ${value.terraformResourceType})`);
    }
    return { ...parseString(network, address, subject, field), construct: value };
  }
  if (typeof value === "object" && value !== null && typeof (value as IPeer).toRemotes === "function") {
    return fromEndpoint(Endpoint.of(value as IPeer), subject, field);
  }
  throw new ValidationError(subject, field, describe(value), "must be an Endpoint, a peer (a SecurityGroup, an AddressGroup, Peer.ipv4(...)), a member construct (huaweicloud_compute_instance, huaweicloud_rds_instance, ...), a Terraform address (huaweicloud_compute_instance.NAME) or an IP address or CIDR block");
}

function fromEndpoint(endpoint: Endpoint, subject: string, field: string): ParsedEnd {
  endpoint.check(subject, field);
  const version = endpoint.versionOf(subject, field);
  const construct = endpoint.construct;
  return { end: endpoint, label: endpoint.label, external: endpoint.isExternal, ...(version ? { version } : {}), ...(construct ? { construct } : {}) };
}

function parseString(network: Network, text: string, subject: string, field: string): ParsedEnd {
  const address = TERRAFORM_ADDRESS.exec(text);
  if (address) {
    const [, type] = address;
    if (network.instances.has(text)) return { end: new InstanceEnd(text, text), label: text, external: false };
    if (isMemberType(type)) {
      throw new ValidationError(subject, field, text, `must be a resource of the received Terraform, which has no such member (${known(network.instances.keys(), "members")})`);
    }
    if (type === RESOURCE_TYPES.securityGroup) {
      if (!network.groups.has(text)) throw new ValidationError(subject, field, text, `must be a resource of the received Terraform, which has no such security group (${known(network.groups.keys(), "security groups")})`);
      const ref: SecurityGroupRef = { securityGroupId: `\${${text}.id}`, refLabel: `sg-${text}`, modelId: () => text };
      const endpoint = Endpoint.group(ref);
      return { end: endpoint, label: endpoint.label, external: false };
    }
    if (type === RESOURCE_TYPES.addressGroup) {
      const ag = network.addressGroups.get(text);
      if (!ag) throw new ValidationError(subject, field, text, `must be a resource of the received Terraform, which has no such address group (${known(network.addressGroups.keys(), "address groups")})`);
      const ref: AddressGroupRef = { addressGroupId: `\${${text}.id}`, ipVersion: ag.version, refLabel: `ag-${text}`, modelId: () => text };
      const endpoint = Endpoint.addressGroup(ref);
      return { end: endpoint, label: endpoint.label, external: true, version: ag.version };
    }
    throw new ValidationError(subject, field, text, `must name a member (${RESOURCE_TYPES.instance}, huaweicloud_rds_instance, ...), a ${RESOURCE_TYPES.securityGroup} or a ${RESOURCE_TYPES.addressGroup}, or be an IP address or a CIDR block (this is a ${type})`);
  }

  const single = parseAddress(text);
  if (single) {
    const owners = network.instancesWithFixedIp(single.version, single.value);
    if (owners.length > 1) {
      throw new ValidationError(subject, field, text, `is the private address of ${owners.map((o) => o.instance.id).join(" and ")} (in VPCs that are not connected): name the member instead`);
    }
    const owner = owners[0];
    if (owner) {
      const label = `${owner.instance.id} (its fixed IP ${text})`;
      return { end: new InstanceEnd(owner.instance.id, label, owner.nicIndex), label, external: false, version: single.version };
    }
    const vip = network.virtualIpAt(single.version, single.value);
    if (vip) {
      const holder = vip.holders[0];
      if (!holder) throw new ValidationError(subject, field, text, `is the virtual IP ${vip.id}, which no instance holds`);
      const label = `${holder.instanceId} sending from ${text} (the virtual IP ${vip.id}${vip.holders.length > 1 ? `, held first by it of ${vip.holders.length}` : ""})`;
      return { end: new InstanceEnd(holder.instanceId, label, holder.nicIndex, AddressSet.single(single.version, single.value)), label, external: false, version: single.version };
    }
    return { end: Endpoint.addresses([text]), label: text, external: true, version: single.version };
  }

  let addresses: AddressSet;
  try {
    addresses = AddressSet.parse(text);
  } catch {
    throw new ValidationError(
      subject,
      field,
      text,
      `must be a Terraform address (${ADDRESS_TYPES.map((t) => `${t}.NAME`).join(", ")}), an IP address, a CIDR block or a range a-b`,
    );
  }
  const endpoint = Endpoint.addresses([text]);
  endpoint.check(subject, field);
  return { end: endpoint, label: text, external: true, version: addresses.version };
}

/** A member named by Terraform address or IP address. */
class InstanceEnd implements ResolvableEnd {
  constructor(
    private readonly instanceId: string,
    private readonly label: string,
    private readonly nicIndex?: number,
    private readonly address?: AddressSet,
  ) {}

  resolve(network: Network, _version: IpVersion, subject: string, field: string): ResolvedEndpoint {
    if (!network.instances.has(this.instanceId)) throw new ValidationError(subject, field, this.instanceId, "must be a member of the received Terraform");
    return {
      kind: "instances",
      instanceIds: [this.instanceId],
      label: this.label,
      network,
      ...(this.nicIndex !== undefined ? { nicIndex: this.nicIndex } : {}),
      ...(this.address ? { address: this.address } : {}),
    };
  }
}

/** The `Port` a question asks about, from `port` and `protocol`. */
function portOf(question: TrafficQuestion, version: IpVersion, subject: string): Port {
  const { port, protocol } = question;
  if (port instanceof Port) {
    if (protocol !== undefined) throw new ValidationError(subject, "protocol", protocol, `goes only with a numeric port or no port: the Port ${port.label} names its protocol`);
    try {
      port.check(subject);
      port.flowsFor(version);
    } catch (e) {
      throw e instanceof ValidationError ? e : new ValidationError(subject, "port", port.label, (e as Error).message);
    }
    return port;
  }
  const number = protocolNumber(protocol, subject);
  if (number === PROTOCOL_NUMBERS.icmp && version === 6) throw new ValidationError(subject, "protocol", protocol, 'is IPv4\'s ICMP: for IPv6 write "icmpv6"');
  if (number === PROTOCOL_NUMBERS.icmpv6 && version === 4) throw new ValidationError(subject, "protocol", protocol, 'is IPv6\'s ICMP: for IPv4 write "icmp"');
  if (port === undefined) {
    if (number === undefined || number === "all") return Port.allTraffic();
    if (number === PROTOCOL_NUMBERS.tcp) return Port.allTcp();
    if (number === PROTOCOL_NUMBERS.udp) return Port.allUdp();
    if (number === PROTOCOL_NUMBERS.gre) return Port.gre();
    if (number === PROTOCOL_NUMBERS.icmp || number === PROTOCOL_NUMBERS.icmpv6) return Port.allIcmp();
    return Port.protocol(number);
  }
  if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ValidationError(subject, "port", port, "must be a Port (Port.MYSQL, Port.tcp(3306)) or a port number 1-65535");
  }
  const p = number ?? PROTOCOL_NUMBERS.tcp;
  if (p === "all" || !hasPorts(p)) throw new ValidationError(subject, "protocol", protocol, "has no ports: a numeric port goes with tcp or udp");
  return p === PROTOCOL_NUMBERS.tcp ? Port.tcp(port) : Port.udp(port);
}

function protocolNumber(protocol: TrafficProtocol | undefined, subject: string): number | "all" | undefined {
  if (protocol === undefined) return undefined;
  const allowed = `must be "tcp", "udp", "icmp", "icmpv6", "gre", "all" or a protocol number 0-${MAX_PROTOCOL}`;
  if (typeof protocol === "number") {
    if (!Number.isInteger(protocol) || protocol < 0 || protocol > MAX_PROTOCOL) throw new ValidationError(subject, "protocol", protocol, allowed);
    return protocol;
  }
  const parsed = typeof protocol === "string" ? parseFlowProtocol(protocol) : undefined;
  if (parsed === undefined) throw new ValidationError(subject, "protocol", protocol, allowed);
  return parsed;
}

function known(ids: Iterable<string>, what: string): string {
  const list = [...ids].filter((id) => !id.startsWith("member of ") && !id.startsWith("another member of "));
  if (list.length === 0) return `it defines no ${what}`;
  return `its ${what}: ${list.length > 10 ? `${list.slice(0, 10).join(", ")}, …` : list.join(", ")}`;
}

function describe(value: unknown): unknown {
  if (Construct.isConstruct(value)) return `${value.node.path} (${value.constructor.name})`;
  if (typeof value === "object" && value !== null) return `${value.constructor?.name ?? "object"}`;
  return value;
}
