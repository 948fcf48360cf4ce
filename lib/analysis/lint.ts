/**
 * The lint entry point: `lintNetwork` runs every check of the catalogue (findings.ts) on a core
 * `Network`, judged on the effective rule set, and returns the findings in a deterministic order.
 */
import { KAI1_FLAVOR_FAMILY, RULE_QUOTA, countsAgainstQuota, flavorFamily, flavorIgnoresRules, quotaEffects, rulesAtInstance } from "../core/effective-rules";
import { ETHERTYPE } from "../core/ip";
import { Instance, Network } from "../core/network";
import { Direction, Rule } from "../core/rule";
import { isIcmp } from "../core/icmp";
import { hasPorts } from "../core/protocol";
import { HIGH_RISK_PORTS, HighRiskPort, exposureFindings } from "./exposure";
import { Finding, RankedFinding, joinWords, makeFinding, ruleResource, sortFindings } from "./findings";
import { kindOf, memberPhrase, memberSubject } from "./member-text";
import { openPortsFindings } from "./open-ports";
import { overlapFindings, shadowingFindings } from "./shadowing";

/** The number of security groups per instance Huawei Cloud advises at most (semantics.md §6). */
export const MAX_ADVISED_GROUPS_PER_INSTANCE = 5;

/** Options of `lintNetwork`. */
export interface LintOptions {
  /** The tcp and udp ports HWSG001 checks (an entry without `protocol` is tcp). @default HIGH_RISK_PORTS */
  readonly highRiskPorts?: readonly HighRiskPort[];
}

/** `1st`, `2nd`, `3rd`, `121st`. */
function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : ["th", "st", "nd", "rd"][n % 10] ?? "th";
  return `${n}${suffix}`;
}

/** The one-line fix of a rule beyond the quota: split its ports when that takes it out of the count, else move it. */
function quotaFix(rule: Rule, groupId: string, counted: number): string {
  const what = `${groupId} has ${counted} ${rule.direction} ${ETHERTYPE[rule.version]} rules that count against the quota of ${RULE_QUOTA}`;
  if (rule.inconsecutivePorts && (rule.remote.kind === "cidr" || rule.remote.kind === "any")) {
    return `Split the ports "${rule.ports?.toString()}" of ${rule.id} into one rule per port or range (with consecutive ports and a CIDR remote it no longer counts): ${what}.`;
  }
  return `Move ${rule.id} to another security group of the same instances, or merge rules of ${groupId} so at most ${RULE_QUOTA} count: ${what}.`;
}

/**
 * HWSG002: per group, direction and IP version, the rules beyond RULE_QUOTA of those that count
 * against it. Each rule that will not take effect is its own finding (its `resource` is the rule),
 * so every ineffective rule can be found, annotated and suppressed by its own address; the
 * message carries the group-level count.
 */
export function quotaFindings(network: Network): RankedFinding[] {
  const out: RankedFinding[] = [];
  for (const groupId of network.groups.keys()) {
    const excess = quotaEffects(network, groupId);
    if (excess.size === 0) continue;
    for (const direction of ["ingress", "egress"] as const) {
      for (const version of [4, 6] as const) {
        const counted = network.rulesOf(groupId).filter((r) => r.direction === direction && r.version === version && countsAgainstQuota(r));
        if (counted.length <= RULE_QUOTA) continue;
        counted.forEach((rule, i) => {
          if (!excess.has(rule.id)) return;
          const message =
            `Rule ${rule.id} of security group ${groupId} will not take effect: it is the ${ordinal(i + 1)} of the group's ${counted.length} ${direction} ${ETHERTYPE[version]} rules ` +
            `that count against the quota of ${RULE_QUOTA} (a security-group or address-group remote, or inconsecutive ports), and only the first ${RULE_QUOTA} take effect.`;
          const finding = makeFinding({
            code: "HWSG002",
            subject: rule.id,
            resource: ruleResource(rule.id),
            message,
            fix: quotaFix(rule, groupId, counted.length),
            ruleIds: [rule.id],
            groupId,
          });
          out.push({ finding, tie: [direction === "ingress" ? 0 : 1, version, i] });
        });
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
      `${memberSubject(instance)} has ${groups.length} security groups (${joinWords(groups)}), more than the ${MAX_ADVISED_GROUPS_PER_INSTANCE} Huawei Cloud advises; ` +
      `their rules are tried group by group in this order, which is hard to follow.`;
    const fix = `Attach at most ${MAX_ADVISED_GROUPS_PER_INSTANCE} security groups to ${instance.id}: merge the rules of ${groups.length - MAX_ADVISED_GROUPS_PER_INSTANCE + 1} of its ${groups.length} groups into one.`;
    out.push({ finding: makeFinding({ code: "HWSG003", subject: instance.id, message, fix, instanceId: instance.id, ...kindOf(instance) }), tie: [] });
  }
  return out;
}

/** The one-line fix of a rule without a priority, valid for the API its ports are written for. */
function implicitPriorityFix(rule: Rule): string {
  const written = rule.portsWrittenAs;
  const priority = `priority = 1 (what the provider reads today), or the priority you mean`;
  const portRange = rule.protocol !== undefined && hasPorts(rule.protocol) && written !== "ports";
  if (!portRange) return `Write priority = 1 on ${rule.id} (what the provider reads today), or the priority you mean.`;
  const ports = `ports = "${rule.ports?.toString() ?? "1-65535"}"`;
  if (written === "port_range") {
    return `Replace port_range_min/port_range_max of ${rule.id} by ${ports} (the provider forbids priority next to port_range_*), then write ${priority}.`;
  }
  return `Write priority = 1 on ${rule.id} (what the provider reads today), or the priority you mean; if it is written with port_range_min/port_range_max, replace them by ${ports} first (the provider forbids priority next to port_range_*).`;
}

/**
 * Whether a rule cannot be given a priority at all: an ICMP type (and code) is written only in
 * port_range_min/port_range_max, which the provider forbids next to priority, and the API
 * documents no other field for it — such a rule is priority 1 by construction, nothing to fix.
 */
function priorityImpossible(rule: Rule): boolean {
  return rule.portsWrittenAs === "port_range" && rule.ports !== undefined && isIcmp(rule.protocol);
}

/** HWSG006: rules whose priority was omitted and read as 1 (but rules that cannot have one). */
export function implicitPriorityFindings(network: Network): RankedFinding[] {
  return network
    .allRules()
    .filter((rule) => rule.priorityImplicit && !priorityImpossible(rule))
    .map((rule) => ({
      finding: makeFinding({
        code: "HWSG006",
        subject: rule.id,
        resource: ruleResource(rule.id),
        message: `Rule ${rule.id} of security group ${rule.securityGroupId} has no priority: the provider reads it as 1, the highest, while the v3 API reference says 100; write the priority explicitly.`,
        fix: implicitPriorityFix(rule),
        ruleIds: [rule.id],
        groupId: rule.securityGroupId,
      }),
      tie: [],
    }));
}

/** The one-line fix of a rule the instance's flavor ignores. */
function flavorFix(network: Network, instance: Instance, groupId: string, rule: Rule, direction: Direction): string {
  if (flavorFamily(instance.flavor) === KAI1_FLAVOR_FAMILY) {
    const first = network.rulesOf(groupId).find((r) => r.direction === direction && r.inconsecutivePorts) ?? rule;
    return (
      `Split the ports "${first.ports?.toString()}" of ${first.id} into one rule per port or range: on Kai1 (Kunpeng) instances such as ${instance.id} ` +
      `it disables itself and every ${direction} rule of ${groupId} configured after it.`
    );
  }
  const elsewhere = `or give ${instance.id} a current flavor (not ${instance.flavor})`;
  if (rule.remote.kind === "addressGroup") {
    const ag = network.addressGroups.get(rule.remote.addressGroupId);
    const cidrs = ag ? ` (${ag.addresses.toString()})` : "";
    return `Replace ${rule.id} by one remote_ip_prefix rule per CIDR of address group ${rule.remote.addressGroupId}${cidrs}, ${elsewhere}.`;
  }
  return `Split the ports "${rule.ports?.toString()}" of ${rule.id} into one rule per port or range, ${elsewhere}.`;
}

/**
 * HWSG007: rules that will not take effect on an instance because of its flavor (not the quota:
 * that is HWSG002), one finding per rule and instance: on a legacy flavor the address-group and
 * inconsecutive-port rules, on Kai1 the first inconsecutive-port rule of a group and direction
 * and every rule configured after it.
 */
export function flavorFindings(network: Network): RankedFinding[] {
  const out: RankedFinding[] = [];
  for (const instance of network.instances.values()) {
    // Other flavors ignore no rule: what does not take effect on them is beyond the quota (HWSG002).
    if (!flavorIgnoresRules(flavorFamily(instance.flavor))) continue;
    for (const direction of ["ingress", "egress"] as const) {
      for (const version of [4, 6] as const) {
        for (const { rule, groupId, ineffective } of rulesAtInstance(network, instance, direction, version)) {
          if (!ineffective || quotaEffects(network, groupId).has(rule.id)) continue;
          const finding = makeFinding({
            code: "HWSG007",
            subject: rule.id,
            qualifiers: [instance.id],
            resource: ruleResource(rule.id),
            message: `Rule ${rule.id} of security group ${groupId} will not take effect on ${memberPhrase(instance)} (flavor ${instance.flavor}): ${ineffective}.`,
            fix: flavorFix(network, instance, groupId, rule, direction),
            ruleIds: [rule.id],
            groupId,
            instanceId: instance.id,
            ...kindOf(instance),
          });
          out.push({ finding, tie: [] });
        }
      }
    }
  }
  return out;
}

/**
 * Lints a network on its effective rule set.
 * @returns the findings, sorted by code, then group id, then rule ids, then instance id; each
 *   with a stable `id` (unique in the result), its `resource`, a `severity` and a one-line `fix`
 * @throws HwsgError when a high-risk port given in the options is not a valid port or range, or
 *   two of them overlap
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
    ...openPortsFindings(network),
  ]);
}
