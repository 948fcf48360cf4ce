/**
 * The reachability matrix: nodes, cells and their compression into services, on small networks
 * built with lib/core, on a Terraform fixture and on the three-tier example; and, with
 * fast-check, against brute force: for random small networks a cell contains (protocol, port)
 * iff some enumerated flow between the two nodes is allowed by `evaluateFlow`.
 */
import { readFileSync } from "fs";
import { join } from "path";
import { App } from "cdktf";
import fc from "fast-check";
import { INTERNET, MatrixCell, ReachabilityMatrix, Service, reachabilityMatrix } from "../../lib/analysis/matrix";
import { rulesAtInstance } from "../../lib/core/effective-rules";
import { evaluateFlow } from "../../lib/core/evaluator";
import { Flow, FlowEnd } from "../../lib/core/flow";
import { publicAddresses } from "../../lib/core/internet";
import { IpVersion, MAX_ADDRESS, formatAddress } from "../../lib/core/ip";
import { Instance, Network } from "../../lib/core/network";
import { PortSet } from "../../lib/core/port-set";
import { protocolName } from "../../lib/core/protocol";
import { checkReach, withHypotheticalMember } from "../../lib/core/reachability";
import { readDocuments } from "../../lib/terraform/reader";
import { ThreeTierStack } from "../../examples/three-tier/stack";
import { RuleLit, buildNetwork, decide, egress, ingress } from "../core/helpers";
import { synth } from "../examples/helpers";
import { buildModel, libNetworkOrSkip, networkArb, propertyRuns, probesOf, propertySeed } from "../property/harness";

// ---------------------------------------------------------------------------------------------
// Helpers

/** Whether a service list contains (protocol, port), read as the `Service` documentation says. */
function covers(services: readonly Service[], protocol: number, port: number | undefined): boolean {
  const name = protocolName(protocol);
  for (const s of services) {
    if (s.protocol === "all") return true;
    if (s.protocol === name) return s.ports === null || (port !== undefined && s.ports.some(([a, b]) => port >= a && port <= b));
  }
  const other = services.find((s) => s.protocol === "other");
  return other !== undefined && !(other.except ?? []).includes(name);
}

const order = (p: string): number => (p === "all" ? -1 : p === "other" ? 256 : ({ icmp: 1, tcp: 6, udp: 17, gre: 47, icmpv6: 58 } as Record<string, number>)[p] ?? Number(p));

/** The form every service list must have: sorted, `all` alone, `other` last, ports merged, `except` only on `other`. */
function expectWellFormed(services: readonly Service[]): void {
  expect(services.length).toBeGreaterThan(0);
  const orders = services.map((s) => order(s.protocol));
  expect(orders.every((o) => Number.isInteger(o) && o >= -1 && o <= 256)).toBe(true);
  expect([...orders].sort((a, b) => a - b)).toEqual(orders);
  expect(new Set(orders).size).toBe(orders.length);
  if (orders.includes(-1)) expect(services).toEqual([{ protocol: "all", ports: null }]);
  for (const s of services) {
    if (s.except !== undefined) {
      expect(s.protocol).toBe("other");
      expect(s.except.length).toBeGreaterThan(0);
      for (const e of s.except) expect(services.some((t) => t.protocol === e)).toBe(false);
    }
    const portful = s.protocol === "tcp" || s.protocol === "udp" || s.protocol === "icmp" || s.protocol === "icmpv6";
    if (!portful) expect(s.ports).toBeNull();
    else {
      expect(s.ports!.length).toBeGreaterThan(0);
      s.ports!.forEach(([a, b], i) => {
        expect(a).toBeLessThanOrEqual(b);
        if (i > 0) expect(a).toBeGreaterThan(s.ports![i - 1][1] + 1);
      });
      // A tcp/udp entry on every port is written only when the list is not in "other" form.
      if (s.ports!.length === 1 && s.ports![0][0] === 1 && s.ports![0][1] === 65535) expect(orders).not.toContain(256);
    }
  }
}

const cellOf = (m: ReachabilityMatrix, from: string, to: string): MatrixCell | undefined => m.cells.find((c) => c.from === from && c.to === to);

function webNet(rules: RuleLit[], ip4 = "10.0.0.5") {
  return buildNetwork({ groups: { "sg-web": { delete_default_rules: true } }, rules, instances: { web: { groups: ["sg-web"], ip: ip4 } } });
}

const TCP_ALL_FROM_ANY = ingress("sg-web", { id: "all", remote_ip_prefix: "0.0.0.0/0", action: "allow", priority: 2 });

// ---------------------------------------------------------------------------------------------
// Unit tests

describe("nodes", () => {
  const net = buildNetwork({
    groups: { "g.b": { delete_default_rules: true }, "g.a": { delete_default_rules: true } },
    instances: { "i.z": { groups: ["g.a"], ip: "10.0.0.2" }, "i.y": { groups: ["g.b"], ip: "10.0.0.1" } },
  });
  const m = reachabilityMatrix(net);

  it("instances by id, then groups by id, then internet; labels after the last dot", () => {
    expect(m.version).toBe(4);
    expect(m.nodes).toEqual([
      { id: "i.y", kind: "instance", label: "y", memberKind: "huaweicloud_compute_instance" },
      { id: "i.z", kind: "instance", label: "z", memberKind: "huaweicloud_compute_instance" },
      { id: "g.a", kind: "group", label: "a" },
      { id: "g.b", kind: "group", label: "b" },
      { id: INTERNET, kind: "internet", label: "internet" },
    ]);
  });

  it("leaves out hypothetical instances of the input and adds the stand-ins in one rebuild", () => {
    const extended = withHypotheticalMember(net, "g.a").network;
    const spy = jest.spyOn(Network.prototype, "withInstances");
    try {
      const again = reachabilityMatrix(extended);
      expect(again.nodes.map((n) => n.id)).toEqual(m.nodes.map((n) => n.id));
      expect(spy).toHaveBeenCalledTimes(1);
      expect(spy.mock.calls[0][0].map((i) => i.id)).toEqual(["member of g.b"]);
    } finally {
      spy.mockRestore();
    }
  });

  it("has no cell when nothing is allowed (every group deletes its defaults and has no rule)", () => {
    expect(m.cells).toEqual([]);
  });
});

describe("cells and services", () => {
  it("internet to a web server: tcp 80 and 443 merged per protocol, complete, with example and rule", () => {
    const net = webNet([ingress("sg-web", { id: "https", protocol: "tcp", ports: "443,80", remote_ip_prefix: "0.0.0.0/0", priority: 1 })]);
    const m = reachabilityMatrix(net);
    const cell = cellOf(m, INTERNET, "web")!;
    expect(cell.services).toEqual([{ protocol: "tcp", ports: [[80, 80], [443, 443]] }]);
    expect(cell.complete).toBe(true);
    expect(cell.example).toBe("tcp port 80 from 1.0.0.0 to web (10.0.0.5)");
    expect(cell.rule).toBe("https");
    // The group node: a member that has only sg-web, reached at any address.
    expect(cellOf(m, INTERNET, "sg-web")).toMatchObject({ services: cell.services, complete: true, rule: "https" });
    // Nothing leaves: sg-web has no egress rule.
    expect(m.cells.filter((c) => c.from !== INTERNET)).toEqual([]);
  });

  it("adjacent port ranges of different rules merge", () => {
    const net = webNet([
      ingress("sg-web", { protocol: "tcp", ports: "20-21", priority: 1 }),
      ingress("sg-web", { protocol: "tcp", ports: "22-30", remote_ip_prefix: "0.0.0.0/0", priority: 2 }),
      ingress("sg-web", { protocol: "udp", ports: "53", priority: 1 }),
    ]);
    expect(cellOf(reachabilityMatrix(net), INTERNET, "web")!.services).toEqual([
      { protocol: "tcp", ports: [[20, 30]] },
      { protocol: "udp", ports: [[53, 53]] },
    ]);
  });

  it("every protocol on every port is `all`", () => {
    const cell = cellOf(reachabilityMatrix(webNet([TCP_ALL_FROM_ANY])), INTERNET, "web")!;
    expect(cell.services).toEqual([{ protocol: "all", ports: null }]);
    expect(cell.complete).toBe(true);
  });

  it("`all` even when the rules name protocols one by one on top of an all-protocol allow", () => {
    const net = webNet([TCP_ALL_FROM_ANY, ingress("sg-web", { protocol: "tcp", ports: "22", priority: 1 }), ingress("sg-web", { protocol: "47", priority: 1 })]);
    expect(cellOf(reachabilityMatrix(net), INTERNET, "web")!.services).toEqual([{ protocol: "all", ports: null }]);
  });

  it("every protocol except tcp 22: tcp's other ports, then `other`", () => {
    const net = webNet([TCP_ALL_FROM_ANY, ingress("sg-web", { id: "no-ssh", protocol: "tcp", ports: "22", action: "deny", priority: 1 })]);
    const cell = cellOf(reachabilityMatrix(net), INTERNET, "web")!;
    expect(cell.services).toEqual([{ protocol: "tcp", ports: [[1, 21], [23, 65535]] }, { protocol: "other", ports: null }]);
    expect(covers(cell.services, 6, 22)).toBe(false);
    expect(covers(cell.services, 6, 23)).toBe(true);
    expect(covers(cell.services, 17, 22)).toBe(true);
    expect(covers(cell.services, 50, undefined)).toBe(true);
  });

  it("every protocol but udp and icmp: `other` with `except`", () => {
    const net = webNet([
      TCP_ALL_FROM_ANY,
      ingress("sg-web", { protocol: "udp", action: "deny", priority: 1 }),
      ingress("sg-web", { protocol: "icmp", action: "deny", priority: 1 }),
      ingress("sg-web", { protocol: "tcp", ports: "80", action: "allow", priority: 1 }),
    ]);
    const cell = cellOf(reachabilityMatrix(net), INTERNET, "web")!;
    expect(cell.services).toEqual([{ protocol: "other", ports: null, except: ["icmp", "udp"] }]);
    expect(decide(net, "udp/53", "1.2.3.4", "web").verdict).toBe("deny");
    expect(decide(net, "gre", "1.2.3.4", "web").verdict).toBe("allow");
  });

  it("protocols without ports are listed by name or number, sorted by number", () => {
    const net = webNet([
      ingress("sg-web", { protocol: "50", priority: 1 }),
      ingress("sg-web", { protocol: "47", priority: 1 }),
      ingress("sg-web", { protocol: "icmp", priority: 1 }),
    ]);
    const cell = cellOf(reachabilityMatrix(net), INTERNET, "web")!;
    expect(cell.services).toEqual([
      { protocol: "icmp", ports: [[1, 65535]] },
      { protocol: "gre", ports: null },
      { protocol: "50", ports: null },
    ]);
    expect(cell.example).toBe("icmp type 0 code 0 (echo reply) from 1.0.0.0 to web (10.0.0.5)");
  });

  it("a trusted block: not complete, and the example comes from the block", () => {
    const net = webNet([ingress("sg-web", { id: "office", protocol: "tcp", ports: "22", remote_ip_prefix: "203.0.113.0/24", priority: 1 })]);
    const cell = cellOf(reachabilityMatrix(net), INTERNET, "web")!;
    expect(cell).toMatchObject({ services: [{ protocol: "tcp", ports: [[22, 22]] }], complete: false, rule: "office" });
    expect(cell.example).toBe("tcp port 22 from 203.0.113.0 to web (10.0.0.5)");
  });

  it("complete is false when only some ports are open to every address", () => {
    const net = webNet([
      ingress("sg-web", { protocol: "tcp", ports: "80", remote_ip_prefix: "0.0.0.0/0", priority: 1 }),
      ingress("sg-web", { protocol: "tcp", ports: "81", remote_ip_prefix: "8.0.0.0/8", priority: 1 }),
    ]);
    const cell = cellOf(reachabilityMatrix(net), INTERNET, "web")!;
    expect(cell.services).toEqual([{ protocol: "tcp", ports: [[80, 81]] }]);
    expect(cell.complete).toBe(false);
  });

  it("internet excludes private addresses, and the instance's own fixed IP", () => {
    const priv = webNet([ingress("sg-web", { protocol: "tcp", ports: "22", remote_ip_prefix: "10.0.0.0/8", priority: 1 })]);
    expect(cellOf(reachabilityMatrix(priv), INTERNET, "web")).toBeUndefined();
    // A public fixed IP: only the instance itself is allowed, and its own traffic is not filtered.
    const self = webNet([ingress("sg-web", { protocol: "tcp", ports: "22", remote_ip_prefix: "8.8.8.8/32", priority: 1 })], "8.8.8.8");
    expect(cellOf(reachabilityMatrix(self), INTERNET, "web")).toBeUndefined();
  });

  it("egress to the internet: the rule is the source's egress rule", () => {
    const net = webNet([egress("sg-web", { id: "out-dns", protocol: "udp", ports: "53", remote_ip_prefix: "8.8.8.8/32", priority: 1 })]);
    const m = reachabilityMatrix(net);
    expect(cellOf(m, "web", INTERNET)).toMatchObject({ services: [{ protocol: "udp", ports: [[53, 53]] }], complete: false, rule: "out-dns", example: "udp port 53 from web (10.0.0.5) to 8.8.8.8" });
  });

  it("IPv6: the IPv6 rules and the IPv6 internet", () => {
    const net = buildNetwork({
      groups: { "sg-web": { delete_default_rules: true } },
      rules: [
        ingress("sg-web", { ethertype: "IPv6", protocol: "tcp", ports: "443", remote_ip_prefix: "::/0", priority: 1 }),
        ingress("sg-web", { protocol: "tcp", ports: "80", remote_ip_prefix: "0.0.0.0/0", priority: 1 }),
      ],
      instances: { web: { groups: ["sg-web"], ip: "10.0.0.5", ip6: "fd00::5" } },
    });
    const m6 = reachabilityMatrix(net, { version: 6 });
    expect(m6.version).toBe(6);
    expect(cellOf(m6, INTERNET, "web")!.services).toEqual([{ protocol: "tcp", ports: [[443, 443]] }]);
    // The lowest public IPv6 address: ::/128 and ::1/128 are not public.
    expect(cellOf(m6, INTERNET, "web")!.example).toBe("tcp port 443 from ::2 to web (fd00::5)");
    expect(cellOf(reachabilityMatrix(net), INTERNET, "web")!.services).toEqual([{ protocol: "tcp", ports: [[80, 80]] }]);
  });
});

describe("between instances and groups", () => {
  const lit = (peering: boolean) =>
    buildNetwork({
      groups: { app: { delete_default_rules: true }, db: { delete_default_rules: true }, ops: { delete_default_rules: true } },
      rules: [
        egress("app", { remote_ip_prefix: "0.0.0.0/0", priority: 100 }),
        ingress("db", { id: "db-from-app", protocol: "tcp", ports: "5432", remote_group_id: "app", priority: 1 }),
        ingress("db", { id: "db-ssh", protocol: "tcp", ports: "22", remote_ip_prefix: "10.1.0.0/16", priority: 1 }),
      ],
      vpcs: { vA: "10.0.0.0/16", vB: "10.1.0.0/16" },
      subnets: { sA: { vpc: "vA", cidr: "10.0.1.0/24" }, sB: { vpc: "vB", cidr: "10.1.1.0/24" } },
      instances: {
        app1: { groups: ["app"], ip: "10.1.1.5", subnet: "sB" },
        db1: { groups: ["db"], ip: "10.0.1.9", subnet: "sA" },
      },
      peerings: peering ? [["vA", "vB"]] : [],
    });

  it("needs both the source's egress and the destination's ingress", () => {
    const m = reachabilityMatrix(lit(true));
    const cell = cellOf(m, "app1", "db1")!;
    expect(cell.services).toEqual([{ protocol: "tcp", ports: [[22, 22], [5432, 5432]] }]);
    expect(cell.complete).toBe(true);
    expect(cell.rule).toBe("db-ssh");
    // db has no egress rule: nothing back (replies pass, they are not flows of their own).
    expect(cellOf(m, "db1", "app1")).toBeUndefined();
  });

  it("VPC isolation: no cell between VPCs that no peering joins; a group's stand-in lives where its first instance does", () => {
    const m = reachabilityMatrix(lit(false));
    expect(cellOf(m, "app1", "db1")).toBeUndefined();
    // The stand-in member of db sits in db1's subnet (VPC vA): app1 (vB) does not reach it either.
    expect(cellOf(m, "app1", "db")).toBeUndefined();
    expect(cellOf(m, "app", "db1")).toBeUndefined();
    // With the peering, it does: on 5432 by membership, on 22 by address.
    const joined = reachabilityMatrix(lit(true));
    expect(cellOf(joined, "app1", "db")!.services).toEqual([{ protocol: "tcp", ports: [[22, 22], [5432, 5432]] }]);
    expect(cellOf(joined, "app1", "db")!.example).toBe("tcp port 22 from app1 (10.1.1.5) to member of db (10.0.1.0)");
  });

  it("a group node sends as a member from its first instance's subnet: remote_group_id rules match it, CIDR rules by that subnet's addresses", () => {
    const m = reachabilityMatrix(lit(true));
    // The stand-in of app sends from sB (10.1.1.0/24), inside db-ssh's 10.1.0.0/16: every address gets both ports.
    const cell = cellOf(m, "app", "db1")!;
    expect(cell.services).toEqual([{ protocol: "tcp", ports: [[22, 22], [5432, 5432]] }]);
    expect(cell.complete).toBe(true);
    expect(cellOf(m, "app", "db")!.services).toEqual(cell.services);
    // ops has no rule and no instance: no row, no column.
    expect(m.cells.filter((c) => c.from === "ops" || c.to === "ops")).toEqual([]);
    // Never a node to itself.
    expect(m.cells.filter((c) => c.from === c.to)).toEqual([]);
  });

  it("a destination whose rules name more remote groups than a bitmask holds (40): each member gets its own port", () => {
    const n = 40;
    const names = Array.from({ length: n }, (_, k) => `g${String(k).padStart(2, "0")}`);
    const net = buildNetwork({
      groups: Object.fromEntries([["hub", { delete_default_rules: true }], ...names.map((g) => [g, { delete_default_rules: true }])]),
      rules: [
        ...names.map((g) => egress(g, { remote_ip_prefix: "0.0.0.0/0", priority: 100 })),
        ...names.map((g, k) => ingress("hub", { id: `from-${g}`, protocol: "tcp", ports: String(1000 + k), remote_group_id: g, priority: 1 })),
      ],
      instances: {
        hub1: { groups: ["hub"], ip: "10.0.0.2" },
        ...Object.fromEntries(names.map((g, k) => [`vm-${g}`, { groups: [g, names[(k + 1) % n]], ip: `10.0.1.${k + 2}` }])),
      },
    });
    const m = reachabilityMatrix(net);
    names.forEach((g, k) => {
      const next = (k + 1) % n;
      const cell = cellOf(m, `vm-${g}`, "hub1")!;
      const ports = [1000 + k, 1000 + next].sort((a, b) => a - b);
      expect(cell.services).toEqual([{ protocol: "tcp", ports: ports[0] + 1 === ports[1] ? [[ports[0], ports[1]]] : ports.map((p) => [p, p]) }]);
      expect(cell.rule).toBe(`from-${names[ports[0] === 1000 + k ? k : next]}`);
      expect(cellOf(m, g, "hub1")!.services).toEqual([{ protocol: "tcp", ports: [[1000 + k, 1000 + k]] }]);
      expect(cellOf(m, g, "hub1")!.rule).toBe(`from-${g}`);
    });
  });

  it("a group without instances has a stand-in in no VPC that may send from any address", () => {
    const net = buildNetwork({
      groups: { web: { delete_default_rules: true }, ops: { delete_default_rules: true } },
      rules: [
        ingress("web", { id: "web-ssh", protocol: "tcp", ports: "22", remote_ip_prefix: "10.0.0.0/8", priority: 1 }),
        egress("ops", { remote_ip_prefix: "0.0.0.0/0", priority: 1 }),
      ],
      vpcs: { v: "10.0.0.0/16" },
      subnets: { s: { vpc: "v", cidr: "10.0.1.0/24" } },
      instances: { web1: { groups: ["web"], ip: "10.0.1.10", subnet: "s" } },
      peerings: [],
    });
    const cell = cellOf(reachabilityMatrix(net), "ops", "web1")!;
    expect(cell.services).toEqual([{ protocol: "tcp", ports: [[22, 22]] }]);
    expect(cell.complete).toBe(false);
  });

  it("is deterministic and does not depend on the order instances and groups are given in", () => {
    const a = lit(true);
    const b = new Network({ ...a.spec, instances: [...(a.spec.instances ?? [])].reverse(), securityGroups: [...a.spec.securityGroups].reverse() });
    expect(reachabilityMatrix(b)).toEqual(reachabilityMatrix(a));
    expect(JSON.stringify(reachabilityMatrix(a))).toBe(JSON.stringify(reachabilityMatrix(a)));
  });
});

describe("a Terraform fixture (test/fixtures/diff/shop/before.tf.json)", () => {
  let m: ReachabilityMatrix;
  beforeAll(() => {
    const file = join(__dirname, "../fixtures/diff/shop/before.tf.json");
    m = reachabilityMatrix(readDocuments([{ file, json: JSON.parse(readFileSync(file, "utf8")) }]).network);
  });
  const I = (n: string) => `huaweicloud_compute_instance.${n}`;
  const G = (n: string) => `huaweicloud_networking_secgroup.${n}`;

  it("lists the instances, then the groups, then internet", () => {
    expect(m.nodes.map((n) => `${n.kind}:${n.label}`)).toEqual(["instance:db", "instance:web", "group:db", "group:ops", "group:web", "internet:internet"]);
  });

  it("has exactly the cells the rules allow, in node order", () => {
    const tcp = (...ports: number[]) => [{ protocol: "tcp", ports: ports.map((p) => [p, p]) }];
    const all = [{ protocol: "all", ports: null }];
    expect(m.cells.map((c) => [c.from, c.to, c.services, c.complete])).toEqual([
      [I("web"), I("db"), tcp(5432), true],
      [I("web"), G("db"), tcp(5432), true],
      // web's own address is in 10.0.0.0/8: ssh and https.
      [I("web"), G("web"), tcp(22, 443), true],
      [I("web"), INTERNET, all, true],
      // A member of ops may send from any address; only those in 10.0.0.0/8 get ssh in.
      [G("ops"), I("web"), tcp(22), false],
      [G("ops"), G("web"), tcp(22), false],
      [G("web"), I("db"), tcp(5432), true],
      // A member of web sits in web's subnet, inside 10.0.0.0/8: ssh and https from every address.
      [G("web"), I("web"), tcp(22, 443), true],
      [G("web"), G("db"), tcp(5432), true],
      [G("web"), INTERNET, all, true],
      [INTERNET, I("web"), tcp(443), true],
      [INTERNET, G("web"), tcp(443), true],
    ]);
    expect(cellOf(m, G("ops"), I("web"))!.example).toBe(`tcp port 22 from member of ${G("ops")} (10.0.0.0) to ${I("web")} (10.0.1.10)`);
    expect(cellOf(m, G("ops"), I("web"))!.rule).toBe("huaweicloud_networking_secgroup_rule.web_ssh");
  });
});

describe("examples/three-tier", () => {
  const make = (app: App) => new ThreeTierStack(app, "three-tier");
  const I = (n: string) => `huaweicloud_compute_instance.${n}`;
  let network: Network;
  let m: ReachabilityMatrix;
  let elapsedMs = 0;
  beforeAll(() => {
    network = synth(make).network;
    const started = process.hrtime.bigint();
    m = reachabilityMatrix(network);
    elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  });

  it("shows the tiers: internet -> web on 80/443, web -> app on 8080, app -> db on 3306, bastion -> every tier on 22", () => {
    const s = (from: string, to: string) => cellOf(m, from, to)?.services;
    expect(cellOf(m, INTERNET, I("web1"))).toMatchObject({ services: [{ protocol: "tcp", ports: [[80, 80], [443, 443]] }], complete: true });
    expect(s(I("web1"), I("app1"))).toEqual([{ protocol: "tcp", ports: [[8080, 8080]] }]);
    expect(s(I("app1"), I("db1"))).toEqual([{ protocol: "tcp", ports: [[3306, 3306]] }]);
    for (const tier of ["web1", "app1", "db1"]) expect(s(I("bastion1"), I(tier))).toEqual([{ protocol: "tcp", ports: [[22, 22]] }]);
    expect(cellOf(m, I("app1"), INTERNET)).toMatchObject({ services: [{ protocol: "tcp", ports: [[443, 443]] }], complete: false });
    expect(cellOf(m, I("app1"), INTERNET)!.example).toContain("to 203.0.113.10");
    expect(s(I("web1"), INTERNET)).toEqual([{ protocol: "all", ports: null }]);
  });

  it("shows what is closed: nothing reaches db1 from the internet or the web tier, db1 reaches nothing, the bastion only from trusted private networks", () => {
    expect(cellOf(m, INTERNET, I("db1"))).toBeUndefined();
    expect(cellOf(m, I("web1"), I("db1"))).toBeUndefined();
    expect(m.cells.filter((c) => c.from === I("db1"))).toEqual([]);
    expect(cellOf(m, INTERNET, I("bastion1"))).toBeUndefined();
  });

  it("agrees with checkReach on every instance pair and protocol", () => {
    const ids = ["app1", "bastion1", "db1", "web1"].map(I);
    for (const a of ids) {
      for (const b of ids) {
        if (a === b) continue;
        const cell = cellOf(m, a, b);
        for (const [protocol, port] of [[6, 22], [6, 80], [6, 443], [6, 3306], [6, 8080], [17, 53], [1, undefined], [50, undefined]] as const) {
          const some = checkReach(network, { from: { kind: "instance", instanceId: a }, to: { kind: "instance", instanceId: b }, version: 4, protocol, ...(port ? { ports: portSet(port) } : {}), quantifier: "some" });
          expect([a, b, protocol, port, cell ? covers(cell.services, protocol, port) : false]).toEqual([a, b, protocol, port, some.holds]);
        }
      }
    }
  });

  it("takes milliseconds; a second matrix of the same network reuses its extension and cached spaces", () => {
    expect(elapsedMs).toBeLessThan(2000);
    const started = process.hrtime.bigint();
    expect(reachabilityMatrix(network)).toEqual(m);
    const again = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(`three-tier matrix: ${elapsedMs.toFixed(1)} ms, again ${again.toFixed(1)} ms`);
  });
});

const portSet = (port: number) => PortSet.single(port);

// ---------------------------------------------------------------------------------------------
// Property: the matrix against brute force over enumerated flows

/** The protocols enumerated: tcp, udp, icmp, icmpv6, gre, esp (no rule names esp). */
const PROTOCOLS = [6, 17, 1, 58, 47, 50];
/** Ports enumerated: the harness's rules cut 1-65535 at 20..31 only, so these hit every interval. */
const PORTS = [1, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31];

/** The bounds of every remote address set of these rules: each interval between bounds is decided alike. */
function boundaries(network: Network, instance: Instance | undefined, direction: "ingress" | "egress", version: IpVersion): bigint[] {
  const out = new Set<bigint>([0n]);
  if (!instance) return [...out];
  for (const { rule } of rulesAtInstance(network, instance, direction, version)) {
    const r = rule.remote;
    const set =
      r.kind === "cidr" ? r.addresses :
      r.kind === "addressGroup" ? network.addressGroups.get(r.addressGroupId)!.addresses :
      r.kind === "group" ? network.memberAddresses(r.groupId, version) : undefined;
    for (const [lo, hi] of set?.intervals ?? []) {
      out.add(lo);
      if (hi < MAX_ADDRESS[version]) out.add(hi + 1n);
    }
  }
  return [...out];
}

interface BruteEnd {
  /** Builds the flow end for an address. */
  readonly end: (address: bigint) => FlowEnd;
  /** The addresses to try: one per class of addresses the rules decide alike. */
  readonly addresses: readonly bigint[];
}

describe("property: the matrix against brute force (fast-check)", () => {
  const runs = propertyRuns(0.006);

  for (const version of [4, 6] as const) {
    it(`IPv${version}: a cell lists (protocol, port) iff some enumerated flow is allowed; complete iff all are (${runs} networks)`, () => {
      let cellsSeen = 0;
      fc.assert(
        fc.property(networkArb, (gen) => {
          const net = libNetworkOrSkip(buildModel(gen));
          const m = reachabilityMatrix(net, { version });
          // Stand-ins built one at a time through core, independently of the matrix's single rebuild.
          let extended = net;
          const groups = [...net.groups.keys()].sort();
          // A group's stand-in lives in the subnet of its first instance (by id) that has one.
          const homeOf = (g: string): string | undefined =>
            [...net.instances.values()]
              .filter((i) => !i.hypothetical && i.securityGroupIds.includes(g))
              .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
              .map((i) => i.nics.find((n) => n.subnetId !== undefined)?.subnetId)
              .find((id) => id !== undefined);
          for (const g of groups) extended = withHypotheticalMember(extended, g, homeOf(g)).network;
          const instances = [...net.instances.keys()].sort();
          expect(m.nodes.map((n) => n.id)).toEqual([...instances, ...groups, INTERNET]);
          const instanceOf = (id: string) => (id === INTERNET ? undefined : extended.instance(net.groups.has(id) && !net.instances.has(id) ? `member of ${id}` : id));
          const kindOf = new Map(m.nodes.map((n) => [n.id, n.kind]));
          const publicSet = publicAddresses(version);
          const publicBounds = publicSet.intervals.flatMap(([lo, hi]) => [lo, hi + 1n <= MAX_ADDRESS[version] ? hi + 1n : lo]);

          for (const from of m.nodes) {
            for (const to of m.nodes) {
              if (from === to) continue;
              const src = instanceOf(from.id);
              const dst = instanceOf(to.id);
              // An instance and its attached interface are one machine: no cell.
              if (src && dst && extended.sameMachine(src.id, dst.id)) {
                expect(cellOf(m, from.id, to.id)).toBeUndefined();
                continue;
              }
              // The NICs checkReach picks between two instances (from its witness flow).
              let nics: [number, number] = [0, 0];
              if (src && dst) {
                const w = checkReach(extended, { from: { kind: "instance", instanceId: src.id }, to: { kind: "instance", instanceId: dst.id }, version, protocol: 50, quantifier: "some" }).witness.flow;
                nics = [w.src.kind === "instance" ? w.src.nicIndex : 0, w.dst.kind === "instance" ? w.dst.nicIndex : 0];
              }
              const side = (inst: Instance | undefined, nic: number, other: Instance | undefined, decidedBy: bigint[]): BruteEnd => {
                if (!inst) {
                  // internet: public addresses, without the other end's own fixed IPs.
                  const own = new Set(other!.nics.map((n) => (version === 4 ? n.fixedIpV4 : n.fixedIpV6)).filter((a): a is bigint => a !== undefined));
                  const cands = [...new Set([...decidedBy, ...publicBounds, ...[...own].map((a) => a + 1n)])].filter((a) => publicSet.has(a) && !own.has(a));
                  return { end: (address) => ({ kind: "external", address }), addresses: cands };
                }
                const fixed = version === 4 ? inst.nics[nic].fixedIpV4 : inst.nics[nic].fixedIpV6;
                const mk = (address: bigint): FlowEnd => ({ kind: "instance", instanceId: inst.id, nicIndex: nic, address, fromFixedIp: true });
                if (fixed !== undefined) return { end: mk, addresses: [fixed] };
                // No fixed IP (a stand-in, or an IPv6-less NIC): any address of its IPv4 subnet, else of the version.
                const subnetId = inst.nics[nic].subnetId;
                const cidr = version === 4 && subnetId !== undefined ? extended.subnets.get(subnetId)?.cidr : undefined;
                if (cidr) {
                  const [lo, hi] = cidr.intervals[0];
                  return { end: mk, addresses: [...new Set([lo, hi, ...decidedBy])].filter((a) => cidr.has(a)) };
                }
                return { end: mk, addresses: decidedBy };
              };
              if (!src && !dst) continue;
              const s = side(src, nics[0], dst, boundaries(extended, dst, "ingress", version));
              const d = side(dst, nics[1], src, boundaries(extended, src, "egress", version));
              const cell = cellOf(m, from.id, to.id);
              if (cell) {
                cellsSeen++;
                expectWellFormed(cell.services);
              }
              let anyDenied = false;
              for (const protocol of PROTOCOLS) {
                for (const port of probesOf(protocol, PORTS)) {
                  let allowed = false;
                  for (const a of s.addresses) {
                    for (const b of d.addresses) {
                      const flow: Flow = { version, protocol, ...(port !== undefined ? { port } : {}), src: s.end(a), dst: d.end(b) };
                      if (evaluateFlow(extended, flow).verdict === "allow") allowed = true;
                      else anyDenied = true;
                      if (allowed && anyDenied) break;
                    }
                    if (allowed && anyDenied) break;
                  }
                  const listed = cell ? covers(cell.services, protocol, port) : false;
                  if (listed !== allowed) {
                    throw new Error(`${from.id} -> ${to.id} IPv${version} ${protocolName(protocol)} ${port ?? ""}: matrix says ${listed}, brute force ${allowed} (${JSON.stringify(cell?.services)})`);
                  }
                  // complete: every enumerated flow of a listed service is allowed.
                  if (listed && cell!.complete) {
                    for (const a of s.addresses) {
                      for (const b of d.addresses) {
                        const flow: Flow = { version, protocol, ...(port !== undefined ? { port } : {}), src: s.end(a), dst: d.end(b) };
                        if (evaluateFlow(extended, flow).verdict !== "allow") {
                          throw new Error(`${from.id} -> ${to.id}: complete, but ${formatAddress(version, a)} -> ${formatAddress(version, b)} ${protocolName(protocol)} ${port ?? ""} is denied`);
                        }
                      }
                    }
                  }
                }
              }
              if (cell && !cell.complete) {
                // Some listed service misses some address pair: find it among the enumerated ones.
                let found = false;
                for (const protocol of PROTOCOLS) {
                  for (const port of probesOf(protocol, PORTS)) {
                    if (found || !covers(cell.services, protocol, port)) continue;
                    for (const a of s.addresses) for (const b of d.addresses) {
                      if (!found && evaluateFlow(extended, { version, protocol, ...(port !== undefined ? { port } : {}), src: s.end(a), dst: d.end(b) }).verdict === "deny") found = true;
                    }
                  }
                }
                expect([from.id, to.id, kindOf.get(from.id), found]).toEqual([from.id, to.id, kindOf.get(from.id), true]);
              }
            }
          }
        }),
        { numRuns: runs, seed: propertySeed(700 + version) },
      );
      expect(cellsSeen).toBeGreaterThan(runs);
    });
  }
});
