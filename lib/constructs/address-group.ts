/**
 * The `AddressGroup` construct: an IP address group (`huaweicloud_vpc_address_group`) that rules
 * name as their remote (Huawei Cloud "Security Group Configuration Examples", "Allowing External Instances to Access the Database Deployed on an ECS", `ipGroup-A`).
 */
import { Construct } from "constructs";
import { VpcAddressGroup } from "../provider-huaweicloud/lib/vpc-address-group";
import { AddressGroup as AddressGroupModel, MAX_ADDRESS_GROUP_CAPACITY, parseAddressGroup } from "../core/address-group";
import { IpVersion } from "../core/ip";
import { ensureChecks } from "./checks";
import { AddressGroupRef, IPeer, Peer, RemoteSpec } from "./peer";
import { defaultName, pathBelowStack, requireLiteral, terraformAddress } from "./private/naming";

/** Properties of an `AddressGroup`. */
export interface AddressGroupProps {
  /**
   * The entries: single addresses (`10.0.0.5`), CIDR blocks (`10.0.0.0/24`) or ranges
   * (`10.0.0.1-10.0.0.9`), all of `ipVersion`.
   */
  readonly addresses: readonly string[];
  /**
   * The IP version of every entry.
   * @default 4
   */
  readonly ipVersion?: IpVersion;
  /**
   * The group's name: letters, digits, `_`, `-` and `.`, 1–64 characters.
   * @default the construct path below the stack, with `-` for `/`
   */
  readonly addressGroupName?: string;
  /**
   * The most entries the group may ever hold, 1–20.
   * @default 20
   */
  readonly maxCapacity?: number;
  /**
   * A description: at most 255 characters, no `<` or `>`.
   * @default no description
   */
  readonly description?: string;
}

/**
 * An IP address group, usable as a rule's peer.
 *
 * @example
 * const trusted = new AddressGroup(this, "trusted", { addresses: ["10.10.0.0/24", "172.16.8.0/24"] });
 * bastion.addIngressRule(trusted, Port.SSH);
 */
export class AddressGroup extends Construct implements IPeer, AddressGroupRef {
  /** The address group's id (a Terraform reference). */
  readonly addressGroupId: string;
  /** The IP version of its entries. */
  readonly ipVersion: IpVersion;
  /** The entries, as written. */
  readonly addresses: readonly string[];
  /** The underlying `huaweicloud_vpc_address_group` resource. */
  readonly resource: VpcAddressGroup;
  /** A short readable name for rule ids: `ag-<construct id>`. */
  readonly refLabel: string;
  /** The same as `refLabel`. */
  readonly peerLabel: string;
  /** The checked model of this group (addresses as one set). */
  readonly model: AddressGroupModel;

  constructor(scope: Construct, id: string, props: AddressGroupProps) {
    super(scope, id);
    const subject = this.node.path;
    const name = props.addressGroupName ?? defaultName(this);
    requireLiteral(subject, "addresses", props.addresses);
    requireLiteral(subject, "addressGroupName", name);
    requireLiteral(subject, "description", props.description);
    this.model = parseAddressGroup(
      {
        name,
        addresses: [...props.addresses],
        ip_version: props.ipVersion ?? 4,
        max_capacity: props.maxCapacity ?? MAX_ADDRESS_GROUP_CAPACITY,
        ...(props.description !== undefined ? { description: props.description } : {}),
      },
      subject,
      subject,
    );
    this.ipVersion = this.model.version;
    this.addresses = [...props.addresses];
    this.resource = new VpcAddressGroup(this, "Default", {
      name,
      ipVersion: this.ipVersion,
      addresses: [...props.addresses],
      maxCapacity: this.model.maxCapacity,
      ...(props.description !== undefined ? { description: props.description } : {}),
    });
    this.addressGroupId = this.resource.id;
    this.refLabel = `ag-${pathBelowStack(this)}`;
    this.peerLabel = this.refLabel;
    ensureChecks(this);
  }

  /** The Terraform address of the resource, `huaweicloud_vpc_address_group.<name>`. */
  readonly modelId = (): string => terraformAddress(this.resource);

  toRemotes(): readonly RemoteSpec[] {
    return Peer.addressGroup(this).toRemotes();
  }
}
