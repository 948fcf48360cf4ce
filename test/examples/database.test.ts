/** examples/database: seed 000 table 10, seed 001 case 3. */
import { App } from "cdktf";
import { DatabaseStack, IP_GROUP_A, POSTGRESQL_CLIENTS, SQLSERVER_CLIENT } from "../../examples/database/stack";
import { withHypotheticalMember } from "../../lib";
import { describeExample, external, groupMember, reach, synth } from "./helpers";

const make = (app: App) => new DatabaseStack(app, "database");

describe("examples/database", () => {
  describeExample(make);

  const { network } = synth(make);
  /** Stand-in members of a client group and a database group, in one network. */
  const pair = (client: string, db: string) => {
    const a = withHypotheticalMember(network, `huaweicloud_networking_secgroup.${client}`);
    const b = groupMember(a.network, db);
    return { network: b.network, from: { kind: "instance" as const, instanceId: a.instanceId }, to: b.end };
  };

  it("MySQL: sg-A reaches 3306; sg-B does not; the deny at priority 100 decides for everyone else", () => {
    const ok = pair("sg-a", "mysql");
    expect(reach(ok.network, "every", ok.from, ok.to, "tcp/3306").holds).toBe(true);
    const other = pair("sg-b", "mysql");
    expect(reach(other.network, "some", other.from, other.to, "tcp/3306").holds).toBe(false);
    const { network: net, end } = groupMember(network, "mysql");
    const internet = reach(net, "some", external(["0.0.0.0/0"]), end, "tcp/3306");
    expect(internet.holds).toBe(false);
    expect(internet.witness.rule).toMatch(/^huaweicloud_networking_secgroup_rule\.mysql_ingress-deny-tcp-3306-from-any-ipv4-p100_/);
  });

  it("Oracle: sg-B reaches 1521, sg-A does not", () => {
    const ok = pair("sg-b", "oracle");
    expect(reach(ok.network, "every", ok.from, ok.to, "tcp/1521").holds).toBe(true);
    const other = pair("sg-a", "oracle");
    expect(reach(other.network, "some", other.from, other.to, "all").holds).toBe(false);
  });

  it("SQL Server and PostgreSQL: their address clients, and no one else", () => {
    const sql = groupMember(network, "sqlserver");
    expect(reach(sql.network, "every", external([SQLSERVER_CLIENT]), sql.end, "tcp/1433").holds).toBe(true);
    expect(reach(sql.network, "some", external(["0.0.0.0/0"], [SQLSERVER_CLIENT]), sql.end, "all").holds).toBe(false);
    const pg = groupMember(network, "postgresql");
    expect(reach(pg.network, "every", external([POSTGRESQL_CLIENTS]), pg.end, "tcp/5432").holds).toBe(true);
    expect(reach(pg.network, "some", external([POSTGRESQL_CLIENTS]), pg.end, "tcp/1-5431,5433-65535").holds).toBe(false);
  });

  it("Redis: every address of ipGroup-A reaches 6379 through the address-group rule", () => {
    const { network: net, end } = groupMember(network, "redis");
    const r = reach(net, "every", external([...IP_GROUP_A]), end, "tcp/6379");
    expect(r.holds).toBe(true);
    expect(r.witness.rule).toMatch(/^huaweicloud_networking_secgroup_rule\.redis_ingress-allow-tcp-6379-from-ag-ipgroup-a_/);
    expect(reach(net, "some", external(["0.0.0.0/0"], [...IP_GROUP_A]), end, "all").holds).toBe(false);
  });
});
