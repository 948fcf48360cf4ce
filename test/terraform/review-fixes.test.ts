/**
 * Regressions found in review: an index Terraform rejects (negative, fractional) and a missing
 * map key are errors, never "not set"; a nested block's unset attribute is computed (unknown);
 * messages quote an HCL template once; editor files Terraform ignores are ignored, override
 * files are refused clearly; commented-out resource headers do not change the order; `$${` in
 * an HCL variable default is unescaped.
 */
import * as fs from "fs";
import * as path from "path";
import { HwsgError } from "../../lib/core/errors";
import { parseHclFile } from "../../lib/terraform/hcl";
import { TerraformModel, readTerraform } from "../../lib/terraform/reader";
import { UnknownsMode } from "../../lib/terraform/unknowns";
import { evalExpr, hclDir } from "./hcl-helpers";
import { removeTempDirs } from "./tf-json";

afterAll(removeTempDirs);

const R = "huaweicloud_networking_secgroup_rule";

const GROUP = `
resource "huaweicloud_networking_secgroup" "db" {
  name                 = "db"
  delete_default_rules = true
}
`;

/** A rule of the group db in HCL, with fields overridden (HCL expressions). */
function ruleHcl(name: string, override: Readonly<Record<string, string>> = {}): string {
  const fields: Record<string, string> = {
    security_group_id: "huaweicloud_networking_secgroup.db.id",
    direction: '"ingress"',
    ethertype: '"IPv4"',
    protocol: '"tcp"',
    ports: '"22"',
    remote_ip_prefix: '"10.0.0.0/8"',
    action: '"allow"',
    priority: "1",
    ...override,
  };
  return `resource "${R}" "${name}" {\n${Object.entries(fields).map(([k, v]) => `  ${k} = ${v}`).join("\n")}\n}\n`;
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

describe("an index Terraform rejects is an error, never a field not set", () => {
  const cidrs = 'variable "cidrs" {\n  default = ["10.0.0.0/8", "192.168.0.0/16"]\n}\n';

  test("a negative index: var.cidrs[-1]", async () => {
    expect(await errorOf(cidrs + ruleHcl("r", { remote_ip_prefix: "var.cidrs[-1]" }))).toBe(
      `{file}: ${R}.r: remote_ip_prefix "var.cidrs[-1]" is invalid: a negative number (-1) is not a valid index: a list's elements are numbered from 0`,
    );
  });

  test("a fractional index: var.cidrs[0.5]", async () => {
    expect(await errorOf(cidrs + ruleHcl("r", { remote_ip_prefix: "var.cidrs[0.5]" }))).toBe(
      `{file}: ${R}.r: remote_ip_prefix "var.cidrs[0.5]" is invalid: 0.5 is not a valid index: an index into a list must be a whole number`,
    );
  });

  test("a negative index computed in a template, and in a local", async () => {
    expect(await errorOf(cidrs + ruleHcl("r", { remote_ip_prefix: '"${var.cidrs[1 - 2]}"' }))).toMatch(/remote_ip_prefix "var\.cidrs\[1 - 2\]" is invalid: a negative number \(-1\) is not a valid index/);
    expect(await errorOf(cidrs + ruleHcl("r", { remote_ip_prefix: '"${var.cidrs[1 - 2]}/8"' }))).toMatch(/remote_ip_prefix "\$\{var\.cidrs\[1 - 2\]\}\/8" is invalid: a negative number \(-1\) is not a valid index/);
    expect(await evalExpr('["a"][-1]')).toEqual({ error: expect.stringMatching(/a negative number \(-1\) is not a valid index/) });
    expect(await evalExpr('["a", "b"]["1"]')).toBe("b");
    expect(await evalExpr('["a", "b"][1.5]')).toEqual({ error: expect.stringMatching(/1\.5 is not a valid index/) });
  });

  test("a missing key of a variable's map is an error", async () => {
    const nets = 'variable "nets" {\n  default = { office = "10.0.0.0/8" }\n}\n';
    expect(await errorOf(nets + ruleHcl("r", { remote_ip_prefix: 'var.nets["home"]' }))).toBe(
      `{file}: ${R}.r: remote_ip_prefix "var.nets[\\"home\\"]" is invalid: has no attribute or key "home" (it has "office")`,
    );
    expect(await errorOf(nets + ruleHcl("r", { remote_ip_prefix: "var.nets.home" }))).toMatch(/has no attribute or key "home"/);
  });
});

describe("a nested block's attribute it does not set is computed", () => {
  const VMS = `
resource "huaweicloud_compute_instance" "web" {
  name               = "web"
  image_name         = "Ubuntu"
  flavor_id          = "s6.small.1"
  security_group_ids = [huaweicloud_networking_secgroup.db.id]
  network {
    uuid = "subnet-1"
  }
}
`;

  test("network[0].fixed_ip_v4 not written is unknown, like a top-level attribute not written", async () => {
    const m = await read(VMS + ruleHcl("r", { remote_ip_prefix: '"${huaweicloud_compute_instance.web.network[0].fixed_ip_v4}/32"' }));
    expect(m.unknowns).toEqual([
      {
        file: m.file,
        address: `${R}.r`,
        field: "remote_ip_prefix",
        expression: "${huaweicloud_compute_instance.web.network[0].fixed_ip_v4}/32",
        reason: "The attribute huaweicloud_compute_instance.web.network[0].fixed_ip_v4 is not set in the configuration: it is computed at apply time.",
        effect: expect.stringMatching(/^The rule is left out of the model/),
        groupIds: ["huaweicloud_networking_secgroup.db"],
        canChangeVerdict: true,
      },
    ]);
  });

  test("in error mode the message quotes the template once", async () => {
    const e = await read(VMS + ruleHcl("r", { remote_ip_prefix: '"${huaweicloud_compute_instance.web.network[0].fixed_ip_v4}/32"' }), "error").then(
      () => undefined,
      (x: unknown) => x as Error,
    );
    expect(e).toBeInstanceOf(HwsgError);
    expect(e!.message).toContain(`${R}.r: remote_ip_prefix "\${huaweicloud_compute_instance.web.network[0].fixed_ip_v4}/32" is invalid: cannot be resolved statically`);
    expect(e!.message).not.toContain('\\"');
  });

  test("an error in a template names the expression quoted once", async () => {
    expect(await errorOf(ruleHcl("r", { remote_ip_prefix: '"${var.nope}/32"' }))).toBe(`{file}: ${R}.r: remote_ip_prefix "\${var.nope}/32" is invalid: Reference to undeclared input variable: refers to variable nope, which is not declared`);
  });

  test("a missing key of a local's map stays an error", async () => {
    const locals = 'locals {\n  nets = { office = "10.0.0.0/8" }\n}\n';
    expect(await errorOf(locals + ruleHcl("r", { remote_ip_prefix: "local.nets.home" }))).toMatch(/remote_ip_prefix "local\.nets\.home" is invalid: has no attribute or key "home"/);
  });
});

describe("files Terraform ignores, and override files", () => {
  const main = GROUP + ruleHcl("r");

  test("editor files (.#main.tf lock links pointing nowhere, main.tf~, #main.tf#, .hidden.tf) are ignored", async () => {
    const dir = hclDir({ "main.tf": main, "main.tf~": "not { hcl", "#main.tf#": "not { hcl", ".hidden.tf": "not { hcl" });
    fs.symlinkSync("user@host.1234:1700000000", path.join(dir, ".#main.tf"));
    const m = await readTerraform(dir);
    expect(m.files).toEqual([path.join(dir, "main.tf")]);
    expect(m.network.rulesOf("huaweicloud_networking_secgroup.db").map((r) => r.id)).toEqual([`${R}.r`]);
  });

  test("a file that cannot be read (a link pointing nowhere) is an error naming it, not a crash", async () => {
    const dir = hclDir({ "main.tf": main });
    fs.symlinkSync("nowhere", path.join(dir, "other.tf"));
    const e = await readTerraform(dir).then(() => undefined, (x: unknown) => x as Error);
    expect(e).toBeInstanceOf(HwsgError);
    expect(e!.message).toMatch(new RegExp(`^${path.join(dir, "other.tf").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: cannot be read`));
  });

  test.each(["override.tf", "main_override.tf", "override.tf.json", "x_override.tf.json"])("%s is merged as Terraform merges it: its arguments replace the base block's", async (name) => {
    const dir = hclDir({ "main.tf": main, [name]: name.endsWith(".json") ? { resource: { [R]: { r: { priority: 2 } } } } : `resource "${R}" "r" {\n  priority = 2\n}\n` });
    const m = await readTerraform(dir);
    expect(m.network.rulesOf("huaweicloud_networking_secgroup.db").map((r) => [r.id, r.priority])).toEqual([[`${R}.r`, 2]]);
  });

  test("override files apply in lexical order after the others; a nested block type is replaced whole; locals by name", async () => {
    const dir = hclDir({
      "main.tf": `${main}locals {\n  cidr = "10.0.0.0/8"\n}\n`,
      "b_override.tf": `resource "${R}" "r" {\n  priority = 3\n}\n`,
      "a_override.tf": `resource "${R}" "r" {\n  priority = 9\n  remote_ip_prefix = local.cidr\n}\nlocals {\n  cidr = "192.168.0.0/16"\n}\n`,
    });
    const m = await readTerraform(dir);
    const [rule] = m.network.rulesOf("huaweicloud_networking_secgroup.db");
    expect(rule.priority).toBe(3);
    expect(String((rule.remote as { addresses?: unknown }).addresses)).toBe("192.168.0.0/16");
  });

  test("an override block without a base block is refused, as Terraform refuses it", async () => {
    const dir = hclDir({ "main.tf": main, "override.tf": `resource "${R}" "nope" {\n  priority = 2\n}\n` });
    await expect(readTerraform(dir)).rejects.toThrow(/override\.tf: resource "huaweicloud_networking_secgroup_rule" "nope" overrides nothing/);
  });
});

describe("resource order ignores comments and heredocs", () => {
  test("a commented-out header before the real one does not move it", async () => {
    const text = `/*
resource "${R}" "z" {
}
*/
# resource "${R}" "a" {
// resource "${R}" "a" {
locals {
  doc = <<-EOT
    resource "${R}" "a" {
    EOT
  s = "# /* not a comment"
}
resource "${R}" "b" {
  priority = 2
}
resource "${R}" "a" {
  priority = 1
}
resource "${R}" "z" {
  priority = 3
}
`;
    const json = await parseHclFile("t.tf", text);
    expect((json.resource as Array<Record<string, Record<string, unknown>>>).map((r) => Object.keys(r[R])[0])).toEqual(["b", "a", "z"]);
  });
});

describe("HCL escapes in a variable default", () => {
  test("$${ and %%{ stand for ${ and %{", async () => {
    const vars = 'variable "t" {\n  default = "a$${b}%%{c}"\n}\nvariable "m" {\n  default = { k = ["x$${y}"] }\n}\n';
    expect(await evalExpr("var.t", vars)).toBe("a${b}%{c}");
    expect(await evalExpr("var.m", vars)).toEqual({ k: ["x${y}"] });
  });
});
