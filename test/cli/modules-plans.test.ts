/**
 * The command line on real Terraform layouts: module addresses as query endpoints and in the
 * answers, variable values from files, --var-file, --var and TF_VAR_ in Terraform's order, plan
 * and state JSON as input, and --fail-on-unknown failing on exactly what can change a verdict.
 */
import * as path from "path";
import { run } from "../../lib/cli/main";

const FIXTURES = path.join(__dirname, "..", "fixtures");
const LOCAL = path.join(FIXTURES, "modules", "local");
const VARS = path.join(FIXTURES, "variables", "precedence");

async function hwsg(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(argv, { out: (s) => out.push(s), err: (s) => err.push(s) }, env);
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

test("query takes module addresses as endpoints and answers with module rule addresses", async () => {
  const r = await hwsg(["query", LOCAL, "--from", "module.web.huaweicloud_compute_instance.vm[0]", "--to", "module.db[0].huaweicloud_compute_instance.vm[0]", "--protocol", "tcp", "--port", "3306", "--json"]);
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout).rule).toBe('module.db[0].module.sg.huaweicloud_networking_secgroup_rule.ingress["tcp-3306"]');
  const internet = await hwsg(["query", LOCAL, "--from", "203.0.113.1", "--to", "module.db[0].huaweicloud_compute_instance.vm[0]", "--protocol", "tcp", "--port", "3306"]);
  expect(internet.code).toBe(1);
});

test("an instance address without its key is refused with the instances it may mean", async () => {
  const r = await hwsg(["query", LOCAL, "--from", "203.0.113.1", "--to", "module.web.huaweicloud_compute_instance.vm", "--protocol", "tcp", "--port", "22"]);
  expect(r.code).toBe(2);
  expect(r.stderr).toBe("hwsg: --to module.web.huaweicloud_compute_instance.vm: no such member or security group in the configuration (did you mean module.web.huaweicloud_compute_instance.vm[0], module.web.huaweicloud_compute_instance.vm[1]?)");
});

test("--var-file and --var apply in the order given; TF_VAR_ is below the directory's variable files", async () => {
  const extra = path.join(VARS, "extra.tfvars");
  expect((await hwsg(["check", VARS])).code).toBe(0);
  expect((await hwsg(["check", VARS, "--var-file", extra])).code).toBe(1);
  expect((await hwsg(["check", VARS, "--var-file", extra, "--var", "admin_cidr=10.9.0.0/16"])).code).toBe(0);
  expect((await hwsg(["check", VARS, "--var=admin_cidr=10.9.0.0/16", `--var-file=${extra}`])).code).toBe(1);
  expect((await hwsg(["check", VARS], { TF_VAR_admin_cidr: "0.0.0.0/0" })).code).toBe(0);
  const undeclared = await hwsg(["check", VARS, "--var", "nope=1"]);
  expect([undeclared.code, undeclared.stderr]).toEqual([2, "hwsg: --var: a value is given for the variable nope, but the root module declares no variable of that name"]);
});

test("plans and states are inputs of every command", async () => {
  const plan = path.join(FIXTURES, "plan", "modules-unknown-ids.plan.json");
  const check = await hwsg(["check", plan, "--json"]);
  expect(check.code).toBe(1);
  expect(JSON.parse(check.stdout).findings.map((f: { id: string }) => f.id)).toEqual(expect.arrayContaining(["HWSG001:huaweicloud_compute_instance.web[0]:ipv4:tcp/22"]));
  const matrix = await hwsg(["matrix", path.join(FIXTURES, "plan", "modules.state.json")]);
  expect(matrix.code).toBe(0);
  expect(matrix.stdout).toMatch(/internet → web\[0\]: tcp 22, 443/);
  const diff = await hwsg(["diff", path.join(FIXTURES, "plan", "modules.state.json"), plan]);
  expect(diff.code).toBe(0);
});

test("--fail-on-unknown fails on a module that is not installed and on an unmodelled member, not on a name", async () => {
  expect((await hwsg(["check", path.join(FIXTURES, "modules", "missing"), "--fail-on-unknown"])).code).toBe(1);
  expect((await hwsg(["check", path.join(FIXTURES, "modules", "missing")])).code).toBe(0);
  const names = path.join(FIXTURES, "hcl", "unknowns");
  const r = await hwsg(["check", names, "--json"]);
  const unknowns = JSON.parse(r.stdout).unknowns as Array<{ field: string; canChangeVerdict: boolean }>;
  expect(unknowns.some((u) => !u.canChangeVerdict)).toBe(true);
  expect(unknowns.some((u) => u.canChangeVerdict)).toBe(true);
});

test("--fail-on-unknown passes when only a name is unknown: a name never changes a verdict", async () => {
  const fs = await import("fs");
  const os = await import("os");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hwsg-names-"));
  try {
    fs.writeFileSync(path.join(dir, "main.tf"), 'variable "prefix" {\n  type = string\n}\nresource "huaweicloud_networking_secgroup" "web" {\n  name                 = "${var.prefix}-web"\n  description          = var.prefix\n  delete_default_rules = true\n}\n');
    const r = await hwsg(["check", dir, "--fail-on-unknown", "--json"]);
    expect(JSON.parse(r.stdout).unknowns.map((u: { field: string; canChangeVerdict: boolean }) => [u.field, u.canChangeVerdict])).toEqual([["name", false], ["description", false]]);
    expect(r.code).toBe(0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("query on an instance the reader left out says why, not that it does not exist", async () => {
  const fs = await import("fs");
  const os = await import("os");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hwsg-leftout-"));
  try {
    fs.writeFileSync(path.join(dir, "main.tf"), 'variable "sg" {\n  type = string\n}\nresource "huaweicloud_compute_instance" "vm" {\n  name               = "vm"\n  image_id           = "img"\n  flavor_id          = "s6.small.1"\n  security_group_ids = [var.sg]\n  network {\n    uuid = "subnet-1"\n  }\n}\n');
    const r = await hwsg(["query", dir, "--from", "203.0.113.1", "--to", "huaweicloud_compute_instance.vm", "--protocol", "tcp", "--port", "22"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("hwsg: --to huaweicloud_compute_instance.vm is left out of the model: The variable sg has no default and no value is given, so its value is known only when Terraform runs. (security_group_ids[0] = var.sg)");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
