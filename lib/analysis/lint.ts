/**
 * The lint entry point: `lintNetwork` runs every check of the catalogue (findings.ts) on a core
 * `Network`, judged on the effective rule set, and returns the findings in a deterministic order.
 */
import { RULE_QUOTA, countsAgainstQuota, quotaEffects, rulesAtInstance } from "../core/effective-rules";
import { ETHERTYPE } from "../core/ip";
import { Network } from "../core/network";
import { HIGH_RISK_PORTS, HighRiskPort, exposureFindings } from "./exposure";
import { Finding, RankedFinding, joinWords, listIds, makeFinding, sortFindings } from "./findings";
import { overlapFindings, shadowingFindings } from "./shadowing";

/** The number of security groups per instance Huawei Cloud advises at most (semantics.md §6). */
export const MAX_ADVISED_GROUPS_PER_INSTANCE = 5;

/** Options of `lintNetwork`. */
export interface LintOptions {
  /** The tcp ports HWSG001 checks. @default HIGH_RISK_PORTS */
  readonly highRiskPorts?: readonly HighRiskPort[];
}

/** HWSG002: per group, direction and IP version, more quota-counted rules than RULE_QUOTA. */
export function quotaFindings(network: Network): RankedFinding[] {
  const out: RankedFinding[] = [];
  for (const groupId of network.groups.keys()) {
    const excess = quotaEffects(network, groupId);
    for (const direction of ["ingress", "egress"] as const) {
      for (const version of [4, 6] as const) {
        const counted = network.rulesOf(groupId).filter((r) => r.direction === direction && r.version === version && countsAgainstQuota(r));
        if (counted.length <= RULE_QUOTA) continue;
        const dropped = counted.filter((r) => excess.has(r.id)).map((r) => r.id);
        const n = dropped.length;
        const message =
          `Security group ${groupId} has ${counted.length} ${direction} ${ETHERTYPE[version]} rules that count against the quota of ${RULE_QUOTA} ` +
          `(a security-group or address-group remote, or inconsecutive ports): the ${n === 1 ? "rule" : `${n} rules`} beyond it ` +
          `(${listIds(dropped)}) ${n === 1 ? "does" : "do"} not take effect.`;
        out.push({ finding: makeFinding("HWSG002", message, dropped, { groupId }), tie: [direction === "ingress" ? 0 : 1, version] });
      }
    }
  }
  return out;
}

/** HWSG003: instances with more security groups than advised. */
export function groupCountFindings(network: Network): RankedFinding[] {
  const out: RankedFinding[] = [];
  for (const instance of network.instances.values()) {
    if (instance.hypothetical) continue;
    const groups = [...new Set(instance.securityGroupIds)];
    if (groups.length <= MAX_ADVISED_GROUPS_PER_INSTANCE) continue;
    const message =
      `Instance ${instance.id} has ${groups.length} security groups (${joinWords(groups)}), more than the ${MAX_ADVISED_GROUPS_PER_INSTANCE} Huawei Cloud advises; ` +
      `their rules are tried group by group in this order, which is hard to follow.`;
    out.push({ finding: makeFinding("HWSG003", message, [], { instanceId: instance.id }), tie: [] });
  }
  return out;
}

/** HWSG006: rules whose priority was omitted and read as 1. */
export function implicitPriorityFindings(network: Network): RankedFinding[] {
  return network
    .allRules()
    .filter((rule) => rule.priorityImplicit)
    .map((rule) => ({
      finding: makeFinding(
        "HWSG006",
        `Rule ${rule.id} of security group ${rule.securityGroupId} has no priority: the provider reads it as 1, the highest, while the v3 API reference says 100; write the priority explicitly.`,
        [rule.id],
        { groupId: rule.securityGroupId },
      ),
      tie: [],
    }));
}

/** HWSG007: rules that do not take effect on an instance because of its flavor (not the quota: that is HWSG002). */
export function flavorFindings(network: Network): RankedFinding[] {
  const out: RankedFinding[] = [];
  for (const instance of network.instances.values()) {
    if (instance.flavor === undefined) continue;
    for (const direction of ["ingress", "egress"] as const) {
      for (const version of [4, 6] as const) {
        for (const { rule, groupId, ineffective } of rulesAtInstance(network, instance, direction, version)) {
          if (!ineffective || quotaEffects(network, groupId).has(rule.id)) continue;
          const message = `Rule ${rule.id} of security group ${groupId} does not take effect on instance ${instance.id} (flavor ${instance.flavor}): ${ineffective}.`;
          out.push({ finding: makeFinding("HWSG007", message, [rule.id], { groupId, instanceId: instance.id }), tie: [] });
        }
      }
    }
  }
  return out;
}

/**
 * Lints a network on its effective rule set.
 * @returns the findings, sorted by code, then group id, then rule ids, then instance id
 * @throws HwsgError when a high-risk port given in the options is not a valid port or range
 */
export function lintNetwork(network: Network, options: LintOptions = {}): Finding[] {
  return sortFindings([
    ...exposureFindings(network, options.highRiskPorts ?? HIGH_RISK_PORTS),
    ...quotaFindings(network),
    ...groupCountFindings(network),
    ...shadowingFindings(network),
    ...overlapFindings(network),
    ...implicitPriorityFindings(network),
    ...flavorFindings(network),
  ]);
}
