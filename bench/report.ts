/**
 * The benchmark's output: one table of measurements (printed to stdout and written to
 * docs/benchmarks.md), the targets of issue 5 judged on it, and the facts about the targets
 * missed. The hand-written part of docs/benchmarks.md (between the markers) survives a rerun.
 */
import { existsSync, readFileSync } from "fs";
import { EstateStats } from "./estate";
import { Summary } from "./stats";

/** One row of the results table. */
export interface Row {
  /** What is measured, e.g. `synth, checks on: wall time`. */
  readonly what: string;
  /** The estate or input, e.g. `1,000 groups / 20,000 rules`. */
  readonly size: string;
  /** Median, min, max as text. */
  readonly median: string;
  readonly min: string;
  readonly max: string;
  /** How many runs (with a note when reduced). */
  readonly runs: string;
  /** The target, as issue 5 states it, or empty. */
  readonly target: string;
  /** `met`, `MISSED`, or empty. */
  readonly verdict: string;
}

/** A target of issue 5, judged. */
export interface TargetResult {
  readonly name: string;
  readonly measured: string;
  readonly target: string;
  /** undefined: not judged (the smoke run measures other sizes). */
  readonly met: boolean | undefined;
  /** By how much it is missed (or met), in words. */
  readonly margin: string;
}

/** Everything docs/benchmarks.md shows. */
export interface BenchReport {
  readonly mode: "full" | "smoke";
  readonly date: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGb: number;
  readonly node: string;
  readonly os: string;
  readonly seed: number;
  /** The commit measured, `abc1234` (with `+ uncommitted changes to lib/` when lib/ differs from it). */
  readonly revision: string;
  readonly durationS: number;
  readonly rows: readonly Row[];
  readonly targets: readonly TargetResult[];
  readonly estates: ReadonlyArray<{ readonly label: string; readonly stats: EstateStats }>;
  readonly notes: readonly string[];
}

const HAND_START = "<!-- hand-written:start -->";
const HAND_END = "<!-- hand-written:end -->";
const HAND_DEFAULT = "_What the profiles show and the design behind each target (and, for a missed one, why and what changes) are written here by hand; `npm run bench` keeps this part when it rewrites the file._";

// ---------------------------------------------------------------------------------------------
// Formatting

/** `850 µs`, `12.3 ms`, `4.56 s`. */
export function formatMs(ms: number): string {
  if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`;
  if (ms < 100) return `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
  if (ms < 1000) return `${ms.toFixed(0)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** `512 MB` from KiB. */
export function formatKb(kb: number): string {
  return `${(kb / 1024).toFixed(0)} MB`;
}

/** `1.23 M/s`, `45.6 k/s`. */
export function formatRate(perSecond: number): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)} M/s`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)} k/s`;
  return `${perSecond.toFixed(0)} /s`;
}

/** `1,234`. */
export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

/** A row of a summary, formatted with `format`. */
export function summaryRow(what: string, size: string, s: Summary, format: (x: number) => string, extra: { reduced?: boolean; target?: string; verdict?: string } = {}): Row {
  return {
    what,
    size,
    median: format(s.median),
    min: format(s.min),
    max: format(s.max),
    runs: `${s.runs}${extra.reduced ? " (reduced)" : ""}`,
    target: extra.target ?? "",
    verdict: extra.verdict ?? "",
  };
}

/** A derived row (a ratio, an exponent) without min and max. */
export function valueRow(what: string, size: string, value: string, extra: { target?: string; verdict?: string; runs?: string } = {}): Row {
  return { what, size, median: value, min: "", max: "", runs: extra.runs ?? "", target: extra.target ?? "", verdict: extra.verdict ?? "" };
}

/** `met`, `MISSED` or `not judged`. */
export function verdictText(met: boolean | undefined): string {
  return met === undefined ? "not judged" : met ? "met" : "MISSED";
}

// ---------------------------------------------------------------------------------------------
// The table

const HEADERS = ["measurement", "size", "median", "min", "max", "runs", "target", "verdict"] as const;

function cells(r: Row): string[] {
  return [r.what, r.size, r.median, r.min, r.max, r.runs, r.target, r.verdict];
}

/** The table as aligned text for a terminal. */
export function textTable(rows: readonly Row[]): string {
  const all = [[...HEADERS], ...rows.map(cells)];
  const widths = HEADERS.map((_, i) => Math.max(...all.map((r) => [...r[i]].length)));
  const line = (r: string[]) => r.map((c, i) => c + " ".repeat(widths[i] - [...c].length)).join("  ").trimEnd();
  return [line(all[0]), widths.map((w) => "-".repeat(w)).join("  "), ...all.slice(1).map(line)].join("\n");
}

/** The table as Markdown. */
export function markdownTable(rows: readonly Row[]): string {
  const esc = (c: string) => c.replace(/\|/g, "\\|");
  return [
    `| ${HEADERS.join(" | ")} |`,
    `|${HEADERS.map((_, i) => (i >= 2 && i <= 5 ? "---:" : "---")).join("|")}|`,
    ...rows.map((r) => `| ${cells(r).map(esc).join(" | ")} |`),
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------
// docs/benchmarks.md

/** The hand-written part of an existing docs/benchmarks.md, or the placeholder. */
export function handWritten(path: string): string {
  if (!existsSync(path)) return HAND_DEFAULT;
  const text = readFileSync(path, "utf8");
  const a = text.indexOf(HAND_START);
  const b = text.indexOf(HAND_END);
  if (a < 0 || b < a) return HAND_DEFAULT;
  return text.slice(a + HAND_START.length, b).trim() || HAND_DEFAULT;
}

/** docs/benchmarks.md. */
export function markdownReport(report: BenchReport, hand: string): string {
  const missed = report.targets.filter((t) => t.met === false);
  const roles = (s: EstateStats) =>
    Object.entries(s.byRole)
      .sort((a, b) => b[1] - a[1])
      .map(([role, n]) => `${role} ${formatCount(n)}`)
      .join(", ");
  return [
    "# Benchmarks",
    "",
    `Written by \`npm run bench\`${report.mode === "smoke" ? " (smoke run: smallest sizes, fewer runs — not the reference numbers)" : ""} on ${report.date}. ` +
      "Everything but the hand-written part of the last section is regenerated on every run.",
    "",
    "## Machine",
    "",
    `- CPU: ${report.cpu}, ${report.cores} logical cores; ${report.memoryGb.toFixed(1)} GB memory`,
    `- Node.js ${report.node} on ${report.os}`,
    `- Code measured: ${report.revision}; seed ${report.seed}; the whole benchmark took ${formatMs(report.durationS * 1000)}`,
    "",
    "## How to run",
    "",
    "```sh",
    "npm run bench                  # this file: every size, 5+ runs each (about ten minutes on 2 cores)",
    "npm run bench -- --smoke       # the CI smoke test: smallest sizes, one run each, writes nothing unless --out FILE",
    "npm run bench -- --seed 42     # other estates",
    "```",
    "",
    "The estates come from `generateEstate({ seed, groups, rulesPerGroup, instances, vpcs })` in `bench/estate.ts`, built as a cdktf app from the library's constructs by `toCdktfApp` (`bench/cdktf-app.ts`) and written as plain Terraform JSON by `toTerraformJson` (`bench/terraform-json.ts`). " +
      "\"Checks off\" is the cdktf context key `hwsg:checks` set to `\"off\"` (`app.node.setContext(\"hwsg:checks\", \"off\")` or `\"context\": { \"hwsg:checks\": \"off\" }` in `cdktf.json`): the lint and every reachability intent skip their validation.",
    "",
    "## Results",
    "",
    "Median of the runs, with min and max. Times are wall-clock (`performance.now()`) after a warm-up; ratios are ratios of medians.",
    "",
    markdownTable(report.rows),
    "",
    "## Targets (issue 5)",
    "",
    "| target | measured | required | verdict | margin |",
    "|---|---|---|---|---|",
    ...report.targets.map((t) => `| ${t.name} | ${t.measured} | ${t.target} | ${verdictText(t.met)} | ${t.margin} |`),
    "",
    "## Estates measured",
    "",
    "Generated by `bench/estate.ts` (`generateEstate`, seeded and deterministic), clean by construction: every estate synthesizes with the lint and its intents on, without a finding. " +
      "Besides its compute instances, every estate has members of other kinds (`bench/estate-members.ts`, drawn from a random stream of their own, so the groups, rules and instances are those of the estates measured before): " +
      "for every 10 instances one RDS instance (MySQL or PostgreSQL) and one DCS Redis 6.0 instance, each in one of the estate's groups at a fixed address, and one interface attached to an instance in one or two groups of its own; " +
      "and per VPC one CCE cluster with a node pool in one or two groups, whose nodes are launched at run time. The module estate leaves the node pools out.",
    "",
    "| estate | groups | rules | address groups | instances | RDS / DCS / attached NICs / node pools | VPCs / subnets / peerings | intents | deny | IPv6 | egress | quota-counted |",
    "|---|---:|---:|---:|---:|---|---|---:|---:|---:|---:|---:|",
    ...report.estates.map(
      ({ label, stats: s }) =>
        `| ${label} | ${formatCount(s.groups)} | ${formatCount(s.rules)} | ${formatCount(s.addressGroups)} | ${formatCount(s.instances)} | ${s.members.rds} / ${s.members.dcs} / ${s.members.attachedNics} / ${s.members.nodePools} | ${s.vpcs} / ${s.subnets} / ${s.peerings} | ${s.intents} | ${formatCount(s.deny)} | ${formatCount(s.ipv6)} | ${formatCount(s.egress)} | ${formatCount(s.quotaCounted)} |`,
    ),
    "",
    "Rule mix by role:",
    "",
    ...report.estates.map(({ label, stats }) => `- ${label}: ${roles(stats)}`),
    "",
    "## Method",
    "",
    ...report.notes.map((n) => `- ${n}`),
    "",
    "## Profiles and design",
    "",
    "### Missed targets (written by the benchmark)",
    "",
    ...(missed.length === 0
      ? [report.targets.some((t) => t.met === undefined) ? "No target judged in this run was missed (a smoke run does not judge the size-dependent targets)." : "Every target is met."]
      : missed.map((t) => `- **${t.name}**: measured ${t.measured}, required ${t.target}: ${t.margin}.`)),
    "",
    "### What the profiles showed and what the design does about it",
    "",
    HAND_START,
    hand,
    HAND_END,
    "",
  ].join("\n");
}
