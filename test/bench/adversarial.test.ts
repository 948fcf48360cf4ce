/**
 * The adversarial estate of the benchmark (bench/adversarial.ts): deterministic, valid Terraform
 * JSON that reads into two groups of n rules, and HWSG004 finds what its shape says — every
 * identical rule after the first covered by the first, every rule of a broad-to-narrow run
 * covered by the run's first rule, no rule of the other runs covered — at a size with one run of
 * each kind and at one with more runs than kinds. No time is measured here.
 */
import { lintNetwork, shadowedRules } from "../../lib/analysis";
import { readDocuments } from "../../lib/terraform/reader";
import { adversarialTerraformJson, adversarialTerraformJsonText } from "../../bench/adversarial";

const GROUP = (name: string): string => `huaweicloud_networking_secgroup.${name}`;
const RULE = (name: string): string => `huaweicloud_networking_secgroup_rule.${name}`;

function read(n: number, maxRun = 30_000) {
  return readDocuments([{ file: "main.tf.json", json: adversarialTerraformJson(n, maxRun) }]).network;
}

describe("adversarial estate", () => {
  it("is deterministic", () => {
    expect(adversarialTerraformJsonText(90)).toBe(adversarialTerraformJsonText(90));
    expect(adversarialTerraformJsonText(91)).not.toBe(adversarialTerraformJsonText(90));
  });

  it.each([
    [90, 30_000, 3],
    [5_000, 30_000, 3],
    [100, 20, 5],
  ])("at %i rules per group, runs of at most %s: identical rules covered by the first, broad-to-narrow runs by their first rule, nothing else", (n, maxRun, runs) => {
    const net = read(n, maxRun);
    expect(net.rulesOf(GROUP("identical"))).toHaveLength(n);
    expect(net.rulesOf(GROUP("nested"))).toHaveLength(n);
    const width = String(n - 1).length;
    const id = (group: string, i: number): string => RULE(`${group}_r${String(i).padStart(width, "0")}`);

    const identical = shadowedRules(net, GROUP("identical"), "ingress", 4);
    expect(identical).toHaveLength(n - 1);
    expect(new Set(identical.map((s) => s.coveredBy.map((r) => r.id).join()))).toEqual(new Set([id("identical", 0)]));

    const nested = shadowedRules(net, GROUP("nested"), "ingress", 4);
    const length = Math.ceil(n / runs);
    const expected: Array<[string, string[]]> = [];
    for (let i = 0; i < n; i++) {
      const run = Math.floor(i / length);
      if (run % 3 === 0 && i % length !== 0) expected.push([id("nested", i), [id("nested", run * length)]]);
    }
    expect(nested.map((s) => [s.rule.id, s.coveredBy.map((r) => r.id)])).toEqual(expected);
    expect(nested.every((s) => s.cover === "same-action")).toBe(true);
  }, 60_000);

  it("is judged by HWSG004 alone among the rule findings: every rule allows tcp at priority 1", () => {
    const codes = new Set(lintNetwork(read(90)).map((f) => f.code));
    expect(codes.has("HWSG004")).toBe(true);
    expect(codes.has("HWSG005")).toBe(false);
  });
});
