/**
 * Peer and Port as plain values: labels, Terraform fields per IP version, and the rule that a
 * value is checked where it is used (so the error names the construct).
 */
import { Peer, Port, SecurityGroup } from "../../lib";
import { newStack, thrown } from "./helpers";

describe("Port values", () => {
  it("has readable labels", () => {
    expect(Port.SSH.label).toBe("tcp 22");
    expect(Port.FTP.label).toBe("tcp 20-21");
    expect(Port.tcpPorts([443, 80]).label).toBe("tcp 443,80");
    expect(Port.udpPorts([[500, 501], 4500]).label).toBe("udp 500-501,4500");
    expect(Port.icmpPing().label).toBe("icmp");
    expect(Port.gre().label).toBe("gre");
    expect(Port.protocol(50).label).toBe("protocol 50");
    expect(Port.allTraffic().label).toBe("all traffic");
    expect(String(Port.HTTPS)).toBe("tcp 443");
  });

  it("gives the Terraform protocol and ports per IP version", () => {
    expect(Port.icmpPing().fieldsFor(4)).toEqual({ protocol: "icmp" });
    expect(Port.icmpPing().fieldsFor(6)).toEqual({ protocol: "icmpv6" });
    expect(Port.tcpPorts([443, 80]).fieldsFor(6)).toEqual({ protocol: "tcp", ports: "80,443" });
    expect(Port.gre().fieldsFor(4)).toEqual({ protocol: "47" });
    expect(Port.allTraffic().fieldsFor(4)).toEqual({});
    expect(Port.allTcp().fieldsFor(4)).toEqual({ protocol: "tcp" });
  });

  it("knows which ports have port numbers and which is all traffic", () => {
    expect(Port.SSH.hasPorts).toBe(true);
    expect(Port.allUdp().hasPorts).toBe(true);
    expect(Port.icmpPing().hasPorts).toBe(false);
    expect(Port.gre().hasPorts).toBe(false);
    expect(Port.protocol(17).hasPorts).toBe(true);
    expect(Port.allTraffic().isAllTraffic).toBe(true);
    expect(Port.allTcp().isAllTraffic).toBe(false);
  });

  it("gives the flows of a port for reachability questions", () => {
    expect(Port.allTraffic().flowsFor(4)).toEqual({ protocol: "all" });
    expect(Port.icmpPing().flowsFor(4)).toEqual({ protocol: 1 });
    expect(Port.icmpPing().flowsFor(6)).toEqual({ protocol: 58 });
    expect(Port.gre().flowsFor(4)).toEqual({ protocol: 47 });
    const https = Port.HTTPS.flowsFor(4);
    expect(https.protocol).toBe(6);
    expect(https.ports?.toString()).toBe("443");
  });

  it("is not checked when made, only when used, and then names the construct", () => {
    const bad = Port.tcp(0); // no throw here
    expect(bad.label).toBe("tcp 0");
    const { stack } = newStack();
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    expect(thrown(() => g.addIngressRule(Peer.ipv4("10.0.0.0/8"), bad))).toMatch(/^s\/g: ports "0" is invalid: .*1 to 65535/);
  });
});

describe("Peer values", () => {
  it("has readable labels", () => {
    expect(Peer.anyIpv4().peerLabel).toBe("any-ipv4");
    expect(Peer.anyIpv6().peerLabel).toBe("any-ipv6");
    expect(Peer.ipv4("10.0.0.0/8").peerLabel).toBe("10.0.0.0/8");
    expect(Peer.virtualIp("192.168.0.21").peerLabel).toBe("192.168.0.21/32");
    expect(Peer.securityGroupId("sg-0001").peerLabel).toBe("sg-sg-0001");
  });

  it("gives one remote per IP version", () => {
    expect(Peer.anyIpv4().toRemotes()).toEqual([{ kind: "cidr", version: 4, cidr: "0.0.0.0/0" }]);
    expect(Peer.ipv6("2001:db8::/32").toRemotes()).toEqual([{ kind: "cidr", version: 6, cidr: "2001:db8::/32" }]);
    const { stack } = newStack();
    const g = new SecurityGroup(stack, "g");
    expect(g.toRemotes().map((r) => [r.kind, r.version])).toEqual([["group", 4]]);
    expect(Peer.securityGroup(g, { ipVersions: [6, 4, 6] }).toRemotes().map((r) => r.version)).toEqual([4, 6]);
  });

  it("is not checked when made, only when used, and then names the construct", () => {
    const bad = Peer.ipv4("10.0.0.5/24"); // no throw here
    const { stack } = newStack();
    const g = new SecurityGroup(stack, "web", { allowAllOutbound: false });
    const message = thrown(() => g.addIngressRule(bad, Port.SSH));
    expect(message).toMatch(/^s\/web: remote_ip_prefix "10\.0\.0\.5\/24" is invalid/);
    expect(message).toContain("did you mean 10.0.0.0/24");
  });

  it("writes a security group given by id as a literal remote_group_id", () => {
    const { stack } = newStack();
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    const [rule] = g.addIngressRule(Peer.securityGroupId("0b8f1c2d-0000-0000-0000-000000000002"), Port.SSH);
    expect(rule.node.id).toBe("ingress-allow-tcp-22-from-sg-0b8f1c2d-0000-0000-0000-000000000002");
  });
});
