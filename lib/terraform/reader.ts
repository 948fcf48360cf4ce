/**
 * Reads Huawei Cloud Terraform — HCL `.tf`, the JSON form `.tf.json`, cdktf's `cdk.tf.json` —
 * into the network model: security groups, rules, address groups, instances, subnets, VPCs,
 * peerings and virtual IPs, with `count` and `for_each` expanded into instances addressed as
 * Terraform addresses them (`type.name[0]`, `type.name["key"]`).
 *
 * Every value the provider or the cloud would reject is an error naming the file, the resource
 * address and the field. A value that cannot be known statically (a variable without default,
 * an attribute computed at apply time, a data source attribute, a function not evaluated) is
 * never guessed: with `unknowns: "collect"` the resource that needs it is left out of the model
 * and an `Unknown` says why and what it affects; with `unknowns: "error"` it is an error.
 * What is assumed is a warning.
 */
import { AddressGroup, parseAddressGroup } from "../core/address-group";
import { AddressSet } from "../core/address-set";
import { ValidationError } from "../core/errors";
import { booleanField, integerIn, nameField } from "../core/fields";
import { IpVersion, parseAddress, parseCidr } from "../core/ip";
import { Instance, Network, Nic, Peering, Subnet, VirtualIp, Vpc } from "../core/network";
import { Rule, RuleFields, parseRule } from "../core/rule";
import { SecurityGroup, parseSecurityGroup } from "../core/security-group";
import * as fs from "fs";
import * as path from "path";
import { HwsgError } from "../core/errors";
import { Configuration, rawAt } from "./configuration";
import { ModuleTree, loadModuleCode } from "./modules/module-tree";
import { PlanValues } from "./plan-values";
import { PlanDocument, planKindOf, readPlanDocument } from "./sources/plan-json";
import { VariableInputs, loadVariableValues } from "./sources/variable-values";
import { checkAgainstSchema } from "./schema/check-configuration";
import { currentType } from "./schema/provider-schema";
import { LoadOptions, TerraformDocument, loadTerraform } from "./documents";
import { ResourceInstance } from "./expansion";
import { Unknown, UnknownValue, UnknownsMode, findUnknown, sentence } from "./unknowns";
import { withNumberAsWritten } from "./sources/written-numbers";
import { unmodelledCarriers } from "./unmodelled";
import { ValueSource } from "./value-source";
import { Reference, Resolved, isMap, isReference } from "./values";

export type { Unknown, UnknownsMode } from "./unknowns";

/** The Terraform resource types the reader models. */
export const RESOURCE_TYPES = {
  securityGroup: "huaweicloud_networking_secgroup",
  rule: "huaweicloud_networking_secgroup_rule",
  addressGroup: "huaweicloud_vpc_address_group",
  instance: "huaweicloud_compute_instance",
  vpc: "huaweicloud_vpc",
  subnet: "huaweicloud_vpc_subnet",
  vip: "huaweicloud_networking_vip",
  vipAssociate: "huaweicloud_networking_vip_associate",
  peering: "huaweicloud_vpc_peering_connection",
} as const;

/** The current names of the modelled types. */
const MODELLED_TYPES: ReadonlySet<string> = new Set(Object.values(RESOURCE_TYPES));

/**
 * What an empty optional rule field widens the rule to: the provider does not check these and
 * does not send "" (an empty protocol, action or remote_ip_prefix fails the provider's checks,
 * an empty priority is not a number: those are errors).
 */
const EMPTY_MEANS: Record<string, string> = {
  ports: "every port",
  remote_group_id: "every address of its ethertype",
  remote_address_group_id: "every address of its ethertype",
};

/** The id given to the project's default security group, attached to instances that name no group. */
export const PROJECT_DEFAULT_GROUP = "default";

/** Options of the reader. */
export interface ReadOptions extends LoadOptions {
  /**
   * Values for the root module's variables besides its variable files (`terraform.tfvars`,
   * `*.auto.tfvars`, read from the module's directory): `--var-file` / `--var` options in the
   * order given, and the environment's `TF_VAR_` names.
   * @default none
   */
  readonly variables?: Pick<VariableInputs, "options" | "environment">;
  /**
   * What to do with a value that cannot be known statically: `"collect"` leaves the resource
   * that needs it out of the model and records an `Unknown`; `"error"` throws the
   * ValidationError naming file, address, field and expression.
   * @default "collect" for readTerraform, "error" for readDocuments
   */
  readonly unknowns?: UnknownsMode;
}

/** What the reader returns. */
export interface TerraformModel {
  /** The network model: what could be read, without what had to be left out (see `unknowns`). */
  readonly network: Network;
  /** Assumptions made and things worth knowing, one sentence each, naming file and resource. */
  readonly warnings: readonly string[];
  /** The files read. */
  readonly files: readonly string[];
  /** Terraform address → cdktf construct path, for resources written by cdktf. */
  readonly constructPaths: ReadonlyMap<string, string>;
  /**
   * What could not be resolved statically, and what the model does about it (always empty with
   * `unknowns: "error"`, which throws instead). In the order the reader meets them: by resource
   * type (VPCs, subnets, security groups, address groups, rules, instances, peerings, virtual
   * IPs and their associations), then in configuration order — so what is left out because
   * something it refers to was left out comes after that.
   */
  readonly unknowns: readonly Unknown[];
}

/**
 * Reads a `.tf` or `.tf.json` file, a module directory (both kinds, sorted by file name), a
 * `cdk.tf.json` or a `cdktf.out` directory (`stack` chooses among several stacks).
 * @throws HwsgError naming file, resource address and field on any invalid input (and, with
 * `unknowns: "error"`, on the first value that cannot be known statically)
 */
export async function readTerraform(target: string, options: ReadOptions = {}): Promise<TerraformModel> {
  const plan = readPlanFile(target);
  if (plan) return readValues(new PlanValues(plan), { unknowns: options.unknowns ?? "collect" });
  const documents = await loadTerraform(target, options.stack !== undefined ? { stack: options.stack } : {});
  const directory = fs.statSync(target).isDirectory();
  // A cdktf.out directory, or a file: its own directory is the root module's only when it is a module directory.
  const rootDirectory = path.dirname(documents[0]?.file ?? target);
  const code = await loadModuleCode(rootDirectory, documents);
  const variables = await loadVariableValues({
    ...(options.variables?.options ? { options: options.variables.options } : {}),
    ...(options.variables?.environment ? { environment: options.variables.environment } : {}),
    ...(directory && options.stack === undefined ? { rootDirectory } : {}),
  });
  return readValues(new ModuleTree(code, variables), { unknowns: options.unknowns ?? "collect" });
}

/** A plan or state JSON file (`terraform show -json`), read; undefined for anything else. */
function readPlanFile(target: string): PlanDocument | undefined {
  if (!target.endsWith(".json") || target.endsWith(".tf.json")) return undefined;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    return undefined;
  }
  if (!stat.isFile()) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(target, "utf8"));
  } catch (e) {
    throw new HwsgError(`${target}: not valid JSON: ${(e as Error).message.split("\n")[0]}`);
  }
  if (planKindOf(json) === undefined) {
    throw new HwsgError(`${target}: neither Terraform configuration (.tf, .tf.json) nor Terraform's JSON output of a plan or a state (terraform show -json)`);
  }
  return readPlanDocument(target, json as Record<string, unknown>);
}

/**
 * Builds the model from already parsed documents (a cdktf stack's JSON, say), synchronously.
 * Documents prepared by `prepareDocuments` (as `loadTerraform` returns them) have every
 * expression evaluated; others have only literals and whole-value references
 * (`${huaweicloud_networking_secgroup.web.id}`, `${var.x}`, `${local.y}`, ...) understood.
 * @throws HwsgError naming file, resource address and field on any invalid input (and, with
 * `unknowns: "error"`, the default here, on the first value that cannot be known statically)
 */
export function readDocuments(documents: readonly TerraformDocument[], options: ReadOptions = {}): TerraformModel {
  return new Reader(new Configuration(documents), options.unknowns ?? "error").read();
}

/**
 * Builds the model from resolved values: a configuration's, or a plan's or a state's
 * (`new PlanValues(readPlanDocument(file, json))`).
 * @throws HwsgError naming file, resource address and field on any invalid input (and, with
 * `unknowns: "error"`, on the first value that is not known)
 */
export function readValues(source: ValueSource, options: ReadOptions = {}): TerraformModel {
  return new Reader(source, options.unknowns ?? "collect").read();
}

/** Thrown while one instance is built: a value its model needs is not known. */
class LeftOut {
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
};

const KEPT_NAME = "kept: a name or description does not affect matching";
const FLAVOR_KEPT = "the instance is kept without a flavor: none of its groups' rules is one that some flavors ignore (address-group or inconsecutive-port rules), so the flavor changes no verdict";
const UNNAMED_GROUP = "the group is kept under its address: its name does not affect matching (an instance that names it in security_groups is recorded separately)";
/** What an unknown kept in the model can never change: matching does not depend on it. */
const HARMLESS = new Set([KEPT_NAME, FLAVOR_KEPT, UNNAMED_GROUP]);

class Reader {
  private readonly mode: UnknownsMode;
  private readonly warnings: string[] = [];
  private readonly unknowns: Unknown[] = [];
  private readonly groups: SecurityGroup[] = [];
  private readonly groupIds = new Set<string>();
  private readonly subnets: Subnet[] = [];
  private readonly subnetById = new Map<string, Subnet>();
  /** The first defined group of each name, built when an instance first names a group (every group is read by then). */
  private definedGroupByName: Map<string, SecurityGroup> | undefined;
  /** Built instances by address, for messages. */
  private readonly built = new Map<string, ResourceInstance>();
  /** Addresses of instances left out, and why. */
  private readonly leftOut = new Set<string>();
  /** Groups kept under their address because their name is not known statically. */
  private readonly unnamedGroups: string[] = [];
  /** The security groups the instance being built concerns (for its Unknown's groupIds). */
  private concerned: string[] = [];
  /** The optional fields the last `fields` call found unknown (and left undefined). */
  private lastKept = new Set<string>();

  constructor(private readonly config: ValueSource, mode: UnknownsMode) {
    this.mode = mode;
  }

  read(): TerraformModel {
    const T = RESOURCE_TYPES;
    this.unknowns.push(...(this.config.sourceUnknowns?.() ?? []));
    if (this.mode === "error" && this.unknowns.length > 0) {
      const u = this.unknowns[0];
      throw new ValidationError(`${u.file}: ${u.address}`, u.field, u.expression, `cannot be resolved statically: ${u.reason}`);
    }
    this.warnings.push(...(this.config.sourceWarnings?.() ?? []));
    for (const d of this.config.documents) this.warnings.push(...((d as { warnings?: readonly string[] }).warnings ?? []));
    // Members the model does not read yet: unknowns; at synth time (error mode) warnings, since a
    // group whose members are all such resources is checked through a hypothetical member.
    for (const u of unmodelledCarriers(this.config)) {
      if (this.mode === "error") this.warnings.push(`${u.file}: ${u.address}: ${u.reason} ${u.effect}`);
      else this.unknowns.push(u);
    }
    if (this.config.kind === "configuration") this.warnings.push(...checkAgainstSchema(this.config, MODELLED_TYPES));
    const vpcs = this.each(T.vpc, (i) => this.vpc(i));
    this.each(T.subnet, (i) => this.addSubnet(this.subnet(i, vpcs)));
    this.each(T.securityGroup, (i) => this.addGroup(this.securityGroup(i)));
    const addressGroups = this.each(T.addressGroup, (i) => this.addressGroup(i));
    const addressGroupIds = new Set(addressGroups.map((a) => a.id));
    const rules = this.each(T.rule, (i) => this.rule(i, addressGroupIds));
    const flavorSensitive = flavorSensitiveGroups(rules);
    const instances = this.each(T.instance, (i) => this.instance(i, flavorSensitive));
    const peerings = this.each(T.peering, (i) => this.peering(i, vpcs));
    const vips = this.virtualIps(instances);

    let network: Network;
    try {
      network = new Network({ securityGroups: this.groups, rules, addressGroups, instances, subnets: this.subnets, vpcs, peerings, virtualIps: vips });
    } catch (e) {
      if (e instanceof ValidationError) {
        const instance = this.built.get(e.subject);
        if (instance) throw new ValidationError(this.config.subject(instance), e.field, e.value, e.allowed, e.hint);
      }
      throw e;
    }
    const constructPaths = new Map<string, string>();
    for (const [address, i] of this.built) if (i.block.constructPath) constructPaths.set(address, i.block.constructPath);
    return { network, warnings: this.warnings, files: [...this.config.documents.map((d) => d.file), ...(this.config.sourceFiles?.() ?? [])], constructPaths, unknowns: this.unknowns };
  }

  /** Builds every instance of every block of a type; what cannot be known is left out (or thrown). */
  private each<T>(type: string, build: (instance: ResourceInstance) => T): T[] {
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
          effect: sentence(`no instance of ${block.address} is in the model, however many there are: ${LEFT_OUT[type].consequence(groups, true)}`),
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
            effect: sentence(`the ${LEFT_OUT[type].noun} is left out of the model: ${LEFT_OUT[type].consequence(groups, false)}`),
            groupIds: groups,
            canChangeVerdict: true,
          });
        }
      }
    }
    return out;
  }

  /** The groups a block whose instances are not known would concern, as far as they can be told. */
  private groupsOf(instance: ResourceInstance): string[] {
    const type = currentType(instance.block.type);
    const fields = type === RESOURCE_TYPES.rule ? ["security_group_id"] : type === RESOURCE_TYPES.instance ? ["security_group_ids"] : [];
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
  private unknownAt(instance: ResourceInstance, field: string, path: string, unknown: UnknownValue): LeftOut {
    return new LeftOut(field + path, this.expressionAt(instance, field + path), unknown.reason);
  }

  /** The expression written at a field path, or at the closest enclosing field that is written. */
  private expressionAt(instance: ResourceInstance, path: string): string {
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
  private kept(instance: ResourceInstance, field: string, path: string, unknown: UnknownValue, effect: string): void {
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
   * Resolves the named fields of an instance (absent and null fields stay undefined). A field
   * that holds an unknown value leaves the instance out, unless `optional` lists it: then it is
   * recorded as kept (with `effect`) and left undefined.
   */
  private fields(instance: ResourceInstance, names: readonly string[], optional: Readonly<Record<string, string>> = {}): Record<string, Resolved> {
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

  /** The id a reference field names: a resource address for `${type.name.id}`, or the literal id. */
  private idOf(instance: ResourceInstance, field: string, value: Resolved, type: string): { id: string; defined: boolean } {
    const subject = this.config.subject(instance);
    if (typeof value === "string" && value !== "") {
      const attribute = this.config.referencedAttribute(instance.block, field);
      if (attribute !== undefined && attribute !== "id") {
        throw new ValidationError(subject, field, this.config.written(instance.block, rawAt(instance.block.body, field)), `must be the id of a ${type} (\${${type}.NAME.id}), not its ${attribute}`);
      }
      return { id: value, defined: false };
    }
    if (isReference(value) && value.ref === "id") {
      if (currentType(value.type) !== type) throw new ValidationError(subject, field, `\${${value.address}.id}`, `must be the id of a ${type}, not of a ${value.type}`);
      if (this.leftOut.has(value.address)) {
        throw new LeftOut(field, this.expressionAt(instance, field), `it refers to ${value.address}, which is left out of the model (see the unknown recorded for it)`);
      }
      return { id: value.address, defined: !value.data };
    }
    throw new ValidationError(subject, field, value, `must be the id of a ${type} (a literal id or \${${type}.NAME.id})`);
  }

  private addSubnet(subnet: Subnet): void {
    this.subnets.push(subnet);
    if (!this.subnetById.has(subnet.id)) this.subnetById.set(subnet.id, subnet);
  }

  /** The first group defined in the configuration with this name. */
  private definedGroupNamed(name: Resolved): SecurityGroup | undefined {
    if (!this.definedGroupByName) {
      this.definedGroupByName = new Map();
      for (const g of this.groups) if (g.defined && !this.definedGroupByName.has(g.name)) this.definedGroupByName.set(g.name, g);
    }
    return typeof name === "string" ? this.definedGroupByName.get(name) : undefined;
  }

  private addGroup(group: SecurityGroup): void {
    this.groups.push(group);
    this.groupIds.add(group.id);
  }

  /**
   * A group id; a group not defined in the configuration is added with only the rules defined here.
   * @param concerns whether the instance being built changes the group (a rule's own group, an
   * instance's groups), so that an unknown recorded for it names the group
   */
  private groupId(instance: ResourceInstance, field: string, value: Resolved, concerns = true): string {
    if (concerns && isReference(value) && value.ref === "id") this.concerned.push(value.address);
    const { id } = this.idOf(instance, field, value, RESOURCE_TYPES.securityGroup);
    if (concerns && !this.concerned.includes(id)) this.concerned.push(id);
    if (!this.groupIds.has(id)) {
      this.addGroup({ id, name: id, deleteDefaultRules: true, defined: false });
      this.warnings.push(`${this.config.subject(instance)}: ${field} names security group ${id}, which this configuration does not define: only the rules defined here are known for it (its default rules and any others are not modelled)`);
    }
    return id;
  }

  private securityGroup(instance: ResourceInstance): SecurityGroup {
    const subject = this.config.subject(instance);
    const f = this.fields(instance, ["name", "description", "delete_default_rules"], { name: UNNAMED_GROUP, description: KEPT_NAME });
    if (this.lastKept.has("name")) {
      this.unnamedGroups.push(instance.address);
      return { ...parseSecurityGroup({ ...f, name: "unnamed" }, subject, instance.address, this.warnings), name: instance.address };
    }
    return parseSecurityGroup(f, subject, instance.address, this.warnings);
  }

  private vpc(instance: ResourceInstance): Vpc {
    const f = this.fields(instance, ["name", "cidr", "secondary_cidr", "secondary_cidrs"], { name: KEPT_NAME });
    const subject = this.config.subject(instance);
    if (!this.lastKept.has("name")) nameField(subject, f.name, undefined, "name", this.warnings);
    let cidr = this.cidrField(subject, "cidr", f.cidr, 4);
    // The deprecated single secondary block still adds to the VPC (the provider conflicts it with secondary_cidrs).
    if (f.secondary_cidr !== undefined && f.secondary_cidr !== "") {
      if (f.secondary_cidrs !== undefined) throw new ValidationError(subject, "secondary_cidr", f.secondary_cidr, "conflicts with secondary_cidrs in the provider");
      cidr = cidr.union(this.cidrField(subject, "secondary_cidr", f.secondary_cidr, 4));
    }
    if (Array.isArray(f.secondary_cidrs)) {
      f.secondary_cidrs.forEach((c, i) => { cidr = cidr.union(this.cidrField(subject, `secondary_cidrs[${i}]`, c, 4)); });
    }
    return { id: instance.address, cidr };
  }

  private subnet(instance: ResourceInstance, vpcs: Vpc[]): Subnet {
    const f = this.fields(instance, ["name", "cidr", "gateway_ip", "vpc_id"], { name: KEPT_NAME });
    const subject = this.config.subject(instance);
    if (!this.lastKept.has("name")) nameField(subject, f.name, undefined, "name", this.warnings);
    const cidr = this.cidrField(subject, "cidr", f.cidr, 4);
    const vpcId = this.idOf(instance, "vpc_id", f.vpc_id, RESOURCE_TYPES.vpc).id;
    const vpc = vpcs.find((v) => v.id === vpcId) ?? this.externalVpc(subject, "vpc_id", vpcId, vpcs);
    if (vpc.cidr && !vpc.cidr.covers(cidr)) throw new ValidationError(subject, "cidr", f.cidr, `must lie within the VPC's CIDR blocks (${vpc.cidr})`);
    const gw = f.gateway_ip === undefined ? undefined : parseAddress(String(f.gateway_ip));
    if (f.gateway_ip !== undefined && (!gw || gw.version !== 4 || !cidr.has(gw.value))) {
      throw new ValidationError(subject, "gateway_ip", f.gateway_ip, `must be an IPv4 address within the subnet ${cidr}`);
    }
    return { id: instance.address, vpcId, cidr };
  }

  /**
   * A VPC this configuration does not define (a literal id: a VPC created elsewhere, or a peer
   * VPC in another account), added once without CIDR blocks, with a warning.
   */
  private externalVpc(subject: string, field: string, id: string, vpcs: Vpc[]): Vpc {
    const vpc: Vpc = { id };
    vpcs.push(vpc);
    this.warnings.push(`${subject}: ${field} ${id} is a VPC this configuration does not define: it is modelled without CIDR blocks and with only the subnets and instances defined here`);
    return vpc;
  }

  /** A VPC or subnet CIDR block, as the provider's ValidateCIDR takes it: canonical once lower-cased (10.0.0.0/8, not 10.0.0.0/08). */
  private cidrField(subject: string, field: string, value: Resolved, version: IpVersion): AddressSet {
    const cidr = typeof value === "string" ? parseCidr(value) : undefined;
    if (!cidr || cidr.version !== version) throw new ValidationError(subject, field, value, `must be an IPv${version} CIDR block such as 192.168.0.0/16`);
    if (!cidr.canonical) throw new ValidationError(subject, field, value, "host bits are set", `did you mean ${cidr.text}?`);
    if (cidr.text !== (value as string).toLowerCase()) throw new ValidationError(subject, field, value, "must be written in canonical form (the provider's ValidateCIDR compares the text)", `did you mean ${cidr.text}?`);
    return AddressSet.parse(cidr.text);
  }

  private addressGroup(instance: ResourceInstance): AddressGroup {
    const f = this.fields(instance, ["name", "addresses", "ip_extra_set", "ip_version", "max_capacity", "description"], { description: KEPT_NAME });
    return parseAddressGroup(f, this.config.subject(instance), instance.address, this.warnings);
  }

  private rule(instance: ResourceInstance, addressGroupIds: ReadonlySet<string>): Rule {
    const subject = this.config.subject(instance);
    // The group first: an unknown elsewhere then names the group it concerns.
    const g = this.fields(instance, ["security_group_id"]);
    const groupId = g.security_group_id !== undefined ? this.groupId(instance, "security_group_id", g.security_group_id) : undefined;
    const names = ["direction", "ethertype", "protocol", "ports", "port_range_min", "port_range_max", "remote_ip_prefix", "remote_group_id", "remote_address_group_id", "action", "priority", "description"];
    const f = this.fields(instance, names, { description: KEPT_NAME });
    const fields: Record<string, unknown> = { ...f };
    if (groupId !== undefined) fields.security_group_id = groupId;
    if (f.remote_group_id !== undefined && f.remote_group_id !== "") {
      fields.remote_group_id = this.groupId(instance, "remote_group_id", f.remote_group_id, false);
    }
    if (f.remote_address_group_id !== undefined && f.remote_address_group_id !== "") {
      const { id, defined } = this.idOf(instance, "remote_address_group_id", f.remote_address_group_id, RESOURCE_TYPES.addressGroup);
      if (!defined || !addressGroupIds.has(id)) {
        // An address group created elsewhere is valid Terraform, but its addresses are not known here.
        throw new LeftOut("remote_address_group_id", this.expressionAt(instance, "remote_address_group_id"), `address group ${id} is not defined in this configuration, so the addresses the rule matches are not known`);
      }
      fields.remote_address_group_id = id;
    }
    for (const [field, meaning] of Object.entries(EMPTY_MEANS)) {
      if (f[field] === "") this.warnings.push(`${subject}: ${field} is "", which the provider does not send: the rule applies to ${meaning}`);
    }
    const rule = parseRule(fields as RuleFields, subject, instance.address, { notes: this.warnings, icmpTypeCode: true });
    if (rule.icmp !== undefined) {
      const field = f.ports !== undefined ? "ports" : "port_range_min";
      if (this.mode === "error") {
        throw new ValidationError(subject, field, f[field], `hwsg cannot evaluate an ICMP type and code yet (it would treat the rule as matching every ICMP type), so it cannot check this stack exactly`);
      }
      this.warnings.push(
        `${subject}: the rule matches ICMP ${rule.icmp} only, but hwsg evaluates it as matching every ICMP type and code: ${rule.action === "allow" ? "verdicts may show other ICMP traffic as allowed by it (more allowed than is)" : "verdicts may show other ICMP traffic as denied by it (less allowed than is)"}`,
      );
    }
    if (rule.priorityImplicit) {
      this.warnings.push(`${subject}: priority is not set; the provider's default, 1 (the highest), is assumed`);
    }
    return rule;
  }

  /** @param flavorSensitive the groups with a rule some flavors ignore (see flavorSensitiveGroups) */
  private instance(instance: ResourceInstance, flavorSensitive: ReadonlySet<string>): Instance {
    const subject = this.config.subject(instance);
    // The groups known so far, for the unknown recorded if the instance is left out.
    const written = instance.block.body.security_group_ids;
    if (written !== undefined && written !== null) {
      const ids = this.config.resolve(instance, "security_group_ids", written);
      for (const x of Array.isArray(ids) ? ids : []) if (isReference(x) && x.ref === "id" && currentType(x.type) === RESOURCE_TYPES.securityGroup) this.concerned.push(x.address);
    }
    const g = this.fields(instance, ["security_group_ids", "security_groups"]);
    this.concerned = [];
    if (g.security_group_ids !== undefined && g.security_groups !== undefined) {
      // ConflictsWith in the provider's schema (resource_huaweicloud_compute_instance.go).
      throw new ValidationError(subject, "security_groups", g.security_groups, "conflicts with security_group_ids in the provider: use one of them");
    }
    let groupIds: string[] = [];
    if (g.security_group_ids !== undefined) {
      if (!Array.isArray(g.security_group_ids)) throw new ValidationError(subject, "security_group_ids", g.security_group_ids, "must be a list of security group ids");
      groupIds = g.security_group_ids.map((v, i) => this.groupId(instance, `security_group_ids[${i}]`, v));
    } else if (g.security_groups !== undefined) {
      if (!Array.isArray(g.security_groups)) throw new ValidationError(subject, "security_groups", g.security_groups, "must be a list of security group names");
      groupIds = g.security_groups.map((v, i) => {
        const named = this.definedGroupNamed(v);
        if (named) {
          this.concerned.push(named.id);
          return named.id;
        }
        if (this.unnamedGroups.length > 0) {
          throw new LeftOut(`security_groups[${i}]`, this.expressionAt(instance, `security_groups[${i}]`), `it names the group ${JSON.stringify(v)}, which may be one of ${this.unnamedGroups.join(", ")}, whose names are not known statically`);
        }
        return this.groupId(instance, `security_groups[${i}]`, v);
      });
      this.warnings.push(`${subject}: security_groups is a set, whose order Terraform does not keep; the order written is assumed as the matching order (use security_group_ids)`);
    } else {
      if (!this.groupIds.has(PROJECT_DEFAULT_GROUP)) this.addGroup({ id: PROJECT_DEFAULT_GROUP, name: PROJECT_DEFAULT_GROUP, deleteDefaultRules: false, defined: false });
      groupIds = [PROJECT_DEFAULT_GROUP];
      this.warnings.push(`${subject}: no security_group_ids: Huawei Cloud attaches the project's default security group, modelled with its four default rules only`);
    }

    const flavorMatters = groupIds.some((id) => flavorSensitive.has(id));
    const f = this.fields(instance, ["name", "flavor_id", "flavor_name"], { name: KEPT_NAME, ...(flavorMatters ? {} : { flavor_id: FLAVOR_KEPT, flavor_name: FLAVOR_KEPT }) });
    if (!this.lastKept.has("name") && asString(f.name ?? "") === "") this.warnings.push(`${subject}: name is empty, which the cloud refuses (kept: the name does not affect matching)`);

    const networks = this.networks(instance);
    if (!Array.isArray(networks) || networks.length === 0) throw new ValidationError(subject, "network", networks, "at least one network block is required");
    if (networks.length > 12) throw new ValidationError(subject, "network", `${networks.length} blocks`, "at most 12 network blocks are allowed");
    const nics = networks.map((n, i) => this.nic(instance, n, i));
    const flavor = asString(f.flavor_id) ?? asString(f.flavor_name);
    return { id: instance.address, securityGroupIds: groupIds, nics, ...(f.name !== undefined ? { name: f.name as string } : {}), ...(flavor ? { flavor } : {}) };
  }

  /** The network blocks; unknowns in a fixed IP are kept (the NIC then has none), others leave the instance out. */
  private networks(instance: ResourceInstance): Resolved {
    const body = instance.block.body;
    const blocks = body.dynamic;
    if ((isMap(blocks) && "network" in blocks) || (Array.isArray(blocks) && blocks.some((d) => isMap(d) && "network" in (d as Record<string, unknown>)))) {
      throw new LeftOut("network", 'dynamic "network"', 'a dynamic "network" block is not expanded statically');
    }
    if (body.network === undefined || body.network === null) return undefined;
    const value = this.config.resolve(instance, "network", body.network);
    const list = isMap(value) ? [value] : value;
    if (!Array.isArray(list)) {
      const u = findUnknown(list);
      if (u) throw this.unknownAt(instance, "network", u.path, u.unknown);
      return list;
    }
    return list.map((n, i) => {
      if (!isMap(n)) {
        const u = findUnknown(n);
        if (u) throw this.unknownAt(instance, `network[${i}]`, u.path, u.unknown);
        return n;
      }
      const nic: Record<string, Resolved> = { ...(n as Record<string, Resolved>) };
      for (const [k, v] of Object.entries(nic)) {
        const u = findUnknown(v);
        if (!u) continue;
        if (k === "fixed_ip_v4" || k === "fixed_ip_v6") {
          this.kept(instance, `network[${i}].${k}`, u.path, u.unknown, "the NIC is kept without this fixed IP: it stands for every address of its subnet, so questions about it cover the whole subnet");
          delete nic[k];
        } else if (k !== "port" && (k === "uuid" || k === "source_dest_check")) {
          throw this.unknownAt(instance, `network[${i}].${k}`, u.path, u.unknown);
        }
      }
      return nic;
    });
  }

  private nic(instance: ResourceInstance, value: Resolved, i: number): Nic {
    const subject = this.config.subject(instance);
    const field = `network[${i}]`;
    if (!isMap(value)) throw new ValidationError(subject, field, value, "must be a network block");
    const n = value as Record<string, Resolved>;
    let subnet: Subnet | undefined;
    if (n.uuid !== undefined && n.uuid !== null) {
      const { id, defined } = this.idOf(instance, `${field}.uuid`, n.uuid, RESOURCE_TYPES.subnet);
      subnet = defined ? this.subnetById.get(id) : undefined;
      if (!defined) this.warnings.push(`${subject}: ${field}.uuid ${id} is a subnet this configuration does not define: the NIC's VPC is unknown, so VPC isolation is not checked for it`);
    }
    let fixedIpV4: bigint | undefined;
    if (n.fixed_ip_v4 !== undefined && n.fixed_ip_v4 !== null && n.fixed_ip_v4 !== "") {
      const a = typeof n.fixed_ip_v4 === "string" ? parseAddress(n.fixed_ip_v4) : undefined;
      if (!a || a.version !== 4) throw new ValidationError(subject, `${field}.fixed_ip_v4`, n.fixed_ip_v4, "must be an IPv4 address");
      if (subnet?.cidr && !subnet.cidr.has(a.value)) throw new ValidationError(subject, `${field}.fixed_ip_v4`, n.fixed_ip_v4, `must lie within the subnet's CIDR ${subnet.cidr}`);
      fixedIpV4 = a.value;
    }
    let fixedIpV6: bigint | undefined;
    if (n.fixed_ip_v6 !== undefined && n.fixed_ip_v6 !== null && n.fixed_ip_v6 !== "") {
      const a = typeof n.fixed_ip_v6 === "string" ? parseAddress(n.fixed_ip_v6) : undefined;
      if (!a || a.version !== 6) throw new ValidationError(subject, `${field}.fixed_ip_v6`, n.fixed_ip_v6, "must be an IPv6 address");
      fixedIpV6 = a.value;
    }
    const sourceDestCheck = booleanField(subject, `${field}.source_dest_check`, n.source_dest_check, true);
    return { sourceDestCheck, ...(subnet ? { subnetId: subnet.id } : {}), ...(fixedIpV4 !== undefined ? { fixedIpV4 } : {}), ...(fixedIpV6 !== undefined ? { fixedIpV6 } : {}) };
  }

  private peering(instance: ResourceInstance, vpcs: Vpc[]): Peering {
    const subject = this.config.subject(instance);
    const f = this.fields(instance, ["name", "vpc_id", "peer_vpc_id"], { name: KEPT_NAME });
    if (!this.lastKept.has("name")) {
      // The provider's ValidateString64WithChinese: at most 64 bytes, letters, digits, -, _, . and Chinese characters.
      nameField(subject, f.name, { re: /^[-._A-Za-z0-9\u4e00-\u9fa5]+$/, allowed: "may contain only letters, digits, -, _, . and Chinese characters", bytes: true }, "name", this.warnings);
    }
    const vpcId = this.idOf(instance, "vpc_id", f.vpc_id, RESOURCE_TYPES.vpc).id;
    const peerVpcId = this.idOf(instance, "peer_vpc_id", f.peer_vpc_id, RESOURCE_TYPES.vpc).id;
    if (vpcId === peerVpcId) throw new ValidationError(subject, "peer_vpc_id", peerVpcId, "must be a VPC other than vpc_id");
    for (const [field, id] of [["vpc_id", vpcId], ["peer_vpc_id", peerVpcId]] as const) {
      if (!vpcs.some((v) => v.id === id)) this.externalVpc(subject, field, id, vpcs);
    }
    return { id: instance.address, vpcId, peerVpcId };
  }

  private virtualIps(instances: readonly Instance[]): VirtualIp[] {
    const T = RESOURCE_TYPES;
    const instanceById = new Map<string, Instance>();
    for (const x of instances) if (!instanceById.has(x.id)) instanceById.set(x.id, x);
    const vips = new Map<string, { id: string; subnetId?: string; version: IpVersion; address?: bigint; holders: Array<{ instanceId: string; nicIndex: number }> }>();
    this.each(T.vip, (instance) => {
      const subject = this.config.subject(instance);
      const kept = "the virtual IP is kept without an address: it cannot be named by address in a question";
      const f = this.fields(instance, ["network_id", "ip_version", "ip_address"], { ip_address: kept });
      const { id: subnetId } = this.idOf(instance, "network_id", f.network_id, T.subnet);
      const subnet = this.subnetById.get(subnetId);
      const version = (f.ip_version === undefined ? 4 : integerIn(subject, "ip_version", f.ip_version, 4, 6)) as IpVersion;
      if (version !== 4 && version !== 6) throw new ValidationError(subject, "ip_version", f.ip_version, "must be 4 or 6");
      let address: bigint | undefined;
      if (f.ip_address !== undefined) {
        const a = typeof f.ip_address === "string" ? parseAddress(f.ip_address) : undefined;
        if (!a || a.version !== version) throw new ValidationError(subject, "ip_address", f.ip_address, `must be an IPv${version} address`);
        if (version === 4 && subnet?.cidr && !subnet.cidr.has(a.value)) throw new ValidationError(subject, "ip_address", f.ip_address, `must lie within the subnet's CIDR ${subnet.cidr}`);
        address = a.value;
      }
      vips.set(instance.address, { id: instance.address, version, holders: [], ...(subnet ? { subnetId: subnet.id } : {}), ...(address !== undefined ? { address } : {}) });
    });
    this.each(T.vipAssociate, (instance) => {
      const subject = this.config.subject(instance);
      const f = this.fields(instance, ["vip_id", "port_ids"]);
      const { id: vipId } = this.idOf(instance, "vip_id", f.vip_id, T.vip);
      const vip = vips.get(vipId);
      if (!Array.isArray(f.port_ids) || f.port_ids.length === 0) throw new ValidationError(subject, "port_ids", f.port_ids, "must be a non-empty list of NIC ports");
      if (!vip) {
        // A virtual IP created elsewhere (a literal id): valid, but its address is not known here.
        this.warnings.push(`${subject}: vip_id ${vipId} is a virtual IP this configuration does not define: its address is not known, so the NICs named do not hold it in the model`);
        return;
      }
      const holders = f.port_ids.flatMap((p, i) => {
        if (typeof p === "string" && p !== "") {
          this.warnings.push(`${subject}: port_ids[${i}] ${p} is a port this configuration does not define: it is not modelled as holding the virtual IP`);
          return [];
        }
        if (!isReference(p) || p.ref !== "port") {
          throw new ValidationError(subject, `port_ids[${i}]`, p, "must reference an instance's NIC port, as ${huaweicloud_compute_instance.NAME.network[0].port}");
        }
        const port = p as Reference & { ref: "port" };
        if (this.leftOut.has(port.address)) throw new LeftOut(`port_ids[${i}]`, this.expressionAt(instance, `port_ids[${i}]`), `it refers to ${port.address}, which is left out of the model (see the unknown recorded for it)`);
        const inst = instanceById.get(port.address);
        if (!inst || !inst.nics[port.nicIndex]) throw new ValidationError(subject, `port_ids[${i}]`, `${port.address}.network[${port.nicIndex}].port`, "names a network block the instance does not have");
        return [{ instanceId: inst.id, nicIndex: port.nicIndex }];
      });
      vip.holders.push(...holders);
    });
    return [...vips.values()];
  }
}

/** The groups with a rule that some flavors ignore: an address-group remote or inconsecutive ports. */
function flavorSensitiveGroups(rules: readonly Rule[]): Set<string> {
  const out = new Set<string>();
  for (const r of rules) if (r.remote.kind === "addressGroup" || r.inconsecutivePorts) out.add(r.securityGroupId);
  return out;
}

/** A string argument's value as Terraform converts it (a number or a bool becomes its text); undefined when not one. */
function asString(value: Resolved): string | undefined {
  return typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;
}

/** An expression as text. */
function text(written: unknown): string {
  return typeof written === "string" ? written : JSON.stringify(written) ?? "";
}
