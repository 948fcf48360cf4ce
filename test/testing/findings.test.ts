/**
 * hwsg/testing: the findings matchers toHaveNoFindings and toHaveFinding over Testing.synth(stack)
 * output — with the stack's suppressions and lint options — their .not, their failure messages
 * and bad input; and the one rule for lint errors: they fail Testing.synth(stack, true),
 * app.synth() (also as cdktf synth runs it) and Testing.fullSynth(stack) alike.
 */
import { Testing } from "cdktf";
import { NetworkingSecgroup } from "../../.gen/providers/huaweicloud/networking-secgroup";
import { NetworkingSecgroupRule } from "../../.gen/providers/huaweicloud/networking-secgroup-rule";
import { HwsgChecks, Peer, Port, SecurityGroup, Suppressions, WebServerSg } from "../../lib";
import { hwsgMatchers } from "../../lib/testing";
import { newStack, thrown } from "../constructs/helpers";

expect.extend(hwsgMatchers);

const REASON = "bastion for the on-call team, ticket SEC-42";

/** The message of the assertion error `f` throws, without colours; fails when nothing is thrown. */
function failureOf(f: () => void): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message.replace(/\u001b\[[0-9;]*m/g, "");
  }
  throw new Error("expected the assertion to fail, but it passed");
}

/** A group with SSH open to every IPv4 address (HWSG001, an error) and a web server next to it. */
function sshOpen() {
  const { app, stack } = newStack();
  const ops = new SecurityGroup(stack, "ops");
  const [ssh] = ops.addIngressRule(Peer.anyIpv4(), Port.SSH);
  const web = new WebServerSg(stack, "web");
  return { app, stack, ops, ssh, web };
}

describe("toHaveFinding", () => {
  it("finds HWSG001 on the group, on its rule, by severity, and by its stable id", () => {
    const { stack, ops, ssh } = sshOpen();
    const synth = Testing.synth(stack);
    expect(synth).toHaveFinding("HWSG001");
    expect(synth).toHaveFinding("HWSG001", { on: ops });
    expect(synth).toHaveFinding("HWSG001", { on: ssh, severity: "error" });
    expect(synth).toHaveFinding("HWSG001", { on: stack });
    expect(synth).not.toHaveFinding("HWSG001", { severity: "warning" });
    expect(synth).not.toHaveFinding("HWSG002");
    const id = /id: (HWSG001:[^\s]+)/.exec(failureOf(() => expect(synth).toHaveNoFindings()))![1];
    expect(synth).toHaveFinding(id);
    expect(synth).not.toHaveFinding(`${id}:nothing`);
  });

  it("is not on a construct whose resources the finding does not name", () => {
    const { stack, web } = sshOpen();
    const synth = Testing.synth(stack);
    const message = failureOf(() => expect(synth).toHaveFinding("HWSG001", { on: web }));
    expect(message).toContain("expect(synth).toHaveFinding(code)");
    expect(message).toContain("Expected a HWSG001 finding on s/web, but there is none.");
    expect(message).toContain("The findings of the stack:");
    expect(message).toMatch(/HWSG001 error on huaweicloud_networking_secgroup\.ops \(s\/ops\/ingress-allow-tcp-22-from-any-ipv4\): A member of security group huaweicloud_networking_secgroup\.ops/);
    expect(message).toMatch(/fix: Allow SSH \(tcp 22\) from trusted sources only/);
  });

  it("under .not fails listing the findings it did not expect", () => {
    const { stack, ops } = sshOpen();
    const message = failureOf(() => expect(Testing.synth(stack)).not.toHaveFinding("HWSG001", { on: ops }));
    expect(message).toContain("expect(synth).not.toHaveFinding(code)");
    expect(message).toContain("Expected no HWSG001 finding on s/ops, but found 1:");
  });

  it("takes a stack's own lint options", () => {
    const { stack } = newStack();
    const sg = new SecurityGroup(stack, "g");
    sg.addIngressRule(Peer.anyIpv4(), Port.tcp(9000));
    expect(Testing.synth(stack)).not.toHaveFinding("HWSG001");
    HwsgChecks.of(stack).lintOptions = { highRiskPorts: [{ port: 9000, service: "MinIO" }] };
    expect(Testing.synth(stack)).toHaveFinding("HWSG001", { on: sg });
  });

  it("reads the parsed JSON and the Testing.fullSynth directory too", () => {
    const { stack } = newStack();
    const sg = new NetworkingSecgroup(stack, "raw_group", { name: "raw", deleteDefaultRules: true });
    const rule = new NetworkingSecgroupRule(stack, "raw_rule", { securityGroupId: sg.id, direction: "ingress", ethertype: "IPv4", protocol: "tcp", ports: "443", remoteIpPrefix: "10.0.0.0/8" });
    HwsgChecks.of(stack);
    expect(JSON.parse(Testing.synth(stack))).toHaveFinding("HWSG006", { on: rule, severity: "warning" });
    expect(Testing.fullSynth(stack)).toHaveFinding("HWSG006", { on: rule });
    expect(Testing.synth(stack)).toHaveNoFindings({ severity: "error" });
  });
});

describe("toHaveNoFindings", () => {
  it("passes on a stack without findings, and fails under .not saying there is none", () => {
    const { stack } = newStack();
    new WebServerSg(stack, "web");
    const synth = Testing.synth(stack);
    expect(synth).toHaveNoFindings();
    const message = failureOf(() => expect(synth).not.toHaveNoFindings());
    expect(message).toContain("Expected some finding, but there is none.");
    expect(message).toContain("The stack has no finding at all.");
    expect(failureOf(() => expect(synth).toHaveFinding("HWSG001"))).toContain("Expected a HWSG001 finding, but there is none.");
  });

  it("fails on an error finding, listing it with its construct, id and fix", () => {
    const { stack } = sshOpen();
    const synth = Testing.synth(stack);
    const message = failureOf(() => expect(synth).toHaveNoFindings({ severity: "error" }));
    expect(message).toContain("expect(synth).toHaveNoFindings(query)");
    expect(message).toContain("Expected no error finding, but found 1:");
    expect(message).toContain("(s/ops/ingress-allow-tcp-22-from-any-ipv4)");
    expect(message).toMatch(/id: HWSG001:/);
    expect(message).toContain("fix: ");
    expect(synth).toHaveNoFindings({ severity: "warning" });
    expect(synth).toHaveNoFindings({ code: "HWSG004" });
    expect(synth).not.toHaveNoFindings({ code: "HWSG001" });
  });

  it("does not count a suppressed finding, and says so", () => {
    const { stack, ops } = sshOpen();
    Suppressions.add(ops, [{ id: "HWSG001", reason: REASON }]);
    const synth = Testing.synth(stack);
    expect(synth).toHaveNoFindings();
    expect(synth).not.toHaveFinding("HWSG001");
    expect(failureOf(() => expect(synth).not.toHaveNoFindings())).toMatch(new RegExp(`suppressed, so not counted: HWSG001:[^ ]+ \\(${REASON}\\)`));
  });

  it("says when the JSON is no stack's, so that no suppression applied", () => {
    const { stack, ops } = sshOpen();
    Suppressions.add(ops, [{ id: "HWSG001", reason: REASON }]);
    const edited = JSON.parse(Testing.synth(stack)) as Record<string, unknown>;
    edited.output = { x: { value: "y" } };
    const message = failureOf(() => expect(edited).toHaveNoFindings());
    expect(message).toContain("Expected no finding, but found 1:");
    expect(message).toContain("this JSON is not what one of the last stacks hwsg saw resolved to, so no suppression and only the default lint options applied");
  });

  it("refuses what it cannot evaluate, naming it", () => {
    const { stack, ops } = sshOpen();
    const synth = Testing.synth(stack);
    expect(thrown(() => expect(synth).toHaveNoFindings({ severity: "fatal" as never }))).toMatch(/toHaveNoFindings cannot evaluate this: severity "fatal" must be "error" or "warning"/);
    expect(thrown(() => expect(synth).toHaveNoFindings({ code: "HWSG999" }))).toMatch(/the code "HWSG999" must be a finding code \(HWSG001, .*HWSG008\)/);
    expect(thrown(() => expect(synth).toHaveFinding("SSH"))).toMatch(/toHaveFinding cannot evaluate this: the code "SSH" must be a finding code/);
    expect(thrown(() => expect(synth).toHaveFinding("HWSG001", { on: {} as never }))).toMatch(/"on" must be a construct of the stack/);
    expect(thrown(() => expect(stack).toHaveNoFindings())).toMatch(/received the construct s \(TerraformStack\).*write expect\(Testing.synth\(stack\)\)/);
    const other = newStack("other");
    const elsewhere = new SecurityGroup(other.stack, "elsewhere");
    expect(thrown(() => expect(synth).toHaveFinding("HWSG001", { on: elsewhere }))).toMatch(/the construct other\/elsewhere given as "on" is not in the stack s that was synthesized/);
    expect(ops).toBeDefined();
  });
});

describe("lint errors fail every synth that runs the validations: one rule", () => {
  it("Testing.synth(stack, true), app.synth() (also with CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS, as cdktf synth runs it) and Testing.fullSynth", () => {
    for (const run of [
      (s: ReturnType<typeof sshOpen>) => Testing.synth(s.stack, true),
      (s: ReturnType<typeof sshOpen>) => s.app.synth(),
      (s: ReturnType<typeof sshOpen>) => Testing.fullSynth(s.stack),
    ]) {
      const message = thrown(() => run(sshOpen()));
      expect(message).toMatch(/^Validation failed with the following errors:\n  \[s\/hwsg-checks\] \[HWSG001\] on \[s\/ops\/ingress-allow-tcp-22-from-any-ipv4\]: /);
    }
    const previous = process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
    process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = "true";
    try {
      expect(thrown(() => sshOpen().app.synth())).toContain("[HWSG001] on [s/ops/ingress-allow-tcp-22-from-any-ipv4]");
    } finally {
      if (previous === undefined) delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
      else process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = previous;
    }
  });

  it("nothing is checked without the validations, and a suppression lets every synth through", () => {
    expect(() => Testing.synth(sshOpen().stack)).not.toThrow();
    const s = sshOpen();
    Suppressions.add(s.ssh, [{ id: "HWSG001", reason: REASON }]);
    expect(() => Testing.synth(s.stack, true)).not.toThrow();
    expect(() => s.app.synth()).not.toThrow();
  });

  it("a warning fails none of them", () => {
    const { app, stack } = newStack();
    const sg = new NetworkingSecgroup(stack, "raw_group", { name: "raw", deleteDefaultRules: true });
    new NetworkingSecgroupRule(stack, "raw_rule", { securityGroupId: sg.id, direction: "ingress", ethertype: "IPv4", protocol: "tcp", ports: "443", remoteIpPrefix: "10.0.0.0/8" });
    HwsgChecks.of(stack);
    expect(() => Testing.synth(stack, true)).not.toThrow();
    expect(() => app.synth()).not.toThrow();
    expect(Testing.synth(stack)).toHaveFinding("HWSG006", { severity: "warning" });
  });
});

describe("bounded failure messages and construct paths", () => {
  it("lists at most 20 findings, then says how many more", () => {
    const { stack } = newStack();
    for (let i = 0; i < 23; i++) new SecurityGroup(stack, `g${i}`).addIngressRule(Peer.anyIpv4(), Port.SSH);
    const message = failureOf(() => expect(Testing.synth(stack)).toHaveNoFindings());
    expect(message).toContain("Expected no finding, but found 23:");
    expect(message.match(/^ {2}HWSG001 error on /gm)).toHaveLength(20);
    expect(message).toContain("  … and 3 more");
  });

  it("the traffic matchers name the deciding rule's construct path on Testing.synth output too", () => {
    const { stack, ssh } = sshOpen();
    const message = failureOf(() => expect(Testing.synth(stack)).toDenyTraffic({ from: "203.0.113.9", to: "huaweicloud_networking_secgroup.ops", port: 22 }));
    expect(message).toContain(`huaweicloud_networking_secgroup_rule.${ssh.friendlyUniqueId} (s/ops/ingress-allow-tcp-22-from-any-ipv4)`);
  });
});
