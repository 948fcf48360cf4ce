/**
 * Reproduces seed 000 table 8 ("Using ping command to verify network connectivity"): ICMP (all)
 * from 0.0.0.0/0 over IPv4 and from ::/0 over IPv6. `Port.icmpPing()` writes `icmp` for the IPv4
 * rule and `icmpv6` for the IPv6 one (Huawei rules cannot narrow ICMP to echo requests, so this
 * is every ICMP message, as the seed's "ICMP: All" is).
 *
 * The intents are stated in code: the internet pings the group over IPv4 and IPv6, and (as in
 * seed 003 figure 1, "ping requests are allowed ... you cannot remotely log in") it reaches
 * nothing else.
 */
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { HuaweicloudProvider } from "../../.gen/providers/huaweicloud/provider";
import { Endpoint, Peer, Port, ReachabilityIntent, SecurityGroup } from "../../lib";

/** A group that answers ping from anywhere, and nothing else. */
export class PingStack extends TerraformStack {
  readonly pingable: SecurityGroup;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new HuaweicloudProvider(this, "huaweicloud", { region: "cn-north-4" });

    this.pingable = new SecurityGroup(this, "pingable", { description: "Answers ping from anywhere (seed 000 table 8)" });
    this.pingable.addIngressRule(Peer.anyIpv4(), Port.icmpPing(), { description: "ping over IPv4" });
    this.pingable.addIngressRule(Peer.anyIpv6(), Port.icmpPing(), { description: "ping over IPv6" });

    for (const version of [4, 6] as const) {
      ReachabilityIntent.every(this, `internet-pings-ipv${version}`, {
        from: Endpoint.internet(version),
        to: this.pingable,
        port: Port.icmpPing(),
        description: `every public IPv${version} address pings the group`,
      });
      ReachabilityIntent.none(this, `internet-reaches-nothing-else-ipv${version}`, {
        from: Endpoint.internet(version),
        to: this.pingable,
        port: Port.allTraffic(),
        except: [Port.icmpPing()],
        description: `no public IPv${version} address reaches the group on anything but ICMP`,
      });
    }
  }
}
