/**
 * Single-flow evaluation with Huawei's matching semantics (semantics.md §2–5): at each instance
 * the rules of the packet's direction in group order, then priority, deny before allow; the
 * first match decides; no match is a deny. A connection needs the source's egress and the
 * destination's ingress; ends outside the model have no security group; VPCs are isolated
 * unless peered.
 */
import { decideHop, vpcsIsolated } from "./decision";
import { RuleAtInstance } from "./effective-rules";
import { Flow, FlowEnd, checkFlow, describeFlow } from "./flow";
import { IpVersion } from "./ip";
import { Instance, Network } from "./network";
import { Action, Direction, Rule, describeRule } from "./rule";

/** The decision at one instance. */
export interface Hop {
  /** The instance id (Terraform address). */
  readonly instance: string;
  readonly direction: Direction;
  readonly verdict: Action;
  /** The deciding rule's id, or null when no rule matched (default deny). */
  readonly rule: string | null;
  /** The deciding rule's group, or null. */
  readonly group: string | null;
  /** Rules that match the packet ahead of the decision but do not take effect at this instance, with why. */
  readonly ignored: ReadonlyArray<{ readonly rule: string; readonly reason: string }>;
}

/** The outcome of a flow. */
export interface Verdict {
  readonly verdict: Action;
  /**
   * The deciding rule: for an allowed flow the rule that admitted it at the destination instance
   * (or at the source's egress when the destination is outside the model); for a denied flow the
   * rule that denied it; null when no rule matched or the VPCs are not connected.
   */
  readonly rule: string | null;
  readonly hops: readonly Hop[];
  /** One sentence. */
  readonly reason: string;
  readonly flow: Flow;
}

/** The groups whose `remote_group_id` rules match the end: its instance's groups when it sends from its fixed IP. */
export function membershipOf(network: Network, end: FlowEnd, version: IpVersion): ReadonlySet<string> {
  if (end.kind === "instance" && end.fromFixedIp) return new Set(network.instance(end.instanceId).securityGroupIds);
  return new Set(network.instancesWithFixedIp(version, end.address).flatMap((o) => o.instance.securityGroupIds));
}

/** Whether a rule matches a packet whose other end is `address` with the given group membership. */
export function ruleMatches(network: Network, rule: Rule, protocol: number, port: number | undefined, address: bigint, members: ReadonlySet<string>): boolean {
  if (rule.protocol !== undefined && rule.protocol !== protocol) return false;
  if (rule.ports && (port === undefined || !rule.ports.has(port))) return false;
  switch (rule.remote.kind) {
    case "any":
      return true;
    case "cidr":
      return rule.remote.addresses.has(address);
    case "addressGroup":
      return network.addressGroups.get(rule.remote.addressGroupId)!.addresses.has(address);
    case "group":
      return members.has(rule.remote.groupId);
  }
}

/** Decides a packet at one instance: the first matching rule that takes effect, else deny. */
export function evaluateHop(network: Network, instance: Instance, direction: Direction, flow: Flow, other: FlowEnd): { hop: Hop; decidedBy?: RuleAtInstance } {
  const { compiled, index } = decideHop(network, instance, direction, flow, other);
  const ignored: Array<{ rule: string; reason: string }> = [];
  if (compiled.ineffective.length > 0) {
    // Rules that match ahead of the decision but do not take effect are named in the explanation.
    const members = membershipOf(network, other, flow.version);
    const address4 = flow.version === 4 ? Number(other.address) : 0;
    for (const i of compiled.ineffective) {
      if (index >= 0 && i > index) break;
      if (!compiled.matches(i, flow.protocol, flow.port ?? -1, address4, other.address, members)) continue;
      const entry = compiled.entries[i];
      ignored.push({ rule: entry.rule.id, reason: entry.ineffective! });
    }
  }
  if (index < 0) return { hop: { instance: instance.id, direction, verdict: "deny", rule: null, group: null, ignored } };
  const entry = compiled.entries[index];
  return {
    hop: { instance: instance.id, direction, verdict: entry.rule.action, rule: entry.rule.id, group: entry.groupId, ignored },
    decidedBy: entry,
  };
}

/**
 * Evaluates one flow, with an explanation. For the verdict and deciding rule alone, `decide`
 * (decision.ts) gives the same answer faster.
 * @throws HwsgError when the flow is not a packet (bad protocol or port, no instance at either end)
 */
export function evaluateFlow(network: Network, flow: Flow): Verdict {
  checkFlow(flow);
  const src = flow.src.kind === "instance" ? network.instance(flow.src.instanceId) : undefined;
  const dst = flow.dst.kind === "instance" ? network.instance(flow.dst.instanceId) : undefined;
  const what = describeFlow(flow);

  if (src && dst && flow.src.kind === "instance" && flow.dst.kind === "instance" && vpcsIsolated(network, src, dst, flow)) {
    const a = network.vpcOf(src.nics[flow.src.nicIndex] ?? {});
    const b = network.vpcOf(dst.nics[flow.dst.nicIndex] ?? {});
    return {
      verdict: "deny",
      rule: null,
      hops: [],
      reason: `Denied: ${src.id} is in ${a} and ${dst.id} is in ${b}, and no VPC peering connection joins them; security groups never connect different VPCs (${what}).`,
      flow,
    };
  }

  const hops: Hop[] = [];
  const decided: Array<RuleAtInstance | undefined> = [];
  if (src) {
    const { hop, decidedBy } = evaluateHop(network, src, "egress", flow, flow.dst);
    hops.push(hop);
    decided.push(decidedBy);
    if (hop.verdict === "deny") return { verdict: "deny", rule: hop.rule, hops, reason: denyReason(network, src, hop, decidedBy, what), flow };
  }
  if (dst) {
    const { hop, decidedBy } = evaluateHop(network, dst, "ingress", flow, flow.src);
    hops.push(hop);
    decided.push(decidedBy);
    if (hop.verdict === "deny") return { verdict: "deny", rule: hop.rule, hops, reason: denyReason(network, dst, hop, decidedBy, what), flow };
  }
  const last = hops[hops.length - 1];
  const parts = hops.map((h, i) => `${h.instance} ${h.direction === "ingress" ? "admits it by" : "lets it out by"} ${h.rule} (${describeRule(decided[i]!.rule)}) in ${h.group}`);
  return { verdict: "allow", rule: last.rule, hops, reason: `Allowed: ${parts.join(", and ")} (${what}).`, flow };
}

function denyReason(network: Network, instance: Instance, hop: Hop, decidedBy: RuleAtInstance | undefined, what: string): string {
  const ignored = hop.ignored.length ? `; ${hop.ignored.map((i) => `${i.rule} would match but does not take effect (${i.reason})`).join("; ")}` : "";
  if (decidedBy) {
    return `Denied: at ${instance.id} ${hop.direction}, ${hop.rule} of ${hop.group} (${describeRule(decidedBy.rule)}) is the first rule that matches${ignored} (${what}).`;
  }
  const groups = instance.securityGroupIds.length ? instance.securityGroupIds.join(", ") : "no security group";
  const none = network.spec.rules.length === 0 && instance.securityGroupIds.every((g) => network.rulesOf(g).length === 0);
  return `Denied: no ${hop.direction} rule of ${instance.id}'s groups (${groups}) matches${none ? " (they have no rules)" : ""}, so the default deny applies${ignored} (${what}).`;
}
