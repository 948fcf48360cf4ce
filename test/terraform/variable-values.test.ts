/**
 * Variable values from the environment, variable files and the command line, in Terraform's
 * precedence (lib/terraform/sources/variable-values.ts).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { lintNetwork } from "../../lib/analysis";
import { readTerraform } from "../../lib/terraform/reader";
import { loadVariableValues, valuesInForce } from "../../lib/terraform/sources/variable-values";

const DIR = path.join(__dirname, "..", "fixtures", "variables", "precedence");

test("automatic files in Terraform's order: terraform.tfvars, terraform.tfvars.json, then *.auto.tfvars(.json) by name", async () => {
  const values = await loadVariableValues({ rootDirectory: DIR });
  expect(values.map((v) => `${path.basename(v.origin)}:${v.name}`)).toEqual([
    "terraform.tfvars:admin_cidr",
    "terraform.tfvars:ssh_ports",
    "terraform.tfvars.json:admin_cidr",
    "a.auto.tfvars:ssh_ports",
    "b.auto.tfvars.json:admin_cidr",
  ]);
  const inForce = valuesInForce(values);
  expect(inForce.get("admin_cidr")?.value).toBe("10.0.0.0/8");
  expect(inForce.get("ssh_ports")?.value).toEqual([22, 2222]);
  expect(values.every((v) => v.automatic && !v.strict)).toBe(true);
});

test("the environment is lowest, the options highest and in the order given", async () => {
  const values = await loadVariableValues({
    rootDirectory: DIR,
    environment: { TF_VAR_admin_cidr: "1.2.3.0/24", TF_VAR_unset: "x", PATH: "/bin", TF_VAR_: "ignored" },
    options: [
      { kind: "var", assignment: "admin_cidr=203.0.113.0/24" },
      { kind: "var-file", file: path.join(DIR, "extra.tfvars") },
    ],
  });
  expect(values[0]).toMatchObject({ name: "admin_cidr", origin: "TF_VAR_admin_cidr", raw: "1.2.3.0/24", strict: false });
  expect(values[1]).toMatchObject({ name: "unset", origin: "TF_VAR_unset", raw: "x" });
  const inForce = valuesInForce(values);
  // --var-file came after --var: its value wins.
  expect(inForce.get("admin_cidr")).toMatchObject({ value: "0.0.0.0/0", strict: true, automatic: false });
  expect(inForce.get("unset")?.raw).toBe("x");
});

test("a raw value is kept as written and parsed as HCL for complex types", async () => {
  const [list, map, number, bad] = await loadVariableValues({
    options: [
      { kind: "var", assignment: 'ports=[22, "80"]' },
      { kind: "var", assignment: "rules={ ssh = { port = 22 } }" },
      { kind: "var", assignment: "n=7" },
      { kind: "var", assignment: "x=[" },
    ],
  });
  expect(list).toMatchObject({ raw: '[22, "80"]', parsed: { value: [22, "80"] } });
  expect(map.parsed).toEqual({ value: { ssh: { port: 22 } } });
  expect(number).toMatchObject({ raw: "7", parsed: { value: 7 } });
  expect(bad.parsed).toMatchObject({ error: expect.stringMatching(/expression/i) });
  expect((bad.parsed as { error: string }).error).not.toMatch(/<value>|\n/);
});

test("a reference or a function call in a variable value is refused, as Terraform does", async () => {
  await expect(loadVariableValues({ options: [{ kind: "var-file", file: path.join(DIR, "bad.tfvars") }] })).rejects.toThrow(/bad\.tfvars: admin_cidr: "\$\{var\.other\}" is not a literal value: variables may not be used here/);
  const [call] = await loadVariableValues({ options: [{ kind: "var", assignment: 'x=["${upper("a")}"]' }] });
  expect(call.parsed).toMatchObject({ error: expect.stringMatching(/not a literal value/) });
  // Escapes are literal text, not interpolations.
  const [escaped] = await loadVariableValues({ options: [{ kind: "var", assignment: 'x=["$${a}"]' }] });
  expect(escaped.parsed).toEqual({ value: ["$${a}"] });
});

test("bad options and files are one-line errors naming them", async () => {
  await expect(loadVariableValues({ options: [{ kind: "var", assignment: "novalue" }] })).rejects.toThrow(/--var "novalue": a variable is set as NAME=VALUE/);
  await expect(loadVariableValues({ options: [{ kind: "var", assignment: "9x=1" }] })).rejects.toThrow(/"9x" is not a valid variable name/);
  await expect(loadVariableValues({ options: [{ kind: "var-file", file: path.join(DIR, "missing.tfvars") }] })).rejects.toThrow(/missing\.tfvars: the variable file cannot be read: no such file/);
  await expect(loadVariableValues({ options: [{ kind: "var-file", file: DIR }] })).rejects.toThrow(/must be a regular file/);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hwsg-vars-"));
  try {
    fs.writeFileSync(path.join(tmp, "x.tfvars.json"), "[1]");
    await expect(loadVariableValues({ options: [{ kind: "var-file", file: path.join(tmp, "x.tfvars.json") }] })).rejects.toThrow(/holds one object/);
    fs.writeFileSync(path.join(tmp, "y.tfvars"), Buffer.from([0x61, 0x20, 0x3d, 0x20, 0x22, 0xff, 0x22, 0x0a]));
    await expect(loadVariableValues({ options: [{ kind: "var-file", file: path.join(tmp, "y.tfvars") }] })).rejects.toThrow(/not valid UTF-8/);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

describe("the reader takes the values in force", () => {
  const ssh = async (options: Parameters<typeof readTerraform>[1] = {}) => {
    const m = await readTerraform(DIR, options);
    return m.network.allRules().filter((r) => r.id.startsWith("huaweicloud_networking_secgroup_rule.ssh"));
  };

  test("the automatic variable files override the defaults", async () => {
    const rules = await ssh();
    expect(rules.map((r) => r.id)).toEqual(['huaweicloud_networking_secgroup_rule.ssh["22"]', 'huaweicloud_networking_secgroup_rule.ssh["2222"]']);
    expect(rules.map((r) => String((r.remote as { addresses?: unknown }).addresses ?? r.remote.kind))).toEqual(["10.0.0.0/8", "10.0.0.0/8"]);
  });

  test("--var-file and --var, in the order given; TF_VAR_ below every file", async () => {
    const worldOpen = await readTerraform(DIR, { variables: { options: [{ kind: "var-file", file: path.join(DIR, "extra.tfvars") }] } });
    // 22 is a high-risk port; 2222 is not in the catalogue.
    expect(lintNetwork(worldOpen.network).map((f) => f.id)).toEqual(["HWSG001:huaweicloud_compute_instance.jump:ipv4:tcp/22"]);
    const overridden = await readTerraform(DIR, { variables: { options: [{ kind: "var-file", file: path.join(DIR, "extra.tfvars") }, { kind: "var", assignment: "admin_cidr=192.0.2.0/24" }] } });
    expect(lintNetwork(overridden.network)).toEqual([]);
    const env = await readTerraform(DIR, { variables: { environment: { TF_VAR_admin_cidr: "0.0.0.0/0", TF_VAR_ssh_ports: "[3389]" } } });
    // The files in the directory win over the environment.
    expect(lintNetwork(env.network)).toEqual([]);
  });

  test("a complex --var value is parsed as HCL; a primitive one is taken as written and converted", async () => {
    const rules = await ssh({ variables: { options: [{ kind: "var", assignment: "ssh_ports=[22, 3389]" }, { kind: "var", assignment: "admin_cidr=0.0.0.0/0" }] } });
    expect(rules.map((r) => r.id)).toEqual(['huaweicloud_networking_secgroup_rule.ssh["22"]', 'huaweicloud_networking_secgroup_rule.ssh["3389"]']);
    await expect(ssh({ variables: { options: [{ kind: "var", assignment: "ssh_ports=[22," }] } })).rejects.toThrow(/--var: ssh_ports "\[22," is invalid: is not a valid value for a variable of a complex type/);
    await expect(ssh({ variables: { options: [{ kind: "var", assignment: 'ssh_ports=["x"]' }] } })).rejects.toThrow(/ssh_ports .* does not match the variable's type: the value\[0\] must be a number, not "x"/);
  });

  test("a value for an undeclared variable: refused on the command line, a warning in an automatic file", async () => {
    await expect(ssh({ variables: { options: [{ kind: "var", assignment: "nope=1" }] } })).rejects.toThrow(/--var: a value is given for the variable nope, but the root module declares no variable of that name/);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hwsg-vars-"));
    try {
      for (const f of fs.readdirSync(DIR)) fs.copyFileSync(path.join(DIR, f), path.join(tmp, f));
      fs.writeFileSync(path.join(tmp, "z.auto.tfvars"), 'typo_cidr = "1.2.3.0/24"\n');
      const m = await readTerraform(tmp);
      expect(m.warnings).toContain(`${path.join(tmp, "z.auto.tfvars")}: a value is given for the variable typo_cidr, which the root module does not declare: it is not used`);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  test("a variable without a value stays unknown only where it is used", async () => {
    const m = await readTerraform(DIR);
    expect(m.unknowns).toEqual([]); // `unset` is declared without default but used nowhere
  });
});

test("variable files and plans are read by the strict JSON reader: a duplicate key is refused, not last-wins", async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hwsg-vars-"));
  try {
    const vars = path.join(tmp, "x.tfvars.json");
    fs.writeFileSync(vars, '{"admin_cidr": "10.0.0.0/8", "admin_cidr": "0.0.0.0/0"}');
    await expect(loadVariableValues({ options: [{ kind: "var-file", file: vars }] })).rejects.toThrow(/x\.tfvars\.json:1:\d+: duplicate key "admin_cidr"/);
    const plan = path.join(tmp, "plan.json");
    fs.writeFileSync(plan, '{"format_version": "1.2", "format_version": "1.2", "planned_values": {}}');
    await expect(readTerraform(plan)).rejects.toThrow(/plan\.json:1:\d+: duplicate key "format_version"/);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
