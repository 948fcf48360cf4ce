/**
 * docs/semantics.md is the users' specification of the matching hwsg implements: it cites
 * Huawei's public documentation by page title (never internal source names), documents every
 * finding code the analysis can report, states the constants the code uses, and its links within
 * the page resolve.
 */
import * as fs from "fs";
import * as path from "path";
import { FINDING_CATALOGUE } from "../../lib/analysis/findings";
import { MAX_ADVISED_GROUPS_PER_INSTANCE } from "../../lib/analysis/lint";
import { HIGH_RISK_PORTS } from "../../lib/analysis/services";
import { KAI1_FLAVOR_FAMILY, LEGACY_FLAVOR_FAMILIES, RULE_QUOTA } from "../../lib/core/effective-rules";
import { MAX_PRIORITY, MIN_PRIORITY } from "../../lib/core/fields";
import { IMPLICIT_PRIORITY } from "../../lib/core/rule";
import { DEFAULT_RULE_PRIORITY } from "../../lib/core/security-group";

const ROOT = path.join(__dirname, "..", "..");
const DOC = fs.readFileSync(path.join(ROOT, "docs", "semantics.md"), "utf8");
/** The document with runs of white space (line breaks included) made one space. */
const FLAT = DOC.replace(/\s+/g, " ");

/** Every `.ts` file below a directory. */
function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : e.name.endsWith(".ts") ? [p] : [];
  });
}

/** The finding codes (`HWSG0nn`) written anywhere in lib/analysis. */
function codesInAnalysis(): string[] {
  const codes = new Set<string>();
  for (const file of tsFiles(path.join(ROOT, "lib", "analysis"))) {
    for (const m of fs.readFileSync(file, "utf8").matchAll(/HWSG0\d\d/g)) codes.add(m[0]);
  }
  return [...codes].sort();
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces made hyphens. */
function anchorOf(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, "").replace(/ /g, "-");
}

describe("docs/semantics.md", () => {
  test("cites no internal source document (\"seed 000\" and the like)", () => {
    expect(DOC).not.toMatch(/seeds?\s*0/i);
    expect(DOC).not.toMatch(/\/work\//);
  });

  test("documents every finding code of lib/analysis, each with its catalogue title and severity", () => {
    const codes = codesInAnalysis();
    expect(codes.length).toBeGreaterThanOrEqual(8);
    expect(codes).toEqual(Object.keys(FINDING_CATALOGUE).sort());
    for (const code of codes) {
      const row = DOC.split("\n").find((line) => line.startsWith(`| **${code}** |`));
      expect({ code, row }).toEqual({ code, row: expect.any(String) });
      const info = FINDING_CATALOGUE[code as keyof typeof FINDING_CATALOGUE];
      expect(row).toContain(`| ${info.severity}`);
      expect(row!.toLowerCase()).toContain(info.title.toLowerCase());
    }
  });

  test("states the priorities, the quota and the flavor limits the code applies", () => {
    expect(FLAT).toContain(`**priority ${DEFAULT_RULE_PRIORITY}**`);
    expect(FLAT).toContain(`| \`priority\` | **${IMPLICIT_PRIORITY}**, the first`);
    expect(FLAT).toContain(`from ${MIN_PRIORITY} (tried first) to ${MAX_PRIORITY} (tried last)`);
    expect(FLAT).toContain(`at most **${RULE_QUOTA}**`);
    expect(FLAT).toContain(`More than ${MAX_ADVISED_GROUPS_PER_INSTANCE} security groups on an instance`);
    for (const family of LEGACY_FLAVOR_FAMILIES) expect(FLAT).toMatch(new RegExp(`\\b${family.toUpperCase()}\\b`));
    expect(FLAT).toContain(`\`${KAI1_FLAVOR_FAMILY}\``);
  });

  test("lists the default high-risk port catalogue of HWSG001", () => {
    for (const entry of HIGH_RISK_PORTS) {
      const port = typeof entry.port === "number" ? `${entry.port}` : `${entry.port[0]}-${entry.port[1]}`;
      expect(FLAT).toContain(`${port} ${entry.service}`);
    }
  });

  test("every link within the page names a heading of the page", () => {
    const anchors = new Set([...DOC.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1])));
    const links = [...DOC.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(0);
    expect(links.filter((l) => !anchors.has(l))).toEqual([]);
  });
});
