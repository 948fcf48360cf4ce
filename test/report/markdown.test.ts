/**
 * Markdown helpers: prose that cannot become markup, code spans that survive backticks and
 * pipes, tables whose rows keep their width.
 */
import { renderCheckMarkdown, renderMatrixMarkdown } from "../../lib/report";
import { LINK_BREAKER, breakAutolinks, mdCode, mdInlineCode, mdTable, mdText } from "../../lib/report/markdown";
import { CONTROL_CHARACTER } from "../support/built-binary";
import { sampleCheckReport, sampleMatrixReport } from "./fixtures";
import { markdownTables } from "./lint-helpers";

describe("mdText", () => {
  it("escapes Markdown punctuation, pipes and HTML", () => {
    expect(mdText("a | b")).toBe("a \\| b");
    expect(mdText("<script>alert(1)</script>")).toBe("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(mdText("*bold* [link](x) `code` ~x~ # h")).toBe("\\*bold\\* \\[link\\](x) \\`code\\` \\~x\\~ \\# h");
    expect(mdText("a & b")).toBe("a &amp; b");
    expect(mdText("back\\slash")).toBe("back\\\\slash");
  });

  it("keeps underscores inside words but escapes those that could start emphasis", () => {
    expect(mdText("huaweicloud_compute_instance.web1")).toBe("huaweicloud_compute_instance.web1");
    expect(mdText("_private_ x_")).toBe("\\_private\\_ x\\_");
  });

  it("puts everything on one line", () => {
    expect(mdText("one\ntwo\r\n three")).toBe("one two three");
  });
});

describe("mdCode", () => {
  it("fences with more backticks than the text holds and escapes pipes", () => {
    expect(mdCode("web1")).toBe("`web1`");
    expect(mdCode("a`b")).toBe("``a`b``");
    expect(mdCode("`x`")).toBe("`` `x` ``");
    expect(mdCode(`in["a|b"]`)).toBe('`in["a\\|b"]`');
  });
});

describe("mdTable", () => {
  it("writes a table whose rows all have the header's width", () => {
    const table = mdTable(["a", "b"], [[mdText("x | y"), mdCode("p|q")], ["", "z"]]);
    expect(table).toBe("| a | b |\n|---|---|\n| x \\| y | `p\\|q` |\n|   | z |");
    const [parsed] = markdownTables(table);
    expect(parsed.headers).toEqual(["a", "b"]);
    expect(parsed.rows).toHaveLength(2);
  });

  it("refuses a row of the wrong width", () => {
    expect(() => mdTable(["a", "b"], [["only one"]])).toThrow(/1 cells for 2 columns/);
  });
});

/**
 * What GitHub would turn into a link or a mention in Markdown prose, outside code spans (a
 * superset of GFM's autolink literals: `www.`, `http://`, `https://`, `ftp://`, email addresses,
 * `mailto:`/`xmpp:`, `@name` mentions and `#12` issue references).
 */
function autolinks(markdown: string): string[] {
  const prose = markdown.replace(/(`+)[^`]*?\1/g, " ");
  return prose.match(/www\.|(?:https?|ftp):\/\/|(?:mailto|xmpp):(?!\u2060)|[A-Za-z0-9.+_-]@[A-Za-z0-9_-]|(?:^|[^A-Za-z0-9])@[A-Za-z0-9_-]|#\d/gi) ?? [];
}

describe("autolinks and mentions in untrusted text", () => {
  const HOSTILE = ["https://evil.example/login", "http://evil.example", "www.evil.example", "x_www.evil.example", "ops@evil.example", "mailto:ops@evil.example", "ping @security-team", "ftp://evil.example", "fixes #12"];

  it("recognizes what GitHub would link (so the checks below can fail)", () => {
    for (const h of HOSTILE) expect(autolinks(h)).not.toEqual([]);
    expect(autolinks("`https://in.code.span`")).toEqual([]);
  });

  it.each(HOSTILE)("mdText breaks %s with an invisible WORD JOINER and keeps the text", (h) => {
    const md = mdText(h);
    expect(autolinks(md)).toEqual([]);
    expect(md).toContain(LINK_BREAKER);
    expect(md.split(LINK_BREAKER).join("").replace(/\\/g, "")).toBe(h);
  });

  it("leaves text without links alone", () => {
    expect(breakAutolinks("tcp 443 from 203.0.113.5 to web")).toBe("tcp 443 from 203.0.113.5 to web");
  });

  it("no link or mention in a check or matrix report whose keys and messages are URLs", () => {
    const r = sampleCheckReport();
    const check = renderCheckMarkdown({ ...r, warnings: HOSTILE, findings: r.findings.map((f, i) => ({ ...f, message: `${f.message} see ${HOSTILE[i % HOSTILE.length]}` })) });
    expect(autolinks(check)).toEqual([]);
    const m = sampleMatrixReport();
    const matrix = renderMatrixMarkdown({ ...m, warnings: HOSTILE, matrix: { ...m.matrix, cells: m.matrix.cells.map((c) => ({ ...c, example: `${c.example} https://evil.example` })) } });
    expect(autolinks(matrix.replace(/```mermaid[\s\S]*?```/g, ""))).toEqual([]);
  });
});

describe("escaping only where the syntax needs it", () => {
  it("writes the Files: line without a stray backslash before |", () => {
    const md = renderCheckMarkdown({ ...sampleCheckReport(), files: ["dir/a|b.tf.json", "c.tf.json"] });
    const files = md.split("\n").find((l) => l.startsWith("Files:"));
    expect(files).toBe("Files: `dir/a|b.tf.json`, `c.tf.json`");
    expect(mdInlineCode("a|b")).toBe("`a|b`");
    expect(mdCode("a|b")).toBe("`a\\|b`");
  });

  it("escapes a leading list marker, which would open a nested list in a list item", () => {
    expect(mdText("- x")).toBe("\\- x");
    expect(mdText("+ x")).toBe("\\+ x");
    expect(mdText("1. x")).toBe("1\\. x");
    expect(mdText("10.0.0.0/8 is private")).toBe("10.0.0.0/8 is private");
    expect(mdText("a - b")).toBe("a - b");
  });

  it("makes control characters visible in prose and code spans", () => {
    for (const md of [mdText("a\u001b[2Kb\u009b"), mdCode("a\u001b]8;;x\u0007"), mdInlineCode("\u202e")]) {
      expect(CONTROL_CHARACTER.test(md)).toBe(false);
      expect(md).toMatch(/u001b|u009b|u202e/);
    }
  });
});
