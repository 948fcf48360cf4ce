/**
 * The HTML page shell: one self-contained document with inline CSS and nothing else — no
 * script, font, image or stylesheet to fetch (a Content-Security-Policy forbids any), so it
 * renders the same offline and with JavaScript disabled.
 */
import { escapeControls } from "./controls";

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "\n": "&#10;",
};

/**
 * Text escaped for HTML element content and quoted attribute values (`&`, `<`, `>`, `"`, `'`;
 * line breaks as `&#10;`; control characters as the visible text `\u001b`).
 */
export function escapeHtml(text: string): string {
  return escapeControls(text).replace(/[&<>"'\n]/g, (c) => HTML_ESCAPES[c]);
}

/**
 * Text escaped for element content (never attributes), with a line-break opportunity (`<wbr>`)
 * after each `.`, `:` and `/`, so long Terraform addresses wrap at their dots in narrow cells.
 */
export function escapeBreakable(text: string): string {
  return escapeHtml(text).replace(/[.:/]/g, "$&<wbr>");
}

/** The stylesheet of every report page. */
const CSS = `
:root { color-scheme: light; }
body { margin: 0; padding: 24px 32px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1f2328; background: #ffffff; }
main { max-width: 1400px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
p.summary { margin: 4px 0 12px; font-size: 15px; }
p.files, p.note { color: #59636e; margin: 2px 0; }
code, .mono { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
.scroll { overflow: auto; max-width: 100%; }
table { border-collapse: collapse; margin: 6px 0 12px; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: #f6f8fa; }
table.findings, table.unknowns, table.changes { width: 100%; }
table.findings .kind { margin-top: 4px; }
table.matrix th.corner { background: #ffffff; font-weight: normal; color: #59636e; font-size: 12px; }
table.matrix tbody th { background: #f6f8fa; white-space: nowrap; }
table.matrix td { min-width: 60px; font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; }
table.matrix td.reach { background: #e6f4ea; }
table.matrix td.partial { background: #fff8c5; }
table.matrix td.self { background: #f6f8fa; color: #8c959f; text-align: center; }
table.matrix td.none { background: #ffffff; }
.kind { display: block; font-weight: normal; font-size: 11px; color: #59636e; }
.sev { font-weight: 600; text-transform: uppercase; font-size: 12px; white-space: nowrap; }
.sev-error { color: #cf222e; }
.sev-warning { color: #9a6700; }
.sev-info { color: #0969da; }
tr.newly-allowed td.change { color: #1a7f37; font-weight: 600; }
tr.newly-denied td.change { color: #cf222e; font-weight: 600; }
.diagram { border: 1px solid #d0d7de; border-radius: 6px; padding: 8px; background: #ffffff; }
.diagram svg { display: block; }
ul.legend { list-style: none; padding: 0; margin: 6px 0; color: #59636e; font-size: 13px; }
ul.legend li { display: inline-block; margin-right: 18px; }
.swatch { display: inline-block; width: 26px; height: 0; vertical-align: middle; margin-right: 6px; border-top: 2px solid #2f6f9f; }
.swatch.partial { border-top-style: dashed; }
.swatch.newly-allowed { border-top: 3px solid #1a7f37; }
.swatch.newly-denied { border-top: 2px dashed #cf222e; }
.box { display: inline-block; width: 14px; height: 10px; vertical-align: middle; margin-right: 6px; border: 1.5px solid; }
.box.internet, .box.external { background: #fff4e5; border-color: #b45309; border-radius: 6px; }
.box.instance { background: #eef4ff; border-color: #2f6f9f; }
.box.group { background: #f3f0ff; border-color: #6e56cf; border-radius: 4px; }
ul.warnings li { color: #9a6700; }
`.trim();

/**
 * A complete HTML document: `<!DOCTYPE html>`, UTF-8, a Content-Security-Policy that allows
 * only the inline stylesheet, the title and the body (already-escaped HTML).
 */
export function htmlPage(title: string, body: string): string {
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>\n${CSS}\n</style>`,
    "</head>",
    "<body>",
    "<main>",
    body,
    "</main>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
