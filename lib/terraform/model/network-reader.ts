/**
 * Builds the network model from a source of values (a configuration, a plan, a state): VPCs,
 * subnets, security groups, address groups, rules, instances and their NICs, peerings and
 * virtual IPs, in that order, each validated as the provider and the cloud validate it.
 */
import { ValidationError } from "../../core/errors";
import { booleanField, integerIn } from "../../core/fields";
import { IpVersion, parseAddress } from "../../core/ip";
import { Instance, Network, Nic, Subnet, VirtualIp } from "../../core/network";
import { ResourceInstance } from "../expansion";
import { checkAgainstSchema } from "../schema/check-configuration";
import { currentType } from "../schema/provider-schema";
import { Unknown, findUnknown } from "../unknowns";
import { unmodelledCarriers } from "../unmodelled";
import { Reference, Resolved, isMap, isReference } from "../values";
import { flavorSensitiveGroups } from "./group-reader";
import { NicMemberReader, PORT_TYPES } from "./nic-member-reader";
import { FLAVOR_KEPT, KEPT_NAME, LeftOut } from "./instance-reader";
import { READ_MEMBER_TYPES } from "./member-types";
import { MODELLED_TYPES, PROJECT_DEFAULT_GROUP, RESOURCE_TYPES } from "./resource-types";

/** What the reader returns. */
export interface TerraformModel {
  /** The network model: what could be read, without what had to be left out (see `unknowns`). */
  readonly network: Network;
  /** Assumptions made and things worth knowing, one sentence each, naming file and resource. */
  readonly warnings: readonly string[];
  /** The files read. */
  readonly files: readonly string[];
  /** Terraform address → cdktf construct path, for resources written by cdktf. */
  readonly constructPaths: ReadonlyMap<string, string>;
  /**
   * What could not be resolved statically, and what the model does about it (always empty with
   * `unknowns: "error"`, which throws instead). In the order the reader meets them: by resource
   * type (VPCs, subnets, security groups, address groups, rules, instances, peerings, virtual
   * IPs and their associations), then in configuration order — so what is left out because
   * something it refers to was left out comes after that.
   */
  readonly unknowns: readonly Unknown[];
}

/** Builds the network model. */
export class NetworkReader extends NicMemberReader {
  read(): TerraformModel {
    const T = RESOURCE_TYPES;
    this.unknowns.push(...(this.config.sourceUnknowns?.() ?? []));
    if (this.mode === "error" && this.unknowns.length > 0) {
      const u = this.unknowns[0];
      throw new ValidationError(`${u.file}: ${u.address}`, u.field, u.expression, `cannot be resolved statically: ${u.reason}`);
    }
    this.warnings.push(...(this.config.sourceWarnings?.() ?? []));
    for (const d of this.config.documents) this.warnings.push(...((d as { warnings?: readonly string[] }).warnings ?? []));
    // Members the model does not read yet: unknowns; at synth time (error mode) warnings, since a
    // group whose members are all such resources is checked through a hypothetical member.
    for (const u of unmodelledCarriers(this.config)) {
      if (this.mode === "error") this.warnings.push(`${u.file}: ${u.address}: ${u.reason} ${u.effect}`);
      else this.unknowns.push(u);
    }
    if (this.config.kind === "configuration") this.warnings.push(...checkAgainstSchema(this.config, MODELLED_TYPES, READ_MEMBER_TYPES));
    const vpcs = this.each(T.vpc, (i) => this.vpc(i));
    this.each(T.subnet, (i) => this.addSubnet(this.subnet(i, vpcs)));
    this.each(T.securityGroup, (i) => this.addGroup(this.securityGroup(i)));
    const addressGroups = this.each(T.addressGroup, (i) => this.addressGroup(i));
    const addressGroupIds = new Set(addressGroups.map((a) => a.id));
    const rules = this.each(T.rule, (i) => this.rule(i, addressGroupIds));
    const flavorSensitive = flavorSensitiveGroups(rules);
    const computeInstances = this.each(T.instance, (i) => this.instance(i, flavorSensitive));
    const instances = [...computeInstances, ...this.serviceMembers(), ...this.launchedMembers(computeInstances)];
    instances.push(...this.nicMembers(computeInstances));
    const peerings = this.each(T.peering, (i) => this.peering(i, vpcs));
    const vips = this.virtualIps(instances);

    let network: Network;
    try {
      network = new Network({ securityGroups: this.groups, rules, addressGroups, instances, subnets: this.subnets, vpcs, peerings, virtualIps: vips });
    } catch (e) {
      if (e instanceof ValidationError) {
        const instance = this.built.get(e.subject);
        if (instance) throw new ValidationError(this.config.subject(instance), e.field, e.value, e.allowed, e.hint);
      }
      throw e;
    }
    const constructPaths = new Map<string, string>();
    for (const [address, i] of this.built) if (i.block.constructPath) constructPaths.set(address, i.block.constructPath);
    return { network, warnings: this.warnings, files: [...this.config.documents.map((d) => d.file), ...(this.config.sourceFiles?.() ?? [])], constructPaths, unknowns: this.unknowns };
  }

  /** @param flavorSensitive the groups with a rule some flavors ignore (see flavorSensitiveGroups) */
  private instance(instance: ResourceInstance, flavorSensitive: ReadonlySet<string>): Instance {
    const subject = this.config.subject(instance);
    // The groups known so far, for the unknown recorded if the instance is left out.
    const written = instance.block.body.security_group_ids;
    if (written !== undefined && written !== null) {
      const ids = this.config.resolve(instance, "security_group_ids", written);
      for (const x of Array.isArray(ids) ? ids : []) if (isReference(x) && x.ref === "id" && currentType(x.type) === RESOURCE_TYPES.securityGroup) this.concerned.push(x.address);
    }
    const g = this.fields(instance, ["security_group_ids", "security_groups"]);
    this.concerned = [];
    if (g.security_group_ids !== undefined && g.security_groups !== undefined) {
      // ConflictsWith in the provider's schema (resource_huaweicloud_compute_instance.go).
      throw new ValidationError(subject, "security_groups", g.security_groups, "conflicts with security_group_ids in the provider: use one of them");
    }
    let groupIds: string[] = [];
    if (g.security_group_ids !== undefined) {
      if (!Array.isArray(g.security_group_ids)) throw new ValidationError(subject, "security_group_ids", g.security_group_ids, "must be a list of security group ids");
      groupIds = g.security_group_ids.map((v, i) => this.groupId(instance, `security_group_ids[${i}]`, v));
    } else if (g.security_groups !== undefined) {
      if (!Array.isArray(g.security_groups)) throw new ValidationError(subject, "security_groups", g.security_groups, "must be a list of security group names");
      groupIds = g.security_groups.map((v, i) => {
        const named = this.definedGroupNamed(v);
        if (named) {
          this.concerned.push(named.id);
          return named.id;
        }
        if (this.unnamedGroups.length > 0) {
          throw new LeftOut(`security_groups[${i}]`, this.expressionAt(instance, `security_groups[${i}]`), `it names the group ${JSON.stringify(v)}, which may be one of ${this.unnamedGroups.join(", ")}, whose names are not known statically`);
        }
        return this.groupId(instance, `security_groups[${i}]`, v);
      });
      this.warnings.push(`${subject}: security_groups is a set, whose order Terraform does not keep; the order written is assumed as the matching order (use security_group_ids)`);
    } else {
      if (!this.groupIds.has(PROJECT_DEFAULT_GROUP)) this.addGroup({ id: PROJECT_DEFAULT_GROUP, name: PROJECT_DEFAULT_GROUP, deleteDefaultRules: false, defined: false });
      groupIds = [PROJECT_DEFAULT_GROUP];
      this.warnings.push(`${subject}: no security_group_ids: Huawei Cloud attaches the project's default security group, modelled with its four default rules only`);
    }

    const flavorMatters = groupIds.some((id) => flavorSensitive.has(id));
    const f = this.fields(instance, ["name", "flavor_id", "flavor_name"], { name: KEPT_NAME, ...(flavorMatters ? {} : { flavor_id: FLAVOR_KEPT, flavor_name: FLAVOR_KEPT }) });
    if (!this.lastKept.has("name") && asString(f.name ?? "") === "") this.warnings.push(`${subject}: name is empty, which the cloud refuses (kept: the name does not affect matching)`);

    const networks = this.networks(instance);
    if (!Array.isArray(networks) || networks.length === 0) throw new ValidationError(subject, "network", networks, "at least one network block is required");
    if (networks.length > 12) throw new ValidationError(subject, "network", `${networks.length} blocks`, "at most 12 network blocks are allowed");
    const nics = networks.map((n, i) => this.nic(instance, n, i));
    const flavor = asString(f.flavor_id) ?? asString(f.flavor_name);
    return { id: instance.address, securityGroupIds: groupIds, nics, ...(f.name !== undefined ? { name: f.name as string } : {}), ...(flavor ? { flavor } : {}) };
  }

  /** The network blocks; unknowns in a fixed IP are kept (the NIC then has none), others leave the instance out. */
  private networks(instance: ResourceInstance): Resolved {
    const body = instance.block.body;
    const blocks = body.dynamic;
    if ((isMap(blocks) && "network" in blocks) || (Array.isArray(blocks) && blocks.some((d) => isMap(d) && "network" in (d as Record<string, unknown>)))) {
      throw new LeftOut("network", 'dynamic "network"', 'a dynamic "network" block is not expanded statically');
    }
    if (body.network === undefined || body.network === null) return undefined;
    const value = this.config.resolve(instance, "network", body.network);
    const list = isMap(value) ? [value] : value;
    if (!Array.isArray(list)) {
      const u = findUnknown(list);
      if (u) throw this.unknownAt(instance, "network", u.path, u.unknown);
      return list;
    }
    return list.map((n, i) => {
      if (!isMap(n)) {
        const u = findUnknown(n);
        if (u) throw this.unknownAt(instance, `network[${i}]`, u.path, u.unknown);
        return n;
      }
      const nic: Record<string, Resolved> = { ...(n as Record<string, Resolved>) };
      for (const [k, v] of Object.entries(nic)) {
        const u = findUnknown(v);
        if (!u) continue;
        if (k === "fixed_ip_v4" || k === "fixed_ip_v6") {
          this.kept(instance, `network[${i}].${k}`, u.path, u.unknown, "the NIC is kept without this fixed IP: it stands for every address of its subnet, so questions about it cover the whole subnet");
          delete nic[k];
        } else if (k !== "port" && (k === "uuid" || k === "source_dest_check")) {
          throw this.unknownAt(instance, `network[${i}].${k}`, u.path, u.unknown);
        }
      }
      return nic;
    });
  }

  private nic(instance: ResourceInstance, value: Resolved, i: number): Nic {
    const subject = this.config.subject(instance);
    const field = `network[${i}]`;
    if (!isMap(value)) throw new ValidationError(subject, field, value, "must be a network block");
    const n = value as Record<string, Resolved>;
    let subnet: Subnet | undefined;
    if (n.uuid !== undefined && n.uuid !== null) subnet = this.subnetNamed(instance, `${field}.uuid`, n.uuid);
    let fixedIpV4: bigint | undefined;
    if (n.fixed_ip_v4 !== undefined && n.fixed_ip_v4 !== null && n.fixed_ip_v4 !== "") {
      const a = typeof n.fixed_ip_v4 === "string" ? parseAddress(n.fixed_ip_v4) : undefined;
      if (!a || a.version !== 4) throw new ValidationError(subject, `${field}.fixed_ip_v4`, n.fixed_ip_v4, "must be an IPv4 address");
      if (subnet?.cidr && !subnet.cidr.has(a.value)) throw new ValidationError(subject, `${field}.fixed_ip_v4`, n.fixed_ip_v4, `must lie within the subnet's CIDR ${subnet.cidr}`);
      fixedIpV4 = a.value;
    }
    let fixedIpV6: bigint | undefined;
    if (n.fixed_ip_v6 !== undefined && n.fixed_ip_v6 !== null && n.fixed_ip_v6 !== "") {
      const a = typeof n.fixed_ip_v6 === "string" ? parseAddress(n.fixed_ip_v6) : undefined;
      if (!a || a.version !== 6) throw new ValidationError(subject, `${field}.fixed_ip_v6`, n.fixed_ip_v6, "must be an IPv6 address");
      fixedIpV6 = a.value;
    }
    const sourceDestCheck = booleanField(subject, `${field}.source_dest_check`, n.source_dest_check, true);
    return { sourceDestCheck, ...(subnet ? { subnetId: subnet.id } : {}), ...(fixedIpV4 !== undefined ? { fixedIpV4 } : {}), ...(fixedIpV6 !== undefined ? { fixedIpV6 } : {}) };
  }

  private virtualIps(instances: readonly Instance[]): VirtualIp[] {
    const T = RESOURCE_TYPES;
    const instanceById = new Map<string, Instance>();
    for (const x of instances) if (!instanceById.has(x.id)) instanceById.set(x.id, x);
    const vips = new Map<string, { id: string; subnetId?: string; version: IpVersion; address?: bigint; holders: Array<{ instanceId: string; nicIndex: number }> }>();
    this.each(T.vip, (instance) => {
      const subject = this.config.subject(instance);
      const kept = "the virtual IP is kept without an address: it cannot be named by address in a question";
      const f = this.fields(instance, ["network_id", "ip_version", "ip_address"], { ip_address: kept });
      const { id: subnetId } = this.idOf(instance, "network_id", f.network_id, T.subnet);
      const subnet = this.subnetById.get(subnetId);
      const version = (f.ip_version === undefined ? 4 : integerIn(subject, "ip_version", f.ip_version, 4, 6)) as IpVersion;
      if (version !== 4 && version !== 6) throw new ValidationError(subject, "ip_version", f.ip_version, "must be 4 or 6");
      let address: bigint | undefined;
      if (f.ip_address !== undefined) {
        const a = typeof f.ip_address === "string" ? parseAddress(f.ip_address) : undefined;
        if (!a || a.version !== version) throw new ValidationError(subject, "ip_address", f.ip_address, `must be an IPv${version} address`);
        if (version === 4 && subnet?.cidr && !subnet.cidr.has(a.value)) throw new ValidationError(subject, "ip_address", f.ip_address, `must lie within the subnet's CIDR ${subnet.cidr}`);
        address = a.value;
      }
      vips.set(instance.address, { id: instance.address, version, holders: [], ...(subnet ? { subnetId: subnet.id } : {}), ...(address !== undefined ? { address } : {}) });
    });
    this.each(T.vipAssociate, (instance) => {
      const subject = this.config.subject(instance);
      const f = this.fields(instance, ["vip_id", "port_ids"]);
      const { id: vipId } = this.idOf(instance, "vip_id", f.vip_id, T.vip);
      const vip = vips.get(vipId);
      if (!Array.isArray(f.port_ids) || f.port_ids.length === 0) throw new ValidationError(subject, "port_ids", f.port_ids, "must be a non-empty list of NIC ports");
      if (!vip) {
        // A virtual IP created elsewhere (a literal id): valid, but its address is not known here.
        this.warnings.push(`${subject}: vip_id ${vipId} is a virtual IP this configuration does not define: its address is not known, so the NICs named do not hold it in the model`);
        return;
      }
      const holders = f.port_ids.flatMap((p, i) => {
        if (typeof p === "string" && p !== "") {
          this.warnings.push(`${subject}: port_ids[${i}] ${p} is a port this configuration does not define: it is not modelled as holding the virtual IP`);
          return [];
        }
        if (isReference(p) && p.ref === "id" && !p.data && PORT_TYPES.has(currentType(p.type))) {
          // A port, a network interface or an attached interface (its id is its port's): the member holding that NIC.
          const owner = this.nicOwners.get(p.address);
          if (owner === undefined || !instanceById.has(owner)) throw new LeftOut(`port_ids[${i}]`, this.expressionAt(instance, `port_ids[${i}]`), `it refers to ${p.address}, whose NIC is not in the model (see the unknown or warning recorded for it)`);
          return [{ instanceId: owner, nicIndex: 0 }];
        }
        if (!isReference(p) || p.ref !== "port") {
          throw new ValidationError(subject, `port_ids[${i}]`, p, "must reference a NIC port: ${huaweicloud_compute_instance.NAME.network[0].port}, ${huaweicloud_compute_interface_attach.NAME.port_id} or the id of a huaweicloud_networking_port or huaweicloud_vpc_network_interface");
        }
        const port = p as Reference & { ref: "port" };
        if (this.leftOut.has(port.address)) throw new LeftOut(`port_ids[${i}]`, this.expressionAt(instance, `port_ids[${i}]`), `it refers to ${port.address}, which is left out of the model (see the unknown recorded for it)`);
        const inst = instanceById.get(port.address);
        if (!inst || !inst.nics[port.nicIndex]) throw new ValidationError(subject, `port_ids[${i}]`, `${port.address}.network[${port.nicIndex}].port`, "names a network block the instance does not have");
        return [{ instanceId: inst.id, nicIndex: port.nicIndex }];
      });
      vip.holders.push(...holders);
    });
    return [...vips.values()];
  }
}

/** A string argument's value as Terraform converts it (a number or a bool becomes its text); undefined when not one. */
function asString(value: Resolved): string | undefined {
  return typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;
}
