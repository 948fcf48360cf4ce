/**
 * The JSON documents printed by `--json`, one schema per command, each named by its `schema`
 * field (`hwsg/check@1`, `hwsg/matrix@1`, `hwsg/diff@1`). The number after `@` changes only when
 * a field is removed or changes meaning; new fields may be added within a version. Keys appear
 * in the order documented here; optional values are `null`, never missing.
 */

/** The `schema` field of `hwsg check --json`. */
export const CHECK_SCHEMA = "hwsg/check@1";
/** The `schema` field of `hwsg matrix --json`. */
export const MATRIX_SCHEMA = "hwsg/matrix@1";
/** The `schema` field of `hwsg diff --json`. */
export const DIFF_SCHEMA = "hwsg/diff@1";

/** Something not evaluated: a value not known before apply, a module not expanded, a resource not modelled. */
export type UnknownJson = {
  /** The file of the resource. */
  readonly file: string;
  /** The Terraform address of the resource that holds the value. */
  readonly address: string;
  /** The field (`remote_ip_prefix`, `security_group_ids[1]`, …). */
  readonly field: string;
  /** The expression as written. */
  readonly expression: string;
  /** Why it is not evaluated. */
  readonly reason: string;
  /** What the analysis did about it. */
  readonly effect: string;
  /** The security groups whose results it may change. */
  readonly groupIds: readonly string[];
  /** Whether it can change a verdict or a finding (false for a name, a description, a flavor no rule depends on); `--fail-on-unknown` fails on these. */
  readonly canChangeVerdict: boolean;
};

/** A service: a protocol and its port ranges (the analysis' `Service`). */
export type ServiceJson = {
  /**
   * `tcp`, `udp`, `icmp`, `icmpv6`, `gre`, a protocol number as text, `all` (every protocol) or
   * `other` (every protocol the list does not name, except those in `except`).
   */
  readonly protocol: string;
  /** `[low, high]` port ranges for tcp/udp, ascending; null for protocols without ports (icmp and icmpv6 included), `all` and `other`. */
  readonly ports: readonly (readonly [number, number])[] | null;
  /** For `other`: the protocols it leaves out; empty otherwise. */
  readonly except: readonly string[];
  /**
   * For `icmp` and `icmpv6`: the ICMP messages, ascending ranges from `[type, code]` to `[type,
   * code]` (both included; `{ from: [8, 0], to: [8, 255] }` is every message of type 8, echo
   * request); absent for other protocols. Every message is `{ from: [0, 0], to: [255, 254] }`
   * (type 255 code 255, reserved, is outside the evaluated space).
   */
  readonly icmp?: readonly IcmpRangeJson[];
};

/** A range of ICMP messages, `[type, code]` to `[type, code]`, both included. */
export type IcmpRangeJson = {
  readonly from: readonly [number, number];
  readonly to: readonly [number, number];
};

/** A finding of `hwsg/check@1`. */
export type FindingJson = {
  /** The stable finding id (`HWSG001:<instance>:ipv4:tcp/22`). */
  readonly id: string;
  /** The catalogue code, `HWSG001` to `HWSG007`. */
  readonly code: string;
  /** `error`, `warning` or `info`. */
  readonly severity: string;
  /** The Terraform address the finding is about. */
  readonly resource: string;
  /** One sentence: what is wrong. */
  readonly message: string;
  /** One sentence: what to change. */
  readonly fix: string;
  /** The security group the finding is about, or null. */
  readonly groupId: string | null;
  /**
   * The member it was found on (a compute instance, an RDS instance, an attached interface…): its
   * Terraform address, `member of <group>` for a group without members, or null.
   */
  readonly instanceId: string | null;
  /**
   * The Terraform type of the member `instanceId` names (`huaweicloud_rds_instance`); null when
   * there is none or it is a group's hypothetical member (of no particular kind). Added in
   * `hwsg/check@1` (a new field, no new version).
   */
  readonly memberKind: string | null;
  /** The rules responsible; may be empty. */
  readonly ruleIds: readonly string[];
  /** HWSG004: the earlier rules that take the rule's traffic, in matching order; null for other codes. */
  readonly coveredBy: readonly string[] | null;
  /** HWSG004: `same-action`, `opposite-action` or `mixed`; null for other codes. */
  readonly cover: string | null;
  /** HWSG001: the port, and how many public addresses (decimal text) and what share of them reach it; null for other codes. */
  readonly exposure: {
    readonly service: string;
    readonly port: string;
    readonly protocol: string;
    readonly version: number;
    readonly publicAddresses: string;
    readonly share: number;
    readonly example: string;
  } | null;
  /** The suppression written next to the code that made the finding an info (`# hwsg:ignore CODE reason`), or null. */
  readonly suppression: { readonly reason: string; readonly file: string; readonly line: number } | null;
  /** With `--baseline`: `unchanged` (in the baseline, does not fail the gate) or `new`; null without a baseline. */
  readonly baselineState: "new" | "unchanged" | null;
};

/** `hwsg check --json`. */
export type CheckJson = {
  /** `hwsg/check@1`. */
  readonly schema: typeof CHECK_SCHEMA;
  /** The files read, in the order they were read. */
  readonly files: readonly string[];
  /** Counts of findings by severity, and of unknown values. */
  readonly summary: { readonly errors: number; readonly warnings: number; readonly infos: number; readonly unknowns: number };
  /** Errors first, then warnings, then infos; the analysis' order within a severity. */
  readonly findings: readonly FindingJson[];
  /** What is not evaluated: values not known before apply, modules not expanded, resources not modelled. */
  readonly unknowns: readonly UnknownJson[];
  /** The reader's warnings (assumptions it made), and suppressions that suppress nothing. */
  readonly warnings: readonly string[];
  /**
   * With `--baseline`: the file, how many findings are new and unchanged, and the baseline's
   * ids that no longer occur (sorted); null without a baseline.
   */
  readonly baseline: { readonly file: string; readonly new: number; readonly unchanged: number; readonly absent: readonly string[] } | null;
};

/** A node of `hwsg/matrix@1`. */
export type MatrixNodeJson = {
  /** A Terraform address or `internet`. */
  readonly id: string;
  /** `instance` (a member of any kind: see `memberKind`), `group` or `internet`. */
  readonly kind: string;
  /** The short name: the resource name plus its key (`web1`, `vm["a.b"]`, `module.net[0].vm`), a literal id, or `internet`. */
  readonly label: string;
  /** For a member: its Terraform type (`huaweicloud_compute_instance`, `huaweicloud_rds_instance`); null otherwise. Added within version 1. */
  readonly memberKind: string | null;
  /** For an attached interface or port: the member it is a NIC of; null otherwise. Added within version 1. */
  readonly attachedTo: string | null;
  /** Whether the member stands for those a resource launches at run time (a CCE node pool's nodes). Added within version 1. */
  readonly launched: boolean;
};

/** A non-empty cell of `hwsg/matrix@1`. */
export type MatrixCellJson = {
  /** The id of the row node. */
  readonly from: string;
  /** The id of the column node. */
  readonly to: string;
  /** What some address of `from` can open to some address of `to`. */
  readonly services: readonly ServiceJson[];
  /** The services as text: `tcp 22, 80-443; udp 53`. */
  readonly servicesText: string;
  /** Whether every address of `from` reaches every address of `to` on every service. */
  readonly complete: boolean;
  /** One allowed flow of the cell. */
  readonly example: string;
  /** The rule that admitted the example flow, or null. */
  readonly rule: string | null;
};

/** `hwsg matrix --json`. */
export type MatrixJson = {
  /** `hwsg/matrix@1`. */
  readonly schema: typeof MATRIX_SCHEMA;
  /** The files read. */
  readonly files: readonly string[];
  /** The IP version, 4 or 6. */
  readonly version: number;
  /** Counts: nodes, non-empty cells, incomplete cells, unknown values. */
  readonly summary: { readonly nodes: number; readonly cells: number; readonly incompleteCells: number; readonly unknowns: number };
  /** Members of every kind, then groups, then `internet`. */
  readonly nodes: readonly MatrixNodeJson[];
  /** Ordered by the nodes' order of `from`, then of `to`. */
  readonly cells: readonly MatrixCellJson[];
  /** What is not evaluated: values not known before apply, modules not expanded, resources not modelled. */
  readonly unknowns: readonly UnknownJson[];
  /** The reader's warnings. */
  readonly warnings: readonly string[];
};

/** One end of a changed-flow group (the analysis' `DiffEnd`). */
export type DiffEndJson = {
  /** `instance` (a member of any kind: see `memberKind`) or `external`. */
  readonly kind: string;
  /** The member's Terraform address; for external ends `internet` or the CIDR blocks joined by ", ". */
  readonly id: string;
  /** For external ends, the address blocks (CIDR text, ascending); empty for instances. */
  readonly addresses: readonly string[];
  /** For external ends, how many blocks `addresses` leaves out; 0 when none. */
  readonly omittedBlocks: number;
  /** For an instance that stands for its subnet, the blocks of the addresses concerned; null when all of them (or for external ends). */
  readonly instanceAddresses: readonly string[] | null;
  /** For a member: its Terraform type (`huaweicloud_compute_instance`, `huaweicloud_rds_instance`); null otherwise. Added within version 1. */
  readonly memberKind: string | null;
  /** For an attached interface or port: the member it is a NIC of; null otherwise. Added within version 1. */
  readonly attachedTo: string | null;
  /** Whether the member stands for those a resource launches at run time (a CCE node pool's nodes). Added within version 1. */
  readonly launched: boolean;
};

/** A group of flows whose verdict changed, in `hwsg/diff@1`. */
export type FlowChangeJson = {
  /** `newly-allowed` or `newly-denied`. */
  readonly change: string;
  /** The IP version, 4 or 6. */
  readonly version: number;
  /** Where the flows come from. */
  readonly from: DiffEndJson;
  /** Where the flows go. */
  readonly to: DiffEndJson;
  /** The services whose verdict changed between the ends. */
  readonly services: readonly ServiceJson[];
  /** The services as text: `tcp 22, 80-443; udp 53`. */
  readonly servicesText: string;
  /** One flow of the group. */
  readonly example: string;
  /** The deciding rule of the example flow before; null for the default deny. */
  readonly ruleBefore: string | null;
  /** The deciding rule of the example flow after; null for the default deny. */
  readonly ruleAfter: string | null;
};

/** One side of `hwsg/diff@1`. */
export type DiffSideJson = {
  /** The files read for this side. */
  readonly files: readonly string[];
  /** The values not known before apply on this side. */
  readonly unknowns: readonly UnknownJson[];
};

/** `hwsg diff --json`. */
export type DiffJson = {
  /** `hwsg/diff@1`. */
  readonly schema: typeof DIFF_SCHEMA;
  /** The version before the change. */
  readonly before: DiffSideJson;
  /** The version after the change. */
  readonly after: DiffSideJson;
  /** Counts of groups and instances. */
  readonly summary: {
    readonly newlyAllowed: number;
    readonly newlyDenied: number;
    readonly addedInstances: number;
    readonly removedInstances: number;
  };
  /** Groups of flows denied before and allowed after. */
  readonly newlyAllowed: readonly FlowChangeJson[];
  /** Groups of flows allowed before and denied after. */
  readonly newlyDenied: readonly FlowChangeJson[];
  /** Instances only in the after version. */
  readonly addedInstances: readonly string[];
  /** Instances only in the before version. */
  readonly removedInstances: readonly string[];
  /** The reader's warnings. */
  readonly warnings: readonly string[];
};
