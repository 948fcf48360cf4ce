/**
 * The functions of issue 12 (item 5) in the layouts real repositories use, read through
 * readTerraform: rules from `yamldecode(file("${path.module}/rules.yaml"))` and `jsondecode(file(...))`,
 * optional keys read with `try(each.value.priority, 1)`, a rendered `templatefile`, subnets from
 * `cidrsubnets`, and one rule per port and network from `setproduct`. Each asserts the rules of the
 * model and its unknowns.
 */
import * as path from "path";
import { readTerraform } from "../../lib/terraform/reader";
import { hclDir, hclFixture, rulesOf } from "./hcl-helpers";
import { removeTempDirs } from "./tf-json";

afterAll(removeTempDirs);

const rule = (name: string): string => `huaweicloud_networking_secgroup_rule.${name}`;
const sg = (name: string): string => `huaweicloud_networking_secgroup.${name}`;

test("yamldecode(file(...)): rules from a YAML file next to the module, optional keys through try()", async () => {
  const m = await readTerraform(hclFixture("yamldecode"));
  expect(m.unknowns).toEqual([]);
  expect(rulesOf(m.network, sg("web"))).toEqual([
    `${rule('ingress["https"]')}: ingress 6 443,8443 0.0.0.0/0 allow 1`,
    `${rule('ingress["ssh"]')}: ingress 6 22 10.0.0.0/8 allow 10`,
    `${rule('ingress["telnet"]')}: ingress 6 23 0.0.0.0/0 deny 1`,
  ]);
});

test("try(): a missing key takes the fallback; a value not known before apply stays unknown", async () => {
  const m = await readTerraform(hclFixture("try"));
  expect(rulesOf(m.network, sg("app"))).toEqual([
    `${rule('in["https"]')}: ingress 6 443 0.0.0.0/0 allow 1`,
    `${rule('in["rdp"]')}: ingress 6 3389 192.168.0.0/16 deny 1`,
    `${rule('in["ssh"]')}: ingress 6 22 10.0.0.0/8 allow 10`,
  ]);
  // Not the fallback 0.0.0.0/0: the rule is left out and said to be.
  expect(m.unknowns.map((u) => [u.address, u.field, u.expression, u.reason])).toEqual([
    [rule("admin"), "remote_ip_prefix", 'try(var.admin_cidr, "0.0.0.0/0")', "The variable admin_cidr has no default and no value is given, so its value is known only when Terraform runs."],
  ]);
});

test("jsondecode(file(...)) with a path relative to the module's folder; floor and jsonencode", async () => {
  const m = await readTerraform(hclFixture("jsondecode"));
  expect(m.unknowns).toEqual([]);
  expect(rulesOf(m.network, sg("db"))).toEqual([
    `${rule('db["mysql"]')}: ingress 6 3306 10.1.0.0/16 allow 10`,
    `${rule('db["redis"]')}: ingress 6 6379 10.2.0.0/16 allow 20`,
  ]);
  expect(m.network.rulesOf(sg("db"))[0].description).toBe('{"cidr":"10.1.0.0/16","port":3306,"priority":10.7}');
});

test("templatefile: a rendered rules document", async () => {
  const m = await readTerraform(hclFixture("templatefile"));
  expect(m.unknowns).toEqual([]);
  expect(rulesOf(m.network, sg("office"))).toEqual([
    `${rule("office[0]")}: ingress 6 22 198.51.100.0/24 allow 1`,
    `${rule("office[1]")}: ingress 6 3389 198.51.100.0/24 allow 1`,
  ]);
});

test("cidrsubnets and cidrnetmask: rules open to the subnets carved from the VPC's block", async () => {
  const m = await readTerraform(hclFixture("cidrsubnets"));
  expect(m.unknowns).toEqual([]);
  expect(rulesOf(m.network, sg("db"))).toEqual([`${rule("postgres")}: ingress 6 5432 10.20.0.0/20 allow 1`, `${rule("ops")}: ingress 6 22 10.20.32.0/24 allow 1`]);
  expect(m.network.groups.get(sg("db"))?.description).toBe("netmask 255.255.240.0");
});

test("setproduct, distinct, compact, split, replace, coalesce, contains, min and max", async () => {
  const m = await readTerraform(hclFixture("setproduct"));
  expect(m.unknowns).toEqual([]);
  expect(rulesOf(m.network, sg("lb"))).toEqual([
    `${rule('lb["443-10_0_0_0"]')}: ingress 6 443 10.0.0.0/8 allow 2`,
    `${rule('lb["443-172_16_0_0"]')}: ingress 6 443 172.16.0.0/12 allow 2`,
    `${rule('lb["80-10_0_0_0"]')}: ingress 6 80 10.0.0.0/8 allow 3`,
    `${rule('lb["80-172_16_0_0"]')}: ingress 6 80 172.16.0.0/12 allow 3`,
  ]);
});

test("a missing file is an error naming the resource and the field, as Terraform's", async () => {
  const dir = hclDir({
    "main.tf": `resource "huaweicloud_networking_secgroup" "web" {\n  name = "web"\n  description = file("\${path.module}/missing.txt")\n}\n`,
  });
  const error = await readTerraform(dir).then(
    () => undefined,
    (e: Error) => e.message,
  );
  expect(error).toMatch(`${path.join(dir, "main.tf")}: ${sg("web")}: description `);
  expect(error).toMatch(/is invalid: file\(\.\.\.\): no file exists at "\.\/missing\.txt"; this function works only with files that are distributed as part of the configuration source code$/);
});
