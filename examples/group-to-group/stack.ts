/**
 * Reproduces seed 000 table 9 ("Enabling communications between instances in different security
 * groups": sg-B admits TCP 3306 from security group sg-A) in the network of seed 003 figure 2
 * (VPC-X with Subnet-A and Subnet-B, ECSs in Subnet-A in Sg-A, ECSs in Subnet-B in Sg-B):
 * - A01: Sg-A admits SSH from 172.16.0.0/24;
 * - A02: Sg-A members reach each other on everything (`allowInternal`);
 * - B01: Sg-B admits SSH from Sg-A (`connections.allowFrom`);
 * - B02: Sg-B members reach each other on everything (`allowInternal`);
 * - table 9: Sg-B admits MySQL from Sg-A (`connections.allowFrom`);
 * - both groups allow all outbound traffic (the figure's outbound rules).
 *
 * The subnets' addresses are not given by the seed; 192.168.0.0/24 and 192.168.1.0/24 in
 * 192.168.0.0/16 are used.
 */
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { ComputeInstance } from "../../.gen/providers/huaweicloud/compute-instance";
import { HuaweicloudProvider } from "../../.gen/providers/huaweicloud/provider";
import { Vpc } from "../../.gen/providers/huaweicloud/vpc";
import { VpcSubnet } from "../../.gen/providers/huaweicloud/vpc-subnet";
import { Endpoint, Peer, Port, ReachabilityIntent, SecurityGroup } from "../../lib";

/** The administrators' network of seed 003 figure 2 (rule A01). */
export const ADMIN_NETWORK = "172.16.0.0/24";

/** Two security groups in two subnets, the second admitting the first (MySQL and SSH). */
export class GroupToGroupStack extends TerraformStack {
  readonly sgA: SecurityGroup;
  readonly sgB: SecurityGroup;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new HuaweicloudProvider(this, "huaweicloud", { region: "cn-north-4" });

    const vpc = new Vpc(this, "vpc-x", { name: "vpc-x", cidr: "192.168.0.0/16" });
    const subnetA = new VpcSubnet(this, "subnet-a", { name: "subnet-a", cidr: "192.168.0.0/24", gatewayIp: "192.168.0.1", vpcId: vpc.id });
    const subnetB = new VpcSubnet(this, "subnet-b", { name: "subnet-b", cidr: "192.168.1.0/24", gatewayIp: "192.168.1.1", vpcId: vpc.id });

    this.sgA = new SecurityGroup(this, "sg-a", { description: "Application servers (seed 003 figure 2, Sg-A)", allowInternal: true }); // A02
    this.sgA.addIngressRule(Peer.ipv4(ADMIN_NETWORK), Port.SSH, { description: "A01: SSH from the administrators" });

    this.sgB = new SecurityGroup(this, "sg-b", { description: "MySQL servers (seed 000 table 9, seed 003 figure 2, Sg-B)", allowInternal: true }); // B02
    this.sgB.connections.allowFrom(this.sgA, Port.SSH, { description: "B01: SSH from Sg-A" });
    this.sgB.connections.allowFrom(this.sgA, Port.MYSQL, { description: "seed 000 table 9: MySQL from sg-A" });

    const ecs = (name: string, subnet: VpcSubnet, ip: string, group: SecurityGroup) =>
      new ComputeInstance(this, name, {
        name,
        imageName: "Ubuntu 22.04 server 64bit",
        flavorId: "s6.small.1",
        securityGroupIds: [group.securityGroupId],
        network: [{ uuid: subnet.id, fixedIpV4: ip }],
      });
    ecs("ecs-a01", subnetA, "192.168.0.11", this.sgA);
    ecs("ecs-a02", subnetA, "192.168.0.12", this.sgA);
    ecs("ecs-b01", subnetB, "192.168.1.11", this.sgB);

    ReachabilityIntent.every(this, "a-reaches-b-mysql", { from: this.sgA, to: this.sgB, port: Port.MYSQL });
    ReachabilityIntent.every(this, "a-reaches-b-ssh", { from: this.sgA, to: this.sgB, port: Port.SSH });
    ReachabilityIntent.none(this, "b-reaches-nothing-in-a", { from: this.sgB, to: this.sgA, port: Port.allTraffic() });
    ReachabilityIntent.every(this, "a-members-reach-each-other", { from: this.sgA, to: this.sgA, port: Port.allTraffic() });
    ReachabilityIntent.none(this, "internet-reaches-nothing-in-b", { from: Endpoint.internet(), to: this.sgB, port: Port.allTraffic() });
  }
}
