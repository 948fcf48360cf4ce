/**
 * Every renderer is deterministic: the same input (or a deep copy of it) gives byte-identical
 * output, with no time, locale or iteration order leaking in.
 */
import { REPORT_FORMATS, renderCheck, renderDiff, renderMatrix } from "../../lib/report";
import { sampleCheckReport, sampleDiffReport, sampleMatrixReport } from "./fixtures";

const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe("determinism", () => {
  it.each(REPORT_FORMATS)("renders %s byte-identically for equal inputs", (format) => {
    for (const [render, input] of [
      [renderCheck, sampleCheckReport()],
      [renderMatrix, sampleMatrixReport()],
      [renderDiff, sampleDiffReport()],
    ] as const) {
      const r = render as (x: unknown, f: typeof format) => string;
      const first = r(input, format);
      expect(r(copy(input), format)).toBe(first);
      expect(r(input, format)).toBe(first);
      expect(first.endsWith("\n")).toBe(true);
    }
  });

  it("does not depend on the clock or the time zone", () => {
    const realNow = Date.now;
    const before = renderMatrix(sampleMatrixReport(), "html");
    try {
      Date.now = () => 0;
      expect(renderMatrix(sampleMatrixReport(), "html")).toBe(before);
    } finally {
      Date.now = realNow;
    }
    expect(before).not.toMatch(/20\d\d-\d\d-\d\d/);
  });
});
