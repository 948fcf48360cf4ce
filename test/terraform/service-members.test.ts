/**
 * Managed services as members of security groups (issue 13): each type's fixture read through the
 * API gives a member with its kind, groups, subnet, private addresses and service ports as the
 * provider defines them; unknowns and what the provider rejects are said, never silent.
 *
 * lib/terraform/unmodelled.ts still lists these types as unmodelled carriers until the merge, so
 * the unknowns it adds (reason "... is not evaluated by hwsg yet") are filtered out here.
 */
import * as fs from "fs";
import * as path from "path";
import { ValidationError } from "../../lib/core/errors";
import { formatAddress } from "../../lib/core/ip";
import { Member } from "../../lib/core/network";
import { readTerraform } from "../../lib/terraform/reader";
import { FIXTURES, removeTempDirs, writeFiles } from "./tf-json";

const MEMBERS = path.join(FIXTURES, "members");
const SUBNET = "huaweicloud_vpc_subnet.data";
const SVC = "huaweicloud_networking_secgroup.svc";

afterAll(removeTempDirs);

/** The unknowns this reader records (not the unmodelled-carrier entries the lead removes at merge). */
const own = (m: Awaited<ReturnType<typeof readTerraform>>) => m.unknowns.filter((u) => !/is not evaluated by hwsg yet/.test(u.reason));

/** A member as plain data: kind, groups, each NIC's subnet and IPv4, ports. */
function shape(m: Member) {
  return {
    kind: m.kind,
    groups: m.securityGroupIds,
    nics: m.nics.map((n) => [n.subnetId ?? null, n.fixedIpV4 !== undefined ? formatAddress(4, n.fixedIpV4) : null]),
    ports: (m.servicePorts ?? []).map((p) => `${p.protocol}/${p.from}-${p.to}`),
  };
}

const CASES: ReadonlyArray<[string, string, ReturnType<typeof shape>]> = [
  ["rds-client", "huaweicloud_rds_instance.pg", { kind: "huaweicloud_rds_instance", groups: [SVC], nics: [[SUBNET, "192.168.1.30"]], ports: ["6/5432-5432"] }],
  ["rds-replica", "huaweicloud_rds_instance.primary", { kind: "huaweicloud_rds_instance", groups: [SVC], nics: [[SUBNET, "192.168.1.20"]], ports: ["6/3306-3306"] }],
  ["rds-replica", "huaweicloud_rds_read_replica_instance.replica", { kind: "huaweicloud_rds_read_replica_instance", groups: [SVC], nics: [[SUBNET, "192.168.1.21"]], ports: ["6/3306-3306"] }],
  ["gaussdb", "huaweicloud_gaussdb_instance.og", { kind: "huaweicloud_gaussdb_instance", groups: [SVC], nics: [[SUBNET, null]], ports: ["6/8000-8099"] }],
  ["taurusdb", "huaweicloud_taurusdb_instance.tdb", { kind: "huaweicloud_taurusdb_instance", groups: [SVC], nics: [[SUBNET, "192.168.1.40"]], ports: ["6/3306-3306"] }],
  ["dds", "huaweicloud_dds_instance.mongo", { kind: "huaweicloud_dds_instance", groups: [SVC], nics: [[SUBNET, null]], ports: ["6/8635-8635"] }],
  ["geminidb", "huaweicloud_geminidb_instance.kv", { kind: "huaweicloud_geminidb_instance", groups: [SVC], nics: [[SUBNET, null]], ports: ["6/6379-6379"] }],
  ["dcs", "huaweicloud_dcs_instance.cache", { kind: "huaweicloud_dcs_instance", groups: [SVC], nics: [[SUBNET, "192.168.1.50"]], ports: ["6/6379-6379"] }],
  ["kafka", "huaweicloud_dms_kafka_instance.events", { kind: "huaweicloud_dms_kafka_instance", groups: [SVC], nics: [[SUBNET, "192.168.1.60"], [SUBNET, "192.168.1.61"], [SUBNET, null]], ports: [] }],
  ["rocketmq", "huaweicloud_dms_rocketmq_instance.mq", { kind: "huaweicloud_dms_rocketmq_instance", groups: [SVC], nics: [[SUBNET, null]], ports: [] }],
  ["rabbitmq", "huaweicloud_dms_rabbitmq_instance.amqp", { kind: "huaweicloud_dms_rabbitmq_instance", groups: [SVC], nics: [[SUBNET, null]], ports: [] }],
  ["dws", "huaweicloud_dws_cluster.warehouse", { kind: "huaweicloud_dws_cluster", groups: [SVC], nics: [[SUBNET, null]], ports: ["6/8000-8000"] }],
  ["css", "huaweicloud_css_cluster.search", { kind: "huaweicloud_css_cluster", groups: [SVC], nics: [[SUBNET, null]], ports: [] }],
  ["sfs-turbo", "huaweicloud_sfs_turbo.share", { kind: "huaweicloud_sfs_turbo", groups: [SVC], nics: [[SUBNET, null]], ports: [] }],
];

describe("each managed service type's fixture gives a member as written", () => {
  it.each(CASES)("%s: %s", async (dir, address, expected) => {
    const m = await readTerraform(path.join(MEMBERS, dir));
    expect(shape(m.network.instance(address))).toEqual(expected);
    expect(own(m)).toEqual([]);
    expect(m.network.membersOf(SVC).map((x) => x.id)).toContain(address);
  });

  it("the read replica takes its primary's group, said in a warning", async () => {
    const m = await readTerraform(path.join(MEMBERS, "rds-replica"));
    expect(m.warnings.filter((w) => w.includes("huaweicloud_rds_read_replica_instance.replica"))).toEqual([
      expect.stringContaining("no security_group_id: the provider creates the replica from its primary with no network settings of its own, so it is assumed to be in its primary instance's security group (huaweicloud_networking_secgroup.svc)"),
    ]);
  });

  it("SFS Turbo adding its own rules (auto_create_security_group_rules unset: \"true\") is an unknown on its group, and a warning at synth", async () => {
    const dir = tf(fs.readFileSync(path.join(MEMBERS, "sfs-turbo", "main.tf"), "utf8").split('resource "huaweicloud_sfs_turbo"')[1].replace(/^/, 'resource "huaweicloud_sfs_turbo"').replace(/\n\s*# The rules[^\n]*\n\s*auto_create_security_group_rules = "false"\n/, "\n"));
    const m = await readTerraform(dir);
    expect(own(m).map((u) => [u.address, u.field, u.groupIds, u.canChangeVerdict])).toEqual([["huaweicloud_sfs_turbo.share", "auto_create_security_group_rules", [SVC], true]]);
    expect(own(m)[0].reason).toMatch(/SFS Turbo adds inbound rules/);
    expect(m.network.instance("huaweicloud_sfs_turbo.share").securityGroupIds).toEqual([SVC]);
    const synth = await readTerraform(dir, { unknowns: "error" });
    expect(synth.warnings.some((w) => /huaweicloud_sfs_turbo\.share: auto_create_security_group_rules: SFS Turbo adds inbound rules/.test(w))).toBe(true);
  });

  it("the original RDS fixture (a literal subnet id) keeps its members, with a warning about the subnet", async () => {
    const m = await readTerraform(path.join(MEMBERS, "rds"));
    expect(m.network.membersOf("huaweicloud_networking_secgroup.db").map((x) => x.id)).toEqual(["huaweicloud_rds_instance.mysql[0]", "huaweicloud_rds_instance.mysql[1]"]);
    expect(m.warnings).toContainEqual(expect.stringContaining("huaweicloud_rds_instance.mysql[0]: subnet_id subnet-existing is a subnet this configuration does not define"));
  });
});

/** A configuration with the fixtures' network and one extra resource body. */
function tf(extra: string): string {
  const head = fs.readFileSync(path.join(MEMBERS, "rds-client", "main.tf"), "utf8").split('resource "huaweicloud_rds_instance"')[0];
  return writeFiles({ "main.tf": head + extra });
}

const rds = (attrs: string, db = 'type = "MySQL"\n    version = "8.0"') => `
resource "huaweicloud_rds_instance" "x" {
  name              = "x-db"
  flavor            = "rds.mysql.n1.large.2"
  availability_zone = ["cn-north-4a"]
  vpc_id            = huaweicloud_vpc.main.id
  subnet_id         = huaweicloud_vpc_subnet.data.id
  ${attrs}
  db {
    ${db}
  }
  volume {
    type = "CLOUDSSD"
    size = 40
  }
}
`;

describe("unknowns: nothing silent", () => {
  const VAR = 'variable "sg" {\n  type = string\n}\n';

  it("a security_group_id from a variable with no value leaves the member out, naming the field and its effect", async () => {
    const dir = tf(VAR + rds("security_group_id = var.sg"));
    const m = await readTerraform(dir);
    expect(m.network.instances.has("huaweicloud_rds_instance.x")).toBe(false);
    const u = own(m);
    expect(u.map((x) => [x.address, x.field, x.expression])).toEqual([["huaweicloud_rds_instance.x", "security_group_id", "var.sg"]]);
    expect(u[0].effect).toMatch(/^The member is left out of the model: it is in no verdict/);
    expect(u[0].canChangeVerdict).toBe(true);
  });

  it("the same is an error at synth time (error mode), naming the field", async () => {
    const dir = tf(VAR + rds("security_group_id = var.sg"));
    const e = await readTerraform(dir, { unknowns: "error" }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).field).toBe("security_group_id");
    expect((e as ValidationError).subject).toContain("huaweicloud_rds_instance.x");
  });

  it("an unknown port keeps the member without service ports, with an effect sentence", async () => {
    const dir = tf('variable "port" {\n  type = number\n}\n' + rds(`security_group_id = huaweicloud_networking_secgroup.svc.id`, 'type = "MySQL"\n    version = "8.0"\n    port = var.port'));
    const m = await readTerraform(dir);
    expect(m.network.instance("huaweicloud_rds_instance.x").servicePorts).toBeUndefined();
    expect(own(m).map((x) => [x.field, x.effect])).toEqual([["db[0].port", expect.stringMatching(/kept without its service port/)]]);
  });

  it("an unknown fixed_ip keeps the NIC without it: the subnet stands for it", async () => {
    const dir = tf('variable "ip" {\n  type = string\n}\n' + rds("security_group_id = huaweicloud_networking_secgroup.svc.id\n  fixed_ip = var.ip"));
    const m = await readTerraform(dir);
    expect(shape(m.network.instance("huaweicloud_rds_instance.x")).nics).toEqual([[SUBNET, null]]);
    expect(own(m).map((x) => x.field)).toEqual(["fixed_ip"]);
  });

  it("TaurusDB without security_group_id is not modelled: an unknown (a warning at synth time)", async () => {
    const body = `
resource "huaweicloud_taurusdb_instance" "t" {
  name      = "t"
  flavor    = "gaussdb.mysql.4xlarge.x86.4"
  password  = "Hwsg-Test-1234"
  vpc_id    = huaweicloud_vpc.main.id
  subnet_id = huaweicloud_vpc_subnet.data.id
}
`;
    const m = await readTerraform(tf(body));
    expect(m.network.instances.has("huaweicloud_taurusdb_instance.t")).toBe(false);
    expect(own(m).map((x) => [x.address, x.field, x.expression])).toEqual([["huaweicloud_taurusdb_instance.t", "security_group_id", "(not set)"]]);
    expect(own(m)[0].reason).toMatch(/network ACL/);
    const strict = await readTerraform(tf(body), { unknowns: "error" });
    expect(strict.warnings).toContainEqual(expect.stringMatching(/huaweicloud_taurusdb_instance\.t: security_group_id is not set: .*It is not in the model/));
  });

  it("a read replica of a primary defined elsewhere, without a group of its own, is not modelled: an unknown", async () => {
    const body = `
resource "huaweicloud_rds_read_replica_instance" "r" {
  name                = "r"
  flavor              = "rds.mysql.n1.large.2.rr"
  primary_instance_id = "0f1e2d3c4b5a69788796a5b4c3d2e1f0in01"
  availability_zone   = "cn-north-4a"
  volume {
    type = "CLOUDSSD"
  }
}
`;
    const m = await readTerraform(tf(body));
    expect(own(m).map((x) => [x.address, x.field])).toEqual([["huaweicloud_rds_read_replica_instance.r", "security_group_id"]]);
    expect(m.warnings).toContainEqual(expect.stringContaining("primary_instance_id 0f1e2d3c4b5a69788796a5b4c3d2e1f0in01 is an instance this configuration does not define"));
  });
});

describe("as the provider and the cloud take them", () => {
  const sg = "security_group_id = huaweicloud_networking_secgroup.svc.id";

  it.each([
    ["mysql", 3306],
    ["SQLServer", 1433],
    ["MariaDB", 3306],
    ["postgresql", 5432],
  ])("an RDS %s instance without db.port listens on %i (the engine name in any case)", async (engine, port) => {
    const m = await readTerraform(tf(rds(sg, `type = "${engine}"\n    version = "1"`)));
    expect(m.network.instance("huaweicloud_rds_instance.x").servicePorts).toEqual([{ protocol: 6, from: port, to: port }]);
  });

  it("an engine without a known default port: no service port, and a warning", async () => {
    const m = await readTerraform(tf(rds(sg, 'type = "Oracle"\n    version = "1"')));
    expect(m.network.instance("huaweicloud_rds_instance.x").servicePorts).toBeUndefined();
    expect(m.warnings).toContainEqual(expect.stringContaining('db[0].type "Oracle" has no default port hwsg knows'));
  });

  it.each([
    ['"10.0.0.5"', "must lie within the subnet's CIDR 192.168.1.0/24"],
    ['"192.168.001.20"', "must be an IP address in its canonical form"],
    ['"db.internal"', "must be an IP address in its canonical form"],
    ['"2001:0db8::1"', "must be an IP address in its canonical form"],
    ['"::ffff:192.168.1.20"', "must be an IP address in its canonical form"],
  ])("RDS fixed_ip %s is rejected", async (ip, allowed) => {
    const e = await readTerraform(tf(rds(`${sg}\n  fixed_ip = ${ip}`))).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).field).toBe("fixed_ip");
    expect((e as ValidationError).allowed).toContain(allowed);
  });

  it("an RDS fixed_ip in canonical IPv6 form is the NIC's IPv6 address", async () => {
    const m = await readTerraform(tf(rds(`${sg}\n  fixed_ip = "2001:db8::20"`)));
    const nic = m.network.instance("huaweicloud_rds_instance.x").nics[0];
    expect(nic.fixedIpV6 !== undefined ? formatAddress(6, nic.fixedIpV6) : undefined).toBe("2001:db8::20");
    expect(nic.fixedIpV4).toBeUndefined();
  });

  it("a CSS cluster written with the deprecated node_config block takes its group and subnet from network_info", async () => {
    const body = `
resource "huaweicloud_css_cluster" "old" {
  name           = "old"
  engine_version = "7.10.2"
  node_config {
    flavor            = "ess.spec-4u8g"
    availability_zone = "cn-north-4a"
    network_info {
      vpc_id            = huaweicloud_vpc.main.id
      subnet_id         = huaweicloud_vpc_subnet.data.id
      security_group_id = huaweicloud_networking_secgroup.svc.id
    }
    volume {
      volume_type = "HIGH"
      size        = 40
    }
  }
}
`;
    const m = await readTerraform(tf(body));
    expect(shape(m.network.instance("huaweicloud_css_cluster.old"))).toEqual({ kind: "huaweicloud_css_cluster", groups: [SVC], nics: [[SUBNET, null]], ports: [] });
  });

  it("an RDS instance without its required security_group_id is rejected, as the provider does", async () => {
    const e = await readTerraform(tf(rds(""))).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).field).toBe("security_group_id");
  });

  it("a port out of range is rejected naming the field", async () => {
    const e = await readTerraform(tf(rds(sg, 'type = "MySQL"\n    version = "8.0"\n    port = 70000'))).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).field).toBe("db[0].port");
  });

  it("a DCS Redis 5.0 instance is protected by whitelists, not security groups: no member, and a warning", async () => {
    const body = `
resource "huaweicloud_dcs_instance" "c" {
  name              = "c"
  engine            = "Redis"
  engine_version    = "5.0"
  capacity          = 1
  vpc_id            = huaweicloud_vpc.main.id
  subnet_id         = huaweicloud_vpc_subnet.data.id
  security_group_id = huaweicloud_networking_secgroup.svc.id
}
`;
    const m = await readTerraform(tf(body));
    expect(m.network.instances.has("huaweicloud_dcs_instance.c")).toBe(false);
    expect(m.warnings).toContainEqual(expect.stringMatching(/huaweicloud_dcs_instance\.c: security_group_id is ignored: DCS Redis 5\.0 controls access with whitelists/));
  });

  it("a DCS Memcached instance uses no port", async () => {
    const body = `
resource "huaweicloud_dcs_instance" "m" {
  name              = "m"
  engine            = "Memcached"
  capacity          = 1
  vpc_id            = huaweicloud_vpc.main.id
  subnet_id         = huaweicloud_vpc_subnet.data.id
  security_group_id = huaweicloud_networking_secgroup.svc.id
}
`;
    const m = await readTerraform(tf(body));
    expect(m.network.instance("huaweicloud_dcs_instance.m").servicePorts).toBeUndefined();
  });

  it.each([
    ["Redis", ["engine_version"]],
    ["Memcached", []],
  ])("a DCS %s instance whose engine_version is not known: an unknown only where the version decides", async (engine, fields) => {
    const body = `
variable "v" {
  type = string
}

resource "huaweicloud_dcs_instance" "u" {
  name              = "u"
  engine            = "${engine}"
  engine_version    = var.v
  capacity          = 1
  vpc_id            = huaweicloud_vpc.main.id
  subnet_id         = huaweicloud_vpc_subnet.data.id
  security_group_id = huaweicloud_networking_secgroup.svc.id
}
`;
    const m = await readTerraform(tf(body));
    expect(m.network.instance("huaweicloud_dcs_instance.u").securityGroupIds).toEqual([SVC]);
    expect(own(m).map((x) => x.field)).toEqual(fields);
  });

  it("a legacy name (huaweicloud_rds_instance_v3) is read as its current type", async () => {
    const m = await readTerraform(tf(rds(sg).replace('"huaweicloud_rds_instance"', '"huaweicloud_rds_instance_v3"')));
    expect(m.network.instance("huaweicloud_rds_instance_v3.x").kind).toBe("huaweicloud_rds_instance");
  });

  it("GaussDB's MySQL compatibility port is a service port when set, and 0 disables it", async () => {
    const og = (port: string) => `
resource "huaweicloud_gaussdb_instance" "g" {
  name              = "g"
  flavor            = "gaussdb.opengauss.ee.dn.m6.2xlarge.8.in"
  availability_zone = "cn-north-4a"
  password          = "Hwsg-Test-1234"
  vpc_id            = huaweicloud_vpc.main.id
  subnet_id         = huaweicloud_vpc_subnet.data.id
  security_group_id = huaweicloud_networking_secgroup.svc.id
  port              = "8888"
  mysql_compatibility_port = "${port}"
  ha {
    mode             = "centralization_standard"
    replication_mode = "sync"
  }
  volume {
    type = "ULTRAHIGH"
    size = 40
  }
}
`;
    expect((await readTerraform(tf(og("3306")))).network.instance("huaweicloud_gaussdb_instance.g").servicePorts).toEqual([
      { protocol: 6, from: 8888, to: 8987 },
      { protocol: 6, from: 3306, to: 3306 },
    ]);
    expect((await readTerraform(tf(og("0")))).network.instance("huaweicloud_gaussdb_instance.g").servicePorts).toEqual([{ protocol: 6, from: 8888, to: 8987 }]);
  });
});
