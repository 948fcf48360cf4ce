/**
 * What `terraform validate` rejects before evaluating anything (issue 15, item 6): references
 * to undeclared variables, locals, resources and data sources in ANY expression of resource,
 * data, locals, module and output blocks (read by the model or not), and local values in a
 * cycle even when nothing uses them (Terraform's plan and validate graphs keep every local: only
 * destroy prunes unused ones). What is valid in its context stays valid.
 */
import { readTerraform } from "../../lib/terraform/reader";
import { hclDir } from "./hcl-helpers";
import { removeTempDirs } from "./tf-json";

afterAll(removeTempDirs);

const GROUP = 'resource "huaweicloud_networking_secgroup" "web" {\n  name = "web"\n}\n';

async function errorOf(text: string): Promise<string | undefined> {
  return readTerraform(hclDir({ "main.tf": `${GROUP}${text}` })).then(
    () => undefined,
    (e: Error) => e.message,
  );
}

describe("rejected, as terraform validate rejects them", () => {
  test.each<[string, string, RegExp]>([
    ["unused locals in a cycle", "locals {\n  a = local.b\n  b = \"${local.a}-x\"\n}\n", /local\.a: a "local\.b" is invalid: Cycle: .*local\.a → local\.b → local\.a/],
    ["an unused local referring to itself", "locals {\n  a = [local.a]\n}\n", /local\.a: a \["\$\{local\.a\}"\] is invalid: Self-referencing local value/],
    ["an undeclared variable in a tag the model does not read", 'resource "huaweicloud_vpc" "v" {\n  name = "v"\n  cidr = "10.0.0.0/16"\n  tags = { owner = var.owner }\n}\n', /huaweicloud_vpc\.v: tags\.owner "var\.owner" is invalid: Reference to undeclared input variable: refers to variable owner, which is not declared/],
    ["an undeclared resource in a data source", 'data "huaweicloud_vpc_subnet" "s" {\n  vpc_id = huaweicloud_vpc.nope.id\n}\n', /data\.huaweicloud_vpc_subnet\.s: vpc_id "huaweicloud_vpc\.nope\.id" is invalid: Reference to undeclared resource: refers to huaweicloud_vpc\.nope/],
    ["an undeclared data source in depends_on", 'resource "huaweicloud_vpc" "v" {\n  name = "v"\n  cidr = "10.0.0.0/16"\n  depends_on = [data.huaweicloud_vpcs.all]\n}\n', /depends_on.* is invalid: Reference to undeclared resource: refers to data\.huaweicloud_vpcs\.all/],
    ["an undeclared local in an output", 'output "id" {\n  value = "${local.nope}"\n}\n', /output\.id: value .* is invalid: Reference to undeclared local value: refers to local nope, which is not defined/],
    ["an undeclared local in an unused local", "locals {\n  unused = local.nope\n}\n", /local\.unused: unused "local\.nope" is invalid: Reference to undeclared local value/],
  ])("%s", async (_, text, expected) => {
    expect(await errorOf(text)).toMatch(expected);
  });
});

test("valid in their contexts: module, path, terraform, count, each, self, for and dynamic variables, lifecycle names, provider aliases", async () => {
  const text = `
variable "rules" {
  default = { ssh = 22 }
}
locals {
  names = [for k, v in var.rules : "\${k}-\${v}"]
  dir   = path.module
  ws    = terraform.workspace
  peer  = module.net.vpc_id
}
resource "huaweicloud_vpc" "v" {
  count    = 2
  provider = huaweicloud.other
  name     = "v\${count.index}"
  cidr     = "10.\${count.index}.0.0/16"
  lifecycle {
    ignore_changes = [tags, name]
  }
  provisioner "local-exec" {
    command = "echo \${self.id}"
  }
  depends_on = [huaweicloud_networking_secgroup.web]
}
resource "huaweicloud_networking_secgroup_rule" "r" {
  for_each          = var.rules
  security_group_id = huaweicloud_networking_secgroup.web.id
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  ports             = tostring(each.value)
  remote_ip_prefix  = "10.0.0.0/8"
  description       = each.key
}
data "huaweicloud_compute_instances" "vm" {
  name = "vm"
  dynamic "data_disks" {
    for_each = var.rules
    content {
      size = data_disks.value
    }
  }
  dynamic "scheduler_hints" {
    for_each = var.rules
    iterator = hint
    content {
      group = hint.key
    }
  }
}
output "names" {
  value = local.names
}
`;
  expect(await errorOf(text)).toBeUndefined();
});
