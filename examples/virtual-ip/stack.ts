/**
 * Reproduces seed 003 figure 3 ("Allowing traffic from a virtual IP address"), and the note under
 * seed 000 table 9: VPC-X has Subnet-A (ECS-A01 and ECS-A02 in Sg-A, an active/standby keepalived
 * pair sharing the virtual IP 192.168.0.21) and Subnet-B (ECS-B01 in Sg-B).
 * - A01: Sg-A admits everything from Sg-B;
 * - B02: Sg-B admits everything from Sg-A. It matches the ECSs' private fixed IPs only, so it does
 *   not admit traffic the pair sends from the virtual IP;
 * - B01: Sg-B admits everything from the virtual IP, `Peer.virtualIp("192.168.0.21")` (a /32).
 *   The seed's alternative is Subnet-A's CIDR, 192.168.0.0/24.
 * Not in the figure: keepalived's VRRP (IP protocol 112) between the pair, written as an
 * intra-group rule of Sg-A, and source/destination check turned off on the pair's NICs, as a VIP
 * needs. Subnet CIDRs are not given by the seed; 192.168.0.0/24 (which holds the VIP) and
 * 192.168.1.0/24 are used.
 *
 * What the intents can say: an intent's instance end sends from the instance's fixed IP, so
 * "ECS-A01 sending from the VIP reaches ECS-B01" is not expressible as an intent. The stack
 * states the part that is: the VIP's address, as a host outside the model, reaches Sg-B (this
 * checks Sg-B's inbound rules, not Sg-A's outbound ones). The test proves the whole flow with the
 * evaluator's `checkReach` and an instance end with `addresses`; the CLI does it with
 * `hwsg query cdktf.out --from huaweicloud_compute_instance.ecs-a01 --from-address 192.168.0.21 ...`.
 */
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { ComputeInstance } from "../../.gen/providers/huaweicloud/compute-instance";
import { NetworkingVip } from "../../.gen/providers/huaweicloud/networking-vip";
import { NetworkingVipAssociate } from "../../.gen/providers/huaweicloud/networking-vip-associate";
import { HuaweicloudProvider } from "../../.gen/providers/huaweicloud/provider";
import { Vpc } from "../../.gen/providers/huaweicloud/vpc";
import { VpcSubnet } from "../../.gen/providers/huaweicloud/vpc-subnet";
import { Endpoint, Peer, Port, ReachabilityIntent, SecurityGroup } from "../../lib";

/** The virtual IP of seed 003 figure 3. */
export const VIRTUAL_IP = "192.168.0.21";

/** Properties of the virtual-IP stack. */
export interface VirtualIpStackProps {
  /**
   * Whether Sg-B has rule B01 (the VIP admitted by address). Without it the stack fails to
   * synthesize: the intent that the VIP reaches Sg-B does not hold.
   * @default true
   */
  readonly admitVirtualIp?: boolean;
}

/** A keepalived pair behind a virtual IP, and the group that must admit the VIP by address. */
export class VirtualIpStack extends TerraformStack {
  readonly sgA: SecurityGroup;
  readonly sgB: SecurityGroup;
  readonly vip: NetworkingVip;

  constructor(scope: Construct, id: string, props: VirtualIpStackProps = {}) {
    super(scope, id);
    new HuaweicloudProvider(this, "huaweicloud", { region: "cn-north-4" });

    const vpc = new Vpc(this, "vpc-x", { name: "vpc-x", cidr: "192.168.0.0/16" });
    const subnetA = new VpcSubnet(this, "subnet-a", { name: "subnet-a", cidr: "192.168.0.0/24", gatewayIp: "192.168.0.1", vpcId: vpc.id });
    const subnetB = new VpcSubnet(this, "subnet-b", { name: "subnet-b", cidr: "192.168.1.0/24", gatewayIp: "192.168.1.1", vpcId: vpc.id });

    this.sgA = new SecurityGroup(this, "sg-a", { description: "Keepalived pair behind the VIP (seed 003 figure 3, Sg-A)" });
    this.sgB = new SecurityGroup(this, "sg-b", { description: "Servers the pair talks to (seed 003 figure 3, Sg-B)" });

    this.sgA.connections.allowFrom(this.sgB, Port.allTraffic(), { description: "A01: everything from Sg-B" });
    this.sgB.connections.allowFrom(this.sgA, Port.allTraffic(), { description: "B02: everything from Sg-A's fixed IPs" });
    if (props.admitVirtualIp ?? true) {
      this.sgB.addIngressRule(Peer.virtualIp(VIRTUAL_IP), Port.allTraffic(), { description: "B01: everything from the virtual IP" });
    }
    this.sgA.connections.allowInternally(Port.protocol(112), { description: "keepalived VRRP between the pair" });

    const ecs = (name: string, subnet: VpcSubnet, ip: string, group: SecurityGroup, sourceDestCheck: boolean) =>
      new ComputeInstance(this, name, {
        name,
        imageName: "Ubuntu 22.04 server 64bit",
        flavorId: "s6.small.1",
        securityGroupIds: [group.securityGroupId],
        network: [{ uuid: subnet.id, fixedIpV4: ip, sourceDestCheck }],
      });
    const a01 = ecs("ecs-a01", subnetA, "192.168.0.11", this.sgA, false);
    const a02 = ecs("ecs-a02", subnetA, "192.168.0.12", this.sgA, false);
    const b01 = ecs("ecs-b01", subnetB, "192.168.1.11", this.sgB, true);

    this.vip = new NetworkingVip(this, "vip", { name: "vip-a", networkId: subnetA.id, ipVersion: 4, ipAddress: VIRTUAL_IP });
    new NetworkingVipAssociate(this, "vip-associate", { vipId: this.vip.id, portIds: [a01.network.get(0).port, a02.network.get(0).port] });

    // The whole flow of figure 3: the active member sends from the VIP, through its own egress and Sg-B's ingress.
    for (const [name, holder] of [["a01", a01], ["a02", a02]] as const) {
      ReachabilityIntent.every(this, `${name}-sending-from-vip-reaches-b01`, {
        from: Endpoint.instance(holder, { address: VIRTUAL_IP }),
        to: Endpoint.instance(b01),
        port: Port.allTraffic(),
        description: `ecs-${name}, sending from the virtual IP, reaches ecs-b01 on every protocol`,
      });
    }
    for (const [name, pairMember] of [["a01", a01], ["a02", a02]] as const) {
      ReachabilityIntent.every(this, `${name}-fixed-ip-reaches-b01`, { from: Endpoint.instance(pairMember), to: Endpoint.instance(b01), port: Port.allTraffic() });
      ReachabilityIntent.every(this, `b01-reaches-${name}`, { from: Endpoint.instance(b01), to: Endpoint.instance(pairMember), port: Port.allTraffic() });
    }
    ReachabilityIntent.every(this, "vrrp-between-the-pair", { from: Endpoint.instance(a01), to: Endpoint.instance(a02), port: Port.protocol(112) });
  }
}
