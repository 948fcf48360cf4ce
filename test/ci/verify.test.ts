/**
 * `hwsg verify <path> --policy FILE`: a policy with every quantifier and every end type (the
 * internet, CIDRs with except, an address group, instances, groups with members, a group with
 * no instance, module addresses) and every port form, checked on the fixture network — each
 * intent also asked of the constructs' intent engine (`answerReachQuestion`, what
 * `ReachabilityIntent` checks at synth) on the same network, which must answer alike.
 */
import * as fs from "fs";
import * as path from "path";
import { checkPolicy, IntentOutcome } from "../../lib/policy/policy-check";
import { AddressSet } from "../../lib/core/address-set";
import { IpVersion } from "../../lib/core/ip";
import { Network } from "../../lib/core/network";
import { Endpoint } from "../../lib/constructs/endpoint";
import { Port } from "../../lib/constructs/port";
import { ResolvableEnd, answerReachQuestion } from "../../lib/constructs/reach-question";
import { parsePolicy, readPolicy, PolicyEnd, PolicyPort } from "../../lib/policy/policy-file";
import { readTerraform } from "../../lib/terraform/reader";
import { runCli } from "../cli/run-cli";
import { FIXTURES, removeTempDirs, writeFiles } from "../terraform/tf-json";
import { sarifErrors } from "./sarif-schema";

afterAll(removeTempDirs);

const DIR = path.join(FIXTURES, "ci", "verify");
const NETWORK = path.join(DIR, "network");
const POLICY = path.join(DIR, "policy.yaml");

/** What the fixture was written to make true (see the comments in network/main.tf). */
const EXPECTED: Readonly<Record<string, boolean>> = {
  "web-https-from-internet": true,
  "no-ssh-from-internet-but-office": true,
  "office-ssh": false, // legacy (S1) is a member of web and ignores the address-group rule
  "web-to-app": true,
  "app-dns-and-ping-inside": true,
  "db-private": false, // db_partner opens MySQL to 192.0.2.0/24
  "batch-reaches-db": true,
  "app-reaches-cache": true,
  "web-not-to-cache": true,
};

/** The constructs' end for a policy end: real `Endpoint`s for addresses and groups; instances by id. */
function constructEnd(network: Network, end: PolicyEnd): ResolvableEnd {
  if (end.kind === "internet") return { resolve: (n, v, s, f) => Endpoint.internet(v).resolve(n, v, s, f) };
  if (end.kind === "addresses") {
    // `internet` inside cidrs is the public addresses of the version, as Endpoint.internet()
    return {
      resolve: (n, v, s, f) => {
        const of = (texts: readonly string[]) => texts.reduce((set, t) => set.union(t === "internet" ? (Endpoint.internet(v).resolve(n, v, s, f) as { addresses: AddressSet }).addresses : AddressSet.parse(t)), AddressSet.empty(v));
        return { kind: "external", addresses: of(end.include).subtract(of(end.except)), label: "addresses" };
      },
    };
  }
  const id = end.address;
  if (network.groups.has(id)) return Endpoint.group({ securityGroupId: id, refLabel: id, modelId: () => id });
  const ag = network.addressGroups.get(id);
  if (ag) return Endpoint.addressGroup({ addressGroupId: id, ipVersion: ag.version, refLabel: id, modelId: () => id });
  // What Endpoint.instance(resource) resolves to, for an instance known by its Terraform address.
  return { resolve: (n) => ({ kind: "instances", instanceIds: [id], label: id, network: n }) };
}

function constructPort(p: PolicyPort, version: IpVersion): Port {
  switch (p.kind) {
    case "all":
      return Port.allTraffic();
    case "icmp":
      return p.type === undefined ? Port.allIcmp() : Port.icmpType(p.type, p.code);
    case "icmpv6":
      return version === 6 ? Port.allIcmp() : Port.protocol(58);
    case "tcp":
      return p.from === 1 && p.to === 65535 ? Port.allTcp() : Port.tcpRange(p.from, p.to);
    case "udp":
      return p.from === 1 && p.to === 65535 ? Port.allUdp() : Port.udpRange(p.from, p.to);
  }
}

/** The constructs' answer to an intent: one question per ports entry, aggregated as a ReachabilityIntent would over a union. */
function constructsAnswer(network: Network, o: IntentOutcome) {
  const answers = o.intent.ports.map((p) =>
    answerReachQuestion(network, { from: constructEnd(network, o.intent.from), to: constructEnd(network, o.intent.to), port: constructPort(p, o.version), except: [], version: o.version, quantifier: o.intent.quantifier }, o.intent.name),
  );
  const holds = o.intent.quantifier === "some" ? answers.some((a) => a.holds) : answers.every((a) => a.holds);
  const failing = o.intent.quantifier === "some" ? answers[0] : answers.find((a) => !a.holds);
  return { holds, witness: holds ? undefined : failing?.result?.witness };
}

describe("policy intents checked with the constructs' engine", () => {
  it("every intent holds or fails as designed, and exactly as the constructs' intent engine answers", async () => {
    const model = await readTerraform(NETWORK, { unknowns: "collect" });
    const outcomes = checkPolicy(model.network, readPolicy(POLICY));
    expect(Object.fromEntries(outcomes.map((o) => [o.intent.name, o.holds]))).toEqual(EXPECTED);
    // Every quantifier and every end kind is in the policy.
    expect(new Set(outcomes.map((o) => o.intent.quantifier))).toEqual(new Set(["every", "none", "some"]));
    expect(new Set(outcomes.flatMap((o) => [o.intent.from.kind, o.intent.to.kind]))).toEqual(new Set(["internet", "addresses", "address"]));
    for (const o of outcomes) {
      const theirs = constructsAnswer(model.network, o);
      expect({ name: o.intent.name, holds: theirs.holds }).toEqual({ name: o.intent.name, holds: o.holds });
      if (!o.holds) expect({ name: o.intent.name, flow: o.result?.witness.flow, rule: o.result?.witness.rule }).toEqual({ name: o.intent.name, flow: theirs.witness?.flow, rule: theirs.witness?.rule });
    }
  });

  it("a group with no member is checked on a hypothetical member, named as such", async () => {
    const model = await readTerraform(NETWORK, { unknowns: "collect" });
    const batch = checkPolicy(model.network, readPolicy(POLICY)).find((o) => o.intent.name === "batch-reaches-db")!;
    expect(batch.from.label).toBe("a member of huaweicloud_networking_secgroup.batch (hypothetical: no member has the group)");
    expect(batch.result?.witness.flow.src).toMatchObject({ kind: "instance", instanceId: "member of huaweicloud_networking_secgroup.batch" });
  });
});

describe("hwsg verify", () => {
  it("text: each intent, and for a failing one the counterexample and the deciding rule; exit 1", async () => {
    const r = await runCli(["verify", NETWORK, "--policy", POLICY]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("FAILS  db-private");
    expect(r.stdout).toContain("counterexample: tcp port 3306 from 192.0.2.0 to huaweicloud_compute_instance.db (10.40.1.30) is ALLOWED");
    expect(r.stdout).toContain("deciding rule: huaweicloud_networking_secgroup_rule.db_partner");
    expect(r.stdout).toContain("FAILS  office-ssh");
    expect(r.stdout).toContain("9 intents checked: 2 fail");
  });

  it("--json: schema hwsg/verify@1, intents with name, holds, counterexample and rule", async () => {
    const r = await runCli(["verify", NETWORK, "--policy", POLICY, "--json"]);
    const doc = JSON.parse(r.stdout);
    expect(doc.schema).toBe("hwsg/verify@1");
    expect(Object.fromEntries(doc.intents.map((i: { name: string; holds: boolean }) => [i.name, i.holds]))).toEqual(EXPECTED);
    const db = doc.intents.find((i: { name: string }) => i.name === "db-private");
    expect(db.counterexample).toMatchObject({ verdict: "allow", protocol: "tcp", port: 3306, from: { address: "192.0.2.0" }, to: { instance: "huaweicloud_compute_instance.db" } });
    expect(db.rule.id).toBe("huaweicloud_networking_secgroup_rule.db_partner");
    const office = doc.intents.find((i: { name: string }) => i.name === "office-ssh");
    expect(office.counterexample).toMatchObject({ verdict: "deny", to: { instance: "huaweicloud_compute_instance.legacy" } });
    expect(doc.intents.find((i: { name: string }) => i.name === "web-to-app").counterexample).toBeNull();
  });

  it("exit 0 when every intent holds; the same policy in JSON reads alike", async () => {
    const dir = writeFiles({
      "p.json": JSON.stringify({ intents: [{ name: "web-https", quantifier: "every", from: "internet", to: "huaweicloud_compute_instance.web", ports: ["tcp/443"] }] }),
    });
    const r = await runCli(["verify", NETWORK, "--policy", path.join(dir, "p.json")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("1 intent checked: all hold");
  });

  it("--markdown and --sarif (valid SARIF 2.1.0, one result per failing intent at the deciding rule's block)", async () => {
    const md = await runCli(["verify", NETWORK, "--policy", POLICY, "--markdown"]);
    expect(md.stdout).toContain("## hwsg verify: 2 intents of 9 fail");
    expect(md.stdout).toContain("### db-private");
    const sarif = await runCli(["verify", NETWORK, "--policy", POLICY, "--sarif"]);
    const doc = JSON.parse(sarif.stdout);
    expect(sarifErrors(doc)).toEqual([]);
    const results = doc.runs[0].results;
    expect(results.map((x: { properties: { intent: string } }) => x.properties.intent).sort()).toEqual(["db-private", "office-ssh"]);
    const db = results.find((x: { properties: { intent: string } }) => x.properties.intent === "db-private");
    const text = fs.readFileSync(path.join(NETWORK, "main.tf"), "utf8").split("\n");
    const line = text.findIndex((l) => l.includes('"db_partner"')) + 1;
    expect(db.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: path.relative(process.cwd(), path.join(NETWORK, "main.tf")) }, region: { startLine: line } });
    expect(db.locations[1].physicalLocation.region.startLine).toBe(fs.readFileSync(POLICY, "utf8").split("\n").findIndex((l) => l.includes("name: db-private")) + 1);
  });

  it("reports unknowns as check does, and --fail-on-unknown fails on one that can change a verdict", async () => {
    const tf = fs.readFileSync(path.join(NETWORK, "main.tf"), "utf8").replace('remote_ip_prefix  = "192.0.2.0/24"', "remote_ip_prefix  = var.partner");
    const dir = writeFiles({ "tf/main.tf": `variable "partner" { type = string }\n${tf}`, "tf/modules/cache/main.tf": fs.readFileSync(path.join(NETWORK, "modules", "cache", "main.tf"), "utf8") });
    const policy = writeFiles({ "p.yaml": "intents:\n  - name: app-to-db\n    quantifier: every\n    from: huaweicloud_compute_instance.app\n    to: huaweicloud_compute_instance.db\n    ports: tcp/3306\n" });
    const plain = await runCli(["verify", path.join(dir, "tf"), "--policy", path.join(policy, "p.yaml")]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/unknown: .*huaweicloud_networking_secgroup_rule\.db_partner: remote_ip_prefix = var\.partner/);
    const strict = await runCli(["verify", path.join(dir, "tf"), "--policy", path.join(policy, "p.yaml"), "--fail-on-unknown"]);
    expect(strict.code).toBe(1);
  });

  it("an end that names nothing of the configuration is exit 2, one line with file, line and field", async () => {
    const dir = writeFiles({ "p.yaml": "intents:\n  - name: x\n    quantifier: none\n    from: internet\n    to: huaweicloud_compute_instance.nope\n    ports: all\n" });
    const r = await runCli(["verify", NETWORK, "--policy", path.join(dir, "p.yaml")]);
    expect(r.code).toBe(2);
    expect(r.errLines).toEqual([`hwsg: ${path.join(dir, "p.yaml")}:5: intents[0].to: huaweicloud_compute_instance.nope is not a member, a security group or an address group of the configuration`]);
  });

  it("two address ends are exit 2: one end at least must be members", async () => {
    const dir = writeFiles({ "p.yaml": "intents:\n  - name: x\n    quantifier: none\n    from: internet\n    to: 10.0.0.0/8\n    ports: all\n" });
    const r = await runCli(["verify", NETWORK, "--policy", path.join(dir, "p.yaml")]);
    expect(r.code).toBe(2);
    expect(r.errLines).toEqual([`hwsg: ${path.join(dir, "p.yaml")}:5: intents[0].to: both ends are addresses outside the model: one end at least must be members (a member's address or a security group's)`]);
  });

  it("a managed service is a member like an instance: an RDS instance as an end, reached through a remote_group_id rule", async () => {
    const members = path.join(FIXTURES, "members", "rds-client");
    const dir = writeFiles({
      "p.yaml": [
        "intents:",
        "  - name: client-reaches-db",
        "    quantifier: every",
        "    from: huaweicloud_compute_instance.client",
        "    to: huaweicloud_rds_instance.pg",
        "    ports: tcp/5432",
        "  - name: db-private",
        "    quantifier: none",
        "    from: internet",
        "    to: huaweicloud_networking_secgroup.svc",
        "    ports: all",
        "",
      ].join("\n"),
    });
    const r = await runCli(["verify", members, "--policy", path.join(dir, "p.yaml")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("members of huaweicloud_networking_secgroup.svc (huaweicloud_rds_instance.pg)");
  });
});

describe("ICMP types and codes in a policy", () => {
  it("decides icmp/<type> and icmp/<type>/<code> exactly, as the constructs' intents do", async () => {
    const model = await readTerraform(path.join(__dirname, "..", "fixtures", "icmp"));
    const policy = parsePolicy(
      "icmp.yaml",
      [
        "intents:",
        "  - { name: ping, quantifier: every, from: internet, to: huaweicloud_compute_instance.web, ports: icmp/8 }",
        "  - { name: echo-only, quantifier: none, from: internet, to: huaweicloud_compute_instance.web, ports: icmp/13 }",
        "  - { name: pmtu-inside, quantifier: every, from: 10.0.0.0/8, to: huaweicloud_compute_instance.web, ports: icmp/3/4 }",
        "  - { name: pmtu-outside, quantifier: some, from: internet, to: huaweicloud_compute_instance.web, ports: icmp/3/4 }",
        "  - { name: all-icmp, quantifier: every, from: internet, to: huaweicloud_compute_instance.web, ports: icmp }",
      ].join("\n"),
    );
    const outcomes = checkPolicy(model.network, policy);
    expect(outcomes.map((o) => [o.intent.name, o.holds])).toEqual([
      ["ping", true],
      ["echo-only", true],
      ["pmtu-inside", true],
      ["pmtu-outside", false],
      ["all-icmp", false],
    ]);
    for (const o of outcomes) {
      const answer = constructsAnswer(model.network, o);
      expect([o.intent.name, answer.holds]).toEqual([o.intent.name, o.holds]);
    }
  });
});

