/**
 * The benchmark estate's members other than compute instances (bench/estate-members.ts, issue 13):
 * RDS and DCS instances, interfaces attached to instances and CCE node pools. They leave the rest
 * of the estate as it was, sit at fixed addresses no other member of their VPC has, read from the
 * Terraform JSON and the cdktf form as members of their kind with no unknown, and the library's
 * evaluator agrees with the reference evaluator on packets to and from them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { toCdktfApp } from "../../bench/cdktf-app";
import { EstateOptions, estateStats, generateEstate } from "../../bench/estate";
import { memberFlows, referenceModelOf } from "../../bench/flows";
import { estateOptions, instanceEstateOptions } from "../../bench/sizes";
import { groupAddress, instanceAddress, memberAddress, toTerraformJson, toTerraformJsonText } from "../../bench/terraform-json";
import { run } from "../../lib/cli/main";
import { evaluateFlow } from "../../lib/core/evaluator";
import { formatAddress } from "../../lib/core/ip";
import { Member, Network, memberKind } from "../../lib/core/network";
import { readDocuments } from "../../lib/terraform/reader";
import { referenceVerdict } from "../support/reference-evaluator";

const SMALL: EstateOptions = { seed: 7, groups: 12, rulesPerGroup: 15, instances: 35, vpcs: 3 };

function networkOf(options: EstateOptions): Network {
  return readDocuments([{ file: "main.tf.json", json: toTerraformJson(generateEstate(options)) }]).network;
}

/** A member as kind, groups, addresses, service ports and instance, ids of the two forms made alike. */
function shapeOf(net: Network, m: Member): string {
  const group = (id: string) => net.groups.get(id)?.name ?? id;
  return JSON.stringify({
    kind: memberKind(m),
    groups: m.securityGroupIds.map(group),
    addresses: m.nics.map((n) => (n.fixedIpV4 !== undefined ? formatAddress(4, n.fixedIpV4) : `subnet ${n.subnetId?.replace(/^.*\./, "")}`)),
    ports: m.servicePorts ?? [],
    attachedTo: m.attachedTo?.replace(/^.*\./, ""),
    launched: m.launched ?? false,
  });
}

describe("members other than compute instances", () => {
  it.each([1, 2, 3])("leave the groups, rules, instances, intents and VPCs as they were (seed %i)", (seed) => {
    for (const options of [estateOptions(100, seed), instanceEstateOptions(seed), { ...SMALL, seed }]) {
      const withMembers = generateEstate(options);
      const without = generateEstate({ ...options, otherMembers: false });
      const { members, options: o1, ...rest } = withMembers;
      const { members: none, options: o2, ...restWithout } = without;
      expect(JSON.stringify(rest)).toBe(JSON.stringify(restWithout));
      expect(none).toEqual({ services: [], attachedNics: [], nodePools: [] });
      const n = Math.floor(options.instances / 10);
      expect(estateStats(withMembers).members).toEqual({ rds: n, dcs: n, attachedNics: n, nodePools: options.vpcs });
      expect(members.services.length).toBe(2 * n);
    }
  });

  it("give every instance and member a fixed address of its own VPC's subnets, none used twice in a VPC", () => {
    for (const options of [estateOptions(1000), { seed: 5, groups: 20, instances: 400, vpcs: 1 }]) {
      const estate = generateEstate(options);
      const seen = new Set<string>();
      const fixed = [...estate.instances, ...estate.members.services, ...estate.members.attachedNics];
      for (const m of fixed) {
        expect(m.ipv4.startsWith(`10.${m.vpc}.${m.subnet}.`)).toBe(true);
        expect(m.subnet).toBeLessThan(estate.vpcs[m.vpc].subnets.length);
        expect(seen.has(m.ipv4)).toBe(false);
        seen.add(m.ipv4);
      }
      for (const a of estate.members.attachedNics) expect(a.vpc).toBe(estate.instances[a.instance].vpc);
      expect(new Set(estate.members.attachedNics.map((a) => a.instance)).size).toBe(estate.members.attachedNics.length);
    }
    // 400 instances and 120 members in one VPC need a third subnet; the instances keep two per 200.
    expect(generateEstate({ seed: 5, groups: 20, instances: 400, vpcs: 1 }).vpcs[0].subnets).toHaveLength(3);
  });

  it("read from the Terraform JSON as members of each kind, with their groups, addresses and ports, and no unknown", async () => {
    const estate = generateEstate(SMALL);
    const { network, unknowns } = readDocuments([{ file: "main.tf.json", json: toTerraformJson(estate) }]);
    expect(unknowns).toEqual([]);
    const byKind = new Map<string, Member[]>();
    for (const m of network.instances.values()) byKind.set(memberKind(m), [...(byKind.get(memberKind(m)) ?? []), m]);
    expect([...byKind.keys()].sort()).toEqual([
      "huaweicloud_cce_node_pool",
      "huaweicloud_compute_instance",
      "huaweicloud_compute_interface_attach",
      "huaweicloud_dcs_instance",
      "huaweicloud_rds_instance",
    ]);
    for (const s of estate.members.services) {
      const m = network.instance(memberAddress(s.kind, s.name));
      expect(m.securityGroupIds).toEqual([groupAddress(estate, s.group)]);
      expect(m.nics.map((n) => formatAddress(4, n.fixedIpV4!))).toEqual([s.ipv4]);
      expect(m.servicePorts).toEqual([{ protocol: 6, from: s.port, to: s.port }]);
    }
    for (const a of estate.members.attachedNics) {
      const m = network.instance(memberAddress("attachedNic", a.name));
      expect(m.attachedTo).toBe(instanceAddress(estate, a.instance));
      expect(m.securityGroupIds).toEqual(a.groups.map((g) => groupAddress(estate, g)));
      expect(m.flavor).toBe(estate.instances[a.instance].flavor);
    }
    for (const p of estate.members.nodePools) {
      const m = network.instance(memberAddress("nodePool", p.name));
      expect(m.launched).toBe(true);
      expect(m.securityGroupIds).toEqual(p.groups.map((g) => groupAddress(estate, g)));
      expect(m.nics).toEqual([{ sourceDestCheck: true, subnetId: `huaweicloud_vpc_subnet.vpc${p.vpc}_s${p.subnet}` }]);
    }
  });

  it("read by hwsg check with no unknown and no finding", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hwsg-estate-members-"));
    try {
      const file = join(dir, "main.tf.json");
      writeFileSync(file, toTerraformJsonText(generateEstate(SMALL)));
      let out = "";
      const code = await run(["check", file, "--json"], { out: (t) => { out += t; }, err: () => undefined });
      const report = JSON.parse(out) as { findings: unknown[]; unknowns?: unknown[] };
      expect({ code, findings: report.findings, unknowns: report.unknowns ?? [] }).toEqual({ code: 0, findings: [], unknowns: [] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("read from the cdktf app's cdk.tf.json as the same members as from the JSON form", () => {
    const dir = mkdtempSync(join(tmpdir(), "hwsg-estate-members-"));
    try {
      const estate = generateEstate(SMALL);
      const { app } = toCdktfApp(estate, { outdir: dir, checks: false });
      app.synth();
      const written = JSON.parse(readFileSync(join(dir, "stacks", "estate", "cdk.tf.json"), "utf8"));
      const fromCdktf = readDocuments([{ file: "cdk.tf.json", json: written }]);
      const fromJson = networkOf(SMALL);
      expect(fromCdktf.unknowns).toEqual([]);
      const shapes = (net: Network) => [...net.instances.values()].map((m) => shapeOf(net, m)).sort();
      expect(shapes(fromCdktf.network)).toEqual(shapes(fromJson));
      expect(shapes(fromJson).filter((s) => !s.includes('"kind":"huaweicloud_compute_instance"'))).toHaveLength(
        estate.members.services.length + estate.members.attachedNics.length + estate.members.nodePools.length,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([1, 2, 3, 4])("agree with the reference evaluator on packets to and from them (seed %i)", (seed) => {
    for (const options of [{ ...SMALL, seed, rulesPerGroup: 30 }, instanceEstateOptions(seed)]) {
      const estate = generateEstate(options);
      const network = networkOf(options);
      const model = referenceModelOf(estate);
      const flows = memberFlows(estate, 300, seed);
      const verdicts = new Map<string, Set<string>>();
      for (const f of flows) {
        const lib = evaluateFlow(network, f.lib).verdict;
        expect({ packet: f.ref, verdict: referenceVerdict(model, f.ref) }).toEqual({ packet: f.ref, verdict: lib });
        for (const end of [f.lib.src, f.lib.dst]) {
          if (end.kind !== "instance" || end.instanceId.startsWith("huaweicloud_compute_instance.")) continue;
          const kind = end.instanceId.replace(/\..*$/, "");
          verdicts.set(kind, new Set([...(verdicts.get(kind) ?? []), lib]));
        }
      }
      expect([...verdicts.keys()].sort()).toEqual(["huaweicloud_cce_node_pool", "huaweicloud_compute_interface_attach", "huaweicloud_dcs_instance", "huaweicloud_rds_instance"]);
      const all = new Set([...verdicts.values()].flatMap((v) => [...v]));
      expect(all).toEqual(new Set(["allow", "deny"]));
    }
  });
});
