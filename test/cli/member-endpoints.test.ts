/**
 * `hwsg query --from/--to` on members of every kind (issue 13): a member's address, a member NIC's
 * private address, a security group's address (every member, each checked; a hypothetical member
 * when it has none), `internet` and the short names `hwsg matrix` prints — on a core network with
 * an RDS instance, an attached interface and a node pool, and through the command line on a
 * Terraform fixture of compute instances.
 */
import * as path from "path";
import { Network } from "../../lib/core/network";
import { query } from "../../lib/cli/query";
import { DB, ETH1, POOL, SG, WEB, memberNetwork } from "../support/member-network";
import { runCli } from "./run-cli";

const tcp = (from: string, to: string, port: number, extra: { fromAddress?: string } = {}) => query(memberNetwork(), { from, to, protocol: "tcp", port: String(port), ...extra });

/** The member network with a DCS cache in the database group, in a VPC the web server's is not peered with. */
function withIsolatedCache(): Network {
  const base = memberNetwork();
  return new Network({
    ...base.spec,
    vpcs: [...(base.spec.vpcs ?? []), { id: "other-vpc" }],
    subnets: [...(base.spec.subnets ?? []), { id: "other", vpcId: "other-vpc" }],
    instances: [
      ...(base.spec.instances ?? []),
      { id: "huaweicloud_dcs_instance.cache", kind: "huaweicloud_dcs_instance", securityGroupIds: [SG("db")], nics: [{ subnetId: "other", fixedIpV4: 0xac100005n, sourceDestCheck: true }] },
    ],
  });
}

describe("query on members of every kind (core network)", () => {
  it("a compute instance reaches an RDS instance through a remote_group_id rule; the verdict names both kinds", () => {
    const a = tcp(WEB, DB, 3306);
    expect(a.verdict).toBe("allow");
    expect(a.rule).toBe("huaweicloud_networking_secgroup_rule.mysql_from_web");
    expect(a.flow).toMatchObject({ sourceInstance: WEB, destinationInstance: DB, sourceMemberKind: "huaweicloud_compute_instance", destinationMemberKind: "huaweicloud_rds_instance" });
    expect(a.quantified).toBe(false);
  });

  it("the internet does not reach the RDS instance", () => {
    expect(tcp("203.0.113.9", DB, 3306).verdict).toBe("deny");
    const every = tcp("internet", DB, 3306);
    expect(every.verdict).toBe("deny");
    expect(every.quantified).toBe(true);
    expect(every.reason).toContain("--from internet is every public address");
  });

  it("the short names the matrix prints name their nodes", () => {
    const a = tcp("web", "db", 3306);
    expect(a.verdict).toBe("allow");
    expect(a.flow.destinationInstance).toBe(DB);
    expect(a.reason).toContain(`db is ${DB}`);
    expect(tcp("web", "group db", 3306).flow.destinationInstance).toBe(DB);
  });

  it("an attached interface's own group decides, while the primary NIC's group does not (by address and by name)", () => {
    const nic = tcp("203.0.113.9", "10.0.0.6", 22);
    expect(nic.verdict).toBe("allow");
    expect(nic.rule).toBe("huaweicloud_networking_secgroup_rule.ssh");
    expect(nic.flow).toMatchObject({ destinationInstance: ETH1, destinationMemberKind: "huaweicloud_compute_interface_attach" });
    expect(tcp("203.0.113.9", "eth1", 22).verdict).toBe("allow");
    expect(tcp("203.0.113.9", WEB, 22).verdict).toBe("deny");
  });

  it("a node pool's launched members: every address of their subnet is asked", () => {
    const a = tcp(WEB, "pool", 10250);
    expect(a.verdict).toBe("allow");
    expect(a.quantified).toBe(true);
    expect(a.flow).toMatchObject({ destinationInstance: POOL, destinationMemberKind: "huaweicloud_cce_node_pool" });
  });

  it("a group is every member of it, each checked: one member not reached is the counterexample", () => {
    const net = withIsolatedCache();
    expect(query(net, { from: WEB, to: DB, protocol: "tcp", port: "3306" }).verdict).toBe("allow");
    const group = query(net, { from: WEB, to: SG("db"), protocol: "tcp", port: "3306" });
    expect(group.verdict).toBe("deny");
    expect(group.quantified).toBe(true);
    expect(group.flow).toMatchObject({ destinationInstance: "huaweicloud_dcs_instance.cache", destinationMemberKind: "huaweicloud_dcs_instance" });
    expect(group.reason).toContain(`--to ${SG("db")} is every member of the group (${DB}, huaweicloud_dcs_instance.cache), each checked`);
    // From a group: the same aggregation on the source side.
    expect(query(net, { from: SG("web"), to: DB, protocol: "tcp", port: "3306" }).verdict).toBe("allow");
  });

  it("a group without members is a hypothetical member of it; both ends the same such group are two members", () => {
    const a = tcp("203.0.113.9", SG("cache"), 6379);
    expect(a.verdict).toBe("allow");
    expect(a.flow).toMatchObject({ destinationInstance: `member of ${SG("cache")}`, destinationMemberKind: null });
    expect(a.reason).toContain("hypothetical member of the group");
    expect(a.reason).not.toContain("(0.0.0.0)");
    const self = tcp(SG("cache"), SG("cache"), 6379);
    expect(self.flow.sourceInstance).toBe(`member of ${SG("cache")}`);
    expect(self.flow.destinationInstance).toBe(`another member of ${SG("cache")}`);
    expect(self.verdict).toBe("allow"); // the default rule admits the group's own members
  });

  it("refuses, in one line, a member and its own group, --from-address on several members, and names it does not know", () => {
    expect(() => tcp(WEB, SG("web"), 443)).toThrow(`--from ${WEB} and --to ${SG("web")} are the same member (${WEB}): security groups do not filter a member's traffic to itself`);
    const net = withIsolatedCache();
    expect(() => query(net, { from: SG("db"), to: WEB, protocol: "tcp", port: "443", fromAddress: "10.0.9.9" })).toThrow("--from-address needs --from to be one member of the model");
    expect(() => tcp(WEB, "huaweicloud_rds_instance.nope", 3306)).toThrow(/^--to huaweicloud_rds_instance\.nope: no such member or security group in the configuration \(members: /);
    expect(() => tcp(WEB, "huaweicloud_networking_secgroup.d", 3306)).toThrow(`did you mean ${SG("db")}?`);
    expect(() => tcp(WEB, "dbz", 3306)).toThrow(/^--to "dbz" is not an endpoint: give an IP address, a member's address .*a security group's address .*internet, or a name hwsg matrix prints/);
  });
});

describe("hwsg query on a Terraform fixture", () => {
  const dir = path.join("test", "fixtures", "members", "endpoints");
  const q = (from: string, to: string, port: number, ...extra: string[]) => runCli(["query", dir, "--from", from, "--to", to, "--protocol", "tcp", "--port", String(port), ...extra]);

  it("a group's members (by the name the matrix prints) reach the database; the JSON names each end's kind", async () => {
    const r = await q("group app", "db", 3306, "--json");
    expect(r.code).toBe(0);
    const answer = JSON.parse(r.stdout);
    expect(answer.verdict).toBe("allow");
    expect(answer.quantified).toBe(true);
    expect(answer.flow.sourceMemberKind).toBe("huaweicloud_compute_instance");
    expect(answer.reason).toContain("every member of the group (huaweicloud_compute_instance.app[0], huaweicloud_compute_instance.app[1], module.tools.huaweicloud_compute_instance.bastion), each checked");
  });

  it("a module's instance by its short name, to a group without members", async () => {
    const r = await q("module.tools.bastion", "huaweicloud_networking_secgroup.cache", 6379);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe(
      "ALLOWED: tcp port 6379 from module.tools.huaweicloud_compute_instance.bastion (10.0.0.30) to member of huaweicloud_networking_secgroup.cache (hypothetical member, any address)",
    );
  });

  it("the internet to a group: denied, exit 1, with the counterexample", async () => {
    const r = await q("internet", "huaweicloud_networking_secgroup.db", 3306);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("DENIED: tcp port 3306 from 1.0.0.0 to huaweicloud_compute_instance.db (10.0.0.20)");
  });

  it("an unknown endpoint is exit 2 and one line listing what it may be", async () => {
    const r = await q("huaweicloud_networking_secgroup.ap", "db", 3306);
    expect(r.code).toBe(2);
    expect(r.errLines).toEqual(["hwsg: --from huaweicloud_networking_secgroup.ap: no such member or security group in the configuration (did you mean huaweicloud_networking_secgroup.app?)"]);
  });

  it("the help says what an endpoint may be", async () => {
    const r = await runCli(["query", "--help"]);
    expect(r.stdout.replace(/\s+/g, " ")).toContain("a security group's address (huaweicloud_networking_secgroup.NAME: every member of the group), internet, or a name hwsg matrix prints");
  });
});
