/**
 * `BastionSg`: remote login from trusted networks only (Huawei Cloud "Security Group Configuration Examples", "Remotely Logging In to an ECS from a Local Server"; Alibaba Cloud "Security group guidelines and use cases", case 2):
 * SSH for Linux, RDP for Windows, or a custom port.
 */
import { Construct } from "constructs";
import { ValidationError } from "../../core/errors";
import { IPeer } from "../peer";
import { Port } from "../port";
import { SecurityGroupProps } from "../security-group";
import { PatternSecurityGroup } from "./pattern-security-group";
import { undoOnError } from "../private/naming";
import { openToTrusted } from "./trusted-access";

/** The operating system of the instances logged in to. */
export type LoginOs = "linux" | "windows";

/** Properties of a `BastionSg`. */
export interface BastionSgProps extends SecurityGroupProps {
  /**
   * Who may log in: CIDR blocks (`Peer.ipv4("203.0.113.0/24")`) or address groups. An
   * any-address source (`0.0.0.0/0`, `::/0`) is refused unless `openToInternetReason` is set.
   */
  readonly trustedSources: readonly IPeer[];
  /**
   * The OS: `linux` opens SSH (TCP 22), `windows` opens RDP (TCP 3389).
   * @default "linux"
   */
  readonly os?: LoginOs;
  /**
   * A custom login port instead of the OS's default.
   * @default SSH for linux, RDP for windows
   */
  readonly port?: Port;
  /**
   * Why the login port must be open to every address. Setting it accepts an any-address source,
   * and suppresses the high-risk-port finding (HWSG001) with this reason.
   * @default any-address sources are refused
   */
  readonly openToInternetReason?: string;
  /**
   * Whether the trusted sources may ping the bastion (ICMP / ICMPv6).
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
 * A security group for a bastion (jump host): the login port from trusted sources only.
 *
 * Intends, proved at synth time: every trusted address reaches the login port; no other public
 * address reaches anything (unless `openToInternetReason` is set). Intent names, for
 * `disableIntent`: `trusted-<i>-reaches-<ssh|rdp|login>`, `untrusted-reach-nothing-ipv4`, `-ipv6`.
 *
 * @example
 * new BastionSg(this, "bastion", { trustedSources: [Peer.ipv4("203.0.113.0/24"), officeAddressGroup] });
 */
export class BastionSg extends PatternSecurityGroup {
  /** The login port. */
  readonly loginPort: Port;

  constructor(scope: Construct, id: string, props: BastionSgProps) {
    super(scope, id, props);
    const os = props.os ?? "linux";
    this.loginPort = props.port ?? (os === "windows" ? Port.RDP : Port.SSH);
    undoOnError(this, () => {
      if (os !== "linux" && os !== "windows") throw new ValidationError(this.node.path, "os", os, 'must be "linux" or "windows"');
      if (props.port !== undefined && !(props.port instanceof Port)) throw new ValidationError(this.node.path, "port", String(props.port), "must be a Port");
      openToTrusted(this, {
        port: this.loginPort,
        sources: props.trustedSources,
        field: "trustedSources",
        ping: props.ping ?? false,
        ipv6: props.ipv6 ?? false,
        service: os === "linux" && !props.port ? "SSH" : os === "windows" && !props.port ? "RDP" : "login",
        ...(props.openToInternetReason !== undefined ? { openToInternetReason: props.openToInternetReason } : {}),
      });
    });
  }
}
