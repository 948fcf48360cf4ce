/**
 * hwsg's own reports are never read back as Terraform: a `--json` report saved as
 * `report.tf.json` next to the configuration would otherwise be read as part of it.
 */

/** The prefix of the `schema` of every report hwsg writes (`hwsg/check@1`, `hwsg/matrix@1`…). */
export const REPORT_SCHEMA_PREFIX = "hwsg/";

/** Whether a JSON document is one of hwsg's reports: a top-level `schema` string starting with `hwsg/`. */
export function isHwsgReport(json: Record<string, unknown>): boolean {
  return typeof json.schema === "string" && json.schema.startsWith(REPORT_SCHEMA_PREFIX);
}
