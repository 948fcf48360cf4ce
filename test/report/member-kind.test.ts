/**
 * Findings, the matrix, the diff and the rules report name members of every kind (issue 13): a
 * finding's `memberKind` beside `instanceId` (JSON and SARIF), messages that say what the member
 * is, matrix nodes and diff ends with their kind in every format, and deterministic output.
 */
import { diffNetworks } from "../../lib/analysis/diff";
import { lintNetwork } from "../../lib/analysis/lint";
import { reachabilityMatrix } from "../../lib/analysis/matrix";
import { memberRules } from "../../lib/analysis/member-rules";
import { traitsOf } from "../../lib/analysis/member-text";
import { Network } from "../../lib/core/network";
import { renderCheckJson } from "../../lib/report/check";
import { renderDiffJson, renderDiffMarkdown, renderDiffText } from "../../lib/report/diff";
import { renderMatrixHtml, renderMatrixJson, renderMatrixMarkdown, renderMatrixText } from "../../lib/report/matrix";
import { renderRulesJson, renderRulesText } from "../../lib/report/rules";
import { renderCheckSarif } from "../../lib/report/sarif";
import { makeRule } from "../core/helpers";
import { DB, ETH1, POOL, SG, WEB, memberNetwork } from "../support/member-network";

/** The member network with the database group open to the world on MySQL. */
function worldOpenDatabase(): Network {
  const base = memberNetwork();
  const open = makeRule({ sg: SG("db"), id: "huaweicloud_networking_secgroup_rule.mysql_world", direction: "ingress", protocol: "tcp", ports: "3306", remote_ip_prefix: "0.0.0.0/0", action: "allow", priority: 1 });
  return new Network({ ...base.spec, rules: [...base.spec.rules, open] });
}

const report = (network: Network) => ({ files: ["main.tf"], findings: lintNetwork(network), unknowns: [], warnings: [] });

describe("findings name the member and its kind", () => {
  it("HWSG001 on an RDS instance: memberKind, and a message that says it is an rds_instance", () => {
    const f = lintNetwork(worldOpenDatabase()).find((x) => x.code === "HWSG001" && x.instanceId === DB);
    expect(f).toBeDefined();
    expect(f!.id).toBe(`HWSG001:${DB}:ipv4:tcp/3306`);
    expect(f!.memberKind).toBe("huaweicloud_rds_instance");
    expect(f!.message).toMatch(/^Member huaweicloud_rds_instance\.db \(rds_instance\) is open to the internet on MySQL \(tcp port 3306\)/);
    expect(f!.ruleIds).toEqual(["huaweicloud_networking_secgroup_rule.mysql_world"]);
  });

  it("HWSG001 on an attached interface names the instance it is a NIC of; on a group without members, no kind", () => {
    const findings = lintNetwork(memberNetwork()).filter((x) => x.code === "HWSG001");
    const nic = findings.find((x) => x.instanceId === ETH1)!;
    expect(nic.memberKind).toBe("huaweicloud_compute_interface_attach");
    expect(nic.message).toMatch(/^Interface huaweicloud_compute_interface_attach\.eth1 \(a NIC of huaweicloud_compute_instance\.web\) is open to the internet on SSH/);
    const hypothetical = findings.find((x) => x.instanceId === `member of ${SG("cache")}`)!;
    expect(hypothetical.memberKind).toBeUndefined();
    expect(hypothetical.message).toMatch(/^A member of security group huaweicloud_networking_secgroup\.cache \(the group has no member in the model\) is open to the internet on Redis/);
    // The web server's own group opens only 443: no finding on it.
    expect(findings.map((x) => x.instanceId)).not.toContain(WEB);
  });

  it("the check JSON carries memberKind after instanceId (null for a hypothetical member), and SARIF in the properties", () => {
    const doc = JSON.parse(renderCheckJson(report(worldOpenDatabase())));
    const db = doc.findings.find((x: { instanceId: string | null }) => x.instanceId === DB);
    expect(Object.keys(db).slice(6, 9)).toEqual(["groupId", "instanceId", "memberKind"]);
    expect(db.memberKind).toBe("huaweicloud_rds_instance");
    expect(doc.findings.find((x: { instanceId: string | null }) => x.instanceId === `member of ${SG("cache")}`).memberKind).toBeNull();
    const sarif = JSON.parse(renderCheckSarif(report(worldOpenDatabase()), { toolVersion: "0.0.0", locate: () => undefined, relativeFile: (f) => f }));
    const result = sarif.runs[0].results.find((r: { properties: { instanceId?: string } }) => r.properties.instanceId === DB);
    expect(result.properties.memberKind).toBe("huaweicloud_rds_instance");
  });
});

describe("the matrix shows every member with its kind", () => {
  const network = memberNetwork();
  const matrix = reachabilityMatrix(network);
  const mreport = { files: ["main.tf"], matrix, unknowns: [], warnings: [] };

  it("an instance and its attached interface are one machine: no cell between them", () => {
    expect(matrix.cells.filter((c) => (c.from === WEB && c.to === ETH1) || (c.from === ETH1 && c.to === WEB))).toEqual([]);
    expect(matrix.cells.some((c) => c.from === ETH1)).toBe(true);
  });

  it("member nodes carry their kind, what they are a NIC of and whether they stand for launched members", () => {
    const nodes = Object.fromEntries(matrix.nodes.map((n) => [n.id, n]));
    expect(nodes[DB]).toEqual({ id: DB, kind: "instance", label: "db", memberKind: "huaweicloud_rds_instance" });
    expect(nodes[ETH1]).toEqual({ id: ETH1, kind: "instance", label: "eth1", memberKind: "huaweicloud_compute_interface_attach", attachedTo: WEB });
    expect(nodes[POOL]).toEqual({ id: POOL, kind: "instance", label: "pool", memberKind: "huaweicloud_cce_node_pool", launched: true });
    expect(matrix.cells.find((c) => c.from === WEB && c.to === DB)?.rule).toBe("huaweicloud_networking_secgroup_rule.mysql_from_web");
  });

  it("text: the node list gives each member's kind", () => {
    const text = renderMatrixText(mreport);
    const line = (name: string, what: string) => `\n  ${name.padEnd("group admin".length)}  ${what}\n`;
    expect(text).toContain(line("db", `${DB} (rds_instance)`));
    expect(text).toContain(line("eth1", `${ETH1} (compute_interface_attach, NIC of ${WEB})`));
    expect(text).toContain(line("pool", `${POOL} (cce_node_pool, members launched at run time)`));
    expect(text).toContain(line("web", `${WEB} (compute_instance)`));
    expect(text).toContain("web → db: tcp 3306");
  });

  it("JSON: memberKind, attachedTo and launched on every node (null and false where they do not apply)", () => {
    const doc = JSON.parse(renderMatrixJson(mreport));
    expect(doc.schema).toBe("hwsg/matrix@1");
    const byId = Object.fromEntries(doc.nodes.map((n: { id: string }) => [n.id, n]));
    expect(byId[ETH1]).toEqual({ id: ETH1, kind: "instance", label: "eth1", memberKind: "huaweicloud_compute_interface_attach", attachedTo: WEB, launched: false });
    expect(byId[POOL]).toMatchObject({ memberKind: "huaweicloud_cce_node_pool", attachedTo: null, launched: true });
    expect(byId[SG("db")]).toEqual({ id: SG("db"), kind: "group", label: "db", memberKind: null, attachedTo: null, launched: false });
    expect(byId.internet).toMatchObject({ kind: "internet", memberKind: null });
  });

  it("Markdown and HTML: the diagrams label members other than compute instances with their kind", () => {
    const md = renderMatrixMarkdown(mreport);
    expect(md).toContain('["db #40;rds_instance#41;"]');
    expect(md).toContain('["eth1 #40;NIC of web#41;"]');
    expect(md).toContain('["pool #40;launched by cce_node_pool#41;"]');
    expect(md).toContain('["web"]');
    expect(md).toContain("| `db` | rds_instance | `huaweicloud_rds_instance.db` |");
    const html = renderMatrixHtml(mreport);
    expect(html).toContain("db (rds_instance)");
    expect(html).toContain('<span class="kind">rds_instance</span>');
  });

  it("is deterministic", () => {
    const again = { ...mreport, matrix: reachabilityMatrix(memberNetwork()) };
    for (const render of [renderMatrixText, renderMatrixJson, renderMatrixMarkdown, renderMatrixHtml]) expect(render(again)).toBe(render(mreport));
  });
});

describe("the diff names members with their kind", () => {
  const after = memberNetwork();
  const before = new Network({ ...after.spec, instances: (after.spec.instances ?? []).filter((m) => m.id !== DB) });
  const diff = diffNetworks(before, after, { version: 4 });
  const dreport = { before: { files: ["before.tf"] }, after: { files: ["after.tf"] }, diff, unknowns: { before: [], after: [] }, warnings: [] };

  it("a new RDS instance: its flows are newly allowed, its ends carry its kind, it is listed among the members added", () => {
    expect(diff.addedInstances).toEqual([DB]);
    const toDb = diff.newlyAllowed.find((g) => g.to.id === DB && g.from.id === WEB)!;
    expect(toDb.to.memberKind).toBe("huaweicloud_rds_instance");
    expect(toDb.from.memberKind).toBe("huaweicloud_compute_instance");
    const text = renderDiffText(dreport);
    expect(text).toContain(`Members added: ${DB}`);
    expect(text).toContain("+ web → db: tcp 3306");
    const doc = JSON.parse(renderDiffJson(dreport));
    const group = doc.newlyAllowed.find((g: { to: { id: string }; from: { id: string } }) => g.to.id === DB && g.from.id === WEB);
    expect(group.to).toMatchObject({ kind: "instance", memberKind: "huaweicloud_rds_instance", attachedTo: null, launched: false });
    expect(doc.addedInstances).toEqual([DB]);
    expect(renderDiffMarkdown(dreport)).toContain('"db #40;rds_instance#41;"');
  });
});

describe("hwsg rules --member prints the member's kind", () => {
  it("for an RDS instance and a group's hypothetical member", () => {
    const network = memberNetwork();
    const db = network.instance(DB);
    const rep = { member: DB, groups: [...db.securityGroupIds], hypothetical: false, traits: traitsOf(db), lists: memberRules(network, db), files: ["main.tf"], unknowns: [], warnings: [] };
    expect(renderRulesText(rep).split("\n")[0]).toBe(`${DB} (rds_instance): groups ${SG("db")}`);
    expect(JSON.parse(renderRulesJson(rep))).toMatchObject({ member: DB, memberKind: "huaweicloud_rds_instance", attachedTo: null, launched: false, hypothetical: false });
    const eth1 = network.instance(ETH1);
    const nic = { ...rep, member: ETH1, groups: [...eth1.securityGroupIds], traits: traitsOf(eth1), lists: memberRules(network, eth1) };
    expect(renderRulesText(nic).split("\n")[0]).toBe(`${ETH1} (compute_interface_attach, NIC of ${WEB}): groups ${SG("admin")}`);
    const hypo = { ...rep, member: `member of ${SG("cache")}`, hypothetical: true, traits: {} };
    expect(renderRulesText(hypo).split("\n")[0]).toBe(`member of ${SG("cache")} (hypothetical member): groups ${SG("db")}`);
    expect(JSON.parse(renderRulesJson(hypo)).memberKind).toBeNull();
  });
});
