/**
 * Deterministic tests of the §6 effects (semantics.md): the 120-rule quota, the legacy flavors
 * that ignore address-group and inconsecutive-port rules, and Kai1 (kc1), which ignores the first
 * inconsecutive-port rule of a group and direction and every rule configured after it. Each case
 * is decided by lib/core and by the reference evaluator, and both must give the expected verdict.
 */
import { evaluateFlow } from "../../lib/core/evaluator";
import { Flow, FlowEnd } from "../../lib/core/flow";
import { parseAddress } from "../../lib/core/ip";
import { Network } from "../../lib/core/network";
import { RefAction, RefModel, RefPacket, RefRule, refRuleId, referenceVerdict } from "../support/reference-evaluator";
import { SUBNETS, toLibNetwork } from "./harness";

const value = (text: string): bigint => parseAddress(text)!.value;

/** The lib flow for a reference packet whose instance ends send from their fixed IPs. */
function libFlow(model: RefModel, p: RefPacket): Flow {
  const end = (id: string, address: string): FlowEnd => {
    const inst = model.instances.find((i) => i.id === id);
    return inst ? { kind: "instance", instanceId: id, nicIndex: 0, address: value(address), fromFixedIp: true } : { kind: "external", address: value(address) };
  };
  return { version: p.version, protocol: p.protocol, ...(p.port !== undefined ? { port: p.port } : {}), src: end(p.src, p.srcAddress), dst: end(p.dst, p.dstAddress) };
}

function inbound(model: RefModel, from: string, to: string, port: number, version: 4 | 6 = 4): RefPacket {
  const inst = model.instances.find((i) => i.id === to)!;
  const fixed = version === 4 ? inst.nics[0].fixed_ip_v4! : inst.nics[0].fixed_ip_v6!;
  return { src: from, srcAddress: from, dst: to, dstAddress: fixed, dstFromFixedIp: true, version, protocol: 6, port };
}

function outbound(model: RefModel, from: string, to: string, port: number): RefPacket {
  const inst = model.instances.find((i) => i.id === from)!;
  return { src: from, srcAddress: inst.nics[0].fixed_ip_v4!, srcFromFixedIp: true, dst: to, dstAddress: to, version: 4, protocol: 6, port };
}

/** Both evaluators decide the packet; both must say `expected`. Returns lib's verdict for more checks. */
function expectBoth(model: RefModel, network: Network, packet: RefPacket, expected: RefAction) {
  const lib = evaluateFlow(network, libFlow(model, packet));
  expect({ packet, lib: lib.verdict, reference: referenceVerdict(model, packet) }).toEqual({ packet, lib: expected, reference: expected });
  return lib;
}

const subnets = SUBNETS.map((s) => ({ ...s }));

describe("§6 effects: lib and the reference agree", () => {
  /** Counted fillers of sg_web ingress IPv4 that match nothing the tests send: one of each counted kind in turn. */
  function fillers(n: number): RefRule[] {
    const out: RefRule[] = [];
    for (let i = 0; i < n; i++) {
      const base: RefRule = { direction: "ingress", ethertype: "IPv4", protocol: "tcp", action: "allow", priority: 1 };
      if (i % 3 === 0) out.push({ ...base, ports: `${1000 + i}`, remote_group_id: "sg_other" });
      else if (i % 3 === 1) out.push({ ...base, ports: `${1000 + i}`, remote_address_group_id: "ag_far" });
      else out.push({ ...base, ports: `${2000 + i},${3000 + i}`, remote_ip_prefix: "198.51.100.0/24" });
    }
    return out;
  }

  function quotaModel(fillerCount: number): RefModel {
    return {
      groups: [
        {
          id: "sg_web",
          rules: [
            ...fillers(fillerCount),
            // Counted: the default ingress IPv4 rule (remote = the group) + fillers + this one.
            { direction: "ingress", ethertype: "IPv4", protocol: "tcp", ports: "22", remote_address_group_id: "ag_office", action: "allow", priority: 1 },
            // Not counted (plain CIDR, consecutive ports): takes effect whatever the count.
            { direction: "ingress", ethertype: "IPv4", protocol: "tcp", ports: "23", remote_ip_prefix: "203.0.113.0/24", action: "allow", priority: 1 },
            // IPv6 is counted separately.
            { direction: "ingress", ethertype: "IPv6", protocol: "tcp", ports: "22", remote_address_group_id: "ag_office6", action: "allow", priority: 1 },
          ],
        },
        { id: "sg_other", rules: [] },
      ],
      addressGroups: [
        { id: "ag_office", ip_version: 4, addresses: ["203.0.113.0/24"] },
        { id: "ag_office6", ip_version: 6, addresses: ["2001:db8:5::/64"] },
        { id: "ag_far", ip_version: 4, addresses: ["198.51.100.0/24"] },
      ],
      instances: [{ id: "web", security_group_ids: ["sg_web"], nics: [{ subnet: "sn0", fixed_ip_v4: "10.0.0.5", fixed_ip_v6: "fd00::5" }] }],
      subnets,
      peerings: [],
    };
  }

  it("quota: the 121st counted ingress IPv4 rule of a group does not take effect; the 120th does", () => {
    const over = quotaModel(119);
    const overNet = toLibNetwork(over);
    const denied = expectBoth(over, overNet, inbound(over, "203.0.113.9", "web", 22), "deny");
    expect(denied.hops[0].ignored.map((i) => i.rule)).toEqual([refRuleId("sg_web", 119)]);
    expectBoth(over, overNet, inbound(over, "203.0.113.9", "web", 23), "allow");
    expectBoth(over, overNet, inbound(over, "2001:db8:5::9", "web", 22, 6), "allow");

    const at = quotaModel(118);
    const atNet = toLibNetwork(at);
    expectBoth(at, atNet, inbound(at, "203.0.113.9", "web", 22), "allow");
  });

  it("legacy flavors (S1, C2, ...) ignore address-group and inconsecutive-port rules", () => {
    const model: RefModel = {
      groups: [
        {
          id: "sg_web",
          rules: [
            { direction: "ingress", ethertype: "IPv4", protocol: "tcp", ports: "22", remote_address_group_id: "ag_office", action: "allow", priority: 1 },
            { direction: "ingress", ethertype: "IPv4", protocol: "tcp", ports: "80,443", action: "allow", priority: 1 },
            { direction: "ingress", ethertype: "IPv4", protocol: "tcp", ports: "8080", action: "allow", priority: 1 },
          ],
        },
      ],
      addressGroups: [{ id: "ag_office", ip_version: 4, addresses: ["203.0.113.0/24"] }],
      instances: [
        { id: "legacy", security_group_ids: ["sg_web"], nics: [{ subnet: "sn0", fixed_ip_v4: "10.0.0.5" }], flavor: "s1.medium.2" },
        { id: "legacy2", security_group_ids: ["sg_web"], nics: [{ subnet: "sn0", fixed_ip_v4: "10.0.0.6" }], flavor: "c2.large.2" },
        { id: "modern", security_group_ids: ["sg_web"], nics: [{ subnet: "sn0", fixed_ip_v4: "10.0.0.7" }], flavor: "s6.medium.2" },
      ],
      subnets,
      peerings: [],
    };
    const network = toLibNetwork(model);
    for (const legacy of ["legacy", "legacy2"]) {
      expectBoth(model, network, inbound(model, "203.0.113.9", legacy, 22), "deny");
      expectBoth(model, network, inbound(model, "203.0.113.9", legacy, 443), "deny");
      expectBoth(model, network, inbound(model, "203.0.113.9", legacy, 8080), "allow");
    }
    expectBoth(model, network, inbound(model, "203.0.113.9", "modern", 22), "allow");
    expectBoth(model, network, inbound(model, "203.0.113.9", "modern", 443), "allow");
  });

  it("kc1 (Kai1) ignores the first inconsecutive-port rule of a group and direction and every rule configured after it", () => {
    const model: RefModel = {
      groups: [
        {
          id: "sg_app",
          delete_default_rules: true,
          rules: [
            { direction: "ingress", ethertype: "IPv4", protocol: "tcp", ports: "80", action: "allow", priority: 1 },
            { direction: "egress", ethertype: "IPv4", protocol: "tcp", ports: "443", remote_ip_prefix: "0.0.0.0/0", action: "allow", priority: 1 },
            { direction: "ingress", ethertype: "IPv4", protocol: "tcp", ports: "22,24", action: "allow", priority: 1 },
            { direction: "ingress", ethertype: "IPv4", protocol: "tcp", ports: "9096", action: "allow", priority: 1 },
            // Egress, configured after the ingress inconsecutive rule: other direction, takes effect.
            { direction: "egress", ethertype: "IPv4", protocol: "tcp", ports: "8443", remote_ip_prefix: "0.0.0.0/0", action: "allow", priority: 1 },
          ],
        },
      ],
      addressGroups: [],
      instances: [
        { id: "kunpeng", security_group_ids: ["sg_app"], nics: [{ subnet: "sn0", fixed_ip_v4: "10.0.0.5" }], flavor: "kc1.large.2" },
        { id: "x86", security_group_ids: ["sg_app"], nics: [{ subnet: "sn0", fixed_ip_v4: "10.0.0.6" }], flavor: "c7.large.2" },
      ],
      subnets,
      peerings: [],
    };
    const network = toLibNetwork(model);
    expectBoth(model, network, inbound(model, "203.0.113.9", "kunpeng", 80), "allow");
    expectBoth(model, network, inbound(model, "203.0.113.9", "kunpeng", 22), "deny");
    expectBoth(model, network, inbound(model, "203.0.113.9", "kunpeng", 9096), "deny");
    expectBoth(model, network, outbound(model, "kunpeng", "203.0.113.9", 443), "allow");
    expectBoth(model, network, outbound(model, "kunpeng", "203.0.113.9", 8443), "allow");
    for (const port of [80, 22, 24, 9096]) expectBoth(model, network, inbound(model, "203.0.113.9", "x86", port), "allow");
  });
});
