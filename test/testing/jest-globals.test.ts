/**
 * hwsg/testing with jest's explicit globals: `import { expect } from "@jest/globals"` — the
 * matchers register on that expect and type-check on it (see matcher-types.test.ts for the types).
 */
import { describe, expect, it } from "@jest/globals";
import { Testing } from "cdktf";
import { Endpoint, Peer, Port, SecurityGroup, WebServerSg } from "../../lib";
import { hwsgMatchers } from "../../lib/testing";
import { newStack } from "../constructs/helpers";

expect.extend(hwsgMatchers);

describe("the matchers on @jest/globals' expect", () => {
  it("evaluate traffic and findings", () => {
    const { stack } = newStack();
    const web = new WebServerSg(stack, "web");
    const ops = new SecurityGroup(stack, "ops");
    ops.addIngressRule(Peer.anyIpv4(), Port.SSH);
    const synth = Testing.synth(stack);
    expect(synth).toAllowTraffic({ from: Endpoint.internet(), to: web, port: Port.HTTPS });
    expect(synth).toDenyTraffic({ from: Endpoint.internet(), to: web, port: Port.SSH });
    expect(synth).toHaveFinding("HWSG001", { on: ops });
    expect(synth).not.toHaveFinding("HWSG001", { on: web });
    expect(synth).not.toHaveNoFindings({ severity: "error" });
  });
});
