/**
 * A synthetic estate as plain Terraform JSON (`main.tf.json`), the way a team that writes its
 * Terraform by hand (or with another generator) would: one resource per VPC, subnet, peering,
 * address group, security group, rule and instance, references as `${type.name.id}`. This is what
 * `hwsg check` reads in the scaling benchmark.
 */
import { Estate, EstateRemote, EstateRule, portsText, protocolText } from "./estate";
import { memberCounts } from "./estate-members";

/** Terraform resource names of an estate's parts (shared with the benchmark runner). */
export const tfNames = {
  vpc: (v: number): string => `vpc${v}`,
  subnet: (v: number, s: number): string => `vpc${v}_s${s}`,
  group: (estate: Estate, g: number): string => estate.groups[g].name,
  rule: (estate: Estate, g: number, r: number): string => `${estate.groups[g].name}_r${String(r).padStart(String(estate.groups[g].rules.length - 1).length, "0")}`,
  instance: (estate: Estate, i: number): string => estate.instances[i].name,
};

/** The Terraform types of the members other than compute instances. */
export const MEMBER_TYPES = {
  rds: "huaweicloud_rds_instance",
  dcs: "huaweicloud_dcs_instance",
  attachedNic: "huaweicloud_compute_interface_attach",
  cluster: "huaweicloud_cce_cluster",
  nodePool: "huaweicloud_cce_node_pool",
} as const;

/** The Terraform address of a service (`huaweicloud_rds_instance.rds0`), an attached interface or a node pool. */
export function memberAddress(kind: "rds" | "dcs" | "attachedNic" | "nodePool", name: string): string {
  return `${MEMBER_TYPES[kind]}.${name}`;
}

/** The Terraform address of an instance, `huaweicloud_compute_instance.<name>`. */
export function instanceAddress(estate: Estate, i: number): string {
  return `huaweicloud_compute_instance.${tfNames.instance(estate, i)}`;
}

/** The Terraform address of a group, `huaweicloud_networking_secgroup.<name>`. */
export function groupAddress(estate: Estate, g: number): string {
  return `huaweicloud_networking_secgroup.${tfNames.group(estate, g)}`;
}

/** The Terraform address of a rule. */
export function ruleAddress(estate: Estate, g: number, r: number): string {
  return `huaweicloud_networking_secgroup_rule.${tfNames.rule(estate, g, r)}`;
}

/** The estate as one Terraform JSON document. */
export function toTerraformJson(estate: Estate): Record<string, unknown> {
  const vpcs: Record<string, unknown> = {};
  const subnets: Record<string, unknown> = {};
  estate.vpcs.forEach((vpc, v) => {
    vpcs[tfNames.vpc(v)] = { name: vpc.name, cidr: vpc.cidr };
    vpc.subnets.forEach((s, k) => {
      subnets[tfNames.subnet(v, k)] = { name: s.name, cidr: s.cidr, gateway_ip: s.gatewayIp, vpc_id: `\${huaweicloud_vpc.${tfNames.vpc(v)}.id}` };
    });
  });
  const peerings: Record<string, unknown> = {};
  for (const p of estate.peerings) {
    peerings[p.name.replace(/-/g, "_")] = {
      name: p.name,
      vpc_id: `\${huaweicloud_vpc.${tfNames.vpc(p.vpcs[0])}.id}`,
      peer_vpc_id: `\${huaweicloud_vpc.${tfNames.vpc(p.vpcs[1])}.id}`,
    };
  }
  const addressGroups: Record<string, unknown> = {};
  for (const a of estate.addressGroups) {
    addressGroups[a.name] = { name: a.name, ip_version: a.version, addresses: [...a.addresses], max_capacity: 20 };
  }
  const groups: Record<string, unknown> = {};
  const rules: Record<string, unknown> = {};
  estate.groups.forEach((group, g) => {
    groups[tfNames.group(estate, g)] = { name: group.name, delete_default_rules: true };
    group.rules.forEach((rule, r) => {
      rules[tfNames.rule(estate, g, r)] = ruleJson(estate, g, rule);
    });
  });
  const instances: Record<string, unknown> = {};
  estate.instances.forEach((inst, i) => {
    instances[tfNames.instance(estate, i)] = {
      name: inst.name,
      image_name: "Ubuntu 22.04 server 64bit",
      flavor_id: inst.flavor,
      security_group_ids: inst.groups.map((g) => `\${huaweicloud_networking_secgroup.${tfNames.group(estate, g)}.id}`),
      network: [
        {
          uuid: `\${huaweicloud_vpc_subnet.${tfNames.subnet(inst.vpc, inst.subnet)}.id}`,
          fixed_ip_v4: inst.ipv4,
          ...(inst.ipv6 ? { fixed_ip_v6: inst.ipv6 } : {}),
        },
      ],
    };
  });
  const resource: Record<string, unknown> = {
    huaweicloud_vpc: vpcs,
    huaweicloud_vpc_subnet: subnets,
    ...(estate.peerings.length ? { huaweicloud_vpc_peering_connection: peerings } : {}),
    huaweicloud_vpc_address_group: addressGroups,
    huaweicloud_networking_secgroup: groups,
    huaweicloud_networking_secgroup_rule: rules,
    ...(estate.instances.length ? { huaweicloud_compute_instance: instances } : {}),
    ...memberResources(estate),
  };
  const m = memberCounts(estate.members);
  return {
    "//": `hwsg benchmark estate: seed ${estate.options.seed}, ${estate.groups.length} groups, ${estate.groups.reduce((s, g) => s + g.rules.length, 0)} rules, ${estate.instances.length} instances, ${m.rds} RDS and ${m.dcs} DCS instances, ${m.attachedNics} attached interfaces, ${m.nodePools} CCE node pools, ${estate.vpcs.length} VPCs`,
    terraform: { required_providers: { huaweicloud: { source: "huaweicloud/huaweicloud", version: "~> 1.97" } } },
    provider: { huaweicloud: { region: "cn-north-4" } },
    resource,
  };
}

/** The estate as the text of `main.tf.json` (2-space indentation, deterministic). */
export function toTerraformJsonText(estate: Estate): string {
  return `${JSON.stringify(toTerraformJson(estate), null, 2)}\n`;
}

function ruleJson(estate: Estate, g: number, rule: EstateRule): Record<string, unknown> {
  const protocol = protocolText(rule);
  const ports = portsText(rule.ports);
  return {
    security_group_id: `\${huaweicloud_networking_secgroup.${tfNames.group(estate, g)}.id}`,
    direction: rule.direction,
    ethertype: rule.version === 4 ? "IPv4" : "IPv6",
    ...(protocol !== undefined ? { protocol } : {}),
    ...(ports !== undefined ? { ports } : {}),
    ...remoteJson(estate, rule.remote),
    action: rule.action,
    priority: rule.priority,
  };
}

function remoteJson(estate: Estate, remote: EstateRemote): Record<string, string> {
  switch (remote.kind) {
    case "cidr":
      return { remote_ip_prefix: remote.cidr };
    case "group":
      return { remote_group_id: `\${huaweicloud_networking_secgroup.${tfNames.group(estate, remote.group)}.id}` };
    case "addressGroup":
      return { remote_address_group_id: `\${huaweicloud_vpc_address_group.${estate.addressGroups[remote.addressGroup].name}.id}` };
  }
}

const ref = (type: string, name: string): string => `\${${type}.${name}.id}`;

/** The RDS and DCS instances, attached interfaces, CCE clusters and node pools (types with none left out). */
function memberResources(estate: Estate): Record<string, unknown> {
  const group = (g: number): string => ref("huaweicloud_networking_secgroup", tfNames.group(estate, g));
  const vpc = (v: number): string => ref("huaweicloud_vpc", tfNames.vpc(v));
  const subnet = (v: number, s: number): string => ref("huaweicloud_vpc_subnet", tfNames.subnet(v, s));
  const rds: Record<string, unknown> = {};
  const dcs: Record<string, unknown> = {};
  for (const m of estate.members.services) {
    if (m.kind === "rds") {
      rds[m.name] = {
        name: m.name,
        flavor: m.flavor,
        vpc_id: vpc(m.vpc),
        subnet_id: subnet(m.vpc, m.subnet),
        security_group_id: group(m.group),
        availability_zone: ["cn-north-4a"],
        fixed_ip: m.ipv4,
        db: [{ type: m.engine, version: m.engineVersion, port: m.port }],
        volume: [{ type: "CLOUDSSD", size: 40 }],
      };
    } else {
      dcs[m.name] = {
        name: m.name,
        engine: m.engine,
        engine_version: m.engineVersion,
        capacity: 1,
        flavor: m.flavor,
        availability_zones: ["cn-north-4a", "cn-north-4b"],
        vpc_id: vpc(m.vpc),
        subnet_id: subnet(m.vpc, m.subnet),
        security_group_id: group(m.group),
        private_ip: m.ipv4,
        port: m.port,
      };
    }
  }
  const attached: Record<string, unknown> = {};
  for (const m of estate.members.attachedNics) {
    attached[m.name] = {
      instance_id: ref("huaweicloud_compute_instance", tfNames.instance(estate, m.instance)),
      network_id: subnet(m.vpc, m.subnet),
      fixed_ip: m.ipv4,
      security_group_ids: m.groups.map(group),
    };
  }
  const clusters: Record<string, unknown> = {};
  const pools: Record<string, unknown> = {};
  for (const m of estate.members.nodePools) {
    clusters[m.cluster] = { name: m.cluster, flavor_id: "cce.s1.small", vpc_id: vpc(m.vpc), subnet_id: subnet(m.vpc, 0), container_network_type: "overlay_l2" };
    pools[m.name] = {
      cluster_id: ref(MEMBER_TYPES.cluster, m.cluster),
      name: m.name,
      os: "EulerOS 2.9",
      initial_node_count: 2,
      flavor_id: "s6.large.2",
      availability_zone: "cn-north-4a",
      key_pair: "ops",
      type: "vm",
      subnet_id: subnet(m.vpc, m.subnet),
      security_groups: m.groups.map(group),
      root_volume: [{ size: 40, volumetype: "SSD" }],
      data_volumes: [{ size: 100, volumetype: "SSD" }],
    };
  }
  const some = (type: string, byName: Record<string, unknown>): Record<string, unknown> => (Object.keys(byName).length > 0 ? { [type]: byName } : {});
  return {
    ...some(MEMBER_TYPES.rds, rds),
    ...some(MEMBER_TYPES.dcs, dcs),
    ...some(MEMBER_TYPES.attachedNic, attached),
    ...some(MEMBER_TYPES.cluster, clusters),
    ...some(MEMBER_TYPES.nodePool, pools),
  };
}
