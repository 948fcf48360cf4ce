/**
 * Reproduces seed 000 tables 5–6 ("Remotely connecting to an ECS ... to upload or download files
 * over FTP"): TCP 20-21.
 * - table 6: from the trusted network 192.168.0.0/24 only, with `FtpServerSg`;
 * - table 5, the seed's own warning example: from 0.0.0.0/0, written with a plain
 *   `SecurityGroup`; the lint's HWSG001 finding on it is suppressed with a reason, and reported
 *   as info.
 */
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { HuaweicloudProvider } from "../../.gen/providers/huaweicloud/provider";
import { FtpServerSg, Peer, Port, SecurityGroup, Suppressions } from "../../lib";

/** The trusted network of seed 000 table 6. */
export const FTP_TRUSTED = "192.168.0.0/24";

/** An FTP server reached from a trusted network, and the open one the seed warns against. */
export class FtpStack extends TerraformStack {
  readonly ftp: FtpServerSg;
  readonly ftpAnywhere: SecurityGroup;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new HuaweicloudProvider(this, "huaweicloud", { region: "cn-north-4" });

    // Table 6: TCP 20-21 from 192.168.0.0/24.
    this.ftp = new FtpServerSg(this, "ftp", {
      description: "FTP from the trusted network (seed 000 table 6)",
      trustedSources: [Peer.ipv4(FTP_TRUSTED)],
    });

    // Table 5: TCP 20-21 from every IPv4 address, as the seed writes it.
    this.ftpAnywhere = new SecurityGroup(this, "ftp-anywhere", {
      description: "FTP from every IPv4 address (seed 000 table 5, the warning example)",
    });
    this.ftpAnywhere.addIngressRule(Peer.anyIpv4(), Port.FTP, { description: "FTP from anywhere" });
    Suppressions.add(this.ftpAnywhere, [{ id: "HWSG001", reason: "seed 000 table 5 reproduced as the example not to follow" }]);
  }
}
