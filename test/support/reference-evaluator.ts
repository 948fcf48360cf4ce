/**
 * A deliberately simple reference evaluator, written straight from docs/semantics.md §2–5 and the
 * effects of §6 (rule quota, legacy flavors, Kai1), for property tests of lib/core.
 *
 * It shares no code with lib/: it works on its own plain description of a network (rule fields as
 * the Terraform strings), checks addresses with ipaddr.js one packet at a time and ports by
 * splitting the `ports` string. Naive loops everywhere; no interval arithmetic, no caching.
 *
 * One decision differs from semantics.md §5 and follows lib/core/security-group.ts: the four
 * default rules have priority 1 (the seeds show 1), not 100.
 */
import * as ipaddr from "ipaddr.js";

export type RefDirection = "ingress" | "egress";
export type RefAction = "allow" | "deny";
export type RefVersion = 4 | 6;

/** A rule as the Terraform fields write it. Omitted fields take their §5 defaults. */
export interface RefRule {
  direction: RefDirection;
  ethertype: "IPv4" | "IPv6";
  /** `tcp`, `udp`, `icmp`, `icmpv6` or a number; omitted = every protocol. */
  protocol?: string;
  /** `22`, `20-30`, `22,25,80-90`; omitted = every port. With icmp/icmpv6: ICMP types, every code. */
  ports?: string;
  /** With icmp/icmpv6: the ICMP type; 0 or omitted is not sent (every type). */
  port_range_min?: number;
  /** With icmp/icmpv6: the ICMP code; 0 or omitted is not sent (every code of the type). */
  port_range_max?: number;
  remote_ip_prefix?: string;
  remote_group_id?: string;
  remote_address_group_id?: string;
  /** Omitted = allow. */
  action?: RefAction;
  /** Omitted = 1. */
  priority?: number;
}

/** A security group with its rules in configuration order. */
export interface RefGroup {
  id: string;
  delete_default_rules?: boolean;
  rules: RefRule[];
}

/** An IP address group: entries are addresses, CIDR blocks or ranges `a-b`. */
export interface RefAddressGroup {
  id: string;
  ip_version: RefVersion;
  addresses: string[];
}

export interface RefNic {
  subnet: string;
  fixed_ip_v4?: string;
  fixed_ip_v6?: string;
  /**
   * The NIC's own security groups (an interface attached with its own `security_group_ids`):
   * they replace the instance's for this NIC. Absent: the instance's groups.
   */
  security_group_ids?: string[];
}

/** The groups of an instance's NIC, in matching order. */
export function refGroupsOfNic(inst: RefInstance, nic: number): string[] {
  return inst.nics[nic]?.security_group_ids ?? inst.security_group_ids;
}

export interface RefInstance {
  id: string;
  /** In matching order: the first group is tried first. */
  security_group_ids: string[];
  nics: RefNic[];
  /** `s6.small.1`, `kc1.large.2`, … */
  flavor?: string;
}

export interface RefSubnet {
  id: string;
  vpc: string;
}

export interface RefModel {
  groups: RefGroup[];
  addressGroups: RefAddressGroup[];
  instances: RefInstance[];
  subnets: RefSubnet[];
  /** Pairs of VPC ids joined by a peering connection. */
  peerings: Array<[string, string]>;
}

/**
 * One packet (the first of a connection). `src` and `dst` are an instance id of the model, or
 * anything else for an end outside the model. `srcAddress` / `dstAddress` are the addresses the
 * packet carries. `srcFromFixedIp` / `dstFromFixedIp` say that an instance end sends from (or is
 * addressed at) the private fixed IP of its NIC `srcNic` / `dstNic` (default 0).
 */
export interface RefPacket {
  src: string;
  dst: string;
  srcAddress: string;
  dstAddress: string;
  srcFromFixedIp?: boolean;
  dstFromFixedIp?: boolean;
  srcNic?: number;
  dstNic?: number;
  version: RefVersion;
  protocol: number;
  port?: number;
  /** The ICMP type and code of an icmp or icmpv6 packet. */
  icmp?: RefIcmp;
}

/** An ICMP message's type and code. */
export interface RefIcmp {
  type: number;
  code: number;
}

/** The rule that decided at one instance. */
export interface RefDecidingRule {
  id: string;
  group: string;
  priority: number;
  action: RefAction;
}

export interface RefHop {
  instance: string;
  direction: RefDirection;
  verdict: RefAction;
  /** null when no rule matched (default deny). */
  rule: RefDecidingRule | null;
}

export interface RefExplanation {
  verdict: RefAction;
  /** true when the two instances are in VPCs that no peering joins. */
  isolated: boolean;
  hops: RefHop[];
}

/** The id the reference gives a configured rule: `<group>/rule<index in the group>`. */
export function refRuleId(groupId: string, index: number): string {
  return groupId + "/rule" + index;
}

/** The id the reference gives a default rule: `<group>#default-<direction>-ipv<4|6>`. */
export function refDefaultRuleId(groupId: string, direction: RefDirection, version: RefVersion): string {
  return groupId + "#default-" + direction + "-ipv" + version;
}

export const REF_QUOTA = 120;
export const REF_LEGACY_FAMILIES = ["s1", "c1", "c2", "m1", "h1", "d1", "g1", "g2", "e1", "e2", "et2"];
export const REF_KAI1_FAMILY = "kc1";

interface NamedRule {
  id: string;
  group: string;
  rule: RefRule;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function findInstance(model: RefModel, id: string): RefInstance | undefined {
  for (const inst of model.instances) {
    if (inst.id === id) return inst;
  }
  return undefined;
}

function findGroup(model: RefModel, id: string): RefGroup {
  for (const g of model.groups) {
    if (g.id === id) return g;
  }
  throw new Error("reference: no security group " + id);
}

function findAddressGroup(model: RefModel, id: string): RefAddressGroup {
  for (const a of model.addressGroups) {
    if (a.id === id) return a;
  }
  throw new Error("reference: no address group " + id);
}

function vpcOfSubnet(model: RefModel, subnetId: string): string {
  for (const s of model.subnets) {
    if (s.id === subnetId) return s.vpc;
  }
  throw new Error("reference: no subnet " + subnetId);
}

function ruleVersion(rule: RefRule): RefVersion {
  return rule.ethertype.toLowerCase() === "ipv4" ? 4 : 6;
}

function protocolNumber(text: string): number {
  if (text === "tcp") return 6;
  if (text === "udp") return 17;
  if (text === "icmp") return 1;
  if (text === "icmpv6") return 58;
  return Number(text);
}

function compareBytes(a: number[], b: number[]): number {
  if (a.length !== b.length) return a.length - b.length;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return 0;
}

function sameAddress(a: string, b: string): boolean {
  return compareBytes(ipaddr.parse(a).toByteArray(), ipaddr.parse(b).toByteArray()) === 0;
}

/** Whether a CIDR block contains an address. */
export function refInCidr(address: string, cidr: string): boolean {
  const addr = ipaddr.parse(address);
  const range = ipaddr.parseCIDR(cidr);
  if (addr.kind() !== range[0].kind()) return false;
  return addr.match(range);
}

/** Whether an address-group entry (address, CIDR or range `a-b`) contains an address. */
function entryContains(entry: string, address: string): boolean {
  if (entry.includes("/")) return refInCidr(address, entry);
  const dash = entry.indexOf("-");
  const bytes = ipaddr.parse(address).toByteArray();
  if (dash >= 0) {
    const lo = ipaddr.parse(entry.slice(0, dash)).toByteArray();
    const hi = ipaddr.parse(entry.slice(dash + 1)).toByteArray();
    if (lo.length !== bytes.length) return false;
    return compareBytes(lo, bytes) <= 0 && compareBytes(bytes, hi) <= 0;
  }
  const single = ipaddr.parse(entry).toByteArray();
  return compareBytes(single, bytes) === 0;
}

/** Whether the `ports` string holds the port. */
function portsContain(ports: string, port: number): boolean {
  for (const item of ports.split(",")) {
    const parts = item.split("-");
    const lo = Number(parts[0]);
    const hi = parts.length > 1 ? Number(parts[1]) : lo;
    if (lo <= port && port <= hi) return true;
  }
  return false;
}

function isInconsecutive(rule: RefRule): boolean {
  return rule.ports !== undefined && rule.ports.includes(",");
}

function flavorFamilyOf(flavor: string | undefined): string | undefined {
  if (flavor === undefined) return undefined;
  const dot = flavor.indexOf(".");
  if (dot <= 0) return undefined;
  return flavor.slice(0, dot).toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// §5 defaults and §6 effects

/** A group's rules in configuration order: the four default rules first (unless deleted). */
function rulesOfGroup(group: RefGroup): NamedRule[] {
  const out: NamedRule[] = [];
  if (!group.delete_default_rules) {
    const directions: RefDirection[] = ["ingress", "egress"];
    const versions: RefVersion[] = [4, 6];
    for (const direction of directions) {
      for (const version of versions) {
        const rule: RefRule = {
          direction,
          ethertype: version === 4 ? "IPv4" : "IPv6",
          action: "allow",
          priority: 1,
        };
        if (direction === "ingress") rule.remote_group_id = group.id;
        else rule.remote_ip_prefix = version === 4 ? "0.0.0.0/0" : "::/0";
        out.push({ id: refDefaultRuleId(group.id, direction, version), group: group.id, rule });
      }
    }
  }
  for (let i = 0; i < group.rules.length; i++) {
    out.push({ id: refRuleId(group.id, i), group: group.id, rule: group.rules[i] });
  }
  return out;
}

/** The ids of a group's rules that do not take effect on an instance of this flavor. */
function ignoredRuleIds(group: RefGroup, flavor: string | undefined): string[] {
  const rules = rulesOfGroup(group);
  const ignored: string[] = [];

  // Quota: per direction and IP version, rules with a security-group remote, an address-group
  // remote or inconsecutive ports (each counted once); the 121st and later do not take effect.
  const counts: { [key: string]: number } = {};
  for (const r of rules) {
    const counted = r.rule.remote_group_id !== undefined || r.rule.remote_address_group_id !== undefined || isInconsecutive(r.rule);
    if (!counted) continue;
    const key = r.rule.direction + "|" + ruleVersion(r.rule);
    counts[key] = (counts[key] ?? 0) + 1;
    if (counts[key] > REF_QUOTA) ignored.push(r.id);
  }

  const family = flavorFamilyOf(flavor);
  if (family !== undefined && REF_LEGACY_FAMILIES.includes(family)) {
    for (const r of rules) {
      if (r.rule.remote_address_group_id !== undefined || isInconsecutive(r.rule)) ignored.push(r.id);
    }
  }
  if (family === REF_KAI1_FAMILY) {
    const directions: RefDirection[] = ["ingress", "egress"];
    for (const direction of directions) {
      let seenInconsecutive = false;
      for (const r of rules) {
        if (r.rule.direction !== direction) continue;
        if (isInconsecutive(r.rule)) seenInconsecutive = true;
        if (seenInconsecutive) ignored.push(r.id);
      }
    }
  }
  return ignored;
}

// ---------------------------------------------------------------------------------------------
// §2 one packet at one instance

/** The security groups an address belongs to: those of the instances whose NIC has it as fixed IP. */
export function refGroupsOfAddress(model: RefModel, version: RefVersion, address: string): string[] {
  const groups: string[] = [];
  for (const inst of model.instances) {
    for (const nic of inst.nics) {
      const fixed = version === 4 ? nic.fixed_ip_v4 : nic.fixed_ip_v6;
      if (fixed !== undefined && sameAddress(fixed, address)) {
        for (const g of nic.security_group_ids ?? inst.security_group_ids) groups.push(g);
      }
    }
  }
  return groups;
}

function ruleMatches(
  model: RefModel,
  rule: RefRule,
  version: RefVersion,
  protocol: number,
  port: number | RefIcmp | undefined,
  remoteAddress: string,
  remoteGroups: string[],
): boolean {
  if (ruleVersion(rule) !== version) return false;
  if (rule.protocol !== undefined && protocolNumber(rule.protocol) !== protocol) return false;
  if (rule.protocol === "icmp" || rule.protocol === "icmpv6") {
    // The API reads port_range_min as the ICMP type and port_range_max as the code; the provider
    // does not send 0. `ports` with ICMP: types, every code.
    const icmp = typeof port === "object" ? port : undefined;
    if (rule.ports !== undefined) {
      if (!icmp || !portsContain(rule.ports, icmp.type)) return false;
    }
    if (rule.port_range_min !== undefined && rule.port_range_min !== 0) {
      if (!icmp || icmp.type !== rule.port_range_min) return false;
      if (rule.port_range_max !== undefined && rule.port_range_max !== 0 && icmp.code !== rule.port_range_max) return false;
    }
  } else if (rule.ports !== undefined) {
    if (typeof port !== "number") return false;
    if (port === undefined) return false;
    if (!portsContain(rule.ports, port)) return false;
  }
  if (rule.remote_ip_prefix !== undefined) return refInCidr(remoteAddress, rule.remote_ip_prefix);
  if (rule.remote_address_group_id !== undefined) {
    const ag = findAddressGroup(model, rule.remote_address_group_id);
    for (const entry of ag.addresses) {
      if (entryContains(entry, remoteAddress)) return true;
    }
    return false;
  }
  if (rule.remote_group_id !== undefined) return remoteGroups.includes(rule.remote_group_id);
  return true;
}

/**
 * Decides a packet at one instance in one direction.
 * @param remoteAddress the other end's address (the source for ingress, the destination for egress)
 * @param remoteGroups the security groups `remote_group_id` rules see the other end in, or
 *   "by-address": those of the instance whose NIC has `remoteAddress` as its private fixed IP
 */
export function referenceHop(
  model: RefModel,
  instanceId: string,
  direction: RefDirection,
  version: RefVersion,
  protocol: number,
  port: number | RefIcmp | undefined,
  remoteAddress: string,
  remoteGroups: string[] | "by-address",
  nic = 0,
): RefHop {
  const inst = findInstance(model, instanceId);
  if (!inst) throw new Error("reference: no instance " + instanceId);
  const groups = remoteGroups === "by-address" ? refGroupsOfAddress(model, version, remoteAddress) : remoteGroups;

  // 1. The rules of the packet's direction (and IP version) from every group of the instance.
  const candidates: Array<{ named: NamedRule; groupIndex: number; configIndex: number; priority: number; action: RefAction }> = [];
  const seenGroups: string[] = [];
  for (const groupId of refGroupsOfNic(inst, nic)) {
    if (seenGroups.includes(groupId)) continue;
    const groupIndex = seenGroups.length;
    seenGroups.push(groupId);
    const group = findGroup(model, groupId);
    const ignored = ignoredRuleIds(group, inst.flavor);
    const rules = rulesOfGroup(group);
    for (let i = 0; i < rules.length; i++) {
      const r = rules[i];
      if (r.rule.direction !== direction) continue;
      if (ruleVersion(r.rule) !== version) continue;
      if (ignored.includes(r.id)) continue;
      candidates.push({
        named: r,
        groupIndex,
        configIndex: i,
        priority: r.rule.priority ?? 1,
        action: r.rule.action ?? "allow",
      });
    }
  }

  // 2. Group position, then priority ascending, then deny before allow.
  candidates.sort((a, b) => {
    if (a.groupIndex !== b.groupIndex) return a.groupIndex - b.groupIndex;
    if (a.priority !== b.priority) return a.priority - b.priority;
    if (a.action !== b.action) return a.action === "deny" ? -1 : 1;
    return a.configIndex - b.configIndex;
  });

  // 3. The first match decides; no match is a deny.
  for (const c of candidates) {
    if (ruleMatches(model, c.named.rule, version, protocol, port, remoteAddress, groups)) {
      return {
        instance: instanceId,
        direction,
        verdict: c.action,
        rule: { id: c.named.id, group: c.named.group, priority: c.priority, action: c.action },
      };
    }
  }
  return { instance: instanceId, direction, verdict: "deny", rule: null };
}

// ---------------------------------------------------------------------------------------------
// §3 connections

function vpcsJoined(model: RefModel, a: string, b: string): boolean {
  if (a === b) return true;
  for (const [x, y] of model.peerings) {
    if ((x === a && y === b) || (x === b && y === a)) return true;
  }
  return false;
}

/** Evaluates one packet with its hops. */
export function referenceExplain(model: RefModel, packet: RefPacket): RefExplanation {
  const src = findInstance(model, packet.src);
  const dst = findInstance(model, packet.dst);
  if (!src && !dst) throw new Error("reference: a packet needs an instance at one end");

  if (src && dst) {
    const srcVpc = vpcOfSubnet(model, src.nics[packet.srcNic ?? 0].subnet);
    const dstVpc = vpcOfSubnet(model, dst.nics[packet.dstNic ?? 0].subnet);
    if (!vpcsJoined(model, srcVpc, dstVpc)) return { verdict: "deny", isolated: true, hops: [] };
  }

  const hops: RefHop[] = [];
  if (src) {
    const remoteGroups = dst && packet.dstFromFixedIp ? refGroupsOfNic(dst, packet.dstNic ?? 0) : "by-address";
    const hop = referenceHop(model, src.id, "egress", packet.version, packet.protocol, packet.icmp ?? packet.port, packet.dstAddress, remoteGroups, packet.srcNic ?? 0);
    hops.push(hop);
    if (hop.verdict === "deny") return { verdict: "deny", isolated: false, hops };
  }
  if (dst) {
    const remoteGroups = src && packet.srcFromFixedIp ? refGroupsOfNic(src, packet.srcNic ?? 0) : "by-address";
    const hop = referenceHop(model, dst.id, "ingress", packet.version, packet.protocol, packet.icmp ?? packet.port, packet.srcAddress, remoteGroups, packet.dstNic ?? 0);
    hops.push(hop);
    if (hop.verdict === "deny") return { verdict: "deny", isolated: false, hops };
  }
  return { verdict: "allow", isolated: false, hops };
}

/** Whether the packet's connection is allowed. */
export function referenceVerdict(model: RefModel, packet: RefPacket): RefAction {
  return referenceExplain(model, packet).verdict;
}
