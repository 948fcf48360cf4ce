/**
 * examples/three-tier, the default app of cdktf.json: seed 000 tables 4, 7, 9–12; seed 001 cases
 * 1–3 and 6. .ci/run queries its synthesized output by the instance names web1, app1, db1, bastion1.
 */
import { App } from "cdktf";
import { EXTERNAL_API, IPS, ThreeTierStack, VPC_CIDR } from "../../examples/three-tier/stack";
import { query } from "../../lib";
import { describeExample, external, instance, reach, synth } from "./helpers";

const make = (app: App) => new ThreeTierStack(app, "three-tier");
const TRUSTED = ["10.10.0.0/24", "172.16.8.0/24"];

describe("examples/three-tier", () => {
  describeExample(make);

  const { network } = synth(make);

  it("keeps the instances .ci/run queries, app1 with its two groups in order", () => {
    expect([...network.instances.keys()].sort()).toEqual(["app1", "bastion1", "db1", "web1"].map((n) => `huaweicloud_compute_instance.${n}`));
    expect(network.instance("huaweicloud_compute_instance.app1").securityGroupIds).toEqual([
      "huaweicloud_networking_secgroup.app",
      "huaweicloud_networking_secgroup.app-egress",
    ]);
  });

  it("no IPv4 address outside the VPC reaches the database on any protocol", () => {
    expect(reach(network, "none", external(["0.0.0.0/0"], [VPC_CIDR]), instance("db1"), "all").holds).toBe(true);
    const internet = reach(network, "some", external(["203.0.113.9"]), instance("db1"), "tcp/3306");
    expect(internet.holds).toBe(false);
    expect(internet.witness.rule).toMatch(/^huaweicloud_networking_secgroup_rule\.db_ingress-deny-tcp-3306-from-any-ipv4-p100_/);
  });

  it("the app tier reaches MySQL on the database, the web tier does not", () => {
    const app = reach(network, "every", instance("app1"), instance("db1"), "tcp/3306");
    expect(app.holds).toBe(true);
    expect(app.witness.rule).toMatch(/^huaweicloud_networking_secgroup_rule\.db_ingress-allow-tcp-3306-from-sg-app_/);
    const web = reach(network, "some", instance("web1"), instance("db1"), "all");
    expect(web.holds).toBe(false);
  });

  it("every IPv4 address reaches web on 80 and 443; outside the VPC, nothing else", () => {
    expect(reach(network, "every", external(["0.0.0.0/0"]), instance("web1"), "tcp/80,443").holds).toBe(true);
    expect(reach(network, "some", external(["0.0.0.0/0"], [VPC_CIDR]), instance("web1"), "tcp/1-79,81-442,444-65535").holds).toBe(false);
    // Inside the VPC, the bastion's fixed IP matches the remote_group_id rule for SSH.
    const inside = reach(network, "some", external(["0.0.0.0/0"]), instance("web1"), "tcp/1-79,81-442,444-65535");
    expect(inside.holds).toBe(true);
    expect(inside.witness.flow.src.address).toBe(BigInt(0xc0a80105)); // 192.168.1.5, bastion1
    expect(inside.witness.rule).toMatch(/^huaweicloud_networking_secgroup_rule\.web_ingress-allow-tcp-22-from-sg-bastion_/);
  });

  it("the web tier reaches the app tier on 8080 only", () => {
    expect(reach(network, "every", instance("web1"), instance("app1"), "tcp/8080").holds).toBe(true);
    expect(reach(network, "some", instance("web1"), instance("app1"), "tcp/1-8079,8081-65535").holds).toBe(false);
  });

  it("the trusted networks reach the bastion over SSH; the bastion reaches every tier over SSH only", () => {
    expect(reach(network, "every", external(TRUSTED), instance("bastion1"), "tcp/22").holds).toBe(true);
    expect(reach(network, "some", external(["0.0.0.0/0"], TRUSTED), instance("bastion1"), "all").holds).toBe(false);
    for (const tier of ["web1", "app1", "db1"]) {
      expect(reach(network, "every", instance("bastion1"), instance(tier), "tcp/22").holds).toBe(true);
      expect(reach(network, "some", instance("bastion1"), instance(tier), "tcp/1-21,23-65535").holds).toBe(false);
    }
  });

  it("the app tier's way out: the external API on 443, and the whitelist's deny for the rest", () => {
    expect(reach(network, "every", instance("app1"), external([EXTERNAL_API]), "tcp/443").holds).toBe(true);
    const other = reach(network, "some", instance("app1"), external(["0.0.0.0/0"], [EXTERNAL_API, `${IPS.db1}/32`]), "all");
    expect(other.holds).toBe(false);
    expect(other.witness.rule).toMatch(/^huaweicloud_networking_secgroup_rule\.app-egress_egress-deny-all-to-any-ipv4-p100_/);
  });

  it("answers the CLI smoke test's questions: 0/1 as .ci/run expects", () => {
    expect(query(network, { from: "huaweicloud_compute_instance.app1", to: "huaweicloud_compute_instance.db1", protocol: "tcp", port: "3306" }).verdict).toBe("allow");
    expect(query(network, { from: "203.0.113.9", to: "huaweicloud_compute_instance.db1", protocol: "tcp", port: "3306" }).verdict).toBe("deny");
  });
});
