/**
 * `hwsg verify` and `hwsg rules` on hostile input, through the built binary: control characters
 * in a policy's names and addresses never reach a terminal in any format; nesting that would
 * exhaust the stack, alias expansion and oversized policies are exit 2 with one line, within
 * generous time and memory; the largest policy allowed is checked in bounded work.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BinaryRun, CONTROL_CHARACTER, ROOT, contractBreach, ensureBuilt, runBinary } from "../support/built-binary";

beforeAll(ensureBuilt, 240_000);

const NETWORK = path.join(ROOT, "test", "fixtures", "ci", "verify", "network");
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "hwsg-verify-robust-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const ATTACK = "\u001b[2K\r\u001b]52;c;ZXZpbA==\u0007\u009b2K\u007f";

function policy(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

function verify(file: string, ...extra: string[]): BinaryRun {
  return runBinary(["verify", NETWORK, "--policy", file, ...extra], { timeoutMs: 120_000, maxOldSpaceMb: 1024 });
}

const intent = (name: string, to = "huaweicloud_compute_instance.web") => ({ name, quantifier: "every", from: "internet", to, ports: "tcp/443" });

describe("hwsg verify on hostile policies", () => {
  it.each([[""], ["--json"], ["--markdown"], ["--sarif"]])("control characters in a name never reach the terminal (%s)", (format) => {
    const file = policy(`names${format}.json`, JSON.stringify({ intents: [intent(`web${ATTACK}`)] }));
    const r = verify(file, ...(format ? [format] : []));
    expect(contractBreach(r)).toBeUndefined();
    expect(r.status).toBe(0);
    // Shown escaped where the name is shown (SARIF names only failing intents; Markdown escapes its own way).
    if (format === "" || format === "--json") expect(r.stdout).toContain("\\u001b[2K");
  });

  it("control characters in an address are escaped in the one error line", () => {
    const r = verify(policy("address.json", JSON.stringify({ intents: [intent("x", `huaweicloud_compute_instance.w${ATTACK}`)] })));
    expect(contractBreach(r)).toBeUndefined();
    expect(r.status).toBe(2);
    expect(r.stderrLines[0]).toMatch(/address\.json:1: intents\[0\]\.to: /);
  });

  it.each([
    ["YAML flow nesting", "deep-flow.yaml", `intents: ${"[".repeat(100_000)}${"]".repeat(100_000)}\n`],
    ["YAML block nesting", "deep-block.yaml", `intents:\n${Array.from({ length: 20_000 }, (_, i) => `${" ".repeat(i)}- \n`).join("")}`],
    ["JSON nesting", "deep.json", `{"intents": ${"[".repeat(100_000)}${"]".repeat(100_000)}}`],
    ["an alias bomb", "bomb.yaml", `a: &a [x, x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 20 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(", ")}]`).join("\n")}\nintents: *u\n`],
  ])("%s is exit 2 with one line, in bounded time and memory", (_, name, text) => {
    const r = verify(policy(name, text));
    expect(contractBreach(r)).toBeUndefined();
    expect(r.status).toBe(2);
    expect(r.stderrLines[0]).toMatch(new RegExp(`${name.replace(".", "\\.")}:\\d+`));
    expect(r.ms).toBeLessThan(30_000);
    expect(r.maxRssMb).toBeLessThan(1024);
  });

  it("the largest policy allowed (1000 intents) is checked in bounded work; one more is refused", () => {
    const many = Array.from({ length: 1000 }, (_, i) => intent(`i${i}`, i % 2 ? "huaweicloud_networking_secgroup.web" : "huaweicloud_networking_secgroup.db"));
    const r = verify(policy("many.json", JSON.stringify({ intents: many })), "--json");
    expect(contractBreach(r)).toBeUndefined();
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).intents).toHaveLength(1000);
    expect(r.ms).toBeLessThan(60_000);
    const over = verify(policy("over.json", JSON.stringify({ intents: [...many, intent("last")] })));
    expect(over.status).toBe(2);
    expect(over.stderrLines[0]).toMatch(/holds 1001 intents: at most 1000/);
  });

  it("a policy that is a directory, or binary, is exit 2 with one line", () => {
    for (const file of [dir, policy("binary.yaml", "\u0000\u0001\u0002\u00ff")]) {
      const r = verify(file);
      expect(contractBreach(r)).toBeUndefined();
      expect(r.status).toBe(2);
      expect(CONTROL_CHARACTER.test(r.stderr)).toBe(false);
    }
  });
});

describe("hwsg rules on hostile input", () => {
  it("a member address with control characters is exit 2, one escaped line", () => {
    const r = runBinary(["rules", NETWORK, "--member", `huaweicloud_compute_instance.${ATTACK}`]);
    expect(contractBreach(r)).toBeUndefined();
    expect(r.status).toBe(2);
  });
});
