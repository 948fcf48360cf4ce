/**
 * The analysis layer: findings about a core `Network` judged on its effective rule set (the
 * lint), the reachability matrix and the diff of two networks. Depends only on `lib/core`.
 */
export { FINDING_CATALOGUE, findingId } from "./findings";
export type { CoverKind, Exposure, Finding, FindingCode, FindingInfo, Severity } from "./findings";
export { EXPOSURE_THRESHOLD, HIGH_RISK_PORTS } from "./exposure";
export type { HighRiskPort, HighRiskProtocol } from "./services";
export { opensEveryPort } from "./open-ports";
export { coverKind, coverSeverity, groupMatchingOrder, oppositeOverlaps, shadowedRules } from "./shadowing";
export type { OppositeOverlap, ShadowedRule } from "./shadowing";
export { MAX_ADVISED_GROUPS_PER_INSTANCE, lintNetwork } from "./lint";
export type { LintOptions } from "./lint";
export { INTERNET, reachabilityMatrix } from "./matrix";
export type { MatrixCell, MatrixNode, MatrixNodeKind, MatrixOptions, ReachabilityMatrix, Service } from "./matrix";
export { diffNetworks } from "./diff";
export type { DiffEnd, DiffOptions, FlowChangeGroup, NetworkDiff } from "./diff";
