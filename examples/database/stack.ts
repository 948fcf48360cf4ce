/**
 * Reproduces seed 000 table 10 ("Allowing external instances to access the database deployed on
 * an ECS") and seed 001 case 3 ("Configure database security"), one `DatabaseSg` per engine with
 * the seed's clients:
 * - MySQL 3306 from security group sg-A, with the explicit deny of 3306 from every address at
 *   priority 100 that seed 001 case 3 recommends (`denyOthers`);
 * - Oracle 1521 from security group sg-B;
 * - SQL Server 1433 from the ECS 172.16.3.21/32;
 * - PostgreSQL 5432 from 192.168.0.0/24;
 * - Redis 6379 from the IP address group ipGroup-A.
 *
 * The seed writes the five rules into one group; the pattern keeps one engine per group, so each
 * database's clients are proved separately. The seed does not list ipGroup-A's addresses:
 * 192.168.20.0/24 and 10.20.0.5 are used.
 */
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { HuaweicloudProvider } from "../../.gen/providers/huaweicloud/provider";
import { AddressGroup, DatabaseSg, Endpoint, Peer, Port, ReachabilityIntent, SecurityGroup } from "../../lib";

/** The client addresses of seed 000 table 10. */
export const SQLSERVER_CLIENT = "172.16.3.21/32";
export const POSTGRESQL_CLIENTS = "192.168.0.0/24";
export const IP_GROUP_A = ["192.168.20.0/24", "10.20.0.5"] as const;

/** Five databases, each reached by its own clients only. */
export class DatabaseStack extends TerraformStack {
  readonly sgA: SecurityGroup;
  readonly sgB: SecurityGroup;
  readonly ipGroupA: AddressGroup;
  readonly mysql: DatabaseSg;
  readonly oracle: DatabaseSg;
  readonly sqlserver: DatabaseSg;
  readonly postgresql: DatabaseSg;
  readonly redis: DatabaseSg;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new HuaweicloudProvider(this, "huaweicloud", { region: "cn-north-4" });

    // The clients.
    this.sgA = new SecurityGroup(this, "sg-a", { description: "Clients of the MySQL database" });
    this.sgB = new SecurityGroup(this, "sg-b", { description: "Clients of the Oracle database" });
    this.ipGroupA = new AddressGroup(this, "ipGroup-A", { addresses: [...IP_GROUP_A], description: "Clients of the Redis database" });

    // The databases.
    this.mysql = new DatabaseSg(this, "mysql", { engine: "mysql", clients: [this.sgA], denyOthers: true });
    this.oracle = new DatabaseSg(this, "oracle", { engine: "oracle", clients: [this.sgB] });
    this.sqlserver = new DatabaseSg(this, "sqlserver", { engine: "sqlserver", clients: [Peer.ipv4(SQLSERVER_CLIENT)] });
    this.postgresql = new DatabaseSg(this, "postgresql", { engine: "postgresql", clients: [Peer.ipv4(POSTGRESQL_CLIENTS)] });
    this.redis = new DatabaseSg(this, "redis", { engine: "redis", clients: [this.ipGroupA] });

    // Stated by the user: each client group reaches its own database only.
    ReachabilityIntent.none(this, "sg-b-not-mysql", { from: this.sgB, to: this.mysql, port: Port.MYSQL });
    ReachabilityIntent.none(this, "sg-a-not-oracle", { from: this.sgA, to: this.oracle, port: Port.ORACLE });
    ReachabilityIntent.none(this, "other-private-addresses-not-redis", {
      from: Endpoint.addresses(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]).except(this.ipGroupA),
      to: this.redis,
      port: Port.allTraffic(),
      description: "no private address outside ipGroup-A reaches the Redis database",
    });
  }
}
