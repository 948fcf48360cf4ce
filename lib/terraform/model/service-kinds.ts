/**
 * What the huaweicloud provider (v1.97.1) says about each managed service that puts NICs into
 * security groups: the attribute that names its group, the one that names its subnet, the
 * private addresses it lets you set and the port its service listens on. Facts from the
 * resource's Go schema; defaults the schema does not hold come from the provider's resource
 * documentation or Huawei Cloud's service documentation, named in `source`.
 *
 * What is modelled for each: ONE member per resource instance, its NICs in the subnet named. A
 * service whose nodes sit behind one service address (an RDS or DCS primary/standby pair, a
 * GaussDB cluster, a DWS cluster) is one NIC: the address the configuration gives (or, when it
 * gives none, the subnet standing for it); the addresses of the other nodes are not known before
 * apply, so a `remote_group_id` rule naming such a group matches only the addresses written here.
 */

/** A consecutive range of TCP ports a service listens on, read from an attribute. */
export interface ServicePortRule {
  /** The attribute path (`port`, `db[0].port`). */
  readonly path: string;
  /** How many consecutive ports from it the service uses (GaussDB: 100). @default 1 */
  readonly count?: number;
  /** The port when the attribute is not set (or 0, which the provider does not send). */
  readonly default?: number;
  /**
   * The default by engine, when it depends on one: the engine's attribute path and the default
   * for each engine name in lower case (the provider compares them case-insensitively); null:
   * that engine does not use the attribute (DCS Memcached).
   */
  readonly defaultBy?: { readonly path: string; readonly values: Readonly<Record<string, number | null>> };
  /** Where the default comes from. */
  readonly source: string;
}

/** An attribute holding private addresses of the service's NICs. */
export interface AddressField {
  readonly path: string;
  /** A list: one NIC per address (Kafka brokers). */
  readonly list?: boolean;
  /** The provider validates it with utils.ValidateIP: an IP address in its canonical text form. */
  readonly canonical?: boolean;
  /** The attribute counting the nodes the addresses are for (Kafka `broker_num`). */
  readonly nodes?: string;
}

/** One managed service resource type. */
export interface ServiceKind {
  /** The Terraform resource type. */
  readonly type: string;
  /** Other names the provider registers with the same schema. */
  readonly aliases: readonly string[];
  /** Huawei Cloud's name for the service. */
  readonly service: string;
  /** The attribute paths naming the security group, in order: the first one written is used. */
  readonly groups: readonly string[];
  /** Whether the provider's schema requires a group. */
  readonly groupRequired: boolean;
  /** When the group is optional: what the cloud does without one (a clause). */
  readonly withoutGroup?: string;
  /** The attribute paths naming the subnet (`huaweicloud_vpc_subnet`'s id), the first one written is used. */
  readonly subnet: readonly string[];
  /** Whether the provider's schema requires a subnet. */
  readonly subnetRequired: boolean;
  /** The private addresses the resource lets you set. */
  readonly addresses: readonly AddressField[];
  /** The port its service listens on, where the resource says. */
  readonly port?: ServicePortRule;
  /** Further ports, each enabled when set and not "0" (GaussDB's MySQL compatibility port). */
  readonly extraPorts?: readonly string[];
  /** A read replica: the primary it copies (its subnet, and its group and port when not set). */
  readonly primary?: { readonly path: string; readonly type: string };
  /**
   * Engine versions the service protects with whitelists instead of security groups: an instance
   * of them is in no security group, whatever security_group_id says.
   */
  readonly whitelistOnly?: { readonly enginePath: string; readonly versionPath: string; readonly engine: string; readonly versions: readonly string[]; readonly source: string };
  /** How its groups and addresses are read, for the README's member table. */
  readonly summary: { readonly groups: string; readonly addresses: string; readonly port: string };
}

const RDS_PORTS = { mysql: 3306, postgresql: 5432, sqlserver: 1433, mariadb: 3306 };

/** The managed services read as members, primaries before the replicas that name them. */
export const SERVICE_KINDS: readonly ServiceKind[] = [
  {
    type: "huaweicloud_rds_instance",
    aliases: ["huaweicloud_rds_instance_v3"],
    service: "RDS",
    groups: ["security_group_id"],
    groupRequired: true,
    subnet: ["subnet_id"],
    subnetRequired: true,
    addresses: [{ path: "fixed_ip", canonical: true }],
    port: { path: "db[0].port", defaultBy: { path: "db[0].type", values: RDS_PORTS }, source: "provider docs rds_instance, db.port: MySQL 3306, PostgreSQL 5432, SQLServer 1433, MariaDB 3306" },
    summary: { groups: "security_group_id (required)", addresses: "fixed_ip (the floating IP; else the subnet_id subnet)", port: "db.port, else by db.type: MySQL/MariaDB 3306, PostgreSQL 5432, SQLServer 1433" },
  },
  {
    type: "huaweicloud_rds_read_replica_instance",
    aliases: [],
    service: "RDS read replica",
    groups: ["security_group_id"],
    groupRequired: false,
    // The provider creates a replica with no network settings, only replica_of_id; the group is set after creation when written.
    withoutGroup: "the provider creates the replica from its primary with no network settings of its own, so it is assumed to be in its primary instance's security group",
    subnet: [],
    subnetRequired: false,
    addresses: [{ path: "fixed_ip" }],
    port: { path: "db[0].port", source: "the primary instance's port (the replica copies its engine)" },
    primary: { path: "primary_instance_id", type: "huaweicloud_rds_instance" },
    summary: { groups: "security_group_id, else the primary's group", addresses: "fixed_ip, else the primary's subnet", port: "db.port, else the primary's port" },
  },
  {
    type: "huaweicloud_gaussdb_instance",
    aliases: ["huaweicloud_gaussdb_opengauss_instance"],
    service: "GaussDB",
    groups: ["security_group_id"],
    groupRequired: false,
    withoutGroup: "the cloud requires a security group unless the subnet has a network ACL, and which group it then uses is not known before apply",
    subnet: ["subnet_id"],
    subnetRequired: true,
    addresses: [],
    // Docs: "the TCP ports in the inbound rule ... includes the 100 ports starting with the database port".
    port: { path: "port", count: 100, default: 8000, source: "provider docs gaussdb_instance, port: defaults to 8000; its group must allow the 100 ports starting with it" },
    extraPorts: ["mysql_compatibility_port"],
    summary: { groups: "security_group_id (optional: without it, not modelled)", addresses: "the subnet_id subnet", port: "the 100 ports from port (default 8000), and mysql_compatibility_port when set" },
  },
  {
    type: "huaweicloud_taurusdb_instance",
    aliases: ["huaweicloud_gaussdb_mysql_instance"],
    service: "TaurusDB",
    groups: ["security_group_id"],
    groupRequired: false,
    withoutGroup: "the provider requires it only if the subnet has no network ACL, and which group the cloud then uses is not known before apply",
    subnet: ["subnet_id"],
    subnetRequired: true,
    addresses: [{ path: "private_write_ip" }],
    port: { path: "port", source: "the provider states no default" },
    summary: { groups: "security_group_id (optional: without it, not modelled)", addresses: "private_write_ip, else the subnet_id subnet", port: "port when set" },
  },
  {
    type: "huaweicloud_dds_instance",
    aliases: ["huaweicloud_dds_instance_v3"],
    service: "DDS",
    groups: ["security_group_id"],
    groupRequired: true,
    subnet: ["subnet_id"],
    subnetRequired: true,
    addresses: [],
    port: { path: "port", default: 8635, source: "provider docs dds_instance, port: defaults to 8635" },
    summary: { groups: "security_group_id (required)", addresses: "the subnet_id subnet", port: "port, default 8635" },
  },
  {
    type: "huaweicloud_geminidb_instance",
    aliases: [],
    service: "GeminiDB",
    groups: ["security_group_id"],
    groupRequired: true,
    subnet: ["subnet_id"],
    subnetRequired: true,
    addresses: [],
    port: { path: "port", defaultBy: { path: "datastore[0].type", values: { redis: 6379 } }, source: "provider docs geminidb_instance, port: only GeminiDB Redis takes one, 6379 by default" },
    summary: { groups: "security_group_id (required)", addresses: "the subnet_id subnet", port: "port; GeminiDB Redis 6379 by default" },
  },
  {
    type: "huaweicloud_dcs_instance",
    aliases: ["huaweicloud_dcs_instance_v1"],
    service: "DCS",
    groups: ["security_group_id"],
    groupRequired: false,
    withoutGroup: "DCS then controls access with whitelists, which hwsg does not evaluate",
    subnet: ["subnet_id"],
    subnetRequired: true,
    addresses: [{ path: "private_ip" }],
    whitelistOnly: { enginePath: "engine", versionPath: "engine_version", engine: "redis", versions: ["4.0", "5.0"], source: 'Huawei Cloud DCS "Managing IP Address Whitelist": Redis 4.0/5.0/6.0 basic edition instances use whitelists, security groups are not supported' },
    port: { path: "port", defaultBy: { path: "engine", values: { redis: 6379, memcached: null } }, source: "provider docs dcs_instance, port: Redis defaults to 6379, Memcached does not use it" },
    summary: { groups: "security_group_id (Redis 3.0, 6.0 professional, Memcached; Redis 4.0/5.0 use whitelists: not modelled)", addresses: "private_ip, else the subnet_id subnet", port: "port; Redis 6379 by default" },
  },
  {
    type: "huaweicloud_dms_kafka_instance",
    aliases: [],
    service: "DMS for Kafka",
    groups: ["security_group_id"],
    groupRequired: true,
    subnet: ["network_id"],
    subnetRequired: true,
    addresses: [{ path: "new_tenant_ips", list: true, nodes: "broker_num" }],
    summary: { groups: "security_group_id (required)", addresses: "new_tenant_ips (one per broker), else the network_id subnet", port: "not stated by the provider (computed)" },
  },
  {
    type: "huaweicloud_dms_rocketmq_instance",
    aliases: [],
    service: "DMS for RocketMQ",
    groups: ["security_group_id"],
    groupRequired: true,
    subnet: ["subnet_id"],
    subnetRequired: true,
    addresses: [],
    summary: { groups: "security_group_id (required)", addresses: "the subnet_id subnet", port: "not stated by the provider" },
  },
  {
    type: "huaweicloud_dms_rabbitmq_instance",
    aliases: [],
    service: "DMS for RabbitMQ",
    groups: ["security_group_id"],
    groupRequired: true,
    subnet: ["network_id"],
    subnetRequired: true,
    addresses: [],
    summary: { groups: "security_group_id (required)", addresses: "the network_id subnet", port: "not stated by the provider (computed)" },
  },
  {
    type: "huaweicloud_dws_cluster",
    aliases: [],
    service: "DWS",
    groups: ["security_group_id"],
    groupRequired: true,
    subnet: ["network_id"],
    subnetRequired: true,
    addresses: [],
    port: { path: "port", default: 8000, source: "the provider's schema: Default 8000" },
    summary: { groups: "security_group_id (required)", addresses: "the network_id subnet", port: "port, default 8000" },
  },
  {
    type: "huaweicloud_css_cluster",
    aliases: ["huaweicloud_css_cluster_v1"],
    service: "CSS",
    // The deprecated node_config block still carries the network when the top-level attributes are not set.
    groups: ["security_group_id", "node_config[0].network_info[0].security_group_id"],
    groupRequired: false,
    withoutGroup: "the provider's documentation requires it, and which group the cloud would use is not known",
    subnet: ["subnet_id", "node_config[0].network_info[0].subnet_id"],
    subnetRequired: false,
    addresses: [],
    summary: { groups: "security_group_id, else node_config.network_info.security_group_id", addresses: "the subnet_id subnet", port: "not stated by the provider" },
  },
  {
    type: "huaweicloud_sfs_turbo",
    aliases: [],
    service: "SFS Turbo",
    groups: ["security_group_id"],
    groupRequired: true,
    subnet: ["subnet_id"],
    subnetRequired: true,
    addresses: [],
    summary: { groups: "security_group_id (required)", addresses: "the subnet_id subnet", port: "not stated by the provider (NFS)" },
  },
];

/** The kind of a resource type or of one of its other names. */
export function serviceKindOf(type: string): ServiceKind | undefined {
  return SERVICE_KINDS.find((k) => k.type === type || k.aliases.includes(type));
}
