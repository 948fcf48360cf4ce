/**
 * What the Terraform JSON reader understands: variables, locals, data sources, literal ids,
 * instances without groups, groups by name, cdktf output (construct paths, cdktf.out stacks),
 * NIC port references, legacy port ranges, implicit priorities, the array forms of Terraform
 * JSON, and configuration order across files.
 */
import * as path from "path";
import { query } from "../../lib/cli/query";
import { HwsgError } from "../../lib/core/errors";
import { Rule } from "../../lib/core/rule";
import { PROJECT_DEFAULT_GROUP, TerraformModel, readDocuments, readTerraform } from "../../lib/terraform/reader";
import { queryArgs, runCli } from "../cli/run-cli";
import { Json, baseDoc, docWith, instanceBody, removeTempDirs, ruleBody, sgRef, withRule, writeFiles } from "./tf-json";

afterAll(removeTempDirs);

const WEB = "huaweicloud_networking_secgroup.web";
const WEB_VM = "huaweicloud_compute_instance.web";
const DB_VM = "huaweicloud_compute_instance.db";

/** Writes the files and reads `target` (relative to the temp dir; default the only file, or the dir). */
async function read(files: Readonly<Record<string, Json>>, target?: string, stack?: string): Promise<TerraformModel & { dir: string }> {
  const dir = writeFiles(files);
  const names = Object.keys(files);
  const t = target ?? (names.length === 1 ? names[0] : ".");
  return { ...(await readTerraform(path.join(dir, t), stack !== undefined ? { stack } : {})), dir };
}

/** Reads one document. */
const readDoc = (doc: Json): Promise<TerraformModel & { dir: string }> => read({ "main.tf.json": doc });

/** The error reading would raise, as text ("" when reading succeeds). */
async function readError(files: Readonly<Record<string, Json>>, target?: string): Promise<string> {
  try {
    await read(files, target);
  } catch (e) {
    expect(e).toBeInstanceOf(HwsgError);
    return (e as Error).message;
  }
  return "";
}

/** A rule as a short line: `id: direction protocol ports remote action priority`. */
function brief(r: Rule): string {
  const remote = r.remote.kind === "any" ? "any" : r.remote.kind === "cidr" ? r.remote.cidr : r.remote.kind === "group" ? `group ${r.remote.groupId}` : `ag ${r.remote.addressGroupId}`;
  return `${r.id}: ${r.direction} ${r.protocol ?? "all"} ${r.ports?.toString() ?? "*"} ${remote} ${r.action} ${r.priority}`;
}

/** The rules of a group, briefly, default rules included. */
const rulesOf = (m: TerraformModel, group: string): string[] => m.network.rulesOf(group).map(brief);

/** The verdict and deciding rule of a tcp query. */
function ask(m: TerraformModel, from: string, to: string, port?: number, protocol = "tcp"): string {
  const a = query(m.network, { from, to, protocol, ...(port !== undefined ? { port: String(port) } : {}) });
  return `${a.verdict} ${a.rule}`;
}

describe("the base configuration", () => {
  test("is read into groups, rules and instances, with no warning", async () => {
    const m = await readDoc(baseDoc());
    expect(m.warnings).toEqual([]);
    expect(rulesOf(m, WEB)).toEqual([
      "huaweicloud_networking_secgroup_rule.web_https: ingress 6 443 0.0.0.0/0 allow 1",
      "huaweicloud_networking_secgroup_rule.web_to_db: egress 6 5432 group huaweicloud_networking_secgroup.db allow 1",
    ]);
    expect(m.network.instances.get(WEB_VM)?.securityGroupIds).toEqual([WEB]);
    expect(ask(m, WEB_VM, DB_VM, 5432)).toBe("allow huaweicloud_networking_secgroup_rule.db_from_web");
    expect(ask(m, WEB_VM, DB_VM, 22)).toBe("deny null");
  });
});

describe("variables and locals", () => {
  test("a variable's default is used, also walked into objects and lists", async () => {
    const m = await readDoc(
      docWith((r, doc) => {
        doc.variable = {
          admin: { type: "string", default: "192.168.0.0/16" },
          nets: { default: { office: "172.16.0.0/12", list: ["100.64.0.0/10"] } },
          prio: { type: "number", default: 7 },
        };
        r.huaweicloud_networking_secgroup_rule.a = ruleBody({ remote_ip_prefix: "${var.admin}", priority: "${var.prio}" });
        r.huaweicloud_networking_secgroup_rule.b = ruleBody({ remote_ip_prefix: "${var.nets.office}" });
        r.huaweicloud_networking_secgroup_rule.c = ruleBody({ remote_ip_prefix: '${var.nets["list"][0]}' });
      }),
    );
    expect(rulesOf(m, WEB).slice(2)).toEqual([
      "huaweicloud_networking_secgroup_rule.a: ingress 6 22 192.168.0.0/16 allow 7",
      "huaweicloud_networking_secgroup_rule.b: ingress 6 22 172.16.0.0/12 allow 1",
      "huaweicloud_networking_secgroup_rule.c: ingress 6 22 100.64.0.0/10 allow 1",
    ]);
  });

  test("locals, in one or several locals blocks, may refer to variables and to each other", async () => {
    const m = await readDoc(
      docWith((r, doc) => {
        doc.variable = { office: { default: "172.16.0.0/12" } };
        doc.locals = [{ admin: "${local.office}" }, { office: "${var.office}", ports: "22,3389" }];
        r.huaweicloud_networking_secgroup_rule.a = ruleBody({ remote_ip_prefix: "${local.admin}", ports: "${local.ports}" });
      }),
    );
    expect(rulesOf(m, WEB)[2]).toBe("huaweicloud_networking_secgroup_rule.a: ingress 6 22,3389 172.16.0.0/12 allow 1");
    expect(m.network.rulesOf(WEB)[2].inconsecutivePorts).toBe(true);
  });

  test("variables and locals declared in another file of the directory are found", async () => {
    const m = await read({
      "main.tf.json": withRule("a", { remote_ip_prefix: "${local.admin}" }),
      "variables.tf.json": { variable: { admin: { default: "10.9.0.0/16" } }, locals: { admin: "${var.admin}" } },
    });
    expect(rulesOf(m, WEB)[2]).toContain(" 10.9.0.0/16 ");
  });

  test("locals that refer to each other in a cycle are an error, not a hang", async () => {
    const msg = await readError({ "main.tf.json": docWith((r, doc) => {
      doc.locals = { a: "${local.b}", b: "${local.a}" };
      r.huaweicloud_networking_secgroup_rule.bad = ruleBody({ remote_ip_prefix: "${local.a}" });
    }) });
    // As terraform validate: the cycle itself is the error (it would be one even if nothing used it).
    expect(msg).toContain("local.a");
    expect(msg).toContain("local.b");
    expect(msg).toContain("cycle");
  });

  test("$${ is an escaped literal, not a reference", async () => {
    const m = await readDoc(withRule("a", { description: "costs $${x}" }));
    expect(m.network.rulesOf(WEB)[2].description).toBe("costs ${x}");
  });
});

describe("groups defined elsewhere", () => {
  test("a data source group: only the rules defined here are known, with a warning", async () => {
    const m = await readDoc(
      docWith((r, doc) => {
        doc.data = { huaweicloud_networking_secgroup: { shared: { name: "shared" } } };
        r.huaweicloud_networking_secgroup_rule.shared_ssh = ruleBody({ security_group_id: "${data.huaweicloud_networking_secgroup.shared.id}" });
        r.huaweicloud_compute_instance.web.security_group_ids = ["${data.huaweicloud_networking_secgroup.shared.id}", sgRef("web")];
      }),
    );
    const id = "data.huaweicloud_networking_secgroup.shared";
    expect(m.network.groups.get(id)).toMatchObject({ defined: false, deleteDefaultRules: true });
    expect(rulesOf(m, id)).toEqual(["huaweicloud_networking_secgroup_rule.shared_ssh: ingress 6 22 10.0.0.0/8 allow 1"]);
    expect(m.network.instances.get(WEB_VM)?.securityGroupIds).toEqual([id, WEB]);
    expect(m.warnings).toHaveLength(1);
    expect(m.warnings[0]).toContain(id);
    expect(m.warnings[0]).toContain("huaweicloud_networking_secgroup_rule.shared_ssh");
    expect(m.warnings[0]).toContain(path.join(m.dir, "main.tf.json"));
    // Its default rules are not modelled: nothing else is allowed in.
    expect(ask(m, "10.1.1.1", WEB_VM, 22)).toBe("allow huaweicloud_networking_secgroup_rule.shared_ssh");
    expect(ask(m, "10.1.1.1", WEB_VM, 80)).toBe("deny null");
  });

  test("a data source attribute other than id cannot be resolved: an unknown (kept for a description), or an error in error mode", async () => {
    const files = { "main.tf.json": docWith((r, doc) => {
      doc.data = { huaweicloud_networking_secgroup: { shared: { name: "shared" } } };
      r.huaweicloud_networking_secgroup_rule.bad = ruleBody({ description: "${data.huaweicloud_networking_secgroup.shared.name}" });
    }) };
    const m = await read(files);
    expect(m.network.rulesOf(WEB).map((x) => x.id)).toContain("huaweicloud_networking_secgroup_rule.bad");
    expect(m.unknowns).toEqual([{
      file: path.join(m.dir, "main.tf.json"),
      address: "huaweicloud_networking_secgroup_rule.bad",
      field: "description",
      expression: "${data.huaweicloud_networking_secgroup.shared.name}",
      reason: expect.stringMatching(/^The data source attribute data\.huaweicloud_networking_secgroup\.shared\.name is read from the cloud when Terraform plans/),
      effect: "Kept: a name or description does not affect matching.",
      groupIds: [WEB],
      canChangeVerdict: false,
    }]);
    const dir = writeFiles(files);
    await expect(readTerraform(path.join(dir, "main.tf.json"), { unknowns: "error" })).rejects.toThrow(/huaweicloud_networking_secgroup_rule\.bad: description .*data\.huaweicloud_networking_secgroup\.shared.*cannot be resolved statically/);
  });

  test("a literal group id: a group of its own, with a warning per use", async () => {
    const m = await readDoc(
      docWith((r) => {
        r.huaweicloud_networking_secgroup_rule.lit = ruleBody({ security_group_id: "sg-0123", ports: "3306" });
        r.huaweicloud_compute_instance.db.security_group_ids = [sgRef("db"), "sg-0123"];
      }),
    );
    expect(m.network.groups.get("sg-0123")).toMatchObject({ defined: false, deleteDefaultRules: true });
    expect(rulesOf(m, "sg-0123")).toEqual(["huaweicloud_networking_secgroup_rule.lit: ingress 6 3306 10.0.0.0/8 allow 1"]);
    expect(m.network.instances.get(DB_VM)?.securityGroupIds).toEqual(["huaweicloud_networking_secgroup.db", "sg-0123"]);
    expect(m.warnings.filter((w) => w.includes("sg-0123"))).toHaveLength(1);
    expect(ask(m, WEB_VM, DB_VM, 3306)).toBe("deny null"); // web's egress allows only 5432
    expect(ask(m, "10.5.5.5", DB_VM, 3306)).toBe("allow huaweicloud_networking_secgroup_rule.lit");
  });

  test("an instance without security_group_ids gets the project default group with its four default rules, and a warning", async () => {
    const m = await readDoc(
      docWith((r) => {
        r.huaweicloud_compute_instance.a = { ...instanceBody("a", [], "10.0.1.31"), security_group_ids: undefined };
        r.huaweicloud_compute_instance.b = { ...instanceBody("b", [], "10.0.1.32"), security_group_ids: undefined };
      }),
    );
    expect(m.network.instances.get("huaweicloud_compute_instance.a")?.securityGroupIds).toEqual([PROJECT_DEFAULT_GROUP]);
    expect(rulesOf(m, PROJECT_DEFAULT_GROUP)).toEqual([
      "default#default-ingress-ipv4: ingress all * group default allow 1",
      "default#default-ingress-ipv6: ingress all * group default allow 1",
      "default#default-egress-ipv4: egress all * 0.0.0.0/0 allow 1",
      "default#default-egress-ipv6: egress all * ::/0 allow 1",
    ]);
    const warnings = m.warnings.filter((w) => w.includes("security_group_ids"));
    expect(warnings.map((w) => w.includes("huaweicloud_compute_instance.a") || w.includes("huaweicloud_compute_instance.b"))).toEqual([true, true]);
    expect(ask(m, "huaweicloud_compute_instance.a", "huaweicloud_compute_instance.b", 22)).toBe("allow default#default-ingress-ipv4");
    expect(ask(m, "203.0.113.5", "huaweicloud_compute_instance.a", 22)).toBe("deny null");
  });

  test("security_groups by name: the named groups, in the order written, with a warning about the set", async () => {
    const m = await readDoc(
      docWith((r) => {
        r.huaweicloud_compute_instance.both = { ...instanceBody("both", [], "10.0.1.33"), security_group_ids: undefined, security_groups: ["db", "${huaweicloud_networking_secgroup.web.name}"] };
      }),
    );
    expect(m.network.instances.get("huaweicloud_compute_instance.both")?.securityGroupIds).toEqual(["huaweicloud_networking_secgroup.db", WEB]);
    expect(m.warnings).toHaveLength(1);
    expect(m.warnings[0]).toMatch(/huaweicloud_compute_instance\.both: security_groups .*order/);
  });

  test("security_groups naming a group not defined here: an outside group, with warnings", async () => {
    const m = await readDoc(
      docWith((r) => {
        r.huaweicloud_compute_instance.x = { ...instanceBody("x", [], "10.0.1.34"), security_group_ids: undefined, security_groups: ["ops"] };
      }),
    );
    expect(m.network.instances.get("huaweicloud_compute_instance.x")?.securityGroupIds).toEqual(["ops"]);
    expect(m.network.groups.get("ops")).toMatchObject({ defined: false });
    expect(m.warnings.some((w) => w.includes("security_groups[0]") && w.includes("ops"))).toBe(true);
  });
});

describe("cdktf output", () => {
  const meta = (p: string): Json => ({ "//": { metadata: { path: p, uniqueId: p.split("/").pop() } } });

  /** The base document as cdktf writes it: top-level metadata and a construct path on every resource. */
  function cdktfDoc(stack: string, bad?: Json): Json {
    const doc = baseDoc();
    for (const [type, named] of Object.entries(doc.resource as Json)) {
      for (const [name, body] of Object.entries(named as Json)) Object.assign(body as Json, meta(`${stack}/${type.replace("huaweicloud_", "")}/${name}`));
    }
    if (bad) doc.resource.huaweicloud_networking_secgroup_rule.bad = { ...ruleBody(bad), ...meta(`${stack}/web/sg/bad`) };
    return {
      "//": { metadata: { backend: "local", stackName: stack, version: "0.21.0" }, outputs: {} },
      terraform: { required_providers: { huaweicloud: { source: "huaweicloud/huaweicloud", version: "~> 1.97" } } },
      provider: { huaweicloud: [{ region: "cn-north-4" }] },
      ...doc,
    };
  }

  test("cdk.tf.json: construct paths are kept, and error messages name them", async () => {
    const m = await read({ "cdk.tf.json": cdktfDoc("stack") });
    expect(m.constructPaths.get(WEB_VM)).toBe("stack/compute_instance/web");
    expect(m.network.groups.size).toBe(2);

    const dir = writeFiles({ "cdk.tf.json": cdktfDoc("stack", { priority: 0 }) });
    const file = path.join(dir, "cdk.tf.json");
    const result = await runCli(queryArgs(file));
    expect(result.code).toBe(2);
    expect(result.errLines).toEqual([`hwsg: ${file}: huaweicloud_networking_secgroup_rule.bad (stack/web/sg/bad): priority 0 is invalid: must be an integer from 1 to 100`]);
  });

  test("cdk.tf.json: warnings name the construct path too", async () => {
    const m = await read({ "cdk.tf.json": cdktfDoc("stack", { priority: undefined }) });
    expect(m.warnings).toHaveLength(1);
    expect(m.warnings[0]).toContain("huaweicloud_networking_secgroup_rule.bad (stack/web/sg/bad)");
  });

  test("an error found when the model is assembled names the construct path too", async () => {
    const msg = await readError({ "cdk.tf.json": cdktfDoc("stack", { ports: "443", remote_ip_prefix: "0.0.0.0/0", action: "deny" }) });
    expect(msg).toContain("huaweicloud_networking_secgroup_rule.bad (stack/web/sg/bad): action");
  });

  test("a cdktf.out directory with one stack is read without --stack", async () => {
    const m = await read({ "cdktf.out/manifest.json": { version: "0.21.0" }, "cdktf.out/stacks/web/cdk.tf.json": cdktfDoc("web") }, "cdktf.out");
    expect(m.files).toEqual([path.join(m.dir, "cdktf.out", "stacks", "web", "cdk.tf.json")]);
    expect(m.constructPaths.get(WEB_VM)).toBe("web/compute_instance/web");
  });

  test("a cdktf.out directory with two stacks: the stack option chooses", async () => {
    const other = cdktfDoc("api");
    other.resource.huaweicloud_compute_instance = { api: { ...instanceBody("api", ["web"], "10.0.1.40") } };
    const files = { "stacks/web/cdk.tf.json": cdktfDoc("web"), "stacks/api/cdk.tf.json": other };
    const api = await read(files, ".", "api");
    expect([...api.network.instances.keys()]).toEqual(["huaweicloud_compute_instance.api"]);
    expect(api.files).toEqual([path.join(api.dir, "stacks", "api", "cdk.tf.json")]);
    const web = await read(files, ".", "web");
    expect([...web.network.instances.keys()]).toEqual([WEB_VM, DB_VM]);
  });

  test("the CLI passes --stack", async () => {
    const dir = writeFiles({ "stacks/a/cdk.tf.json": cdktfDoc("a"), "stacks/b/cdk.tf.json": cdktfDoc("b", { ports: "22", remote_ip_prefix: "0.0.0.0/0" }) });
    const a = await runCli(queryArgs(dir, { "--port": "22", "--stack": "a" }));
    const b = await runCli(queryArgs(dir, { "--port": "22", "--stack": "b" }));
    expect([a.code, b.code]).toEqual([1, 0]);
    expect(JSON.parse(b.stdout).rule).toBe("huaweicloud_networking_secgroup_rule.bad");
  });
});

describe("virtual IPs", () => {
  test("network[0].port and network.0.port both name a NIC in a vip_associate", async () => {
    const m = await readDoc(
      docWith((r) => {
        r.huaweicloud_compute_instance.lb = {
          ...instanceBody("lb", ["web"], "10.0.1.50"),
          network: [{ uuid: "${huaweicloud_vpc_subnet.s.id}", fixed_ip_v4: "10.0.1.50" }, { uuid: "${huaweicloud_vpc_subnet.s.id}", fixed_ip_v4: "10.0.1.51", source_dest_check: false }],
        };
        r.huaweicloud_networking_vip = { vip: { network_id: "${huaweicloud_vpc_subnet.s.id}", ip_address: "10.0.1.100" } };
        r.huaweicloud_networking_vip_associate = {
          assoc: {
            vip_id: "${huaweicloud_networking_vip.vip.id}",
            port_ids: ["${huaweicloud_compute_instance.web.network[0].port}", "${huaweicloud_compute_instance.lb.network.1.port}"],
          },
        };
      }),
    );
    expect(m.network.virtualIps).toHaveLength(1);
    const vip = m.network.virtualIps[0];
    expect({ id: vip.id, version: vip.version, holders: vip.holders }).toEqual({
      id: "huaweicloud_networking_vip.vip",
      version: 4,
      holders: [{ instanceId: WEB_VM, nicIndex: 0 }, { instanceId: "huaweicloud_compute_instance.lb", nicIndex: 1 }],
    });
    expect(m.network.instances.get("huaweicloud_compute_instance.lb")?.nics.map((n) => n.sourceDestCheck)).toEqual([true, false]);
    // The VIP is an endpoint: traffic to it is traffic to its first holder.
    expect(ask(m, "203.0.113.5", "10.0.1.100", 443)).toBe("allow huaweicloud_networking_secgroup_rule.web_https");
  });

  test("a port reference to a NIC the instance does not have is an error", async () => {
    const msg = await readError({ "main.tf.json": docWith((r) => {
      r.huaweicloud_networking_vip = { vip: { network_id: "${huaweicloud_vpc_subnet.s.id}", ip_address: "10.0.1.100" } };
      r.huaweicloud_networking_vip_associate = { assoc: { vip_id: "${huaweicloud_networking_vip.vip.id}", port_ids: ["${huaweicloud_compute_instance.web.network[1].port}"] } };
    }) });
    expect(msg).toContain("huaweicloud_networking_vip_associate.assoc: port_ids[0]");
    expect(msg).toContain("network[1]");
  });
});

describe("rules", () => {
  test("legacy port_range_min/max become ports; 1-65535 is every port", async () => {
    const legacy = { ports: undefined, action: undefined, priority: undefined };
    const m = await readDoc(
      docWith((r) => {
        r.huaweicloud_networking_secgroup_rule.range = ruleBody({ ...legacy, port_range_min: 8000, port_range_max: 8080 });
        r.huaweicloud_networking_secgroup_rule.text = ruleBody({ ...legacy, protocol: "udp", port_range_min: "53", port_range_max: "53" });
        r.huaweicloud_networking_secgroup_rule.all = ruleBody({ ...legacy, remote_ip_prefix: "10.1.0.0/16", port_range_min: 1, port_range_max: 65535 });
      }),
    );
    expect(rulesOf(m, WEB).slice(2)).toEqual([
      "huaweicloud_networking_secgroup_rule.range: ingress 6 8000-8080 10.0.0.0/8 allow 1",
      "huaweicloud_networking_secgroup_rule.text: ingress 17 53 10.0.0.0/8 allow 1",
      "huaweicloud_networking_secgroup_rule.all: ingress 6 * 10.1.0.0/16 allow 1",
    ]);
    expect(m.network.rulesOf(WEB).slice(2).map((r) => r.inconsecutivePorts)).toEqual([false, false, false]);
    expect(ask(m, "10.1.2.3", WEB_VM, 8080)).toBe("allow huaweicloud_networking_secgroup_rule.range");
    expect(ask(m, "10.1.2.3", WEB_VM, 8081)).toBe("allow huaweicloud_networking_secgroup_rule.all");
  });

  test("legacy port_range_max below port_range_min is an error", async () => {
    const msg = await readError({ "main.tf.json": withRule("bad", { ports: undefined, action: undefined, priority: undefined, port_range_min: 30, port_range_max: 20 }) });
    expect(msg).toMatch(/huaweicloud_networking_secgroup_rule\.bad: port_range_max 20 is invalid/);
  });

  test("a rule without priority is read as priority 1, with a warning naming file and rule", async () => {
    const m = await readDoc(withRule("nopri", { priority: undefined, action: "deny", ports: "443", remote_ip_prefix: "203.0.113.0/24" }));
    const rule = m.network.rulesOf(WEB).find((r) => r.id === "huaweicloud_networking_secgroup_rule.nopri")!;
    expect({ priority: rule.priority, implicit: rule.priorityImplicit }).toEqual({ priority: 1, implicit: true });
    expect(m.warnings).toEqual([`${path.join(m.dir, "main.tf.json")}: huaweicloud_networking_secgroup_rule.nopri: priority is not set; the provider's default, 1 (the highest), is assumed`]);
    // Priority 1 and deny before allow: the deny wins over web_https.
    expect(ask(m, "203.0.113.5", WEB_VM, 443)).toBe("deny huaweicloud_networking_secgroup_rule.nopri");
    expect(ask(m, "198.51.100.5", WEB_VM, 443)).toBe("allow huaweicloud_networking_secgroup_rule.web_https");
  });

  test("priority, ports and protocol numbers written as Terraform would convert them", async () => {
    const m = await readDoc(docWith((r) => {
      r.huaweicloud_networking_secgroup_rule.a = ruleBody({ priority: "50", ports: 8443 });
      r.huaweicloud_networking_secgroup_rule.gre = ruleBody({ protocol: "47", ports: undefined });
    }));
    expect(rulesOf(m, WEB).slice(2)).toEqual([
      "huaweicloud_networking_secgroup_rule.a: ingress 6 8443 10.0.0.0/8 allow 50",
      "huaweicloud_networking_secgroup_rule.gre: ingress 47 * 10.0.0.0/8 allow 1",
    ]);
  });

  test("direction and ethertype are case-insensitive, as in the provider", async () => {
    const m = await readDoc(withRule("a", { direction: "INGRESS", ethertype: "ipv4" }));
    expect(m.network.rulesOf(WEB)[2]).toMatchObject({ direction: "ingress", version: 4 });
  });
});

describe("Terraform JSON forms", () => {
  test("resource as an array of objects, and a type mapping to an array of named objects", async () => {
    const base = baseDoc().resource;
    const doc = {
      resource: [
        { huaweicloud_vpc: base.huaweicloud_vpc, huaweicloud_vpc_subnet: base.huaweicloud_vpc_subnet },
        { huaweicloud_networking_secgroup: [{ web: base.huaweicloud_networking_secgroup.web }, { db: [base.huaweicloud_networking_secgroup.db] }] },
        { huaweicloud_networking_secgroup_rule: base.huaweicloud_networking_secgroup_rule, huaweicloud_compute_instance: base.huaweicloud_compute_instance },
      ],
    };
    const m = await readDoc(doc);
    const plain = await readDoc(baseDoc());
    expect([...m.network.groups.keys()]).toEqual([...plain.network.groups.keys()]);
    expect(rulesOf(m, WEB)).toEqual(rulesOf(plain, WEB));
    expect(ask(m, WEB_VM, DB_VM, 5432)).toBe("allow huaweicloud_networking_secgroup_rule.db_from_web");
  });

  test("a resource name given two bodies is an error", async () => {
    const dir = writeFiles({ "main.tf.json": docWith((r) => {
      r.huaweicloud_networking_secgroup.web = [{ name: "web" }, { name: "web2" }];
    }) });
    const file = path.join(dir, "main.tf.json");
    await expect(readTerraform(file)).rejects.toThrow(`${file}: resource "huaweicloud_networking_secgroup" "web" must be one object`);
  });

  // Regression (found in review): Terraform JSON allows a nested block given once to be written as a single object
  // (`"network": { "uuid": ... }`) instead of an array of one; the reader rejects it with
  // "network {...} is invalid: at least one network block is required".
  test("a single network block written as an object", async () => {
    const m = await readDoc(docWith((r) => {
      r.huaweicloud_compute_instance.one = { ...instanceBody("one", ["web"], "10.0.1.60"), network: { uuid: "${huaweicloud_vpc_subnet.s.id}", fixed_ip_v4: "10.0.1.60" } };
    }));
    expect(m.network.instances.get("huaweicloud_compute_instance.one")?.nics).toHaveLength(1);
  });

  // Regression (found in review): Terraform converts a JSON number given for a string attribute (`"protocol": 6`), as the
  // reader already does for `ports` and `priority`; the reader rejects it with the contradictory
  // "protocol 6 is invalid: one of tcp, udp, icmp, icmpv6 (lower case) or a protocol number 0-255".
  test("protocol written as a JSON number", async () => {
    const m = await readDoc(withRule("num", { protocol: 6, ports: "8080" }));
    expect(m.network.rulesOf(WEB).find((r) => r.id === "huaweicloud_networking_secgroup_rule.num")?.protocol).toBe(6);
  });

  // Regression (found in review): in Terraform JSON `null` means "not set"; the reader treats a null rule field as unset
  // but rejects `"security_group_ids": null` ("security_group_ids null is invalid: must be a list
  // of security group ids") instead of attaching the project default group.
  test("security_group_ids: null is the same as leaving it out", async () => {
    const m = await readDoc(docWith((r) => {
      r.huaweicloud_compute_instance.web.security_group_ids = null;
    }));
    expect(m.network.instances.get(WEB_VM)?.securityGroupIds).toEqual([PROJECT_DEFAULT_GROUP]);
  });

  // Regression (found in review): two VPCs may use the same CIDR (they are isolated unless peered), so instances in them may
  // have the same fixed IP; lib/core/network.ts keys fixed IPs globally and rejects the second:
  // "huaweicloud_compute_instance.other: network[0].fixed_ip_v4 "10.0.1.10" is invalid: is already
  // the fixed IP of huaweicloud_compute_instance.web".
  test("the same fixed IP in two VPCs that are not peered", async () => {
    const m = await readDoc(docWith((r) => {
      r.huaweicloud_vpc.v2 = { name: "v2", cidr: "10.0.0.0/16" };
      r.huaweicloud_vpc_subnet.s2 = { name: "s2", cidr: "10.0.1.0/24", gateway_ip: "10.0.1.1", vpc_id: "${huaweicloud_vpc.v2.id}" };
      r.huaweicloud_compute_instance.other = { ...instanceBody("other", ["web"], "10.0.1.10"), network: [{ uuid: "${huaweicloud_vpc_subnet.s2.id}", fixed_ip_v4: "10.0.1.10" }] };
    }));
    expect(m.network.instances.size).toBe(3);
  });

  test("rules keep configuration order: files by sorted name, then order within each file", async () => {
    const rules = (names: string[]): Json => ({ resource: { huaweicloud_networking_secgroup_rule: Object.fromEntries(names.map((n, i) => [n, ruleBody({ ports: String(1000 + i), remote_ip_prefix: `10.${n.length}.${i}.0/24` })])) } });
    const m = await read({
      "b-rules.tf.json": rules(["zeta", "alpha"]),
      "main.tf.json": baseDoc(),
      "a-rules.tf.json": rules(["omega", "beta"]),
      "10-rules.tf.json": rules(["first"]),
    });
    expect(m.files.map((f) => path.basename(f))).toEqual(["10-rules.tf.json", "a-rules.tf.json", "b-rules.tf.json", "main.tf.json"]);
    expect(m.network.rulesOf(WEB).map((r) => r.id.replace("huaweicloud_networking_secgroup_rule.", ""))).toEqual(["first", "omega", "beta", "zeta", "alpha", "web_https", "web_to_db"]);
  });

  test("configuration order breaks ties between rules of equal priority and action", async () => {
    const docs = (first: string, second: string): Record<string, Json> => ({
      "main.tf.json": baseDoc(),
      [first]: { resource: { huaweicloud_networking_secgroup_rule: { wide: ruleBody({ remote_ip_prefix: "0.0.0.0/0" }) } } },
      [second]: { resource: { huaweicloud_networking_secgroup_rule: { narrow: ruleBody({ remote_ip_prefix: "10.0.0.0/8" }) } } },
    });
    expect(ask(await read(docs("a.tf.json", "b.tf.json")), "10.1.1.1", WEB_VM, 22)).toBe("allow huaweicloud_networking_secgroup_rule.wide");
    expect(ask(await read(docs("b.tf.json", "a.tf.json")), "10.1.1.1", WEB_VM, 22)).toBe("allow huaweicloud_networking_secgroup_rule.narrow");
  });

  test("readDocuments takes parsed documents and names their files in messages", async () => {
    const doc = withRule("bad", { priority: 0 });
    expect(() => readDocuments([{ file: "stack.json", json: doc }])).toThrow("stack.json: huaweicloud_networking_secgroup_rule.bad: priority 0 is invalid");
    expect(readDocuments([{ file: "stack.json", json: baseDoc() }]).files).toEqual(["stack.json"]);
  });

  test("other top-level keys and other resource types are ignored", async () => {
    const m = await readDoc(docWith((r, doc) => {
      doc.terraform = { required_providers: { huaweicloud: { source: "huaweicloud/huaweicloud" } } };
      doc.provider = { huaweicloud: { region: "cn-north-4" } };
      doc.output = { ip: { value: "${huaweicloud_compute_instance.web.access_ip_v4}" } };
      r.huaweicloud_obs_bucket = { logs: { bucket: "logs", count: 2 } };
    }));
    expect(m.warnings).toEqual([]);
    expect(m.network.groups.size).toBe(2);
  });
});
