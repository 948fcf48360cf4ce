/**
 * What cannot be known statically is never guessed: in "collect" mode the resource that needs it
 * is left out of the model and listed in `unknowns` (the rest of the model is still built); in
 * "error" mode the first one throws, naming file, address, field and expression.
 */
import * as path from "path";
import { ValidationError } from "../../lib/core/errors";
import { loadDocuments } from "../../lib/terraform/documents";
import { readDocuments, readTerraform } from "../../lib/terraform/reader";
import { hclDir, hclFixture, rulesOf, verdict } from "./hcl-helpers";
import { baseDoc, docWith, removeTempDirs, ruleBody, sgRef } from "./tf-json";

afterAll(removeTempDirs);

const TCP = 6;
const WEB = "huaweicloud_networking_secgroup.web";
const rule = (name: string): string => `huaweicloud_networking_secgroup_rule.${name}`;
const vm = (name: string): string => `huaweicloud_compute_instance.${name}`;
const NO_DEFAULT = (name: string): string => `The variable ${name} has no default and no value is given, so its value is known only when Terraform runs.`;
const RULE_LEFT_OUT = `The rule is left out of the model: verdicts involving security group ${WEB} may be wrong.`;

describe("8. unknowns (unknowns/)", () => {
  const fixture = hclFixture("unknowns");
  const main = path.join(fixture, "main.tf");

  test("each is listed, with the expression as written, why, and what the model does", async () => {
    const m = await readTerraform(fixture);
    expect(m.unknowns).toEqual([
      { file: main, address: rule("ssh_admin"), field: "remote_ip_prefix", expression: "var.admin_cidr", reason: NO_DEFAULT("admin_cidr"), effect: RULE_LEFT_OUT, groupIds: [WEB], canChangeVerdict: true },
      {
        file: main,
        address: rule("from_nat"),
        field: "remote_ip_prefix",
        expression: "${huaweicloud_vpc_eip.nat.address}/32",
        reason: "The attribute huaweicloud_vpc_eip.nat.address is not set in the configuration: it is computed at apply time.",
        effect: RULE_LEFT_OUT,
        groupIds: [WEB],
        canChangeVerdict: true,
      },
      {
        file: main,
        address: rule("from_shared"),
        field: "remote_ip_prefix",
        expression: "data.huaweicloud_vpc_subnet.shared.cidr",
        reason: "The data source attribute data.huaweicloud_vpc_subnet.shared.cidr is read from the cloud when Terraform plans (only a data source's id is understood).",
        effect: RULE_LEFT_OUT,
        groupIds: [WEB],
        canChangeVerdict: true,
      },
      { file: main, address: rule("office"), field: "remote_ip_prefix", expression: 'chomp("198.51.100.0/24\\n")', reason: "The function chomp is not evaluated statically.", effect: RULE_LEFT_OUT, groupIds: [WEB], canChangeVerdict: true },
      {
        file: main,
        address: rule("extra"),
        field: "for_each",
        expression: "var.extra_rules",
        reason: "The for_each is not known statically: the variable extra_rules has no default and no value is given, so its value is known only when Terraform runs.",
        effect: `No instance of ${rule("extra")} is in the model, however many there are: verdicts involving security group ${WEB} may be wrong.`,
        groupIds: [WEB],
        canChangeVerdict: true,
      },
      {
        file: main,
        address: vm("web"),
        field: "flavor_id",
        expression: "data.huaweicloud_compute_flavors.small.ids[0]",
        reason: "The data source attribute data.huaweicloud_compute_flavors.small.ids is read from the cloud when Terraform plans (only a data source's id is understood).",
        effect: "The instance is kept without a flavor: none of its groups' rules is one that some flavors ignore (address-group or inconsecutive-port rules), so the flavor changes no verdict.",
        groupIds: [WEB],
        canChangeVerdict: false,
      },
      {
        file: main,
        address: vm("worker"),
        field: "count",
        expression: "var.replicas",
        reason: "The count is not known statically: the variable replicas has no default and no value is given, so its value is known only when Terraform runs.",
        effect: `No instance of ${vm("worker")} is in the model, however many there are: they are in no verdict, and security group ${WEB} loses members (rules naming it as remote_group_id match fewer addresses).`,
        groupIds: [WEB],
        canChangeVerdict: true,
      },
      {
        file: main,
        address: vm("shared"),
        field: "security_group_ids[1]",
        expression: "var.extra_group_id",
        reason: NO_DEFAULT("extra_group_id"),
        effect: `The instance is left out of the model: it is in no verdict, and security group ${WEB} loses a member (rules naming it as remote_group_id match fewer addresses).`,
        groupIds: [WEB],
        canChangeVerdict: true,
      },
    ]);
  });

  test("the rest of the model is built, and answers", async () => {
    const m = await readTerraform(fixture);
    expect(rulesOf(m.network, WEB)).toEqual([`${rule("https")}: ingress 6 443 0.0.0.0/0 allow 1`]);
    expect([...m.network.instances.keys()]).toEqual([vm("web")]);
    expect(m.network.instance(vm("web")).flavor).toBeUndefined();
    expect(verdict(m.network, "203.0.113.1", vm("web"), TCP, 443)).toBe(`allow ${rule("https")}`);
    // Without ssh_admin the model denies ssh — which is why the unknown names the group.
    expect(verdict(m.network, "10.1.1.1", vm("web"), TCP, 22)).toBe("deny null");
  });

  test("error mode throws the first one, naming file, address, field, expression and reason", async () => {
    const err = await readTerraform(fixture, { unknowns: "error" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toBe(`${main}: ${rule("ssh_admin")}: remote_ip_prefix "var.admin_cidr" is invalid: cannot be resolved statically: the variable admin_cidr has no default and no value is given, so its value is known only when Terraform runs`);
  });

  test("error mode: an unknown count throws too", async () => {
    const dir = hclDir({ "main.tf": 'variable "n" { type = number }\nresource "huaweicloud_networking_secgroup" "g" {\n  count = var.n\n  name  = "g"\n}\n' });
    await expect(readTerraform(dir, { unknowns: "error" })).rejects.toThrow(`huaweicloud_networking_secgroup.g: count "var.n" is invalid: cannot be resolved statically: the variable n has no default`);
  });
});

describe("what depends on what is left out is left out too", () => {
  const hcl = `
variable "keep_defaults" { type = bool }
resource "huaweicloud_vpc" "v" {
  name = "v"
  cidr = "10.0.0.0/16"
}
resource "huaweicloud_vpc_subnet" "s" {
  name       = "s"
  cidr       = "10.0.1.0/24"
  gateway_ip = "10.0.1.1"
  vpc_id     = huaweicloud_vpc.v.id
}
resource "huaweicloud_networking_secgroup" "open" {
  name                 = "open"
  delete_default_rules = var.keep_defaults
}
resource "huaweicloud_networking_secgroup" "web" {
  name                 = "web"
  delete_default_rules = true
}
resource "huaweicloud_networking_secgroup_rule" "open_ssh" {
  security_group_id = huaweicloud_networking_secgroup.open.id
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  ports             = "22"
  remote_ip_prefix  = "0.0.0.0/0"
  action            = "allow"
  priority          = 1
}
resource "huaweicloud_networking_secgroup_rule" "web_from_open" {
  security_group_id = huaweicloud_networking_secgroup.web.id
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  ports             = "80"
  remote_group_id   = huaweicloud_networking_secgroup.open.id
  action            = "allow"
  priority          = 1
}
resource "huaweicloud_compute_instance" "both" {
  name               = "both"
  flavor_id          = "s6.small.1"
  security_group_ids = [huaweicloud_networking_secgroup.web.id, huaweicloud_networking_secgroup.open.id]
  network {
    uuid        = huaweicloud_vpc_subnet.s.id
    fixed_ip_v4 = "10.0.1.5"
  }
}
`;

  test("a group with an unknown delete_default_rules: its rules, the rules naming it, the instances using it", async () => {
    const m = await readTerraform(hclDir({ "main.tf": hcl }));
    const OPEN = "huaweicloud_networking_secgroup.open";
    expect(m.unknowns.map((u) => [u.address, u.field, u.expression, u.groupIds])).toEqual([
      [OPEN, "delete_default_rules", "var.keep_defaults", [OPEN]],
      [rule("open_ssh"), "security_group_id", "huaweicloud_networking_secgroup.open.id", [OPEN]],
      [rule("web_from_open"), "remote_group_id", "huaweicloud_networking_secgroup.open.id", [WEB]],
      [vm("both"), "security_group_ids[1]", "huaweicloud_networking_secgroup.open.id", [WEB, OPEN]],
    ]);
    expect(m.unknowns[1].reason).toBe(`It refers to ${OPEN}, which is left out of the model (see the unknown recorded for it).`);
    expect(m.unknowns[0].effect).toBe("The security group is left out of the model: the rules and instances that use it are left out too.");
    expect([...m.network.groups.keys()]).toEqual([WEB]);
    expect(m.network.instances.size).toBe(0);
  });

  test("an unknown fixed IP keeps the NIC without it (every address of its subnet); an unknown name keeps the resource", async () => {
    const m = await readTerraform(hclDir({
      "main.tf": hcl.replace('delete_default_rules = var.keep_defaults', "delete_default_rules = true").replace('fixed_ip_v4 = "10.0.1.5"', "fixed_ip_v4 = var.ip").replace('name                 = "web"', "name                 = var.web_name"),
      "variables.tf": 'variable "ip" {}\nvariable "web_name" {}\n',
    }));
    expect(m.unknowns.map((u) => [u.address, u.field, u.effect])).toEqual([
      [WEB, "name", "The group is kept under its address: its name does not affect matching (an instance that names it in security_groups is recorded separately)."],
      [vm("both"), "network[0].fixed_ip_v4", "The NIC is kept without this fixed IP: it stands for every address of its subnet, so questions about it cover the whole subnet."],
    ]);
    expect(m.network.groups.get(WEB)?.name).toBe(WEB);
    expect(m.network.instance(vm("both")).nics).toEqual([{ subnetId: "huaweicloud_vpc_subnet.s", sourceDestCheck: true }]);
  });

  test("an unknown flavor leaves the instance out when its groups have a rule some flavors ignore", async () => {
    const withInconsecutive = hcl.replace('delete_default_rules = var.keep_defaults', "delete_default_rules = true").replace('ports             = "80"', 'ports             = "80,443"').replace('flavor_id          = "s6.small.1"', "flavor_id          = var.flavor");
    const m = await readTerraform(hclDir({ "main.tf": withInconsecutive, "variables.tf": 'variable "flavor" {}\n' }));
    expect(m.unknowns.map((u) => [u.address, u.field, u.effect])).toEqual([[vm("both"), "flavor_id", expect.stringMatching(/^The instance is left out of the model/)]]);
    expect(m.network.instances.size).toBe(0);
  });

  test("a dynamic network block is not expanded: the instance is left out", async () => {
    const dynamic = hcl.replace('delete_default_rules = var.keep_defaults', "delete_default_rules = true").replace(/  network \{\n    uuid {8}= huaweicloud_vpc_subnet.s.id\n    fixed_ip_v4 = "10.0.1.5"\n  \}/, '  dynamic "network" {\n    for_each = ["10.0.1.5"]\n    content {\n      uuid        = huaweicloud_vpc_subnet.s.id\n      fixed_ip_v4 = network.value\n    }\n  }');
    expect(dynamic).toContain('dynamic "network"');
    const m = await readTerraform(hclDir({ "main.tf": dynamic }));
    expect(m.unknowns.map((u) => [u.address, u.field, u.reason])).toEqual([[vm("both"), "network", 'A dynamic "network" block is not expanded statically.']]);
  });
});

describe("readDocuments", () => {
  const doc = docWith((r, d) => {
    d.variable = { admin: { type: "string" } };
    r.huaweicloud_networking_secgroup_rule.admin = ruleBody({ remote_ip_prefix: "${var.admin}" });
  });

  test("throws by default (the synth-time checks must fail rather than pass silently)", () => {
    expect(() => readDocuments([{ file: "cdk.tf.json", json: doc }])).toThrow('cdk.tf.json: huaweicloud_networking_secgroup_rule.admin: remote_ip_prefix "${var.admin}" is invalid: cannot be resolved statically: the variable admin has no default');
  });

  test("collects when asked", () => {
    const m = readDocuments([{ file: "cdk.tf.json", json: doc }], { unknowns: "collect" });
    expect(m.unknowns.map((u) => [u.address, u.expression])).toEqual([[rule("admin"), "${var.admin}"]]);
  });

  test("documents not prepared are prepared as the CLI prepares them: a function is evaluated, an invalid template is refused", () => {
    const json = docWith((r) => {
      r.huaweicloud_networking_secgroup_rule.fn = ruleBody({ remote_ip_prefix: '${cidrsubnet("10.0.0.0/8", 8, 1)}' });
    });
    const m = readDocuments([{ file: "cdk.tf.json", json }]);
    expect(m.unknowns).toEqual([]);
    expect(rulesOf(m.network, WEB)).toContain(`${rule("fn")}: ingress 6 22 10.1.0.0/16 allow 1`);
    const broken = docWith((r) => {
      r.huaweicloud_networking_secgroup_rule.fn = ruleBody({ remote_ip_prefix: '${cidrsubnet("10.0.0.0/8", 8, 1}' });
    });
    expect(() => readDocuments([{ file: "cdk.tf.json", json: broken }])).toThrow(/remote_ip_prefix .* is not a valid Terraform expression/);
  });

  test("count and for_each with literal values work on the synchronous path too", () => {
    const json = docWith((r) => {
      r.huaweicloud_networking_secgroup_rule.twice = { ...ruleBody({ ports: "8080" }), count: 2 };
      r.huaweicloud_networking_secgroup_rule.keyed = { ...ruleBody({ ports: "9090", remote_ip_prefix: "${each.value}" }), for_each: { a: "10.1.0.0/16", b: "10.2.0.0/16" } };
    });
    const m = readDocuments([{ file: "x.tf.json", json }]);
    expect(rulesOf(m.network, WEB).slice(2)).toEqual([
      `${rule("twice[0]")}: ingress 6 8080 10.0.0.0/8 allow 1`,
      `${rule("twice[1]")}: ingress 6 8080 10.0.0.0/8 allow 1`,
      `${rule('keyed["a"]')}: ingress 6 9090 10.1.0.0/16 allow 1`,
      `${rule('keyed["b"]')}: ingress 6 9090 10.2.0.0/16 allow 1`,
    ]);
  });

  test("loadDocuments (sync) refuses HCL, pointing at readTerraform", () => {
    const dir = hclDir({ "main.tf": 'resource "huaweicloud_vpc" "v" {}\n' });
    expect(() => loadDocuments(dir)).toThrow(/no \.tf\.json file here \(its HCL \.tf files are read by readTerraform/);
    expect(() => loadDocuments(path.join(dir, "main.tf"))).toThrow(/HCL \.tf files are read by readTerraform/);
  });

  test("a JSON document with an unknown whole-value reference in a group list leaves only that instance out", async () => {
    const json = docWith((r, d) => {
      d.variable = { extra: {} };
      r.huaweicloud_compute_instance.web.security_group_ids = [sgRef("web"), "${var.extra}"];
    });
    const m = await readTerraform(hclDir({ "main.tf.json": json }));
    expect(m.unknowns.map((u) => [u.address, u.field, u.expression, u.groupIds])).toEqual([[vm("web"), "security_group_ids[1]", "${var.extra}", [WEB]]]);
    expect([...m.network.instances.keys()]).toEqual([vm("db")]);
    expect(baseDoc().resource.huaweicloud_compute_instance.web.security_group_ids).toEqual([sgRef("web")]);
  });
});
