/**
 * The provider schema kept in schema/ and the block check built on it, against what
 * `terraform validate` says for the huaweicloud provider v1.97.1.
 */
import { ValidationError } from "../../lib/core/errors";
import { checkResourceBlock, typeProblem } from "../../lib/terraform/schema/block-check";
import { currentType, isProviderResourceType, legacyNamesOf, providerResourceTypes, resourceSchema } from "../../lib/terraform/schema/provider-schema";
import { editDistance, nameSuggestion } from "../../lib/terraform/schema/suggest";

const SITE = { subject: "main.tf: huaweicloud_networking_secgroup_rule.r" };
const RULE = { security_group_id: "sg", direction: "ingress", ethertype: "IPv4" };

/** The message of the ValidationError the check throws, or "" when it passes. */
function check(type: string, body: Record<string, unknown>): string {
  const schema = resourceSchema(type);
  if (!schema) throw new Error(`no schema for ${type}`);
  try {
    checkResourceBlock(body, schema, SITE);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as Error).message;
  }
  return "";
}

describe("the schema kept in the repository", () => {
  // Counted from the Schema maps of the resource files in huaweicloud/services/{vpc,ecs} at v1.97.1
  // (plus the id every SDK resource has): attributes / nested block types.
  it.each([
    ["huaweicloud_networking_secgroup", 10, []],
    ["huaweicloud_networking_secgroup_rule", 15, []],
    ["huaweicloud_vpc_address_group", 9, ["ip_extra_set"]],
    ["huaweicloud_compute_instance", 56, ["bandwidth", "data_disks", "enclave_options", "network", "scheduler_hints"]],
    ["huaweicloud_vpc", 13, []],
    ["huaweicloud_vpc_subnet", 23, []],
    ["huaweicloud_networking_vip", 10, []],
    ["huaweicloud_networking_vip_associate", 7, []],
    ["huaweicloud_vpc_peering_connection", 8, []],
  ])("%s has %i arguments and its nested blocks", (type, attributes, blocks) => {
    const schema = resourceSchema(type)!;
    expect(Object.keys(schema.attributes ?? {})).toHaveLength(attributes);
    expect(Object.keys(schema.block_types ?? {}).filter((b) => b !== "timeouts").sort()).toEqual(blocks);
  });

  it("lists every resource type the provider registers, and the legacy names of modelled types", () => {
    expect(providerResourceTypes().length).toBe(1956);
    expect(isProviderResourceType("huaweicloud_networking_secgroup_rule")).toBe(true);
    expect(isProviderResourceType("huaweicloud_cce_cluster")).toBe(true);
    expect(isProviderResourceType("huaweicloud_networking_secgrup_rule")).toBe(false);
    expect(currentType("huaweicloud_networking_secgroup_rule_v2")).toBe("huaweicloud_networking_secgroup_rule");
    expect(currentType("huaweicloud_vpc_v1")).toBe("huaweicloud_vpc");
    expect(legacyNamesOf("huaweicloud_compute_instance")).toEqual(["huaweicloud_compute_instance_v2"]);
    expect(legacyNamesOf("huaweicloud_vpc_address_group")).toEqual([]);
    expect(resourceSchema("huaweicloud_vpc_subnet_v1")).toBe(resourceSchema("huaweicloud_vpc_subnet"));
  });
});

describe("the block check says what terraform validate says", () => {
  it("accepts a full rule, meta-arguments and a timeouts block", () => {
    expect(check("huaweicloud_networking_secgroup_rule", { ...RULE, protocol: "tcp", ports: "22", count: 2, depends_on: [], lifecycle: [{}], provider: "huaweicloud.x", "//": {}, timeouts: [{ delete: "5m" }] })).toBe("");
  });
  it("an unknown argument, with the closest one", () => {
    expect(check("huaweicloud_networking_secgroup_rule", { ...RULE, remote_ip_prefx: "10.0.0.0/8" })).toBe(
      'main.tf: huaweicloud_networking_secgroup_rule.r: remote_ip_prefx "10.0.0.0/8" is invalid: An argument named "remote_ip_prefx" is not expected here; did you mean "remote_ip_prefix"?',
    );
    expect(check("huaweicloud_networking_secgroup_rule", { ...RULE, colour: "red" })).toMatch(/An argument named "colour" is not expected here$/);
  });
  it("a missing required argument", () => {
    expect(check("huaweicloud_networking_secgroup_rule", { security_group_id: "sg", ethertype: "IPv4" })).toContain('direction (missing) is invalid: The argument "direction" is required, but no definition was found');
    expect(check("huaweicloud_networking_secgroup_rule", { ...RULE, direction: null })).toContain('The argument "direction" is required');
    expect(check("huaweicloud_vpc", {})).toContain('cidr (missing) is invalid: The argument "cidr" is required, but no definition was found (nor for "name")');
  });
  it("wrong literal types; numbers and bools convert to strings, decimal strings to numbers", () => {
    expect(check("huaweicloud_compute_instance", { name: "a", flavor_id: ["s6"], network: [{}] })).toContain('flavor_id ["s6"] is invalid: Inappropriate value for attribute "flavor_id": string required');
    expect(check("huaweicloud_compute_instance", { name: "a", flavor_id: 6, network: [{}] })).toBe("");
    expect(check("huaweicloud_networking_secgroup_rule", { ...RULE, protocol: "tcp", port_range_min: "", port_range_max: "" })).toContain('port_range_min "" is invalid: Inappropriate value for attribute "port_range_min": a number is required');
    expect(check("huaweicloud_networking_secgroup_rule", { ...RULE, priority: "abc" })).toContain("a number is required");
    expect(check("huaweicloud_networking_secgroup_rule", { ...RULE, priority: "7" })).toBe("");
    expect(check("huaweicloud_networking_secgroup_rule", { ...RULE, priority: "${var.p}" })).toBe("");
    expect(check("huaweicloud_networking_secgroup", { name: "g", delete_default_rules: "yes" })).toContain("a bool is required");
    expect(check("huaweicloud_networking_secgroup", { name: "g", delete_default_rules: "TRUE" })).toContain('use lowercase "true"');
    expect(check("huaweicloud_networking_secgroup", { name: "g", delete_default_rules: "1" })).toBe("");
    expect(check("huaweicloud_networking_secgroup", { name: "g", tags: [{ a: "b" }] })).toContain("map of string required");
    expect(check("huaweicloud_compute_instance", { name: "a", security_group_ids: "sg", network: [{}] })).toContain("list of string required");
    expect(check("huaweicloud_compute_instance", { name: "a", security_group_ids: ["sg", ["x"]], network: [{}] })).toContain("element 1: string required");
  });
  it("an argument only the provider sets", () => {
    expect(check("huaweicloud_networking_secgroup", { name: "g", created_at: "now" })).toContain(`Can't configure a value for "created_at"`);
  });
  it("blocks: required, counted, checked inside, not given as an expression", () => {
    expect(check("huaweicloud_compute_instance", { name: "a" })).toContain('At least 1 "network" blocks are required');
    expect(check("huaweicloud_compute_instance", { name: "a", network: Array.from({ length: 13 }, () => ({})) })).toContain('No more than 12 "network" blocks are allowed');
    expect(check("huaweicloud_compute_instance", { name: "a", network: [{ uuid: "s", fixed_ip: "10.0.0.1" }] })).toContain('network[0].fixed_ip "10.0.0.1" is invalid: An argument named "fixed_ip" is not expected here');
    expect(check("huaweicloud_compute_instance", { name: "a", network: "${var.networks}" })).toContain('Did you mean to define a block of type "network"?');
    expect(check("huaweicloud_compute_instance", { name: "a", network: { uuid: "s" } })).toBe("");
    expect(check("huaweicloud_compute_instance", { name: "a", dynamic: [{ network: [{ for_each: "${var.n}", content: [{}] }] }] })).toBe("");
    expect(check("huaweicloud_compute_instance", { name: "a", network: [{}], dynamic: [{ netwrk: [{}] }] })).toContain('Blocks of type "netwrk" are not expected here; did you mean "network"?');
    expect(check("huaweicloud_vpc_address_group", { name: "a", ip_extra_set: [{ remarks: "x" }] })).toContain('ip_extra_set[0].ip (missing) is invalid: The argument "ip" is required');
  });
  it("meta-arguments belong to the resource block only", () => {
    expect(check("huaweicloud_compute_instance", { name: "a", network: [{ count: 1 }] })).toContain('An argument named "count" is not expected here');
  });
});

describe("did you mean", () => {
  it("uses Terraform's distance (Levenshtein below 3)", () => {
    expect(editDistance("remote_ip_prefx", "remote_ip_prefix")).toBe(1);
    expect(nameSuggestion("huaweicloud_networking_secgrup_rule", providerResourceTypes())).toBe("huaweicloud_networking_secgroup_rule");
    expect(nameSuggestion("abc", ["xyz"])).toBeUndefined();
  });
  it("stays cheap on long hostile names", () => {
    const long = "x".repeat(100_000);
    expect(nameSuggestion(long, providerResourceTypes())).toBeUndefined();
  });
});

describe("deep values", () => {
  it("are described, not rendered, in a message (no recursion over hostile nesting)", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 50_000; i++) deep = [deep];
    expect(check("huaweicloud_networking_secgroup", { name: "g", tags: deep })).toBe(
      'main.tf: huaweicloud_networking_secgroup_rule.r: tags "(a value nested more than 32 levels deep)" is invalid: Inappropriate value for attribute "tags": map of string required',
    );
    expect(check("huaweicloud_networking_secgroup", { name: "g", extra: deep })).toContain("An argument named \"extra\" is not expected here");
  });
});

describe("typeProblem", () => {
  it("leaves expressions to evaluation", () => {
    expect(typeProblem("${var.x}", "number")).toBeUndefined();
    expect(typeProblem("%{ if true }1%{ endif }", "number")).toBeUndefined();
    expect(typeProblem("$${literal}", "number")).toBe("a number is required");
  });
});
