/**
 * Managed services as members of security groups: a `DatabaseSg` protecting an RDS for MySQL
 * instance, reached by the app tier's group, and a `DatabaseSg` with engine `redis` protecting a
 * DCS Redis instance, reached from the app subnet's CIDR block. Each pattern's intents are proved
 * at synth on the RDS and DCS instances themselves (their subnet and private address), not on a
 * hypothetical member (Huawei Cloud "Security Group Configuration Examples", "Enabling
 * Communications Between Instances in Different Security Groups").
 */
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { computeInstance, dcsInstance, provider, rdsInstance, vpc, vpcSubnet } from "../../lib/provider-huaweicloud";
import { DatabaseSg, Peer, SecurityGroup } from "../../lib";

/** The app subnet, whose addresses may use the cache. */
export const APP_SUBNET = "192.168.1.0/24";
/** Private addresses: the app server, the RDS instance, the DCS instance. */
export const IPS = { app: "192.168.1.10", mysql: "192.168.2.20", redis: "192.168.2.30" } as const;

/** An app server, an RDS for MySQL instance and a DCS Redis instance, each in its own group. */
export class ManagedServicesStack extends TerraformStack {
  readonly app: SecurityGroup;
  readonly db: DatabaseSg;
  readonly cache: DatabaseSg;
  readonly mysql: rdsInstance.RdsInstance;
  readonly redis: dcsInstance.DcsInstance;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new provider.HuaweicloudProvider(this, "huaweicloud", { region: "cn-north-4" });
    const main = new vpc.Vpc(this, "vpc", { name: "main", cidr: "192.168.0.0/16" });
    const appSubnet = new vpcSubnet.VpcSubnet(this, "app-subnet", { name: "app", cidr: APP_SUBNET, gatewayIp: "192.168.1.1", vpcId: main.id });
    const dataSubnet = new vpcSubnet.VpcSubnet(this, "data-subnet", { name: "data", cidr: "192.168.2.0/24", gatewayIp: "192.168.2.1", vpcId: main.id });

    this.app = new SecurityGroup(this, "app");
    this.db = new DatabaseSg(this, "db", { engine: "mysql", clients: [this.app] });
    this.cache = new DatabaseSg(this, "cache", { engine: "redis", clients: [Peer.ipv4(APP_SUBNET)] });

    new computeInstance.ComputeInstance(this, "app-server", {
      name: "app-server",
      imageName: "Ubuntu 22.04 server 64bit",
      flavorId: "s6.large.2",
      securityGroupIds: [this.app.securityGroupId],
      network: [{ uuid: appSubnet.id, fixedIpV4: IPS.app }],
    });
    this.mysql = new rdsInstance.RdsInstance(this, "mysql", {
      name: "mysql",
      flavor: "rds.mysql.n1.large.2",
      availabilityZone: ["cn-north-4a"],
      vpcId: main.id,
      subnetId: dataSubnet.id,
      securityGroupId: this.db.securityGroupId,
      fixedIp: IPS.mysql,
      db: { type: "MySQL", version: "8.0", port: 3306 },
      volume: { type: "CLOUDSSD", size: 40 },
    });
    this.redis = new dcsInstance.DcsInstance(this, "redis", {
      name: "redis",
      engine: "Redis",
      engineVersion: "3.0",
      capacity: 2,
      flavor: "dcs.master_standby",
      availabilityZones: ["cn-north-4a", "cn-north-4b"],
      vpcId: main.id,
      subnetId: dataSubnet.id,
      securityGroupId: this.cache.securityGroupId,
      privateIp: IPS.redis,
    });
  }
}
