/**
 * Idioms of real repositories that Terraform accepts and an earlier hwsg refused or could not
 * read (found by running hwsg on the provider's examples and the official and community modules):
 * a for_each conditional between a set and `[]`, `join("", x.*.id)` for an optional resource,
 * a data source id compared with "", and icmp with ethertype IPv6.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { lintNetwork } from "../../lib/analysis";
import { readTerraform } from "../../lib/terraform/reader";

function dir(files: Record<string, string>): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "hwsg-field-"));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(d, name), text);
  return d;
}

const GROUP = 'resource "huaweicloud_networking_secgroup" "g" {\n  name                 = "g"\n  delete_default_rules = true\n}\n';

test("for_each = cond ? toset([...]) : [] is a set either way, as Terraform unifies the two results", async () => {
  const rule = (name: string, cond: string) => `resource "huaweicloud_networking_secgroup_rule" "${name}" {\n  for_each          = ${cond}\n  security_group_id = huaweicloud_networking_secgroup.g.id\n  direction         = "egress"\n  ethertype         = each.key\n  action            = "deny"\n  priority          = 100\n}\n`;
  const m = await readTerraform(dir({ "main.tf": `variable "flag" {\n  default = true\n}\n${GROUP}${rule("on", 'var.flag ? toset(["IPv4", "IPv6"]) : []')}${rule("off", '!var.flag ? toset(["IPv4"]) : []')}` }));
  expect(m.network.rulesOf("huaweicloud_networking_secgroup.g").map((r) => r.id)).toEqual(['huaweicloud_networking_secgroup_rule.on["IPv4"]', 'huaweicloud_networking_secgroup_rule.on["IPv6"]']);
});

test('join("", x.*.id) of an optional group is its id (the official security-group module)', async () => {
  const m = await readTerraform(dir({
    "main.tf": `variable "security_group_id" {\n  default = ""\n}\nresource "huaweicloud_networking_secgroup_v2" "this" {\n  count                = var.security_group_id == "" ? 1 : 0\n  name                 = "sg"\n  delete_default_rules = true\n}\nresource "huaweicloud_networking_secgroup_rule" "ssh" {\n  security_group_id = var.security_group_id == "" ? join("", huaweicloud_networking_secgroup_v2.this.*.id) : var.security_group_id\n  direction         = "ingress"\n  ethertype         = "IPv4"\n  protocol          = "tcp"\n  ports             = "22"\n  remote_ip_prefix  = "0.0.0.0/0"\n  priority          = 1\n}\n`,
  }));
  expect(m.unknowns).toEqual([]);
  expect(lintNetwork(m.network).map((f) => f.id)).toEqual(["HWSG001:huaweicloud_networking_secgroup_v2.this[0]:ipv4:tcp/22"]);
});

test('a data source id compared with "" is decided: a data source is read at plan, its id is never empty', async () => {
  const m = await readTerraform(dir({
    "main.tf": `data "huaweicloud_networking_secgroup" "shared" {\n  name = "shared"\n}\nresource "huaweicloud_networking_secgroup_rule" "ssh" {\n  count             = data.huaweicloud_networking_secgroup.shared.id == "" ? 0 : 1\n  security_group_id = data.huaweicloud_networking_secgroup.shared.id\n  direction         = "ingress"\n  ethertype         = "IPv4"\n  protocol          = "tcp"\n  ports             = "22"\n  remote_ip_prefix  = "10.0.0.0/8"\n  priority          = 1\n}\n`,
  }));
  expect(m.unknowns).toEqual([]);
  expect(m.network.allRules().map((r) => r.id)).toContain("huaweicloud_networking_secgroup_rule.ssh[0]");
});

test("icmp with ethertype IPv6 is accepted as the provider accepts it, with a warning saying it matches no IPv6 packet", async () => {
  const m = await readTerraform(dir({ "main.tf": `${GROUP}resource "huaweicloud_networking_secgroup_rule" "ping6" {\n  security_group_id = huaweicloud_networking_secgroup.g.id\n  direction         = "ingress"\n  ethertype         = "IPv6"\n  protocol          = "icmp"\n  remote_ip_prefix  = "::/0"\n  priority          = 1\n}\n` }));
  expect(m.warnings.some((w) => /ping6: protocol "icmp": icmp with ethertype "IPv6" matches no IPv6 packet/.test(w))).toBe(true);
});
