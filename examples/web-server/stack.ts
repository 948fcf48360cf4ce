/**
 * Reproduces seed 000 table 7 ("Setting up a website on an ECS to provide internet-accessible
 * services": TCP 80 and 443 from 0.0.0.0/0) and seed 001 case 1 ("Provide web services": HTTP,
 * HTTPS and other custom ports from any source), with IPv6 (`::/0`) and an extra port, 8080.
 *
 * `WebServerSg` writes the rules and proves at synth time that every IPv4 and IPv6 address
 * reaches each open port and that no public address reaches anything else. The stack adds one
 * intent of its own: the high-risk SSH port stays closed to the internet.
 */
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { HuaweicloudProvider } from "../../.gen/providers/huaweicloud/provider";
import { Endpoint, Port, ReachabilityIntent, WebServerSg } from "../../lib";

/** A web server group open to the internet on 80, 443 and 8080, over IPv4 and IPv6. */
export class WebServerStack extends TerraformStack {
  /** The web servers' group. */
  readonly web: WebServerSg;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new HuaweicloudProvider(this, "huaweicloud", { region: "cn-north-4" });

    this.web = new WebServerSg(this, "web", {
      description: "Website open to the internet (seed 000 table 7, seed 001 case 1)",
      ipv6: true,
      extraPorts: [Port.tcp(8080)],
    });

    // Stated by the user on top of the pattern's own intents.
    for (const version of [4, 6] as const) {
      ReachabilityIntent.none(this, `no-ssh-from-internet-ipv${version}`, {
        from: Endpoint.internet(version),
        to: this.web,
        port: Port.SSH,
        description: `no public IPv${version} address reaches the web servers over SSH`,
      });
    }
  }
}
