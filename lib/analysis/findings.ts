/**
 * Lint findings: what `lintNetwork` reports about a network model, judged on the effective rule
 * set (semantics.md §2, §6, §7). Each finding has a code from the catalogue below, a stable id, the
 * Terraform address it is about and a one-line fix.
 *
 * ## Finding ids
 *
 * `id` is `CODE:subject` followed by the qualifiers the code needs to be unique, each after a `:`.
 * It is built only from Terraform addresses, ports and IP versions, never from positions or
 * counts, so it does not change when unrelated resources are added, when files or resources are
 * reordered, or when the wording of a message changes:
 *
 * | code | id |
 * |---|---|
 * | HWSG001 | `HWSG001:<instance>:ipv4:tcp/<port or from-to>`, `…:ipv6:udp/161` (the group's address for a group without instances) |
 * | HWSG002 | `HWSG002:<rule>` |
 * | HWSG003 | `HWSG003:<instance>` |
 * | HWSG004 | `HWSG004:<rule>` |
 * | HWSG005 | `HWSG005:<deny rule>:<allow rule>` |
 * | HWSG006 | `HWSG006:<rule>` |
 * | HWSG007 | `HWSG007:<rule>:<instance>` |
 * | HWSG008 | `HWSG008:<rule>` |
 *
 * A rule is named by its Terraform address; a default rule, which has none, by
 * `<group address>#default-<ingress|egress>-<ipv4|ipv6>` (its finding's `resource` is the group).
 * A rule belongs to one group, direction and IP version, so a rule-level id is unique; an instance
 * is exposed on a port run once per IP version and protocol, and the high-risk port ranges of a
 * protocol may not overlap.
 */

/**
 * How serious a finding is: an error is traffic or configuration that is almost surely wrong (it
 * fails `cdktf synth`); a warning is worth a look.
 */
export type Severity = "error" | "warning";

/** The finding codes, `HWSG001` to `HWSG008`. */
export type FindingCode = "HWSG001" | "HWSG002" | "HWSG003" | "HWSG004" | "HWSG005" | "HWSG006" | "HWSG007" | "HWSG008";

/**
 * How the earlier rules that take all of a never-effective rule's traffic relate to it:
 * `same-action` (they do what it would do: the rule is redundant), `opposite-action` (they do the
 * opposite: its intent is silently defeated), `mixed` (some of each).
 */
export type CoverKind = "same-action" | "opposite-action" | "mixed";

/** How much of the public internet reaches a high-risk port (HWSG001). */
export interface Exposure {
  /** The service of the high-risk port entry, e.g. `SSH`. */
  readonly service: string;
  /** The exposed port or range, as in a rule's `ports`: `22`, `20-21`. */
  readonly port: string;
  /** The IP protocol of the high-risk port: `tcp` or `udp`. */
  readonly protocol: "tcp" | "udp";
  /** The IP version of the public space judged. */
  readonly version: 4 | 6;
  /** How many public addresses of the version reach the port, as decimal text (it may exceed 2^53). */
  readonly publicAddresses: string;
  /** `publicAddresses` as a fraction of all public addresses of the version, 0..1 (1 only when all do). */
  readonly share: number;
  /** One public address that reaches the port (for IPv6 a global unicast one when there is one). */
  readonly example: string;
}

/** One lint finding. */
export interface Finding {
  readonly code: FindingCode;
  /** Stable identifier: `CODE:subject[:qualifier…]` (see the table at the top of findings.ts). */
  readonly id: string;
  readonly severity: Severity;
  /**
   * The Terraform address the finding is about: the rule for rule findings (the group for a
   * default rule), the instance for HWSG001 and HWSG003 (the group when a group without
   * instances is judged on a hypothetical member).
   */
  readonly resource: string;
  /** One complete sentence naming the ids (Terraform addresses), ports and addresses involved. */
  readonly message: string;
  /** One line saying what to change, naming the rule and the priority, remote or field to use. */
  readonly fix: string;
  /**
   * The security group the finding is about (used to attach it to a construct), when there is one.
   * @default undefined (HWSG003: an instance finding)
   */
  readonly groupId?: string;
  /**
   * The rules responsible (Terraform addresses or default-rule ids), the finding's own rule first;
   * may be empty. HWSG001: every rule that lets the exposure through, in first-match order
   * (restricting or removing all of them closes the port; see `passers` in exposure.ts).
   */
  readonly ruleIds: readonly string[];
  /**
   * The member it was found on: its Terraform address (a compute instance, an RDS instance, an
   * attached interface…), or `member of <group>` for a group without members. Named `instanceId`
   * since the first version of the report, when every member was a compute instance.
   * @default undefined (a finding about a group or a rule alone)
   */
  readonly instanceId?: string;
  /**
   * The Terraform type of the member `instanceId` names (`huaweicloud_compute_instance`,
   * `huaweicloud_rds_instance`, …).
   * @default undefined (no member, or a group's hypothetical member: of no particular kind)
   */
  readonly memberKind?: string;
  /**
   * HWSG004 only: the earlier rules that take all of the rule's traffic, in matching order (each
   * the first match of some of it; `ruleIds` without the rule itself).
   * @default undefined (other codes)
   */
  readonly coveredBy?: readonly string[];
  /**
   * HWSG004 only: whether the covering rules have the rule's action, the opposite one, or both.
   * @default undefined (other codes)
   */
  readonly cover?: CoverKind;
  /**
   * HWSG001 only: the port and how much of the public space reaches it.
   * @default undefined (other codes)
   */
  readonly exposure?: Exposure;
}

/** A catalogue entry: what a code means, why it matters and how it is usually fixed. */
export interface FindingInfo {
  readonly code: FindingCode;
  /** The severity of the code's findings (HWSG004: of a same-action cover, see `escalation`). */
  readonly severity: Severity;
  /** When a finding of the code is an error although `severity` is a warning. @default undefined (never) */
  readonly escalation?: string;
  readonly title: string;
  /** One line: why the finding matters. */
  readonly rationale: string;
  /** One line: the usual fix (each finding's `fix` names the rules and values). */
  readonly fix: string;
}

/** Every finding code with its severity, title, rationale and fix, in code order. */
export const FINDING_CATALOGUE: Readonly<Record<FindingCode, FindingInfo>> = {
  HWSG001: {
    code: "HWSG001",
    severity: "error",
    title: "High-risk port open to the internet",
    rationale:
      "Remote administration, database, cache, broker and cluster-control ports (tcp) and amplification services (udp) reachable from more than a /8 of public IPv4 (a /32 of IPv6) addresses are scanned and abused within minutes; allow trusted sources only.",
    fix: "Narrow the remote of every rule that lets the port through (each is named) to trusted CIDRs or a security group, or remove the port from its ports: fixing only some leaves the port open.",
  },
  HWSG002: {
    code: "HWSG002",
    severity: "error",
    title: "Rule quota exceeded: the rule will not take effect",
    rationale:
      "Per group, direction and IP version only 120 rules with a security-group or address-group remote or inconsecutive ports take effect; the excess rules are silently ignored.",
    fix: "Move the excess rules to another security group of the same instances, or merge rules so at most 120 count against the quota.",
  },
  HWSG003: {
    code: "HWSG003",
    severity: "warning",
    title: "More than 5 security groups on an instance",
    rationale:
      "Huawei Cloud advises at most 5 security groups per instance; more make the first-match order across groups hard to follow.",
    fix: "Merge the instance's security groups into at most 5.",
  },
  HWSG004: {
    code: "HWSG004",
    severity: "warning",
    escalation: "an error when some covering rule has the opposite action and the rule is not a default rule",
    title: "Rule never takes effect: covered by earlier rules",
    rationale:
      "Every packet the rule matches is matched first by rules earlier in the group's matching order: with the same action the rule is dead weight, with the opposite action its intent is silently defeated (a deny that blocks nothing).",
    fix: "Remove the rule, or give it a priority that is tried before the covering rules of the opposite action.",
  },
  HWSG005: {
    code: "HWSG005",
    severity: "warning",
    title: "Opposite actions overlapping at the same priority",
    rationale:
      "At equal priority a deny is tried before an allow whatever the order they are written in, so the allow silently loses on the overlap.",
    fix: "Give the rule that should win on the overlap a smaller priority number than the other.",
  },
  HWSG006: {
    code: "HWSG006",
    severity: "warning",
    title: "Priority left implicit",
    rationale:
      "An omitted priority is read as 1 (the highest) by the provider but documented as 100 by the API; write it explicitly.",
    fix: "Write the priority explicitly (1 is what the provider reads today); a rule written with port_range_min/max cannot have a priority, so write its ports in `ports` first.",
  },
  HWSG007: {
    code: "HWSG007",
    severity: "warning",
    title: "Rule will not take effect on an instance's flavor",
    rationale:
      "Legacy flavors ignore address-group and inconsecutive-port rules, and Kai1 (Kunpeng) instances ignore an inconsecutive-port rule and every rule configured after it.",
    fix: "Split inconsecutive ports into one rule per port or range, replace address-group remotes by CIDR rules, or use a current flavor.",
  },
  HWSG008: {
    code: "HWSG008",
    severity: "error",
    title: "Every port open to the internet",
    rationale:
      "An ingress allow rule for every port of tcp or udp, or for every protocol, from more than a /8 of public IPv4 (a /32 of IPv6) addresses opens every service its members will ever listen on, listed in the catalogue or not.",
    fix: "Write the rule for the protocol and ports that must be reachable, or narrow its remote to trusted CIDRs or a security group.",
  },
};

/** What a finding is built from; the catalogue supplies the severity unless one is given. */
export interface FindingInput {
  readonly code: FindingCode;
  /** The id's subject: the rule id, the instance id or the group id. */
  readonly subject: string;
  /** The id's qualifiers after the subject. @default [] */
  readonly qualifiers?: readonly string[];
  /** @default the catalogue's severity for the code */
  readonly severity?: Severity;
  /** @default the subject */
  readonly resource?: string;
  readonly message: string;
  readonly fix: string;
  /** @default [] */
  readonly ruleIds?: readonly string[];
  /** @default undefined */
  readonly groupId?: string;
  /** @default undefined */
  readonly instanceId?: string;
  /** @default undefined */
  readonly memberKind?: string;
  /** @default undefined */
  readonly coveredBy?: readonly string[];
  /** @default undefined */
  readonly cover?: CoverKind;
  /** @default undefined */
  readonly exposure?: Exposure;
}

/** The stable id of a finding: `CODE:subject[:qualifier…]`. */
export function findingId(code: FindingCode, subject: string, qualifiers: readonly string[] = []): string {
  return [code, subject, ...qualifiers].join(":");
}

/** The Terraform address of a rule: a default rule (`<group>#default-…`) has none, so its group's. */
export function ruleResource(ruleId: string): string {
  const hash = ruleId.indexOf("#");
  return hash < 0 ? ruleId : ruleId.slice(0, hash);
}

/** Builds a finding; fields that do not apply are left out. */
export function makeFinding(input: FindingInput): Finding {
  return {
    code: input.code,
    id: findingId(input.code, input.subject, input.qualifiers),
    severity: input.severity ?? FINDING_CATALOGUE[input.code].severity,
    resource: input.resource ?? input.subject,
    message: input.message,
    fix: input.fix,
    ...(input.groupId !== undefined ? { groupId: input.groupId } : {}),
    ruleIds: [...(input.ruleIds ?? [])],
    ...(input.instanceId !== undefined ? { instanceId: input.instanceId } : {}),
    ...(input.memberKind !== undefined ? { memberKind: input.memberKind } : {}),
    ...(input.coveredBy !== undefined ? { coveredBy: [...input.coveredBy] } : {}),
    ...(input.cover !== undefined ? { cover: input.cover } : {}),
    ...(input.exposure !== undefined ? { exposure: input.exposure } : {}),
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
 * first), then the tie-breaker, then the finding id, then the message. Plain code-unit
 * comparison, so the order does not depend on the locale.
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
    cmp(x.id, y.id) ||
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

/**
 * Lists ids, at most `max` of them, then `and N more`.
 * @param max how many ids to name @default 10
 */
export function listIds(ids: readonly string[], max = 10): string {
  if (ids.length <= max) return joinWords(ids);
  return `${ids.slice(0, max).join(", ")} and ${ids.length - max} more`;
}
