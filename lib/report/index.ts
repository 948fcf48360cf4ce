/**
 * Reports of the analysis commands (`hwsg check`, `hwsg matrix`, `hwsg diff`) in four formats:
 * text for a terminal, JSON (`hwsg/check@1`, `hwsg/matrix@1`, `hwsg/diff@1`), Markdown for a
 * pull request (with a Mermaid diagram) and one self-contained HTML page (with an inline SVG
 * diagram). Pure: every renderer returns a string, byte-identical for the same input.
 */
export * from "./model";
export * from "./schema";
export { REPORT_FORMATS, renderCheck, renderDiff, renderMatrix } from "./format";
export type { ReportFormat } from "./format";
export { renderCheckHtml, renderCheckJson, renderCheckMarkdown, renderCheckText, severitySummary } from "./check";
export { renderMatrixHtml, renderMatrixJson, renderMatrixMarkdown, renderMatrixText, matrixTableHtml } from "./matrix";
export { renderDiffHtml, renderDiffJson, renderDiffMarkdown, renderDiffText, changesTableHtml, diffHeadline } from "./diff";
export { formatPortRange, formatProtocol, formatService, formatServices } from "./services";
export { matrixDiagram, diffDiagram } from "./diagram";
export type { Diagram, DiagramEdge, DiagramEdgeStyle, DiagramNode, DiagramNodeKind } from "./diagram";
export { renderMermaid, mermaidBlock } from "./mermaid";
export { renderSvgDiagram } from "./svg-diagram";
export type { SvgDiagramOptions } from "./svg-diagram";
