/**
 * `EgressWhitelistSg`: members reach only the listed destinations (Huawei Cloud "Security Group Configuration Examples", "Allowing ECSs to Access Only Specific External Websites";
 * Alibaba Cloud "Security group guidelines and use cases", case 6 "Restrict outbound access").
 */
import { Construct } from "constructs";
import { ValidationError } from "../../core/errors";
import { Endpoint } from "../endpoint";
import { IPeer, Peer } from "../peer";
import { Port } from "../port";
import { NetworkingSecgroupRule } from "../../provider-huaweicloud/lib/networking-secgroup-rule";
import { undoOnError } from "../private/naming";
import { RuleOptions, SecurityGroupProps } from "../security-group";
import { PatternIntent } from "./pattern-intent";
import { PatternSecurityGroup } from "./pattern-security-group";

/** One allowed destination. */
export interface EgressDestination {
  /** Where: a CIDR peer or an address group. */
  readonly peer: IPeer;
  /** On which protocol and ports. */
  readonly port: Port;
  /**
   * A description of the rule.
   * @default none
   */
  readonly description?: string;
}

/** Properties of an `EgressWhitelistSg`. */
export interface EgressWhitelistSgProps extends Omit<SecurityGroupProps, "allowAllOutbound"> {
  /**
   * The destinations members may reach. More can be added with `addDestination`.
   * @default none
   */
  readonly destinations?: readonly EgressDestination[];
  /**
   * Whether to add explicit denies of everything else out (to `0.0.0.0/0` and `::/0`), as Alibaba Cloud's "Security group guidelines and use cases"
   * (case 6) does. The group denies by default anyway (no allow-all egress is written).
   * @default false
   */
  readonly explicitDeny?: boolean;
  /**
   * The priority of the explicit denies: it must be a larger number than the allows' (1) so the
   * allows are tried first.
   * @default 100
   */
  readonly explicitDenyPriority?: number;
  /**
   * Whether IPv6 destinations are accepted. The pattern is IPv4-only by default: an IPv6
   * destination is refused, and the synth proves that no IPv6 traffic gets out.
   * @default false
   */
  readonly ipv6?: boolean;
}

/**
 * A security group whose members may reach only the listed destinations.
 *
 * Intends, proved at synth time: members reach every listed destination on its port; no
 * unlisted address is reachable on any protocol. Intent names, for `disableIntent`:
 * `reaches-destination-<i>`, `unlisted-unreachable-ipv4`, `unlisted-unreachable-ipv6`. They are
 * about this group's own rules: an instance that also has a group reaching a database keeps the
 * synth going, with a warning naming that group's rule (list the database here with
 * `connections.allowTo`, or switch the intent off).
 *
 * @example
 * new EgressWhitelistSg(this, "egress", { destinations: [{ peer: Peer.ipv4("132.15.0.10/32"), port: Port.HTTP }] });
 */
export class EgressWhitelistSg extends PatternSecurityGroup {
  private readonly listed: IPeer[] = [];
  private destinationCount = 0;
  private readonly ipv6: boolean;

  constructor(scope: Construct, id: string, props: EgressWhitelistSgProps = {}) {
    super(scope, id, { ...props, allowAllOutbound: false });
    this.ipv6 = props.ipv6 ?? false;
    undoOnError(this, () => this.build(props));
  }

  private build(props: EgressWhitelistSgProps): void {
    if (props.explicitDenyPriority !== undefined && !props.explicitDeny) {
      throw new ValidationError(this.node.path, "explicitDenyPriority", props.explicitDenyPriority, "has no effect unless explicitDeny is true");
    }
    if ((props as { allowAllOutbound?: unknown }).allowAllOutbound) {
      throw new ValidationError(this.node.path, "allowAllOutbound", true, "an egress whitelist never allows all outbound traffic");
    }
    (props.destinations ?? []).forEach((d) => this.addDestination(d, "destinations"));
    if (props.explicitDeny) {
      const priority = props.explicitDenyPriority ?? 100;
      if (priority === 1) {
        throw new ValidationError(this.node.path, "explicitDenyPriority", priority, "must be 2-100: at priority 1 the deny is tried before the allows and blocks every destination");
      }
      for (const anyone of [Peer.anyIpv4(), Peer.anyIpv6()]) {
        this.addEgressRule(anyone, Port.allTraffic(), { action: "deny", priority, description: "everything not listed" });
      }
    }
    for (const version of [4, 6] as const) {
      new PatternIntent(this, `unlisted-unreachable-ipv${version}`, {
        quantifier: "none",
        own: "from",
        wayOut: `list that destination on ${this.node.path} too (.connections.allowTo(<its security group>, <port>) for a security group, .addDestination({ peer, port }) for addresses), so that it is no longer unlisted`,
        from: this,
        to: Endpoint.addresses([version === 4 ? "0.0.0.0/0" : "::/0"]).exceptEach(this.listed, "the listed destinations"),
        port: Port.allTraffic(),
        description: `members of ${this.node.id} reach no unlisted IPv${version} address on any protocol`,
      });
    }
  }

  /**
   * Adds an outbound rule. A rule to a security group (what `connections.allowTo` writes) lists
   * that group's members as reachable: the "no unlisted address" intent leaves their fixed IPs
   * out. A rule to addresses does not list them: use `addDestination` for that.
   */
  override addEgressRule(peer: IPeer, port: Port, options: RuleOptions = {}): NetworkingSecgroupRule[] {
    const rules = super.addEgressRule(peer, port, options);
    if (peer.toRemotes().some((r) => r.kind === "group")) this.listed.push(peer);
    return rules;
  }

  /** Lets members reach one more destination, and states that they do. */
  addDestination(destination: EgressDestination, field = "addDestination"): void {
    const index = this.destinationCount++;
    const subject = this.node.path;
    if (!destination?.peer || typeof destination.peer.toRemotes !== "function") {
      throw new ValidationError(subject, `${field}[${index}].peer`, String(destination?.peer), "must be a CIDR peer (Peer.ipv4) or an AddressGroup");
    }
    if (destination.peer.toRemotes().some((r) => r.kind === "group")) {
      throw new ValidationError(subject, `${field}[${index}].peer`, destination.peer.peerLabel, "must be addresses (a CIDR peer or an AddressGroup): use connections.allowTo for security groups");
    }
    if (!this.ipv6 && destination.peer.toRemotes().some((r) => r.version === 6)) {
      throw new ValidationError(subject, `${field}[${index}].peer`, destination.peer.peerLabel, "is IPv6, and this pattern is IPv4-only unless ipv6 is true", "set ipv6: true to accept IPv6 destinations");
    }
    if (!(destination.port instanceof Port)) throw new ValidationError(subject, `${field}[${index}].port`, String(destination.port), "must be a Port");
    super.addEgressRule(destination.peer, destination.port, destination.description !== undefined ? { description: destination.description } : {});
    this.listed.push(destination.peer);
    new PatternIntent(this, `reaches-destination-${index}`, { quantifier: "every", own: "from", from: this, to: destination.peer, port: destination.port });
  }
}
