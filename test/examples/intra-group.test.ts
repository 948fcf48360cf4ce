/** examples/intra-group: seed 002. */
import { App } from "cdktf";
import { IntraGroupStack } from "../../examples/intra-group/stack";
import { withHypotheticalMember } from "../../lib";
import { describeExample, instance, reach, synth } from "./helpers";

const make = (app: App) => new IntraGroupStack(app, "intra-group");

describe("examples/intra-group", () => {
  describeExample(make);

  const { network, json } = synth(make);

  it("writes table 1: allow all from the current group, IPv4 and IPv6", () => {
    const rules = Object.values(JSON.parse(json).resource.huaweicloud_networking_secgroup_rule as Record<string, Record<string, unknown>>);
    const internal = rules.filter((r) => r.security_group_id === "${huaweicloud_networking_secgroup.sg-a.id}" && r.direction === "ingress");
    expect(internal.map((r) => [r.ethertype, r.protocol ?? "all", r.remote_group_id]).sort()).toEqual([
      ["IPv4", "all", "${huaweicloud_networking_secgroup.sg-a.id}"],
      ["IPv6", "all", "${huaweicloud_networking_secgroup.sg-a.id}"],
    ]);
  });

  it("members in one VPC reach each other; the member in the other VPC is not reached", () => {
    expect(reach(network, "every", instance("ecs-2"), instance("ecs-1"), "all").holds).toBe(true);
    const far = reach(network, "some", instance("ecs-1"), instance("ecs-3"), "all");
    expect(far.holds).toBe(false);
    expect(far.witness.rule).toBeNull();
  });

  it("cluster members reach each other on TCP 7000 only", () => {
    const one = withHypotheticalMember(network, "huaweicloud_networking_secgroup.cluster");
    const net = one.network.withInstances([{ id: "another member", securityGroupIds: ["huaweicloud_networking_secgroup.cluster"], nics: [{ sourceDestCheck: true }], hypothetical: true }]);
    const a = { kind: "instance" as const, instanceId: one.instanceId };
    const b = { kind: "instance" as const, instanceId: "another member" };
    expect(reach(net, "every", a, b, "tcp/7000").holds).toBe(true);
    expect(reach(net, "some", a, b, "tcp/1-6999,7001-65535").holds).toBe(false);
    expect(reach(net, "some", a, b, "udp").holds).toBe(false);
  });
});
