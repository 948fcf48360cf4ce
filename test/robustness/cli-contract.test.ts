/**
 * The command line's side of the exit-code contract on hostile input and broken outputs (issue
 * 15): control characters from any part of the input never reach a terminal (and the finding is
 * still shown), a closed stdout pipe ends quietly, a full disk is exit 2 with one line, `--output`
 * never overwrites an input, labels keep their `for_each` keys whole, Markdown never autolinks.
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BIN, BinaryRun, CONTROL_CHARACTER, ROOT, contractBreach, ensureBuilt, runBinary } from "../support/built-binary";
import { readMermaid, mermaidBlocks } from "../report/lint-helpers";

beforeAll(ensureBuilt, 240_000);

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "hwsg-cli-contract-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Every terminal attack of the issue: erase line, carriage return, OSC 52 clipboard write, OSC 8 hyperlink, C1 CSI, DEL, a bidi override. */
const ATTACK = "\u001b[2K\r\u001b]52;c;ZXZpbA==\u0007\u001b]8;;http://evil.example\u0007x\u001b]8;;\u0007\u009b2K\u007f\u202e";
/** What the attack looks like escaped (its start). */
const SHOWN = "\\u001b[2K";
const BIDI = /[\u202a-\u202e\u2066-\u2069]/;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The reader fixture plus a rule that opens SSH to the internet: HWSG001 on huaweicloud_compute_instance.web. */
function baseEstate(): Json {
  const estate = JSON.parse(fs.readFileSync(path.join(ROOT, "test", "fixtures", "reader", "web-db.tf.json"), "utf8")) as Json;
  estate.resource.huaweicloud_networking_secgroup_rule.web_ssh = {
    security_group_id: "${huaweicloud_networking_secgroup.web.id}",
    direction: "ingress",
    ethertype: "IPv4",
    protocol: "tcp",
    ports: "22",
    remote_ip_prefix: "0.0.0.0/0",
    action: "allow",
    priority: 1,
  };
  return estate;
}

/** Writes an estate to a new directory (the file name may itself be hostile) and returns the file's path. */
function write(estate: Json | string, name = "main.tf.json"): string {
  const sub = fs.mkdtempSync(path.join(dir, "case-"));
  const file = path.join(sub, name);
  fs.writeFileSync(file, typeof estate === "string" ? estate : JSON.stringify(estate, null, 2));
  return file;
}

/** The instance `web` as `vm` with a for_each over the given keys. */
function forEachEstate(keys: readonly string[]): Json {
  const estate = baseEstate();
  const web = estate.resource.huaweicloud_compute_instance.web;
  delete estate.resource.huaweicloud_compute_instance.web;
  web.for_each = Object.fromEntries(keys.map((k, i) => [k, `10.0.1.${30 + i}`]));
  web.network[0].fixed_ip_v4 = "${each.value}";
  estate.resource.huaweicloud_compute_instance.vm = web;
  return estate;
}

/** Asserts the contract, no control or bidi character anywhere, and one stderr line per message. */
function expectSafe(run: BinaryRun, textStdout = true): void {
  expect(contractBreach(run, { textStdout })).toBeUndefined();
  expect(CONTROL_CHARACTER.test(run.stderr)).toBe(false);
  expect(BIDI.test(run.stderr)).toBe(false);
  expect(CONTROL_CHARACTER.test(run.stdout)).toBe(false);
  expect(BIDI.test(run.stdout)).toBe(false);
}

describe("control characters never reach a terminal", () => {
  test("a literal group id: the warning is escaped and the SSH error is still shown", () => {
    const estate = baseEstate();
    estate.resource.huaweicloud_networking_secgroup_rule.evil = {
      security_group_id: `sg-${ATTACK}\nSummary: 0 errors`,
      direction: "ingress",
      ethertype: "IPv4",
      protocol: "tcp",
      ports: "80",
      remote_ip_prefix: "0.0.0.0/0",
      action: "allow",
      priority: 1,
    };
    const file = write(estate);
    const check = runBinary(["check", file]);
    expectSafe(check);
    expect(check.status).toBe(1);
    expect(check.stdout).toContain("ERROR HWSG001 huaweicloud_compute_instance.web");
    expect(check.stdout).toContain(`sg-${SHOWN}\\u000d`);
    expect(check.stdout.split("\n").filter((l) => /^Summary:/.test(l))).toEqual(["Summary: 1 error, 0 warnings, 0 infos; 0 items not evaluated."]);

    // query prints the warnings on stderr, one line each.
    const query = runBinary(["query", file, "--from", "203.0.113.5", "--to", "huaweicloud_compute_instance.web", "--protocol", "tcp", "--port", "22"]);
    expectSafe(query);
    expect(query.status).toBe(0);
    expect(query.stdout).toMatch(/^ALLOWED: tcp port 22/);
    const warnings = query.stderrLines.filter((l) => l.startsWith("warning:"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`sg-${SHOWN}\\u000d`);
    expect(warnings[0]).toContain("\\u000aSummary: 0 errors");

    for (const format of ["--json", "--markdown", "--html"]) expectSafe(runBinary(["check", file, format]), false);
  });

  test("--json keeps the value: C1 and bidi escaped inside strings, parsed back to the original", () => {
    const estate = baseEstate();
    estate.resource.huaweicloud_networking_secgroup_rule.evil = { ...estate.resource.huaweicloud_networking_secgroup_rule.web_ssh, security_group_id: `sg-${ATTACK}` };
    const run = runBinary(["check", write(estate), "--json"]);
    expectSafe(run);
    const doc = JSON.parse(run.stdout) as { warnings: string[] };
    expect(doc.warnings.some((w) => w.includes(`sg-${ATTACK}`))).toBe(true);
  });

  test("the text of an expression not known before apply", () => {
    const estate = baseEstate();
    estate.resource.huaweicloud_networking_secgroup_rule.later = {
      ...estate.resource.huaweicloud_networking_secgroup_rule.web_ssh,
      security_group_id: "${huaweicloud_networking_secgroup.db.id}",
      // HCL rejects a carriage return inside a template (Invalid character): the rest gets through.
      remote_ip_prefix: `\${huaweicloud_vpc.v.id}${ATTACK.replace("\r", "")}`,
    };
    const run = runBinary(["check", write(estate)]);
    expectSafe(run);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("ERROR HWSG001 huaweicloud_compute_instance.web");
    expect(run.stdout).toContain(`remote_ip_prefix =`);
    expect(run.stdout).toContain(`\${huaweicloud_vpc.v.id}${SHOWN}`);
  });

  test("a for_each key: the finding names the instance with its key escaped", () => {
    const run = runBinary(["check", write(forEachEstate([`web${ATTACK}`]))]);
    expectSafe(run);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`ERROR HWSG001 huaweicloud_compute_instance.vm["web${SHOWN}`);
    const matrix = runBinary(["matrix", write(forEachEstate([`web${ATTACK}`]))]);
    expectSafe(matrix);
    expect(matrix.stdout).toContain(`vm["web${SHOWN}`);
  });

  test("a resource name: rejected in one escaped line, or the finding shown with the name escaped", () => {
    const estate = baseEstate();
    const rule = estate.resource.huaweicloud_networking_secgroup_rule.web_ssh;
    delete estate.resource.huaweicloud_networking_secgroup_rule.web_ssh;
    estate.resource.huaweicloud_networking_secgroup_rule[`ssh${ATTACK}`] = rule;
    const run = runBinary(["check", write(estate)]);
    expectSafe(run);
    if (run.status === 2) {
      expect(run.stderrLines[0]).toContain(`ssh${SHOWN}`);
    } else {
      expect(run.status).toBe(1);
      expect(run.stdout).toContain(`huaweicloud_networking_secgroup_rule.ssh${SHOWN}`);
    }
  });

  test("a file name", () => {
    const file = write(baseEstate(), `x${ATTACK.replace(/\//g, "")}.tf.json`);
    const run = runBinary(["check", path.dirname(file)]);
    expectSafe(run);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`x${SHOWN}`);
    expect(run.stdout).toContain("ERROR HWSG001 huaweicloud_compute_instance.web");
  });

  test("a JSON syntax error quoting control characters and spanning lines: exit 2, one escaped line", () => {
    const run = runBinary(["check", write(`{\n  "resource": ${ATTACK}\n}\n`)]);
    expectSafe(run);
    expect(run.status).toBe(2);
    expect(run.stderrLines).toHaveLength(1);
    expect(run.stdout).toBe("");
  });

  test("a usage error naming a hostile value, and a hostile endpoint", () => {
    const usage = runBinary(["check", write(baseEstate()), "--fail-on", ATTACK]);
    expectSafe(usage);
    expect(usage.status).toBe(2);
    expect(usage.stderrLines[0]).toContain(SHOWN);
    const endpoint = runBinary(["query", write(baseEstate()), "--from", `huaweicloud_compute_instance.web`, "--to", `1.2.3.4${ATTACK}`, "--protocol", "tcp"]);
    expectSafe(endpoint);
    expect(endpoint.status).toBe(2);
    expect(endpoint.stderrLines).toHaveLength(1);
  });
});

describe("stdout that cannot be written", () => {
  /** An estate whose check report is far larger than a pipe's buffer (220 instances, each open on SSH; a pipe holds 64 KiB). */
  function bigEstate(): string {
    return write(forEachEstate(Array.from({ length: 220 }, (_, i) => `web-${i}`)));
  }

  test("| head -1: EPIPE ends quietly, with the run's exit code and nothing on stderr", () => {
    const file = bigEstate();
    const size = runBinary(["check", file]).stdout.length;
    expect(size).toBeGreaterThan(128 * 1024);
    const script = `set -o pipefail; "${process.execPath}" "${BIN}" check "${file}" 2>"${path.join(dir, "epipe.err")}" | head -1`;
    const r = spawnSync("bash", ["-c", script], { cwd: ROOT, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
    expect(r.stdout).toBe("hwsg check: 220 findings (220 errors, 0 warnings, 0 infos)\n");
    expect(fs.readFileSync(path.join(dir, "epipe.err"), "utf8")).toBe("");
    expect(r.status).toBe(1); // check's own exit code: errors at --fail-on error
  });

  test("a pipe closed before the first write: exit code of the run, no stack, no unhandled error event", async () => {
    const file = write(baseEstate());
    const child = spawn(process.execPath, [BIN, "check", file, "--fail-on", "never"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const status = await new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    expect(stderr).toBe("");
    expect(status).toBe(0);
  });

  test("> /dev/full: exit 2 with one line", () => {
    const fd = fs.openSync("/dev/full", "w");
    try {
      const run = runBinary(["check", write(baseEstate())], { stdoutFd: fd });
      expectSafe(run);
      expect(run.status).toBe(2);
      expect(run.stderrLines).toHaveLength(1);
      expect(run.stderrLines[0]).toMatch(/^hwsg: stdout cannot be written: ENOSPC/);
    } finally {
      fs.closeSync(fd);
    }
  });

  test("--output /dev/full: exit 2 with one line", () => {
    const run = runBinary(["matrix", write(baseEstate()), "--output", "/dev/full"]);
    expectSafe(run);
    expect(run.status).toBe(2);
    expect(run.stderrLines[0]).toMatch(/^hwsg: --output \/dev\/full: cannot be written: ENOSPC/);
  });
});

describe("--output never overwrites an input", () => {
  test("the input file itself, directly or through a link: exit 2, one line, the file unchanged", () => {
    const file = write(baseEstate());
    const before = fs.readFileSync(file, "utf8");
    const link = path.join(path.dirname(file), "link.json");
    fs.symlinkSync(file, link);
    for (const [input, output] of [[file, file], [file, link], [path.dirname(file), file], [link, path.join(path.dirname(file), ".", "main.tf.json")]]) {
      const run = runBinary(["check", input, "--json", "--output", output]);
      expectSafe(run);
      expect(run.status).toBe(2);
      expect(run.stderrLines[0]).toMatch(/^hwsg: --output .*: is (the input|a Terraform file)/);
      expect(fs.readFileSync(file, "utf8")).toBe(before);
    }
  });

  test("a Terraform-named report inside an input directory (it would be read back): exit 2, nothing written", () => {
    const file = write(baseEstate());
    const inputDir = path.dirname(file);
    for (const name of ["report.tf.json", "report.tf", path.join("sub", "report.tf.json")]) {
      const run = runBinary(["check", inputDir, "--json", "--output", path.join(inputDir, name)]);
      expectSafe(run);
      expect(run.status).toBe(2);
      expect(fs.existsSync(path.join(inputDir, name))).toBe(false);
    }
    const diff = runBinary(["diff", write(baseEstate()), inputDir, "--output", path.join(inputDir, "changes.tf.json")]);
    expect(diff.status).toBe(2);
    expect(diff.stderrLines).toHaveLength(1);
  });

  test("a report beside the input under another name is written, the same as stdout", () => {
    const file = write(baseEstate());
    const out = path.join(path.dirname(file), "report.json");
    const run = runBinary(["check", path.dirname(file), "--json", "--output", out]);
    expect(contractBreach(run)).toBeUndefined();
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(fs.readFileSync(out, "utf8")).toBe(`${runBinary(["check", path.dirname(file), "--json"]).stdout}`);
  });
});

describe("labels and Markdown", () => {
  test("a for_each key with dots is never cut: text matrix and Mermaid show vm[\"web.v1.2\"]", () => {
    const file = write(forEachEstate(["web.v1.2", "web.v1.3"]));
    const text = runBinary(["matrix", file]);
    expectSafe(text);
    expect(text.stdout).toContain(`internet → vm["web.v1.2"]: tcp 22, 443`);
    expect(text.stdout).not.toMatch(/(^|\s)[23]"\]/m);
    const md = runBinary(["matrix", file, "--markdown"]);
    expectSafe(md, false);
    const [block] = mermaidBlocks(md.stdout);
    const labels = [...readMermaid(block).nodes.values()].map((n) => n.label);
    expect(labels).toEqual(expect.arrayContaining([`vm["web.v1.2"]`, `vm["web.v1.3"]`]));
    expect(labels.some((l) => /^[23]"\]$/.test(l))).toBe(false);
    const json = JSON.parse(runBinary(["matrix", file, "--json"]).stdout) as { nodes: { label: string }[] };
    expect(json.nodes.map((n) => n.label)).toContain(`vm["web.v1.2"]`);
  });

  test("URLs and addresses in keys are not autolinked by GitHub, and the Files: line has no stray \\|", () => {
    const file = write(forEachEstate(["https://evil.example/login", "www.evil.example", "ops@evil.example"]), "a|b.tf.json");
    const run = runBinary(["check", file, "--markdown"]);
    expectSafe(run, false);
    expect(run.status).toBe(1);
    const prose = run.stdout.replace(/(`+)[^`]*?\1/g, " ");
    expect(prose).not.toMatch(/www\.|https?:\/\/|[A-Za-z0-9]@[A-Za-z0-9]/);
    expect(prose).toContain("evil.example");
    const files = run.stdout.split("\n").find((l) => l.startsWith("Files:"));
    expect(files).toBe(`Files: \`${file}\``);
  });
});
