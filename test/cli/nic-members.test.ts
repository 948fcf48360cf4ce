/**
 * Extra NICs, CCE nodes and launched members through the command line (issue 13): the fixtures
 * of test/fixtures/members. An interface attached to an instance decides by its own group where
 * the primary NIC's group does not, in both directions. Unknowns that lib/terraform/unmodelled.ts
 * still reports for these types ("not evaluated by hwsg yet") are filtered out.
 */
import { CONTROL_CHARACTER } from "../support/built-binary";
import { removeTempDirs, subnetRef, writeFiles } from "../terraform/tf-json";
import { runCli } from "./run-cli";

afterAll(removeTempDirs);

const ATTACH = "test/fixtures/members/interface-attach";
const NIC = "huaweicloud_compute_interface_attach.mgmt";
const WEB = "huaweicloud_compute_instance.web";

async function ask(fixture: string, from: string, to: string, port: number) {
  const r = await runCli(["query", fixture, "--from", from, "--to", to, "--protocol", "tcp", "--port", String(port), "--json"]);
  expect(r.errLines).toEqual([]);
  return { code: r.code, answer: JSON.parse(r.stdout) as { verdict: string; rule: string | null; hops: Array<{ instance: string; direction: string; verdict: string; rule: string | null }>; unknowns: Array<{ address: string; field: string; reason: string; effect: string }> } };
}

describe("hwsg query on an instance with an attached interface", () => {
  it("between the instance and its own interface is no question: one machine, exit 2 saying so", async () => {
    const r = await runCli(["query", ATTACH, "--from", WEB, "--to", NIC, "--protocol", "tcp", "--port", "22"]);
    expect(r.code).toBe(2);
    expect(r.errLines).toEqual([`hwsg: --from ${WEB} and --to ${NIC} are one machine (an instance and an interface attached to it): security groups do not filter its traffic to itself`]);
  });

  it("SSH from 10.0.0.0/8 reaches the interface (by address or fixed IP) through its own group, not the instance's primary address", async () => {
    for (const to of [NIC, "10.0.2.10"]) {
      const { code, answer } = await ask(ATTACH, "10.1.0.5", to, 22);
      expect([to, code, answer.verdict, answer.rule]).toEqual([to, 0, "allow", "huaweicloud_networking_secgroup_rule.mgmt_ssh"]);
    }
    for (const to of [WEB, "10.0.1.10"]) {
      const { code, answer } = await ask(ATTACH, "10.1.0.5", to, 22);
      expect([to, code, answer.verdict, answer.hops.map((h) => h.instance)]).toEqual([to, 1, "deny", [WEB]]);
    }
  });

  it("egress from the interface is decided by its own group", async () => {
    const db = await ask(ATTACH, NIC, "10.1.0.5", 5432);
    expect([db.code, db.answer.hops[0]]).toEqual([0, expect.objectContaining({ instance: NIC, direction: "egress", rule: "huaweicloud_networking_secgroup_rule.mgmt_out" })]);
    const https = await ask(ATTACH, "10.0.2.10", "10.1.0.5", 443);
    expect([https.code, https.answer.hops[0]]).toEqual([1, expect.objectContaining({ instance: NIC, direction: "egress", verdict: "deny" })]);
    expect((await ask(ATTACH, "10.0.1.10", "10.1.0.5", 443)).code).toBe(0);
  });

  it("the database's remote_group_id rule naming the interface's group admits the interface, not the primary NIC", async () => {
    const fromNic = await ask(ATTACH, NIC, "huaweicloud_compute_instance.db", 5432);
    expect([fromNic.code, fromNic.answer.rule]).toEqual([0, "huaweicloud_networking_secgroup_rule.db_from_mgmt"]);
    const fromWeb = await ask(ATTACH, WEB, "10.0.1.20", 5432);
    expect([fromWeb.code, fromWeb.answer.hops.map((h) => `${h.instance} ${h.direction} ${h.verdict}`)]).toEqual([1, [`${WEB} egress allow`, "huaweicloud_compute_instance.db ingress deny"]]);
  });
});

describe("hwsg query on the other NIC and launched members", () => {
  it("a port attached with port_id, its virtual IP and a VPC network interface answer by their own groups", async () => {
    expect((await ask("test/fixtures/members/networking-port", "203.0.113.9", "huaweicloud_networking_port.lb", 80)).code).toBe(0);
    expect((await ask("test/fixtures/members/networking-port", "203.0.113.9", "10.0.1.100", 80)).code).toBe(0);
    expect((await ask("test/fixtures/members/networking-port", "203.0.113.9", WEB, 80)).code).toBe(1);
    expect((await ask("test/fixtures/members/vpc-network-interface", "10.1.0.5", "huaweicloud_vpc_network_interface.eni", 443)).code).toBe(0);
  });

  it("a CCE node, a node pool and an AS group are endpoints in their groups", async () => {
    const node = await ask("test/fixtures/members/cce-node", "10.0.9.9", "10.0.4.50", 10250);
    expect([node.code, node.answer.hops[0].instance]).toEqual([0, "huaweicloud_cce_node.worker"]);
    expect((await ask("test/fixtures/members/cce-node-pool", "10.0.9.9", "huaweicloud_cce_node_pool.pool", 30080)).code).toBe(0);
    expect((await ask("test/fixtures/members/cce-node-pool", "10.0.9.9", "huaweicloud_cce_node_pool.pool", 22)).code).toBe(1);
    expect((await ask("test/fixtures/members/as-group", "203.0.113.9", "huaweicloud_as_group.web", 80)).code).toBe(0);
  });

  it("what the model does not evaluate is reported with its effect: a port in no group, a node whose cluster's group CCE creates", async () => {
    const own = (u: { reason: string }) => !/is not evaluated by hwsg yet/.test(u.reason);
    const port = await ask("test/fixtures/members/networking-port", "203.0.113.9", "huaweicloud_networking_port.lb", 80);
    expect(port.answer.unknowns.filter(own).map((u) => `${u.address} ${u.field}`)).toEqual(["huaweicloud_networking_port.bare no_security_groups", "huaweicloud_networking_port.spare fixed_ip[0].ip_address"]);
    const node = await ask("test/fixtures/members/cce-node", "10.0.9.9", "10.0.4.50", 10250);
    const [auto] = node.answer.unknowns.filter(own);
    expect([auto.address, auto.field]).toEqual(["huaweicloud_cce_node.auto", "cluster_id"]);
    expect(auto.effect).toMatch(/left out of the model/);
  });
});

describe("hwsg check and matrix on every member fixture", () => {
  // Regression: a member without a NIC (an AS configuration no AS group uses) made matrix exit 2.
  it.each(["interface-attach", "networking-port", "vpc-network-interface", "cce-node", "cce-node-pool", "as-group"])("%s: check and matrix exit 0 with no error line", async (fixture) => {
    const dir = `test/fixtures/members/${fixture}`;
    expect((await runCli(["check", dir, "--json"])).code).toBe(0);
    const matrix = await runCli(["matrix", dir]);
    expect([matrix.code, matrix.errLines.filter((l) => !/^(unknown|warning): /.test(l))]).toEqual([0, []]);
  });
});

describe("bad and hostile input on NIC members", () => {
  const base = {
    huaweicloud_vpc: { v: { name: "v", cidr: "10.0.0.0/16" } },
    huaweicloud_vpc_subnet: { s: { name: "s", cidr: "10.0.1.0/24", gateway_ip: "10.0.1.1", vpc_id: "${huaweicloud_vpc.v.id}" } },
  };

  it("an attach with both network_id and port_id: exit 2, one line naming file, address, field and what is allowed", async () => {
    const dir = writeFiles({ "main.tf.json": { resource: { ...base, huaweicloud_compute_interface_attach: { a: { instance_id: "ecs-1", network_id: subnetRef("s"), port_id: "port-1" } } } } });
    const r = await runCli(["check", dir]);
    expect(r.code).toBe(2);
    expect(r.errLines).toHaveLength(1);
    expect(r.errLines[0]).toMatch(/main\.tf\.json: huaweicloud_compute_interface_attach\.a: network_id .*exactly one of network_id and port_id must be set/);
  });

  it("control characters in an instance_id reach no terminal", async () => {
    const dir = writeFiles({ "main.tf.json": { resource: { ...base, huaweicloud_compute_interface_attach: { b: { instance_id: "ecs\u001b[31m\nx", network_id: subnetRef("s") } } } } });
    const r = await runCli(["check", dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/instance_id ecs\\u001b\[31m/);
    expect(CONTROL_CHARACTER.test(r.stdout) || CONTROL_CHARACTER.test(r.stderr)).toBe(false);
  });
});
