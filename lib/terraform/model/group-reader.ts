/**
 * The security group layer of the network reader: security groups (defined here or only named),
 * address groups and rules, validated as the provider validates them.
 */
import { AddressGroup, parseAddressGroup } from "../../core/address-group";
import { ValidationError } from "../../core/errors";
import { isIcmp } from "../../core/icmp";
import { Rule, RuleFields, parseRule } from "../../core/rule";
import { SecurityGroup, parseSecurityGroup } from "../../core/security-group";
import { ResourceInstance } from "../expansion";
import { Resolved, isReference } from "../values";
import { KEPT_NAME, LeftOut, UNNAMED_GROUP } from "./instance-reader";
import { EMPTY_MEANS, RESOURCE_TYPES } from "./resource-types";
import { VpcReader } from "./vpc-reader";

/** Reads security groups, address groups and rules; the base of the network reader. */
export abstract class GroupReader extends VpcReader {
  protected readonly groups: SecurityGroup[] = [];

  protected readonly groupIds = new Set<string>();

  /** The first defined group of each name, built when an instance first names a group (every group is read by then). */
  protected definedGroupByName: Map<string, SecurityGroup> | undefined;

  /** Groups kept under their address because their name is not known statically. */
  protected readonly unnamedGroups: string[] = [];

  /** The first group defined in the configuration with this name. */
  protected definedGroupNamed(name: Resolved): SecurityGroup | undefined {
    if (!this.definedGroupByName) {
      this.definedGroupByName = new Map();
      for (const g of this.groups) if (g.defined && !this.definedGroupByName.has(g.name)) this.definedGroupByName.set(g.name, g);
    }
    return typeof name === "string" ? this.definedGroupByName.get(name) : undefined;
  }

  protected addGroup(group: SecurityGroup): void {
    this.groups.push(group);
    this.groupIds.add(group.id);
  }

  /**
   * A group id; a group not defined in the configuration is added with only the rules defined here.
   * @param concerns whether the instance being built changes the group (a rule's own group, an
   * instance's groups), so that an unknown recorded for it names the group
   */
  protected groupId(instance: ResourceInstance, field: string, value: Resolved, concerns = true): string {
    if (concerns && isReference(value) && value.ref === "id") this.concerned.push(value.address);
    const { id } = this.idOf(instance, field, value, RESOURCE_TYPES.securityGroup);
    if (concerns && !this.concerned.includes(id)) this.concerned.push(id);
    if (!this.groupIds.has(id)) {
      this.addGroup({ id, name: id, deleteDefaultRules: true, defined: false });
      this.warnings.push(`${this.config.subject(instance)}: ${field} names security group ${id}, which this configuration does not define: only the rules defined here are known for it (its default rules and any others are not modelled)`);
    }
    return id;
  }

  protected securityGroup(instance: ResourceInstance): SecurityGroup {
    const subject = this.config.subject(instance);
    const f = this.fields(instance, ["name", "description", "delete_default_rules"], { name: UNNAMED_GROUP, description: KEPT_NAME });
    if (this.lastKept.has("name")) {
      this.unnamedGroups.push(instance.address);
      return { ...parseSecurityGroup({ ...f, name: "unnamed" }, subject, instance.address, this.warnings), name: instance.address };
    }
    return parseSecurityGroup(f, subject, instance.address, this.warnings);
  }

  protected addressGroup(instance: ResourceInstance): AddressGroup {
    const f = this.fields(instance, ["name", "addresses", "ip_extra_set", "ip_version", "max_capacity", "description"], { description: KEPT_NAME });
    return parseAddressGroup(f, this.config.subject(instance), instance.address, this.warnings);
  }

  protected rule(instance: ResourceInstance, addressGroupIds: ReadonlySet<string>): Rule {
    const subject = this.config.subject(instance);
    // The group first: an unknown elsewhere then names the group it concerns.
    const g = this.fields(instance, ["security_group_id"]);
    const groupId = g.security_group_id !== undefined ? this.groupId(instance, "security_group_id", g.security_group_id) : undefined;
    const names = ["direction", "ethertype", "protocol", "ports", "port_range_min", "port_range_max", "remote_ip_prefix", "remote_group_id", "remote_address_group_id", "action", "priority", "description"];
    const f = this.fields(instance, names, { description: KEPT_NAME });
    const fields: Record<string, unknown> = { ...f };
    if (groupId !== undefined) fields.security_group_id = groupId;
    if (f.remote_group_id !== undefined && f.remote_group_id !== "") {
      fields.remote_group_id = this.groupId(instance, "remote_group_id", f.remote_group_id, false);
    }
    if (f.remote_address_group_id !== undefined && f.remote_address_group_id !== "") {
      const { id, defined } = this.idOf(instance, "remote_address_group_id", f.remote_address_group_id, RESOURCE_TYPES.addressGroup);
      if (!defined || !addressGroupIds.has(id)) {
        // An address group created elsewhere is valid Terraform, but its addresses are not known here.
        throw new LeftOut("remote_address_group_id", this.expressionAt(instance, "remote_address_group_id"), `address group ${id} is not defined in this configuration, so the addresses the rule matches are not known`);
      }
      fields.remote_address_group_id = id;
    }
    for (const [field, meaning] of Object.entries(EMPTY_MEANS)) {
      if (f[field] === "") this.warnings.push(`${subject}: ${field} is "", which the provider does not send: the rule applies to ${meaning}`);
    }
    if (this.mode === "error" && (f.protocol === "icmp" || f.protocol === "icmpv6") && f.ports !== undefined && f.ports !== null && f.ports !== "") {
      // The API documents `ports` for tcp and udp only: read as ICMP types, it is an assumption an exact synth-time proof cannot rest on.
      throw new ValidationError(subject, "ports", f.ports, "with an ICMP protocol is not documented by the API (only port_range_min/port_range_max, the ICMP type and code, are), so hwsg cannot check this stack exactly");
    }
    const rule = parseRule(fields as RuleFields, subject, instance.address, { notes: this.warnings, icmpTypeCode: true });
    // An ICMP type is written only in port_range_min/max, which the provider forbids next to priority: priority 1 is the rule's only value, not an assumption.
    const icmpTyped = rule.portsWrittenAs === "port_range" && rule.ports !== undefined && isIcmp(rule.protocol);
    if (rule.priorityImplicit && !icmpTyped) {
      this.warnings.push(`${subject}: priority is not set; the provider's default, 1 (the highest), is assumed`);
    }
    return rule;
  }
}

/** The groups with a rule that some flavors ignore: an address-group remote or inconsecutive ports. */
export function flavorSensitiveGroups(rules: readonly Rule[]): Set<string> {
  const out = new Set<string>();
  for (const r of rules) if (r.remote.kind === "addressGroup" || r.inconsecutivePorts) out.add(r.securityGroupId);
  return out;
}
