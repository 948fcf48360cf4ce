/**
 * The network model the evaluator runs on: security groups and their rules, address groups,
 * instances with ordered groups and NICs, subnets, VPCs, peerings and virtual IPs (semantics.md §1).
 */
import { AddressGroup } from "./address-group";
import { AddressSet } from "./address-set";
import { HwsgError, ValidationError } from "./errors";
import { IpVersion } from "./ip";
import { Rule, describeRule, matchKey } from "./rule";
import { SecurityGroup, defaultRules } from "./security-group";

/** A network interface of an instance. */
export interface Nic {
  /** The subnet id (`network.uuid`), when known. */
  readonly subnetId?: string;
  /** The private fixed IPv4 address, when known. */
  readonly fixedIpV4?: bigint;
  /** The private fixed IPv6 address, when known. */
  readonly fixedIpV6?: bigint;
  /** Whether the NIC drops traffic not addressed to its own addresses (false on VIP and SNAT hosts). */
  readonly sourceDestCheck: boolean;
}

/** A port a member's service listens on, where its resource says (RDS `db.port`, DCS `port`). */
export interface ServicePort {
  /** Protocol number: 6 (tcp) or 17 (udp). */
  readonly protocol: number;
  /** First port of the range. */
  readonly from: number;
  /** Last port of the range (`from` for one port). */
  readonly to: number;
}

/**
 * A member of security groups: any resource that puts NICs with private addresses into groups
 * (a compute instance, an RDS instance, a DCS cache, a CCE node, an attached interface, a port).
 * Its NICs share one ordered list of groups; a NIC with its own groups (an interface attached to
 * an instance, a port) is a member of its own, naming the instance in `attachedTo`.
 */
export interface Member {
  /** Identity for reports: the Terraform address. */
  readonly id: string;
  /**
   * The Terraform resource type that makes it (`huaweicloud_rds_instance`).
   * @default "huaweicloud_compute_instance"
   */
  readonly kind?: string;
  readonly name?: string;
  /** The member's security groups, in matching order: the first group is tried first. */
  readonly securityGroupIds: readonly string[];
  readonly nics: readonly Nic[];
  /** The flavor (`flavor_id` or `flavor_name`), when known: some flavors ignore some rules. */
  readonly flavor?: string;
  /**
   * The ports its service listens on, where the resource says (a database's port).
   * @default none: the resource does not say
   */
  readonly servicePorts?: readonly ServicePort[];
  /**
   * The member this one is a NIC of (an attached interface's instance), for reports.
   * @default none
   */
  readonly attachedTo?: string;
  /**
   * Stands for every member the resource launches at run time (a CCE node pool's nodes, the
   * instances of an auto-scaling configuration): alike, in the same groups, addresses not known.
   * @default false
   */
  readonly launched?: boolean;
  /** A stand-in for "any member of a group", made by an analysis when the group has no member in the model. */
  readonly hypothetical?: boolean;
}

/** A compute instance (ECS): the member hwsg first modelled. Same as Member. */
export type Instance = Member;

/** The Terraform type of a member (compute instance when it does not say). */
export function memberKind(member: Member): string {
  return member.kind ?? "huaweicloud_compute_instance";
}

/** A VPC subnet. */
export interface Subnet {
  readonly id: string;
  readonly vpcId: string;
  /** The subnet's IPv4 block, when known. */
  readonly cidr?: AddressSet;
}

/** A VPC. */
export interface Vpc {
  readonly id: string;
  readonly cidr?: AddressSet;
}

/** A VPC peering connection: it joins two VPCs (routes are assumed present). */
export interface Peering {
  readonly id: string;
  readonly vpcId: string;
  readonly peerVpcId: string;
}

/** A virtual IP shared by several NICs (keepalived active/standby). */
export interface VirtualIp {
  readonly id: string;
  readonly subnetId?: string;
  readonly version: IpVersion;
  /** The address, when known. */
  readonly address?: bigint;
  /** The NICs the VIP is associated with. */
  readonly holders: ReadonlyArray<{ readonly instanceId: string; readonly nicIndex: number }>;
}

/** Everything a Network is built from. */
export interface NetworkSpec {
  readonly securityGroups: readonly SecurityGroup[];
  /** Rules in configuration order (the order the quota and Kai1 effects count in). */
  readonly rules: readonly Rule[];
  readonly addressGroups?: readonly AddressGroup[];
  readonly instances?: readonly Instance[];
  readonly subnets?: readonly Subnet[];
  readonly vpcs?: readonly Vpc[];
  readonly peerings?: readonly Peering[];
  readonly virtualIps?: readonly VirtualIp[];
}

/** A validated, indexed network model. Immutable once built. */
export class Network {
  readonly groups = new Map<string, SecurityGroup>();
  readonly addressGroups = new Map<string, AddressGroup>();
  readonly instances = new Map<string, Instance>();
  readonly subnets = new Map<string, Subnet>();
  readonly vpcs = new Map<string, Vpc>();
  readonly peerings: readonly Peering[];
  readonly virtualIps: readonly VirtualIp[];
  private readonly rulesByGroup = new Map<string, Rule[]>();
  private readonly membersByGroup = new Map<string, Instance[]>();
  /** The members of each machine: an instance and the interfaces attached to it, by the instance's id. */
  private readonly membersByMachine = new Map<string, Instance[]>();
  private readonly memberAddressCache = new Map<string, AddressSet>();
  /** `version:address` → the NICs with that private fixed IP (several only in VPCs that are not connected). */
  private readonly fixedIpOwners = new Map<string, Array<{ instance: Instance; nicIndex: number }>>();
  /** Per-network memo for derived structures (compiled rule lists, allowed spaces). */
  readonly cache = new Map<string, unknown>();

  /**
   * Builds and checks the model: every reference resolves, remotes are of the right IP version,
   * no two rules of a group have the same match with opposite actions.
   * @param base internal (withInstances): a network whose spec is `spec` without its last
   *   instances; its checked groups, rules and instances are taken over, only the rest is checked
   * @throws ValidationError naming the rule or instance and field
   */
  constructor(readonly spec: NetworkSpec, base?: Network) {
    this.peerings = spec.peerings ?? [];
    this.virtualIps = spec.virtualIps ?? [];
    const instances = spec.instances ?? [];
    if (base) {
      this.takeOver(base);
      const extra = instances.slice(base.instances.size);
      for (const i of extra) this.add(this.instances, i, "instance");
      for (const i of extra) this.addInstance(i);
      return;
    }
    for (const g of spec.securityGroups) this.add(this.groups, g, "security group");
    for (const a of spec.addressGroups ?? []) this.add(this.addressGroups, a, "address group");
    for (const v of spec.vpcs ?? []) this.add(this.vpcs, v, "VPC");
    for (const s of spec.subnets ?? []) this.add(this.subnets, s, "subnet");
    for (const i of instances) this.add(this.instances, i, "instance");

    const seen = new Map<string, Rule>();
    for (const g of this.groups.values()) {
      const defaults = defaultRules(g);
      this.rulesByGroup.set(g.id, defaults);
      for (const d of defaults) seen.set(`${g.id}|${matchKey(d)}`, d);
    }
    for (const rule of spec.rules) {
      const list = this.rulesByGroup.get(rule.securityGroupId);
      if (!list) throw new ValidationError(rule.id, "security_group_id", rule.securityGroupId, "must name a security group of the model");
      this.checkRemote(rule);
      const key = `${rule.securityGroupId}|${matchKey(rule)}`;
      const twin = seen.get(key);
      if (twin && twin.action !== rule.action) {
        throw new ValidationError(rule.id, "action", rule.action, `opposite to ${twin.id} with the same direction, ethertype, protocol, ports and remote: the API rejects such a pair (${describeRule(twin)})`);
      }
      seen.set(key, rule);
      list.push(rule);
    }

    for (const inst of instances) this.addInstance(inst);
    for (const s of this.subnets.values()) {
      if (!this.vpcs.has(s.vpcId)) throw new ValidationError(s.id, "vpc_id", s.vpcId, "must name a VPC of the model");
    }
    for (const p of this.peerings) {
      if (!this.vpcs.has(p.vpcId)) throw new ValidationError(p.id, "vpc_id", p.vpcId, "must name a VPC of the model");
      if (!this.vpcs.has(p.peerVpcId)) throw new ValidationError(p.id, "peer_vpc_id", p.peerVpcId, "must name a VPC of the model");
    }
  }

  /** Takes over a checked network's indexes (lists copied when instances added here may change them). */
  private takeOver(base: Network): void {
    for (const [from, to] of [[base.groups, this.groups], [base.addressGroups, this.addressGroups], [base.instances, this.instances], [base.subnets, this.subnets], [base.vpcs, this.vpcs]] as const) {
      for (const [k, v] of from as Map<string, unknown>) (to as Map<string, unknown>).set(k, v);
    }
    // A group's rules never change once built: shared.
    for (const [k, v] of base.rulesByGroup) this.rulesByGroup.set(k, v);
    for (const [k, v] of base.membersByGroup) this.membersByGroup.set(k, [...v]);
    for (const [k, v] of base.membersByMachine) this.membersByMachine.set(k, [...v]);
    for (const [k, v] of base.fixedIpOwners) this.fixedIpOwners.set(k, [...v]);
  }

  /** Checks an instance (already in `instances`) and indexes it: its groups and subnets exist, no NIC's fixed IP is taken in the same or a connected VPC. */
  private addInstance(inst: Instance): void {
    if (inst.attachedTo !== undefined && !this.instances.has(inst.attachedTo)) {
      throw new ValidationError(inst.id, "attachedTo", inst.attachedTo, "must name a member of the model");
    }
    const machine = inst.attachedTo ?? inst.id;
    this.membersByMachine.set(machine, [...(this.membersByMachine.get(machine) ?? []), inst]);
    (inst.servicePorts ?? []).forEach((p, i) => {
      if (![6, 17].includes(p.protocol) || !Number.isInteger(p.from) || !Number.isInteger(p.to) || p.from < 1 || p.to > 65535 || p.from > p.to) {
        throw new ValidationError(inst.id, `servicePorts[${i}]`, `${p.protocol}/${p.from}-${p.to}`, "must be tcp (6) or udp (17) with ports 1-65535, from <= to");
      }
    });
    inst.securityGroupIds.forEach((gid, i) => {
      if (!this.groups.has(gid)) throw new ValidationError(inst.id, `security_group_ids[${i}]`, gid, "must name a security group of the model");
      const members = this.membersByGroup.get(gid) ?? [];
      // Instances are added one by one, so an instance already a member is the last one.
      if (members[members.length - 1] !== inst) members.push(inst);
      this.membersByGroup.set(gid, members);
    });
    inst.nics.forEach((nic, i) => {
      if (nic.subnetId !== undefined && !this.subnets.has(nic.subnetId)) {
        throw new ValidationError(inst.id, `network[${i}].uuid`, nic.subnetId, "must name a subnet of the model");
      }
      for (const [version, ip] of [[4, nic.fixedIpV4], [6, nic.fixedIpV6]] as const) {
        if (ip === undefined) continue;
        const key = `${version}:${ip}`;
        const owners = this.fixedIpOwners.get(key) ?? [];
        const vpc = this.vpcOf(nic);
        const clash = owners.find((o) => {
          const other = this.vpcOf(o.instance.nics[o.nicIndex]);
          return vpc === undefined || other === undefined || this.vpcsConnected(vpc, other);
        });
        if (clash) {
          throw new ValidationError(inst.id, `network[${i}].fixed_ip_v${version}`, AddressSet.single(version, ip).format(ip), `is already the fixed IP of ${clash.instance.id} in the same or a connected VPC`);
        }
        owners.push({ instance: inst, nicIndex: i });
        this.fixedIpOwners.set(key, owners);
      }
    });
  }

  /** A copy of this network with more instances (hypothetical group members, say): only they are checked. */
  withInstances(extra: readonly Instance[]): Network {
    return new Network({ ...this.spec, instances: [...(this.spec.instances ?? []), ...extra] }, this);
  }

  /** The rules of a group, its default rules first, then the rest in configuration order. */
  rulesOf(groupId: string): readonly Rule[] {
    return this.rulesByGroup.get(groupId) ?? [];
  }

  /** Every rule of the model, default rules included, group by group. */
  allRules(): Rule[] {
    return [...this.rulesByGroup.values()].flat();
  }

  /** The instances associated with a group. */
  membersOf(groupId: string): readonly Instance[] {
    return this.membersByGroup.get(groupId) ?? [];
  }

  /**
   * The members on the same machine as a member: itself, the instance it is an interface of, and
   * the other interfaces attached to that instance. Traffic between them does not leave the
   * machine, so security groups do not filter it.
   */
  machineOf(member: Instance): readonly Instance[] {
    return this.membersByMachine.get(member.attachedTo ?? member.id) ?? [member];
  }

  /** Whether two members are on the same machine (see machineOf). */
  sameMachine(a: string, b: string): boolean {
    if (a === b) return true;
    const x = this.instances.get(a);
    const y = this.instances.get(b);
    return x !== undefined && y !== undefined && (x.attachedTo ?? x.id) === (y.attachedTo ?? y.id);
  }

  /** The known private fixed IPs of a group's members: what a `remote_group_id` rule matches by address. */
  memberAddresses(groupId: string, version: IpVersion): AddressSet {
    const key = `${groupId}|${version}`;
    let set = this.memberAddressCache.get(key);
    if (!set) {
      const ips: Array<[bigint, bigint]> = [];
      for (const inst of this.membersOf(groupId)) {
        for (const nic of inst.nics) {
          const ip = version === 4 ? nic.fixedIpV4 : nic.fixedIpV6;
          if (ip !== undefined) ips.push([ip, ip]);
        }
      }
      set = AddressSet.fromIntervals(version, ips);
      this.memberAddressCache.set(key, set);
    }
    return set;
  }

  /** The NICs whose private fixed IP this is (several only in VPCs that are not connected). */
  instancesWithFixedIp(version: IpVersion, address: bigint): ReadonlyArray<{ instance: Instance; nicIndex: number }> {
    return this.fixedIpOwners.get(`${version}:${address}`) ?? [];
  }

  /** The virtual IP with this address, if any. */
  virtualIpAt(version: IpVersion, address: bigint): VirtualIp | undefined {
    return this.virtualIps.find((v) => v.version === version && v.address === address);
  }

  /** The VPC a NIC is in, when its subnet is known. */
  vpcOf(nic: Nic): string | undefined {
    return nic.subnetId !== undefined ? this.subnets.get(nic.subnetId)?.vpcId : undefined;
  }

  /** Whether two VPCs can exchange traffic: the same VPC, or joined by a peering connection. */
  vpcsConnected(a: string, b: string): boolean {
    if (a === b) return true;
    return this.peerings.some((p) => (p.vpcId === a && p.peerVpcId === b) || (p.vpcId === b && p.peerVpcId === a));
  }

  /** A member, or an error naming the ids that exist. */
  instance(id: string): Instance {
    const inst = this.instances.get(id);
    if (!inst) {
      const known = [...this.instances.keys()].filter((k) => !this.instances.get(k)!.hypothetical);
      throw new HwsgError(`no member ${id} in the model${known.length ? ` (members: ${known.join(", ")})` : " (it has no members)"}`);
    }
    return inst;
  }

  private add<T extends { id: string }>(map: Map<string, T>, item: T, what: string): void {
    if (map.has(item.id)) throw new HwsgError(`${what} ${item.id} is defined twice`);
    map.set(item.id, item);
  }

  private checkRemote(rule: Rule): void {
    if (rule.remote.kind === "group" && !this.groups.has(rule.remote.groupId)) {
      throw new ValidationError(rule.id, "remote_group_id", rule.remote.groupId, "must name a security group of the model");
    }
    if (rule.remote.kind === "addressGroup") {
      const ag = this.addressGroups.get(rule.remote.addressGroupId);
      if (!ag) throw new ValidationError(rule.id, "remote_address_group_id", rule.remote.addressGroupId, "must name an IP address group of the model");
      if (ag.version !== rule.version) {
        throw new ValidationError(rule.id, "remote_address_group_id", rule.remote.addressGroupId, `is an IPv${ag.version} address group but the rule's ethertype is IPv${rule.version}`);
      }
    }
  }
}
