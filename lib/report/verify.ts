/**
 * The report of `hwsg verify`: each declared intent of a policy file, whether it holds, and for
 * one that does not the counterexample flow and the rule that decides it. Text, Markdown and
 * JSON (`schema: "hwsg/verify@1"`); SARIF is in verify-sarif.ts.
 */
import { IntentOutcome } from "../policy/policy-check";
import { Verdict } from "../core/evaluator";
import { describeFlow } from "../core/flow";
import { formatAddress } from "../core/ip";
import { Network } from "../core/network";
import { protocolName } from "../core/protocol";
import { describeRule } from "../core/rule";
import { Unknown } from "../terraform/unknowns";
import { reportedKind } from "../analysis/member-text";
import { toJsonText } from "./json";
import { mdInlineCode, mdTable, mdText } from "./markdown";
import { count } from "./text";

/** The JSON schema id of the verify report. */
export const VERIFY_SCHEMA = "hwsg/verify@1";

/** What `hwsg verify` reports. */
export interface VerifyReport {
  /** The policy file. */
  readonly policy: string;
  /** The Terraform files read. */
  readonly files: readonly string[];
  readonly outcomes: readonly IntentOutcome[];
  readonly unknowns: readonly Unknown[];
  readonly warnings: readonly string[];
}

/** The proof of one intent, as the reports show it. */
export interface WitnessView {
  /** `counterexample` when the intent does not hold, `example` when it does. */
  readonly kind: "counterexample" | "example";
  readonly flow: string;
  readonly verdict: "allow" | "deny";
  /** The deciding rule's Terraform address, or null (the default deny, VPCs not connected). */
  readonly rule: string | null;
  /** The deciding rule's match and action, when there is one. */
  readonly ruleText?: string;
  readonly reason: string;
}

const WHAT_FAILS = {
  every: "every flow should be allowed, but this one is denied",
  none: "no flow should be allowed, but this one is allowed",
  some: "some flow should be allowed, but none is; for example this one is denied",
} as const;

/** The proof of an outcome, with a hypothetical member named as such rather than by a placeholder address. */
export function witnessOf(outcome: IntentOutcome): WitnessView | undefined {
  const w: Verdict | undefined = outcome.result?.witness;
  if (!w) return undefined;
  const rule = w.rule !== null ? outcome.network.allRules().find((r) => r.id === w.rule) : undefined;
  return {
    kind: outcome.holds ? "example" : "counterexample",
    flow: flowText(w, outcome.network),
    verdict: w.verdict,
    rule: w.rule,
    ...(rule ? { ruleText: describeRule(rule) } : {}),
    reason: w.reason,
  };
}

function flowText(w: Verdict, network: Network): string {
  let text = describeFlow(w.flow);
  for (const end of [w.flow.src, w.flow.dst]) {
    if (end.kind === "instance" && network.instance(end.instanceId).hypothetical) {
      text = text.split(`${end.instanceId} (${formatAddress(w.flow.version, end.address)})`).join(`${end.instanceId} (hypothetical, sending from its fixed IP)`);
    }
  }
  return text;
}

/** The intent in words: `none: the IPv4 internet → members of … on tcp/22 (IPv4)`. */
export function intentSummary(o: IntentOutcome): string {
  return `${o.intent.quantifier}: ${o.from.label} → ${o.to.label} on ${o.intent.portsText.join(", ")} (IPv${o.version})`;
}

function failed(report: VerifyReport): number {
  return report.outcomes.filter((o) => !o.holds).length;
}

/** The text report. */
export function renderVerifyText(report: VerifyReport): string {
  const lines: string[] = [];
  for (const o of report.outcomes) {
    lines.push(`${o.holds ? "HOLDS" : "FAILS"}  ${o.intent.name}: ${intentSummary(o)}`);
    if (o.intent.description) lines.push(`    ${o.intent.description}`);
    if (o.noAddress) lines.push(`    ${o.noAddress}`);
    const w = witnessOf(o);
    if (w && !o.holds) {
      lines.push(`    ${WHAT_FAILS[o.intent.quantifier]}:`);
      lines.push(`    counterexample: ${w.flow} is ${w.verdict === "allow" ? "ALLOWED" : "DENIED"}`);
      lines.push(`    deciding rule: ${w.rule ?? "none (no rule matches: the default deny applies, or the VPCs are not connected)"}${w.ruleText ? `: ${w.ruleText}` : ""}`);
      lines.push(`    ${w.reason}`);
    }
  }
  for (const u of report.unknowns) lines.push(`unknown: ${u.file}: ${u.address}: ${u.field} = ${u.expression}: ${u.reason}; ${u.effect}`);
  for (const w of report.warnings) lines.push(`warning: ${w}`);
  const n = failed(report);
  lines.push(`${count(report.outcomes.length, "intent")} checked: ${n === 0 ? "all hold" : `${n} fail${n === 1 ? "s" : ""}`}${report.unknowns.length ? `; ${count(report.unknowns.length, "value")} not known before apply` : ""}`);
  return `${lines.join("\n")}\n`;
}

/** The Markdown report, for a pull request comment. */
export function renderVerifyMarkdown(report: VerifyReport): string {
  const n = failed(report);
  const out: string[] = [`## hwsg verify: ${n === 0 ? "all intents hold" : `${count(n, "intent")} of ${report.outcomes.length} ${n === 1 ? "fails" : "fail"}`}`, ""];
  out.push(
    mdTable(
      ["Intent", "Quantifier", "From", "To", "Ports", "Holds"],
      report.outcomes.map((o) => [mdText(o.intent.name), o.intent.quantifier, mdText(o.from.label), mdText(o.to.label), mdText(o.intent.portsText.join(", ")), o.holds ? "yes" : "**no**"]),
    ),
  );
  for (const o of report.outcomes.filter((x) => !x.holds)) {
    const w = witnessOf(o);
    out.push("", `### ${mdText(o.intent.name)}`, "", mdText(`${WHAT_FAILS[o.intent.quantifier]}.`));
    if (o.noAddress) out.push("", mdText(o.noAddress));
    if (w) {
      out.push("", `- counterexample: ${mdText(w.flow)} is **${w.verdict === "allow" ? "allowed" : "denied"}**`);
      out.push(`- deciding rule: ${w.rule ? mdInlineCode(w.rule) : "none (the default deny, or the VPCs are not connected)"}${w.ruleText ? `: ${mdText(w.ruleText)}` : ""}`);
      out.push(`- ${mdText(w.reason)}`);
    }
  }
  if (report.unknowns.length) {
    out.push("", "### Not known before apply", "");
    for (const u of report.unknowns) out.push(`- ${mdInlineCode(u.address)} ${mdInlineCode(u.field)}: ${mdText(`${u.reason}; ${u.effect}`)}`);
  }
  if (report.warnings.length) out.push("", "### Warnings", "", ...report.warnings.map((w) => `- ${mdText(w)}`));
  return `${out.join("\n")}\n`;
}

/** The JSON report (`schema: "hwsg/verify@1"`). */
export function renderVerifyJson(report: VerifyReport): string {
  return toJsonText({
    schema: VERIFY_SCHEMA,
    policy: report.policy,
    files: [...report.files],
    holds: failed(report) === 0,
    intents: report.outcomes.map((o) => {
      const w = witnessOf(o);
      const flow = o.result?.witness.flow;
      const kindOf = (id: string) => reportedKind(o.network.instance(id));
      const end = (e: NonNullable<typeof flow>["src"]) => ({
        ...(e.kind === "instance" ? { instance: e.instanceId, memberKind: kindOf(e.instanceId) } : {}),
        address: formatAddress(flow!.version, e.address),
      });
      const flowJson = flow && w
        ? { text: w.flow, verdict: w.verdict, ipVersion: flow.version, protocol: protocolName(flow.protocol), ...(flow.port !== undefined ? { port: flow.port } : {}), from: end(flow.src), to: end(flow.dst) }
        : null;
      return {
        name: o.intent.name,
        ...(o.intent.description ? { description: o.intent.description } : {}),
        line: o.intent.line,
        quantifier: o.intent.quantifier,
        ipVersion: o.version,
        from: o.from.label,
        to: o.to.label,
        ports: [...o.intent.portsText],
        holds: o.holds,
        counterexample: o.holds ? null : flowJson,
        example: o.holds ? flowJson : null,
        rule: w?.rule ? { id: w.rule, ...(w.ruleText ? { text: w.ruleText } : {}) } : null,
        reason: o.noAddress ?? w?.reason ?? null,
      };
    }),
    unknowns: report.unknowns,
    warnings: [...report.warnings],
  });
}
