/**
 * `hwsg query`: the verdict on one flow (or on every flow of a question when the port, the
 * protocol or a member's address is left open, or an end is a security group's members), with the
 * deciding rule and the hops.
 */
import { HwsgError } from "../core/errors";
import { Hop, Verdict } from "../core/evaluator";
import { IpVersion, formatAddress } from "../core/ip";
import { Network } from "../core/network";
import { PortSet } from "../core/port-set";
import { MAX_ICMP, describePort, describePorts, hasPortSpace, icmpMessage, icmpTypeCode, icmpTypeRange, isIcmp } from "../core/icmp";
import { PROTOCOL_NUMBERS, hasPorts, parseFlowProtocol, protocolName } from "../core/protocol";
import { ReachEnd, checkReachAcross } from "../core/reachability";
import { reportedKind } from "../analysis/member-text";
import { escapeControlsLine } from "../report/controls";
import { escapeHtml, htmlPage } from "../report/html";
import { mdCode, mdInlineCode, mdTable, mdText } from "../report/markdown";
import { ReportUnknown } from "../report/model";
import { unknownsHtml, unknownsMarkdown, warningsHtml, warningsMarkdown } from "../report/sections";
import { endsOf, parseEndpoint, withSourceAddress } from "./endpoints";

/** The options of a query. */
export interface QueryOptions {
  readonly from: string;
  readonly to: string;
  readonly protocol: string;
  readonly port?: string;
  /** ICMP type 0–255 (icmp, icmpv6); without it every ICMP message must be allowed. */
  readonly icmpType?: string;
  /** ICMP code 0–255, with `icmpType`; without it every code of the type must be allowed. */
  readonly icmpCode?: string;
  readonly fromAddress?: string;
}

/** The answer of `hwsg query`, as printed by `--json`. */
export interface QueryAnswer {
  readonly verdict: "allow" | "deny";
  /** The deciding rule's Terraform address (or `<group>#default-…`), or null. */
  readonly rule: string | null;
  readonly hops: readonly Hop[];
  readonly reason: string;
  /** The concrete flow the verdict is about (the counterexample when not every flow is allowed). */
  readonly flow: {
    readonly protocol: string;
    readonly port: number | null;
    /** The ICMP type and code of an icmp or icmpv6 flow; null for other protocols. */
    readonly icmpType: number | null;
    readonly icmpCode: number | null;
    /** The protocol and port or ICMP message in words: `tcp port 22`, `icmp type 8 code 0 (echo request)`. */
    readonly service: string;
    readonly source: string;
    readonly destination: string;
    /** The member the flow comes from (its Terraform address; `member of <group>` for a hypothetical one), or null. */
    readonly sourceInstance: string | null;
    /** The member the flow goes to, or null. */
    readonly destinationInstance: string | null;
    /** The Terraform type of `sourceInstance` (`huaweicloud_rds_instance`); null outside the model or for a hypothetical member. */
    readonly sourceMemberKind: string | null;
    /** The Terraform type of `destinationInstance`; null outside the model or for a hypothetical member. */
    readonly destinationMemberKind: string | null;
  };
  /** Whether the question covered more than one flow (an open port, protocol or address). */
  readonly quantified: boolean;
}

/** Answers a query on a network. @throws HwsgError on bad options */
export function query(network: Network, options: QueryOptions): QueryAnswer {
  const protocol = parseFlowProtocol(options.protocol);
  if (protocol === undefined) {
    throw new HwsgError(`--protocol ${JSON.stringify(options.protocol)} is not one of tcp, udp, icmp, icmpv6, gre, all or a protocol number 0-255`);
  }
  let ports: PortSet | undefined;
  if (options.port !== undefined) {
    if (protocol === "all" || !hasPorts(protocol)) throw new HwsgError(`--port goes only with --protocol tcp or udp (protocol is ${options.protocol})`);
    if (!/^\d{1,5}$/.test(options.port) || Number(options.port) < 1 || Number(options.port) > 65535) {
      throw new HwsgError(`--port ${JSON.stringify(options.port)} is not a port 1-65535`);
    }
    ports = PortSet.single(Number(options.port));
  }
  if (options.icmpCode !== undefined && options.icmpType === undefined) throw new HwsgError("--icmp-code goes only with --icmp-type");
  if (options.icmpType !== undefined) {
    if (protocol === "all" || !isIcmp(protocol)) throw new HwsgError(`--icmp-type goes only with --protocol icmp or icmpv6 (protocol is ${options.protocol})`);
    const byte = (option: string, text: string): number => {
      if (!/^\d{1,3}$/.test(text) || Number(text) > MAX_ICMP) throw new HwsgError(`${option} ${JSON.stringify(text)} is not a number 0-${MAX_ICMP}`);
      return Number(text);
    };
    const type = byte("--icmp-type", options.icmpType);
    if (options.icmpCode === undefined) {
      ports = PortSet.range(...icmpTypeRange(type));
    } else {
      const message = icmpMessage(type, byte("--icmp-code", options.icmpCode));
      if (message === undefined) throw new HwsgError(`--icmp-type 255 --icmp-code 255 (reserved) is outside the ICMP messages hwsg evaluates`);
      ports = PortSet.single(message);
    }
  }
  let from = parseEndpoint(network, options.from, "--from");
  const [first] = from.ends;
  const avoid = from.ends.length === 1 && first.kind === "instance" ? first.instanceId : undefined;
  const to = parseEndpoint(from.network, options.to, "--to", avoid);
  // The ends live in the model with every hypothetical member the two endpoints added.
  const net = to.network;
  if (options.fromAddress !== undefined) from = withSourceAddress(from, options.fromAddress);
  if (from.version !== undefined && to.version !== undefined && from.version !== to.version) {
    throw new HwsgError(`--from is IPv${from.version} and --to is IPv${to.version}: a flow has one IP version`);
  }
  const version: IpVersion = from.version ?? to.version ?? 4;
  if (protocol === PROTOCOL_NUMBERS.icmp && version === 6) throw new HwsgError("icmp is IPv4's; for IPv6 use --protocol icmpv6");
  if (protocol === PROTOCOL_NUMBERS.icmpv6 && version === 4) throw new HwsgError("icmpv6 is IPv6's; for IPv4 use --protocol icmp");

  const froms = endsOf(from, version);
  const tos = endsOf(to, version);
  // Every pair of a source and a destination end must allow every flow asked (a group's members each).
  const across = checkReachAcross(net, froms, tos, version, [{ protocol, ...(ports ? { ports } : {}) }], "every");
  const result = across.result;
  if (!result) {
    const sameMember = froms.every((f) => tos.every((t) => f.kind === "instance" && t.kind === "instance" && f.instanceId === t.instanceId));
    if (sameMember) throw new HwsgError(`--from ${options.from} and --to ${options.to} are the same member (${avoid ?? froms.map((f) => (f.kind === "instance" ? f.instanceId : "")).join(", ")}): security groups do not filter a member's traffic to itself`);
    throw new HwsgError(`--from ${options.from} and --to ${options.to} are one machine (an instance and an interface attached to it): security groups do not filter its traffic to itself`);
  }
  const w = result.witness;
  const quantified =
    protocol === "all" ||
    (hasPortSpace(protocol) && (!ports || ports.first() !== ports.ranges[ports.ranges.length - 1][1])) ||
    froms.length > 1 ||
    tos.length > 1 ||
    !isSingleAddress(net, result.query.from, version) ||
    !isSingleAddress(net, result.query.to, version);
  const notes = [from.note, to.note].filter(Boolean).join("; ");
  const verdictText = hypotheticalText(net, w, w.reason);
  let reason = verdictText;
  if (quantified) {
    const open = typeof protocol === "number" && hasPortSpace(protocol);
    const one = open && ports !== undefined && ports.ranges.length === 1 && ports.first() === ports.ranges[0][1];
    const scope = `${protocol === "all" ? "every protocol" : protocolName(protocol)}${
      open && !ports ? (isIcmp(protocol as number) ? ", every message" : " on every port")
      : one ? ` ${describePort(protocol as number, ports!.first()!)}`
      : open && ports && !ports.isEmpty && ports.first() !== ports.ranges[0][1] ? ` ${describePorts(protocol as number, ports.ranges)}, every code` : ""
    }`;
    reason = result.holds
      ? `Every flow asked (${scope}) is allowed; for example: ${verdictText}`
      : `Not every flow asked (${scope}) is allowed; counterexample: ${verdictText}`;
  }
  if (notes) reason = `${reason} Note: ${notes}.`;
  return {
    verdict: result.holds ? "allow" : "deny",
    rule: w.rule,
    hops: w.hops,
    reason,
    flow: flowSummary(net, w),
    quantified,
  };
}

/** How texts give a hypothetical member's address: the flow's is a stand-in (it has no fixed IP and may be anywhere). */
const HYPOTHETICAL_ADDRESS = "hypothetical member, any address";

/** A verdict's text with a hypothetical member's stand-in address written as such (`member of G (hypothetical member, any address)`). */
function hypotheticalText(network: Network, w: Verdict, text: string): string {
  let out = text;
  for (const end of [w.flow.src, w.flow.dst]) {
    if (end.kind === "instance" && network.instance(end.instanceId).hypothetical) {
      out = out.split(`${end.instanceId} (${formatAddress(w.flow.version, end.address)})`).join(`${end.instanceId} (${HYPOTHETICAL_ADDRESS})`);
    }
  }
  return out;
}

/** Whether an end stands for one address (a member whose fixed IP is not known stands for its subnet). */
function isSingleAddress(network: Network, end: ReachEnd, version: IpVersion): boolean {
  if (end.kind === "external" || end.addresses) return end.addresses!.size === 1n;
  const inst = network.instance(end.instanceId);
  return inst.nics.some((n) => (version === 4 ? n.fixedIpV4 : n.fixedIpV6) !== undefined);
}

/** The Terraform type of the member at a flow end; null outside the model or for a hypothetical member. */
function kindAt(network: Network, end: Verdict["flow"]["src"]): string | null {
  return end.kind === "instance" ? reportedKind(network.instance(end.instanceId)) : null;
}

function flowSummary(network: Network, w: Verdict): QueryAnswer["flow"] {
  const f = w.flow;
  const icmp = isIcmp(f.protocol) && f.port !== undefined ? icmpTypeCode(f.port) : undefined;
  return {
    protocol: protocolName(f.protocol),
    port: icmp ? null : f.port ?? null,
    icmpType: icmp ? icmp.type : null,
    icmpCode: icmp ? icmp.code : null,
    service: `${protocolName(f.protocol)}${f.port !== undefined ? ` ${describePort(f.protocol, f.port)}` : ""}`,
    source: formatAddress(f.version, f.src.address),
    destination: formatAddress(f.version, f.dst.address),
    sourceInstance: f.src.kind === "instance" ? f.src.instanceId : null,
    destinationInstance: f.dst.kind === "instance" ? f.dst.instanceId : null,
    sourceMemberKind: kindAt(network, f.src),
    destinationMemberKind: kindAt(network, f.dst),
  };
}

/**
 * The answer for a terminal: verdict line, flow, hops, reason. Every value from the input is
 * kept on its line, with control characters (newlines included) written as `\u001b` escapes.
 */
export function formatQueryText(answer: QueryAnswer): string {
  const v = escapeControlsLine;
  const f = answer.flow;
  const lines: string[] = [];
  // A member without a kind is a group's hypothetical member: its address in the flow is only a stand-in.
  const at = (member: string | null, kind: string | null, address: string) => (member === null ? "" : kind === null ? ` (${HYPOTHETICAL_ADDRESS})` : ` (${v(address)})`);
  lines.push(`${answer.verdict === "allow" ? "ALLOWED" : "DENIED"}: ${v(f.service)} from ${v(f.sourceInstance ?? f.source)}${at(f.sourceInstance, f.sourceMemberKind, f.source)} to ${v(f.destinationInstance ?? f.destination)}${at(f.destinationInstance, f.destinationMemberKind, f.destination)}`);
  for (const hop of answer.hops) {
    const by = hop.rule ? `by ${v(hop.rule)}${hop.group ? ` in ${v(hop.group)}` : ""}` : "(no rule matched: default deny)";
    lines.push(`  ${v(hop.instance)} ${hop.direction}: ${hop.verdict} ${by}`);
    for (const i of hop.ignored) lines.push(`    (${v(i.rule)} matches but does not take effect: ${v(i.reason)})`);
  }
  lines.push(v(answer.reason));
  return lines.join("\n");
}

/** What a query report shows besides the answer: the files read, unknowns and warnings. */
export interface QueryContext {
  readonly files: readonly string[];
  readonly unknowns: readonly ReportUnknown[];
  readonly warnings: readonly string[];
}

function hopLines(answer: QueryAnswer): Array<{ hop: Hop; by: string }> {
  return answer.hops.map((hop) => ({ hop, by: hop.rule ? `${hop.rule}${hop.group ? ` in ${hop.group}` : ""}` : "no rule matched: default deny" }));
}

/** The answer in Markdown for a pull request: the verdict, the flow, the hops and the reason. */
export function formatQueryMarkdown(answer: QueryAnswer, context: QueryContext): string {
  const [headline] = formatQueryText(answer).split("\n");
  const parts = [
    `## hwsg query: ${mdText(headline)}`,
    `Files: ${context.files.map(mdInlineCode).join(", ")}`,
    mdTable(["member", "direction", "verdict", "rule"], hopLines(answer).map(({ hop, by }) => [mdCode(hop.instance), hop.direction, hop.verdict, mdText(by)])),
    mdText(answer.reason),
    unknownsMarkdown(context.unknowns),
    warningsMarkdown(context.warnings),
  ];
  return `${parts.filter((p) => p !== "").join("\n\n")}\n`;
}

/** The answer as one self-contained HTML page. */
export function formatQueryHtml(answer: QueryAnswer, context: QueryContext): string {
  const [headline] = formatQueryText(answer).split("\n");
  const rows = hopLines(answer).map(
    ({ hop, by }) => `<tr><td><code>${escapeHtml(hop.instance)}</code></td><td>${hop.direction}</td><td>${hop.verdict}</td><td>${escapeHtml(by)}</td></tr>`,
  );
  const body = [
    `<h1>${escapeHtml(`hwsg query: ${headline}`)}</h1>`,
    `<p>Files: ${context.files.map((f) => `<code>${escapeHtml(f)}</code>`).join(", ")}</p>`,
    `<table class="hops"><thead><tr><th>member</th><th>direction</th><th>verdict</th><th>rule</th></tr></thead><tbody>`,
    ...rows,
    `</tbody></table>`,
    `<p>${escapeHtml(answer.reason)}</p>`,
    unknownsHtml(context.unknowns),
    warningsHtml(context.warnings),
  ];
  return htmlPage(`hwsg query: ${headline}`, body.filter((p) => p !== "").join("\n"));
}
