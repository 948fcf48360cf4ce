/**
 * A member's effective rules (`hwsg rules --member`): every rule that applies to one instance,
 * per direction and IP version, in the order the cloud tries them — the instance's groups in
 * order, then priority (1 first), then deny before allow (semantics.md §2) — each marked with
 * whether it takes effect there and why not: beyond the quota or ignored by the flavor (core's
 * effective-rules.ts), or covered by earlier rules at this member, across its groups (the exact
 * cover search of the never-effective analysis, run on the member's whole list).
 */
import { rulesAtInstance } from "../core/effective-rules";
import { IpVersion } from "../core/ip";
import { Instance, Network } from "../core/network";
import { Direction, Rule } from "../core/rule";
import { searchCovers } from "./cover-search";
import { remoteView } from "./cover-walk";

/** One rule as it applies at a member. */
export interface MemberRule {
  readonly rule: Rule;
  readonly groupId: string;
  /** The group's position in the instance's `security_group_ids` (0 first). */
  readonly groupIndex: number;
  /** Whether the rule takes effect at this member: it is evaluated and some traffic is first matched by it. */
  readonly effective: boolean;
  /** Why it does not take effect (quota, flavor, covered by earlier rules); undefined when it does. */
  readonly reason?: string;
  /** The earlier rules that take all of its traffic, when that is why. @default none */
  readonly coveredBy?: readonly string[];
}

/** The rules of one direction and IP version at a member, in matching order. */
export interface MemberRuleList {
  readonly direction: Direction;
  readonly version: IpVersion;
  readonly rules: readonly MemberRule[];
}

/** At most this many covering rules are named in a reason. */
const NAMED = 5;

/** The effective rules of an instance: ingress IPv4, ingress IPv6, egress IPv4, egress IPv6. */
export function memberRules(network: Network, instance: Instance): MemberRuleList[] {
  const out: MemberRuleList[] = [];
  for (const direction of ["ingress", "egress"] as const) {
    for (const version of [4, 6] as const) {
      const at = rulesAtInstance(network, instance, direction, version);
      const evaluated = at.filter((r) => r.ineffective === undefined);
      const covers = searchCovers(evaluated.map((r) => ({ rule: r.rule, remote: remoteView(network, r.rule) })));
      const coveredBy = new Map(evaluated.map((r, i) => [r, covers[i]] as const));
      const rules = at.map((r): MemberRule => {
        const base = { rule: r.rule, groupId: r.groupId, groupIndex: r.groupIndex };
        if (r.ineffective !== undefined) return { ...base, effective: false, reason: r.ineffective };
        const by = coveredBy.get(r);
        if (!by) return { ...base, effective: true };
        const ids = by.map((c) => c.id);
        const named = ids.length <= NAMED ? ids.join(", ") : `${ids.slice(0, NAMED).join(", ")} and ${ids.length - NAMED} more`;
        return { ...base, effective: false, reason: `every packet it matches is matched first by earlier rules at this member: ${named}`, coveredBy: ids };
      });
      out.push({ direction, version, rules });
    }
  }
  return out;
}
