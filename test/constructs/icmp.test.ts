/**
 * Typed ICMP ports in the constructs: `Port.icmpType(type, code?)` writes port_range_min (the ICMP
 * type) and port_range_max (the code), without action and priority (the provider forbids them
 * together); `Port.icmpPing()` and `Port.allIcmp()` stay every ICMP message.
 */
import { Peer, Port, ReachabilityIntent, Endpoint, SecurityGroup } from "../../lib";
import { allRules, newStack, notesOf, thrown, validationFailure } from "./helpers";

describe("Port.icmpType", () => {
  it("writes the type (and code) in port_range_min/max, without action and priority", () => {
    const { stack } = newStack();
    const sg = new SecurityGroup(stack, "web", { allowAllOutbound: false });
    sg.addIngressRule(Peer.anyIpv4(), Port.icmpType(8));
    sg.addIngressRule(Peer.ipv4("10.0.0.0/8"), Port.icmpType(3, 4));
    const rules = Object.entries(allRules(stack))
      .map(([id, r]) => [id.replace(/_[0-9A-F]{8}$/, ""), r] as const)
      .sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0));
    expect(rules).toEqual([
      ["web_ingress-allow-icmp-type8-from-any-ipv4", expect.objectContaining({ protocol: "icmp", port_range_min: 8, remote_ip_prefix: "0.0.0.0/0" })],
      ["web_ingress-allow-icmp-type3-code4-from-10-0-0-0_8", expect.objectContaining({ protocol: "icmp", port_range_min: 3, port_range_max: 4, remote_ip_prefix: "10.0.0.0/8" })],
    ]);
    for (const [, r] of rules) {
      expect(r.action).toBeUndefined();
      expect(r.priority).toBeUndefined();
      expect(r.ports).toBeUndefined();
    }
    expect(Port.icmpType(8).label).toBe("icmp type 8 (echo request)");
  });

  it("an intent proves that echo requests pass and other ICMP messages do not", () => {
    const { stack } = newStack();
    const sg = new SecurityGroup(stack, "web", { allowAllOutbound: false });
    sg.addIngressRule(Peer.anyIpv4(), Port.icmpType(8));
    ReachabilityIntent.every(stack, "ping-reaches-web", { from: Endpoint.anyIpv4(), to: sg, port: Port.icmpType(8) });
    expect(validationFailure(stack)).toBeUndefined();
    ReachabilityIntent.every(stack, "all-icmp-reaches-web", { from: Endpoint.anyIpv4(), to: sg, port: Port.allIcmp() });
    const failure = validationFailure(stack);
    expect(failure).toContain("all-icmp-reaches-web");
    expect(failure).toMatch(/counterexample: icmp type 0 code 0 \(echo reply\) from /);
    expect(notesOf(stack).filter((n) => /ICMP/.test(n.message))).toEqual([]);
    // A rule with an ICMP type cannot have a priority (port_range_min forbids it): priority 1 is its only value, so
    // neither HWSG006 nor the reader's "priority is not set" warning is raised on what the construct wrote.
    expect(notesOf(stack).filter((n) => /HWSG006|priority is not set/.test(n.message))).toEqual([]);
  });

  it.each([
    [() => Port.icmpType(0), /port_range_min 0 is invalid: must be an ICMP type from 1 to 255; the provider does not send 0, so it would be read as every ICMP type/],
    [() => Port.icmpType(8, 0), /port_range_max 0 is invalid: must be an ICMP code from 1 to 255.*leave the code out: Port.icmpType\(8\)/],
    [() => Port.icmpType(256), /port_range_min 256 is invalid/],
    [() => Port.icmpType(255, 255), /type 255 code 255 \(reserved\) is outside/],
  ])("refuses what the provider cannot send: %#", (port, message) => {
    const { stack } = newStack();
    const sg = new SecurityGroup(stack, "web", { allowAllOutbound: false });
    expect(thrown(() => sg.addIngressRule(Peer.anyIpv4(), port()))).toMatch(message);
  });

  it("refuses action and priority, which the provider does not allow with port_range_min", () => {
    const { stack } = newStack();
    const sg = new SecurityGroup(stack, "web", { allowAllOutbound: false });
    expect(thrown(() => sg.addIngressRule(Peer.anyIpv4(), Port.icmpType(8), { action: "deny" }))).toMatch(/action "deny" is invalid: must be left out with icmp type 8 \(echo request\)/);
    expect(thrown(() => sg.addIngressRule(Peer.anyIpv4(), Port.icmpType(8), { priority: 5 }))).toMatch(/priority 5 is invalid: must be left out/);
  });

  it("an intent's except takes one ICMP type out of every ICMP message", () => {
    const { stack } = newStack();
    const sg = new SecurityGroup(stack, "web", { allowAllOutbound: false });
    sg.addIngressRule(Peer.anyIpv4(), Port.icmpType(8));
    ReachabilityIntent.none(stack, "only-ping", { from: Endpoint.anyIpv4(), to: sg, port: Port.allIcmp(), except: [Port.icmpType(8)] });
    expect(validationFailure(stack)).toBeUndefined();
    ReachabilityIntent.none(stack, "no-icmp", { from: Endpoint.anyIpv4(), to: sg, port: Port.allIcmp() });
    expect(validationFailure(stack)).toMatch(/counterexample: icmp type 8 code 0 \(echo request\) from /);
  });

  it("icmpPing stays every ICMP message", () => {
    expect(Port.icmpPing().flowsFor(4)).toEqual({ protocol: 1 });
    expect(Port.icmpType(8).flowsFor(4).ports?.ranges).toEqual([[2049, 2304]]);
  });
});
