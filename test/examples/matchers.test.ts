/**
 * How a user tests a stack with hwsg/testing: register the matchers once, synthesize, and ask
 * the evaluator about traffic in the terms the test reads best — constructs, endpoints,
 * Terraform addresses or IP addresses.
 */
import { Testing } from "cdktf";
import { IPS, ThreeTierStack, VPC_CIDR } from "../../examples/three-tier/stack";
import { Endpoint, Peer, Port } from "../../lib";
import { hwsgMatchers } from "../../lib/testing"; // "hwsg/testing" in a project that depends on hwsg

expect.extend(hwsgMatchers); // or once, in a jest setupFilesAfterEnv file

describe("the three-tier stack, tested with toAllowTraffic and toDenyTraffic", () => {
  const stack = new ThreeTierStack(Testing.app(), "three-tier");
  const synth = Testing.synth(stack);

  it("serves the web tier to the internet, and nothing else from outside the VPC", () => {
    expect(synth).toAllowTraffic({ from: Endpoint.internet(), to: stack.web, port: Port.HTTPS });
    expect(synth).toAllowTraffic({ from: Endpoint.internet(), to: stack.web, port: Port.HTTP });
    expect(synth).toDenyTraffic({
      from: Endpoint.addresses(["0.0.0.0/0"], { except: [VPC_CIDR] }),
      to: stack.web,
      except: [Port.HTTP, Port.HTTPS],
    });
  });

  it("keeps the database private: only the app tier reaches MySQL", () => {
    expect(synth).toAllowTraffic({ from: stack.app, to: stack.db, port: Port.MYSQL });
    expect(synth).toDenyTraffic({ from: stack.web, to: stack.db });
    expect(synth).toDenyTraffic({ from: "203.0.113.9", to: "huaweicloud_compute_instance.db1", port: 3306 });
  });

  it("lets the app tier out only to what its whitelist lists", () => {
    expect(synth).toAllowTraffic({ from: "huaweicloud_compute_instance.app1", to: "203.0.113.10", port: 443 });
    expect(synth).toDenyTraffic({ from: IPS.app1, to: "198.51.100.0/24" });
  });

  it("admits SSH only through the bastion", () => {
    expect(synth).toAllowTraffic({ from: stack.trusted, to: stack.bastion, port: Port.SSH });
    for (const tier of [stack.web, stack.app, stack.db]) {
      expect(synth).toAllowTraffic({ from: stack.bastion, to: tier, port: Port.SSH });
      expect(synth).toDenyTraffic({ from: Endpoint.internet(), to: tier, port: Port.SSH });
    }
  });

  it("explains a broken expectation with a counterexample and the deciding rule", () => {
    expect(() => expect(synth).toAllowTraffic({ from: Endpoint.internet(), to: stack.db, port: Port.MYSQL })).toThrow(
      /counterexample: tcp port 3306 from [\d.]+ to huaweicloud_compute_instance\.db1 \(192\.168\.1\.30\) is DENIED\n  deciding rule: huaweicloud_networking_secgroup_rule\.db_ingress-deny-tcp-3306-from-any-ipv4-p100_[0-9A-F]{8} \(three-tier\/db\/ingress-deny-tcp-3306-from-any-ipv4-p100\)/,
    );
  });
});

describe("the three-tier stack, tested with toHaveNoFindings and toHaveFinding", () => {
  it("has no lint finding that would fail the synth", () => {
    const stack = new ThreeTierStack(Testing.app(), "three-tier");
    expect(Testing.synth(stack)).toHaveNoFindings({ severity: "error" });
  });

  it("reports SSH opened to the internet on the bastion, on the bastion", () => {
    const stack = new ThreeTierStack(Testing.app(), "three-tier");
    stack.bastion.addIngressRule(Peer.anyIpv4(), Port.SSH);
    const synth = Testing.synth(stack);
    expect(synth).toHaveFinding("HWSG001", { on: stack.bastion, severity: "error" });
    expect(synth).not.toHaveFinding("HWSG001", { on: stack.db });
    expect(() => expect(synth).toHaveNoFindings({ severity: "error" })).toThrow(/Expected no error finding, but found 1:\n {2}HWSG001 error on /);
  });
});
