/**
 * How reports name a member of security groups: its kind in short (`rds_instance`), and a phrase
 * for messages that says what it is — an instance, a managed service's member, a NIC attached to
 * an instance, the members a resource launches at run time, or a group's hypothetical member.
 */
import { Member, memberKind } from "../core/network";

/** The Terraform type of a compute instance, the member hwsg first modelled. */
export const COMPUTE_INSTANCE = "huaweicloud_compute_instance";

/**
 * A member's kind for display: its Terraform type without the provider's `huaweicloud_` prefix
 * (`rds_instance`, `compute_instance`, `cce_node_pool`); a type of another prefix is kept whole.
 */
export function kindLabel(kind: string): string {
  return kind.startsWith("huaweicloud_") && kind.length > "huaweicloud_".length ? kind.slice("huaweicloud_".length) : kind;
}

/**
 * The kind a report gives a member: its Terraform type, or null for a hypothetical member (a
 * stand-in for any member of a group, of no particular kind).
 */
export function reportedKind(member: Member): string | null {
  return member.hypothetical ? null : memberKind(member);
}

/** What reports show of a member besides its address: its kind, what it is a NIC of, whether it stands for launched members. */
export interface MemberTraits {
  /** The Terraform type (`huaweicloud_rds_instance`). */
  readonly memberKind?: string;
  /** The member it is a NIC of (an attached interface's instance). */
  readonly attachedTo?: string;
  /** Whether it stands for the members a resource launches at run time. */
  readonly launched?: boolean;
}

/** The traits of a member (none for a hypothetical member). */
export function traitsOf(member: Member): MemberTraits {
  if (member.hypothetical) return {};
  return {
    memberKind: memberKind(member),
    ...(member.attachedTo !== undefined ? { attachedTo: member.attachedTo } : {}),
    ...(member.launched ? { launched: true } : {}),
  };
}

/**
 * What a member is, in a few words after its name in lists: `rds_instance`,
 * `compute_interface_attach, NIC of huaweicloud_compute_instance.vm`,
 * `cce_node_pool, members launched at run time`.
 */
export function roleText(traits: MemberTraits): string {
  const kind = kindLabel(traits.memberKind ?? COMPUTE_INSTANCE);
  if (traits.attachedTo !== undefined) return `${kind}, NIC of ${traits.attachedTo}`;
  if (traits.launched) return `${kind}, members launched at run time`;
  return kind;
}

/** `roleText` of a member, or `hypothetical member`. */
export function memberRole(member: Member): string {
  return member.hypothetical ? "hypothetical member" : roleText(traitsOf(member));
}

/**
 * The subject of a sentence about a member, capitalised: `Instance huaweicloud_compute_instance.web`,
 * `Member huaweicloud_rds_instance.db (rds_instance)`, `Interface huaweicloud_compute_interface_attach.eth1
 * (a NIC of huaweicloud_compute_instance.vm)`, `Each member launched by huaweicloud_cce_node_pool.pool (cce_node_pool)`,
 * `A member of security group G (the group has no member in the model)`.
 */
export function memberSubject(member: Member): string {
  if (member.hypothetical) return `A member of security group ${member.securityGroupIds[0]} (the group has no member in the model)`;
  const kind = memberKind(member);
  if (member.attachedTo !== undefined) return `Interface ${member.id} (a NIC of ${member.attachedTo})`;
  if (member.launched) return `Each member launched by ${member.id} (${kindLabel(kind)})`;
  if (kind === COMPUTE_INSTANCE) return `Instance ${member.id}`;
  return `Member ${member.id} (${kindLabel(kind)})`;
}

/** `memberSubject` inside a sentence: its first letter in lower case (`instance huaweicloud_compute_instance.web`). */
export function memberPhrase(member: Member): string {
  const subject = memberSubject(member);
  return subject.charAt(0).toLowerCase() + subject.slice(1);
}

/** The `memberKind` of a finding about a member: its Terraform type; none for a hypothetical member. */
export function kindOf(member: Member): { memberKind?: string } {
  const kind = reportedKind(member);
  return kind === null ? {} : { memberKind: kind };
}
