/**
 * `hwsg matrix` and `hwsg diff` through the command line, on the three-tier example app: the
 * matrix lists who reaches whom, and the diff of a one-line change to the app shows exactly the
 * flows it opens, in every format, with the gate `--fail-on-new-allowed`.
 */
import * as fs from "fs";
import * as path from "path";
import { App, Testing } from "cdktf";
import { ThreeTierStack } from "../../examples/three-tier/stack";
import { Port } from "../../lib";
import { removeTempDirs, writeFiles } from "../terraform/tf-json";
import { runCli } from "./run-cli";

const I = (name: string): string => `huaweicloud_compute_instance.${name}`;

/** The three-tier app's Terraform, optionally after a change to the stack. */
function synth(change?: (stack: ThreeTierStack) => void): string {
  const stack = new ThreeTierStack(Testing.app() as App, "three-tier");
  change?.(stack);
  return Testing.synth(stack);
}

let dir: string;
let before: string;
let after: string;

beforeAll(() => {
  // The change under review: "let the web tier read the database directly".
  dir = writeFiles({
    "before/cdk.tf.json": synth(),
    "after/cdk.tf.json": synth((s) => s.db.connections.allowFrom(s.web, Port.MYSQL)),
  });
  before = path.join(dir, "before", "cdk.tf.json");
  after = path.join(dir, "after", "cdk.tf.json");
});

afterAll(removeTempDirs);

describe("hwsg matrix on the three-tier app", () => {
  it("lists who reaches whom, with the internet, compressed into port ranges", async () => {
    const r = await runCli(["matrix", before]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines).toContain("internet → web1: tcp 80, 443");
    expect(lines).toContain("app1 → db1: tcp 3306");
    expect(lines).toContain("web1 → app1: tcp 8080");
    expect(lines).toContain("bastion1 → db1: tcp 22");
    // Nothing reaches the database but the app tier (MySQL) and the bastion (SSH).
    const toDb = lines.filter((l) => / → db1: /.test(l));
    expect(toDb.sort()).toEqual(["app1 → db1: tcp 3306", "bastion1 → db1: tcp 22", "group app → db1: tcp 3306", "group bastion → db1: tcp 22"]);
  });

  it("prints JSON cells with examples and deciding rules", async () => {
    const doc = JSON.parse((await runCli(["matrix", before, "--json"])).stdout);
    expect(doc.schema).toBe("hwsg/matrix@1");
    const cell = doc.cells.find((c: { from: string; to: string }) => c.from === I("app1") && c.to === I("db1"));
    expect(cell).toMatchObject({ services: [{ protocol: "tcp", ports: [[3306, 3306]] }], complete: true });
    expect(cell.rule).toMatch(/^huaweicloud_networking_secgroup_rule\.db_ingress-allow-tcp-3306-from-sg-app/);
    expect(doc.cells.some((c: { to: string; from: string }) => c.from === "internet" && c.to === I("db1"))).toBe(false);
  });

  it("prints Markdown with a Mermaid diagram and writes a self-contained HTML page", async () => {
    const md = await runCli(["matrix", before, "--markdown"]);
    expect(md.stdout).toContain("```mermaid");
    expect(md.stdout).toMatch(/flowchart LR/);
    const out = path.join(dir, "matrix.html");
    const html = await runCli(["matrix", before, "--html", "--output", out]);
    expect(html).toMatchObject({ code: 0, stdout: "" });
    const page = fs.readFileSync(out, "utf8");
    expect(page).toContain("<svg");
    expect(page).toContain("<table");
    expect(page).not.toMatch(/<script|src="http/i);
  });

  it("answers for IPv6 with --ip-version 6 and refuses other versions", async () => {
    const v6 = JSON.parse((await runCli(["matrix", before, "--ip-version", "6", "--json"])).stdout);
    expect(v6.version).toBe(6);
    const bad = await runCli(["matrix", before, "--ip-version", "5"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--ip-version");
  });
});

describe("hwsg diff on two versions of the three-tier app", () => {
  it("shows exactly the flow the change opens — web1 to db1 on MySQL — and nothing else", async () => {
    const r = await runCli(["diff", before, after, "--json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.schema).toBe("hwsg/diff@1");
    expect(doc.newlyDenied).toEqual([]);
    expect(doc.newlyAllowed).toHaveLength(1);
    const [group] = doc.newlyAllowed;
    expect(group).toMatchObject({
      change: "newly-allowed",
      version: 4,
      from: { kind: "instance", id: I("web1") },
      to: { kind: "instance", id: I("db1") },
      services: [{ protocol: "tcp", ports: [[3306, 3306]] }],
      example: `tcp port 3306 from ${I("web1")} (192.168.1.10) to ${I("db1")} (192.168.1.30)`,
    });
    // Before, the database's explicit deny at priority 100 decided; after, the new allow does.
    expect(group.ruleBefore).toMatch(/^huaweicloud_networking_secgroup_rule\.db_ingress-deny-tcp-3306-from-any-ipv4-p100/);
    expect(group.ruleAfter).toMatch(/^huaweicloud_networking_secgroup_rule\.db_ingress-allow-tcp-3306-from-sg-web/);
  });

  it("gates the change with --fail-on-new-allowed, and passes a version against itself", async () => {
    expect((await runCli(["diff", before, after, "--fail-on-new-allowed"])).code).toBe(1);
    const same = await runCli(["diff", before, before, "--fail-on-new-allowed"]);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain("no flow changed its verdict");
    // Reverting the change newly denies the flow it opened, and allows nothing.
    const back = JSON.parse((await runCli(["diff", after, before, "--json"])).stdout);
    expect(back.newlyAllowed).toEqual([]);
    expect(back.newlyDenied.map((g: { from: { id: string }; to: { id: string } }) => [g.from.id, g.to.id])).toEqual([[I("web1"), I("db1")]]);
  });

  it("renders the change for a terminal, a pull request and a browser", async () => {
    const text = await runCli(["diff", before, after]);
    expect(text.stdout).toContain("1 group of flows newly allowed, 0 newly denied");
    expect(text.stdout).toContain("+ web1 → db1: tcp 3306");
    const md = await runCli(["diff", before, after, "--markdown"]);
    expect(md.stdout).toContain("```mermaid");
    expect(md.stdout).toContain("web1");
    const html = await runCli(["diff", before, after, "--html"]);
    expect(html.stdout).toMatch(/^<!DOCTYPE html>/i);
    expect(html.stdout).toContain("tcp 3306");
  });

  it("reports a missing side as bad input", async () => {
    const r = await runCli(["diff", before, path.join(dir, "nope.tf.json")]);
    expect(r.code).toBe(2);
    expect(r.errLines).toEqual([`hwsg: ${path.join(dir, "nope.tf.json")}: no such file or directory`]);
  });
});

describe("hwsg diff --stack", () => {
  it("picks the stack on the side that is a cdktf.out directory and reads the other side as it is", async () => {
    const out = writeFiles({ "stacks/three-tier/cdk.tf.json": synth(), "stacks/other/cdk.tf.json": synth() });
    const r = await runCli(["diff", out, after, "--stack", "three-tier", "--json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.before.files).toEqual([path.join(out, "stacks", "three-tier", "cdk.tf.json")]);
    expect(doc.newlyAllowed).toHaveLength(1);
  });

  it("refuses --stack when neither side is a cdktf.out directory", async () => {
    const r = await runCli(["diff", before, after, "--stack", "three-tier"]);
    expect(r.code).toBe(2);
    expect(r.errLines).toHaveLength(1);
    expect(r.stderr).toContain("--stack");
  });
});

describe("hwsg query in the report formats", () => {
  const args = (): string[] => ["query", before, "--from", "203.0.113.9", "--to", I("db1"), "--protocol", "tcp", "--port", "3306"];

  it("prints Markdown with the verdict and the hops, keeping the exit code", async () => {
    const r = await runCli([...args(), "--markdown"]);
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n")[0]).toBe(`## hwsg query: DENIED: tcp port 3306 from 203.0.113.9 to ${I("db1")} (192.168.1.30)`);
    expect(r.stdout).toMatch(/\| `huaweicloud_compute_instance\.db1` \| ingress \| deny \| huaweicloud_networking_secgroup_rule\.db_ingress-deny-tcp-3306/);
  });

  it("writes one self-contained HTML page to --output", async () => {
    const out = path.join(dir, "query.html");
    const r = await runCli([...args(), "--html", "--output", out]);
    expect(r).toMatchObject({ code: 1, stdout: "" });
    const page = fs.readFileSync(out, "utf8");
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).toContain("DENIED: tcp port 3306 from 203.0.113.9");
    expect(page).not.toMatch(/<script|src="http/i);
  });
});
