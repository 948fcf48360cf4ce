/**
 * Finding ids, resources and severities on random networks (fast-check): ids are unique and have
 * the documented form; every rule finding's resource is its rule's Terraform address; the same
 * network with its groups' rules interleaved in another order (each group's own order kept) gives
 * the very same findings; adding an unrelated group, rules and instance leaves every original
 * finding as it was.
 */
import fc from "fast-check";
import { FINDING_CATALOGUE, Finding, lintNetwork } from "../../lib/analysis";
import { ruleResource } from "../../lib/analysis/findings";
import { ValidationError } from "../../lib/core/errors";
import { Network } from "../../lib/core/network";
import { InstanceLit, RuleLit, buildNetwork } from "../core/helpers";

const GROUPS = ["a", "b", "c"] as const;
const CIDRS = ["0.0.0.0/0", "0.0.0.0/1", "128.0.0.0/1", "10.0.0.0/8", "203.0.113.0/24", "11.0.0.0/7"];
const PORTS = ["22", "20-21", "3306", "80,443", "1-1024", "22,3389"];

const genRule = fc.record({
  sg: fc.constantFrom(...GROUPS),
  egress: fc.boolean(),
  protocol: fc.constantFrom("tcp", "udp", "any"),
  ports: fc.option(fc.constantFrom(...PORTS), { nil: undefined }),
  remote: fc.oneof(
    fc.constantFrom(...CIDRS).map((cidr) => ({ kind: "cidr" as const, cidr })),
    fc.constantFrom(...GROUPS).map((group) => ({ kind: "group" as const, group })),
    fc.constant({ kind: "addressGroup" as const }),
    fc.constant({ kind: "any" as const }),
  ),
  deny: fc.boolean(),
  priority: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined, freq: 8 }),
  /** IPv6 when the remote allows it (every address or a group). */
  ipv6: fc.boolean(),
});
type GenRule = typeof genRule extends fc.Arbitrary<infer T> ? T : never;

function toLit(r: GenRule, i: number): RuleLit {
  const withPorts = r.protocol !== "any" && r.ports;
  const v6 = r.ipv6 && (r.remote.kind === "any" || r.remote.kind === "group");
  return {
    sg: r.sg,
    id: `rule.${r.sg}_${i}`,
    direction: r.egress ? "egress" : "ingress",
    ethertype: v6 ? "IPv6" : "IPv4",
    ...(r.protocol !== "any" ? { protocol: r.protocol } : {}),
    ...(withPorts ? { ports: r.ports } : {}),
    ...(r.remote.kind === "cidr" ? { remote_ip_prefix: r.remote.cidr } : {}),
    ...(r.remote.kind === "group" ? { remote_group_id: r.remote.group } : {}),
    ...(r.remote.kind === "addressGroup" ? { remote_address_group_id: "partners" } : {}),
    action: r.deny ? "deny" : "allow",
    ...(r.priority !== undefined ? { priority: r.priority } : {}),
  };
}

const FLAVORS = ["s6.small.1", "kc1.large.2", "s1.medium"];

function build(rules: readonly RuleLit[], flavor: string, keepDefaults: boolean, unrelated: boolean): Network | undefined {
  const instances: Record<string, InstanceLit> = {
    "vm.one": { groups: ["a", "b"], ip: "10.0.0.5", flavor },
    "vm.two": { groups: ["b"], ip: "10.0.0.6", flavor },
  };
  const extra: RuleLit[] = [];
  if (unrelated) {
    instances["vm.z"] = { groups: ["z"], ip: "10.0.9.9", flavor: "kc1.large.2" };
    extra.push(
      { sg: "z", id: "rule.z_ssh", direction: "ingress", protocol: "tcp", ports: "22,23", remote_ip_prefix: "0.0.0.0/0", action: "allow", priority: 1 },
      { sg: "z", id: "rule.z_dup", direction: "ingress", protocol: "tcp", ports: "22", remote_ip_prefix: "0.0.0.0/1", action: "deny", priority: 2 },
      { sg: "z", id: "rule.z_np", direction: "egress", protocol: "udp", remote_group_id: "z" },
    );
  }
  try {
    return buildNetwork({
      groups: {
        a: { delete_default_rules: !keepDefaults },
        b: { delete_default_rules: true },
        c: {},
        ...(unrelated ? { z: { delete_default_rules: true } } : {}),
      },
      addressGroups: { partners: { addresses: ["203.0.113.0/25", "8.0.0.0/7"] } },
      rules: [...extra, ...rules],
      instances,
    });
  } catch (e) {
    if (e instanceof ValidationError) return undefined; // an allow and a deny with the same match: rejected like the API does
    throw e;
  }
}

/** Reorders the rules by `keys` while every group keeps its own rules in their order. */
function interleave(rules: readonly RuleLit[], keys: readonly number[]): RuleLit[] {
  const shuffled = rules.map((r, i) => ({ r, k: keys[i % keys.length] ?? 0, i })).sort((x, y) => x.k - y.k || x.i - y.i).map((x) => x.r);
  const queues = new Map<string, RuleLit[]>();
  for (const r of rules) queues.set(r.sg, [...(queues.get(r.sg) ?? []), r]);
  return shuffled.map((r) => queues.get(r.sg)!.shift()!);
}

describe("finding ids, resources and severities (fast-check)", () => {
  it("ids are unique and stable under interleaving and unrelated additions; resources are the rules' addresses", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(
        fc.array(genRule, { minLength: 1, maxLength: 9 }),
        fc.constantFrom(...FLAVORS),
        fc.boolean(),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 9 }),
        (gen, flavor, keepDefaults, keys) => {
          const rules = gen.map(toLit);
          const net = build(rules, flavor, keepDefaults, false);
          fc.pre(net !== undefined);
          const findings = lintNetwork(net!);
          expect(new Set(findings.map((f) => f.id)).size).toBe(findings.length);
          for (const f of findings) {
            seen.add(f.code);
            checkShape(f);
          }
          const reordered = build(interleave(rules, keys), flavor, keepDefaults, false)!;
          expect(lintNetwork(reordered)).toEqual(findings);
          const extended = lintNetwork(build(rules, flavor, keepDefaults, true)!);
          const mentionsZ = (f: Finding) => [f.resource, f.groupId ?? "", f.instanceId ?? "", ...f.ruleIds].some((id) => /(^|\.)z(_|$)|vm\.z/.test(id));
          expect(extended.filter((f) => !mentionsZ(f))).toEqual(findings);
          expect(extended.filter(mentionsZ).length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 150, seed: 424242 },
    );
    expect([...seen].sort()).toEqual(["HWSG001", "HWSG004", "HWSG005", "HWSG006", "HWSG007", "HWSG008"]);
  });
});

/** The documented id, resource and severity of a finding, from its other fields. */
function checkShape(f: Finding): void {
  expect(f.message).toMatch(/^[A-Z][^\n]*\.$/);
  expect(f.fix).toMatch(/^[A-Z][^\n]*\.$/);
  switch (f.code) {
    case "HWSG001": {
      const subject = f.instanceId!.startsWith("member of ") ? f.instanceId!.slice("member of ".length) : f.instanceId!;
      expect(f.resource).toBe(subject);
      expect(f.id).toBe(`HWSG001:${subject}:ipv${f.exposure!.version}:${f.exposure!.protocol}/${f.exposure!.port}`);
      expect(f.severity).toBe("error");
      expect(f.exposure!.share).toBeGreaterThan(0);
      expect(f.exposure!.share).toBeLessThanOrEqual(1);
      for (const id of f.ruleIds) expect(f.fix).toContain(id);
      break;
    }
    case "HWSG004": {
      expect(f.id).toBe(`HWSG004:${f.ruleIds[0]}`);
      expect(f.resource).toBe(ruleResource(f.ruleIds[0]));
      expect(f.ruleIds.slice(1)).toEqual(f.coveredBy);
      const isDefault = f.ruleIds[0].includes("#default-");
      expect(f.severity).toBe(f.cover === "same-action" || isDefault ? "warning" : "error");
      expect(f.message).toContain("never takes effect, covered by the ");
      expect(f.fix).toContain(isDefault ? "delete_default_rules" : f.ruleIds[0]);
      break;
    }
    case "HWSG005":
      expect(f.id).toBe(`HWSG005:${f.ruleIds[0]}:${f.ruleIds[1]}`);
      expect(f.resource).toBe(ruleResource(f.ruleIds[0]));
      expect(f.severity).toBe(FINDING_CATALOGUE.HWSG005.severity);
      break;
    case "HWSG007":
      expect(f.id).toBe(`HWSG007:${f.ruleIds[0]}:${f.instanceId}`);
      expect(f.resource).toBe(f.ruleIds[0]);
      expect(f.message).toContain("will not take effect on instance");
      break;
    default:
      expect(f.id).toBe(`${f.code}:${f.ruleIds[0] ?? f.instanceId}`);
      expect(f.resource).toBe(ruleResource(f.ruleIds[0] ?? f.instanceId!));
      expect(f.severity).toBe(FINDING_CATALOGUE[f.code].severity);
  }
}
