/**
 * Shared helpers of the construct tests: a fresh app and stack with the Huawei provider, the
 * synthesized JSON, the rules of a group, validation failures and annotations.
 */
import { AnnotationMetadataEntryType, App, TerraformStack, Testing } from "cdktf";
import { ComputeInstance } from "../../.gen/providers/huaweicloud/compute-instance";
import { HuaweicloudProvider } from "../../.gen/providers/huaweicloud/provider";
import { Vpc } from "../../.gen/providers/huaweicloud/vpc";
import { VpcSubnet } from "../../.gen/providers/huaweicloud/vpc-subnet";
import { SecurityGroup } from "../../lib";

/** One synthesized rule, as it appears in the Terraform JSON. */
export interface RuleJson {
  readonly security_group_id: string;
  readonly direction: string;
  readonly ethertype: string;
  readonly protocol?: string;
  readonly ports?: string;
  readonly remote_ip_prefix?: string;
  readonly remote_group_id?: string;
  readonly remote_address_group_id?: string;
  readonly action?: string;
  readonly priority?: number;
  readonly description?: string;
}

/** The synthesized Terraform JSON of a stack. */
export interface StackJson {
  readonly resource?: {
    readonly huaweicloud_networking_secgroup?: Record<string, Record<string, unknown>>;
    readonly huaweicloud_networking_secgroup_rule?: Record<string, RuleJson>;
    readonly huaweicloud_vpc_address_group?: Record<string, Record<string, unknown>>;
  };
}

/** A fresh app and a stack `s` with the Huawei provider. */
export function newStack(id = "s"): { app: App; stack: TerraformStack } {
  const app = Testing.app();
  const stack = new TerraformStack(app, id);
  new HuaweicloudProvider(stack, "huaweicloud", { region: "cn-north-4" });
  return { app, stack };
}

/** The stack's Terraform JSON, without running validations. */
export function synthJson(stack: TerraformStack): StackJson {
  return JSON.parse(Testing.synth(stack)) as StackJson;
}

/** Every rule of the stack, by logical id. */
export function allRules(stack: TerraformStack): Record<string, RuleJson> {
  return synthJson(stack).resource?.huaweicloud_networking_secgroup_rule ?? {};
}

/** The rules whose `security_group_id` is the group of logical id `groupLogicalId`, by logical id. */
export function rulesOf(stack: TerraformStack, groupLogicalId: string): Record<string, RuleJson> {
  const ref = groupRef(groupLogicalId);
  return Object.fromEntries(Object.entries(allRules(stack)).filter(([, r]) => r.security_group_id === ref));
}

/** The rules of a group without their `security_group_id` and ids, sorted, for exact comparison. */
export function ruleBodies(stack: TerraformStack, groupLogicalId: string): Array<Omit<RuleJson, "security_group_id">> {
  return Object.values(rulesOf(stack, groupLogicalId))
    .map(({ security_group_id: _ignored, ...rest }) => rest)
    .sort(byCanonical);
}

/** Rules sorted by their JSON with keys sorted: the order `ruleBodies` returns. */
export function sortRules<T extends object>(rules: readonly T[]): T[] {
  return [...rules].sort(byCanonical);
}

function canonical(x: object): string {
  return JSON.stringify(Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

function byCanonical(a: object, b: object): number {
  const x = canonical(a);
  const y = canonical(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** `${huaweicloud_networking_secgroup.<id>.id}` */
export function groupRef(logicalId: string): string {
  return `\${huaweicloud_networking_secgroup.${logicalId}.id}`;
}

/** `${huaweicloud_vpc_address_group.<id>.id}` */
export function addressGroupRef(logicalId: string): string {
  return `\${huaweicloud_vpc_address_group.${logicalId}.id}`;
}

/** The message of the error `Testing.synth(stack, true)` throws, or undefined when it passes. */
export function validationFailure(stack: TerraformStack): string | undefined {
  try {
    Testing.synth(stack, true);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** The message of the error `f` throws; fails the test when it does not throw. */
export function thrown(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected a throw, but nothing was thrown");
}

/** One annotation on a construct. */
export interface Note {
  readonly path: string;
  readonly level: "error" | "warning" | "info";
  readonly message: string;
}

const LEVELS: Record<string, Note["level"]> = {
  [AnnotationMetadataEntryType.ERROR]: "error",
  [AnnotationMetadataEntryType.WARN]: "warning",
  [AnnotationMetadataEntryType.INFO]: "info",
};

/**
 * The annotations of the stack after its validations run. `runAllValidations` throws when an
 * intent fails; the annotations are still written, so the throw is caught and returned.
 */
export function annotate(stack: TerraformStack): { notes: Note[]; failure?: string } {
  let failure: string | undefined;
  try {
    stack.runAllValidations();
  } catch (e) {
    failure = (e as Error).message;
  }
  return { notes: notesOf(stack), ...(failure !== undefined ? { failure } : {}) };
}

/** The annotations already on the constructs of the stack. */
export function notesOf(stack: TerraformStack): Note[] {
  const notes: Note[] = [];
  for (const c of stack.node.findAll()) {
    for (const m of c.node.metadata) {
      const level = LEVELS[m.type];
      if (level) notes.push({ path: c.node.path, level, message: String(m.data) });
    }
  }
  return notes;
}

/** A VPC with one subnet 192.168.1.0/24, and a helper adding instances with a fixed IPv4. */
export function network(stack: TerraformStack): { instance: (id: string, ip: string, groups: readonly SecurityGroup[], flavorId?: string) => ComputeInstance } {
  const vpc = new Vpc(stack, "vpc", { name: "vpc", cidr: "192.168.0.0/16" });
  const subnet = new VpcSubnet(stack, "subnet", { name: "subnet", cidr: "192.168.1.0/24", gatewayIp: "192.168.1.1", vpcId: vpc.id });
  return {
    instance: (id, ip, groups, flavorId = "s6.small.1") =>
      new ComputeInstance(stack, id, {
        name: id,
        imageName: "Ubuntu 22.04 server 64bit",
        flavorId,
        securityGroupIds: groups.map((g) => g.securityGroupId),
        network: [{ uuid: subnet.id, fixedIpV4: ip }],
      }),
  };
}

/** A logical id `<prefix>_<8 upper-case hex digits>`, as cdktf allocates them. */
export function logicalId(prefix: string): RegExp {
  return new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}_[0-9A-F]{8}$`);
}
