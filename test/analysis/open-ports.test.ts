/**
 * HWSG008 (every port or protocol open to the internet) case by case, HWSG006's fix for each way
 * a rule's ports can be written, and HWSG001's rule naming and udp services on small networks.
 */
import { EXPOSURE_THRESHOLD, Finding, FindingCode, HIGH_RISK_PORTS, lintNetwork, opensEveryPort } from "../../lib/analysis";
import { Rule } from "../../lib/core/rule";
import { Network } from "../../lib/core/network";
import fc from "fast-check";
import { ValidationError } from "../../lib/core/errors";
import { NON_PUBLIC_CIDRS, PUBLIC_ADDRESSES } from "../../lib/core/internet";
import { cidrBounds, formatAddress, parseCidr } from "../../lib/core/ip";
import { NetLit, RuleLit, buildNetwork, decide, egress, ingress, makeRule } from "../core/helpers";

const only = (findings: readonly Finding[], code: FindingCode) => findings.filter((f) => f.code === code);
const lint = (lit: NetLit, code: FindingCode) => only(lintNetwork(buildNetwork(lit)), code);

function web(rules: RuleLit[], groups: NetLit["groups"] = { "sg-web": { delete_default_rules: true } }): NetLit {
  return { groups, rules, instances: { web: { groups: ["sg-web"], ip: "10.0.0.5" } } };
}
const rule = (fields: Omit<RuleLit, "sg" | "direction">) => ingress("sg-web", { priority: 1, ...fields });

describe("HWSG008 every port open to the internet", () => {
  it("which rules open every port: no protocol, tcp/udp without ports or with 1-65535; not icmp or a numbered protocol", () => {
    expect(opensEveryPort(makeRule(rule({}), 0))).toBe(true);
    expect(opensEveryPort(makeRule(rule({ protocol: "tcp" }), 0))).toBe(true);
    expect(opensEveryPort(makeRule(rule({ protocol: "udp", ports: "1-65535" }), 0))).toBe(true);
    expect(opensEveryPort(makeRule(rule({ protocol: "tcp", ports: "1-65534" }), 0))).toBe(false);
    expect(opensEveryPort(makeRule(rule({ protocol: "icmp" }), 0))).toBe(false);
    expect(opensEveryPort(makeRule(rule({ protocol: "47" }), 0))).toBe(false);
  });

  it("tcp 1-65535 from 0.0.0.0/0 is an error on the rule", () => {
    const f = lint(web([rule({ id: "r.all", protocol: "tcp", ports: "1-65535", remote_ip_prefix: "0.0.0.0/0" })]), "HWSG008");
    expect(f).toEqual([
      {
        code: "HWSG008",
        id: "HWSG008:r.all",
        severity: "error",
        resource: "r.all",
        message:
          "Rule r.all of security group sg-web allows every tcp port from 0.0.0.0/0, all public IPv4 addresses (3,702,390,784): every service its members listen on is open to the internet, listed or not.",
        fix: 'Write r.all for what must be reachable, with ports = "<the ports its members serve>", or replace remote_ip_prefix 0.0.0.0/0 with your trusted CIDRs or a remote_group_id.',
        groupId: "sg-web",
        ruleIds: ["r.all"],
      },
    ]);
  });

  it("no remote is every address; an every-protocol rule is told to name a protocol and ports", () => {
    const f = lint(web([rule({ id: "r.any" })]), "HWSG008");
    expect(f.map((x) => [x.id, x.message.match(/allows (.*?) from (.*?),/)!.slice(1)])).toEqual([["HWSG008:r.any", ["every protocol and port", "any address (no remote)"]]]);
    expect(f[0].fix).toBe('Write r.any for what must be reachable, with protocol "tcp" or "udp" and the ports its members serve (ports = "443"), or give it a remote_ip_prefix of your trusted CIDRs or a remote_group_id.');
  });

  it("the internet is more than the HWSG001 threshold of public addresses: a /7 is, a /8 and a private /8 are not", () => {
    expect(EXPOSURE_THRESHOLD[4]).toBe(1n << 24n);
    expect(lint(web([rule({ id: "r.7", protocol: "udp", remote_ip_prefix: "12.0.0.0/7" })]), "HWSG008").map((x) => x.id)).toEqual(["HWSG008:r.7"]);
    expect(lint(web([rule({ protocol: "udp", remote_ip_prefix: "11.0.0.0/8" })]), "HWSG008")).toEqual([]);
    expect(lint(web([rule({ protocol: "tcp", remote_ip_prefix: "10.0.0.0/8" })]), "HWSG008")).toEqual([]);
    expect(lint(web([rule({ ethertype: "IPv6", remote_ip_prefix: "2001:db8::/32" })]), "HWSG008")).toEqual([]);
    expect(lint(web([rule({ id: "r.v6", ethertype: "IPv6", remote_ip_prefix: "2001:db8::/31" })]), "HWSG008").map((x) => x.id)).toEqual(["HWSG008:r.v6"]);
  });

  it("an address group holding 0.0.0.0/0 is the internet", () => {
    const lit: NetLit = {
      ...web([rule({ id: "r.ag", protocol: "tcp", remote_address_group_id: "ag-world" })]),
      addressGroups: { "ag-world": { addresses: ["0.0.0.0/1", "128.0.0.0/1"] } },
    };
    const f = lint(lit, "HWSG008");
    expect(f.map((x) => x.id)).toEqual(["HWSG008:r.ag"]);
    expect(f[0].message).toContain("from address group ag-world (0.0.0.0/0)");
    expect(f[0].fix).toContain("remove the public addresses from address group ag-world");
  });

  it("egress allow-all and the default rules are never reported", () => {
    expect(lint({ groups: ["sg-a"], instances: { a: { groups: ["sg-a"], ip: "10.0.0.5" } } }, "HWSG008")).toEqual([]);
    expect(lint(web([egress("sg-web", { remote_ip_prefix: "0.0.0.0/0", priority: 1 }), egress("sg-web", { protocol: "tcp", ethertype: "IPv6", remote_ip_prefix: "::/0", priority: 1 })]), "HWSG008")).toEqual([]);
  });

  it("a deny rule is never reported", () => {
    expect(lint(web([rule({ protocol: "tcp", remote_ip_prefix: "0.0.0.0/0", action: "deny" })]), "HWSG008")).toEqual([]);
  });

  it("a rule that never takes effect is HWSG004's, not HWSG008's", () => {
    const lit = web([
      rule({ id: "r.first", protocol: "tcp", remote_ip_prefix: "0.0.0.0/0" }),
      rule({ id: "r.again", remote_ip_prefix: "0.0.0.0/0", priority: 1, protocol: "tcp", ports: "1-65535" }),
    ]);
    const all = lintNetwork(buildNetwork(lit));
    expect(only(all, "HWSG008").map((x) => x.id)).toEqual(["HWSG008:r.first"]);
    expect(only(all, "HWSG004").map((x) => x.id)).toEqual(["HWSG004:r.again"]);
  });

  it("a rule whose public sources are all denied first, but private ones pass, is not reported", () => {
    const lit = web([
      rule({ id: "d.low", protocol: "tcp", remote_ip_prefix: "0.0.0.0/1", action: "deny" }),
      rule({ id: "d.high", protocol: "tcp", remote_ip_prefix: "128.0.0.0/2", action: "deny" }),
      rule({ id: "d.top", protocol: "tcp", remote_ip_prefix: "192.0.0.0/2", action: "deny" }),
      rule({ id: "r.all", remote_ip_prefix: "0.0.0.0/0", priority: 2 }),
    ]);
    // udp and the other protocols still pass from every address: reported.
    expect(lint(lit, "HWSG008").map((x) => x.id)).toEqual(["HWSG008:r.all"]);
    const tcpOnly = web([
      rule({ id: "d.low", protocol: "tcp", remote_ip_prefix: "0.0.0.0/1", action: "deny" }),
      rule({ id: "d.high", protocol: "tcp", remote_ip_prefix: "128.0.0.0/1", action: "deny" }),
      rule({ id: "r.vpc", protocol: "tcp", remote_ip_prefix: "10.0.0.0/8", priority: 1 }),
      rule({ id: "r.all", protocol: "tcp", remote_ip_prefix: "0.0.0.0/0", priority: 2 }),
    ]);
    expect(lint(tcpOnly, "HWSG008")).toEqual([]);
  });

  it("a rule still open on some port behind a deny of some ports is reported", () => {
    const lit = web([
      rule({ id: "d.low", protocol: "tcp", ports: "1-1024", remote_ip_prefix: "0.0.0.0/0", action: "deny" }),
      rule({ id: "r.all", protocol: "tcp", remote_ip_prefix: "0.0.0.0/0", priority: 2 }),
    ]);
    expect(lint(lit, "HWSG008").map((x) => x.id)).toEqual(["HWSG008:r.all"]);
  });
});

/** The network of a literal with `portsWrittenAs` set on every rule, as a reader that records it would. */
function written(lit: NetLit, how: Rule["portsWrittenAs"]): Network {
  const net = buildNetwork(lit);
  return new Network({
    ...net.spec,
    rules: net.spec.rules.map((r) => {
      const { portsWrittenAs: _, ...rest } = r;
      return how === undefined ? rest : { ...rest, portsWrittenAs: how };
    }),
  });
}

describe("HWSG006 fix valid for the rule's API", () => {
  const lit = web([rule({ id: "r.np", protocol: "tcp", ports: "8080-8081", remote_ip_prefix: "10.0.0.0/8", priority: undefined })]);
  const fix = (net: Network) => only(lintNetwork(net), "HWSG006").map((f) => f.fix);

  it("port_range_min/max: move the ports to `ports`, then write priority", () => {
    expect(fix(written(lit, "port_range"))).toEqual([
      'Replace port_range_min/port_range_max of r.np by ports = "8080-8081" (the provider forbids priority next to port_range_*), then write priority = 1 (what the provider reads today), or the priority you mean.',
    ]);
  });

  it("ports: write priority", () => {
    expect(fix(written(lit, "ports"))).toEqual(["Write priority = 1 on r.np (what the provider reads today), or the priority you mean."]);
  });

  it("unknown: write priority, moving port_range_* to `ports` first if that is how it is written", () => {
    expect(fix(written(lit, undefined))).toEqual([
      'Write priority = 1 on r.np (what the provider reads today), or the priority you mean; if it is written with port_range_min/port_range_max, replace them by ports = "8080-8081" first (the provider forbids priority next to port_range_*).',
    ]);
  });

  it("a rule without ports (icmp, every protocol) can take priority as it is", () => {
    const icmp = web([rule({ id: "r.ping", protocol: "icmp", remote_ip_prefix: "10.0.0.0/8", priority: undefined })]);
    expect(fix(buildNetwork(icmp))).toEqual(["Write priority = 1 on r.ping (what the provider reads today), or the priority you mean."]);
  });
});

describe("HWSG001 rule naming and udp", () => {
  it("a port opened by a 22 rule and a 1-65535 rule names both, whatever their order", () => {
    for (const [p22, pAll] of [[1, 2], [2, 1]]) {
      const f = lint(
        web([
          rule({ id: "r.ssh", protocol: "tcp", ports: "22", remote_ip_prefix: "0.0.0.0/0", priority: p22 }),
          rule({ id: "r.all", protocol: "tcp", ports: "1-65535", remote_ip_prefix: "0.0.0.0/0", priority: pAll }),
        ]),
        "HWSG001",
      ).find((x) => x.id === "HWSG001:web:ipv4:tcp/22")!;
      expect(f.ruleIds).toEqual(p22 < pAll ? ["r.ssh", "r.all"] : ["r.all", "r.ssh"]);
      expect(f.fix).toContain("restricting or removing all 2 rules that let it through");
    }
  });

  it("a rule behind a deny of what it matches on the port is not named; a trusted /24 next to 0.0.0.0/0 is not named", () => {
    const f = lint(
      web([
        rule({ id: "r.world", protocol: "tcp", ports: "22", remote_ip_prefix: "0.0.0.0/0" }),
        rule({ id: "d.half", protocol: "tcp", ports: "22", remote_ip_prefix: "0.0.0.0/1", action: "deny", priority: 2 }),
        rule({ id: "r.quarter", protocol: "tcp", ports: "22", remote_ip_prefix: "0.0.0.0/2", priority: 3 }),
        rule({ id: "r.office", protocol: "tcp", ports: "22", remote_ip_prefix: "203.0.113.0/24", priority: 3 }),
      ]),
      "HWSG001",
    );
    expect(f.map((x) => x.ruleIds)).toEqual([["r.world"]]);
  });

  it("many small sources that together exceed the threshold are all named", () => {
    const rules = Array.from({ length: 3 }, (_, i) => rule({ id: `r.${i}`, protocol: "tcp", ports: "22", remote_ip_prefix: `${20 + i}.0.0.0/8` }));
    const f = lint(web(rules), "HWSG001");
    expect(f.map((x) => x.ruleIds)).toEqual([["r.0", "r.1", "r.2"]]);
  });

  it("udp memcached and NetBIOS are checked; tcp rules do not expose udp services", () => {
    const f = lint(web([rule({ id: "r.udp", protocol: "udp", remote_ip_prefix: "0.0.0.0/0" })]), "HWSG001");
    expect(f.map((x) => x.id)).toEqual(["udp/137-138", "udp/161", "udp/1900", "udp/11211"].map((p) => `HWSG001:web:ipv4:${p}`));
    expect(f.map((x) => x.exposure!.service)).toEqual(["NetBIOS", "SNMP", "SSDP", "Memcached"]);
    const tcp = lint(web([rule({ protocol: "tcp", remote_ip_prefix: "0.0.0.0/0" })]), "HWSG001");
    expect(tcp.every((x) => x.exposure!.protocol === "tcp")).toBe(true);
    expect(tcp).toHaveLength(HIGH_RISK_PORTS.filter((p) => (p.protocol ?? "tcp") === "tcp").length);
  });

  it("custom udp high-risk ports; overlapping ports of one protocol are refused, of two protocols allowed", () => {
    const net = buildNetwork(web([rule({ protocol: "udp", ports: "5000-5010", remote_ip_prefix: "0.0.0.0/0" })]));
    const f = only(lintNetwork(net, { highRiskPorts: [{ port: 5004, service: "RTP", protocol: "udp" }, { port: 5004, service: "x" }] }), "HWSG001");
    expect(f.map((x) => x.id)).toEqual(["HWSG001:web:ipv4:udp/5004"]);
    expect(() => lintNetwork(net, { highRiskPorts: [{ port: [5000, 5004], service: "a", protocol: "udp" }, { port: 5004, service: "b", protocol: "udp" }] })).toThrow(
      "high-risk ports 5004 (udp) of b overlap [5000,5004] (udp) of a: list each port once",
    );
    expect(() => lintNetwork(net, { highRiskPorts: [{ port: 1, service: "a", protocol: "icmp" as "udp" }] })).toThrow(/give "tcp" or "udp"/);
  });
});

describe("HWSG008 against the evaluator (fast-check)", () => {
  // Allows from more than the threshold; denies that leave some, none, or exactly a /8 of them.
  const ALLOWS = ["0.0.0.0/0", "0.0.0.0/1", "12.0.0.0/6", "64.0.0.0/2"];
  const DENIES = ["0.0.0.0/0", "0.0.0.0/1", "128.0.0.0/1", "12.0.0.0/7", "14.0.0.0/8", "15.0.0.0/8", "64.0.0.0/3", "96.0.0.0/3", "10.0.0.0/8"];
  const CIDRS = [...ALLOWS, ...DENIES];
  const PORTS = ["22", "1-1024", "1025-65535", "80,443", "1-65535"];
  const genDeny = fc.record({
    protocol: fc.constantFrom(undefined, undefined, undefined, "tcp", "udp", "icmp", "47"),
    ports: fc.option(fc.constantFrom(...PORTS), { nil: undefined }),
    cidr: fc.constantFrom(...DENIES),
    priority: fc.integer({ min: 1, max: 3 }),
  });
  const genAllow = fc.record({ protocol: fc.constantFrom("tcp", "udp", undefined), cidr: fc.constantFrom(...ALLOWS, "12.0.0.0/6", "12.0.0.0/6"), priority: fc.integer({ min: 1, max: 3 }) });

  /** The elementary intervals of the CIDR pool and the non-public blocks. */
  const INTERVALS: Array<[bigint, bigint]> = (() => {
    const cuts = new Set<bigint>([0n, 1n << 32n]);
    for (const text of [...CIDRS, ...NON_PUBLIC_CIDRS[4]]) {
      const [lo, hi] = cidrBounds(parseCidr(text)!);
      cuts.add(lo);
      cuts.add(hi + 1n);
    }
    const sorted = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return sorted.slice(0, -1).map((lo, i) => [lo, sorted[i + 1] - 1n] as [bigint, bigint]);
  })();

  it("a rule is reported exactly when, with only the denies kept, more than the threshold of public addresses reach a member on some protocol and port", () => {
    let reported = 0;
    let silent = 0;
    fc.assert(
      fc.property(fc.array(genDeny, { maxLength: 5 }), genAllow, fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }), (some, allow, carve) => {
        // `carve`: deny 12.0.0.0/7 and 14.0.0.0/8 (every protocol), leaving exactly a /8 of 12.0.0.0/6.
        const denies = carve === undefined ? some : [...some, { protocol: undefined, ports: undefined, cidr: "12.0.0.0/7", priority: carve }, { protocol: undefined, ports: undefined, cidr: "14.0.0.0/8", priority: carve }];
        const rules: RuleLit[] = denies.map((d, i) => ({
          sg: "sg-web",
          id: `d.${i}`,
          direction: "ingress",
          ...(d.protocol ? { protocol: d.protocol } : {}),
          ...(d.ports && (d.protocol === "tcp" || d.protocol === "udp") ? { ports: d.ports } : {}),
          remote_ip_prefix: d.cidr,
          action: "deny",
          priority: d.priority,
        }));
        rules.push({ sg: "sg-web", id: "r.all", direction: "ingress", ...(allow.protocol ? { protocol: allow.protocol } : {}), remote_ip_prefix: allow.cidr, action: "allow", priority: allow.priority });
        let net: Network;
        try {
          net = buildNetwork(web(rules));
        } catch (e) {
          if (e instanceof ValidationError) return fc.pre(false);
          throw e;
        }
        const findings = lintNetwork(net);
        if (only(findings, "HWSG004").some((f) => f.resource === "r.all")) {
          expect(only(findings, "HWSG008")).toEqual([]);
          return;
        }
        // Brute force: every protocol kind and every port at the ends of the pool's ranges.
        const ports = [1, 22, 23, 79, 80, 81, 443, 444, 1024, 1025, 65535];
        const traffic = [...ports.flatMap((p) => [`tcp/${p}`, `udp/${p}`]), "icmp", "47", "50"];
        let open = false;
        for (const t of traffic) {
          let n = 0n;
          for (const [lo, hi] of INTERVALS) {
            if (!PUBLIC_ADDRESSES[4].has(lo)) continue;
            if (decide(net, t, formatAddress(4, lo), "web").verdict === "allow") n += hi - lo + 1n;
          }
          if (n > EXPOSURE_THRESHOLD[4]) open = true;
        }
        expect(only(findings, "HWSG008").map((f) => f.id)).toEqual(open ? ["HWSG008:r.all"] : []);
        if (open) reported++;
        else silent++;
      }),
      { numRuns: 400, seed: 8 },
    );
    expect(reported).toBeGreaterThan(40);
    expect(silent).toBeGreaterThan(15);
  });
});
