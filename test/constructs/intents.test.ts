/**
 * Reachability intents, the patterns' and the user's: broken variants fail the synth with a
 * counterexample and the deciding rule; good variants pass.
 */
import { Testing, TerraformResource } from "cdktf";
import { NetworkingSecgroupRule } from "../../.gen/providers/huaweicloud/networking-secgroup-rule";
import {
  AddressGroup,
  BastionSg,
  DatabaseSg,
  EgressWhitelistSg,
  Endpoint,
  Peer,
  Port,
  ReachabilityIntent,
  SecurityGroup,
  WebServerSg,
} from "../../lib";
import { annotate, network, newStack, thrown, validationFailure } from "./helpers";

/** `huaweicloud_networking_secgroup_rule.<logical id>` */
const address = (r: TerraformResource): string => `${r.terraformResourceType}.${r.friendlyUniqueId}`;

/** Asserts the synth fails on the intent at `path`, naming the flow's verdict and the deciding rule. */
function expectIntentFailure(failure: string | undefined, path: string, verdict: "ALLOWED" | "DENIED", rule?: TerraformResource | "none"): string {
  expect(failure).toBeDefined();
  const text = failure!;
  expect(text).toContain("Validation failed with the following errors");
  expect(text).toContain(`[${path}] intent "`);
  expect(text).toContain("does not hold");
  expect(text).toMatch(new RegExp(`counterexample: .* is ${verdict}`));
  if (rule === "none") {
    expect(text).toContain("deciding rule: none (no rule matches: the default deny applies");
  } else if (rule) {
    expect(text).toContain(`deciding rule: ${address(rule)} (${rule.node.path})`);
  }
  return text;
}

describe("DatabaseSg intents", () => {
  const build = () => {
    const { app, stack } = newStack();
    const client = new SecurityGroup(stack, "app", { allowAllOutbound: false });
    const db = new DatabaseSg(stack, "db", { engine: "mysql", clients: [client] });
    return { app, stack, db };
  };

  it("good: passes", () => {
    const { stack } = build();
    expect(validationFailure(stack)).toBeUndefined();
  });

  it("fails when MySQL is opened to 0.0.0.0/0", () => {
    const { stack, db } = build();
    const [open] = db.addIngressRule(Peer.anyIpv4(), Port.MYSQL);
    const text = expectIntentFailure(validationFailure(stack), "s/db/intent-internet-reaches-nothing-ipv4", "ALLOWED", open);
    expect(text).toContain("counterexample: tcp port 3306 from ");
    expect(text).toContain("ingress IPv4 tcp 3306 from 0.0.0.0/0: allow, priority 1");
  });

  it("fails when all traffic from 0.0.0.0/0 is allowed at priority 1, even over denyOthers at 100", () => {
    const { stack } = newStack();
    const client = new SecurityGroup(stack, "app");
    const db = new DatabaseSg(stack, "db", { engine: "mysql", clients: [client], denyOthers: true });
    expect(validationFailure(stack)).toBeUndefined();
    const [open] = db.addIngressRule(Peer.anyIpv4(), Port.allTraffic(), { priority: 1 });
    const text = expectIntentFailure(validationFailure(stack), "s/db/intent-internet-reaches-nothing-ipv4", "ALLOWED", open);
    expect(text).toContain("ingress IPv4 all from 0.0.0.0/0: allow, priority 1");
  });

  it("fails on a raw provider rule the pattern did not write: the check reads the whole stack", () => {
    const { stack, db } = build();
    const raw = new NetworkingSecgroupRule(stack, "raw", {
      securityGroupId: db.securityGroupId,
      direction: "ingress",
      ethertype: "IPv4",
      protocol: "tcp",
      ports: "3306",
      remoteIpPrefix: "0.0.0.0/0",
      action: "allow",
      priority: 1,
    });
    const text = expectIntentFailure(validationFailure(stack), "s/db/intent-internet-reaches-nothing-ipv4", "ALLOWED", raw);
    expect(text).toContain("deciding rule: huaweicloud_networking_secgroup_rule.raw (s/raw)");
  });

  it("app.synth() fails on the intent too; Testing.synth without validations does not", () => {
    const { app, stack, db } = build();
    db.addIngressRule(Peer.anyIpv4(), Port.MYSQL);
    expect(() => Testing.synth(stack)).not.toThrow();
    expect(thrown(() => app.synth())).toContain("[s/db/intent-internet-reaches-nothing-ipv4]");
  });

  it("fails when a client group's members cannot send to the database", () => {
    const { stack } = newStack();
    const client = new SecurityGroup(stack, "app", { allowAllOutbound: false });
    const db = new DatabaseSg(stack, "db", { engine: "mysql" });
    db.addIngressRule(client, Port.MYSQL); // ingress only: no egress on the client group
    ReachabilityIntent.every(stack, "app-db", { from: client, to: db, port: Port.MYSQL });
    expectIntentFailure(validationFailure(stack), "s/app-db", "DENIED", "none");
  });
});

describe("EgressWhitelistSg intents", () => {
  const build = (props: ConstructorParameters<typeof EgressWhitelistSg>[2] = {}) => {
    const { stack } = newStack();
    const e = new EgressWhitelistSg(stack, "egress", { destinations: [{ peer: Peer.ipv4("132.15.0.10/32"), port: Port.HTTP }], ...props });
    return { stack, e };
  };

  it("good: passes, with and without the explicit deny", () => {
    expect(validationFailure(build().stack)).toBeUndefined();
    expect(validationFailure(build({ explicitDeny: true, explicitDenyPriority: 50 }).stack)).toBeUndefined();
  });

  it("fails when an allow-all egress leaks to every address", () => {
    const { stack, e } = build();
    const [leak] = e.addEgressRule(Peer.anyIpv4(), Port.allTraffic());
    const text = expectIntentFailure(validationFailure(stack), "s/egress/intent-unlisted-unreachable-ipv4", "ALLOWED", leak);
    expect(text).toContain("egress IPv4 all to 0.0.0.0/0: allow, priority 1");
  });

  it("fails when an explicit deny at priority 1 shadows the allowed destination", () => {
    const { stack, e } = build();
    const [deny] = e.addEgressRule(Peer.anyIpv4(), Port.allTraffic(), { action: "deny", priority: 1 });
    const text = expectIntentFailure(validationFailure(stack), "s/egress/intent-reaches-destination-0", "DENIED", deny);
    expect(text).toContain("counterexample: tcp port 80 from ");
    expect(text).toContain("to 132.15.0.10 is DENIED");
  });

  it("fails on an IPv6 leak through the IPv6 intent", () => {
    const { stack, e } = build();
    const [leak] = e.addEgressRule(Peer.ipv6("2000::/3"), Port.HTTPS);
    expectIntentFailure(validationFailure(stack), "s/egress/intent-unlisted-unreachable-ipv6", "ALLOWED", leak);
  });
});

describe("BastionSg intents", () => {
  it("good: passes", () => {
    const { stack } = newStack();
    new BastionSg(stack, "bastion", { trustedSources: [Peer.ipv4("203.0.113.0/24")] });
    expect(validationFailure(stack)).toBeUndefined();
    expect(annotate(stack).notes.filter((n) => n.level === "error")).toEqual([]);
  });

  it("fails when SSH is opened to 0.0.0.0/1 + 128.0.0.0/1, and the lint reports HWSG001 as an error", () => {
    const { stack } = newStack();
    const b = new BastionSg(stack, "bastion", { trustedSources: [Peer.ipv4("203.0.113.0/24")] });
    const [low] = b.addIngressRule(Peer.ipv4("0.0.0.0/1"), Port.SSH);
    const [high] = b.addIngressRule(Peer.ipv4("128.0.0.0/1"), Port.SSH);
    const { notes, failure } = annotate(stack);
    const text = expectIntentFailure(failure, "s/bastion/intent-untrusted-reach-nothing-ipv4", "ALLOWED");
    expect(text).toContain("counterexample: tcp port 22 from ");
    expect(text.includes(`deciding rule: ${address(low)}`) || text.includes(`deciding rule: ${address(high)}`)).toBe(true);
    const errors = notes.filter((n) => n.level === "error" && n.message.startsWith("[HWSG001]"));
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toContain("SSH (tcp port 22)");
    expect(errors[0].message).toContain(address(low));
    expect(errors[0].message).toContain(address(high));
  });

  it("fails when the login port is also reachable by IPv6 (no IPv6 source is trusted)", () => {
    const { stack } = newStack();
    const b = new BastionSg(stack, "bastion", { trustedSources: [Peer.ipv4("203.0.113.0/24")] });
    const [v6] = b.addIngressRule(Peer.anyIpv6(), Port.SSH);
    expectIntentFailure(validationFailure(stack), "s/bastion/intent-untrusted-reach-nothing-ipv6", "ALLOWED", v6);
  });

  it("fails when a trusted source is denied by a rule tried first", () => {
    const { stack } = newStack();
    const b = new BastionSg(stack, "bastion", { trustedSources: [Peer.ipv4("203.0.113.0/24")] });
    const [deny] = b.addIngressRule(Peer.ipv4("203.0.113.128/25"), Port.SSH, { action: "deny", priority: 1 });
    expectIntentFailure(validationFailure(stack), "s/bastion/intent-trusted-0-reaches-ssh", "DENIED", deny);
  });
});

describe("WebServerSg intents", () => {
  it("good: passes", () => {
    const { stack } = newStack();
    new WebServerSg(stack, "web", { ipv6: true, ping: true });
    expect(validationFailure(stack)).toBeUndefined();
  });

  it("fails when an extra rule opens SSH to the internet", () => {
    const { stack } = newStack();
    const web = new WebServerSg(stack, "web");
    const [ssh] = web.addIngressRule(Peer.anyIpv4(), Port.SSH);
    const text = expectIntentFailure(validationFailure(stack), "s/web/intent-internet-reaches-nothing-else", "ALLOWED", ssh);
    expect(text).toContain("counterexample: tcp port 22 from ");
  });

  it("fails when HTTPS is denied at a higher priority", () => {
    const { stack } = newStack();
    const web = new WebServerSg(stack, "web");
    const [deny] = web.addIngressRule(Peer.ipv4("1.0.0.0/8"), Port.HTTPS, { action: "deny", priority: 1 });
    expectIntentFailure(validationFailure(stack), "s/web/intent-internet-reaches-tcp-443", "DENIED", deny);
  });

  it("fails when IPv6 is opened on a web server that is IPv4 only", () => {
    const { stack } = newStack();
    const web = new WebServerSg(stack, "web");
    const [v6] = web.addIngressRule(Peer.anyIpv6(), Port.HTTPS);
    expectIntentFailure(validationFailure(stack), "s/web/intent-ipv6-internet-reaches-nothing", "ALLOWED", v6);
  });
});

describe("user intents", () => {
  it("group → group: every holds, and fails on a port not opened", () => {
    const { stack } = newStack();
    const app = new SecurityGroup(stack, "app", { allowAllOutbound: false });
    const db = new SecurityGroup(stack, "db", { allowAllOutbound: false });
    db.connections.allowFrom(app, Port.MYSQL);
    ReachabilityIntent.every(stack, "mysql", { from: app, to: db, port: Port.MYSQL });
    ReachabilityIntent.none(stack, "not-back", { from: db, to: app, port: Port.allTraffic() });
    ReachabilityIntent.some(stack, "some-tcp", { from: app, to: db, port: Port.allTcp() });
    expect(validationFailure(stack)).toBeUndefined();
    ReachabilityIntent.every(stack, "postgres", { from: app, to: db, port: Port.POSTGRESQL });
    const text = expectIntentFailure(validationFailure(stack), "s/postgres", "DENIED", "none");
    expect(text).toContain('intent "every flow from members of app reaches members of db on tcp 5432 (IPv4)" does not hold');
    expect(text).not.toContain("[s/mysql]");
  });

  it("group → group: none fails on the rule that allows it", () => {
    const { stack } = newStack();
    const app = new SecurityGroup(stack, "app");
    const db = new SecurityGroup(stack, "db", { allowAllOutbound: false });
    const [rule] = db.addIngressRule(app, Port.allTcp());
    ReachabilityIntent.none(stack, "no-ssh", { from: app, to: db, port: Port.SSH, description: "app never logs in to db" });
    const text = expectIntentFailure(validationFailure(stack), "s/no-ssh", "ALLOWED", rule);
    expect(text).toContain('intent "app never logs in to db" does not hold: no flow should be allowed, but this one is.');
  });

  it("internet → group: every / some / none", () => {
    const { stack } = newStack();
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    g.addIngressRule(Peer.anyIpv4(), Port.HTTPS);
    g.addIngressRule(Peer.ipv4("10.0.0.0/8"), Port.SSH);
    ReachabilityIntent.every(stack, "https", { from: Endpoint.internet(), to: g, port: Port.HTTPS });
    ReachabilityIntent.none(stack, "ssh", { from: Endpoint.internet(), to: g, port: Port.SSH });
    ReachabilityIntent.none(stack, "v6", { from: Endpoint.internet(6), to: g, port: Port.allTraffic() });
    expect(validationFailure(stack)).toBeUndefined();
    ReachabilityIntent.some(stack, "rdp", { from: Endpoint.internet(), to: g, port: Port.RDP });
    const text = expectIntentFailure(validationFailure(stack), "s/rdp", "DENIED", "none");
    expect(text).toContain("some flow should be allowed, but none is");
  });

  it("group → addresses: every holds for the listed block and fails for a wider one", () => {
    const { stack } = newStack();
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    g.addEgressRule(Peer.ipv4("203.0.113.0/24"), Port.HTTPS);
    ReachabilityIntent.every(stack, "ok", { from: g, to: Endpoint.addresses(["203.0.113.0/24"]), port: Port.HTTPS });
    ReachabilityIntent.every(stack, "peer-end", { from: g, to: Peer.ipv4("203.0.113.0/25"), port: Port.HTTPS });
    expect(validationFailure(stack)).toBeUndefined();
    ReachabilityIntent.every(stack, "wide", { from: g, to: Endpoint.addresses(["203.0.112.0/23"]), port: Port.HTTPS });
    const text = expectIntentFailure(validationFailure(stack), "s/wide", "DENIED", "none");
    expect(text).toContain("to 203.0.112.0 is DENIED");
  });

  it("Endpoint.addresses with except: holds when the allowed block is taken out, fails when only part of it is", () => {
    const { stack } = newStack();
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    const [ssh] = g.addIngressRule(Peer.ipv4("10.0.0.0/8"), Port.SSH);
    ReachabilityIntent.none(stack, "outside", { from: Endpoint.addresses(["0.0.0.0/0"], { except: ["10.0.0.0/8"] }), to: g, port: Port.allTraffic() });
    ReachabilityIntent.none(stack, "internet-except", { from: Endpoint.internet().except(Peer.ipv4("10.0.0.0/8")), to: g, port: Port.allTraffic() });
    expect(validationFailure(stack)).toBeUndefined();
    ReachabilityIntent.none(stack, "half", { from: Endpoint.addresses(["0.0.0.0/0"], { except: ["10.0.0.0/9"] }), to: g, port: Port.allTraffic() });
    const text = expectIntentFailure(validationFailure(stack), "s/half", "ALLOWED", ssh);
    expect(text).toContain("from: 0.0.0.0/0 except 10.0.0.0/9;");
    expect(text).toContain("tcp port 22 from 10.128.0.0 ");
  });

  it("except: [ports] leaves those flows out of the intent", () => {
    const { stack } = newStack();
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    g.addIngressRule(Peer.anyIpv4(), Port.HTTPS);
    const [dns] = g.addIngressRule(Peer.anyIpv4(), Port.DNS_UDP);
    ReachabilityIntent.none(stack, "only-https", { from: Endpoint.anyIpv4(), to: g, port: Port.allTraffic(), except: [Port.HTTPS, Port.DNS_UDP] });
    ReachabilityIntent.none(stack, "other-tcp", { from: Endpoint.anyIpv4(), to: g, port: Port.allTcp(), except: [Port.HTTPS] });
    expect(validationFailure(stack)).toBeUndefined();
    ReachabilityIntent.none(stack, "forgot-dns", { from: Endpoint.anyIpv4(), to: g, port: Port.allTraffic(), except: [Port.HTTPS] });
    const text = expectIntentFailure(validationFailure(stack), "s/forgot-dns", "ALLOWED", dns);
    expect(text).toContain("udp port 53");
    expect(text).toContain("on all traffic except tcp 443 (IPv4)");
  });

  it("an address group end is its addresses", () => {
    const { stack } = newStack();
    const trusted = new AddressGroup(stack, "trusted", { addresses: ["10.10.0.0/24", "172.16.8.0/24"] });
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    g.addIngressRule(trusted, Port.SSH);
    ReachabilityIntent.every(stack, "trusted-ssh", { from: trusted, to: g, port: Port.SSH });
    ReachabilityIntent.none(stack, "rest", { from: Endpoint.anyIpv4().except(trusted), to: g, port: Port.allTraffic() });
    expect(validationFailure(stack)).toBeUndefined();
    ReachabilityIntent.every(stack, "trusted-rdp", { from: Endpoint.addressGroup(trusted), to: g, port: Port.RDP });
    expectIntentFailure(validationFailure(stack), "s/trusted-rdp", "DENIED", "none");
  });
});

describe("intents over real members vs a hypothetical member", () => {
  /**
   * db admits MySQL from the app instance's fixed IP only (a CIDR rule, not a group rule), and app
   * may send MySQL into the subnet. With real instances the intent holds; without them the
   * hypothetical members may have any address, and it fails.
   */
  const build = () => {
    const { stack } = newStack();
    const app = new SecurityGroup(stack, "app", { allowAllOutbound: false });
    const db = new SecurityGroup(stack, "db", { allowAllOutbound: false });
    const [byIp] = db.addIngressRule(Peer.ipv4("192.168.1.20/32"), Port.MYSQL);
    app.addEgressRule(Peer.ipv4("192.168.1.0/24"), Port.MYSQL);
    ReachabilityIntent.every(stack, "app-db", { from: app, to: db, port: Port.MYSQL });
    return { stack, app, db, byIp };
  };

  it("holds with real instances at fixed IPs", () => {
    const { stack, app, db } = build();
    const net = network(stack);
    net.instance("app1", "192.168.1.20", [app]);
    const db1 = net.instance("db1", "192.168.1.30", [db]);
    ReachabilityIntent.every(stack, "app-db1", { from: app, to: Endpoint.instance(db1), port: Port.MYSQL });
    ReachabilityIntent.none(stack, "db1-not-app", { from: Endpoint.instance(db1), to: app, port: Port.allTraffic() });
    expect(validationFailure(stack)).toBeUndefined();
  });

  it("fails with a hypothetical member, and says it is hypothetical", () => {
    const { stack } = build();
    const text = expectIntentFailure(validationFailure(stack), "s/app-db", "DENIED", "none");
    expect(text).toContain("a member of app (hypothetical: no instance of the stack has the group)");
  });

  it("fails for a real member whose other address is not admitted", () => {
    const { stack, app, db } = build();
    const net = network(stack);
    net.instance("app1", "192.168.1.20", [app]);
    net.instance("app2", "192.168.1.21", [app]);
    net.instance("db1", "192.168.1.30", [db]);
    const text = expectIntentFailure(validationFailure(stack), "s/app-db", "DENIED", "none");
    expect(text).toContain("huaweicloud_compute_instance.app2");
  });

  it("uses the instance's group order: a deny in its first group wins over an allow in its second", () => {
    const { stack } = newStack();
    const app = new SecurityGroup(stack, "app");
    const db = new SecurityGroup(stack, "db", { allowAllOutbound: false });
    const blocker = new SecurityGroup(stack, "blocker", { allowAllOutbound: false });
    db.addIngressRule(app, Port.MYSQL);
    const [deny] = blocker.addIngressRule(Peer.anyIpv4(), Port.MYSQL, { action: "deny", priority: 100 });
    ReachabilityIntent.every(stack, "app-db", { from: app, to: db, port: Port.MYSQL });
    expect(validationFailure(stack)).toBeUndefined(); // hypothetical member: only db's rules
    const net = network(stack);
    net.instance("app1", "192.168.1.20", [app]);
    net.instance("db1", "192.168.1.30", [blocker, db]);
    expectIntentFailure(validationFailure(stack), "s/app-db", "DENIED", deny);
  });
});

/**
 * Regression (fixed in lib/constructs/intent.ts / core reachability): an address end that is empty once its
 * exceptions are taken out makes the intent "cannot be checked" with a wrong reason: "the only
 * address asked is member of …'s own: security groups do not filter an instance's traffic to
 * itself". A `none` over no address holds vacuously (or the end should be refused as empty).
 * The same message fails a DatabaseSg whose address clients cover all of IPv4 (0.0.0.0/1 +
 * 128.0.0.0/1, or Peer.anyIpv4(), which DatabaseSg accepts where BastionSg refuses it).
 * Reproduction:
 *
 *   ReachabilityIntent.none(stack, "i", { from: Endpoint.addresses(["10.0.0.0/8"], { except: ["10.0.0.0/8"] }), to: g, port: Port.SSH });
 *   Testing.synth(stack, true) // [s/i] … cannot be checked: the only address asked is member of huaweicloud_networking_secgroup.g's own …
 */
describe("empty address ends", () => {
  it("a none intent over no address holds, or is refused as empty, but never blames the member's own address", () => {
    const { stack } = newStack();
    const g = new SecurityGroup(stack, "g");
    ReachabilityIntent.none(stack, "i", { from: Endpoint.addresses(["10.0.0.0/8"], { except: ["10.0.0.0/8"] }), to: g, port: Port.SSH });
    const failure = validationFailure(stack);
    expect(failure ?? "").not.toContain("'s own");
  });

  it("a DatabaseSg whose clients cover every IPv4 address leaves no other public address (the intent holds vacuously), and the lint reports HWSG001", () => {
    const { stack } = newStack();
    new DatabaseSg(stack, "db", { engine: "mysql", clients: [Peer.ipv4("0.0.0.0/1"), Peer.ipv4("128.0.0.0/1")] });
    const { notes, failure } = annotate(stack);
    // The intent holds (no failure names it); the open port fails the validations as HWSG001.
    expect(failure).toContain("[s/hwsg-checks] [HWSG001] on [s/db/ingress-allow-tcp-3306-from-0-0-0-0_1]");
    expect(failure).not.toContain("intent");
    expect(notes.filter((n) => n.level === "error" && n.message.startsWith("[HWSG001]")).map((n) => n.path)).toEqual(["s/db/ingress-allow-tcp-3306-from-0-0-0-0_1"]);
  });
});

describe("intent props checked at construction", () => {
  it("refuses two address ends", () => {
    const { stack } = newStack();
    expect(thrown(() => ReachabilityIntent.every(stack, "i", { from: Endpoint.internet(), to: Endpoint.addresses(["10.0.0.0/8"]), port: Port.SSH }))).toContain(
      "s/i: to \"10.0.0.0/8\" is invalid: one end at least must be instances",
    );
  });

  it("refuses an ipVersion that contradicts the address end", () => {
    const { stack } = newStack();
    const g = new SecurityGroup(stack, "g");
    expect(thrown(() => ReachabilityIntent.every(stack, "i", { from: Endpoint.internet(), to: g, port: Port.SSH, ipVersion: 6 }))).toContain("s/i: ipVersion 6 is invalid");
  });

  it("refuses addresses of two IP versions in one end", () => {
    const { stack } = newStack();
    const g = new SecurityGroup(stack, "g");
    expect(thrown(() => ReachabilityIntent.none(stack, "i", { from: Endpoint.addresses(["0.0.0.0/0"], { except: ["2001:db8::/32"] }), to: g, port: Port.SSH }))).toContain(
      "s/i: from",
    );
  });

  it("refuses an empty address end and a bad address", () => {
    const { stack } = newStack();
    const g = new SecurityGroup(stack, "g");
    expect(thrown(() => ReachabilityIntent.none(stack, "i", { from: Endpoint.addresses([]), to: g, port: Port.SSH }))).toContain("s/i: from [] is invalid");
    expect(thrown(() => ReachabilityIntent.none(stack, "j", { from: Endpoint.addresses(["10.0.0.300"]), to: g, port: Port.SSH }))).toContain('s/j: from "10.0.0.300" is invalid');
  });

  it("takes a group's members (their fixed IPs) out of addresses", () => {
    const { stack } = newStack();
    const app = new SecurityGroup(stack, "app");
    const db = new SecurityGroup(stack, "db", { allowAllOutbound: false });
    db.addIngressRule(Peer.ipv4("192.168.1.20/32"), Port.MYSQL);
    const net = network(stack);
    net.instance("app1", "192.168.1.20", [app]);
    net.instance("db1", "192.168.1.30", [db]);
    ReachabilityIntent.none(stack, "only-app", { from: Endpoint.anyIpv4().except(app), to: db, port: Port.MYSQL });
    expect(validationFailure(stack)).toBeUndefined();
    ReachabilityIntent.none(stack, "nobody", { from: Endpoint.anyIpv4(), to: db, port: Port.MYSQL });
    expectIntentFailure(validationFailure(stack), "s/nobody", "ALLOWED");
  });
});
