/**
 * The provider classes of the member resource types of issue 13 (managed services, NICs, CCE and
 * AS): hwsg/provider-huaweicloud has a namespace and a deep path for each, named as the prebuilt
 * `@cdktf/provider-*` packages name them, and a stack using them synthesizes every argument under
 * its Terraform name.
 */
import * as path from "path";
import { Testing } from "cdktf";
import * as providerPackage from "../../lib/provider-huaweicloud";
import { dcsInstance, rdsInstance } from "../../lib/provider-huaweicloud";
import { MEMBER_TYPES } from "../../lib/terraform/model/member-types";
import { newStack, synthJson } from "../constructs/helpers";

/** The member types, and the CCE cluster (its security_group_id is the nodes' default group). */
const TYPES = [...MEMBER_TYPES, "huaweicloud_cce_cluster"].sort();

/** `huaweicloud_rds_instance` -> the folder `rds-instance`, the namespace `rdsInstance`, the class `RdsInstance`. */
function names(type: string): { folder: string; namespace: string; className: string } {
  const words = type.replace(/^huaweicloud_/, "").split("_");
  const cap = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1);
  return { folder: words.join("-"), namespace: words[0] + words.slice(1).map(cap).join(""), className: words.map(cap).join("") };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Namespace = Record<string, any>;

describe("hwsg/provider-huaweicloud: the member types of issue 13", () => {
  it("lists the 21 types (the 20 member types and the CCE cluster)", () => {
    expect(TYPES).toHaveLength(21);
    expect(new Set(TYPES).size).toBe(21);
  });

  it.each(TYPES)("%s has its class in a namespace and a deep path, with its Terraform type", (type) => {
    const { folder, namespace, className } = names(type);
    const ns = (providerPackage as unknown as Record<string, Namespace>)[namespace];
    expect(ns).toBeDefined();
    const cls = ns[className];
    expect(typeof cls).toBe("function");
    expect(cls.tfResourceType).toBe(type);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const deep = require(path.join("..", "..", "lib", "provider-huaweicloud", "lib", folder));
    expect(deep[className]).toBe(cls);
    const { stack } = newStack();
    // The required arguments are not checked at construction; the instance only has to carry its type.
    const resource = new cls(stack, "r", {});
    expect(resource.terraformResourceType).toBe(type);
  });
});

describe("a stack using RdsInstance and DcsInstance", () => {
  function stack() {
    const { stack } = newStack("members");
    new rdsInstance.RdsInstance(stack, "db", {
      name: "orders",
      flavor: "rds.mysql.n1.large.2",
      availabilityZone: ["cn-north-4a"],
      vpcId: "vpc-1",
      subnetId: "subnet-1",
      securityGroupId: "sg-db",
      fixedIp: "10.0.2.10",
      db: { type: "MySQL", version: "8.0", port: 3307 },
      volume: { type: "CLOUDSSD", size: 40 },
      backupStrategy: { startTime: "08:00-09:00", keepDays: 7 },
    });
    new dcsInstance.DcsInstance(stack, "cache", {
      name: "sessions",
      engine: "Redis",
      engineVersion: "5.0",
      capacity: 1,
      flavor: "redis.ha.xu1.large.r2.1",
      availabilityZones: ["cn-north-4a", "cn-north-4b"],
      vpcId: "vpc-1",
      subnetId: "subnet-1",
      securityGroupId: "sg-cache",
      privateIp: "10.0.2.20",
      port: 6380,
    });
    return stack;
  }

  /** The synthesized body of one resource. */
  function body(type: string, name: string): Record<string, unknown> {
    const resources = synthJson(stack()).resource as Record<string, Record<string, Record<string, unknown>>> | undefined;
    return resources?.[type]?.[name] ?? {};
  }

  it("synthesizes the RDS instance's arguments and its db block under their snake_case names", () => {
    const rds = body("huaweicloud_rds_instance", "db");
    expect(rds).toMatchObject({
      security_group_id: "sg-db",
      subnet_id: "subnet-1",
      vpc_id: "vpc-1",
      fixed_ip: "10.0.2.10",
      availability_zone: ["cn-north-4a"],
      db: { type: "MySQL", version: "8.0", port: 3307 },
      volume: { type: "CLOUDSSD", size: 40 },
      backup_strategy: { start_time: "08:00-09:00", keep_days: 7 },
    });
    expect(Object.keys(rds).filter((k) => /[A-Z]/.test(k))).toEqual([]);
  });

  it("synthesizes the DCS instance's arguments under their snake_case names", () => {
    const dcs = body("huaweicloud_dcs_instance", "cache");
    expect(dcs).toMatchObject({
      security_group_id: "sg-cache",
      subnet_id: "subnet-1",
      vpc_id: "vpc-1",
      private_ip: "10.0.2.20",
      port: 6380,
      engine_version: "5.0",
      availability_zones: ["cn-north-4a", "cn-north-4b"],
    });
    expect(Object.keys(dcs).filter((k) => /[A-Z]/.test(k))).toEqual([]);
  });

  it("is a valid stack for cdktf (no validation errors from the generated classes)", () => {
    expect(() => Testing.fullSynth(stack())).not.toThrow();
  });
});
