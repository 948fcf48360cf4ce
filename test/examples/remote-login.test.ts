/** examples/remote-login: seed 000 tables 2–4, seed 001 case 2. */
import { App } from "cdktf";
import { LINUX_TRUSTED, RemoteLoginStack, WINDOWS_TRUSTED } from "../../examples/remote-login/stack";
import { describeExample, external, groupMember, reach, synth } from "./helpers";

const make = (app: App) => new RemoteLoginStack(app, "remote-login");

describe("examples/remote-login", () => {
  describeExample(make, [
    // Table 2 is the seed's own warning example: its exposure is acknowledged, and reported as info.
    { level: "info", path: "remote-login/ssh-anywhere/ingress-allow-tcp-22-from-any-ipv4", message: /^\[HWSG001\] suppressed \(seed 000 table 2 .*\): .* open to the internet on SSH \(tcp port 22\)/ },
  ]);

  const { network } = synth(make);

  it("table 4, Linux: the trusted network reaches SSH, no other address does", () => {
    const { network: net, end } = groupMember(network, "linux");
    expect(reach(net, "every", external([LINUX_TRUSTED]), end, "tcp/22").holds).toBe(true);
    const outside = reach(net, "some", external(["0.0.0.0/0"], [LINUX_TRUSTED]), end, "all");
    expect(outside.holds).toBe(false);
    expect(outside.witness.rule).toBeNull();
  });

  it("table 4, Windows: the trusted network reaches RDP only; the Linux network does not", () => {
    const { network: net, end } = groupMember(network, "windows");
    expect(reach(net, "every", external([WINDOWS_TRUSTED]), end, "tcp/3389").holds).toBe(true);
    expect(reach(net, "some", external([WINDOWS_TRUSTED]), end, "tcp/22").holds).toBe(false);
    expect(reach(net, "some", external([LINUX_TRUSTED]), end, "tcp/3389").holds).toBe(false);
  });

  it("table 2: every IPv4 address reaches SSH on the warning example", () => {
    const { network: net, end } = groupMember(network, "ssh-anywhere");
    const r = reach(net, "every", external(["0.0.0.0/0"]), end, "tcp/22");
    expect(r.holds).toBe(true);
    expect(r.witness.rule).toMatch(/^huaweicloud_networking_secgroup_rule\.ssh-anywhere_ingress-allow-tcp-22-from-any-ipv4_/);
  });
});
