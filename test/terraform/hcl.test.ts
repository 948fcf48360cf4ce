/**
 * The HCL reader on one fixture per idiom real Huawei Cloud projects write around their rules
 * (test/fixtures/hcl/<idiom>): the model read (groups, rules and their fields, instances) and a
 * verdict or two through the core evaluator.
 */
import * as fs from "fs";
import * as path from "path";
import { withHypotheticalMember } from "../../lib/core/reachability";
import { readTerraform } from "../../lib/terraform/reader";
import { brief, hclDir, hclFixture, reach, rulesOf, verdict } from "./hcl-helpers";
import { removeTempDirs } from "./tf-json";

afterAll(removeTempDirs);

const TCP = 6;
const UDP = 17;
const ICMP = 1;
const sg = (name: string): string => `huaweicloud_networking_secgroup.${name}`;
const rule = (name: string): string => `huaweicloud_networking_secgroup_rule.${name}`;
const vm = (name: string): string => `huaweicloud_compute_instance.${name}`;

describe("1. plain resources referring to each other (references/)", () => {
  test("groups, rules, instances, subnets, VPC and VIP are read, references followed", async () => {
    const m = await readTerraform(hclFixture("references"));
    expect(m.unknowns).toEqual([]);
    expect(m.warnings).toEqual([]);
    expect(m.files.map((f) => path.basename(f))).toEqual(["main.tf", "providers.tf"]);
    expect([...m.network.groups.values()].map((g) => [g.id, g.name, g.description, g.deleteDefaultRules])).toEqual([
      [sg("web"), "shop-web", "web servers", true],
      [sg("db"), "shop-db", "MySQL servers", true],
    ]);
    expect(rulesOf(m.network, sg("web"))).toEqual([
      `${rule("web_https")}: ingress 6 443 0.0.0.0/0 allow 1`,
      `${rule("web_to_db")}: egress 6 3306 group ${sg("db")} allow 1`,
    ]);
    expect(rulesOf(m.network, sg("db"))).toEqual([
      `${rule("db_from_web")}: ingress 6 3306 group ${sg("web")} allow 1`,
      `${rule("db_deny_rest")}: ingress all * 0.0.0.0/0 deny 100`,
    ]);
    expect(m.network.rulesOf(sg("web"))[0].description).toBe("HTTPS from anywhere");
    expect(m.network.instance(vm("db"))).toMatchObject({ name: "shop-db-1", flavor: "s6.large.2", securityGroupIds: [sg("db")], nics: [{ subnetId: "huaweicloud_vpc_subnet.db", fixedIpV4: 0xc0a80214n }] });
    expect(m.network.subnets.get("huaweicloud_vpc_subnet.web")?.vpcId).toBe("huaweicloud_vpc.main");
    expect(m.network.virtualIps.map((v) => [v.id, v.holders])).toEqual([["huaweicloud_networking_vip.db", [{ instanceId: vm("db"), nicIndex: 0 }]]]);
  });

  test("verdicts: the web tier reaches MySQL, the internet reaches only HTTPS", async () => {
    const { network } = await readTerraform(hclFixture("references"));
    expect(verdict(network, vm("web"), vm("db"), TCP, 3306)).toBe(`allow ${rule("db_from_web")}`);
    expect(verdict(network, "203.0.113.7", vm("db"), TCP, 3306)).toBe(`deny ${rule("db_deny_rest")}`);
    expect(verdict(network, "203.0.113.7", vm("web"), TCP, 443)).toBe(`allow ${rule("web_https")}`);
    expect(reach(network, "none", "203.0.113.0/24", vm("db"), "1-65535")).toEqual({ holds: true, rule: rule("db_deny_rest") });
    expect(reach(network, "every", "192.168.1.10/32", vm("db"), "3306")).toEqual({ holds: true, rule: rule("db_from_web") });
  });
});

describe("2. variables with defaults (variables/)", () => {
  test("string, number, list, map and object defaults, also inside string templates", async () => {
    const m = await readTerraform(hclFixture("variables"));
    expect(m.unknowns).toEqual([]);
    const app = m.network.groups.get(sg("app"))!;
    expect([app.name, app.description]).toEqual(["erp-app", "Application servers of erp"]);
    expect(rulesOf(m.network, sg("app"))).toEqual([
      `${rule("ssh_first_admin_net")}: ingress 6 2222 10.8.0.0/16 allow 1`,
      `${rule("ssh_second_admin_net")}: ingress 6 2222 172.16.20.0/24 allow 1`,
      `${rule("web")}: ingress 6 80,443 0.0.0.0/0 allow 10`,
    ]);
    expect(m.network.rulesOf(sg("app"))[2]).toMatchObject({ inconsecutivePorts: true, description: "HTTP and HTTPS for erp" });
    expect(m.network.vpcs.get("huaweicloud_vpc.this")?.cidr?.toString()).toBe("172.16.0.0/16");
    expect(m.network.instance(vm("app"))).toMatchObject({ name: "erp-app-1", nics: [{ subnetId: "huaweicloud_vpc_subnet.this", fixedIpV4: 0xac10010an }] });
  });

  test("verdicts: ssh on the variable's port from the listed networks only", async () => {
    const { network } = await readTerraform(hclFixture("variables"));
    expect(verdict(network, "172.16.20.9", vm("app"), TCP, 2222)).toBe(`allow ${rule("ssh_second_admin_net")}`);
    expect(verdict(network, "172.16.21.9", vm("app"), TCP, 2222)).toBe("deny null");
    expect(verdict(network, "198.51.100.1", vm("app"), TCP, 443)).toBe(`allow ${rule("web")}`);
  });
});

describe("3. locals built from variables and other locals (locals/)", () => {
  test("locals of locals, merge, concat, element, cidrsubnet, cidrhost and a conditional", async () => {
    const m = await readTerraform(hclFixture("locals"));
    expect(m.unknowns).toEqual([]);
    expect(m.network.groups.get(sg("bastion"))?.name).toBe("crm-prod-bastion");
    expect(rulesOf(m.network, sg("bastion"))).toEqual([
      `${rule("ssh_office")}: ingress 6 22 203.0.113.0/24 allow 1`,
      `${rule("rdp_partner")}: ingress 6 3389 198.51.100.0/24 allow 1`,
    ]);
    expect(m.network.subnets.get("huaweicloud_vpc_subnet.app")?.cidr?.toString()).toBe("10.20.1.0/24");
    expect(m.network.instance(vm("bastion")).nics[0].fixedIpV4).toBe(0x0a14010an); // 10.20.1.10
  });

  test("verdicts", async () => {
    const { network } = await readTerraform(hclFixture("locals"));
    expect(verdict(network, "203.0.113.50", vm("bastion"), TCP, 22)).toBe(`allow ${rule("ssh_office")}`);
    expect(verdict(network, "198.51.100.50", vm("bastion"), TCP, 22)).toBe("deny null");
    expect(verdict(network, "198.51.100.50", vm("bastion"), TCP, 3389)).toBe(`allow ${rule("rdp_partner")}`);
  });
});

describe("4. count (count/)", () => {
  test("count over a variable, length(var.list) with var.list[count.index] and element(), count = 0", async () => {
    const m = await readTerraform(hclFixture("count"));
    expect(m.unknowns).toEqual([]);
    expect(rulesOf(m.network, sg("api"))).toEqual([
      `${rule("partner[0]")}: ingress 6 8443,9443 198.51.100.0/24 allow 1`,
      `${rule("partner[1]")}: ingress 6 8443,9443 203.0.113.0/25 allow 2`,
      `${rule("partner[2]")}: ingress 6 8443,9443 192.0.2.0/26 allow 3`,
      `${rule("partner_ping[0]")}: ingress 1 * 198.51.100.0/24 allow 1`,
      `${rule("partner_ping[1]")}: ingress 1 * 203.0.113.0/25 allow 1`,
      `${rule("partner_ping[2]")}: ingress 1 * 192.0.2.0/26 allow 1`,
    ]);
    expect(m.network.rulesOf(sg("api")).map((r) => r.description)).toEqual(["partner 0", "partner 1", "partner 2", undefined, undefined, undefined]);
    expect([...m.network.instances.values()].map((i) => [i.id, i.name, i.nics[0].fixedIpV4])).toEqual([
      [vm("web[0]"), "api-1", 0x0a1e010an],
      [vm("web[1]"), "api-2", 0x0a1e010bn],
      [vm("web[2]"), "api-3", 0x0a1e010cn],
    ]);
  });

  test("verdicts name the counted rule by its index", async () => {
    const { network } = await readTerraform(hclFixture("count"));
    expect(verdict(network, "203.0.113.100", vm("web[1]"), TCP, 9443)).toBe(`allow ${rule("partner[1]")}`);
    expect(verdict(network, "203.0.113.200", vm("web[1]"), TCP, 9443)).toBe("deny null");
    expect(verdict(network, "192.0.2.1", vm("web[2]"), ICMP, 8 * 256 + 1)).toBe(`allow ${rule("partner_ping[2]")}`);
    expect(reach(network, "every", "198.51.100.0/24", vm("web[0]"), "8443,9443")).toEqual({ holds: true, rule: rule("partner[0]") });
  });
});

describe("5. for_each over a set of strings (for-each-set/)", () => {
  test("toset: instances keyed by the strings, in lexical order; each.key and each.value; for_each over the groups themselves (each.value.id)", async () => {
    const m = await readTerraform(hclFixture("for-each-set"));
    expect(m.unknowns).toEqual([]);
    expect([...m.network.groups.values()].map((g) => [g.id, g.name, g.description])).toEqual([
      [sg('tier["app"]'), "shop-app", "the app tier"],
      [sg('tier["cache"]'), "shop-cache", "the cache tier"],
      [sg('tier["web"]'), "shop-web", "the web tier"],
    ]);
    expect(rulesOf(m.network, sg('tier["web"]'))).toEqual([
      `${rule('monitoring["web"]')}: ingress 6 9100 10.99.0.0/24 allow 1`,
      `${rule('admin_ssh["10.8.0.0/16"]')}: ingress 6 22 10.8.0.0/16 allow 1`,
      `${rule('admin_ssh["10.9.0.0/16"]')}: ingress 6 22 10.9.0.0/16 allow 1`,
    ]);
    expect(m.network.rulesOf(sg('tier["cache"]')).map((r) => r.description)).toEqual(["node exporter on cache"]);
    // Configuration order follows the keys' lexical order, not the order the list was written in.
    expect(m.network.spec.rules.map((r) => r.id).slice(0, 3)).toEqual([rule('monitoring["app"]'), rule('monitoring["cache"]'), rule('monitoring["web"]')]);
  });
});

describe("6. a map of rules expanded into huaweicloud_networking_secgroup_rule (rule-map/, rule-list-for/, rule-map-json/)", () => {
  const portal = [
    `${rule('ingress["block_telnet"]')}: ingress 6 23 0.0.0.0/0 deny 1`,
    `${rule('ingress["dns"]')}: ingress 17 53 10.0.0.0/8 allow 1`,
    `${rule('ingress["https"]')}: ingress 6 443 0.0.0.0/0 allow 1`,
    `${rule('ingress["ssh"]')}: ingress 6 22 10.0.0.0/8 allow 10`,
    `${rule("egress_all")}: egress all * 0.0.0.0/0 allow 100`,
  ];

  test("var.ingress_rules (map(object) with optional attributes and their defaults) → one rule per key", async () => {
    const m = await readTerraform(hclFixture("rule-map"));
    expect(m.unknowns).toEqual([]);
    expect(m.warnings).toEqual([]);
    expect(rulesOf(m.network, sg("portal"))).toEqual(portal);
    expect(m.network.rulesOf(sg("portal")).map((r) => r.description)).toEqual(["portal: block_telnet", "portal: dns", "portal: https", "portal: ssh", undefined]);
    expect(m.network.groups.get(sg("portal"))?.description).toBe("portal web portal");
  });

  test("the same configuration in JSON form (for_each = \"${var.ingress_rules}\") reads the same model", async () => {
    const hcl = await readTerraform(hclFixture("rule-map"));
    const json = await readTerraform(hclFixture("rule-map-json"));
    expect(json.unknowns).toEqual([]);
    expect(json.network.spec.rules.map(brief)).toEqual(hcl.network.spec.rules.map(brief));
    expect(json.network.spec.rules.map((r) => r.description)).toEqual(hcl.network.spec.rules.map((r) => r.description));
  });

  test("a module directory mixing .tf and .tf.json files reads both, sorted by name", async () => {
    const dir = hclDir({
      "variables.tf": fs.readFileSync(path.join(hclFixture("rule-map"), "variables.tf"), "utf8"),
      "main.tf.json": JSON.parse(fs.readFileSync(path.join(hclFixture("rule-map-json"), "main.tf.json"), "utf8")),
    });
    const m = await readTerraform(dir);
    expect(m.files.map((f) => path.basename(f))).toEqual(["main.tf.json", "variables.tf"]);
    expect(rulesOf(m.network, sg("portal"))).toEqual(portal);
  });

  test("a hypothetical member: telnet is denied, ssh only from 10/8, dns over udp", async () => {
    const { network } = await readTerraform(hclFixture("rule-map"));
    const { network: n, instanceId } = withHypotheticalMember(network, sg("portal"));
    expect(reach(n, "none", "0.0.0.0/0", instanceId, "23")).toEqual({ holds: true, rule: rule('ingress["block_telnet"]') });
    expect(reach(n, "every", "10.0.0.0/8", instanceId, "22").holds).toBe(true);
    expect(reach(n, "some", "11.0.0.0/8", instanceId, "22").holds).toBe(false);
    expect(reach(n, "every", "10.0.0.0/8", instanceId, "53", UDP)).toEqual({ holds: true, rule: rule('ingress["dns"]') });
    expect(reach(n, "some", "10.0.0.0/8", instanceId, "53")).toEqual({ holds: false, rule: null });
  });

  test("{ for r in local.rules : r.name => r if ... } with lookup(each.value, \"priority\", 1)", async () => {
    const m = await readTerraform(hclFixture("rule-list-for"));
    expect(m.unknowns).toEqual([]);
    expect(rulesOf(m.network, sg("web"))).toEqual([
      `${rule('web["http"]')}: ingress 6 80 0.0.0.0/0 allow 1`,
      `${rule('web["https"]')}: ingress 6 443 0.0.0.0/0 allow 1`,
    ]);
    expect(rulesOf(m.network, sg("db"))).toEqual([
      `${rule('db["mysql-any"]')}: ingress 6 3306 0.0.0.0/0 deny 50`,
      `${rule('db["mysql-app"]')}: ingress 6 3306 192.168.10.0/24 allow 5`,
    ]);
    const { network: n, instanceId } = withHypotheticalMember(m.network, sg("db"));
    expect(reach(n, "every", "192.168.10.0/24", instanceId, "3306")).toEqual({ holds: true, rule: rule('db["mysql-app"]') });
    expect(reach(n, "none", "192.168.11.0/24", instanceId, "3306")).toEqual({ holds: true, rule: rule('db["mysql-any"]') });
  });
});

describe("7. references to counted and for_each'd resources (indexed-references/)", () => {
  test("[0], [\"key\"], a for expression over keys and a splat, in security_group_ids and remote_group_id", async () => {
    const m = await readTerraform(hclFixture("indexed-references"));
    expect(m.unknowns).toEqual([]);
    expect([...m.network.groups.keys()]).toEqual([sg('tier["app"]'), sg('tier["db"]'), sg('tier["web"]'), sg("ops[0]"), sg("ops[1]")]);
    expect(rulesOf(m.network, sg('tier["app"]'))).toEqual([`${rule("app_from_web")}: ingress 6 8080 group ${sg('tier["web"]')} allow 1`]);
    expect(rulesOf(m.network, sg("ops[1]"))).toEqual([`${rule("ssh_from_ops[1]")}: ingress 6 22 10.99.1.0/24 allow 1`]);
    expect(m.network.instance(vm("web")).securityGroupIds).toEqual([sg('tier["web"]'), sg('tier["app"]')]);
    expect(m.network.instance(vm("app")).securityGroupIds).toEqual([sg('tier["app"]'), sg("ops[0]"), sg("ops[1]")]);
    expect(m.network.instance(vm("jump")).securityGroupIds).toEqual([sg("ops[1]"), sg("ops[0]")]);
    expect([...m.network.subnets.values()].map((s) => [s.id, s.cidr?.toString()])).toEqual([
      ["huaweicloud_vpc_subnet.this[0]", "10.40.0.0/24"],
      ["huaweicloud_vpc_subnet.this[1]", "10.40.1.0/24"],
    ]);
    expect(m.network.instance(vm("app")).nics[0].subnetId).toBe("huaweicloud_vpc_subnet.this[1]");
  });

  test("verdicts: web reaches app on 8080 through the keyed groups; ops ssh by index", async () => {
    const { network } = await readTerraform(hclFixture("indexed-references"));
    expect(verdict(network, vm("web"), vm("app"), TCP, 8080)).toBe(`allow ${rule("app_from_web")}`);
    expect(verdict(network, "10.99.1.4", vm("app"), TCP, 22)).toBe(`allow ${rule("ssh_from_ops[1]")}`);
    expect(verdict(network, "10.99.0.4", vm("jump"), TCP, 22)).toBe(`allow ${rule("ssh_from_ops[0]")}`);
    expect(verdict(network, "10.99.0.4", vm("web"), TCP, 22)).toBe("deny null");
  });
});
