/**
 * `hwsg check`: every finding, the --fail-on gate, the four formats, --output, unknowns, and HCL
 * input, through the command line in process.
 */
import * as fs from "fs";
import * as path from "path";
import { FIXTURES, baseDoc, docWith, removeTempDirs, ruleBody, writeFiles } from "../terraform/tf-json";
import { runCli } from "./run-cli";

const FINDINGS = path.join(FIXTURES, "findings");
const SPLIT_CIDR = path.join(FINDINGS, "hwsg001-split-cidr.trigger.tf.json");
const TRUSTED = path.join(FINDINGS, "hwsg001-trusted-16.clean.tf.json");
const IMPLICIT = path.join(FINDINGS, "hwsg006-implicit.trigger.tf.json");
const OPPOSITE = path.join(FINDINGS, "hwsg004-opposite-action.trigger.tf.json");

afterAll(removeTempDirs);

describe("hwsg check: findings and the --fail-on gate", () => {
  it("reports the split-CIDR SSH exposure as an error with its resource, fix and id, and exits 1", async () => {
    const r = await runCli(["check", SPLIT_CIDR]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("ERROR HWSG001 huaweicloud_compute_instance.jump");
    expect(r.stdout).toContain("3,702,390,784 public IPv4 addresses (100%)");
    expect(r.stdout).toMatch(/fix: Allow SSH \(tcp 22\) from trusted sources only/);
    expect(r.stdout).toContain("id: HWSG001:huaweicloud_compute_instance.jump:ipv4:tcp/22");
    expect(r.stdout).toContain("Summary: 1 error, 0 warnings");
  });

  it("exits 0 on a configuration without findings", async () => {
    const r = await runCli(["check", TRUSTED]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toContain("No findings.");
  });

  it("lets warnings pass by default and fails on them with --fail-on warning", async () => {
    expect((await runCli(["check", IMPLICIT])).code).toBe(0);
    expect((await runCli(["check", IMPLICIT, "--fail-on", "warning"])).code).toBe(1);
    expect((await runCli(["check", IMPLICIT, "--fail-on", "error"])).code).toBe(0);
  });

  it("never fails with --fail-on never, whatever it finds", async () => {
    const r = await runCli(["check", SPLIT_CIDR, "--fail-on", "never"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("ERROR HWSG001");
  });

  it("reports seed 001 case 3's deny under an allow as a deny that never takes effect", async () => {
    const r = await runCli(["check", OPPOSITE, "--json"]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    const hwsg004 = doc.findings.filter((f: { code: string }) => f.code === "HWSG004");
    expect(hwsg004.length).toBeGreaterThan(0);
    expect(hwsg004[0].severity).toBe("error");
    expect(hwsg004[0].message).toMatch(/^Deny rule .* never takes effect, covered by the allow/);
    expect(hwsg004[0].cover).toBe("opposite-action");
    expect(hwsg004[0].coveredBy.length).toBeGreaterThan(0);
  });

  it("refuses an unknown --fail-on with the choices, as a usage error", async () => {
    const r = await runCli(["check", SPLIT_CIDR, "--fail-on", "critical"]);
    expect(r.code).toBe(2);
    expect(r.errLines).toHaveLength(1);
    expect(r.stderr).toContain("critical");
    expect(r.stderr).toContain("warning, error, never");
  });
});

describe("hwsg check: formats and --output", () => {
  it("prints one JSON document with the schema, files, findings (id, resource, fix) and unknowns", async () => {
    const r = await runCli(["check", SPLIT_CIDR, "--json"]);
    const doc = JSON.parse(r.stdout);
    expect(doc.schema).toBe("hwsg/check@1");
    expect(doc.files).toEqual([SPLIT_CIDR]);
    expect(doc.unknowns).toEqual([]);
    expect(doc.findings).toHaveLength(1);
    expect(doc.findings[0]).toMatchObject({
      id: "HWSG001:huaweicloud_compute_instance.jump:ipv4:tcp/22",
      code: "HWSG001",
      severity: "error",
      resource: "huaweicloud_compute_instance.jump",
    });
    expect(doc.findings[0].fix).toMatch(/trusted/);
    expect(doc.findings[0].exposure).toMatchObject({ port: "22", protocol: "tcp", version: 4, publicAddresses: "3702390784", share: 1 });
  });

  it("prints Markdown with a findings table for a pull request", async () => {
    const r = await runCli(["check", SPLIT_CIDR, "--markdown"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^#/);
    expect(r.stdout).toMatch(/\|.*HWSG001.*\|/);
    expect(r.stdout).toContain("huaweicloud_compute_instance.jump");
  });

  it("writes a self-contained HTML page to --output and nothing on stdout", async () => {
    const dir = writeFiles({});
    const out = path.join(dir, "report.html");
    const r = await runCli(["check", SPLIT_CIDR, "--html", "--output", out]);
    expect(r).toMatchObject({ code: 1, stdout: "" });
    const html = fs.readFileSync(out, "utf8");
    expect(html).toMatch(/^<!DOCTYPE html>/i);
    expect(html).toContain("HWSG001");
    expect(html).not.toMatch(/<script|https?:\/\//i);
  });

  it("writes nothing to --output when the input is invalid", async () => {
    const dir = writeFiles({ "main.tf.json": docWith((r) => { r.huaweicloud_networking_secgroup_rule.bad = ruleBody({ priority: 0 }); }) });
    const out = path.join(dir, "report.html");
    const r = await runCli(["check", path.join(dir, "main.tf.json"), "--html", "--output", out]);
    expect(r.code).toBe(2);
    expect(r.errLines).toHaveLength(1);
    expect(r.stderr).toContain("huaweicloud_networking_secgroup_rule.bad");
    expect(fs.existsSync(out)).toBe(false);
  });

  it("refuses two formats at once", async () => {
    const r = await runCli(["check", SPLIT_CIDR, "--json", "--html"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--json.*--html|--html.*--json/);
  });

  it("gives byte-identical output run to run", async () => {
    for (const format of ["--json", "--markdown", "--html", "--fail-on=never"]) {
      const a = await runCli(["check", OPPOSITE, format]);
      const b = await runCli(["check", OPPOSITE, format]);
      expect(b.stdout).toBe(a.stdout);
    }
  });
});

describe("hwsg check and query: values not known before apply are listed, never guessed", () => {
  const doc = docWith((r, d) => {
    d.variable = { office: { type: "string" } };
    r.huaweicloud_networking_secgroup_rule.office_ssh = ruleBody({ remote_ip_prefix: "${var.office}" });
  });

  it("lists the unknown with its file, address, field, expression and effect, and passes unless --fail-on-unknown", async () => {
    const dir = writeFiles({ "main.tf.json": doc });
    const file = path.join(dir, "main.tf.json");
    const r = await runCli(["check", file, "--json"]);
    expect(r.code).toBe(0);
    const [unknown] = JSON.parse(r.stdout).unknowns;
    expect(unknown).toMatchObject({
      file,
      address: "huaweicloud_networking_secgroup_rule.office_ssh",
      field: "remote_ip_prefix",
      groupIds: ["huaweicloud_networking_secgroup.web"],
    });
    expect(unknown.expression).toContain("var.office");
    expect(unknown.reason).toMatch(/no default/);
    expect((await runCli(["check", file, "--fail-on-unknown"])).code).toBe(1);
  });

  it("answers a query on the known rules and says what is unknown", async () => {
    const dir = writeFiles({ "main.tf.json": doc });
    const file = path.join(dir, "main.tf.json");
    const args = ["query", file, "--from", "10.0.0.9", "--to", "huaweicloud_compute_instance.web", "--protocol", "tcp", "--port", "22"];
    const text = await runCli(args);
    expect(text.code).toBe(1);
    expect(text.stderr).toContain("unknown: ");
    expect(text.stderr).toContain("huaweicloud_networking_secgroup_rule.office_ssh");
    const json = JSON.parse((await runCli([...args, "--json"])).stdout);
    expect(json.unknowns.map((u: { address: string }) => u.address)).toEqual(["huaweicloud_networking_secgroup_rule.office_ssh"]);
  });
});

describe("hwsg check reads plain HCL", () => {
  it("expands a map of rules with for_each and finds the exposure it opens", async () => {
    const dir = writeFiles({
      "main.tf": [
        'variable "ingress" {',
        "  default = {",
        '    ssh   = { port = 22, cidr = "0.0.0.0/0" }',
        '    https = { port = 443, cidr = "0.0.0.0/0" }',
        "  }",
        "}",
        'resource "huaweicloud_vpc" "v" {',
        '  name = "v"',
        '  cidr = "10.0.0.0/16"',
        "}",
        'resource "huaweicloud_vpc_subnet" "s" {',
        '  name       = "s"',
        '  cidr       = "10.0.1.0/24"',
        '  gateway_ip = "10.0.1.1"',
        "  vpc_id     = huaweicloud_vpc.v.id",
        "}",
        'resource "huaweicloud_networking_secgroup" "web" {',
        '  name                 = "web"',
        "  delete_default_rules = true",
        "}",
        'resource "huaweicloud_networking_secgroup_rule" "in" {',
        "  for_each          = var.ingress",
        "  security_group_id = huaweicloud_networking_secgroup.web.id",
        '  direction         = "ingress"',
        '  ethertype         = "IPv4"',
        '  protocol          = "tcp"',
        "  ports             = tostring(each.value.port)",
        "  remote_ip_prefix  = each.value.cidr",
        '  action            = "allow"',
        "  priority          = 1",
        "}",
        'resource "huaweicloud_compute_instance" "web" {',
        '  name               = "web"',
        '  image_id           = "img"',
        '  flavor_id          = "s6.small.1"',
        "  security_group_ids = [huaweicloud_networking_secgroup.web.id]",
        "  network {",
        "    uuid        = huaweicloud_vpc_subnet.s.id",
        '    fixed_ip_v4 = "10.0.1.10"',
        "  }",
        "}",
        "",
      ].join("\n"),
    });
    const r = await runCli(["check", dir, "--json"]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.files).toEqual([path.join(dir, "main.tf")]);
    expect(doc.findings.map((f: { id: string }) => f.id)).toEqual(["HWSG001:huaweicloud_compute_instance.web:ipv4:tcp/22"]);
    expect(doc.findings[0].message).toContain('huaweicloud_networking_secgroup_rule.in["ssh"]');
  });

  it("reads the repository's HCL fixtures without error", async () => {
    for (const idiom of fs.readdirSync(path.join(FIXTURES, "hcl")).sort()) {
      const r = await runCli(["check", path.join(FIXTURES, "hcl", idiom), "--fail-on", "never"]);
      expect({ idiom, code: r.code, stderr: r.stderr.split("\n").filter((l) => l.startsWith("hwsg:")) }).toEqual({ idiom, code: 0, stderr: [] });
    }
  });
});

describe("the base configuration stays clean", () => {
  it("has no finding", async () => {
    const dir = writeFiles({ "main.tf.json": baseDoc() });
    const r = await runCli(["check", dir, "--json"]);
    expect(JSON.parse(r.stdout).findings).toEqual([]);
  });
});
