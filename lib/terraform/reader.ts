/**
 * Reads Huawei Cloud Terraform (JSON form, including cdktf's `cdk.tf.json`) into the network
 * model: security groups, rules, address groups, instances, subnets, VPCs, peerings and virtual
 * IPs. Every value the provider or the cloud would reject is an error naming the file, the
 * resource address and the field; nothing is guessed silently (what is assumed is a warning).
 */
import { AddressGroup, parseAddressGroup } from "../core/address-group";
import { AddressSet } from "../core/address-set";
import { ValidationError } from "../core/errors";
import { booleanField, integerIn, nameField } from "../core/fields";
import { IpVersion, parseAddress, parseCidr } from "../core/ip";
import { Instance, Network, Nic, Peering, Subnet, VirtualIp, Vpc } from "../core/network";
import { Rule, RuleFields, parseRule } from "../core/rule";
import { SecurityGroup, parseSecurityGroup } from "../core/security-group";
import { Configuration, Reference, Resolved, ResourceBlock, isReference } from "./configuration";
import { LoadOptions, TerraformDocument, loadDocuments } from "./documents";

/** The Terraform resource types the reader models. */
export const RESOURCE_TYPES = {
  securityGroup: "huaweicloud_networking_secgroup",
  rule: "huaweicloud_networking_secgroup_rule",
  addressGroup: "huaweicloud_vpc_address_group",
  instance: "huaweicloud_compute_instance",
  vpc: "huaweicloud_vpc",
  subnet: "huaweicloud_vpc_subnet",
  vip: "huaweicloud_networking_vip",
  vipAssociate: "huaweicloud_networking_vip_associate",
  peering: "huaweicloud_vpc_peering_connection",
} as const;

/** What an empty optional rule field widens the rule to (the provider treats "" as not set). */
const EMPTY_MEANS: Record<string, string> = {
  protocol: "every protocol",
  ports: "every port",
  remote_ip_prefix: "every address of its ethertype",
  remote_group_id: "every address of its ethertype",
  remote_address_group_id: "every address of its ethertype",
  action: "allow (the default action)",
  priority: "priority 1 (the default)",
};

/** The id given to the project's default security group, attached to instances that name no group. */
export const PROJECT_DEFAULT_GROUP = "default";

/** What the reader returns. */
export interface TerraformModel {
  readonly network: Network;
  /** Assumptions made and things worth knowing, one sentence each, naming file and resource. */
  readonly warnings: readonly string[];
  /** The files read. */
  readonly files: readonly string[];
  /** Terraform address → cdktf construct path, for resources written by cdktf. */
  readonly constructPaths: ReadonlyMap<string, string>;
}

/**
 * Reads a `.tf.json` file, a directory of them, a `cdk.tf.json` or a `cdktf.out` directory.
 * @throws HwsgError naming file, resource address and field on any invalid input
 */
export function readTerraform(target: string, options: LoadOptions = {}): TerraformModel {
  return readDocuments(loadDocuments(target, options));
}

/** Builds the model from already parsed documents (a cdktf stack's JSON, say). */
export function readDocuments(documents: readonly TerraformDocument[]): TerraformModel {
  return new Reader(new Configuration(documents)).read();
}

class Reader {
  private readonly warnings: string[] = [];
  private readonly groups: SecurityGroup[] = [];
  private readonly groupIds = new Set<string>();
  private readonly subnets: Subnet[] = [];

  constructor(private readonly config: Configuration) {}

  read(): TerraformModel {
    const T = RESOURCE_TYPES;
    for (const block of this.config.order) {
      for (const meta of ["count", "for_each"]) {
        if (meta in block.body && Object.values(T).includes(block.type as never)) {
          throw new ValidationError(this.config.subject(block), meta, block.body[meta], `is not supported yet: write one ${block.type} resource per object`);
        }
      }
    }
    const vpcs = this.config.ofType(T.vpc).map((b) => this.vpc(b));
    for (const b of this.config.ofType(T.subnet)) this.subnets.push(this.subnet(b, vpcs));
    for (const b of this.config.ofType(T.securityGroup)) this.addGroup(parseSecurityGroup(this.fields(b, ["name", "description", "delete_default_rules"]), this.config.subject(b), b.address));
    const addressGroups = this.config.ofType(T.addressGroup).map((b) => this.addressGroup(b));
    const rules = this.config.ofType(T.rule).map((b) => this.rule(b));
    const instances = this.config.ofType(T.instance).map((b) => this.instance(b));
    const peerings = this.config.ofType(T.peering).map((b) => this.peering(b));
    const vips = this.virtualIps(instances);

    let network: Network;
    try {
      network = new Network({ securityGroups: this.groups, rules, addressGroups, instances, subnets: this.subnets, vpcs, peerings, virtualIps: vips });
    } catch (e) {
      if (e instanceof ValidationError) {
        const block = this.config.resources.get(e.subject);
        if (block) throw new ValidationError(this.config.subject(block), e.field, e.value, e.allowed, e.hint);
      }
      throw e;
    }
    const constructPaths = new Map<string, string>();
    for (const b of this.config.order) if (b.constructPath) constructPaths.set(b.address, b.constructPath);
    return { network, warnings: this.warnings, files: this.config.documents.map((d) => d.file), constructPaths };
  }

  /** Resolves the named fields of a block (absent fields stay undefined). */
  private fields(block: ResourceBlock, names: readonly string[]): Record<string, Resolved> {
    const out: Record<string, Resolved> = {};
    for (const name of names) {
      const raw = block.body[name];
      if (raw === undefined || raw === null) continue;
      const value = this.config.resolve(block, name, raw);
      if (value !== null && value !== undefined) out[name] = value;
    }
    return out;
  }

  /** The id a reference field names: a resource address for `${type.name.id}`, or the literal id. */
  private idOf(block: ResourceBlock, field: string, value: Resolved, type: string): { id: string; defined: boolean } {
    if (typeof value === "string" && value !== "") {
      const raw = rawAt(block.body, field);
      const attr = typeof raw === "string" ? /^\$\{\s*((?:huaweicloud|data)[A-Za-z0-9_.-]*?)\.([A-Za-z0-9_]+)\s*\}$/.exec(raw) : null;
      if (attr && !attr[1].startsWith("var.") && attr[2] !== "id") {
        throw new ValidationError(this.config.subject(block), field, raw, `must be the id of a ${type} (\${${type}.NAME.id}), not its ${attr[2]}`);
      }
      return { id: value, defined: false };
    }
    if (isReference(value) && value.ref === "id") {
      if (value.type !== type) throw new ValidationError(this.config.subject(block), field, `\${${value.address}.id}`, `must be the id of a ${type}, not of a ${value.type}`);
      return { id: value.address, defined: !value.data };
    }
    throw new ValidationError(this.config.subject(block), field, value, `must be the id of a ${type} (a literal id or \${${type}.NAME.id})`);
  }

  private addGroup(group: SecurityGroup): void {
    this.groups.push(group);
    this.groupIds.add(group.id);
  }

  /** A group id; a group not defined in the configuration is added with only the rules defined here. */
  private groupId(block: ResourceBlock, field: string, value: Resolved): string {
    const { id } = this.idOf(block, field, value, RESOURCE_TYPES.securityGroup);
    if (!this.groupIds.has(id)) {
      this.addGroup({ id, name: id, deleteDefaultRules: true, defined: false });
      this.warnings.push(`${this.config.subject(block)}: ${field} names security group ${id}, which this configuration does not define: only the rules defined here are known for it (its default rules and any others are not modelled)`);
    }
    return id;
  }

  private vpc(block: ResourceBlock): Vpc {
    const f = this.fields(block, ["name", "cidr", "secondary_cidrs"]);
    const subject = this.config.subject(block);
    nameField(subject, f.name);
    let cidr = this.cidrField(subject, "cidr", f.cidr, 4);
    if (Array.isArray(f.secondary_cidrs)) {
      f.secondary_cidrs.forEach((c, i) => { cidr = cidr.union(this.cidrField(subject, `secondary_cidrs[${i}]`, c, 4)); });
    }
    return { id: block.address, cidr };
  }

  private subnet(block: ResourceBlock, vpcs: readonly Vpc[]): Subnet {
    const f = this.fields(block, ["name", "cidr", "gateway_ip", "vpc_id"]);
    const subject = this.config.subject(block);
    nameField(subject, f.name);
    const cidr = this.cidrField(subject, "cidr", f.cidr, 4);
    const vpcId = this.idOf(block, "vpc_id", f.vpc_id, RESOURCE_TYPES.vpc).id;
    const vpc = vpcs.find((v) => v.id === vpcId);
    if (!vpc) throw new ValidationError(subject, "vpc_id", vpcId, "must name a huaweicloud_vpc of this configuration");
    if (vpc.cidr && !vpc.cidr.covers(cidr)) throw new ValidationError(subject, "cidr", f.cidr, `must lie within the VPC's CIDR blocks (${vpc.cidr})`);
    const gw = f.gateway_ip === undefined ? undefined : parseAddress(String(f.gateway_ip));
    if (f.gateway_ip !== undefined && (!gw || gw.version !== 4 || !cidr.has(gw.value))) {
      throw new ValidationError(subject, "gateway_ip", f.gateway_ip, `must be an IPv4 address within the subnet ${cidr}`);
    }
    return { id: block.address, vpcId, cidr };
  }

  private cidrField(subject: string, field: string, value: Resolved, version: IpVersion): AddressSet {
    const cidr = typeof value === "string" ? parseCidr(value) : undefined;
    if (!cidr || cidr.version !== version) throw new ValidationError(subject, field, value, `must be an IPv${version} CIDR block such as 192.168.0.0/16`);
    if (!cidr.canonical) throw new ValidationError(subject, field, value, "host bits are set", `did you mean ${cidr.text}?`);
    return AddressSet.parse(cidr.text);
  }

  private addressGroup(block: ResourceBlock): AddressGroup {
    const f = this.fields(block, ["name", "addresses", "ip_extra_set", "ip_version", "max_capacity", "description"]);
    return parseAddressGroup(f, this.config.subject(block), block.address);
  }

  private rule(block: ResourceBlock): Rule {
    const names = ["security_group_id", "direction", "ethertype", "protocol", "ports", "port_range_min", "port_range_max", "remote_ip_prefix", "remote_group_id", "remote_address_group_id", "action", "priority", "description"];
    const f = this.fields(block, names);
    const subject = this.config.subject(block);
    const fields: Record<string, unknown> = { ...f };
    if (f.security_group_id !== undefined) fields.security_group_id = this.groupId(block, "security_group_id", f.security_group_id);
    if (f.remote_group_id !== undefined && f.remote_group_id !== "") fields.remote_group_id = this.groupId(block, "remote_group_id", f.remote_group_id);
    if (f.remote_address_group_id !== undefined && f.remote_address_group_id !== "") {
      const { id, defined } = this.idOf(block, "remote_address_group_id", f.remote_address_group_id, RESOURCE_TYPES.addressGroup);
      if (!defined) throw new ValidationError(subject, "remote_address_group_id", f.remote_address_group_id, "must reference a huaweicloud_vpc_address_group defined in this configuration: its addresses are needed to evaluate the rule");
      fields.remote_address_group_id = id;
    }
    for (const [field, meaning] of Object.entries(EMPTY_MEANS)) {
      if (f[field] === "") this.warnings.push(`${subject}: ${field} is "", which the provider does not send: the rule applies to ${meaning}`);
    }
    const rule = parseRule(fields as RuleFields, subject, block.address);
    if (rule.priorityImplicit) {
      this.warnings.push(`${subject}: priority is not set; the provider's default, 1 (the highest), is assumed`);
    }
    return rule;
  }

  private instance(block: ResourceBlock): Instance {
    const subject = this.config.subject(block);
    const f = this.fields(block, ["name", "security_group_ids", "security_groups", "network", "flavor_id", "flavor_name"]);
    requireString(subject, "name", f.name);
    let groupIds: string[] = [];
    if (f.security_group_ids !== undefined) {
      if (!Array.isArray(f.security_group_ids)) throw new ValidationError(subject, "security_group_ids", f.security_group_ids, "must be a list of security group ids");
      groupIds = f.security_group_ids.map((v, i) => this.groupId(block, `security_group_ids[${i}]`, v));
    } else if (f.security_groups !== undefined) {
      if (!Array.isArray(f.security_groups)) throw new ValidationError(subject, "security_groups", f.security_groups, "must be a list of security group names");
      groupIds = f.security_groups.map((v, i) => {
        const named = this.groups.find((g) => g.defined && g.name === v);
        if (named) return named.id;
        return this.groupId(block, `security_groups[${i}]`, v);
      });
      this.warnings.push(`${subject}: security_groups is a set, whose order Terraform does not keep; the order written is assumed as the matching order (use security_group_ids)`);
    } else {
      if (!this.groupIds.has(PROJECT_DEFAULT_GROUP)) this.addGroup({ id: PROJECT_DEFAULT_GROUP, name: PROJECT_DEFAULT_GROUP, deleteDefaultRules: false, defined: false });
      groupIds = [PROJECT_DEFAULT_GROUP];
      this.warnings.push(`${subject}: no security_group_ids: Huawei Cloud attaches the project's default security group, modelled with its four default rules only`);
    }
    const networks = f.network !== undefined && !Array.isArray(f.network) && typeof f.network === "object" && !isReference(f.network) ? [f.network] : f.network;
    if (!Array.isArray(networks) || networks.length === 0) throw new ValidationError(subject, "network", networks, "at least one network block is required");
    if (networks.length > 12) throw new ValidationError(subject, "network", `${networks.length} blocks`, "at most 12 network blocks are allowed");
    const nics = networks.map((n, i) => this.nic(block, n, i));
    const flavor = typeof f.flavor_id === "string" ? f.flavor_id : typeof f.flavor_name === "string" ? f.flavor_name : undefined;
    return { id: block.address, name: f.name as string, securityGroupIds: groupIds, nics, ...(flavor ? { flavor } : {}) };
  }

  private nic(block: ResourceBlock, value: Resolved, i: number): Nic {
    const subject = this.config.subject(block);
    const field = `network[${i}]`;
    if (typeof value !== "object" || value === null || Array.isArray(value) || isReference(value)) throw new ValidationError(subject, field, value, "must be a network block");
    const n = value as Record<string, Resolved>;
    let subnet: Subnet | undefined;
    if (n.uuid !== undefined) {
      const { id, defined } = this.idOf(block, `${field}.uuid`, n.uuid, RESOURCE_TYPES.subnet);
      subnet = defined ? this.subnets.find((s) => s.id === id) : undefined;
      if (!defined) this.warnings.push(`${subject}: ${field}.uuid ${id} is a subnet this configuration does not define: the NIC's VPC is unknown, so VPC isolation is not checked for it`);
    }
    let fixedIpV4: bigint | undefined;
    if (n.fixed_ip_v4 !== undefined && n.fixed_ip_v4 !== "") {
      const a = typeof n.fixed_ip_v4 === "string" ? parseAddress(n.fixed_ip_v4) : undefined;
      if (!a || a.version !== 4) throw new ValidationError(subject, `${field}.fixed_ip_v4`, n.fixed_ip_v4, "must be an IPv4 address");
      if (subnet?.cidr && !subnet.cidr.has(a.value)) throw new ValidationError(subject, `${field}.fixed_ip_v4`, n.fixed_ip_v4, `must lie within the subnet's CIDR ${subnet.cidr}`);
      fixedIpV4 = a.value;
    }
    let fixedIpV6: bigint | undefined;
    if (n.fixed_ip_v6 !== undefined && n.fixed_ip_v6 !== "") {
      const a = typeof n.fixed_ip_v6 === "string" ? parseAddress(n.fixed_ip_v6) : undefined;
      if (!a || a.version !== 6) throw new ValidationError(subject, `${field}.fixed_ip_v6`, n.fixed_ip_v6, "must be an IPv6 address");
      fixedIpV6 = a.value;
    }
    const sourceDestCheck = booleanField(subject, `${field}.source_dest_check`, n.source_dest_check, true);
    return { sourceDestCheck, ...(subnet ? { subnetId: subnet.id } : {}), ...(fixedIpV4 !== undefined ? { fixedIpV4 } : {}), ...(fixedIpV6 !== undefined ? { fixedIpV6 } : {}) };
  }

  private peering(block: ResourceBlock): Peering {
    const subject = this.config.subject(block);
    const f = this.fields(block, ["name", "vpc_id", "peer_vpc_id"]);
    nameField(subject, f.name, { re: /^[-._A-Za-z0-9\u4e00-\u9fa5]+$/, allowed: "may contain only letters, digits, -, _, . and Chinese characters" });
    const vpcId = this.idOf(block, "vpc_id", f.vpc_id, RESOURCE_TYPES.vpc).id;
    const peerVpcId = this.idOf(block, "peer_vpc_id", f.peer_vpc_id, RESOURCE_TYPES.vpc).id;
    if (vpcId === peerVpcId) throw new ValidationError(subject, "peer_vpc_id", peerVpcId, "must be a VPC other than vpc_id");
    for (const [field, id] of [["vpc_id", vpcId], ["peer_vpc_id", peerVpcId]] as const) {
      if (!this.config.resources.has(id)) throw new ValidationError(subject, field, id, "must reference a huaweicloud_vpc of this configuration");
    }
    return { id: block.address, vpcId, peerVpcId };
  }

  private virtualIps(instances: readonly Instance[]): VirtualIp[] {
    const T = RESOURCE_TYPES;
    const vips = new Map<string, { id: string; subnetId?: string; version: IpVersion; address?: bigint; holders: Array<{ instanceId: string; nicIndex: number }> }>();
    for (const block of this.config.ofType(T.vip)) {
      const subject = this.config.subject(block);
      const f = this.fields(block, ["network_id", "ip_version", "ip_address"]);
      const { id: subnetId } = this.idOf(block, "network_id", f.network_id, T.subnet);
      const subnet = this.subnets.find((s) => s.id === subnetId);
      const version = (f.ip_version === undefined ? 4 : integerIn(subject, "ip_version", f.ip_version, 4, 6)) as IpVersion;
      if (version !== 4 && version !== 6) throw new ValidationError(subject, "ip_version", f.ip_version, "must be 4 or 6");
      let address: bigint | undefined;
      if (f.ip_address !== undefined) {
        const a = typeof f.ip_address === "string" ? parseAddress(f.ip_address) : undefined;
        if (!a || a.version !== version) throw new ValidationError(subject, "ip_address", f.ip_address, `must be an IPv${version} address`);
        if (version === 4 && subnet?.cidr && !subnet.cidr.has(a.value)) throw new ValidationError(subject, "ip_address", f.ip_address, `must lie within the subnet's CIDR ${subnet.cidr}`);
        address = a.value;
      }
      vips.set(block.address, { id: block.address, version, holders: [], ...(subnet ? { subnetId: subnet.id } : {}), ...(address !== undefined ? { address } : {}) });
    }
    for (const block of this.config.ofType(T.vipAssociate)) {
      const subject = this.config.subject(block);
      const f = this.fields(block, ["vip_id", "port_ids"]);
      const { id: vipId } = this.idOf(block, "vip_id", f.vip_id, T.vip);
      const vip = vips.get(vipId);
      if (!vip) throw new ValidationError(subject, "vip_id", vipId, "must reference a huaweicloud_networking_vip of this configuration");
      if (!Array.isArray(f.port_ids) || f.port_ids.length === 0) throw new ValidationError(subject, "port_ids", f.port_ids, "must be a non-empty list of NIC ports");
      f.port_ids.forEach((p, i) => {
        if (!isReference(p) || p.ref !== "port") {
          throw new ValidationError(subject, `port_ids[${i}]`, p, "must reference an instance's NIC port, as ${huaweicloud_compute_instance.NAME.network[0].port}");
        }
        const inst = instances.find((x) => x.id === (p as Reference & { ref: "port" }).address);
        if (!inst || !inst.nics[p.nicIndex]) throw new ValidationError(subject, `port_ids[${i}]`, `${p.address}.network[${p.nicIndex}].port`, "names a network block the instance does not have");
        vip.holders.push({ instanceId: inst.id, nicIndex: p.nicIndex });
      });
    }
    return [...vips.values()];
  }
}

/** The raw value at a field path such as `security_group_ids[0]` or `network[1].uuid`. */
function rawAt(body: Record<string, unknown>, path: string): unknown {
  let cur: unknown = body;
  for (const step of path.split(/\.|\[(\d+)\]/).filter((s) => s !== undefined && s !== "")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = Array.isArray(cur) ? (/^\d+$/.test(step) ? cur[Number(step)] : undefined) : (cur as Record<string, unknown>)[step];
  }
  return cur;
}

function requireString(subject: string, field: string, value: Resolved): string {
  if (typeof value !== "string" || value === "") throw new ValidationError(subject, field, value, "is required: a non-empty string");
  return value;
}

