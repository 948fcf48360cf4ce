/**
 * The reader with the provider schema: every block of a modelled type is checked as `terraform
 * validate` checks it, unknown huaweicloud_* types are a warning, legacy names are read as their
 * current types, and the provider's own validation (v1.97.1) decides what is rejected — names
 * and descriptions never abort a run.
 */
import * as path from "path";
import { query } from "../../lib/cli/query";
import { HwsgError } from "../../lib/core/errors";
import { TerraformModel, readDocuments, readTerraform } from "../../lib/terraform/reader";
import { FIXTURES, Json, docWith, instanceBody, removeTempDirs, ruleBody, withRule, writeFiles } from "./tf-json";

afterAll(removeTempDirs);

const read = async (doc: Json): Promise<TerraformModel> => readTerraform(path.join(writeFiles({ "main.tf.json": doc }), "main.tf.json"));

async function readError(doc: Json): Promise<string> {
  try {
    await read(doc);
  } catch (e) {
    expect(e).toBeInstanceOf(HwsgError);
    return (e as Error).message.replace(/^.*main\.tf\.json: /, "");
  }
  return "";
}

async function readFixture(...parts: string[]): Promise<TerraformModel> {
  return readTerraform(path.join(FIXTURES, ...parts));
}

async function fixtureError(...parts: string[]): Promise<string> {
  try {
    await readFixture(...parts);
  } catch (e) {
    expect(e).toBeInstanceOf(HwsgError);
    return (e as Error).message;
  }
  return "";
}

describe("issue 15: the schema check (terraform validate)", () => {
  it("an argument typo no longer widens the rule to every address", async () => {
    expect(await fixtureError("bad", "schema", "argument-typo.tf")).toMatch(
      /argument-typo\.tf: huaweicloud_networking_secgroup_rule\.ssh: remote_ip_prefx "10\.0\.0\.0\/8" is invalid: An argument named "remote_ip_prefx" is not expected here; did you mean "remote_ip_prefix"\?$/,
    );
  });
  it("a missing required argument", async () => {
    expect(await fixtureError("bad", "schema", "missing-direction.tf")).toContain('huaweicloud_networking_secgroup_rule.ssh: direction (missing) is invalid: The argument "direction" is required, but no definition was found');
  });
  it("port_range_min = \"\" is rejected, as Terraform cannot convert it to a number", async () => {
    // Terraform converts the configuration to the schema's types before the provider sees it;
    // "" is not a number (cty's string-to-number conversion), so the plan fails.
    expect(await fixtureError("bad", "schema", "port-range-empty.tf.json")).toContain('port_range_min "" is invalid: Inappropriate value for attribute "port_range_min": a number is required');
  });
  it("a flavor_id that is not a string is rejected; a number is its text", async () => {
    expect(await fixtureError("bad", "schema", "flavor-list.tf.json")).toContain('flavor_id ["s6.small.1"] is invalid: Inappropriate value for attribute "flavor_id": string required');
    const m = await read(docWith((r) => { r.huaweicloud_compute_instance.web.flavor_id = 6; }));
    expect(m.network.instances.get("huaweicloud_compute_instance.web")?.flavor).toBe("6");
  });
  it("blocks the model does not read are checked too", async () => {
    const doc = docWith((r) => { r.huaweicloud_vpc_address_group = { unused: { name: "a", addresses: ["10.0.0.1"], ip_versoin: 4 } }; });
    expect(await readError(doc)).toBe('huaweicloud_vpc_address_group.unused: ip_versoin 4 is invalid: An argument named "ip_versoin" is not expected here; did you mean "ip_version"?');
  });
  it("arguments hwsg does not read but the provider has are accepted", async () => {
    const m = await read(docWith((r) => { r.huaweicloud_compute_instance.web = instanceBody("web", ["web"], "10.0.1.10", { system_disk_type: "SSD", auto_terminate_time: "2030-01-01T00:00:00Z", scheduler_hints: [{ group: "g" }] }); }));
    expect(m.network.instances.size).toBe(2);
  });
});

describe("issue 15: a huaweicloud_* type the provider does not have", () => {
  it("is a warning with the closest registered type, not a silent loss", async () => {
    const m = await readFixture("bad", "schema", "type-typo.tf");
    expect(m.warnings.some((w) => w.includes("huaweicloud_networking_secgrup_rule.ssh: the huaweicloud provider (1.97.1) has no resource type huaweicloud_networking_secgrup_rule (did you mean huaweicloud_networking_secgroup_rule?): terraform would reject it"))).toBe(true);
  });
  it("a typo in the prefix of a modelled type is a warning too; other providers' types are not", async () => {
    const m = await read(docWith((r) => {
      r.hauweicloud_networking_secgroup_rule = { x: ruleBody() };
      r.aws_security_group = { y: { name: "y" } };
    }));
    expect(m.warnings.filter((w) => w.includes("is not a huaweicloud resource type"))).toEqual([
      expect.stringContaining("hauweicloud_networking_secgroup_rule.x: hauweicloud_networking_secgroup_rule is not a huaweicloud resource type (did you mean huaweicloud_networking_secgroup_rule?)"),
    ]);
  });
  it("a registered type hwsg does not model is left to the unknowns (no warning here)", async () => {
    const m = await read(docWith((r) => { r.huaweicloud_mapreduce_cluster = { k: { name: "k" } }; }));
    expect(m.warnings.filter((w) => w.includes("huaweicloud_mapreduce_cluster"))).toEqual([]);
  });
});

describe("issue 12: legacy names read as their current types", () => {
  it("a group opening SSH to the world under _v2 names is in the model", async () => {
    const m = await readFixture("provider", "legacy-names");
    expect([...m.network.groups.keys()]).toContain("huaweicloud_networking_secgroup_v2.web");
    expect(m.network.spec.rules.map((r) => r.id)).toContain("huaweicloud_networking_secgroup_rule_v2.ssh");
    expect([...m.network.instances.keys()]).toEqual(["huaweicloud_compute_instance_v2.web"]);
    // (query's endpoint syntax, in lib/cli, takes huaweicloud_compute_instance.NAME only: the instance is asked by its address.)
    const answer = query(m.network, { from: "203.0.113.9", to: "192.168.1.10", protocol: "tcp", port: "22" });
    expect(answer.verdict).toBe("allow");
    expect(answer.rule).toBe("huaweicloud_networking_secgroup_rule_v2.ssh");
  });
  it("the legacy schema is checked like the current one", async () => {
    const doc = { resource: { huaweicloud_vpc_v1: { v: { name: "v", cidr: "10.0.0.0/16", cidrr: "x" } } } };
    expect(await readError(doc)).toContain('huaweicloud_vpc_v1.v: cidrr "x" is invalid: An argument named "cidrr" is not expected here; did you mean "cidr"?');
  });
});

describe("issue 12: false rejections fixed", () => {
  it("an upper-case IPv6 remote_ip_prefix", async () => {
    const m = await read(withRule("v6", { ethertype: "IPv6", remote_ip_prefix: "2001:DB8::/32" }));
    expect(m.network.spec.rules.find((r) => r.id.endsWith(".v6"))?.remote).toMatchObject({ cidr: "2001:db8::/32" });
  });
  it("port_range_min/max = 0 with tcp: every port", async () => {
    const m = await read(withRule("all", { ports: undefined, action: undefined, priority: undefined, port_range_min: 0, port_range_max: 0 }));
    expect(m.network.spec.rules.find((r) => r.id.endsWith(".all"))?.ports).toBeUndefined();
  });
  it("an ICMP type in port_range_min: accepted and matched on, no warning; ICMP types in ports: a warning, and exact synth-time checks refuse them", async () => {
    const icmp = { protocol: "icmp", ports: undefined, action: undefined, priority: undefined, port_range_min: 8, port_range_max: 0 };
    const m = await read(withRule("echo", icmp));
    expect(m.warnings.filter((w) => w.includes("huaweicloud_networking_secgroup_rule.echo") && /ICMP/.test(w))).toEqual([]);
    expect(m.network.spec.rules.find((r) => r.id.endsWith(".echo"))?.ports?.ranges).toEqual([[8 * 256 + 1, 8 * 256 + 256]]);
    expect(() => readDocuments([{ file: "cdk.tf.json", json: withRule("echo", icmp) }])).not.toThrow();
    const typed = { ...icmp, port_range_min: undefined, port_range_max: undefined, ports: "8", action: "deny", priority: 1 };
    const deny = await read(withRule("echo", typed));
    expect(deny.warnings.some((w) => w.includes('huaweicloud_networking_secgroup_rule.echo: ports "8" with an ICMP protocol: the API documents ports for tcp and udp only; hwsg reads each number as an ICMP type with every code'))).toBe(true);
    expect(() => readDocuments([{ file: "cdk.tf.json", json: withRule("echo", typed) }])).toThrow(/ports "8" is invalid: with an ICMP protocol is not documented by the API/);
  });
  it("a subnet in a VPC created elsewhere, and a peer VPC in another account", async () => {
    const m = await read(docWith((r) => {
      r.huaweicloud_vpc_subnet.s.vpc_id = "vpc-existing-0001";
      r.huaweicloud_vpc_peering_connection = { p: { name: "p", vpc_id: "vpc-existing-0001", peer_vpc_id: "vpc-other-account", peer_tenant_id: "tenant-2" } };
    }));
    expect([...m.network.vpcs.keys()]).toEqual(["huaweicloud_vpc.v", "vpc-existing-0001", "vpc-other-account"]);
    expect(m.warnings.filter((w) => w.includes("is a VPC this configuration does not define"))).toHaveLength(2);
  });
  it("a virtual IP or a port created elsewhere: warnings, the association is not modelled", async () => {
    const m = await read(docWith((r) => {
      r.huaweicloud_networking_vip = { vip: { network_id: "${huaweicloud_vpc_subnet.s.id}", ip_address: "10.0.1.100" } };
      r.huaweicloud_networking_vip_associate = {
        ext: { vip_id: "vip-existing", port_ids: ["${huaweicloud_compute_instance.web.network[0].port}"] },
        mixed: { vip_id: "${huaweicloud_networking_vip.vip.id}", port_ids: ["port-existing", "${huaweicloud_compute_instance.db.network[0].port}"] },
      };
    }));
    expect(m.warnings.filter((w) => w.includes("vip_id vip-existing is a virtual IP this configuration does not define"))).toHaveLength(1);
    expect(m.warnings.filter((w) => w.includes("port_ids[0] port-existing is a port this configuration does not define"))).toHaveLength(1);
    expect(m.network.virtualIps.map((v) => v.holders)).toEqual([[{ instanceId: "huaweicloud_compute_instance.db", nicIndex: 0 }]]);
  });
  it("an HCL configuration naming an existing VPC, subnet, address group and a peer VPC in another account", async () => {
    const m = await readFixture("provider", "external-references");
    expect([...m.network.vpcs.keys()]).toEqual(["3f2c9a1e-0000-4000-8000-00000000a001", "7b1d2e3f-0000-4000-8000-00000000b002"]);
    expect(m.network.peerings).toHaveLength(1);
    expect(m.network.instances.get("huaweicloud_compute_instance.app")?.nics).toHaveLength(2);
    expect(m.unknowns.map((u) => `${u.address} ${u.field}`)).toEqual(["huaweicloud_networking_secgroup_rule.from_partner remote_address_group_id"]);
    expect(m.warnings.some((w) => w.includes("network[1].uuid 9e8d7c6b-0000-4000-8000-00000000d004 is a subnet this configuration does not define"))).toBe(true);
  });
  it("an address group created elsewhere: the rule is an unknown, not an error", async () => {
    const m = await read(withRule("ag", { remote_ip_prefix: undefined, remote_address_group_id: "ag-0001" }));
    expect(m.unknowns.map((u) => `${u.address} ${u.field}`)).toEqual(["huaweicloud_networking_secgroup_rule.ag remote_address_group_id"]);
  });
  it("a name or description the API refuses is a warning, never an abort", async () => {
    const m = await read(docWith((r) => {
      r.huaweicloud_networking_secgroup.web.name = "w".repeat(70);
      r.huaweicloud_networking_secgroup.db.description = "<b>";
      r.huaweicloud_vpc.v.name = "";
      r.huaweicloud_vpc_peering_connection = { p: { name: "对等连接".repeat(6), vpc_id: "${huaweicloud_vpc.v.id}", peer_vpc_id: "vpc-x" } };
      r.huaweicloud_networking_secgroup_rule.web_https = ruleBody({ ports: "443", remote_ip_prefix: "0.0.0.0/0", description: "d".repeat(300) });
    }));
    const w = m.warnings.join("\n");
    expect(w).toContain("huaweicloud_networking_secgroup.web: name");
    expect(w).toContain("must be 1 to 64 characters (it has 70) (kept: the name does not affect matching)");
    expect(w).toContain("huaweicloud_networking_secgroup.db: description \"<b>\" is invalid");
    expect(w).toContain("huaweicloud_vpc.v: name \"\" is invalid");
    // ValidateString64WithChinese counts bytes: 24 Chinese characters are 72 bytes of UTF-8.
    expect(w).toContain("must be 1 to 64 bytes of UTF-8 (it has 72)");
    expect(w).toContain("huaweicloud_networking_secgroup_rule.web_https: description");
  });
});

describe("issue 12: false acceptances fixed", () => {
  // resource_huaweicloud_networking_secgroup_rule.go (ResourceNetworkingSecGroupRule's schema)
  it.each([
    ["protocol", { protocol: "" }, 'protocol "" is invalid'],
    ["action", { action: "" }, 'action "" is invalid'],
    ["remote_ip_prefix", { remote_ip_prefix: "" }, 'remote_ip_prefix "" is invalid'],
    ["ports with port_range_min", { ports: "", action: undefined, priority: undefined, port_range_min: 22, port_range_max: 22 }, "port_range_min 22 is invalid: conflicts with ports in the provider"],
    ["IPv4-mapped IPv6", { ethertype: "IPv6", remote_ip_prefix: "::ffff:10.0.0.0/104" }, "an IPv4-mapped IPv6 block is not accepted by the provider"],
  ])("empty or conflicting rule field: %s", async (_, override, message) => {
    expect(await readError(withRule("bad", override))).toContain(message);
  });
  // resource_huaweicloud_compute_instance.go: security_groups has ConflictsWith security_group_ids.
  it("an instance with both security_group_ids and security_groups", async () => {
    const doc = docWith((r) => { r.huaweicloud_compute_instance.web.security_groups = ["web"]; });
    expect(await readError(doc)).toContain("huaweicloud_compute_instance.web: security_groups [\"web\"] is invalid: conflicts with security_group_ids in the provider");
  });
  // resource_huaweicloud_vpc.go and resource_huaweicloud_vpc_subnet.go: cidr's ValidateFunc is utils.ValidateCIDR.
  it.each([
    ["vpc", (r: Json) => { r.huaweicloud_vpc.v.cidr = "10.0.0.0/016"; }, "huaweicloud_vpc.v: cidr \"10.0.0.0/016\" is invalid: must be written in canonical form"],
    ["subnet", (r: Json) => { r.huaweicloud_vpc_subnet.s.cidr = "10.0.1.0/024"; }, "did you mean 10.0.1.0/24?"],
  ])("a non-canonical %s CIDR", async (_, mutate, message) => {
    expect(await readError(docWith(mutate))).toContain(message);
  });
});
