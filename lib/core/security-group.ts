/**
 * Security groups (`huaweicloud_networking_secgroup`) and the four rules Huawei Cloud gives every
 * new group unless `delete_default_rules` is set (semantics.md §5).
 */
import { AddressSet } from "./address-set";
import { Notes, Subject, booleanField, descriptionField, nameField } from "./fields";
import { IpVersion } from "./ip";
import { Direction, Rule } from "./rule";

/**
 * The priority of the four default rules. An earlier version of the specification said 100; Huawei Cloud "Security Group Configuration Examples" and Huawei Cloud "Adding a Security Group Rule"
 * (tables of the default outbound and intra-group inbound rules) both show the default rules at priority 1, and the provider's acceptance test checks
 * only that there are four. Huawei's tables are followed: see docs/semantics.md, "Decisions".
 */
export const DEFAULT_RULE_PRIORITY = 1;

/** A security group, validated. */
export interface SecurityGroup {
  /** Identity for reports: the Terraform address, or the literal id of a group defined elsewhere. */
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  /** Whether the four default rules were removed. */
  readonly deleteDefaultRules: boolean;
  /**
   * Whether the group is defined in the configuration. A group only referred to by a literal id or
   * a data source is not: only the rules defined in the configuration are known for it.
   */
  readonly defined: boolean;
}

/** The fields of a `huaweicloud_networking_secgroup`. */
export interface SecurityGroupFields {
  readonly name?: unknown;
  readonly description?: unknown;
  readonly delete_default_rules?: unknown;
}

/**
 * Validates a security group and builds it.
 * @param notes where a bad name or description goes as a warning (thrown when not given)
 */
export function parseSecurityGroup(fields: SecurityGroupFields, subject: Subject, id: string, notes?: Notes): SecurityGroup {
  const name = nameField(subject, fields.name, undefined, "name", notes);
  const description = descriptionField(subject, fields.description, "description", notes);
  const deleteDefaultRules = booleanField(subject, "delete_default_rules", fields.delete_default_rules, false);
  return { id, name, deleteDefaultRules, defined: true, ...(description !== undefined ? { description } : {}) };
}

/** The id a default rule gets in reports: `<group>#default-<direction>-<ipv4|ipv6>`. */
export function defaultRuleId(groupId: string, direction: Direction, version: IpVersion): string {
  return `${groupId}#default-${direction}-ipv${version}`;
}

/**
 * The default rules of a group: ingress from the group itself and egress to everywhere, for
 * IPv4 and IPv6, all protocols, allow. None when `delete_default_rules` is set.
 */
export function defaultRules(group: SecurityGroup): Rule[] {
  if (group.deleteDefaultRules) return [];
  const rules: Rule[] = [];
  for (const direction of ["ingress", "egress"] as const) {
    for (const version of [4, 6] as const) {
      rules.push({
        id: defaultRuleId(group.id, direction, version),
        securityGroupId: group.id,
        direction,
        version,
        inconsecutivePorts: false,
        remote:
          direction === "ingress"
            ? { kind: "group", groupId: group.id }
            : { kind: "cidr", cidr: version === 4 ? "0.0.0.0/0" : "::/0", addresses: AddressSet.all(version) },
        action: "allow",
        priority: DEFAULT_RULE_PRIORITY,
        priorityImplicit: false,
        description: "default rule",
      });
    }
  }
  return rules;
}
