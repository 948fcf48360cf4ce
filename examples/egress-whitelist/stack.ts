/**
 * Reproduces seed 000 tables 11–12 ("Allowing ECSs to access only specific external websites")
 * and seed 001 case 6 ("Restrict outbound access"): members reach http://132.15.XX.XX:80 and
 * https://145.117.XX.XX:443 only.
 * - table 11: the two allow rules at priority 1;
 * - table 12: the default allow-all egress rules are not written (`EgressWhitelistSg` never
 *   allows all outbound traffic);
 * - seed 001 case 6: the explicit deny of everything else at priority 2, a larger number than the
 *   allows' so the allows are tried first (`explicitDeny`, `explicitDenyPriority: 2`).
 *
 * The seeds elide the website addresses (132.15.XX.XX, 145.117.XX.XX); 132.15.0.10/32 and
 * 145.117.0.10/32 stand in for them, inside the seed's own visible prefixes. They are
 * illustrations, not real websites.
 */
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { HuaweicloudProvider } from "../../.gen/providers/huaweicloud/provider";
import { EgressWhitelistSg, Peer, Port, ReachabilityIntent } from "../../lib";

/** Stand-in for the seed's 132.15.XX.XX (HTTP). */
export const HTTP_SITE = "132.15.0.10/32";
/** Stand-in for the seed's 145.117.XX.XX (HTTPS). */
export const HTTPS_SITE = "145.117.0.10/32";

/** A group whose members reach two websites and nothing else. */
export class EgressWhitelistStack extends TerraformStack {
  readonly egress: EgressWhitelistSg;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new HuaweicloudProvider(this, "huaweicloud", { region: "cn-north-4" });

    this.egress = new EgressWhitelistSg(this, "egress", {
      description: "Reaches two websites only (seed 000 tables 11-12, seed 001 case 6)",
      destinations: [
        { peer: Peer.ipv4(HTTP_SITE), port: Port.HTTP, description: "the website over HTTP" },
        { peer: Peer.ipv4(HTTPS_SITE), port: Port.HTTPS, description: "the website over HTTPS" },
      ],
      explicitDeny: true,
      explicitDenyPriority: 2,
    });

    // Stated by the user: each website is reached on its own port only.
    ReachabilityIntent.none(this, "http-site-not-over-https", { from: this.egress, to: Peer.ipv4(HTTP_SITE), port: Port.HTTPS });
    ReachabilityIntent.none(this, "https-site-not-over-http", { from: this.egress, to: Peer.ipv4(HTTPS_SITE), port: Port.HTTP });
  }
}
