/**
 * SecurityGroup: what it writes to Terraform, exactly.
 */
import { Construct } from "constructs";
import { AddressGroup, FALLBACK_PRIORITY, Peer, Port, SecurityGroup } from "../../lib";
import { addressGroupRef, allRules, groupRef, logicalId, newStack, ruleBodies, rulesOf, synthJson, thrown } from "./helpers";

const ALLOW_ALL_OUT = "allow all outbound (Huawei's default egress rule, written out)";
const MEMBERS = "members reach each other (Huawei's default ingress rule, written out)";

describe("SecurityGroup resource", () => {
  it("writes huaweicloud_networking_secgroup with delete_default_rules and the name", () => {
    const { stack } = newStack();
    new SecurityGroup(stack, "web", { securityGroupName: "web-servers", description: "the web tier" });
    expect(synthJson(stack).resource?.huaweicloud_networking_secgroup).toEqual({
      web: { name: "web-servers", description: "the web tier", delete_default_rules: true },
    });
  });

  it("names the group after its construct path below the stack by default", () => {
    const { stack } = newStack();
    const g = new SecurityGroup(new Construct(stack, "tier"), "web");
    expect(g.securityGroupName).toBe("tier-web");
    const groups = synthJson(stack).resource?.huaweicloud_networking_secgroup ?? {};
    expect(Object.values(groups)).toEqual([{ name: "tier-web", delete_default_rules: true }]);
  });

  it("shortens a default name longer than 64 characters to its tail and a hash", () => {
    const { stack } = newStack();
    const deep = new Construct(new Construct(stack, "a".repeat(30)), "b".repeat(30));
    const g = new SecurityGroup(deep, "web-servers");
    expect(g.securityGroupName).toHaveLength(64);
    expect(g.securityGroupName).toMatch(/web-servers-[0-9a-f]{8}$/);
  });

  it("passes enterprise project and tags through", () => {
    const { stack } = newStack();
    new SecurityGroup(stack, "web", { enterpriseProjectId: "0", tags: { env: "prod" } });
    expect(synthJson(stack).resource?.huaweicloud_networking_secgroup?.web).toEqual({
      name: "web",
      delete_default_rules: true,
      enterprise_project_id: "0",
      tags: { env: "prod" },
    });
  });

  it("exposes securityGroupId as a Terraform reference that resolves to the group's id", () => {
    const { stack } = newStack();
    const a = new SecurityGroup(stack, "a", { allowAllOutbound: false });
    const b = new SecurityGroup(stack, "b", { allowAllOutbound: false });
    b.addIngressRule(a, Port.SSH);
    expect(Object.values(rulesOf(stack, "b"))[0].remote_group_id).toBe(groupRef("a"));
  });
});

describe("SecurityGroup defaults", () => {
  it("allowAllOutbound (default) writes exactly two egress allow-all rules at priority 100", () => {
    const { stack } = newStack();
    const g = new SecurityGroup(stack, "web");
    expect(g.allowAllOutbound).toBe(true);
    expect(FALLBACK_PRIORITY).toBe(100);
    expect(ruleBodies(stack, "web")).toEqual([
      { direction: "egress", ethertype: "IPv4", remote_ip_prefix: "0.0.0.0/0", action: "allow", priority: 100, description: ALLOW_ALL_OUT },
      { direction: "egress", ethertype: "IPv6", remote_ip_prefix: "::/0", action: "allow", priority: 100, description: ALLOW_ALL_OUT },
    ]);
    const ids = Object.keys(rulesOf(stack, "web")).sort();
    expect(ids[0]).toMatch(logicalId("web_egress-allow-all-to-any-ipv4-p100"));
    expect(ids[1]).toMatch(logicalId("web_egress-allow-all-to-any-ipv6-p100"));
  });

  it("allowAllOutbound: false writes no rule at all", () => {
    const { stack } = newStack();
    const g = new SecurityGroup(stack, "web", { allowAllOutbound: false });
    expect(g.allowAllOutbound).toBe(false);
    expect(g.rules).toEqual([]);
    expect(allRules(stack)).toEqual({});
  });

  it("allowInternal: true writes IPv4 and IPv6 ingress from the group itself at priority 100", () => {
    const { stack } = newStack();
    new SecurityGroup(stack, "cluster", { allowAllOutbound: false, allowInternal: true });
    expect(ruleBodies(stack, "cluster")).toEqual([
      { direction: "ingress", ethertype: "IPv4", remote_group_id: groupRef("cluster"), action: "allow", priority: 100, description: MEMBERS },
      { direction: "ingress", ethertype: "IPv6", remote_group_id: groupRef("cluster"), action: "allow", priority: 100, description: MEMBERS },
    ]);
    const ids = Object.keys(rulesOf(stack, "cluster")).sort();
    expect(ids[0]).toMatch(logicalId("cluster_ingress-allow-all-from-sg-cluster-ipv6-p100"));
    expect(ids[1]).toMatch(logicalId("cluster_ingress-allow-all-from-sg-cluster-p100"));
  });

  it("writes action and priority explicitly on every rule", () => {
    const { stack } = newStack();
    const g = new SecurityGroup(stack, "g", { allowInternal: true });
    g.addIngressRule(Peer.ipv4("10.0.0.0/8"), Port.SSH);
    g.addIngressRule(Peer.ipv6("2001:db8::/32"), Port.HTTPS, { action: "deny", priority: 7 });
    g.addEgressRule(Peer.ipv4("192.168.0.0/16"), Port.allUdp());
    const rules = Object.values(allRules(stack));
    expect(rules).toHaveLength(7);
    for (const r of rules) {
      expect(["allow", "deny"]).toContain(r.action);
      expect(Number.isInteger(r.priority)).toBe(true);
      expect(r).not.toHaveProperty("port_range_min");
      expect(r).not.toHaveProperty("port_range_max");
    }
  });
});

describe("SecurityGroup rules", () => {
  it("writes a CIDR rule with its exact attributes and a readable logical id", () => {
    const { stack } = newStack();
    const web = new SecurityGroup(stack, "web", { allowAllOutbound: false });
    const [rule] = web.addIngressRule(Peer.anyIpv4(), Port.HTTPS);
    const rules = allRules(stack);
    const [id] = Object.keys(rules);
    expect(id).toMatch(logicalId("web_ingress-allow-tcp-443-from-any-ipv4"));
    expect(rule.node.id).toBe("ingress-allow-tcp-443-from-any-ipv4");
    expect(rules[id]).toEqual({
      security_group_id: groupRef("web"),
      direction: "ingress",
      ethertype: "IPv4",
      protocol: "tcp",
      ports: "443",
      remote_ip_prefix: "0.0.0.0/0",
      action: "allow",
      priority: 1,
    });
  });

  it("names priority and action in the logical id when they are not the defaults", () => {
    const { stack } = newStack();
    const g = new SecurityGroup(stack, "db", { allowAllOutbound: false });
    g.addIngressRule(Peer.ipv4("10.0.0.0/8"), Port.MYSQL, { action: "deny", priority: 100 });
    g.addEgressRule(Peer.ipv6("2001:db8::/32"), Port.tcpRange(8000, 8080), { priority: 2 });
    const ids = Object.keys(allRules(stack)).sort();
    expect(ids).toHaveLength(2);
    expect(ids[0]).toMatch(logicalId("db_egress-allow-tcp-8000-8080-to-2001-db8--_32-p2"));
    expect(ids[1]).toMatch(logicalId("db_ingress-deny-tcp-3306-from-10-0-0-0_8-p100"));
  });

  it("writes a security-group remote as a reference to the group's id", () => {
    const { stack } = newStack();
    const app = new SecurityGroup(stack, "app", { allowAllOutbound: false });
    const db = new SecurityGroup(stack, "db", { allowAllOutbound: false });
    db.addIngressRule(app, Port.MYSQL, { description: "app to MySQL" });
    expect(ruleBodies(stack, "db")).toEqual([
      { direction: "ingress", ethertype: "IPv4", protocol: "tcp", ports: "3306", remote_group_id: groupRef("app"), action: "allow", priority: 1, description: "app to MySQL" },
    ]);
    expect(Object.keys(rulesOf(stack, "db"))[0]).toMatch(logicalId("db_ingress-allow-tcp-3306-from-sg-app"));
  });

  it("writes one rule per IP version for a group peer covering IPv4 and IPv6", () => {
    const { stack } = newStack();
    const app = new SecurityGroup(stack, "app", { allowAllOutbound: false });
    const db = new SecurityGroup(stack, "db", { allowAllOutbound: false });
    const written = db.addIngressRule(Peer.securityGroup(app, { ipVersions: [6, 4] }), Port.POSTGRESQL);
    expect(written).toHaveLength(2);
    expect(ruleBodies(stack, "db").map((r) => [r.ethertype, r.remote_group_id, r.ports])).toEqual([
      ["IPv4", groupRef("app"), "5432"],
      ["IPv6", groupRef("app"), "5432"],
    ]);
  });

  it("writes an address-group remote as a reference to the address group's id", () => {
    const { stack } = newStack();
    const trusted = new AddressGroup(stack, "trusted", { addresses: ["10.10.0.0/24", "172.16.8.0/24"] });
    const g = new SecurityGroup(stack, "bastion", { allowAllOutbound: false });
    g.addIngressRule(trusted, Port.SSH);
    expect(ruleBodies(stack, "bastion")).toEqual([
      { direction: "ingress", ethertype: "IPv4", protocol: "tcp", ports: "22", remote_address_group_id: addressGroupRef("trusted"), action: "allow", priority: 1 },
    ]);
    expect(synthJson(stack).resource?.huaweicloud_vpc_address_group).toEqual({
      trusted: { name: "trusted", ip_version: 4, addresses: ["10.10.0.0/24", "172.16.8.0/24"], max_capacity: 20 },
    });
    expect(Object.keys(rulesOf(stack, "bastion"))[0]).toMatch(logicalId("bastion_ingress-allow-tcp-22-from-ag-trusted"));
  });

  it("writes an IPv6 address group rule with ethertype IPv6", () => {
    const { stack } = newStack();
    const v6 = new AddressGroup(stack, "v6", { addresses: ["2001:db8::/64"], ipVersion: 6, maxCapacity: 5 });
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    g.addIngressRule(v6, Port.SSH);
    expect(ruleBodies(stack, "g")).toEqual([
      { direction: "ingress", ethertype: "IPv6", protocol: "tcp", ports: "22", remote_address_group_id: addressGroupRef("v6"), action: "allow", priority: 1 },
    ]);
    expect(synthJson(stack).resource?.huaweicloud_vpc_address_group?.v6).toMatchObject({ ip_version: 6, max_capacity: 5 });
  });

  it("a virtual IP peer is a /32 (or /128) CIDR", () => {
    const { stack } = newStack();
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    g.addIngressRule(Peer.virtualIp("192.168.0.21"), Port.tcp(8080));
    g.addIngressRule(Peer.virtualIp("2001:db8::21"), Port.tcp(8080));
    expect(ruleBodies(stack, "g").map((r) => [r.ethertype, r.remote_ip_prefix])).toEqual([
      ["IPv4", "192.168.0.21/32"],
      ["IPv6", "2001:db8::21/128"],
    ]);
  });
});

describe("Port in Terraform", () => {
  const cases: Array<[string, () => Port, { protocol?: string; ports?: string }]> = [
    ["tcpPorts([443, 80]) is sorted", () => Port.tcpPorts([443, 80]), { protocol: "tcp", ports: "80,443" }],
    ["tcpPorts([80, 81]) merges into a range", () => Port.tcpPorts([80, 81]), { protocol: "tcp", ports: "80-81" }],
    ["tcpPorts with overlapping ranges merges them", () => Port.tcpPorts([[8000, 8080], 8080, [8081, 8090], 22]), { protocol: "tcp", ports: "22,8000-8090" }],
    ["tcpPorts covering every port has no ports", () => Port.tcpPorts([[1, 65535]]), { protocol: "tcp" }],
    ["tcpRange(20, 21)", () => Port.tcpRange(20, 21), { protocol: "tcp", ports: "20-21" }],
    ["tcpRange(22, 22) is one port", () => Port.tcpRange(22, 22), { protocol: "tcp", ports: "22" }],
    ["udp(53)", () => Port.udp(53), { protocol: "udp", ports: "53" }],
    ["udpPorts([500, 4500])", () => Port.udpPorts([4500, 500]), { protocol: "udp", ports: "500,4500" }],
    ["allTcp()", () => Port.allTcp(), { protocol: "tcp" }],
    ["allUdp()", () => Port.allUdp(), { protocol: "udp" }],
    ["gre() is protocol 47", () => Port.gre(), { protocol: "47" }],
    ["protocol(50) (ESP)", () => Port.protocol(50), { protocol: "50" }],
    ["allTraffic() has no protocol and no ports", () => Port.allTraffic(), {}],
    ["FTP constant", () => Port.FTP, { protocol: "tcp", ports: "20-21" }],
    ["NACOS constant", () => Port.NACOS, { protocol: "tcp", ports: "8848" }],
  ];
  it.each(cases)("%s", (_name, port, expected) => {
    const { stack } = newStack();
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    g.addIngressRule(Peer.ipv4("10.0.0.0/8"), port());
    const [rule] = Object.values(allRules(stack));
    expect({ protocol: rule.protocol, ports: rule.ports }).toEqual({ protocol: expected.protocol, ports: expected.ports });
  });

  it("icmpPing() is icmp for an IPv4 peer and icmpv6 for an IPv6 peer", () => {
    const { stack } = newStack();
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    g.addIngressRule(Peer.anyIpv4(), Port.icmpPing());
    g.addIngressRule(Peer.anyIpv6(), Port.icmpPing());
    expect(ruleBodies(stack, "g")).toEqual([
      { direction: "ingress", ethertype: "IPv4", protocol: "icmp", remote_ip_prefix: "0.0.0.0/0", action: "allow", priority: 1 },
      { direction: "ingress", ethertype: "IPv6", protocol: "icmpv6", remote_ip_prefix: "::/0", action: "allow", priority: 1 },
    ]);
    const ids = Object.keys(rulesOf(stack, "g")).sort();
    expect(ids[0]).toMatch(logicalId("g_ingress-allow-icmp-from-any-ipv4"));
    expect(ids[1]).toMatch(logicalId("g_ingress-allow-icmpv6-from-any-ipv6"));
  });

  /**
   * Regression (fixed in lib/constructs/port.ts, Port.custom): the escape hatch writes its text as given, so the
   * same rule is written in a non-canonical form (`ports = "443,80"`, `protocol = "6"`), unlike
   * every other factory. Reproduction: `sg.addIngressRule(peer, Port.custom("tcp", "443,80"))`
   * → `"ports": "443,80"`; `Port.custom("6", "22")` → `"protocol": "6"`.
   */
  it("Port.custom writes canonical protocol and ports", () => {
    const { stack } = newStack();
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    g.addIngressRule(Peer.ipv4("10.0.0.0/8"), Port.custom("tcp", "443,80"));
    g.addIngressRule(Peer.ipv4("10.1.0.0/16"), Port.custom("6", "22"));
    expect(ruleBodies(stack, "g").map((r) => [r.protocol, r.ports])).toEqual([
      ["tcp", "22"],
      ["tcp", "80,443"],
    ]);
  });

  it("allIcmp() on a dual-stack group peer writes icmp and icmpv6", () => {
    const { stack } = newStack();
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    g.addIngressRule(Peer.securityGroup(g, { ipVersions: [4, 6] }), Port.allIcmp());
    expect(ruleBodies(stack, "g").map((r) => [r.ethertype, r.protocol])).toEqual([
      ["IPv4", "icmp"],
      ["IPv6", "icmpv6"],
    ]);
  });
});

describe("identical and conflicting rules", () => {
  it("writes an identical rule once and returns the same resource", () => {
    const { stack } = newStack();
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    const [a] = g.addIngressRule(Peer.ipv4("10.0.0.0/8"), Port.SSH);
    const [b] = g.addIngressRule(Peer.ipv4("10.0.0.0/8"), Port.tcp(22));
    const [c] = g.addIngressRule(Peer.ipv4("10.0.0.0/8"), Port.tcpPorts([22]));
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(g.rules).toEqual([a]);
    expect(Object.keys(allRules(stack))).toHaveLength(1);
  });

  it("writes the allow-all egress once when the user repeats it", () => {
    const { stack } = newStack();
    const g = new SecurityGroup(stack, "g");
    const before = g.rules;
    const again = g.addEgressRule(Peer.anyIpv4(), Port.allTraffic(), { priority: 100 });
    expect(again).toEqual([before[0]]);
    expect(Object.keys(allRules(stack))).toHaveLength(2);
  });

  it("keeps rules that differ only in priority apart", () => {
    const { stack } = newStack();
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    const [a] = g.addIngressRule(Peer.ipv4("10.0.0.0/8"), Port.SSH);
    const [b] = g.addIngressRule(Peer.ipv4("10.0.0.0/8"), Port.SSH, { priority: 2 });
    expect(b).not.toBe(a);
    expect(Object.keys(allRules(stack))).toHaveLength(2);
  });

  it("throws with the construct path when the same match is given opposite actions", () => {
    const { stack } = newStack();
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    g.addIngressRule(Peer.ipv4("10.0.0.0/8"), Port.SSH);
    const message = thrown(() => g.addIngressRule(Peer.ipv4("10.0.0.0/8"), Port.SSH, { action: "deny", priority: 50 }));
    expect(message).toContain("s/g: action \"deny\" is invalid");
    expect(message).toContain("opposite to s/g/ingress-allow-tcp-22-from-10-0-0-0_8");
    expect(Object.keys(allRules(stack))).toHaveLength(1);
  });

  it("throws on a deny that mirrors the written allow-all egress", () => {
    const { stack } = newStack();
    const g = new SecurityGroup(stack, "g");
    const message = thrown(() => g.addEgressRule(Peer.anyIpv6(), Port.allTraffic(), { action: "deny", priority: 1 }));
    expect(message).toContain("s/g: action \"deny\" is invalid");
    expect(message).toContain("opposite to s/g/egress-allow-all-to-any-ipv6-p100");
  });

  it("accepts opposite actions on the same peer when the ports differ", () => {
    const { stack } = newStack();
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    g.addIngressRule(Peer.ipv4("10.0.0.0/8"), Port.tcpRange(20, 30));
    g.addIngressRule(Peer.ipv4("10.0.0.0/8"), Port.SSH, { action: "deny" });
    expect(ruleBodies(stack, "g").map((r) => [r.action, r.ports])).toEqual([
      ["allow", "20-30"],
      ["deny", "22"],
    ]);
  });

  it("names group peers by their path below the stack, so same-named groups give distinct ids", () => {
    const { stack } = newStack();
    const a = new SecurityGroup(new Construct(stack, "teamA"), "app", { allowAllOutbound: false });
    const b = new SecurityGroup(new Construct(stack, "teamB"), "app", { allowAllOutbound: false });
    const db = new SecurityGroup(stack, "db", { allowAllOutbound: false });
    db.addIngressRule(a, Port.MYSQL);
    db.addIngressRule(b, Port.MYSQL);
    const ids = Object.keys(rulesOf(stack, "db")).sort();
    expect(ids).toHaveLength(2);
    expect(ids[0]).toMatch(logicalId("db_ingress-allow-tcp-3306-from-sg-teama-app"));
    expect(ids[1]).toMatch(logicalId("db_ingress-allow-tcp-3306-from-sg-teamb-app"));
  });
});

describe("imported security groups", () => {
  it("writes rules on a group defined elsewhere with its literal id", () => {
    const { stack } = newStack();
    const legacy = SecurityGroup.fromSecurityGroupId(stack, "legacy", "0b8f1c2d-aaaa-bbbb-cccc-000000000001", { allowAllOutbound: false });
    const web = new SecurityGroup(stack, "web", { allowAllOutbound: false });
    expect(SecurityGroup.isSecurityGroup(legacy)).toBe(true);
    expect(SecurityGroup.isSecurityGroup(Peer.anyIpv4())).toBe(false);
    web.connections.allowFrom(legacy, Port.HTTPS);
    const rules = Object.values(allRules(stack)).sort((x, y) => x.direction.localeCompare(y.direction));
    expect(rules).toEqual([
      { security_group_id: "0b8f1c2d-aaaa-bbbb-cccc-000000000001", direction: "egress", ethertype: "IPv4", protocol: "tcp", ports: "443", remote_group_id: groupRef("web"), action: "allow", priority: 1 },
      { security_group_id: groupRef("web"), direction: "ingress", ethertype: "IPv4", protocol: "tcp", ports: "443", remote_group_id: "0b8f1c2d-aaaa-bbbb-cccc-000000000001", action: "allow", priority: 1 },
    ]);
  });
});
