/**
 * `DatabaseSg`: a database reached by its clients only (Huawei Cloud "Security Group Configuration Examples", "Enabling Communications Between Instances in Different Security Groups" and "Allowing External Instances to Access the Database Deployed on an ECS"; Alibaba Cloud "Security group guidelines and use cases", case 3).
 */
import { Construct } from "constructs";
import { ValidationError } from "../../core/errors";
import { IConnectable } from "../connections";
import { Endpoint } from "../endpoint";
import { IPeer, Peer } from "../peer";
import { Port } from "../port";
import { undoOnError } from "../private/naming";
import { SecurityGroupProps } from "../security-group";
import { PatternIntent } from "./pattern-intent";
import { PatternSecurityGroup } from "./pattern-security-group";

/** Database engines and their default ports (Huawei Cloud "Security Group Configuration Examples", "Allowing External Instances to Access the Database Deployed on an ECS"). */
export type DatabaseEngine = "mysql" | "oracle" | "sqlserver" | "postgresql" | "redis";

/** The default port of each engine. */
export const DATABASE_PORTS: Readonly<Record<DatabaseEngine, Port>> = {
  mysql: Port.MYSQL,
  oracle: Port.ORACLE,
  sqlserver: Port.SQL_SERVER,
  postgresql: Port.POSTGRESQL,
  redis: Port.REDIS,
};

/** A database client: a security group (its members), a CIDR peer or an address group. */
export type DatabaseClient = IConnectable | IPeer;

/** Properties of a `DatabaseSg`. */
export interface DatabaseSgProps extends SecurityGroupProps {
  /** The engine; it decides the port unless `port` is given. */
  readonly engine: DatabaseEngine;
  /**
   * A custom port instead of the engine's default.
   * @default the engine's port: MySQL 3306, Oracle 1521, SQL Server 1433, PostgreSQL 5432, Redis 6379
   */
  readonly port?: Port;
  /**
   * Who may connect: security groups (preferred for internal traffic, Huawei Cloud "Security Group Configuration Examples"), CIDR blocks or
   * address groups. More can be added with `addClient`.
   * @default none
   */
  readonly clients?: readonly DatabaseClient[];
  /**
   * Whether to add an explicit deny of the port from every address at priority 100, after the
   * client rules (Alibaba Cloud "Security group guidelines and use cases", case 3 "Configure database security"). The group denies by default anyway; the rule documents it
   * and keeps holding if a broader allow is added later at a lower priority (a higher number).
   * @default false
   */
  readonly denyOthers?: boolean;
  /**
   * Whether members may send anything anywhere. A database rarely needs it.
   * @default false
   */
  readonly allowAllOutbound?: boolean;
  /**
   * Whether IPv6 clients are accepted. The pattern is IPv4-only by default, as Huawei's examples
   * are: an IPv6 client is refused, and the synth proves that no IPv6 traffic gets in.
   * @default false
   */
  readonly ipv6?: boolean;
}

/**
 * A security group for a database: the engine's port from its clients only.
 *
 * Intends, proved at synth time: every client reaches the port (group clients: their members);
 * no public address other than the clients' reaches anything. Intent names, for `disableIntent`:
 * `client-<i>-reaches-database`, `internet-reaches-nothing-ipv4`, `internet-reaches-nothing-ipv6`.
 *
 * The group's members are whatever the stack puts in it — an RDS instance, a DCS cache, a
 * GaussDB instance, a compute instance running the database — and the intents are proved on
 * them (their subnet and private address); with no member, on a hypothetical one.
 *
 * @example
 * const db = new DatabaseSg(this, "db", { engine: "mysql", clients: [app] });
 * db.addClient(Peer.ipv4("172.16.3.21/32"));
 * new rdsInstance.RdsInstance(this, "mysql", { ..., securityGroupId: db.securityGroupId });
 *
 * const cache = new DatabaseSg(this, "cache", { engine: "redis", clients: [Peer.ipv4("192.168.1.0/24")] });
 * new dcsInstance.DcsInstance(this, "redis", { ..., engine: "Redis", securityGroupId: cache.securityGroupId });
 * // a runnable app: examples/managed-services/stack.ts
 */
export class DatabaseSg extends PatternSecurityGroup {
  /** The database port. */
  readonly databasePort: Port;
  private readonly addressClients: IPeer[] = [];
  private clientCount = 0;
  private readonly ipv6: boolean;

  constructor(scope: Construct, id: string, props: DatabaseSgProps) {
    super(scope, id, { ...props, allowAllOutbound: props.allowAllOutbound ?? false });
    this.databasePort = props.port instanceof Port ? props.port : DATABASE_PORTS[props.engine] ?? Port.MYSQL;
    this.ipv6 = props.ipv6 ?? false;
    undoOnError(this, () => this.build(props));
  }

  private build(props: DatabaseSgProps): void {
    if (!(props.engine in DATABASE_PORTS)) {
      throw new ValidationError(this.node.path, "engine", props.engine, `must be one of ${Object.keys(DATABASE_PORTS).join(", ")}`);
    }
    if (props.port !== undefined && !(props.port instanceof Port)) throw new ValidationError(this.node.path, "port", String(props.port), "must be a Port");
    (props.clients ?? []).forEach((c) => this.addClient(c, "clients"));
    if (props.denyOthers) {
      this.addIngressRule(Peer.anyIpv4(), this.databasePort, { action: "deny", priority: 100, description: "only the clients above reach the database" });
    }
    for (const version of [4, 6] as const) {
      new PatternIntent(this, `internet-reaches-nothing-ipv${version}`, {
        quantifier: "none",
        own: "to",
        from: Endpoint.internet(version).exceptEach(this.addressClients, "the clients"),
        to: this,
        port: Port.allTraffic(),
        description: `no public IPv${version} address other than the clients' reaches ${this.node.id} on any protocol`,
      });
    }
  }

  /**
   * Lets a client connect on the database port: an inbound rule here, and an outbound rule on a
   * client group that limits outbound traffic. States the intent that the client reaches the port.
   */
  addClient(client: DatabaseClient, field = "addClient"): void {
    const index = this.clientCount++;
    const subject = this.node.path;
    if (!client || (typeof (client as IPeer).toRemotes !== "function" && !("connections" in client))) {
      throw new ValidationError(subject, `${field}[${index}]`, String(client), "must be a SecurityGroup, a Peer or an AddressGroup");
    }
    const peer = "connections" in client && client.connections ? client.connections.securityGroup : (client as IPeer);
    const remotes = peer.toRemotes();
    if (remotes.some((r) => r.kind === "cidr" && (r.cidr === "0.0.0.0/0" || r.cidr === "::/0"))) {
      throw new ValidationError(subject, `${field}[${index}]`, peer.peerLabel, "must be a client, not every address: a database open to the internet is what Huawei Cloud's \"Security Group Configuration Examples\" warns against");
    }
    if (!this.ipv6 && remotes.some((r) => r.version === 6)) {
      throw new ValidationError(subject, `${field}[${index}]`, peer.peerLabel, "is IPv6, and this pattern is IPv4-only unless ipv6 is true", "set ipv6: true to accept IPv6 clients");
    }
    this.connections.allowFrom(client, this.databasePort, { description: "database client" });
    if (remotes.every((r) => r.kind !== "group")) this.addressClients.push(peer);
    new PatternIntent(this, `client-${index}-reaches-database`, { quantifier: "every", own: "to", from: peer, to: this, port: this.databasePort });
  }
}
