/** examples/group-to-group: seed 000 table 9, seed 003 figure 2. */
import { App } from "cdktf";
import { ADMIN_NETWORK, GroupToGroupStack } from "../../examples/group-to-group/stack";
import { describeExample, external, instance, reach, synth } from "./helpers";

const make = (app: App) => new GroupToGroupStack(app, "group-to-group");

describe("examples/group-to-group", () => {
  describeExample(make);

  const { network } = synth(make);

  it("table 9: ECS-A01 reaches MySQL on ECS-B01 through the remote_group_id rule", () => {
    const r = reach(network, "every", instance("ecs-a01"), instance("ecs-b01"), "tcp/3306");
    expect(r.holds).toBe(true);
    expect(r.witness.rule).toMatch(/^huaweicloud_networking_secgroup_rule\.sg-b_ingress-allow-tcp-3306-from-sg-sg-a_/);
  });

  it("the rule matches the members' fixed IPs only, not the rest of Subnet-A", () => {
    expect(reach(network, "some", external(["192.168.0.0/24"], ["192.168.0.11", "192.168.0.12"]), instance("ecs-b01"), "tcp/3306").holds).toBe(false);
  });

  it("figure 2: A01 admits SSH from 172.16.0.0/24 to Sg-A; A02 lets Sg-A members reach each other", () => {
    expect(reach(network, "every", external([ADMIN_NETWORK]), instance("ecs-a01"), "tcp/22").holds).toBe(true);
    expect(reach(network, "every", instance("ecs-a01"), instance("ecs-a02"), "all").holds).toBe(true);
    expect(reach(network, "some", instance("ecs-b01"), instance("ecs-a01"), "all").holds).toBe(false);
  });
});
