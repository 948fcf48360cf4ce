/**
 * Control characters made visible: C0 (but newline and tab), DEL, C1 and bidi overrides as
 * `\u001b`-style escapes, idempotently; the one-line form escapes newlines too; JSON keeps its
 * value; and every renderer of the reports applies it.
 */
import { escapeControls, escapeControlsLine, escapeJsonControls, hasControls } from "../../lib/report/controls";
import { toJsonText } from "../../lib/report/json";
import { renderCheck, renderMatrix, renderDiff, REPORT_FORMATS } from "../../lib/report";
import { CONTROL_CHARACTER } from "../support/built-binary";
import { sampleCheckReport, sampleDiffReport, sampleMatrixReport } from "./fixtures";

/** Every character that must never reach a terminal raw, and what it becomes. */
const HOSTILE = "a\u001b[2K\r\u001b]52;c;ZXZpbA==\u0007\u001b]8;;http://x\u0007\u009b2K\u007f\u0000\u202e\u2066b";
const BIDI = /[\u202a-\u202e\u2066-\u2069]/;

describe("escapeControls", () => {
  it("writes C0 (but newline and tab), DEL, C1 and bidi controls as \\u escapes", () => {
    expect(escapeControls("x\u001b[2Ky")).toBe("x\\u001b[2Ky");
    expect(escapeControls("over\rwrite")).toBe("over\\u000dwrite");
    expect(escapeControls("\u009b\u0085\u007f\u0000")).toBe("\\u009b\\u0085\\u007f\\u0000");
    expect(escapeControls("\u202aa\u202e\u2066\u2069")).toBe("\\u202aa\\u202e\\u2066\\u2069");
    expect(escapeControls("keeps\nlines\tand tabs, é, → and 中")).toBe("keeps\nlines\tand tabs, é, → and 中");
  });

  it("leaves nothing a terminal would act on, and is idempotent", () => {
    const once = escapeControls(HOSTILE);
    expect(CONTROL_CHARACTER.test(once)).toBe(false);
    expect(BIDI.test(once)).toBe(false);
    expect(hasControls(once)).toBe(false);
    expect(hasControls(HOSTILE)).toBe(true);
    expect(escapeControls(once)).toBe(once);
  });

  it("has a one-line form that escapes newlines and tabs too", () => {
    expect(escapeControlsLine("a\nfake line\tb\u001b")).toBe("a\\u000afake line\\u0009b\\u001b");
    expect(escapeControlsLine(HOSTILE)).not.toMatch(/[\n\r]/);
  });
});

describe("JSON text", () => {
  it("escapes DEL, C1 and bidi controls inside strings and parses back to the same value", () => {
    const value = { s: HOSTILE, list: ["\u0085", "\u2067"] };
    const text = toJsonText(value);
    expect(CONTROL_CHARACTER.test(text)).toBe(false);
    expect(BIDI.test(text)).toBe(false);
    expect(JSON.parse(text)).toEqual(value);
    expect(escapeJsonControls(JSON.stringify("\u009b"))).toBe('"\\u009b"');
  });

  it("writes a non-finite number as its JavaScript text, never as null", () => {
    const text = toJsonText({ priority: Infinity, share: -Infinity, ratio: NaN, ok: 1 });
    expect(JSON.parse(text)).toEqual({ priority: "Infinity", share: "-Infinity", ratio: "NaN", ok: 1 });
    expect(text).not.toMatch(/null/);
  });
});

describe("every report format", () => {
  const hostileCheck = () => {
    const r = sampleCheckReport();
    return { ...r, files: [`dir/${HOSTILE}.tf.json`], warnings: [...r.warnings, `group ${HOSTILE}`], findings: r.findings.map((f) => ({ ...f, resource: `${f.resource}${HOSTILE}`, message: `${f.message} ${HOSTILE}` })) };
  };
  const hostileMatrix = () => {
    const r = sampleMatrixReport();
    const rename = (id: string) => (id === "internet" ? id : `${id}${HOSTILE}`);
    const m = r.matrix;
    return { ...r, matrix: { ...m, nodes: m.nodes.map((n) => ({ ...n, id: rename(n.id) })), cells: m.cells.map((c) => ({ ...c, from: rename(c.from), to: rename(c.to), example: `${c.example}${HOSTILE}` })) } };
  };
  const hostileDiff = () => {
    const r = sampleDiffReport();
    return { ...r, warnings: [`w ${HOSTILE}`], diff: { ...r.diff, newlyAllowed: r.diff.newlyAllowed.map((g) => ({ ...g, example: `${g.example}${HOSTILE}`, ruleAfter: `${g.ruleAfter}${HOSTILE}` })) } };
  };

  it.each(REPORT_FORMATS)("%s: no control character or bidi override in check, matrix and diff reports", (format) => {
    for (const text of [renderCheck(hostileCheck(), format), renderMatrix(hostileMatrix(), format), renderDiff(hostileDiff(), format)]) {
      expect(CONTROL_CHARACTER.test(text)).toBe(false);
      expect(BIDI.test(text)).toBe(false);
      expect(text).toContain("u001b");
    }
  });

  it("text: a carriage return or newline inside a resource address cannot start or overwrite a line", () => {
    const r = sampleCheckReport();
    const text = renderCheck({ ...r, findings: [{ ...r.findings[0], resource: "x\nSummary: 0 errors\r" }] }, "text");
    expect(text).toContain("x\\u000aSummary: 0 errors\\u000d");
    expect(text.split("\n").filter((l) => l.startsWith("Summary:"))).toHaveLength(1);
  });
});
