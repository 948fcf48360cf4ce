/**
 * The network diff: exactly the flows whose verdict changed, grouped "these addresses × these
 * services", each with an example whose verdict really differs. Unit tests on small networks
 * built with lib/core, a Terraform fixture pair (test/fixtures/diff/shop), two versions of the
 * three-tier example that differ in one rule, and fast-check properties against brute force:
 * on enumerated flows, a flow is in a newly-allowed (newly-denied) group iff it is allowed after
 * and denied before (allowed before and denied after), and every group holds such a flow.
 */
import { readFileSync } from "fs";
import { join } from "path";
import { App } from "cdktf";
import fc from "fast-check";
import { DiffEnd, FlowChangeGroup, NetworkDiff, diffNetworks } from "../../lib/analysis/diff";
import { INTERNET, Service, reachabilityMatrix } from "../../lib/analysis/matrix";
import { AddressSet } from "../../lib/core/address-set";
import { rulesAtInstance } from "../../lib/core/effective-rules";
import { evaluateFlow } from "../../lib/core/evaluator";
import { Flow, FlowEnd, describeFlow } from "../../lib/core/flow";
import { NON_PUBLIC_CIDRS } from "../../lib/core/internet";
import { IpVersion, MAX_ADDRESS } from "../../lib/core/ip";
import { Instance, Network } from "../../lib/core/network";
import { protocolName } from "../../lib/core/protocol";
import { checkReach } from "../../lib/core/reachability";
import { readDocuments } from "../../lib/terraform/reader";
import { ThreeTierStack } from "../../examples/three-tier/stack";
import { NetLit, RuleLit, buildNetwork, egress, ingress } from "../core/helpers";
import { synth } from "../examples/helpers";
import { GenNetwork, buildModel, libNetworkOrSkip, networkArb, propertyRuns, probesOf, propertySeed, ruleArb } from "../property/harness";

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

/** A group in one line: `from -> to services (IPv4)`. */
const line = (g: FlowChangeGroup): string => `${g.from.id} -> ${g.to.id} ${JSON.stringify(g.services)} v${g.version}`;

const tcp = (...ports: Array<number | [number, number]>): Service[] => [{ protocol: "tcp", ports: ports.map((p) => (typeof p === "number" ? [p, p] : p)) }];

const ext = (...cidrs: string[]): DiffEnd => ({ kind: "external", id: cidrs.join(", "), addresses: cidrs });
const inst = (id: string): DiffEnd => ({ kind: "instance", id, addresses: [], memberKind: "huaweicloud_compute_instance" });

/** A one-group network: instances vm (10.0.0.5) and peer (10.0.0.6), each in its own group. */
function pairNet(rules: RuleLit[], extra: Partial<NetLit> = {}): Network {
  return buildNetwork({
    groups: { vm: { delete_default_rules: true }, peer: { delete_default_rules: true } },
    rules,
    instances: { vm: { groups: ["vm"], ip: "10.0.0.5" }, peer: { groups: ["peer"], ip: "10.0.0.6" } },
    ...extra,
  });
}

// ---------------------------------------------------------------------------------------------
// Unit tests

describe("diffNetworks on small networks", () => {
  const base = [ingress("vm", { id: "https", protocol: "tcp", ports: "443", remote_ip_prefix: "0.0.0.0/0", priority: 1 })];

  it("finds nothing between a network and itself, or an equivalent one", () => {
    const net = pairNet(base);
    expect(diffNetworks(net, net)).toEqual({ newlyAllowed: [], newlyDenied: [], removedInstances: [], addedInstances: [] });
    // 0.0.0.0/1 + 128.0.0.0/1 is the same set as 0.0.0.0/0.
    const halves = pairNet([
      ingress("vm", { protocol: "tcp", ports: "443", remote_ip_prefix: "0.0.0.0/1", priority: 1 }),
      ingress("vm", { protocol: "tcp", ports: "443", remote_ip_prefix: "128.0.0.0/1", priority: 1 }),
    ]);
    expect(diffNetworks(net, halves).newlyAllowed).toEqual([]);
    expect(diffNetworks(net, halves).newlyDenied).toEqual([]);
  });

  it("a new rule: one group with the addresses it opens, the services, an example and both deciding rules", () => {
    const after = pairNet([...base, ingress("vm", { id: "ssh", protocol: "tcp", ports: "22", remote_ip_prefix: "203.0.113.0/24", priority: 1 })]);
    const d = diffNetworks(pairNet(base), after);
    expect(d.newlyDenied).toEqual([]);
    expect(d.newlyAllowed).toEqual([
      {
        change: "newly-allowed",
        version: 4,
        from: ext("203.0.113.0/24"),
        to: inst("vm"),
        services: tcp(22),
        example: "tcp port 22 from 203.0.113.0 to vm (10.0.0.5)",
        ruleBefore: null,
        ruleAfter: "ssh",
      },
    ]);
  });

  it("reverting the change reports the same flows as newly denied", () => {
    const after = pairNet([...base, ingress("vm", { id: "ssh", protocol: "tcp", ports: "22", remote_ip_prefix: "203.0.113.0/24", priority: 1 })]);
    const d = diffNetworks(after, pairNet(base));
    expect(d.newlyAllowed).toEqual([]);
    expect(d.newlyDenied).toHaveLength(1);
    expect(d.newlyDenied[0]).toMatchObject({ change: "newly-denied", from: ext("203.0.113.0/24"), to: inst("vm"), services: tcp(22), ruleBefore: "ssh", ruleAfter: null });
  });

  it("splits a change into 'these addresses × these services' groups", () => {
    const after = pairNet([
      ingress("vm", { id: "web", protocol: "tcp", ports: "80,443", remote_ip_prefix: "0.0.0.0/0", priority: 1 }),
      ingress("vm", { id: "ssh", protocol: "tcp", ports: "22", remote_ip_prefix: "203.0.113.0/24", priority: 1 }),
      ingress("vm", { id: "dns", protocol: "udp", ports: "53", remote_ip_prefix: "203.0.113.0/24", priority: 1 }),
    ]);
    const d = diffNetworks(pairNet(base), after);
    // Port 80 from everywhere but the model's own addresses; ssh and dns from the office block.
    expect(d.newlyAllowed.map(line)).toEqual([
      `0.0.0.0/0 -> vm ${JSON.stringify(tcp(80))} v4`,
      `203.0.113.0/24 -> vm ${JSON.stringify([...tcp(22), { protocol: "udp", ports: [[53, 53]] }])} v4`,
    ]);
    expect(d.newlyAllowed[0].from.addresses).toEqual(["0.0.0.0/0"]);
    expect(d.newlyAllowed[0].ruleAfter).toBe("web");
  });

  it("a deny carved out of an allow: the complement is listed as CIDR blocks", () => {
    const before = pairNet([ingress("vm", { protocol: "tcp", ports: "22", remote_ip_prefix: "10.0.0.0/8", priority: 1 })]);
    const after = pairNet([ingress("vm", { id: "ssh-all", protocol: "tcp", ports: "22", remote_ip_prefix: "0.0.0.0/0", priority: 1 })]);
    const [g] = diffNetworks(before, after).newlyAllowed;
    expect(g.from.addresses).toEqual(["0.0.0.0/5", "8.0.0.0/7", "11.0.0.0/8", "12.0.0.0/6", "16.0.0.0/4", "32.0.0.0/3", "64.0.0.0/2", "128.0.0.0/1"]);
    expect(g.from.id).toBe(g.from.addresses.join(", "));
    expect(g.from.omittedBlocks).toBeUndefined();
  });

  it("every public address is `internet`", () => {
    const denies = NON_PUBLIC_CIDRS[4].map((c, i) => ingress("vm", { id: `deny${i}`, protocol: "tcp", ports: "8080", remote_ip_prefix: c, action: "deny", priority: 1 }));
    const after = pairNet([...base, ...denies, ingress("vm", { id: "public", protocol: "tcp", ports: "8080", remote_ip_prefix: "0.0.0.0/0", priority: 2 })]);
    const [g] = diffNetworks(pairNet(base), after).newlyAllowed;
    expect(g.from.id).toBe("internet");
    expect(g.from.addresses[0]).toBe("1.0.0.0/8");
    expect(g.example).toBe("tcp port 8080 from 1.0.0.0 to vm (10.0.0.5)");
  });

  it("caps a very long list of blocks and says how many are left out", () => {
    const hosts = Array.from({ length: 70 }, (_, i) => ingress("vm", { protocol: "tcp", ports: "9000", remote_ip_prefix: `198.51.100.${i * 2}/32`, priority: 1 }));
    const [g] = diffNetworks(pairNet(base), pairNet([...base, ...hosts])).newlyAllowed;
    expect(g.from.addresses).toHaveLength(64);
    expect(g.from.omittedBlocks).toBe(6);
    expect(g.from.id).toMatch(/^198\.51\.100\.0\/32, 198\.51\.100\.2\/32, .* and 6 more blocks$/);
  });

  it("between instances: both directions, per protocol and port", () => {
    const before = pairNet([egress("peer", { remote_ip_prefix: "0.0.0.0/0", priority: 100 }), egress("vm", { remote_ip_prefix: "0.0.0.0/0", priority: 100 })]);
    const after = pairNet([
      egress("peer", { remote_ip_prefix: "0.0.0.0/0", priority: 100 }),
      egress("vm", { remote_ip_prefix: "0.0.0.0/0", priority: 100 }),
      ingress("vm", { id: "from-peer", protocol: "tcp", ports: "5432-5433", remote_group_id: "peer", priority: 1 }),
      ingress("peer", { id: "icmp", protocol: "icmp", remote_group_id: "vm", priority: 1 }),
    ]);
    const d = diffNetworks(before, after);
    expect(d.newlyAllowed.map((g) => [g.from, g.to, g.services, g.ruleAfter])).toEqual([
      [inst("peer"), inst("vm"), tcp([5432, 5433]), "from-peer"],
      [inst("vm"), inst("peer"), [{ protocol: "icmp", ports: [[1, 65535]] }], "icmp"],
    ]);
    expect(d.newlyAllowed[0].example).toBe("tcp port 5432 from peer (10.0.0.6) to vm (10.0.0.5)");
  });

  it("a changed fixed IP alone changes no flow; one that leaves a CIDR rule's block does", () => {
    const rules = [egress("peer", { remote_ip_prefix: "0.0.0.0/0", priority: 100 }), ingress("vm", { id: "lan", protocol: "tcp", ports: "22", remote_ip_prefix: "10.0.0.0/28", priority: 1 })];
    const moved = (ip: string) => buildNetwork({
      groups: { vm: { delete_default_rules: true }, peer: { delete_default_rules: true } },
      rules,
      instances: { vm: { groups: ["vm"], ip: "10.0.0.5" }, peer: { groups: ["peer"], ip } },
    });
    const same = diffNetworks(moved("10.0.0.6"), moved("10.0.0.7"));
    expect(same.newlyAllowed.filter((g) => g.from.kind === "instance" && g.to.kind === "instance")).toEqual([]);
    const out = diffNetworks(moved("10.0.0.6"), moved("10.0.0.66"));
    const lost = out.newlyDenied.filter((g) => g.from.kind === "instance" && g.to.kind === "instance");
    expect(lost.map((g) => [g.from.id, g.to.id, g.services, g.ruleBefore, g.ruleAfter])).toEqual([["peer", "vm", tcp(22), "lan", null]]);
    // The old and new fixed IPs belong to the model in one version or the other: they are left out of the external ends.
    expect(out.newlyAllowed).toEqual([]);
    expect(out.newlyDenied.filter((g) => g.from.kind === "external")).toEqual([]);
  });

  it("an added instance: its flows were denied (it did not exist); a removed one: they are denied now", () => {
    const lit = (withPeer2: boolean): NetLit => ({
      groups: { vm: { delete_default_rules: true }, peer: { delete_default_rules: true } },
      rules: [egress("peer", { id: "peer-out", protocol: "tcp", ports: "443", remote_ip_prefix: "0.0.0.0/0", priority: 1 }), ingress("vm", { id: "https", protocol: "tcp", ports: "443", remote_ip_prefix: "0.0.0.0/0", priority: 1 })],
      instances: { vm: { groups: ["vm"], ip: "10.0.0.5" }, ...(withPeer2 ? { peer2: { groups: ["peer"], ip: "10.0.0.7" } } : {}) },
    });
    const d = diffNetworks(buildNetwork(lit(false)), buildNetwork(lit(true)));
    expect(d.addedInstances).toEqual(["peer2"]);
    expect(d.removedInstances).toEqual([]);
    expect(d.newlyDenied).toEqual([]);
    expect(d.newlyAllowed.map((g) => [g.from.id, g.to.id, g.services, g.ruleBefore, g.ruleAfter])).toEqual([
      ["peer2", "vm", tcp(443), null, "https"],
      ["peer2", "0.0.0.0/0", tcp(443), null, "peer-out"],
    ]);
    const back = diffNetworks(buildNetwork(lit(true)), buildNetwork(lit(false)));
    expect(back.removedInstances).toEqual(["peer2"]);
    expect(back.newlyDenied.map((g) => [g.from.id, g.to.id])).toEqual([["peer2", "vm"], ["peer2", "0.0.0.0/0"]]);
  });

  it("IPv6 changes are reported as IPv6 groups, and left out when only IPv4 is asked for", () => {
    const v6 = (rules: RuleLit[]) => buildNetwork({
      groups: { vm: { delete_default_rules: true } },
      rules,
      instances: { vm: { groups: ["vm"], ip: "10.0.0.5", ip6: "2001:db8::5" } },
    });
    const before = v6([]);
    const after = v6([ingress("vm", { id: "v6-https", ethertype: "IPv6", protocol: "tcp", ports: "443", remote_ip_prefix: "2001:db8:1::/48", priority: 1 })]);
    const d = diffNetworks(before, after);
    expect(d.newlyAllowed.map(line)).toEqual([`2001:db8:1::/48 -> vm ${JSON.stringify(tcp(443))} v6`]);
    expect(d.newlyAllowed[0].example).toBe("tcp port 443 from 2001:db8:1:: to vm (2001:db8::5)");
    expect(diffNetworks(before, after, { version: 4 }).newlyAllowed).toEqual([]);
    expect(diffNetworks(before, after, { version: 6 })).toEqual(d);
  });

  it("an instance without a fixed IP stands for its subnet's addresses: a group names the ones that changed", () => {
    const lit = (rules: RuleLit[]): NetLit => ({
      groups: { vm: { delete_default_rules: true }, peer: { delete_default_rules: true } },
      rules: [egress("peer", { remote_ip_prefix: "0.0.0.0/0", priority: 100 }), ...rules],
      vpcs: { v: "10.0.0.0/16" },
      subnets: { s: { vpc: "v", cidr: "10.0.1.0/24" } },
      instances: { vm: { groups: ["vm"], ip: "10.0.1.5", subnet: "s" }, peer: { groups: ["peer"], subnet: "s" } },
    });
    const after = buildNetwork(lit([ingress("vm", { id: "low", protocol: "tcp", ports: "22", remote_ip_prefix: "10.0.1.0/28", priority: 1 })]));
    const d = diffNetworks(buildNetwork(lit([])), after);
    const pair = d.newlyAllowed.find((g) => g.from.id === "peer" && g.to.id === "vm")!;
    expect(pair.from).toEqual({ kind: "instance", id: "peer", addresses: [], instanceAddresses: ["10.0.1.0/28"], memberKind: "huaweicloud_compute_instance" });
    expect(pair.services).toEqual(tcp(22));
    expect(pair.example).toBe("tcp port 22 from peer (10.0.1.0) to vm (10.0.1.5)");
  });

  it("orders groups by from (instances first), then to, then first service", () => {
    const after = pairNet([
      ...base,
      egress("vm", { remote_ip_prefix: "0.0.0.0/0", priority: 100 }),
      ingress("peer", { protocol: "udp", ports: "53", remote_ip_prefix: "0.0.0.0/0", priority: 1 }),
      ingress("peer", { protocol: "tcp", ports: "25", remote_ip_prefix: "192.0.2.0/24", priority: 1 }),
    ]);
    const d = diffNetworks(pairNet(base), after);
    expect(d.newlyAllowed.map((g) => `${g.from.id} -> ${g.to.id} ${g.services[0].protocol}`)).toEqual([
      "vm -> peer udp",
      "vm -> 0.0.0.0/0 all",
      "0.0.0.0/0 -> peer udp",
      "192.0.2.0/24 -> peer tcp",
    ]);
    expect(JSON.stringify(diffNetworks(pairNet(base), after))).toBe(JSON.stringify(d));
  });
});

// ---------------------------------------------------------------------------------------------
// Terraform fixtures

describe("a Terraform fixture pair (test/fixtures/diff/shop)", () => {
  const read = (name: string) => {
    const file = join(__dirname, `../fixtures/diff/shop/${name}.tf.json`);
    return readDocuments([{ file, json: JSON.parse(readFileSync(file, "utf8")) }]).network;
  };
  let d: NetworkDiff;
  beforeAll(() => {
    d = diffNetworks(read("before"), read("after"));
  });
  const I = (n: string) => `huaweicloud_compute_instance.${n}`;
  const R = (n: string) => `huaweicloud_networking_secgroup_rule.${n}`;

  it("lists the new instance", () => {
    expect(d.addedInstances).toEqual([I("ops")]);
    expect(d.removedInstances).toEqual([]);
  });

  it("newly allowed: ssh from ops to web and out to its subnet, ssh from outside 10.0.0.0/8 to web", () => {
    expect(d.newlyAllowed.map((g) => [g.from.id, g.to.id, g.services, g.version, g.ruleBefore, g.ruleAfter])).toEqual([
      [I("ops"), I("web"), tcp(22), 4, null, R("web_ssh")],
      [I("ops"), "10.0.1.0/24", tcp(22), 4, null, R("ops_ssh_out")],
      ["0.0.0.0/5, 8.0.0.0/7, 11.0.0.0/8, 12.0.0.0/6, 16.0.0.0/4, 32.0.0.0/3, 64.0.0.0/2, 128.0.0.0/1", I("web"), tcp(22), 4, null, R("web_ssh")],
    ]);
    expect(d.newlyAllowed[0].example).toBe(`tcp port 22 from ${I("ops")} (10.0.1.30) to ${I("web")} (10.0.1.10)`);
  });

  it("newly denied: IPv6 https to web (its rule was removed)", () => {
    expect(d.newlyDenied.map((g) => [g.from, g.to.id, g.services, g.version, g.ruleBefore, g.ruleAfter])).toEqual([
      [ext("::/0"), I("web"), tcp(443), 6, R("web_https_v6"), null],
    ]);
  });
});

describe("two versions of examples/three-tier that differ in one rule", () => {
  const make = (app: App) => new ThreeTierStack(app, "three-tier");
  type Json = { resource: Record<string, Record<string, Record<string, unknown>>> };
  let json: Json;
  let before: Network;
  const read = (doc: Json) => readDocuments([{ file: "cdk.tf.json", json: doc }]).network;
  const copy = (): Json => JSON.parse(JSON.stringify(json));
  const ruleKey = (doc: Json, prefix: string) => {
    const keys = Object.keys(doc.resource.huaweicloud_networking_secgroup_rule).filter((k) => k.startsWith(prefix));
    expect(keys).toHaveLength(1);
    return keys[0];
  };
  const I = (n: string) => `huaweicloud_compute_instance.${n}`;

  beforeAll(() => {
    const s = synth(make);
    json = JSON.parse(s.json);
    before = s.network;
  });

  it("an added rule (tcp 8443 on web from everywhere) shows exactly the flows it opens", () => {
    const doc = copy();
    doc.resource.huaweicloud_networking_secgroup_rule["web_ingress-allow-tcp-8443"] = {
      security_group_id: "${huaweicloud_networking_secgroup.web.id}",
      direction: "ingress", ethertype: "IPv4", protocol: "tcp", ports: "8443", remote_ip_prefix: "0.0.0.0/0", action: "allow", priority: 1,
    };
    const d = diffNetworks(before, read(doc));
    expect(d.newlyDenied).toEqual([]);
    expect(d.addedInstances).toEqual([]);
    expect(d.removedInstances).toEqual([]);
    // No instance's egress lets tcp 8443 out toward web1 (the app tier's whitelist, the bastion's
    // SSH-only egress, the database's none): only hosts outside the model gain it.
    expect(d.newlyAllowed).toEqual([
      {
        change: "newly-allowed",
        version: 4,
        from: ext("0.0.0.0/0"),
        to: inst(I("web1")),
        services: tcp(8443),
        example: `tcp port 8443 from 1.0.0.0 to ${I("web1")} (192.168.1.10)`,
        ruleBefore: null,
        ruleAfter: "huaweicloud_networking_secgroup_rule.web_ingress-allow-tcp-8443",
      },
    ]);
  });

  it("the database port opened to the app's whole subnet: web1 and the subnet's other addresses gain MySQL, nothing else changes", () => {
    const doc = copy();
    const key = ruleKey(doc, "db_ingress-allow-tcp-3306-from-sg-app");
    const rule = doc.resource.huaweicloud_networking_secgroup_rule[key];
    delete rule.remote_group_id;
    rule.remote_ip_prefix = "192.168.1.0/24";
    const d = diffNetworks(before, read(doc));
    expect(d.newlyDenied).toEqual([]);
    const ruleId = `huaweicloud_networking_secgroup_rule.${key}`;
    const denyOthers = expect.stringMatching(/^huaweicloud_networking_secgroup_rule\.db_ingress-deny-tcp-3306-from-any-ipv4-p100_/);
    // app1 reached db1 already (by its group); the bastion's egress allows only SSH; the other
    // addresses of 192.168.1.0/24 are hosts outside the model.
    expect(d.newlyAllowed).toEqual([
      { change: "newly-allowed", version: 4, from: inst(I("web1")), to: inst(I("db1")), services: tcp(3306), example: `tcp port 3306 from ${I("web1")} (192.168.1.10) to ${I("db1")} (192.168.1.30)`, ruleBefore: denyOthers, ruleAfter: ruleId },
      { change: "newly-allowed", version: 4, from: ext("192.168.1.0/24"), to: inst(I("db1")), services: tcp(3306), example: `tcp port 3306 from 192.168.1.0 to ${I("db1")} (192.168.1.30)`, ruleBefore: denyOthers, ruleAfter: ruleId },
    ]);
  });

  it("a removed rule (HTTPS on web) shows exactly the flows it closes", () => {
    const doc = copy();
    const key = ruleKey(doc, "web_ingress-allow-tcp-443-from-any-ipv4");
    delete doc.resource.huaweicloud_networking_secgroup_rule[key];
    const d = diffNetworks(before, read(doc));
    expect(d.newlyAllowed).toEqual([]);
    expect(d.newlyDenied.map((g) => [g.from, g.to, g.services, g.ruleBefore, g.ruleAfter])).toEqual([
      [ext("0.0.0.0/0"), inst(I("web1")), tcp(443), `huaweicloud_networking_secgroup_rule.${key}`, null],
    ]);
  });

  it("a new instance in the web tier: its flows are exactly its cells in the matrix of the new version", () => {
    const doc = copy();
    const web1 = doc.resource.huaweicloud_compute_instance.web1 as { network: Array<Record<string, unknown>> };
    doc.resource.huaweicloud_compute_instance.web2 = { ...web1, name: "web2", network: [{ ...web1.network[0], fixed_ip_v4: "192.168.1.11" }] };
    const after = read(doc);
    const d = diffNetworks(before, after, { version: 4 });
    expect(d.addedInstances).toEqual([I("web2")]);
    expect(d.newlyDenied).toEqual([]);
    const m = reachabilityMatrix(after);
    const pairs = d.newlyAllowed.filter((g) => g.from.kind === "instance" && g.to.kind === "instance");
    const cells = m.cells.filter((c) => (c.from === I("web2") || c.to === I("web2")) && c.from.startsWith("huaweicloud_compute_instance.") && c.to.startsWith("huaweicloud_compute_instance."));
    expect(pairs.map((g) => [g.from.id, g.to.id, g.services])).toEqual(cells.map((c) => [c.from, c.to, c.services]));
    expect(pairs.length).toBeGreaterThanOrEqual(3); // web1 <-> web2 on 80/443, web2 -> app1 on 8080, bastion1 -> web2 on 22
    // Outside the model: what web1 has, web2 has now.
    const outside = d.newlyAllowed.filter((g) => g.from.kind === "external" || g.to.kind === "external");
    expect(outside.map((g) => [g.from.id, g.to.id, g.services])).toEqual([
      [I("web2"), "0.0.0.0/0", [{ protocol: "all", ports: null }]],
      ["0.0.0.0/0", I("web2"), m.cells.find((c) => c.from === INTERNET && c.to === I("web2"))!.services],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties against brute force

const PROTOCOLS = [6, 17, 1, 58, 47, 50];
/** The harness's rules cut 1-65535 at 20..31 only: these ports hit every interval. */
const PORTS = [1, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31];

/**
 * The bounds of every remote address set of the rules of one direction at some instances (the
 * rules that judge the address at the other end), plus 0, the highest address and the fixed IPs
 * with their neighbours: every class of addresses those rules decide alike has one of them.
 */
function addressBounds(at: ReadonlyArray<readonly [Network, Instance | undefined]>, fixed: ReadonlySet<bigint>, version: IpVersion, direction: "ingress" | "egress"): bigint[] {
  const out = new Set<bigint>([0n, MAX_ADDRESS[version]]);
  const add = (set: AddressSet | undefined) => {
    for (const [lo, hi] of set?.intervals ?? []) {
      out.add(lo);
      if (hi < MAX_ADDRESS[version]) out.add(hi + 1n);
    }
  };
  for (const [net, instance] of at) {
    if (!instance) continue;
    for (const { rule } of rulesAtInstance(net, instance, direction, version)) {
      if (rule.remote.kind === "cidr") add(rule.remote.addresses);
      if (rule.remote.kind === "addressGroup") add(net.addressGroups.get(rule.remote.addressGroupId)!.addresses);
      if (rule.remote.kind === "group") add(net.memberAddresses(rule.remote.groupId, version));
    }
  }
  for (const f of fixed) {
    out.add(f);
    if (f > 0n) out.add(f - 1n);
    if (f < MAX_ADDRESS[version]) out.add(f + 1n);
  }
  return [...out].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

const fixedIps = (networks: readonly Network[], version: IpVersion): Set<bigint> =>
  new Set(networks.flatMap((n) => [...n.instances.values()].flatMap((i) => i.nics.map((x) => (version === 4 ? x.fixedIpV4 : x.fixedIpV6)).filter((a): a is bigint => a !== undefined))));

/** A concrete flow of the enumeration with how to find it in the diff. */
interface Probe {
  readonly version: IpVersion;
  readonly from: { readonly kind: "instance" | "external"; readonly id: string; readonly address: bigint; readonly identity: boolean };
  readonly to: { readonly kind: "instance" | "external"; readonly id: string; readonly address: bigint; readonly identity: boolean };
  readonly protocol: number;
  readonly port?: number;
  /** The flow in each version, or undefined where it does not exist. */
  readonly before?: Flow;
  readonly after?: Flow;
}

/** Whether a flow is in a group: yes, no, or unknown (its address is above a capped list of blocks). */
type Membership = "yes" | "no" | "unknown";

/** One end of a group, read back from the report: which addresses it covers. */
interface EndReader {
  readonly kind: DiffEnd["kind"];
  readonly id: string;
  /** The addresses listed; undefined: every address of the instance. */
  readonly set?: AddressSet;
  /** When the list is capped: the highest address listed (the omitted blocks are above it). */
  readonly cappedAbove?: bigint;
}

function endReader(end: DiffEnd, version: IpVersion): EndReader {
  const blocks = end.kind === "external" ? end.addresses : end.instanceAddresses;
  if (end.kind === "instance") expect(end.addresses).toEqual([]);
  if (blocks === undefined) {
    expect(end.omittedBlocks).toBeUndefined();
    return { kind: end.kind, id: end.id };
  }
  const sets = blocks.map((b) => AddressSet.parse(b));
  expect(sets.every((x) => x.version === version)).toBe(true);
  const set = sets.reduce((a, b) => a.union(b), AddressSet.empty(version));
  if (end.omittedBlocks !== undefined) expect(blocks).toHaveLength(64);
  const cappedAbove = end.omittedBlocks ? set.intervals[set.intervals.length - 1][1] : undefined;
  return { kind: end.kind, id: end.id, set, ...(cappedAbove !== undefined ? { cappedAbove } : {}) };
}

function endMembership(r: EndReader, e: Probe["from"]): Membership {
  if (r.kind !== e.kind || (r.kind === "instance" && r.id !== e.id)) return "no";
  if (!r.set || r.set.has(e.address)) return "yes";
  return r.cappedAbove !== undefined && e.address > r.cappedAbove ? "unknown" : "no";
}

interface GroupReader {
  readonly group: FlowChangeGroup;
  readonly from: EndReader;
  readonly to: EndReader;
}

function membership(g: GroupReader, p: Probe): Membership {
  if (g.group.version !== p.version || !covers(g.group.services, p.protocol, p.port)) return "no";
  const a = endMembership(g.from, p.from);
  const b = endMembership(g.to, p.to);
  return a === "no" || b === "no" ? "no" : a === "unknown" || b === "unknown" ? "unknown" : "yes";
}

/**
 * Every flow the diff compares, one per class the rules decide alike: external addresses at the
 * bounds of every remote set (the model's fixed IPs left out), instance ends at their fixed IPs
 * (else at the bounds), every protocol the rules name plus one they do not, every port interval.
 */
function* probes(before: Network, after: Network, version: IpVersion): Generator<Probe> {
  const nets = [before, after];
  const fixed = fixedIps(nets, version);
  let someOutside = 0n;
  while (fixed.has(someOutside)) someOutside++;
  const real = (n: Network) => new Map([...n.instances.values()].filter((i) => !i.hypothetical).map((i) => [i.id, i]));
  const [was, now] = nets.map(real);
  const ids = [...new Set([...was.keys(), ...now.keys()])].sort();
  // The NIC pair and the addresses checkReach gives an instance pair (from its witness flow).
  const ends = (net: Network, from: Instance | undefined, to: Instance | undefined) => {
    if (!from && !to) return undefined;
    const w = checkReach(net, {
      from: from ? { kind: "instance", instanceId: from.id } : { kind: "external", addresses: AddressSet.single(version, someOutside) },
      to: to ? { kind: "instance", instanceId: to.id } : { kind: "external", addresses: AddressSet.single(version, someOutside) },
      version, protocol: 50, quantifier: "some",
    }).witness.flow;
    const nic = (e: FlowEnd) => (e.kind === "instance" ? e.nicIndex : 0);
    const fixedOf = (inst: Instance | undefined, e: FlowEnd) => {
      if (!inst) return undefined;
      const n = inst.nics[nic(e)];
      return version === 4 ? n.fixedIpV4 : n.fixedIpV6;
    };
    return { srcNic: nic(w.src), dstNic: nic(w.dst), srcFixed: fixedOf(from, w.src), dstFixed: fixedOf(to, w.dst) };
  };
  type Side = { kind: "instance" | "external"; id: string };
  const pairsOf: Array<[Side, Side]> = [];
  for (const id of ids) {
    pairsOf.push([{ kind: "external", id: "" }, { kind: "instance", id }]);
    pairsOf.push([{ kind: "instance", id }, { kind: "external", id: "" }]);
  }
  // An instance and its attached interface are one machine: its traffic to itself is not a question.
  for (const a of ids) for (const b of ids) if (a !== b && !before.sameMachine(a, b) && !after.sameMachine(a, b)) pairsOf.push([{ kind: "instance", id: a }, { kind: "instance", id: b }]);

  for (const [s, d] of pairsOf) {
    const inVersion = (net: Network, map: Map<string, Instance>) => {
      const si = s.kind === "instance" ? map.get(s.id) : undefined;
      const di = d.kind === "instance" ? map.get(d.id) : undefined;
      if ((s.kind === "instance" && !si) || (d.kind === "instance" && !di)) return undefined;
      return { net, si, di, e: ends(net, si, di)! };
    };
    const vb = inVersion(before, was);
    const va = inVersion(after, now);
    // Sources are judged by the destination's ingress rules, destinations by the source's egress rules.
    const bounds = {
      src: addressBounds([[before, vb?.di], [after, va?.di]], fixed, version, "ingress"),
      dst: addressBounds([[before, vb?.si], [after, va?.si]], fixed, version, "egress"),
    };
    const outside = { src: bounds.src.filter((a) => !fixed.has(a)), dst: bounds.dst.filter((a) => !fixed.has(a)) };
    // An instance end is one address when it has a fixed IP in every version that has the pair.
    const identity = (side: "src" | "dst") => [vb, va].every((v) => !v || (side === "src" ? v.e.srcFixed : v.e.dstFixed) !== undefined);
    const addressesOf = (side: Side, which: "src" | "dst"): Array<bigint | undefined> =>
      side.kind === "external" ? outside[which] : identity(which) ? [undefined] : bounds[which];
    const srcIdentity = s.kind === "instance" && identity("src");
    const dstIdentity = d.kind === "instance" && identity("dst");
    for (const sa of addressesOf(s, "src")) {
      for (const da of addressesOf(d, "dst")) {
        for (const protocol of PROTOCOLS) {
          for (const port of probesOf(protocol, PORTS)) {
            const flowIn = (v: typeof vb): Flow | undefined => {
              if (!v) return undefined;
              const end = (side: Side, inst: Instance | undefined, nic: number, fixedIp: bigint | undefined, a: bigint | undefined): FlowEnd =>
                side.kind === "external" ? { kind: "external", address: a! } : { kind: "instance", instanceId: inst!.id, nicIndex: nic, address: a ?? fixedIp!, fromFixedIp: true };
              // A non-identity instance end exists only at the addresses checkReach resolves it to (fixed IP, else subnet, else all).
              if (s.kind === "instance" && sa !== undefined && v.e.srcFixed !== undefined && sa !== v.e.srcFixed) return undefined;
              if (d.kind === "instance" && da !== undefined && v.e.dstFixed !== undefined && da !== v.e.dstFixed) return undefined;
              return {
                version, protocol, ...(port !== undefined ? { port } : {}),
                src: end(s, v.si, v.e.srcNic, v.e.srcFixed, sa),
                dst: end(d, v.di, v.e.dstNic, v.e.dstFixed, da),
              };
            };
            const b = flowIn(vb);
            const a = flowIn(va);
            if (!a && !b) continue;
            const addr = (x: Flow | undefined, which: "src" | "dst") => x?.[which].address;
            yield {
              version, protocol, ...(port !== undefined ? { port } : {}),
              from: { kind: s.kind, id: s.id, address: sa ?? addr(a, "src") ?? addr(b, "src")!, identity: srcIdentity },
              to: { kind: d.kind, id: d.id, address: da ?? addr(a, "dst") ?? addr(b, "dst")!, identity: dstIdentity },
              ...(b ? { before: b } : {}),
              ...(a ? { after: a } : {}),
            };
          }
        }
      }
    }
  }
}

/**
 * Checks a diff against every enumerated flow: a flow whose verdict changed is in exactly one
 * group of that change and none of the other; a flow whose verdict did not change is in none.
 * (A flow whose address is above a capped list of blocks cannot be placed from the report; it
 * only must not be in a group it is known to be outside of.) Returns how many changed flows were seen.
 */
function checkAgainstBruteForce(before: Network, after: Network, d: NetworkDiff, versions: readonly IpVersion[]): number {
  let changed = 0;
  const readers = (list: readonly FlowChangeGroup[]): GroupReader[] => list.map((g) => ({ group: g, from: endReader(g.from, g.version), to: endReader(g.to, g.version) }));
  const allowedGroups = readers(d.newlyAllowed);
  const deniedGroups = readers(d.newlyDenied);
  const hit = new Set<FlowChangeGroup>();
  for (const version of versions) {
    for (const p of probes(before, after, version)) {
      const was = p.before ? evaluateFlow(before, p.before).verdict : "deny";
      const now = p.after ? evaluateFlow(after, p.after).verdict : "deny";
      const count = (groups: GroupReader[], m: Membership) => groups.filter((g) => membership(g, p) === m);
      const [allowedIn, allowedMaybe, deniedIn, deniedMaybe] = [count(allowedGroups, "yes"), count(allowedGroups, "unknown"), count(deniedGroups, "yes"), count(deniedGroups, "unknown")];
      const expectAllowed = was === "deny" && now === "allow" ? 1 : 0;
      const expectDenied = was === "allow" && now === "deny" ? 1 : 0;
      const fits = (known: number, maybe: number, expected: number) => (expected === 0 ? known === 0 : known === 1 || (known === 0 && maybe > 0));
      if (!fits(allowedIn.length, allowedMaybe.length, expectAllowed) || !fits(deniedIn.length, deniedMaybe.length, expectDenied)) {
        const flow = describeFlow((p.after ?? p.before)!);
        throw new Error(`${flow}: before ${was}, after ${now}; in ${allowedIn.length} newly-allowed and ${deniedIn.length} newly-denied groups\n${[...d.newlyAllowed, ...d.newlyDenied].map((g) => `${g.change} ${line(g)} ${JSON.stringify([g.from, g.to])}`).join("\n")}`);
      }
      changed += expectAllowed + expectDenied;
      for (const g of [...allowedIn, ...deniedIn, ...allowedMaybe, ...deniedMaybe]) if (expectAllowed + expectDenied > 0) hit.add(g.group);
    }
  }
  // No group without a changed flow: every group holds one of the enumerated flows.
  for (const g of [...d.newlyAllowed, ...d.newlyDenied]) {
    if (!hit.has(g)) throw new Error(`no enumerated flow in ${g.change} ${line(g)} ${JSON.stringify([g.from, g.to])}`);
  }
  return changed;
}

/** A change of the generated network: some rules of one group replaced or added, maybe an instance dropped or added. */
const mutationArb = fc.record({
  group: fc.nat(),
  rules: fc.array(ruleArb, { maxLength: 3 }),
  replace: fc.boolean(),
  dropInstance: fc.boolean(),
  addInstance: fc.option(fc.record({ groups: fc.array(fc.nat({ max: 3 }), { minLength: 1, maxLength: 2 }), subnet: fc.nat({ max: 2 }), v4: fc.nat({ max: 9 }) }), { nil: undefined, freq: 3 }),
});

function mutate(gen: GenNetwork, m: typeof mutationArb extends fc.Arbitrary<infer T> ? T : never): GenNetwork {
  const groups = gen.groups.map((g, i) => (i === m.group % gen.groups.length ? { ...g, rules: m.replace ? m.rules : [...g.rules, ...m.rules] } : g));
  let instances = m.dropInstance && gen.instances.length > 1 ? gen.instances.slice(0, -1) : gen.instances;
  if (m.addInstance) instances = [...instances, { groups: m.addInstance.groups, flavor: undefined, nics: [{ subnet: m.addInstance.subnet, v4: m.addInstance.v4, v6: undefined }] }];
  return { ...gen, groups, instances };
}

describe("property: the diff against brute force (fast-check)", () => {
  const runs = propertyRuns(0.004);

  it(`a flow is in a newly-allowed / newly-denied group iff its verdict changed that way; every group holds one (${runs} changes)`, () => {
    let changed = 0;
    fc.assert(
      fc.property(networkArb, mutationArb, fc.boolean(), networkArb, (gen, mutation, independent, other) => {
        const before = libNetworkOrSkip(buildModel(gen));
        const after = libNetworkOrSkip(buildModel(independent ? other : mutate(gen, mutation)));
        const d = diffNetworks(before, after);
        changed += checkAgainstBruteForce(before, after, d, [4, 6]);
        // Deterministic, and the reverse diff swaps the two lists.
        expect(JSON.stringify(diffNetworks(before, after))).toBe(JSON.stringify(d));
        const back = diffNetworks(after, before);
        expect([back.addedInstances, back.removedInstances]).toEqual([d.removedInstances, d.addedInstances]);
      }),
      { numRuns: runs, seed: propertySeed(800) },
    );
    expect(changed).toBeGreaterThan(runs);
  });
});
