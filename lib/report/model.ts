/**
 * The inputs of the report renderers: what `hwsg check`, `hwsg matrix` and `hwsg diff` found,
 * with the files read, what is not evaluated (values not known before apply, modules not expanded, resources not modelled) and the reader's warnings. The
 * renderers only format these; they compute nothing about the network.
 */
import type { NetworkDiff } from "../analysis/diff";
import type { ReachabilityMatrix } from "../analysis/matrix";
import type { Unknown } from "../terraform/unknowns";

/** How serious a reported finding is; `info` is a suppressed or informational finding. */
export type ReportSeverity = "error" | "warning" | "info";

/** The severities from the most to the least serious: the order findings are printed in. */
export const SEVERITIES: readonly ReportSeverity[] = ["error", "warning", "info"];

/**
 * One finding as the reports show it. Structural, so that the analysis layer's `Finding`
 * (with its `id`, `resource` and `fix`) is assignable to it.
 */
export interface ReportFinding {
  /** A stable identifier of the finding (for suppressions and baselines); may equal `code`. */
  readonly id: string;
  /** The catalogue code, `HWSG001` to `HWSG007`. */
  readonly code: string;
  /** `error`, `warning` or `info`. */
  readonly severity: ReportSeverity;
  /** One complete sentence: what is wrong, naming the addresses, ports and rules involved. */
  readonly message: string;
  /** The Terraform address the finding is about: the rule, else its group, else the member. */
  readonly resource: string;
  /** What to change, in one sentence. */
  readonly fix: string;
  /** The security group the finding is about, when there is one. */
  readonly groupId?: string;
  /** The member it was found on (its Terraform address), when there is one. */
  readonly instanceId?: string;
  /** The Terraform type of that member (`huaweicloud_rds_instance`); none for a group's hypothetical member. */
  readonly memberKind?: string;
  /** The rules responsible (Terraform addresses or default-rule ids); may be empty. */
  readonly ruleIds: readonly string[];
  /** HWSG004: the earlier rules that take the rule's traffic, in matching order. @default undefined */
  readonly coveredBy?: readonly string[];
  /** HWSG004: `same-action`, `opposite-action` or `mixed`. @default undefined */
  readonly cover?: string;
  /** HWSG001: the exposed port and how much of the public space reaches it. @default undefined */
  readonly exposure?: ReportExposure;
  /**
   * The suppression written next to the code that made the finding an info: its reason, file and line.
   * @default undefined (not suppressed)
   */
  readonly suppression?: { readonly reason: string; readonly file: string; readonly line: number };
  /**
   * Against a baseline (`--baseline`): `unchanged` when the baseline holds the finding's id (it
   * does not fail the gate), `new` otherwise.
   * @default undefined (no baseline given)
   */
  readonly baselineState?: "new" | "unchanged";
}

/** How much of the public address space reaches a high-risk port (HWSG001). */
export interface ReportExposure {
  readonly service: string;
  /** The port or range, `22`, `20-21`. */
  readonly port: string;
  readonly protocol: string;
  readonly version: number;
  /** The number of public addresses that reach it, as decimal text. */
  readonly publicAddresses: string;
  /** That number as a fraction of the version's public addresses, 0..1. */
  readonly share: number;
  /** One public address that reaches it. */
  readonly example: string;
}

/**
 * A value the Terraform reader could not resolve statically (known only after apply): the
 * reader's own record, shown as it is.
 */
export type ReportUnknown = Unknown;

/** The input of the `hwsg check` renderers. */
export interface CheckReport {
  /** The files read, in the order they were read. */
  readonly files: readonly string[];
  /** Every finding, in the analysis' order (the renderers print errors first, keeping that order within a severity). */
  readonly findings: readonly ReportFinding[];
  /** What is not evaluated: values not known before apply, modules not expanded, resources not modelled. */
  readonly unknowns: readonly ReportUnknown[];
  /** The reader's warnings: assumptions it made, one sentence each. */
  readonly warnings: readonly string[];
  /**
   * The baseline the findings were compared with: its file and its ids that no longer occur.
   * @default undefined (no baseline given)
   */
  readonly baseline?: { readonly file: string; readonly absent: readonly string[] };
}

/** The input of the `hwsg matrix` renderers. */
export interface MatrixReport {
  /** The files read, in the order they were read. */
  readonly files: readonly string[];
  /** Who reaches whom, as the analysis computed it. */
  readonly matrix: ReachabilityMatrix;
  /** What is not evaluated: values not known before apply, modules not expanded, resources not modelled. */
  readonly unknowns: readonly ReportUnknown[];
  /** The reader's warnings. */
  readonly warnings: readonly string[];
}

/** One side of a diff: the files read for it. */
export interface DiffSide {
  /** The files read for this side, in the order they were read. */
  readonly files: readonly string[];
}

/** The input of the `hwsg diff` renderers. */
export interface DiffReport {
  /** The version before the change. */
  readonly before: DiffSide;
  /** The version after the change. */
  readonly after: DiffSide;
  /** The flows whose verdict changed, as the analysis computed them. */
  readonly diff: NetworkDiff;
  /** The values not known before apply on each side. */
  readonly unknowns: { readonly before: readonly ReportUnknown[]; readonly after: readonly ReportUnknown[] };
  /** The reader's warnings, of both sides. */
  readonly warnings: readonly string[];
}

/** The rank of a severity: 0 for `error`, 1 for `warning`, 2 for `info`. */
export function severityRank(severity: ReportSeverity): number {
  return SEVERITIES.indexOf(severity);
}

/** Findings ordered errors first, then warnings, then infos; the given order is kept within a severity. */
export function orderFindings<T extends ReportFinding>(findings: readonly T[]): T[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => severityRank(a.finding.severity) - severityRank(b.finding.severity) || a.index - b.index)
    .map((x) => x.finding);
}

/** How many findings there are of each severity. */
export function countBySeverity(findings: readonly ReportFinding[]): Record<ReportSeverity, number> {
  const counts: Record<ReportSeverity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}
