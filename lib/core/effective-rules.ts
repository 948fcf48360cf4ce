/**
 * The rules that apply at one instance, in Huawei's matching order (semantics.md §2): by the
 * group's position in the instance's `security_group_ids`, then by priority (1 first), then deny
 * before allow; configuration order breaks the remaining ties. Rules that the quota or the
 * instance's flavor keep from taking effect (semantics.md §6) are kept in the list, marked.
 */
import { IpVersion } from "./ip";
import { Instance, Network } from "./network";
import { Direction, Rule } from "./rule";

/** Rules per group, direction and IP version that may use a security group, an address group or inconsecutive ports. */
export const RULE_QUOTA = 120;

/** Flavor families on which address-group and inconsecutive-port rules do not take effect (Huawei Cloud "Security Group Overview", "Constraints on Using Security Groups", table "Scenarios that security group rules do not take effect"). */
export const LEGACY_FLAVOR_FAMILIES = ["s1", "c1", "c2", "m1", "h1", "d1", "g1", "g2", "e1", "e2", "et2"] as const;

/** The Kai1 (Kunpeng) family: an inconsecutive-port rule and every rule configured after it do not take effect. */
export const KAI1_FLAVOR_FAMILY = "kc1";

/** A rule as it stands at one instance. */
export interface RuleAtInstance {
  readonly rule: Rule;
  readonly groupId: string;
  /** The group's position in the instance's `security_group_ids`. */
  readonly groupIndex: number;
  /** Why the rule does not take effect at this instance; undefined when it does. */
  readonly ineffective?: string;
}

/** The flavor family of a flavor id or name (`s6.small.1` → `s6`, `kc1.large.2` → `kc1`). */
export function flavorFamily(flavor: string | undefined): string | undefined {
  const m = flavor ? /^([a-z]+[0-9]*)\./i.exec(flavor) : null;
  return m ? m[1].toLowerCase() : undefined;
}

/** Whether a rule counts against the 120-rule quota of its group, direction and IP version. */
export function countsAgainstQuota(rule: Rule): boolean {
  return rule.remote.kind === "group" || rule.remote.kind === "addressGroup" || rule.inconsecutivePorts;
}

/**
 * Why a rule does not take effect in its group, whatever the instance: beyond the quota.
 * Returns a map from rule id to reason.
 */
export function quotaEffects(network: Network, groupId: string): Map<string, string> {
  const key = `quota|${groupId}`;
  const cached = network.cache.get(key) as Map<string, string> | undefined;
  if (cached) return cached;
  const out = new Map<string, string>();
  const counts = new Map<string, number>();
  for (const rule of network.rulesOf(groupId)) {
    if (!countsAgainstQuota(rule)) continue;
    const k = `${rule.direction}|${rule.version}`;
    const n = (counts.get(k) ?? 0) + 1;
    counts.set(k, n);
    if (n > RULE_QUOTA) {
      out.set(rule.id, `it is rule ${n} of the group's ${rule.direction} IPv${rule.version} rules that use a security group, an address group or inconsecutive ports; only ${RULE_QUOTA} take effect`);
    }
  }
  network.cache.set(key, out);
  return out;
}

/** Whether instances of a flavor family ignore some rules (legacy and Kai1 families). */
export function flavorIgnoresRules(family: string | undefined): boolean {
  return family !== undefined && ((LEGACY_FLAVOR_FAMILIES as readonly string[]).includes(family) || family === KAI1_FLAVOR_FAMILY);
}

/** Why rules of a group do not take effect on instances of a flavor family, by rule id (memoized per group and family). */
function flavorEffects(network: Network, groupId: string, family: string | undefined): ReadonlyMap<string, string> {
  if (!flavorIgnoresRules(family)) return NO_EFFECTS;
  const key = `flavor|${family}|${groupId}`;
  const cached = network.cache.get(key) as Map<string, string> | undefined;
  if (cached) return cached;
  const out = new Map<string, string>();
  if ((LEGACY_FLAVOR_FAMILIES as readonly string[]).includes(family!)) {
    for (const rule of network.rulesOf(groupId)) {
      if (rule.remote.kind === "addressGroup") out.set(rule.id, `${family!.toUpperCase()} instances ignore rules whose remote is an IP address group`);
      else if (rule.inconsecutivePorts) out.set(rule.id, `${family!.toUpperCase()} instances ignore rules with inconsecutive ports`);
    }
  } else {
    for (const direction of ["ingress", "egress"] as const) {
      let first: Rule | undefined;
      for (const rule of network.rulesOf(groupId)) {
        if (rule.direction !== direction) continue;
        if (!first && rule.inconsecutivePorts) first = rule;
        if (first) {
          out.set(rule.id, first === rule
            ? "Kai1 (Kunpeng) instances do not support inconsecutive ports: this rule and every rule configured after it do not take effect"
            : `on Kai1 (Kunpeng) instances no rule configured after ${first.id} (inconsecutive ports) takes effect`);
        }
      }
    }
  }
  network.cache.set(key, out);
  return out;
}

const NO_EFFECTS: ReadonlyMap<string, string> = new Map();

/** A rule of one group in the group's matching order, marked with why it does not take effect, if so. */
interface RuleInGroup {
  readonly rule: Rule;
  readonly ineffective?: string;
}

/**
 * The rules of one group, direction and IP version in matching order on instances of a flavor
 * family: by priority, then deny before allow, then configuration order (memoized).
 */
function groupRulesInOrder(network: Network, groupId: string, direction: Direction, version: IpVersion, family: string | undefined): readonly RuleInGroup[] {
  const key = `ingroup|${flavorIgnoresRules(family) ? family : ""}|${direction}|${version}|${groupId}`;
  const cached = network.cache.get(key) as RuleInGroup[] | undefined;
  if (cached) return cached;
  const quota = quotaEffects(network, groupId);
  const flavor = flavorEffects(network, groupId, family);
  const out: Array<RuleInGroup & { order: number }> = [];
  network.rulesOf(groupId).forEach((rule, order) => {
    if (rule.direction !== direction || rule.version !== version) return;
    const ineffective = quota.get(rule.id) ?? flavor.get(rule.id);
    out.push({ rule, order, ...(ineffective ? { ineffective } : {}) });
  });
  out.sort((a, b) =>
    a.rule.priority - b.rule.priority ||
    (a.rule.action === b.rule.action ? 0 : a.rule.action === "deny" ? -1 : 1) ||
    a.order - b.order,
  );
  const result = out.map((r): RuleInGroup => (r.ineffective ? { rule: r.rule, ineffective: r.ineffective } : { rule: r.rule }));
  network.cache.set(key, result);
  return result;
}

/**
 * The rules of one direction and IP version at an instance, in matching order, each marked
 * with the reason it does not take effect, if any. They depend only on the instance's groups
 * (in order) and its flavor family, so instances alike share one list.
 */
export function rulesAtInstance(network: Network, instance: Instance, direction: Direction, version: IpVersion): readonly RuleAtInstance[] {
  const family = flavorFamily(instance.flavor);
  const groups = [...new Set(instance.securityGroupIds)];
  const key = `at|${flavorIgnoresRules(family) ? family : ""}|${direction}|${version}|${JSON.stringify(groups)}`;
  const cached = network.cache.get(key) as RuleAtInstance[] | undefined;
  if (cached) return cached;
  // Groups are tried in order, so the matching order is each group's own order, group after group.
  const result: RuleAtInstance[] = [];
  groups.forEach((groupId, groupIndex) => {
    for (const { rule, ineffective } of groupRulesInOrder(network, groupId, direction, version, family)) {
      result.push(ineffective ? { rule, groupId, groupIndex, ineffective } : { rule, groupId, groupIndex });
    }
  });
  network.cache.set(key, result);
  return result;
}
