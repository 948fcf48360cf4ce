/**
 * The extra-NIC layer of the network reader: ports, VPC network interfaces and interfaces
 * attached to instances, each a member with its own ordered groups (the evaluation unit is a
 * set of NICs sharing one list of groups). An interface attached with `network_id` is a member
 * of its own, attached to the instance; one attached with `port_id` is the port's member, which
 * then names the instance. The launched members are read by the layer below.
 */
import { ValidationError } from "../../core/errors";
import { booleanField } from "../../core/fields";
import { Member, Nic } from "../../core/network";
import { ResourceInstance } from "../expansion";
import { currentType } from "../schema/provider-schema";
import { findUnknown } from "../unknowns";
import { Resolved, isMap, isReference } from "../values";
import { KEPT_NAME } from "./instance-reader";
import { LaunchedMemberReader } from "./launched-member-reader";
import { memberLeftOut } from "./member-field-reader";
import { RESOURCE_TYPES } from "./resource-types";

const T = {
  attach: "huaweicloud_compute_interface_attach",
  port: "huaweicloud_networking_port",
  networkInterface: "huaweicloud_vpc_network_interface",
} as const;

/** The NIC types that are ports a `port_ids` or `port_id` may name by their id. */
export const PORT_TYPES: ReadonlySet<string> = new Set<string>(Object.values(T));

const ADDRESS_KEPT = "the NIC is kept without this fixed IP: it stands for every address of its subnet, so questions about it cover the whole subnet";

/** An interface attached with `port_id`: it changes the port's member. */
interface PortAttachment {
  readonly instance: ResourceInstance;
  readonly port: string;
  readonly attachedTo?: string;
  /** The attach's own `security_group_ids`, which the provider sets on the port. */
  readonly groupIds?: readonly string[];
  readonly sourceDestCheck: boolean;
}

/** Reads NICs with their own groups. */
export abstract class NicMemberReader extends LaunchedMemberReader {
  /** The resource address of each port, network interface or attach → the member holding its NIC (for virtual IPs). */
  protected readonly nicOwners = new Map<string, string>();

  /**
   * The members made by NIC resources: ports, VPC network interfaces and interfaces attached
   * with `network_id`; interfaces attached with `port_id` name their instance on the port's member.
   * @param instances the compute instances read, which attached interfaces name
   */
  protected nicMembers(instances: readonly Member[]): Member[] {
    const instanceIds = new Set(instances.map((m) => m.id));
    const members: Member[] = [];
    for (const m of this.each(T.port, (i) => this.port(i))) if (m) members.push(m);
    members.push(...this.each(T.networkInterface, (i) => this.networkInterface(i)));
    const attachments: PortAttachment[] = [];
    for (const a of this.each(T.attach, (i) => this.attach(i, instanceIds))) {
      if (!a) continue;
      if ("id" in a) members.push(a);
      else attachments.push(a);
    }
    const byId = new Map(members.map((m, i) => [m.id, i]));
    const attachedBy = new Map<string, string>();
    for (const a of attachments) {
      const subject = this.config.subject(a.instance);
      const index = byId.get(a.port);
      if (index === undefined) {
        this.warnings.push(`${subject}: port_id names ${a.port}, which is left out of the model (see the unknown recorded for it): the NIC it attaches is not modelled`);
        continue;
      }
      const twice = attachedBy.get(a.port);
      if (twice) throw new ValidationError(subject, "port_id", `\${${a.port}.id}`, `is already attached by ${twice}: a port is attached to one instance`);
      attachedBy.set(a.port, a.instance.address);
      this.nicOwners.set(a.instance.address, a.port);
      const m = members[index];
      if (a.groupIds) this.warnings.push(`${subject}: security_group_ids: the provider sets these groups on ${a.port} (at once when source_dest_check is false, else at the next apply): they replace the port's own`);
      members[index] = {
        ...m,
        ...(a.attachedTo ? { attachedTo: a.attachedTo } : {}),
        ...(a.groupIds ? { securityGroupIds: a.groupIds } : {}),
        nics: a.sourceDestCheck ? m.nics : m.nics.map((n) => ({ ...n, sourceDestCheck: false })),
      };
    }
    for (const m of members) if (!this.nicOwners.has(m.id)) this.nicOwners.set(m.id, m.id);
    // An attached NIC is filtered on its instance's host: the instance's flavor decides which rules
    // take effect on it too.
    const flavorOf = new Map(instances.map((m) => [m.id, m.flavor]));
    return members.map((m) => {
      const flavor = m.attachedTo !== undefined ? flavorOf.get(m.attachedTo) : undefined;
      return flavor !== undefined && m.flavor === undefined ? { ...m, flavor } : m;
    });
  }

  /** A `huaweicloud_networking_port` (deprecated, still used): its NICs, one per fixed IP, in its own groups. */
  private port(instance: ResourceInstance): Member | undefined {
    const subject = this.config.subject(instance);
    const f = this.fields(instance, ["network_id", "security_group_ids", "no_security_groups", "allowed_address_pairs", "value_specs", "name"], { name: KEPT_NAME });
    if (f.network_id === undefined) throw new ValidationError(subject, "network_id", undefined, "is required: the id of the subnet the port is in");
    const noGroups = booleanField(subject, "no_security_groups", f.no_security_groups, false);
    const named = Array.isArray(f.security_group_ids) && f.security_group_ids.length > 0;
    if (noGroups && named) throw new ValidationError(subject, "no_security_groups", true, "conflicts with security_group_ids in the provider (cannot have both)");
    const specs = isMap(f.value_specs) ? (f.value_specs as Record<string, Resolved>) : {};
    if (specs.port_security_enabled !== undefined && !booleanField(subject, "value_specs.port_security_enabled", specs.port_security_enabled, true)) {
      this.notEvaluated(instance, "value_specs", "the port's port security is disabled: security groups do not filter its traffic", `${memberLeftOut([])}; in the cloud every flow to and from its addresses passes whatever the rules say`);
      return undefined;
    }
    if (noGroups) {
      this.notEvaluated(instance, "no_security_groups", "the port is in no security group: hwsg does not model how Huawei Cloud filters the traffic of such a port", memberLeftOut([]));
      return undefined;
    }
    const groups = this.memberGroups(instance, "security_group_ids", f.security_group_ids, true);
    const subnet = this.subnetNamed(instance, "network_id", f.network_id);
    const pairs = Array.isArray(f.allowed_address_pairs) ? f.allowed_address_pairs : [];
    const sourceDestCheck = pairs.length === 0;
    if (!sourceDestCheck) this.warnings.push(`${subject}: allowed_address_pairs: the addresses it lets the port use are not modelled as the port's addresses; its source/destination check is off`);
    const blocks = this.nestedBlocks(instance, "fixed_ip", ["subnet_id", "ip_address"]);
    const nics: Nic[] = blocks.map((b, i) => {
      // subnet_id names the subnet's IPv4 or IPv6 part (ipv4_subnet_id): the port's subnet is network_id.
      let ip = b.ip_address;
      const u = findUnknown(ip);
      if (u) {
        this.kept(instance, `fixed_ip[${i}].ip_address`, u.path, u.unknown, ADDRESS_KEPT);
        ip = undefined;
      }
      const a = this.memberAddress(instance, `fixed_ip[${i}].ip_address`, ip, undefined, subnet);
      return { sourceDestCheck, ...(subnet ? { subnetId: subnet.id } : {}), ...(a?.version === 4 ? { fixedIpV4: a.value } : a?.version === 6 ? { fixedIpV6: a.value } : {}) };
    });
    if (nics.length === 0) nics.push({ sourceDestCheck, ...(subnet ? { subnetId: subnet.id } : {}) });
    const name = typeof f.name === "string" && f.name !== "" ? { name: f.name } : {};
    return { id: instance.address, kind: T.port, securityGroupIds: groups, nics, ...name };
  }

  /** A `huaweicloud_vpc_network_interface`: one NIC in its subnet, in its own groups. */
  private networkInterface(instance: ResourceInstance): Member {
    const subject = this.config.subject(instance);
    const f = this.fields(instance, ["subnet_id", "security_group_ids", "fixed_ip_v4", "allowed_addresses", "name"], { fixed_ip_v4: ADDRESS_KEPT, name: KEPT_NAME });
    if (f.subnet_id === undefined) throw new ValidationError(subject, "subnet_id", undefined, "is required: the id of the subnet the network interface is in");
    const groups = this.memberGroups(instance, "security_group_ids", f.security_group_ids);
    const subnet = this.subnetNamed(instance, "subnet_id", f.subnet_id);
    const address = this.memberAddress(instance, "fixed_ip_v4", f.fixed_ip_v4, 4, subnet);
    const allowed = Array.isArray(f.allowed_addresses) ? f.allowed_addresses : [];
    if (allowed.length > 0) this.warnings.push(`${subject}: allowed_addresses: the addresses it lets the interface use are not modelled as its addresses; its source/destination check is off`);
    const nic: Nic = { sourceDestCheck: allowed.length === 0, ...(subnet ? { subnetId: subnet.id } : {}), ...(address ? { fixedIpV4: address.value } : {}) };
    const name = typeof f.name === "string" && f.name !== "" ? { name: f.name } : {};
    return { id: instance.address, kind: T.networkInterface, securityGroupIds: groups, nics: [nic], ...name };
  }

  /**
   * A `huaweicloud_compute_interface_attach`: with `network_id`, a member of its own (the NIC
   * the ECS API creates, in `security_group_ids` or the default group); with `port_id`, an
   * attachment of the port's member. Undefined when it attaches a port not defined here.
   */
  private attach(instance: ResourceInstance, instanceIds: ReadonlySet<string>): Member | PortAttachment | undefined {
    const subject = this.config.subject(instance);
    const f = this.fields(instance, ["instance_id", "network_id", "port_id", "fixed_ip", "fixed_ipv6", "security_group_ids", "source_dest_check"], { fixed_ip: ADDRESS_KEPT, fixed_ipv6: ADDRESS_KEPT });
    if ((f.network_id === undefined) === (f.port_id === undefined)) {
      throw new ValidationError(subject, "network_id", f.network_id, "exactly one of network_id and port_id must be set (ExactlyOneOf in the provider)");
    }
    if (f.instance_id === undefined) throw new ValidationError(subject, "instance_id", undefined, "is required: the id of the instance the interface is attached to");
    const attachedTo = this.attachedInstance(instance, f.instance_id, instanceIds);
    const sourceDestCheck = booleanField(subject, "source_dest_check", f.source_dest_check, true);
    if (f.port_id !== undefined) {
      if (f.fixed_ip !== undefined || f.fixed_ipv6 !== undefined) this.warnings.push(`${subject}: fixed_ip: the provider's documentation says it cannot be used with port_id; the port's own addresses are modelled`);
      const p = f.port_id;
      const named = Array.isArray(f.security_group_ids) && f.security_group_ids.length > 0 ? this.memberGroups(instance, "security_group_ids", f.security_group_ids) : undefined;
      if (isReference(p) && p.ref === "id" && !p.data && (currentType(p.type) === T.port || currentType(p.type) === T.networkInterface)) {
        return { instance, port: p.address, sourceDestCheck, ...(attachedTo ? { attachedTo } : {}), ...(named ? { groupIds: named } : {}) };
      }
      if (isReference(p) && p.ref === "id" && !p.data) {
        throw new ValidationError(subject, "port_id", `\${${p.address}.id}`, `must be the id of a ${T.port} or ${T.networkInterface}, not of a ${p.type}`);
      }
      const id = isReference(p) ? p.address : JSON.stringify(p);
      this.notEvaluated(instance, "port_id", `port ${id} is not defined in this configuration: the groups and addresses of the NIC it attaches are not known`, memberLeftOut(named ?? []), named ?? []);
      return undefined;
    }
    const groups = this.memberGroups(instance, "security_group_ids", f.security_group_ids);
    const subnet = this.subnetNamed(instance, "network_id", f.network_id);
    const v4 = this.memberAddress(instance, "fixed_ip", f.fixed_ip, 4, subnet);
    const v6 = this.memberAddress(instance, "fixed_ipv6", f.fixed_ipv6, 6, subnet);
    const nic: Nic = { sourceDestCheck, ...(subnet ? { subnetId: subnet.id } : {}), ...(v4 ? { fixedIpV4: v4.value } : {}), ...(v6 ? { fixedIpV6: v6.value } : {}) };
    return { id: instance.address, kind: T.attach, securityGroupIds: groups, nics: [nic], ...(attachedTo ? { attachedTo } : {}) };
  }

  /** The instance an interface is attached to, when it is a member of the model (else a warning). */
  private attachedInstance(instance: ResourceInstance, value: Resolved, instanceIds: ReadonlySet<string>): string | undefined {
    const subject = this.config.subject(instance);
    if (isReference(value) && value.ref === "id" && !value.data) {
      if (currentType(value.type) !== RESOURCE_TYPES.instance) throw new ValidationError(subject, "instance_id", `\${${value.address}.id}`, `must be the id of a ${RESOURCE_TYPES.instance}, not of a ${value.type}`);
      if (instanceIds.has(value.address)) return value.address;
      this.warnings.push(`${subject}: instance_id names ${value.address}, which is left out of the model (see the unknown recorded for it): the interface is modelled on its own, in its own groups`);
      return undefined;
    }
    if (typeof value !== "string" && !isReference(value)) throw new ValidationError(subject, "instance_id", value, `must be the id of a ${RESOURCE_TYPES.instance}`);
    const id = isReference(value) ? value.address : value;
    this.warnings.push(`${subject}: instance_id ${id} is an instance this configuration does not define: the interface is modelled on its own, in its own groups`);
    return undefined;
  }
}
