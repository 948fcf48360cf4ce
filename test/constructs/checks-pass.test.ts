/**
 * One validation pass reads the stack's Terraform once: the lint and every intent share the
 * model, and the next pass reads the stack afresh (a change between two synths is seen). Inside
 * cdktf's synthesizer, the document the checks read is the one written to cdk.tf.json: the stack
 * is resolved once per synth.
 */
import { App, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { HuaweicloudProvider } from "../../.gen/providers/huaweicloud/provider";
import { Endpoint, Peer, Port, ReachabilityIntent, SecurityGroup } from "../../lib";

function stackWithIntents(app = Testing.app()): { stack: TerraformStack; web: SecurityGroup } {
  const stack = new TerraformStack(app, "s");
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

/** app.synth() of `build`'s stack into a fresh outdir: the cdk.tf.json text, and how often cdktf resolved the stack. */
function synthesized(build: (app: App) => void, context: Record<string, unknown> = {}): { text: string; resolutions: number } {
  const outdir = mkdtempSync(join(tmpdir(), "hwsg-checks-pass-"));
  const spy = jest.spyOn(TerraformStack.prototype, "toTerraform");
  try {
    const app = new App({ outdir, context });
    build(app);
    app.synth();
    return { text: readFileSync(join(outdir, "stacks", "s", "cdk.tf.json"), "utf8"), resolutions: spy.mock.calls.length };
  } finally {
    spy.mockRestore();
    rmSync(outdir, { recursive: true, force: true });
  }
}

describe("app.synth() with the checks on", () => {
  it("resolves the stack once: the synthesizer writes the document the checks read", () => {
    const on = synthesized((app) => stackWithIntents(app));
    expect(on.resolutions).toBe(1);
    const off = synthesized((app) => stackWithIntents(app), { "hwsg:checks": "off" });
    expect(off.resolutions).toBe(1);
    // Byte for byte the same Terraform: reading it for the checks changed nothing in it.
    expect(on.text).toBe(off.text);
  });

  it("resolves afresh when a validation adds a construct after the checks have read the stack", () => {
    let added = false;
    const { text, resolutions } = synthesized((app) => {
      const { stack, web } = stackWithIntents(app);
      // Validations run in construct order: this one, on the stack's last child, runs after the
      // checks have read the stack, and adds a rule, which must be in the written Terraform.
      new Construct(stack, "late").node.addValidation({
        validate: () => {
          if (!added) {
            added = true;
            web.addIngressRule(Peer.ipv4("10.0.0.0/8"), Port.tcp(8080));
          }
          return [];
        },
      });
    });
    expect(added).toBe(true);
    expect(text).toContain("10.0.0.0/8");
    expect(resolutions).toBe(2);
  });

  it("hands nothing over outside the synthesizer: Testing.synth and direct calls resolve the stack", () => {
    const { stack, web } = stackWithIntents();
    stack.runAllValidations();
    // A rule changed after a validation pass, without a synth in between, is in the next document.
    web.addIngressRule(Peer.ipv4("10.0.0.0/8"), Port.tcp(8443));
    expect(JSON.stringify(stack.toTerraform())).toContain("8443");
    expect(Testing.synth(stack, true)).toContain("8443");
  });
});
