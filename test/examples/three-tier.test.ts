import { App, Testing } from "cdktf";
import { AddressSet } from "../../lib/core/address-set";
import { PortSet } from "../../lib/core/port-set";
import { checkReach } from "../../lib/core/reachability";
import { readDocuments } from "../../lib/terraform/reader";
import { ThreeTierStack } from "../../examples/three-tier/stack";

function synth(): string {
  const app = Testing.app();
  return Testing.synth(new ThreeTierStack(app as App, "three-tier"));
}

describe("examples/three-tier", () => {
  const json = synth();
  const { network, warnings } = readDocuments([{ file: "cdk.tf.json", json: JSON.parse(json) }]);
  const instance = (name: string) => ({ kind: "instance" as const, instanceId: `huaweicloud_compute_instance.${name}` });

  it("synthesizes byte-identical JSON run to run", () => {
    expect(synth()).toBe(json);
  });

  it("is read from cdktf output with nothing assumed", () => {
    expect(warnings).toEqual([]);
    expect([...network.instances.keys()].sort()).toEqual(
      ["app1", "bastion1", "db1", "web1"].map((n) => `huaweicloud_compute_instance.${n}`),
    );
  });

  it("no IPv4 address outside the VPC reaches the database on any protocol", () => {
    const outside = AddressSet.parse("192.168.0.0/16").complement();
    const r = checkReach(network, { from: { kind: "external", addresses: outside }, to: instance("db1"), version: 4, protocol: "all", quantifier: "none" });
    expect(r.holds).toBe(true);
  });

  it("the app tier reaches MySQL on the database, the web tier does not", () => {
    const q = (from: string) => checkReach(network, { from: instance(from), to: instance("db1"), version: 4, protocol: 6, quantifier: "every", ports: PortSet.single(3306) });
    expect(q("app1").holds).toBe(true);
    expect(q("app1").witness.rule).toBe("huaweicloud_networking_secgroup_rule.db_mysql_from_app");
    const web = q("web1");
    expect(web.holds).toBe(false);
    expect(web.witness.hops[0]).toMatchObject({ instance: "huaweicloud_compute_instance.web1", direction: "egress", verdict: "deny", rule: null });
  });

  it("every IPv4 address reaches the web servers on 80 and 443, and only there", () => {
    const every = checkReach(network, { from: { kind: "external", addresses: AddressSet.all(4) }, to: instance("web1"), version: 4, protocol: 6, ports: PortSet.of([[80, 80], [443, 443]]), quantifier: "every" });
    expect(every.holds).toBe(true);
    const others = PortSet.of([[1, 79], [81, 442], [444, 65535]]);
    const outside = AddressSet.parse("192.168.0.0/16").complement();
    expect(checkReach(network, { from: { kind: "external", addresses: outside }, to: instance("web1"), version: 4, protocol: 6, ports: others, quantifier: "some" }).holds).toBe(false);
    // Inside the VPC, the bastion's fixed IP matches the remote_group_id rule for SSH.
    const inside = checkReach(network, { from: { kind: "external", addresses: AddressSet.all(4) }, to: instance("web1"), version: 4, protocol: 6, ports: others, quantifier: "some" });
    expect(inside.holds).toBe(true);
    expect(inside.witness.rule).toBe("huaweicloud_networking_secgroup_rule.web_ssh_from_bastion");
  });
});
