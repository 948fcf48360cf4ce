/**
 * Lint findings: what `lintNetwork` reports about a network model, judged on the effective rule
 * set (semantics.md §2, §6, §7). Each finding has a stable code from the catalogue below.
 */

/** How serious a finding is: an error is traffic or configuration that is almost surely wrong. */
export type Severity = "error" | "warning";

/** The finding codes, `HWSG001` to `HWSG007`. */
export type FindingCode = "HWSG001" | "HWSG002" | "HWSG003" | "HWSG004" | "HWSG005" | "HWSG006" | "HWSG007";

/** One lint finding. */
export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  /** One complete sentence naming the ids (Terraform addresses), ports and addresses involved. */
  readonly message: string;
  /** The security group the finding is about (used to attach it to a construct), when there is one. */
  readonly groupId?: string;
  /** The rules responsible (Terraform addresses or default-rule ids); may be empty. */
  readonly ruleIds: readonly string[];
  /** The instance it was found on: an instance id, or `member of <group>` for a group without instances. */
  readonly instanceId?: string;
}

/** A catalogue entry: what a code means and why it matters. */
export interface FindingInfo {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly title: string;
  /** One line: why the finding matters. */
  readonly rationale: string;
}

/** Every finding code with its severity, title and rationale, in code order. */
export const FINDING_CATALOGUE: Readonly<Record<FindingCode, FindingInfo>> = {
  HWSG001: {
    code: "HWSG001",
    severity: "error",
    title: "High-risk port open to the internet",
    rationale:
      "Remote administration, database and cache ports reachable from more than a /8 of public IPv4 (a /32 of IPv6) addresses are scanned and brute-forced within minutes; allow trusted sources only.",
  },
  HWSG002: {
    code: "HWSG002",
    severity: "error",
    title: "Rule quota exceeded",
    rationale:
      "Per group, direction and IP version only 120 rules with a security-group or address-group remote or inconsecutive ports take effect; the excess rules are silently ignored.",
  },
  HWSG003: {
    code: "HWSG003",
    severity: "warning",
    title: "More than 5 security groups on an instance",
    rationale:
      "Huawei Cloud advises at most 5 security groups per instance; more make the first-match order across groups hard to follow.",
  },
  HWSG004: {
    code: "HWSG004",
    severity: "warning",
    title: "Rule never takes effect: covered by earlier rules",
    rationale:
      "Every packet the rule matches is matched first by rules earlier in the group's matching order, so the rule is dead weight or a sign the order is not what was meant.",
  },
  HWSG005: {
    code: "HWSG005",
    severity: "warning",
    title: "Opposite actions overlapping at the same priority",
    rationale:
      "At equal priority a deny is tried before an allow whatever the order they are written in, so the allow silently loses on the overlap.",
  },
  HWSG006: {
    code: "HWSG006",
    severity: "warning",
    title: "Priority left implicit",
    rationale:
      "An omitted priority is read as 1 (the highest) by the provider but documented as 100 by the API; write it explicitly.",
  },
  HWSG007: {
    code: "HWSG007",
    severity: "warning",
    title: "Rule does not take effect on an instance's flavor",
    rationale:
      "Legacy flavors ignore address-group and inconsecutive-port rules, and Kai1 (Kunpeng) instances ignore an inconsecutive-port rule and every rule configured after it.",
  },
};

/** Builds a finding of a code, with the catalogue's severity. */
export function makeFinding(
  code: FindingCode,
  message: string,
  ruleIds: readonly string[],
  where: { readonly groupId?: string; readonly instanceId?: string } = {},
): Finding {
  return {
    code,
    severity: FINDING_CATALOGUE[code].severity,
    message,
    ...(where.groupId !== undefined ? { groupId: where.groupId } : {}),
    ruleIds: [...ruleIds],
    ...(where.instanceId !== undefined ? { instanceId: where.instanceId } : {}),
  };
}

/** A finding with a tie-breaker for findings that share code, group, rules and instance. */
export interface RankedFinding {
  readonly finding: Finding;
  /** Compared after the instance id: a port number, an IP version… */
  readonly tie: readonly number[];
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function compareLists<T>(a: readonly T[], b: readonly T[], c: (x: T, y: T) => number): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = c(a[i], b[i]);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/**
 * The order of findings: by code, then group id, then rule ids, then instance id (a missing id
 * first), then the tie-breaker, then the message. Plain code-unit comparison, so the order does
 * not depend on the locale.
 */
export function compareRanked(a: RankedFinding, b: RankedFinding): number {
  const x = a.finding;
  const y = b.finding;
  return (
    cmp(x.code, y.code) ||
    cmp(x.groupId ?? "", y.groupId ?? "") ||
    compareLists(x.ruleIds, y.ruleIds, cmp) ||
    cmp(x.instanceId ?? "", y.instanceId ?? "") ||
    compareLists(a.tie, b.tie, (p, q) => p - q) ||
    cmp(x.message, y.message)
  );
}

/** Sorts findings into the documented order. */
export function sortFindings(findings: readonly RankedFinding[]): Finding[] {
  return [...findings].sort(compareRanked).map((r) => r.finding);
}

/** `a`, `a and b`, `a, b and c`. */
export function joinWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** Lists ids, at most `max` of them, then `and N more`. */
export function listIds(ids: readonly string[], max = 10): string {
  if (ids.length <= max) return joinWords(ids);
  return `${ids.slice(0, max).join(", ")} and ${ids.length - max} more`;
}
