/** examples/virtual-ip: seed 003 figure 3. */
import { App, Testing } from "cdktf";
import { VIRTUAL_IP, VirtualIpStack } from "../../examples/virtual-ip/stack";
import { readDocuments } from "../../lib";
import { describeExample, instance, reach, synth } from "./helpers";

const make = (app: App) => new VirtualIpStack(app, "virtual-ip");

describe("examples/virtual-ip", () => {
  describeExample(make);

  const { network } = synth(make);

  it("reads the VIP, held by both ECSs of the pair", () => {
    expect(network.virtualIps).toHaveLength(1);
    expect(network.virtualIps[0].holders.map((h) => h.instanceId)).toEqual(["huaweicloud_compute_instance.ecs-a01", "huaweicloud_compute_instance.ecs-a02"]);
  });

  it.each(["ecs-a01", "ecs-a02"])("%s sending from the VIP reaches ECS-B01 through B01, not B02", (holder) => {
    const r = reach(network, "every", instance(holder, VIRTUAL_IP), instance("ecs-b01"), "all");
    expect(r.holds).toBe(true);
    expect(r.witness.rule).toMatch(/^huaweicloud_networking_secgroup_rule\.sg-b_ingress-allow-all-from-192-168-0-21_32_/);
  });

  it("from its fixed IP, ECS-A01 reaches ECS-B01 through B02", () => {
    const r = reach(network, "every", instance("ecs-a01"), instance("ecs-b01"), "tcp/8080");
    expect(r.holds).toBe(true);
    expect(r.witness.rule).toMatch(/^huaweicloud_networking_secgroup_rule\.sg-b_ingress-allow-all-from-sg-sg-a_/);
  });

  it("without B01 the VIP's traffic is denied, and the stack does not synthesize", () => {
    const bare = (app: App) => new VirtualIpStack(app, "virtual-ip", { admitVirtualIp: false });
    expect(() => Testing.synth(bare(Testing.app() as App), true)).toThrow(/ecs-a01, sending from the virtual IP, reaches ecs-b01[^]*DENIED/);
    // Built without the validations, the model shows why: B02 does not match the VIP.
    const stack = bare(Testing.app() as App);
    const json = JSON.parse(Testing.synth(stack));
    const model = readDocuments([{ file: "cdk.tf.json", json }]).network;
    const r = reach(model, "some", instance("ecs-a01", VIRTUAL_IP), instance("ecs-b01"), "all");
    expect(r.holds).toBe(false);
    expect(r.witness.reason).toContain("not its fixed IP");
  });
});
