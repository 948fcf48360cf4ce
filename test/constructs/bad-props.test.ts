/**
 * Bad props throw at construction, with the construct path, the field, the value and what is
 * allowed; and a refused call writes nothing.
 */
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import {
  AddressGroup,
  BastionSg,
  DatabaseSg,
  EgressWhitelistSg,
  FtpServerSg,
  IPeer,
  Peer,
  Port,
  SecurityGroup,
  WebServerSg,
} from "../../lib";
import { newStack, synthJson, thrown, validationFailure } from "./helpers";

const trusted = Peer.ipv4("203.0.113.0/24");

/** A group `s/g` with outbound limited, so it writes no rule of its own. */
const group = (stack: TerraformStack) => new SecurityGroup(stack, "g", { allowAllOutbound: false });
const ingress = (peer: IPeer, port: Port, options: Parameters<SecurityGroup["addIngressRule"]>[2] = {}) => (stack: TerraformStack) => {
  const g = group(stack);
  return () => g.addIngressRule(peer, port, options);
};
const stringVar = (stack: TerraformStack) => new TerraformVariable(stack, "v", { type: "string" }).stringValue;
const numberVar = (stack: TerraformStack) => new TerraformVariable(stack, "n", { type: "number" }).numberValue;

/**
 * Each case: a setup on a fresh stack that returns the bad call, and the substrings its error
 * must contain (the first names the construct path and the field).
 */
type Case = [name: string, setup: (stack: TerraformStack) => () => unknown, expected: string[]];

const ruleCases: Case[] = [
  ["CIDR with host bits", ingress(Peer.ipv4("10.0.0.5/24"), Port.SSH), ['s/g: remote_ip_prefix "10.0.0.5/24" is invalid', "host bits are set", "did you mean 10.0.0.0/24?"]],
  ["bare address without a mask", ingress(Peer.ipv4("10.0.0.5"), Port.SSH), ['s/g: remote_ip_prefix "10.0.0.5" is invalid', "the prefix length is missing", "did you mean 10.0.0.5/32?"]],
  ["not an address", ingress(Peer.ipv4("10.0.0.300/32"), Port.SSH), ['s/g: remote_ip_prefix "10.0.0.300/32" is invalid', "IPv4 network in CIDR notation"]],
  ["IPv6 CIDR given to an IPv4 peer", ingress(Peer.ipv4("2001:db8::/32"), Port.SSH), ['s/g: remote_ip_prefix "2001:db8::/32" is invalid', "is an IPv6 block but ethertype is IPv4"]],
  ["IPv4 CIDR given to an IPv6 peer", ingress(Peer.ipv6("10.0.0.0/8"), Port.SSH), ['s/g: remote_ip_prefix "10.0.0.0/8" is invalid', "is an IPv4 block but ethertype is IPv6"]],
  ["IPv6 CIDR with host bits", ingress(Peer.ipv6("2001:db8::1/64"), Port.SSH), ['s/g: remote_ip_prefix "2001:db8::1/64" is invalid', "did you mean 2001:db8::/64?"]],
  ["IPv6 CIDR not canonical", ingress(Peer.ipv6("2001:0db8::/32"), Port.SSH), ['s/g: remote_ip_prefix "2001:0db8::/32" is invalid', "did you mean 2001:db8::/32?"]],
  ["bad virtual IP", ingress(Peer.virtualIp("10.0.0.300"), Port.SSH), ['s/g: remote_ip_prefix "10.0.0.300" is invalid']],
  ["port 0", ingress(trusted, Port.tcp(0)), ['s/g: ports "0" is invalid', "1 to 65535"]],
  ["port 65536", ingress(trusted, Port.tcp(65536)), ['s/g: ports "65536" is invalid', "1 to 65535"]],
  ["udp port 0", ingress(trusted, Port.udp(0)), ['s/g: ports "0" is invalid']],
  ["fractional port", ingress(trusted, Port.tcp(22.5)), ['s/g: ports "22.5" is invalid']],
  ["range min > max", ingress(trusted, Port.tcpRange(30, 20)), ['s/g: ports "30-20" is invalid', "must not run backwards", "did you mean 20-30?"]],
  ["range min > max in a list", ingress(trusted, Port.tcpPorts([80, [30, 20]])), ['s/g: ports "80,30-20" is invalid', "must not run backwards"]],
  ["protocol 256", ingress(trusted, Port.protocol(256)), ['s/g: protocol "256" is invalid', "0-255"]],
  ["protocol -1", ingress(trusted, Port.protocol(-1)), ['s/g: protocol "-1" is invalid', "0-255"]],
  ["priority 0", ingress(trusted, Port.SSH, { priority: 0 }), ["s/g: priority 0 is invalid: must be an integer from 1 to 100"]],
  ["priority 101", ingress(trusted, Port.SSH, { priority: 101 }), ["s/g: priority 101 is invalid: must be an integer from 1 to 100"]],
  ["priority 1.5", ingress(trusted, Port.SSH, { priority: 1.5 }), ["s/g: priority 1.5 is invalid: must be an integer from 1 to 100"]],
  ["description with <", ingress(trusted, Port.SSH, { description: "a <b> tag" }), ['s/g: description "a <b> tag" is invalid: must not contain < or >']],
  ["description with >", ingress(trusted, Port.SSH, { description: "a -> b" }), ['s/g: description "a -> b" is invalid: must not contain < or >']],
  ["description of 256 characters", ingress(trusted, Port.SSH, { description: "x".repeat(256) }), ["s/g: description ", "must be at most 255 characters (it has 256)"]],
  ["action not allow/deny", ingress(trusted, Port.SSH, { action: "reject" as never }), ['s/g: action "reject" is invalid: must be "allow" or "deny"']],
  ["ICMP with a port (Port.custom)", ingress(trusted, Port.custom("icmp", "8")), ['s/g: ports "8" is invalid', "only with protocol tcp or udp"]],
  ["icmp on an IPv6 peer (Port.custom)", ingress(Peer.anyIpv6(), Port.custom("icmp")), ['s/g: protocol "icmp" is invalid', 'use "icmpv6" for IPv6']],
  ["protocol in upper case (Port.custom)", ingress(trusted, Port.custom("TCP", "22")), ['s/g: protocol "TCP" is invalid', 'did you mean "tcp"?']],
  ["ports with a space (Port.custom)", ingress(trusted, Port.custom("tcp", "80, 443")), ['s/g: ports "80, 443" is invalid']],
  ["a port that is not a Port", ingress(trusted, 22 as unknown as Port), ["s/g: port 22 is invalid: must be a Port"]],
  ["a peer that is not a Peer", ingress("10.0.0.0/8" as unknown as IPeer, Port.SSH), ['s/g: peer (source) "10.0.0.0/8" is invalid']],
  [
    "an egress rule with a bad CIDR",
    (stack) => {
      const g = group(stack);
      return () => g.addEgressRule(Peer.ipv4("192.168.1.1/24"), Port.HTTPS);
    },
    ['s/g: remote_ip_prefix "192.168.1.1/24" is invalid', "did you mean 192.168.1.0/24?"],
  ],
  [
    "a group peer with a bad IP version",
    (stack) => {
      const g = group(stack);
      return () => g.addIngressRule(Peer.securityGroup(g, { ipVersions: [5 as never] }), Port.SSH);
    },
    ["s/g: "],
  ],
  [
    "a database client with a bad CIDR, added after construction",
    (stack) => {
      const db = new DatabaseSg(stack, "db", { engine: "mysql" });
      return () => db.addClient(Peer.ipv4("10.0.0.5/24"));
    },
    ['s/db: remote_ip_prefix "10.0.0.5/24" is invalid', "did you mean 10.0.0.0/24?"],
  ],
  [
    "an egress destination that is a security group, added after construction",
    (stack) => {
      const g = group(stack);
      const e = new EgressWhitelistSg(stack, "egress");
      return () => e.addDestination({ peer: g, port: Port.HTTPS });
    },
    ['s/egress: addDestination[0].peer "sg-g" is invalid: must be addresses'],
  ],
  [
    "an IPv6 egress destination on an IPv4-only whitelist, added after construction",
    (stack) => {
      const e = new EgressWhitelistSg(stack, "egress");
      return () => e.addDestination({ peer: Peer.ipv6("2001:db8::/64"), port: Port.HTTPS });
    },
    ["s/egress: addDestination[0].peer ", "IPv4-only"],
  ],
];

const groupCases: Case[] = [
  ["name longer than 64", (stack) => () => new SecurityGroup(stack, "g", { securityGroupName: "x".repeat(65) }), ['s/g: name "' + "x".repeat(65) + '" is invalid: must be 1 to 64 characters (it has 65)']],
  ["empty name", (stack) => () => new SecurityGroup(stack, "g", { securityGroupName: "" }), ['s/g: name "" is invalid: must be 1 to 64 characters (it has 0)']],
  ["description with <", (stack) => () => new SecurityGroup(stack, "g", { description: "<script>" }), ['s/g: description "<script>" is invalid: must not contain < or >']],
  ["description of 256 characters", (stack) => () => new SecurityGroup(stack, "g", { description: "d".repeat(256) }), ["s/g: description ", "(it has 256)"]],
  [
    "a token as an imported group's id",
    (stack) => {
      const id = stringVar(stack);
      return () => SecurityGroup.fromSecurityGroupId(stack, "legacy", id);
    },
    ["s/legacy: securityGroupId ", "must be a literal value, not a token"],
  ],
];

const addressGroupCases: Case[] = [
  [
    "21 entries",
    (stack) => () => new AddressGroup(stack, "ag", { addresses: Array.from({ length: 21 }, (_, i) => `10.0.${i}.0/24`) }),
    ["s/ag: addresses ", "may hold at most max_capacity = 20 entries (it has 21)"],
  ],
  ["more entries than maxCapacity", (stack) => () => new AddressGroup(stack, "ag", { addresses: ["10.0.0.1", "10.0.0.2"], maxCapacity: 1 }), ["s/ag: addresses ", "max_capacity = 1 entries (it has 2)"]],
  ["maxCapacity 21", (stack) => () => new AddressGroup(stack, "ag", { addresses: ["10.0.0.1"], maxCapacity: 21 }), ["s/ag: max_capacity 21 is invalid"]],
  ["maxCapacity 0", (stack) => () => new AddressGroup(stack, "ag", { addresses: ["10.0.0.1"], maxCapacity: 0 }), ["s/ag: max_capacity 0 is invalid"]],
  ["mixed IP versions", (stack) => () => new AddressGroup(stack, "ag", { addresses: ["10.0.0.0/24", "2001:db8::/32"] }), ['s/ag: addresses "2001:db8::/32" is invalid', "of the group's ip_version 4"]],
  ["an IPv4 entry in an IPv6 group", (stack) => () => new AddressGroup(stack, "ag", { addresses: ["10.0.0.1"], ipVersion: 6 }), ['s/ag: addresses "10.0.0.1" is invalid', "ip_version 6"]],
  ["a bad entry", (stack) => () => new AddressGroup(stack, "ag", { addresses: ["10.0.0.300"] }), ['s/ag: addresses "10.0.0.300" is invalid', "IPv4 address, CIDR block or range a-b"]],
  ["ip version 5", (stack) => () => new AddressGroup(stack, "ag", { addresses: ["10.0.0.1"], ipVersion: 5 as never }), ["s/ag: ip_version 5 is invalid"]],
  ["a name longer than 64", (stack) => () => new AddressGroup(stack, "ag", { addresses: ["10.0.0.1"], addressGroupName: "n".repeat(65) }), ["s/ag: name ", "(it has 65)"]],
  [
    "a token entry",
    (stack) => {
      const entry = stringVar(stack);
      return () => new AddressGroup(stack, "ag", { addresses: [entry] });
    },
    ["s/ag: addresses ", "must be a literal value, not a token"],
  ],
];

/** Pattern props refused after the pattern's group is created (see "partial output" below). */
const patternCases: Case[] = [
  ["DatabaseSg unknown engine", (stack) => () => new DatabaseSg(stack, "db", { engine: "mongodb" as never }), ['s/db: engine "mongodb" is invalid: must be one of mysql, oracle, sqlserver, postgresql, redis']],
  ["DatabaseSg port not a Port", (stack) => () => new DatabaseSg(stack, "db", { engine: "mysql", port: 3307 as unknown as Port }), ['s/db: port "3307" is invalid: must be a Port']],
  ["DatabaseSg IPv6 client without ipv6", (stack) => () => new DatabaseSg(stack, "db", { engine: "mysql", clients: [Peer.ipv6("2001:db8::/64")] }), ["s/db: clients[0] ", "IPv4-only", "set ipv6: true"]],
  ["BastionSg with no trusted sources", (stack) => () => new BastionSg(stack, "b", { trustedSources: [] }), ["s/b: trustedSources [] is invalid: must name one trusted source at least"]],
  ["BastionSg with 0.0.0.0/0 and no reason", (stack) => () => new BastionSg(stack, "b", { trustedSources: [Peer.anyIpv4()] }), ['s/b: trustedSources[0] "0.0.0.0/0" is invalid: must be a trusted network']],
  ["BastionSg with a short reason", (stack) => () => new BastionSg(stack, "b", { trustedSources: [Peer.anyIpv4()], openToInternetReason: "needed" }), ['s/b: openToInternetReason "needed" is invalid']],
  ["BastionSg with an IPv6 source without ipv6", (stack) => () => new BastionSg(stack, "b", { trustedSources: [Peer.ipv6("2001:db8::/64")] }), ["s/b: trustedSources[0] ", "IPv4-only"]],
  ["BastionSg with an unknown os", (stack) => () => new BastionSg(stack, "b", { os: "macos" as never, trustedSources: [trusted] }), ['s/b: os "macos" is invalid: must be "linux" or "windows"']],
  ["BastionSg with a bad source CIDR", (stack) => () => new BastionSg(stack, "b", { trustedSources: [Peer.ipv4("203.0.113.9/24")] }), ['s/b: remote_ip_prefix "203.0.113.9/24" is invalid', "did you mean 203.0.113.0/24?"]],
  ["FtpServerSg with no trusted sources", (stack) => () => new FtpServerSg(stack, "ftp", { trustedSources: [] }), ["s/ftp: trustedSources [] is invalid"]],
  ["FtpServerSg with ::/0 and no reason", (stack) => () => new FtpServerSg(stack, "ftp", { trustedSources: [Peer.anyIpv6()], ipv6: true }), ['s/ftp: trustedSources[0] "::/0" is invalid']],
  [
    "EgressWhitelistSg destination being a security group",
    (stack) => {
      const g = group(stack);
      return () => new EgressWhitelistSg(stack, "egress", { destinations: [{ peer: g, port: Port.HTTPS }] });
    },
    ['s/egress: destinations[0].peer "sg-g" is invalid: must be addresses (a CIDR peer or an AddressGroup)'],
  ],
  ["EgressWhitelistSg explicitDenyPriority 1", (stack) => () => new EgressWhitelistSg(stack, "egress", { explicitDeny: true, explicitDenyPriority: 1 }), ["s/egress: explicitDenyPriority 1 is invalid: must be 2-100"]],
  ["EgressWhitelistSg explicitDenyPriority 101", (stack) => () => new EgressWhitelistSg(stack, "egress", { explicitDeny: true, explicitDenyPriority: 101 }), ["s/egress: priority 101 is invalid"]],
  ["WebServerSg with all traffic as an extra port", (stack) => () => new WebServerSg(stack, "web", { extraPorts: [Port.allTraffic()] }), ['s/web: extraPorts[0] "all traffic" is invalid: must name a protocol']],
  ["WebServerSg with no port", (stack) => () => new WebServerSg(stack, "web", { http: false, https: false }), ["s/web: http false is invalid: a web server needs one open port at least"]],
  ["WebServerSg with a bad extra port", (stack) => () => new WebServerSg(stack, "web", { extraPorts: [Port.tcp(70000)] }), ['s/web: ports "70000" is invalid']],
];

/** Runs a case: the error has the expected text, and the stack synthesizes what the setup alone does. */
function runCase(setup: Case[1], expected: Case[2]): { after: unknown; baseline: unknown } {
  const { stack } = newStack();
  const bad = setup(stack);
  const message = thrown(bad);
  for (const text of expected) expect(message).toContain(text);
  expect(message.startsWith(expected[0].split(" ")[0])).toBe(true);
  const after = synthJson(stack);
  const { stack: clean } = newStack();
  setup(clean);
  return { after, baseline: synthJson(clean) };
}

describe("rules: bad values throw with the construct path and write nothing", () => {
  it.each(ruleCases)("%s", (_name, setup, expected) => {
    const { after, baseline } = runCase(setup, expected);
    expect(after).toEqual(baseline);
  });
});

describe("security groups: bad props throw with the construct path and write nothing", () => {
  it.each(groupCases)("%s", (_name, setup, expected) => {
    const { after, baseline } = runCase(setup, expected);
    expect(after).toEqual(baseline);
  });
});

describe("address groups: bad props throw with the construct path and write nothing", () => {
  it.each(addressGroupCases)("%s", (_name, setup, expected) => {
    const { after, baseline } = runCase(setup, expected);
    expect(after).toEqual(baseline);
  });
});

describe("patterns: bad props throw with the construct path", () => {
  it.each(patternCases)("%s", (_name, setup, expected) => {
    runCase(setup, expected);
  });
});

describe("after a refused call the stack still synthesizes and validates", () => {
  it("keeps the good rules and drops the bad one", () => {
    const { stack } = newStack();
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    g.addIngressRule(Peer.ipv4("10.0.0.0/8"), Port.SSH);
    expect(() => g.addIngressRule(Peer.ipv4("10.0.0.5/24"), Port.HTTPS)).toThrow();
    expect(() => g.addIngressRule(Peer.ipv4("10.0.0.0/8"), Port.HTTPS, { priority: 0 })).toThrow();
    g.addIngressRule(Peer.ipv4("10.0.0.0/8"), Port.HTTPS, { priority: 2 });
    const rules = Object.values(synthJson(stack).resource?.huaweicloud_networking_secgroup_rule ?? {});
    expect(rules.map((r) => [r.ports, r.priority])).toEqual([
      ["22", 1],
      ["443", 2],
    ]);
    expect(validationFailure(stack)).toBeUndefined();
  });

  it("accepts the limits themselves: priority 1 and 100, port 1 and 65535, a 255-character description, a 64-character name", () => {
    const { stack } = newStack();
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false, securityGroupName: "n".repeat(64), description: "d".repeat(255) });
    g.addIngressRule(trusted, Port.tcp(1), { priority: 1, description: "x".repeat(255) });
    g.addIngressRule(trusted, Port.tcp(65535), { priority: 100 });
    g.addIngressRule(trusted, Port.protocol(255));
    g.addIngressRule(trusted, Port.protocol(0));
    new AddressGroup(stack, "ag", { addresses: Array.from({ length: 20 }, (_, i) => `10.0.${i}.0/24`) });
    expect(Object.keys(synthJson(stack).resource?.huaweicloud_networking_secgroup_rule ?? {})).toHaveLength(4);
    expect(validationFailure(stack)).toBeUndefined();
  });
});

/**
 * A pattern's props are checked after its security group (and, for some, its first rules) are
 * created, so a refused pattern leaves a partial group in the stack that the next synth writes.
 * Regression (fixed in lib/constructs/patterns/*.ts): the props should be checked before `super(...)` writes
 * anything, as SecurityGroup and AddressGroup do. Reproduction:
 *
 *   try { new DatabaseSg(stack, "db", { engine: "mongodb" as never }); } catch {}
 *   Testing.synth(stack) // still has huaweicloud_networking_secgroup.db
 */
describe("patterns: a refused pattern leaves no partial output", () => {
  const partial = (make: (stack: TerraformStack) => unknown) => {
    const { stack } = newStack();
    expect(() => make(stack)).toThrow();
    return synthJson(stack).resource ?? {};
  };

  it("DatabaseSg with an unknown engine writes no security group", () => {
    const resource = partial((stack) => new DatabaseSg(stack, "db", { engine: "mongodb" as never }));
    expect(resource.huaweicloud_networking_secgroup).toBeUndefined();
  });

  it("BastionSg with no trusted sources writes no group and no rule", () => {
    const resource = partial((stack) => new BastionSg(stack, "b", { trustedSources: [] }));
    expect(resource.huaweicloud_networking_secgroup).toBeUndefined();
    expect(resource.huaweicloud_networking_secgroup_rule).toBeUndefined();
  });

  it("BastionSg refusing its second source writes no SSH rule for the first", () => {
    const resource = partial((stack) => new BastionSg(stack, "b", { trustedSources: [trusted, Peer.anyIpv4()] }));
    const rules = Object.values(resource.huaweicloud_networking_secgroup_rule ?? {});
    expect(rules.filter((r) => r.ports === "22")).toEqual([]);
  });

  it("EgressWhitelistSg refusing its second destination writes no rule for the first", () => {
    const resource = partial((stack) => {
      const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
      return new EgressWhitelistSg(stack, "egress", { destinations: [{ peer: Peer.ipv4("132.15.0.10/32"), port: Port.HTTP }, { peer: g, port: Port.HTTPS }] });
    });
    expect(resource.huaweicloud_networking_secgroup_rule).toBeUndefined();
  });

  // Regression (fixed in lib/constructs/security-group.ts, addRule): the remotes of a peer are checked and
  // written one at a time, so a call refused on its second IP version keeps the first's rule.
  it("a group peer covering two IP versions writes neither when the second is refused", () => {
    const { stack } = newStack();
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    // icmp is IPv4-only: the IPv6 rule is refused.
    expect(() => g.addIngressRule(Peer.securityGroup(g, { ipVersions: [4, 6] }), Port.custom("icmp"))).toThrow('s/g: protocol "icmp" is invalid');
    expect(g.rules.map((r) => r.node.id)).toEqual([]);
    expect(synthJson(stack).resource?.huaweicloud_networking_secgroup_rule).toBeUndefined();
  });
});

/**
 * Regression (fixed in lib/constructs/port.ts, Port.tcpPorts): an empty list is not refused; it writes
 * `ports = ""` and is read as every TCP port. Reproduction:
 *
 *   sg.addIngressRule(Peer.ipv4("10.0.0.0/8"), Port.tcpPorts([]))  // no throw
 *   // cdk.tf.json: { "protocol": "tcp", "ports": "", ... } → all 65535 ports
 */
describe("empty port lists", () => {
  it("Port.tcpPorts([]) is refused with the construct path", () => {
    const { stack } = newStack();
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    expect(() => g.addIngressRule(Peer.ipv4("10.0.0.0/8"), Port.tcpPorts([]))).toThrow(/^s\/g: ports/);
  });
});

/**
 * Regression (fixed in lib/constructs/port.ts / security-group.ts): a token as a port number was refused
 * showing the token's internal number (`s/g: ports "-8.109562212591399e+298" is invalid`); tokens are now
 * accepted and proved at synth (test/constructs/tokens.test.ts): the message never shows that number.
 */
describe("tokens as port numbers", () => {
  it("are written as the variable's reference, never as the token's internal number", () => {
    const { stack } = newStack();
    const port = numberVar(stack);
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    const [rule] = g.addIngressRule(trusted, Port.tcp(port));
    expect(rule.node.id).toBe("ingress-allow-tcp-var-n-from-203-0-113-0_24");
    expect(Testing.synth(stack)).toContain('"ports": "${var.n}"');
    expect(Testing.synth(stack)).not.toMatch(/e\+\d{3}/);
  });
});

/**
 * Regression (fixed in lib/constructs/patterns/web-server-sg.ts): an extra port equal to HTTP or HTTPS makes two
 * intents with the same construct id: the error is cdk's "There is already a Construct with
 * name 'intent-internet-reaches-tcp-80'", without the field. Reproduction:
 * `new WebServerSg(stack, "web", { extraPorts: [Port.HTTP] })`.
 */
describe("WebServerSg duplicate extra ports", () => {
  it("are accepted (the rule is written once) or refused naming extraPorts", () => {
    const { stack } = newStack();
    let message: string | undefined;
    try {
      new WebServerSg(stack, "web", { extraPorts: [Port.HTTP] });
    } catch (e) {
      message = (e as Error).message;
    }
    if (message !== undefined) expect(message).toContain("s/web: extraPorts[0]");
    else expect(validationFailure(stack)).toBeUndefined();
  });
});
