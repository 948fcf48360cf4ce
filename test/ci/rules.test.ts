/**
 * `hwsg rules <path> --member <address>`: a member's rules in the order the cloud tries them
 * (group order, priority, deny first), per direction and IP version, each with whether it takes
 * effect and why not — covered by earlier rules (across the member's groups), beyond the quota,
 * ignored by the flavor.
 */
import * as path from "path";
import { runCli } from "../cli/run-cli";
import { FIXTURES } from "../terraform/tf-json";

const NETWORK = path.join(FIXTURES, "ci", "verify", "network");

interface Entry {
  rule: string;
  group: string;
  groupIndex: number;
  direction: string;
  ethertype: string;
  order: number;
  priority: number;
  action: string;
  effective: boolean;
  reason?: string;
  coveredBy?: string[];
}

async function rulesOf(member: string): Promise<{ code: number; doc: { schema: string; groups: string[]; rules: Entry[]; hypothetical: boolean } }> {
  const r = await runCli(["rules", NETWORK, "--member", member, "--json"]);
  return { code: r.code, doc: JSON.parse(r.stdout) };
}

const G = (name: string) => `huaweicloud_networking_secgroup.${name}`;
const R = (name: string) => `huaweicloud_networking_secgroup_rule.${name}`;

describe("hwsg rules --member", () => {
  it("a member with two groups: its first group's rules, then its second's; each entry's fields", async () => {
    const { code, doc } = await rulesOf("huaweicloud_compute_instance.app");
    expect(code).toBe(0);
    expect(doc.schema).toBe("hwsg/rules@1");
    expect(doc.groups).toEqual([G("app"), G("bulk")]);
    const ingress = doc.rules.filter((r) => r.direction === "ingress" && r.ethertype === "IPv4");
    // Group order first: every rule of app before any rule of bulk.
    const lastApp = ingress.map((r) => r.group).lastIndexOf(G("app"));
    const firstBulk = ingress.map((r) => r.group).indexOf(G("bulk"));
    expect(lastApp).toBeLessThan(firstBulk);
    expect(ingress.map((r) => r.order)).toEqual(ingress.map((_, i) => i + 1));
    expect(ingress).toHaveLength(4 + 1 + 121);
    for (const r of doc.rules) for (const key of ["rule", "group", "direction", "ethertype", "priority", "action", "effective"]) expect(r).toHaveProperty(key);
  });

  it("a rule beyond the 120-rule quota does not take effect, and says why", async () => {
    const { doc } = await rulesOf("huaweicloud_compute_instance.app");
    const bulk = doc.rules.filter((r) => r.rule.startsWith(R("bulk[")));
    expect(bulk.filter((r) => !r.effective).map((r) => r.rule)).toEqual([R("bulk[120]")]);
    expect(bulk.find((r) => !r.effective)!.reason).toMatch(/rule 121 .* only 120 take effect/);
  });

  it("a rule of the second group covered by the first group's rules never takes effect at this member", async () => {
    const { doc } = await rulesOf("huaweicloud_compute_instance.app");
    const dns = doc.rules.find((r) => r.rule === R("bulk_dns"))!;
    expect(dns.effective).toBe(false);
    expect(dns.coveredBy).toContain(R("app_dns"));
    expect(dns.reason).toMatch(/matched first by earlier rules at this member/);
  });

  it("priority, then deny before allow at the same priority; a rule covered within its group", async () => {
    const { doc } = await rulesOf("huaweicloud_compute_instance.web");
    const ingress = doc.rules.filter((r) => r.direction === "ingress" && r.ethertype === "IPv4").map((r) => r.rule);
    expect(ingress).toEqual([`${G("web")}#default-ingress-ipv4`, R("web_ssh_office"), R("web_https_deny_lab"), R("web_https"), R("web_https_office")]);
    const covered = doc.rules.find((r) => r.rule === R("web_https_office"))!;
    expect(covered).toMatchObject({ effective: false, priority: 20, action: "allow" });
    expect(covered.coveredBy).toContain(R("web_https"));
    expect(doc.rules.find((r) => r.rule === R("web_ssh_office"))!.effective).toBe(true);
  });

  it("a legacy (S1) flavor ignores the address-group rule", async () => {
    const { doc } = await rulesOf("huaweicloud_compute_instance.legacy");
    expect(doc.rules.find((r) => r.rule === R("web_ssh_office"))).toMatchObject({ effective: false, reason: "S1 instances ignore rules whose remote is an IP address group" });
  });

  it("a group with no instance: its hypothetical member", async () => {
    const { doc } = await rulesOf(G("batch"));
    expect(doc.hypothetical).toBe(true);
    expect(doc.rules.map((r) => `${r.direction} ${r.ethertype} ${r.rule}`)).toEqual([`egress IPv4 ${R("batch_egress")}`]);
  });

  it("text and markdown say the same", async () => {
    const text = await runCli(["rules", NETWORK, "--member", "huaweicloud_compute_instance.web"]);
    expect(text.stdout).toContain("NOT EFFECTIVE huaweicloud_networking_secgroup_rule.web_https_office");
    expect(text.stdout).toContain("ingress IPv6: 1 rule in matching order");
    const md = await runCli(["rules", NETWORK, "--member", "huaweicloud_compute_instance.web", "--markdown"]);
    expect(md.stdout).toContain("### ingress IPv4");
    expect(md.stdout).toMatch(/web_https_office`.*\*\*no\*\*: every packet it matches/);
  });

  it("an unknown member is exit 2, one line", async () => {
    const r = await runCli(["rules", NETWORK, "--member", "huaweicloud_compute_instance.nope"]);
    expect(r.code).toBe(2);
    expect(r.errLines).toHaveLength(1);
    expect(r.errLines[0]).toMatch(/--member "huaweicloud_compute_instance.nope": no such member or security group/);
  });

  it("a short name hwsg matrix prints names the same member; a 100,000-character name is cut in the message", async () => {
    const full = await runCli(["rules", NETWORK, "--member", "huaweicloud_compute_instance.web", "--json"]);
    const short = await runCli(["rules", NETWORK, "--member", "web", "--json"]);
    expect(short.code).toBe(0);
    expect(short.stdout).toBe(full.stdout);
    const long = await runCli(["rules", NETWORK, "--member", "x".repeat(100000)]);
    expect(long.code).toBe(2);
    expect(long.errLines[0].length).toBeLessThan(1000);
    expect(long.errLines[0]).toContain("(100000 characters)");
  });
});
