/**
 * Suppressions of findings, shared by the cdktf `Suppressions` (lib/constructs/suppressions.ts)
 * and the suppressions written next to plain Terraform code:
 *
 * ```hcl
 * # hwsg:ignore HWSG001 public FTP mirror, read-only, ticket OPS-123
 * resource "huaweicloud_networking_secgroup_rule" "ftp" { ... }
 * ```
 *
 * (`//` comments too, on the lines directly above the block; in `.tf.json` the same text in the
 * block's `"//"` key). A suppression applies to the findings of its code that name its block: as
 * the finding's resource, its group, its instance or one of its rules. It needs a reason of at
 * least 10 characters; the finding is still reported, as an info quoting the reason — as the
 * cdktf checks annotate a suppressed finding. A suppression with an unknown code, without a
 * reason, or that matches no finding is a warning, and suppresses nothing.
 */
import { FINDING_CATALOGUE, Finding, FindingCode, ruleResource } from "./findings";

/** The shortest reason accepted: a suppression must say why. */
export const MIN_REASON_LENGTH = 10;

/** Whether a text is a finding code of the catalogue. */
export function isFindingCode(code: unknown): code is FindingCode {
  return typeof code === "string" && Object.prototype.hasOwnProperty.call(FINDING_CATALOGUE, code);
}

/** Whether a reason says enough: at least MIN_REASON_LENGTH characters, blanks at the ends aside. */
export function isReasonEnough(reason: unknown): reason is string {
  return typeof reason === "string" && reason.trim().length >= MIN_REASON_LENGTH;
}

/** The message of a suppressed finding: `suppressed (<reason>): <message>`, as the cdktf checks write it. */
export function suppressedMessage(reason: string, message: string): string {
  return `suppressed (${reason.trim()}): ${message}`;
}

/** A suppression note as written next to a block: the text after `hwsg:ignore`. */
export interface SuppressionNote {
  /** The text after the marker: `HWSG001 <reason>`. */
  readonly text: string;
  readonly file: string;
  /** 1-based. */
  readonly line: number;
}

/** Where a block is written and the suppression notes written with it. */
export interface NotedBlock {
  /** The block's `TYPE.NAME`. */
  readonly resource: string;
  readonly file: string;
  readonly line: number;
  readonly notes: readonly SuppressionNote[];
}

/** A suppression that applied to a finding. */
export interface AppliedSuppression {
  readonly reason: string;
  /** Where it is written. */
  readonly file: string;
  readonly line: number;
}

/** A finding after suppressions: an info quoting the reason when one applied. */
export type SuppressibleFinding = Omit<Finding, "severity"> & {
  readonly severity: Finding["severity"] | "info";
  /** The suppression that turned the finding into an info. @default undefined (not suppressed) */
  readonly suppression?: AppliedSuppression;
};

/** What applying the suppressions gives. */
export interface SuppressionResult {
  /** The findings in the given order, suppressed ones as infos. */
  readonly findings: readonly SuppressibleFinding[];
  /** One sentence per suppression that suppresses nothing: unknown code, no reason, no match. */
  readonly warnings: readonly string[];
}

/** The warning for a suppression note written anywhere but with a resource block (above a module, a data source, alone). */
export function strayNoteWarning(note: SuppressionNote): string {
  const code = note.text.split(/\s+/)[0];
  return `${note.file}:${note.line}: hwsg:ignore ${code ? `${code} ` : ""}is not written with a resource block (directly above it in HCL, in its "//" key in JSON), so it applies to nothing`;
}

/** The addresses a finding names, its rules first (as the cdktf checks attach it), then its resource, group and instance. */
export function namedAddresses(finding: Finding): string[] {
  const all = [...finding.ruleIds.map(ruleResource), finding.resource, finding.groupId, finding.instanceId];
  return [...new Set(all.filter((a): a is string => a !== undefined))];
}

interface ValidNote {
  readonly code: FindingCode;
  readonly reason: string;
  readonly note: SuppressionNote;
  readonly block: NotedBlock;
  used: boolean;
}

/**
 * Applies the suppressions written with blocks to findings.
 * @param blocks every block read, with its notes
 * @param locate the block an address is written in (undefined for an address with none: a plan's, a literal id)
 */
export function applySuppressions(findings: readonly Finding[], blocks: readonly NotedBlock[], locate: (address: string) => NotedBlock | undefined): SuppressionResult {
  const warnings: string[] = [];
  const valid = new Map<NotedBlock, ValidNote[]>();
  for (const block of blocks) {
    for (const note of block.notes) {
      const [code = "", ...words] = note.text.split(/\s+/).filter((w) => w !== "");
      const reason = words.join(" ");
      const where = `${note.file}:${note.line}: hwsg:ignore on ${block.resource}`;
      if (code === "") {
        warnings.push(`${where}: no finding code: write hwsg:ignore <code> <reason>; the suppression is not applied`);
      } else if (!isFindingCode(code)) {
        warnings.push(`${where}: ${code} is not a finding code (${Object.keys(FINDING_CATALOGUE).join(", ")}); the suppression is not applied`);
      } else if (!isReasonEnough(reason)) {
        warnings.push(`${where}: ${code} needs a reason of at least ${MIN_REASON_LENGTH} characters after the code (given: ${JSON.stringify(reason)}); the suppression is not applied`);
      } else {
        const list = valid.get(block) ?? [];
        list.push({ code, reason, note, block, used: false });
        valid.set(block, list);
      }
    }
  }
  const out = findings.map((finding): SuppressibleFinding => {
    for (const address of namedAddresses(finding)) {
      const block = locate(address);
      const hit = block && valid.get(block)?.find((v) => v.code === finding.code);
      if (hit) {
        hit.used = true;
        return { ...finding, severity: "info", message: suppressedMessage(hit.reason, finding.message), suppression: { reason: hit.reason, file: hit.note.file, line: hit.note.line } };
      }
    }
    return finding;
  });
  for (const list of valid.values()) {
    for (const v of list) {
      if (!v.used) warnings.push(`${v.note.file}:${v.note.line}: hwsg:ignore ${v.code} on ${v.block.resource} matches no finding: remove it, or check the code and the block it is written above`);
    }
  }
  return { findings: out, warnings };
}
