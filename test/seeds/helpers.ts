/**
 * Shared harness for the seed scenarios (test/fixtures/seeds/<scenario>/main.tf.json): each case
 * is checked twice, through the API (readDocuments + evaluateFlow) and through the CLI
 * (`hwsg query ... --json`), for the verdict AND the deciding rule's Terraform address.
 */
import * as path from "path";
import { run } from "../../lib/cli/main";
import { AddressSet } from "../../lib/core/address-set";
import { evaluateFlow, Verdict } from "../../lib/core/evaluator";
import { Flow, FlowEnd } from "../../lib/core/flow";
import { IpVersion, parseAddress } from "../../lib/core/ip";
import { Network } from "../../lib/core/network";
import { PortSet } from "../../lib/core/port-set";
import { icmpMessage, isIcmp } from "../../lib/core/icmp";
import { parseFlowProtocol } from "../../lib/core/protocol";
import { ReachEnd, checkReach } from "../../lib/core/reachability";
import { loadDocuments } from "../../lib/terraform/documents";
import { TerraformModel, readDocuments } from "../../lib/terraform/reader";

export const FIXTURES = path.join(__dirname, "..", "fixtures", "seeds");

/** The directory of a seed scenario. */
export function fixtureDir(scenario: string): string {
  return path.join(FIXTURES, scenario);
}

const loaded = new Map<string, TerraformModel>();

/**
 * Reads a scenario's Terraform JSON once per test file, synchronously (readDocuments on the JSON
 * form; test/terraform/seeds-async.test.ts checks that readTerraform reads the same model).
 */
export function load(scenario: string): TerraformModel {
  let r = loaded.get(scenario);
  if (!r) {
    r = readDocuments(loadDocuments(fixtureDir(scenario)));
    loaded.set(scenario, r);
  }
  return r;
}

/** An address as the model's number. */
export function ip(text: string): bigint {
  const a = parseAddress(text);
  if (!a) throw new Error(`test bug: ${text} is not an address`);
  return a.value;
}

/** Terraform addresses used throughout the seed tests. */
export const inst = (name: string): string => `huaweicloud_compute_instance.${name}`;
export const rule = (name: string): string => `huaweicloud_networking_secgroup_rule.${name}`;
export const group = (name: string): string => `huaweicloud_networking_secgroup.${name}`;
export const defaultRule = (groupName: string, direction: "ingress" | "egress", version: IpVersion = 4): string =>
  `${group(groupName)}#default-${direction}-ipv${version}`;

/** One flow question, in the CLI's vocabulary. */
export interface Query {
  /** An IP address or a compute instance's Terraform address. */
  readonly from: string;
  /** An IP address or a compute instance's Terraform address. */
  readonly to: string;
  /** The address the packet carries when it is not the source instance's fixed IP (VIP, forwarded). */
  readonly fromAddress?: string;
  /** tcp, udp, icmp, icmpv6, gre, all or a number. */
  readonly protocol: string;
  readonly port?: number;
  /** The IP version, when neither end is an address (instance to instance over IPv6). @default 4 */
  readonly version?: IpVersion;
}

/** The expected outcome: the verdict and the deciding rule (one of several when two rules tie). */
export interface Expected {
  readonly verdict: "allow" | "deny";
  readonly rule: string | null | readonly string[];
}

export interface SeedCase {
  readonly name: string;
  readonly query: Query;
  readonly expect: Expected;
  /** Skip the CLI check (a question the CLI cannot express). */
  readonly apiOnly?: string;
}

function versionOf(q: Query): IpVersion {
  for (const t of [q.from, q.to, q.fromAddress]) {
    const a = t !== undefined ? parseAddress(t) : undefined;
    if (a) return a.version;
  }
  return q.version ?? (q.protocol === "icmpv6" ? 6 : 4);
}

/** Builds the API flow of a query: instances send from / are reached at their fixed IP of the version. */
export function flowOf(network: Network, q: Query): Flow {
  const version = versionOf(q);
  const protocol = parseFlowProtocol(q.protocol);
  if (protocol === undefined || protocol === "all") throw new Error(`test bug: protocol ${q.protocol}`);
  const end = (text: string, sendAs?: string): FlowEnd => {
    const a = parseAddress(text);
    if (a) return { kind: "external", address: a.value };
    const instance = network.instance(text);
    const nicIndex = instance.nics.findIndex((n) => (version === 4 ? n.fixedIpV4 : n.fixedIpV6) !== undefined);
    if (nicIndex < 0) throw new Error(`test bug: ${text} has no IPv${version} fixed IP`);
    const fixed = (version === 4 ? instance.nics[nicIndex].fixedIpV4 : instance.nics[nicIndex].fixedIpV6)!;
    const address = sendAs !== undefined ? ip(sendAs) : fixed;
    return { kind: "instance", instanceId: instance.id, nicIndex, address, fromFixedIp: address === fixed };
  };
  // An ICMP question without a message is a ping: an echo request (type 8, or 128 for ICMPv6, code 0).
  const port = q.port ?? (isIcmp(protocol) ? icmpMessage(protocol === 1 ? 8 : 128, 0) : undefined);
  return {
    version,
    protocol,
    ...(port !== undefined ? { port } : {}),
    src: end(q.from, q.fromAddress),
    dst: end(q.to),
  };
}

/** Evaluates a query through the API. */
export function apiVerdict(scenario: string, q: Query): Verdict {
  const { network } = load(scenario);
  return evaluateFlow(network, flowOf(network, q));
}

/**
 * A quantified question, as `hwsg query` asks it without `--port` (every port) or with
 * `--protocol all` (every protocol): is EVERY flow of that space allowed? The API side is
 * checkReach with the `every` quantifier; the deciding rule is the witness's (the counterexample's
 * when the answer is no).
 */
export interface QuantifiedCase {
  readonly name: string;
  readonly query: Omit<Query, "port" | "fromAddress">;
  readonly expect: Expected;
  /** The port of the counterexample, when it is determined. */
  readonly witnessPort?: number;
}

function reachEnd(network: Network, text: string, version: IpVersion): ReachEnd {
  const a = parseAddress(text);
  if (a) return { kind: "external", addresses: AddressSet.single(version, a.value) };
  return { kind: "instance", instanceId: network.instance(text).id };
}

/** Declares the API and CLI tests of quantified questions on a scenario. */
export function seedQuantified(scenario: string, cases: readonly QuantifiedCase[]): void {
  describe(`${scenario} (every port / every protocol)`, () => {
    for (const c of cases) {
      test(`api: ${c.name}`, () => {
        const { network } = load(scenario);
        const version = versionOf(c.query);
        const protocol = parseFlowProtocol(c.query.protocol);
        if (protocol === undefined) throw new Error(`test bug: protocol ${c.query.protocol}`);
        const r = checkReach(network, {
          from: reachEnd(network, c.query.from, version),
          to: reachEnd(network, c.query.to, version),
          version,
          protocol,
          ...(protocol !== "all" && (protocol === 6 || protocol === 17) ? { ports: PortSet.ALL } : {}),
          quantifier: "every",
        });
        expect(r.holds).toBe(c.expect.verdict === "allow");
        expect(r.witness.verdict).toBe(c.expect.verdict);
        expectRule(r.witness.rule, c.expect.rule);
        if (c.witnessPort !== undefined) expect(r.witness.flow.port).toBe(c.witnessPort);
      });
      test(`cli: ${c.name}`, async () => {
        const r = await cliVerdict(scenario, c.query);
        expectCli(r, c.expect);
        expect((r.json as unknown as { quantified: boolean }).quantified).toBe(true);
        if (c.witnessPort !== undefined) expect((r.json as unknown as { flow: { port: number } }).flow.port).toBe(c.witnessPort);
      });
    }
  });
}

export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  readonly json: {
    verdict: "allow" | "deny";
    rule: string | null;
    hops: Array<{ instance: string; direction: string; verdict: string; rule: string | null; group: string | null }>;
    reason: string;
  };
}

/** The CLI arguments of a query. */
export function cliArgs(scenario: string, q: Query): string[] {
  const args = ["query", fixtureDir(scenario), "--from", q.from, "--to", q.to, "--protocol", q.protocol];
  if (q.port !== undefined) args.push("--port", String(q.port));
  if (q.fromAddress !== undefined) args.push("--from-address", q.fromAddress);
  args.push("--json");
  return args;
}

/** Runs `hwsg query ... --json` in-process. */
export async function cliVerdict(scenario: string, q: Query): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(cliArgs(scenario, q), { out: (s: string) => out.push(s), err: (s: string) => err.push(s) });
  const text = out.join("");
  let json: CliResult["json"];
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`hwsg ${cliArgs(scenario, q).join(" ")} exited ${code} without one JSON object on stdout.\nstdout: ${text}\nstderr: ${err.join("")}`);
  }
  return { code, out: text, err: err.join(""), json };
}

function expectRule(actual: string | null, expected: Expected["rule"]): void {
  if (Array.isArray(expected)) expect(expected).toContain(actual);
  else expect(actual).toBe(expected);
}

/** Checks a verdict of the API against the expectation. */
export function expectApi(v: Verdict, e: Expected): void {
  expect({ verdict: v.verdict, reason: v.reason }).toEqual({ verdict: e.verdict, reason: expect.any(String) });
  expectRule(v.rule, e.rule);
  if (e.verdict === "allow") expect(v.hops.every((h) => h.verdict === "allow")).toBe(true);
}

/** Checks the CLI's answer against the expectation. */
export function expectCli(r: CliResult, e: Expected): void {
  expect({ code: r.code, verdict: r.json.verdict }).toEqual({ code: e.verdict === "allow" ? 0 : 1, verdict: e.verdict });
  expectRule(r.json.rule, e.rule);
  expect(Array.isArray(r.json.hops)).toBe(true);
  expect(typeof r.json.reason).toBe("string");
}

/**
 * Declares the tests of one scenario: the model reads with the expected instances, then each
 * case through the API and through the CLI.
 */
export function seedScenario(scenario: string, instances: readonly string[], cases: readonly SeedCase[], extra?: () => void): void {
  describe(scenario, () => {
    test("reads the Terraform JSON into a model with the scenario's instances", () => {
      const { network, warnings } = load(scenario);
      expect(Array.isArray(warnings)).toBe(true);
      // Every rule of the fixtures writes its priority and action: nothing about them is assumed.
      expect(warnings.filter((w) => /priority|action/i.test(w))).toEqual([]);
      expect([...network.instances.keys()].sort()).toEqual(instances.map(inst).sort());
    });
    for (const c of cases) {
      test(`api: ${c.name}`, () => {
        expectApi(apiVerdict(scenario, c.query), c.expect);
      });
      if (!c.apiOnly) {
        test(`cli: ${c.name}`, async () => {
          expectCli(await cliVerdict(scenario, c.query), c.expect);
        });
      }
    }
    extra?.();
  });
}

/** Every address of a CIDR block, for reachability questions. */
export const block = (cidr: string): AddressSet => AddressSet.parse(cidr);

export const INTERNET = "203.0.113.5";
export const INTERNET_V6 = "2001:db8::5";
