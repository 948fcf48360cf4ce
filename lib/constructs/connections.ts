/**
 * Connections between security groups, in the style of AWS CDK: one call writes the inbound rule
 * on the receiving group and, when the sending group does not allow all outbound traffic, the
 * matching outbound rule on the sending group — a connection needs both (semantics §3).
 */
import { NetworkingSecgroupRule } from "../provider-huaweicloud/lib/networking-secgroup-rule";
import { IPeer, Peer } from "./peer";
import { Port } from "./port";
import type { ISecurityGroup, RuleOptions } from "./security-group";

/** Something with connections: a security group or a pattern built on one. */
export interface IConnectable {
  /** The connections of its security group. */
  readonly connections: Connections;
}

/**
 * The connections of one security group.
 *
 * @example
 * db.connections.allowFrom(app, Port.MYSQL);       // ingress on db from app; egress on app to db if app limits outbound
 * web.connections.allowTo(app, Port.tcp(8080));
 * cluster.connections.allowInternally(Port.tcp(7000));
 */
export class Connections {
  constructor(
    /** The group whose connections these are. */
    readonly securityGroup: ISecurityGroup,
  ) {}

  /**
   * Lets `other` open connections to this group on `port`: an inbound rule here, and an outbound
   * rule on `other` when it is a security group that does not allow all outbound traffic.
   * @returns the rules written
   */
  allowFrom(other: IConnectable | IPeer, port: Port, options: RuleOptions = {}): NetworkingSecgroupRule[] {
    const rules = this.securityGroup.addIngressRule(peerOf(other), port, options);
    const sender = groupOf(other);
    if (sender && !sender.allowAllOutbound) rules.push(...sender.addEgressRule(this.securityGroup, port, options));
    return rules;
  }

  /**
   * Lets this group open connections to `other` on `port`: an outbound rule here when this group
   * does not allow all outbound traffic, and an inbound rule on `other` when it is a security group.
   * @returns the rules written
   */
  allowTo(other: IConnectable | IPeer, port: Port, options: RuleOptions = {}): NetworkingSecgroupRule[] {
    const rules: NetworkingSecgroupRule[] = [];
    if (!this.securityGroup.allowAllOutbound) rules.push(...this.securityGroup.addEgressRule(peerOf(other), port, options));
    const receiver = groupOf(other);
    if (receiver) rules.push(...receiver.addIngressRule(this.securityGroup, port, options));
    return rules;
  }

  /**
   * Lets members of this group reach each other on `port` (the intra-group rule of Huawei Cloud "Adding a Security Group Rule", limited
   * to one port): an inbound rule from the group, and an outbound one when outbound is limited.
   */
  allowInternally(port: Port, options: RuleOptions = {}): NetworkingSecgroupRule[] {
    return this.allowFrom(this.securityGroup, port, options);
  }

  /** Lets every IPv4 address open connections to this group on `port`. */
  allowFromAnyIpv4(port: Port, options: RuleOptions = {}): NetworkingSecgroupRule[] {
    return this.allowFrom(Peer.anyIpv4(), port, options);
  }
}

function groupOf(x: IConnectable | IPeer): ISecurityGroup | undefined {
  if ("connections" in x && x.connections instanceof Connections) return x.connections.securityGroup;
  return undefined;
}

function peerOf(x: IConnectable | IPeer): IPeer {
  return groupOf(x) ?? (x as IPeer);
}
