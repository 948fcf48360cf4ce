/**
 * The module-based estate of the benchmark (bench/module-estate.ts) and its plan JSON
 * (bench/plan-estate.ts): both read, by the reader `hwsg check` uses, into the same groups, rules
 * and instances as the flat estate they are written from — every group, rule and instance, no
 * unknown, no finding — and are deterministic. No time is measured here.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { dirname, join } from "path";
import { lintNetwork } from "../../lib/analysis";
import { Network } from "../../lib/core/network";
import { readDocuments, readTerraform } from "../../lib/terraform/reader";
import { EstateOptions, estateStats, generateEstate } from "../../bench/estate";
import { isModuleRule, moduleEstateFiles } from "../../bench/module-estate";
import { planJsonText } from "../../bench/plan-estate";
import { toTerraformJson } from "../../bench/terraform-json";

const SMALL: EstateOptions = { seed: 11, groups: 12, rulesPerGroup: 20, instances: 15, vpcs: 3 };

function withTmp<T>(f: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "hwsg-module-estate-"));
  return f(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** What a network says about groups, rules and instances, with ids replaced by group names (ids differ by form). */
function shape(net: Network): { groups: string[]; rules: string[]; instances: string[] } {
  const names = new Map([...net.groups.values()].map((g) => [g.id, g.name]));
  const named = (_k: string, v: unknown): unknown => (typeof v === "string" && names.has(v) ? `group ${names.get(v)}` : typeof v === "bigint" ? String(v) : v);
  const rules = net.allRules().map(({ id: _id, ...rule }) => JSON.stringify(rule, named)).sort();
  const instances = (net.spec.instances ?? [])
    .map((i) => JSON.stringify({ name: i.name, groups: i.securityGroupIds.map((g) => names.get(g)), nics: i.nics }, named))
    .sort();
  return { groups: [...names.values()].sort(), rules, instances };
}

/** The flat estate's network without its CCE node pools (the module estate has none). */
function withoutNodePools(net: Network): Network {
  return new Network({ ...net.spec, instances: (net.spec.instances ?? []).filter((m) => m.kind !== "huaweicloud_cce_node_pool") });
}

describe("module-based estate and its plan JSON", () => {
  const estate = generateEstate(SMALL);
  const stats = estateStats(estate);
  const flat = readDocuments([{ file: "main.tf.json", json: toTerraformJson(estate) }]).network;

  it("puts most rules in the module and the rest (remote group or address group) in the root", () => {
    const all = estate.groups.flatMap((g) => g.rules);
    expect(all.filter(isModuleRule).length).toBeGreaterThan(all.length / 2);
    expect(all.filter((r) => !isModuleRule(r)).length).toBeGreaterThan(0);
  });

  it("is deterministic in both forms", () => {
    expect(moduleEstateFiles(generateEstate(SMALL))).toEqual(moduleEstateFiles(estate));
    expect(planJsonText(generateEstate(SMALL))).toBe(planJsonText(estate));
    expect(planJsonText(generateEstate({ ...SMALL, seed: 12 }))).not.toBe(planJsonText(estate));
  });

  it.each(["directory", "plan"] as const)("as a %s, reads into every group, rule and instance of the flat estate, with no unknown and no finding", (form) =>
    withTmp(async (dir) => {
      let target: string;
      if (form === "directory") {
        writeFiles(dir, moduleEstateFiles(estate));
        target = dir;
      } else {
        target = join(dir, "plan.json");
        writeFileSync(target, planJsonText(estate));
      }
      const model = await readTerraform(target);
      expect(model.unknowns).toEqual([]);
      const net = model.network;
      expect(net.groups.size).toBe(stats.groups);
      expect(net.allRules()).toHaveLength(stats.rules);
      // Every member but the CCE node pools, which the module estate leaves out.
      expect(net.spec.instances ?? []).toHaveLength(stats.instances + stats.members.rds + stats.members.dcs + stats.members.attachedNics);
      expect(new Set((net.spec.instances ?? []).map((m) => m.kind ?? "huaweicloud_compute_instance"))).toEqual(
        new Set(["huaweicloud_compute_instance", "huaweicloud_rds_instance", "huaweicloud_dcs_instance", "huaweicloud_compute_interface_attach"]),
      );
      const got = shape(net);
      const want = shape(withoutNodePools(flat));
      expect(got.groups).toEqual(want.groups);
      expect(got.rules).toEqual(want.rules);
      expect(got.instances).toEqual(want.instances);
      expect(lintNetwork(net)).toEqual([]);
      // Module addresses as Terraform writes them.
      expect([...net.groups.keys()]).toContain(`module.sg[${JSON.stringify(estate.groups[0].name)}].huaweicloud_networking_secgroup.this`);
    }), 60_000);
});
