/**
 * semantics.md §2: how one packet is matched at one instance. Each describe block is one point:
 * the rules of the packet's direction from every group; the order (group position, then priority,
 * then deny before allow); the first match decides and no match denies; what "matches" means for
 * ethertype, protocol, ports and remote.
 */
import { HwsgError } from "../../lib/core/errors";
import { evaluateFlow } from "../../lib/core/evaluator";
import { rulesAtInstance } from "../../lib/core/effective-rules";
import { NetLit, RuleLit, buildNetwork, decide, egress, ingress, ip } from "./helpers";

/** Groups without default rules, so only the listed rules count. */
function bare(groups: string[], rules: RuleLit[], instances: NetLit["instances"]): ReturnType<typeof buildNetwork> {
  return buildNetwork({ groups: Object.fromEntries(groups.map((g) => [g, { delete_default_rules: true }])), rules, instances });
}

const SRC = "198.51.100.10";

describe("§2.1 the rules of the packet's direction, from every group of the instance", () => {
  const net = bare(
    ["sg-1", "sg-2"],
    [
      egress("sg-1", { id: "out-22", protocol: "tcp", ports: "22", priority: 1 }),
      ingress("sg-2", { id: "in-80", protocol: "tcp", ports: "80", priority: 1 }),
    ],
    { web: { groups: ["sg-1", "sg-2"], ip: "10.0.0.5" } },
  );

  it("an ingress packet is matched by ingress rules only", () => {
    expect(decide(net, "tcp/22", SRC, "web").verdict).toBe("deny");
    expect(decide(net, "tcp/80", SRC, "web")).toMatchObject({ verdict: "allow", rule: "in-80" });
  });

  it("an egress packet is matched by egress rules only", () => {
    expect(decide(net, "tcp/22", "web", SRC)).toMatchObject({ verdict: "allow", rule: "out-22" });
    expect(decide(net, "tcp/80", "web", SRC).verdict).toBe("deny");
  });

  it("a rule of the second group decides when no rule of the first matches", () => {
    const v = decide(net, "tcp/80", SRC, "web");
    expect(v.hops).toEqual([expect.objectContaining({ instance: "web", direction: "ingress", group: "sg-2", rule: "in-80" })]);
  });

  it("rulesAtInstance keeps only that direction and IP version", () => {
    const ids = rulesAtInstance(net, net.instance("web"), "ingress", 4).map((r) => r.rule.id);
    expect(ids).toEqual(["in-80"]);
    expect(rulesAtInstance(net, net.instance("web"), "ingress", 6)).toEqual([]);
  });
});

describe("§2.2 order: the group's position in security_group_ids comes first", () => {
  const rules = [
    ingress("sg-allow", { id: "allow-22-p100", protocol: "tcp", ports: "22", action: "allow", priority: 100 }),
    ingress("sg-deny", { id: "deny-22-p1", protocol: "tcp", ports: "22", action: "deny", priority: 1 }),
  ];

  it("a low-precedence allow in the first group beats a priority-1 deny in the second", () => {
    const net = bare(["sg-allow", "sg-deny"], rules, { web: { groups: ["sg-allow", "sg-deny"], ip: "10.0.0.5" } });
    expect(decide(net, "tcp/22", SRC, "web")).toMatchObject({ verdict: "allow", rule: "allow-22-p100" });
  });

  it("with the groups the other way round, the deny wins", () => {
    const net = bare(["sg-allow", "sg-deny"], rules, { web: { groups: ["sg-deny", "sg-allow"], ip: "10.0.0.5" } });
    const v = decide(net, "tcp/22", SRC, "web");
    expect(v).toMatchObject({ verdict: "deny", rule: "deny-22-p1" });
    expect(v.hops[0].group).toBe("sg-deny");
  });

  it("rulesAtInstance lists the first group's rules before the second's whatever the priorities", () => {
    const net = bare(["sg-allow", "sg-deny"], rules, { web: { groups: ["sg-allow", "sg-deny"], ip: "10.0.0.5" } });
    const order = rulesAtInstance(net, net.instance("web"), "ingress", 4).map((r) => [r.groupIndex, r.rule.id]);
    expect(order).toEqual([[0, "allow-22-p100"], [1, "deny-22-p1"]]);
  });
});

describe("§2.2 order: within a group, priority ascending (1 is tried first)", () => {
  it("an allow at priority 1 wins over a deny at priority 2", () => {
    const net = bare(
      ["sg"],
      [
        ingress("sg", { id: "deny-p2", protocol: "tcp", ports: "22", action: "deny", priority: 2 }),
        ingress("sg", { id: "allow-p1", protocol: "tcp", ports: "22", remote_ip_prefix: "0.0.0.0/0", action: "allow", priority: 1 }),
      ],
      { web: { groups: ["sg"], ip: "10.0.0.5" } },
    );
    expect(decide(net, "tcp/22", SRC, "web")).toMatchObject({ verdict: "allow", rule: "allow-p1" });
  });

  it("a deny at priority 1 wins over an allow at priority 100 configured before it", () => {
    const net = bare(
      ["sg"],
      [
        ingress("sg", { id: "allow-p100", protocol: "tcp", ports: "22", action: "allow", priority: 100 }),
        ingress("sg", { id: "deny-p1", protocol: "tcp", ports: "22", remote_ip_prefix: "0.0.0.0/0", action: "deny", priority: 1 }),
      ],
      { web: { groups: ["sg"], ip: "10.0.0.5" } },
    );
    expect(decide(net, "tcp/22", SRC, "web")).toMatchObject({ verdict: "deny", rule: "deny-p1" });
  });

  it("priority compares as a number, not as text (9 before 10)", () => {
    const net = bare(
      ["sg"],
      [
        ingress("sg", { id: "deny-p10", protocol: "tcp", ports: "22", action: "deny", priority: 10 }),
        ingress("sg", { id: "allow-p9", protocol: "tcp", ports: "22", remote_ip_prefix: "0.0.0.0/0", action: "allow", priority: 9 }),
      ],
      { web: { groups: ["sg"], ip: "10.0.0.5" } },
    );
    expect(decide(net, "tcp/22", SRC, "web").rule).toBe("allow-p9");
  });
});

describe("§2.2 order: deny before allow at the same priority", () => {
  it.each([
    ["allow configured first", true],
    ["deny configured first", false],
  ])("%s: the deny wins where both match, the allow elsewhere", (_name, allowFirst) => {
    const allow = ingress("sg", { id: "allow-10/8", protocol: "tcp", ports: "22", remote_ip_prefix: "10.0.0.0/8", action: "allow", priority: 5 });
    const deny = ingress("sg", { id: "deny-10.1/16", protocol: "tcp", ports: "22", remote_ip_prefix: "10.1.0.0/16", action: "deny", priority: 5 });
    const net = bare(["sg"], allowFirst ? [allow, deny] : [deny, allow], { web: { groups: ["sg"], ip: "192.168.0.5" } });
    expect(decide(net, "tcp/22", "10.1.2.3", "web")).toMatchObject({ verdict: "deny", rule: "deny-10.1/16" });
    expect(decide(net, "tcp/22", "10.2.2.3", "web")).toMatchObject({ verdict: "allow", rule: "allow-10/8" });
  });
});

describe("§2.3 the first matching rule decides; if none matches, the packet is denied", () => {
  const net = bare(
    ["sg"],
    [
      ingress("sg", { id: "allow-web", protocol: "tcp", ports: "80,443", action: "allow", priority: 1 }),
      ingress("sg", { id: "deny-all", action: "deny", priority: 50 }),
      ingress("sg", { id: "allow-ssh-late", protocol: "tcp", ports: "22", action: "allow", priority: 60 }),
    ],
    { web: { groups: ["sg"], ip: "10.0.0.5" }, lonely: { groups: [], ip: "10.0.0.6" } },
  );

  it("the verdict names the deciding rule and its group", () => {
    const v = decide(net, "tcp/443", SRC, "web");
    expect(v).toMatchObject({ verdict: "allow", rule: "allow-web" });
    expect(v.hops[0]).toMatchObject({ rule: "allow-web", group: "sg", verdict: "allow" });
    expect(v.reason).toMatch(/^Allowed: .*allow-web/);
  });

  it("a later allow never gets a chance after an earlier deny matched", () => {
    expect(decide(net, "tcp/22", SRC, "web")).toMatchObject({ verdict: "deny", rule: "deny-all" });
  });

  it("no matching rule: default deny, no deciding rule", () => {
    const v = decide(net, "tcp/22", "lonely", SRC);
    expect(v.verdict).toBe("deny");
    expect(v.rule).toBeNull();
    expect(v.hops[0]).toMatchObject({ instance: "lonely", direction: "egress", rule: null, group: null });
    expect(v.reason).toContain("default deny");
  });

  it("an instance whose groups have no rule for the direction denies", () => {
    const only = bare(["sg"], [ingress("sg", { id: "in", priority: 1 })], { a: { groups: ["sg"], ip: "10.0.0.5" } });
    expect(decide(only, "udp/53", "a", "8.8.8.8")).toMatchObject({ verdict: "deny", rule: null });
  });
});

describe("§2.4 a rule matches only the packet's IP version (ethertype)", () => {
  const net = bare(
    ["sg"],
    [ingress("sg", { id: "v4-all", action: "allow", priority: 1 }), ingress("sg", { id: "v6-ssh", ethertype: "IPv6", protocol: "tcp", ports: "22", action: "allow", priority: 1 })],
    { web: { groups: ["sg"], ip: "10.0.0.5", ip6: "2001:db8::5" } },
  );

  it("an IPv4 rule admits IPv4 and not IPv6", () => {
    expect(decide(net, "tcp/80", SRC, "web").rule).toBe("v4-all");
    expect(decide(net, "tcp/80", "2001:db8:1::1", "web")).toMatchObject({ verdict: "deny", rule: null });
  });

  it("an IPv6 rule admits IPv6", () => {
    expect(decide(net, "tcp/22", "2001:db8:1::1", "web")).toMatchObject({ verdict: "allow", rule: "v6-ssh" });
  });
});

describe("§2.4 protocol: the packet's protocol, or every protocol when the rule has none", () => {
  const net = bare(
    ["sg-all", "sg-some"],
    [
      ingress("sg-all", { id: "all", action: "allow", priority: 1 }),
      ingress("sg-some", { id: "tcp", protocol: "tcp", action: "allow", priority: 1 }),
      ingress("sg-some", { id: "icmp", protocol: "icmp", action: "allow", priority: 1 }),
      ingress("sg-some", { id: "gre", protocol: "47", action: "allow", priority: 1 }),
    ],
    { open: { groups: ["sg-all"], ip: "10.0.0.5" }, some: { groups: ["sg-some"], ip: "10.0.0.6" } },
  );

  it.each(["tcp/1", "tcp/65535", "udp/53", "icmp", "gre", "132"])("an all-protocol rule admits %s", (traffic) => {
    expect(decide(net, traffic, SRC, "open")).toMatchObject({ verdict: "allow", rule: "all" });
  });

  it("a tcp rule without ports admits every tcp port and no udp", () => {
    expect(decide(net, "tcp/1", SRC, "some").rule).toBe("tcp");
    expect(decide(net, "tcp/65535", SRC, "some").rule).toBe("tcp");
    expect(decide(net, "udp/53", SRC, "some").verdict).toBe("deny");
  });

  it("an icmp rule admits icmp (ping) and nothing else", () => {
    expect(decide(net, "icmp", SRC, "some").rule).toBe("icmp");
    expect(decide(net, "icmpv6", SRC, "some").verdict).toBe("deny");
  });

  it("a protocol-number rule (47) admits GRE", () => {
    expect(decide(net, "gre", SRC, "some").rule).toBe("gre");
    expect(decide(net, "50", SRC, "some").verdict).toBe("deny");
  });

  it("an icmpv6 rule admits IPv6 icmp", () => {
    const v6 = bare(["sg"], [ingress("sg", { id: "ping6", ethertype: "IPv6", protocol: "icmpv6", priority: 1 })], { a: { groups: ["sg"], ip6: "2001:db8::5" } });
    expect(decide(v6, "icmpv6", "2001:db8:1::1", "a").rule).toBe("ping6");
    expect(decide(v6, "tcp/22", "2001:db8:1::1", "a").verdict).toBe("deny");
  });
});

describe("§2.4 ports: tcp/udp destination port in the rule's ports (none = all)", () => {
  const net = bare(
    ["sg"],
    [
      ingress("sg", { id: "web", protocol: "tcp", ports: "80,443,8000-8080", priority: 1 }),
      ingress("sg", { id: "dns", protocol: "udp", ports: "53", priority: 1 }),
    ],
    { a: { groups: ["sg"], ip: "10.0.0.5" } },
  );

  it.each([80, 443, 8000, 8042, 8080])("tcp %d is in 80,443,8000-8080", (port) => {
    expect(decide(net, `tcp/${port}`, SRC, "a").rule).toBe("web");
  });

  it.each([79, 81, 442, 7999, 8081])("tcp %d is not", (port) => {
    expect(decide(net, `tcp/${port}`, SRC, "a").verdict).toBe("deny");
  });

  it("a udp rule's ports do not admit tcp on the same port", () => {
    expect(decide(net, "udp/53", SRC, "a").rule).toBe("dns");
    expect(decide(net, "tcp/53", SRC, "a").verdict).toBe("deny");
  });
});

describe("§2.4 remote: the other end of the packet (source for ingress, destination for egress)", () => {
  const net = bare(
    ["sg-app", "sg-db", "sg-other"],
    [
      ingress("sg-db", { id: "from-cidr", protocol: "tcp", ports: "5432", remote_ip_prefix: "192.168.0.0/24", priority: 1 }),
      ingress("sg-db", { id: "from-app", protocol: "tcp", ports: "3306", remote_group_id: "sg-app", priority: 1 }),
      ingress("sg-db", { id: "from-any", protocol: "tcp", ports: "9100", priority: 1 }),
      egress("sg-app", { id: "to-db-net", protocol: "tcp", remote_ip_prefix: "10.0.2.0/24", priority: 1 }),
    ],
    {
      app: { groups: ["sg-app"], ip: "10.0.1.5" },
      other: { groups: ["sg-other"], ip: "10.0.1.6" },
      db: { groups: ["sg-db"], ip: "10.0.2.5" },
    },
  );

  it("a CIDR remote contains the source address", () => {
    expect(decide(net, "tcp/5432", "192.168.0.200", "db").rule).toBe("from-cidr");
    expect(decide(net, "tcp/5432", "192.168.1.1", "db").verdict).toBe("deny");
  });

  it("a security-group remote matches the private fixed IP of a member instance", () => {
    expect(decide(net, "tcp/3306", "app", "db")).toMatchObject({ verdict: "allow", rule: "from-app" });
  });

  it("a security-group remote does not match a non-member instance or an outside address", () => {
    expect(decide(net, "tcp/3306", "other", "db").verdict).toBe("deny");
    expect(decide(net, "tcp/3306", "10.0.1.7", "db").verdict).toBe("deny");
  });

  it("an outside packet that carries a member's fixed IP matches the member's group", () => {
    expect(decide(net, "tcp/3306", "10.0.1.5", "db").rule).toBe("from-app");
  });

  it("no remote matches every address", () => {
    expect(decide(net, "tcp/9100", "203.0.113.99", "db").rule).toBe("from-any");
    expect(decide(net, "tcp/9100", "10.0.1.6", "db").rule).toBe("from-any");
  });

  it("for egress the remote is the destination", () => {
    expect(decide(net, "tcp/443", "app", "10.0.2.77").rule).toBe("to-db-net");
    expect(decide(net, "tcp/443", "app", "10.0.3.77").verdict).toBe("deny");
  });
});

describe("flows that cannot be packets are refused", () => {
  const net = bare(["sg"], [], { a: { groups: ["sg"], ip: "10.0.0.5" } });
  const ext = { kind: "external" as const, address: ip("1.2.3.4") };
  const a = { kind: "instance" as const, instanceId: "a", nicIndex: 0, address: ip("10.0.0.5"), fromFixedIp: true };

  it.each([
    ["tcp without a port", { version: 4, protocol: 6, src: ext, dst: a }, /needs a destination port/],
    ["tcp port 0", { version: 4, protocol: 6, port: 0, src: ext, dst: a }, /needs a destination port 1-65535/],
    ["icmp without its type and code", { version: 4, protocol: 1, src: ext, dst: a }, /needs its ICMP type and code/],
    ["icmp message 0", { version: 4, protocol: 1, port: 0, src: ext, dst: a }, /needs its ICMP type and code/],
    ["gre with a port", { version: 4, protocol: 47, port: 8, src: ext, dst: a }, /has no port/],
    ["protocol 256", { version: 4, protocol: 256, src: ext, dst: a }, /0-255/],
    ["no instance at either end", { version: 4, protocol: 47, src: ext, dst: ext }, /an instance of the model/],
  ] as const)("%s", (_name, flow, message) => {
    expect(() => evaluateFlow(net, flow)).toThrow(HwsgError);
    expect(() => evaluateFlow(net, flow)).toThrow(message);
  });
});
