/**
 * The fields every NIC-carrying member shares, read as the provider reads them: its ordered
 * security groups (the project's default group when none is named), its subnet, its private
 * addresses and nested blocks; and what the model does not evaluate about a member, recorded
 * as an unknown with its effect (a warning at synth time, like an unmodelled carrier).
 */
import { ValidationError } from "../../core/errors";
import { IpVersion, parseAddress } from "../../core/ip";
import { Subnet } from "../../core/network";
import { ResourceInstance } from "../expansion";
import { findUnknown } from "../unknowns";
import { Resolved, isMap } from "../values";
import { LeftOut } from "./instance-reader";
import { PROJECT_DEFAULT_GROUP } from "./resource-types";
import { ServiceMemberReader } from "./service-member-reader";

/** Reads the fields members share; the base of the launched-member and NIC-member layers. */
export abstract class MemberFieldReader extends ServiceMemberReader {
  /**
   * A member's groups in matching order, from a list of security group ids; none (absent or
   * empty: the provider then sends no group) means the project's default group, with a warning.
   * @param set whether the field is a set, whose order Terraform does not keep
   */
  protected memberGroups(instance: ResourceInstance, field: string, value: Resolved, set = false): string[] {
    const subject = this.config.subject(instance);
    if (value !== undefined && value !== null && !Array.isArray(value)) throw new ValidationError(subject, field, value, "must be a list of security group ids");
    const list = (value ?? []) as Resolved[];
    if (list.length === 0) return [this.projectDefaultGroup(subject, field)];
    const ids = list.map((v, i) => this.groupId(instance, `${field}[${i}]`, v));
    if (set && ids.length > 1) this.warnings.push(`${subject}: ${field} is a set, whose order Terraform does not keep; the order written is assumed as the matching order`);
    return ids;
  }

  /** The project's default group (added to the model once), for a member that names no group. */
  protected projectDefaultGroup(subject: string, field: string): string {
    if (!this.groupIds.has(PROJECT_DEFAULT_GROUP)) this.addGroup({ id: PROJECT_DEFAULT_GROUP, name: PROJECT_DEFAULT_GROUP, deleteDefaultRules: false, defined: false });
    this.warnings.push(`${subject}: no ${field}: Huawei Cloud puts the NIC in the project's default security group, modelled with its four default rules only`);
    return PROJECT_DEFAULT_GROUP;
  }

  /**
   * A private address: of the version asked (any when undefined), within the subnet's CIDR
   * for IPv4, as the cloud requires. Absent or "" is undefined (the cloud assigns one).
   */
  protected memberAddress(instance: ResourceInstance, field: string, value: Resolved, version: IpVersion | undefined, subnet: Subnet | undefined): { version: IpVersion; value: bigint } | undefined {
    if (value === undefined || value === null || value === "") return undefined;
    const subject = this.config.subject(instance);
    const a = typeof value === "string" ? parseAddress(value) : undefined;
    if (!a || (version !== undefined && a.version !== version)) throw new ValidationError(subject, field, value, version === undefined ? "must be an IP address" : `must be an IPv${version} address`);
    if (a.version === 4 && subnet?.cidr && !subnet.cidr.has(a.value)) throw new ValidationError(subject, field, value, `must lie within the subnet's CIDR ${subnet.cidr}`);
    return { version: a.version, value: a.value };
  }

  /**
   * A nested block written in the body, as a list of maps (a single block is a list of one); a
   * dynamic block leaves the member out. Values inside are not checked for unknowns here.
   */
  protected nestedBlocks(instance: ResourceInstance, name: string, keys?: readonly string[]): Array<Record<string, Resolved>> {
    const body = instance.block.body;
    const dynamic = body.dynamic;
    const dynamics = Array.isArray(dynamic) ? dynamic : dynamic === undefined ? [] : [dynamic];
    if (dynamics.some((d) => isMap(d) && name in (d as Record<string, unknown>))) throw new LeftOut(name, `dynamic "${name}"`, `a dynamic "${name}" block is not expanded statically`);
    if (body[name] === undefined || body[name] === null) return [];
    const subject = this.config.subject(instance);
    // Written blocks: only the arguments the model uses are resolved, so what else the block holds
    // (a nested dynamic block, say) decides nothing here.
    const written = isMap(body[name]) ? [body[name]] : body[name];
    if (keys && Array.isArray(written) && written.every((b) => isMap(b))) {
      return written.map((b, i) => {
        const out: Record<string, Resolved> = {};
        for (const key of keys) {
          const raw = (b as Record<string, unknown>)[key];
          if (raw === undefined || raw === null) continue;
          out[key] = this.config.resolve(instance, `${name}[${i}].${key}`, raw);
        }
        return out;
      });
    }
    const value = this.config.resolve(instance, name, body[name]);
    const list = isMap(value) ? [value] : value;
    const unknown = Array.isArray(list) ? undefined : findUnknown(list);
    if (unknown) throw this.unknownAt(instance, name, unknown.path, unknown.unknown);
    if (!Array.isArray(list)) throw new ValidationError(subject, name, list, `must be ${name} blocks`);
    return list.map((b, i) => {
      if (!isMap(b)) throw new ValidationError(subject, `${name}[${i}]`, b, `must be a ${name} block`);
      return b as Record<string, Resolved>;
    });
  }

}

/** What leaving out a member means, for notEvaluated's effect. */
export function memberLeftOut(groups: readonly string[]): string {
  return `the member is left out of the model: it is in no verdict${groups.length ? `, and ${groups.length === 1 ? `security group ${groups[0]} loses a member` : `security groups ${groups.join(", ")} lose a member`} (rules naming ${groups.length === 1 ? "it" : "them"} as remote_group_id match fewer addresses)` : ""}`;
}
