/**
 * The members of a benchmark estate that are not compute instances (issue 13): managed databases
 * (RDS), caches (DCS Redis), interfaces attached to instances with groups of their own, and CCE
 * node pools, whose nodes are launched at run time. Drawn from a random stream of their own, so
 * the groups, rules and instances of an estate are the same with or without them.
 *
 * The mix: for every 10 instances one RDS instance, one DCS instance and one interface attached to
 * one of the instances (in its instance's VPC); one CCE cluster with one node pool per VPC. Each is
 * in groups of the estate (an RDS or DCS instance in one, as its resource allows; an attached
 * interface or a node pool in one or two), at a fixed IPv4 address of a subnet of its VPC after
 * the instances' addresses (a node pool has no fixed address: its nodes get theirs at run time).
 */
import { Random } from "./random";

/** A managed service with one NIC at a fixed address: an RDS instance or a DCS (Redis) instance. */
export interface EstateService {
  readonly kind: "rds" | "dcs";
  readonly name: string;
  readonly vpc: number;
  readonly subnet: number;
  readonly ipv4: string;
  /** Its one security group (`security_group_id`). */
  readonly group: number;
  /** The database engine (RDS `db.type`, DCS `engine`). */
  readonly engine: "MySQL" | "PostgreSQL" | "Redis";
  readonly engineVersion: string;
  /** The port its service listens on (RDS `db.port`, DCS `port`). */
  readonly port: number;
  /** The RDS or DCS flavor. */
  readonly flavor: string;
}

/** An interface attached to an instance (`huaweicloud_compute_interface_attach`), in groups of its own. */
export interface EstateAttachedNic {
  readonly name: string;
  /** The instance it is attached to (index). */
  readonly instance: number;
  /** Its instance's VPC. */
  readonly vpc: number;
  readonly subnet: number;
  readonly ipv4: string;
  /** Its own security groups, in matching order. */
  readonly groups: readonly number[];
}

/** A CCE node pool of the VPC's cluster, in groups of its own; its nodes are launched at run time. */
export interface EstateNodePool {
  readonly name: string;
  /** The cluster's name (one cluster per VPC). */
  readonly cluster: string;
  readonly vpc: number;
  /** The nodes' subnet. */
  readonly subnet: number;
  readonly groups: readonly number[];
}

/** The members other than compute instances. */
export interface EstateMembers {
  readonly services: readonly EstateService[];
  readonly attachedNics: readonly EstateAttachedNic[];
  readonly nodePools: readonly EstateNodePool[];
}

/** No member other than compute instances. */
export const NO_MEMBERS: EstateMembers = { services: [], attachedNics: [], nodePools: [] };

/** What is drawn before the VPCs' subnets are known: which VPC (or instance) and groups each member gets. */
export interface MemberDraw {
  readonly services: ReadonlyArray<Omit<EstateService, "subnet" | "ipv4">>;
  readonly attachedNics: ReadonlyArray<Omit<EstateAttachedNic, "subnet" | "ipv4">>;
  readonly nodePools: ReadonlyArray<Omit<EstateNodePool, "subnet"> & { readonly subnetPick: number }>;
  /** Members with a fixed address, per VPC. */
  readonly perVpc: readonly number[];
}

const RDS_ENGINES = [
  { engine: "MySQL", engineVersion: "8.0", port: 3306, flavor: "rds.mysql.n1.large.2" },
  { engine: "PostgreSQL", engineVersion: "14", port: 5432, flavor: "rds.pg.n1.large.2" },
] as const;
const DCS = { engine: "Redis", engineVersion: "6.0", port: 6379, flavor: "redis.ha.xu1.large.r2.1" } as const;

/**
 * Draws the members: their VPCs, the instances interfaces are attached to, their groups.
 * @param vpcOf the VPC of each instance
 */
export function drawMembers(rng: Random, groups: number, vpcs: number, vpcOf: readonly number[]): MemberDraw {
  const perVpc = new Array<number>(vpcs).fill(0);
  const n = Math.floor(vpcOf.length / 10);
  const width = String(Math.max(0, n - 1)).length;
  const ownGroups = () => rng.sample(groups, rng.chance(0.6) ? 1 : 2);
  const services: Array<Omit<EstateService, "subnet" | "ipv4">> = [];
  for (let i = 0; i < n; i++) {
    const vpc = rng.int(0, vpcs - 1);
    perVpc[vpc]++;
    services.push({ kind: "rds", name: `rds${String(i).padStart(width, "0")}`, vpc, group: rng.int(0, groups - 1), ...rng.pick(RDS_ENGINES) });
  }
  for (let i = 0; i < n; i++) {
    const vpc = rng.int(0, vpcs - 1);
    perVpc[vpc]++;
    services.push({ kind: "dcs", name: `dcs${String(i).padStart(width, "0")}`, vpc, group: rng.int(0, groups - 1), ...DCS });
  }
  const attachedNics = rng.sample(vpcOf.length, n).map((instance, i) => {
    perVpc[vpcOf[instance]]++;
    return { name: `nic${String(i).padStart(width, "0")}`, instance, vpc: vpcOf[instance], groups: ownGroups() };
  });
  const nodePools = Array.from({ length: vpcs }, (_, v) => ({ name: `pool${v}`, cluster: `cce${v}`, vpc: v, groups: ownGroups(), subnetPick: rng.nextUint32() }));
  return { services, attachedNics, nodePools, perVpc };
}

/**
 * Gives the drawn members their subnets and addresses: the k-th address of a VPC is host
 * `10 + ⌊k / subnets⌋` of subnet `k mod subnets`, the instances' k first, then the members'.
 * @param subnets the number of subnets of each VPC
 * @param instancesPerVpc how many instances each VPC holds (their addresses come first)
 */
export function placeMembers(draw: MemberDraw, subnets: readonly number[], instancesPerVpc: readonly number[]): EstateMembers {
  const seen = [...instancesPerVpc];
  const next = (v: number): { subnet: number; ipv4: string } => {
    const k = seen[v]++;
    const s = k % subnets[v];
    const host = 10 + Math.floor(k / subnets[v]);
    if (host > 254) throw new Error(`VPC ${v} has no address left in its ${subnets[v]} subnets`);
    return { subnet: s, ipv4: `10.${v}.${s}.${host}` };
  };
  return {
    services: draw.services.map((m) => ({ ...m, ...next(m.vpc) })),
    attachedNics: draw.attachedNics.map((m) => ({ ...m, ...next(m.vpc) })),
    nodePools: draw.nodePools.map(({ subnetPick, ...m }) => ({ ...m, subnet: subnetPick % subnets[m.vpc] })),
  };
}

/** How many members of each kind. */
export interface MemberCounts {
  readonly rds: number;
  readonly dcs: number;
  readonly attachedNics: number;
  readonly nodePools: number;
}

/** The counts of an estate's other members. */
export function memberCounts(members: EstateMembers): MemberCounts {
  return {
    rds: members.services.filter((s) => s.kind === "rds").length,
    dcs: members.services.filter((s) => s.kind === "dcs").length,
    attachedNics: members.attachedNics.length,
    nodePools: members.nodePools.length,
  };
}
