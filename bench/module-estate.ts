/**
 * The benchmark estate (estate.ts) written in the layout real repositories use: a root directory
 * whose `main.tf.json` calls a local module `./modules/sg` once per security group with `for_each`
 * over a local map, passing the group's rules as a map of objects; the module creates the group
 * and one `huaweicloud_networking_secgroup_rule` per rule with `for_each`, and outputs the group's
 * id; instances and the other members name their groups as `module.sg["<group>"].id`.
 *
 * Rules whose remote is another resource (a security group or an address group) are written in
 * the root, one resource each, with constant references (`module.sg["db"].id`): a group's rules
 * that name other groups cannot go through the module's own argument (module.sg would depend on
 * itself, which Terraform refuses), and repositories write them beside the module call.
 *
 * The members other than instances are the flat estate's RDS and DCS instances and attached
 * interfaces; its CCE clusters and node pools are left out (see `moduleRootJson`).
 */
import { Estate, EstateRule, portsText, protocolText } from "./estate";
import { tfNames, toTerraformJson } from "./terraform-json";

/** The module's call name in the root, and its directory. */
export const MODULE_CALL = "sg";
export const MODULE_DIR = "modules/sg";

/** The key of a rule in its group's `rules` map: `r07`. */
export function ruleKey(estate: Estate, g: number, r: number): string {
  return tfNames.rule(estate, g, r).slice(estate.groups[g].name.length + 1);
}

/** Whether a rule goes through the module (its remote is a CIDR block). */
export function isModuleRule(rule: EstateRule): boolean {
  return rule.remote.kind === "cidr";
}

/** `module.sg["web"]`, the module instance of group g. */
export function groupModule(estate: Estate, g: number): string {
  return `module.${MODULE_CALL}[${JSON.stringify(tfNames.group(estate, g))}]`;
}

/** The attributes of a module rule, as the root passes them (every key present, null = unset). */
export function moduleRuleValue(rule: EstateRule): Record<string, unknown> {
  return {
    direction: rule.direction,
    ethertype: rule.version === 4 ? "IPv4" : "IPv6",
    protocol: protocolText(rule) ?? null,
    ports: portsText(rule.ports) ?? null,
    remote_ip_prefix: rule.remote.kind === "cidr" ? rule.remote.cidr : null,
    action: rule.action,
    priority: rule.priority,
  };
}

const RULE_FIELDS = ["direction", "ethertype", "protocol", "ports", "remote_ip_prefix", "action", "priority"] as const;

/** `modules/sg/main.tf.json`. */
export function moduleJson(): Record<string, unknown> {
  const rule: Record<string, unknown> = { for_each: "${var.rules}", security_group_id: "${huaweicloud_networking_secgroup.this.id}" };
  for (const f of RULE_FIELDS) rule[f] = `\${each.value.${f}}`;
  return {
    variable: { name: { type: "string" }, rules: { type: "any", description: "The group's rules by name: direction, ethertype, protocol, ports, remote_ip_prefix, action, priority." } },
    resource: {
      huaweicloud_networking_secgroup: { this: { name: "${var.name}", delete_default_rules: true } },
      huaweicloud_networking_secgroup_rule: { this: rule },
    },
    output: { id: { value: "${huaweicloud_networking_secgroup.this.id}" } },
  };
}

/** The root's `main.tf.json`. */
export function moduleRootJson(estate: Estate): Record<string, unknown> {
  const flat = toTerraformJson(estate);
  const resource = { ...(flat.resource as Record<string, Record<string, Record<string, unknown>>>) };
  const groupRef = (name: string): string => `\${module.${MODULE_CALL}[${JSON.stringify(name)}].id}`;
  const fromFlat = (text: unknown): unknown =>
    typeof text === "string" ? text.replace(/^\$\{huaweicloud_networking_secgroup\.([\w-]+)\.id\}$/, (_m, name: string) => groupRef(name)) : text;
  const groups: Record<string, Record<string, unknown>> = {};
  const rootRules: Record<string, unknown> = {};
  estate.groups.forEach((group, g) => {
    const rules: Record<string, unknown> = {};
    group.rules.forEach((rule, r) => {
      if (isModuleRule(rule)) rules[ruleKey(estate, g, r)] = moduleRuleValue(rule);
      else {
        const flatRule = resource.huaweicloud_networking_secgroup_rule[tfNames.rule(estate, g, r)];
        rootRules[tfNames.rule(estate, g, r)] = Object.fromEntries(Object.entries(flatRule).map(([k, v]) => [k, fromFlat(v)]));
      }
    });
    groups[group.name] = rules;
  });
  delete resource.huaweicloud_networking_secgroup;
  resource.huaweicloud_networking_secgroup_rule = rootRules as Record<string, Record<string, unknown>>;
  // No CCE node pool: hwsg's plan reader links an unknown id only in attributes named `*_id`,
  // `*_ids` or `uuid`, so a node pool's `security_groups` in the plan form would be an unknown.
  delete resource.huaweicloud_cce_cluster;
  delete resource.huaweicloud_cce_node_pool;
  // The members (instances, RDS and DCS instances, attached interfaces, node pools) name the module's groups.
  const deep = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(deep) : typeof v === "object" && v !== null ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deep(x)])) : fromFlat(v);
  for (const type of Object.keys(resource)) {
    if (type === "huaweicloud_networking_secgroup_rule") continue;
    resource[type] = deep(resource[type]) as Record<string, Record<string, unknown>>;
  }
  return {
    "//": flat["//"],
    terraform: flat.terraform,
    provider: flat.provider,
    locals: { security_groups: groups },
    module: { [MODULE_CALL]: { source: `./${MODULE_DIR}`, for_each: "${local.security_groups}", name: "${each.key}", rules: "${each.value}" } },
    resource,
  };
}

/** The estate's files (path relative to the root directory → text), deterministic. */
export function moduleEstateFiles(estate: Estate): Record<string, string> {
  const text = (json: unknown): string => `${JSON.stringify(json, null, 2)}\n`;
  return { "main.tf.json": text(moduleRootJson(estate)), [`${MODULE_DIR}/main.tf.json`]: text(moduleJson()) };
}
