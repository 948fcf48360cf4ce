/**
 * Managed services through the command line (issue 13's done-means): a client instance reaches an
 * RDS instance's port through a remote_group_id rule, the internet does not, a world-open rule on
 * the database's group is HWSG001 on the RDS instance, a DCS cache is reached from a subnet CIDR,
 * and every managed service type can be queried by its address.
 */
import * as path from "path";
import { FIXTURES } from "../terraform/tf-json";
import { runCli } from "./run-cli";

const MEMBERS = path.join(FIXTURES, "members");
const query = (dir: string, from: string, to: string, port: string) => runCli(["query", path.join(MEMBERS, dir), "--from", from, "--to", to, "--protocol", "tcp", "--port", port]);

describe("an RDS instance", () => {
  it("is reached by the client instance through the remote_group_id rule, which is named as deciding", async () => {
    const r = await query("rds-client", "huaweicloud_compute_instance.client", "huaweicloud_rds_instance.pg", "5432");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("ALLOWED: tcp port 5432 from huaweicloud_compute_instance.client (192.168.1.10) to huaweicloud_rds_instance.pg (192.168.1.30)");
    expect(r.stdout).toContain("huaweicloud_rds_instance.pg ingress: allow by huaweicloud_networking_secgroup_rule.from_app in huaweicloud_networking_secgroup.svc");
  });

  it("is reached at its fixed IP as well", async () => {
    const r = await query("rds-client", "192.168.1.10", "192.168.1.30", "5432");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("to huaweicloud_rds_instance.pg (192.168.1.30)");
  });

  it("is not reached from the internet", async () => {
    const r = await query("rds-client", "203.0.113.9", "huaweicloud_rds_instance.pg", "5432");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("DENIED: tcp port 5432 from 203.0.113.9 to huaweicloud_rds_instance.pg");
  });

  it("in a group with a world-open MySQL rule is reported as HWSG001 on the RDS instance (check --json)", async () => {
    const r = await runCli(["check", path.join(MEMBERS, "rds"), "--json"]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { findings: Array<{ code: string; instanceId: string; groupId: string; ruleIds: string[]; exposure: { port: string } }> };
    const hwsg001 = doc.findings.filter((f) => f.code === "HWSG001");
    expect(hwsg001.map((f) => [f.instanceId, f.groupId, f.ruleIds, f.exposure.port])).toEqual([
      ["huaweicloud_rds_instance.mysql[0]", "huaweicloud_networking_secgroup.db", ["huaweicloud_networking_secgroup_rule.mysql"], "3306"],
      ["huaweicloud_rds_instance.mysql[1]", "huaweicloud_networking_secgroup.db", ["huaweicloud_networking_secgroup_rule.mysql"], "3306"],
    ]);
  });
});

describe("a DCS cache", () => {
  it("is reached from an address of the subnet through the subnet CIDR rule", async () => {
    const r = await query("dcs", "192.168.1.99", "huaweicloud_dcs_instance.cache", "6379");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("huaweicloud_dcs_instance.cache ingress: allow by huaweicloud_networking_secgroup_rule.from_subnet in huaweicloud_networking_secgroup.svc");
  });

  it("is not reached from outside the subnet", async () => {
    const r = await query("dcs", "192.168.2.5", "huaweicloud_dcs_instance.cache", "6379");
    expect(r.code).toBe(1);
  });
});

const EVERY: ReadonlyArray<[string, string, string]> = [
  ["rds-replica", "huaweicloud_rds_instance.primary", "3306"],
  ["rds-replica", "huaweicloud_rds_read_replica_instance.replica", "3306"],
  ["gaussdb", "huaweicloud_gaussdb_instance.og", "8050"],
  ["taurusdb", "huaweicloud_taurusdb_instance.tdb", "3306"],
  ["dds", "huaweicloud_dds_instance.mongo", "8635"],
  ["geminidb", "huaweicloud_geminidb_instance.kv", "6379"],
  ["dcs", "huaweicloud_dcs_instance.cache", "6379"],
  ["kafka", "huaweicloud_dms_kafka_instance.events", "9092"],
  ["rocketmq", "huaweicloud_dms_rocketmq_instance.mq", "8100"],
  ["rabbitmq", "huaweicloud_dms_rabbitmq_instance.amqp", "5672"],
  ["dws", "huaweicloud_dws_cluster.warehouse", "8000"],
  ["css", "huaweicloud_css_cluster.search", "9200"],
  ["sfs-turbo", "huaweicloud_sfs_turbo.share", "2049"],
];

describe("every managed service type can be queried by its address", () => {
  it.each(EVERY)("%s: the client reaches %s on tcp %s, the internet does not", async (dir, address, port) => {
    const allowed = await query(dir, "huaweicloud_compute_instance.client", address, port);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain(`ALLOWED: tcp port ${port} from huaweicloud_compute_instance.client (192.168.1.10) to ${address}`);
    expect(allowed.stdout).toContain("allow by huaweicloud_networking_secgroup_rule.from_app");
    const denied = await query(dir, "203.0.113.9", address, port);
    expect(denied.code).toBe(1);
  });
});

describe("the members after the merge of readers and endpoints", () => {
  it("a security group is an endpoint for its managed-service members: every member of svc (the RDS instance) is checked", async () => {
    const ok = await query("rds-client", "huaweicloud_networking_secgroup.app", "huaweicloud_networking_secgroup.svc", "5432");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("huaweicloud_rds_instance.pg");
    const internet = await query("rds-client", "internet", "huaweicloud_networking_secgroup.svc", "5432");
    expect(internet.code).toBe(1);
    expect(internet.stdout).toContain("--to huaweicloud_networking_secgroup.svc is every member of the group (huaweicloud_rds_instance.pg), each checked");
  });

  it("check --json names the RDS instance's kind next to its address", async () => {
    const r = await runCli(["check", path.join(MEMBERS, "rds"), "--json"]);
    const doc = JSON.parse(r.stdout) as { findings: Array<{ code: string; instanceId: string; memberKind: string | null }> };
    expect(doc.findings.filter((f) => f.code === "HWSG001").map((f) => f.memberKind)).toEqual(["huaweicloud_rds_instance", "huaweicloud_rds_instance"]);
  });

  it("the matrix shows the RDS instance as a node with its kind, reached by the client", async () => {
    const r = await runCli(["matrix", path.join(MEMBERS, "rds-client")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/pg +huaweicloud_rds_instance\.pg \(rds_instance\)/);
    expect(r.stdout).toContain("client → pg: tcp 5432");
  });
});
