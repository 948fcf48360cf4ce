/**
 * Builders for the core unit tests: networks from compact literals (through lib's own parsers, so
 * every rule, group and address group is validated as the library would validate it) and flows
 * from address strings.
 */
import { AddressGroupFields, parseAddressGroup } from "../../lib/core/address-group";
import { AddressSet } from "../../lib/core/address-set";
import { ValidationError } from "../../lib/core/errors";
import { Verdict, evaluateFlow } from "../../lib/core/evaluator";
import { Flow, FlowEnd } from "../../lib/core/flow";
import { IpVersion, parseAddress } from "../../lib/core/ip";
import { Instance, Network, Nic } from "../../lib/core/network";
import { parseFlowProtocol } from "../../lib/core/protocol";
import { Rule, RuleFields, parseRule } from "../../lib/core/rule";
import { SecurityGroupFields, parseSecurityGroup } from "../../lib/core/security-group";
import { icmpMessage, isIcmp } from "../../lib/core/icmp";

/** A rule literal: its group, an optional id, and Terraform fields (ethertype defaults to IPv4). */
export interface RuleLit extends Omit<RuleFields, "security_group_id"> {
  readonly sg: string;
  readonly id?: string;
}

/** An ingress rule of group `sg` (ethertype IPv4 unless given). */
export function ingress(sg: string, fields: Omit<RuleLit, "sg" | "direction"> = {}): RuleLit {
  return { sg, direction: "ingress", ...fields };
}

/** An egress rule of group `sg` (ethertype IPv4 unless given). */
export function egress(sg: string, fields: Omit<RuleLit, "sg" | "direction"> = {}): RuleLit {
  return { sg, direction: "egress", ...fields };
}

/** A NIC literal: addresses as text. */
export interface NicLit {
  readonly subnet?: string;
  readonly ip?: string;
  readonly ip6?: string;
  readonly sourceDestCheck?: boolean;
}

/** An instance literal: its groups in order, and one NIC (`ip`, `ip6`, `subnet`) or several (`nics`). */
export interface InstanceLit extends NicLit {
  readonly groups: readonly string[];
  readonly nics?: readonly NicLit[];
  readonly flavor?: string;
}

/** A whole network in literal form. */
export interface NetLit {
  /** Group id → fields (`name` defaults to the id). A list is shorthand for groups with defaults kept. */
  readonly groups: Readonly<Record<string, SecurityGroupFields>> | readonly string[];
  readonly rules?: readonly RuleLit[];
  /** Address group id → fields (`name` defaults to the id). */
  readonly addressGroups?: Readonly<Record<string, AddressGroupFields>>;
  /** VPC id → CIDR (or undefined). */
  readonly vpcs?: Readonly<Record<string, string | undefined>>;
  readonly subnets?: Readonly<Record<string, { readonly vpc: string; readonly cidr?: string }>>;
  readonly instances?: Readonly<Record<string, InstanceLit>>;
  /** Pairs of VPC ids joined by a peering connection. */
  readonly peerings?: ReadonlyArray<readonly [string, string]>;
}

/** An address number; throws on bad text so a typo in a test cannot pass silently. */
export function ip(text: string): bigint {
  const a = parseAddress(text);
  if (!a) throw new Error(`test helper: not an address: ${text}`);
  return a.value;
}

/** The IP version of an address text. */
export function versionOf(text: string): IpVersion {
  const a = parseAddress(text);
  if (!a) throw new Error(`test helper: not an address: ${text}`);
  return a.version;
}

/** The union of addresses, CIDRs and ranges (all of one version). */
export function addrs(...texts: string[]): AddressSet {
  if (texts.length === 0) throw new Error("test helper: addrs() needs at least one entry");
  return texts.map((t) => AddressSet.parse(t)).reduce((a, b) => a.union(b));
}

/** Builds one rule through parseRule (ethertype IPv4 unless given). */
export function makeRule(lit: RuleLit, index = 0): Rule {
  const { sg, id, ...fields } = lit;
  const ruleId = id ?? `${sg}.rule${index}`;
  return parseRule({ ethertype: "IPv4", ...fields, security_group_id: sg }, `test/${ruleId}`, ruleId, { icmpTypeCode: true });
}

function makeNic(lit: NicLit): Nic {
  return {
    sourceDestCheck: lit.sourceDestCheck ?? true,
    ...(lit.subnet !== undefined ? { subnetId: lit.subnet } : {}),
    ...(lit.ip !== undefined ? { fixedIpV4: ip(lit.ip) } : {}),
    ...(lit.ip6 !== undefined ? { fixedIpV6: ip(lit.ip6) } : {}),
  };
}

/** Builds the instance model of a literal. */
export function makeInstance(id: string, lit: InstanceLit): Instance {
  const nics = lit.nics ? lit.nics.map(makeNic) : [makeNic(lit)];
  return { id, securityGroupIds: [...lit.groups], nics, ...(lit.flavor !== undefined ? { flavor: lit.flavor } : {}) };
}

/** Builds and validates a Network from a literal (throws what `new Network` throws). */
export function buildNetwork(lit: NetLit): Network {
  const groupEntries: Array<[string, SecurityGroupFields]> = Array.isArray(lit.groups)
    ? (lit.groups as string[]).map((g) => [g, {}])
    : Object.entries(lit.groups as Record<string, SecurityGroupFields>);
  const securityGroups = groupEntries.map(([id, f]) => parseSecurityGroup({ name: id, ...f }, `test/${id}`, id));
  const addressGroups = Object.entries(lit.addressGroups ?? {}).map(([id, f]) => parseAddressGroup({ name: id, ...f }, `test/${id}`, id));
  const rules = (lit.rules ?? []).map((r, i) => makeRule(r, i));
  const vpcs = Object.entries(lit.vpcs ?? {}).map(([id, cidr]) => ({ id, ...(cidr ? { cidr: addrs(cidr) } : {}) }));
  const subnets = Object.entries(lit.subnets ?? {}).map(([id, s]) => ({ id, vpcId: s.vpc, ...(s.cidr ? { cidr: addrs(s.cidr) } : {}) }));
  const instances = Object.entries(lit.instances ?? {}).map(([id, i]) => makeInstance(id, i));
  const peerings = (lit.peerings ?? []).map(([a, b], i) => ({ id: `peering${i}`, vpcId: a, peerVpcId: b }));
  return new Network({ securityGroups, rules, addressGroups, vpcs, subnets, instances, peerings });
}

/**
 * One end of a flow: an instance id (its NIC's fixed IP), an address text (a host outside the
 * model), or an instance sending from / reached at another address (a virtual IP).
 */
export type EndLit = string | { readonly instance: string; readonly address?: string; readonly nic?: number };

/**
 * Traffic literal: `tcp/22`, `udp/53`, `icmp/3/4` (type 3 code 4), `icmp` (echo request, type 8
 * code 0), `icmpv6` (echo request, type 128 code 0), `gre`, `47`.
 */
export type TrafficLit = string;

function parseTraffic(traffic: TrafficLit): { protocol: number; port?: number } {
  const [proto, port, code] = traffic.split("/");
  const protocol = parseFlowProtocol(proto);
  if (protocol === undefined || protocol === "all") throw new Error(`test helper: bad traffic ${traffic}`);
  if (isIcmp(protocol)) {
    const type = port !== undefined ? Number(port) : protocol === 1 ? 8 : 128;
    return { protocol, port: icmpMessage(type, code !== undefined ? Number(code) : 0)! };
  }
  return { protocol, ...(port !== undefined ? { port: Number(port) } : {}) };
}

function endVersion(end: EndLit): IpVersion | undefined {
  if (typeof end === "string") return parseAddress(end)?.version;
  return end.address !== undefined ? versionOf(end.address) : undefined;
}

function makeEnd(net: Network, end: EndLit, version: IpVersion): FlowEnd {
  if (typeof end === "string" && !net.instances.has(end)) {
    const a = parseAddress(end);
    if (!a) throw new Error(`test helper: ${end} is neither an instance nor an address`);
    return { kind: "external", address: a.value };
  }
  const spec = typeof end === "string" ? { instance: end } : end;
  const inst = net.instance(spec.instance);
  const nicIndex = spec.nic ?? 0;
  const nic = inst.nics[nicIndex];
  const fixed = version === 4 ? nic.fixedIpV4 : nic.fixedIpV6;
  if (spec.address !== undefined) {
    const address = ip(spec.address);
    return { kind: "instance", instanceId: inst.id, nicIndex, address, fromFixedIp: address === fixed };
  }
  if (fixed === undefined) throw new Error(`test helper: ${inst.id} has no IPv${version} fixed IP`);
  return { kind: "instance", instanceId: inst.id, nicIndex, address: fixed, fromFixedIp: true };
}

/** A flow from literals; the IP version comes from any address text given, else `version`, else 4. */
export function flow(net: Network, traffic: TrafficLit, from: EndLit, to: EndLit, version?: IpVersion): Flow {
  const v = version ?? endVersion(from) ?? endVersion(to) ?? 4;
  return { version: v, ...parseTraffic(traffic), src: makeEnd(net, from, v), dst: makeEnd(net, to, v) };
}

/** Evaluates a flow given as literals. */
export function decide(net: Network, traffic: TrafficLit, from: EndLit, to: EndLit, version?: IpVersion): Verdict {
  return evaluateFlow(net, flow(net, traffic, from, to, version));
}

/** Runs `fn`, expects a ValidationError, and returns it for further assertions. */
export function validationError(fn: () => unknown): ValidationError {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  if (thrown === undefined) throw new Error("expected a ValidationError, but nothing was thrown");
  if (!(thrown instanceof ValidationError)) {
    throw new Error(`expected a ValidationError, got ${thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown)}`);
  }
  return thrown;
}
