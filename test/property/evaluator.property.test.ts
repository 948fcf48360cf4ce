/**
 * Property tests: lib/core's evaluators against the deliberately simple reference evaluator
 * (test/support/reference-evaluator.ts) on random small networks.
 *
 * - P1: single flows, `evaluateFlow` vs `referenceExplain` (verdict, hops, deciding rule).
 * - P2: set-valued `allowedSpace` vs the reference, packet by packet.
 * - P3: quantified `checkReach` (every / some / none) vs brute force with the reference, and its witness.
 *
 * Runs: HWSG_PROPERTY_RUNS is the total over the three properties, split 5:3:2 (default 10,000);
 * HWSG_PROPERTY_SEED fixes the seed (a constant by default, so runs are reproducible).
 * The §6 quota is covered by the deterministic tests in section6-effects.test.ts (too many rules for random cases).
 */
import fc from "fast-check";
import { AddressSet } from "../../lib/core/address-set";
import { allowedSpace } from "../../lib/core/allowed-space";
import { Verdict, evaluateFlow } from "../../lib/core/evaluator";
import { Flow } from "../../lib/core/flow";
import { IpVersion, formatAddress, parseAddress } from "../../lib/core/ip";
import { Network } from "../../lib/core/network";
import { PortSet } from "../../lib/core/port-set";
import { Quantifier, ReachEnd, checkReach } from "../../lib/core/reachability";
import { RefDirection, RefExplanation, RefModel, RefPacket, refInCidr, referenceExplain, referenceHop, referenceVerdict } from "../support/reference-evaluator";
import {
  ADDRESSES,
  PACKET_PROTOCOLS,
  SMALL_CIDRS,
  buildFlow,
  buildModel,
  enumerateCidr,
  flowArb,
  ICMP_CODES,
  ICMP_TYPES,
  hasPorts,
  isIcmpProtocol,
  libIcmpPort,
  libNetworkOrSkip,
  networkArb,
  propertyRuns,
  propertySeed,
  refPacketOf,
} from "./harness";

const addressValue = (text: string): bigint => parseAddress(text)!.value;

/** Re-throws an assertion failure with the built model and the case, which read better than the generated records. */
function withContext<T>(model: RefModel, what: unknown, body: () => T): T {
  try {
    return body();
  } catch (e) {
    if (e instanceof Error && !fc.PreconditionFailure.isFailure(e)) {
      e.message += `\n--- model ---\n${JSON.stringify(model)}\n--- case ---\n${JSON.stringify(what, (_k, v) => (typeof v === "bigint" ? v.toString() : v))}`;
    }
    throw e;
  }
}

interface HopSummary {
  instance: string;
  direction: RefDirection;
  verdict: string;
  rule: { group: string; priority: number; action: string } | null;
}

function ruleById(network: Network, id: string) {
  const rule = network.allRules().find((r) => r.id === id);
  if (!rule) throw new Error(`lib names rule ${id}, which is not in the network`);
  return rule;
}

/** Deciding rules are compared by group, priority and action: rules tied on all three decide alike. */
function libSummary(network: Network, v: Verdict): { verdict: string; isolated: boolean; hops: HopSummary[] } {
  return {
    verdict: v.verdict,
    isolated: v.hops.length === 0,
    hops: v.hops.map((h) => {
      const rule = h.rule === null ? null : ruleById(network, h.rule);
      return {
        // An attached interface (vm0.eth2, see harness.ts toLibNetwork) is a NIC of the reference's vm0.
        instance: h.instance.replace(/\.eth\d+$/, ""),
        direction: h.direction,
        verdict: h.verdict,
        rule: rule ? { group: rule.securityGroupId, priority: rule.priority, action: rule.action } : null,
      };
    }),
  };
}

function refSummary(r: RefExplanation): { verdict: string; isolated: boolean; hops: HopSummary[] } {
  return {
    verdict: r.verdict,
    isolated: r.isolated,
    hops: r.hops.map((h) => ({
      instance: h.instance,
      direction: h.direction,
      verdict: h.verdict,
      rule: h.rule ? { group: h.rule.group, priority: h.rule.priority, action: h.rule.action } : null,
    })),
  };
}

/** The invariants of a lib verdict on its own: the deciding rule and the hops. */
function checkVerdictShape(network: Network, flow: Flow, v: Verdict): void {
  if (v.hops.length === 0) {
    expect(v.verdict).toBe("deny");
    expect(v.rule).toBeNull();
    return;
  }
  const last = v.hops[v.hops.length - 1];
  expect(v.rule).toBe(last.rule);
  if (v.rule !== null) {
    const rule = ruleById(network, v.rule);
    expect(network.instance(last.instance).securityGroupIds).toContain(rule.securityGroupId);
    expect(last.group).toBe(rule.securityGroupId);
    expect(rule.direction).toBe(last.direction);
    expect(rule.version).toBe(flow.version);
    expect(rule.action).toBe(v.verdict);
  }
  if (v.verdict === "allow") {
    const expected: Array<[string, RefDirection]> = [];
    if (flow.src.kind === "instance") expected.push([flow.src.instanceId, "egress"]);
    if (flow.dst.kind === "instance") expected.push([flow.dst.instanceId, "ingress"]);
    expect(v.hops.map((h) => [h.instance, h.direction])).toEqual(expected);
    for (const h of v.hops) {
      expect(h.verdict).toBe("allow");
      expect(h.rule).not.toBeNull();
    }
  } else {
    expect(last.verdict).toBe("deny");
    for (const h of v.hops.slice(0, -1)) expect(h.verdict).toBe("allow");
  }
}

describe("lib/core evaluators agree with the reference evaluator", () => {
  it("P1: evaluateFlow agrees with the reference on single flows", () => {
    fc.assert(
      fc.property(networkArb, fc.array(flowArb, { minLength: 1, maxLength: 4 }), (gen, flows) => {
        const model = buildModel(gen);
        const network = libNetworkOrSkip(model);
        for (const g of flows) {
          const built = buildFlow(model, g);
          withContext(model, built.ref, () => {
            const verdict = evaluateFlow(network, built.lib);
            const ref = referenceExplain(model, built.ref);
            expect(libSummary(network, verdict)).toEqual(refSummary(ref));
            checkVerdictShape(network, built.lib, verdict);
          });
        }
      }),
      { numRuns: propertyRuns(0.5), seed: propertySeed(1) },
    );
  });

  it("P2: allowedSpace agrees with the reference, packet by packet", () => {
    const query = fc.record({
      inst: fc.nat({ max: 3 }),
      direction: fc.constantFrom<RefDirection>("ingress", "egress"),
      v6: fc.boolean(),
      /** undefined: "by-address" (external remotes); else the remote's groups (member remotes). */
      members: fc.option(fc.array(fc.nat({ max: 3 }), { maxLength: 3 }), { nil: undefined }),
      packets: fc.array(
        fc.record({
          protocol: fc.constantFrom(...PACKET_PROTOCOLS),
          port: fc.integer({ min: 18, max: 32 }),
          icmpType: fc.constantFrom(...ICMP_TYPES),
          icmpCode: fc.constantFrom(...ICMP_CODES),
          addr: fc.nat({ max: 9 }),
        }),
        { minLength: 1, maxLength: 8 },
      ),
    });
    fc.assert(
      fc.property(networkArb, query, (gen, q) => {
        const model = buildModel(gen);
        const network = libNetworkOrSkip(model);
        const version: IpVersion = q.v6 ? 6 : 4;
        const inst = model.instances[q.inst % model.instances.length];
        const groups = q.members === undefined ? undefined : [...new Set(q.members.map((m) => `sg${m % model.groups.length}`))];
        const space = allowedSpace(network, network.instance(inst.id), q.direction, version, groups === undefined ? "by-address" : new Set(groups));
        for (const p of q.packets) {
          const icmp = isIcmpProtocol(p.protocol) ? { type: p.icmpType, code: p.icmpCode } : undefined;
          const port = hasPorts(p.protocol) ? p.port : icmp ? libIcmpPort(icmp.type, icmp.code) : undefined;
          const refPort = icmp ?? port;
          const address = ADDRESSES[version][p.addr];
          withContext(model, { instance: inst.id, direction: q.direction, version, groups: groups ?? "by-address", protocol: p.protocol, port, address }, () => {
            const lib = space.allows(p.protocol, port, addressValue(address));
            const hop = referenceHop(model, inst.id, q.direction, version, p.protocol, refPort, address, groups ?? "by-address");
            expect(lib).toBe(hop.verdict === "allow");
            if (groups === undefined) {
              // The same packet with an external other end, through the reference's connection view.
              const own = (version === 4 ? inst.nics[0].fixed_ip_v4 : inst.nics[0].fixed_ip_v6) ?? ADDRESSES[version][0];
              const packet: RefPacket =
                q.direction === "ingress"
                  ? { src: address, dst: inst.id, srcAddress: address, dstAddress: own, version, protocol: p.protocol, ...(icmp ? { icmp } : port !== undefined ? { port } : {}) }
                  : { src: inst.id, dst: address, srcAddress: own, dstAddress: address, version, protocol: p.protocol, ...(icmp ? { icmp } : port !== undefined ? { port } : {}) };
              expect(referenceVerdict(model, packet)).toBe(hop.verdict);
            }
          });
        }
      }),
      { numRuns: propertyRuns(0.3), seed: propertySeed(2) },
    );
  });

  it("P3: checkReach agrees with brute force over a small block and port range, with a valid witness", () => {
    const query = fc.record({
      inst: fc.nat({ max: 3 }),
      outbound: fc.boolean(),
      v6: fc.boolean(),
      cidr: fc.nat({ max: 4 }),
      quantifier: fc.constantFrom<Quantifier>("every", "some", "none"),
      protocol: fc.constantFrom(...PACKET_PROTOCOLS),
      lo: fc.integer({ min: 18, max: 32 }),
      span: fc.nat({ max: 4 }),
    });
    fc.assert(
      fc.property(networkArb, query, (gen, q) => {
        const model = buildModel(gen);
        const network = libNetworkOrSkip(model);
        const version: IpVersion = q.v6 ? 6 : 4;
        const inst = model.instances[q.inst % model.instances.length];
        const fixed = version === 4 ? inst.nics[0].fixed_ip_v4 : inst.nics[0].fixed_ip_v6;
        fc.pre(fixed !== undefined);
        const cidr = SMALL_CIDRS[version][q.cidr % SMALL_CIDRS[version].length];
        // ICMP: the codes 0 to span of one type (lib numbers them type·256 + code + 1).
        const icmpType = ICMP_TYPES[q.lo % ICMP_TYPES.length];
        const ports = hasPorts(q.protocol)
          ? { lo: q.lo, hi: Math.min(65535, q.lo + q.span) }
          : isIcmpProtocol(q.protocol)
            ? { lo: libIcmpPort(icmpType, 0), hi: libIcmpPort(icmpType, q.span) }
            : undefined;
        const instanceEnd: ReachEnd = { kind: "instance", instanceId: inst.id };
        const externalEnd: ReachEnd = { kind: "external", addresses: AddressSet.parse(cidr) };

        // The instance's own fixed IPs are not external addresses: its traffic to itself is not
        // filtered, so checkReach leaves them out of the question (and refuses a question about only them).
        const own = inst.nics.map((n) => (version === 4 ? n.fixed_ip_v4 : n.fixed_ip_v6)).filter((a): a is string => a !== undefined);
        const external = enumerateCidr(cidr).filter((a) => !own.some((o) => addressValue(o) === addressValue(a)));

        withContext(model, { instance: inst.id, outbound: q.outbound, cidr, quantifier: q.quantifier, protocol: q.protocol, ports }, () => {
          const ask = () =>
            checkReach(network, {
              from: q.outbound ? instanceEnd : externalEnd,
              to: q.outbound ? externalEnd : instanceEnd,
              version,
              protocol: q.protocol,
              ...(ports ? { ports: PortSet.range(ports.lo, ports.hi) } : {}),
              quantifier: q.quantifier,
            });
          if (external.length === 0) {
            expect(ask).toThrow(/own/);
            return;
          }
          const result = ask();

          // Brute force: every address of the block x every port, with the reference.
          let allowed = 0;
          let total = 0;
          const portList: Array<number | undefined> = [];
          if (ports) for (let p = ports.lo; p <= ports.hi; p++) portList.push(p);
          else portList.push(undefined);
          for (const address of external) {
            for (const port of portList) {
              const packet: RefPacket = q.outbound
                ? { src: inst.id, srcNic: 0, srcAddress: fixed!, srcFromFixedIp: true, dst: address, dstAddress: address, version, protocol: q.protocol }
                : { src: address, srcAddress: address, dst: inst.id, dstNic: 0, dstAddress: fixed!, dstFromFixedIp: true, version, protocol: q.protocol };
              if (port !== undefined && isIcmpProtocol(q.protocol)) packet.icmp = { type: icmpType, code: port - libIcmpPort(icmpType, 0) };
              else if (port !== undefined) packet.port = port;
              total++;
              if (referenceVerdict(model, packet) === "allow") allowed++;
            }
          }
          const holds = q.quantifier === "every" ? allowed === total : q.quantifier === "some" ? allowed > 0 : allowed === 0;
          expect(result.holds).toBe(holds);

          // The witness: a concrete flow of the asked space whose verdict proves the answer.
          const w = result.witness;
          const expectedVerdict = q.quantifier === "none" ? (holds ? "deny" : "allow") : holds ? "allow" : "deny";
          expect(w.verdict).toBe(expectedVerdict);
          expect(w.flow.version).toBe(version);
          expect(w.flow.protocol).toBe(q.protocol);
          if (ports) {
            expect(w.flow.port).toBeGreaterThanOrEqual(ports.lo);
            expect(w.flow.port).toBeLessThanOrEqual(ports.hi);
          } else {
            expect(w.flow.port).toBeUndefined();
          }
          const [instEnd, extEnd] = q.outbound ? [w.flow.src, w.flow.dst] : [w.flow.dst, w.flow.src];
          expect(instEnd).toEqual({ kind: "instance", instanceId: inst.id, nicIndex: 0, address: addressValue(fixed!), fromFixedIp: true });
          expect(extEnd.kind).toBe("external");
          expect(refInCidr(formatAddress(version, extEnd.address), cidr)).toBe(true);
          expect(external.map(addressValue)).toContain(extEnd.address);
          expect(referenceVerdict(model, refPacketOf(w.flow, model))).toBe(w.verdict);
        });
      }),
      { numRuns: propertyRuns(0.2), seed: propertySeed(3) },
    );
  });
});
