/**
 * Shared pieces of the property tests: small pools of overlapping addresses and blocks,
 * fast-check arbitraries that generate plain records (so they shrink well), and the builders that
 * turn one generated record into both the reference model (test/support/reference-evaluator.ts)
 * and the lib/core Network.
 */
import fc from "fast-check";
import * as ipaddr from "ipaddr.js";
import { parseAddressGroup } from "../../lib/core/address-group";
import { ValidationError } from "../../lib/core/errors";
import { Flow, FlowEnd } from "../../lib/core/flow";
import { IpVersion, formatAddress, parseAddress } from "../../lib/core/ip";
import { Instance, Network } from "../../lib/core/network";
import { parseRule } from "../../lib/core/rule";
import { parseSecurityGroup } from "../../lib/core/security-group";
import {
  RefAction,
  RefAddressGroup,
  RefDirection,
  RefGroup,
  RefInstance,
  RefModel,
  RefPacket,
  RefRule,
  refRuleId,
} from "../support/reference-evaluator";

// ---------------------------------------------------------------------------------------------
// Pools (each address pool is in ascending address order, so two indices make a valid range)

export const ADDRESSES: Record<IpVersion, readonly string[]> = {
  4: ["10.0.0.1", "10.0.0.2", "10.0.0.5", "10.0.0.9", "10.0.0.12", "10.0.0.14", "10.0.1.3", "10.0.1.7", "192.168.0.1", "203.0.113.5"],
  6: ["2001:db8::1", "2001:db8:1::5", "fd00::1", "fd00::2", "fd00::5", "fd00::9", "fd00::c", "fd00::e", "fd00:0:0:1::3", "fd00:0:0:1::7"],
};

export const CIDRS: Record<IpVersion, readonly string[]> = {
  4: ["10.0.0.0/24", "10.0.0.0/28", "10.0.0.8/29", "10.0.0.0/30", "10.0.1.0/24", "10.0.0.0/16", "0.0.0.0/0", "192.168.0.0/24"],
  6: ["fd00::/64", "fd00::/124", "fd00::8/125", "fd00::/126", "fd00:0:0:1::/64", "fd00::/48", "::/0", "2001:db8::/64"],
};

/** Small external blocks for quantified questions (8 or 4 addresses, overlapping the pools). */
export const SMALL_CIDRS: Record<IpVersion, readonly string[]> = {
  4: ["10.0.0.0/29", "10.0.0.8/29", "10.0.1.0/29", "192.168.0.0/29", "203.0.113.0/29"],
  6: ["fd00::/126", "fd00::8/126", "fd00::c/126", "fd00:0:0:1::/126", "2001:db8::/126"],
};

export const SUBNETS = [
  { id: "sn0", vpc: "vpcA" },
  { id: "sn1", vpc: "vpcA" },
  { id: "sn2", vpc: "vpcB" },
];

export const LEGACY_FLAVORS = ["s1.small.1", "c2.large.2", "m1.large.4", "et2.medium.2", "G1.xlarge.4"];
export const KAI1_FLAVORS = ["kc1.large.2", "kc1.xlarge.4"];
export const MODERN_FLAVORS = ["s6.small.1", "c7.large.2"];

/** Packet protocols: tcp, udp, icmp, icmpv6, gre, esp (named by no rule). */
export const PACKET_PROTOCOLS = [6, 17, 1, 58, 47, 50] as const;

export const hasPorts = (protocol: number): boolean => protocol === 6 || protocol === 17;
/** Whether a packet protocol is ICMP or ICMPv6 (it carries a type and a code). */
export const isIcmpProtocol = (protocol: number): boolean => protocol === 1 || protocol === 58;
/** ICMP types and codes the generators draw from (echo reply and request, unreachable, time exceeded, one unnamed type). */
export const ICMP_TYPES = [0, 3, 8, 11, 200] as const;
export const ICMP_CODES = [0, 1, 4] as const;
/** The number lib's port dimension gives an ICMP message (lib/core/icmp.ts): type·256 + code + 1. */
export const libIcmpPort = (type: number, code: number): number => type * 256 + code + 1;
/**
 * ICMP messages to enumerate (as lib ports): every generated type with the generated codes, the
 * codes next to them and the last code, and types no rule names; each piece the generated rules
 * cut the message line into has one of them.
 */
export const ICMP_PROBES: readonly number[] = [
  ...ICMP_TYPES.flatMap((t) => [0, 1, 2, 4, 5, 255].map((c) => libIcmpPort(t, c))),
  libIcmpPort(1, 0),
  libIcmpPort(254, 9),
].sort((a, b) => a - b);
/** The ports or ICMP messages (lib numbers) to enumerate for a protocol; [undefined] for the others. */
export const probesOf = (protocol: number, ports: readonly number[]): ReadonlyArray<number | undefined> =>
  hasPorts(protocol) ? ports : isIcmpProtocol(protocol) ? ICMP_PROBES : [undefined];

// ---------------------------------------------------------------------------------------------
// Generated records

export interface GenRule {
  direction: RefDirection;
  v6: boolean;
  protocol: "any" | "tcp" | "udp" | "icmp" | "47";
  ports: Array<{ lo: number; span: number }> | undefined;
  /** For icmp rules: an ICMP type and code (0 is "not sent": every type, every code). */
  icmp: { type: number; code: number } | undefined;
  remote: { kind: "none" } | { kind: "cidr"; i: number } | { kind: "group"; i: number } | { kind: "addressGroup"; i: number };
  action: RefAction | undefined;
  priority: number | undefined;
}

export interface GenGroup {
  deleteDefaults: boolean;
  rules: GenRule[];
}

export interface GenAddressGroup {
  v6: boolean;
  entries: Array<{ kind: "address" | "cidr" | "range"; a: number; b: number }>;
}

export interface GenNic {
  subnet: number;
  v4: number;
  v6: number | undefined;
  /** Own groups (an attached interface), used on NICs after the first. */
  own?: number[];
}

export interface GenInstance {
  groups: number[];
  flavor: string | undefined;
  nics: GenNic[];
}

export interface GenNetwork {
  groups: GenGroup[];
  addressGroups: GenAddressGroup[];
  instances: GenInstance[];
  peering: boolean;
}

export interface GenEnd {
  /** An instance index, or undefined for an external address. */
  inst: number | undefined;
  nic: number;
  /** Send from (or address) the NIC's fixed IP when it has one. */
  fixed: boolean;
  /** Pool index of the address otherwise. */
  addr: number;
}

export interface GenFlow {
  src: GenEnd;
  dst: GenEnd;
  v6: boolean;
  protocol: number;
  port: number;
  icmpType: number;
  icmpCode: number;
}

const poolIndex = fc.nat({ max: 9 });

export const ruleArb: fc.Arbitrary<GenRule> = fc.record({
  direction: fc.constantFrom<RefDirection>("ingress", "egress"),
  v6: fc.boolean(),
  protocol: fc.constantFrom<GenRule["protocol"]>("any", "tcp", "udp", "icmp", "47"),
  ports: fc.option(fc.array(fc.record({ lo: fc.integer({ min: 20, max: 30 }), span: fc.nat({ max: 4 }) }), { minLength: 1, maxLength: 3 }), { nil: undefined }),
  icmp: fc.option(fc.record({ type: fc.constantFrom(...ICMP_TYPES), code: fc.constantFrom(...ICMP_CODES) }), { nil: undefined }),
  remote: fc.oneof(
    { withCrossShrink: true },
    fc.constant({ kind: "none" as const }),
    fc.record({ kind: fc.constant("cidr" as const), i: fc.nat({ max: 7 }) }),
    fc.record({ kind: fc.constant("group" as const), i: fc.nat({ max: 3 }) }),
    fc.record({ kind: fc.constant("addressGroup" as const), i: fc.nat({ max: 3 }) }),
  ),
  action: fc.option(fc.constantFrom<RefAction>("allow", "deny"), { nil: undefined, freq: 4 }),
  priority: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined, freq: 4 }),
});

export const networkArb: fc.Arbitrary<GenNetwork> = fc.record({
  groups: fc.array(fc.record({ deleteDefaults: fc.boolean(), rules: fc.array(ruleArb, { maxLength: 8 }) }), { minLength: 2, maxLength: 4 }),
  addressGroups: fc.array(
    fc.record({
      v6: fc.boolean(),
      entries: fc.array(fc.record({ kind: fc.constantFrom<"address" | "cidr" | "range">("address", "cidr", "range"), a: poolIndex, b: poolIndex }), { minLength: 1, maxLength: 3 }),
    }),
    { maxLength: 3 },
  ),
  instances: fc.array(
    fc.record({
      groups: fc.array(fc.nat({ max: 3 }), { minLength: 1, maxLength: 3 }),
      flavor: fc.oneof(
        { withCrossShrink: true },
        { arbitrary: fc.constant(undefined), weight: 4 },
        { arbitrary: fc.constantFrom(...MODERN_FLAVORS), weight: 1 },
        { arbitrary: fc.constantFrom(...LEGACY_FLAVORS), weight: 2 },
        { arbitrary: fc.constantFrom(...KAI1_FLAVORS), weight: 2 },
      ),
      nics: fc.array(
        fc.record({
          subnet: fc.nat({ max: 2 }),
          v4: poolIndex,
          v6: fc.option(poolIndex, { nil: undefined, freq: 5 }),
          own: fc.option(fc.array(fc.nat({ max: 3 }), { minLength: 1, maxLength: 2 }), { nil: undefined, freq: 2 }),
        }),
        // At most 2 NICs: 4 instances × 2 NICs fit the 10 pool addresses of one VPC (take() below).
        { minLength: 1, maxLength: 2 },
      ),
    }),
    { minLength: 1, maxLength: 4 },
  ),
  peering: fc.boolean(),
});

export const endArb: fc.Arbitrary<GenEnd> = fc.record({
  inst: fc.option(fc.nat({ max: 3 }), { nil: undefined, freq: 3 }),
  nic: fc.nat({ max: 1 }),
  fixed: fc.constantFrom(true, false),
  addr: poolIndex,
});

export const flowArb: fc.Arbitrary<GenFlow> = fc.record({
  src: endArb,
  dst: endArb,
  v6: fc.boolean(),
  protocol: fc.constantFrom(...PACKET_PROTOCOLS),
  port: fc.integer({ min: 18, max: 32 }),
  icmpType: fc.constantFrom(...ICMP_TYPES),
  icmpCode: fc.constantFrom(...ICMP_CODES),
});

// ---------------------------------------------------------------------------------------------
// Generated record -> reference model

const groupId = (i: number): string => `sg${i}`;
const addressGroupId = (i: number): string => `ag${i}`;

function buildRule(gen: GenNetwork, r: GenRule): RefRule {
  const version: IpVersion = r.v6 ? 6 : 4;
  const rule: RefRule = { direction: r.direction, ethertype: r.v6 ? "IPv6" : "IPv4" };
  if (r.protocol !== "any") rule.protocol = r.protocol === "icmp" ? (r.v6 ? "icmpv6" : "icmp") : r.protocol;
  if ((r.protocol === "tcp" || r.protocol === "udp") && r.ports) {
    rule.ports = r.ports
      .map(({ lo, span }) => {
        const hi = Math.min(30, lo + span);
        return hi === lo ? `${lo}` : `${lo}-${hi}`;
      })
      .join(",");
  }
  if (r.remote.kind === "cidr") rule.remote_ip_prefix = CIDRS[version][r.remote.i % CIDRS[version].length];
  if (r.remote.kind === "group") rule.remote_group_id = groupId(r.remote.i % gen.groups.length);
  if (r.remote.kind === "addressGroup") {
    const candidates = gen.addressGroups.map((a, i) => ({ a, i })).filter(({ a }) => a.v6 === r.v6);
    if (candidates.length > 0) rule.remote_address_group_id = addressGroupId(candidates[r.remote.i % candidates.length].i);
  }
  if (r.protocol === "icmp" && r.icmp) {
    // port_range_min/max (type, code) conflict with action, priority and remote_address_group_id in the provider; with
    // them the type goes in `ports` (every code of it).
    if (r.action === undefined && r.priority === undefined && rule.remote_address_group_id === undefined) {
      rule.port_range_min = r.icmp.type;
      // A code without a type is refused (the API needs the type with a code).
      if (r.icmp.type !== 0) rule.port_range_max = r.icmp.code;
    } else {
      rule.ports = String(r.icmp.type);
    }
  }
  if (r.action !== undefined) rule.action = r.action;
  if (r.priority !== undefined) rule.priority = r.priority;
  return rule;
}

/** Builds the reference model. Fixed IPs already taken in connected VPCs move to the next free pool address. */
export function buildModel(gen: GenNetwork): RefModel {
  const groups: RefGroup[] = gen.groups.map((g, i) => ({
    id: groupId(i),
    ...(g.deleteDefaults ? { delete_default_rules: true } : {}),
    rules: g.rules.map((r) => buildRule(gen, r)),
  }));
  const addressGroups: RefAddressGroup[] = gen.addressGroups.map((a, i) => {
    const version: IpVersion = a.v6 ? 6 : 4;
    const pool = ADDRESSES[version];
    return {
      id: addressGroupId(i),
      ip_version: version,
      addresses: a.entries.map((e) =>
        e.kind === "address" ? pool[e.a] :
        e.kind === "cidr" ? CIDRS[version][e.a % CIDRS[version].length] :
        `${pool[Math.min(e.a, e.b)]}-${pool[Math.max(e.a, e.b)]}`,
      ),
    };
  });
  // A fixed IP is unique within VPCs that are connected; two VPCs without a peering may reuse one.
  const used = new Map<string, Set<number>>();
  const take = (version: IpVersion, subnet: number, i: number): string => {
    const key = `${version}|${gen.peering ? "all" : SUBNETS[subnet].vpc}`;
    const taken = used.get(key) ?? new Set<number>();
    used.set(key, taken);
    let k = i;
    while (taken.has(k)) k = (k + 1) % ADDRESSES[version].length;
    taken.add(k);
    return ADDRESSES[version][k];
  };
  const groupIds = (list: number[]): string[] => {
    const ids: string[] = [];
    for (const g of list) {
      const id = groupId(g % gen.groups.length);
      if (!ids.includes(id)) ids.push(id);
    }
    return ids;
  };
  const instances: RefInstance[] = gen.instances.map((inst, i) => {
    return {
      id: `vm${i}`,
      security_group_ids: groupIds(inst.groups),
      // The first NIC is a network block's (the instance's groups); later ones may be attached
      // interfaces with groups of their own.
      nics: inst.nics.map((n, k) => ({
        subnet: SUBNETS[n.subnet].id,
        fixed_ip_v4: take(4, n.subnet, n.v4),
        ...(n.v6 !== undefined ? { fixed_ip_v6: take(6, n.subnet, n.v6) } : {}),
        ...(k > 0 && n.own !== undefined ? { security_group_ids: groupIds(n.own) } : {}),
      })),
      ...(inst.flavor !== undefined ? { flavor: inst.flavor } : {}),
    };
  });
  return {
    groups,
    addressGroups,
    instances,
    subnets: SUBNETS.map((s) => ({ ...s })),
    peerings: gen.peering ? [["vpcA", "vpcB"]] : [],
  };
}

// ---------------------------------------------------------------------------------------------
// Reference model -> lib Network

const addressValue = (text: string): bigint => {
  const a = parseAddress(text);
  if (!a) throw new Error(`not an address: ${text}`);
  return a.value;
};

/** Builds the lib Network from the reference model, through lib/core's parse functions. */
export function toLibNetwork(model: RefModel): Network {
  const securityGroups = model.groups.map((g) =>
    parseSecurityGroup({ name: g.id, ...(g.delete_default_rules !== undefined ? { delete_default_rules: g.delete_default_rules } : {}) }, g.id, g.id),
  );
  const rules = model.groups.flatMap((g) => g.rules.map((r, i) => parseRule({ security_group_id: g.id, ...r }, refRuleId(g.id, i), refRuleId(g.id, i), { icmpTypeCode: true })));
  const addressGroups = model.addressGroups.map((a) => parseAddressGroup({ name: a.id, ip_version: a.ip_version, addresses: a.addresses }, a.id, a.id));
  // A NIC with groups of its own is a member of its own, attached to the instance (as hwsg reads
  // huaweicloud_compute_interface_attach): `vm0.eth2` is vm0's NIC 2.
  const libNic = (n: RefInstance["nics"][number]) => ({
    subnetId: n.subnet,
    sourceDestCheck: true,
    ...(n.fixed_ip_v4 !== undefined ? { fixedIpV4: addressValue(n.fixed_ip_v4) } : {}),
    ...(n.fixed_ip_v6 !== undefined ? { fixedIpV6: addressValue(n.fixed_ip_v6) } : {}),
  });
  const instances: Instance[] = model.instances.flatMap((inst) => [
    {
      id: inst.id,
      securityGroupIds: inst.security_group_ids,
      nics: inst.nics.filter((n) => n.security_group_ids === undefined).map(libNic),
      ...(inst.flavor !== undefined ? { flavor: inst.flavor } : {}),
    },
    ...inst.nics.flatMap((n, k) =>
      n.security_group_ids === undefined
        ? []
        : [{ id: `${inst.id}.eth${k}`, kind: "huaweicloud_compute_interface_attach", attachedTo: inst.id, securityGroupIds: n.security_group_ids, nics: [libNic(n)], ...(inst.flavor !== undefined ? { flavor: inst.flavor } : {}) }],
    ),
  ]);
  const vpcIds = [...new Set(model.subnets.map((s) => s.vpc))];
  return new Network({
    securityGroups,
    rules,
    addressGroups,
    instances,
    subnets: model.subnets.map((s) => ({ id: s.id, vpcId: s.vpc })),
    vpcs: vpcIds.map((id) => ({ id })),
    peerings: model.peerings.map(([a, b], i) => ({ id: `peering${i}`, vpcId: a, peerVpcId: b })),
  });
}

/**
 * The lib Network, or a skipped case (fc.pre) when the Network constructor rejects the model
 * because two rules of a group have the same match with opposite actions (the API rejects them).
 */
export function libNetworkOrSkip(model: RefModel): Network {
  try {
    return toLibNetwork(model);
  } catch (e) {
    if (e instanceof ValidationError && e.field === "action" && /opposite/.test(e.allowed)) fc.pre(false);
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Flows

interface BuiltEnd {
  id: string;
  instance?: RefInstance;
  nic: number;
  address: string;
  fromFixedIp: boolean;
}

function buildEnd(model: RefModel, e: GenEnd, version: IpVersion): BuiltEnd {
  const pool = ADDRESSES[version];
  if (e.inst === undefined) return { id: pool[e.addr], nic: 0, address: pool[e.addr], fromFixedIp: false };
  const instance = model.instances[e.inst % model.instances.length];
  const nic = e.nic % instance.nics.length;
  const fixed = version === 4 ? instance.nics[nic].fixed_ip_v4 : instance.nics[nic].fixed_ip_v6;
  if (e.fixed && fixed !== undefined) return { id: instance.id, instance, nic, address: fixed, fromFixedIp: true };
  return { id: instance.id, instance, nic, address: pool[e.addr], fromFixedIp: false };
}

/** The lib member and NIC index of a reference instance's NIC (see toLibNetwork). */
export function libNicOf(instance: RefInstance, nic: number): { instanceId: string; nicIndex: number } {
  if (instance.nics[nic].security_group_ids !== undefined) return { instanceId: `${instance.id}.eth${nic}`, nicIndex: 0 };
  return { instanceId: instance.id, nicIndex: instance.nics.slice(0, nic).filter((n) => n.security_group_ids === undefined).length };
}

/** The reference instance and NIC index of a lib member's NIC (the inverse of libNicOf). */
export function refNicOf(model: RefModel, instanceId: string, nicIndex: number): { id: string; nic: number } {
  const attached = /^(.*)\.eth(\d+)$/.exec(instanceId);
  if (attached) return { id: attached[1], nic: Number(attached[2]) };
  const inst = model.instances.find((i) => i.id === instanceId);
  if (!inst) return { id: instanceId, nic: nicIndex };
  const own = inst.nics.map((n, k) => ({ n, k })).filter(({ n }) => n.security_group_ids === undefined);
  return { id: instanceId, nic: own[nicIndex]?.k ?? nicIndex };
}

const libEnd = (end: BuiltEnd): FlowEnd =>
  end.instance
    ? { kind: "instance", ...libNicOf(end.instance, end.nic), address: addressValue(end.address), fromFixedIp: end.fromFixedIp }
    : { kind: "external", address: addressValue(end.address) };

/**
 * The same packet for the reference and for lib. When both ends would be external the destination
 * becomes an instance; when both would be the same instance (security groups do not filter an
 * instance's traffic to itself) the destination becomes its external address.
 */
export function buildFlow(model: RefModel, g: GenFlow): { ref: RefPacket; lib: Flow } {
  const version: IpVersion = g.v6 ? 6 : 4;
  const src = buildEnd(model, g.src, version);
  let dst = buildEnd(model, g.dst, version);
  if (!src.instance && !dst.instance) dst = buildEnd(model, { ...g.dst, inst: g.dst.addr }, version);
  else if (src.instance && src.instance === dst.instance) dst = buildEnd(model, { ...g.dst, inst: undefined }, version);
  const icmp = isIcmpProtocol(g.protocol) ? { type: g.icmpType, code: g.icmpCode } : undefined;
  const port = hasPorts(g.protocol) ? g.port : icmp ? libIcmpPort(icmp.type, icmp.code) : undefined;
  const ref: RefPacket = {
    src: src.id,
    dst: dst.id,
    srcAddress: src.address,
    dstAddress: dst.address,
    srcFromFixedIp: src.fromFixedIp,
    dstFromFixedIp: dst.fromFixedIp,
    srcNic: src.nic,
    dstNic: dst.nic,
    version,
    protocol: g.protocol,
    ...(icmp ? { icmp } : port !== undefined ? { port } : {}),
  };
  const lib: Flow = { version, protocol: g.protocol, ...(port !== undefined ? { port } : {}), src: libEnd(src), dst: libEnd(dst) };
  return { ref, lib };
}

/** The reference packet for a lib flow (a witness, say); with the model, attached members are mapped back to their instance's NIC. */
export function refPacketOf(flow: Flow, model?: RefModel): RefPacket {
  const end = (e: FlowEnd) =>
    e.kind === "instance"
      ? { ...(model ? refNicOf(model, e.instanceId, e.nicIndex) : { id: e.instanceId, nic: e.nicIndex }), address: formatAddress(flow.version, e.address), fromFixedIp: e.fromFixedIp }
      : { id: formatAddress(flow.version, e.address), address: formatAddress(flow.version, e.address), fromFixedIp: false, nic: 0 };
  const src = end(flow.src);
  const dst = end(flow.dst);
  return {
    src: src.id,
    dst: dst.id,
    srcAddress: src.address,
    dstAddress: dst.address,
    srcFromFixedIp: src.fromFixedIp,
    dstFromFixedIp: dst.fromFixedIp,
    srcNic: src.nic,
    dstNic: dst.nic,
    version: flow.version,
    protocol: flow.protocol,
    ...(flow.port !== undefined
      ? isIcmpProtocol(flow.protocol)
        ? { icmp: { type: Math.floor((flow.port - 1) / 256), code: (flow.port - 1) % 256 } }
        : { port: flow.port }
      : {}),
  };
}

/** Every address of a small CIDR block (at most 256), as strings. */
export function enumerateCidr(cidr: string): string[] {
  const [net, bits] = ipaddr.parseCIDR(cidr);
  const bytes = net.toByteArray();
  const count = 2 ** (bytes.length * 8 - bits);
  if (count > 256) throw new Error(`too large to enumerate: ${cidr}`);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const b = bytes.slice();
    b[b.length - 1] += i;
    out.push(ipaddr.fromByteArray(b).toString());
  }
  return out;
}

/** Number of runs of each property: HWSG_PROPERTY_RUNS is the total, split 5:3:2 (default 10,000). */
export function propertyRuns(share: number): number {
  const total = Number(process.env.HWSG_PROPERTY_RUNS ?? "10000");
  return Math.max(1, Math.round((Number.isFinite(total) && total > 0 ? total : 10000) * share));
}

/** The fast-check seed: HWSG_PROPERTY_SEED, or a fixed default so runs are reproducible. */
export function propertySeed(offset: number): number {
  const base = Number(process.env.HWSG_PROPERTY_SEED ?? "20250611");
  return (Number.isFinite(base) ? base : 20250611) + offset;
}
