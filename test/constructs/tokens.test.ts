/**
 * Tokens in construct props (a TerraformVariable, a TerraformLocal, an Fn call): construction
 * never throws for them; the synth-time checks prove the rule with the value the token has at
 * synth and say which variable defaults they assumed, or, when the value cannot be known at
 * synth, put an error annotation on the rule's construct naming its path, the field and why.
 */
import { App, Fn, TerraformLocal, TerraformStack, TerraformVariable, Testing, Token } from "cdktf";
import { BastionSg, Endpoint, Peer, Port, ReachabilityIntent, SecurityGroup } from "../../lib";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { HuaweicloudProvider } from "../../.gen/providers/huaweicloud/provider";
import { annotate, newStack } from "./helpers";

/** The annotations of the stack, without hwsg's checks' own informational notes. */
function notes(stack: TerraformStack) {
  const { notes: all, failure } = annotate(stack);
  return { notes: all.filter((n) => n.level !== "info"), failure };
}

const INTERNAL = /TfToken|\$\{Token|readDocuments|prepareDocuments|parseSimple/;

describe("a TerraformVariable with a default as a peer", () => {
  function office(defaultCidr: string) {
    const { app, stack } = newStack();
    const cidr = new TerraformVariable(stack, "office_cidr", { type: "string", default: defaultCidr });
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    const rules = g.addIngressRule(Peer.ipv4(cidr.stringValue), Port.SSH);
    return { app, stack, g, rules };
  }

  it("is accepted at construction and written as the variable's reference", () => {
    const { stack, rules } = office("203.0.113.0/24");
    expect(rules).toHaveLength(1);
    expect(rules[0].node.id).toBe("ingress-allow-tcp-22-from-var-office_cidr");
    const json = JSON.parse(Testing.synth(stack)) as { resource: Record<string, Record<string, Record<string, unknown>>> };
    const written = Object.values(json.resource.huaweicloud_networking_secgroup_rule);
    expect(written.map((r) => r.remote_ip_prefix)).toEqual(["${var.office_cidr}"]);
  });

  it("is proved for its default, with a warning naming the variable and the value assumed", () => {
    const { stack } = office("203.0.113.0/24");
    const { notes: n, failure } = notes(stack);
    expect(failure).toBeUndefined();
    expect(n).toEqual([
      {
        path: "s/g/ingress-allow-tcp-22-from-var-office_cidr",
        level: "warning",
        message: expect.stringMatching(/^\[hwsg\] proved for the default of var\.office_cidr \("203\.0\.113\.0\/24"\): a different value given when Terraform runs/),
      },
    ]);
  });

  it("whose default opens SSH to the internet is a finding on the rule (the value proved is the default)", () => {
    const { stack } = office("0.0.0.0/0");
    const { notes: n } = notes(stack);
    expect(n.filter((x) => x.level === "error")).toEqual([
      { path: "s/g/ingress-allow-tcp-22-from-var-office_cidr", level: "error", message: expect.stringMatching(/^\[HWSG001\] .*SSH \(tcp port 22\)/) },
    ]);
    expect(n.some((x) => x.level === "warning" && x.message.includes("var.office_cidr"))).toBe(true);
  });

  it("whose default is not a valid CIDR fails the synth naming the construct path and the field", () => {
    const { stack } = office("10.0.0.1/8");
    const { failure } = notes(stack);
    expect(failure).toContain("s/g/ingress-allow-tcp-22-from-var-office_cidr");
    expect(failure).toContain("remote_ip_prefix");
    expect(failure).not.toMatch(INTERNAL);
  });
});

describe("a token that cannot be known at synth", () => {
  it("a variable without default as a peer: an error annotation on the rule naming path, field and why; construction does not throw", () => {
    const { stack } = newStack();
    const cidr = new TerraformVariable(stack, "admin_cidr", { type: "string" });
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    expect(() => g.addIngressRule(Peer.ipv4(cidr.stringValue), Port.SSH)).not.toThrow();
    const { notes: n } = notes(stack);
    expect(n).toEqual([
      {
        path: "s/g/ingress-allow-tcp-22-from-var-admin_cidr",
        level: "error",
        message: expect.stringMatching(/^\[hwsg\] s\/g\/ingress-allow-tcp-22-from-var-admin_cidr: remote_ip_prefix is not known at synth \(\$\{var\.admin_cidr\}\)\. The variable admin_cidr has no default/),
      },
    ]);
    expect(n[0].message).not.toMatch(INTERNAL);
  });

  it("fails app.synth()", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "hwsg-tokens-"));
    try {
      const app = new App({ outdir });
      const stack = new TerraformStack(app, "s");
      new HuaweicloudProvider(stack, "huaweicloud", { region: "cn-north-4" });
      const cidr = new TerraformVariable(stack, "admin_cidr", { type: "string" });
      new SecurityGroup(stack, "g", { allowAllOutbound: false }).addIngressRule(Peer.ipv4(cidr.stringValue), Port.SSH);
      expect(() => app.synth()).toThrow(/remote_ip_prefix is not known at synth/);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  it("a port from a variable without default: an error on the rule naming ports", () => {
    const { stack } = newStack();
    const port = new TerraformVariable(stack, "app_port", { type: "number" });
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    const [rule] = g.addIngressRule(Peer.ipv4("10.0.0.0/8"), Port.tcp(port.numberValue));
    const { notes: n } = notes(stack);
    expect(n.map((x) => [x.path, x.level])).toEqual([[rule.node.path, "error"]]);
    expect(n[0].message).toMatch(/: ports is not known at synth \(\$\{var\.app_port\}\)/);
    expect(n[0].message).not.toMatch(INTERNAL);
  });

  it("a priority from a variable without default: an error on the rule naming priority", () => {
    const { stack } = newStack();
    const priority = new TerraformVariable(stack, "prio", { type: "number" });
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    const [rule] = g.addIngressRule(Peer.ipv4("10.0.0.0/8"), Port.SSH, { priority: priority.numberValue });
    expect(rule.node.id).toBe("ingress-allow-tcp-22-from-10-0-0-0_8-p-var-prio");
    const { notes: n } = notes(stack);
    expect(n.map((x) => [x.path, x.level])).toEqual([[rule.node.path, "error"]]);
    expect(n[0].message).toMatch(/: priority is not known at synth \(\$\{var\.prio\}\)/);
    expect(n[0].message).not.toMatch(INTERNAL);
  });
});

describe("tokens resolved at synth: locals and functions", () => {
  it("a TerraformLocal as the peer and as the priority is proved with its value, without a warning", () => {
    const { stack } = newStack();
    const cidr = new TerraformLocal(stack, "office", "198.51.100.0/24");
    const prio = new TerraformLocal(stack, "prio", 10);
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    g.addIngressRule(Peer.ipv4(cidr.asString), Port.SSH, { priority: prio.asNumber });
    const { notes: n, failure } = notes(stack);
    expect(failure).toBeUndefined();
    expect(n).toEqual([]);
  });

  it("an Fn.cidrsubnet of a variable's default: proved, with the warning naming the variable", () => {
    const { stack } = newStack();
    const base = new TerraformVariable(stack, "base", { type: "string", default: "10.0.0.0/8" });
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    g.addIngressRule(Peer.ipv4(Fn.cidrsubnet(base.stringValue, 8, 1)), Port.HTTPS);
    const { notes: n, failure } = notes(stack);
    expect(failure).toBeUndefined();
    expect(n.map((x) => x.message)).toEqual([expect.stringContaining('proved for the default of var.base ("10.0.0.0/8")')]);
  });

  it("a local whose value comes from a variable carries the variable's default into the warning", () => {
    const { stack } = newStack();
    const base = new TerraformVariable(stack, "vpn", { type: "string", default: "192.0.2.0/24" });
    const local = new TerraformLocal(stack, "vpn_cidr", base.stringValue);
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    g.addIngressRule(Peer.ipv4(local.asString), Port.tcp(3389));
    const { notes: n } = notes(stack);
    expect(n.filter((x) => x.level === "warning").map((x) => x.message)).toEqual([expect.stringContaining("proved for the default of var.vpn")]);
  });

  it("a port from a variable with a default: written as the reference, proved for the default", () => {
    const { stack } = newStack();
    const port = new TerraformVariable(stack, "ssh_port", { type: "number", default: 22 });
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    const [rule] = g.addIngressRule(Peer.anyIpv4(), Port.tcp(port.numberValue));
    expect(rule.node.id).toBe("ingress-allow-tcp-var-ssh_port-from-any-ipv4");
    const { notes: n } = notes(stack);
    // The default is SSH: the finding is proved for it, and the warning says so.
    expect(n.map((x) => [x.path, x.level, x.message.slice(0, 40)])).toEqual([
      [rule.node.path, "warning", "[hwsg] proved for the default of var.ssh"],
      [rule.node.path, "error", expect.stringMatching(/^\[HWSG001\]/)],
    ]);
  });

  it("a port token and a literal rule with the same other fields are two rules (not taken for one)", () => {
    const { stack } = newStack();
    const port = new TerraformLocal(stack, "p", 8080);
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    const all = g.addIngressRule(Peer.ipv4("10.0.0.0/8"), Port.allTcp());
    const tokenRule = g.addIngressRule(Peer.ipv4("10.0.0.0/8"), Port.tcp(port.asNumber), { action: "deny" });
    expect(tokenRule[0]).not.toBe(all[0]);
    expect(g.rules).toHaveLength(2);
  });

  it("a token as the description or the group name is written as it is (it decides no verdict)", () => {
    const { stack } = newStack();
    const text = new TerraformVariable(stack, "text", { type: "string", default: "managed by hwsg" });
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false, securityGroupName: text.stringValue, description: text.stringValue });
    expect(() => g.addIngressRule(Peer.ipv4("10.0.0.0/8"), Port.SSH, { description: text.stringValue })).not.toThrow();
    expect(Token.isUnresolved(g.securityGroupName)).toBe(true);
    expect(notes(stack).failure).toBeUndefined();
  });

  it("Peer.virtualIp of a token is its /32", () => {
    const { stack } = newStack();
    const vip = new TerraformLocal(stack, "vip", "192.168.1.21");
    const g = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    g.addIngressRule(Peer.virtualIp(vip.asString), Port.HTTPS);
    const json = JSON.parse(Testing.synth(stack)) as { resource: Record<string, Record<string, Record<string, unknown>>> };
    expect(Object.values(json.resource.huaweicloud_networking_secgroup_rule).map((r) => r.remote_ip_prefix)).toEqual(["${local.vip}/32"]);
    expect(notes(stack).failure).toBeUndefined();
  });
});

describe("a port given as a token in a reachability question", () => {
  it("is refused saying why (its numbers are needed when the question is made), never answered for every port", () => {
    const { stack } = newStack();
    const port = new TerraformVariable(stack, "p", { type: "number", default: 22 });
    expect(() => Port.tcp(port.numberValue).flowsFor(4)).toThrow("port tcp given as a token: a reachability question needs its port numbers when the construct is made");
  });
});

describe("a token in an intent's end (a pattern's trusted source, an Endpoint of a peer)", () => {
  function bastion(variable: { default?: string }, extra?: (stack: TerraformStack, office: TerraformVariable) => void) {
    const { stack } = newStack();
    const office = new TerraformVariable(stack, "office_cidr", { type: "string", ...variable });
    new BastionSg(stack, "bastion", { trustedSources: [Peer.ipv4(office.stringValue)] });
    extra?.(stack, office);
    return stack;
  }

  it("is proved with the value the token has at synth: the bastion's intents hold for the default", () => {
    const { notes: n, failure } = notes(bastion({ default: "203.0.113.0/24" }));
    expect(failure).toBeUndefined();
    expect(n.filter((x) => x.level === "error")).toEqual([]);
    expect(n.map((x) => x.message).join("\n")).not.toMatch(INTERNAL);
  });

  it("fails an intent that does not hold for that value, naming the variable and its value, never a token string", () => {
    const stack = bastion({ default: "203.0.113.0/24" }, (s, office) => {
      const other = new SecurityGroup(s, "other", { allowAllOutbound: false });
      ReachabilityIntent.every(s, "office-reaches-other", { from: Endpoint.of(Peer.ipv4(office.stringValue)), to: other, port: Port.SSH });
    });
    const { failure } = notes(stack);
    expect(failure).toMatch(/office-reaches-other/);
    expect(failure).toMatch(/var\.office_cidr = 203\.0\.113\.0\/24/);
    expect(failure).toMatch(/203\.0\.113\.\d+/);
    expect(failure).not.toMatch(INTERNAL);
  });

  it("without a value at synth (a variable without default) fails the intent naming the construct, the field and why", () => {
    const { failure } = notes(bastion({}));
    expect(failure).toMatch(/s\/bastion/);
    expect(failure).toMatch(/var\.office_cidr/);
    expect(failure).not.toMatch(INTERNAL);
  });
});
