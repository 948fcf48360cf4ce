/**
 * Jest matchers over the lint findings of a synthesized stack: `toHaveNoFindings` and
 * `toHaveFinding`. They lint the Terraform they receive — `Testing.synth(stack)`'s string, that
 * JSON parsed, or a `Testing.fullSynth(stack)` directory — on its effective rule set, as the
 * synth-time checks do, without running the stack's validations (so a failing intent does not
 * hide the findings). The stack's suppressions and lint options apply when the document is the
 * one one of the last stacks resolved to, which `Testing.synth(stack)` always is.
 */
import { IConstruct } from "constructs";
import { FINDING_CATALOGUE, Finding, FindingCode, LintOptions, Severity, lintNetwork } from "../analysis";
import { HwsgError } from "../core/errors";
import { Network } from "../core/network";
import { terraformAddress } from "../constructs/private/naming";
import { Suppression, Suppressions } from "../constructs/suppressions";
import { HwsgMatcherContext, HwsgMatcherResult } from "./matcher-context";
import { readReceived } from "./received";
import { SourceStack, sourceStackOf } from "./source-stack";

/** Which findings an assertion is about. Every criterion given must hold. */
export interface FindingsQuery {
  /**
   * Only findings of this severity.
   * @default errors and warnings
   */
  readonly severity?: Severity;
  /**
   * Only findings on this construct: it is, or contains, a resource the finding names — its
   * resource, one of its rules, its group or its instance. A `SecurityGroup` contains its rules.
   * @default anywhere in the stack
   */
  readonly on?: IConstruct;
  /**
   * `toHaveNoFindings` only: only findings of this code, or with this stable id.
   * @default every code
   */
  readonly code?: string;
}

/** One finding as the matchers judge it. */
interface Judged {
  readonly finding: Finding;
  /** The construct path it is reported on, when the stack is known. */
  readonly path?: string;
  readonly suppression?: Suppression;
}

/** Most findings a failure message lists. */
const LISTED = 20;

/**
 * Passes when the received stack has no lint finding matching `query` that no suppression
 * covers: `toHaveNoFindings()` — none at all; `toHaveNoFindings({ severity: "error" })` — no
 * error, what fails the synth. Fails listing every finding that matched, with its fix.
 * `.not.toHaveNoFindings(query)` passes when some finding matches.
 *
 * @param received what `Testing.synth(stack)` returns, that JSON parsed, or the directory
 *   `Testing.fullSynth(stack)` returns
 * @param query which findings count
 * @throws HwsgError (failing the test) for what cannot be evaluated: a received value of another
 *   kind, an unknown code or severity, `on` that is not a construct
 */
export function toHaveNoFindings(this: HwsgMatcherContext, received: unknown, query: FindingsQuery = {}): HwsgMatcherResult {
  const hint = hintOf(this, "toHaveNoFindings", "query");
  const { matching, all, note } = evaluate(hint, "toHaveNoFindings", received, query);
  const what = describeQuery(query);
  return {
    pass: matching.length === 0,
    message: () =>
      matching.length === 0
        ? `${hint}\n\nExpected some ${what}, but there is none.\n${listing("findings of the stack", all, this)}${note}`
        : `${hint}\n\nExpected no ${what}, but found ${matching.length}:\n${lines(matching, this)}${note}`,
  };
}

/**
 * Passes when the received stack has a finding of `code` (`"HWSG001"`) — or the finding with
 * that stable id (`"HWSG004:huaweicloud_networking_secgroup_rule.x"`) — matching `query`, that no
 * suppression covers. Fails listing the findings it has instead.
 * `.not.toHaveFinding(code, query)` passes when there is no such finding.
 *
 * @param received what `Testing.synth(stack)` returns, that JSON parsed, or the directory
 *   `Testing.fullSynth(stack)` returns
 * @param code a finding code or a finding's stable id
 * @param query where, and of which severity
 * @throws HwsgError (failing the test) for what cannot be evaluated
 */
export function toHaveFinding(this: HwsgMatcherContext, received: unknown, code: string, query: Omit<FindingsQuery, "code"> = {}): HwsgMatcherResult {
  const hint = hintOf(this, "toHaveFinding", "code");
  const full = { ...query, code };
  if (typeof code !== "string") throw new HwsgError(`${hint}\n\ntoHaveFinding cannot evaluate this: the code ${String(code)} must be a finding code (${Object.keys(FINDING_CATALOGUE).join(", ")}) or a finding's id`);
  const { matching, all, note } = evaluate(hint, "toHaveFinding", received, full);
  const what = describeQuery(full);
  return {
    pass: matching.length > 0,
    message: () =>
      matching.length > 0
        ? `${hint}\n\nExpected no ${what}, but found ${matching.length}:\n${lines(matching, this)}${note}`
        : `${hint}\n\nExpected a ${what}, but there is none.\n${listing("findings of the stack", all, this)}${note}`,
  };
}

function hintOf(context: HwsgMatcherContext, name: string, expected: string): string {
  if (!context || typeof context.utils?.matcherHint !== "function") {
    throw new HwsgError(`${name} is a jest matcher: register it with expect.extend(hwsgMatchers) and call it as expect(Testing.synth(stack)).${name}(...)`);
  }
  return context.utils.matcherHint(name, "synth", expected, { isNot: context.isNot === true, ...(context.promise ? { promise: context.promise } : {}) });
}

/** The findings of the received stack: those matching the query, and all of them (both unsuppressed). */
function evaluate(hint: string, name: string, received: unknown, query: FindingsQuery): { matching: Judged[]; all: Judged[]; note: string } {
  let judged: Judged[];
  let source: SourceStack | undefined;
  let warnings: readonly string[];
  let onAddresses: ReadonlySet<string> | undefined;
  try {
    checkQuery(query);
    const model = readReceived(received);
    source = sourceStackOf(model.documents);
    warnings = model.warnings;
    if (query.on !== undefined) {
      if (source && !query.on.node.scopes.includes(source.stack)) {
        throw new HwsgError(`the construct ${query.on.node.path} given as "on" is not in the stack ${source.stack.node.path} that was synthesized`);
      }
      onAddresses = addressesIn(query.on);
    }
    judged = judge(model.network, source);
  } catch (e) {
    throw new HwsgError(`${hint}\n\n${name} cannot evaluate this: ${(e as Error).message}`);
  }
  const all = judged.filter((j) => !j.suppression);
  const matching = all.filter((j) => matches(j.finding, query, onAddresses));
  const suppressed = judged.filter((j) => j.suppression);
  const notes: string[] = [];
  if (suppressed.length) notes.push(`suppressed, so not counted: ${suppressed.map((j) => `${j.finding.id} (${j.suppression!.reason})`).join("; ")}`);
  if (!source) notes.push("this JSON is not what one of the last stacks hwsg saw resolved to, so no suppression and only the default lint options applied: pass Testing.synth(stack) itself");
  for (const w of warnings) notes.push(`assumed: ${w}`);
  return { matching, all, note: notes.length ? `\n${notes.map((n) => `  ${n}`).join("\n")}` : "" };
}

function checkQuery(query: FindingsQuery): void {
  if (query === null || typeof query !== "object") throw new HwsgError(`the query must be an object such as { severity: "error" }, not ${String(query)}`);
  if (query.severity !== undefined && query.severity !== "error" && query.severity !== "warning") {
    throw new HwsgError(`severity ${JSON.stringify(query.severity)} must be "error" or "warning"`);
  }
  if (query.code !== undefined && !(typeof query.code === "string" && query.code.split(":")[0] in FINDING_CATALOGUE)) {
    throw new HwsgError(`the code ${JSON.stringify(query.code)} must be a finding code (${Object.keys(FINDING_CATALOGUE).join(", ")}) or a finding's id (HWSG001:<instance>:ipv4:tcp/22, …)`);
  }
  const on = query.on as { node?: { scopes?: unknown } } | undefined;
  if (on !== undefined && !Array.isArray(on?.node?.scopes)) throw new HwsgError(`"on" must be a construct of the stack, not ${String(query.on)}`);
}

/** Lint results per model and lint options: many assertions on one synth lint it once. */
const linted = new WeakMap<Network, { options: LintOptions; findings: Finding[] }>();

function judge(network: Network, source: SourceStack | undefined): Judged[] {
  const options = source?.checks?.lintOptions ?? {};
  let cached = linted.get(network);
  if (!cached || cached.options !== options) {
    cached = { options, findings: lintNetwork(network, options) };
    linted.set(network, cached);
  }
  return cached.findings.map((finding) => {
    if (!source) return { finding };
    // The construct the synth-time checks report the finding on: its first rule's, its group's, its instance's.
    const target = targetOf(finding, source.resources) ?? source.stack;
    const suppression = Suppressions.find(target, finding.code);
    return { finding, path: target.node.path, ...(suppression ? { suppression } : {}) };
  });
}

function targetOf(finding: Finding, resources: ReadonlyMap<string, IConstruct>): IConstruct | undefined {
  for (const address of namedAddresses(finding)) {
    const hit = resources.get(address);
    if (hit) return hit;
  }
  return undefined;
}

/** The Terraform addresses a finding names: its rules, its group, its instance, its resource. */
function namedAddresses(finding: Finding): string[] {
  const named = [...finding.ruleIds.map((id) => id.split("#")[0]), finding.groupId, finding.instanceId?.replace(/^(another )?member of /, ""), finding.resource];
  return named.filter((a): a is string => a !== undefined);
}

function matches(finding: Finding, query: FindingsQuery, on: ReadonlySet<string> | undefined): boolean {
  if (query.severity !== undefined && finding.severity !== query.severity) return false;
  if (query.code !== undefined && (query.code.includes(":") ? finding.id !== query.code : finding.code !== (query.code as FindingCode))) return false;
  if (on && !namedAddresses(finding).some((a) => on.has(a))) return false;
  return true;
}

/** The Terraform addresses of the resources at or below a construct. */
function addressesIn(construct: IConstruct): Set<string> {
  const out = new Set<string>();
  for (const c of construct.node.findAll()) {
    const r = c as { terraformResourceType?: unknown; friendlyUniqueId?: unknown };
    if (typeof r.terraformResourceType === "string" && typeof r.friendlyUniqueId === "string") out.add(terraformAddress(c as never));
  }
  return out;
}

function describeQuery(query: FindingsQuery): string {
  const code = query.code === undefined ? "" : query.code.includes(":") ? `finding ${query.code}` : `${query.code} finding`;
  const severity = query.severity ?? "";
  const head = [severity, code || "finding"].filter(Boolean).join(" ");
  return `${head}${query.on ? ` on ${query.on.node.path}` : ""}`;
}

function listing(title: string, judged: readonly Judged[], context: HwsgMatcherContext): string {
  return judged.length ? `The ${title}:\n${lines(judged, context)}` : `The stack has no finding at all.`;
}

function lines(judged: readonly Judged[], context: HwsgMatcherContext): string {
  const found = context.utils.RECEIVED_COLOR ?? ((s: string) => s);
  const shown = judged.slice(0, LISTED).map(({ finding, path }) =>
    `  ${found(`${finding.code} ${finding.severity}`)} on ${finding.resource}${path ? ` (${path})` : ""}: ${finding.message}\n    id: ${finding.id}\n    fix: ${finding.fix}`,
  );
  if (judged.length > LISTED) shown.push(`  … and ${judged.length - LISTED} more`);
  return shown.join("\n");
}
