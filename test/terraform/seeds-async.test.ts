/**
 * The seed scenarios are read synchronously by test/seeds (readDocuments on the JSON form, so the
 * seed tests stay synchronous); readTerraform — which prepares every expression with the HCL
 * parser — must read exactly the same model, or fail with exactly the same error.
 */
import * as fs from "fs";
import * as path from "path";
import { loadDocuments } from "../../lib/terraform/documents";
import { TerraformModel, readDocuments, readTerraform } from "../../lib/terraform/reader";
import { brief } from "./hcl-helpers";

const SEEDS = path.resolve(__dirname, "..", "fixtures", "seeds");
const scenarios = fs.readdirSync(SEEDS).filter((d) => fs.statSync(path.join(SEEDS, d)).isDirectory()).sort();

/** Everything the model holds, as plain text. */
function summary(m: TerraformModel): unknown {
  const n = m.network;
  return {
    groups: [...n.groups.values()].map((g) => ({ ...g, rules: n.rulesOf(g.id).map(brief) })),
    instances: [...n.instances.values()].map((i) => ({ ...i, nics: i.nics.map((x) => ({ ...x, fixedIpV4: x.fixedIpV4?.toString(), fixedIpV6: x.fixedIpV6?.toString() })) })),
    subnets: [...n.subnets.values()].map((s) => [s.id, s.vpcId, s.cidr?.toString()]),
    vpcs: [...n.vpcs.values()].map((v) => [v.id, v.cidr?.toString()]),
    peerings: n.peerings,
    vips: n.virtualIps.map((v) => ({ ...v, address: v.address?.toString() })),
    addressGroups: [...n.addressGroups.keys()],
    warnings: m.warnings,
    unknowns: m.unknowns,
  };
}

test("there are seed scenarios", () => {
  expect(scenarios.length).toBeGreaterThan(20);
});

test.each(scenarios)("%s: readTerraform reads what readDocuments reads", async (scenario) => {
  const dir = path.join(SEEDS, scenario);
  let sync: unknown;
  try {
    sync = summary(readDocuments(loadDocuments(dir)));
  } catch (e) {
    sync = { error: (e as Error).message };
  }
  let prepared: unknown;
  try {
    prepared = summary(await readTerraform(dir));
  } catch (e) {
    prepared = { error: (e as Error).message };
  }
  expect(prepared).toEqual(sync);
});
