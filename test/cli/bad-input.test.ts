/**
 * `hwsg query` on input the provider, the cloud or the reader rejects: exit code 2, nothing on
 * stdout, exactly one line on stderr, and that line says where (file, resource address, field)
 * and what (the bad value). One table row per rejected value of semantics.md §6 as it appears in
 * a .tf.json, per malformed-file case, and per command-line usage error.
 */
import * as path from "path";
import { FIXTURES, Json, baseDoc, docWith, instanceBody, removeTempDirs, ruleBody, sgRef, withRule, writeFiles } from "../terraform/tf-json";
import { queryArgs, runCli } from "./run-cli";

afterAll(removeTempDirs);

const RULE = "huaweicloud_networking_secgroup_rule.bad";
const MAIN = "main.tf.json";

interface BadCase {
  readonly name: string;
  /** Files written to a temp dir (relative path → JSON or raw text). @default { "main.tf.json": doc } */
  readonly files?: Readonly<Record<string, Json | unknown[] | string>>;
  readonly doc?: Json;
  /** The path given to hwsg: relative to the temp dir, or absolute. @default main.tf.json */
  readonly target?: string;
  /** Query options replaced (null drops one) and extra arguments. */
  readonly args?: Readonly<Record<string, string | null>>;
  readonly extra?: readonly string[];
  /**
   * What the one stderr line must contain, in this order of importance: the file (`{file}` is
   * replaced by the target's full path, `{dir}` by the temp dir), the address, the field, the
   * value as the message quotes it, anything else.
   */
  readonly expect: readonly string[];
  /** How the line starts. @default "hwsg: " */
  readonly prefix?: string;
}

/** A case whose bad value is in a resource of main.tf.json. */
function tf(name: string, doc: Json, address: string, field: string, value: string, ...more: string[]): BadCase {
  return { name, doc, expect: ["{file}", address, field, value, ...more] };
}

/** A case where rule `bad` of group web has these fields. */
function rule(name: string, override: Json, field: string, value: string, ...more: string[]): BadCase {
  return tf(name, withRule("bad", override), RULE, field, value, ...more);
}

const LONG = "d".repeat(256);

const fieldCases: BadCase[] = [
  rule("priority 0", { priority: 0 }, "priority", "0", "1", "100"),
  rule("priority 101", { priority: 101 }, "priority", "101", "1", "100"),
  rule('priority "high"', { priority: "high" }, "priority", '"high"', "number"),
  rule('ports "0"', { ports: "0" }, "ports", '"0"', "65535"),
  rule('ports "65536"', { ports: "65536" }, "ports", '"65536"', "65535"),
  rule('ports "30-20"', { ports: "30-20" }, "ports", '"30-20"'),
  rule('ports "22, 80"', { ports: "22, 80" }, "ports", '"22, 80"'),
  rule("ports without protocol", { protocol: undefined, ports: "22" }, "ports", '"22"', "tcp", "udp"),
  rule('protocol "TCP"', { protocol: "TCP" }, "protocol", '"TCP"', 'did you mean "tcp"?'),
  rule('protocol "gre"', { protocol: "gre", ports: undefined }, "protocol", '"gre"', "47"),
  rule('protocol "300"', { protocol: "300", ports: undefined }, "protocol", '"300"', "255"),
  rule('remote_ip_prefix "10.0.0.5/24"', { remote_ip_prefix: "10.0.0.5/24" }, "remote_ip_prefix", '"10.0.0.5/24"', "did you mean 10.0.0.0/24?"),
  rule('remote_ip_prefix "10.0.0.5" (no prefix length)', { remote_ip_prefix: "10.0.0.5" }, "remote_ip_prefix", '"10.0.0.5"', "did you mean 10.0.0.5/32?"),
  rule("IPv6 prefix on an IPv4 rule", { remote_ip_prefix: "2001:db8::/32" }, "remote_ip_prefix", '"2001:db8::/32"', "IPv4"),
  rule("two remotes", { remote_group_id: sgRef("db") }, "remote_group_id", "huaweicloud_networking_secgroup.db", "remote_ip_prefix"),
  rule(
    "port_range_min with priority",
    { ports: undefined, action: undefined, port_range_min: 22, port_range_max: 22 },
    "port_range_min", "22", "priority", "ports",
  ),
  rule('action "ALLOW"', { action: "ALLOW" }, "action", '"ALLOW"', 'did you mean "allow"?'),
  rule('direction "sideways"', { direction: "sideways" }, "direction", '"sideways"', "ingress", "egress"),
  rule('ethertype "IPv5"', { ethertype: "IPv5" }, "ethertype", '"IPv5"', "IPv4", "IPv6"),
  rule(
    "a twin of another rule with the opposite action",
    { ports: "443", remote_ip_prefix: "0.0.0.0/0", action: "deny" },
    "action", '"deny"', "huaweicloud_networking_secgroup_rule.web_https",
  ),
  {
    name: "a twin with the opposite action, in a second file",
    files: {
      "a.tf.json": baseDoc(),
      "b.tf.json": { resource: { huaweicloud_networking_secgroup_rule: { bad: ruleBody({ ports: "443", remote_ip_prefix: "0.0.0.0/0", action: "deny" }) } } },
    },
    target: ".",
    expect: ["{dir}/b.tf.json", RULE, "action", '"deny"', "huaweicloud_networking_secgroup_rule.web_https"],
  },
  tf(
    "address group with 21 addresses",
    docWith((r) => {
      r.huaweicloud_vpc_address_group = { bad: { name: "bad", addresses: Array.from({ length: 21 }, (_, i) => `192.168.0.${i + 1}`) } };
    }),
    "huaweicloud_vpc_address_group.bad", "addresses", '["192.168.0.1"', "20", "21",
  ),
  tf(
    "address group with IPv4 and IPv6 addresses",
    docWith((r) => {
      r.huaweicloud_vpc_address_group = { bad: { name: "bad", addresses: ["10.0.0.0/8", "2001:db8::/32"] } };
    }),
    "huaweicloud_vpc_address_group.bad", "addresses", '"2001:db8::/32"', "IPv4",
  ),
  tf(
    "remote_address_group_id of the wrong IP version",
    docWith((r) => {
      r.huaweicloud_vpc_address_group = { v6: { name: "v6", ip_version: 6, addresses: ["2001:db8::/32"] } };
      r.huaweicloud_networking_secgroup_rule.bad = ruleBody({ remote_ip_prefix: undefined, remote_address_group_id: "${huaweicloud_vpc_address_group.v6.id}" });
    }),
    RULE, "remote_address_group_id", "huaweicloud_vpc_address_group.v6", "IPv6", "IPv4",
  ),
  tf(
    "subnet CIDR outside the VPC",
    docWith((r) => {
      r.huaweicloud_vpc_subnet.bad = { name: "bad", cidr: "10.1.0.0/24", gateway_ip: "10.1.0.1", vpc_id: "${huaweicloud_vpc.v.id}" };
    }),
    "huaweicloud_vpc_subnet.bad", "cidr", '"10.1.0.0/24"', "10.0.0.0/16",
  ),
  tf(
    "fixed_ip_v4 outside the subnet",
    docWith((r) => {
      r.huaweicloud_compute_instance.bad = instanceBody("bad", ["web"], "10.0.2.10");
    }),
    "huaweicloud_compute_instance.bad", "network[0].fixed_ip_v4", '"10.0.2.10"', "10.0.1.0/24",
  ),
  tf(
    "two instances with the same fixed IP",
    docWith((r) => {
      r.huaweicloud_compute_instance.bad = instanceBody("bad", ["db"], "10.0.1.10");
    }),
    "huaweicloud_compute_instance.bad", "network[0].fixed_ip_v4", "10.0.1.10", "huaweicloud_compute_instance.web",
  ),
];

const fileCases: BadCase[] = [
  { name: "file not found", files: {}, target: "missing.tf.json", expect: ["{file}", "no such file"] },
  { name: "invalid JSON", target: path.join(FIXTURES, "bad", "invalid-json.tf.json"), expect: ["{file}", "not valid JSON"] },
  { name: "an array at the top level", target: path.join(FIXTURES, "bad", "top-level-array.tf.json"), expect: ["{file}", "object at the top level"] },
  { name: "an HCL .tf file that is not valid HCL", files: { "main.tf": 'resource "huaweicloud_vpc" "v" {\n  name =\n' }, target: "main.tf", expect: ["{file}", "not valid HCL", "Invalid expression"] },
  { name: "an HCL .tf file missing a required field", files: { "main.tf": 'resource "huaweicloud_vpc" "v" {}\n' }, target: "main.tf", expect: ["{file}", "huaweicloud_vpc.v", "name"] },
  { name: "a directory without Terraform files", files: { "README.md": "nothing\n" }, target: ".", expect: ["{dir}", ".tf.json"] },
  rule(
    "a dangling reference",
    { security_group_id: "${huaweicloud_networking_secgroup.nope.id}" },
    "security_group_id", '"${huaweicloud_networking_secgroup.nope.id}"', "not defined",
  ),
  rule(
    "a reference to a resource of the wrong type",
    { security_group_id: "${huaweicloud_vpc.v.id}" },
    "security_group_id", "huaweicloud_vpc.v", "huaweicloud_networking_secgroup",
  ),
  rule("a variable never declared", { remote_ip_prefix: "${var.nope}" }, "remote_ip_prefix", '"${var.nope}"', "not declared"),
  rule("a local never defined", { remote_ip_prefix: "${local.nope}" }, "remote_ip_prefix", '"${local.nope}"', "not defined"),
  rule("an undeclared variable inside a string", { remote_ip_prefix: "${var.net}/24" }, "remote_ip_prefix", '"${var.net}/24"', "not declared"),
  rule("a negative count on a rule", { count: -1 }, "count", "-1"),
  rule("for_each over a list on a rule", { for_each: ["a", "b"] }, "for_each", '["a","b"]'),
  {
    name: "a resource defined twice across two files",
    files: {
      "a.tf.json": baseDoc(),
      "b.tf.json": { resource: { huaweicloud_networking_secgroup: { web: { name: "web-again" } } } },
    },
    target: ".",
    expect: ["{dir}/b.tf.json", "huaweicloud_networking_secgroup.web", "{dir}/a.tf.json", "twice"],
  },
  tf(
    "an instance without network block",
    docWith((r) => {
      r.huaweicloud_compute_instance.bad = { ...instanceBody("bad", ["web"], "10.0.1.30"), network: undefined };
    }),
    "huaweicloud_compute_instance.bad", "network", "(missing)",
  ),
  {
    name: "a cdktf.out directory with two stacks and no --stack",
    files: { "stacks/alpha/cdk.tf.json": baseDoc(), "stacks/beta/cdk.tf.json": baseDoc() },
    target: ".",
    expect: ["{dir}", "alpha", "beta", "--stack"],
  },
  {
    name: "a cdktf.out directory with --stack naming no stack",
    files: { "stacks/alpha/cdk.tf.json": baseDoc(), "stacks/beta/cdk.tf.json": baseDoc() },
    target: ".",
    args: { "--stack": "gamma" },
    expect: ["{dir}", "gamma", "alpha", "beta"],
  },
];

const usageCases: BadCase[] = [
  { name: "missing --to", args: { "--to": null }, prefix: "error:", expect: ["--to"] },
  { name: "missing --protocol", args: { "--protocol": null }, prefix: "error:", expect: ["--protocol"] },
  { name: "an unknown option", extra: ["--bogus"], prefix: "error:", expect: ["--bogus"] },
  { name: "bad --protocol", args: { "--protocol": "tcpp" }, expect: ["--protocol", '"tcpp"', "tcp", "udp"] },
  { name: "--port with icmp", args: { "--protocol": "icmp" }, expect: ["--port", "icmp"] },
  { name: "--port with all protocols", args: { "--protocol": "all" }, expect: ["--port", "all"] },
  { name: "--port 0", args: { "--port": "0" }, expect: ['--port "0"', "65535"] },
  { name: "--port 65536", args: { "--port": "65536" }, expect: ['--port "65536"', "65535"] },
  { name: "--port ssh", args: { "--port": "ssh" }, expect: ['--port "ssh"'] },
  { name: "--from neither an address nor a member nor a name the matrix prints", args: { "--from": "webz" }, expect: ['--from "webz"', "huaweicloud_compute_instance.NAME", "huaweicloud_networking_secgroup.NAME"] },
  { name: "--from a CIDR", args: { "--from": "10.0.0.0/8" }, expect: ['--from "10.0.0.0/8"'] },
  { name: "an unknown instance", args: { "--to": "huaweicloud_compute_instance.nope" }, expect: ["huaweicloud_compute_instance.nope", "huaweicloud_compute_instance.web"] },
  {
    name: "IPv4 --from with IPv6 --to",
    args: { "--from": "10.0.1.20", "--to": "2001:db8::1" },
    expect: ["--from", "IPv4", "--to", "IPv6"],
  },
  { name: "--from-address with an external --from", args: { "--from-address": "10.0.1.99" }, expect: ["--from-address", "--from", "member"] },
  {
    name: "--from-address not an address",
    args: { "--from": "huaweicloud_compute_instance.db", "--from-address": "vip" },
    expect: ['--from-address "vip"'],
  },
  { name: "both ends outside the model", args: { "--to": "198.51.100.7" }, expect: ["instance"] },
  { name: "both ends the same instance", args: { "--from": "huaweicloud_compute_instance.web" }, expect: ["huaweicloud_compute_instance.web"] },
];

async function check(c: BadCase): Promise<void> {
  const files = c.files ?? { [MAIN]: c.doc ?? baseDoc() };
  const dir = writeFiles(files);
  const target = c.target === undefined ? path.join(dir, MAIN) : path.isAbsolute(c.target) ? c.target : path.join(dir, c.target);
  const shown = c.target === "." ? dir : target;
  const result = await runCli(queryArgs(shown, c.args ?? {}, c.extra ?? []));

  expect({ code: result.code, stdout: result.stdout, lines: result.errLines.length }).toEqual({ code: 2, stdout: "", lines: 1 });
  const line = result.errLines[0];
  expect(line.startsWith(c.prefix ?? "hwsg: ")).toBe(true);
  for (const want of c.expect) {
    expect(line).toContain(want.replace("{file}", target).replace("{dir}", dir));
  }
}

describe("hwsg query rejects values the provider or the cloud rejects (semantics.md §6)", () => {
  test.each(fieldCases)("$name", check);
});

describe("hwsg query rejects malformed or unresolvable Terraform", () => {
  test.each(fileCases)("$name", check);
});

describe("hwsg query rejects bad command lines", () => {
  test.each(usageCases)("$name", check);
});

// Regression (found in review): the provider validates remote_ip_prefix with utils.ValidateCIDR, which requires the text to
// equal Go's ipnet.String() (lower case, compressed IPv6, no leading zeros); lib/core/ip.ts
// parseCidr only checks host bits, so these reach `terraform apply` and fail there. Repro:
// a rule with "remote_ip_prefix": "2001:DB8::/32" (ethertype IPv6): hwsg query exits 0.
const nonCanonicalCidrCases: BadCase[] = [
  rule("uncompressed IPv6 prefix", { ethertype: "IPv6", remote_ip_prefix: "2001:db8:0:0::/64" }, "remote_ip_prefix", '"2001:db8:0:0::/64"', "did you mean 2001:db8::/64?"),
  rule("prefix length with a leading zero", { remote_ip_prefix: "10.0.0.0/08" }, "remote_ip_prefix", '"10.0.0.0/08"', "did you mean 10.0.0.0/8?"),
];

describe("remote_ip_prefix text the provider's ValidateCIDR rejects", () => {
  test.each(nonCanonicalCidrCases)("$name", check);
});

// Regression (found in review): an id field given another attribute of the right resource is taken as a literal id:
// security_group_id = "${huaweicloud_networking_secgroup.web.name}" resolves to "web" and the
// reader invents an outside group "web" (exit 0) with the warning "security_group_id names
// security group web, which this configuration does not define" although it is defined.
describe("an id field given another attribute of the resource", () => {
  test("security_group_id = ${huaweicloud_networking_secgroup.web.name}", () =>
    check(rule("name for id", { security_group_id: "${huaweicloud_networking_secgroup.web.name}" }, "security_group_id", '"${huaweicloud_networking_secgroup.web.name}"', ".id")));
});

describe("usage errors that break the one-line contract", () => {
  // Regression (found in review): commander's "(Did you mean --json?)" suggestion (showSuggestionAfterError in
  // lib/cli/main.ts) is a second stderr line: `hwsg query f.tf.json ... --jsn` prints
  // "error: unknown option '--jsn'" then "(Did you mean --json?)".
  test("a near-miss unknown option gives one line, with the suggestion on it", () =>
    check({ name: "--jsn", extra: ["--jsn"], prefix: "error:", expect: ["--jsn", "--json"] }));

  // Regression (found in review): same for a near-miss command: `hwsg querry` prints "error: unknown command 'querry'"
  // then "(Did you mean query?)".
  test("a near-miss unknown command gives one line", async () => {
    const result = await runCli(["querry"]);
    expect({ code: result.code, stdout: result.stdout, lines: result.errLines.length }).toEqual({ code: 2, stdout: "", lines: 1 });
    expect(result.errLines[0]).toMatch(/^error: .*querry.*query/);
  });

  // Regression (found in review): `hwsg` without a command prints the help on stderr and exits 0: commander throws
  // code "commander.help" with exitCode 1 and run() maps every "commander.help" to 0.
  test("no command at all is a usage error", async () => {
    const result = await runCli([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
  });

  test("an unknown command is a usage error", async () => {
    const result = await runCli(["bogus"]);
    expect({ code: result.code, stdout: result.stdout, err: result.errLines }).toEqual({ code: 2, stdout: "", err: ["error: unknown command 'bogus'"] });
  });

  test("--help is not an error: exit 0, the help on stdout, nothing on stderr", async () => {
    const result = await runCli(["query", "--help"]);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: "" });
    expect(result.stdout).toMatch(/^Usage: hwsg query/);
    for (const opt of ["--from", "--to", "--protocol", "--port", "--from-address", "--stack", "--json"]) expect(result.stdout).toContain(opt);
  });
});

describe("values that decide no verdict, and values the provider accepts, never abort a run", () => {
  test.each<[string, Json]>([
    ["description of 256 characters", withRule("bad", { description: LONG })],
    ["description with <", withRule("bad", { description: "ssh <admins>" })],
    ["description with >", withRule("bad", { description: "a > b" })],
    ["security group name of 65 characters", docWith((r) => { r.huaweicloud_networking_secgroup.bad = { name: "n".repeat(65) }; })],
    ["ICMP type 8 (echo request) in ports", withRule("bad", { protocol: "icmp", ports: "8" })],
    ["upper-case IPv6 prefix (the provider lower-cases it)", withRule("bad", { ethertype: "IPv6", remote_ip_prefix: "2001:DB8::/32" })],
    ["icmp on IPv6 (the provider's schema checks the protocol alone; the rule matches no IPv6 packet)", withRule("bad", { ethertype: "IPv6", protocol: "icmp", ports: undefined, remote_ip_prefix: "::/0" })],
    ["icmpv6 on IPv4 (likewise)", withRule("bad", { protocol: "icmpv6", ports: undefined })],
  ])("%s: exit 0, with a warning where the cloud would refuse it or the model widens it", async (_, doc) => {
    const dir = writeFiles({ [MAIN]: doc });
    const result = await runCli(queryArgs(path.join(dir, MAIN)));
    expect(result.code).toBe(0);
  });
});

describe("the table itself", () => {
  test("the base configuration is accepted and the base query is allowed", async () => {
    const dir = writeFiles({ [MAIN]: baseDoc() });
    const result = await runCli(queryArgs(path.join(dir, MAIN)));
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: "" });
    expect(JSON.parse(result.stdout)).toMatchObject({ verdict: "allow", rule: "huaweicloud_networking_secgroup_rule.web_https" });
  });

  test("a good value in place of each bad rule value is accepted", async () => {
    // The rule cases differ from ruleBody() only in the field named: ruleBody() itself must pass.
    const dir = writeFiles({ [MAIN]: withRule("bad", { ports: "22,80,8000-8080" }) });
    const result = await runCli(queryArgs(path.join(dir, MAIN)));
    expect(result.code).toBe(0);
  });
});
