/**
 * Markdown helpers: prose that cannot become markup, code spans that survive backticks and
 * pipes, tables whose rows keep their width.
 */
import { mdCode, mdTable, mdText } from "../../lib/report/markdown";
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
