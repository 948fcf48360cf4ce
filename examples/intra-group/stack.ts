/**
 * Reproduces seed 002 ("Adding a security group rule", precautions and table 1): instances in the
 * same security group reach each other through the inbound rules "Allow, IPv4 and IPv6, All,
 * Source: current security group", and only within one VPC.
 * - `sg-a` writes table 1's two rules with `allowInternal: true`; ECS-1 and ECS-2 share VPC-1,
 *   ECS-3 has the same group in VPC-2, which is not connected ("Different VPCs cannot communicate
 *   with each other. The instances belong to the same security group but different VPCs.");
 * - `cluster` is the narrower variant: members reach each other on TCP 7000 only
 *   (`connections.allowInternally`); the group limits outbound traffic, so the call writes the
 *   matching outbound rule too.
 */
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { ComputeInstance } from "../../.gen/providers/huaweicloud/compute-instance";
import { HuaweicloudProvider } from "../../.gen/providers/huaweicloud/provider";
import { Vpc } from "../../.gen/providers/huaweicloud/vpc";
import { VpcSubnet } from "../../.gen/providers/huaweicloud/vpc-subnet";
import { Endpoint, Port, ReachabilityIntent, SecurityGroup } from "../../lib";

/** The cluster port of the narrower variant. */
export const CLUSTER_PORT = Port.tcp(7000);

/** A group whose members reach each other, and a cluster whose members reach each other on one port. */
export class IntraGroupStack extends TerraformStack {
  readonly sgA: SecurityGroup;
  readonly cluster: SecurityGroup;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new HuaweicloudProvider(this, "huaweicloud", { region: "cn-north-4" });

    const vpc1 = new Vpc(this, "vpc-1", { name: "vpc-1", cidr: "192.168.0.0/16" });
    const subnet1 = new VpcSubnet(this, "subnet-1", { name: "subnet-1", cidr: "192.168.0.0/24", gatewayIp: "192.168.0.1", vpcId: vpc1.id });
    const vpc2 = new Vpc(this, "vpc-2", { name: "vpc-2", cidr: "172.16.0.0/16" });
    const subnet2 = new VpcSubnet(this, "subnet-2", { name: "subnet-2", cidr: "172.16.0.0/24", gatewayIp: "172.16.0.1", vpcId: vpc2.id });

    // Table 1: members reach each other on everything, IPv4 and IPv6.
    this.sgA = new SecurityGroup(this, "sg-a", { description: "Members reach each other (seed 002 table 1)", allowInternal: true });

    const ecs = (name: string, subnet: VpcSubnet, ip: string) =>
      new ComputeInstance(this, name, {
        name,
        imageName: "Ubuntu 22.04 server 64bit",
        flavorId: "s6.small.1",
        securityGroupIds: [this.sgA.securityGroupId],
        network: [{ uuid: subnet.id, fixedIpV4: ip }],
      });
    const ecs1 = ecs("ecs-1", subnet1, "192.168.0.11");
    const ecs2 = ecs("ecs-2", subnet1, "192.168.0.12");
    const ecs3 = ecs("ecs-3", subnet2, "172.16.0.13");

    ReachabilityIntent.every(this, "same-vpc-members-reach-each-other", { from: Endpoint.instance(ecs1), to: Endpoint.instance(ecs2), port: Port.allTraffic() });
    ReachabilityIntent.none(this, "other-vpc-member-unreachable", {
      from: Endpoint.instance(ecs1),
      to: Endpoint.instance(ecs3),
      port: Port.allTraffic(),
      description: "the same group does not join two VPCs that are not connected",
    });

    // The narrower variant: TCP 7000 between members, nothing else in or out.
    this.cluster = new SecurityGroup(this, "cluster", { description: "Cluster members reach each other on TCP 7000", allowAllOutbound: false });
    this.cluster.connections.allowInternally(CLUSTER_PORT, { description: "cluster traffic" });

    ReachabilityIntent.every(this, "cluster-port", { from: this.cluster, to: this.cluster, port: CLUSTER_PORT });
    ReachabilityIntent.none(this, "cluster-nothing-else", { from: this.cluster, to: this.cluster, port: Port.allTraffic(), except: [CLUSTER_PORT] });
  }
}
