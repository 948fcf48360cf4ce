/**
 * count and for_each: what Terraform refuses is an error in both modes (naming file, address,
 * field and the expression as written), addresses follow Terraform, and references to instances
 * must name one that exists.
 */
import * as path from "path";
import { HwsgError } from "../../lib/core/errors";
import { UnknownsMode } from "../../lib/terraform/unknowns";
import { TerraformModel, readTerraform } from "../../lib/terraform/reader";
import { hclDir, rulesOf } from "./hcl-helpers";
import { docWith, removeTempDirs, ruleBody } from "./tf-json";

afterAll(removeTempDirs);

const GROUP = `
resource "huaweicloud_networking_secgroup" "web" {
  name                 = "web"
  delete_default_rules = true
}
`;

/** A rule body in HCL, with the given extra lines (meta-arguments, overrides). */
function ruleHcl(name: string, extra: string, override: Readonly<Record<string, string>> = {}): string {
  const fields: Record<string, string> = {
    security_group_id: "huaweicloud_networking_secgroup.web.id",
    direction: '"ingress"',
    ethertype: '"IPv4"',
    protocol: '"tcp"',
    ports: '"22"',
    remote_ip_prefix: '"10.0.0.0/8"',
    action: '"allow"',
    priority: "1",
    ...override,
  };
  return `resource "huaweicloud_networking_secgroup_rule" "${name}" {\n${extra}\n${Object.entries(fields).map(([k, v]) => `  ${k} = ${v}`).join("\n")}\n}\n`;
}

async function read(hcl: string, unknowns: UnknownsMode = "collect"): Promise<TerraformModel & { file: string }> {
  const dir = hclDir({ "main.tf": GROUP + hcl });
  return { ...(await readTerraform(dir, { unknowns })), file: path.join(dir, "main.tf") };
}

/** The error reading raises in both modes (they must agree), with the file replaced by `{file}`. */
async function errorOf(hcl: string): Promise<string> {
  const messages: string[] = [];
  for (const mode of ["collect", "error"] as const) {
    const dir = hclDir({ "main.tf": GROUP + hcl });
    const e = await readTerraform(dir, { unknowns: mode }).then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(HwsgError);
    messages.push((e as Error).message.split(path.join(dir, "main.tf")).join("{file}"));
  }
  expect(messages[0]).toBe(messages[1]);
  return messages[0];
}

const R = "huaweicloud_networking_secgroup_rule";

describe("count", () => {
  test.each([
    ["-1", "{file}: huaweicloud_networking_secgroup_rule.r: count -1 is invalid: must be a whole number of 0 or more (it is -1)"],
    ['"x"', '{file}: huaweicloud_networking_secgroup_rule.r: count "x" is invalid: must be a whole number of 0 or more (it is "x")'],
    ["1.5", "{file}: huaweicloud_networking_secgroup_rule.r: count 1.5 is invalid: must be a whole number of 0 or more (it is 1.5)"],
    ["null", "{file}: huaweicloud_networking_secgroup_rule.r: count null is invalid: must be a whole number of 0 or more (it is null)"],
    ["length(var.nets)", '{file}: huaweicloud_networking_secgroup_rule.r: count "length(var.nets)" is invalid: Reference to undeclared input variable: refers to variable nets, which is not declared'],
  ])("count = %s is refused", async (count, message) => {
    const msg = await errorOf(ruleHcl("r", `  count = ${count}`));
    expect(msg.startsWith(message)).toBe(true);
  });

  test('a numeric string converts, as Terraform converts it: count = "2"', async () => {
    const m = await read(ruleHcl("r", '  count = "2"'));
    expect(m.network.rulesOf("huaweicloud_networking_secgroup.web").map((r) => r.id)).toEqual([`${R}.r[0]`, `${R}.r[1]`]);
  });

  test("count.index outside a counted resource is refused", async () => {
    expect(await errorOf(ruleHcl("r", "", { priority: "count.index + 1" }))).toBe("{file}: huaweicloud_networking_secgroup_rule.r: priority \"count.index + 1\" is invalid: count.index is used where there is no count: only in a resource with count");
  });

  test("count and for_each together are refused", async () => {
    expect(await errorOf(ruleHcl("r", '  count = 1\n  for_each = toset(["a"])'))).toBe('{file}: huaweicloud_networking_secgroup_rule.r: for_each "toset([\\"a\\"])" is invalid: count and for_each cannot both be set');
  });

  test("a count that depends on itself is a cycle, not a hang", async () => {
    expect(await errorOf(ruleHcl("r", `  count = length(${R}.r)`))).toMatch(/huaweicloud_networking_secgroup_rule\.r: count .* references form a cycle/);
  });
});

describe("for_each", () => {
  test("over a list is refused (Terraform needs a map or a set of strings)", async () => {
    expect(await errorOf(ruleHcl("r", '  for_each = ["a", "b"]'))).toBe('{file}: huaweicloud_networking_secgroup_rule.r: for_each ["a","b"] is invalid: must be a map, or a set of strings: a list or tuple is not accepted, because its items have no stable key; convert it with toset(...) or build a map with a for expression');
  });

  test("over a list(string) variable is refused too; over a set(string) variable it is fine", async () => {
    const list = await errorOf(`variable "nets" {\n  type    = list(string)\n  default = ["10.1.0.0/16"]\n}\n${ruleHcl("r", "  for_each = var.nets", { remote_ip_prefix: "each.value" })}`);
    expect(list).toContain("for_each \"var.nets\" is invalid: must be a map, or a set of strings: a list or tuple is not accepted");
    const m = await read(`variable "nets" {\n  type    = set(string)\n  default = ["10.2.0.0/16", "10.1.0.0/16", "10.2.0.0/16"]\n}\n${ruleHcl("r", "  for_each = var.nets", { remote_ip_prefix: "each.value" })}`);
    expect(rulesOf(m.network, "huaweicloud_networking_secgroup.web")).toEqual([
      `${R}.r["10.1.0.0/16"]: ingress 6 22 10.1.0.0/16 allow 1`,
      `${R}.r["10.2.0.0/16"]: ingress 6 22 10.2.0.0/16 allow 1`,
    ]);
  });

  test("over a set of numbers is refused", async () => {
    expect(await errorOf(ruleHcl("r", "  for_each = toset([22, 80])"))).toContain('for_each "toset([22, 80])" is invalid: must be a map, or a set of strings: this set holds a number (22)');
  });

  test("over null or a string is refused", async () => {
    expect(await errorOf(ruleHcl("r", "  for_each = null"))).toBe("{file}: huaweicloud_networking_secgroup_rule.r: for_each null is invalid: must be a map, or a set of strings (it is null)");
    expect(await errorOf(ruleHcl("r", '  for_each = "a"'))).toContain('for_each "a" is invalid: must be a map, or a set of strings (it is a string)');
  });

  test("a for expression producing one key twice is refused; with ... the values are grouped", async () => {
    const locals = 'locals {\n  rules = [{ port = "22", cidr = "10.1.0.0/16" }, { port = "22", cidr = "10.2.0.0/16" }]\n}\n';
    const dup = await errorOf(locals + ruleHcl("r", "  for_each = { for x in local.rules : x.port => x }", { remote_ip_prefix: "each.value.cidr" }));
    expect(dup).toContain('for_each "{ for x in local.rules : x.port => x }" is invalid: the for expression produces the key "22" twice: keys must be unique (or write ... after the value to group the values by key)');
    const grouped = await read(locals + ruleHcl("r", "  for_each = { for x in local.rules : x.port => x.cidr... }", { ports: "each.key", remote_ip_prefix: "each.value[1]" }));
    expect(rulesOf(grouped.network, "huaweicloud_networking_secgroup.web")).toEqual([`${R}.r["22"]: ingress 6 22 10.2.0.0/16 allow 1`]);
  });

  test("each outside a for_each resource is refused", async () => {
    expect(await errorOf(ruleHcl("r", "", { remote_ip_prefix: "each.value" }))).toContain('remote_ip_prefix "each.value" is invalid: each is used where there is no for_each');
  });

  test("an unknown value under a known key leaves out only that instance", async () => {
    const m = await read(`variable "admin" {}\n${ruleHcl("r", '  for_each = { office = "10.1.0.0/16", admin = var.admin }', { remote_ip_prefix: "each.value" })}`);
    expect(m.network.rulesOf("huaweicloud_networking_secgroup.web").map((r) => r.id)).toEqual([`${R}.r["office"]`]);
    expect(m.unknowns.map((u) => [u.address, u.field, u.expression])).toEqual([[`${R}.r["admin"]`, "remote_ip_prefix", "each.value"]]);
  });

  test("keys with quotes and non-ASCII characters are addressed as Terraform does, and ordered byte-wise", async () => {
    const m = await read(ruleHcl("r", '  for_each = { "z" = "22", "é" = "23", "a\\"b" = "24" }', { ports: "each.value" }));
    expect(m.network.rulesOf("huaweicloud_networking_secgroup.web").map((r) => r.id)).toEqual([`${R}.r["a\\"b"]`, `${R}.r["z"]`, `${R}.r["é"]`]);
  });
});

describe("references to instances", () => {
  const groups = `
resource "huaweicloud_networking_secgroup" "app" {
  count                = 2
  name                 = "app-\${count.index}"
  delete_default_rules = true
}
resource "huaweicloud_networking_secgroup" "tier" {
  for_each             = toset(["db", "web"])
  name                 = each.key
  delete_default_rules = true
}
`;

  test.each([
    ["huaweicloud_networking_secgroup.app[2].id", "huaweicloud_networking_secgroup.app has no instance [2] (its instances: [0], [1])"],
    ['huaweicloud_networking_secgroup.tier["cache"].id', 'huaweicloud_networking_secgroup.tier has no instance ["cache"] (its instances: ["db"], ["web"])'],
    ["huaweicloud_networking_secgroup.app.id", "huaweicloud_networking_secgroup.app has count: name one of its instances, as huaweicloud_networking_secgroup.app[0].id"],
    ["huaweicloud_networking_secgroup.web[0].id", "huaweicloud_networking_secgroup.web has neither count nor for_each: it has no instance [0]"],
    ["huaweicloud_networking_secgroup.nope.id", "Reference to undeclared resource: refers to huaweicloud_networking_secgroup.nope, which is not defined in the configuration"],
  ])("%s is refused", async (ref, reason) => {
    expect(await errorOf(groups + ruleHcl("r", "", { security_group_id: ref }))).toBe(`{file}: ${R}.r: security_group_id ${JSON.stringify(ref)} is invalid: ${reason}`);
  });

  test("a reference to an instance's name where its id is needed is refused", async () => {
    expect(await errorOf(groups + ruleHcl("r", "", { security_group_id: 'huaweicloud_networking_secgroup.tier["db"].name' }))).toBe(`{file}: ${R}.r: security_group_id "huaweicloud_networking_secgroup.tier[\\"db\\"].name" is invalid: must be the id of a huaweicloud_networking_secgroup (\${huaweicloud_networking_secgroup.NAME.id}), not its name`);
  });

  test("a reference into a resource whose count is unknown is unknown, not an error", async () => {
    const m = await read(`variable "n" { type = number }\n${groups.replace("count                = 2", "count                = var.n")}${ruleHcl("r", "", { security_group_id: "huaweicloud_networking_secgroup.app[0].id" })}`);
    expect(m.unknowns.map((u) => [u.address, u.field])).toEqual([
      ["huaweicloud_networking_secgroup.app", "count"],
      [`${R}.r`, "security_group_id"],
    ]);
    expect(m.unknowns[1].reason).toBe("The count of huaweicloud_networking_secgroup.app is not known statically (the variable n has no default and no value is given, so its value is known only when Terraform runs), so neither are its instances.");
  });
});

describe("the JSON form", () => {
  test('"count": 2 and "for_each": "${var.rules}" work as in HCL', async () => {
    const dir = hclDir({
      "main.tf.json": docWith((r, doc) => {
        doc.variable = { rules: { type: "map(string)", default: { b: "10.2.0.0/16", a: "10.1.0.0/16" } } };
        r.huaweicloud_networking_secgroup_rule.counted = { ...ruleBody({ ports: "${8000 + count.index}" }), count: 2 };
        r.huaweicloud_networking_secgroup_rule.keyed = { ...ruleBody({ ports: "9000", remote_ip_prefix: "${each.value}", description: "${each.key}" }), for_each: "${var.rules}" };
      }),
    });
    const m = await readTerraform(dir);
    expect(rulesOf(m.network, "huaweicloud_networking_secgroup.web").slice(2)).toEqual([
      `${R}.counted[0]: ingress 6 8000 10.0.0.0/8 allow 1`,
      `${R}.counted[1]: ingress 6 8001 10.0.0.0/8 allow 1`,
      `${R}.keyed["a"]: ingress 6 9000 10.1.0.0/16 allow 1`,
      `${R}.keyed["b"]: ingress 6 9000 10.2.0.0/16 allow 1`,
    ]);
  });

  test("an invalid expression in a JSON string is an error naming the field", async () => {
    const dir = hclDir({ "main.tf.json": docWith((r) => { r.huaweicloud_networking_secgroup_rule.bad = ruleBody({ remote_ip_prefix: "${var.}" }); }) });
    await expect(readTerraform(dir)).rejects.toThrow(/huaweicloud_networking_secgroup_rule\.bad: remote_ip_prefix "\$\{var\.\}" is invalid: is not a valid Terraform expression/);
  });
});

describe("files", () => {
  test("a .tf file that is not valid HCL is an error naming the file", async () => {
    const dir = hclDir({ "main.tf": 'resource "huaweicloud_vpc" "v" {\n' });
    await expect(readTerraform(dir)).rejects.toThrow(`${path.join(dir, "main.tf")}: not valid HCL: `);
  });

  test("a directory with neither .tf nor .tf.json files", async () => {
    const dir = hclDir({ "README.md": "nothing" });
    await expect(readTerraform(dir)).rejects.toThrow(`${dir}: no .tf or .tf.json file here`);
  });

  test("resources keep the order they are written in within an HCL file (hcl2json sorts them)", async () => {
    const m = await read(ruleHcl("zulu", "", { ports: '"1"' }) + ruleHcl("alpha", "", { ports: '"2"' }) + ruleHcl("mike", "", { ports: '"3"' }));
    expect(m.network.rulesOf("huaweicloud_networking_secgroup.web").map((r) => r.id)).toEqual([`${R}.zulu`, `${R}.alpha`, `${R}.mike`]);
  });

  test("a variable declared twice is an error", async () => {
    const dir = hclDir({ "a.tf": 'variable "x" {}\n', "b.tf": 'variable "x" {}\n' });
    await expect(readTerraform(dir)).rejects.toThrow(`${path.join(dir, "b.tf")}: variable x is declared twice (also in ${path.join(dir, "a.tf")})`);
  });

  test("a default that does not match the variable's type is an error", async () => {
    const e1 = await errorOf(`variable "p" {\n  type    = number\n  default = "ssh"\n}\n${ruleHcl("r", "", { priority: "var.p" })}`);
    expect(e1).toBe('{file}: var.p: default "ssh" is invalid: does not match the variable\'s type: the default must be a number, not "ssh"');
    const e2 = await errorOf(`variable "rules" {\n  type    = map(object({ port = number, cidr = string }))\n  default = { ssh = { port = 22 } }\n}\n${ruleHcl("r", "  for_each = var.rules", { ports: "each.value.port" })}`);
    expect(e2).toContain('does not match the variable\'s type: the default["ssh"] lacks the attribute "cidr", which the type requires');
  });
});
