/**
 * Protocol and ports of a security group rule, in the style of AWS CDK's `Port`: static
 * factories and named constants for the ports Huawei's examples use. A `Port` is a plain value;
 * it is validated when a construct uses it, so errors name the construct path.
 */
import { PortSet } from "../core/port-set";
import { IpVersion } from "../core/ip";
import { Token } from "../cdk/core";
import { HwsgError, ValidationError } from "../core/errors";
import { MAX_ICMP, icmpMessage, icmpName, icmpTypeRange } from "../core/icmp";
import { isToken, numberText } from "./private/tokens";
import { PROTOCOL_NUMBERS, hasPorts, icmpFor, parseRuleProtocol, ruleProtocolValue } from "../core/protocol";

/** One entry of an inconsecutive port list: a port, or an inclusive range `[from, to]`. */
export type PortEntry = number | readonly [number, number];

/** What a `Port` stands for, before it is checked. */
type PortSpec =
  | { readonly kind: "all" }
  | { readonly kind: "icmp" }
  | { readonly kind: "icmpType"; readonly type: number; readonly code?: number }
  | { readonly kind: "protocol"; readonly protocol: number }
  | { readonly kind: "ports"; readonly protocol: "tcp" | "udp"; readonly entries?: readonly PortEntry[] }
  | { readonly kind: "custom"; readonly protocol: string; readonly ports?: string };

/** The Terraform values of a rule's `protocol` and `ports` for one IP version. */
export interface PortFields {
  /** `tcp`, `udp`, `icmp`, `icmpv6` or a protocol number; undefined = every protocol. */
  readonly protocol?: string;
  /** The canonical `ports` text; undefined = every port. */
  readonly ports?: string;
  /** `port_range_min` of an ICMP rule: the ICMP type (`Port.icmpType`). */
  readonly icmpType?: number;
  /** `port_range_max` of an ICMP rule: the ICMP code (`Port.icmpType` with a code). */
  readonly icmpCode?: number;
}

/**
 * The protocol and destination ports a rule matches.
 *
 * @example
 * sg.addIngressRule(Peer.anyIpv4(), Port.HTTPS);
 * sg.addIngressRule(Peer.ipv4("10.0.0.0/8"), Port.tcpPorts([80, 443, [8000, 8080]]));
 */
export class Port {
  /** Every TCP port. */
  static allTcp(): Port {
    return new Port({ kind: "ports", protocol: "tcp" }, "tcp all ports");
  }

  /** One TCP port, 1–65535. */
  static tcp(port: number): Port {
    return new Port({ kind: "ports", protocol: "tcp", entries: [port] }, `tcp ${port}`);
  }

  /** An inclusive range of TCP ports, `from` ≤ `to`. */
  static tcpRange(from: number, to: number): Port {
    return new Port({ kind: "ports", protocol: "tcp", entries: [[from, to]] }, `tcp ${from}-${to}`);
  }

  /**
   * Several TCP ports or ranges in one rule (`ports = "80,443,8000-8080"`). A list that is not
   * consecutive counts against the 120-rule quota and is ignored on some flavors (semantics §6);
   * a list that merges into one range is written as that range.
   */
  static tcpPorts(ports: readonly PortEntry[]): Port {
    return new Port({ kind: "ports", protocol: "tcp", entries: ports }, `tcp ${listLabel(ports)}`);
  }

  /** Every UDP port. */
  static allUdp(): Port {
    return new Port({ kind: "ports", protocol: "udp" }, "udp all ports");
  }

  /** One UDP port, 1–65535. */
  static udp(port: number): Port {
    return new Port({ kind: "ports", protocol: "udp", entries: [port] }, `udp ${port}`);
  }

  /** An inclusive range of UDP ports. */
  static udpRange(from: number, to: number): Port {
    return new Port({ kind: "ports", protocol: "udp", entries: [[from, to]] }, `udp ${from}-${to}`);
  }

  /** Several UDP ports or ranges in one rule (see `tcpPorts`). */
  static udpPorts(ports: readonly PortEntry[]): Port {
    return new Port({ kind: "ports", protocol: "udp", entries: ports }, `udp ${listLabel(ports)}`);
  }

  /**
   * What `ping` needs (Huawei Cloud "Security Group Configuration Examples", "Using ping Command to Verify Network Connectivity"): ICMP for IPv4 peers, ICMPv6 for IPv6 peers. This is
   * every ICMP message, exactly like `allIcmp()`: the API takes an ICMP type only in
   * `port_range_min`, which the provider does not allow with `action` or `priority` (every other
   * rule of these constructs writes both). For echo requests alone use `icmpType(8)` (IPv4).
   */
  static icmpPing(): Port {
    return new Port({ kind: "icmp" }, "icmp");
  }

  /** Every ICMP message: `icmp` for IPv4 peers, `icmpv6` for IPv6 peers. */
  static allIcmp(): Port {
    return new Port({ kind: "icmp" }, "icmp");
  }

  /**
   * One ICMP type (every code), or one type and code: `icmpType(8)` is echo requests (IPv4),
   * `icmpType(3, 4)` "fragmentation needed"; `icmp` for IPv4 peers, `icmpv6` for IPv6 peers
   * (`icmpType(128)` is an ICMPv6 echo request). Written as `port_range_min` (type) and
   * `port_range_max` (code) (VPC API Reference, "ICMP-Port Range Relationship Table"). The
   * provider does not send 0 and does not allow `action`, `priority` or an address group with
   * these fields: the type is 1–255, the code 1–255 (leave it out for every code), and the rule is
   * an allow at priority 1 (the provider's default) from a CIDR or a security group.
   */
  static icmpType(type: number, code?: number): Port {
    const name = icmpName(PROTOCOL_NUMBERS.icmp, type, code);
    return new Port({ kind: "icmpType", type, ...(code !== undefined ? { code } : {}) }, `icmp type ${type}${code !== undefined ? ` code ${code}` : ""}${name ? ` (${name})` : ""}`);
  }

  /** GRE, IP protocol 47 (tunnels, PPTP). */
  static gre(): Port {
    return new Port({ kind: "protocol", protocol: PROTOCOL_NUMBERS.gre }, "gre");
  }

  /** Any other IP protocol by number, 0–255 (e.g. 50 for ESP). It has no ports. */
  static protocol(protocol: number): Port {
    return new Port({ kind: "protocol", protocol }, `protocol ${protocol}`);
  }

  /**
   * The Terraform values as they are, for what the other factories do not cover: `protocol` is
   * `tcp`, `udp`, `icmp`, `icmpv6` or a number 0–255, `ports` is `22`, `22-30`, `80,443,8000-8080`
   * (tcp and udp only). Checked where it is used, like every port.
   */
  static custom(protocol: string, ports?: string): Port {
    return new Port({ kind: "custom", protocol, ...(ports !== undefined ? { ports } : {}) }, ports !== undefined ? `${protocol} ${ports}` : protocol);
  }

  /** Every protocol and every port: the rule has no `protocol`. */
  static allTraffic(): Port {
    return new Port({ kind: "all" }, "all traffic");
  }

  /** SSH, TCP 22 (Huawei Cloud "Security Group Configuration Examples", "Remotely Logging In to an ECS from a Local Server"). */
  static readonly SSH = Port.tcp(22);
  /** RDP, TCP 3389 (Huawei Cloud "Security Group Configuration Examples", "Remotely Logging In to an ECS from a Local Server"). */
  static readonly RDP = Port.tcp(3389);
  /** FTP data and control, TCP 20-21 (Huawei Cloud "Security Group Configuration Examples", "Remotely Connecting to an ECS from a Local Server to Upload or Download Files over FTP"). */
  static readonly FTP = Port.tcpRange(20, 21);
  /** HTTP, TCP 80 (Huawei Cloud "Security Group Configuration Examples", "Setting Up a Website on an ECS to Provide Internet-Accessible Services"). */
  static readonly HTTP = Port.tcp(80);
  /** HTTPS, TCP 443 (Huawei Cloud "Security Group Configuration Examples", "Setting Up a Website on an ECS to Provide Internet-Accessible Services"). */
  static readonly HTTPS = Port.tcp(443);
  /** MySQL, TCP 3306 (Huawei Cloud "Security Group Configuration Examples", "Enabling Communications Between Instances in Different Security Groups"). */
  static readonly MYSQL = Port.tcp(3306);
  /** Oracle, TCP 1521 (Huawei Cloud "Security Group Configuration Examples", "Allowing External Instances to Access the Database Deployed on an ECS"). */
  static readonly ORACLE = Port.tcp(1521);
  /** Microsoft SQL Server, TCP 1433 (Huawei Cloud "Security Group Configuration Examples", "Allowing External Instances to Access the Database Deployed on an ECS"). */
  static readonly SQL_SERVER = Port.tcp(1433);
  /** PostgreSQL, TCP 5432 (Huawei Cloud "Security Group Configuration Examples", "Allowing External Instances to Access the Database Deployed on an ECS"). */
  static readonly POSTGRESQL = Port.tcp(5432);
  /** Redis, TCP 6379 (Huawei Cloud "Security Group Configuration Examples", "Allowing External Instances to Access the Database Deployed on an ECS"). */
  static readonly REDIS = Port.tcp(6379);
  /** Nacos, TCP 8848 (named high-risk in Huawei Cloud "Security Group Configuration Examples", "Precautions"). */
  static readonly NACOS = Port.tcp(8848);
  /** DNS over UDP 53. */
  static readonly DNS_UDP = Port.udp(53);
  /** DNS over TCP 53. */
  static readonly DNS_TCP = Port.tcp(53);

  private constructor(
    private readonly spec: PortSpec,
    /** A short readable form, e.g. `tcp 22`, `tcp 80,443`, `icmp`, `all`. */
    readonly label: string,
  ) {}

  /** Whether the port names every protocol (`allTraffic()`). */
  get isAllTraffic(): boolean {
    return this.spec.kind === "all";
  }

  /**
   * The Terraform `protocol` and `ports` for a rule of this IP version. Ports are written in
   * canonical form (sorted, merged). Nothing is checked here: the construct that writes the rule
   * checks the values and names itself in the error.
   */
  fieldsFor(version: IpVersion): PortFields {
    const spec = this.spec;
    switch (spec.kind) {
      case "all":
        return {};
      case "icmp":
        return { protocol: version === 4 ? "icmp" : "icmpv6" };
      case "icmpType":
        return { protocol: version === 4 ? "icmp" : "icmpv6", icmpType: spec.type, ...(spec.code !== undefined ? { icmpCode: spec.code } : {}) };
      case "protocol":
        return { protocol: Number.isInteger(spec.protocol) ? ruleProtocolValue(spec.protocol) : String(spec.protocol) };
      case "custom": {
        // Canonical text when the values are valid; as given otherwise, so the check reports them.
        const number = parseRuleProtocol(spec.protocol);
        const protocol = typeof number === "number" ? ruleProtocolValue(number) : spec.protocol;
        if (spec.ports === undefined) return { protocol };
        const parsed = PortSet.parse(spec.ports);
        return { protocol, ports: typeof parsed === "string" ? spec.ports : parsed.toString() };
      }
      case "ports": {
        if (!spec.entries) return { protocol: spec.protocol };
        // A port given as a token is written as its token (the checks prove it with its value at synth).
        if (spec.entries.flat().some(isToken)) return { protocol: spec.protocol, ports: spec.entries.map((e) => (typeof e === "number" ? numberText(e) : `${numberText(e[0])}-${numberText(e[1])}`)).join(",") };
        const text = spec.entries.map((e) => (typeof e === "number" ? `${e}` : `${e[0]}-${e[1]}`)).join(",");
        // Canonical text when the list is valid; the raw text otherwise, so the check reports it as given.
        const parsed = PortSet.parse(text);
        if (typeof parsed === "string") return { protocol: spec.protocol, ports: text };
        return parsed.isAll ? { protocol: spec.protocol } : { protocol: spec.protocol, ports: parsed.toString() };
      }
    }
  }

  /**
   * The protocol number and ports of the flows this port stands for, for reachability
   * questions: `"all"` for `allTraffic()`.
   */
  flowsFor(version: IpVersion): { protocol: number | "all"; ports?: PortSet } {
    const spec = this.spec;
    switch (spec.kind) {
      case "all":
        return { protocol: "all" };
      case "icmp":
        return { protocol: icmpFor(version) };
      case "icmpType": {
        const message = spec.code !== undefined ? icmpMessage(spec.type, spec.code) : undefined;
        if (spec.code !== undefined && message === undefined) throw new HwsgError(`port ${this.label}: not an ICMP message hwsg evaluates`);
        return { protocol: icmpFor(version), ports: message !== undefined ? PortSet.single(message) : PortSet.range(...icmpTypeRange(spec.type)) };
      }
      case "protocol":
        return { protocol: spec.protocol };
      case "custom": {
        const protocol = parseRuleProtocol(spec.protocol);
        if (typeof protocol === "string") throw new HwsgError(`port ${this.label}: protocol ${protocol}`);
        if (spec.ports === undefined) return { protocol };
        const ports = PortSet.parse(spec.ports);
        if (typeof ports === "string") throw new HwsgError(`port ${this.label}: ports ${ports}`);
        return { protocol, ports };
      }
      case "ports": {
        const protocol = PROTOCOL_NUMBERS[spec.protocol];
        if (spec.entries?.flat().some(isToken)) {
          throw new HwsgError(`port ${spec.protocol} given as a token: a reachability question needs its port numbers when the construct is made, and a token has its value only at synth`);
        }
        const fields = this.fieldsFor(version);
        if (fields.ports === undefined) return { protocol };
        const parsed = PortSet.parse(fields.ports);
        return typeof parsed === "string" ? { protocol } : { protocol, ports: parsed };
      }
    }
  }

  /**
   * Checks what the factories cannot: an empty port list, a token as a protocol number, an empty
   * protocol (a port number given as a token is proved by the synth-time checks with its value then). The rest (range, protocol names, ports only with tcp/udp) is checked with the
   * rule's other fields.
   * @throws ValidationError naming `subject`
   */
  check(subject: string): void {
    const spec = this.spec;
    if (spec.kind === "ports" && spec.entries) {
      if (spec.entries.length === 0) throw new ValidationError(subject, "ports", [], "must name one port or range at least");
    }
    if (spec.kind === "icmpType") {
      for (const [field, value] of [["port_range_min", spec.type], ["port_range_max", spec.code]] as const) {
        if (value === undefined) continue;
        if (Token.isUnresolved(value)) throw new ValidationError(subject, field, value, "must be a literal value, not a token");
        if (!Number.isInteger(value) || value < 1 || value > MAX_ICMP) {
          const zero = value === 0 ? `; the provider does not send 0, so it would be read as ${field === "port_range_min" ? "every ICMP type" : "every code of the type"}` : "";
          throw new ValidationError(subject, field, value, `must be an ICMP ${field === "port_range_min" ? "type" : "code"} from 1 to ${MAX_ICMP}${zero}`, field === "port_range_max" && value === 0 ? `leave the code out: Port.icmpType(${spec.type})` : undefined);
        }
      }
      if (spec.code !== undefined && icmpMessage(spec.type, spec.code) === undefined) {
        throw new ValidationError(subject, "port_range_max", spec.code, `with ICMP type ${spec.type}: type 255 code 255 (reserved) is outside the ICMP messages hwsg evaluates`);
      }
    }
    if (spec.kind === "protocol" && Token.isUnresolved(spec.protocol)) {
      throw new ValidationError(subject, "protocol", spec.protocol, "must be a literal value, not a token");
    }
    if (spec.kind === "custom") {
      if (spec.protocol === "") throw new ValidationError(subject, "protocol", spec.protocol, "must name a protocol: use Port.allTraffic() for every protocol");
      if (spec.ports === "") throw new ValidationError(subject, "ports", spec.ports, "must name one port or range at least: leave ports out for every port");
    }
  }

  /** Whether the protocol has ports (tcp and udp). */
  get hasPorts(): boolean {
    if (this.spec.kind === "custom") return this.spec.protocol === "tcp" || this.spec.protocol === "udp";
    return this.spec.kind === "ports" || (this.spec.kind === "protocol" && hasPorts(this.spec.protocol));
  }

  /** The readable form, e.g. `tcp 22`. */
  toString(): string {
    return this.label;
  }
}

function listLabel(ports: readonly PortEntry[]): string {
  return ports.map((e) => (typeof e === "number" ? `${e}` : `${e[0]}-${e[1]}`)).join(",");
}
