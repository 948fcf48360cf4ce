/** Port sets and the `ports` string (semantics.md §6: integers 1–65535, forms 22, 22-30, 22,25,27, 80,500,600-800). */
import { PortSet } from "../../lib/core/port-set";

function parsed(text: string): PortSet {
  const p = PortSet.parse(text);
  if (typeof p === "string") throw new Error(`expected ${text} to parse, got: ${p}`);
  return p;
}

describe("PortSet.parse accepts the documented forms", () => {
  it.each([
    ["22", "22", false],
    ["22-30", "22-30", false],
    ["22,25,27", "22,25,27", true],
    ["80,500,600-800", "80,500,600-800", true],
    ["443,80", "80,443", true],
    ["1", "1", false],
    ["65535", "65535", false],
  ])("%s → %s (inconsecutive: %s)", (text, canonical, inconsecutive) => {
    const p = parsed(text);
    expect(p.toString()).toBe(canonical);
    expect(p.inconsecutive).toBe(inconsecutive);
  });

  it("1-65535 is every port", () => {
    expect(parsed("1-65535").isAll).toBe(true);
    expect(parsed("1-65534").isAll).toBe(false);
  });

  it("membership follows the ranges", () => {
    const p = parsed("80,500,600-800");
    expect([80, 500, 600, 700, 800].every((x) => p.has(x))).toBe(true);
    expect([79, 81, 499, 501, 599, 801].some((x) => p.has(x))).toBe(false);
  });

  it("merges touching items into one range", () => {
    expect(parsed("20-21,22").toString()).toBe("20-22");
    expect(parsed("20-21,22").inconsecutive).toBe(false);
  });
});

describe("PortSet.parse rejects with a sentence saying what is allowed", () => {
  it.each([
    ["0", /1 to 65535/],
    ["65536", /1 to 65535/],
    ["30-20", /backwards.*did you mean 20-30\?/],
    ["22, 80", /without spaces/],
    ["", /non-empty/],
    ["a", /port \(22\) or a range \(20-21\)/],
    ["22,", /neither/],
    ["-5", /neither/],
  ])("%j", (text, message) => {
    const p = PortSet.parse(text);
    expect(typeof p).toBe("string");
    expect(p as string).toMatch(message);
  });
});

describe("PortSet algebra", () => {
  it("union, intersect, subtract and covers", () => {
    const a = PortSet.range(20, 30);
    const b = PortSet.range(25, 40);
    expect(a.union(b).toString()).toBe("20-40");
    expect(a.intersect(b).toString()).toBe("25-30");
    expect(a.subtract(b).toString()).toBe("20-24");
    expect(PortSet.ALL.covers(a)).toBe(true);
    expect(a.covers(b)).toBe(false);
    expect(PortSet.ALL.subtract(PortSet.single(22)).toString()).toBe("1-21,23-65535");
    expect(PortSet.NONE.isEmpty).toBe(true);
    expect(PortSet.of([[443, 443], [80, 80]]).equals(parsed("80,443"))).toBe(true);
  });
});
