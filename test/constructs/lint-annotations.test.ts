/**
 * The synth-time lint: findings become annotations on the construct responsible, suppressions
 * turn them into info annotations quoting the reason, and app.synth() fails on errors.
 */
import { Construct } from "constructs";
import { NetworkingSecgroup } from "../../.gen/providers/huaweicloud/networking-secgroup";
import { NetworkingSecgroupRule } from "../../.gen/providers/huaweicloud/networking-secgroup-rule";
import { AddressGroup, BastionSg, CHECKS_ID, HwsgChecks, Peer, Port, SecurityGroup, Suppressions, WebServerSg } from "../../lib";
import { annotate, network, newStack, notesOf, thrown, validationFailure } from "./helpers";

const REASON = "public honeypot for research, ticket SEC-42";

function sshOpen() {
  const { app, stack } = newStack();
  const sg = new SecurityGroup(stack, "g");
  const [rule] = sg.addIngressRule(Peer.anyIpv4(), Port.SSH);
  return { app, stack, sg, rule };
}

describe("HWSG001: high-risk port open to the internet", () => {
  it("is an error annotation on the rule's construct", () => {
    const { stack, rule } = sshOpen();
    const { notes, failure } = annotate(stack);
    // An error finding is an annotation on its construct and a validation error of the checks.
    expect(failure).toContain("[s/hwsg-checks] [HWSG001] on [s/g/ingress-allow-tcp-22-from-any-ipv4]");
    expect(notes.filter((n) => n.level === "error")).toEqual([
      {
        path: "s/g/ingress-allow-tcp-22-from-any-ipv4",
        level: "error",
        message: expect.stringMatching(/^\[HWSG001\] .*open to the internet on SSH \(tcp port 22\)/),
      },
    ]);
    expect(notes[0]).toBeDefined();
    const error = notes.find((n) => n.level === "error")!;
    expect(error.message).toContain(`huaweicloud_networking_secgroup_rule.${rule.friendlyUniqueId}`);
    expect(error.message).toMatch(/all [\d,]+ public IPv4 addresses \(100%\) may connect/);
  });

  it("is reported once even when the validations run twice", () => {
    const { stack } = sshOpen();
    annotate(stack);
    const { notes } = annotate(stack);
    expect(notes.filter((n) => n.level === "error")).toHaveLength(1);
  });

  it("makes app.synth() throw with the finding text", () => {
    const { app } = sshOpen();
    const message = thrown(() => app.synth());
    expect(message).toMatch(/^Validation failed with the following errors/);
    expect(message).toContain("[HWSG001] on [s/g/ingress-allow-tcp-22-from-any-ipv4]");
    expect(message).toContain('Suppressions.add(<the construct at s/g/ingress-allow-tcp-22-from-any-ipv4>, [{ id: "HWSG001"');
    expect(message).toContain("open to the internet on SSH (tcp port 22)");
  });

  it("is not reported for a trusted source or a port that is not high-risk", () => {
    const { stack } = newStack();
    const sg = new SecurityGroup(stack, "g");
    sg.addIngressRule(Peer.ipv4("203.0.113.0/24"), Port.SSH);
    sg.addIngressRule(Peer.anyIpv4(), Port.HTTPS);
    expect(annotate(stack).notes.filter((n) => n.message.includes("HWSG001"))).toEqual([]);
  });

  it("is reported on IPv6 ::/0 too", () => {
    const { stack } = newStack();
    const sg = new SecurityGroup(stack, "g");
    sg.addIngressRule(Peer.anyIpv6(), Port.RDP);
    const errors = annotate(stack).notes.filter((n) => n.level === "error");
    expect(errors.map((n) => n.path)).toEqual(["s/g/ingress-allow-tcp-3389-from-any-ipv6"]);
    expect(errors[0].message).toMatch(/^\[HWSG001\]/);
  });

  it("is judged on the effective rules: a deny tried first hides the open port", () => {
    const { stack } = newStack();
    const sg = new SecurityGroup(stack, "g");
    sg.addIngressRule(Peer.anyIpv4(), Port.SSH, { priority: 50 });
    sg.addIngressRule(Peer.anyIpv4(), Port.allTcp(), { action: "deny", priority: 1 });
    expect(annotate(stack).notes.filter((n) => n.message.includes("HWSG001"))).toEqual([]);
  });

  it("reports a web server's extra high-risk port", () => {
    const { stack } = newStack();
    new WebServerSg(stack, "web", { extraPorts: [Port.NACOS] });
    const { notes, failure } = annotate(stack);
    expect(failure).toContain("[HWSG001] on [s/web/ingress-allow-tcp-8848-from-any-ipv4]");
    const errors = notes.filter((n) => n.level === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe("s/web/ingress-allow-tcp-8848-from-any-ipv4");
    expect(errors[0].message).toContain("tcp port 8848");
  });

  it("uses the lint options of the stack's checks", () => {
    const { stack } = newStack();
    const sg = new SecurityGroup(stack, "g");
    sg.addIngressRule(Peer.anyIpv4(), Port.tcp(9000));
    HwsgChecks.of(stack).lintOptions = { highRiskPorts: [{ port: 9000, service: "MinIO" }] };
    const errors = annotate(stack).notes.filter((n) => n.level === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toContain("MinIO (tcp port 9000)");
  });
});

describe("Suppressions", () => {
  it("turn HWSG001 into an info annotation quoting the reason", () => {
    const { app, stack, sg } = sshOpen();
    Suppressions.add(sg, [{ id: "HWSG001", reason: `  ${REASON}  ` }]);
    expect(Suppressions.of(sg)).toEqual([{ id: "HWSG001", reason: REASON }]);
    const { notes } = annotate(stack);
    expect(notes.filter((n) => n.level === "error")).toEqual([]);
    const info = notes.filter((n) => n.message.includes("HWSG001"));
    expect(info).toHaveLength(1);
    expect(info[0].level).toBe("info");
    expect(info[0].path).toBe("s/g/ingress-allow-tcp-22-from-any-ipv4");
    expect(info[0].message).toMatch(new RegExp(`^\\[HWSG001\\] suppressed \\(${REASON}\\): .*SSH \\(tcp port 22\\)`));
    expect(() => app.synth()).not.toThrow();
  });

  it("apply to everything below the construct they are placed on", () => {
    const { stack } = newStack();
    const team = new Construct(stack, "team");
    new SecurityGroup(team, "g").addIngressRule(Peer.anyIpv4(), Port.SSH);
    Suppressions.add(team, [{ id: "HWSG001", reason: REASON }]);
    expect(Suppressions.find(stack, "HWSG001")).toBeUndefined();
    expect(Suppressions.find(team.node.findChild("g"), "HWSG001")).toEqual({ id: "HWSG001", reason: REASON });
    const notes = annotate(stack).notes;
    expect(notes.filter((n) => n.level === "error")).toEqual([]);
    expect(notes.filter((n) => n.level === "info").map((n) => n.path)).toEqual(["s/team/g/ingress-allow-tcp-22-from-any-ipv4"]);
  });

  it("of another code leave the finding an error", () => {
    const { stack, sg } = sshOpen();
    Suppressions.add(sg, [{ id: "HWSG004", reason: REASON }]);
    expect(annotate(stack).notes.filter((n) => n.level === "error")).toHaveLength(1);
  });

  it("refuse a short reason with the construct path", () => {
    const { sg } = sshOpen();
    const message = thrown(() => Suppressions.add(sg, [{ id: "HWSG001", reason: "because" }]));
    expect(message).toBe('s/g: suppressions[0].reason "because" is invalid: must say why, in at least 10 characters');
  });

  it("refuse a reason made of blanks", () => {
    const { sg } = sshOpen();
    expect(thrown(() => Suppressions.add(sg, [{ id: "HWSG001", reason: "           " }]))).toContain("s/g: suppressions[0].reason");
  });

  it("refuse a malformed code with the construct path", () => {
    const { sg } = sshOpen();
    expect(thrown(() => Suppressions.add(sg, [{ id: "HWSG001", reason: REASON }, { id: "hwsg1", reason: REASON }]))).toContain(
      's/g: suppressions[1].id "hwsg1" is invalid: must be a finding code',
    );
    expect(thrown(() => Suppressions.add(sg, [{ id: "HWSG999", reason: REASON }]))).toContain('s/g: suppressions[0].id "HWSG999" is invalid: must be a finding code');
  });
});

/**
 * Regression (fixed in lib/constructs/patterns/trusted-access.ts): `openToInternetReason` explains why the login
 * (or FTP) port is open, but it is recorded as a suppression of HWSG001 on the whole group, and
 * the "untrusted reach nothing" intents are dropped. Any other high-risk port opened on the group
 * later is then reported as info "suppressed (<the SSH reason>)", and nothing fails. Reproduction:
 *
 *   const b = new BastionSg(stack, "b", { trustedSources: [Peer.anyIpv4()], openToInternetReason: "public honeypot for research" });
 *   b.addIngressRule(Peer.anyIpv4(), Port.REDIS);
 *   // s/b/ingress-allow-tcp-6379-from-any-ipv4: info "[HWSG001] suppressed (public honeypot …): … Redis (tcp port 6379)"
 */
describe("openToInternetReason is limited to the login port", () => {
  it("Redis opened to the internet on a bastion with openToInternetReason is still an error", () => {
    const { stack } = newStack();
    const b = new BastionSg(stack, "b", { trustedSources: [Peer.anyIpv4()], openToInternetReason: REASON });
    const [redis] = b.addIngressRule(Peer.anyIpv4(), Port.REDIS);
    const { notes } = annotate(stack);
    expect(notes.filter((n) => n.level === "error" && n.path === redis.node.path && n.message.startsWith("[HWSG001]"))).toHaveLength(1);
  });

  it("the login port itself is reported as suppressed info", () => {
    const { stack } = newStack();
    new BastionSg(stack, "b", { trustedSources: [Peer.anyIpv4()], openToInternetReason: REASON });
    const { notes } = annotate(stack);
    expect(notes.filter((n) => n.message.includes("HWSG001")).map((n) => [n.path, n.level])).toEqual([["s/b/ingress-allow-tcp-22-from-any-ipv4", "info"]]);
  });
});

describe("other findings", () => {
  it("HWSG004: a rule covered by earlier rules is a warning on its construct", () => {
    const { stack } = newStack();
    const sg = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    const [wide] = sg.addIngressRule(Peer.ipv4("10.0.0.0/8"), Port.allTcp());
    const [dead] = sg.addIngressRule(Peer.ipv4("10.1.0.0/16"), Port.SSH, { priority: 5 });
    const { notes } = annotate(stack);
    const warnings = notes.filter((n) => n.message.startsWith("[HWSG004]"));
    expect(warnings).toEqual([{ path: "s/g/ingress-allow-tcp-22-from-10-1-0-0_16-p5", level: "warning", message: expect.any(String) }]);
    expect(warnings[0].message).toContain(`huaweicloud_networking_secgroup_rule.${dead.friendlyUniqueId}`);
    expect(warnings[0].message).toContain(`never takes effect, covered by the allow rule huaweicloud_networking_secgroup_rule.${wide.friendlyUniqueId}`);
    expect(notes.filter((n) => n.level === "error")).toEqual([]);
  });

  it("HWSG004: a deny covered by an earlier allow (opposite action) is an error on the deny's construct", () => {
    const { app, stack } = newStack();
    const sg = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    const [allow] = sg.addIngressRule(Peer.ipv4("10.0.0.0/8"), Port.allTcp(), { priority: 1 });
    const [deny] = sg.addIngressRule(Peer.ipv4("10.1.0.0/16"), Port.MYSQL, { action: "deny", priority: 100 });
    const errors = annotate(stack).notes.filter((n) => n.message.startsWith("[HWSG004]"));
    expect(errors).toEqual([{ path: deny.node.path, level: "error", message: expect.any(String) }]);
    expect(errors[0].message).toContain(`huaweicloud_networking_secgroup_rule.${deny.friendlyUniqueId}`);
    expect(errors[0].message).toContain(`never takes effect, covered by the allow rule huaweicloud_networking_secgroup_rule.${allow.friendlyUniqueId}`);
    expect(thrown(() => app.synth())).toContain("[HWSG004]");
  });

  it("HWSG005: opposite actions overlapping at the same priority is a warning", () => {
    const { stack } = newStack();
    const sg = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    const [allow] = sg.addIngressRule(Peer.ipv4("10.0.0.0/16"), Port.tcpRange(20, 30), { priority: 5 });
    const [deny] = sg.addIngressRule(Peer.ipv4("10.0.0.0/8"), Port.tcpRange(25, 40), { action: "deny", priority: 5 });
    const warnings = annotate(stack).notes.filter((n) => n.message.startsWith("[HWSG005]"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].level).toBe("warning");
    expect(warnings[0].path).toBe(deny.node.path);
    expect(warnings[0].message).toContain(`huaweicloud_networking_secgroup_rule.${deny.friendlyUniqueId} (deny) and huaweicloud_networking_secgroup_rule.${allow.friendlyUniqueId} (allow) both have priority 5`);
  });

  it("HWSG006: a raw rule without a priority is a warning on that rule", () => {
    const { stack } = newStack();
    const sg = new NetworkingSecgroup(stack, "raw_group", { name: "raw", deleteDefaultRules: true });
    new NetworkingSecgroupRule(stack, "raw_rule", { securityGroupId: sg.id, direction: "ingress", ethertype: "IPv4", protocol: "tcp", ports: "443", remoteIpPrefix: "10.0.0.0/8" });
    HwsgChecks.of(stack); // lint a stack written with the raw bindings
    expect(stack.node.findChild(CHECKS_ID)).toBeInstanceOf(HwsgChecks);
    const warnings = annotate(stack).notes.filter((n) => n.message.startsWith("[HWSG006]"));
    expect(warnings).toEqual([{ path: "s/raw_rule", level: "warning", message: expect.stringContaining("huaweicloud_networking_secgroup_rule.raw_rule") }]);
  });

  it("HWSG002: more than 120 quota-counted rules per direction and version is an error", () => {
    const { stack } = newStack();
    const sg = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    const trusted = new AddressGroup(stack, "trusted", { addresses: ["10.10.0.0/24"] });
    for (let port = 1001; port <= 1121; port++) sg.addIngressRule(trusted, Port.tcp(port));
    const errors = annotate(stack).notes.filter((n) => n.message.startsWith("[HWSG002]"));
    expect(errors).toHaveLength(1);
    expect(errors[0].level).toBe("error");
    expect(errors[0].message).toContain("121 ingress IPv4 rules");
  });

  it("HWSG003: an instance with more than 5 groups is a warning on the instance", () => {
    const { stack } = newStack();
    const groups = [1, 2, 3, 4, 5, 6].map((i) => new SecurityGroup(stack, `g${i}`));
    network(stack).instance("busy", "192.168.1.10", groups);
    const warnings = annotate(stack).notes.filter((n) => n.message.startsWith("[HWSG003]"));
    expect(warnings).toEqual([{ path: "s/busy", level: "warning", message: expect.stringContaining("huaweicloud_compute_instance.busy has 6 security groups") }]);
  });

  it("HWSG007: an inconsecutive-port rule on a legacy flavor is a warning on the rule", () => {
    const { stack } = newStack();
    const sg = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    const [rule] = sg.addIngressRule(Peer.ipv4("10.0.0.0/8"), Port.tcpPorts([80, 443]));
    const net = network(stack);
    net.instance("modern", "192.168.1.10", [sg]);
    expect(annotate(stack).notes.filter((n) => n.message.startsWith("[HWSG007]"))).toEqual([]);
    net.instance("legacy", "192.168.1.11", [sg], "s1.medium");
    const warnings = annotate(stack).notes.filter((n) => n.message.startsWith("[HWSG007]"));
    expect(warnings).toEqual([{ path: rule.node.path, level: "warning", message: expect.stringContaining("huaweicloud_compute_instance.legacy (flavor s1.medium)") }]);
  });

  it("a group defined outside the stack is a warning on the stack", () => {
    const { stack } = newStack();
    const legacy = SecurityGroup.fromSecurityGroupId(stack, "legacy", "0b8f1c2d-aaaa-bbbb-cccc-000000000001");
    legacy.addIngressRule(Peer.ipv4("10.0.0.0/8"), Port.HTTPS);
    const { notes, failure } = annotate(stack);
    expect(failure).toBeUndefined();
    const warnings = notes.filter((n) => n.level === "warning" && n.message.startsWith("[hwsg]"));
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.every((n) => n.path === "s")).toBe(true);
    expect(warnings.map((n) => n.message).join("\n")).toContain("0b8f1c2d-aaaa-bbbb-cccc-000000000001");
  });

  it("Terraform the checks cannot read fails the synth: a raw icmp rule with ports", () => {
    const { stack } = newStack();
    const sg = new SecurityGroup(stack, "g", { allowAllOutbound: false });
    new NetworkingSecgroupRule(stack, "icmp_with_port", {
      securityGroupId: sg.securityGroupId,
      direction: "ingress",
      ethertype: "IPv4",
      protocol: "icmp",
      ports: "8",
      remoteIpPrefix: "10.0.0.0/8",
      action: "allow",
      priority: 1,
    });
    const failure = validationFailure(stack);
    expect(failure).toContain("[s/hwsg-checks] hwsg cannot read the stack's Terraform");
    expect(failure).toContain("huaweicloud_networking_secgroup_rule.icmp_with_port");
    expect(failure).toContain("ports");
    expect(notesOf(stack)).toEqual([]);
  });
});
