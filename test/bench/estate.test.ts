/**
 * The benchmark's estate generator (bench/estate.ts): deterministic, its plain Terraform JSON form
 * reads into the expected model, its cdktf form synthesizes with every check on, and the estates
 * are clean by construction (no lint finding, at any size or seed tried).
 */
import { AnnotationMetadataEntryType } from "cdktf";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { lintNetwork } from "../../lib/analysis";
import { readDocuments, readTerraform } from "../../lib/terraform/reader";
import { toCdktfApp } from "../../bench/cdktf-app";
import { EstateOptions, QUOTA, estateStats, generateEstate, isQuotaCounted } from "../../bench/estate";
import { randomFlows, referenceModelOf } from "../../bench/flows";
import { fitExponent, nLogNExponent, summarize } from "../../bench/stats";
import { instanceEstateOptions } from "../../bench/sizes";
import { toTerraformJson, toTerraformJsonText } from "../../bench/terraform-json";
import { evaluateFlow } from "../../lib/core/evaluator";
import { referenceVerdict } from "../support/reference-evaluator";

const SMALL: EstateOptions = { seed: 7, groups: 12, rulesPerGroup: 15, instances: 15, vpcs: 3 };

function withTmp<T>(f: (dir: string) => Promise<T> | T): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "hwsg-estate-"));
  return Promise.resolve(f(dir)).finally(() => rmSync(dir, { recursive: true, force: true }));
}

describe("generateEstate", () => {
  it("is deterministic: the same seed gives byte-identical JSON, another seed another estate", () => {
    const a = toTerraformJsonText(generateEstate(SMALL));
    const b = toTerraformJsonText(generateEstate({ ...SMALL }));
    const c = toTerraformJsonText(generateEstate({ ...SMALL, seed: 8 }));
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect(JSON.stringify(generateEstate(SMALL))).toBe(JSON.stringify(generateEstate(SMALL)));
  });

  it("has exactly the asked numbers of groups, rules per group and instances, 1–5 groups per instance, priorities 1–100", () => {
    const estate = generateEstate(SMALL);
    const stats = estateStats(estate);
    expect(stats).toMatchObject({ groups: 12, rules: 12 * 15, instances: 15, vpcs: 3, intents: 5 });
    for (const g of estate.groups) expect(g.rules).toHaveLength(15);
    for (const i of estate.instances) {
      expect(i.groups.length).toBeGreaterThanOrEqual(1);
      expect(i.groups.length).toBeLessThanOrEqual(5);
      expect(new Set(i.groups).size).toBe(i.groups.length);
    }
    for (const r of estate.groups.flatMap((g) => g.rules)) {
      expect(r.priority).toBeGreaterThanOrEqual(1);
      expect(r.priority).toBeLessThanOrEqual(100);
    }
  });

  it("mixes CIDR, group and address-group remotes, inconsecutive ports, denies, IPv6 and egress", () => {
    const stats = estateStats(generateEstate({ seed: 1, groups: 50, instances: 50, vpcs: 3 }));
    for (const role of ["cidr", "udp", "group", "address-group", "inconsecutive", "public", "partner", "deny", "exception-deny", "exception-allow", "icmp", "allow-all-outbound", "allow-internal"] as const) {
      expect(stats.byRole[role]).toBeGreaterThan(0);
    }
    expect(stats.deny).toBeGreaterThan(0);
    expect(stats.ipv6).toBeGreaterThan(0);
    expect(stats.egress).toBeGreaterThan(0);
    expect(stats.peerings).toBeGreaterThan(0);
  });

  it("keeps the quota-counted rules of a group, direction and IP version within 120", () => {
    const estate = generateEstate({ seed: 3, groups: 2, rulesPerGroup: 400, instances: 2, vpcs: 1 });
    for (const g of estate.groups) {
      const counts = new Map<string, number>();
      for (const r of g.rules.filter(isQuotaCounted)) counts.set(`${r.direction}|${r.version}`, (counts.get(`${r.direction}|${r.version}`) ?? 0) + 1);
      for (const n of counts.values()) expect(n).toBeLessThanOrEqual(QUOTA);
    }
  });

  it("refuses options out of range", () => {
    expect(() => generateEstate({ ...SMALL, groups: 0 })).toThrow(/groups 0/);
    expect(() => generateEstate({ ...SMALL, vpcs: 300 })).toThrow(/vpcs 300/);
    expect(() => generateEstate({ ...SMALL, groupsPerInstance: { min: 2, max: 6 } })).toThrow(/groupsPerInstance.max/);
  });
});

describe("toTerraformJson", () => {
  it("reads with readTerraform into the expected counts", () =>
    withTmp(async (dir) => {
      const estate = generateEstate(SMALL);
      const stats = estateStats(estate);
      const file = join(dir, "main.tf.json");
      writeFileSync(file, toTerraformJsonText(estate));
      const { network, unknowns, warnings } = await readTerraform(file);
      expect(unknowns).toEqual([]);
      // The only warnings: a DCS Redis 6.0 instance is modelled as a member of its group (a basic edition would use whitelists).
      expect(warnings).toHaveLength(stats.members.dcs);
      for (const w of warnings) expect(w).toMatch(/huaweicloud_dcs_instance\.dcs\d+: DCS Redis 6\.0 is modelled as a member of its security group/);
      expect(network.groups.size).toBe(stats.groups);
      expect(network.allRules()).toHaveLength(stats.rules);
      expect(network.addressGroups.size).toBe(stats.addressGroups);
      const m = stats.members;
      expect(network.instances.size).toBe(stats.instances + m.rds + m.dcs + m.attachedNics + m.nodePools);
      expect(network.vpcs.size).toBe(stats.vpcs);
      expect(network.subnets.size).toBe(stats.subnets);
      expect(network.peerings).toHaveLength(stats.peerings);
    }));

  it.each([1, 2, 3])("gives estates the lint finds nothing in (seed %i, and the 5 × 120-rule instance estate)", (seed) => {
    for (const options of [{ seed, groups: 40, instances: 40, vpcs: 3 }, instanceEstateOptions(seed)]) {
      const { network } = readDocuments([{ file: "main.tf.json", json: toTerraformJson(generateEstate(options)) }]);
      expect(lintNetwork(network).map((f) => `${f.code}: ${f.message}`)).toEqual([]);
    }
  });
});

describe("toCdktfApp", () => {
  it("synthesizes with the checks on: no error, no warning but the DCS edition ones, the intents hold, and the same rules as the JSON form", () =>
    withTmp((outdir) => {
      const estate = generateEstate(SMALL);
      const { app, stack } = toCdktfApp(estate, { outdir });
      expect(() => app.synth()).not.toThrow();
      const notes = stack.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.ERROR || m.type === AnnotationMetadataEntryType.WARN));
      // No error; the only warnings are the DCS Redis 6.0 ones (see the JSON form's test).
      expect(notes.filter((m) => m.type === AnnotationMetadataEntryType.ERROR)).toEqual([]);
      expect(notes.map((m) => String(m.data)).filter((t) => !/huaweicloud_dcs_instance\.dcs\d+ .*DCS Redis 6\.0 is modelled as a member/.test(t))).toEqual([]);
      expect(notes).toHaveLength(estateStats(estate).members.dcs);
      expect(stack.node.findAll().filter((c) => c.constructor.name === "ReachabilityIntent")).toHaveLength(estate.intents.length);
      const written = JSON.parse(readFileSync(join(outdir, "stacks", "estate", "cdk.tf.json"), "utf8"));
      expect(Object.keys(written.resource.huaweicloud_networking_secgroup_rule)).toHaveLength(estateStats(estate).rules);
      const fromJson = readDocuments([{ file: "main.tf.json", json: toTerraformJson(estate) }]).network;
      const fromCdktf = readDocuments([{ file: "cdk.tf.json", json: written }]).network;
      const canonical = (rules: ReturnType<typeof fromJson.allRules>) => rules.map((r) => `${r.direction} ${r.version} ${r.protocol} ${r.ports?.toString()} ${r.action} ${r.priority} ${r.remote.kind}`).sort();
      expect(canonical(fromCdktf.allRules())).toEqual(canonical(fromJson.allRules()));
    }));

  it("with the checks off (hwsg:checks = off) synthesizes the same Terraform", () =>
    withTmp((dir) => {
      const estate = generateEstate(SMALL);
      const on = toCdktfApp(estate, { outdir: join(dir, "on") });
      const off = toCdktfApp(estate, { outdir: join(dir, "off"), checks: false });
      on.app.synth();
      off.app.synth();
      const read = (d: string) => readFileSync(join(dir, d, "stacks", "estate", "cdk.tf.json"), "utf8");
      expect(read("off")).toBe(read("on"));
    }));
});

describe("benchmark flows and statistics", () => {
  it("the evaluator and the reference evaluator agree on the benchmark's random flows", () => {
    const estate = generateEstate(instanceEstateOptions(5));
    const network = readDocuments([{ file: "main.tf.json", json: toTerraformJson(estate) }]).network;
    const model = referenceModelOf(estate);
    const flows = randomFlows(estate, 0, 150, 11);
    const verdicts = flows.map((f) => {
      const lib = evaluateFlow(network, f.lib).verdict;
      expect(referenceVerdict(model, f.ref)).toBe(lib);
      return lib;
    });
    expect(verdicts).toContain("allow");
    expect(verdicts).toContain("deny");
  });

  it("summarizes and fits exponents", () => {
    expect(summarize([5, 1, 3])).toEqual({ median: 3, min: 1, max: 5, runs: 3 });
    expect(summarize([4, 1, 3, 2]).median).toBe(2.5);
    expect(fitExponent([1, 10, 100], [2, 200, 20000])).toBeCloseTo(2, 10);
    expect(nLogNExponent([1000, 5000, 20000, 100000])).toBeGreaterThan(1.05);
    expect(nLogNExponent([1000, 5000, 20000, 100000])).toBeLessThan(1.15);
  });
});
