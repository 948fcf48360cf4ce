/**
 * Determinism: the same code gives byte-identical Terraform, and logical ids do not depend on
 * the order rules are added in.
 */
import { readFileSync } from "fs";
import * as path from "path";
import { App, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import {
  AddressGroup,
  BastionSg,
  DatabaseSg,
  EgressWhitelistSg,
  FtpServerSg,
  Peer,
  Port,
  ReachabilityIntent,
  SecurityGroup,
  WebServerSg,
} from "../../lib";
import { RuleJson, annotate, network, newStack, rulesOf, validationFailure } from "./helpers";

/** A stack using every construct: patterns, connections, address groups, instances and intents. */
function build(): { app: App; stack: TerraformStack } {
  const { app, stack } = newStack("prod");
  const office = new AddressGroup(stack, "office", { addresses: ["10.10.0.0/24", "172.16.8.0/24"] });
  const web = new WebServerSg(stack, "web", { ipv6: true, ping: true, extraPorts: [Port.tcp(8080)] });
  const appTier = new SecurityGroup(stack, "app", { allowAllOutbound: false, allowInternal: true });
  const db = new DatabaseSg(stack, "db", { engine: "postgresql", clients: [appTier, Peer.ipv4("172.16.3.21/32")], denyOthers: true });
  const bastion = new BastionSg(stack, "bastion", { trustedSources: [office, Peer.ipv4("203.0.113.0/24")], ping: true });
  new FtpServerSg(stack, "ftp", { trustedSources: [Peer.ipv4("192.168.0.0/24")] });
  new EgressWhitelistSg(stack, "egress", {
    destinations: [
      { peer: Peer.ipv4("132.15.0.10/32"), port: Port.HTTP },
      { peer: Peer.ipv4("145.117.0.20/32"), port: Port.HTTPS },
    ],
    explicitDeny: true,
  });
  appTier.connections.allowFrom(web, Port.tcp(8080));
  appTier.connections.allowTo(Peer.ipv4("100.125.0.0/16"), Port.HTTPS);
  for (const g of [web, appTier, db]) g.connections.allowFrom(bastion, Port.SSH);
  const net = network(stack);
  net.instance("web1", "192.168.1.10", [web]);
  net.instance("app1", "192.168.1.20", [appTier]);
  net.instance("db1", "192.168.1.30", [db]);
  net.instance("bastion1", "192.168.1.5", [bastion]);
  ReachabilityIntent.every(stack, "app-reaches-db", { from: appTier, to: db, port: Port.POSTGRESQL });
  ReachabilityIntent.none(stack, "web-not-db", { from: web, to: db, port: Port.allTraffic() });
  return { app, stack };
}

describe("byte-identical output", () => {
  it("the stack is valid", () => {
    expect(validationFailure(build().stack)).toBeUndefined();
  });

  it("two fresh apps synthesize byte-identical JSON", () => {
    const a = Testing.synth(build().stack, true);
    const b = Testing.synth(build().stack, true);
    expect(a.length).toBeGreaterThan(1000);
    expect(b).toBe(a);
  });

  it("two fresh apps write byte-identical cdk.tf.json files", () => {
    const read = () => {
      const { app } = build();
      app.synth();
      return readFileSync(path.join(app.outdir, "stacks", "prod", "cdk.tf.json"), "utf8");
    };
    const first = read();
    expect(read()).toBe(first);
    expect(JSON.parse(first).resource.huaweicloud_networking_secgroup_rule).toBeDefined();
  });

  it("two fresh apps report the same annotations in the same order", () => {
    const notes = () => {
      const { stack } = newStack();
      const g = new SecurityGroup(stack, "g");
      g.addIngressRule(Peer.anyIpv4(), Port.tcpPorts([22, 3389, 6379]));
      g.addIngressRule(Peer.ipv4("10.0.0.0/8"), Port.SSH, { priority: 5 });
      return annotate(stack).notes;
    };
    const first = notes();
    expect(first.length).toBeGreaterThanOrEqual(4);
    expect(notes()).toEqual(first);
  });

  it("an intent failure message is the same run to run", () => {
    const failure = () => {
      const { stack } = newStack();
      const db = new DatabaseSg(stack, "db", { engine: "mysql", clients: [Peer.ipv4("10.0.0.0/8")] });
      db.addIngressRule(Peer.ipv4("0.0.0.0/1"), Port.allTcp());
      return validationFailure(stack);
    };
    const first = failure();
    expect(first).toContain("counterexample:");
    expect(failure()).toBe(first);
  });
});

describe("logical ids do not depend on the order rules are added in", () => {
  type Add = (g: SecurityGroup, others: { app: SecurityGroup; office: AddressGroup }) => void;
  const additions: Add[] = [
    (g) => g.addIngressRule(Peer.anyIpv4(), Port.HTTPS),
    (g) => g.addIngressRule(Peer.ipv6("2001:db8::/32"), Port.tcpPorts([443, 80])),
    (g, { app }) => g.addIngressRule(app, Port.tcp(8080)),
    (g, { office }) => g.addIngressRule(office, Port.SSH),
    (g) => g.addIngressRule(Peer.ipv4("10.0.0.0/8"), Port.icmpPing(), { priority: 10 }),
    (g) => g.addEgressRule(Peer.ipv4("10.0.0.0/8"), Port.allTraffic(), { action: "deny", priority: 90 }),
    (g) => g.addEgressRule(Peer.ipv4("100.125.0.0/16"), Port.DNS_UDP),
  ];

  const idsFor = (order: readonly number[]): Record<string, RuleJson> => {
    const { stack } = newStack();
    const app = new SecurityGroup(stack, "app", { allowAllOutbound: false });
    const office = new AddressGroup(stack, "office", { addresses: ["10.10.0.0/24"] });
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    for (const i of order) additions[i](g, { app, office });
    return rulesOf(stack, "g");
  };

  it("forward, reversed and shuffled orders give the same ids for the same rules", () => {
    const forward = idsFor([0, 1, 2, 3, 4, 5, 6]);
    expect(Object.keys(forward)).toHaveLength(7);
    expect(idsFor([6, 5, 4, 3, 2, 1, 0])).toEqual(forward);
    expect(idsFor([3, 0, 6, 2, 5, 1, 4])).toEqual(forward);
  });

  it("constructing the groups in another order changes nothing", () => {
    const make = (reverse: boolean) => {
      const { stack } = newStack();
      const names = reverse ? ["c", "b", "a"] : ["a", "b", "c"];
      const groups = Object.fromEntries(names.map((n) => [n, new SecurityGroup(stack, n, { allowAllOutbound: false })]));
      groups.a.connections.allowFrom(groups.b, Port.tcp(1000));
      groups.b.connections.allowFrom(groups.c, Port.tcp(2000));
      return Testing.synth(stack);
    };
    expect(make(true)).toBe(make(false));
  });

  /**
   * Regression (fixed in lib/constructs/security-group.ts, uniqueRuleId): rule ids are built from the peer's
   * label (`sg-<construct id>`), and a clash is resolved with `-2` in the order the rules are
   * added. Two groups with the same construct id in different scopes (teamA/app, teamB/app)
   * therefore swap logical ids when the order of the calls changes, and Terraform replaces
   * both rules (every rule field is ForceNew). Reproduction:
   *
   *   db.addIngressRule(teamAApp, Port.MYSQL); db.addIngressRule(teamBApp, Port.MYSQL);
   *   // db_ingress-allow-tcp-3306-from-sg-app_…   → teamA, …-sg-app-2_… → teamB
   *   // the other order: db_ingress-allow-tcp-3306-from-sg-app_… → teamB
   */
  it("two peers with the same label keep their ids whatever the order", () => {
    const remotes = (reverse: boolean) => {
      const { stack } = newStack();
      const a = new SecurityGroup(new Construct(stack, "teamA"), "app", { allowAllOutbound: false });
      const b = new SecurityGroup(new Construct(stack, "teamB"), "app", { allowAllOutbound: false });
      const db = new SecurityGroup(stack, "db", { allowAllOutbound: false });
      const calls = [() => db.addIngressRule(a, Port.MYSQL), () => db.addIngressRule(b, Port.MYSQL)];
      (reverse ? calls.reverse() : calls).forEach((f) => f());
      return Object.fromEntries(Object.entries(rulesOf(stack, "db")).map(([id, r]) => [id, r.remote_group_id]));
    };
    expect(remotes(true)).toEqual(remotes(false));
  });
});
