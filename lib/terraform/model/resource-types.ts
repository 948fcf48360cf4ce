/** The Terraform resource types the model reads, and the names it gives what it assumes. */

/** The Terraform resource types the reader models. */
export const RESOURCE_TYPES = {
  securityGroup: "huaweicloud_networking_secgroup",
  rule: "huaweicloud_networking_secgroup_rule",
  addressGroup: "huaweicloud_vpc_address_group",
  instance: "huaweicloud_compute_instance",
  vpc: "huaweicloud_vpc",
  subnet: "huaweicloud_vpc_subnet",
  vip: "huaweicloud_networking_vip",
  vipAssociate: "huaweicloud_networking_vip_associate",
  peering: "huaweicloud_vpc_peering_connection",
} as const;

/** The current names of the modelled types. */
export const MODELLED_TYPES: ReadonlySet<string> = new Set(Object.values(RESOURCE_TYPES));

/**
 * What an empty optional rule field widens the rule to: the provider does not check these and
 * does not send "" (an empty protocol, action or remote_ip_prefix fails the provider's checks,
 * an empty priority is not a number: those are errors).
 */
export const EMPTY_MEANS: Record<string, string> = {
  ports: "every port",
  remote_group_id: "every address of its ethertype",
  remote_address_group_id: "every address of its ethertype",
};

/** The id given to the project's default security group, attached to instances that name no group. */
export const PROJECT_DEFAULT_GROUP = "default";

