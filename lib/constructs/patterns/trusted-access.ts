/**
 * What `BastionSg` and `FtpServerSg` share: one service port opened to trusted sources only
 * (Huawei Cloud "Security Group Configuration Examples": remote login and FTP from a trusted IP address), an any-address source refused unless acknowledged with a reason.
 */
import { ValidationError } from "../../core/errors";
import { Endpoint } from "../endpoint";
import { IPeer, RemoteSpec } from "../peer";
import { Port } from "../port";
import { SecurityGroup } from "../security-group";
import { Suppressions } from "../suppressions";
import { PatternIntent } from "./pattern-intent";

/** How a trusted-access group is opened. */
export interface TrustedAccess {
  /** The service port. */
  readonly port: Port;
  /** The sources: CIDR peers or address groups (security groups are allowed too). */
  readonly sources: readonly IPeer[];
  /** The prop that holds the sources, for errors. */
  readonly field: string;
  /** Why the port may be open to every address; undefined = refused. */
  readonly openToInternetReason?: string;
  /** Whether the sources may ping the group. */
  readonly ping: boolean;
  /** Whether IPv6 sources are accepted. */
  readonly ipv6: boolean;
  /** What the service is, for descriptions. */
  readonly service: string;
}

/** Writes the rules and states the intents of a trusted-access group. */
export function openToTrusted(sg: SecurityGroup, access: TrustedAccess): void {
  const subject = sg.node.path;
  if (!Array.isArray(access.sources) || access.sources.length === 0) {
    throw new ValidationError(subject, access.field, access.sources, "must name one trusted source at least: CIDR blocks (Peer.ipv4) or address groups");
  }
  const reason = access.openToInternetReason;
  if (reason !== undefined && (typeof reason !== "string" || reason.trim().length < 10)) {
    throw new ValidationError(subject, "openToInternetReason", reason, "must say why the port is open to every address, in at least 10 characters");
  }
  // Check every source before writing any rule, so a refused source writes nothing.
  access.sources.forEach((source, i) => {
    if (!source || typeof source.toRemotes !== "function") throw new ValidationError(subject, `${access.field}[${i}]`, String(source), "must be a Peer or an AddressGroup");
    for (const remote of source.toRemotes()) {
      if (remote.version === 6 && !access.ipv6) {
        throw new ValidationError(subject, `${access.field}[${i}]`, source.peerLabel, "is IPv6, and this pattern is IPv4-only unless ipv6 is true", "set ipv6: true to accept IPv6 sources");
      }
      if (remote.kind === "cidr" && (remote.cidr === "0.0.0.0/0" || remote.cidr === "::/0") && reason === undefined) {
        throw new ValidationError(
          subject,
          `${access.field}[${i}]`,
          remote.cidr,
          `must be a trusted network, not every address: ${access.service} open to the internet is what Huawei Cloud's "Security Group Configuration Examples" warns against`,
          "name your office or VPN ranges, or set openToInternetReason to say why it must be open",
        );
      }
    }
  });
  const anywhere: IPeer[] = [];
  for (const source of access.sources) {
    const rules = sg.addIngressRule(source, access.port, { description: `${access.service} from trusted sources` });
    if (access.ping) sg.addIngressRule(source, Port.icmpPing(), { description: "ping from trusted sources" });
    if (source.toRemotes().some((r: RemoteSpec) => r.kind === "cidr" && (r.cidr === "0.0.0.0/0" || r.cidr === "::/0"))) {
      anywhere.push(source);
      // The acknowledgement covers the login port from everywhere, nothing else of the group.
      for (const rule of rules) Suppressions.add(rule, [{ id: "HWSG001", reason: reason!.trim() }]);
    }
  }
  const versions = [...new Set(access.sources.flatMap((s: IPeer) => s.toRemotes().map((r: RemoteSpec) => r.version)))].sort();
  access.sources.forEach((source, i) => {
    const kind = source.toRemotes()[0]?.kind;
    if (kind === "group") return; // group sources: members reach it; nothing to quantify over addresses
    new PatternIntent(sg, `trusted-${i}-reaches-${access.service.toLowerCase()}`, { quantifier: "every", own: "to", from: source, to: sg, port: access.port });
  });
  for (const version of [4, 6] as const) {
    const trusted = access.sources.filter((s: IPeer) => s.toRemotes().some((r: RemoteSpec) => r.version === version && r.kind !== "group"));
    const open = anywhere.some((s) => s.toRemotes().some((r: RemoteSpec) => r.version === version));
    new PatternIntent(sg, `untrusted-reach-nothing-ipv${version}`, {
      quantifier: "none",
      own: "to",
      from: Endpoint.internet(version).except(...trusted),
      to: sg,
      port: Port.allTraffic(),
      ...(open ? { except: [access.port, ...(access.ping ? [Port.icmpPing()] : [])] } : {}),
      description: open
        ? `no public IPv${version} address reaches ${sg.node.id} on anything but the ${access.service} port (open to every address: ${reason!.trim()})`
        : `no public IPv${version} address outside the trusted sources reaches ${sg.node.id} on any protocol${versions.includes(version) ? "" : ` (no IPv${version} source is trusted)`}`,
    });
  }
}
