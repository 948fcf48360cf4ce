/** examples/web-server: seed 000 table 7, seed 001 case 1. */
import { App, Testing } from "cdktf";
import { WebServerStack } from "../../examples/web-server/stack";
import { Endpoint, Port, ReachabilityIntent } from "../../lib";
import { describeExample, external, groupMember, reach, synth } from "./helpers";

const make = (app: App) => new WebServerStack(app, "web-server");

describe("examples/web-server", () => {
  describeExample(make);

  const { network, end: member } = groupMember(synth(make).network, "web");

  it.each([4, 6] as const)("every IPv%d address reaches 80, 443 and 8080", (version) => {
    const anyone = external([version === 4 ? "0.0.0.0/0" : "::/0"]);
    expect(reach(network, "every", anyone, member, "tcp/80,443,8080", version).holds).toBe(true);
  });

  it.each([4, 6] as const)("no IPv%d address reaches SSH or any other port", (version) => {
    const anyone = external([version === 4 ? "0.0.0.0/0" : "::/0"]);
    const r = reach(network, "some", anyone, member, "tcp/1-79,81-442,444-8079,8081-65535", version);
    expect(r.holds).toBe(false);
    expect(r.witness.rule).toBeNull();
  });

  it("fails to synthesize when an intent does not hold: the validations do run", () => {
    const stack = make(Testing.app() as App);
    ReachabilityIntent.some(stack, "wrong", { from: Endpoint.internet(), to: stack.web, port: Port.SSH });
    expect(() => Testing.synth(stack, true)).toThrow(/\[web-server\/wrong\] intent "some flow from the IPv4 internet reaches members of web on tcp 22 \(IPv4\)" does not hold/);
  });
});
