/**
 * Mutation fuzzing of the command line: the test fixtures (Terraform JSON and HCL modules) are
 * mutated — keys deleted, renamed or duplicated, values swapped for other types, deep nesting,
 * control characters and invalid UTF-8 inserted, huge counts, truncation, a BOM — and `check`,
 * `matrix` and `query` run on each mutant in process. Every run must keep the exit-code
 * contract: exit 0, 1 or 2 only (3 is an internal error), exactly one stderr line on 2, no
 * control character on stdout or stderr, no uncaught error.
 *
 * A few hundred runs in CI; `HWSG_FUZZ_RUNS=5000 npx jest test/robustness/fuzz` for a campaign
 * (`HWSG_FUZZ_SEED` replays one).
 */
import fc from "fast-check";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { run } from "../../lib/cli/main";
import { CONTROL_CHARACTER, ROOT } from "../support/built-binary";

const FIXTURES = path.join(ROOT, "test", "fixtures");
const RUNS = Number(process.env.HWSG_FUZZ_RUNS ?? 400);
const SEED = process.env.HWSG_FUZZ_SEED !== undefined ? Number(process.env.HWSG_FUZZ_SEED) : undefined;

/** A seed input: one file (JSON or HCL) of a module directory, with the module's other files. */
interface Seed {
  readonly name: string;
  readonly files: ReadonlyArray<{ readonly name: string; readonly text: string }>;
}

function jsonSeeds(): Seed[] {
  const out: Seed[] = [];
  for (const dir of ["findings", "reader", "seeds", "diff"]) {
    const base = path.join(FIXTURES, dir);
    if (!fs.existsSync(base)) continue;
    for (const f of fs.readdirSync(base).sort()) {
      if (f.endsWith(".tf.json")) out.push({ name: `${dir}/${f}`, files: [{ name: "main.tf.json", text: fs.readFileSync(path.join(base, f), "utf8") }] });
    }
  }
  return out;
}

/** HCL directories: modules (hcl/) and one per member type (members/: RDS, DCS, NICs, CCE, AS). */
function moduleSeeds(): Seed[] {
  return ["hcl", "members"].flatMap((dir) => directorySeeds(dir));
}

function directorySeeds(dir: string): Seed[] {
  const base = path.join(FIXTURES, dir);
  return fs
    .readdirSync(base)
    .filter((d) => fs.statSync(path.join(base, d)).isDirectory())
    .sort()
    .map((d) => ({
      name: `${dir}/${d}`,
      files: fs
        .readdirSync(path.join(base, d))
        .filter((f) => f.endsWith(".tf") || f.endsWith(".tf.json"))
        .sort()
        .map((f) => ({ name: f, text: fs.readFileSync(path.join(base, d, f), "utf8") })),
    }));
}

const SEEDS = [...jsonSeeds(), ...moduleSeeds()];

// ---- mutations --------------------------------------------------------------------------------

/** Characters an attacker would plant: terminal escapes, CR, BEL, C1 CSI, NUL, bidi overrides. */
const HOSTILE = ["\u001b[2K\r", "\u001b]52;c;aGk=\u0007", "\u001b]8;;http://x\u0007a\u001b]8;;\u0007", "\u009b31m", "\u0000", "\r0 findings\n", "\u202e", "\u0007", "\u007f"];

type Mutation =
  | { kind: "truncate"; at: number }
  | { kind: "hostile"; at: number; what: number }
  | { kind: "invalid-utf8"; at: number }
  | { kind: "bom" }
  | { kind: "deep"; at: number; depth: number; open: number }
  | { kind: "duplicate-key"; at: number }
  | { kind: "delete-key"; at: number }
  | { kind: "rename-key"; at: number; suffix: string }
  | { kind: "swap-type"; at: number; to: number }
  | { kind: "huge-count"; at: number; count: number }
  | { kind: "hostile-key"; at: number; what: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("hostile" as const), at: fc.nat(), what: fc.nat(HOSTILE.length - 1) }),
  fc.record({ kind: fc.constant("invalid-utf8" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("bom" as const) }),
  fc.record({ kind: fc.constant("deep" as const), at: fc.nat(), depth: fc.constantFrom(50, 1_000, 5_000, 100_000), open: fc.nat(2) }),
  fc.record({ kind: fc.constant("duplicate-key" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("delete-key" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("rename-key" as const), at: fc.nat(), suffix: fc.constantFrom("x", "s", "_", "-1") }),
  fc.record({ kind: fc.constant("swap-type" as const), at: fc.nat(), to: fc.nat(6) }),
  fc.record({ kind: fc.constant("huge-count" as const), at: fc.nat(), count: fc.constantFrom(1e6, 1e9, 1e18, 4_294_967_296) }),
  fc.record({ kind: fc.constant("hostile-key" as const), at: fc.nat(), what: fc.nat(HOSTILE.length - 1) }),
);

/** Positions of `"key":` (JSON) or `key =` (HCL) property starts (their value's extent is found only for the one mutated). */
function properties(text: string): Array<{ start: number; keyEnd: number; valueStart: number }> {
  const out: Array<{ start: number; keyEnd: number; valueStart: number }> = [];
  const re = /("(?:[^"\\\n]|\\.)*"\s*:|\b[A-Za-z_][\w-]*\s*=(?!=))\s*/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) && out.length < 100_000) out.push({ start: m.index, keyEnd: m.index + m[1].length, valueStart: m.index + m[0].length });
  return out;
}

/** A property with its value's extent. */
function withEnd(text: string, p: { start: number; keyEnd: number; valueStart: number } | undefined): { start: number; keyEnd: number; valueStart: number; valueEnd: number } | undefined {
  return p && { ...p, valueEnd: valueEnd(text, p.valueStart) };
}

/** The end of the value that starts at `i`: a balanced bracketed value, a string, or up to the line's end / a comma. */
function valueEnd(text: string, i: number): number {
  const open = text[i];
  if (open === '"') {
    let j = i + 1;
    while (j < text.length && text[j] !== '"' && text[j] !== "\n") j += text[j] === "\\" ? 2 : 1;
    return Math.min(text.length, j + 1);
  }
  if (open === "{" || open === "[") {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const c = text[j];
      if (c === '"') {
        j++;
        while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      } else if (c === "{" || c === "[") depth++;
      else if (c === "}" || c === "]") {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    return text.length;
  }
  const end = text.slice(i).search(/[,\n}\]]/);
  return end < 0 ? text.length : i + end;
}

const SWAPS = ['"x"', "0", "-1", "1.5", "null", "true", "[]", "{}", '["a", 1]'];

/** Applies a mutation to one file's text; returns bytes (invalid UTF-8 is a byte-level mutation). */
function mutate(text: string, m: Mutation, json: boolean): Buffer {
  const props = properties(text);
  const prop = withEnd(text, props.length > 0 ? props[("at" in m ? m.at : 0) % props.length] : undefined);
  const at = "at" in m ? m.at % (text.length + 1) : 0;
  switch (m.kind) {
    case "truncate":
      return Buffer.from(text.slice(0, at), "utf8");
    case "hostile":
      return Buffer.from(text.slice(0, at) + HOSTILE[m.what] + text.slice(at), "utf8");
    case "invalid-utf8":
      return Buffer.concat([Buffer.from(text.slice(0, at), "utf8"), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(text.slice(at), "utf8")]);
    case "bom":
      return Buffer.from(`\ufeff${text}`, "utf8");
    case "deep": {
      const [o, c] = [["[", "]"], ["{\"a\":", "}"], ["[[", "]]"]][m.open];
      const nested = `${o.repeat(m.depth)}1${c.repeat(m.depth)}`;
      if (!prop) return Buffer.from(text, "utf8");
      return Buffer.from(text.slice(0, prop.valueStart) + (json ? nested : nested.replace(/"a":/g, "a =")) + text.slice(prop.valueEnd), "utf8");
    }
    case "duplicate-key": {
      if (!prop) return Buffer.from(text, "utf8");
      const whole = text.slice(prop.start, prop.valueEnd);
      return Buffer.from(text.slice(0, prop.start) + whole + (json ? ", " : "\n") + whole + text.slice(prop.valueEnd), "utf8");
    }
    case "delete-key": {
      if (!prop) return Buffer.from(text, "utf8");
      let end = prop.valueEnd;
      if (json && text[end] === ",") end++;
      return Buffer.from(text.slice(0, prop.start) + text.slice(end), "utf8");
    }
    case "rename-key": {
      if (!prop) return Buffer.from(text, "utf8");
      const key = text.slice(prop.start, prop.keyEnd);
      const renamed = json ? key.replace(/"\s*:$/, `${m.suffix}":`) : key.replace(/(\s*=)$/, `${m.suffix}$1`);
      return Buffer.from(text.slice(0, prop.start) + renamed + text.slice(prop.keyEnd), "utf8");
    }
    case "swap-type": {
      if (!prop) return Buffer.from(text, "utf8");
      return Buffer.from(text.slice(0, prop.valueStart) + SWAPS[m.to] + text.slice(prop.valueEnd), "utf8");
    }
    case "huge-count": {
      const counts = props.filter((p) => /^("count"\s*:|count\s*=)/.test(text.slice(p.start, p.keyEnd)));
      if (counts.length > 0) {
        const p = withEnd(text, counts[m.at % counts.length]) as { valueStart: number; valueEnd: number };
        return Buffer.from(text.slice(0, p.valueStart) + String(m.count) + text.slice(p.valueEnd), "utf8");
      }
      // No count yet: put one on the first resource body.
      const body = json ? /"huaweicloud_[a-z_]+"\s*:\s*\{\s*"[\w-]+"\s*:\s*\{/.exec(text) : /resource\s+"[^"]+"\s+"[^"]+"\s*\{/.exec(text);
      if (!body) return Buffer.from(text, "utf8");
      const i = body.index + body[0].length;
      return Buffer.from(text.slice(0, i) + (json ? `"count": ${m.count},` : `\n  count = ${m.count}\n`) + text.slice(i), "utf8");
    }
    case "hostile-key": {
      if (!prop) return Buffer.from(text, "utf8");
      const key = text.slice(prop.start, prop.keyEnd);
      const planted = json ? key.replace(/^"/, `"${JSON.stringify(HOSTILE[m.what]).slice(1, -1)}`) : `"${JSON.stringify(HOSTILE[m.what]).slice(1, -1)}${key.replace(/\s*=$/, "")}" =`;
      return Buffer.from(text.slice(0, prop.start) + planted + text.slice(prop.keyEnd), "utf8");
    }
  }
}

// ---- the contract -----------------------------------------------------------------------------

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly errCalls: readonly string[];
}

async function hwsg(argv: readonly string[]): Promise<Outcome> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, stdout: out.join("\n"), stderr: err.join("\n"), errCalls: err };
}

function breach(o: Outcome, textStdout: boolean): string | undefined {
  if (![0, 1, 2].includes(o.code)) return `exit ${o.code}: ${o.stderr.slice(0, 800)}`;
  const lines = o.stderr.split("\n").filter((l) => l !== "");
  if (o.code === 2 && lines.length !== 1) return `exit 2 with ${lines.length} stderr lines: ${o.stderr.slice(0, 800)}`;
  if (CONTROL_CHARACTER.test(o.stderr)) return `control character on stderr: ${JSON.stringify(o.stderr.slice(0, 800))}`;
  if (textStdout && CONTROL_CHARACTER.test(o.stdout)) return `control character on stdout: ${JSON.stringify(o.stdout.slice(0, 800))}`;
  return undefined;
}

const COMMANDS: ReadonlyArray<{ readonly args: (dir: string) => string[]; readonly text: boolean }> = [
  { args: (d) => ["check", d], text: true },
  { args: (d) => ["check", d, "--json"], text: false },
  { args: (d) => ["matrix", d], text: true },
  { args: (d) => ["query", d, "--from", "203.0.113.9", "--to", "10.0.0.10", "--protocol", "tcp", "--port", "22"], text: true },
  { args: (d) => ["check", d, "--markdown"], text: false },
];

let scratch: string;
beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "hwsg-fuzz-"));
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

test("seeds are there to mutate", () => {
  expect(SEEDS.length).toBeGreaterThan(20);
  for (const s of SEEDS) expect(s.files.length).toBeGreaterThan(0);
});

test(`mutated fixtures keep the exit-code contract (${RUNS} runs)`, async () => {
  let n = 0;
  await fc.assert(
    fc.asyncProperty(fc.nat(SEEDS.length - 1), fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.nat(COMMANDS.length - 1), async (s, f, mutations, c) => {
      const seed = SEEDS[s];
      const dir = path.join(scratch, `run-${n++}`);
      fs.mkdirSync(dir);
      const target = seed.files[f % seed.files.length];
      for (const file of seed.files) {
        if (file !== target) fs.writeFileSync(path.join(dir, file.name), file.text);
      }
      let bytes: Buffer = Buffer.from(target.text, "utf8");
      for (const m of mutations) bytes = mutate(bytes.toString("utf8"), m, target.name.endsWith(".json"));
      fs.writeFileSync(path.join(dir, target.name), bytes);
      const command = COMMANDS[c];
      if (process.env.HWSG_FUZZ_TRACE) fs.writeFileSync(process.env.HWSG_FUZZ_TRACE, `${seed.name}\t${target.name}\t${command.args("DIR").join(" ")}\t${JSON.stringify(mutations)}\n${bytes.toString("base64")}\n`);
      const started = Date.now();
      const outcome = await hwsg(command.args(dir));
      if (process.env.HWSG_FUZZ_TIMES) fs.appendFileSync(process.env.HWSG_FUZZ_TIMES, `${Date.now() - started}\t${outcome.code}\t${seed.name}\t${command.args("DIR").join(" ")}\t${JSON.stringify(mutations)}\n`);
      const problem = breach(outcome, command.text);
      fs.rmSync(dir, { recursive: true, force: true });
      if (problem) throw new Error(`${seed.name} (${target.name}) with ${JSON.stringify(mutations)}, hwsg ${command.args("DIR").join(" ")}: ${problem}`);
    }),
    { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), endOnFailure: true },
  );
}, 30 * 60_000);
