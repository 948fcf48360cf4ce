/**
 * The reading of resource instances shared by every kind the model builds: their instances
 * (count, for_each), their fields resolved, and what is not known recorded as an unknown (or
 * thrown, at synth time) with what leaving it out means; the per-kind building is in
 * network-reader.ts.
 */
import { ValidationError } from "../../core/errors";
import { rawAt } from "../configuration";
import { ResourceInstance } from "../expansion";
import { currentType } from "../schema/provider-schema";
import { withNumberAsWritten } from "../sources/written-numbers";
import { Unknown, UnknownValue, UnknownsMode, findUnknown, sentence } from "../unknowns";
import { ValueSource } from "../value-source";
import { Resolved, isMap, isReference } from "../values";
import { RESOURCE_TYPES } from "./resource-types";

/** Thrown while one instance is built: a value its model needs is not known. */
export class LeftOut {
  constructor(
    readonly field: string,
    readonly expression: string,
    readonly reason: string,
  ) {}
}

/** How leaving out an instance (or every instance of a block) of each type affects the model. */
const LEFT_OUT: Readonly<Record<string, { readonly noun: string; readonly consequence: (groups: readonly string[], many: boolean) => string }>> = {
  [RESOURCE_TYPES.rule]: { noun: "rule", consequence: (g) => `verdicts involving ${g.length ? `security group ${g.join(", ")}` : "its security group"} may be wrong` },
  [RESOURCE_TYPES.securityGroup]: { noun: "security group", consequence: (_, many) => `the rules and instances that use ${many ? "them" : "it"} are left out too` },
  [RESOURCE_TYPES.instance]: {
    noun: "instance",
    consequence: (g, many) => `${many ? "they are" : "it is"} in no verdict${g.length === 1 ? `, and security group ${g[0]} loses ${many ? "members" : "a member"}` : g.length > 1 ? `, and security groups ${g.join(", ")} lose ${many ? "members" : "a member"}` : ""}${g.length ? " (rules naming it as remote_group_id match fewer addresses)" : ""}`,
  },
  [RESOURCE_TYPES.addressGroup]: { noun: "address group", consequence: (_, many) => `the rules that use ${many ? "them" : "it"} are left out too` },
  [RESOURCE_TYPES.vpc]: { noun: "VPC", consequence: (_, many) => `${many ? "their" : "its"} subnets and the instances in them are left out too` },
  [RESOURCE_TYPES.subnet]: { noun: "subnet", consequence: (_, many) => `the instances and virtual IPs in ${many ? "them" : "it"} are left out too` },
  [RESOURCE_TYPES.peering]: { noun: "peering", consequence: () => "the VPCs it would join are treated as not connected, so flows between them may be denied wrongly" },
  [RESOURCE_TYPES.vip]: { noun: "virtual IP", consequence: (_, many) => `${many ? "their" : "its"} associations are left out too` },
  [RESOURCE_TYPES.vipAssociate]: { noun: "association", consequence: () => "its NICs do not hold the virtual IP in the model" },
  huaweicloud_cce_cluster: { noun: "CCE cluster", consequence: (_, many) => `the nodes and node pools of ${many ? "them" : "it"} that take its node security group are left out too` },
  huaweicloud_as_configuration: { noun: "AS configuration", consequence: (_, many) => `the AS groups that use ${many ? "them" : "it"} are left out too` },
};

/** The fields that name the groups of members of other types, for the unknown of a block whose instances are not known. */
const MEMBER_GROUP_FIELDS: Readonly<Record<string, readonly string[]>> = {
  huaweicloud_compute_interface_attach: ["security_group_ids"],
  huaweicloud_networking_port: ["security_group_ids"],
  huaweicloud_vpc_network_interface: ["security_group_ids"],
  huaweicloud_cce_node_pool: ["security_groups"],
};

/** How leaving out a member of another type (a NIC, a CCE node, a launched member) affects the model: as for an instance. */
function leftOutOf(type: string): { readonly noun: string; readonly consequence: (groups: readonly string[], many: boolean) => string } {
  return LEFT_OUT[type] ?? { noun: "member", consequence: LEFT_OUT[RESOURCE_TYPES.instance].consequence };
}

export const KEPT_NAME = "kept: a name or description does not affect matching";
export const FLAVOR_KEPT = "the instance is kept without a flavor: none of its groups' rules is one that some flavors ignore (address-group or inconsecutive-port rules), so the flavor changes no verdict";
export const UNNAMED_GROUP = "the group is kept under its address: its name does not affect matching (an instance that names it in security_groups is recorded separately)";
/** What an unknown kept in the model can never change: matching does not depend on it. */
const HARMLESS = new Set([KEPT_NAME, FLAVOR_KEPT, UNNAMED_GROUP]);

/** Reads the instances of each resource block, collecting unknowns. */
export abstract class InstanceReader {
  protected readonly warnings: string[] = [];
  protected readonly unknowns: Unknown[] = [];
  /** Built instances by address, for messages. */
  protected readonly built = new Map<string, ResourceInstance>();
  /** Addresses of instances left out, and why. */
  protected readonly leftOut = new Set<string>();
  /** The security groups the instance being built concerns (for its Unknown's groupIds). */
  protected concerned: string[] = [];
  /** The optional fields the last `fields` call found unknown (and left undefined). */
  protected lastKept = new Set<string>();

  constructor(protected readonly config: ValueSource, protected readonly mode: UnknownsMode) {}

  /** Builds every instance of every block of a type; what cannot be known is left out (or thrown). */
  protected each<T>(type: string, build: (instance: ResourceInstance) => T): T[] {
    const out: T[] = [];
    // Legacy names the provider still registers (huaweicloud_vpc_v1, ...) are read as their current type.
    for (const block of this.config.all().filter((b) => b.type === type || currentType(b.type) === type)) {
      const expansion = this.config.expansion(block);
      if (!expansion.known) {
        const raw = block.body[expansion.field];
        const expression = text(this.config.written(block, raw));
        if (this.mode === "error") {
          throw new ValidationError(this.config.subject(block), expansion.field, this.config.written(block, raw), `cannot be resolved statically: ${expansion.unknown.reason}`);
        }
        const groups = this.groupsOf({ block, address: block.address });
        this.leftOut.add(block.address);
        this.unknowns.push({
          file: block.file,
          address: block.address,
          field: expansion.field,
          expression,
          reason: sentence(`the ${expansion.field} is not known statically: ${expansion.unknown.reason}`),
          effect: sentence(`no instance of ${block.address} is in the model, however many there are: ${leftOutOf(type).consequence(groups, true)}`),
          groupIds: groups,
          canChangeVerdict: true,
        });
        continue;
      }
      for (const instance of expansion.instances) {
        this.concerned = type === RESOURCE_TYPES.securityGroup ? [instance.address] : [];
        try {
          out.push(build(instance));
          this.built.set(instance.address, instance);
        } catch (e) {
          // A number a double cannot hold (1e400) is named as written, not as Infinity.
          if (!(e instanceof LeftOut)) throw withNumberAsWritten(e, instance.block.body);
          if (this.mode === "error") throw new ValidationError(this.config.subject(instance), e.field, e.expression, `cannot be resolved statically: ${e.reason}`);
          this.leftOut.add(instance.address);
          const groups = [...new Set(this.concerned)];
          this.unknowns.push({
            file: instance.block.file,
            address: instance.address,
            field: e.field,
            expression: e.expression,
            reason: sentence(e.reason),
            effect: sentence(`the ${leftOutOf(type).noun} is left out of the model: ${leftOutOf(type).consequence(groups, false)}`),
            groupIds: groups,
            canChangeVerdict: true,
          });
        }
      }
    }
    return out;
  }

  /** The groups a block whose instances are not known would concern, as far as they can be told. */
  protected groupsOf(instance: ResourceInstance): string[] {
    const type = currentType(instance.block.type);
    const fields = type === RESOURCE_TYPES.rule ? ["security_group_id"] : type === RESOURCE_TYPES.instance ? ["security_group_ids"] : (MEMBER_GROUP_FIELDS[type] ?? []);
    const out: string[] = [];
    for (const field of fields) {
      try {
        const v = this.config.resolve(instance, field, instance.block.body[field]);
        for (const x of Array.isArray(v) ? v : [v]) if (isReference(x) && x.ref === "id" && currentType(x.type) === RESOURCE_TYPES.securityGroup) out.push(x.address);
      } catch {
        // Depends on count.index or each: not told.
      }
    }
    return out;
  }

  /** The LeftOut for an unknown found at `path` (relative to `field`). */
  protected unknownAt(instance: ResourceInstance, field: string, path: string, unknown: UnknownValue): LeftOut {
    return new LeftOut(field + path, this.expressionAt(instance, field + path), unknown.reason);
  }

  /** The expression written at a field path, or at the closest enclosing field that is written. */
  protected expressionAt(instance: ResourceInstance, path: string): string {
    let p = path;
    for (;;) {
      const raw = rawAt(instance.block.body, p);
      if (raw !== undefined) return text(this.config.written(instance.block, raw));
      const parent = p.replace(/(\.[^.[\]]+|\[\d+\])$/, "");
      if (parent === p || parent === "") return "";
      p = parent;
    }
  }

  /**
   * Records an unknown in a field the model can do without, with what the model does instead
   * (throws in error mode).
   */
  protected kept(instance: ResourceInstance, field: string, path: string, unknown: UnknownValue, effect: string): void {
    const expression = this.expressionAt(instance, field + path);
    if (this.mode === "error") throw new ValidationError(this.config.subject(instance), field + path, expression, `cannot be resolved statically: ${unknown.reason}`);
    this.unknowns.push({
      file: instance.block.file,
      address: instance.address,
      field: field + path,
      expression,
      reason: sentence(unknown.reason),
      effect: sentence(effect),
      canChangeVerdict: !HARMLESS.has(effect),
      groupIds: [...new Set(this.concerned)],
    });
  }

  /**
   * Records what the model does not evaluate about a member (a group the cloud creates, a port
   * without security groups): an unknown that can change a verdict; at synth time a warning,
   * as for a resource type the model does not read.
   */
  protected notEvaluated(instance: ResourceInstance, field: string, reason: string, effect: string, groupIds: readonly string[] = []): void {
    const expression = this.expressionAt(instance, field) || "(not set)";
    if (this.mode === "error") {
      this.warnings.push(`${this.config.subject(instance)}: ${field}: ${sentence(reason)} ${sentence(effect)}`);
      return;
    }
    this.unknowns.push({ file: instance.block.file, address: instance.address, field, expression, reason: sentence(reason), effect: sentence(effect), groupIds: [...groupIds], canChangeVerdict: true });
  }

  /**
   * Resolves the named fields of an instance (absent and null fields stay undefined). A field
   * that holds an unknown value leaves the instance out, unless `optional` lists it: then it is
   * recorded as kept (with `effect`) and left undefined.
   */
  protected fields(instance: ResourceInstance, names: readonly string[], optional: Readonly<Record<string, string>> = {}): Record<string, Resolved> {
    const out: Record<string, Resolved> = {};
    this.lastKept = new Set();
    const dynamic = instance.block.body.dynamic;
    for (const name of names) {
      if (isMap(dynamic) || (Array.isArray(dynamic) && dynamic.length > 0)) {
        const blocks = Array.isArray(dynamic) ? dynamic : [dynamic];
        if (blocks.some((d) => isMap(d) && name in (d as Record<string, unknown>))) {
          throw new LeftOut(name, `dynamic "${name}"`, `a dynamic "${name}" block is not expanded statically`);
        }
      }
      const raw = instance.block.body[name];
      if (raw === undefined || raw === null) continue;
      const value = this.config.resolve(instance, name, raw);
      const unknown = findUnknown(value);
      if (unknown) {
        if (name in optional) {
          this.kept(instance, name, unknown.path, unknown.unknown, optional[name]);
          this.lastKept.add(name);
          continue;
        }
        throw this.unknownAt(instance, name, unknown.path, unknown.unknown);
      }
      if (value !== null && value !== undefined) out[name] = value;
    }
    return out;
  }

}

/** An expression as text. */
export function text(written: unknown): string {
  return typeof written === "string" ? written : JSON.stringify(written) ?? "";
}
