/**
 * Baselines: the stable ids of the findings an estate already had when the gate was introduced
 * (`hwsg check --write-baseline FILE`). Checked against a baseline (`--baseline FILE`), a
 * finding whose id is in it is reported as `unchanged` and does not fail the gate; only `new`
 * findings do; the baseline's ids that no longer occur are listed as `absent` (fixed, or their
 * resources renamed), so the file can be brought up to date. Ids are built from Terraform
 * addresses, ports and IP versions only (findings.ts), so reordering files or resources, or
 * adding unrelated ones, keeps them.
 *
 * The file is JSON:
 *
 * ```json
 * { "schema": "hwsg/baseline@1", "findings": ["HWSG001:huaweicloud_compute_instance.jump:ipv4:tcp/22"] }
 * ```
 */
import { HwsgError } from "../core/errors";

/** The `schema` field of a baseline file. */
export const BASELINE_SCHEMA = "hwsg/baseline@1";

/** The longest finding id accepted in a baseline (real ids are Terraform addresses plus a few qualifiers). */
const MAX_ID_LENGTH = 4096;

/** How a finding relates to the baseline, in SARIF's words (`baselineState`). */
export type BaselineState = "new" | "unchanged";

/** A baseline, read. */
export interface Baseline {
  /** The file it was read from, for messages and reports. */
  readonly file: string;
  /** The finding ids it holds. */
  readonly ids: ReadonlySet<string>;
}

/** What comparing findings with a baseline gives. */
export interface BaselineComparison<T> {
  /** The findings in the given order, each with its state. */
  readonly findings: ReadonlyArray<T & { readonly baselineState: BaselineState }>;
  /** The baseline's ids that no findings have now, sorted. */
  readonly absent: readonly string[];
}

/** Plain code-unit order, independent of the locale. */
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The text of a baseline file holding these ids (sorted, each once), with a trailing newline.
 */
export function baselineText(ids: Iterable<string>): string {
  const findings = [...new Set(ids)].sort(byCodeUnits);
  return `${JSON.stringify({ schema: BASELINE_SCHEMA, findings }, null, 2)}\n`;
}

/**
 * A baseline from a parsed JSON value.
 * @param file the file it was read from, for messages
 * @throws HwsgError naming the file, the field, the value given and what is allowed
 */
export function baselineOf(file: string, value: unknown): Baseline {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new HwsgError(`${file}: not an hwsg baseline: expected an object with "schema": "${BASELINE_SCHEMA}" and "findings" (write one with hwsg check --write-baseline)`);
  }
  const doc = value as Record<string, unknown>;
  if (doc.schema !== BASELINE_SCHEMA) {
    throw new HwsgError(`${file}: schema = ${shown(doc.schema)}: must be "${BASELINE_SCHEMA}" (write one with hwsg check --write-baseline)`);
  }
  for (const key of Object.keys(doc)) {
    if (key !== "schema" && key !== "findings") throw new HwsgError(`${file}: unknown field ${JSON.stringify(key).slice(0, 80)}: a baseline has only "schema" and "findings"`);
  }
  if (!Array.isArray(doc.findings)) throw new HwsgError(`${file}: findings = ${shown(doc.findings)}: must be an array of finding ids`);
  const ids = new Set<string>();
  doc.findings.forEach((id, i) => {
    if (typeof id !== "string" || !/^HWSG\d{3}:./.test(id) || id.length > MAX_ID_LENGTH) {
      throw new HwsgError(`${file}: findings[${i}] = ${shown(id)}: must be a finding id such as "HWSG001:huaweicloud_compute_instance.web:ipv4:tcp/22" (at most ${MAX_ID_LENGTH} characters)`);
    }
    ids.add(id);
  });
  return { file, ids };
}

/** A value for a message: JSON, cut at 60 characters. */
function shown(value: unknown): string {
  const text = value === undefined ? "missing" : JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Marks each finding `new` or `unchanged` and lists the baseline's ids that no longer occur. */
export function compareWithBaseline<T extends { readonly id: string }>(findings: readonly T[], baseline: Baseline): BaselineComparison<T> {
  const seen = new Set(findings.map((f) => f.id));
  return {
    findings: findings.map((f) => ({ ...f, baselineState: baseline.ids.has(f.id) ? "unchanged" : "new" })),
    absent: [...baseline.ids].filter((id) => !seen.has(id)).sort(byCodeUnits),
  };
}
