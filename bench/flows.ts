/**
 * Single flows for the queries-per-second benchmark: the same random packets (seeded) for the
 * library's evaluator (`Flow`) and for the simple reference evaluator of the property tests
 * (`RefPacket`, test/support/reference-evaluator.ts), and the estate as the reference's model.
 *
 * The packets are drawn where the rules are: most sources or destinations come from the rules'
 * own remotes (an address of a rule's CIDR block or address group, another instance's fixed IP)
 * and most ports from the rules' ports, so the first match lands anywhere in the rule lists and
 * not only on the default deny.
 */
import { Flow, FlowEnd } from "../lib/core/flow";
import { icmpMessage } from "../lib/core/icmp";
import { IpVersion, cidrBounds, parseAddress, parseCidr } from "../lib/core/ip";
import { RefModel, RefPacket, RefRule } from "../test/support/reference-evaluator";
import { Estate, EstateRule, portsText, protocolText } from "./estate";
import { refPacketOf } from "../test/property/harness";
import { Random } from "./random";
import { groupAddress, instanceAddress, memberAddress, tfNames } from "./terraform-json";

/** One packet for both evaluators. */
export interface BenchFlow {
  readonly lib: Flow;
  readonly ref: RefPacket;
}

const addressGroupId = (name: string): string => `huaweicloud_vpc_address_group.${name}`;
const subnetId = (v: number, s: number): string => `huaweicloud_vpc_subnet.${tfNames.subnet(v, s)}`;
const vpcId = (v: number): string => `huaweicloud_vpc.${tfNames.vpc(v)}`;

/** The estate as the reference evaluator's model, with the Terraform addresses the reader gives. */
export function referenceModelOf(estate: Estate): RefModel {
  return {
    groups: estate.groups.map((g, i) => ({
      id: groupAddress(estate, i),
      delete_default_rules: true,
      rules: g.rules.map((r) => refRule(estate, r)),
    })),
    addressGroups: estate.addressGroups.map((a) => ({ id: addressGroupId(a.name), ip_version: a.version, addresses: [...a.addresses] })),
    instances: [
      ...estate.instances.map((inst, i) => ({
        id: instanceAddress(estate, i),
        security_group_ids: inst.groups.map((g) => groupAddress(estate, g)),
        nics: [
          { subnet: subnetId(inst.vpc, inst.subnet), fixed_ip_v4: inst.ipv4, ...(inst.ipv6 ? { fixed_ip_v6: inst.ipv6 } : {}) },
          // An interface attached to the instance: a NIC of it in groups of its own.
          ...estate.members.attachedNics
            .filter((n) => n.instance === i)
            .map((n) => ({ subnet: subnetId(n.vpc, n.subnet), fixed_ip_v4: n.ipv4, security_group_ids: n.groups.map((g) => groupAddress(estate, g)) })),
        ],
        flavor: inst.flavor,
      })),
      // An RDS or DCS instance: one NIC at its fixed address, no flavor that ignores rules.
      ...estate.members.services.map((m) => ({
        id: memberAddress(m.kind, m.name),
        security_group_ids: [groupAddress(estate, m.group)],
        nics: [{ subnet: subnetId(m.vpc, m.subnet), fixed_ip_v4: m.ipv4 }],
      })),
      // A node pool's launched nodes: a NIC in the subnet, no fixed address before apply.
      ...estate.members.nodePools.map((m) => ({
        id: memberAddress("nodePool", m.name),
        security_group_ids: m.groups.map((g) => groupAddress(estate, g)),
        nics: [{ subnet: subnetId(m.vpc, m.subnet) }],
      })),
    ],
    subnets: estate.vpcs.flatMap((v, i) => v.subnets.map((_, s) => ({ id: subnetId(i, s), vpc: vpcId(i) }))),
    peerings: estate.peerings.map((p) => [vpcId(p.vpcs[0]), vpcId(p.vpcs[1])] as [string, string]),
  };
}

function refRule(estate: Estate, r: EstateRule): RefRule {
  const protocol = protocolText(r);
  const ports = portsText(r.ports);
  const rule: RefRule = { direction: r.direction, ethertype: r.version === 4 ? "IPv4" : "IPv6", action: r.action, priority: r.priority };
  if (protocol !== undefined) rule.protocol = protocol;
  if (ports !== undefined) rule.ports = ports;
  if (r.remote.kind === "cidr") rule.remote_ip_prefix = r.remote.cidr;
  if (r.remote.kind === "group") rule.remote_group_id = groupAddress(estate, r.remote.group);
  if (r.remote.kind === "addressGroup") rule.remote_address_group_id = addressGroupId(estate.addressGroups[r.remote.addressGroup].name);
  return rule;
}

/**
 * `count` random packets to or from instance `index` of the estate: 80% ingress to it, 20% egress
 * from it; IPv6 for one in five when it has an IPv6 address; the other end an address of a rule's
 * remote (60%), another instance (20%) or any address (20%); tcp 70%, udp 15%, ICMP 10%, GRE 5%,
 * on a port of a rule (70%) or any port.
 */
export function randomFlows(estate: Estate, index: number, count: number, seed: number): BenchFlow[] {
  const rng = new Random(seed);
  const me = estate.instances[index];
  const rules = me.groups.flatMap((g) => estate.groups[g].rules);
  const out: BenchFlow[] = [];
  for (let n = 0; n < count; n++) {
    const ingress = rng.chance(0.8);
    const version: IpVersion = me.ipv6 && rng.chance(0.2) ? 6 : 4;
    const mine = rules.filter((r) => r.direction === (ingress ? "ingress" : "egress") && r.version === version);
    const protocol = rng.weighted({ tcp: 70, udp: 15, icmp: 10, gre: 5 });
    const number = protocol === "tcp" ? 6 : protocol === "udp" ? 17 : protocol === "gre" ? 47 : version === 4 ? 1 : 58;
    let port: number | undefined;
    if (number === 6 || number === 17) {
      const withPorts = mine.filter((r) => r.ports);
      if (withPorts.length > 0 && rng.chance(0.7)) {
        const e = rng.pick(rng.pick(withPorts).ports!);
        port = typeof e === "number" ? e : rng.int(e[0], e[1]);
      } else {
        port = rng.int(1, 65535);
      }
    } else if (number === 1 || number === 58) {
      // An ICMP packet is a ping: an echo request (the estate's ICMP rules name no type), as core/icmp.ts numbers it.
      port = icmpMessage(number === 1 ? 8 : 128, 0);
    }
    const self: FlowEnd = { kind: "instance", instanceId: instanceAddress(estate, index), nicIndex: 0, address: addressOf(version === 4 ? me.ipv4 : me.ipv6!), fromFixedIp: true };
    const other = otherEnd(rng, estate, index, version, mine);
    const lib: Flow = { version, protocol: number, ...(port !== undefined ? { port } : {}), src: ingress ? other : self, dst: ingress ? self : other };
    out.push({ lib, ref: refPacketOf(lib) });
  }
  return out;
}

/** A member other than a compute instance as one end of a flow. */
interface MemberEnd {
  readonly end: FlowEnd;
  /** Its groups' rules. */
  readonly rules: readonly EstateRule[];
  /** The port its service listens on (RDS, DCS). */
  readonly servicePort?: number;
  /** The instance it is a NIC of (an attached interface): never the other end. */
  readonly instance?: number;
}

/** The members other than compute instances that the estate has, as flow ends (IPv4). */
function memberEnds(estate: Estate, rng: Random): MemberEnd[] {
  const rulesOf = (groups: readonly number[]) => groups.flatMap((g) => estate.groups[g].rules);
  const fixed = (id: string, ip: string): FlowEnd => ({ kind: "instance", instanceId: id, nicIndex: 0, address: addressOf(ip), fromFixedIp: true });
  return [
    ...estate.members.services.map((m) => ({ end: fixed(memberAddress(m.kind, m.name), m.ipv4), rules: rulesOf([m.group]), servicePort: m.port })),
    ...estate.members.attachedNics.map((m) => ({ end: fixed(memberAddress("attachedNic", m.name), m.ipv4), rules: rulesOf(m.groups), instance: m.instance })),
    // A launched node sends from an address of its subnet that no other member has (.2 to .9).
    ...estate.members.nodePools.map((m) => ({
      end: { kind: "instance", instanceId: memberAddress("nodePool", m.name), nicIndex: 0, address: addressOf(`10.${m.vpc}.${m.subnet}.${rng.int(2, 9)}`), fromFixedIp: false } as FlowEnd,
      rules: rulesOf(m.groups),
    })),
  ];
}

/**
 * `count` random IPv4 packets to or from the members that are not compute instances (RDS and DCS
 * instances, attached interfaces, node pools' launched nodes): 80% ingress, the other end an
 * address of a rule's remote, an instance, another such member or any address, tcp to the
 * service's port for a third of the packets to a database or cache; otherwise as `randomFlows`.
 * The reference packet names an attached interface as its instance's second NIC.
 */
export function memberFlows(estate: Estate, count: number, seed: number): BenchFlow[] {
  const rng = new Random(seed);
  const ends = memberEnds(estate, rng);
  if (ends.length === 0) return [];
  const attachedTo = new Map(estate.members.attachedNics.map((m) => [memberAddress("attachedNic", m.name), instanceAddress(estate, m.instance)]));
  const out: BenchFlow[] = [];
  for (let n = 0; n < count; n++) {
    const me = rng.pick(ends);
    const ingress = rng.chance(0.8);
    const mine = me.rules.filter((r) => r.direction === (ingress ? "ingress" : "egress") && r.version === 4);
    const protocol = rng.weighted({ tcp: 70, udp: 15, icmp: 10, gre: 5 });
    const number = protocol === "tcp" ? 6 : protocol === "udp" ? 17 : protocol === "gre" ? 47 : 1;
    let port: number | undefined;
    if (number === 6 && ingress && me.servicePort !== undefined && rng.chance(0.33)) port = me.servicePort;
    else if (number === 6 || number === 17) {
      const withPorts = mine.filter((r) => r.ports);
      const e = withPorts.length > 0 && rng.chance(0.7) ? rng.pick(rng.pick(withPorts).ports!) : rng.int(1, 65535);
      port = typeof e === "number" ? e : rng.int(e[0], e[1]);
    } else if (number === 1) port = icmpMessage(8, 0);
    const others = ends.filter((o) => o !== me && o.end.kind === "instance" && o.end.fromFixedIp);
    const other = others.length > 0 && rng.chance(0.15) ? rng.pick(others).end : otherEnd(rng, estate, me.instance ?? -1, 4, mine);
    const lib: Flow = { version: 4, protocol: number, ...(port !== undefined ? { port } : {}), src: ingress ? other : me.end, dst: ingress ? me.end : other };
    const ref = refPacketOf(lib);
    const nicOf = (end: FlowEnd) => (end.kind === "instance" && attachedTo.has(end.instanceId) ? { id: attachedTo.get(end.instanceId)!, nic: 1 } : undefined);
    const src = nicOf(lib.src);
    const dst = nicOf(lib.dst);
    out.push({ lib, ref: { ...ref, ...(src ? { src: src.id, srcNic: src.nic } : {}), ...(dst ? { dst: dst.id, dstNic: dst.nic } : {}) } });
  }
  return out;
}

function otherEnd(rng: Random, estate: Estate, index: number, version: IpVersion, rules: readonly EstateRule[]): FlowEnd {
  const kind = rng.weighted({ remote: 60, instance: 20, any: 20 });
  if (kind === "instance") {
    const candidates = estate.instances.map((inst, i) => ({ inst, i })).filter(({ inst, i }) => i !== index && (version === 4 || inst.ipv6));
    if (candidates.length > 0) {
      const { inst, i } = rng.pick(candidates);
      return { kind: "instance", instanceId: instanceAddress(estate, i), nicIndex: 0, address: addressOf(version === 4 ? inst.ipv4 : inst.ipv6!), fromFixedIp: true };
    }
  }
  if (kind === "remote" && rules.length > 0) {
    const r = rng.pick(rules);
    if (r.remote.kind === "cidr") return { kind: "external", address: randomIn(rng, r.remote.cidr) };
    if (r.remote.kind === "addressGroup") {
      const entry = rng.pick(estate.addressGroups[r.remote.addressGroup].addresses);
      return { kind: "external", address: entryAddress(rng, entry) };
    }
    // A group remote: one of the group's members, if it has any with an address of the version.
    const members = estate.instances.map((inst, i) => ({ inst, i })).filter(({ inst, i }) => i !== index && inst.groups.includes((r.remote as { group: number }).group) && (version === 4 || inst.ipv6));
    if (members.length > 0) {
      const { inst, i } = rng.pick(members);
      return { kind: "instance", instanceId: instanceAddress(estate, i), nicIndex: 0, address: addressOf(version === 4 ? inst.ipv4 : inst.ipv6!), fromFixedIp: true };
    }
  }
  return { kind: "external", address: randomIn(rng, version === 4 ? "0.0.0.0/0" : "::/0") };
}

function addressOf(text: string): bigint {
  const a = parseAddress(text);
  if (!a) throw new Error(`not an address: ${text}`);
  return a.value;
}

/** A random address of a CIDR block. */
function randomIn(rng: Random, cidrText: string): bigint {
  const cidr = parseCidr(cidrText);
  if (!cidr) throw new Error(`not a CIDR block: ${cidrText}`);
  const [lo, hi] = cidrBounds(cidr);
  return lo + randomBelow(rng, hi - lo + 1n);
}

function randomBelow(rng: Random, n: bigint): bigint {
  let x = 0n;
  for (let i = 0; i < 4; i++) x = (x << 32n) | BigInt(rng.nextUint32());
  return x % n;
}

/** A random address of an address-group entry (an address, a CIDR block or a range `a-b`). */
function entryAddress(rng: Random, entry: string): bigint {
  if (entry.includes("/")) return randomIn(rng, entry);
  const dash = entry.indexOf("-");
  if (dash < 0) return addressOf(entry);
  const lo = addressOf(entry.slice(0, dash));
  const hi = addressOf(entry.slice(dash + 1));
  return lo + randomBelow(rng, hi - lo + 1n);
}

