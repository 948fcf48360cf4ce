/**
 * Issue 13 in the constructs: a DatabaseSg protecting an RDS instance and a DatabaseSg with
 * engine redis protecting a DCS instance prove their intents against the real member (its
 * subnet and address), `Endpoint.member` names any member resource, and the jest matchers take
 * member constructs and addresses.
 */
import { Testing } from "cdktf";
import { DatabaseSg, Endpoint, Peer, Port, SecurityGroup } from "../../lib";
import { dcsInstance, rdsInstance, vpc, vpcSubnet } from "../../lib/provider-huaweicloud";
import { hwsgMatchers } from "../../lib/testing";
import { annotate, network, newStack, validationFailure } from "./helpers";

expect.extend(hwsgMatchers);

/** An app tier (one instance in group "app") and a MySQL DatabaseSg protecting an RDS instance. */
function rdsStack(options: { rdsSubnet?: "same" | "other-vpc" } = {}) {
  const { app, stack } = newStack();
  const net = network(stack);
  const appGroup = new SecurityGroup(stack, "app");
  const db = new DatabaseSg(stack, "db", { engine: "mysql", clients: [appGroup] });
  net.instance("app1", "192.168.1.10", [appGroup]);
  const otherVpc = new vpc.Vpc(stack, "vpc2", { name: "vpc2", cidr: "10.8.0.0/16" });
  const otherSubnet = new vpcSubnet.VpcSubnet(stack, "subnet2", { name: "subnet2", cidr: "10.8.1.0/24", gatewayIp: "10.8.1.1", vpcId: otherVpc.id });
  const inOtherVpc = options.rdsSubnet === "other-vpc";
  const subnet = stack.node.findChild("subnet") as vpcSubnet.VpcSubnet;
  const mysql = new rdsInstance.RdsInstance(stack, "mysql", {
    name: "mysql",
    flavor: "rds.mysql.n1.large.2",
    availabilityZone: ["cn-north-4a"],
    vpcId: inOtherVpc ? otherVpc.id : subnet.vpcId,
    subnetId: inOtherVpc ? otherSubnet.id : subnet.id,
    securityGroupId: db.securityGroupId,
    fixedIp: inOtherVpc ? "10.8.1.20" : "192.168.1.20",
    db: { type: "MySQL", version: "8.0" },
    volume: { type: "CLOUDSSD", size: 40 },
  });
  return { app, stack, appGroup, db, mysql };
}

describe("a DatabaseSg protecting an RDS instance", () => {
  it("synthesizes: its intents hold on the RDS instance itself", () => {
    const { app, stack } = rdsStack();
    expect(validationFailure(stack)).toBeUndefined();
    expect(() => app.synth()).not.toThrow();
  });

  it("the intents are proved on the real member: an RDS instance in a VPC the clients cannot reach fails the synth, naming it", () => {
    // A hypothetical member (no subnet) would be reachable; the RDS instance in another VPC is not.
    const { stack } = rdsStack({ rdsSubnet: "other-vpc" });
    const failure = validationFailure(stack) ?? "";
    expect(failure).toMatch(/client-0-reaches-database/);
    expect(failure).toContain("huaweicloud_rds_instance.mysql");
    expect(failure).toMatch(/no VPC peering connection joins them/);
  });

  it("the matchers take the RDS construct, Endpoint.member, its address and its Terraform address", () => {
    const { stack, appGroup, mysql } = rdsStack();
    const synth = Testing.synth(stack, true);
    expect(synth).toAllowTraffic({ from: appGroup, to: mysql, port: Port.MYSQL });
    expect(synth).toAllowTraffic({ from: appGroup, to: Endpoint.member(mysql), port: 3306 });
    expect(synth).toAllowTraffic({ from: "192.168.1.10", to: "192.168.1.20", port: 3306 });
    expect(synth).toAllowTraffic({ from: "huaweicloud_compute_instance.app1", to: "huaweicloud_rds_instance.mysql", port: 3306 });
    expect(synth).toDenyTraffic({ from: Endpoint.internet(), to: mysql });
    expect(synth).toDenyTraffic({ from: appGroup, to: mysql, port: 22 });
  });

  it("a resource that is not a member is refused by Endpoint.member, saying what members are", () => {
    const { stack } = rdsStack();
    const synth = Testing.synth(stack, true);
    const subnet = stack.node.findChild("subnet") as vpcSubnet.VpcSubnet;
    expect(() => expect(synth).toAllowTraffic({ from: Endpoint.internet(), to: Endpoint.member(subnet) })).toThrow(/a huaweicloud_vpc_subnet is not read as one \(members: compute instances, RDS, DCS/);
  });
});

/** A Redis DatabaseSg whose client is the app subnet's CIDR, protecting a DCS Redis 3.0 instance. */
function dcsStack(clients: readonly string[]) {
  const { app, stack } = newStack();
  network(stack);
  const subnet = stack.node.findChild("subnet") as vpcSubnet.VpcSubnet;
  const cacheSg = new DatabaseSg(stack, "cache", { engine: "redis", clients: clients.map((c) => Peer.ipv4(c)) });
  const cache = new dcsInstance.DcsInstance(stack, "redis", {
    name: "redis",
    engine: "Redis",
    engineVersion: "3.0",
    capacity: 2,
    flavor: "dcs.master_standby",
    availabilityZones: ["cn-north-4a", "cn-north-4b"],
    vpcId: subnet.vpcId,
    subnetId: subnet.id,
    securityGroupId: cacheSg.securityGroupId,
    privateIp: "192.168.1.50",
  });
  return { app, stack, cacheSg, cache };
}

describe("a DatabaseSg with engine redis protecting a DCS instance", () => {
  it("synthesizes: the app subnet reaches the cache on 6379, the internet does not", () => {
    const { app, stack, cache } = dcsStack(["192.168.1.0/24"]);
    expect(validationFailure(stack)).toBeUndefined();
    expect(() => app.synth()).not.toThrow();
    const synth = Testing.synth(stack, true);
    expect(synth).toAllowTraffic({ from: "192.168.1.99", to: cache, port: Port.REDIS });
    expect(synth).toDenyTraffic({ from: "203.0.113.9", to: cache, port: 6379 });
    expect(synth).toDenyTraffic({ from: "10.9.0.1", to: cache });
  });

  it("the group's members are the DCS instance itself (not a hypothetical member): a question about the group names it", () => {
    const { stack, cacheSg } = dcsStack(["192.168.1.0/24"]);
    const synth = Testing.synth(stack, true);
    expect(() => expect(synth).toDenyTraffic({ from: "192.168.1.99", to: cacheSg, port: 6379 })).toThrow(/huaweicloud_dcs_instance\.redis \(192\.168\.1\.50\)/);
    expect(annotate(stack).notes.filter((n) => n.level === "error")).toEqual([]);
  });
});
