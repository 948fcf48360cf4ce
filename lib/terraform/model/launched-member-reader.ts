/**
 * The members the cloud makes: CCE nodes (in their cluster's node security group), and the
 * members launched at run time — a CCE node pool's nodes, the instances of an auto-scaling (AS)
 * group — each launched member standing for all of them, alike, addresses not known.
 */
import { ValidationError } from "../../core/errors";
import { booleanField } from "../../core/fields";
import { Member, Nic, Subnet } from "../../core/network";
import { ResourceInstance } from "../expansion";
import { currentType } from "../schema/provider-schema";
import { findUnknown } from "../unknowns";
import { Resolved, isReference } from "../values";
import { LeftOut } from "./instance-reader";
import { MemberFieldReader, memberLeftOut } from "./member-field-reader";
import { RESOURCE_TYPES } from "./resource-types";

/** What a CCE cluster gives its nodes. */
interface CceCluster {
  readonly address: string;
  /** `security_group_id`: the node security group; undefined when CCE creates it. */
  readonly groupId?: string;
  /** `subnet_id`: the nodes' subnet unless a node or pool names its own. */
  readonly subnet?: Subnet;
}

/** What an AS configuration gives the instances launched from it. */
interface AsConfiguration {
  readonly instance: ResourceInstance;
  /** `instance_config.security_group_ids`, when it names groups. */
  readonly groupIds?: readonly string[];
  /** `instance_config.instance_id`, a compute instance of the model used as template, when set. */
  readonly template?: string;
}

const T = {
  cluster: "huaweicloud_cce_cluster",
  node: "huaweicloud_cce_node",
  nodePool: "huaweicloud_cce_node_pool",
  asConfiguration: "huaweicloud_as_configuration",
  asGroup: "huaweicloud_as_group",
} as const;

const NODE_FLAVOR_KEPT = "the node is kept without a flavor: rules that some flavors ignore (address-group or inconsecutive-port rules) are assumed to take effect on it";
const NODE_IP_KEPT = "the node is kept without this fixed IP: it stands for every address of its subnet, so questions about it cover the whole subnet";

/** Reads CCE nodes, node pools and auto-scaling groups as members. */
export abstract class LaunchedMemberReader extends MemberFieldReader {
  /**
   * The members made by the cloud: CCE nodes, node pools (launched) and AS groups (launched); an
   * AS configuration used by no AS group of the model is recorded as not evaluated.
   * @param instances the compute instances read, which an AS configuration may take as template
   */
  protected launchedMembers(instances: readonly Member[] = []): Member[] {
    const clusters = new Map<string, CceCluster>();
    for (const c of this.each(T.cluster, (i) => this.cceCluster(i))) clusters.set(c.address, c);
    const out: Member[] = [];
    for (const m of this.each(T.node, (i) => this.cceNode(i, clusters))) if (m) out.push(m);
    for (const m of this.each(T.nodePool, (i) => this.cceNodePool(i, clusters))) if (m) out.push(m);
    const configurations = new Map<string, AsConfiguration>();
    for (const c of this.each(T.asConfiguration, (i) => this.asConfiguration(i, instances))) configurations.set(c.instance.address, c);
    const used = new Set<string>();
    for (const m of this.each(T.asGroup, (i) => this.asGroup(i, configurations, instances, used))) if (m) out.push(m);
    for (const c of configurations.values()) {
      if (used.has(c.instance.address)) continue;
      // The subnets are the AS group's: without one, the launched instances have no NIC to model.
      const groups = c.groupIds ?? (c.template ? instances.find((m) => m.id === c.template)?.securityGroupIds : undefined) ?? [];
      this.notEvaluated(
        c.instance,
        "instance_config",
        "no AS group of this configuration uses it, and an AS group chooses the subnets of the instances it launches",
        `the instances an AS group created elsewhere launches from it are not in the model${groups.length ? ": rules that name their groups as remote_group_id match fewer addresses than in the cloud" : ""}`,
        groups,
      );
    }
    return out;
  }

  private cceCluster(instance: ResourceInstance): CceCluster {
    const f = this.fields(instance, ["security_group_id", "subnet_id"]);
    const subnet = f.subnet_id !== undefined ? this.subnetNamed(instance, "subnet_id", f.subnet_id) : undefined;
    const groupId = f.security_group_id !== undefined && f.security_group_id !== "" ? this.groupId(instance, "security_group_id", f.security_group_id) : undefined;
    return { address: instance.address, ...(groupId !== undefined ? { groupId } : {}), ...(subnet ? { subnet } : {}) };
  }

  /** The cluster a node or pool names; undefined (recorded) when its node security group is not known. */
  private clusterOf(instance: ResourceInstance, value: Resolved, clusters: ReadonlyMap<string, CceCluster>, needsGroup: boolean): CceCluster | undefined {
    const { id, defined } = this.idOf(instance, "cluster_id", value, T.cluster);
    const cluster = defined ? clusters.get(id) : undefined;
    if (!cluster) {
      if (needsGroup) this.notEvaluated(instance, "cluster_id", `cluster ${id} is not defined in this configuration, so the node security group its nodes join is not known`, memberLeftOut([]));
      else this.warnings.push(`${this.config.subject(instance)}: cluster_id ${id} is a cluster this configuration does not define: the nodes' subnet is not known unless written`);
      return needsGroup ? undefined : { address: id };
    }
    if (needsGroup && cluster.groupId === undefined) {
      this.notEvaluated(instance, "cluster_id", `${cluster.address} sets no security_group_id: CCE creates the node security group with the cluster, and its rules are not in the configuration`, memberLeftOut([]));
      return undefined;
    }
    return cluster;
  }

  private cceNode(instance: ResourceInstance, clusters: ReadonlyMap<string, CceCluster>): Member | undefined {
    const f = this.fields(instance, ["cluster_id", "subnet_id", "fixed_ip", "flavor_id"], { fixed_ip: NODE_IP_KEPT, flavor_id: NODE_FLAVOR_KEPT });
    const extension = this.nestedBlocks(instance, "extension_nics", ["subnet_id"]);
    const cluster = this.clusterOf(instance, f.cluster_id, clusters, true);
    if (!cluster) return undefined;
    this.concerned.push(cluster.groupId!);
    const subnet = f.subnet_id !== undefined && f.subnet_id !== "" ? this.subnetNamed(instance, "subnet_id", f.subnet_id) : cluster.subnet;
    const address = this.memberAddress(instance, "fixed_ip", f.fixed_ip, 4, subnet);
    const nics: Nic[] = [{ sourceDestCheck: true, ...(subnet ? { subnetId: subnet.id } : {}), ...(address ? { fixedIpV4: address.value } : {}) }];
    extension.forEach((b, i) => {
      const u = findUnknown(b.subnet_id);
      if (u) throw this.unknownAt(instance, `extension_nics[${i}].subnet_id`, u.path, u.unknown);
      const s = this.subnetNamed(instance, `extension_nics[${i}].subnet_id`, b.subnet_id);
      nics.push({ sourceDestCheck: true, ...(s ? { subnetId: s.id } : {}) });
    });
    if (extension.length > 0) this.warnings.push(`${this.config.subject(instance)}: extension_nics: the extension NICs are assumed to be in the node's security group too`);
    const flavor = typeof f.flavor_id === "string" && f.flavor_id !== "" ? f.flavor_id : undefined;
    return { id: instance.address, kind: T.node, securityGroupIds: [cluster.groupId!], nics, ...(flavor ? { flavor } : {}) };
  }

  private cceNodePool(instance: ResourceInstance, clusters: ReadonlyMap<string, CceCluster>): Member | undefined {
    const f = this.fields(instance, ["cluster_id", "security_groups", "subnet_id", "subnet_list", "pod_security_groups"]);
    const subject = this.config.subject(instance);
    const own = Array.isArray(f.security_groups) && f.security_groups.length > 0;
    const cluster = this.clusterOf(instance, f.cluster_id, clusters, !own);
    if (!cluster) return undefined;
    // Custom groups replace the cluster's node security group (CCE's customSecurityGroups).
    const groups = own ? this.memberGroups(instance, "security_groups", f.security_groups) : [cluster.groupId!];
    if (Array.isArray(f.pod_security_groups) && f.pod_security_groups.length > 0) {
      const pods = f.pod_security_groups.map((v, i) => this.groupId(instance, `pod_security_groups[${i}]`, v, false));
      this.notEvaluated(instance, "pod_security_groups", "the pods of a CCE Turbo node pool get ENIs of their own in these groups, which hwsg does not model", "no pod is a member in the model: rules that name these groups as remote_group_id match fewer addresses, and no flow to or from a pod is evaluated", pods);
    }
    let subnets: Array<Subnet | undefined>;
    if (Array.isArray(f.subnet_list) && f.subnet_list.length > 0) subnets = f.subnet_list.map((v, i) => this.subnetNamed(instance, `subnet_list[${i}]`, v));
    else if (f.subnet_id !== undefined && f.subnet_id !== "") subnets = [this.subnetNamed(instance, "subnet_id", f.subnet_id)];
    else subnets = [cluster.subnet];
    if (subnets.length > 1) this.warnings.push(`${subject}: subnet_list: each node is in one of these subnets; the launched member stands for them with a NIC in each`);
    return { id: instance.address, kind: T.nodePool, launched: true, securityGroupIds: groups, nics: subnets.map((s) => ({ sourceDestCheck: true, ...(s ? { subnetId: s.id } : {}) })) };
  }

  private asConfiguration(instance: ResourceInstance, instances: readonly Member[]): AsConfiguration {
    const blocks = this.nestedBlocks(instance, "instance_config", ["security_group_ids", "instance_id"]);
    const config = blocks[0] ?? {};
    for (const key of ["security_group_ids", "instance_id"]) {
      const u = findUnknown(config[key]);
      if (u) throw this.unknownAt(instance, `instance_config[0].${key}`, u.path, u.unknown);
    }
    const ids = config.security_group_ids;
    if (Array.isArray(ids) && ids.length > 0) {
      return { instance, groupIds: ids.map((v, i) => this.groupId(instance, `instance_config[0].security_group_ids[${i}]`, v)) };
    }
    const template = config.instance_id;
    if (template !== undefined && template !== null && template !== "") {
      if (isReference(template) && template.ref === "id" && currentType(template.type) === RESOURCE_TYPES.instance && instances.some((m) => m.id === template.address)) {
        return { instance, template: template.address };
      }
      throw new LeftOut("instance_config[0].instance_id", this.expressionAt(instance, "instance_config[0].instance_id"), "the instance used as template is not in the model, so the security groups it gives the launched instances are not known");
    }
    return { instance };
  }

  /** The groups of the instances launched from a configuration: its own, its template's, or the project's default group. */
  private asGroups(c: AsConfiguration, instances: readonly Member[], subject: string): string[] {
    if (c.groupIds) return [...c.groupIds];
    if (c.template) return [...(instances.find((m) => m.id === c.template)?.securityGroupIds ?? [])];
    return [this.projectDefaultGroup(subject, "instance_config[0].security_group_ids")];
  }

  private asGroup(instance: ResourceInstance, configurations: ReadonlyMap<string, AsConfiguration>, instances: readonly Member[], used: Set<string>): Member | undefined {
    const subject = this.config.subject(instance);
    try {
      const ref = this.config.resolve(instance, "scaling_configuration_id", instance.block.body.scaling_configuration_id);
      if (isReference(ref) && ref.ref === "id") used.add(ref.address);
    } catch {
      // Read again below, where an error is reported.
    }
    const f = this.fields(instance, ["scaling_configuration_id"]);
    const networks = this.nestedBlocks(instance, "networks", ["id", "source_dest_check"]);
    const named = this.nestedBlocks(instance, "security_groups", ["id"]);
    // Only the fields that place the NICs matter (an IPv6 bandwidth id may stay unknown).
    for (const [name, blocks, keys] of [["networks", networks, ["id", "source_dest_check"]], ["security_groups", named, ["id"]]] as const) {
      blocks.forEach((b, i) => {
        for (const key of keys) {
          const u = findUnknown(b[key]);
          if (u) throw this.unknownAt(instance, `${name}[${i}].${key}`, u.path, u.unknown);
        }
      });
    }
    const { id, defined } = this.idOf(instance, "scaling_configuration_id", f.scaling_configuration_id, T.asConfiguration);
    const configuration = defined ? configurations.get(id) : undefined;
    if (!configuration) {
      this.notEvaluated(instance, "scaling_configuration_id", `AS configuration ${id} is not defined in this configuration, and its security groups prevail over the AS group's`, memberLeftOut([]));
      return undefined;
    }
    let groups: string[];
    if (configuration.groupIds || configuration.template) {
      groups = this.asGroups(configuration, instances, subject);
      if (named.length > 0) this.warnings.push(`${subject}: security_groups: the AS configuration ${id} names security groups too, and its groups prevail: the launched instances join those only`);
    } else if (named.length > 0) {
      groups = named.map((b, i) => this.groupId(instance, `security_groups[${i}].id`, b.id));
    } else {
      groups = [this.projectDefaultGroup(subject, "security_groups")];
    }
    // Required, at most 5 (the provider's schema): Terraform refuses a configuration without one.
    if (networks.length === 0 || networks.length > 5) throw new ValidationError(subject, "networks", `${networks.length} blocks`, "1 to 5 networks blocks are required");
    const nics = networks.map((b, i): Nic => {
      const s = this.subnetNamed(instance, `networks[${i}].id`, b.id);
      return { sourceDestCheck: booleanField(subject, `networks[${i}].source_dest_check`, b.source_dest_check, true), ...(s ? { subnetId: s.id } : {}) };
    });
    return { id: instance.address, kind: T.asGroup, launched: true, securityGroupIds: groups, nics };
  }
}
