/**
 * The resource types read as members of security groups besides the compute instance (issue 13):
 * managed services with NICs of their own, extra NICs, and resources that launch members at run
 * time. The types the model reads are not reported as unmodelled carriers (unmodelled.ts).
 */

/** Managed services whose NICs join the groups they name: databases, caches, queues, warehouses, search, file systems. */
export const SERVICE_MEMBER_TYPES = [
  "huaweicloud_rds_instance",
  "huaweicloud_rds_read_replica_instance",
  "huaweicloud_gaussdb_instance",
  "huaweicloud_taurusdb_instance",
  "huaweicloud_dds_instance",
  "huaweicloud_geminidb_instance",
  "huaweicloud_dcs_instance",
  "huaweicloud_dms_kafka_instance",
  "huaweicloud_dms_rocketmq_instance",
  "huaweicloud_dms_rabbitmq_instance",
  "huaweicloud_dws_cluster",
  "huaweicloud_css_cluster",
  "huaweicloud_sfs_turbo",
] as const;

/** NICs with their own groups: an interface attached to an instance, a port, a VPC network interface. */
export const NIC_MEMBER_TYPES = ["huaweicloud_compute_interface_attach", "huaweicloud_networking_port", "huaweicloud_vpc_network_interface"] as const;

/** Resources whose members are made by the cloud: CCE nodes (in the cluster's groups) and those launched at run time. */
export const LAUNCHED_MEMBER_TYPES = ["huaweicloud_cce_node", "huaweicloud_cce_node_pool", "huaweicloud_as_configuration", "huaweicloud_as_group"] as const;

/** Every member type read besides huaweicloud_compute_instance. */
export const MEMBER_TYPES: ReadonlySet<string> = new Set<string>([...SERVICE_MEMBER_TYPES, ...NIC_MEMBER_TYPES, ...LAUNCHED_MEMBER_TYPES]);

/** Every type the model reads for its members, besides the compute instance: CCE clusters give their nodes' group. */
export const READ_MEMBER_TYPES: ReadonlySet<string> = new Set<string>([...MEMBER_TYPES, "huaweicloud_cce_cluster"]);
