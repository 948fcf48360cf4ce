/** examples/ftp: seed 000 tables 5–6. */
import { App } from "cdktf";
import { FTP_TRUSTED, FtpStack } from "../../examples/ftp/stack";
import { describeExample, external, groupMember, reach, synth } from "./helpers";

const make = (app: App) => new FtpStack(app, "ftp");

describe("examples/ftp", () => {
  describeExample(make, [
    { level: "info", path: "ftp/ftp-anywhere/ingress-allow-tcp-20-21-from-any-ipv4", message: /^\[HWSG001\] suppressed \(seed 000 table 5 .*\): .* open to the internet on FTP \(tcp ports? 20-21\)/ },
  ]);

  const { network } = synth(make);

  it("table 6: every trusted address reaches 20-21; nothing else gets in", () => {
    const { network: net, end } = groupMember(network, "ftp");
    expect(reach(net, "every", external([FTP_TRUSTED]), end, "tcp/20-21").holds).toBe(true);
    expect(reach(net, "some", external([FTP_TRUSTED]), end, "tcp/1-19,22-65535").holds).toBe(false);
    expect(reach(net, "some", external(["0.0.0.0/0"], [FTP_TRUSTED]), end, "all").holds).toBe(false);
  });

  it("table 5: every IPv4 address reaches 20-21 on the warning example", () => {
    const { network: net, end } = groupMember(network, "ftp-anywhere");
    expect(reach(net, "every", external(["0.0.0.0/0"]), end, "tcp/20-21").holds).toBe(true);
  });
});
