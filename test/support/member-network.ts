/**
 * A small network with members of several kinds, built with the core API (the Terraform readers
 * of these resources are written elsewhere): a compute instance, an RDS instance reached through a
 * `remote_group_id` rule, an interface attached to the instance with its own group, a CCE node
 * pool's launched members, and a group without members.
 */
import { Member, Network } from "../../lib/core/network";
import { buildNetwork, egress, ingress } from "../core/helpers";

/** The address of a security group of the member network. */
export const SG = (name: string): string => `huaweicloud_networking_secgroup.${name}`;

/** The members' addresses. */
export const WEB = "huaweicloud_compute_instance.web";
export const DB = "huaweicloud_rds_instance.db";
export const ETH1 = "huaweicloud_compute_interface_attach.eth1";
export const POOL = "huaweicloud_cce_node_pool.pool";

/** The member network (IPv4; defaults of every group kept: each allows all egress). */
export function memberNetwork(): Network {
  const base = buildNetwork({
    groups: [SG("web"), SG("db"), SG("admin"), SG("nodes"), SG("cache")],
    vpcs: { vpc: "10.0.0.0/16" },
    subnets: { app: { vpc: "vpc", cidr: "10.0.0.0/24" }, data: { vpc: "vpc", cidr: "10.0.1.0/24" } },
    rules: [
      ingress(SG("web"), { id: "huaweicloud_networking_secgroup_rule.https", protocol: "tcp", ports: "443", remote_ip_prefix: "0.0.0.0/0", action: "allow", priority: 1 }),
      ingress(SG("db"), { id: "huaweicloud_networking_secgroup_rule.mysql_from_web", protocol: "tcp", ports: "3306", remote_group_id: SG("web"), action: "allow", priority: 1 }),
      ingress(SG("admin"), { id: "huaweicloud_networking_secgroup_rule.ssh", protocol: "tcp", ports: "22", remote_ip_prefix: "0.0.0.0/0", action: "allow", priority: 1 }),
      ingress(SG("nodes"), { id: "huaweicloud_networking_secgroup_rule.kubelet", protocol: "tcp", ports: "10250", remote_group_id: SG("web"), action: "allow", priority: 1 }),
      ingress(SG("cache"), { id: "huaweicloud_networking_secgroup_rule.redis", protocol: "tcp", ports: "6379", remote_ip_prefix: "0.0.0.0/0", action: "allow", priority: 1 }),
      egress(SG("cache"), { id: "huaweicloud_networking_secgroup_rule.cache_out", protocol: "tcp", ports: "6379", remote_ip_prefix: "10.0.0.0/16", action: "allow", priority: 1 }),
    ],
  });
  const members: Member[] = [
    { id: WEB, securityGroupIds: [SG("web")], nics: [{ subnetId: "app", fixedIpV4: 0x0a000005n, sourceDestCheck: true }] },
    { id: DB, kind: "huaweicloud_rds_instance", securityGroupIds: [SG("db")], nics: [{ subnetId: "data", fixedIpV4: 0x0a000109n, sourceDestCheck: true }], servicePorts: [{ protocol: 6, from: 3306, to: 3306 }] },
    { id: ETH1, kind: "huaweicloud_compute_interface_attach", securityGroupIds: [SG("admin")], nics: [{ subnetId: "app", fixedIpV4: 0x0a000006n, sourceDestCheck: true }], attachedTo: WEB },
    { id: POOL, kind: "huaweicloud_cce_node_pool", securityGroupIds: [SG("nodes")], nics: [{ subnetId: "app", sourceDestCheck: true }], launched: true },
  ];
  return new Network({ ...base.spec, instances: members });
}
