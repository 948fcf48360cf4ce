/**
 * Connections: a connection needs the receiver's ingress and, when the sender limits outbound
 * traffic, the sender's egress (semantics §3).
 */
import { Peer, Port, ReachabilityIntent, SecurityGroup } from "../../lib";
import { groupRef, newStack, ruleBodies, validationFailure } from "./helpers";

const ingressFrom = (remote: string, ports: string) => ({ direction: "ingress", ethertype: "IPv4", protocol: "tcp", ports, remote_group_id: remote, action: "allow", priority: 1 });
const egressTo = (remote: string, ports: string) => ({ direction: "egress", ethertype: "IPv4", protocol: "tcp", ports, remote_group_id: remote, action: "allow", priority: 1 });
const allowAllOut = (v: "IPv4" | "IPv6") => ({
  direction: "egress",
  ethertype: v,
  remote_ip_prefix: v === "IPv4" ? "0.0.0.0/0" : "::/0",
  action: "allow",
  priority: 100,
  description: "allow all outbound (Huawei's default egress rule, written out)",
});

describe("Connections.allowFrom", () => {
  it("writes ingress on the receiver and egress on a sender that limits outbound", () => {
    const { stack } = newStack();
    const app = new SecurityGroup(stack, "app", { allowAllOutbound: false });
    const db = new SecurityGroup(stack, "db", { allowAllOutbound: false });
    const written = db.connections.allowFrom(app, Port.MYSQL);
    expect(written).toHaveLength(2);
    expect(ruleBodies(stack, "db")).toEqual([ingressFrom(groupRef("app"), "3306")]);
    expect(ruleBodies(stack, "app")).toEqual([egressTo(groupRef("db"), "3306")]);
    ReachabilityIntent.every(stack, "app-db", { from: app, to: db, port: Port.MYSQL });
    expect(validationFailure(stack)).toBeUndefined();
  });

  it("writes no egress on a sender that allows all outbound", () => {
    const { stack } = newStack();
    const app = new SecurityGroup(stack, "app");
    const db = new SecurityGroup(stack, "db", { allowAllOutbound: false });
    const written = db.connections.allowFrom(app, Port.MYSQL);
    expect(written).toHaveLength(1);
    expect(ruleBodies(stack, "db")).toEqual([ingressFrom(groupRef("app"), "3306")]);
    expect(ruleBodies(stack, "app")).toEqual([allowAllOut("IPv4"), allowAllOut("IPv6")]);
    ReachabilityIntent.every(stack, "app-db", { from: app, to: db, port: Port.MYSQL });
    expect(validationFailure(stack)).toBeUndefined();
  });

  it("writes only ingress for a CIDR peer, with the options given", () => {
    const { stack } = newStack();
    const db = new SecurityGroup(stack, "db", { allowAllOutbound: false });
    db.connections.allowFrom(Peer.ipv4("172.16.3.21/32"), Port.SQL_SERVER, { priority: 10, description: "reporting host" });
    expect(ruleBodies(stack, "db")).toEqual([
      { direction: "ingress", ethertype: "IPv4", protocol: "tcp", ports: "1433", remote_ip_prefix: "172.16.3.21/32", action: "allow", priority: 10, description: "reporting host" },
    ]);
  });

  it("allowFromAnyIpv4 opens the port to 0.0.0.0/0", () => {
    const { stack } = newStack();
    const web = new SecurityGroup(stack, "web", { allowAllOutbound: false });
    web.connections.allowFromAnyIpv4(Port.HTTPS);
    expect(ruleBodies(stack, "web")).toEqual([
      { direction: "ingress", ethertype: "IPv4", protocol: "tcp", ports: "443", remote_ip_prefix: "0.0.0.0/0", action: "allow", priority: 1 },
    ]);
  });

  it("without the egress, a connection from a group that limits outbound does not hold", () => {
    const { stack } = newStack();
    const app = new SecurityGroup(stack, "app", { allowAllOutbound: false });
    const db = new SecurityGroup(stack, "db", { allowAllOutbound: false });
    db.addIngressRule(app, Port.MYSQL); // ingress only: the sender's egress is missing
    ReachabilityIntent.every(stack, "app-db", { from: app, to: db, port: Port.MYSQL });
    const failure = validationFailure(stack);
    expect(failure).toContain("[s/app-db]");
    expect(failure).toContain("counterexample: tcp port 3306");
    expect(failure).toContain("is DENIED");
    expect(failure).toContain("no egress rule");
  });
});

describe("Connections.allowTo", () => {
  it("writes egress here when this group limits outbound, and ingress on the receiver", () => {
    const { stack } = newStack();
    const web = new SecurityGroup(stack, "web", { allowAllOutbound: false });
    const app = new SecurityGroup(stack, "app", { allowAllOutbound: false });
    const written = web.connections.allowTo(app, Port.tcp(8080));
    expect(written).toHaveLength(2);
    expect(ruleBodies(stack, "web")).toEqual([egressTo(groupRef("app"), "8080")]);
    expect(ruleBodies(stack, "app")).toEqual([ingressFrom(groupRef("web"), "8080")]);
  });

  it("writes only the receiver's ingress when this group allows all outbound", () => {
    const { stack } = newStack();
    const web = new SecurityGroup(stack, "web");
    const app = new SecurityGroup(stack, "app", { allowAllOutbound: false });
    expect(web.connections.allowTo(app, Port.tcp(8080))).toHaveLength(1);
    expect(ruleBodies(stack, "web")).toEqual([allowAllOut("IPv4"), allowAllOut("IPv6")]);
    expect(ruleBodies(stack, "app")).toEqual([ingressFrom(groupRef("web"), "8080")]);
  });

  it("writes only egress for a CIDR destination", () => {
    const { stack } = newStack();
    const web = new SecurityGroup(stack, "web", { allowAllOutbound: false });
    web.connections.allowTo(Peer.ipv4("145.117.0.10/32"), Port.HTTPS);
    expect(ruleBodies(stack, "web")).toEqual([
      { direction: "egress", ethertype: "IPv4", protocol: "tcp", ports: "443", remote_ip_prefix: "145.117.0.10/32", action: "allow", priority: 1 },
    ]);
  });

  it("writes nothing for a CIDR destination when this group allows all outbound", () => {
    const { stack } = newStack();
    const web = new SecurityGroup(stack, "web");
    expect(web.connections.allowTo(Peer.ipv4("145.117.0.10/32"), Port.HTTPS)).toEqual([]);
    expect(ruleBodies(stack, "web")).toHaveLength(2);
  });

  it("is symmetrical to allowFrom: both write the same two rules", () => {
    const build = (how: "from" | "to") => {
      const { stack } = newStack();
      const web = new SecurityGroup(stack, "web", { allowAllOutbound: false });
      const app = new SecurityGroup(stack, "app", { allowAllOutbound: false });
      if (how === "from") app.connections.allowFrom(web, Port.tcp(8080));
      else web.connections.allowTo(app, Port.tcp(8080));
      return [ruleBodies(stack, "web"), ruleBodies(stack, "app")];
    };
    expect(build("to")).toEqual(build("from"));
  });
});

describe("Connections.allowInternally", () => {
  it("writes ingress from the group and, when outbound is limited, egress to it", () => {
    const { stack } = newStack();
    const cluster = new SecurityGroup(stack, "cluster", { allowAllOutbound: false });
    const written = cluster.connections.allowInternally(Port.tcp(7000));
    expect(written).toHaveLength(2);
    expect(ruleBodies(stack, "cluster")).toEqual([egressTo(groupRef("cluster"), "7000"), ingressFrom(groupRef("cluster"), "7000")]);
    ReachabilityIntent.every(stack, "peers", { from: cluster, to: cluster, port: Port.tcp(7000) });
    ReachabilityIntent.none(stack, "other-port", { from: cluster, to: cluster, port: Port.tcp(7001) });
    expect(validationFailure(stack)).toBeUndefined();
  });

  it("writes only ingress when the group allows all outbound", () => {
    const { stack } = newStack();
    const cluster = new SecurityGroup(stack, "cluster");
    expect(cluster.connections.allowInternally(Port.tcp(7000))).toHaveLength(1);
    expect(ruleBodies(stack, "cluster")).toContainEqual(ingressFrom(groupRef("cluster"), "7000"));
    expect(ruleBodies(stack, "cluster")).toHaveLength(3);
  });
});
