/**
 * The off switch of the synth-time checks: the cdktf context key `hwsg:checks` = "off" makes the
 * lint and every reachability intent skip their validation, so a stack that fails synth with the
 * checks on synthesizes with them off. What `npm run bench` measures as "checks off".
 */
import { App, TerraformStack, Testing } from "cdktf";
import { mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { HuaweicloudProvider } from "../../.gen/providers/huaweicloud/provider";
import { CHECKS_CONTEXT_KEY, Endpoint, Peer, Port, ReachabilityIntent, SecurityGroup } from "../../lib";
import { thrown, validationFailure } from "./helpers";

/** A stack with a lint error (SSH open to the internet, HWSG001) and an intent that fails. */
function brokenStack(app: App): TerraformStack {
  const stack = new TerraformStack(app, "s");
  new HuaweicloudProvider(stack, "huaweicloud", { region: "cn-north-4" });
  const sg = new SecurityGroup(stack, "g", { allowAllOutbound: false });
  sg.addIngressRule(Peer.anyIpv4(), Port.SSH);
  ReachabilityIntent.every(stack, "https-from-internet", { from: Endpoint.anyIpv4(), to: sg, port: Port.HTTPS });
  return stack;
}

function withOutdir<T>(f: (outdir: string) => T): T {
  const outdir = mkdtempSync(join(tmpdir(), "hwsg-checks-off-"));
  try {
    return f(outdir);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

describe(`context key ${CHECKS_CONTEXT_KEY}`, () => {
  it("is hwsg:checks", () => {
    expect(CHECKS_CONTEXT_KEY).toBe("hwsg:checks");
  });

  it("by default the broken stack fails app.synth() on the lint error and the intent", () => {
    withOutdir((outdir) => {
      const app = new App({ outdir });
      brokenStack(app);
      const message = thrown(() => app.synth());
      expect(message).toContain("intent \"every flow from");
    });
    withOutdir((outdir) => {
      const app = new App({ outdir });
      const stack = brokenStack(app);
      // Without the failing intent, the lint error alone fails the synth.
      stack.node.tryRemoveChild("https-from-internet");
      expect(thrown(() => app.synth())).toContain("[HWSG001]");
    });
  });

  it('"on" is the same as no value', () => {
    const app = Testing.app({ context: { [CHECKS_CONTEXT_KEY]: "on" } });
    expect(validationFailure(brokenStack(app))).toContain("does not hold");
  });

  it('"off" (set with app.node.setContext) lets the broken stack synthesize, and the Terraform is unchanged', () => {
    withOutdir((outdir) => {
      const app = new App({ outdir });
      app.node.setContext(CHECKS_CONTEXT_KEY, "off");
      const stack = brokenStack(app);
      expect(() => app.synth()).not.toThrow();
      const written = JSON.parse(readFileSync(join(outdir, "stacks", "s", "cdk.tf.json"), "utf8"));
      expect(Object.keys(written.resource.huaweicloud_networking_secgroup_rule)).toHaveLength(1);
      // No annotation at all: the lint did not run.
      expect(stack.node.findAll().flatMap((c) => c.node.metadata.filter((m) => /hwsg|HWSG/.test(String(m.data))))).toEqual([]);
    });
  });

  it('"off" from the app context (as cdktf.json "context" passes it) and false work too', () => {
    for (const value of ["off", false]) {
      const app = Testing.app({ context: { [CHECKS_CONTEXT_KEY]: value } });
      expect(validationFailure(brokenStack(app))).toBeUndefined();
    }
  });

  it("any other value fails the synth, naming the key", () => {
    const app = Testing.app({ context: { [CHECKS_CONTEXT_KEY]: "of" } });
    expect(validationFailure(brokenStack(app))).toContain('the context key hwsg:checks is "of": it must be "on" or "off"');
  });
});
