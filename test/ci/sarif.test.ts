/**
 * `hwsg check --sarif` and `hwsg diff --sarif`: valid SARIF 2.1.0 (checked against the official
 * schema) for every finding kind, with each result at the right file and line for HCL, JSON
 * (including a real cdktf synth) and module input, and logical locations only for a plan.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, TerraformStack } from "cdktf";
import { HuaweicloudProvider } from "../../.gen/providers/huaweicloud/provider";
import { BastionSg, Peer } from "../../lib";
import { FINDING_CATALOGUE } from "../../lib/analysis/findings";
import { network } from "../constructs/helpers";
import { runCli } from "../cli/run-cli";
import { FIXTURES, removeTempDirs, writeFiles } from "../terraform/tf-json";
import { resourcesAsHcl } from "./to-hcl";
import { sarifErrors } from "./sarif-schema";

afterAll(removeTempDirs);

const rel = (p: string) => path.relative(process.cwd(), p).split(path.sep).join("/");
const FINDINGS = path.join(FIXTURES, "findings");
const CI = path.join(FIXTURES, "ci");

interface SarifLocation {
  physicalLocation?: { artifactLocation: { uri: string }; region: { startLine: number } };
  logicalLocations: Array<{ fullyQualifiedName: string; kind: string }>;
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: SarifLocation[];
  partialFingerprints: Record<string, string>;
  suppressions?: Array<{ kind: string; justification: string }>;
  baselineState?: string;
}
interface SarifLog {
  runs: Array<{ tool: { driver: { name: string; rules: Array<{ id: string; defaultConfiguration: { level: string } }> } }; results: SarifResult[]; invocations: Array<{ toolExecutionNotifications: Array<{ message: { text: string } }> }> }>;
}

async function sarif(args: string[]): Promise<{ code: number; log: SarifLog; stdout: string }> {
  const r = await runCli(args);
  expect(r.stderr).toBe("");
  const log = JSON.parse(r.stdout) as SarifLog;
  expect(sarifErrors(log)).toEqual([]);
  return { code: r.code, log, stdout: r.stdout };
}

/** The line of a block, found independently of hwsg: in JSON the first `"NAME": {` after `"TYPE": {`; in HCL its header. */
function blockLine(file: string, address: string): number {
  const [type, name] = address.replace(/\[[^\]]*\]$/, "").split(".").slice(-2);
  const lines = fs.readFileSync(file, "utf8").split("\n");
  if (file.endsWith(".tf")) return lines.findIndex((l) => l.startsWith(`resource "${type}" "${name}" {`)) + 1;
  const typeAt = lines.findIndex((l) => l.trim() === `"${type}": {`);
  return lines.findIndex((l, i) => i > typeAt && l.trim() === `"${name}": {`) + 1;
}

describe("the schema check itself", () => {
  it("rejects what SARIF 2.1.0 does not allow, so the tests below can fail", () => {
    const ok = { version: "2.1.0", runs: [{ tool: { driver: { name: "hwsg" } }, results: [{ message: { text: "m" }, level: "note" }] }] };
    expect(sarifErrors(ok)).toEqual([]);
    expect(sarifErrors({ ...ok, version: "2.0.0" })).not.toEqual([]);
    expect(sarifErrors({ version: "2.1.0", runs: [{ tool: { driver: { name: "hwsg" } }, results: [{ message: { text: "m" }, level: "info" }] }] })).not.toEqual([]);
    expect(sarifErrors({ version: "2.1.0", runs: [{ tool: { driver: { name: "hwsg" } }, results: [{ level: "note" }] }] })).not.toEqual([]);
    expect(sarifErrors({ version: "2.1.0", runs: [{ tool: { driver: { name: "hwsg" } }, results: [{ message: { text: "m" }, locations: [{ physicalLocation: { region: { startLine: 0 } } }] }] }] })).not.toEqual([]);
  });
});

describe("hwsg check --sarif: every finding kind, valid against the official schema", () => {
  const triggers = fs.readdirSync(FINDINGS).filter((f) => f.endsWith(".trigger.tf.json")).sort();

  it("has a trigger fixture for every code of the catalogue", () => {
    const codes = new Set(triggers.map((f) => f.slice(0, 7).toUpperCase()));
    expect([...codes].sort()).toEqual(Object.keys(FINDING_CATALOGUE));
  });

  it.each(triggers)("%s: one result per finding, at the blocks the finding names", async (name) => {
    const file = path.join(FINDINGS, name);
    const json = JSON.parse((await runCli(["check", rel(file), "--json"])).stdout);
    const { log } = await sarif(["check", rel(file), "--sarif"]);
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe("hwsg");
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(Object.keys(FINDING_CATALOGUE));
    expect(run.results.map((r) => r.partialFingerprints["hwsgFindingId/v1"])).toEqual(json.findings.map((f: { id: string }) => f.id));
    expect(run.results.some((r) => r.ruleId === name.slice(0, 7).toUpperCase())).toBe(true);
    run.results.forEach((r, i) => {
      const f = json.findings[i];
      expect(r.ruleId).toBe(f.code);
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe(f.code);
      expect(r.level).toBe({ error: "error", warning: "warning", info: "note" }[f.severity as string]);
      expect(r.message.text.startsWith(f.message)).toBe(true);
      const named: string[] = f.ruleIds.length > 0 ? f.ruleIds.map((id: string) => id.replace(/#.*$/, "")) : [f.resource];
      expect(r.locations.map((l) => l.logicalLocations[0].fullyQualifiedName)).toEqual([...new Set(named)]);
      for (const l of r.locations) {
        expect(l.physicalLocation?.artifactLocation.uri).toBe(rel(file));
        expect(l.physicalLocation?.region.startLine).toBe(blockLine(file, l.logicalLocations[0].fullyQualifiedName));
      }
    });
  });

  it.each(triggers)("%s written as HCL: the same findings, each location the line of its block's header", async (name) => {
    const json = JSON.parse(fs.readFileSync(path.join(FINDINGS, name), "utf8"));
    const dir = writeFiles({ "main.tf": resourcesAsHcl(json) });
    const file = path.join(dir, "main.tf");
    const fromJson = JSON.parse((await runCli(["check", rel(path.join(FINDINGS, name)), "--json"])).stdout).findings.map((f: { id: string }) => f.id);
    const { log } = await sarif(["check", rel(dir), "--sarif"]);
    expect(log.runs[0].results.map((r) => r.partialFingerprints["hwsgFindingId/v1"])).toEqual(fromJson);
    const lines = fs.readFileSync(file, "utf8").split("\n");
    let located = 0;
    for (const r of log.runs[0].results) {
      for (const l of r.locations) {
        expect(l.physicalLocation?.artifactLocation.uri).toBe(rel(file));
        const [type, resource] = l.logicalLocations[0].fullyQualifiedName.split(".");
        expect(lines[l.physicalLocation!.region.startLine - 1]).toBe(`resource "${type}" "${resource}" {`);
        located++;
      }
    }
    expect(located).toBeGreaterThan(0);
  });

  it("is byte-identical from run to run", async () => {
    const file = rel(path.join(FINDINGS, "hwsg004-opposite-action.trigger.tf.json"));
    expect((await runCli(["check", file, "--sarif"])).stdout).toBe((await runCli(["check", file, "--sarif"])).stdout);
  });

  it("is refused together with another format, as a usage error", async () => {
    const r = await runCli(["check", rel(path.join(FINDINGS, "hwsg006-implicit.trigger.tf.json")), "--sarif", "--json"]);
    expect(r.code).toBe(2);
    expect(r.errLines).toHaveLength(1);
    expect(r.stderr).toMatch(/--sarif.*cannot be used with.*--json|--json.*cannot be used with.*--sarif/);
  });
});

describe("hwsg check --sarif: locations in HCL, modules, a plan and cdktf output", () => {
  it("points at the start line of each rule block in HCL, with the file relative to the working directory", async () => {
    const file = path.join(CI, "hcl", "main.tf");
    const { log, code } = await sarif(["check", rel(path.join(CI, "hcl")), "--sarif"]);
    expect(code).toBe(1);
    const mysql = log.runs[0].results.find((r) => r.partialFingerprints["hwsgFindingId/v1"] === "HWSG001:huaweicloud_compute_instance.db:ipv4:tcp/3306")!;
    expect(mysql.level).toBe("error");
    expect(mysql.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: "test/fixtures/ci/hcl/main.tf" }, region: { startLine: blockLine(file, "huaweicloud_networking_secgroup_rule.db_mysql") } });
  });

  it("points at the module's file for a resource of a module instance", async () => {
    const { log } = await sarif(["check", rel(path.join(CI, "modules")), "--sarif"]);
    const results = log.runs[0].results;
    expect(results.map((r) => r.locations[0].logicalLocations[0].fullyQualifiedName)).toEqual([
      "module.edge[0].huaweicloud_networking_secgroup_rule.redis",
      "module.edge[1].huaweicloud_networking_secgroup_rule.redis",
    ]);
    const moduleFile = path.join(CI, "modules", "modules", "edge", "main.tf");
    for (const r of results) {
      expect(r.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: rel(moduleFile) }, region: { startLine: blockLine(moduleFile, "huaweicloud_networking_secgroup_rule.redis") } });
    }
  });

  it("gives a plan's or a state's resources as logical locations only", async () => {
    const { log } = await sarif(["check", rel(path.join(FIXTURES, "plan", "modules.state.json")), "--sarif", "--fail-on", "never"]);
    const results = log.runs[0].results;
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) {
      for (const l of r.locations) {
        expect(l.physicalLocation).toBeUndefined();
        expect(l.logicalLocations[0].kind).toBe("resource");
      }
    }
  });

  it("points at the rule's key in a cdk.tf.json that cdktf synthesized", async () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "hwsg-ci-cdktf-"));
    try {
      const app = new App({ outdir });
      const stack = new TerraformStack(app, "edge");
      new HuaweicloudProvider(stack, "huaweicloud", { region: "cn-north-4" });
      const bastion = new BastionSg(stack, "bastion", { trustedSources: [Peer.anyIpv4()], openToInternetReason: "jump host for the vendor, key-only SSH" });
      network(stack).instance("jump", "192.168.1.5", [bastion]);
      app.synth();
      const file = path.join(outdir, "stacks", "edge", "cdk.tf.json");
      const { log } = await sarif(["check", outdir, "--sarif", "--fail-on", "never"]);
      const exposure = log.runs[0].results.find((r) => r.ruleId === "HWSG001")!;
      expect(exposure).toBeDefined();
      for (const l of exposure.locations) {
        expect(l.physicalLocation!.artifactLocation.uri).toBe(rel(file));
        expect(l.physicalLocation!.region.startLine).toBe(blockLine(file, l.logicalLocations[0].fullyQualifiedName));
      }
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe("hwsg check --sarif: file names", () => {
  it("writes file names as URI references: spaces and # percent-encoded", async () => {
    const dir = fs.mkdtempSync(path.join(process.cwd(), "tmp-sarif # dir "));
    try {
      fs.copyFileSync(path.join(FINDINGS, "hwsg006-implicit.trigger.tf.json"), path.join(dir, "main #1.tf.json"));
      const { log } = await sarif(["check", rel(dir), "--sarif"]);
      const uri = log.runs[0].results[0].locations[0].physicalLocation!.artifactLocation.uri;
      expect(uri).toBe(`${encodeURIComponent(path.basename(dir))}/main%20%231.tf.json`);
      expect(decodeURIComponent(uri)).toBe(`${path.basename(dir)}/main #1.tf.json`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("hwsg diff --sarif", () => {
  const before = rel(path.join(FIXTURES, "diff", "shop", "before.tf.json"));
  const after = rel(path.join(FIXTURES, "diff", "shop", "after.tf.json"));

  it("gives one result per group of newly allowed flows, at the rule that allows it after the change", async () => {
    const json = JSON.parse((await runCli(["diff", before, after, "--json"])).stdout);
    const { log, code } = await sarif(["diff", before, after, "--sarif"]);
    expect(code).toBe(0);
    const results = log.runs[0].results;
    expect(results).toHaveLength(json.newlyAllowed.length);
    results.forEach((r, i) => {
      const g = json.newlyAllowed[i];
      expect(r.ruleId).toBe("newly-allowed");
      expect(r.level).toBe("warning");
      if (g.ruleAfter !== null) {
        expect(r.locations[0].logicalLocations[0].fullyQualifiedName).toBe(g.ruleAfter);
        expect(r.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: after }, region: { startLine: blockLine(after, g.ruleAfter) } });
      }
    });
  });

  it("makes the results errors when the run gates on newly allowed flows", async () => {
    const { log, code } = await sarif(["diff", before, after, "--sarif", "--fail-on-new-allowed"]);
    expect(code).toBe(1);
    expect(new Set(log.runs[0].results.map((r) => r.level))).toEqual(new Set(["error"]));
  });
});
