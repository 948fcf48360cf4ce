/**
 * The findings engine on Terraform JSON: one fixture per finding kind that must trigger it and
 * one that must not (test/fixtures/findings/, `<code>-<scenario>.trigger.tf.json` and
 * `.clean.tf.json`), plus seed 001 case 3 from the seed fixtures. Each finding is checked for its
 * stable id, resource address, severity and fix; ids do not move when the documents are split
 * and reordered or unrelated resources are added.
 */
import fs from "fs";
import path from "path";
import { Finding, FindingCode, HIGH_RISK_PORTS, lintNetwork } from "../../lib/analysis";
import { PUBLIC_ADDRESSES } from "../../lib/core/internet";
import { Network } from "../../lib/core/network";
import { readDocuments } from "../../lib/terraform/reader";

const FINDINGS = path.join(__dirname, "../fixtures/findings");
const SEEDS = path.join(__dirname, "../fixtures/seeds");

type Json = Record<string, unknown>;

function json(file: string): Json {
  return JSON.parse(fs.readFileSync(file, "utf8")) as Json;
}

function read(file: string): Network {
  return readDocuments([{ file, json: json(file) }]).network;
}

function lintFile(file: string, code?: FindingCode): Finding[] {
  const all = lintNetwork(read(file));
  return code ? all.filter((f) => f.code === code) : all;
}

const fixture = (name: string) => path.join(FINDINGS, name);
const R = (name: string) => `huaweicloud_networking_secgroup_rule.${name}`;
const G = (name: string) => `huaweicloud_networking_secgroup.${name}`;
const I = (name: string) => `huaweicloud_compute_instance.${name}`;
const ALL_V4 = PUBLIC_ADDRESSES[4].size.toString();

const FILES = fs.readdirSync(FINDINGS).filter((f) => f.endsWith(".tf.json")).sort();

describe("every fixture: a trigger has findings of its code, a clean one has none", () => {
  it("there is a trigger and a clean fixture for every code", () => {
    const codes = (kind: string) => [...new Set(FILES.filter((f) => f.includes(`.${kind}.`)).map((f) => f.slice(0, 7).toUpperCase()))];
    const all = ["HWSG001", "HWSG002", "HWSG003", "HWSG004", "HWSG005", "HWSG006", "HWSG007", "HWSG008"];
    expect(codes("trigger")).toEqual(all);
    expect(codes("clean")).toEqual(all);
    expect(FILES.every((f) => /^hwsg00\d-[a-z0-9-]+\.(trigger|clean)\.tf\.json$/.test(f))).toBe(true);
  });

  it.each(FILES)("%s", (file) => {
    const code = file.slice(0, 7).toUpperCase() as FindingCode;
    const findings = lintFile(fixture(file));
    const own = findings.filter((f) => f.code === code);
    if (file.includes(".trigger.")) expect(own.length).toBeGreaterThan(0);
    else expect(own).toEqual([]);
    // Whatever the fixture, every finding is complete and its id unique.
    expect(new Set(findings.map((f) => f.id)).size).toBe(findings.length);
    for (const f of findings) {
      expect(f.id.startsWith(`${f.code}:`)).toBe(true);
      expect(f.resource).toMatch(/^huaweicloud_(networking_secgroup_rule|networking_secgroup|compute_instance)\.[\w-]+$/);
      expect(f.fix).toMatch(/^[A-Z][^\n]*\.$/);
      expect(f.message).toMatch(/^[A-Z][^\n]*\.$/);
    }
  });
});

describe("HWSG001 exposure", () => {
  it("the split-CIDR trick: 0.0.0.0/1 plus 128.0.0.0/1 on 22 exposes every public IPv4 address", () => {
    const f = lintFile(fixture("hwsg001-split-cidr.trigger.tf.json"), "HWSG001");
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      id: `HWSG001:${I("jump")}:ipv4:tcp/22`,
      severity: "error",
      resource: I("jump"),
      instanceId: I("jump"),
      groupId: G("bastion"),
      ruleIds: [R("ssh_low"), R("ssh_high")],
      exposure: { service: "SSH", port: "22", protocol: "tcp", version: 4, publicAddresses: ALL_V4, share: 1 },
    });
    expect(f[0].message).toContain("open to the internet on SSH (tcp port 22): all 3,702,390,784 public IPv4 addresses (100%) may connect");
    expect(f[0].fix).toContain(`replace remote_ip_prefix 0.0.0.0/1 of ${R("ssh_low")}`);
    expect(f[0].fix).toContain(`replace remote_ip_prefix 128.0.0.0/1 of ${R("ssh_high")}`);
  });

  it("a group without instances is judged on a hypothetical member, and reported on the group", () => {
    const f = lintFile(fixture("hwsg001-group-without-instance.trigger.tf.json"), "HWSG001");
    expect(f.map((x) => [x.id, x.resource, x.instanceId, x.exposure?.version, x.exposure?.share])).toEqual([
      [`HWSG001:${G("windows")}:ipv6:tcp/3389`, G("windows"), `member of ${G("windows")}`, 6, 1],
    ]);
    expect(f[0].message).toMatch(/^A member of security group huaweicloud_networking_secgroup\.windows \(the group has no member in the model\) is open to the internet on RDP/);
  });

  it("a trusted /16 is not the internet", () => {
    expect(lintFile(fixture("hwsg001-trusted-16.clean.tf.json"), "HWSG001")).toEqual([]);
  });

  it("a port covered by an earlier deny is closed, and the allows it covers are reported as never taking effect", () => {
    const findings = lintFile(fixture("hwsg001-earlier-deny.clean.tf.json"));
    expect(findings.filter((f) => f.code === "HWSG001")).toEqual([]);
    expect(findings.filter((f) => f.code === "HWSG004").map((f) => [f.resource, f.cover, f.coveredBy, f.severity])).toEqual([
      [R("ssh_high"), "opposite-action", [R("deny_low_ports")], "error"],
      [R("ssh_low"), "opposite-action", [R("deny_low_ports")], "error"],
    ]);
  });
});

describe("HWSG001 names every rule that lets the port through; udp services", () => {
  it("SSH opened by a 22 rule and a 1-65535 rule names both, and the fix says to restrict or remove both", () => {
    const f = lintFile(fixture("hwsg001-every-rule.trigger.tf.json"), "HWSG001");
    const ssh = f.find((x) => x.id === `HWSG001:${I("web1")}:ipv4:tcp/22`)!;
    expect(ssh).toMatchObject({ resource: I("web1"), groupId: G("web"), ruleIds: [R("ssh"), R("all_tcp")], exposure: { service: "SSH", protocol: "tcp", port: "22", share: 1 } });
    expect(ssh.message).toContain(`allowed by ${R("ssh")} in ${G("web")} and ${R("all_tcp")} in ${G("web")}.`);
    expect(ssh.fix).toMatch(/^Allow SSH \(tcp 22\) from trusted sources only, restricting or removing all 2 rules that let it through \(fixing only some leaves it open\): /);
    expect(ssh.fix).toContain(`replace remote_ip_prefix 0.0.0.0/0 of ${R("ssh")} with your trusted CIDRs`);
    expect(ssh.fix).toContain(`or narrow ${R("all_tcp")} (now every tcp port) to the ports it must open, without tcp 22`);
    // https (443) is no high-risk port; every tcp service of the catalogue is exposed by all_tcp alone.
    const tcp = HIGH_RISK_PORTS.filter((p) => (p.protocol ?? "tcp") === "tcp");
    expect(f).toHaveLength(tcp.length);
    expect(f.filter((x) => x !== ssh).every((x) => x.ruleIds.join() === R("all_tcp"))).toBe(true);
    expect(f.map((x) => x.exposure!.service)).toEqual(expect.arrayContaining(["Kibana", "Kubernetes API", "kubelet", "etcd", "Elasticsearch transport", "ZooKeeper", "Kafka", "CouchDB", "WebLogic", "Hadoop NameNode"]));
    expect(f.find((x) => x.exposure!.service === "etcd")!.id).toBe(`HWSG001:${I("web1")}:ipv4:tcp/2379-2380`);
  });

  it("udp: SNMP 161 and SSDP 1900 open to the internet are reported with udp ids; DNS 53 and a /16 are not", () => {
    const f = lintFile(fixture("hwsg001-udp.trigger.tf.json"), "HWSG001");
    expect(f.map((x) => [x.id, x.resource, x.ruleIds, x.exposure!.service, x.exposure!.protocol])).toEqual([
      [`HWSG001:${I("gw")}:ipv4:udp/161`, I("gw"), [R("snmp_ssdp")], "SNMP", "udp"],
      [`HWSG001:${I("gw")}:ipv4:udp/1900`, I("gw"), [R("snmp_ssdp")], "SSDP", "udp"],
    ]);
    expect(f[0].message).toBe(
      `Instance ${I("gw")} is open to the internet on SNMP (udp port 161): all 3,702,390,784 public IPv4 addresses (100%) may connect, allowed by ${R("snmp_ssdp")} in ${G("edge")}.`,
    );
    expect(f[0].fix).toBe(
      `Allow SNMP (udp 161) from trusted sources only: replace remote_ip_prefix 0.0.0.0/0 of ${R("snmp_ssdp")} with your trusted CIDRs or a remote_group_id, ` +
        `or narrow ${R("snmp_ssdp")} (now udp 161,1900) to the ports it must open, without udp 161.`,
    );
  });

  it("udp from a private /8, and tcp on a udp service's port, are not reported", () => {
    expect(lintFile(fixture("hwsg001-udp-trusted.clean.tf.json"))).toEqual([]);
  });
});

describe("HWSG008 every port open to the internet", () => {
  it("all tcp, all udp (port_range 1-65535) and every protocol over IPv6 are reported on their rules; egress and default rules are not", () => {
    const f = lintFile(fixture("hwsg008-every-port.trigger.tf.json"), "HWSG008");
    expect(f.map((x) => [x.id, x.resource, x.severity, x.groupId, x.ruleIds])).toEqual([
      [`HWSG008:${R("all_tcp")}`, R("all_tcp"), "error", G("open"), [R("all_tcp")]],
      [`HWSG008:${R("all_udp")}`, R("all_udp"), "error", G("open"), [R("all_udp")]],
      [`HWSG008:${R("anything_v6")}`, R("anything_v6"), "error", G("open"), [R("anything_v6")]],
    ]);
    expect(f[0].message).toBe(
      `Rule ${R("all_tcp")} of security group ${G("open")} allows every tcp port from 0.0.0.0/0, all public IPv4 addresses (3,702,390,784): ` +
        "every service its members listen on is open to the internet, listed or not.",
    );
    expect(f[2].message).toContain("allows every protocol and port from ::/0, all public IPv6 addresses (about 2^127.98)");
    expect(f[0].fix).toBe(
      `Write ${R("all_tcp")} for what must be reachable, with ports = "<the ports its members serve>", or replace remote_ip_prefix 0.0.0.0/0 with your trusted CIDRs or a remote_group_id.`,
    );
  });

  it("bounded sources, icmp, egress, default rules and a rule that never takes effect are not reported", () => {
    const all = lintFile(fixture("hwsg008-bounded.clean.tf.json"));
    expect(all.filter((x) => x.code === "HWSG008")).toEqual([]);
    // The every-protocol rule behind the denies is HWSG004's.
    expect(all.filter((x) => x.code === "HWSG004").map((x) => x.resource)).toContain(R("anything"));
  });
});

describe("HWSG002 quota", () => {
  it("each rule beyond the 120 quota is its own finding, by its own address", () => {
    const f = lintFile(fixture("hwsg002-quota.trigger.tf.json"), "HWSG002");
    expect(f.map((x) => [x.id, x.resource, x.severity, x.groupId])).toEqual([
      [`HWSG002:${R("from_clients_121")}`, R("from_clients_121"), "error", G("app")],
      [`HWSG002:${R("from_clients_122")}`, R("from_clients_122"), "error", G("app")],
    ]);
    expect(f[1].message).toBe(
      `Rule ${R("from_clients_122")} of security group ${G("app")} will not take effect: it is the 122nd of the group's 122 ingress IPv4 rules that count against the quota of 120 ` +
        "(a security-group or address-group remote, or inconsecutive ports), and only the first 120 take effect.",
    );
    expect(f[1].fix).toMatch(new RegExp(`^Move ${R("from_clients_122").replace(/\./g, "\\.")} to another security group of the same instances`));
  });
});

describe("HWSG003 groups per instance", () => {
  it("six groups are reported on the instance", () => {
    const f = lintFile(fixture("hwsg003-six-groups.trigger.tf.json"), "HWSG003");
    expect(f.map((x) => [x.id, x.resource, x.severity])).toEqual([[`HWSG003:${I("busy")}`, I("busy"), "warning"]]);
  });
});

describe("HWSG004 rules that never take effect", () => {
  it("seed 001 case 3: the deny at priority 100 under the allow at priority 1 is a deny that never takes effect, covered by the allow", () => {
    const findings = lintFile(path.join(SEEDS, "001-case3-deny-never-effective/main.tf.json"));
    const f = findings.filter((x) => x.code === "HWSG004");
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      id: `HWSG004:${R("deny_mysql")}`,
      resource: R("deny_mysql"),
      severity: "error",
      cover: "opposite-action",
    });
    expect(f[0].coveredBy).toContain(R("allow_any"));
    expect(f[0].message).toMatch(/^Deny rule huaweicloud_networking_secgroup_rule\.deny_mysql of security group huaweicloud_networking_secgroup\.sg_db never takes effect, covered by the allow rules? .*huaweicloud_networking_secgroup_rule\.allow_any/);
    expect(f[0].message).toContain("so the traffic it should deny is allowed (opposite action)");
    expect(f[0].fix).toMatch(/^Give huaweicloud_networking_secgroup_rule\.deny_mysql priority 1 so it is tried before /);
    // The deny protects nothing: MySQL is open to the internet, allowed by the allow-all.
    const mysql = findings.filter((x) => x.code === "HWSG001" && x.exposure?.service === "MySQL");
    expect(mysql.map((x) => [x.resource, x.ruleIds, x.exposure?.share])).toEqual([[I("ecs_db"), [R("allow_any")], 1]]);
  });

  it("seed 001 case 3 with the deny at the allow's priority: the deny takes effect", () => {
    const findings = lintFile(path.join(SEEDS, "001-case3-deny-same-priority/main.tf.json"));
    expect(findings.filter((x) => x.code === "HWSG004" && x.resource === R("deny_mysql"))).toEqual([]);
    expect(findings.filter((x) => x.code === "HWSG001" && x.exposure?.service === "MySQL")).toEqual([]);
  });

  it("opposite action: an error naming the covering allow and the priority that fixes it", () => {
    const f = lintFile(fixture("hwsg004-opposite-action.trigger.tf.json"), "HWSG004");
    expect(f).toEqual([
      expect.objectContaining({
        id: `HWSG004:${R("deny_mysql_from_lab")}`,
        resource: R("deny_mysql_from_lab"),
        severity: "error",
        cover: "opposite-action",
        coveredBy: [R("allow_internal_tcp")],
        fix: `Give ${R("deny_mysql_from_lab")} priority 1 so it is tried before ${R("allow_internal_tcp")} (at equal priority a deny is tried first), or remove it if it should win.`,
      }),
    ]);
  });

  it("same action: a redundant rule is a warning, covered by two rules together", () => {
    const f = lintFile(fixture("hwsg004-same-action.trigger.tf.json"), "HWSG004");
    expect(f.map((x) => [x.resource, x.severity, x.cover, x.coveredBy, x.fix])).toEqual([
      [R("https_internal"), "warning", "same-action", [R("https_low"), R("https_high")], `Remove ${R("https_internal")}: ${R("https_low")} and ${R("https_high")} already allow everything it matches.`],
    ]);
  });
});

describe("HWSG005 same-priority overlap", () => {
  it("is reported on the deny, with the allow in its id", () => {
    const f = lintFile(fixture("hwsg005-same-priority.trigger.tf.json"), "HWSG005");
    expect(f.map((x) => [x.id, x.resource, x.ruleIds])).toEqual([
      [`HWSG005:${R("deny_range")}:${R("allow_admin")}`, R("deny_range"), [R("deny_range"), R("allow_admin")]],
    ]);
  });
});

describe("HWSG006 implicit priority", () => {
  it("is reported on the rule", () => {
    const f = lintFile(fixture("hwsg006-implicit.trigger.tf.json"), "HWSG006");
    expect(f.map((x) => [x.id, x.resource, x.fix])).toEqual([
      [
        `HWSG006:${R("https")}`,
        R("https"),
        `Write priority = 1 on ${R("https")} (what the provider reads today), or the priority you mean.`,
      ],
    ]);
  });
});

describe("HWSG006 on a rule written with port_range_min/max", () => {
  it("the fix moves the ports to `ports` before adding priority (the provider forbids priority next to port_range_*)", () => {
    const f = lintFile(fixture("hwsg006-port-range.trigger.tf.json"), "HWSG006");
    expect(f.map((x) => [x.id, x.resource])).toEqual([[`HWSG006:${R("legacy")}`, R("legacy")]]);
    // The reader records that the ports were written as port_range_*: the fix says so, without an "if".
    expect(f[0].fix).toBe(`Replace port_range_min/port_range_max of ${R("legacy")} by ports = "8080-8081" (the provider forbids priority next to port_range_*), then write priority = 1 (what the provider reads today), or the priority you mean.`);
  });
});

describe("HWSG007 flavor effects", () => {
  it("Kai1: the inconsecutive-port rule and every ingress rule after it; legacy: the inconsecutive-port and address-group rules", () => {
    const f = lintFile(fixture("hwsg007-kai1-and-legacy.trigger.tf.json"), "HWSG007");
    expect(f.map((x) => x.id).sort()).toEqual(
      [
        `HWSG007:${R("web_ports")}:${I("arm1")}`,
        `HWSG007:${R("ssh")}:${I("arm1")}`,
        `HWSG007:${R("partners_api")}:${I("arm1")}`,
        `HWSG007:${R("web_ports")}:${I("old1")}`,
        `HWSG007:${R("partners_api")}:${I("old1")}`,
      ].sort(),
    );
    expect(f.every((x) => x.resource === x.ruleIds[0] && x.message.includes("will not take effect on instance"))).toBe(true);
    const kai1 = f.filter((x) => x.instanceId === I("arm1"));
    expect(new Set(kai1.map((x) => x.fix)).size).toBe(1);
    expect(kai1[0].fix).toMatch(/^Split the ports "80,443" of huaweicloud_networking_secgroup_rule\.web_ports into one rule per port or range: on Kai1/);
    const legacyAg = f.find((x) => x.id === `HWSG007:${R("partners_api")}:${I("old1")}`)!;
    expect(legacyAg.fix).toBe(
      `Replace ${R("partners_api")} by one remote_ip_prefix rule per CIDR of address group huaweicloud_vpc_address_group.partners (198.51.100.10/31, 198.51.100.12/30, 198.51.100.16/30, 198.51.100.20/32, 203.0.113.0/24), or give ${I("old1")} a current flavor (not s1.medium).`,
    );
  });
});

describe("stable ids", () => {
  /** Splits a document into one document per resource type, in the given order of types. */
  function split(doc: Json, reverse: boolean): Array<{ file: string; json: Json }> {
    const { resource, ...rest } = doc as { resource: Record<string, unknown> };
    const types = Object.keys(resource);
    if (reverse) types.reverse();
    return [
      { file: "main.tf.json", json: rest },
      ...types.map((type) => ({ file: `${type}.tf.json`, json: { resource: { [type]: resource[type] } } })),
    ];
  }

  /** Adds a group with an open SSH rule and an instance, unrelated to the rest. */
  function withUnrelated(doc: Json): Json {
    const copy = JSON.parse(JSON.stringify(doc)) as { resource: Record<string, Record<string, unknown>> };
    const add = (type: string, name: string, body: unknown) => {
      copy.resource[type] = { [name]: body, ...(copy.resource[type] ?? {}) };
    };
    add("huaweicloud_networking_secgroup", "zz_other", { name: "other", delete_default_rules: true });
    add("huaweicloud_networking_secgroup_rule", "zz_other_ssh", {
      security_group_id: "${huaweicloud_networking_secgroup.zz_other.id}",
      direction: "ingress",
      ethertype: "IPv4",
      protocol: "tcp",
      ports: "22",
      remote_ip_prefix: "0.0.0.0/0",
      action: "allow",
      priority: 1,
    });
    add("huaweicloud_compute_instance", "zz_other_vm", {
      name: "other-vm",
      flavor_id: "s6.small.1",
      security_group_ids: ["${huaweicloud_networking_secgroup.zz_other.id}"],
      network: [{ uuid: "${huaweicloud_vpc_subnet.subnet.id}", fixed_ip_v4: "192.168.1.250" }],
    });
    return copy as unknown as Json;
  }

  it.each(FILES.filter((f) => f.includes(".trigger.")))("%s: the same findings when split into reordered files, and with unrelated resources added", (file) => {
    const doc = json(fixture(file));
    const original = lintNetwork(readDocuments([{ file, json: doc }]).network);
    for (const reverse of [false, true]) {
      expect(lintNetwork(readDocuments(split(doc, reverse)).network)).toEqual(original);
    }
    const extended = lintNetwork(readDocuments([{ file, json: withUnrelated(doc) }]).network);
    const unrelated = extended.filter((f) => [f.resource, ...f.ruleIds].some((id) => id.includes("zz_other")));
    expect(unrelated.length).toBeGreaterThan(0); // the open SSH rule of the added group
    expect(extended.filter((f) => !unrelated.includes(f))).toEqual(original);
  });
});
