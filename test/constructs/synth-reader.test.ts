/**
 * The synth-time checks read the stack's Terraform with the CLI's reader: iterators (`for_each`
 * from a `TerraformIterator`), `Fn` functions, locals and variables with a default are evaluated
 * as `hwsg check` evaluates them in `cdk.tf.json`, and what cannot be known at synth is an error
 * annotation on the construct that needs it.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Fn, TerraformHclModule, TerraformIterator, TerraformLocal, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { NetworkingSecgroupRule } from "../../.gen/providers/huaweicloud/networking-secgroup-rule";
import { HwsgChecks, SecurityGroup } from "../../lib";
import { readTerraform } from "../../lib/terraform/reader";
import { rulesOf } from "../terraform/hcl-helpers";
import { annotate, network, newStack } from "./helpers";

/** A raw rule of `group` (the provider binding, as a user writes it next to hwsg's constructs). */
function rawRule(stack: TerraformStack, id: string, group: SecurityGroup, props: Partial<ConstructorParameters<typeof NetworkingSecgroupRule>[2]> = {}): NetworkingSecgroupRule {
  return new NetworkingSecgroupRule(stack, id, {
    securityGroupId: group.securityGroupId,
    direction: "ingress",
    ethertype: "IPv4",
    protocol: "tcp",
    ports: "443",
    remoteIpPrefix: "10.0.0.0/8",
    action: "allow",
    priority: 1,
    ...props,
  });
}

/** The rules of the model the checks read, as `address: remote ports`, for the group `g`. */
function modelRules(stack: TerraformStack): string[] {
  const model = HwsgChecks.of(stack).model();
  if (!model) throw new Error("the checks could not read the stack");
  const group = model.network.spec.securityGroups.find((g) => g.id === "huaweicloud_networking_secgroup.g");
  if (!group) throw new Error(`no group g in the model: ${model.network.spec.securityGroups.map((x) => x.id).join(", ")}`);
  return rulesOf(model.network, group.id).map((r) => r.replace(/_[0-9A-F]{8}/g, ""));
}

describe("the synth-time checks evaluate what the CLI evaluates", () => {
  it("a rule with a TerraformIterator over a list: one rule per item, each checked", () => {
    const { stack } = newStack();
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    const it = TerraformIterator.fromList(["10.1.0.0/16", "10.2.0.0/16"]);
    rawRule(stack, "office", g, { forEach: it, remoteIpPrefix: it.value });
    expect(modelRules(stack)).toEqual([
      'huaweicloud_networking_secgroup_rule.office["10.1.0.0/16"]: ingress 6 443 10.1.0.0/16 allow 1',
      'huaweicloud_networking_secgroup_rule.office["10.2.0.0/16"]: ingress 6 443 10.2.0.0/16 allow 1',
    ]);
    const { notes, failure } = annotate(stack);
    expect(failure).toBeUndefined();
    expect(notes).toEqual([]);
  });

  it("a broken iterator (0.0.0.0/1 and 128.0.0.0/1 open SSH to every address between them) fails the synth with a counterexample", () => {
    const { stack } = newStack();
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    const it = TerraformIterator.fromList(["0.0.0.0/1", "128.0.0.0/1"]);
    rawRule(stack, "halves", g, { forEach: it, remoteIpPrefix: it.value, ports: "22" });
    const { notes } = annotate(stack);
    const errors = notes.filter((n) => n.level === "error");
    expect(errors.map((n) => n.path)).toEqual(["s/halves"]);
    expect(errors[0].message).toMatch(/^\[HWSG001\] .*SSH \(tcp port 22\)/);
    expect(errors[0].message).toMatch(/all [\d,]+ public IPv4 addresses \(100%\) may connect/);
    expect(errors[0].message).toContain('huaweicloud_networking_secgroup_rule.halves["0.0.0.0/1"]');
    expect(errors[0].message).toContain('huaweicloud_networking_secgroup_rule.halves["128.0.0.0/1"]');
  });

  it("a TerraformIterator over a map of objects (each.value.cidr, each.value.port)", () => {
    const { stack } = newStack();
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    const it = TerraformIterator.fromMap({ web: { cidr: "10.3.0.0/16", port: "8080" }, api: { cidr: "10.4.0.0/16", port: "9090" } });
    rawRule(stack, "apps", g, { forEach: it, remoteIpPrefix: it.getString("cidr"), ports: it.getString("port") });
    expect(modelRules(stack)).toEqual([
      'huaweicloud_networking_secgroup_rule.apps["api"]: ingress 6 9090 10.4.0.0/16 allow 1',
      'huaweicloud_networking_secgroup_rule.apps["web"]: ingress 6 8080 10.3.0.0/16 allow 1',
    ]);
  });

  it("Fn functions the CLI evaluates: cidrsubnet, cidrhost, join, lookup, element", () => {
    const { stack } = newStack();
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    rawRule(stack, "subnet", g, { remoteIpPrefix: Fn.cidrsubnet("10.0.0.0/8", 8, 5) });
    rawRule(stack, "host", g, { remoteIpPrefix: `${Fn.cidrhost("10.9.0.0/16", 7)}/32`, ports: "22" });
    rawRule(stack, "joined", g, { ports: Fn.join(",", ["80", "443"]), remoteIpPrefix: "10.6.0.0/16" });
    rawRule(stack, "looked_up", g, { remoteIpPrefix: Fn.lookup({ office: "10.7.0.0/16" }, "office", "0.0.0.0/0"), ports: "8443" });
    rawRule(stack, "element", g, { remoteIpPrefix: Fn.element(["10.8.0.0/16", "10.9.0.0/16"], 1), ports: "5432" });
    expect(modelRules(stack)).toEqual([
      "huaweicloud_networking_secgroup_rule.subnet: ingress 6 443 10.5.0.0/16 allow 1",
      "huaweicloud_networking_secgroup_rule.host: ingress 6 22 10.9.0.7/32 allow 1",
      "huaweicloud_networking_secgroup_rule.joined: ingress 6 80,443 10.6.0.0/16 allow 1",
      "huaweicloud_networking_secgroup_rule.looked_up: ingress 6 8443 10.7.0.0/16 allow 1",
      "huaweicloud_networking_secgroup_rule.element: ingress 6 5432 10.9.0.0/16 allow 1",
    ]);
    expect(annotate(stack).failure).toBeUndefined();
  });

  it("a TerraformLocal and a TerraformVariable with a default in a raw rule; instances whose fixed IPs come from Fn.cidrhost", () => {
    const { stack } = newStack();
    const net = network(stack);
    const local = new TerraformLocal(stack, "admin", "10.10.0.0/16");
    const port = new TerraformVariable(stack, "port", { type: "string", default: "8080" });
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    rawRule(stack, "admin_rule", g, { remoteIpPrefix: local.asString, ports: port.stringValue });
    const vm = net.instance("vm", Fn.cidrhost("192.168.1.0/24", 10), [g]);
    const model = HwsgChecks.of(stack).model()!;
    expect(modelRules(stack)).toEqual(["huaweicloud_networking_secgroup_rule.admin_rule: ingress 6 8080 10.10.0.0/16 allow 1"]);
    const instance = model.network.instance(`huaweicloud_compute_instance.${vm.friendlyUniqueId}`);
    expect(instance.nics[0].fixedIpV4).toBe(0xc0a8010an);
    const { notes } = annotate(stack);
    expect(notes.filter((n) => n.level !== "info").map((n) => [n.path, n.level, n.message.slice(0, 40)])).toEqual([["s/admin_rule", "warning", "[hwsg] proved for the default of var.por"]]);
  });

  it("an invalid value reached through a function fails the synth naming the resource and the field, as hwsg check does", () => {
    const { stack } = newStack();
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    rawRule(stack, "bad", g, { remoteIpPrefix: Fn.join("", ["10.0.0.1", "/8"]) });
    const { failure } = annotate(stack);
    expect(failure).toContain("huaweicloud_networking_secgroup_rule.bad");
    expect(failure).toContain('remote_ip_prefix "10.0.0.1/8" is invalid');
    expect(failure).not.toMatch(/readDocuments|prepareDocuments|TfToken/);
  });
});

describe("what the checks do not see is said", () => {
  it("a module call (its code is not in the stack's Terraform) is a warning naming it, never skipped in silence", () => {
    const { stack } = newStack();
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    new TerraformHclModule(stack, "extra_rules", { source: "example/sg-rules/huaweicloud", version: "1.0.0", variables: { group: g.securityGroupId } });
    const { notes, failure } = annotate(stack);
    expect(failure).toBeUndefined();
    expect(notes).toEqual([
      {
        path: "s",
        level: "warning",
        message: '[hwsg] cdk.tf.json: module.extra_rules: The module is not expanded: its code is not part of the documents read (hwsg check expands it when given the module directory, or a cdktf.out stack after terraform init). Nothing the module creates (security groups, rules, instances, subnets) is in the model: verdicts involving them may be wrong, and findings about them are missed.',
      },
    ]);
  });
});

describe("one reader", () => {
  it("the checks' model of a stack is the model hwsg check reads from the same cdk.tf.json", async () => {
    const { stack } = newStack();
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    const it = TerraformIterator.fromList(["10.1.0.0/16", "10.2.0.0/16"]);
    rawRule(stack, "office", g, { forEach: it, remoteIpPrefix: it.value, ports: Fn.join(",", ["80", "443"]) });
    rawRule(stack, "host", g, { remoteIpPrefix: `${Fn.cidrhost("10.9.0.0/16", 7)}/32`, ports: "22" });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hwsg-one-reader-"));
    try {
      const file = path.join(dir, "cdk.tf.json");
      fs.writeFileSync(file, Testing.synth(stack));
      const cli = await readTerraform(file);
      const group = "huaweicloud_networking_secgroup.g";
      // Testing.synth writes the keys sorted; the checks read the stack in construct order.
      expect([...modelRules(stack)].sort()).toEqual(rulesOf(cli.network, group).sort());
      expect(modelRules(stack)).toHaveLength(3);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
