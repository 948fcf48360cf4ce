/**
 * Reproduces seed 000 tables 2–4 ("Remotely logging in to an ECS from a local server") and
 * seed 001 case 2 ("Allow remote access"):
 * - table 4, Linux: SSH (TCP 22) from the trusted network 192.168.0.0/24 only;
 * - table 4, Windows: RDP (TCP 3389) from the trusted network 10.10.0.0/24 only;
 * - table 2, the seed's own warning example: SSH from 0.0.0.0/0. Kept so the lint's verdict on it
 *   can be seen; the exposure (HWSG001) is acknowledged with a reason, and reported as info.
 *
 * `BastionSg` proves at synth time that every trusted address reaches the login port and that no
 * other public address reaches anything. The stack states one intent of its own: the Linux
 * operators' network does not reach the Windows host over RDP.
 */
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { HuaweicloudProvider } from "../../.gen/providers/huaweicloud/provider";
import { BastionSg, Peer, Port, ReachabilityIntent } from "../../lib";

/** The trusted network of the Linux ECS (seed 000 table 4). */
export const LINUX_TRUSTED = "192.168.0.0/24";
/** The trusted network of the Windows ECS (seed 000 table 4). */
export const WINDOWS_TRUSTED = "10.10.0.0/24";

/** Remote login to a Linux ECS over SSH and a Windows ECS over RDP, from trusted networks. */
export class RemoteLoginStack extends TerraformStack {
  readonly linux: BastionSg;
  readonly windows: BastionSg;
  readonly sshAnywhere: BastionSg;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new HuaweicloudProvider(this, "huaweicloud", { region: "cn-north-4" });

    // Table 4, Linux ECS: SSH from 192.168.0.0/24.
    this.linux = new BastionSg(this, "linux", {
      description: "SSH from the trusted network (seed 000 table 4)",
      trustedSources: [Peer.ipv4(LINUX_TRUSTED)],
    });

    // Table 4, Windows ECS: RDP from 10.10.0.0/24.
    this.windows = new BastionSg(this, "windows", {
      description: "RDP from the trusted network (seed 000 table 4)",
      os: "windows",
      trustedSources: [Peer.ipv4(WINDOWS_TRUSTED)],
    });

    // Table 2: what the seed warns against. BastionSg refuses 0.0.0.0/0 unless told why; the
    // reason is recorded with the HWSG001 finding, which is then reported as info.
    this.sshAnywhere = new BastionSg(this, "ssh-anywhere", {
      description: "SSH from every IPv4 address (seed 000 table 2, the warning example)",
      trustedSources: [Peer.anyIpv4()],
      openToInternetReason: "seed 000 table 2 reproduced as the example not to follow",
    });

    ReachabilityIntent.none(this, "linux-operators-no-rdp-to-windows", {
      from: Peer.ipv4(LINUX_TRUSTED),
      to: this.windows,
      port: Port.RDP,
      description: "the Linux operators' network does not reach the Windows ECS over RDP",
    });
  }
}
