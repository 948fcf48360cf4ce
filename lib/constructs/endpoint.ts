/**
 * The ends of a reachability intent: addresses outside the model (the internet, a CIDR block, an
 * address group) or members (a security group's members, one compute instance, RDS instance,
 * DCS cache or any other member resource).
 */
import { TerraformResource } from "../cdk/core";
import { Construct, IConstruct } from "constructs";
import { AddressSet } from "../core/address-set";
import { ValidationError } from "../core/errors";
import { publicAddresses } from "../core/internet";
import { IpVersion, parseAddress, parseCidr } from "../core/ip";
import { Network } from "../core/network";
import { hypotheticalMemberBesides } from "../core/reachability";
import { AddressGroupRef, IPeer, SecurityGroupRef } from "./peer";
import { terraformAddress } from "./private/naming";
import { MEMBER_TYPES, RESOURCE_TYPES, currentType } from "../terraform/reader";
import { TokenValues, isToken } from "./private/tokens";

export type { TokenValues } from "./private/tokens";

/** An end as the checks see it, once the model is known. */
export type ResolvedEndpoint =
  | { readonly kind: "external"; readonly addresses: AddressSet; readonly label: string }
  | {
      readonly kind: "instances";
      readonly instanceIds: readonly string[];
      readonly label: string;
      readonly network: Network;
      /** The address the instance sends from or is reached at, when not its fixed IP (a virtual IP). */
      readonly address?: AddressSet;
      /** The NIC (index of the instance's `network` blocks) of a single instance, when the end names one. @default chosen by VPC */
      readonly nicIndex?: number;
    };

type EndSpec =
  | { readonly kind: "internet"; readonly version: IpVersion }
  | {
      readonly kind: "addresses";
      readonly include: readonly string[];
      readonly except: readonly string[];
      /** The IP version of entries that are tokens, when known before synth (from a CIDR peer). */
      readonly tokenVersions?: ReadonlyMap<string, IpVersion>;
    }
  | { readonly kind: "group"; readonly group: SecurityGroupRef }
  | { readonly kind: "addressGroup"; readonly addressGroup: AddressGroupRef }
  | { readonly kind: "member"; readonly resource: TerraformResource; readonly address?: string }
  | { readonly kind: "difference"; readonly base: Endpoint; readonly minus: ReadonlyArray<Endpoint | IPeer> };

/** Options of `Endpoint.addresses`. */
export interface AddressesOptions {
  /**
   * Addresses taken out: CIDR blocks, single addresses or ranges `a-b`.
   * @default none
   */
  readonly except?: readonly string[];
}

/** Options of `Endpoint.instance` and `Endpoint.member`. */
export interface InstanceEndpointOptions {
  /**
   * The address the member's packets carry, when it is not its private fixed IP: a virtual IP
   * (`192.168.0.21`), forwarded traffic.
   * @default the NIC's private fixed IP
   */
  readonly address?: string;
}

/** Options of `Endpoint.member` (the same as `Endpoint.instance`'s). */
export type MemberEndpointOptions = InstanceEndpointOptions;

/**
 * One end of a reachability intent.
 *
 * A security group end stands for every member of the stack that has the group (compute
 * instances, RDS instances, DCS caches, attached interfaces, node pools, ...); when the stack has
 * none, for a hypothetical member that has only this group (its address: any address of its
 * version, sending from its fixed IP). Address ends are hosts outside the model: they have no
 * security group, so only the member side is checked.
 *
 * @example
 * Endpoint.internet()                                   // every public IPv4 address
 * Endpoint.addresses(["0.0.0.0/0"], { except: ["10.0.0.0/8"] })
 * Endpoint.group(db)                                    // db's members
 * Endpoint.instance(webInstance)                        // a huaweicloud_compute_instance
 * Endpoint.member(mysql)                                // a huaweicloud_rds_instance (any member)
 */
export class Endpoint {
  /**
   * Every public address of an IP version: all addresses except private (RFC 1918, `fc00::/7`),
   * shared, loopback, link-local and multicast ranges.
   * @param version 4 or 6 @default 4
   */
  static internet(version: IpVersion = 4): Endpoint {
    return new Endpoint({ kind: "internet", version }, version === 4 ? "the IPv4 internet" : "the IPv6 internet");
  }

  /** Every IPv4 address, `0.0.0.0/0`, private ones included. */
  static anyIpv4(): Endpoint {
    return Endpoint.addresses(["0.0.0.0/0"]);
  }

  /** Every IPv6 address, `::/0`. */
  static anyIpv6(): Endpoint {
    return Endpoint.addresses(["::/0"]);
  }

  /**
   * Addresses outside the model: CIDR blocks, single addresses or ranges `a-b`, all of one IP
   * version, minus `except`.
   */
  static addresses(addresses: readonly string[], options: AddressesOptions = {}): Endpoint {
    const label = `${addresses.join(", ")}${options.except?.length ? ` except ${options.except.join(", ")}` : ""}`;
    return new Endpoint({ kind: "addresses", include: [...addresses], except: [...(options.except ?? [])] }, label);
  }

  /** The members of a security group (or a hypothetical member when the stack has none). */
  static group(group: SecurityGroupRef): Endpoint {
    return new Endpoint({ kind: "group", group }, `members of ${group.refLabel.replace(/^sg-/, "")}`);
  }

  /** The addresses of an IP address group, as hosts outside the model. */
  static addressGroup(addressGroup: AddressGroupRef): Endpoint {
    return new Endpoint({ kind: "addressGroup", addressGroup }, `address group ${addressGroup.refLabel.replace(/^ag-/, "")}`);
  }

  /**
   * One compute instance (`huaweicloud_compute_instance`) of the stack, sending from (or reached
   * at) its private fixed IP, or from `options.address` — a virtual IP it holds, or an address it
   * forwards for (Huawei Cloud "Security Group Overview", "Allowing traffic from a virtual IP address"): `remote_group_id` rules do not match such traffic.
   */
  static instance(instance: TerraformResource, options: InstanceEndpointOptions = {}): Endpoint {
    return Endpoint.member(instance, options);
  }

  /**
   * One member of the stack: any resource hwsg reads as a member of security groups — a
   * compute instance, an RDS or other database instance, a DCS cache, a message queue, an
   * attached interface, a CCE node or node pool — as hwsg's generated class
   * (`hwsg/provider-huaweicloud`) or the app's own binding class makes it. It sends from (or is
   * reached at) its private address (its subnet when the address is assigned at apply), or
   * from `options.address`.
   *
   * @example
   * const mysql = new rdsInstance.RdsInstance(stack, "mysql", { ..., securityGroupId: db.securityGroupId });
   * expect(synth).toAllowTraffic({ from: app, to: Endpoint.member(mysql), port: Port.MYSQL });
   */
  static member(resource: TerraformResource, options: MemberEndpointOptions = {}): Endpoint {
    const label = options.address !== undefined ? `${resource.node.id} sending from ${options.address}` : resource.node.id;
    return new Endpoint({ kind: "member", resource, ...(options.address !== undefined ? { address: options.address } : {}) }, label);
  }

  /** An end from a peer: a CIDR peer is addresses, a group peer is the group's members. */
  static of(end: Endpoint | IPeer): Endpoint {
    if (end instanceof Endpoint) return end;
    const remotes = end.toRemotes();
    const first = remotes[0];
    if (first?.kind === "group") return Endpoint.group(first.group);
    if (first?.kind === "addressGroup") return Endpoint.addressGroup(first.addressGroup);
    const cidrs = remotes.flatMap((r) => (r.kind === "cidr" ? [r.cidr] : []));
    const tokenVersions = new Map(remotes.flatMap((r) => (r.kind === "cidr" && isToken(r.cidr) ? [[r.cidr, r.version] as const] : [])));
    const spec: EndSpec = { kind: "addresses", include: cidrs, except: [], ...(tokenVersions.size > 0 ? { tokenVersions } : {}) };
    return new Endpoint(spec, end.peerLabel === "any-ipv4" ? "every IPv4 address" : end.peerLabel === "any-ipv6" ? "every IPv6 address" : cidrs.map((c) => (isToken(c) ? "a value known at synth" : c)).join(", "));
  }

  /**
   * These addresses without those of `others`: CIDR peers, address groups, `Endpoint.addresses`,
   * and the private fixed IPs of a security group's members or of an instance. `Endpoint.internet().except(trusted)` is every public address but the trusted ones.
   */
  except(...others: ReadonlyArray<Endpoint | IPeer>): Endpoint {
    if (others.length === 0) return this;
    return new Endpoint({ kind: "difference", base: this, minus: others }, `${this.label} except ${others.map((m) => Endpoint.of(m).label).join(", ")}`);
  }

  /**
   * These addresses without those of a list that may still grow: entries added to `others`
   * later are taken out too (patterns use it for clients and destinations added after construction).
   */
  exceptEach(others: ReadonlyArray<Endpoint | IPeer>, label: string): Endpoint {
    return new Endpoint({ kind: "difference", base: this, minus: others }, `${this.label} except ${label}`);
  }

  private constructor(
    private readonly spec: EndSpec,
    /** How the end is named in messages. */
    readonly label: string,
  ) {}

  /**
   * A construct the end names — a security group, an address group or a compute instance —
   * through which a tool given only the synthesized JSON finds the end's stack.
   * @default undefined for addresses and for groups known only by id
   */
  get construct(): IConstruct | undefined {
    const spec = this.spec;
    switch (spec.kind) {
      case "group":
        return Construct.isConstruct(spec.group) ? spec.group : undefined;
      case "addressGroup":
        return Construct.isConstruct(spec.addressGroup) ? spec.addressGroup : undefined;
      case "member":
        return spec.resource;
      case "difference":
        return spec.base.construct ?? spec.minus.map((m) => Endpoint.of(m).construct).find((c) => c !== undefined);
      default:
        return undefined;
    }
  }

  /** Whether the end is addresses outside the model (not instances). */
  get isExternal(): boolean {
    return this.spec.kind !== "group" && this.spec.kind !== "member";
  }

  /** The IP version the end fixes, if any (address ends do; instance ends do not). */
  versionOf(subject: string, field: string): IpVersion | undefined {
    switch (this.spec.kind) {
      case "internet":
        return this.spec.version;
      case "addressGroup":
        return this.spec.addressGroup.ipVersion;
      case "member":
        return this.spec.address !== undefined ? parseEntry(subject, field, this.spec.address).version : undefined;
      case "addresses": {
        const spec = this.spec;
        // A token's version is known before synth only from the peer it came from.
        const versionOfEntry = (text: string): IpVersion | undefined => (isToken(text) ? spec.tokenVersions?.get(text) : parseEntry(subject, field, text).version);
        const known = [...spec.include, ...spec.except].map(versionOfEntry).filter((v): v is IpVersion => v !== undefined);
        if (new Set(known).size > 1) throw new ValidationError(subject, field, [...spec.include, ...spec.except], "must all be of one IP version");
        return spec.include.map(versionOfEntry).find((v) => v !== undefined);
      }
      case "difference":
        return this.spec.base.versionOf(subject, field);
      default:
        return undefined;
    }
  }

  /**
   * Checks the end's values at construction.
   * @throws ValidationError naming `subject` and `field`
   */
  check(subject: string, field: string): void {
    if (this.spec.kind === "addresses") {
      if (this.spec.include.length === 0) throw new ValidationError(subject, field, [], "must name at least one address, CIDR block or range");
      this.versionOf(subject, field);
    }
    if (this.spec.kind === "difference") {
      this.spec.base.check(subject, field);
      for (const m of this.spec.minus.map((o) => Endpoint.of(o))) {
        m.check(subject, field);
      }
    }
    if (this.spec.kind === "internet" && this.spec.version !== 4 && this.spec.version !== 6) {
      throw new ValidationError(subject, field, this.spec.version, "the IP version must be 4 or 6");
    }
  }

  /**
   * The end in a model: addresses, or instance ids (adding a hypothetical member to the network
   * when a group has no instance). `avoid` is an instance id the end must not reduce to (the
   * other end, when both are the same group).
   */
  resolve(network: Network, version: IpVersion, subject: string, field: string, avoid?: string, values?: TokenValues): ResolvedEndpoint {
    const spec = this.spec;
    switch (spec.kind) {
      case "internet":
        return { kind: "external", addresses: publicAddresses(version), label: this.label };
      case "addresses": {
        let set = AddressSet.empty(version);
        const labels: string[] = [];
        const entry = (text: string): AddressSet => {
          if (!isToken(text)) return parseEntry(subject, field, text).addresses;
          if (!values) throw new ValidationError(subject, field, "a token", "has a value only at synth: ask on the synthesized stack");
          const known = values(text, subject, field);
          labels.push(known.label);
          return parseEntry(subject, field, known.value).addresses;
        };
        for (const text of spec.include) set = set.union(entry(text));
        for (const text of spec.except) set = set.subtract(entry(text));
        const label = labels.length > 0 ? `${this.label} (${labels.join(", ")})` : this.label;
        return { kind: "external", addresses: set, label };
      }
      case "addressGroup": {
        const ag = network.addressGroups.get(spec.addressGroup.modelId());
        if (!ag) throw new ValidationError(subject, field, spec.addressGroup.modelId(), "must be an address group of the stack");
        return { kind: "external", addresses: ag.addresses, label: this.label };
      }
      case "difference": {
        const base = spec.base.resolve(network, version, subject, field, undefined, values);
        if (base.kind !== "external") throw new ValidationError(subject, field, this.label, "only addresses can have addresses taken out");
        let addresses = base.addresses;
        for (const m of spec.minus.map((o) => Endpoint.of(o))) {
          if (m.versionOf(subject, field) !== undefined && m.versionOf(subject, field) !== version) continue;
          if (m.spec.kind === "group") {
            // A group taken out of addresses: its members' private fixed IPs.
            addresses = addresses.subtract(network.memberAddresses(m.spec.group.modelId(), version));
            continue;
          }
          const r = m.resolve(network, version, subject, field, undefined, values);
          if (r.kind === "external") {
            addresses = addresses.subtract(r.addresses);
          } else {
            for (const id of r.instanceIds) {
              for (const nic of network.instance(id).nics) {
                const ip = version === 4 ? nic.fixedIpV4 : nic.fixedIpV6;
                if (ip !== undefined) addresses = addresses.subtract(AddressSet.single(version, ip));
              }
            }
          }
        }
        return { kind: "external", addresses, label: this.label };
      }
      case "member": {
        const id = terraformAddress(spec.resource);
        if (!network.instances.has(id)) {
          const type = spec.resource.terraformResourceType;
          throw new ValidationError(subject, field, id, MEMBER_TYPES.has(currentType(type)) || currentType(type) === RESOURCE_TYPES.instance
            ? "must be a member of security groups in the stack's model: this one is in another stack, or was left out (see the synth's warnings)"
            : `must be a member of security groups: a ${type} is not read as one (members: compute instances, RDS, DCS and the other types of the README's member table)`);
        }
        const address = spec.address !== undefined ? parseEntry(subject, field, spec.address).addresses : undefined;
        return { kind: "instances", instanceIds: [id], label: address ? `${id} sending from ${spec.address}` : id, network, ...(address ? { address } : {}) };
      }
      case "group": {
        const groupId = spec.group.modelId();
        if (!network.groups.has(groupId)) throw new ValidationError(subject, field, groupId, "must be a security group of the stack");
        const members = network.membersOf(groupId).map((i) => i.id);
        if (members.length > 0) return { kind: "instances", instanceIds: members, label: `${this.label} (${members.join(", ")})`, network };
        const hypo = hypotheticalMemberBesides(network, groupId, avoid);
        return { kind: "instances", instanceIds: [hypo.instanceId], label: `a member of ${groupId.replace(/^huaweicloud_networking_secgroup\./, "")} (hypothetical: no instance of the stack has the group)`, network: hypo.network };
      }
    }
  }
}

function parseEntry(subject: string, field: string, text: string): { version: IpVersion; addresses: AddressSet } {
  const allowed = "must be an IP address, a CIDR block or a range a-b";
  if (typeof text !== "string") throw new ValidationError(subject, field, text, allowed);
  const cidr = parseCidr(text);
  const single = cidr ? undefined : parseAddress(text);
  try {
    const addresses = AddressSet.parse(text);
    return { version: cidr?.version ?? single?.version ?? addresses.version, addresses };
  } catch {
    throw new ValidationError(subject, field, text, allowed);
  }
}
