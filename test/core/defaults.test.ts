/**
 * semantics.md §5: defaults. The four default rules of a new group (at priority 1, as seeds 000
 * and 002 show: DEFAULT_RULE_PRIORITY, a deliberate difference from the text of §5), and how
 * omitted action, priority, protocol, ports and remote are read.
 */
import { AddressSet } from "../../lib/core/address-set";
import { DEFAULT_RULE_PRIORITY, defaultRules, parseSecurityGroup } from "../../lib/core/security-group";
import { buildNetwork, decide, egress, ingress, makeRule } from "./helpers";

describe("§5 a new group gets four default rules, all allow, at priority 1 (seeds 000, 002)", () => {
  const group = parseSecurityGroup({ name: "web" }, "s", "sg-web");

  it("DEFAULT_RULE_PRIORITY is 1", () => {
    expect(DEFAULT_RULE_PRIORITY).toBe(1);
  });

  it("ingress IPv4 and IPv6 from the group itself, egress IPv4 to 0.0.0.0/0 and IPv6 to ::/0, every protocol", () => {
    const rules = defaultRules(group);
    const summary = rules.map((r) => ({
      direction: r.direction,
      version: r.version,
      protocol: r.protocol,
      ports: r.ports,
      remote: r.remote.kind === "group" ? `group:${r.remote.groupId}` : r.remote.kind === "cidr" ? r.remote.cidr : r.remote.kind,
      action: r.action,
      priority: r.priority,
    }));
    expect(summary).toEqual([
      { direction: "ingress", version: 4, protocol: undefined, ports: undefined, remote: "group:sg-web", action: "allow", priority: 1 },
      { direction: "ingress", version: 6, protocol: undefined, ports: undefined, remote: "group:sg-web", action: "allow", priority: 1 },
      { direction: "egress", version: 4, protocol: undefined, ports: undefined, remote: "0.0.0.0/0", action: "allow", priority: 1 },
      { direction: "egress", version: 6, protocol: undefined, ports: undefined, remote: "::/0", action: "allow", priority: 1 },
    ]);
    const [, , out4, out6] = rules;
    expect(out4.remote.kind === "cidr" && out4.remote.addresses.equals(AddressSet.all(4))).toBe(true);
    expect(out6.remote.kind === "cidr" && out6.remote.addresses.equals(AddressSet.all(6))).toBe(true);
  });

  it("delete_default_rules = true removes them; delete_default_rules defaults to false", () => {
    expect(group.deleteDefaultRules).toBe(false);
    expect(defaultRules(parseSecurityGroup({ name: "web", delete_default_rules: true }, "s", "g"))).toEqual([]);
    expect(defaultRules(parseSecurityGroup({ name: "web", delete_default_rules: "true" }, "s", "g"))).toEqual([]);
  });
});

describe("§5 with the default rules, members reach each other and everything may go out", () => {
  const lit = (deleteDefaults: boolean) =>
    buildNetwork({
      groups: { "sg-a": { delete_default_rules: deleteDefaults }, "sg-b": {} },
      instances: {
        a1: { groups: ["sg-a"], ip: "10.0.0.1", ip6: "2001:db8::1" },
        a2: { groups: ["sg-a"], ip: "10.0.0.2", ip6: "2001:db8::2" },
        b1: { groups: ["sg-b"], ip: "10.0.0.3" },
      },
    });

  it("members of one group reach each other on any protocol, IPv4 and IPv6", () => {
    const net = lit(false);
    expect(decide(net, "tcp/5432", "a1", "a2")).toMatchObject({ verdict: "allow", rule: "sg-a#default-ingress-ipv4" });
    expect(decide(net, "gre", "a2", "a1").verdict).toBe("allow");
    expect(decide(net, "udp/53", "a1", "a2", 6)).toMatchObject({ verdict: "allow", rule: "sg-a#default-ingress-ipv6" });
  });

  it("instances in different groups are isolated by default (seed 000)", () => {
    const net = lit(false);
    expect(decide(net, "tcp/22", "b1", "a1").verdict).toBe("deny");
    expect(decide(net, "tcp/22", "a1", "b1").verdict).toBe("deny");
  });

  it("external requests are denied by default, and every outbound request is allowed", () => {
    const net = lit(false);
    expect(decide(net, "tcp/22", "203.0.113.1", "a1").verdict).toBe("deny");
    expect(decide(net, "tcp/443", "a1", "203.0.113.1")).toMatchObject({ verdict: "allow", rule: "sg-a#default-egress-ipv4" });
    expect(decide(net, "tcp/443", "a1", "2001:db8:ffff::1")).toMatchObject({ verdict: "allow", rule: "sg-a#default-egress-ipv6" });
  });

  it("without the default rules, members cannot reach each other and nothing goes out", () => {
    const net = lit(true);
    expect(decide(net, "tcp/5432", "a1", "a2")).toMatchObject({ verdict: "deny", rule: null });
    expect(decide(net, "tcp/443", "a1", "203.0.113.1")).toMatchObject({ verdict: "deny", rule: null });
  });
});

describe("§5 the default rules are at priority 1: a deny must be at priority 1 to override them", () => {
  const withDeny = (priority: number) =>
    buildNetwork({
      groups: ["sg-a"],
      rules: [
        egress("sg-a", { id: "deny-https-out", protocol: "tcp", ports: "443", remote_ip_prefix: "0.0.0.0/0", action: "deny", priority }),
        ingress("sg-a", { id: "deny-ssh-peers", protocol: "tcp", ports: "22", remote_group_id: "sg-a", action: "deny", priority }),
      ],
      instances: { a1: { groups: ["sg-a"], ip: "10.0.0.1" }, a2: { groups: ["sg-a"], ip: "10.0.0.2" } },
    });

  it("an egress deny at priority 2 in a group that keeps its default egress does not block", () => {
    expect(decide(withDeny(2), "tcp/443", "a1", "203.0.113.1")).toMatchObject({ verdict: "allow", rule: "sg-a#default-egress-ipv4" });
  });

  it("an egress deny at priority 1 does block (deny before allow at the same priority)", () => {
    expect(decide(withDeny(1), "tcp/443", "a1", "203.0.113.1")).toMatchObject({ verdict: "deny", rule: "deny-https-out" });
  });

  it("an ingress deny between members at priority 2 does not block; at priority 1 it does", () => {
    expect(decide(withDeny(2), "tcp/22", "a1", "a2").verdict).toBe("allow");
    expect(decide(withDeny(1), "tcp/22", "a1", "a2")).toMatchObject({ verdict: "deny", rule: "deny-ssh-peers" });
  });

  it("the deny at priority 1 blocks only what it matches", () => {
    expect(decide(withDeny(1), "tcp/80", "a1", "203.0.113.1").verdict).toBe("allow");
    expect(decide(withDeny(1), "tcp/23", "a1", "a2").verdict).toBe("allow");
  });
});

describe("§5 an omitted action is allow", () => {
  it("reads as allow and admits", () => {
    const r = makeRule(ingress("sg-a", { protocol: "tcp", ports: "80", priority: 1 }));
    expect(r.action).toBe("allow");
    const net = buildNetwork({ groups: ["sg-a"], rules: [ingress("sg-a", { id: "web", protocol: "tcp", ports: "80", priority: 1 })], instances: { a: { groups: ["sg-a"], ip: "10.0.0.1" } } });
    expect(decide(net, "tcp/80", "203.0.113.1", "a")).toMatchObject({ verdict: "allow", rule: "web" });
  });
});

describe("§5 an omitted priority is 1, and is flagged", () => {
  it("reads as 1 with priorityImplicit set; an explicit priority is not flagged", () => {
    const implicit = makeRule(ingress("sg-a", { protocol: "tcp" }));
    expect(implicit.priority).toBe(1);
    expect(implicit.priorityImplicit).toBe(true);
    const explicit = makeRule(ingress("sg-a", { protocol: "tcp", priority: 1 }));
    expect(explicit.priorityImplicit).toBe(false);
  });

  it("an implicit-priority deny goes before an allow at priority 2", () => {
    const net = buildNetwork({
      groups: { "sg-a": { delete_default_rules: true } },
      rules: [
        ingress("sg-a", { id: "allow-p2", protocol: "tcp", ports: "22", remote_ip_prefix: "203.0.113.0/24", action: "allow", priority: 2 }),
        ingress("sg-a", { id: "deny-implicit", protocol: "tcp", ports: "22", action: "deny" }),
      ],
      instances: { a: { groups: ["sg-a"], ip: "10.0.0.1" } },
    });
    expect(decide(net, "tcp/22", "203.0.113.1", "a")).toMatchObject({ verdict: "deny", rule: "deny-implicit" });
  });
});

describe("§5 omitted protocol, ports and remote mean all", () => {
  it("no protocol: every protocol", () => {
    const r = makeRule(ingress("sg-a", { priority: 1 }));
    expect(r.protocol).toBeUndefined();
    expect(r.ports).toBeUndefined();
    expect(r.remote).toEqual({ kind: "any" });
  });

  it("tcp without ports (or with 1-65535): every port", () => {
    expect(makeRule(ingress("sg-a", { protocol: "tcp", priority: 1 })).ports).toBeUndefined();
    expect(makeRule(ingress("sg-a", { protocol: "tcp", ports: "1-65535", priority: 1 })).ports).toBeUndefined();
    expect(makeRule(ingress("sg-a", { protocol: "tcp", ports: "1-65534", priority: 1 })).ports?.toString()).toBe("1-65534");
  });

  it("no remote: every address of the rule's ethertype", () => {
    const net = buildNetwork({
      groups: { "sg-a": { delete_default_rules: true } },
      rules: [ingress("sg-a", { id: "any6", ethertype: "IPv6", priority: 1 })],
      instances: { a: { groups: ["sg-a"], ip: "10.0.0.1", ip6: "2001:db8::1" } },
    });
    expect(decide(net, "udp/9999", "2400:cb00::1", "a")).toMatchObject({ verdict: "allow", rule: "any6" });
    expect(decide(net, "udp/9999", "::1", "a").verdict).toBe("allow");
    expect(decide(net, "udp/9999", "1.1.1.1", "a").verdict).toBe("deny");
  });
});
