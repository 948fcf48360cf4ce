/**
 * One entry point per command for the CLI: the report rendered in the format asked for.
 */
import { renderCheckHtml, renderCheckJson, renderCheckMarkdown, renderCheckText } from "./check";
import { renderDiffHtml, renderDiffJson, renderDiffMarkdown, renderDiffText } from "./diff";
import { renderMatrixHtml, renderMatrixJson, renderMatrixMarkdown, renderMatrixText } from "./matrix";
import { CheckReport, DiffReport, MatrixReport } from "./model";

/** The output formats: `text` for a terminal, `json`, `markdown` for a pull request, `html` for a browser. */
export type ReportFormat = "text" | "json" | "markdown" | "html";

/** Every format, in the order the CLI lists them. */
export const REPORT_FORMATS: readonly ReportFormat[] = ["text", "json", "markdown", "html"];

type Renderers<R> = Readonly<Record<ReportFormat, (report: R) => string>>;

const CHECK: Renderers<CheckReport> = { text: renderCheckText, json: renderCheckJson, markdown: renderCheckMarkdown, html: renderCheckHtml };
const MATRIX: Renderers<MatrixReport> = { text: renderMatrixText, json: renderMatrixJson, markdown: renderMatrixMarkdown, html: renderMatrixHtml };
const DIFF: Renderers<DiffReport> = { text: renderDiffText, json: renderDiffJson, markdown: renderDiffMarkdown, html: renderDiffHtml };

/**
 * The check report in a format; every output ends with a newline.
 * @param format @default "text"
 */
export function renderCheck(report: CheckReport, format: ReportFormat = "text"): string {
  return CHECK[format](report);
}

/**
 * The matrix report in a format; every output ends with a newline.
 * @param format @default "text"
 */
export function renderMatrix(report: MatrixReport, format: ReportFormat = "text"): string {
  return MATRIX[format](report);
}

/**
 * The diff report in a format; every output ends with a newline.
 * @param format @default "text"
 */
export function renderDiff(report: DiffReport, format: ReportFormat = "text"): string {
  return DIFF[format](report);
}
