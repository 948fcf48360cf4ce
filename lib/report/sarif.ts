/**
 * SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format) for code scanning: `hwsg check
 * --sarif` (one result per finding) and `hwsg diff --sarif` (one result per group of newly
 * allowed flows).
 *
 * - `tool.driver.rules` is the finding catalogue: id (the code), name, short and full
 *   description, help (the usual fix), default level, and `security-severity` for GitHub.
 * - A result has the code as `ruleId`, the level (`error`, `warning`, `note` for an info), the
 *   message and fix, and one location per block responsible: the rules the finding names, else
 *   its resource. A location has the file relative to the working directory and the block's
 *   start line when the block was found in `.tf` / `.tf.json`, and always the Terraform address as
 *   a logical location (the only one for a plan or a state).
 * - `partialFingerprints["hwsgFindingId/v1"]` is the stable finding id, so code scanning tracks an
 *   alert across runs; a suppression written next to the code is an `inSource` suppression with
 *   its reason as justification; with a baseline, `baselineState` is `new` or `unchanged`.
 * - What is not evaluated and the reader's warnings are tool execution notifications.
 *
 * Deterministic: no time stamps, no absolute paths; terminal-safe like every JSON output.
 */
import type * as Sarif from "sarif";
import type { FlowChangeGroup } from "../analysis/diff";
import { FINDING_CATALOGUE, ruleResource } from "../analysis/findings";
import { toJsonText } from "./json";
import { CheckReport, DiffReport, ReportFinding, ReportSeverity, ReportUnknown, orderFindings } from "./model";
import { diffEndNames, diffEndKey, nameOf } from "./names";
import { formatServices } from "./services";

/** The `$schema` of the documents: the OASIS schema of SARIF 2.1.0 (errata 01). */
export const SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/** The key of the stable finding id in `partialFingerprints`. */
export const FINGERPRINT_KEY = "hwsgFindingId/v1";

/** The rule id of a group of newly allowed flows in `hwsg diff --sarif`. */
export const NEWLY_ALLOWED_RULE = "newly-allowed";

/** Where a block is written: its file (relative to the working directory, `/`-separated) and start line. */
export interface SourceLine {
  readonly file: string;
  readonly line: number;
}

/** What the SARIF renderers need besides the report. */
export interface SarifContext {
  /** hwsg's version, for `tool.driver.version`. */
  readonly toolVersion: string;
  /** The block a Terraform address is written in; undefined when there is none (a plan, a literal id). */
  readonly locate: (address: string) => SourceLine | undefined;
  /** A file as the reader named it, relative to the working directory (`/`-separated). */
  readonly relativeFile: (file: string) => string;
}

const LEVEL: Readonly<Record<ReportSeverity, Sarif.Result.level>> = { error: "error", warning: "warning", info: "note" };

/** GitHub code scanning's `security-severity` (0–10): high for errors, medium for warnings. */
const SECURITY_SEVERITY: Readonly<Record<"error" | "warning", string>> = { error: "8.0", warning: "5.0" };

/** `High-risk port open to the internet` → `HighRiskPortOpenToTheInternet`. */
function pascalName(title: string): string {
  return title
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== "")
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join("");
}

/** A relative path as a URI reference: `/` separators, each segment percent-encoded. */
export function fileUri(file: string): string {
  return file.split(/[\\/]/).map(encodeURIComponent).join("/");
}

/** The catalogue as SARIF rules, in code order. */
function catalogueRules(): Sarif.ReportingDescriptor[] {
  return Object.values(FINDING_CATALOGUE).map((info) => ({
    id: info.code,
    name: pascalName(info.title),
    shortDescription: { text: info.title },
    fullDescription: { text: info.rationale },
    help: { text: `${info.rationale} Fix: ${info.fix}${info.escalation ? ` (Reported as ${info.escalation}.)` : ""}` },
    defaultConfiguration: { level: LEVEL[info.severity] },
    properties: { tags: ["security", "terraform", "huaweicloud", "security-group"], "security-severity": SECURITY_SEVERITY[info.severity], precision: "very-high" },
  }));
}

/** A location of a Terraform address: its block when found, and always the address as a logical location. */
function locationOf(address: string, context: SarifContext): Sarif.Location {
  const resource = ruleResource(address);
  const site = context.locate(resource);
  return {
    ...(site ? { physicalLocation: { artifactLocation: { uri: fileUri(site.file) }, region: { startLine: site.line } } } : {}),
    logicalLocations: [{ fullyQualifiedName: resource, ...(resource !== address ? { name: address } : {}), kind: "resource" }],
  };
}

/** The locations of the blocks responsible for a finding: its rules, else its resource; each once. */
function findingLocations(f: ReportFinding, context: SarifContext): Sarif.Location[] {
  const addresses = f.ruleIds.length > 0 ? f.ruleIds : [f.resource];
  const seen = new Set<string>();
  const out: Sarif.Location[] = [];
  for (const a of addresses) {
    const key = ruleResource(a);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ id: out.length, ...locationOf(a, context) });
  }
  return out;
}

function findingResult(f: ReportFinding, ruleIndex: number, context: SarifContext): Sarif.Result {
  return {
    ruleId: f.code,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    level: LEVEL[f.severity],
    message: { text: `${f.message}\nFix: ${f.fix}` },
    locations: findingLocations(f, context),
    partialFingerprints: { [FINGERPRINT_KEY]: f.id },
    ...(f.suppression
      ? {
          suppressions: [
            {
              kind: "inSource",
              status: "accepted",
              justification: f.suppression.reason,
              location: { physicalLocation: { artifactLocation: { uri: fileUri(context.relativeFile(f.suppression.file)) }, region: { startLine: f.suppression.line } } },
            },
          ],
        }
      : {}),
    ...(f.baselineState ? { baselineState: f.baselineState } : {}),
    properties: { id: f.id, resource: f.resource, ruleIds: [...f.ruleIds], ...(f.groupId ? { groupId: f.groupId } : {}), ...(f.instanceId ? { instanceId: f.instanceId } : {}), ...(f.memberKind ? { memberKind: f.memberKind } : {}) },
  };
}

/** What is not evaluated, and the warnings, as notifications. */
function notifications(unknowns: readonly ReportUnknown[], warnings: readonly string[]): Sarif.Notification[] {
  return [
    ...unknowns.map((u): Sarif.Notification => ({
      level: u.canChangeVerdict ? "warning" : "note",
      message: { text: `Not evaluated: ${u.file}: ${u.address}: ${u.field} = ${u.expression}: ${u.reason}; ${u.effect}` },
    })),
    ...warnings.map((w): Sarif.Notification => ({ level: "warning", message: { text: w } })),
  ];
}

function log(driver: Sarif.ToolComponent, results: Sarif.Result[], invocation: Sarif.Invocation, properties?: Sarif.PropertyBag): string {
  const doc: Sarif.Log = {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [{ tool: { driver }, invocations: [invocation], results, columnKind: "utf16CodeUnits", ...(properties ? { properties } : {}) }],
  };
  return toJsonText(doc);
}

function driverOf(context: SarifContext, rules: Sarif.ReportingDescriptor[]): Sarif.ToolComponent {
  return { name: "hwsg", version: context.toolVersion, semanticVersion: context.toolVersion, rules };
}

/**
 * `hwsg check --sarif`: one result per finding (errors first, as the other formats), the
 * catalogue as the driver's rules, the unknowns and warnings as notifications, and with a
 * baseline the ids no longer found in `run.properties.baselineAbsent`.
 */
export function renderCheckSarif(report: CheckReport, context: SarifContext): string {
  const rules = catalogueRules();
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = orderFindings(report.findings).map((f) => findingResult(f, index.get(f.code) ?? -1, context));
  const invocation: Sarif.Invocation = { executionSuccessful: true, toolExecutionNotifications: notifications(report.unknowns, report.warnings) };
  const properties = report.baseline ? { baselineFile: report.baseline.file, baselineAbsent: [...report.baseline.absent] } : undefined;
  return log(driverOf(context, rules), results, invocation, properties);
}

/** The SARIF rule of a group of newly allowed flows. */
function newlyAllowedRule(): Sarif.ReportingDescriptor {
  return {
    id: NEWLY_ALLOWED_RULE,
    name: "NewlyAllowedFlow",
    shortDescription: { text: "Flows newly allowed by the change" },
    fullDescription: { text: "Flows that the version before the change denied (or that did not exist) and the version after allows, with the rule that decides them after the change." },
    help: { text: "Check that the change means to open these flows; if not, narrow or remove the deciding rule." },
    defaultConfiguration: { level: "warning" },
    properties: { tags: ["security", "terraform", "huaweicloud", "security-group"], "security-severity": SECURITY_SEVERITY.warning, precision: "very-high" },
  };
}

/**
 * `hwsg diff --sarif`: one result per group of newly allowed flows, at the rule that decides its
 * example flow after the change (the instances at its ends when no rule decides it).
 * @param level the results' level: `error` when the run gates on newly allowed flows
 */
export function renderDiffSarif(report: DiffReport, context: SarifContext, level: "error" | "warning" = "warning"): string {
  const groups = report.diff.newlyAllowed;
  const byKey = diffEndNames(groups.flatMap((g) => [g.from, g.to]));
  const results = groups.map((g): Sarif.Result => {
    const name = (end: FlowChangeGroup["from"]) => nameOf(byKey, diffEndKey(end));
    const at = g.ruleAfter !== null ? [g.ruleAfter] : [g.from, g.to].filter((e) => e.kind === "instance").map((e) => e.id);
    const key = `${g.version}|${g.from.kind}:${g.from.id}|${g.to.kind}:${g.to.id}|${formatServices(g.services)}`;
    return {
      ruleId: NEWLY_ALLOWED_RULE,
      ruleIndex: 0,
      level,
      message: {
        text: `Newly allowed (IPv${g.version}): ${name(g.from)} to ${name(g.to)} on ${formatServices(g.services)}; for example ${g.example}, allowed by ${g.ruleAfter ?? "no rule"} (before: ${g.ruleBefore ?? "no rule"}).`,
      },
      locations: at.map((a, i) => ({ id: i, ...locationOf(a, context) })),
      partialFingerprints: { [FINGERPRINT_KEY]: `${NEWLY_ALLOWED_RULE}:${key}` },
      properties: { version: g.version, from: g.from.id, to: g.to.id, services: formatServices(g.services), example: g.example, ruleBefore: g.ruleBefore, ruleAfter: g.ruleAfter },
    };
  });
  const warnings = report.warnings;
  const unknowns = [...report.unknowns.before, ...report.unknowns.after];
  return log(driverOf(context, [newlyAllowedRule()]), results, { executionSuccessful: true, toolExecutionNotifications: notifications(unknowns, warnings) });
}
