/**
 * Set-valued evaluation: the exact set of (remote address × protocol × port) an instance allows in
 * one direction, by the same first-match order as single packets (semantics.md §2), over address
 * intervals (§7: exposure is judged on the effective rule set, not rule by rule).
 */
import fc from "fast-check";
import { AddressSet } from "../../lib/core/address-set";
import { allowedSpace } from "../../lib/core/allowed-space";
import { evaluateHop } from "../../lib/core/evaluator";
import { FlowEnd } from "../../lib/core/flow";
import { PortSet } from "../../lib/core/port-set";
import { RuleLit, addrs, buildNetwork, ingress, ip } from "./helpers";

function webNet(rules: RuleLit[], flavor?: string) {
  return buildNetwork({
    groups: { "sg-web": { delete_default_rules: true }, "sg-app": {} },
    rules,
    instances: {
      web: { groups: ["sg-web"], ip: "10.0.0.5", ...(flavor ? { flavor } : {}) },
      app1: { groups: ["sg-app"], ip: "10.0.1.1" },
      app2: { groups: ["sg-app"], ip: "10.0.1.2" },
    },
  });
}

const inbound = (net: ReturnType<typeof webNet>, membership: ReadonlySet<string> | "by-address" = "by-address") =>
  allowedSpace(net, net.instance("web"), "ingress", 4, membership);

describe("allowed space: 0.0.0.0/1 plus 128.0.0.0/1 is as open as 0.0.0.0/0", () => {
  const halves = webNet([
    ingress("sg-web", { protocol: "tcp", ports: "22", remote_ip_prefix: "0.0.0.0/1", priority: 1 }),
    ingress("sg-web", { protocol: "tcp", ports: "22", remote_ip_prefix: "128.0.0.0/1", priority: 1 }),
  ]);
  const whole = webNet([ingress("sg-web", { protocol: "tcp", ports: "22", remote_ip_prefix: "0.0.0.0/0", priority: 1 })]);

  it("tcp 22 is allowed from every IPv4 address", () => {
    const allowed = inbound(halves).allowedFor(6, 22);
    expect(allowed.isAll).toBe(true);
    expect(allowed.equals(AddressSet.all(4))).toBe(true);
    expect(allowed.equals(inbound(whole).allowedFor(6, 22))).toBe(true);
  });

  it("and nothing else is", () => {
    expect(inbound(halves).allowedFor(6, 23).isEmpty).toBe(true);
    expect(inbound(halves).allowedFor(17, 22).isEmpty).toBe(true);
  });

  it("one half alone is not", () => {
    const half = webNet([ingress("sg-web", { protocol: "tcp", ports: "22", remote_ip_prefix: "0.0.0.0/1", priority: 1 })]);
    expect(inbound(half).allowedFor(6, 22).isAll).toBe(false);
    expect(inbound(half).allowedFor(6, 22).toCidrs()).toEqual(["0.0.0.0/1"]);
  });
});

describe("allowed space follows first-match order over sets", () => {
  it("a deny carved out of an allow at the same priority", () => {
    const net = webNet([
      ingress("sg-web", { protocol: "tcp", ports: "22", remote_ip_prefix: "0.0.0.0/0", action: "allow", priority: 1 }),
      ingress("sg-web", { protocol: "tcp", ports: "22", remote_ip_prefix: "10.0.0.0/8", action: "deny", priority: 1 }),
    ]);
    const allowed = inbound(net).allowedFor(6, 22);
    expect(allowed.equals(addrs("10.0.0.0/8").complement())).toBe(true);
  });

  it("an allow at priority 1 wins over a deny at priority 100 (§7)", () => {
    const net = webNet([
      ingress("sg-web", { protocol: "tcp", ports: "22", remote_ip_prefix: "0.0.0.0/0", action: "allow", priority: 1 }),
      ingress("sg-web", { protocol: "tcp", ports: "22", remote_ip_prefix: "10.0.0.0/8", action: "deny", priority: 100 }),
    ]);
    expect(inbound(net).allowedFor(6, 22).isAll).toBe(true);
  });

  it("the port slices of a protocol partition 1-65535", () => {
    const net = webNet([
      ingress("sg-web", { protocol: "tcp", ports: "20-30", remote_ip_prefix: "10.0.0.0/8", action: "deny", priority: 2 }),
      ingress("sg-web", { protocol: "tcp", ports: "22,443", remote_ip_prefix: "0.0.0.0/0", action: "allow", priority: 1 }),
      ingress("sg-web", { protocol: "tcp", remote_ip_prefix: "192.168.0.0/16", action: "allow", priority: 3 }),
    ]);
    const space = inbound(net);
    const slices = space.slicesFor(6);
    let covered = PortSet.NONE;
    for (const s of slices) {
      expect(s.ports).not.toBeNull();
      expect(covered.intersect(s.ports!).isEmpty).toBe(true);
      covered = covered.union(s.ports!);
    }
    expect(covered.isAll).toBe(true);
    expect(space.allowedFor(6, 22).isAll).toBe(true);
    expect(space.allowedFor(6, 443).isAll).toBe(true);
    // 25: the deny of 10/8 (priority 2) does not matter, only 192.168/16 (priority 3) is allowed
    expect(space.allowedFor(6, 25).toCidrs()).toEqual(["192.168.0.0/16"]);
    expect(space.allowedFor(6, 8080).toCidrs()).toEqual(["192.168.0.0/16"]);
    // 22 and 443 are open to all, every other port only to 192.168/16: the slices alternate
    expect(slices.map((s) => s.ports!.toString())).toEqual(["1-21", "22", "23-442", "443", "444-65535"]);
  });

  it("protocols that no rule names share one slice", () => {
    const net = webNet([
      ingress("sg-web", { protocol: "tcp", ports: "22", priority: 1 }),
      ingress("sg-web", { remote_ip_prefix: "10.0.0.0/8", priority: 2 }),
    ]);
    const space = inbound(net);
    expect(space.namedProtocols).toEqual([6]);
    expect(space.otherProtocol).toBe(0);
    expect(space.allowedFor(47).toCidrs()).toEqual(["10.0.0.0/8"]);
    expect(space.allowedFor(17, 53).toCidrs()).toEqual(["10.0.0.0/8"]);
    expect(space.allowedFor(6, 22).isAll).toBe(true);
    expect(space.allowedFor(6, 80).toCidrs()).toEqual(["10.0.0.0/8"]);
  });
});

describe("allowed space: remote_group_id rules by membership or by address", () => {
  const net = webNet([ingress("sg-web", { protocol: "tcp", ports: "8080", remote_group_id: "sg-app", priority: 1 })]);

  it("by address, only the members' known fixed IPs", () => {
    expect(inbound(net, "by-address").allowedFor(6, 8080).toCidrs()).toEqual(["10.0.1.1/32", "10.0.1.2/32"]);
  });

  it("for a member sending from its fixed IP, any address it has", () => {
    expect(inbound(net, new Set(["sg-app"])).allowedFor(6, 8080).isAll).toBe(true);
    expect(inbound(net, new Set(["sg-other"])).allowedFor(6, 8080).isEmpty).toBe(true);
  });
});

describe("allowed space leaves out the rules that do not take effect", () => {
  it("an inconsecutive-port rule on an S1 instance", () => {
    const rules = [ingress("sg-web", { protocol: "tcp", ports: "80,443", priority: 1 })];
    expect(inbound(webNet(rules, "s6.large.2")).allowedFor(6, 443).isAll).toBe(true);
    expect(inbound(webNet(rules, "s1.large.2")).allowedFor(6, 443).isEmpty).toBe(true);
  });
});

describe("allowed space agrees with the single-packet evaluator (property)", () => {
  const cidrs = ["0.0.0.0/0", "0.0.0.0/1", "128.0.0.0/1", "10.0.0.0/8", "10.1.0.0/16", "10.0.1.0/24", "10.0.1.1/32"];
  const remotes = [...cidrs.map((c) => ({ remote_ip_prefix: c })), { remote_group_id: "sg-app" }, { remote_group_id: "sg-web" }, {}];
  const protos = [{}, { protocol: "tcp" }, { protocol: "tcp", ports: "22" }, { protocol: "tcp", ports: "20-30,80" }, { protocol: "udp", ports: "53" }, { protocol: "icmp" }];
  const ruleArb = fc.record({
    remote: fc.constantFrom(...remotes),
    proto: fc.constantFrom(...protos),
    action: fc.constantFrom("allow", "deny"),
    priority: fc.integer({ min: 1, max: 3 }),
    group: fc.constantFrom("sg-web", "sg-extra"),
  });
  const addresses = ["10.0.1.1", "10.0.1.2", "10.0.1.3", "10.1.2.3", "10.2.0.1", "127.255.255.255", "128.0.0.0", "203.0.113.7"];
  const traffic = [
    { protocol: 6, port: 22 },
    { protocol: 6, port: 25 },
    { protocol: 6, port: 80 },
    { protocol: 6, port: 8080 },
    { protocol: 17, port: 53 },
    { protocol: 17, port: 54 },
    { protocol: 1, port: 8 * 256 + 1 },
    { protocol: 47 },
  ];

  it("for every sampled rule set and packet, allows() equals the hop verdict", () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 8 }), (specs) => {
        let net;
        try {
          net = buildNetwork({
            groups: { "sg-web": { delete_default_rules: true }, "sg-extra": { delete_default_rules: true }, "sg-app": {} },
            rules: specs.map((s, i) => ingress(s.group, { id: `r${i}`, ...s.remote, ...s.proto, action: s.action, priority: s.priority })),
            instances: {
              web: { groups: ["sg-web", "sg-extra"], ip: "10.0.0.5" },
              app1: { groups: ["sg-app"], ip: "10.0.1.1" },
              app2: { groups: ["sg-app"], ip: "10.0.1.2" },
            },
          });
        } catch {
          return true; // opposite-action twins: not a network the API would accept
        }
        const web = net.instance("web");
        const space = allowedSpace(net, web, "ingress", 4, "by-address");
        for (const a of addresses) {
          for (const t of traffic) {
            const src: FlowEnd = { kind: "external", address: ip(a) };
            const dst: FlowEnd = { kind: "instance", instanceId: "web", nicIndex: 0, address: ip("10.0.0.5"), fromFixedIp: true };
            const { hop } = evaluateHop(net, web, "ingress", { version: 4, ...t, src, dst }, src);
            if (space.allows(t.protocol, t.port, ip(a)) !== (hop.verdict === "allow")) return false;
          }
        }
        return true;
      }),
      { numRuns: 300, seed: 20251123 },
    );
  });
});
