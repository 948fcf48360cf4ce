/**
 * The pre-commit hook `hwsg-check` (.pre-commit-hooks.yaml), in a temporary git repository and
 * without network. The pre-commit framework itself (a Python tool) is not installed here, so the
 * repository's git hook does what pre-commit does for this hook: it takes the staged files that
 * match the hook's `files` pattern and runs the hook's `entry` with its `args` and those files,
 * the entry found on PATH as pre-commit's node environment puts the package's bins there.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { HOOK_FILES, hookPlan } from "../../lib/cli/pre-commit";
import { ROOT, ensureBuilt } from "../support/built-binary";

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  pass_filenames: boolean;
}

const HOOKS = parse(fs.readFileSync(path.join(ROOT, ".pre-commit-hooks.yaml"), "utf8")) as Hook[];
const HOOK = HOOKS.find((h) => h.id === "hwsg-check")!;

const CLEAN = `resource "huaweicloud_networking_secgroup" "app" {
  name                 = "app"
  delete_default_rules = true
}

resource "huaweicloud_networking_secgroup_rule" "https" {
  security_group_id = huaweicloud_networking_secgroup.app.id
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  ports             = "443"
  remote_ip_prefix  = "10.0.0.0/8"
  action            = "allow"
  priority          = 1
}
`;
/** MySQL open to the internet on a member: HWSG001, an error. */
const OPEN = `${CLEAN.replace(/app/g, "db").replace('"443"', '"3306"').replace("10.0.0.0/8", "0.0.0.0/0").replace('"https"', '"mysql"')}
resource "huaweicloud_compute_instance" "db" {
  name               = "db"
  image_name         = "Ubuntu 22.04 server 64bit"
  flavor_id          = "s6.small.1"
  security_group_ids = [huaweicloud_networking_secgroup.db.id]
  network {
    uuid = "7d3a2f1e-0000-4000-8000-000000000001"
  }
}
`;

let repo: string;
let bin: string;
const ENV = (): NodeJS.ProcessEnv => ({
  PATH: `${bin}${path.delimiter}${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`,
  HOME: repo,
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_AUTHOR_NAME: "t",
  GIT_AUTHOR_EMAIL: "t@example.com",
  GIT_COMMITTER_NAME: "t",
  GIT_COMMITTER_EMAIL: "t@example.com",
  CHECKPOINT_DISABLE: "1",
});
const git = (...args: string[]) => {
  const r = spawnSync("git", args, { cwd: repo, env: ENV(), encoding: "utf8" });
  // git sends a hook's stdout to its stderr
  return { status: r.status, stdout: r.stdout, output: `${r.stdout}${r.stderr}` };
};

beforeAll(() => {
  ensureBuilt();
  repo = fs.mkdtempSync(path.join(os.tmpdir(), "hwsg-pre-commit-"));
  // What pre-commit's node environment does: the package's bins on PATH.
  bin = fs.mkdtempSync(path.join(os.tmpdir(), "hwsg-pre-commit-bin-"));
  fs.symlinkSync(path.join(ROOT, "bin", "hwsg-pre-commit.js"), path.join(bin, HOOK.entry));
  expect(git("init", "-q").status).toBe(0);
  // The git hook: pre-commit's run of this hook (staged files matching `files`, then `entry args files`).
  const hook = path.join(repo, ".git", "hooks", "pre-commit");
  fs.writeFileSync(hook, `#!/bin/sh\nfiles=$(git diff --cached --name-only --diff-filter=ACMR | grep -E '${HOOK.files}')\n[ -z "$files" ] && exit 0\nexec ${HOOK.entry} --fail-on error $files\n`);
  fs.chmodSync(hook, 0o755);
}, 300_000);

afterAll(() => {
  fs.rmSync(repo, { recursive: true, force: true });
  fs.rmSync(bin, { recursive: true, force: true });
});

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
  fs.writeFileSync(path.join(repo, file), text);
}

describe("the hwsg-check pre-commit hook", () => {
  it("is declared for the pre-commit framework: node, Terraform files passed as file names", () => {
    expect(HOOK).toMatchObject({ id: "hwsg-check", entry: "hwsg-pre-commit", language: "node", pass_filenames: true });
    expect(JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).bin[HOOK.entry]).toBe("bin/hwsg-pre-commit.js");
    // The hook's pattern (a Python regular expression, also valid in JavaScript) is the entry's.
    const files = new RegExp(HOOK.files);
    for (const f of ["main.tf", "a/b/cdk.tf.json", "prod.tfvars", "x.tfvars.json", "README.md", "main.tf.bak", "tf/notes.txt"]) expect(files.test(f)).toBe(HOOK_FILES.test(f));
  });

  it("checks each directory of the files given once, passing the other arguments to hwsg check", () => {
    expect(hookPlan(["--fail-on", "warning", "net/main.tf", "net/vars.tfvars", "edge/a.tf.json", "main.tf"])).toEqual({
      options: ["--fail-on", "warning"],
      directories: [".", "edge", "net"],
    });
  });

  it("a clean change commits; a change that opens MySQL to the internet is refused; an unrelated change is not checked", () => {
    write("clean/main.tf", CLEAN);
    git("add", "clean/main.tf");
    const ok = git("commit", "-q", "-m", "clean");
    expect(ok.status).toBe(0);
    expect(ok.output).toContain("hwsg check clean");

    write("db/main.tf", OPEN);
    git("add", "db/main.tf");
    const refused = git("commit", "-q", "-m", "db");
    expect(refused.status).not.toBe(0);
    expect(refused.output).toContain("hwsg check db");
    expect(refused.output).toContain("HWSG001");
    expect(refused.output).not.toContain("hwsg check clean");
    expect(git("log", "--format=%s").stdout.trim().split("\n")).toEqual(["clean"]);

    git("reset", "-q", "db/main.tf");
    write("notes.md", "no Terraform here\n");
    git("add", "notes.md");
    const unrelated = git("commit", "-q", "-m", "notes");
    expect(unrelated.status).toBe(0);
    expect(unrelated.output).not.toContain("hwsg check");
  });

  it("the entry's exit code is the worst of its directories' runs, and 0 for no file", () => {
    const run = (...args: string[]) => spawnSync(HOOK.entry, args, { cwd: repo, env: ENV(), encoding: "utf8" });
    write("clean/main.tf", CLEAN);
    write("db/main.tf", OPEN);
    expect(run().status).toBe(0);
    expect(run("clean/main.tf").status).toBe(0);
    expect(run("clean/main.tf", "db/main.tf").status).toBe(1);
    write("bad/main.tf", 'resource "huaweicloud_networking_secgroup_rule" "x" {\n  direction = "sideways"\n');
    const bad = run("bad/main.tf", "clean/main.tf");
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
  });
});
