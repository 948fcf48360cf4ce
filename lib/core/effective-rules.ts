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

/** Flavor families on which address-group and inconsecutive-port rules do not take effect (seed 003, table 4). */
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

function flavorEffects(network: Network, groupId: string, family: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!family) return out;
  if ((LEGACY_FLAVOR_FAMILIES as readonly string[]).includes(family)) {
    for (const rule of network.rulesOf(groupId)) {
      if (rule.remote.kind === "addressGroup") out.set(rule.id, `${family.toUpperCase()} instances ignore rules whose remote is an IP address group`);
      else if (rule.inconsecutivePorts) out.set(rule.id, `${family.toUpperCase()} instances ignore rules with inconsecutive ports`);
    }
  } else if (family === KAI1_FLAVOR_FAMILY) {
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
  return out;
}

/**
 * The rules of one direction and IP version at an instance, in matching order, each marked
 * with the reason it does not take effect, if any.
 */
export function rulesAtInstance(network: Network, instance: Instance, direction: Direction, version: IpVersion): readonly RuleAtInstance[] {
  const key = `at|${instance.id}|${direction}|${version}`;
  const cached = network.cache.get(key) as RuleAtInstance[] | undefined;
  if (cached) return cached;
  const family = flavorFamily(instance.flavor);
  const out: Array<RuleAtInstance & { order: number }> = [];
  const seenGroups = new Set<string>();
  let order = 0;
  instance.securityGroupIds.forEach((groupId) => {
    if (seenGroups.has(groupId)) return;
    const groupIndex = seenGroups.size;
    seenGroups.add(groupId);
    const quota = quotaEffects(network, groupId);
    const flavor = flavorEffects(network, groupId, family);
    for (const rule of network.rulesOf(groupId)) {
      order++;
      if (rule.direction !== direction || rule.version !== version) continue;
      const ineffective = quota.get(rule.id) ?? flavor.get(rule.id);
      out.push({ rule, groupId, groupIndex, order, ...(ineffective ? { ineffective } : {}) });
    }
  });
  out.sort((a, b) =>
    a.groupIndex - b.groupIndex ||
    a.rule.priority - b.rule.priority ||
    (a.rule.action === b.rule.action ? 0 : a.rule.action === "deny" ? -1 : 1) ||
    a.order - b.order,
  );
  const result = out.map(({ order: _order, ...r }) => r);
  network.cache.set(key, result);
  return result;
}
