/**
 * The default example app (`npm run synth`): a three-tier network on Huawei Cloud built from the
 * hwsg constructs, combining the seeds' scenarios:
 * - web (`WebServerSg`): HTTP and HTTPS from every IPv4 address (seed 000 table 7, seed 001 case 1);
 * - app (`SecurityGroup`, outbound limited): TCP 8080 from the web group only (seed 000 table 9,
 *   group admitting group);
 * - db (`DatabaseSg`, MySQL): 3306 from the app group only, with the explicit deny of 3306 from
 *   every address at priority 100 (seed 000 tables 9–10, seed 001 case 3);
 * - bastion (`BastionSg`): SSH from the address group `trusted` (10.10.0.0/24, 172.16.8.0/24;
 *   seed 000 table 4, seed 001 case 2); every tier admits SSH from the bastion group;
 * - app-egress (`EgressWhitelistSg`): the app tier's egress whitelist, an external API over
 *   HTTPS and the database over MySQL, an explicit deny of everything else at priority 100
 *   (seed 000 tables 11–12, seed 001 case 6).
 *
 * Why a second group on the app instance: the app group keeps the tier's role (who may call it,
 * and the connections written by `connections`), the whitelist keeps the tier's way out, and the
 * whitelist can be attached to more app instances, or dropped, without touching the app group.
 * app1's groups are `[app, app-egress]`: Huawei tries an instance's groups in the order of
 * `security_group_ids`, so app's rules are tried before the whitelist's explicit deny.
 * The whitelist lists the database by address (db1's fixed IP) as well: its built-in intent says
 * that its members reach no unlisted address, and app1 reaches db1 through the app group's
 * `remote_group_id` rule, so db1's address must be listed for that intent to hold.
 *
 * Synthesize with `npm run synth`, then ask the evaluator about the result, e.g.
 *   npx hwsg query cdktf.out --from 203.0.113.9 --to huaweicloud_compute_instance.db1 --protocol tcp --port 3306
 */
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { ComputeInstance } from "../../.gen/providers/huaweicloud/compute-instance";
import { HuaweicloudProvider } from "../../.gen/providers/huaweicloud/provider";
import { Vpc } from "../../.gen/providers/huaweicloud/vpc";
import { VpcSubnet } from "../../.gen/providers/huaweicloud/vpc-subnet";
import {
  AddressGroup,
  BastionSg,
  DatabaseSg,
  EgressWhitelistSg,
  Endpoint,
  ISecurityGroup,
  Peer,
  Port,
  ReachabilityIntent,
  SecurityGroup,
  WebServerSg,
} from "../../lib";

/** The VPC's CIDR block. */
export const VPC_CIDR = "192.168.0.0/16";
/** The external API the app tier calls (a documentation address, RFC 5737). */
export const EXTERNAL_API = "203.0.113.10/32";
/** The fixed IPs of the instances (subnet 192.168.1.0/24). */
export const IPS = { web1: "192.168.1.10", app1: "192.168.1.20", db1: "192.168.1.30", bastion1: "192.168.1.5" } as const;
/** The app tier's port. */
export const APP_PORT = Port.tcp(8080);

/** The three-tier stack. */
export class ThreeTierStack extends TerraformStack {
  readonly web: WebServerSg;
  readonly app: SecurityGroup;
  readonly appEgress: EgressWhitelistSg;
  readonly db: DatabaseSg;
  readonly bastion: BastionSg;
  readonly trusted: AddressGroup;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new HuaweicloudProvider(this, "huaweicloud", { region: "cn-north-4" });

    const vpc = new Vpc(this, "vpc", { name: "three-tier", cidr: VPC_CIDR });
    const subnet = new VpcSubnet(this, "subnet", { name: "main", cidr: "192.168.1.0/24", gatewayIp: "192.168.1.1", vpcId: vpc.id });

    // Web tier: 80 and 443 from the internet.
    this.web = new WebServerSg(this, "web", { description: "Web tier: HTTP and HTTPS from the internet" });

    // App tier: 8080 from the web tier; outbound only what is written below.
    this.app = new SecurityGroup(this, "app", { description: "App tier: 8080 from the web tier", allowAllOutbound: false });
    this.app.connections.allowFrom(this.web, APP_PORT, { description: "the web tier calls the app tier" });

    // The app tier's way out: the external API and the database, nothing else.
    this.appEgress = new EgressWhitelistSg(this, "app-egress", {
      description: "App tier egress whitelist: the external API and the database",
      destinations: [
        { peer: Peer.ipv4(EXTERNAL_API), port: Port.HTTPS, description: "the external API" },
        { peer: Peer.ipv4(`${IPS.db1}/32`), port: Port.MYSQL, description: "the database" },
      ],
      explicitDeny: true,
    });

    // Database: MySQL from the app tier only; an explicit deny for everyone else.
    this.db = new DatabaseSg(this, "db", { engine: "mysql", description: "Database: MySQL from the app tier", clients: [this.app], denyOthers: true });

    // Bastion: SSH from the trusted networks; it reaches every tier over SSH.
    this.trusted = new AddressGroup(this, "trusted", { addresses: ["10.10.0.0/24", "172.16.8.0/24"], description: "Operators' networks" });
    this.bastion = new BastionSg(this, "bastion", { description: "Bastion: SSH from the trusted networks", trustedSources: [this.trusted], allowAllOutbound: false });
    for (const tier of [this.web, this.app, this.db]) {
      tier.connections.allowFrom(this.bastion, Port.SSH, { description: "administration from the bastion" });
    }

    const instance = (name: string, ip: string, groups: ISecurityGroup[]) =>
      new ComputeInstance(this, name, {
        name,
        imageName: "Ubuntu 22.04 server 64bit",
        flavorId: "s6.small.1",
        securityGroupIds: groups.map((g) => g.securityGroupId),
        network: [{ uuid: subnet.id, fixedIpV4: ip }],
      });
    instance("web1", IPS.web1, [this.web]);
    instance("app1", IPS.app1, [this.app, this.appEgress]);
    instance("db1", IPS.db1, [this.db]);
    instance("bastion1", IPS.bastion1, [this.bastion]);

    // The user's intents, on top of those the patterns state.
    ReachabilityIntent.every(this, "internet-reaches-web-https", {
      from: Endpoint.anyIpv4(),
      to: this.web,
      port: Port.HTTPS,
      description: "every IPv4 address reaches web on 443",
    });
    ReachabilityIntent.none(this, "outside-vpc-reaches-nothing-on-db", {
      from: Endpoint.addresses(["0.0.0.0/0"], { except: [VPC_CIDR] }),
      to: this.db,
      port: Port.allTraffic(),
      description: `no address outside ${VPC_CIDR} reaches db on any port`,
    });
    ReachabilityIntent.every(this, "app-reaches-db-mysql", { from: this.app, to: this.db, port: Port.MYSQL, description: "app reaches db on 3306" });
    ReachabilityIntent.none(this, "web-does-not-reach-db", { from: this.web, to: this.db, port: Port.allTraffic(), description: "web reaches db on nothing" });
    for (const tier of [this.web, this.app, this.db]) {
      ReachabilityIntent.every(this, `bastion-reaches-${tier.node.id}-ssh`, { from: this.bastion, to: tier, port: Port.SSH });
    }
  }
}
