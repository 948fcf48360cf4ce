/**
 * The managed-service layer of the network reader: databases, caches, message queues and the
 * other services of SERVICE_MEMBER_TYPES, each a member with its NICs' subnet, private addresses
 * and service ports as its resource gives them (service-kinds.ts holds the facts per type).
 */
import { ValidationError } from "../../core/errors";
import { integerIn } from "../../core/fields";
import { formatAddress, parseAddress } from "../../core/ip";
import { Member, Nic, ServicePort, Subnet } from "../../core/network";
import { ResourceInstance } from "../expansion";
import { currentType } from "../schema/provider-schema";
import { UnknownValue, findUnknown, sentence } from "../unknowns";
import { Resolved, isMap, isReference } from "../values";
import { GroupReader } from "./group-reader";
import { KEPT_NAME } from "./instance-reader";
import { RESOURCE_TYPES } from "./resource-types";
import { AddressField, SERVICE_KINDS, ServiceKind, serviceKindOf } from "./service-kinds";

/** What keeping a member without a private address it names means. */
const ADDRESS_KEPT = "the NIC is kept without this private IP: it stands for every address of its subnet, so questions about it cover the whole subnet";
/** What keeping a member without its service port means. */
const PORT_KEPT = "the member is kept without its service port: its groups' rules are evaluated as for any member, only the port its service listens on is not known";
/** What leaving a managed service out of the model means (as for an unmodelled member). */
const NOT_A_MEMBER =
  "It is not in the model: its private addresses are not members of a security group here, so rules that name its group as remote_group_id may match fewer addresses than in the cloud, and no flow to or from it is evaluated.";

/** A value read at an attribute path: known (possibly undefined: not set), or unknown at `path`. */
type At = { readonly value: Resolved; readonly unknown?: undefined } | { readonly value?: undefined; readonly unknown: UnknownValue; readonly path: string };

/** Reads the managed services that are members of security groups. */
export abstract class ServiceMemberReader extends GroupReader {
  /** The members of every managed-service resource, type by type in SERVICE_KINDS' order. */
  protected serviceMembers(): Member[] {
    const out: Member[] = [];
    const byAddress = new Map<string, Member>();
    for (const kind of SERVICE_KINDS) {
      // An alias the schema does not yet register as a legacy name is read on its own (each() reads registered ones with the current type).
      for (const type of [kind.type, ...kind.aliases.filter((a) => currentType(a) === a)]) {
        for (const m of this.each(type, (i) => this.serviceMember(i, kind, byAddress))) {
          if (!m) continue;
          byAddress.set(m.id, m);
          out.push(m);
        }
      }
    }
    return out;
  }

  /** A managed service's groups, for the unknown recorded when its instances are not known. */
  protected override groupsOf(instance: ResourceInstance): string[] {
    const kind = serviceKindOf(instance.block.type);
    if (!kind) return super.groupsOf(instance);
    try {
      const v = this.at(instance, kind.groups[0]).value;
      return isReference(v) && v.ref === "id" && currentType(v.type) === RESOURCE_TYPES.securityGroup ? [v.address] : [];
    } catch {
      return [];
    }
  }

  /** One managed service instance; undefined when it is in no security group of the model (said in a warning or unknown). */
  private serviceMember(instance: ResourceInstance, kind: ServiceKind, built: ReadonlyMap<string, Member>): Member | undefined {
    const subject = this.config.subject(instance);
    const named = this.fields(instance, ["name"], { name: KEPT_NAME });

    let primary: Member | undefined;
    if (kind.primary) {
      const p = this.known(instance, kind.primary.path);
      if (p === undefined || p === null || p === "") throw new ValidationError(subject, kind.primary.path, p, "is required by the provider");
      const { id, defined } = this.idOf(instance, kind.primary.path, p, kind.primary.type);
      primary = defined ? built.get(id) : undefined;
      if (!primary) this.warnings.push(`${subject}: ${kind.primary.path} ${id} is an instance this configuration does not define: the replica's subnet is not known, so VPC isolation is not checked for it`);
    }

    if (kind.whitelistOnly && this.whitelisted(instance, kind)) return undefined;

    // The groups first: an unknown elsewhere then names them.
    const groupPath = kind.groups.find((g) => this.written(instance, g)) ?? kind.groups[0];
    const g = this.at(instance, groupPath);
    if (g.unknown) throw this.unknownAt(instance, g.path, "", g.unknown);
    let groupIds: string[];
    if (g.value !== undefined && g.value !== null && !(g.value === "" && !kind.groupRequired)) {
      groupIds = [this.groupId(instance, groupPath, g.value)];
    } else if (kind.groupRequired) {
      throw new ValidationError(subject, groupPath, g.value ?? "(not set)", `is required by the provider: the id of a ${RESOURCE_TYPES.securityGroup}`);
    } else if (primary) {
      groupIds = [...primary.securityGroupIds];
      this.concerned.push(...groupIds);
      this.warnings.push(`${subject}: no ${groupPath}: ${kind.withoutGroup} (${groupIds.join(", ")})`);
    } else {
      const why = kind.primary ? "the primary instance is not defined in this configuration, so the group the replica is created in is not known" : kind.withoutGroup;
      return this.notAMember(instance, groupPath, `${groupPath} is not set: ${why}.`);
    }

    if (kind.type === "huaweicloud_sfs_turbo") this.serviceAddedRules(instance, groupIds);
    const subnet = primary ? this.primarySubnet(primary) : this.subnetOf(instance, kind);
    const nics = this.nicsOf(instance, kind, subnet);
    const servicePorts = this.servicePorts(instance, kind, primary);
    return {
      id: instance.address,
      kind: kind.type,
      securityGroupIds: groupIds,
      nics,
      ...(typeof named.name === "string" ? { name: named.name } : {}),
      ...(servicePorts ? { servicePorts } : {}),
    };
  }

  /**
   * SFS Turbo adds rules to its security group itself unless `auto_create_security_group_rules`
   * is "false" (the provider's default is "true"): rules the configuration does not hold.
   */
  private serviceAddedRules(instance: ResourceInstance, groupIds: readonly string[]): void {
    const field = "auto_create_security_group_rules";
    const v = this.at(instance, field);
    if (!v.unknown && (v.value === false || v.value === "false")) return;
    this.notEvaluated(
      instance,
      field,
      v.unknown ? `${field} is not known statically: ${v.unknown.reason}` : `SFS Turbo adds inbound rules for its file-sharing ports to security group ${groupIds.join(", ")} when it creates the file system (${field} is "true" unless set to "false"); those rules are not in the configuration`,
      `flows that those rules allow to the file system are judged by the configuration's rules alone, so they may be reported denied; set ${field} = "false" and write the rules to have them checked`,
      groupIds,
    );
  }

  /** Whether the instance runs an engine version protected by whitelists only (then a warning says why it is no member). */
  private whitelisted(instance: ResourceInstance, kind: ServiceKind): boolean {
    const w = kind.whitelistOnly!;
    const engine = this.at(instance, w.enginePath);
    const version = this.at(instance, w.versionPath);
    // The version matters only for the engine named (a Memcached instance has no engine_version to know).
    const unknown = engine.unknown ? engine : version.unknown && String(engine.value ?? "").toLowerCase() === w.engine ? version : undefined;
    if (unknown?.unknown) {
      this.kept(instance, unknown.path, "", unknown.unknown, `the instance is modelled as a member of its security group, which ${kind.service} applies only to engine versions other than ${w.engine} ${w.versions.join(", ")} (${w.source})`);
      return false;
    }
    if (String(engine.value ?? "").toLowerCase() !== w.engine || !w.versions.includes(String(version.value ?? ""))) {
      if (String(engine.value ?? "").toLowerCase() === w.engine && this.written(instance, kind.groups[0]) && String(version.value ?? "") !== "3.0") {
        this.warnings.push(`${this.config.subject(instance)}: ${kind.service} ${String(engine.value)} ${String(version.value ?? "")} is modelled as a member of its security group, which does not apply to a basic edition instance (${w.source})`);
      }
      return false;
    }
    const set = this.written(instance, kind.groups[0]) ? `${kind.groups[0]} is ignored: ` : "";
    this.warnings.push(
      `${this.config.subject(instance)}: ${set}${kind.service} ${String(engine.value)} ${String(version.value)} controls access with whitelists, which hwsg does not evaluate, not security groups (${w.source}): the instance is in no security group of the model`,
    );
    return true;
  }

  /** Records a managed service left out because it names no group (an unknown; a warning at synth time, where the configuration is valid). */
  private notAMember(instance: ResourceInstance, field: string, reason: string): undefined {
    if (this.mode === "error") {
      this.warnings.push(`${this.config.subject(instance)}: ${reason} ${NOT_A_MEMBER}`);
      return undefined;
    }
    this.leftOut.add(instance.address);
    this.unknowns.push({ file: instance.block.file, address: instance.address, field, expression: "(not set)", reason: sentence(reason), effect: NOT_A_MEMBER, groupIds: [], canChangeVerdict: true });
    return undefined;
  }

  /** The subnet named by the first subnet attribute written; undefined when it is not defined here (with a warning). */
  private subnetOf(instance: ResourceInstance, kind: ServiceKind): Subnet | undefined {
    const subject = this.config.subject(instance);
    const path = kind.subnet.find((s) => this.written(instance, s)) ?? kind.subnet[0];
    const s = this.at(instance, path);
    if (s.unknown) throw this.unknownAt(instance, s.path, "", s.unknown);
    if (s.value === undefined || s.value === null || s.value === "") {
      if (kind.subnetRequired) throw new ValidationError(subject, path, s.value ?? "(not set)", `is required by the provider: the id of a ${RESOURCE_TYPES.subnet}`);
      this.warnings.push(`${subject}: no ${kind.subnet.join(" or ")}: the member's subnet and VPC are not known, so VPC isolation is not checked for it`);
      return undefined;
    }
    return this.subnetNamed(instance, path, s.value);
  }

  /** A replica's subnet: its primary's. */
  private primarySubnet(primary: Member): Subnet | undefined {
    const id = primary.nics[0]?.subnetId;
    return id !== undefined ? this.subnetById.get(id) : undefined;
  }

  /** The NICs: one per address the configuration gives, else one standing for the subnet. */
  private nicsOf(instance: ResourceInstance, kind: ServiceKind, subnet: Subnet | undefined): Nic[] {
    const base: Nic = { sourceDestCheck: true, ...(subnet ? { subnetId: subnet.id } : {}) };
    const nics: Nic[] = [];
    for (const field of kind.addresses) {
      const a = this.at(instance, field.path);
      if (a.unknown) {
        this.kept(instance, a.path, "", a.unknown, ADDRESS_KEPT);
        continue;
      }
      const values = a.value === undefined || a.value === null || a.value === "" ? [] : field.list ? a.value : [a.value];
      if (!Array.isArray(values)) throw new ValidationError(this.config.subject(instance), field.path, a.value, "must be a list of IP addresses");
      values.forEach((v, i) => nics.push({ ...base, ...this.address(instance, field, field.list ? `${field.path}[${i}]` : field.path, v, subnet) }));
      if (field.nodes && values.length > 0) {
        // Nodes beyond the addresses given (or a count not known) get addresses of the subnet: one NIC stands for them.
        const n = this.at(instance, field.nodes);
        if (n.unknown || typeof n.value !== "number" || n.value > values.length) nics.push(base);
      }
    }
    return nics.length > 0 ? nics : [base];
  }

  /** A private address, as the provider (and the cloud: within the subnet) takes it. */
  private address(instance: ResourceInstance, field: AddressField, path: string, value: Resolved, subnet: Subnet | undefined): Pick<Nic, "fixedIpV4" | "fixedIpV6"> {
    const subject = this.config.subject(instance);
    const a = typeof value === "string" ? parseAddress(value) : undefined;
    // utils.ValidateIP: net.ParseIP, and the text must be the address's canonical form (2001:db8::1, not 2001:0db8::1).
    if (!a || (field.canonical && formatAddress(a.version, a.value) !== value)) {
      throw new ValidationError(subject, path, value, field.canonical ? "must be an IP address in its canonical form, such as 192.168.0.10" : "must be an IPv4 address");
    }
    if (a.version === 6) {
      if (!field.canonical) throw new ValidationError(subject, path, value, "must be an IPv4 address");
      return { fixedIpV6: a.value };
    }
    if (subnet?.cidr && !subnet.cidr.has(a.value)) throw new ValidationError(subject, path, value, `must lie within the subnet's CIDR ${subnet.cidr}`);
    return { fixedIpV4: a.value };
  }

  /** The ports the service listens on, where the resource says; undefined when it does not. */
  private servicePorts(instance: ResourceInstance, kind: ServiceKind, primary: Member | undefined): ServicePort[] | undefined {
    const rule = kind.port;
    if (!rule) return undefined;
    const subject = this.config.subject(instance);
    const p = this.at(instance, rule.path);
    if (p.unknown) {
      this.kept(instance, p.path, "", p.unknown, PORT_KEPT);
      return undefined;
    }
    // 0 and "" are not sent by the provider: the cloud's default applies.
    let port = p.value === undefined || p.value === null || p.value === "" || p.value === 0 || p.value === "0" ? undefined : integerIn(subject, rule.path, p.value, 1, 65535);
    if (rule.defaultBy) {
      const e = this.at(instance, rule.defaultBy.path);
      if (e.unknown) {
        if (port === undefined) this.kept(instance, e.path, "", e.unknown, PORT_KEPT);
        if (port === undefined) return undefined;
      } else {
        const engine = typeof e.value === "string" ? e.value.toLowerCase() : "";
        const known = Object.prototype.hasOwnProperty.call(rule.defaultBy.values, engine);
        if (known && rule.defaultBy.values[engine] === null) {
          if (port !== undefined) this.warnings.push(`${subject}: ${rule.path} is not used by a ${String(e.value)} instance (${rule.source}): no service port is modelled`);
          return undefined;
        }
        if (port === undefined && known) port = rule.defaultBy.values[engine] as number;
        if (port === undefined && !known && engine !== "" && kind.type !== "huaweicloud_geminidb_instance") {
          this.warnings.push(`${subject}: ${rule.defaultBy.path} ${JSON.stringify(e.value)} has no default port hwsg knows (${rule.source}): no service port is modelled`);
        }
      }
    }
    const ports: ServicePort[] = [];
    if (port !== undefined) ports.push({ protocol: 6, from: port, to: Math.min(65535, port + (rule.count ?? 1) - 1) });
    else if (rule.default !== undefined) ports.push({ protocol: 6, from: rule.default, to: Math.min(65535, rule.default + (rule.count ?? 1) - 1) });
    else if (primary?.servicePorts) ports.push(...primary.servicePorts);
    for (const extra of kind.extraPorts ?? []) {
      const x = this.at(instance, extra);
      if (x.unknown) this.kept(instance, x.path, "", x.unknown, PORT_KEPT);
      else if (x.value !== undefined && x.value !== null && x.value !== "" && x.value !== "0" && x.value !== 0) {
        const n = integerIn(subject, extra, x.value, 1, 65535);
        ports.push({ protocol: 6, from: n, to: n });
      }
    }
    return ports.length > 0 ? ports : undefined;
  }

  /** Whether an attribute path is written (its top-level attribute is, and the path holds a value). */
  private written(instance: ResourceInstance, path: string): boolean {
    const r = this.at(instance, path);
    return r.unknown !== undefined || (r.value !== undefined && r.value !== null && r.value !== "");
  }

  /** A known value at a path (an unknown leaves the member out). */
  private known(instance: ResourceInstance, path: string): Resolved {
    const r = this.at(instance, path);
    if (r.unknown) throw this.unknownAt(instance, r.path, "", r.unknown);
    return r.value;
  }

  /**
   * The value at an attribute path (`port`, `db[0].port`, `node_config[0].network_info[0].subnet_id`);
   * a block written once may be a map or a one-element list. A dynamic block is not expanded: unknown.
   */
  protected at(instance: ResourceInstance, path: string): At {
    const [top, ...rest] = path.split(/\.|(?=\[)/);
    const body = instance.block.body;
    const dynamic = body.dynamic;
    const blocks = Array.isArray(dynamic) ? dynamic : isMap(dynamic) ? [dynamic] : [];
    if (blocks.some((d) => isMap(d) && top in (d as Record<string, unknown>))) {
      return { unknown: new UnknownValue(`a dynamic "${top}" block is not expanded statically`), path: top };
    }
    const raw = body[top];
    if (raw === undefined || raw === null) return { value: undefined };
    let v: Resolved | UnknownValue = this.config.resolve(instance, top, raw);
    let walked = top;
    for (const seg of rest) {
      if (v instanceof UnknownValue) return { unknown: v, path: walked };
      const index = /^\[(\d+)\]$/.exec(seg);
      if (index) v = Array.isArray(v) ? (v[Number(index[1])] as Resolved) : isMap(v) && index[1] === "0" ? v : undefined;
      else v = isMap(v) ? (v as Record<string, Resolved>)[seg] : undefined;
      walked += index ? seg : `.${seg}`;
      if (v === undefined || v === null) return { value: undefined };
    }
    const u = findUnknown(v);
    return u ? { unknown: u.unknown, path: walked + u.path } : { value: v as Resolved };
  }
}
