/**
 * One validation pass reads the stack's Terraform once: the lint and every intent share the
 * model, and the next pass reads the stack afresh (a change between two synths is seen).
 */
import { TerraformStack, Testing } from "cdktf";
import { HuaweicloudProvider } from "../../.gen/providers/huaweicloud/provider";
import { Endpoint, Peer, Port, ReachabilityIntent, SecurityGroup } from "../../lib";

function stackWithIntents(): { stack: TerraformStack; web: SecurityGroup } {
  const stack = new TerraformStack(Testing.app(), "s");
  new HuaweicloudProvider(stack, "huaweicloud", { region: "cn-north-4" });
  const web = new SecurityGroup(stack, "web", { allowAllOutbound: false });
  web.addIngressRule(Peer.anyIpv4(), Port.HTTPS);
  ReachabilityIntent.every(stack, "https", { from: Endpoint.anyIpv4(), to: web, port: Port.HTTPS });
  ReachabilityIntent.none(stack, "no-ssh", { from: Endpoint.anyIpv4(), to: web, port: Port.SSH });
  ReachabilityIntent.none(stack, "no-rdp", { from: Endpoint.anyIpv4(), to: web, port: Port.RDP });
  return { stack, web };
}

describe("a validation pass", () => {
  it("resolves the stack's Terraform once for the lint and three intents", () => {
    const { stack } = stackWithIntents();
    const spy = jest.spyOn(stack, "toTerraform");
    stack.runAllValidations();
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockClear();
    stack.runAllValidations();
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it("sees a change made between two synths", () => {
    const { stack, web } = stackWithIntents();
    expect(() => Testing.synth(stack, true)).not.toThrow();
    web.addIngressRule(Peer.anyIpv4(), Port.SSH);
    expect(() => Testing.synth(stack, true)).toThrow(/no-ssh/);
  });

  it("outside a pass, reads the stack each time it is asked", () => {
    const { stack, web } = stackWithIntents();
    expect(() => stack.runAllValidations()).not.toThrow();
    web.addIngressRule(Peer.anyIpv4(), Port.RDP);
    expect(() => stack.runAllValidations()).toThrow(/no-rdp/);
  });
});
