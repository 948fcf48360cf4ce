/**
 * Property tests of the compiled fast path (lib/core/decision.ts) on random small networks:
 *
 * - D1: `decide` gives the verdict and deciding rule of `evaluateFlow`, and the reference's verdict;
 * - D2: each hop of `evaluateFlow` (built on the compiled lists) is what a plain first-match walk
 *   over `rulesAtInstance` with `ruleMatches` gives: the same deciding rule and the same ignored
 *   rules with their reasons, in order;
 * - D3: instances with the same groups and flavor family share one compiled list;
 * - D4: D1 and D2 on lists of more than 32 rules (the class bitsets span several words), with
 *   remote groups, address groups, CIDRs, ends at and off their fixed IPs, IPv4 and IPv6;
 * - D5: `decide` refuses a flow that is not a packet exactly as `evaluateFlow` does.
 */
import fc from "fast-check";
import { ValidationError } from "../../lib/core/errors";
import { compiledRules, decide } from "../../lib/core/decision";
import { rulesAtInstance } from "../../lib/core/effective-rules";
import { evaluateFlow, membershipOf, ruleMatches } from "../../lib/core/evaluator";
import { Flow, FlowEnd } from "../../lib/core/flow";
import { Instance, Network } from "../../lib/core/network";
import { Direction } from "../../lib/core/rule";
import { RefModel, refRuleId, referenceVerdict } from "../support/reference-evaluator";
import { GenFlow, GenNetwork, GenRule, ICMP_CODES, ICMP_TYPES, buildFlow, buildModel, flowArb, libNetworkOrSkip, networkArb, propertyRuns, propertySeed, ruleArb, toLibNetwork } from "./harness";

/** The plain walk the compiled lists replace: first effective match, ineffective matches before it. */
function plainHop(network: Network, instance: Instance, direction: Direction, flow: Flow, other: FlowEnd) {
  const members = membershipOf(network, other, flow.version);
  const ignored: Array<{ rule: string; reason: string }> = [];
  for (const entry of rulesAtInstance(network, instance, direction, flow.version)) {
    if (!ruleMatches(network, entry.rule, flow.protocol, flow.port, other.address, members)) continue;
    if (entry.ineffective) {
      ignored.push({ rule: entry.rule.id, reason: entry.ineffective });
      continue;
    }
    return { rule: entry.rule.id, group: entry.groupId, verdict: entry.rule.action, ignored };
  }
  return { rule: null, group: null, verdict: "deny", ignored };
}

/** D1 and D2 on one flow: decide, evaluateFlow, the plain walk per hop and the reference agree. */
function checkFlowDecision(model: RefModel, network: Network, g: GenFlow): void {
  const built = buildFlow(model, g);
  const verdict = evaluateFlow(network, built.lib);
  const fast = decide(network, built.lib);
  expect(fast).toEqual({ verdict: verdict.verdict, rule: verdict.rule });
  expect(fast.verdict).toBe(referenceVerdict(model, built.ref));
  for (const hop of verdict.hops) {
    const instance = network.instance(hop.instance);
    const other = hop.direction === "egress" ? built.lib.dst : built.lib.src;
    const plain = plainHop(network, instance, hop.direction, built.lib, other);
    expect({ rule: hop.rule, group: hop.group, verdict: hop.verdict, ignored: hop.ignored }).toEqual(plain);
  }
}

/**
 * Narrow rules (a protocol, few ports, a small block, an address group or a group), so that the
 * first match of a long list is often far down it, beyond the first 32 rules.
 */
const narrowRuleArb: fc.Arbitrary<GenRule> = fc.record({
  direction: fc.constantFrom<GenRule["direction"]>("ingress", "egress"),
  v6: fc.boolean(),
  protocol: fc.constantFrom<GenRule["protocol"]>("tcp", "tcp", "udp", "icmp", "47"),
  ports: fc.array(fc.record({ lo: fc.integer({ min: 20, max: 30 }), span: fc.nat({ max: 1 }) }), { minLength: 1, maxLength: 2 }),
  icmp: fc.option(fc.record({ type: fc.constantFrom(...ICMP_TYPES), code: fc.constantFrom(...ICMP_CODES) }), { nil: undefined, freq: 3 }),
  remote: fc.oneof(
    fc.record({ kind: fc.constant("cidr" as const), i: fc.constantFrom(1, 2, 3, 7) }),
    fc.record({ kind: fc.constant("group" as const), i: fc.nat({ max: 3 }) }),
    fc.record({ kind: fc.constant("addressGroup" as const), i: fc.nat({ max: 3 }) }),
  ),
  action: fc.option(fc.constantFrom<GenRule["action"] & string>("allow", "deny"), { nil: undefined, freq: 4 }),
  priority: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined, freq: 4 }),
});

/** Networks whose groups have 40 to 140 rules, mostly narrow, so one direction and IP version often has more than 32. */
const bigNetworkArb: fc.Arbitrary<GenNetwork> = networkArb.chain((gen) =>
  fc.array(fc.array(fc.oneof({ arbitrary: narrowRuleArb, weight: 9 }, { arbitrary: ruleArb, weight: 1 }), { minLength: 40, maxLength: 140 }), {
    minLength: gen.groups.length,
    maxLength: gen.groups.length,
  }).map((rules) => ({
    ...gen,
    groups: gen.groups.map((g, i) => ({ ...g, rules: rules[i] })),
  })),
);

/**
 * The lib network of a model, dropping rules the API would reject (the same match as an earlier
 * rule of the group with the opposite action) until it builds; the model is changed to match.
 */
function libNetworkDroppingTwins(model: RefModel): Network {
  for (;;) {
    try {
      return toLibNetwork(model);
    } catch (e) {
      if (!(e instanceof ValidationError && e.field === "action" && /opposite/.test(e.allowed))) throw e;
      const group = model.groups.find((g) => g.rules.some((_, i) => refRuleId(g.id, i) === e.subject))!;
      group.rules = group.rules.filter((_, i) => refRuleId(group.id, i) !== e.subject);
    }
  }
}

describe("the compiled decision path", () => {
  it("D1, D2: decide and evaluateFlow agree with each other, the plain walk and the reference", () => {
    fc.assert(
      fc.property(networkArb, fc.array(flowArb, { minLength: 1, maxLength: 6 }), (gen, flows) => {
        const model = buildModel(gen);
        const network = libNetworkOrSkip(model);
        for (const g of flows) checkFlowDecision(model, network, g);
      }),
      { numRuns: propertyRuns(0.2), seed: propertySeed(11) },
    );
  });

  it("D3: instances with the same groups in the same order and flavor family share a compiled list", () => {
    fc.assert(
      fc.property(networkArb, (gen) => {
        const network = libNetworkOrSkip(buildModel(gen));
        const instances = [...network.instances.values()];
        for (const a of instances) {
          for (const b of instances) {
            const same = a.securityGroupIds.join() === b.securityGroupIds.join() && (a.flavor ?? "").split(".")[0].toLowerCase() === (b.flavor ?? "").split(".")[0].toLowerCase();
            if (same) expect(compiledRules(network, a, "ingress", 4)).toBe(compiledRules(network, b, "ingress", 4));
            expect(compiledRules(network, a, "egress", 6).entries).toEqual(rulesAtInstance(network, a, "egress", 6));
          }
        }
      }),
      { numRuns: propertyRuns(0.02), seed: propertySeed(12) },
    );
  });

  it("D4: the same on lists longer than one 32-bit word", () => {
    let multiWord = 0;
    let beyondFirstWord = 0;
    fc.assert(
      fc.property(bigNetworkArb, fc.array(flowArb, { minLength: 10, maxLength: 30 }), (gen, flows) => {
        const model = buildModel(gen);
        const network = libNetworkDroppingTwins(model);
        for (const instance of network.instances.values()) {
          for (const direction of ["ingress", "egress"] as const) {
            for (const version of [4, 6] as const) if (compiledRules(network, instance, direction, version).effective.length > 32) multiWord++;
          }
        }
        for (const g of flows) {
          checkFlowDecision(model, network, g);
          for (const hop of evaluateFlow(network, buildFlow(model, g).lib).hops) {
            const instance = network.instance(hop.instance);
            const list = compiledRules(network, instance, hop.direction, g.v6 ? 6 : 4);
            if (hop.rule !== null && list.effective.indexOf(list.entries.findIndex((e) => e.rule.id === hop.rule)) >= 32) beyondFirstWord++;
          }
        }
      }),
      { numRuns: propertyRuns(0.01), seed: propertySeed(13) },
    );
    expect(multiWord).toBeGreaterThan(0);
    expect(beyondFirstWord).toBeGreaterThan(0);
  });

  it("D5: decide refuses what evaluateFlow refuses, with the same message", () => {
    const model = buildModel({
      groups: [{ deleteDefaults: false, rules: [] }],
      addressGroups: [],
      instances: [{ groups: [0], flavor: undefined, nics: [{ subnet: 0, v4: 0, v6: 0 }] }],
      peering: false,
    });
    const network = toLibNetwork(model);
    const vm: FlowEnd = { kind: "instance", instanceId: "vm0", nicIndex: 0, address: 1n, fromFixedIp: true };
    const ext: FlowEnd = { kind: "external", address: 2n };
    const bad: Flow[] = [
      { version: 4, protocol: -1, src: ext, dst: vm },
      { version: 4, protocol: 256, src: ext, dst: vm },
      { version: 4, protocol: 1.5, src: ext, dst: vm },
      { version: 4, protocol: NaN, src: ext, dst: vm },
      { version: 4, protocol: 6, src: ext, dst: vm },
      { version: 4, protocol: 6, port: 0, src: ext, dst: vm },
      { version: 4, protocol: 17, port: 65536, src: ext, dst: vm },
      { version: 4, protocol: 6, port: 80.5, src: ext, dst: vm },
      { version: 4, protocol: 6, port: -0, src: ext, dst: vm },
      { version: 4, protocol: 1, src: ext, dst: vm },
      { version: 4, protocol: 1, port: 0, src: ext, dst: vm },
      { version: 6, protocol: 58, port: 65536, src: ext, dst: vm },
      { version: 4, protocol: 47, port: 0, src: ext, dst: vm },
      { version: 4, protocol: 6, port: 80, src: ext, dst: ext },
      { version: 4, protocol: 6, port: 80, src: ext, dst: { ...vm, instanceId: "nowhere" } },
    ];
    for (const flow of bad) {
      const message = (() => {
        try {
          evaluateFlow(network, flow);
        } catch (e) {
          return (e as Error).message;
        }
        throw new Error(`evaluateFlow accepted ${JSON.stringify(flow, (_, v) => (typeof v === "bigint" ? String(v) : v))}`);
      })();
      expect(() => decide(network, flow)).toThrow(message);
    }
    // The edges that are packets.
    for (const flow of [
      { version: 4, protocol: 0, src: ext, dst: vm },
      { version: 4, protocol: 255, src: vm, dst: ext },
      { version: 4, protocol: 6, port: 1, src: ext, dst: vm },
      { version: 4, protocol: 17, port: 65535, src: ext, dst: vm },
      { version: 4, protocol: 1, port: 1, src: ext, dst: vm },
      { version: 4, protocol: 1, port: 65535, src: vm, dst: ext },
    ] as Flow[]) {
      expect(decide(network, flow)).toEqual({ verdict: evaluateFlow(network, flow).verdict, rule: evaluateFlow(network, flow).rule });
    }
  });
});
