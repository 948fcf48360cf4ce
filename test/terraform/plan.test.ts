/**
 * Plans and states (`terraform show -json`) as input: resource instances with module addresses,
 * ids unknown until apply linked through the plan's configuration references, computed
 * attributes the configuration does not write left unset, and what cannot be linked reported as
 * unknown. Fixtures: test/fixtures/plan (written by gen.js from Terraform's JSON output format).
 */
import * as fs from "fs";
import * as path from "path";
import { lintNetwork } from "../../lib/analysis";
import { publicAddresses } from "../../lib/core/internet";
import { PortSet } from "../../lib/core/port-set";
import { checkReach } from "../../lib/core/reachability";
import { Rule } from "../../lib/core/rule";
import { PlanValues } from "../../lib/terraform/plan-values";
import { readValues } from "../../lib/terraform/reader";
import { planKindOf, readPlanDocument } from "../../lib/terraform/sources/plan-json";

const DIR = path.join(__dirname, "..", "fixtures", "plan");
const PLAN = path.join(DIR, "modules-unknown-ids.plan.json");
const STATE = path.join(DIR, "modules.state.json");
const WEB_SG = "module.web_sg.huaweicloud_networking_secgroup.this";
const DB_SG = "module.db_sg[0].huaweicloud_networking_secgroup.this";
const SUBNET = "module.network.huaweicloud_vpc_subnet.this";

/** The rules written in the configuration (default rules left aside). */
const rulesOf = (network: { allRules(): readonly Rule[] }): Rule[] => network.allRules().filter((r) => !r.id.includes("#default"));
const json = (file: string): Record<string, unknown> => JSON.parse(fs.readFileSync(file, "utf8"));
const model = (file: string, doc: Record<string, unknown> = json(file)) => readValues(new PlanValues(readPlanDocument(file, doc)));

describe.each([
  ["a plan whose ids are unknown until apply", PLAN],
  ["the state after apply", STATE],
])("%s", (_, file) => {
  const m = model(file);

  test("groups, rules and instances have Terraform's absolute addresses, modules and keys included", () => {
    expect([...m.network.groups.keys()].sort()).toEqual([DB_SG, WEB_SG]);
    expect(rulesOf(m.network).map((r) => r.id).sort()).toEqual([
      'module.db_sg[0].huaweicloud_networking_secgroup_rule.ingress["3306"]',
      'module.web_sg.huaweicloud_networking_secgroup_rule.ingress["22"]',
      'module.web_sg.huaweicloud_networking_secgroup_rule.ingress["443"]',
    ]);
    expect(rulesOf(m.network).every((r) => r.securityGroupId === (r.id.startsWith("module.db_sg") ? DB_SG : WEB_SG))).toBe(true);
    const web0 = m.network.instances.get("huaweicloud_compute_instance.web[0]");
    expect(web0?.securityGroupIds).toEqual([WEB_SG]);
    expect(web0?.nics.map((n) => n.subnetId)).toEqual([SUBNET]);
    expect(m.network.instances.get("huaweicloud_compute_instance.db")?.securityGroupIds).toEqual([DB_SG]);
    expect(m.unknowns).toEqual([]);
    expect(m.warnings).toEqual([]);
  });

  test("rules as the provider stores them read as written: ports without the computed port range, no empty remotes", () => {
    const ssh = rulesOf(m.network).find((r) => r.id.endsWith('ingress["22"]'));
    expect(ssh?.priorityImplicit).toBeFalsy();
    expect(String(ssh?.remote.kind)).toBe("cidr");
  });

  test("verdicts and findings", () => {
    const findings = lintNetwork(m.network);
    expect(findings.filter((f) => f.code === "HWSG001").map((f) => f.id)).toEqual([
      "HWSG001:huaweicloud_compute_instance.web[0]:ipv4:tcp/22",
      "HWSG001:huaweicloud_compute_instance.web[1]:ipv4:tcp/22",
    ]);
    const internetToDb = checkReach(m.network, { from: { kind: "external", addresses: publicAddresses(4) }, to: { kind: "instance", instanceId: "huaweicloud_compute_instance.db" }, version: 4, protocol: "all", quantifier: "none" });
    expect(internetToDb.holds).toBe(true);
    const webToDb = checkReach(m.network, { from: { kind: "instance", instanceId: "huaweicloud_compute_instance.web[1]" }, to: { kind: "instance", instanceId: "huaweicloud_compute_instance.db" }, version: 4, protocol: 6, ports: PortSet.range(3306, 3306), quantifier: "every" });
    // db's group admits its subnet on 3306, but web's group deleted its default rules and has no egress rule.
    expect(webToDb.holds).toBe(false);
    expect(webToDb.witness?.reason).toMatch(/no egress rule of huaweicloud_compute_instance\.web\[1\]/);
  });
});

/** The plan with one change to a resource's configuration expressions and its planned values. */
function planWith(edit: (plan: any) => void): Record<string, unknown> {
  const plan = json(PLAN) as any;
  edit(plan);
  return plan;
}

const ruleConfig = (plan: any) => plan.configuration.root_module.module_calls.web_sg.module.resources.find((r: any) => r.name === "ingress");

test("an id linked through a local value (which the plan's configuration leaves out) stays unknown, and the rules are left out", () => {
  const plan = planWith((p) => {
    ruleConfig(p).expressions.security_group_id = { references: ["local.sg_id"] };
  });
  const m = model(PLAN, plan);
  expect(rulesOf(m.network).map((r) => r.id)).toEqual(['module.db_sg[0].huaweicloud_networking_secgroup_rule.ingress["3306"]']);
  expect(m.unknowns.map((u) => [u.address, u.field])).toEqual(
    expect.arrayContaining([
      ['module.web_sg.huaweicloud_networking_secgroup_rule.ingress["22"]', "security_group_id"],
      ['module.web_sg.huaweicloud_networking_secgroup_rule.ingress["443"]', "security_group_id"],
    ]),
  );
  expect(m.unknowns[0].reason).toMatch(/known only after apply, and what it refers to \(local\.sg_id\) does not name one resource for certain/);
});

test("tier[each.key].id links to the instance with the referring instance's own key; another dynamic index does not", () => {
  const sameKey = planWith((p) => {
    const rules = ruleConfig(p);
    rules.expressions.security_group_id = { references: ["huaweicloud_networking_secgroup.this", "each.key"] };
  });
  // The group has no key, so no instance is named by each.key: unknown, not a guess.
  expect(model(PLAN, sameKey).unknowns.length).toBeGreaterThan(0);
  const byValue = planWith((p) => {
    ruleConfig(p).expressions.security_group_id = { references: ["huaweicloud_networking_secgroup.this", "each.value.group", "each.value"] };
  });
  expect(model(PLAN, byValue).unknowns.map((u) => u.field)).toContain("security_group_id");
});

test("a computed attribute the configuration does not write is unset, one it writes but cannot link is unknown", () => {
  const plan = planWith((p) => {
    // The remote written as a reference to another resource's computed attribute.
    ruleConfig(p).expressions.remote_ip_prefix = { references: ["huaweicloud_vpc_subnet.x.cidr", "huaweicloud_vpc_subnet.x"] };
    for (const c of p.resource_changes) if (c.name === "ingress" && c.module_address === "module.web_sg") c.change.after_unknown.remote_ip_prefix = true;
    for (const m of p.planned_values.root_module.child_modules) for (const r of m.resources) if (r.name === "ingress" && m.address === "module.web_sg") r.values.remote_ip_prefix = null;
  });
  const m = model(PLAN, plan);
  const u = m.unknowns.find((x) => x.field === "remote_ip_prefix");
  expect(u?.reason).toMatch(/remote_ip_prefix is known only after apply/);
  expect(rulesOf(m.network).some((r) => r.id.includes("web_sg"))).toBe(false);
});

test("format versions: 0.x and 1.x are read, 2.x is refused; configuration JSON is not a plan", () => {
  expect(() => readPlanDocument("p.json", { ...json(PLAN), format_version: "2.0" })).toThrow(/p\.json: format_version "2\.0" is not read: hwsg reads Terraform's JSON output format 0\.x and 1\.x/);
  expect(readPlanDocument("p.json", { ...json(PLAN), format_version: "0.2" }).kind).toBe("plan");
  expect(planKindOf(json(STATE))).toBe("state");
  expect(planKindOf({ resource: {} })).toBeUndefined();
  expect(planKindOf({ version: 4, terraform_version: "1.9.8", resources: [] })).toBeUndefined();
});

test("malformed documents are one-line errors naming the field", () => {
  const bad = (edit: (p: any) => void) => () => readPlanDocument("p.json", planWith(edit));
  expect(bad((p) => { p.planned_values.root_module.resources = {}; })).toThrow(/^p\.json: planned_values\.root_module\.resources must be a list$/);
  expect(bad((p) => { p.planned_values.root_module.resources[0].type = 7; })).toThrow(/planned_values\.root_module\.resources\[0\]\.type must be a non-empty string/);
  expect(bad((p) => { p.planned_values.root_module.resources[0].mode = "x"; })).toThrow(/mode "x" is invalid/);
  expect(bad((p) => { p.planned_values.root_module.child_modules[0].address = "nope"; })).toThrow(/child_modules\[0\]\.address must be a module address/);
  expect(bad((p) => { p.planned_values.root_module.child_modules[0].resources[0].address = "huaweicloud_vpc.x"; })).toThrow(/is not in its module/);
});

test("a node pool's security_groups and subnet_list unknown until apply link to the group and subnet they name (lists of ids not named *_ids)", () => {
  const plan = planWith((p) => {
    const meta = { mode: "managed", provider_name: "registry.terraform.io/huaweicloud/huaweicloud" };
    const cluster = { name: "k", flavor_id: "cce.s1.small", container_network_type: "overlay_l2", vpc_id: null, subnet_id: null, security_group_id: null, id: null };
    const pool = { name: "p", flavor_id: "s6.large.2", initial_node_count: 2, cluster_id: null, security_groups: [null], subnet_list: [null], root_volume: [{ volumetype: "SSD", size: 40 }], id: null };
    p.planned_values.root_module.resources.push(
      { address: "huaweicloud_cce_cluster.k", type: "huaweicloud_cce_cluster", name: "k", schema_version: 0, ...meta, values: cluster },
      { address: "huaweicloud_cce_node_pool.p", type: "huaweicloud_cce_node_pool", name: "p", schema_version: 0, ...meta, values: pool },
    );
    p.resource_changes.push(
      { address: "huaweicloud_cce_cluster.k", type: "huaweicloud_cce_cluster", name: "k", ...meta, change: { actions: ["create"], before: null, after: cluster, after_unknown: { id: true, vpc_id: true, subnet_id: true, security_group_id: true } } },
      { address: "huaweicloud_cce_node_pool.p", type: "huaweicloud_cce_node_pool", name: "p", ...meta, change: { actions: ["create"], before: null, after: pool, after_unknown: { id: true, cluster_id: true, security_groups: [true], subnet_list: [true] } } },
    );
    const refs = (...r: string[]) => ({ references: r });
    p.configuration.root_module.resources.push(
      {
        address: "huaweicloud_cce_cluster.k", mode: "managed", type: "huaweicloud_cce_cluster", name: "k", provider_config_key: "huaweicloud", schema_version: 0,
        expressions: { name: { constant_value: "k" }, flavor_id: { constant_value: "cce.s1.small" }, container_network_type: { constant_value: "overlay_l2" }, vpc_id: { constant_value: "vpc-x" }, subnet_id: refs("module.network.subnet_id", "module.network"), security_group_id: refs("module.db_sg[0].id", "module.db_sg[0]", "module.db_sg") },
      },
      {
        address: "huaweicloud_cce_node_pool.p", mode: "managed", type: "huaweicloud_cce_node_pool", name: "p", provider_config_key: "huaweicloud", schema_version: 0,
        expressions: { name: { constant_value: "p" }, flavor_id: { constant_value: "s6.large.2" }, initial_node_count: { constant_value: 2 }, cluster_id: refs("huaweicloud_cce_cluster.k.id", "huaweicloud_cce_cluster.k"), security_groups: refs("module.web_sg.id", "module.web_sg"), subnet_list: refs("module.network.subnet_id", "module.network"), root_volume: [{ volumetype: { constant_value: "SSD" }, size: { constant_value: 40 } }] },
      },
    );
  });
  const m = model(PLAN, plan);
  expect(m.unknowns.filter((u) => u.address.startsWith("huaweicloud_cce"))).toEqual([]);
  const nodes = m.network.instance("huaweicloud_cce_node_pool.p");
  expect([nodes.launched, nodes.securityGroupIds, nodes.nics.map((n) => n.subnetId)]).toEqual([true, [WEB_SG], [SUBNET]]);
});
