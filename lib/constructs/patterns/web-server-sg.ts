/**
 * `WebServerSg`: a website open to the internet (Huawei Cloud "Security Group Configuration Examples", "Setting Up a Website on an ECS to Provide Internet-Accessible Services"; Alibaba Cloud "Security group guidelines and use cases", case 1): HTTP and
 * HTTPS (and any extra ports) from every IPv4 address, optionally IPv6, and nothing else.
 */
import { Construct } from "constructs";
import { ValidationError } from "../../core/errors";
import { Endpoint } from "../endpoint";
import { Peer } from "../peer";
import { Port } from "../port";
import { undoOnError } from "../private/naming";
import { SecurityGroupProps } from "../security-group";
import { PatternIntent } from "./pattern-intent";
import { PatternSecurityGroup } from "./pattern-security-group";

/** Properties of a `WebServerSg`. */
export interface WebServerSgProps extends SecurityGroupProps {
  /**
   * Whether HTTP (TCP 80) is open.
   * @default true
   */
  readonly http?: boolean;
  /**
   * Whether HTTPS (TCP 443) is open.
   * @default true
   */
  readonly https?: boolean;
  /**
   * Other ports open to the internet (e.g. `Port.tcp(8080)`). High-risk ports (22, 3306, …) are
   * reported by the lint.
   * @default none
   */
  readonly extraPorts?: readonly Port[];
  /**
   * Whether the ports are open to every IPv6 address (`::/0`) too.
   * @default false
   */
  readonly ipv6?: boolean;
  /**
   * Whether the servers answer ping from anywhere (ICMP, and ICMPv6 with `ipv6`; Huawei Cloud "Security Group Configuration Examples", "Using ping Command to Verify Network Connectivity").
   * @default false
   */
  readonly ping?: boolean;
}

/**
 * A security group for web servers reached from the internet.
 *
 * Intends, proved at synth time: every IPv4 address (and IPv6 address with `ipv6`) reaches each
 * open port; no public address reaches anything else. Intent names, for `disableIntent`:
 * `internet-reaches-<port>` (`internet-reaches-tcp-443`), `internet-reaches-nothing-else`, and
 * `ipv6-internet-reaches-nothing` (or the `-ipv6` variants with `ipv6`).
 *
 * @example
 * const web = new WebServerSg(this, "web", { extraPorts: [Port.tcp(8080)], ipv6: true });
 */
export class WebServerSg extends PatternSecurityGroup {
  /** The ports open to the internet. */
  readonly openPorts: readonly Port[];

  constructor(scope: Construct, id: string, props: WebServerSgProps = {}) {
    super(scope, id, props);
    const all = [...(props.http ?? true ? [Port.HTTP] : []), ...(props.https ?? true ? [Port.HTTPS] : []), ...(props.extraPorts ?? [])];
    // The same port named twice (an extra port equal to HTTP, say) is one rule and one intent.
    const ports = all.filter((p, i) => !(p instanceof Port) || all.findIndex((q) => q instanceof Port && q.label === p.label) === i);
    this.openPorts = ports;
    undoOnError(this, () => this.build(props, ports));
  }

  private build(props: WebServerSgProps, ports: readonly Port[]): void {
    (props.extraPorts ?? []).forEach((p, i) => {
      if (!(p instanceof Port)) throw new ValidationError(this.node.path, `extraPorts[${i}]`, String(p), "must be a Port");
      if (p.isAllTraffic) throw new ValidationError(this.node.path, `extraPorts[${i}]`, p.label, "must name a protocol: a web server does not open every protocol to the internet");
    });
    if (ports.length === 0) throw new ValidationError(this.node.path, "http", false, "a web server needs one open port at least (http, https or extraPorts)");

    const versions = props.ipv6 ? ([4, 6] as const) : ([4] as const);
    for (const version of versions) {
      const anyone = version === 4 ? Peer.anyIpv4() : Peer.anyIpv6();
      for (const port of ports) this.addIngressRule(anyone, port, { description: `${port.label} from the internet` });
      if (props.ping) this.addIngressRule(anyone, Port.icmpPing(), { description: "ping from the internet" });

      const suffix = version === 4 ? "" : "-ipv6";
      ports.forEach((port) => {
        new PatternIntent(this, `internet-reaches-${port.label.replace(/[^a-z0-9]+/gi, "-")}${suffix}`, {
          quantifier: "every",
          own: "to",
          from: version === 4 ? Endpoint.anyIpv4() : Endpoint.anyIpv6(),
          to: this,
          port,
        });
      });
      new PatternIntent(this, `internet-reaches-nothing-else${suffix}`, {
        quantifier: "none",
        own: "to",
        from: Endpoint.internet(version),
        to: this,
        port: Port.allTraffic(),
        except: [...ports, ...(props.ping ? [Port.icmpPing()] : [])],
      });
    }
    if (!props.ipv6) {
      new PatternIntent(this, "ipv6-internet-reaches-nothing", { quantifier: "none", own: "to", from: Endpoint.internet(6), to: this, port: Port.allTraffic() });
    }
  }
}
