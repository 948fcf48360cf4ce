/**
 * The patterns: the exact Terraform each writes (seed 000 tables 2–12), and that the good
 * variants pass their own intents at synth.
 */
import {
  AddressGroup,
  BastionSg,
  DATABASE_PORTS,
  DatabaseEngine,
  DatabaseSg,
  EgressWhitelistSg,
  FtpServerSg,
  Peer,
  Port,
  SecurityGroup,
  WebServerSg,
} from "../../lib";
import { addressGroupRef, annotate, groupRef, logicalId, newStack, ruleBodies, rulesOf, sortRules, thrown, validationFailure } from "./helpers";

const OUT = "allow all outbound (Huawei's default egress rule, written out)";
const allowAllOut = [
  { direction: "egress", ethertype: "IPv4", remote_ip_prefix: "0.0.0.0/0", action: "allow", priority: 100, description: OUT },
  { direction: "egress", ethertype: "IPv6", remote_ip_prefix: "::/0", action: "allow", priority: 100, description: OUT },
];
const tcpIn = (ports: string, remote: Record<string, string>, description: string, ethertype = "IPv4") => ({
  direction: "ingress",
  ethertype,
  protocol: "tcp",
  ports,
  ...remote,
  action: "allow",
  priority: 1,
  description,
});

describe("WebServerSg", () => {
  it("default: tcp 80 and tcp 443 from 0.0.0.0/0 at priority 1, and allow-all egress", () => {
    const { stack } = newStack();
    const web = new WebServerSg(stack, "web");
    expect(web.openPorts.map((p) => p.label)).toEqual(["tcp 80", "tcp 443"]);
    expect(ruleBodies(stack, "web")).toEqual(
      sortRules([
        ...allowAllOut,
        tcpIn("443", { remote_ip_prefix: "0.0.0.0/0" }, "tcp 443 from the internet"),
        tcpIn("80", { remote_ip_prefix: "0.0.0.0/0" }, "tcp 80 from the internet"),
      ]),
    );
    const ids = Object.keys(rulesOf(stack, "web"));
    expect(ids.some((id) => logicalId("web_ingress-allow-tcp-80-from-any-ipv4").test(id))).toBe(true);
    expect(ids.some((id) => logicalId("web_ingress-allow-tcp-443-from-any-ipv4").test(id))).toBe(true);
    expect(validationFailure(stack)).toBeUndefined();
  });

  it("ipv6: the same ports from ::/0 too", () => {
    const { stack } = newStack();
    new WebServerSg(stack, "web", { ipv6: true, allowAllOutbound: false });
    expect(ruleBodies(stack, "web")).toEqual(
      sortRules([
        tcpIn("443", { remote_ip_prefix: "0.0.0.0/0" }, "tcp 443 from the internet"),
        tcpIn("80", { remote_ip_prefix: "0.0.0.0/0" }, "tcp 80 from the internet"),
        tcpIn("443", { remote_ip_prefix: "::/0" }, "tcp 443 from the internet", "IPv6"),
        tcpIn("80", { remote_ip_prefix: "::/0" }, "tcp 80 from the internet", "IPv6"),
      ]),
    );
    expect(validationFailure(stack)).toBeUndefined();
  });

  it("ping: icmp from 0.0.0.0/0 and, with ipv6, icmpv6 from ::/0 (seed 000 table 8)", () => {
    const { stack } = newStack();
    new WebServerSg(stack, "web", { ipv6: true, ping: true, http: false, allowAllOutbound: false });
    const ping = ruleBodies(stack, "web").filter((r) => r.protocol !== "tcp");
    expect(ping).toEqual([
      { direction: "ingress", ethertype: "IPv4", protocol: "icmp", remote_ip_prefix: "0.0.0.0/0", action: "allow", priority: 1, description: "ping from the internet" },
      { direction: "ingress", ethertype: "IPv6", protocol: "icmpv6", remote_ip_prefix: "::/0", action: "allow", priority: 1, description: "ping from the internet" },
    ]);
    expect(ruleBodies(stack, "web").filter((r) => r.protocol === "tcp").map((r) => r.ports)).toEqual(["443", "443"]);
    expect(validationFailure(stack)).toBeUndefined();
  });

  it("extraPorts are opened from 0.0.0.0/0 with the same shape", () => {
    const { stack } = newStack();
    new WebServerSg(stack, "web", { http: false, extraPorts: [Port.tcp(8080), Port.tcpPorts([8443, 9443])], allowAllOutbound: false });
    expect(ruleBodies(stack, "web")).toEqual(
      sortRules([
        tcpIn("443", { remote_ip_prefix: "0.0.0.0/0" }, "tcp 443 from the internet"),
        tcpIn("8080", { remote_ip_prefix: "0.0.0.0/0" }, "tcp 8080 from the internet"),
        tcpIn("8443,9443", { remote_ip_prefix: "0.0.0.0/0" }, "tcp 8443,9443 from the internet"),
      ]),
    );
    expect(validationFailure(stack)).toBeUndefined();
  });
});

describe("BastionSg", () => {
  const office = Peer.ipv4("192.168.0.0/24");

  it("linux: tcp 22 from each trusted source only", () => {
    const { stack } = newStack();
    const b = new BastionSg(stack, "bastion", { trustedSources: [office, Peer.ipv4("203.0.113.7/32")], allowAllOutbound: false });
    expect(b.loginPort.label).toBe("tcp 22");
    expect(ruleBodies(stack, "bastion")).toEqual(
      sortRules([
        tcpIn("22", { remote_ip_prefix: "192.168.0.0/24" }, "SSH from trusted sources"),
        tcpIn("22", { remote_ip_prefix: "203.0.113.7/32" }, "SSH from trusted sources"),
      ]),
    );
    expect(validationFailure(stack)).toBeUndefined();
  });

  it("windows: tcp 3389 (seed 000 table 4)", () => {
    const { stack } = newStack();
    new BastionSg(stack, "bastion", { os: "windows", trustedSources: [Peer.ipv4("10.10.0.0/24")], allowAllOutbound: false });
    expect(ruleBodies(stack, "bastion")).toEqual([tcpIn("3389", { remote_ip_prefix: "10.10.0.0/24" }, "RDP from trusted sources")]);
    expect(validationFailure(stack)).toBeUndefined();
  });

  it("a custom login port replaces the OS's", () => {
    const { stack } = newStack();
    const b = new BastionSg(stack, "bastion", { port: Port.tcp(2222), trustedSources: [office], allowAllOutbound: false });
    expect(b.loginPort.label).toBe("tcp 2222");
    expect(ruleBodies(stack, "bastion")).toEqual([tcpIn("2222", { remote_ip_prefix: "192.168.0.0/24" }, "login from trusted sources")]);
    expect(validationFailure(stack)).toBeUndefined();
  });

  it("an address group source is written as a reference; ping adds icmp from the sources", () => {
    const { stack } = newStack();
    const trusted = new AddressGroup(stack, "trusted", { addresses: ["10.10.0.0/24", "172.16.8.0/24"] });
    new BastionSg(stack, "bastion", { trustedSources: [trusted], ping: true, allowAllOutbound: false });
    expect(ruleBodies(stack, "bastion")).toEqual(
      sortRules([
        { direction: "ingress", ethertype: "IPv4", protocol: "icmp", remote_address_group_id: addressGroupRef("trusted"), action: "allow", priority: 1, description: "ping from trusted sources" },
        tcpIn("22", { remote_address_group_id: addressGroupRef("trusted") }, "SSH from trusted sources"),
      ]),
    );
    expect(validationFailure(stack)).toBeUndefined();
  });

  it("keeps the allow-all egress unless told otherwise", () => {
    const { stack } = newStack();
    new BastionSg(stack, "bastion", { trustedSources: [office] });
    expect(ruleBodies(stack, "bastion")).toEqual(sortRules([...allowAllOut, tcpIn("22", { remote_ip_prefix: "192.168.0.0/24" }, "SSH from trusted sources")]));
  });

  it("refuses an any-address source without openToInternetReason", () => {
    const { stack } = newStack();
    const message = thrown(() => new BastionSg(stack, "bastion", { trustedSources: [Peer.anyIpv4()] }));
    expect(message).toContain('s/bastion: trustedSources[0] "0.0.0.0/0" is invalid');
    expect(message).toContain("SSH open to the internet");
    expect(message).toContain("openToInternetReason");
  });

  it("accepts an any-address source with openToInternetReason, and reports HWSG001 as suppressed info", () => {
    const { stack } = newStack();
    new BastionSg(stack, "bastion", { trustedSources: [Peer.anyIpv4()], openToInternetReason: "public honeypot for research, ticket SEC-42", allowAllOutbound: false });
    expect(ruleBodies(stack, "bastion")).toEqual([tcpIn("22", { remote_ip_prefix: "0.0.0.0/0" }, "SSH from trusted sources")]);
    const { notes, failure } = annotate(stack);
    expect(failure).toBeUndefined();
    const hwsg001 = notes.filter((n) => n.message.includes("HWSG001"));
    expect(hwsg001).toHaveLength(1);
    expect(hwsg001[0].level).toBe("info");
    expect(hwsg001[0].path).toBe("s/bastion/ingress-allow-tcp-22-from-any-ipv4");
    expect(hwsg001[0].message).toMatch(/^\[HWSG001\] suppressed \(public honeypot for research, ticket SEC-42\): /);
    expect(notes.filter((n) => n.level === "error")).toEqual([]);
  });

  it("refuses an IPv6 source unless ipv6 is set", () => {
    const { stack } = newStack();
    const message = thrown(() => new BastionSg(stack, "b4", { trustedSources: [Peer.ipv6("2001:db8::/64")] }));
    expect(message).toContain("s/b4: trustedSources[0]");
    expect(message).toContain("IPv4-only");
    new BastionSg(stack, "b6", { trustedSources: [Peer.ipv6("2001:db8::/64")], ipv6: true, allowAllOutbound: false });
    expect(ruleBodies(stack, "b6")).toEqual([tcpIn("22", { remote_ip_prefix: "2001:db8::/64" }, "SSH from trusted sources", "IPv6")]);
  });
});

describe("FtpServerSg", () => {
  it("tcp 20-21 from the trusted sources (seed 000 table 6)", () => {
    const { stack } = newStack();
    new FtpServerSg(stack, "ftp", { trustedSources: [Peer.ipv4("192.168.0.0/24")], allowAllOutbound: false });
    expect(ruleBodies(stack, "ftp")).toEqual([tcpIn("20-21", { remote_ip_prefix: "192.168.0.0/24" }, "FTP from trusted sources")]);
    expect(Object.keys(rulesOf(stack, "ftp"))[0]).toMatch(logicalId("ftp_ingress-allow-tcp-20-21-from-192-168-0-0_24"));
    expect(validationFailure(stack)).toBeUndefined();
  });

  it("refuses 0.0.0.0/0 (seed 000 table 5) without a reason", () => {
    const { stack } = newStack();
    expect(thrown(() => new FtpServerSg(stack, "ftp", { trustedSources: [Peer.anyIpv4()] }))).toContain('s/ftp: trustedSources[0] "0.0.0.0/0" is invalid: must be a trusted network');
  });
});

describe("DatabaseSg", () => {
  const engines: Array<[DatabaseEngine, string]> = [
    ["mysql", "3306"],
    ["oracle", "1521"],
    ["sqlserver", "1433"],
    ["postgresql", "5432"],
    ["redis", "6379"],
  ];
  it.each(engines)("%s opens tcp %s to its clients, and writes no egress by default", (engine, port) => {
    const { stack } = newStack();
    const app = new SecurityGroup(stack, "app");
    const db = new DatabaseSg(stack, "db", { engine, clients: [app] });
    expect(db.allowAllOutbound).toBe(false);
    expect(db.databasePort.label).toBe(`tcp ${port}`);
    expect(DATABASE_PORTS[engine].label).toBe(`tcp ${port}`);
    expect(ruleBodies(stack, "db")).toEqual([tcpIn(port, { remote_group_id: groupRef("app") }, "database client")]);
    expect(validationFailure(stack)).toBeUndefined();
  });

  it("a custom port replaces the engine's", () => {
    const { stack } = newStack();
    const app = new SecurityGroup(stack, "app");
    const db = new DatabaseSg(stack, "db", { engine: "postgresql", port: Port.tcp(6432), clients: [app] });
    expect(db.databasePort.label).toBe("tcp 6432");
    expect(ruleBodies(stack, "db")).toEqual([tcpIn("6432", { remote_group_id: groupRef("app") }, "database client")]);
    expect(validationFailure(stack)).toBeUndefined();
  });

  it("clients as a group, a CIDR and an address group (seed 000 table 10)", () => {
    const { stack } = newStack();
    const app = new SecurityGroup(stack, "app", { allowAllOutbound: false });
    const ipGroupA = new AddressGroup(stack, "ipGroupA", { addresses: ["192.168.0.0/24"] });
    const db = new DatabaseSg(stack, "db", { engine: "mysql", clients: [app, Peer.ipv4("172.16.3.21/32")] });
    db.addClient(ipGroupA);
    expect(ruleBodies(stack, "db")).toEqual(
      sortRules([
        tcpIn("3306", { remote_group_id: groupRef("app") }, "database client"),
        tcpIn("3306", { remote_ip_prefix: "172.16.3.21/32" }, "database client"),
        tcpIn("3306", { remote_address_group_id: addressGroupRef("ipGroupA") }, "database client"),
      ]),
    );
    // The client group limits outbound traffic: it gets the matching egress.
    expect(ruleBodies(stack, "app")).toEqual([
      { direction: "egress", ethertype: "IPv4", protocol: "tcp", ports: "3306", remote_group_id: groupRef("db"), action: "allow", priority: 1, description: "database client" },
    ]);
    expect(validationFailure(stack)).toBeUndefined();
  });

  it("denyOthers: deny tcp <port> from 0.0.0.0/0 at priority 100", () => {
    const { stack } = newStack();
    const app = new SecurityGroup(stack, "app");
    new DatabaseSg(stack, "db", { engine: "redis", clients: [app], denyOthers: true });
    expect(ruleBodies(stack, "db")).toEqual(
      sortRules([
        tcpIn("6379", { remote_group_id: groupRef("app") }, "database client"),
        { direction: "ingress", ethertype: "IPv4", protocol: "tcp", ports: "6379", remote_ip_prefix: "0.0.0.0/0", action: "deny", priority: 100, description: "only the clients above reach the database" },
      ]),
    );
    expect(Object.keys(rulesOf(stack, "db")).some((id) => logicalId("db_ingress-deny-tcp-6379-from-any-ipv4-p100").test(id))).toBe(true);
    expect(validationFailure(stack)).toBeUndefined();
  });

  it("allowAllOutbound: true writes the allow-all egress", () => {
    const { stack } = newStack();
    new DatabaseSg(stack, "db", { engine: "mysql", allowAllOutbound: true });
    expect(ruleBodies(stack, "db")).toEqual(allowAllOut);
  });

  it("refuses an IPv6 client unless ipv6 is set", () => {
    const { stack } = newStack();
    expect(thrown(() => new DatabaseSg(stack, "db", { engine: "mysql", clients: [Peer.ipv6("2001:db8::/64")] }))).toContain("s/db: clients[0]");
    new DatabaseSg(stack, "db6", { engine: "mysql", clients: [Peer.ipv6("2001:db8::/64")], ipv6: true });
    expect(ruleBodies(stack, "db6")).toEqual([tcpIn("3306", { remote_ip_prefix: "2001:db8::/64" }, "database client", "IPv6")]);
  });
});

describe("EgressWhitelistSg", () => {
  const destinations = [
    { peer: Peer.ipv4("132.15.0.10/32"), port: Port.HTTP, description: "website over http" },
    { peer: Peer.ipv4("145.117.0.20/32"), port: Port.HTTPS },
  ];

  it("writes no allow-all egress and one allow per destination (seed 000 table 11)", () => {
    const { stack } = newStack();
    const e = new EgressWhitelistSg(stack, "egress", { destinations });
    expect(e.allowAllOutbound).toBe(false);
    expect(ruleBodies(stack, "egress")).toEqual(
      sortRules([
        { direction: "egress", ethertype: "IPv4", protocol: "tcp", ports: "80", remote_ip_prefix: "132.15.0.10/32", action: "allow", priority: 1, description: "website over http" },
        { direction: "egress", ethertype: "IPv4", protocol: "tcp", ports: "443", remote_ip_prefix: "145.117.0.20/32", action: "allow", priority: 1 },
      ]),
    );
    expect(validationFailure(stack)).toBeUndefined();
  });

  it("an address group destination is written as a reference", () => {
    const { stack } = newStack();
    const mirrors = new AddressGroup(stack, "mirrors", { addresses: ["100.125.0.0/16"] });
    const e = new EgressWhitelistSg(stack, "egress");
    e.addDestination({ peer: mirrors, port: Port.HTTPS });
    expect(ruleBodies(stack, "egress")).toEqual([
      { direction: "egress", ethertype: "IPv4", protocol: "tcp", ports: "443", remote_address_group_id: addressGroupRef("mirrors"), action: "allow", priority: 1 },
    ]);
    expect(validationFailure(stack)).toBeUndefined();
  });

  it("explicitDeny: deny all to 0.0.0.0/0 and ::/0 at 100 by default", () => {
    const { stack } = newStack();
    new EgressWhitelistSg(stack, "egress", { destinations: destinations.slice(1), explicitDeny: true });
    const denies = ruleBodies(stack, "egress").filter((r) => r.action === "deny");
    expect(denies).toEqual([
      { direction: "egress", ethertype: "IPv4", remote_ip_prefix: "0.0.0.0/0", action: "deny", priority: 100, description: "everything not listed" },
      { direction: "egress", ethertype: "IPv6", remote_ip_prefix: "::/0", action: "deny", priority: 100, description: "everything not listed" },
    ]);
    expect(validationFailure(stack)).toBeUndefined();
  });

  it("explicitDeny at the given priority", () => {
    const { stack } = newStack();
    new EgressWhitelistSg(stack, "egress", { destinations: destinations.slice(1), explicitDeny: true, explicitDenyPriority: 2 });
    expect(ruleBodies(stack, "egress").filter((r) => r.action === "deny").map((r) => [r.ethertype, r.priority])).toEqual([
      ["IPv4", 2],
      ["IPv6", 2],
    ]);
    expect(validationFailure(stack)).toBeUndefined();
  });

  it("refuses explicitDenyPriority 1 with the construct path", () => {
    const { stack } = newStack();
    const message = thrown(() => new EgressWhitelistSg(stack, "egress", { destinations, explicitDeny: true, explicitDenyPriority: 1 }));
    expect(message).toContain("s/egress: explicitDenyPriority 1 is invalid: must be 2-100");
  });

  it("refuses allowAllOutbound: true", () => {
    const { stack } = newStack();
    const props = { destinations, allowAllOutbound: true } as unknown as ConstructorParameters<typeof EgressWhitelistSg>[2];
    expect(thrown(() => new EgressWhitelistSg(stack, "egress", props))).toContain("s/egress: allowAllOutbound true is invalid");
  });
});
