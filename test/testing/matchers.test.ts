/**
 * hwsg/testing: the jest matchers toAllowTraffic and toDenyTraffic, their .not, their failure
 * messages, and every kind of bad input, on real stacks built with the library's constructs.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { Testing } from "cdktf";
import { EXTERNAL_API, IPS, ThreeTierStack, VPC_CIDR } from "../../examples/three-tier/stack";
import { VIRTUAL_IP, VirtualIpStack } from "../../examples/virtual-ip/stack";
import { Endpoint, Peer, Port, SecurityGroup } from "../../lib";
import { hwsgMatchers } from "../../lib/testing";
import { network, newStack } from "../constructs/helpers";

expect.extend(hwsgMatchers);

const DB1 = "huaweicloud_compute_instance.db1";
const WEB1 = "huaweicloud_compute_instance.web1";
const APP1 = "huaweicloud_compute_instance.app1";
const DENY_3306 = /huaweicloud_networking_secgroup_rule\.db_ingress-deny-tcp-3306-from-any-ipv4-p100_[0-9A-F]{8}/;

/** The message of the assertion error `f` throws, without colours; fails when nothing is thrown. */
function failureOf(f: () => void): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message.replace(/\u001b\[[0-9;]*m/g, "");
  }
  throw new Error("expected the assertion to fail, but it passed");
}

/** A stack where one member of a group denies what the group allows, and a group with no instance. */
function multiMemberStack() {
  const { stack } = newStack("multi");
  const net = network(stack);
  const clients = new SecurityGroup(stack, "clients", {});
  const svc = new SecurityGroup(stack, "svc", {});
  const blocker = new SecurityGroup(stack, "blocker", {});
  const lonely = new SecurityGroup(stack, "lonely", {});
  svc.addIngressRule(clients, Port.HTTPS);
  blocker.addIngressRule(Peer.anyIpv4(), Port.HTTPS, { action: "deny", priority: 1 });
  lonely.addIngressRule(Peer.ipv4("10.0.0.0/8"), Port.SSH);
  net.instance("client1", "192.168.1.40", [clients]);
  net.instance("svc1", "192.168.1.50", [svc]);
  const svc2 = net.instance("svc2", "192.168.1.51", [blocker, svc]);
  return { stack, clients, svc, lonely, svc2 };
}

describe("hwsg/testing matchers on the three-tier example", () => {
  const stack = new ThreeTierStack(Testing.app(), "three-tier");
  const synth = Testing.synth(stack);

  describe("toAllowTraffic: every flow of the question is allowed", () => {
    it("passes on constructs, Terraform addresses, fixed IPs and endpoints", () => {
      expect(synth).toAllowTraffic({ from: stack.app, to: stack.db, port: Port.MYSQL });
      expect(synth).toAllowTraffic({ from: APP1, to: DB1, port: 3306 });
      expect(synth).toAllowTraffic({ from: IPS.app1, to: DB1, port: 3306 });
      expect(synth).toAllowTraffic({ from: Endpoint.anyIpv4(), to: stack.web, port: Port.HTTPS });
      expect(synth).toAllowTraffic({ from: "0.0.0.0/0", to: WEB1, port: 80 });
      expect(synth).toAllowTraffic({ from: stack.trusted, to: stack.bastion, port: Port.SSH });
      expect(synth).toAllowTraffic({ from: "huaweicloud_vpc_address_group.trusted", to: "huaweicloud_networking_secgroup.bastion", port: 22 });
      expect(synth).toAllowTraffic({ from: APP1, to: EXTERNAL_API, port: Port.HTTPS });
      expect(synth).toAllowTraffic({ from: WEB1, to: APP1, port: 8080 });
    });

    it("fails with the question, the counterexample, the deciding rule and the evaluator's reason", () => {
      const message = failureOf(() => expect(synth).toAllowTraffic({ from: "203.0.113.9", to: DB1, port: 3306 }));
      expect(message).toContain("expect(synth).toAllowTraffic(question)");
      expect(message).toContain("Expected every flow to be allowed, but this one is denied.");
      expect(message).toContain(`question: tcp 3306 from 203.0.113.9 to ${DB1} (IPv4)`);
      expect(message).toContain(`counterexample: tcp port 3306 from 203.0.113.9 to ${DB1} (${IPS.db1}) is DENIED`);
      // The synth string has no metadata: the construct path comes from the stack it was synthesized from.
      expect(message).toMatch(new RegExp(`deciding rule: ${DENY_3306.source} \\(three-tier/db/ingress-deny-tcp-3306-from-any-ipv4-p100\\): ingress IPv4 tcp 3306 from 0\\.0\\.0\\.0/0: deny, priority 100`));
      expect(message).toMatch(new RegExp(`hops: ${DB1.replace(".", "\\.")} ingress: deny by ${DENY_3306.source} in huaweicloud_networking_secgroup\\.db`));
      expect(message).toMatch(/Denied: at huaweicloud_compute_instance\.db1 ingress, .* is the first rule that matches/);
    });

    it("names the deciding rule's construct path when an end is a construct of the stack", () => {
      const message = failureOf(() => expect(synth).toAllowTraffic({ from: "203.0.113.9", to: stack.db, port: Port.MYSQL }));
      expect(message).toContain(`question: tcp 3306 from 203.0.113.9 to members of db (${DB1}) (IPv4)`);
      expect(message).toMatch(new RegExp(`deciding rule: ${DENY_3306.source} \\(three-tier/db/ingress-deny-tcp-3306-from-any-ipv4-p100\\): ingress`));
    });

    it("a denied flow at the source's egress is the counterexample when the destination is outside", () => {
      const message = failureOf(() => expect(synth).toAllowTraffic({ from: APP1, to: "198.51.100.7", port: Port.HTTPS }));
      expect(message).toContain(`counterexample: tcp port 443 from ${APP1} (${IPS.app1}) to 198.51.100.7 is DENIED`);
      expect(message).toMatch(/deciding rule: huaweicloud_networking_secgroup_rule\.app-egress_egress-deny-all-to-any-ipv4-p100_[0-9A-F]{8} \(three-tier\/app-egress\/egress-deny-all-to-any-ipv4-p100\): egress IPv4 all to 0\.0\.0\.0\/0: deny, priority 100/);
      expect(message).toContain(`hops: ${APP1} egress: deny by huaweicloud_networking_secgroup_rule.app-egress_egress-deny-all-to-any-ipv4-p100_`);
    });

    it("every port and every protocol must be allowed when the question leaves them open", () => {
      const message = failureOf(() => expect(synth).toAllowTraffic({ from: WEB1, to: APP1, protocol: "tcp" }));
      expect(message).toContain(`question: tcp all ports from ${WEB1} to ${APP1} (IPv4)`);
      expect(message).toMatch(/counterexample: tcp port \d+ from huaweicloud_compute_instance\.web1 .* is DENIED/);
      expect(message).not.toContain("tcp port 8080 from");
      expect(() => expect(synth).toAllowTraffic({ from: WEB1, to: APP1 })).toThrow(/question: all traffic from/);
    });

    it(".not passes when some flow is denied, and fails with an allowed example when every flow is allowed", () => {
      expect(synth).not.toAllowTraffic({ from: "203.0.113.9", to: DB1, port: 3306 });
      expect(synth).not.toAllowTraffic({ from: WEB1, to: APP1, protocol: "tcp" }); // 8080 is allowed, not every port
      const message = failureOf(() => expect(synth).not.toAllowTraffic({ from: stack.app, to: stack.db, port: Port.MYSQL }));
      expect(message).toContain("expect(synth).not.toAllowTraffic(question)");
      expect(message).toContain("Expected some flow to be denied, but every flow is allowed; for example this one.");
      expect(message).toContain(`question: tcp 3306 from members of app (${APP1}) to members of db (${DB1}) (IPv4)`);
      expect(message).toContain(`example: tcp port 3306 from ${APP1} (${IPS.app1}) to ${DB1} (${IPS.db1}) is ALLOWED`);
      expect(message).toMatch(/deciding rule: huaweicloud_networking_secgroup_rule\.db_ingress-allow-tcp-3306-from-sg-app_[0-9A-F]{8} \(three-tier\/db\/ingress-allow-tcp-3306-from-sg-app\): ingress IPv4 tcp 3306 from security group huaweicloud_networking_secgroup\.app: allow, priority 1/);
      expect(message).toMatch(/hops: huaweicloud_compute_instance\.app1 egress: allow by .*; then huaweicloud_compute_instance\.db1 ingress: allow by /);
      expect(message).toMatch(/Allowed: huaweicloud_compute_instance\.app1 lets it out by /);
    });
  });

  describe("toDenyTraffic: no flow of the question is allowed", () => {
    it("passes when nothing gets through", () => {
      expect(synth).toDenyTraffic({ from: "203.0.113.9", to: DB1, port: 3306 });
      expect(synth).toDenyTraffic({ from: Endpoint.addresses(["0.0.0.0/0"], { except: [VPC_CIDR] }), to: stack.db });
      expect(synth).toDenyTraffic({ from: stack.web, to: stack.db });
      expect(synth).toDenyTraffic({ from: Endpoint.internet(), to: stack.web, except: [Port.HTTP, Port.HTTPS] });
      expect(synth).toDenyTraffic({ from: "203.0.113.9", to: WEB1, port: 443, protocol: "udp" });
      expect(synth).toDenyTraffic({ from: stack.app, to: stack.db, port: Port.MYSQL, ipVersion: 6 });
      expect(synth).toDenyTraffic({ from: APP1, to: "198.51.100.7" });
    });

    it("fails with the allowed flow, the rule that admitted it and its construct path", () => {
      const message = failureOf(() => expect(synth).toDenyTraffic({ from: stack.web, to: stack.app }));
      expect(message).toContain("expect(synth).toDenyTraffic(question)");
      expect(message).toContain("Expected no flow to be allowed, but this one is.");
      expect(message).toContain(`question: all traffic from members of web (${WEB1}) to members of app (${APP1}) (IPv4)`);
      expect(message).toContain(`counterexample: tcp port 8080 from ${WEB1} (${IPS.web1}) to ${APP1} (${IPS.app1}) is ALLOWED`);
      expect(message).toMatch(/deciding rule: huaweicloud_networking_secgroup_rule\.app_ingress-allow-tcp-8080-from-sg-web_[0-9A-F]{8} \(three-tier\/app\/ingress-allow-tcp-8080-from-sg-web\): ingress IPv4 tcp 8080 from security group huaweicloud_networking_secgroup\.web: allow, priority 1/);
      expect(message).toMatch(/Allowed: .* huaweicloud_compute_instance\.app1 admits it by /);
    });

    it("fails on the first allowed port of an open question, not only on the port a test thinks of", () => {
      const message = failureOf(() => expect(synth).toDenyTraffic({ from: Endpoint.internet(), to: stack.web }));
      expect(message).toMatch(/counterexample: tcp port (80|443) from \d+\.\d+\.\d+\.\d+ to huaweicloud_compute_instance\.web1 \(192\.168\.1\.10\) is ALLOWED/);
    });

    it(".not passes when some flow is allowed, and fails with a denied example when none is", () => {
      expect(synth).not.toDenyTraffic({ from: stack.web, to: stack.app });
      expect(synth).not.toDenyTraffic({ from: IPS.web1, to: APP1, port: 8080 });
      const message = failureOf(() => expect(synth).not.toDenyTraffic({ from: stack.web, to: stack.db }));
      expect(message).toContain("expect(synth).not.toDenyTraffic(question)");
      expect(message).toContain("Expected some flow to be allowed, but none is; for example this one.");
      expect(message).toContain(`example: tcp port 1 from ${WEB1} (${IPS.web1}) to ${DB1} (${IPS.db1}) is DENIED`);
      expect(message).toContain("deciding rule: none (no rule matches: the default deny applies, or the VPCs are not connected)");
      expect(message).toContain(`then ${DB1} ingress: deny by no rule (the default deny)`);
    });

    it(".not on a question that asks no flow fails, saying so", () => {
      const nothing = { from: Endpoint.internet(), to: stack.web, port: Port.HTTPS, except: [Port.allTraffic()] };
      expect(synth).toDenyTraffic(nothing);
      expect(synth).toAllowTraffic(nothing);
      expect(failureOf(() => expect(synth).not.toDenyTraffic(nothing))).toContain("the question asks no flow at all");
      const noAddress = { from: Endpoint.addresses(["10.0.0.0/8"], { except: ["0.0.0.0/0"] }), to: stack.db, port: Port.MYSQL };
      expect(failureOf(() => expect(synth).not.toAllowTraffic(noAddress))).toContain("10.0.0.0/8 except 0.0.0.0/0 is no address at all");
    });
  });

  describe("what the matchers receive", () => {
    const question = { from: "203.0.113.9", to: DB1, port: 3306 };

    it("the parsed JSON works like the string", () => {
      expect(JSON.parse(synth)).toDenyTraffic(question);
      expect(JSON.parse(synth)).toAllowTraffic({ from: APP1, to: DB1, port: 3306 });
    });

    it("stack.toTerraform() keeps cdktf's metadata: construct paths even for string ends", () => {
      const message = failureOf(() => expect(stack.toTerraform()).toAllowTraffic(question));
      expect(message).toMatch(new RegExp(`deciding rule: ${DENY_3306.source} \\(three-tier/db/ingress-deny-tcp-3306-from-any-ipv4-p100\\)`));
    });

    it("Testing.fullSynth's output directory works, and its cdk.tf.json too", () => {
      const dir = Testing.fullSynth(stack);
      try {
        expect(dir).toDenyTraffic(question);
        expect(dir).toAllowTraffic({ from: APP1, to: DB1, port: 3306 });
        expect(path.join(dir, "stacks", "three-tier", "cdk.tf.json")).toDenyTraffic(question);
        expect(failureOf(() => expect(dir).toAllowTraffic(question))).toMatch(/\(three-tier\/db\/ingress-deny-tcp-3306-from-any-ipv4-p100\)/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it.each<[string, unknown, RegExp]>([
      ["a number", 42, /received the number 42; expected the JSON string Testing\.synth\(stack\) returns, that JSON parsed, or the output directory Testing\.fullSynth\(stack\) returns/],
      ["the stack itself", stack, /received the construct three-tier \(ThreeTierStack\); .* write expect\(Testing\.synth\(stack\)\)/],
      ["undefined", undefined, /received undefined; expected the JSON string/],
      ["an array", [synth], /received an array of 1 elements; expected/],
      ["an object that is not Terraform", { hello: "world" }, /received an object that is not Terraform JSON \(its keys: hello;/],
      ["a string that is not JSON nor a path", "huaweicloud_compute_instance.db1", /received the string "huaweicloud_compute_instance\.db1", which is neither Terraform JSON nor an existing file or directory/],
      ["broken JSON", "{ \"resource\": ", /received a string that starts like JSON but does not parse/],
      ["a missing directory", "/no/such/cdktf.out", /neither Terraform JSON nor an existing file or directory/],
    ])("refuses %s with a clear error, with or without .not", (_what, received, error) => {
      expect(() => expect(received).toAllowTraffic(question)).toThrow(error);
      expect(() => expect(received).not.toDenyTraffic(question)).toThrow(error);
      expect(() => expect(received).toAllowTraffic(question)).toThrow(/^expect\(synth\)\.toAllowTraffic\(question\)\n\ntoAllowTraffic cannot evaluate this: /);
    });

    it("an empty stack is read as such: it has no instance to ask about", () => {
      const { stack: empty } = newStack("empty");
      expect(() => expect(Testing.synth(empty)).toAllowTraffic(question)).toThrow(/no such member \(it defines no members\)/);
      expect(() => expect("{}").toAllowTraffic(question)).toThrow(/no such member \(it defines no members\)/);
    });

    it("refuses Terraform the provider would reject, naming the resource and the field", () => {
      const json = JSON.parse(synth);
      const rules = json.resource.huaweicloud_networking_secgroup_rule as Record<string, Record<string, unknown>>;
      const [id, rule] = Object.entries(rules).find(([, r]) => r.remote_ip_prefix === "0.0.0.0/0")!;
      rule.remote_ip_prefix = "10.0.0.5/24";
      expect(() => expect(json).toDenyTraffic(question)).toThrow(
        new RegExp(`hwsg cannot read the received JSON, so it cannot evaluate it: cdk\\.tf\\.json: huaweicloud_networking_secgroup_rule\\.${id}: remote_ip_prefix "10\\.0\\.0\\.5/24" is invalid`),
      );
    });
  });

  describe("bad questions are errors, never a pass", () => {
    it.each<[string, Record<string, unknown>, RegExp]>([
      ["an unknown instance", { from: "1.2.3.4", to: "huaweicloud_compute_instance.nope", port: 22 }, /question: to "huaweicloud_compute_instance\.nope" is invalid: must be a resource of the received Terraform, which has no such member \(its members: huaweicloud_compute_instance\.app1, huaweicloud_compute_instance\.bastion1, huaweicloud_compute_instance\.db1, huaweicloud_compute_instance\.web1\)/],
      ["an unknown group", { from: "huaweicloud_networking_secgroup.cache", to: DB1 }, /question: from "huaweicloud_networking_secgroup\.cache" is invalid: .*no such security group \(its security groups: .*huaweicloud_networking_secgroup\.db/],
      ["an unknown address group", { from: "huaweicloud_vpc_address_group.office", to: DB1 }, /no such address group \(its address groups: huaweicloud_vpc_address_group\.trusted\)/],
      ["a resource of another type", { from: "huaweicloud_vpc.vpc", to: DB1 }, /must name a member \(huaweicloud_compute_instance, huaweicloud_rds_instance, \.\.\.\), a huaweicloud_networking_secgroup or a huaweicloud_vpc_address_group, or be an IP address or a CIDR block \(this is a huaweicloud_vpc\)/],
      ["a bare name", { from: "db1", to: WEB1 }, /question: from "db1" is invalid: must be a Terraform address \(huaweicloud_compute_instance\.NAME, .*\), an IP address, a CIDR block or a range a-b/],
      ["a prefix out of range", { from: "10.0.0.0/33", to: WEB1 }, /question: from "10\.0\.0\.0\/33" is invalid: must be a Terraform address/],
      ["two address ends", { from: "1.2.3.4", to: "10.0.0.0/8", port: 22 }, /one end at least must be instances/],
      ["a port out of range", { from: "1.2.3.4", to: DB1, port: 70000 }, /question: port 70000 is invalid: must be a Port \(Port\.MYSQL, Port\.tcp\(3306\)\) or a port number 1-65535/],
      ["a port with a portless protocol", { from: "1.2.3.4", to: DB1, port: 22, protocol: "icmp" }, /question: protocol "icmp" is invalid: has no ports: a numeric port goes with tcp or udp/],
      ["a Port with a protocol", { from: "1.2.3.4", to: DB1, port: Port.SSH, protocol: "udp" }, /protocol "udp" is invalid: goes only with a numeric port or no port: the Port tcp 22 names its protocol/],
      ["an unknown protocol", { from: "1.2.3.4", to: DB1, protocol: "sctp" }, /protocol "sctp" is invalid: must be "tcp", "udp", "icmp", "icmpv6", "gre", "all" or a protocol number 0-255/],
      ["IPv4's icmp to an IPv6 address", { from: "2001:db8::1", to: WEB1, protocol: "icmp" }, /for IPv6 write "icmpv6"/],
      ["an ipVersion the ends contradict", { from: "::/0", to: DB1, ipVersion: 4 }, /question: ipVersion 4 is invalid: must match the IPv6 addresses of the other end/],
      ["ends of two versions", { from: "::/0", to: "0.0.0.0/0" }, /one end at least must be instances/],
      ["a bad except", { from: "1.2.3.4", to: DB1, except: ["tcp 22"] }, /question: except\[0\] "tcp 22" is invalid: must be a Port/],
      ["something else as an end", { from: 42, to: DB1 }, /question: from 42 is invalid: must be an Endpoint, a peer/],
      ["an empty address list", { from: Endpoint.addresses([]), to: DB1 }, /question: from \[\] is invalid: must name at least one address/],
    ])("%s", (_what, question, error) => {
      expect(() => expect(synth).toAllowTraffic(question as never)).toThrow(error);
      expect(() => expect(synth).not.toAllowTraffic(question as never)).toThrow(error);
      expect(() => expect(synth).toDenyTraffic(question as never)).toThrow(error);
      expect(() => expect(synth).not.toDenyTraffic(question as never)).toThrow(error);
    });

    it("a construct of another stack is not in the received Terraform", () => {
      const other = multiMemberStack();
      expect(() => expect(synth).toAllowTraffic({ from: "1.2.3.4", to: other.lonely, port: Port.SSH })).toThrow(
        /question: to "huaweicloud_networking_secgroup\.lonely" is invalid: must be a security group of the stack/,
      );
      expect(() => expect(synth).toDenyTraffic({ from: "1.2.3.4", to: Endpoint.instance(other.svc2) })).toThrow(/must be a member of security groups in the stack's model: this one is in another stack, or was left out/);
    });

    it("called outside jest, the matcher says how to register it", () => {
      expect(() => hwsgMatchers.toAllowTraffic.call(undefined as never, synth, { from: "1.2.3.4", to: DB1 })).toThrow(/register it with expect\.extend\(hwsgMatchers\)/);
    });
  });
});

describe("hwsg/testing matchers on groups with several members, no member, and a virtual IP", () => {
  const multi = multiMemberStack();
  const synth = Testing.synth(multi.stack);

  it("a group end checks every member: one member's deny is the counterexample", () => {
    const message = failureOf(() => expect(synth).toAllowTraffic({ from: multi.clients, to: multi.svc, port: Port.HTTPS }));
    expect(message).toContain("question: tcp 443 from members of clients (huaweicloud_compute_instance.client1) to members of svc (huaweicloud_compute_instance.svc1, huaweicloud_compute_instance.svc2) (IPv4)");
    expect(message).toContain("counterexample: tcp port 443 from huaweicloud_compute_instance.client1 (192.168.1.40) to huaweicloud_compute_instance.svc2 (192.168.1.51) is DENIED");
    expect(message).toMatch(/deciding rule: huaweicloud_networking_secgroup_rule\.blocker_ingress-deny-tcp-443-from-any-ipv4_[0-9A-F]{8} \(multi\/blocker\/ingress-deny-tcp-443-from-any-ipv4\): ingress IPv4 tcp 443 from 0\.0\.0\.0\/0: deny, priority 1/);
    // One member is reached, so "no flow" is false and "some flow" is true.
    expect(synth).not.toDenyTraffic({ from: multi.clients, to: multi.svc, port: Port.HTTPS });
    expect(synth).not.toAllowTraffic({ from: multi.clients, to: multi.svc, port: Port.HTTPS });
    expect(synth).toAllowTraffic({ from: multi.clients, to: "huaweicloud_compute_instance.svc1", port: 443 });
    expect(synth).toDenyTraffic({ from: "192.168.1.40", to: multi.svc2, port: 443 });
  });

  it("a group without instances is a hypothetical member, named as such", () => {
    expect(synth).toAllowTraffic({ from: "10.1.2.3", to: multi.lonely, port: Port.SSH });
    const message = failureOf(() => expect(synth).toAllowTraffic({ from: Endpoint.anyIpv4(), to: multi.lonely, port: Port.SSH }));
    expect(message).toContain("question: tcp 22 from 0.0.0.0/0 to a member of lonely (hypothetical: no instance of the stack has the group) (IPv4)");
    expect(message).toContain("counterexample: tcp port 22 from 0.0.0.0 to member of huaweicloud_networking_secgroup.lonely (hypothetical, sending from its fixed IP) is DENIED");
    expect(message).toContain("hops: member of huaweicloud_networking_secgroup.lonely (hypothetical) ingress: deny by no rule (the default deny)");
    expect(message).not.toMatch(/lonely \(\d/);
  });

  it("a virtual IP is its first holder sending from it: remote_group_id rules do not match it", () => {
    const admitted = Testing.synth(new VirtualIpStack(Testing.app(), "vip"));
    const refused = Testing.synth(new VirtualIpStack(Testing.app(), "vip", { admitVirtualIp: false }));
    const b01 = "huaweicloud_compute_instance.ecs-b01";
    expect(admitted).toAllowTraffic({ from: VIRTUAL_IP, to: b01, port: 80 });
    expect(refused).toAllowTraffic({ from: "192.168.0.11", to: b01, port: 80 }); // ecs-a01's fixed IP: a member of sg-a
    const message = failureOf(() => expect(refused).toAllowTraffic({ from: VIRTUAL_IP, to: b01, port: 80 }));
    expect(message).toContain(`question: tcp 80 from huaweicloud_compute_instance.ecs-a01 sending from ${VIRTUAL_IP} (the virtual IP huaweicloud_networking_vip.vip, held first by it of 2) to ${b01} (IPv4)`);
    expect(message).toContain(`counterexample: tcp port 80 from huaweicloud_compute_instance.ecs-a01 (${VIRTUAL_IP}, not its fixed IP) to ${b01} (192.168.1.11) is DENIED`);
  });
});

describe("the testing entry point", () => {
  it("loads neither jest nor cdktf-cli at run time", () => {
    const script = [
      "require('./lib/testing');",
      "const loaded = Object.keys(require.cache).filter((k) => /[\\\\/]node_modules[\\\\/](jest|jest-[a-z-]+|expect|@jest[\\\\/][a-z-]+|cdktf-cli|@cdktf[\\\\/]commons)[\\\\/]/.test(k));",
      "process.stdout.write(JSON.stringify(loaded));",
    ].join("\n");
    const out = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
      cwd: path.join(__dirname, "..", ".."),
      env: { ...process.env, CHECKPOINT_DISABLE: "1", TS_NODE_TRANSPILE_ONLY: "1" },
      encoding: "utf8",
    });
    expect(JSON.parse(out)).toEqual([]);
  });

  it("imports no test framework in its sources", () => {
    const dir = path.join(__dirname, "..", "..", "lib", "testing");
    for (const file of fs.readdirSync(dir)) {
      const text = fs.readFileSync(path.join(dir, file), "utf8");
      expect({ file, imports: text.match(/from "(jest|@jest\/[^"]*|expect|cdktf-cli|@cdktf\/[^"]*)"/g) }).toEqual({ file, imports: null });
    }
  });
});
