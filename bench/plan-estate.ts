/**
 * The module estate (module-estate.ts) as `terraform show -json` prints its plan before the first
 * apply, in Terraform's "JSON Output Format": `planned_values` with one child module per group
 * (`module.sg["web"]`), `resource_changes` whose ids are all unknown until apply (`after_unknown`),
 * and the `configuration` representation whose references tell what each unknown id will be the
 * id of: a module rule's `security_group_id` names `huaweicloud_networking_secgroup.this.id`, an
 * instance's `security_group_ids` name `module.sg["web"].id` (the module's output), root rules name
 * `module.sg["db"].id` and `huaweicloud_vpc_address_group.<name>.id`, subnets their VPC.
 */
import { Estate } from "./estate";
import { MODULE_CALL, MODULE_DIR, groupModule, isModuleRule, moduleRootJson, moduleRuleValue, ruleKey } from "./module-estate";

const PROVIDER = "registry.terraform.io/huaweicloud/huaweicloud";

type Json = Record<string, unknown>;
const c = (v: unknown): Json => ({ constant_value: v });
const refs = (...r: string[]): Json => ({ references: r });

/** A `${type.name.id}` or `${module.sg["x"].id}` as the references Terraform lists for it. */
function referencesOf(text: string): string[] {
  const m = /^\$\{(.+)\.id\}$/.exec(text);
  if (!m) throw new Error(`not a reference: ${text}`);
  const head = m[1];
  const module = /^(module\.[\w-]+)\[/.exec(head);
  return module ? [`${head}.id`, head, module[1]] : [`${head}.id`, head];
}

const isRef = (v: unknown): v is string => typeof v === "string" && v.startsWith("${");

/** A resource written in the root: its known values, which of them are ids unknown until apply, and its expressions. */
interface RootResource {
  readonly type: string;
  readonly name: string;
  readonly body: Json;
}

/** Known values (references become null), after_unknown marks and configuration expressions of a body. */
function split(body: Json): { values: Json; unknown: Json; expressions: Json } {
  const values: Json = {};
  const unknown: Json = { id: true };
  const expressions: Json = {};
  for (const [k, v] of Object.entries(body)) {
    if (isRef(v)) {
      values[k] = null;
      unknown[k] = true;
      expressions[k] = refs(...referencesOf(v));
    } else if (Array.isArray(v) && v.some(isRef)) {
      values[k] = v.map(() => null);
      unknown[k] = v.map(() => true);
      expressions[k] = refs(...v.flatMap((e) => referencesOf(e as string)));
    } else if (Array.isArray(v) && v.length > 0 && typeof v[0] === "object" && v[0] !== null) {
      const parts = v.map((e) => split(e as Json));
      values[k] = parts.map((p) => p.values);
      unknown[k] = parts.map((p) => {
        const { id: _id, ...rest } = p.unknown;
        return rest;
      });
      expressions[k] = parts.map((p) => p.expressions);
    } else {
      values[k] = v;
      expressions[k] = c(v);
    }
  }
  values.id = null;
  return { values, unknown, expressions };
}

function planned(address: string, type: string, name: string, values: Json, index?: string): Json {
  return { address, mode: "managed", type, name, ...(index !== undefined ? { index } : {}), provider_name: PROVIDER, schema_version: 0, values };
}

function configResource(type: string, name: string, expressions: Json, extra: Json = {}): Json {
  return { address: `${type}.${name}`, mode: "managed", type, name, provider_config_key: "huaweicloud", schema_version: 0, expressions, ...extra };
}

/** The plan document of the module estate. */
export function planJson(estate: Estate): Json {
  const root = moduleRootJson(estate);
  const rootResources: RootResource[] = [];
  for (const [type, byName] of Object.entries(root.resource as Record<string, Record<string, Json>>)) {
    for (const [name, body] of Object.entries(byName)) rootResources.push({ type, name, body });
  }
  const changes: Json[] = [];
  const change = (p: Json, unknown: Json, module?: string): void => {
    changes.push({
      address: p.address,
      ...(module ? { module_address: module } : {}),
      mode: "managed", type: p.type, name: p.name, ...(p.index !== undefined ? { index: p.index } : {}),
      provider_name: PROVIDER,
      change: { actions: ["create"], before: null, after: p.values, after_unknown: unknown, before_sensitive: false, after_sensitive: {} },
    });
  };

  const rootPlanned: Json[] = [];
  const rootConfig: Json[] = [];
  for (const r of rootResources) {
    const { values, unknown, expressions } = split(r.body);
    const p = planned(`${r.type}.${r.name}`, r.type, r.name, values);
    rootPlanned.push(p);
    change(p, unknown);
    rootConfig.push(configResource(r.type, r.name, expressions));
  }

  const children: Json[] = [];
  estate.groups.forEach((group, g) => {
    const module = groupModule(estate, g);
    const sgAddress = `${module}.huaweicloud_networking_secgroup.this`;
    const sg = planned(sgAddress, "huaweicloud_networking_secgroup", "this", { name: group.name, delete_default_rules: true, id: null });
    change(sg, { id: true, rules: true }, module);
    const resources = [sg];
    group.rules.forEach((rule, r) => {
      if (!isModuleRule(rule)) return;
      const key = ruleKey(estate, g, r);
      const values: Json = { security_group_id: null, id: null };
      for (const [k, v] of Object.entries(moduleRuleValue(rule))) if (v !== null) values[k] = v;
      const p = planned(`${module}.huaweicloud_networking_secgroup_rule.this[${JSON.stringify(key)}]`, "huaweicloud_networking_secgroup_rule", "this", values, key);
      resources.push(p);
      change(p, { id: true, security_group_id: true }, module);
    });
    children.push({ address: module, resources });
  });

  const ruleExpressions: Json = { security_group_id: refs("huaweicloud_networking_secgroup.this.id", "huaweicloud_networking_secgroup.this") };
  for (const f of ["direction", "ethertype", "protocol", "ports", "remote_ip_prefix", "action", "priority"]) ruleExpressions[f] = refs(`each.value.${f}`, "each.value");
  const moduleConfig: Json = {
    outputs: { id: { expression: refs("huaweicloud_networking_secgroup.this.id", "huaweicloud_networking_secgroup.this") } },
    resources: [
      configResource("huaweicloud_networking_secgroup", "this", { name: refs("var.name"), delete_default_rules: c(true) }),
      configResource("huaweicloud_networking_secgroup_rule", "this", ruleExpressions, { for_each_expression: refs("var.rules") }),
    ],
    variables: { name: {}, rules: {} },
  };

  return {
    format_version: "1.2",
    terraform_version: "1.9.8",
    planned_values: { root_module: { resources: rootPlanned, child_modules: children } },
    resource_changes: changes,
    configuration: {
      provider_config: { huaweicloud: { name: "huaweicloud", full_name: PROVIDER, expressions: { region: c("cn-north-4") } } },
      root_module: {
        resources: rootConfig,
        module_calls: {
          [MODULE_CALL]: {
            source: `./${MODULE_DIR}`,
            expressions: { name: refs("each.key"), rules: refs("each.value") },
            for_each_expression: refs("local.security_groups"),
            module: moduleConfig,
          },
        },
      },
    },
    timestamp: "2026-12-01T10:00:00Z",
    applyable: true,
    complete: true,
    errored: false,
  };
}

/** The plan as the text `terraform show -json` would write (compact, as Terraform writes it). */
export function planJsonText(estate: Estate): string {
  return `${JSON.stringify(planJson(estate))}\n`;
}
