/** examples/ping: seed 000 table 8. */
import { App } from "cdktf";
import { PingStack } from "../../examples/ping/stack";
import { describeExample, external, groupMember, reach, synth } from "./helpers";

const make = (app: App) => new PingStack(app, "ping");

describe("examples/ping", () => {
  describeExample(make);

  const { network: model, json } = synth(make);
  const { network, end } = groupMember(model, "pingable");

  it("writes icmp for the IPv4 rule and icmpv6 for the IPv6 rule", () => {
    const rules = Object.values(JSON.parse(json).resource.huaweicloud_networking_secgroup_rule as Record<string, Record<string, unknown>>);
    const ingress = rules.filter((r) => r.direction === "ingress").map((r) => [r.ethertype, r.protocol, r.remote_ip_prefix]);
    expect(ingress).toEqual([["IPv4", "icmp", "0.0.0.0/0"], ["IPv6", "icmpv6", "::/0"]]);
  });

  it("every IPv4 address pings the group with ICMP, every IPv6 address with ICMPv6", () => {
    expect(reach(network, "every", external(["0.0.0.0/0"]), end, "icmp", 4).holds).toBe(true);
    expect(reach(network, "every", external(["::/0"]), end, "icmpv6", 6).holds).toBe(true);
  });

  it("ICMPv6 over IPv4 does not get in, nor does SSH (seed 003 figure 1)", () => {
    expect(reach(network, "some", external(["0.0.0.0/0"]), end, "icmpv6", 4).holds).toBe(false);
    expect(reach(network, "some", external(["0.0.0.0/0"]), end, "tcp/22", 4).holds).toBe(false);
  });
});
