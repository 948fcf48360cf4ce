/**
 * Property tests of the compiled fast path (lib/core/decision.ts) on random small networks:
 *
 * - D1: `decide` gives the verdict and deciding rule of `evaluateFlow`, and the reference's verdict;
 * - D2: each hop of `evaluateFlow` (built on the compiled lists) is what a plain first-match walk
 *   over `rulesAtInstance` with `ruleMatches` gives: the same deciding rule and the same ignored
 *   rules with their reasons, in order;
 * - D3: instances with the same groups and flavor family share one compiled list.
 */
import fc from "fast-check";
import { compiledRules, decide } from "../../lib/core/decision";
import { rulesAtInstance } from "../../lib/core/effective-rules";
import { evaluateFlow, membershipOf, ruleMatches } from "../../lib/core/evaluator";
import { Flow, FlowEnd } from "../../lib/core/flow";
import { Instance, Network } from "../../lib/core/network";
import { Direction } from "../../lib/core/rule";
import { referenceVerdict } from "../support/reference-evaluator";
import { buildFlow, buildModel, flowArb, libNetworkOrSkip, networkArb, propertyRuns, propertySeed } from "./harness";

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

describe("the compiled decision path", () => {
  it("D1, D2: decide and evaluateFlow agree with each other, the plain walk and the reference", () => {
    fc.assert(
      fc.property(networkArb, fc.array(flowArb, { minLength: 1, maxLength: 6 }), (gen, flows) => {
        const model = buildModel(gen);
        const network = libNetworkOrSkip(model);
        for (const g of flows) {
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
});
