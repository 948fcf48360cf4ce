/**
 * The other end of a rule, in the style of AWS CDK's `Peer`: a CIDR block (`remote_ip_prefix`),
 * a security group (`remote_group_id`) or an IP address group (`remote_address_group_id`).
 * A `Peer` is a plain value; the construct that writes the rule checks it and names itself in
 * the error.
 */
import { IpVersion, parseAddress } from "../core/ip";
import { isToken } from "./private/tokens";

/** A security group that a rule can name as its remote. */
export interface SecurityGroupRef {
  /** The group's id: a Terraform reference (`${huaweicloud_networking_secgroup.web.id}`) or a literal id. */
  readonly securityGroupId: string;
  /** A short readable name for rule ids and messages. */
  readonly refLabel: string;
  /** The group's address in the model the checks read: its Terraform address, or the literal id. */
  readonly modelId: () => string;
}

/** An IP address group that a rule can name as its remote. */
export interface AddressGroupRef {
  /** The address group's id: a Terraform reference or a literal id. */
  readonly addressGroupId: string;
  /** Its IP version (4 or 6). */
  readonly ipVersion: IpVersion;
  /** A short readable name for rule ids and messages. */
  readonly refLabel: string;
  /** The address group's address in the model the checks read. */
  readonly modelId: () => string;
}

/** One remote of a rule, for one IP version. */
export type RemoteSpec =
  | { readonly kind: "cidr"; readonly version: IpVersion; readonly cidr: string }
  | { readonly kind: "group"; readonly version: IpVersion; readonly group: SecurityGroupRef }
  | { readonly kind: "addressGroup"; readonly version: IpVersion; readonly addressGroup: AddressGroupRef };

/** Anything a rule can name as its remote: a CIDR block, a security group or an address group. */
export interface IPeer {
  /** A short readable name, used in rule ids and messages (`any-ipv4`, `10.0.0.0/8`, `sg-app`). */
  readonly peerLabel: string;
  /** The remotes to write: one per IP version the peer covers. */
  toRemotes(): readonly RemoteSpec[];
}

/** Options of a security-group peer. */
export interface SecurityGroupPeerOptions {
  /**
   * The IP versions of the rules written for this peer: a `remote_group_id` rule has one
   * ethertype, so a peer covering IPv4 and IPv6 writes two rules.
   * @default [4]
   */
  readonly ipVersions?: readonly IpVersion[];
}

/**
 * Factories for rule remotes.
 *
 * @example
 * db.addIngressRule(Peer.securityGroup(app), Port.MYSQL);
 * bastion.addIngressRule(Peer.ipv4("203.0.113.0/24"), Port.SSH);
 */
export class Peer {
  /**
   * An IPv4 CIDR block, written canonically (`10.0.0.0/24`; a single host is `/32`). A value with
   * host bits set or without a mask is refused with a "did you mean" hint. A token (a
   * `TerraformVariable`, a `TerraformLocal`, an `Fn` call) is proved by the synth-time checks with
   * its value at synth — a variable's default, with a warning saying so — and is an error
   * annotation when it has no value then.
   */
  static ipv4(cidr: string): IPeer {
    return new CidrPeer(4, cidr);
  }

  /** Every IPv4 address, `0.0.0.0/0`. */
  static anyIpv4(): IPeer {
    return new CidrPeer(4, "0.0.0.0/0");
  }

  /** An IPv6 CIDR block, written canonically (`2001:db8::/64`; a single host is `/128`). */
  static ipv6(cidr: string): IPeer {
    return new CidrPeer(6, cidr);
  }

  /** Every IPv6 address, `::/0`. */
  static anyIpv6(): IPeer {
    return new CidrPeer(6, "::/0");
  }

  /**
   * The members of a security group: the private fixed IPs of the NICs of its instances. It
   * never matches a virtual IP or forwarded traffic (Huawei Cloud "Security Group Overview", "Allowing traffic from a virtual IP address"): use `Peer.virtualIp`.
   */
  static securityGroup(group: SecurityGroupRef, options: SecurityGroupPeerOptions = {}): IPeer {
    return new GroupPeer(group, options.ipVersions ?? [4]);
  }

  /**
   * A security group defined outside this stack, by id. The checks know nothing of its members'
   * rules, and say so in a warning.
   */
  static securityGroupId(securityGroupId: string, options: SecurityGroupPeerOptions = {}): IPeer {
    const ref: SecurityGroupRef = { securityGroupId, refLabel: `sg-${securityGroupId}`, modelId: () => securityGroupId };
    return new GroupPeer(ref, options.ipVersions ?? [4]);
  }

  /** The addresses of an IP address group (`AddressGroup` construct). */
  static addressGroup(addressGroup: AddressGroupRef): IPeer {
    return new AddressGroupPeer(addressGroup);
  }

  /**
   * A virtual IP (Huawei Cloud "Security Group Overview", "Allowing traffic from a virtual IP address"): traffic sent from a VIP carries an address that
   * `remote_group_id` rules do not match, so it is admitted by its `/32` (or `/128`) address.
   * @param address the VIP's address, e.g. `192.168.0.21`
   */
  static virtualIp(address: string): IPeer {
    // A token (a variable, a local): its IPv4 host route, proved by the checks with its value at synth.
    if (isToken(address)) return new CidrPeer(4, `${address}/32`);
    const parsed = parseAddress(address);
    if (!parsed) return new CidrPeer(4, address); // refused, with the value, where it is used
    return new CidrPeer(parsed.version, `${address}/${parsed.version === 4 ? 32 : 128}`);
  }
}

class CidrPeer implements IPeer {
  readonly peerLabel: string;
  constructor(
    private readonly version: IpVersion,
    private readonly cidr: string,
  ) {
    this.peerLabel = cidr === "0.0.0.0/0" ? "any-ipv4" : cidr === "::/0" ? "any-ipv6" : cidr;
  }

  toRemotes(): readonly RemoteSpec[] {
    return [{ kind: "cidr", version: this.version, cidr: this.cidr }];
  }
}

class GroupPeer implements IPeer {
  readonly peerLabel: string;
  constructor(
    private readonly group: SecurityGroupRef,
    private readonly versions: readonly IpVersion[],
  ) {
    this.peerLabel = group.refLabel;
  }

  toRemotes(): readonly RemoteSpec[] {
    return [...new Set(this.versions)].sort().map((version) => ({ kind: "group" as const, version, group: this.group }));
  }
}

class AddressGroupPeer implements IPeer {
  readonly peerLabel: string;
  constructor(private readonly addressGroup: AddressGroupRef) {
    this.peerLabel = addressGroup.refLabel;
  }

  toRemotes(): readonly RemoteSpec[] {
    return [{ kind: "addressGroup", version: this.addressGroup.ipVersion, addressGroup: this.addressGroup }];
  }
}
