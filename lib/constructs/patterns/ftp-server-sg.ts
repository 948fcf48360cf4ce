/**
 * `FtpServerSg`: uploading and downloading files over FTP from trusted servers (Huawei Cloud "Security Group Configuration Examples",
 * "Remotely Connecting to an ECS from a Local Server to Upload or Download Files over FTP"): TCP 20-21 from trusted sources only.
 */
import { Construct } from "constructs";
import { IPeer } from "../peer";
import { Port } from "../port";
import { SecurityGroupProps } from "../security-group";
import { PatternSecurityGroup } from "./pattern-security-group";
import { undoOnError } from "../private/naming";
import { openToTrusted } from "./trusted-access";

/** Properties of an `FtpServerSg`. */
export interface FtpServerSgProps extends SecurityGroupProps {
  /**
   * Who may connect: CIDR blocks or address groups. An any-address source is refused unless
   * `openToInternetReason` is set (Huawei Cloud "Security Group Configuration Examples" shows the FTP rule from 0.0.0.0/0 as what not to do).
   */
  readonly trustedSources: readonly IPeer[];
  /**
   * Why FTP must be open to every address; setting it accepts an any-address source and
   * suppresses HWSG001 with this reason.
   * @default any-address sources are refused
   */
  readonly openToInternetReason?: string;
  /**
   * Whether the trusted sources may ping the server.
   * @default false
   */
  readonly ping?: boolean;
  /**
   * Whether IPv6 sources are accepted. The pattern is IPv4-only by default, as Huawei's examples
   * are: an IPv6 source is refused, and the synth proves that no IPv6 traffic gets in.
   * @default false
   */
  readonly ipv6?: boolean;
}

/**
 * A security group for an FTP server: TCP 20-21 from trusted sources only.
 *
 * Intends, proved at synth time: every trusted address reaches 20-21; no other public address
 * reaches anything. Intent names, for `disableIntent`: `trusted-<i>-reaches-ftp`,
 * `untrusted-reach-nothing-ipv4`, `untrusted-reach-nothing-ipv6`.
 *
 * @example
 * new FtpServerSg(this, "ftp", { trustedSources: [Peer.ipv4("192.168.0.0/24")] });
 */
export class FtpServerSg extends PatternSecurityGroup {
  constructor(scope: Construct, id: string, props: FtpServerSgProps) {
    super(scope, id, props);
    undoOnError(this, () => openToTrusted(this, {
      port: Port.FTP,
      sources: props.trustedSources,
      field: "trustedSources",
      ping: props.ping ?? false,
      ipv6: props.ipv6 ?? false,
      service: "FTP",
      ...(props.openToInternetReason !== undefined ? { openToInternetReason: props.openToInternetReason } : {}),
    }));
  }
}
