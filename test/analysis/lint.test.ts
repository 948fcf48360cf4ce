/**
 * The lint (lib/analysis): every finding code with positive and negative cases, judged on the
 * effective rule set (semantics.md §2, §6, §7).
 */
import { AddressSet } from "../../lib/core/address-set";
import { RULE_QUOTA } from "../../lib/core/effective-rules";
import { NON_PUBLIC_CIDRS, PUBLIC_ADDRESSES } from "../../lib/core/internet";
import {
  EXPOSURE_THRESHOLD,
  FINDING_CATALOGUE,
  Finding,
  FindingCode,
  HIGH_RISK_PORTS,
  lintNetwork,
  shadowedRules,
} from "../../lib/analysis";
import { NetLit, RuleLit, buildNetwork, ingress, egress } from "../core/helpers";

const only = (findings: readonly Finding[], code: FindingCode) => findings.filter((f) => f.code === code);
/** Every public IPv4 address, with thousands separators, as the messages print it. */
const ALL_V4 = PUBLIC_ADDRESSES[4].size.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
const lint = (lit: NetLit, code: FindingCode) => only(lintNetwork(buildNetwork(lit)), code);

/** One group without default rules, one instance in it. */
function web(rules: RuleLit[], extra: Partial<NetLit> = {}): NetLit {
  return {
    groups: { "sg-web": { delete_default_rules: true } },
    rules,
    instances: { web: { groups: ["sg-web"], ip: "10.0.0.5" } },
    ...extra,
  };
}

const ssh = (fields: Omit<RuleLit, "sg" | "direction">) => ingress("sg-web", { protocol: "tcp", ports: "22", priority: 1, ...fields });

describe("catalogue and constants", () => {
  it("has the eight codes with severity, title, rationale and fix", () => {
    expect(Object.keys(FINDING_CATALOGUE)).toEqual(["HWSG001", "HWSG002", "HWSG003", "HWSG004", "HWSG005", "HWSG006", "HWSG007", "HWSG008"]);
    for (const [code, info] of Object.entries(FINDING_CATALOGUE)) {
      expect(info.code).toBe(code);
      expect(info.title.length).toBeGreaterThan(5);
      expect(info.rationale).not.toMatch(/\n/);
      expect(info.fix).toMatch(/^[A-Z][^\n]*\.$/);
    }
    expect(FINDING_CATALOGUE.HWSG001.severity).toBe("error");
    expect(FINDING_CATALOGUE.HWSG002.severity).toBe("error");
    expect(FINDING_CATALOGUE.HWSG004.severity).toBe("warning");
    expect(FINDING_CATALOGUE.HWSG004.escalation).toContain("opposite action");
    expect(Object.values(FINDING_CATALOGUE).filter((i) => i.escalation).map((i) => i.code)).toEqual(["HWSG004"]);
  });

  it("public addresses are everything outside the non-public blocks", () => {
    for (const version of [4, 6] as const) {
      for (const cidr of NON_PUBLIC_CIDRS[version]) expect(PUBLIC_ADDRESSES[version].intersect(AddressSet.parse(cidr)).isEmpty).toBe(true);
    }
    expect(PUBLIC_ADDRESSES[4].has(AddressSet.parse("8.8.8.8").first()!)).toBe(true);
    expect(PUBLIC_ADDRESSES[4].has(AddressSet.parse("100.64.0.1").first()!)).toBe(false);
    expect(PUBLIC_ADDRESSES[6].has(AddressSet.parse("2001:db8::1").first()!)).toBe(true);
    expect(PUBLIC_ADDRESSES[6].has(AddressSet.parse("fd00::1").first()!)).toBe(false);
    expect(EXPOSURE_THRESHOLD[4]).toBe(1n << 24n);
    expect(EXPOSURE_THRESHOLD[6]).toBe(1n << 96n);
    expect(HIGH_RISK_PORTS.map((p) => p.port)).toEqual(expect.arrayContaining([22, 3389, 8848, [20, 21], 3306, 1521, 1433, 5432, 6379, 27017]));
  });
});

describe("HWSG001 high-risk port open to the internet", () => {
  it("0.0.0.0/1 plus 128.0.0.0/1 on 22 is as open as 0.0.0.0/0", () => {
    const f = lint(web([ssh({ id: "r.low", remote_ip_prefix: "0.0.0.0/1" }), ssh({ id: "r.high", remote_ip_prefix: "128.0.0.0/1" })]), "HWSG001");
    expect(f).toHaveLength(1);
    expect(f[0]).toEqual({
      code: "HWSG001",
      id: "HWSG001:web:ipv4:tcp/22",
      severity: "error",
      resource: "web",
      message: `Instance web is open to the internet on SSH (tcp port 22): all ${ALL_V4} public IPv4 addresses (100%) may connect, allowed by r.low in sg-web and r.high in sg-web.`,
      fix:
        "Allow SSH (tcp 22) from trusted sources only, restricting or removing all 2 rules that let it through (fixing only some leaves it open): " +
        "replace remote_ip_prefix 0.0.0.0/1 of r.low with your trusted CIDRs or a remote_group_id; " +
        "replace remote_ip_prefix 128.0.0.0/1 of r.high with your trusted CIDRs or a remote_group_id.",
      groupId: "sg-web",
      ruleIds: ["r.low", "r.high"],
      instanceId: "web",
      memberKind: "huaweicloud_compute_instance",
      exposure: { service: "SSH", port: "22", protocol: "tcp", version: 4, publicAddresses: PUBLIC_ADDRESSES[4].size.toString(), share: 1, example: "1.0.0.0" },
    });
    expect(ALL_V4).toBe("3,702,390,784"); // 2^32 minus the non-public blocks of NON_PUBLIC_CIDRS[4]
  });

  it("0.0.0.0/0 on 22 behind a deny of every address on 22 at priority 1 is closed", () => {
    const f = lint(web([ssh({ id: "r.allow", remote_ip_prefix: "0.0.0.0/0" }), ssh({ id: "r.deny", action: "deny" })]), "HWSG001");
    expect(f).toEqual([]);
  });

  it("an allow of 0.0.0.0/0 at priority 1 wins over a deny at priority 100", () => {
    const f = lint(web([ssh({ id: "r.deny", action: "deny", priority: 100 }), ssh({ id: "r.allow", remote_ip_prefix: "0.0.0.0/0", priority: 1 })]), "HWSG001");
    expect(f).toHaveLength(1);
    expect(f[0].ruleIds).toEqual(["r.allow"]);
    expect(f[0].message).toContain(`all ${ALL_V4} public IPv4 addresses (100%)`);
    expect(f[0].exposure?.share).toBe(1);
  });

  it("trusted sources (a private /8, a public /24, a public /16) are not the internet", () => {
    const f = lint(web([ssh({ remote_ip_prefix: "10.0.0.0/8" }), ssh({ remote_ip_prefix: "203.0.113.0/24" }), ssh({ remote_ip_prefix: "100.0.0.0/16" })]), "HWSG001");
    expect(f).toEqual([]);
  });

  it("the threshold is MORE than a /8 of public addresses: exactly a /8 is silent, one address more is not", () => {
    expect(lint(web([ssh({ remote_ip_prefix: "11.0.0.0/8" })]), "HWSG001")).toEqual([]);
    const justOver = lint(web([ssh({ id: "r.eight", remote_ip_prefix: "11.0.0.0/8" }), ssh({ id: "r.one", remote_ip_prefix: "12.0.0.0/32" })]), "HWSG001");
    expect(justOver).toHaveLength(1);
    expect(justOver[0].exposure?.publicAddresses).toBe(((1n << 24n) + 1n).toString());
    expect(justOver[0].ruleIds).toEqual(["r.eight", "r.one"]);
    // The same /8 plus one address that is not public (10.0.0.1) stays silent: only public addresses count.
    expect(lint(web([ssh({ remote_ip_prefix: "11.0.0.0/8" }), ssh({ remote_ip_prefix: "10.0.0.1/32" })]), "HWSG001")).toEqual([]);
    const f = lint(web([ssh({ id: "r.seven", remote_ip_prefix: "12.0.0.0/7" })]), "HWSG001");
    expect(f).toHaveLength(1);
    expect(f[0].message).toBe(
      "Instance web is open to the internet on SSH (tcp port 22): 33,554,432 public IPv4 addresses (0.9% of the public IPv4 space, e.g. 12.0.0.0) may connect, allowed by r.seven in sg-web.",
    );
    expect(f[0].exposure).toEqual({ service: "SSH", port: "22", protocol: "tcp", version: 4, publicAddresses: "33554432", share: 33554432 / 3702390784, example: "12.0.0.0" });
  });

  it("0.0.0.0/0 minus a /24 deny is still open", () => {
    const f = lint(web([ssh({ id: "r.deny", remote_ip_prefix: "1.2.3.0/24", action: "deny" }), ssh({ id: "r.all", remote_ip_prefix: "0.0.0.0/0", priority: 2 })]), "HWSG001");
    expect(f).toHaveLength(1);
    expect(f[0].ruleIds).toEqual(["r.all"]);
    expect(f[0].message).toBe(
      "Instance web is open to the internet on SSH (tcp port 22): 3,702,390,528 public IPv4 addresses (99.9% of the public IPv4 space, e.g. 1.0.0.0) may connect, allowed by r.all in sg-web.",
    );
    expect(f[0].exposure?.publicAddresses).toBe((PUBLIC_ADDRESSES[4].size - 256n).toString());
    expect(f[0].exposure?.share).toBeLessThan(1);
  });

  it("an all-protocol rule from ::/0 opens every high-risk port (tcp and udp) over IPv6, and nothing over IPv4", () => {
    const f = lint(web([ingress("sg-web", { id: "r.v6", ethertype: "IPv6", remote_ip_prefix: "::/0", priority: 1 })]), "HWSG001");
    expect(f).toHaveLength(HIGH_RISK_PORTS.length);
    expect(f.every((x) => x.message.includes("all public IPv6 addresses (about 2^127.98, 100%)") && x.ruleIds.join() === "r.v6")).toBe(true);
    expect(f.every((x) => x.exposure?.version === 6 && x.exposure.share === 1 && x.id.includes(`:ipv6:${x.exposure.protocol}/`))).toBe(true);
    expect(f.filter((x) => x.exposure?.protocol === "udp").map((x) => x.id)).toEqual(
      ["udp/137-138", "udp/161", "udp/1900", "udp/11211"].map((p) => `HWSG001:web:ipv6:${p}`),
    );
    expect(f.some((x) => x.message.includes("NetBIOS/RPC (tcp ports 135-139)"))).toBe(true);
    // Sorted by code, group, rules, instance, then port.
    expect(f[0].message).toContain("FTP (tcp ports 20-21)");
    expect(f[1].message).toContain("SSH (tcp port 22)");
  });

  it("an IPv6 rule from a /32 is not the internet, a /31 is", () => {
    const v6 = (cidr: string) => web([ingress("sg-web", { ethertype: "IPv6", protocol: "tcp", ports: "22", remote_ip_prefix: cidr, priority: 1 })]);
    expect(lint(v6("2001:db8::/32"), "HWSG001")).toEqual([]);
    const f = lint(v6("2001:db8::/31"), "HWSG001");
    expect(f).toHaveLength(1);
    expect(f[0].message).toContain("about 2^97.00 public IPv6 addresses (less than 0.1% of the public IPv6 space, e.g. 2001:db8::)");
    expect(f[0].exposure?.publicAddresses).toBe((1n << 97n).toString());
  });

  it("an IPv6 example is a global unicast address", () => {
    const f = lint(
      web([
        ingress("sg-web", { id: "r.deny", ethertype: "IPv6", protocol: "tcp", ports: "22", remote_ip_prefix: "2001:db8::/32", action: "deny", priority: 1 }),
        ingress("sg-web", { id: "r.all", ethertype: "IPv6", protocol: "tcp", ports: "22", priority: 2 }),
      ]),
      "HWSG001",
    );
    expect(f.map((x) => x.message)).toEqual([
      "Instance web is open to the internet on SSH (tcp port 22): about 2^127.98 public IPv6 addresses (99.9% of the public IPv6 space, e.g. 2000::) may connect, allowed by r.all in sg-web.",
    ]);
  });

  it("group order: a deny in the instance's first group hides an allow in its second group", () => {
    const f = lint(
      {
        groups: { "sg-guard": { delete_default_rules: true }, "sg-open": { delete_default_rules: true } },
        rules: [
          ingress("sg-guard", { id: "guard.deny", protocol: "tcp", ports: "22", action: "deny", priority: 100 }),
          ingress("sg-open", { id: "open.ssh", protocol: "tcp", ports: "22", remote_ip_prefix: "0.0.0.0/0", priority: 1 }),
        ],
        instances: {
          guarded: { groups: ["sg-guard", "sg-open"], ip: "10.0.0.5" },
          exposed: { groups: ["sg-open"], ip: "10.0.0.6" },
          reversed: { groups: ["sg-open", "sg-guard"], ip: "10.0.0.7" },
        },
      },
      "HWSG001",
    );
    expect(f.map((x) => x.instanceId)).toEqual(["exposed", "reversed"]);
    expect(f.every((x) => x.groupId === "sg-open")).toBe(true);
  });

  it("FTP 20-21 is one finding; a port exposed by other rules is another", () => {
    const one = lint(web([ingress("sg-web", { id: "r.ftp", protocol: "tcp", ports: "20-21", remote_ip_prefix: "0.0.0.0/0", priority: 1 })]), "HWSG001");
    expect(one).toHaveLength(1);
    expect(one[0].message).toContain("on FTP (tcp ports 20-21)");
    const two = lint(
      web([
        ingress("sg-web", { id: "r.half", protocol: "tcp", ports: "20-21", remote_ip_prefix: "0.0.0.0/1", priority: 2 }),
        ingress("sg-web", { id: "r.data", protocol: "tcp", ports: "21", priority: 1 }),
      ]),
      "HWSG001",
    );
    expect(two.map((f) => [f.ruleIds.join(), f.message.match(/on (FTP \(.*?\)): (.*?) may/)!.slice(1)])).toEqual([
      // r.half lets 0.0.0.0/1 through on 21 too: restricting r.data alone would leave 21 open.
      ["r.data,r.half", ["FTP (tcp port 21)", `all ${ALL_V4} public IPv4 addresses (100%)`]],
      ["r.half", ["FTP (tcp port 20)", "2,092,957,696 public IPv4 addresses (56.5% of the public IPv4 space, e.g. 1.0.0.0)"]],
    ]);
    expect(two.map((f) => f.id)).toEqual(["HWSG001:web:ipv4:tcp/21", "HWSG001:web:ipv4:tcp/20"]);
    expect(one[0].exposure?.port).toBe("20-21");
    expect(one[0].id).toBe("HWSG001:web:ipv4:tcp/20-21");
  });

  it("a group without instances is judged on a stand-in member", () => {
    const f = lint(
      {
        groups: { "sg-web": { delete_default_rules: true }, "sg-db": { delete_default_rules: true } },
        rules: [ingress("sg-db", { id: "db.mysql", protocol: "tcp", ports: "3306", remote_ip_prefix: "0.0.0.0/0", priority: 1 })],
        instances: { web: { groups: ["sg-web"], ip: "10.0.0.5" } },
      },
      "HWSG001",
    );
    expect(f).toHaveLength(1);
    expect(f[0].instanceId).toBe("member of sg-db");
    expect(f[0].resource).toBe("sg-db");
    expect(f[0].id).toBe("HWSG001:sg-db:ipv4:tcp/3306");
    expect(f[0].message).toBe(
      `A member of security group sg-db (the group has no member in the model) is open to the internet on MySQL (tcp port 3306): all ${ALL_V4} public IPv4 addresses (100%) may connect, allowed by db.mysql in sg-db.`,
    );
  });

  it("the default rules open nothing to the internet", () => {
    expect(lint({ groups: ["sg-a"], instances: { a: { groups: ["sg-a"], ip: "10.0.0.5" } } }, "HWSG001")).toEqual([]);
  });

  it("rules that do not take effect on the flavor expose nothing", () => {
    const lit = (flavor: string) =>
      web([ingress("sg-web", { protocol: "tcp", ports: "22,3389", remote_ip_prefix: "0.0.0.0/0", priority: 1 })], {
        instances: { web: { groups: ["sg-web"], ip: "10.0.0.5", flavor } },
      });
    expect(lint(lit("s1.small.1"), "HWSG001")).toEqual([]);
    expect(lint(lit("s6.small.1"), "HWSG001").map((f) => f.message.match(/on (\w+)/)![1])).toEqual(["SSH", "RDP"]);
  });

  it("custom high-risk ports replace the default list", () => {
    const net = buildNetwork(web([ingress("sg-web", { protocol: "tcp", ports: "8000-8100", remote_ip_prefix: "0.0.0.0/0", priority: 1 })]));
    expect(only(lintNetwork(net), "HWSG001")).toEqual([]);
    const f = only(lintNetwork(net, { highRiskPorts: [{ port: [8080, 8081], service: "HTTP proxy" }] }), "HWSG001");
    expect(f.map((x) => x.message)).toEqual([
      `Instance web is open to the internet on HTTP proxy (tcp ports 8080-8081): all ${ALL_V4} public IPv4 addresses (100%) may connect, allowed by sg-web.rule0 in sg-web.`,
    ]);
    expect(() => lintNetwork(net, { highRiskPorts: [{ port: [90, 80], service: "x" }] })).toThrow(/from <= to/);
    expect(() => lintNetwork(net, { highRiskPorts: [{ port: [8000, 8080], service: "a" }, { port: 8080, service: "b" }] })).toThrow(
      "high-risk ports 8080 of b overlap [8000,8080] of a: list each port once",
    );
  });
});

describe("HWSG002 rule quota exceeded", () => {
  const groupRules = (n: number) =>
    Array.from({ length: n }, (_, i) => ingress("sg-a", { id: `q${i + 1}`, protocol: "tcp", ports: String(1000 + i), remote_group_id: "sg-b", priority: 1 }));
  const lit = (n: number): NetLit => ({ groups: { "sg-a": { delete_default_rules: true }, "sg-b": {} }, rules: groupRules(n) });

  it("121 remote-group rules: the last will not take effect", () => {
    const f = lint(lit(RULE_QUOTA + 1), "HWSG002");
    expect(f).toEqual([
      {
        code: "HWSG002",
        id: "HWSG002:q121",
        severity: "error",
        resource: "q121",
        message:
          "Rule q121 of security group sg-a will not take effect: it is the 121st of the group's 121 ingress IPv4 rules that count against the quota of 120 (a security-group or address-group remote, or inconsecutive ports), and only the first 120 take effect.",
        fix: "Move q121 to another security group of the same instances, or merge rules of sg-a so at most 120 count: sg-a has 121 ingress IPv4 rules that count against the quota of 120.",
        groupId: "sg-a",
        ruleIds: ["q121"],
      },
    ]);
  });

  it("every rule beyond the quota is its own finding, by its own address; other directions and versions count apart", () => {
    const rules = [
      ...groupRules(RULE_QUOTA + 3),
      ingress("sg-a", { id: "split-me", protocol: "tcp", ports: "80,443", remote_ip_prefix: "10.0.0.0/8", priority: 1 }),
      ingress("sg-a", { id: "plain", protocol: "tcp", ports: "22", remote_ip_prefix: "10.0.0.0/8", priority: 1 }),
      egress("sg-a", { id: "out", protocol: "tcp", ports: "80,443", remote_group_id: "sg-b", priority: 1 }),
      ingress("sg-a", { id: "v6", ethertype: "IPv6", protocol: "tcp", ports: "22", remote_group_id: "sg-b", priority: 1 }),
    ];
    const f = lint({ groups: { "sg-a": { delete_default_rules: true }, "sg-b": {} }, rules }, "HWSG002");
    expect(f.map((x) => x.resource)).toEqual(["q121", "q122", "q123", "split-me"]);
    expect(f.map((x) => x.id)).toEqual(["HWSG002:q121", "HWSG002:q122", "HWSG002:q123", "HWSG002:split-me"]);
    expect(f[3].message).toContain("it is the 124th of the group's 124 ingress IPv4 rules");
    expect(f[3].fix).toBe(
      'Split the ports "80,443" of split-me into one rule per port or range (with consecutive ports and a CIDR remote it no longer counts): sg-a has 124 ingress IPv4 rules that count against the quota of 120.',
    );
  });

  it("120 is within the quota", () => {
    expect(lint(lit(RULE_QUOTA), "HWSG002")).toEqual([]);
  });

  it("the default ingress rule counts too", () => {
    const f = lint({ groups: { "sg-a": {}, "sg-b": {} }, rules: groupRules(RULE_QUOTA) }, "HWSG002");
    expect(f).toHaveLength(1);
    expect(f[0].ruleIds).toEqual(["q120"]);
  });
});

describe("HWSG003 more than 5 security groups on an instance", () => {
  const groups = ["g1", "g2", "g3", "g4", "g5", "g6"];
  it("6 groups: a warning", () => {
    const f = lint({ groups, instances: { i: { groups, ip: "10.0.0.5" } } }, "HWSG003");
    expect(f).toEqual([
      {
        code: "HWSG003",
        id: "HWSG003:i",
        severity: "warning",
        resource: "i",
        fix: "Attach at most 5 security groups to i: merge the rules of 2 of its 6 groups into one.",
        message: "Instance i has 6 security groups (g1, g2, g3, g4, g5 and g6), more than the 5 Huawei Cloud advises; their rules are tried group by group in this order, which is hard to follow.",
        ruleIds: [],
        instanceId: "i",
        memberKind: "huaweicloud_compute_instance",
      },
    ]);
  });
  it("5 groups: nothing", () => {
    expect(lint({ groups, instances: { i: { groups: groups.slice(0, 5), ip: "10.0.0.5" } } }, "HWSG003")).toEqual([]);
  });
});

describe("HWSG004 rule covered by earlier rules", () => {
  const seedCase3 = (denyPriority: number): NetLit => ({
    groups: { "sg-db": {} },
    rules: [
      ingress("sg-db", { id: "allow_any", remote_ip_prefix: "0.0.0.0/0", action: "allow", priority: 1 }),
      ingress("sg-db", { id: "deny_mysql", protocol: "tcp", ports: "3306", remote_ip_prefix: "0.0.0.0/0", action: "deny", priority: denyPriority }),
    ],
    instances: { db: { groups: ["sg-db"], ip: "172.16.0.70" } },
  });

  it("seed 001 case 3: a deny at priority 100 under an allow at priority 1 is a deny that never takes effect, covered by the allow (an error)", () => {
    const f = lint(seedCase3(100), "HWSG004");
    expect(f).toEqual([
      {
        code: "HWSG004",
        id: "HWSG004:deny_mysql",
        severity: "error",
        resource: "deny_mysql",
        message:
          "Deny rule deny_mysql of security group sg-db never takes effect, covered by the allow rules sg-db#default-ingress-ipv4 and allow_any: " +
          "everything it matches (ingress IPv4 tcp 3306 from 0.0.0.0/0: deny, priority 100) is matched first by those rules, so the traffic it should deny is allowed (opposite action).",
        fix: "Give deny_mysql priority 1 so it is tried before sg-db#default-ingress-ipv4 and allow_any (at equal priority a deny is tried first), or remove it if they should win.",
        groupId: "sg-db",
        ruleIds: ["deny_mysql", "sg-db#default-ingress-ipv4", "allow_any"],
        // The default intra-group rule (priority 1, every protocol from the group's members) takes the members' traffic first.
        coveredBy: ["sg-db#default-ingress-ipv4", "allow_any"],
        cover: "opposite-action",
      },
    ]);
    const withoutDefaults = lint({ ...seedCase3(100), groups: { "sg-db": { delete_default_rules: true } } }, "HWSG004");
    expect(withoutDefaults.map((x) => [x.coveredBy, x.fix])).toEqual([
      [["allow_any"], "Give deny_mysql priority 1 so it is tried before allow_any (at equal priority a deny is tried first), or remove it if it should win."],
    ]);
  });

  it("seed 001 case 3 with the deny at priority 1: the deny takes effect, nothing is reported", () => {
    expect(lint(seedCase3(1), "HWSG004")).toEqual([]);
  });

  it("an allow covered by a deny: opposite action, fixed by a priority before the deny's", () => {
    const mk = (denyPriority: number) =>
      lint(
        {
          groups: { "sg-a": { delete_default_rules: true } },
          rules: [
            ingress("sg-a", { id: "deny", protocol: "tcp", remote_ip_prefix: "0.0.0.0/0", action: "deny", priority: denyPriority }),
            ingress("sg-a", { id: "ssh", protocol: "tcp", ports: "22", remote_ip_prefix: "10.0.0.0/8", priority: 50 }),
          ],
        },
        "HWSG004",
      );
    const f = mk(10);
    expect(f.map((x) => [x.id, x.severity, x.cover, x.coveredBy])).toEqual([["HWSG004:ssh", "error", "opposite-action", ["deny"]]]);
    expect(f[0].message).toMatch(/^Allow rule ssh of security group sg-a never takes effect, covered by the deny rule deny: .*, so the traffic it should allow is denied \(opposite action\)\.$/);
    expect(f[0].fix).toBe("Give ssh priority 9 so it is tried before deny (a deny is tried before an allow of the same priority), or remove it if it should win.");
    expect(mk(1)[0].fix).toBe("Narrow deny (a priority-1 deny, tried before every allow of sg-a) so it leaves out what ssh should allow, or remove ssh if the deny should win.");
  });

  it("a mixed cover: some of the rule's traffic is taken by an allow, the rest by a deny", () => {
    const f = lint(
      {
        groups: { "sg-a": { delete_default_rules: true } },
        rules: [
          ingress("sg-a", { id: "deny-low", protocol: "tcp", ports: "3306", remote_ip_prefix: "0.0.0.0/1", action: "deny", priority: 1 }),
          ingress("sg-a", { id: "allow-high", protocol: "tcp", remote_ip_prefix: "128.0.0.0/1", priority: 2 }),
          ingress("sg-a", { id: "deny-all", protocol: "tcp", ports: "3306", action: "deny", priority: 3 }),
        ],
      },
      "HWSG004",
    );
    expect(f.map((x) => [x.resource, x.severity, x.cover, x.coveredBy])).toEqual([["deny-all", "error", "mixed", ["deny-low", "allow-high"]]]);
    expect(f[0].message).toContain("never takes effect, covered by the deny rule deny-low and the allow rule allow-high: ");
    expect(f[0].message).toContain("so some of the traffic it should deny is allowed (mixed actions).");
    expect(f[0].fix).toBe("Give deny-all priority 2 so it is tried before allow-high (at equal priority a deny is tried first), or remove it if it should win.");
  });

  it("a default rule covered by an opposite action is only a warning, fixed by deleting the defaults", () => {
    const f = lint(
      {
        groups: ["sg-a"],
        rules: [
          egress("sg-a", { id: "deny-low", remote_ip_prefix: "0.0.0.0/1", action: "deny", priority: 1 }),
          egress("sg-a", { id: "deny-high", remote_ip_prefix: "128.0.0.0/1", action: "deny", priority: 1 }),
        ],
      },
      "HWSG004",
    );
    expect(f.map((x) => [x.id, x.resource, x.severity, x.cover])).toEqual([["HWSG004:sg-a#default-egress-ipv4", "sg-a", "warning", "opposite-action"]]);
    expect(f[0].fix).toBe("Set delete_default_rules = true on sg-a and write the rules you mean: its default rule sg-a#default-egress-ipv4 is always preceded by deny-low and deny-high.");
  });

  it("an earlier rule of another remote group takes some of the traffic and is listed, though it cannot cover alone", () => {
    const f = lint(
      {
        groups: { "sg-web": { delete_default_rules: true }, "sg-app": {} },
        rules: [
          ingress("sg-web", { id: "app-deny", protocol: "tcp", ports: "22", remote_group_id: "sg-app", action: "deny", priority: 1 }),
          ingress("sg-web", { id: "any", protocol: "tcp", ports: "22", priority: 2 }),
          ingress("sg-web", { id: "office", protocol: "tcp", ports: "22", remote_ip_prefix: "10.0.0.0/8", priority: 3 }),
        ],
      },
      "HWSG004",
    );
    expect(f.map((x) => [x.resource, x.coveredBy, x.cover, x.severity])).toEqual([["office", ["app-deny", "any"], "mixed", "error"]]);
  });

  const lit = (rules: RuleLit[]): NetLit => ({
    groups: { "sg-web": { delete_default_rules: true }, "sg-app": { delete_default_rules: true } },
    rules,
    instances: { app: { groups: ["sg-app"], ip: "10.0.0.5" } },
  });
  const tcp22 = (fields: Omit<RuleLit, "sg" | "direction">) => ingress("sg-web", { protocol: "tcp", ports: "22", ...fields });

  it("an exact duplicate", () => {
    const f = lint(lit([tcp22({ id: "a", remote_ip_prefix: "10.0.0.0/24", priority: 1 }), tcp22({ id: "b", remote_ip_prefix: "10.0.0.0/24", priority: 1 })]), "HWSG004");
    expect(f).toEqual([
      {
        code: "HWSG004",
        id: "HWSG004:b",
        severity: "warning",
        resource: "b",
        message:
          "Allow rule b of security group sg-web never takes effect, covered by the allow rule a: everything it matches (ingress IPv4 tcp 22 from 10.0.0.0/24: allow, priority 1) is matched first by that rule, so it is redundant (same action).",
        fix: "Remove b: a already allows everything it matches.",
        groupId: "sg-web",
        ruleIds: ["b", "a"],
        coveredBy: ["a"],
        cover: "same-action",
      },
    ]);
  });

  it("covered by the union of two earlier CIDRs, not by one of them", () => {
    const union = lint(
      lit([
        tcp22({ id: "low", remote_ip_prefix: "10.0.0.0/25", priority: 1 }),
        tcp22({ id: "high", remote_ip_prefix: "10.0.0.128/25", priority: 1, action: "deny" }),
        tcp22({ id: "unrelated", remote_ip_prefix: "192.168.0.0/16", priority: 1 }),
        tcp22({ id: "whole", remote_ip_prefix: "10.0.0.0/24", priority: 2 }),
      ]),
      "HWSG004",
    );
    expect(union.map((f) => f.ruleIds)).toEqual([["whole", "high", "low"]]);
    expect(union.map((f) => [f.coveredBy, f.cover, f.severity])).toEqual([[["high", "low"], "mixed", "error"]]);
    expect(union[0].message).toContain("covered by the deny rule high and the allow rule low: ");
    const half = lint(lit([tcp22({ remote_ip_prefix: "10.0.0.0/25", priority: 1 }), tcp22({ remote_ip_prefix: "10.0.0.0/24", priority: 2 })]), "HWSG004");
    expect(half).toEqual([]);
  });

  it("later in the matching order, not in the file: a deny at the same priority comes first", () => {
    const f = lint(lit([tcp22({ id: "allow", remote_ip_prefix: "10.0.0.0/16", priority: 5 }), tcp22({ id: "deny", remote_ip_prefix: "10.0.0.0/8", priority: 5, action: "deny" })]), "HWSG004");
    expect(f.map((x) => x.ruleIds)).toEqual([["allow", "deny"]]);
    const g = lint(lit([tcp22({ id: "allow", remote_ip_prefix: "10.0.0.0/16", priority: 4 }), tcp22({ id: "deny", remote_ip_prefix: "10.0.0.0/8", priority: 5, action: "deny" })]), "HWSG004");
    expect(g).toEqual([]);
  });

  it("ports and protocols: covered by an all-protocol rule and by a wider range, not by a narrower one", () => {
    const f = lint(
      lit([
        ingress("sg-web", { id: "all", remote_ip_prefix: "10.0.0.0/8", priority: 1 }),
        ingress("sg-web", { id: "udp", protocol: "udp", ports: "53", remote_ip_prefix: "10.1.0.0/16", priority: 2 }),
        ingress("sg-web", { id: "range", protocol: "tcp", ports: "1000-2000", remote_ip_prefix: "0.0.0.0/0", priority: 3 }),
        ingress("sg-web", { id: "inside", protocol: "tcp", ports: "1500,1600-1700", remote_ip_prefix: "0.0.0.0/0", priority: 4 }),
        ingress("sg-web", { id: "wider", protocol: "tcp", ports: "1000-2001", remote_ip_prefix: "0.0.0.0/0", priority: 5 }),
      ]),
      "HWSG004",
    );
    expect(f.map((x) => x.ruleIds)).toEqual([["inside", "all", "range"], ["udp", "all"]]);
  });

  it("an all-protocol rule is covered only when every protocol is", () => {
    const rules = [
      ingress("sg-web", { id: "tcp", protocol: "tcp", remote_ip_prefix: "10.0.0.0/8", priority: 1 }),
      ingress("sg-web", { id: "udp", protocol: "udp", remote_ip_prefix: "10.0.0.0/8", priority: 1 }),
      ingress("sg-web", { id: "any", remote_ip_prefix: "10.0.0.0/8", priority: 2 }),
    ];
    expect(lint(lit(rules), "HWSG004")).toEqual([]);
    const f = lint(lit([ingress("sg-web", { id: "first", remote_ip_prefix: "10.0.0.0/8", priority: 1 }), ...rules]), "HWSG004");
    expect(f.map((x) => x.ruleIds)).toEqual([["any", "first"], ["tcp", "first"], ["udp", "first"]]);
  });

  it("a group remote is covered by an earlier rule for every address, or of the same group", () => {
    const byAny = lint(lit([tcp22({ id: "any", priority: 1 }), tcp22({ id: "grp", remote_group_id: "sg-app", priority: 2 })]), "HWSG004");
    expect(byAny.map((x) => x.ruleIds)).toEqual([["grp", "any"]]);
    const byZero = lint(lit([tcp22({ id: "zero", remote_ip_prefix: "0.0.0.0/0", priority: 1 }), tcp22({ id: "grp", remote_group_id: "sg-app", priority: 2 })]), "HWSG004");
    expect(byZero.map((x) => x.ruleIds)).toEqual([["grp", "zero"]]);
    const bySame = lint(
      lit([
        ingress("sg-web", { id: "wide", protocol: "tcp", ports: "1-1024", remote_group_id: "sg-app", priority: 1 }),
        tcp22({ id: "grp", remote_group_id: "sg-app", priority: 2 }),
      ]),
      "HWSG004",
    );
    expect(bySame.map((x) => x.ruleIds)).toEqual([["grp", "wide"]]);
  });

  it("a group remote is not covered by a CIDR that happens to hold its members, nor by another group", () => {
    const f = lint(
      lit([
        tcp22({ id: "cidr", remote_ip_prefix: "10.0.0.0/8", priority: 1 }),
        tcp22({ id: "other", remote_group_id: "sg-web", priority: 1 }),
        tcp22({ id: "grp", remote_group_id: "sg-app", priority: 2 }),
      ]),
      "HWSG004",
    );
    expect(f).toEqual([]);
  });

  it("a group rule never covers an address rule", () => {
    const f = lint(lit([tcp22({ id: "grp", remote_group_id: "sg-app", priority: 1 }), tcp22({ id: "host", remote_ip_prefix: "10.0.0.5/32", priority: 2 })]), "HWSG004");
    expect(f).toEqual([]);
  });

  it("an allow rule after the default allow-all egress never takes effect", () => {
    const f = lint({ groups: ["sg-a"], rules: [egress("sg-a", { id: "https", protocol: "tcp", ports: "443", remote_ip_prefix: "0.0.0.0/0", priority: 10 })] }, "HWSG004");
    expect(f.map((x) => x.ruleIds)).toEqual([["https", "sg-a#default-egress-ipv4"]]);
  });

  it("rules beyond the quota cover nothing and are left to HWSG002", () => {
    const rules = Array.from({ length: RULE_QUOTA }, (_, i) => ingress("sg-web", { protocol: "tcp", ports: String(1000 + i), remote_group_id: "sg-app", priority: 1 }));
    const extra = [
      ingress("sg-web", { id: "beyond", protocol: "tcp", ports: "22", remote_group_id: "sg-app", priority: 1 }),
      tcp22({ id: "after", remote_group_id: "sg-app", priority: 2 }),
    ];
    expect(lint(lit([...rules, ...extra]), "HWSG004")).toEqual([]);
  });

  it("shadowedRules is the per-group API", () => {
    const net = buildNetwork(lit([tcp22({ id: "a", priority: 1 }), tcp22({ id: "b", remote_ip_prefix: "10.0.0.0/8", priority: 2 })]));
    expect(shadowedRules(net, "sg-web", "ingress", 4).map((s) => [s.rule.id, s.coveredBy.map((r) => r.id), s.cover])).toEqual([["b", ["a"], "same-action"]]);
    expect(shadowedRules(net, "sg-web", "egress", 4)).toEqual([]);
  });
});

describe("HWSG005 opposite actions overlapping at the same priority", () => {
  const lit = (rules: RuleLit[]): NetLit => ({
    groups: { "sg-web": { delete_default_rules: true }, "sg-app": { delete_default_rules: true } },
    rules,
    instances: { app: { groups: ["sg-app"], ip: "10.0.0.5" } },
  });

  it("a partial overlap at the same priority", () => {
    const f = lint(
      lit([
        ingress("sg-web", { id: "allow", protocol: "tcp", ports: "20-25", remote_ip_prefix: "10.0.0.0/16", priority: 5 }),
        ingress("sg-web", { id: "deny", protocol: "tcp", ports: "22-30", remote_ip_prefix: "10.0.0.0/8", priority: 5, action: "deny" }),
      ]),
      "HWSG005",
    );
    expect(f).toEqual([
      {
        code: "HWSG005",
        id: "HWSG005:deny:allow",
        severity: "warning",
        resource: "deny",
        fix: "If allow should win on the overlap, give allow priority 4; if deny should, give deny priority 4, so the order does not rest on deny-before-allow.",
        message:
          "In security group sg-web, ingress IPv4 rules deny (deny) and allow (allow) both have priority 5 and overlap on tcp ports 22-25 from 10.0.0.0/16 (e.g. tcp port 22 from 10.0.0.0): at equal priority the deny is tried first whatever order they are written in, so the deny wins there.",
        groupId: "sg-web",
        ruleIds: ["deny", "allow"],
      },
    ]);
  });

  it("different priorities: nothing", () => {
    const f = lint(
      lit([
        ingress("sg-web", { protocol: "tcp", ports: "20-25", remote_ip_prefix: "10.0.0.0/16", priority: 5 }),
        ingress("sg-web", { protocol: "tcp", ports: "22-30", remote_ip_prefix: "10.0.0.0/8", priority: 6, action: "deny" }),
      ]),
      "HWSG005",
    );
    expect(f).toEqual([]);
  });

  it("full containment either way is not reported (a shadowed allow, or an exception carved out of an allow)", () => {
    const shadowed = lintNetwork(
      buildNetwork(
        lit([
          ingress("sg-web", { id: "allow", protocol: "tcp", ports: "22", remote_ip_prefix: "10.0.0.0/16", priority: 5 }),
          ingress("sg-web", { id: "deny", protocol: "tcp", remote_ip_prefix: "10.0.0.0/8", priority: 5, action: "deny" }),
        ]),
      ),
    );
    expect(only(shadowed, "HWSG005")).toEqual([]);
    expect(only(shadowed, "HWSG004").map((f) => f.ruleIds)).toEqual([["allow", "deny"]]);
    const carved = lint(
      lit([
        ingress("sg-web", { protocol: "tcp", ports: "22", remote_ip_prefix: "0.0.0.0/0", priority: 5 }),
        ingress("sg-web", { protocol: "tcp", ports: "22", remote_ip_prefix: "1.2.3.0/24", priority: 5, action: "deny" }),
      ]),
      "HWSG005",
    );
    expect(carved).toEqual([]);
  });

  it("a group remote overlaps addresses only on the modelled members", () => {
    const mk = (cidr: string) =>
      lit([
        ingress("sg-web", { id: "allow", protocol: "tcp", ports: "22", remote_group_id: "sg-app", priority: 5 }),
        ingress("sg-web", { id: "deny", protocol: "tcp", ports: "22", remote_ip_prefix: cidr, priority: 5, action: "deny" }),
      ]);
    const f = lint(mk("10.0.0.0/24"), "HWSG005");
    expect(f).toHaveLength(1);
    expect(f[0].message).toContain("overlap on tcp port 22 from the members of security group sg-app at 10.0.0.5/32 (e.g. tcp port 22 from 10.0.0.5)");
    expect(lint(mk("192.168.0.0/24"), "HWSG005")).toEqual([]);
  });

  it("a group remote overlaps a rule for every address on all its members, modelled or not", () => {
    const f = lint(
      lit([
        egress("sg-web", { id: "deny", remote_group_id: "sg-web", priority: 3, action: "deny" }),
        egress("sg-web", { id: "udp", protocol: "udp", priority: 3 }),
      ]),
      "HWSG005",
    );
    expect(f.map((x) => x.message)).toEqual([
      "In security group sg-web, egress IPv4 rules deny (deny) and udp (allow) both have priority 3 and overlap on udp (all ports) to the members of security group sg-web (e.g. udp port 1): at equal priority the deny is tried first whatever order they are written in, so the deny wins there.",
    ]);
  });
});

describe("HWSG006 priority left implicit", () => {
  it("a rule without priority", () => {
    const f = lint(web([ssh({ id: "r.np", remote_ip_prefix: "10.0.0.0/8", priority: undefined })]), "HWSG006");
    expect(f).toEqual([
      {
        code: "HWSG006",
        id: "HWSG006:r.np",
        severity: "warning",
        resource: "r.np",
        fix: 'Write priority = 1 on r.np (what the provider reads today), or the priority you mean.',
        message: "Rule r.np of security group sg-web has no priority: the provider reads it as 1, the highest, while the v3 API reference says 100; write the priority explicitly.",
        groupId: "sg-web",
        ruleIds: ["r.np"],
      },
    ]);
  });
  it("explicit priorities and default rules: nothing", () => {
    expect(lint({ groups: ["sg-a"], rules: [ingress("sg-a", { protocol: "tcp", ports: "80", priority: 1 })] }, "HWSG006")).toEqual([]);
  });
});

describe("HWSG007 rule does not take effect on the instance's flavor", () => {
  const lit = (flavor: string): NetLit => ({
    groups: { "sg-a": { delete_default_rules: true } },
    addressGroups: { office: { addresses: ["203.0.113.0/24"] } },
    rules: [
      ingress("sg-a", { id: "ag", protocol: "tcp", ports: "443", remote_address_group_id: "office", priority: 1 }),
      ingress("sg-a", { id: "multi", protocol: "tcp", ports: "80,8080", remote_ip_prefix: "10.0.0.0/8", priority: 1 }),
      ingress("sg-a", { id: "after", protocol: "tcp", ports: "22", remote_ip_prefix: "10.0.0.0/8", priority: 1 }),
      egress("sg-a", { id: "out", protocol: "tcp", ports: "443", remote_ip_prefix: "0.0.0.0/0", priority: 1 }),
    ],
    instances: { i: { groups: ["sg-a"], ip: "10.0.0.5", flavor } },
  });

  it("Kai1: an inconsecutive-port rule and every rule configured after it, in its direction", () => {
    const f = lint(lit("kc1.large.2"), "HWSG007");
    expect(f.map((x) => x.ruleIds[0])).toEqual(["after", "multi"]);
    expect(f.map((x) => x.id)).toEqual(["HWSG007:after:i", "HWSG007:multi:i"]);
    expect(f.map((x) => x.resource)).toEqual(["after", "multi"]);
    expect(f.every((x) => x.instanceId === "i" && x.groupId === "sg-a")).toBe(true);
    expect(f[1].message).toBe(
      "Rule multi of security group sg-a will not take effect on instance i (flavor kc1.large.2): Kai1 (Kunpeng) instances do not support inconsecutive ports: this rule and every rule configured after it do not take effect.",
    );
    expect(f[0].message).toBe(
      "Rule after of security group sg-a will not take effect on instance i (flavor kc1.large.2): on Kai1 (Kunpeng) instances no rule configured after multi (inconsecutive ports) takes effect.",
    );
    // Both are fixed by splitting the inconsecutive rule.
    expect(new Set(f.map((x) => x.fix))).toEqual(
      new Set(['Split the ports "80,8080" of multi into one rule per port or range: on Kai1 (Kunpeng) instances such as i it disables itself and every ingress rule of sg-a configured after it.']),
    );
  });

  it("legacy flavors: address-group and inconsecutive-port rules", () => {
    const f = lint(lit("s1.small.1"), "HWSG007");
    expect(f.map((x) => x.ruleIds[0])).toEqual(["ag", "multi"]);
    expect(f[0].message).toBe("Rule ag of security group sg-a will not take effect on instance i (flavor s1.small.1): S1 instances ignore rules whose remote is an IP address group.");
    expect(f.map((x) => x.fix)).toEqual([
      "Replace ag by one remote_ip_prefix rule per CIDR of address group office (203.0.113.0/24), or give i a current flavor (not s1.small.1).",
      'Split the ports "80,8080" of multi into one rule per port or range, or give i a current flavor (not s1.small.1).',
    ]);
  });

  it("a current flavor, or none: nothing", () => {
    expect(lint(lit("s6.small.1"), "HWSG007")).toEqual([]);
    expect(lint({ ...lit("x"), instances: { i: { groups: ["sg-a"], ip: "10.0.0.5" } } }, "HWSG007")).toEqual([]);
  });
});

describe("lintNetwork", () => {
  it("returns findings sorted by code, group, rule and instance, the same every time", () => {
    const lit: NetLit = {
      groups: { "sg-b": { delete_default_rules: true }, "sg-a": { delete_default_rules: true } },
      rules: [
        ingress("sg-b", { id: "b.ssh", protocol: "tcp", ports: "22", remote_ip_prefix: "0.0.0.0/0" }),
        ingress("sg-a", { id: "a.ssh", protocol: "tcp", ports: "22", remote_ip_prefix: "0.0.0.0/0", priority: 1 }),
        ingress("sg-a", { id: "a.dup", protocol: "tcp", ports: "22", remote_ip_prefix: "0.0.0.0/0", priority: 1 }),
      ],
      instances: { z: { groups: ["sg-b"], ip: "10.0.0.9" }, y: { groups: ["sg-a"], ip: "10.0.0.8" } },
    };
    const a = lintNetwork(buildNetwork(lit));
    const b = lintNetwork(buildNetwork(lit));
    expect(a).toEqual(b);
    expect(a.map((f) => [f.code, f.groupId, f.ruleIds.join(" "), f.instanceId ?? ""])).toEqual([
      // a.dup lets 22 through as soon as a.ssh is fixed: both are named.
      ["HWSG001", "sg-a", "a.ssh a.dup", "y"],
      ["HWSG001", "sg-b", "b.ssh", "z"],
      ["HWSG004", "sg-a", "a.dup a.ssh", ""],
      ["HWSG006", "sg-b", "b.ssh", ""],
    ]);
    for (const f of a) {
      expect(f.message).toMatch(/^[A-Z].*\.$/);
      expect(f.message).not.toMatch(/\n/);
    }
  });

  it("an empty network has no findings", () => {
    expect(lintNetwork(buildNetwork({ groups: [] }))).toEqual([]);
  });

  it("is fast on 50 groups of 100 rules", () => {
    const groups: Record<string, { delete_default_rules?: boolean }> = {};
    const rules: RuleLit[] = [];
    const instances: NetLit["instances"] & object = {};
    const inst: Record<string, { groups: string[]; ip: string }> = instances as never;
    for (let g = 0; g < 50; g++) {
      const sg = `sg${g}`;
      groups[sg] = g % 2 ? {} : { delete_default_rules: true };
      for (let r = 0; r < 100; r++) {
        const kind = r % 5;
        const fields =
          kind === 0 ? { protocol: "tcp", ports: String(1000 + r), remote_ip_prefix: `10.${g}.${r}.0/24` } :
          kind === 1 ? { protocol: "udp", ports: `${2000 + r}-${2100 + r}`, remote_group_id: `sg${(g + r) % 50}` } :
          kind === 2 ? { protocol: "tcp", ports: `${r},${r + 500}`, remote_ip_prefix: `172.16.${r}.0/24` } :
          kind === 3 ? { protocol: "icmp", remote_ip_prefix: `192.168.${r}.0/24`, action: "deny" } :
          { protocol: "tcp", ports: String(20000 + r), remote_ip_prefix: "0.0.0.0/0" };
        rules.push((r % 7 ? ingress : egress)(sg, { ...fields, priority: 1 + (r % 10) }));
      }
      if (g < 40) inst[`vm${g}`] = { groups: [sg, `sg${(g + 1) % 50}`], ip: `10.100.0.${g + 1}` };
    }
    const net = buildNetwork({ groups, rules, instances });
    const started = Date.now();
    const findings = lintNetwork(net);
    const elapsed = Date.now() - started;
    expect(findings.length).toBeGreaterThan(0);
    expect(elapsed).toBeLessThan(4000);
  });
});

describe("HWSG006 and ICMP types", () => {
  it("is not raised for an icmp rule with a type in port_range_min (it cannot have a priority), but is for one without", () => {
    const { lintNetwork } = require("../../lib/analysis") as typeof import("../../lib/analysis");
    const { readDocuments } = require("../../lib/terraform/reader") as typeof import("../../lib/terraform/reader");
    const rule = (extra: Record<string, unknown>) => ({ security_group_id: "${huaweicloud_networking_secgroup.g.id}", direction: "ingress", ethertype: "IPv4", protocol: "icmp", remote_ip_prefix: "10.0.0.0/8", ...extra });
    const json = {
      resource: {
        huaweicloud_networking_secgroup: { g: { name: "g", delete_default_rules: true } },
        huaweicloud_networking_secgroup_rule: { echo: rule({ port_range_min: 8 }), any: rule({}) },
      },
    };
    const { network, warnings } = readDocuments([{ file: "main.tf.json", json }], { unknowns: "collect" });
    const hwsg006 = lintNetwork(network).filter((f) => f.code === "HWSG006").map((f) => f.ruleIds);
    expect(hwsg006).toEqual([["huaweicloud_networking_secgroup_rule.any"]]);
    expect(warnings.filter((w) => /priority is not set/.test(w)).map((w) => w.includes("rule.any"))).toEqual([true]);
  });
});
