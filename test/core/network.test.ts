/** The network model (semantics.md §1): references resolve, ids are unique, memberships are indexed. */
import { HwsgError, ValidationError } from "../../lib/core/errors";
import { defaultRuleId } from "../../lib/core/security-group";
import { AddressSet } from "../../lib/core/address-set";
import { checkReach } from "../../lib/core/reachability";
import { buildNetwork, egress, ingress, ip, makeInstance, validationError } from "./helpers";

describe("Network references must resolve", () => {
  it("a rule of an unknown group", () => {
    const err = validationError(() => buildNetwork({ groups: ["sg-a"], rules: [ingress("sg-x", { id: "r1", priority: 1 })] }));
    expect(err.subject).toBe("r1");
    expect(err.field).toBe("security_group_id");
    expect(err.message).toContain('"sg-x"');
  });

  it("a remote_group_id of an unknown group", () => {
    const err = validationError(() => buildNetwork({ groups: ["sg-a"], rules: [ingress("sg-a", { id: "r1", remote_group_id: "sg-x", priority: 1 })] }));
    expect(err.field).toBe("remote_group_id");
  });

  it("a remote_address_group_id of an unknown address group", () => {
    const err = validationError(() => buildNetwork({ groups: ["sg-a"], rules: [ingress("sg-a", { id: "r1", remote_address_group_id: "ag-x", priority: 1 })] }));
    expect(err.field).toBe("remote_address_group_id");
  });

  it("an instance in an unknown group names the list position", () => {
    const err = validationError(() => buildNetwork({ groups: ["sg-a"], instances: { web: { groups: ["sg-a", "sg-x"] } } }));
    expect(err.subject).toBe("web");
    expect(err.field).toBe("security_group_ids[1]");
  });

  it("a NIC in an unknown subnet", () => {
    const err = validationError(() => buildNetwork({ groups: ["sg-a"], instances: { web: { groups: ["sg-a"], subnet: "sn-x" } } }));
    expect(err.field).toBe("network[0].uuid");
  });

  it("a subnet of an unknown VPC, a peering of an unknown VPC", () => {
    expect(validationError(() => buildNetwork({ groups: [], subnets: { s: { vpc: "vpc-x" } } })).field).toBe("vpc_id");
    expect(validationError(() => buildNetwork({ groups: [], vpcs: { "vpc-a": undefined }, peerings: [["vpc-a", "vpc-x"]] })).field).toBe("peer_vpc_id");
  });

  it("two instances with the same fixed IP", () => {
    const err = validationError(() =>
      buildNetwork({ groups: ["sg-a"], instances: { a: { groups: ["sg-a"], ip: "10.0.0.5" }, b: { groups: ["sg-a"], ip: "10.0.0.5" } } }),
    );
    expect(err.subject).toBe("b");
    expect(err.field).toBe("network[0].fixed_ip_v4");
    expect(err.message).toContain('"10.0.0.5"');
    expect(err.message).toContain("already the fixed IP of a");
  });

  it("an id defined twice is an HwsgError, not a value error", () => {
    const net = buildNetwork({ groups: ["sg-a"] });
    const twice = () => net.withInstances([makeInstance("x", { groups: ["sg-a"] }), makeInstance("x", { groups: ["sg-a"] })]);
    expect(twice).toThrow(HwsgError);
    expect(twice).toThrow("instance x is defined twice");
    expect(() => buildNetwork({ groups: ["sg-a", "sg-a"] })).toThrow("security group sg-a is defined twice");
    let thrown: unknown;
    try {
      twice();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).not.toBeInstanceOf(ValidationError);
  });
});

describe("Network indexes", () => {
  const net = buildNetwork({
    groups: { "sg-a": {}, "sg-b": { delete_default_rules: true } },
    vpcs: { "vpc-1": "10.0.0.0/16", "vpc-2": "10.1.0.0/16", "vpc-3": undefined },
    subnets: { "sn-1": { vpc: "vpc-1", cidr: "10.0.1.0/24" }, "sn-2": { vpc: "vpc-2" } },
    peerings: [["vpc-1", "vpc-2"]],
    rules: [ingress("sg-b", { id: "b1", priority: 1 }), egress("sg-a", { id: "a1", protocol: "tcp", priority: 5 })],
    instances: {
      x: { groups: ["sg-a", "sg-b"], nics: [{ subnet: "sn-1", ip: "10.0.1.5", ip6: "2001:db8::5" }, { subnet: "sn-2", ip: "10.1.0.5" }] },
      y: { groups: ["sg-b"], subnet: "sn-1" },
    },
  });

  it("rulesOf lists the default rules first, then the configured rules", () => {
    expect(net.rulesOf("sg-a").map((r) => r.id)).toEqual([
      defaultRuleId("sg-a", "ingress", 4),
      defaultRuleId("sg-a", "ingress", 6),
      defaultRuleId("sg-a", "egress", 4),
      defaultRuleId("sg-a", "egress", 6),
      "a1",
    ]);
    expect(net.rulesOf("sg-b").map((r) => r.id)).toEqual(["b1"]);
    expect(net.allRules()).toHaveLength(6);
  });

  it("membersOf and memberAddresses follow security_group_ids and the known fixed IPs", () => {
    expect(net.membersOf("sg-b").map((i) => i.id)).toEqual(["x", "y"]);
    expect(net.memberAddresses("sg-b", 4).toCidrs()).toEqual(["10.0.1.5/32", "10.1.0.5/32"]);
    expect(net.memberAddresses("sg-b", 6).toCidrs()).toEqual(["2001:db8::5/128"]);
    expect(net.memberAddresses("sg-a", 4).has(ip("10.0.1.6"))).toBe(false);
  });

  it("instancesWithFixedIp finds the NIC", () => {
    expect(net.instancesWithFixedIp(4, ip("10.1.0.5"))).toMatchObject([{ instance: { id: "x" }, nicIndex: 1 }]);
    expect(net.instancesWithFixedIp(4, ip("10.1.0.6"))).toEqual([]);
  });

  it("VPCs are connected to themselves and across a peering, both ways, and not otherwise", () => {
    expect(net.vpcsConnected("vpc-1", "vpc-1")).toBe(true);
    expect(net.vpcsConnected("vpc-1", "vpc-2")).toBe(true);
    expect(net.vpcsConnected("vpc-2", "vpc-1")).toBe(true);
    expect(net.vpcsConnected("vpc-1", "vpc-3")).toBe(false);
    expect(net.vpcOf(net.instance("x").nics[1])).toBe("vpc-2");
  });

  it("instance() names the known instances when an id is wrong", () => {
    expect(() => net.instance("z")).toThrow(/no member z in the model \(members: x, y\)/);
  });

  it("withInstances returns a new network and leaves this one alone", () => {
    const more = net.withInstances([makeInstance("z", { groups: ["sg-a"], ip: "10.0.1.9" })]);
    expect(more.membersOf("sg-a").map((i) => i.id)).toEqual(["x", "z"]);
    expect(net.membersOf("sg-a").map((i) => i.id)).toEqual(["x"]);
  });

  it("withInstances checks the instances it adds against the ones it has, and shares nothing mutable", () => {
    const clash = validationError(() => net.withInstances([makeInstance("z", { groups: ["sg-a"], ip: "10.0.1.5", subnet: "sn-1" })]));
    expect(clash.subject).toBe("z");
    expect(clash.message).toContain("already the fixed IP of x");
    expect(validationError(() => net.withInstances([makeInstance("z", { groups: ["sg-x"] })])).field).toBe("security_group_ids[0]");
    expect(() => net.withInstances([makeInstance("x", { groups: ["sg-a"] })])).toThrow("instance x is defined twice");

    const more = net.withInstances([makeInstance("z", { groups: ["sg-a"], ip: "10.0.1.9" })]);
    const most = more.withInstances([makeInstance("w", { groups: ["sg-a"], ip: "10.0.1.10" })]);
    expect(most.membersOf("sg-a").map((i) => i.id)).toEqual(["x", "z", "w"]);
    expect(more.membersOf("sg-a").map((i) => i.id)).toEqual(["x", "z"]);
    expect(most.instancesWithFixedIp(4, ip("10.0.1.9")).map((o) => o.instance.id)).toEqual(["z"]);
    expect(net.instancesWithFixedIp(4, ip("10.0.1.9"))).toEqual([]);
    expect(most.rulesOf("sg-a")).toBe(net.rulesOf("sg-a"));
    expect([...most.instances.keys()]).toEqual([...net.instances.keys(), "z", "w"]);
    expect(most.memberAddresses("sg-a", 4).has(ip("10.0.1.10"))).toBe(true);
    expect(net.memberAddresses("sg-a", 4).has(ip("10.0.1.10"))).toBe(false);
  });
});

describe("members of one machine (an instance and the interfaces attached to it)", () => {
  const base = buildNetwork({ groups: ["a", "b"], instances: { vm: { groups: ["a"], ip: "10.0.0.5" }, other: { groups: ["b"], ip: "10.0.0.9" } } });
  const eth1 = { ...makeInstance("eth1", { groups: ["b"], ip: "10.0.0.6" }), kind: "huaweicloud_compute_interface_attach", attachedTo: "vm" };
  const net = base.withInstances([eth1]);

  it("are one machine: traffic between them is not a question security groups answer", () => {
    expect(net.sameMachine("vm", "eth1")).toBe(true);
    expect(net.sameMachine("eth1", "other")).toBe(false);
    expect(net.machineOf(net.instance("eth1")).map((m) => m.id)).toEqual(["vm", "eth1"]);
    expect(() => checkReach(net, { from: { kind: "instance", instanceId: "vm" }, to: { kind: "instance", instanceId: "eth1" }, version: 4, protocol: 6, quantifier: "some" })).toThrow(/NICs of one machine/);
  });

  it("an attachedTo that names no member is refused; a service port out of range too", () => {
    expect(() => base.withInstances([{ ...eth1, attachedTo: "nowhere" }])).toThrow(/eth1: attachedTo "nowhere" is invalid: must name a member of the model/);
    expect(() => base.withInstances([{ ...eth1, attachedTo: undefined, servicePorts: [{ protocol: 6, from: 0, to: 80 }] }])).toThrow(/servicePorts\[0\]/);
  });

  it("the machine's other NICs are its own addresses, not outside hosts, in an address question", () => {
    const ask = (from: string) => checkReach(net, { from: { kind: "external", addresses: AddressSet.parse(from) }, to: { kind: "instance", instanceId: "vm" }, version: 4, protocol: 6, quantifier: "some" });
    expect(() => ask("10.0.0.6")).toThrow(/the only address asked is vm's own/);
    expect(() => ask("10.0.0.9")).not.toThrow();
  });
});
