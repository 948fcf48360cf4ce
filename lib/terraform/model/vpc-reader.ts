/**
 * The VPC layer of the network reader: VPCs, subnets and peerings, and the ids that reference
 * fields name (a resource address for `${type.name.id}`, or a literal id of something created
 * elsewhere), as the provider and the cloud validate them.
 */
import { AddressSet } from "../../core/address-set";
import { ValidationError } from "../../core/errors";
import { nameField } from "../../core/fields";
import { IpVersion, parseAddress, parseCidr } from "../../core/ip";
import { Peering, Subnet, Vpc } from "../../core/network";
import { rawAt } from "../configuration";
import { ResourceInstance } from "../expansion";
import { currentType } from "../schema/provider-schema";
import { Resolved, isReference } from "../values";
import { InstanceReader, KEPT_NAME, LeftOut } from "./instance-reader";
import { RESOURCE_TYPES } from "./resource-types";

/** Reads VPCs, subnets and peerings; the base of the security group and network readers. */
export abstract class VpcReader extends InstanceReader {
  protected readonly subnets: Subnet[] = [];

  protected readonly subnetById = new Map<string, Subnet>();

  /** The id a reference field names: a resource address for `${type.name.id}`, or the literal id. */
  protected idOf(instance: ResourceInstance, field: string, value: Resolved, type: string): { id: string; defined: boolean } {
    const subject = this.config.subject(instance);
    if (typeof value === "string" && value !== "") {
      const attribute = this.config.referencedAttribute(instance.block, field);
      if (attribute !== undefined && attribute !== "id") {
        throw new ValidationError(subject, field, this.config.written(instance.block, rawAt(instance.block.body, field)), `must be the id of a ${type} (\${${type}.NAME.id}), not its ${attribute}`);
      }
      return { id: value, defined: false };
    }
    if (isReference(value) && value.ref === "id") {
      if (currentType(value.type) !== type) throw new ValidationError(subject, field, `\${${value.address}.id}`, `must be the id of a ${type}, not of a ${value.type}`);
      if (this.leftOut.has(value.address)) {
        throw new LeftOut(field, this.expressionAt(instance, field), `it refers to ${value.address}, which is left out of the model (see the unknown recorded for it)`);
      }
      return { id: value.address, defined: !value.data };
    }
    throw new ValidationError(subject, field, value, `must be the id of a ${type} (a literal id or \${${type}.NAME.id})`);
  }

  /**
   * The subnet a NIC's field names (`network[0].uuid`, `subnet_id`), when this configuration
   * defines it; otherwise undefined, with a warning that the NIC's VPC is unknown.
   */
  protected subnetNamed(instance: ResourceInstance, field: string, value: Resolved): Subnet | undefined {
    const { id, defined } = this.idOf(instance, field, value, RESOURCE_TYPES.subnet);
    const subnet = defined ? this.subnetById.get(id) : undefined;
    if (!subnet) this.warnings.push(`${this.config.subject(instance)}: ${field} ${id} is a subnet this configuration does not define: the NIC's VPC is unknown, so VPC isolation is not checked for it`);
    return subnet;
  }

  protected addSubnet(subnet: Subnet): void {
    this.subnets.push(subnet);
    if (!this.subnetById.has(subnet.id)) this.subnetById.set(subnet.id, subnet);
  }

  protected vpc(instance: ResourceInstance): Vpc {
    const f = this.fields(instance, ["name", "cidr", "secondary_cidr", "secondary_cidrs"], { name: KEPT_NAME });
    const subject = this.config.subject(instance);
    if (!this.lastKept.has("name")) nameField(subject, f.name, undefined, "name", this.warnings);
    let cidr = this.cidrField(subject, "cidr", f.cidr, 4);
    // The deprecated single secondary block still adds to the VPC (the provider conflicts it with secondary_cidrs).
    if (f.secondary_cidr !== undefined && f.secondary_cidr !== "") {
      if (f.secondary_cidrs !== undefined) throw new ValidationError(subject, "secondary_cidr", f.secondary_cidr, "conflicts with secondary_cidrs in the provider");
      cidr = cidr.union(this.cidrField(subject, "secondary_cidr", f.secondary_cidr, 4));
    }
    if (Array.isArray(f.secondary_cidrs)) {
      f.secondary_cidrs.forEach((c, i) => { cidr = cidr.union(this.cidrField(subject, `secondary_cidrs[${i}]`, c, 4)); });
    }
    return { id: instance.address, cidr };
  }

  protected subnet(instance: ResourceInstance, vpcs: Vpc[]): Subnet {
    const f = this.fields(instance, ["name", "cidr", "gateway_ip", "vpc_id"], { name: KEPT_NAME });
    const subject = this.config.subject(instance);
    if (!this.lastKept.has("name")) nameField(subject, f.name, undefined, "name", this.warnings);
    const cidr = this.cidrField(subject, "cidr", f.cidr, 4);
    const vpcId = this.idOf(instance, "vpc_id", f.vpc_id, RESOURCE_TYPES.vpc).id;
    const vpc = vpcs.find((v) => v.id === vpcId) ?? this.externalVpc(subject, "vpc_id", vpcId, vpcs);
    if (vpc.cidr && !vpc.cidr.covers(cidr)) throw new ValidationError(subject, "cidr", f.cidr, `must lie within the VPC's CIDR blocks (${vpc.cidr})`);
    const gw = f.gateway_ip === undefined ? undefined : parseAddress(String(f.gateway_ip));
    if (f.gateway_ip !== undefined && (!gw || gw.version !== 4 || !cidr.has(gw.value))) {
      throw new ValidationError(subject, "gateway_ip", f.gateway_ip, `must be an IPv4 address within the subnet ${cidr}`);
    }
    return { id: instance.address, vpcId, cidr };
  }

  /**
   * A VPC this configuration does not define (a literal id: a VPC created elsewhere, or a peer
   * VPC in another account), added once without CIDR blocks, with a warning.
   */
  protected externalVpc(subject: string, field: string, id: string, vpcs: Vpc[]): Vpc {
    const vpc: Vpc = { id };
    vpcs.push(vpc);
    this.warnings.push(`${subject}: ${field} ${id} is a VPC this configuration does not define: it is modelled without CIDR blocks and with only the subnets and instances defined here`);
    return vpc;
  }

  /** A VPC or subnet CIDR block, as the provider's ValidateCIDR takes it: canonical once lower-cased (10.0.0.0/8, not 10.0.0.0/08). */
  protected cidrField(subject: string, field: string, value: Resolved, version: IpVersion): AddressSet {
    const cidr = typeof value === "string" ? parseCidr(value) : undefined;
    if (!cidr || cidr.version !== version) throw new ValidationError(subject, field, value, `must be an IPv${version} CIDR block such as 192.168.0.0/16`);
    if (!cidr.canonical) throw new ValidationError(subject, field, value, "host bits are set", `did you mean ${cidr.text}?`);
    if (cidr.text !== (value as string).toLowerCase()) throw new ValidationError(subject, field, value, "must be written in canonical form (the provider's ValidateCIDR compares the text)", `did you mean ${cidr.text}?`);
    return AddressSet.parse(cidr.text);
  }

  protected peering(instance: ResourceInstance, vpcs: Vpc[]): Peering {
    const subject = this.config.subject(instance);
    const f = this.fields(instance, ["name", "vpc_id", "peer_vpc_id"], { name: KEPT_NAME });
    if (!this.lastKept.has("name")) {
      // The provider's ValidateString64WithChinese: at most 64 bytes, letters, digits, -, _, . and Chinese characters.
      nameField(subject, f.name, { re: /^[-._A-Za-z0-9\u4e00-\u9fa5]+$/, allowed: "may contain only letters, digits, -, _, . and Chinese characters", bytes: true }, "name", this.warnings);
    }
    const vpcId = this.idOf(instance, "vpc_id", f.vpc_id, RESOURCE_TYPES.vpc).id;
    const peerVpcId = this.idOf(instance, "peer_vpc_id", f.peer_vpc_id, RESOURCE_TYPES.vpc).id;
    if (vpcId === peerVpcId) throw new ValidationError(subject, "peer_vpc_id", peerVpcId, "must be a VPC other than vpc_id");
    for (const [field, id] of [["vpc_id", vpcId], ["peer_vpc_id", peerVpcId]] as const) {
      if (!vpcs.some((v) => v.id === id)) this.externalVpc(subject, field, id, vpcs);
    }
    return { id: instance.address, vpcId, peerVpcId };
  }
}
