/**
 * `hwsg verify --sarif`: one result per intent that does not hold, at the deciding rule's block
 * (else at the policy file's line of the intent), for code scanning.
 */
import type * as Sarif from "sarif";
import { IntentOutcome } from "../policy/policy-check";
import { ruleResource } from "../analysis/findings";
import { toJsonText } from "./json";
import { FINGERPRINT_KEY, SARIF_SCHEMA_URI, SarifContext, fileUri } from "./sarif";
import { VerifyReport, intentSummary, witnessOf } from "./verify";

/** The SARIF rule id of an intent that does not hold. */
export const INTENT_RULE = "intent-fails";

function intentRule(): Sarif.ReportingDescriptor {
  return {
    id: INTENT_RULE,
    name: "DeclaredIntentDoesNotHold",
    shortDescription: { text: "A declared reachability intent does not hold" },
    fullDescription: { text: "An intent of the policy file (every / none / some flow from one end to the other) is contradicted by the security groups: the counterexample flow and the rule that decides it are given." },
    help: { text: "Change the deciding rule (or the intent, when the policy is what is wrong)." },
    defaultConfiguration: { level: "error" },
    properties: { tags: ["security", "terraform", "huaweicloud", "security-group"], "security-severity": "8.0", precision: "very-high" },
  };
}

function intentResult(o: IntentOutcome, policyFile: string, context: SarifContext): Sarif.Result {
  const w = witnessOf(o);
  const policyLocation: Sarif.Location = {
    physicalLocation: { artifactLocation: { uri: fileUri(context.relativeFile(policyFile)) }, region: { startLine: o.intent.line } },
    logicalLocations: [{ name: o.intent.name, kind: "object" }],
  };
  const locations: Sarif.Location[] = [];
  if (w?.rule) {
    const resource = ruleResource(w.rule);
    const site = context.locate(resource);
    locations.push({
      ...(site ? { physicalLocation: { artifactLocation: { uri: fileUri(site.file) }, region: { startLine: site.line } } } : {}),
      logicalLocations: [{ fullyQualifiedName: resource, ...(resource !== w.rule ? { name: w.rule } : {}), kind: "resource" }],
    });
  }
  locations.push(policyLocation);
  const proof = w ? ` Counterexample: ${w.flow} is ${w.verdict === "allow" ? "allowed" : "denied"}; deciding rule: ${w.rule ?? "none"}. ${w.reason}` : o.noAddress ? ` ${o.noAddress}` : "";
  return {
    ruleId: INTENT_RULE,
    ruleIndex: 0,
    level: "error",
    message: { text: `Intent "${o.intent.name}" does not hold (${intentSummary(o)}).${proof}` },
    locations: locations.map((l, id) => ({ id, ...l })),
    partialFingerprints: { [FINGERPRINT_KEY]: `${INTENT_RULE}:${o.intent.name}` },
    properties: { intent: o.intent.name, quantifier: o.intent.quantifier, rule: w?.rule ?? null },
  };
}

/** The SARIF log of a verify report. */
export function renderVerifySarif(report: VerifyReport, context: SarifContext): string {
  const doc: Sarif.Log = {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "hwsg", version: context.toolVersion, semanticVersion: context.toolVersion, rules: [intentRule()] } },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: [
              ...report.unknowns.map((u): Sarif.Notification => ({ level: u.canChangeVerdict ? "warning" : "note", message: { text: `Not evaluated: ${u.file}: ${u.address}: ${u.field} = ${u.expression}: ${u.reason}; ${u.effect}` } })),
              ...report.warnings.map((w): Sarif.Notification => ({ level: "warning", message: { text: w } })),
            ],
          },
        ],
        results: report.outcomes.filter((o) => !o.holds).map((o) => intentResult(o, report.policy, context)),
        columnKind: "utf16CodeUnits",
      },
    ],
  };
  return toJsonText(doc);
}
