/**
 * The provider schema of the member resource types of issue 13 (schema/huaweicloud.json) and the
 * configuration check given them: each type is checked as `terraform validate` checks it once it
 * is in the set of modelled types, under its current name or a legacy one.
 */
import { ValidationError } from "../../lib/core/errors";
import { Configuration } from "../../lib/terraform/configuration";
import { MEMBER_TYPES } from "../../lib/terraform/model/member-types";
import { MODELLED_TYPES } from "../../lib/terraform/model/resource-types";
import { checkAgainstSchema } from "../../lib/terraform/schema/check-configuration";
import { currentType, legacyNamesOf, resourceSchema } from "../../lib/terraform/schema/provider-schema";

/** The modelled types with the member types of issue 13 and the CCE cluster. */
const WITH_MEMBERS: ReadonlySet<string> = new Set([...MODELLED_TYPES, ...MEMBER_TYPES, "huaweicloud_cce_cluster"]);

const RDS = {
  name: "orders",
  flavor: "rds.mysql.n1.large.2",
  availability_zone: ["cn-north-4a"],
  vpc_id: "vpc-1",
  subnet_id: "subnet-1",
  security_group_id: "sg-db",
  fixed_ip: "10.0.2.10",
  db: [{ type: "MySQL", version: "8.0", port: 3306 }],
  volume: [{ type: "CLOUDSSD", size: 40 }],
};

/** The message of the ValidationError the check throws for one resource block, or "" when it passes. */
function checkOne(type: string, body: Record<string, unknown>, modelled: ReadonlySet<string> = WITH_MEMBERS): string {
  const config = new Configuration([{ file: "main.tf.json", json: { resource: { [type]: { db: body } } } }]);
  try {
    checkAgainstSchema(config, modelled);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as Error).message;
  }
  return "";
}

describe("the schema of the member types", () => {
  it.each([...MEMBER_TYPES, "huaweicloud_cce_cluster"])("%s is kept, with an id and the fields that place a member", (type) => {
    const schema = resourceSchema(type);
    expect(schema).toBeDefined();
    expect(schema!.attributes?.id).toMatchObject({ type: "string", optional: true, computed: true });
    const names = [...Object.keys(schema!.attributes ?? {}), ...Object.keys(schema!.block_types ?? {})];
    // Every member type names its groups (or, for a CCE node, its cluster whose group it is in).
    expect(names.some((n) => /security_group|^cluster_id$/.test(n) || n === "instance_config")).toBe(true);
  });

  // Counted by hand from the Schema maps of the Go files at v1.97.1 (plus the id every SDK resource has).
  it.each([
    ["huaweicloud_rds_instance", 52, ["backup_strategy", "db", "msdtc_hosts", "parameters", "restore", "volume"]],
    ["huaweicloud_as_group", 35, ["lbaas_listeners", "networks", "security_groups"]],
    ["huaweicloud_vpc_network_interface", 20, []],
  ])("%s has %i arguments and its nested blocks", (type, attributes, blocks) => {
    const schema = resourceSchema(type)!;
    expect(Object.keys(schema.attributes ?? {})).toHaveLength(attributes);
    expect(Object.keys(schema.block_types ?? {}).filter((b) => b !== "timeouts").sort()).toEqual(blocks);
  });

  it("keeps the kinds the provider gives the fields hwsg reads", () => {
    const rds = resourceSchema("huaweicloud_rds_instance")!;
    expect(rds.attributes!.security_group_id).toMatchObject({ type: "string", required: true });
    expect(rds.attributes!.fixed_ip).toMatchObject({ type: "string", optional: true, computed: true });
    expect(rds.block_types!.db).toMatchObject({ nesting_mode: "list", min_items: 1, max_items: 1 });
    expect(rds.block_types!.db.block.attributes!.port).toMatchObject({ type: "number", optional: true, computed: true });
    expect(rds.block_types!.db.block.attributes!.password).toMatchObject({ sensitive: true });
    const port = resourceSchema("huaweicloud_networking_port")!;
    expect(port.attributes!.security_group_ids.type).toEqual(["set", "string"]);
    expect(port.block_types!.fixed_ip).toMatchObject({ nesting_mode: "list" });
    expect(resourceSchema("huaweicloud_cce_node_pool")!.attributes!.security_groups.type).toEqual(["list", "string"]);
    expect(resourceSchema("huaweicloud_as_group")!.block_types!.security_groups.block.attributes!.id).toMatchObject({ type: "string", required: true });
    expect(resourceSchema("huaweicloud_as_configuration")!.block_types!.instance_config.block.attributes!.security_group_ids.type).toEqual(["list", "string"]);
    // A computed-only list of objects is an attribute, not a block (the SDK's rule).
    expect(resourceSchema("huaweicloud_rds_instance")!.attributes!.nodes).toMatchObject({ computed: true });
    expect(resourceSchema("huaweicloud_rds_instance")!.block_types!.nodes).toBeUndefined();
  });

  it("reads the legacy names registered with the same schema as their current types", () => {
    expect(currentType("huaweicloud_rds_instance_v3")).toBe("huaweicloud_rds_instance");
    expect(currentType("huaweicloud_gaussdb_mysql_instance")).toBe("huaweicloud_taurusdb_instance");
    expect(currentType("huaweicloud_gaussdb_opengauss_instance")).toBe("huaweicloud_gaussdb_instance");
    expect(currentType("huaweicloud_cce_node_v3")).toBe("huaweicloud_cce_node");
    expect(legacyNamesOf("huaweicloud_networking_port")).toEqual(["huaweicloud_networking_port_v2"]);
    expect(legacyNamesOf("huaweicloud_vpc_network_interface")).toEqual([]);
    expect(resourceSchema("huaweicloud_dcs_instance_v1")).toBe(resourceSchema("huaweicloud_dcs_instance"));
  });
});

describe("the configuration check with the member types modelled", () => {
  it("passes a correct RDS instance", () => {
    expect(checkOne("huaweicloud_rds_instance", RDS)).toBe("");
  });

  it("reports a misspelled argument of an RDS instance, with the name meant", () => {
    const { security_group_id, ...rest } = RDS;
    expect(checkOne("huaweicloud_rds_instance", { ...rest, security_grop_id: security_group_id })).toBe(
      'main.tf.json: huaweicloud_rds_instance.db: security_grop_id "sg-db" is invalid: An argument named "security_grop_id" is not expected here; did you mean "security_group_id"?',
    );
  });

  it("reports it under a legacy name too, and inside the db block", () => {
    expect(checkOne("huaweicloud_rds_instance_v3", { ...RDS, fixed_ips: "10.0.2.11" })).toContain('An argument named "fixed_ips" is not expected here; did you mean "fixed_ip"?');
    expect(checkOne("huaweicloud_rds_instance", { ...RDS, db: [{ type: "MySQL", version: "8.0", prot: 3306 }] })).toContain('db[0].prot 3306 is invalid: An argument named "prot" is not expected here; did you mean "port"?');
  });

  it("reports a missing required argument and a wrong type", () => {
    const { subnet_id: _subnet, ...noSubnet } = RDS;
    expect(checkOne("huaweicloud_rds_instance", noSubnet)).toContain('subnet_id (missing) is invalid: The argument "subnet_id" is required');
    expect(checkOne("huaweicloud_dcs_instance", { name: "c", engine: "Redis", capacity: 1, flavor: "f", availability_zones: "cn-north-4a", vpc_id: "v", subnet_id: "s" })).toContain(
      'Inappropriate value for attribute "availability_zones": list of string required',
    );
  });

  it("leaves the type alone when it is not in the set given (MODELLED_TYPES alone today)", () => {
    expect(checkOne("huaweicloud_rds_instance", { ...RDS, security_grop_id: "sg-db" }, MODELLED_TYPES)).toBe("");
  });
});
