/** examples/managed-services: an RDS instance and a DCS instance as members of pattern groups (issue 13). */
import { App } from "cdktf";
import { APP_SUBNET, ManagedServicesStack } from "../../examples/managed-services/stack";
import { describeExample, external, instance, reach, synth } from "./helpers";

const make = (app: App) => new ManagedServicesStack(app, "managed-services");
const MYSQL = { kind: "instance" as const, instanceId: "huaweicloud_rds_instance.mysql" };
const REDIS = { kind: "instance" as const, instanceId: "huaweicloud_dcs_instance.redis" };

describe("examples/managed-services", () => {
  describeExample(make);

  const { network } = synth(make);

  it("reads the RDS and DCS instances as members, with their kind, group, address and service port", () => {
    const mysql = network.instance(MYSQL.instanceId);
    expect([mysql.kind, mysql.securityGroupIds, mysql.nics.map((n) => n.fixedIpV4), mysql.servicePorts]).toEqual([
      "huaweicloud_rds_instance",
      ["huaweicloud_networking_secgroup.db"],
      [3232236052n],
      [{ protocol: 6, from: 3306, to: 3306 }],
    ]);
    const redis = network.instance(REDIS.instanceId);
    expect([redis.kind, redis.securityGroupIds, redis.servicePorts]).toEqual(["huaweicloud_dcs_instance", ["huaweicloud_networking_secgroup.cache"], [{ protocol: 6, from: 6379, to: 6379 }]]);
    expect(network.membersOf("huaweicloud_networking_secgroup.db").map((m) => m.id)).toEqual([MYSQL.instanceId]);
  });

  it("the app server reaches MySQL on 3306 through the remote-group rule; nothing else reaches it", () => {
    const ok = reach(network, "every", instance("app-server"), MYSQL, "tcp/3306");
    expect(ok.holds).toBe(true);
    expect(ok.witness.rule).toMatch(/^huaweicloud_networking_secgroup_rule\.db_ingress-allow-tcp-3306-from-sg-app_/);
    expect(reach(network, "some", external(["0.0.0.0/0"], [APP_SUBNET]), MYSQL, "all").holds).toBe(false);
    expect(reach(network, "some", instance("app-server"), MYSQL, "tcp/22").holds).toBe(false);
  });

  it("the app subnet reaches Redis on 6379 by its CIDR block; the internet does not", () => {
    expect(reach(network, "every", external([APP_SUBNET]), REDIS, "tcp/6379").holds).toBe(true);
    expect(reach(network, "some", external(["203.0.113.0/24"]), REDIS, "all").holds).toBe(false);
    expect(network.instance(REDIS.instanceId).nics.map((n) => n.fixedIpV4)).toEqual([3232236062n]);
  });
});
