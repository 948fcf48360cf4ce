/**
 * Resource types that carry security groups but are not modelled yet are never silent: each
 * instance is an unknown naming the groups it concerns and what leaving it out means
 * (schema/security-group-carriers.json, from the provider's schemas).
 */
import * as path from "path";
import carriers from "../../schema/security-group-carriers.json";
import { readTerraform } from "../../lib/terraform/reader";

const DIR = path.join(__dirname, "..", "fixtures", "members", "unmodelled");

test("an API gateway in a group and a group defined by huaweicloud_compute_secgroup_v2 are unknowns that can change a verdict", async () => {
  const m = await readTerraform(DIR);
  expect(m.unknowns.map((u) => [u.address, u.field, u.groupIds, u.canChangeVerdict])).toEqual([
    ["huaweicloud_apig_instance.gw[0]", "security_group_id", ["huaweicloud_networking_secgroup.gw"], true],
    ["huaweicloud_apig_instance.gw[1]", "security_group_id", ["huaweicloud_networking_secgroup.gw"], true],
    ["huaweicloud_compute_secgroup_v2.legacy", "rule", [], true],
  ]);
  expect(m.unknowns[0].reason).toBe("huaweicloud_apig_instance is not evaluated by hwsg yet: it puts its NICs into security groups.");
  expect(m.unknowns[0].effect).toMatch(/rules that name the groups as remote_group_id match fewer addresses/);
});

test("at synth time (error mode) they are warnings: a group whose members are all unmodelled is checked through a hypothetical member", async () => {
  const m = await readTerraform(DIR, { unknowns: "error" }).catch((e: Error) => e);
  expect(m).not.toBeInstanceOf(Error);
  expect((m as Awaited<ReturnType<typeof readTerraform>>).warnings.filter((w) => /is not evaluated by hwsg yet/.test(w))).toHaveLength(3);
});

test("the carrier list names the members issue 13 asks for, with their legacy names; the reader reads them, so none of them is reported as unmodelled", async () => {
  const types = new Map((carriers as { types: Array<{ type: string; aliases: string[]; kind: string }> }).types.map((t) => [t.type, t]));
  for (const t of ["huaweicloud_rds_instance", "huaweicloud_rds_read_replica_instance", "huaweicloud_gaussdb_instance", "huaweicloud_taurusdb_instance", "huaweicloud_dds_instance", "huaweicloud_geminidb_instance", "huaweicloud_dcs_instance", "huaweicloud_dms_kafka_instance", "huaweicloud_dms_rocketmq_instance", "huaweicloud_dms_rabbitmq_instance", "huaweicloud_dws_cluster", "huaweicloud_css_cluster", "huaweicloud_sfs_turbo", "huaweicloud_cce_node_pool", "huaweicloud_compute_interface_attach", "huaweicloud_networking_port", "huaweicloud_vpc_network_interface"]) {
    expect(types.get(t)?.kind).toBe("member");
  }
  expect(types.get("huaweicloud_as_configuration")?.kind).toBe("launches");
  expect(types.get("huaweicloud_rds_instance")?.aliases).toContain("huaweicloud_rds_instance_v3");
  for (const modelled of ["huaweicloud_compute_instance", "huaweicloud_networking_secgroup", "huaweicloud_networking_secgroup_rule"]) expect(types.has(modelled)).toBe(false);
  const rds = await readTerraform(path.join(__dirname, "..", "fixtures", "members", "rds"));
  expect(rds.unknowns.map((u) => u.address)).toEqual(["huaweicloud_compute_secgroup_v2.legacy"]);
  expect(rds.network.instance("huaweicloud_rds_instance.mysql[0]").kind).toBe("huaweicloud_rds_instance");
});
