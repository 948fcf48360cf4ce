/**
 * Modules expanded as `terraform plan` expands them (lib/terraform/modules/module-tree.ts):
 * local modules with count and for_each, nested modules, outputs read by the caller, a registry
 * module installed by `terraform init`, and a remote module that is not installed (an unknown
 * naming the call). Fixtures in test/fixtures/modules, laid out as real repositories are.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { lintNetwork } from "../../lib/analysis";
import { ValidationError } from "../../lib/core/errors";
import { readTerraform } from "../../lib/terraform/reader";

const DIR = path.join(__dirname, "..", "fixtures", "modules");
const written = (m: Awaited<ReturnType<typeof readTerraform>>) => m.network.allRules().filter((r) => !r.id.includes("#default"));

describe("local modules: count, for_each, nesting, outputs", () => {
  let m: Awaited<ReturnType<typeof readTerraform>>;
  beforeAll(async () => {
    m = await readTerraform(path.join(DIR, "local"));
  });

  test("every module instance's resources are read under Terraform's absolute addresses", () => {
    expect([...m.network.groups.keys()].sort()).toEqual([
      "module.db[0].module.sg.huaweicloud_networking_secgroup.this",
      'module.extra["cache"].huaweicloud_networking_secgroup.this',
      "module.web.module.sg.huaweicloud_networking_secgroup.this",
    ]);
    expect(written(m).map((r) => r.id).sort()).toEqual([
      "module.db[0].module.sg.huaweicloud_networking_secgroup_rule.egress",
      'module.db[0].module.sg.huaweicloud_networking_secgroup_rule.ingress["tcp-3306"]',
      'module.extra["cache"].huaweicloud_networking_secgroup_rule.egress',
      'module.extra["cache"].huaweicloud_networking_secgroup_rule.ingress["tcp-6379"]',
      "module.web.module.sg.huaweicloud_networking_secgroup_rule.egress",
      'module.web.module.sg.huaweicloud_networking_secgroup_rule.ingress["tcp-22"]',
      'module.web.module.sg.huaweicloud_networking_secgroup_rule.ingress["tcp-443"]',
    ]);
    expect(m.unknowns).toEqual([]);
  });

  test("arguments reach the module's variables, outputs come back through nested modules", () => {
    const vm = m.network.instances.get("module.web.huaweicloud_compute_instance.vm[1]");
    expect(vm?.name).toBe("web-1");
    expect(vm?.securityGroupIds).toEqual(["module.web.module.sg.huaweicloud_networking_secgroup.this"]);
    expect(vm?.nics[0].subnetId).toBe("module.network.huaweicloud_vpc_subnet.app");
    expect(vm?.nics[0].fixedIpV4).toBe(0x0a00010bn); // 10.0.1.11: first_ip + count.index
    expect(m.network.instances.get("module.db[0].huaweicloud_compute_instance.vm[0]")?.securityGroupIds).toEqual(["module.db[0].module.sg.huaweicloud_networking_secgroup.this"]);
    // optional(number, 1) filled in inside the module
    expect(written(m).find((r) => r.id.endsWith('ingress["tcp-3306"]'))?.priority).toBe(1);
  });

  test("findings name module addresses", () => {
    const findings = lintNetwork(m.network).filter((f) => f.code === "HWSG001");
    expect(findings.map((f) => f.id)).toEqual([
      "HWSG001:module.web.huaweicloud_compute_instance.vm[0]:ipv4:tcp/22",
      "HWSG001:module.web.huaweicloud_compute_instance.vm[1]:ipv4:tcp/22",
    ]);
    expect(findings[0].ruleIds).toContain('module.web.module.sg.huaweicloud_networking_secgroup_rule.ingress["tcp-22"]');
  });
});

test("a registry module installed by terraform init is read from .terraform/modules", async () => {
  const m = await readTerraform(path.join(DIR, "installed"));
  expect(written(m).map((r) => r.id)).toEqual(["module.sg.huaweicloud_networking_secgroup_rule.rdp"]);
  expect(lintNetwork(m.network).map((f) => f.id)).toEqual(["HWSG001:module.sg.huaweicloud_networking_secgroup.this:ipv4:tcp/3389"]);
  expect(m.unknowns).toEqual([]);
});

test("a remote module that is not installed is an unknown naming the call, never silence", async () => {
  const m = await readTerraform(path.join(DIR, "missing"));
  expect(m.unknowns).toEqual([
    expect.objectContaining({
      address: "module.sg",
      field: "source",
      expression: '"git::https://example.com/org/terraform-huaweicloud-sg.git?ref=v2.0.0"',
      reason: expect.stringMatching(/remote module that terraform init has not installed/),
      effect: expect.stringMatching(/Nothing the module creates .* is in the model/),
    }),
  ]);
  await expect(readTerraform(path.join(DIR, "missing"), { unknowns: "error" })).rejects.toThrow(/module\.sg: source .* cannot be resolved statically/);
});

describe("calls Terraform rejects", () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hwsg-modules-"));
    fs.mkdirSync(path.join(tmp, "m"));
    fs.writeFileSync(path.join(tmp, "m", "main.tf"), 'variable "name" {\n  type = string\n}\n');
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const root = (text: string): Promise<unknown> => {
    fs.writeFileSync(path.join(tmp, "main.tf"), text);
    return readTerraform(tmp);
  };

  test("an argument the module does not declare", async () => {
    await expect(root('module "a" {\n  source = "./m"\n  name = "x"\n  nmae = "y"\n}\n')).rejects.toThrow(/module\.a: nmae "y" is invalid: An argument named "nmae" is not expected here/);
  });
  test("a required variable left out", async () => {
    await expect(root('module "a" {\n  source = "./m"\n}\n')).rejects.toThrow(/The argument "name" is required, but no definition was found/);
  });
  test("a local source that is not a directory", async () => {
    await expect(root('module "a" {\n  source = "./nope"\n  name = "x"\n}\n')).rejects.toThrow(/module a: source "\.\/nope" is not a directory/);
  });
  test("a module that calls itself", async () => {
    fs.writeFileSync(path.join(tmp, "m", "main.tf"), 'module "again" {\n  source = "../m"\n}\n');
    await expect(root('module "a" {\n  source = "./m"\n}\n')).rejects.toThrow(/modules are nested more than 32 deep/);
  });
  test("a reference to an output the module does not declare", async () => {
    const err = await root('module "a" {\n  source = "./m"\n  name = "x"\n}\nlocals {\n  x = module.a.nope\n}\nresource "huaweicloud_networking_secgroup" "g" {\n  name = local.x\n}\n').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toMatch(/has no attribute or key "nope"/);
  });
});

test("a call's outputs are evaluated once, however often module.NAME is referred to (was: once per reference, quadratic in a 1,000-group root)", async () => {
  const { Configuration } = await import("../../lib/terraform/configuration");
  const spy = jest.spyOn(Configuration.prototype, "output");
  try {
    await readTerraform(path.join(DIR, "local"));
    // module.network (referred to by two calls' arguments), module.web.module.sg (by two instances), module.db[0].module.sg (by one).
    expect(spy.mock.calls.map(([name]) => name).sort()).toEqual(["id", "id", "subnet_id"]);
  } finally {
    spy.mockRestore();
  }
});
