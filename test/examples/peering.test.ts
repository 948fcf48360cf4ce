/** examples/peering: seed 003 figure 4. */
import { App, Testing } from "cdktf";
import { PeeringStack } from "../../examples/peering/stack";
import { readDocuments } from "../../lib";
import { describeExample, instance, reach, synth } from "./helpers";

const make = (app: App) => new PeeringStack(app, "peering");

describe("examples/peering", () => {
  describeExample(make);

  const { network } = synth(make);

  it("reads the peering: VPC-A and VPC-B are connected", () => {
    expect(network.vpcsConnected("huaweicloud_vpc.vpc-a", "huaweicloud_vpc.vpc-b")).toBe(true);
  });

  it("A01 and B01 let the ECSs reach each other across the peering", () => {
    const ab = reach(network, "every", instance("ecs-a01"), instance("ecs-b01"), "all");
    expect(ab.holds).toBe(true);
    expect(ab.witness.rule).toMatch(/^huaweicloud_networking_secgroup_rule\.sg-b_ingress-allow-all-from-sg-sg-a_/);
    const ba = reach(network, "every", instance("ecs-b01"), instance("ecs-a01"), "all");
    expect(ba.holds).toBe(true);
    expect(ba.witness.rule).toMatch(/^huaweicloud_networking_secgroup_rule\.sg-a_ingress-allow-all-from-sg-sg-b_/);
  });

  it("without the peering the same rules admit nothing, and the stack does not synthesize", () => {
    const unpeered = (app: App) => new PeeringStack(app, "peering", { peered: false });
    expect(() => Testing.synth(unpeered(Testing.app() as App), true)).toThrow(/\[peering\/a-reaches-b\] intent .* does not hold/);
    const json = JSON.parse(Testing.synth(unpeered(Testing.app() as App)));
    const model = readDocuments([{ file: "cdk.tf.json", json }]).network;
    const r = reach(model, "some", instance("ecs-a01"), instance("ecs-b01"), "all");
    expect(r.holds).toBe(false);
    expect(r.witness.rule).toBeNull();
  });
});
