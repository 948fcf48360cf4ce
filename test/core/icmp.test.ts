/**
 * ICMP type and code in the evaluator: an icmp/icmpv6 rule's port_range_min is the ICMP type and
 * port_range_max the code (VPC API Reference, "Creating a Security Group Rule" and the appendix
 * "ICMP-Port Range Relationship Table"); 0 is not sent by the provider; `ports` names types.
 */
import { AddressSet } from "../../lib/core/address-set";
import { allowedSpace } from "../../lib/core/allowed-space";
import { describeFlow } from "../../lib/core/flow";
import { describeIcmpMessages, describePorts, icmpMessage, icmpTypeCode, icmpTypeRange } from "../../lib/core/icmp";
import { PortSet } from "../../lib/core/port-set";
import { checkReach } from "../../lib/core/reachability";
import { describeRule } from "../../lib/core/rule";
import { buildNetwork, decide, flow, ingress, makeRule } from "./helpers";

const SRC = "203.0.113.9";

function net(rules: Parameters<typeof buildNetwork>[0]["rules"]) {
  return buildNetwork({ groups: { sg: { name: "sg", delete_default_rules: true } }, rules, instances: { vm: { groups: ["sg"], ip: "10.0.0.5", ip6: "2001:db8::5" } } });
}

describe("ICMP messages in the port dimension", () => {
  it("numbers every message but type 255 code 255 from 1 to 65535, and back", () => {
    expect(icmpMessage(0, 0)).toBe(1);
    expect(icmpMessage(8, 0)).toBe(2049);
    expect(icmpMessage(255, 254)).toBe(65535);
    expect(icmpMessage(255, 255)).toBeUndefined();
    expect(icmpMessage(256, 0)).toBeUndefined();
    expect(icmpTypeCode(2049)).toEqual({ type: 8, code: 0 });
    expect(icmpTypeRange(3)).toEqual([769, 1024]);
    expect(icmpTypeRange(255)).toEqual([65281, 65535]);
  });
  it("says a set in users' words", () => {
    expect(describeIcmpMessages(1, [icmpTypeRange(8)])).toBe("type 8 (echo request)");
    expect(describeIcmpMessages(1, [[icmpMessage(3, 4)!, icmpMessage(3, 4)!]])).toBe("type 3 code 4 (fragmentation needed)");
    expect(describeIcmpMessages(58, [icmpTypeRange(128)])).toBe("type 128 (echo request)");
    expect(describeIcmpMessages(1, [[1, 65535]])).toBe("every message");
    expect(describeIcmpMessages(1, [[icmpTypeRange(13)[0], icmpTypeRange(14)[1]]])).toBe("types 13-14");
    expect(describePorts(6, [[80, 80], [443, 443]])).toBe("80,443");
  });
});

describe("a rule for echo requests does not allow every ICMP type", () => {
  const ping = net([ingress("sg", { id: "ping", protocol: "icmp", port_range_min: 8, port_range_max: 0 })]);

  it("type 8 (code 0 is not sent: every code) allows echo requests only", () => {
    expect(decide(ping, "icmp/8/0", SRC, "vm")).toMatchObject({ verdict: "allow", rule: "ping" });
    expect(decide(ping, "icmp/8/1", SRC, "vm").verdict).toBe("allow");
    expect(decide(ping, "icmp/0/0", SRC, "vm").verdict).toBe("deny");
    expect(decide(ping, "icmp/3/4", SRC, "vm").verdict).toBe("deny");
    expect(decide(ping, "icmp/13/0", SRC, "vm").verdict).toBe("deny");
  });

  it("type 3 code 4 allows that message only", () => {
    const pmtu = net([ingress("sg", { id: "pmtu", protocol: "icmp", port_range_min: 3, port_range_max: 4 })]);
    expect(decide(pmtu, "icmp/3/4", SRC, "vm").rule).toBe("pmtu");
    expect(decide(pmtu, "icmp/3/3", SRC, "vm").verdict).toBe("deny");
    expect(decide(pmtu, "icmp/4/3", SRC, "vm").verdict).toBe("deny");
  });

  it("no type is every ICMP message; a deny of one type before it takes that type out", () => {
    const rules = net([
      ingress("sg", { id: "no-redirect", protocol: "icmp", ports: "5", action: "deny", priority: 1 }),
      ingress("sg", { id: "all-icmp", protocol: "icmp", action: "allow", priority: 2 }),
    ]);
    expect(decide(rules, "icmp/5/1", SRC, "vm")).toMatchObject({ verdict: "deny", rule: "no-redirect" });
    expect(decide(rules, "icmp/8/0", SRC, "vm").rule).toBe("all-icmp");
    expect(decide(rules, "icmp/0/0", SRC, "vm").rule).toBe("all-icmp");
  });

  it("icmpv6 types in ports (v3 API) match IPv6 messages of those types", () => {
    const v6 = net([ingress("sg", { id: "ping6", ethertype: "IPv6", protocol: "icmpv6", ports: "128,135-136", action: "allow", priority: 1 })]);
    expect(decide(v6, "icmpv6/128/0", "2001:db8:1::1", "vm").rule).toBe("ping6");
    expect(decide(v6, "icmpv6/136/0", "2001:db8:1::1", "vm").rule).toBe("ping6");
    expect(decide(v6, "icmpv6/129/0", "2001:db8:1::1", "vm").verdict).toBe("deny");
  });

  it("describes rules and flows in users' words", () => {
    expect(describeRule(makeRule(ingress("sg", { protocol: "icmp", port_range_min: 8 })))).toBe("ingress IPv4 icmp type 8 (echo request) from any address: allow, priority 1");
    expect(describeFlow(flow(ping, "icmp/8/0", SRC, "vm"))).toBe("icmp type 8 code 0 (echo request) from 203.0.113.9 to vm (10.0.0.5)");
  });

  it("allowed space and reachability see the type", () => {
    const space = allowedSpace(ping, ping.instance("vm"), "ingress", 4, "by-address");
    expect(space.allows(1, icmpMessage(8, 0)!, AddressSet.parse(`${SRC}/32`).first()!)).toBe(true);
    expect(space.allows(1, icmpMessage(3, 4)!, AddressSet.parse(`${SRC}/32`).first()!)).toBe(false);
    const internet = { kind: "external" as const, addresses: AddressSet.parse("0.0.0.0/0") };
    const vm = { kind: "instance" as const, instanceId: "vm" };
    const echo = checkReach(ping, { from: internet, to: vm, version: 4, protocol: 1, ports: PortSet.range(...icmpTypeRange(8)), quantifier: "every" });
    expect(echo.holds).toBe(true);
    const every = checkReach(ping, { from: internet, to: vm, version: 4, protocol: 1, quantifier: "every" });
    expect(every.holds).toBe(false);
    expect(describeFlow(every.witness.flow)).toMatch(/^icmp type 0 code 0 \(echo reply\) from /);
  });
});
