/**
 * Built-in intents of the patterns in real apps: each is about the pattern's own group, can be
 * switched off on its construct with a written reason, and every failure prints that exact call.
 */
import { BastionSg, DatabaseSg, EgressWhitelistSg, Endpoint, FtpServerSg, Peer, PatternSecurityGroup, Port, ReachabilityIntent, SecurityGroup, WebServerSg } from "../../lib";
import { TerraformStack } from "cdktf";
import { annotate, network, newStack, thrown, validationFailure } from "./helpers";

const REASON = "the app tier reaches the database through its own group, ticket OPS-7";

/** The app tier of issue 11: an instance in an EgressWhitelistSg and in an "app" group that reaches the database. */
function appTier() {
  const { app, stack } = newStack();
  const net = network(stack);
  const appGroup = new SecurityGroup(stack, "app", { allowAllOutbound: false });
  const egress = new EgressWhitelistSg(stack, "egress", { destinations: [{ peer: Peer.ipv4("100.64.0.10/32"), port: Port.HTTPS }] });
  const db = new DatabaseSg(stack, "db", { engine: "mysql", clients: [appGroup] });
  const app1 = net.instance("app1", "192.168.1.10", [egress, appGroup]);
  net.instance("db1", "192.168.1.30", [db]);
  return { app, stack, net, appGroup, egress, db, app1 };
}

/** The call a message prints, parsed: the intent's name. */
function printedIntentName(message: string, pattern: PatternSecurityGroup): string {
  const call = new RegExp(`\\.disableIntent\\("([^"]+)", "<why it does not apply, at least 10 characters>"\\) on the ${pattern.constructor.name} ${pattern.node.path.replace(/[/]/g, "\\/")}`);
  const hit = call.exec(message);
  if (!hit) throw new Error(`no disableIntent call for ${pattern.node.path} in:\n${message}`);
  return hit[1];
}

function warnings(stack: TerraformStack) {
  return annotate(stack).notes.filter((n) => n.level === "warning");
}

describe("an app tier with an EgressWhitelistSg whose other group reaches a database", () => {
  it("synthesizes, with Testing.synth(stack, true) and app.synth()", () => {
    const { app, stack } = appTier();
    expect(validationFailure(stack)).toBeUndefined();
    expect(() => app.synth()).not.toThrow();
  });

  it("warns once, on the intent, naming the other group's rule and the two ways out", () => {
    const { stack } = appTier();
    const notes = warnings(stack);
    expect(notes).toHaveLength(1);
    const [note] = notes;
    expect(note.path).toBe("s/egress/intent-unlisted-unreachable-ipv4");
    expect(note.message).toContain("holds for the rules of egress itself, but not for huaweicloud_compute_instance.app1, which also has huaweicloud_networking_secgroup.app");
    expect(note.message).toMatch(/counterexample: tcp port 3306 from huaweicloud_compute_instance\.app1 \(192\.168\.1\.10\) to 192\.168\.1\.30 is ALLOWED/);
    expect(note.message).toMatch(/deciding rule: huaweicloud_networking_secgroup_rule\.app_egress-allow-tcp-3306-to-sg-db_[0-9A-F]{8} \(s\/app\/egress-allow-tcp-3306-to-sg-db\)/);
    expect(note.message).toContain("list that destination on s/egress too (.connections.allowTo(<its security group>, <port>)");
    expect(note.message).toContain('.disableIntent("unlisted-unreachable-ipv4", "<why it does not apply, at least 10 characters>") on the EgressWhitelistSg s/egress');
  });

  it("way out 1: listing the database on the whitelist silences the warning", () => {
    const { stack, egress, db } = appTier();
    egress.connections.allowTo(db, Port.MYSQL);
    expect(warnings(stack)).toEqual([]);
    expect(validationFailure(stack)).toBeUndefined();
  });

  it("way out 2: switching the intent off silences it and records the reason", () => {
    const { stack, egress } = appTier();
    egress.disableIntent("unlisted-unreachable-ipv4", REASON);
    const { notes, failure } = annotate(stack);
    expect(failure).toBeUndefined();
    expect(notes.filter((n) => n.level === "warning")).toEqual([]);
    expect(notes).toContainEqual({ path: "s/egress/intent-unlisted-unreachable-ipv4", level: "info", message: expect.stringContaining(`switched off (${REASON})`) });
  });

  it("still fails when the whitelist's own rule decides the counterexample", () => {
    const { stack, egress } = appTier();
    egress.addEgressRule(Peer.ipv4("192.168.1.30/32"), Port.MYSQL); // a rule to addresses does not list them
    const failure = validationFailure(stack)!;
    expect(failure).toContain('[s/egress/intent-unlisted-unreachable-ipv4] intent "members of egress reach no unlisted IPv4 address on any protocol" does not hold');
    expect(failure).toMatch(/deciding rule: huaweicloud_networking_secgroup_rule\.egress_egress-allow-tcp-3306-to-192-168-1-30_32_[0-9A-F]{8}/);
    expect(printedIntentName(failure, egress)).toBe("unlisted-unreachable-ipv4");
  });

  it("fails on a member that has only the whitelist when the other group's rule decides first but the whitelist's own rules break the intent too", () => {
    const { stack } = newStack();
    const net = network(stack);
    const appGroup = new SecurityGroup(stack, "app", { allowAllOutbound: false });
    const egress = new EgressWhitelistSg(stack, "egress");
    const db = new DatabaseSg(stack, "db", { engine: "mysql", clients: [appGroup] });
    egress.addEgressRule(Peer.ipv4("192.168.1.30/32"), Port.MYSQL); // a rule to addresses does not list them
    net.instance("app1", "192.168.1.10", [appGroup, egress]); // the app group is tried first
    net.instance("db1", "192.168.1.30", [db]);
    const failure = validationFailure(stack)!;
    expect(failure).toContain("from: a member that has only egress (hypothetical)");
    expect(failure).toMatch(/deciding rule: huaweicloud_networking_secgroup_rule\.egress_egress-allow-tcp-3306-to-192-168-1-30_32_[0-9A-F]{8}/);
    expect(failure).not.toContain("app_egress-allow-tcp-3306-to-sg-db");
    expect(printedIntentName(failure, egress)).toBe("unlisted-unreachable-ipv4");
  });

  it("leaves an intent of the user's own about the instances as strict as before", () => {
    const { stack, app1 } = appTier();
    ReachabilityIntent.none(stack, "app1-never-reaches-db1-by-address", {
      from: Endpoint.instance(app1),
      to: Peer.ipv4("192.168.1.30/32"),
      port: Port.allTraffic(),
    });
    expect(validationFailure(stack)).toMatch(/\[s\/app1-never-reaches-db1-by-address\] intent .* does not hold/);
  });
});

describe("an intent decided by a deny of another group of the members", () => {
  it("is a warning with the default ways out: change that rule or take the instance out of the group", () => {
    const { stack } = newStack();
    const net = network(stack);
    const web = new WebServerSg(stack, "web");
    const blocker = new SecurityGroup(stack, "blocker", { allowAllOutbound: false });
    const [deny] = blocker.addIngressRule(Peer.anyIpv4(), Port.HTTPS, { action: "deny", priority: 1 });
    net.instance("web1", "192.168.1.20", [blocker, web]);
    const { notes, failure } = annotate(stack);
    expect(failure).toBeUndefined();
    const notesHere = notes.filter((n) => n.level === "warning");
    expect(notesHere.map((n) => n.path)).toEqual(["s/web/intent-internet-reaches-tcp-443"]);
    expect(notesHere[0].message).toContain(`change or remove huaweicloud_networking_secgroup_rule.${deny.friendlyUniqueId} of huaweicloud_networking_secgroup.blocker, or take huaweicloud_compute_instance.web1 out of that group`);
    expect(notesHere[0].message).toContain('.disableIntent("internet-reaches-tcp-443"');
  });
});

/** One pattern per case, broken on its own group, and the intent its failure names. */
const BROKEN: ReadonlyArray<{ name: string; make: (stack: TerraformStack) => PatternSecurityGroup; intent: string }> = [
  {
    name: "WebServerSg",
    make: (s) => {
      const web = new WebServerSg(s, "web");
      web.addIngressRule(Peer.anyIpv4(), Port.tcp(8080));
      return web;
    },
    intent: "internet-reaches-nothing-else",
  },
  {
    name: "BastionSg",
    make: (s) => {
      const b = new BastionSg(s, "bastion", { trustedSources: [Peer.ipv4("203.0.113.0/24")] });
      b.addIngressRule(Peer.anyIpv4(), Port.tcp(8443));
      return b;
    },
    intent: "untrusted-reach-nothing-ipv4",
  },
  {
    name: "FtpServerSg",
    make: (s) => {
      const f = new FtpServerSg(s, "ftp", { trustedSources: [Peer.ipv4("192.168.0.0/24")] });
      f.addIngressRule(Peer.anyIpv4(), Port.tcp(8021));
      return f;
    },
    intent: "untrusted-reach-nothing-ipv4",
  },
  {
    name: "DatabaseSg",
    make: (s) => {
      const d = new DatabaseSg(s, "db", { engine: "postgresql", clients: [Peer.ipv4("10.0.0.0/24")] });
      d.addIngressRule(Peer.anyIpv4(), Port.tcp(8080));
      return d;
    },
    intent: "internet-reaches-nothing-ipv4",
  },
  {
    name: "EgressWhitelistSg",
    make: (s) => {
      const e = new EgressWhitelistSg(s, "egress", { destinations: [{ peer: Peer.ipv4("132.15.0.10/32"), port: Port.HTTP }] });
      e.addEgressRule(Peer.ipv4("8.8.8.8/32"), Port.DNS_UDP);
      return e;
    },
    intent: "unlisted-unreachable-ipv4",
  },
  {
    name: "DatabaseSg (a client that cannot reach it: an every-intent)",
    make: (s) => {
      const d = new DatabaseSg(s, "db", { engine: "mysql", clients: [Peer.ipv4("10.0.0.0/24")] });
      d.addIngressRule(Peer.ipv4("10.0.0.7/32"), Port.MYSQL, { action: "deny", priority: 1 });
      return d;
    },
    intent: "client-0-reaches-database",
  },
];

describe.each(BROKEN)("$name broken on its own group", ({ make, intent }) => {
  it("fails with the exact call that switches the intent off, and that call makes it synthesize", () => {
    const { stack } = newStack();
    const pattern = make(stack);
    const failure = validationFailure(stack)!;
    expect(failure).toContain(`[${pattern.node.path}/intent-${intent}]`);
    const name = printedIntentName(failure, pattern);
    expect(name).toBe(intent);
    pattern.disableIntent(name, REASON);
    expect(validationFailure(stack)).toBeUndefined();
    expect(pattern.intents.find((i) => i.name === name)?.switchedOffReason).toBe(REASON);
  });
});

describe("disableIntent", () => {
  it("lists the built-in intents by name, with their descriptions", () => {
    const { stack } = newStack();
    const db = new DatabaseSg(stack, "db", { engine: "mysql", clients: [Peer.ipv4("10.0.0.0/24")] });
    expect(db.intents.map((i) => i.name)).toEqual(["client-0-reaches-database", "internet-reaches-nothing-ipv4", "internet-reaches-nothing-ipv6"]);
    expect(db.intents[1].description).toBe("no public IPv4 address other than the clients' reaches db on any protocol");
    expect(db.intents.every((i) => i.switchedOffReason === undefined)).toBe(true);
  });

  it("refuses a name that is not one of the construct's intents, listing them", () => {
    const { stack } = newStack();
    const web = new WebServerSg(stack, "web");
    expect(thrown(() => web.disableIntent("internet-reaches-everything", REASON))).toBe(
      's/web: disableIntent "internet-reaches-everything" is invalid: must be the name of an intent of this WebServerSg: "internet-reaches-tcp-80", "internet-reaches-tcp-443", "internet-reaches-nothing-else", "ipv6-internet-reaches-nothing"',
    );
  });

  it("refuses a reason shorter than 10 characters, or made of blanks", () => {
    const { stack } = newStack();
    const web = new WebServerSg(stack, "web");
    expect(thrown(() => web.disableIntent("internet-reaches-tcp-80", "because"))).toMatch(/^s\/web: disableIntent\("internet-reaches-tcp-80"\)\.reason "because" is invalid: must say why the intent does not apply, in at least 10 characters/);
    expect(thrown(() => web.disableIntent("internet-reaches-tcp-80", "            "))).toMatch(/in at least 10 characters/);
    expect(web.intents.every((i) => i.switchedOffReason === undefined)).toBe(true);
  });

  it("switches off only the intent named: the others still fail", () => {
    const { stack } = newStack();
    const web = new WebServerSg(stack, "web");
    web.addIngressRule(Peer.anyIpv6(), Port.tcp(8080)); // breaks the IPv6 intent only
    web.disableIntent("internet-reaches-tcp-80", REASON);
    expect(validationFailure(stack)).toContain("[s/web/intent-ipv6-internet-reaches-nothing]");
  });
});
