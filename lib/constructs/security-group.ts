/**
 * The `SecurityGroup` construct: a `huaweicloud_networking_secgroup` with
 * `delete_default_rules = true` and one `huaweicloud_networking_secgroup_rule` per rule, every
 * rule written out with its action and priority, so the synthesized JSON is the whole truth.
 */
import { Construct, IConstruct } from "constructs";
import { NetworkingSecgroup } from "../provider-huaweicloud/lib/networking-secgroup";
import { NetworkingSecgroupRule } from "../provider-huaweicloud/lib/networking-secgroup-rule";
import { ValidationError } from "../core/errors";
import { ETHERTYPE, IpVersion } from "../core/ip";
import { icmpTypeCode, isIcmp } from "../core/icmp";
import { protocolName } from "../core/protocol";
import { Action, Direction, Rule, RuleFields, parseRule } from "../core/rule";
import { parseSecurityGroup } from "../core/security-group";
import { ensureChecks } from "./checks";
import { Connections, IConnectable } from "./connections";
import { IPeer, Peer, RemoteSpec, SecurityGroupRef } from "./peer";
import { Port } from "./port";
import { defaultName, idFragment, pathBelowStack, requireLiteral, terraformAddress, undoOnError } from "./private/naming";
import { isToken, tokenLabel } from "./private/tokens";

/** The priority rules get when none is given: the provider's default, 1 (the first). */
export const DEFAULT_PRIORITY = 1;

/**
 * The priority of the catch-all rules `allowAllOutbound` and `allowInternal` write: 100, the
 * last, so every rule you add is tried before them.
 */
export const FALLBACK_PRIORITY = 100;

/** Options of one rule. */
export interface RuleOptions {
  /**
   * What the rule does when it matches.
   * @default "allow"
   */
  readonly action?: Action;
  /**
   * The rule's priority, 1 (tried first) to 100 (tried last). At the same priority a deny is
   * tried before an allow.
   * @default 1
   */
  readonly priority?: number;
  /**
   * A description: at most 255 characters, no `<` or `>`.
   * @default no description
   */
  readonly description?: string;
}

/** A security group: a peer, a set of connections, and rules you can add. */
export interface ISecurityGroup extends IConstruct, IPeer, IConnectable, SecurityGroupRef {
  /** Whether the group allows all outbound traffic (so no egress rule is needed for a connection). */
  readonly allowAllOutbound: boolean;
  /** Adds an inbound rule: traffic from `peer` on `port`. */
  addIngressRule(peer: IPeer, port: Port, options?: RuleOptions): NetworkingSecgroupRule[];
  /** Adds an outbound rule: traffic to `peer` on `port`. */
  addEgressRule(peer: IPeer, port: Port, options?: RuleOptions): NetworkingSecgroupRule[];
}

/** Properties of a `SecurityGroup`. */
export interface SecurityGroupProps {
  /**
   * The group's name, 1–64 characters.
   * @default the construct path below the stack, with `-` for `/`
   */
  readonly securityGroupName?: string;
  /**
   * A description: at most 255 characters, no `<` or `>`.
   * @default no description
   */
  readonly description?: string;
  /**
   * Whether members may send anything anywhere: writes allow-all egress rules to `0.0.0.0/0` and
   * `::/0` at priority 100 (Huawei's default egress rules, made explicit and tried last). With
   * `false` the group allows no outbound traffic except the rules you add.
   * @default true
   */
  readonly allowAllOutbound?: boolean;
  /**
   * Whether members reach each other on every protocol (Huawei's default ingress rules: Huawei Cloud "Adding a Security Group Rule", table "Inbound rules for communication between instances"):
   * writes allow-all ingress rules from the group itself, IPv4 and IPv6, at priority 100.
   * @default false
   */
  readonly allowInternal?: boolean;
  /**
   * The enterprise project the group belongs to.
   * @default the provider's default project
   */
  readonly enterpriseProjectId?: string;
  /**
   * Tags of the group.
   * @default no tags
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Attributes of a security group defined elsewhere. */
export interface SecurityGroupAttributes {
  /**
   * Whether the group allows all outbound traffic.
   * @default true
   */
  readonly allowAllOutbound?: boolean;
}

/** Rule writing shared by defined and imported groups. */
abstract class SecurityGroupBase extends Construct implements ISecurityGroup {
  abstract readonly securityGroupId: string;
  abstract readonly allowAllOutbound: boolean;
  abstract readonly modelId: () => string;
  /** Rules added to this group and its connections. */
  readonly connections: Connections = new Connections(this);
  /** A short readable name for rule ids and messages: `sg-<construct id>`. */
  readonly refLabel: string;
  /** The same as `refLabel`. */
  readonly peerLabel: string;

  private readonly written = new Map<string, NetworkingSecgroupRule>();
  private readonly byMatch = new Map<string, { action: Action; path: string }>();

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.refLabel = `sg-${pathBelowStack(this)}`;
    this.peerLabel = this.refLabel;
  }

  /** The group as a peer: its members' fixed IPs, IPv4. Use `Peer.securityGroup` for IPv6. */
  toRemotes(): readonly RemoteSpec[] {
    return Peer.securityGroup(this).toRemotes();
  }

  /**
   * Adds an inbound rule: traffic from `peer` on `port`. An identical rule is written once.
   * @returns the rule resources, one per IP version of the peer
   * @throws ValidationError naming this construct's path when a value is invalid
   */
  addIngressRule(peer: IPeer, port: Port, options: RuleOptions = {}): NetworkingSecgroupRule[] {
    return this.addRule("ingress", peer, port, options);
  }

  /**
   * Adds an outbound rule: traffic to `peer` on `port`. An identical rule is written once.
   * @returns the rule resources, one per IP version of the peer
   * @throws ValidationError naming this construct's path when a value is invalid
   */
  addEgressRule(peer: IPeer, port: Port, options: RuleOptions = {}): NetworkingSecgroupRule[] {
    return this.addRule("egress", peer, port, options);
  }

  /** The rules written so far, in the order they were added. */
  get rules(): readonly NetworkingSecgroupRule[] {
    return [...this.written.values()];
  }

  private addRule(direction: Direction, peer: IPeer, port: Port, options: RuleOptions): NetworkingSecgroupRule[] {
    const subject = this.node.path;
    if (!peer || typeof (peer as IPeer).toRemotes !== "function") {
      throw new ValidationError(subject, direction === "ingress" ? "peer (source)" : "peer (destination)", describe(peer), "must be a Peer, a SecurityGroup or an AddressGroup");
    }
    if (!(port instanceof Port)) throw new ValidationError(subject, "port", describe(port), "must be a Port (Port.tcp(22), Port.HTTPS, Port.allTraffic(), …)");
    port.check(subject);
    const action = options.action ?? "allow";
    const priority = options.priority ?? DEFAULT_PRIORITY;
    // An ICMP type is written in port_range_min/max, which the provider allows without action and priority only.
    const legacy = port.fieldsFor(4).icmpType !== undefined;
    if (legacy && (action !== "allow" || priority !== DEFAULT_PRIORITY)) {
      throw new ValidationError(
        subject,
        action !== "allow" ? "action" : "priority",
        action !== "allow" ? action : priority,
        `must be left out with ${port.label}: the type is written in port_range_min, which the provider does not allow with action or priority (the rule is an allow at priority ${DEFAULT_PRIORITY})`,
      );
    }
    // A token (a variable, a local, an Fn call) is written as it is and proved by the synth-time
    // checks with the value it has at synth; here the rest of the rule is checked, with the
    // token's field standing in as its widest valid value.
    const priorityToken = isToken(priority);
    const checkedPriority = priorityToken ? DEFAULT_PRIORITY : priority;
    const checkedDescription = isToken(options.description) ? undefined : options.description;
    // Check every IP version's rule before writing any, so a refused call writes nothing.
    const planned = peer.toRemotes().map((remote) => {
      const cidrToken = remote.kind === "cidr" && isToken(remote.cidr);
      const checkedRemote: RemoteSpec = cidrToken ? { kind: "cidr", version: remote.version, cidr: remote.version === 4 ? "0.0.0.0/0" : "::/0" } : remote;
      const written = this.ruleFields(direction, checkedRemote, port, action, checkedPriority, checkedDescription);
      const portsToken = isToken(written.ports) ? (written.ports as string) : undefined;
      const { ports: _ports, ...withoutPorts } = written;
      const fields: RuleFields = portsToken !== undefined ? withoutPorts : written;
      const rule = parseRule(fields, subject, subject, { icmpTypeCode: legacy });
      const match = matchIdentity(rule, remote, portsToken);
      const twin = this.byMatch.get(match);
      if (twin && twin.action !== action) {
        throw new ValidationError(
          subject,
          "action",
          action,
          `opposite to ${twin.path}, which has the same direction, ethertype, protocol, ports and remote: the API rejects such a pair`,
          "narrow one of the two rules, or drop one",
        );
      }
      return { remote, fields: written, rule, match, portsToken };
    });
    const out: NetworkingSecgroupRule[] = [];
    for (const { remote, fields, rule, match, portsToken } of planned) {
      const key = `${match}|${action}|${priority}`;
      const existing = this.written.get(key);
      if (existing) {
        out.push(existing);
        continue;
      }
      const resource = new NetworkingSecgroupRule(this, this.uniqueRuleId(rule, remote, peer, priorityToken ? tokenLabel(this, priority) : undefined, portsToken !== undefined ? tokenLabel(this, portsToken) : undefined), {
        securityGroupId: this.securityGroupId,
        direction,
        ethertype: ETHERTYPE[remote.version],
        ...(fields.protocol !== undefined ? { protocol: fields.protocol as string } : {}),
        ...(fields.ports !== undefined ? { ports: fields.ports as string } : {}),
        ...(fields.port_range_min !== undefined ? { portRangeMin: fields.port_range_min as number } : {}),
        ...(fields.port_range_max !== undefined ? { portRangeMax: fields.port_range_max as number } : {}),
        ...remoteConfig(remote),
        ...(legacy ? {} : { action, priority }),
        ...(options.description !== undefined ? { description: options.description } : {}),
      });
      this.written.set(key, resource);
      this.byMatch.set(match, { action, path: resource.node.path });
      out.push(resource);
    }
    return out;
  }

  private ruleFields(direction: Direction, remote: RemoteSpec, port: Port, action: Action, priority: number, description?: string): RuleFields {
    const p = port.fieldsFor(remote.version);
    return {
      security_group_id: this.node.path,
      direction,
      ethertype: ETHERTYPE[remote.version],
      ...(p.protocol !== undefined ? { protocol: p.protocol } : {}),
      ...(p.ports !== undefined ? { ports: p.ports } : {}),
      ...(p.icmpType !== undefined ? { port_range_min: p.icmpType } : {}),
      ...(p.icmpCode !== undefined ? { port_range_max: p.icmpCode } : {}),
      ...(remote.kind === "cidr" ? { remote_ip_prefix: remote.cidr } : {}),
      ...(remote.kind === "group" ? { remote_group_id: remote.group.refLabel } : {}),
      ...(remote.kind === "addressGroup" ? { remote_address_group_id: remote.addressGroup.refLabel } : {}),
      ...(p.icmpType !== undefined ? {} : { action, priority }),
      ...(description !== undefined ? { description } : {}),
    };
  }

  /** `ingress-allow-tcp-22-from-10-0-0-0_8`, `egress-deny-all-to-any-ipv4-p100`, … unique among the rules. */
  private uniqueRuleId(rule: Rule, remote: RemoteSpec, peer: IPeer, priorityLabel?: string, portsLabel?: string): string {
    const proto = portsLabel !== undefined ? `${protocolName(rule.protocol)}-${portsLabel}` : port(rule);
    const dir = rule.direction === "ingress" ? "from" : "to";
    const v6 = remote.kind !== "cidr" && remote.version === 6 ? "-ipv6" : "";
    const prio = priorityLabel !== undefined ? `-p-${priorityLabel}` : rule.priority === DEFAULT_PRIORITY ? "" : `-p${rule.priority}`;
    const peerLabel = isToken(peer.peerLabel) ? tokenLabel(this, peer.peerLabel) : peer.peerLabel;
    const base = idFragment(`${rule.direction}-${rule.action}-${proto}-${dir}-${peerLabel}${v6}${prio}`);
    let id = base;
    for (let n = 2; this.node.tryFindChild(id); n++) id = `${base}-${n}`;
    return id;
  }
}

/**
 * A Huawei Cloud security group whose synthesized Terraform is the whole truth: the cloud's
 * default rules are deleted and every rule it wants is written out with its action and priority.
 *
 * @example
 * const web = new SecurityGroup(this, "web", { allowAllOutbound: false });
 * web.addIngressRule(Peer.anyIpv4(), Port.HTTPS);
 * app.connections.allowFrom(web, Port.tcp(8080)); // ingress on app, egress on web
 */
export class SecurityGroup extends SecurityGroupBase {
  /**
   * A security group defined outside this stack, by id, so rules can name it and be added to it.
   * The checks see only the rules this stack writes for it, and warn about it.
   */
  static fromSecurityGroupId(scope: Construct, id: string, securityGroupId: string, attrs: SecurityGroupAttributes = {}): ISecurityGroup {
    requireLiteral(`${scope.node.path}/${id}`, "securityGroupId", securityGroupId);
    return new ImportedSecurityGroup(scope, id, securityGroupId, attrs.allowAllOutbound ?? true);
  }

  /** Whether a value is a `SecurityGroup` (or an imported one). */
  static isSecurityGroup(x: unknown): x is ISecurityGroup {
    return x instanceof SecurityGroupBase;
  }

  /** The group's id (a Terraform reference). */
  readonly securityGroupId: string;
  /** The group's name. */
  readonly securityGroupName: string;
  readonly allowAllOutbound: boolean;
  /** Whether members reach each other on every protocol. */
  readonly allowInternal: boolean;
  /** The underlying `huaweicloud_networking_secgroup` resource. */
  readonly resource: NetworkingSecgroup;

  constructor(scope: Construct, id: string, props: SecurityGroupProps = {}) {
    super(scope, id);
    const subject = this.node.path;
    const name = props.securityGroupName ?? defaultName(this);
    this.securityGroupName = name;
    this.allowAllOutbound = props.allowAllOutbound ?? true;
    this.allowInternal = props.allowInternal ?? false;
    let resource: NetworkingSecgroup | undefined;
    undoOnError(this, () => {
      // A name or description decides no verdict: a token there is written as it is.
      parseSecurityGroup({ name: isToken(name) ? "token" : name, delete_default_rules: true, ...(props.description !== undefined && !isToken(props.description) ? { description: props.description } : {}) }, subject, subject);
      resource = new NetworkingSecgroup(this, "Default", {
        name,
        deleteDefaultRules: true,
        ...(props.description !== undefined ? { description: props.description } : {}),
        ...(props.enterpriseProjectId !== undefined ? { enterpriseProjectId: props.enterpriseProjectId } : {}),
        ...(props.tags !== undefined ? { tags: { ...props.tags } } : {}),
      });
    });
    this.resource = resource!;
    this.securityGroupId = this.resource.id;

    if (this.allowAllOutbound) {
      const description = "allow all outbound (Huawei's default egress rule, written out)";
      this.addEgressRule(Peer.anyIpv4(), Port.allTraffic(), { priority: FALLBACK_PRIORITY, description });
      this.addEgressRule(Peer.anyIpv6(), Port.allTraffic(), { priority: FALLBACK_PRIORITY, description });
    }
    if (this.allowInternal) {
      const description = "members reach each other (Huawei's default ingress rule, written out)";
      this.addIngressRule(Peer.securityGroup(this, { ipVersions: [4, 6] }), Port.allTraffic(), { priority: FALLBACK_PRIORITY, description });
    }
    ensureChecks(this);
  }

  /** The Terraform address of the group, `huaweicloud_networking_secgroup.<name>`. */
  readonly modelId = (): string => terraformAddress(this.resource);
}

/** A group defined outside this stack. */
class ImportedSecurityGroup extends SecurityGroupBase {
  constructor(
    scope: Construct,
    id: string,
    readonly securityGroupId: string,
    readonly allowAllOutbound: boolean,
  ) {
    super(scope, id);
    ensureChecks(this);
  }

  readonly modelId = (): string => this.securityGroupId;
}

/** The identity of a rule's match within its group, for duplicates and opposite actions. */
function matchIdentity(rule: Rule, remote: RemoteSpec, portsToken?: string): string {
  const r =
    remote.kind === "cidr" ? `cidr:${remote.cidr}` :
    remote.kind === "group" ? `group:${remote.group.securityGroupId}` :
    `ag:${remote.addressGroup.addressGroupId}`;
  return [rule.direction, rule.version, rule.protocol ?? "all", portsToken ?? rule.ports?.toString() ?? "all", r].join("|");
}

function port(rule: Rule): string {
  const proto = protocolName(rule.protocol);
  if (rule.ports && isIcmp(rule.protocol)) {
    // One type (every code) or one message: `icmp-type8`, `icmp-type3-code4`.
    const [lo, hi] = rule.ports.ranges[0];
    const { type, code } = icmpTypeCode(lo);
    return lo === hi ? `${proto}-type${type}-code${code}` : `${proto}-type${type}`;
  }
  return rule.ports ? `${proto}-${rule.ports.toString()}` : proto;
}

function remoteConfig(remote: RemoteSpec): { remoteIpPrefix?: string; remoteGroupId?: string; remoteAddressGroupId?: string } {
  switch (remote.kind) {
    case "cidr":
      return { remoteIpPrefix: remote.cidr };
    case "group":
      return { remoteGroupId: remote.group.securityGroupId };
    case "addressGroup":
      return { remoteAddressGroupId: remote.addressGroup.addressGroupId };
  }
}

function describe(value: unknown): unknown {
  if (value === null || value === undefined) return value;
  return typeof value === "object" ? (value as object).constructor?.name ?? "object" : value;
}

/** The IP versions a list of peers covers. */
export function versionsOf(peers: readonly IPeer[]): IpVersion[] {
  return [...new Set(peers.flatMap((p) => p.toRemotes().map((r) => r.version)))].sort();
}
