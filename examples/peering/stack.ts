/**
 * Reproduces seed 003 figure 4 ("Allowing communications between ECSs in two VPCs connected by a
 * VPC peering connection"): VPC-A and VPC-B in one region joined by peering-AB; ECS-A01 in
 * Subnet-A01 and Sg-A, ECS-B01 in Subnet-B01 and Sg-B.
 * - A01: Sg-A admits Sg-B (everything);
 * - B01: Sg-B admits Sg-A (everything).
 * Security group rules work across the peering (a remote group names the members' private fixed
 * IPs, which the peering routes); without the peering no rule helps (seed 002: "Different VPCs
 * cannot communicate with each other").
 *
 * The seed gives no CIDR blocks: VPC-A is 192.168.0.0/16 and VPC-B 172.16.0.0/16, which do not
 * overlap, as a peering requires. The routes the seed configures over the peering
 * (huaweicloud_vpc_route) are not part of this repository's provider bindings; hwsg assumes them
 * present when a peering joins two VPCs.
 */
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { ComputeInstance } from "../../.gen/providers/huaweicloud/compute-instance";
import { HuaweicloudProvider } from "../../.gen/providers/huaweicloud/provider";
import { Vpc } from "../../.gen/providers/huaweicloud/vpc";
import { VpcPeeringConnection } from "../../.gen/providers/huaweicloud/vpc-peering-connection";
import { VpcSubnet } from "../../.gen/providers/huaweicloud/vpc-subnet";
import { Endpoint, Port, ReachabilityIntent, SecurityGroup } from "../../lib";

/** Properties of the peering stack. */
export interface PeeringStackProps {
  /**
   * Whether peering-AB is created. Without it the stack fails to synthesize: the intents that the
   * two ECSs reach each other do not hold.
   * @default true
   */
  readonly peered?: boolean;
}

/** Two VPCs joined by a peering connection, each group admitting the other. */
export class PeeringStack extends TerraformStack {
  readonly sgA: SecurityGroup;
  readonly sgB: SecurityGroup;

  constructor(scope: Construct, id: string, props: PeeringStackProps = {}) {
    super(scope, id);
    new HuaweicloudProvider(this, "huaweicloud", { region: "cn-north-4" });

    const vpcA = new Vpc(this, "vpc-a", { name: "vpc-a", cidr: "192.168.0.0/16" });
    const subnetA = new VpcSubnet(this, "subnet-a01", { name: "subnet-a01", cidr: "192.168.0.0/24", gatewayIp: "192.168.0.1", vpcId: vpcA.id });
    const vpcB = new Vpc(this, "vpc-b", { name: "vpc-b", cidr: "172.16.0.0/16" });
    const subnetB = new VpcSubnet(this, "subnet-b01", { name: "subnet-b01", cidr: "172.16.0.0/24", gatewayIp: "172.16.0.1", vpcId: vpcB.id });
    if (props.peered ?? true) {
      new VpcPeeringConnection(this, "peering-ab", { name: "peering-AB", vpcId: vpcA.id, peerVpcId: vpcB.id });
    }

    this.sgA = new SecurityGroup(this, "sg-a", { description: "ECSs of VPC-A (seed 003 figure 4, Sg-A)" });
    this.sgB = new SecurityGroup(this, "sg-b", { description: "ECSs of VPC-B (seed 003 figure 4, Sg-B)" });
    this.sgA.connections.allowFrom(this.sgB, Port.allTraffic(), { description: "A01: everything from Sg-B" });
    this.sgB.connections.allowFrom(this.sgA, Port.allTraffic(), { description: "B01: everything from Sg-A" });

    const ecs = (name: string, subnet: VpcSubnet, ip: string, group: SecurityGroup) =>
      new ComputeInstance(this, name, {
        name,
        imageName: "Ubuntu 22.04 server 64bit",
        flavorId: "s6.small.1",
        securityGroupIds: [group.securityGroupId],
        network: [{ uuid: subnet.id, fixedIpV4: ip }],
      });
    const a01 = ecs("ecs-a01", subnetA, "192.168.0.11", this.sgA);
    const b01 = ecs("ecs-b01", subnetB, "172.16.0.11", this.sgB);

    ReachabilityIntent.every(this, "a-reaches-b", { from: Endpoint.instance(a01), to: Endpoint.instance(b01), port: Port.allTraffic() });
    ReachabilityIntent.every(this, "b-reaches-a", { from: this.sgB, to: this.sgA, port: Port.allTraffic() });
    ReachabilityIntent.none(this, "internet-reaches-neither", { from: Endpoint.internet(), to: this.sgA, port: Port.allTraffic() });
  }
}
