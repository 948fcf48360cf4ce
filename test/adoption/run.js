#!/usr/bin/env node
// The adoption test (issue "hwsg in the user's own app"): packs hwsg, then builds two fresh apps
// in temporary folders — one on cdktf 0.21.0, one on CDK Terrain (cdktn) 0.24.0 — each installing
// only the tarball, its core, constructs, typescript, ts-node and jest/ts-jest/@types/jest from
// the registry. Their code is the README's user path, taken literally from the blocks marked
// `<!-- adoption: <file> -->` (a cdktn app imports from "cdktn" where the README says `// or "cdktn"`).
// Each step is reported PASS/FAIL with its reason; the exit code is 1 when any step fails.
//
// Usage: node test/adoption/run.js [--tarball FILE] [--readme FILE] [--keep]
//   --tarball  use this packed hwsg instead of running `npm pack`
//   --readme   take the blocks from this Markdown file instead of README.md
//   --keep     keep the temporary folder (its path is printed)
// The two apps are built at the same time, each in a child process (`--app <core> --dir <dir>`);
// their reports are printed one after the other.
"use strict";

const childProcess = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");
const { readmeBlocks, forCore } = require("./readme-blocks");
const { resourceDifferences } = require("./same-resources");

const ROOT = path.resolve(__dirname, "..", "..");
const CORES = { cdktf: "cdktf@0.21.0", cdktn: "cdktn@0.24.0" };
// Pinned like the repository's own: the registry's newest typescript is not ts-node's.
const TOOLS = ["constructs@10.7.0", "typescript@~5.9.3", "ts-node@^10.9.2", "jest@^29.7.0", "ts-jest@^29.4.5", "@types/jest@^29.5.14"];
const STACK_FILE = path.join("cdktf.out", "stacks", "shop", "cdk.tf.json");

function parseArgs(argv) {
  const opts = { tarball: undefined, readme: path.join(ROOT, "README.md"), keep: false, app: undefined, dir: undefined };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--tarball") opts.tarball = path.resolve(argv[++i]);
    else if (argv[i] === "--app") opts.app = argv[++i]; // internal: one app's steps, in a child process
    else if (argv[i] === "--dir") opts.dir = path.resolve(argv[++i]);
    else if (argv[i] === "--readme") opts.readme = path.resolve(argv[++i]);
    else if (argv[i] === "--keep") opts.keep = true;
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return opts;
}

const results = [];

/** Runs a command; returns { code, out } (stdout and stderr together). */
function run(cmd, args, cwd, extraEnv = {}) {
  const r = childProcess.spawnSync(cmd, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, CHECKPOINT_DISABLE: "1", CI: "1", HWSG_CDK_CORE: "", ...extraEnv },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status === null ? -1 : r.status, out: `${r.stdout || ""}${r.stderr || ""}${r.error ? String(r.error) : ""}` };
}

/** Records one step: `check` returns undefined when it passes, else the reason it failed. */
function step(name, check) {
  const started = Date.now();
  let reason;
  try {
    reason = check();
  } catch (e) {
    reason = e && e.message ? e.message : String(e);
  }
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  results.push({ name, ok: reason === undefined, reason });
  const tail = reason === undefined ? "" : `\n      ${summarize(reason).split("\n").join("\n      ")}`;
  console.log(`${reason === undefined ? "PASS" : "FAIL"} ${name} (${secs}s)${tail}`);
  return reason === undefined;
}

/** The lines of a failure that say what went wrong, without stack frames. */
function summarize(text) {
  const lines = String(text)
    .split("\n")
    .map((l) => l.replace(/\s+$/, ""))
    .filter((l) => l !== "" && !/^\s+at /.test(l) && !/^\s*\^+\s*$/.test(l));
  const useful = lines.filter((l) => /error|fail|counterexample|TS\d+|✕|Expected|Received|\[hwsg|\[HWSG|intent/i.test(l));
  return (useful.length > 0 ? useful : lines).slice(0, 12).join("\n");
}

function failedWith(out, code) {
  return code === 0 ? undefined : `exit code ${code}:\n${out}`;
}

const TSCONFIG = {
  compilerOptions: {
    target: "ES2020",
    module: "commonjs",
    moduleResolution: "node",
    lib: ["ES2020"],
    strict: true,
    esModuleInterop: true,
    skipLibCheck: false,
    types: ["jest"],
  },
  include: ["*.ts"],
};

function brokenMain(core, body) {
  return [
    `import { App } from "${core}";`,
    'import { networkingSecgroupRule } from "hwsg/provider-huaweicloud";',
    'import { ShopStack } from "./stack";',
    "",
    'const app = new App({ outdir: "broken.out" });',
    body,
    "app.synth();",
    "",
  ].join("\n");
}

const BROKEN_DATABASE = [
  'const stack = new ShopStack(app, "shop");',
  "// Someone opens the database to the internet with a raw rule.",
  'new networkingSecgroupRule.NetworkingSecgroupRule(stack, "db-open", {',
  '  securityGroupId: stack.db.securityGroupId, direction: "ingress", ethertype: "IPv4", protocol: "tcp",',
  '  ports: "3306", remoteIpPrefix: "0.0.0.0/0", action: "allow", priority: 1,',
  "});",
].join("\n");

const BROKEN_ITERATOR = [
  "// The two halves of the IPv4 internet in the iterator's list: together, every address.",
  'new ShopStack(app, "shop", { reportingCidrs: ["0.0.0.0/1", "128.0.0.0/1"] });',
  "void networkingSecgroupRule;",
].join("\n");

// A deep import of one resource, as with the prebuilt provider packages; it extends the app's core.
const DEEP_IMPORT = [
  'import { TerraformResource } from "CORE";',
  'import { VpcSubnet } from "hwsg/provider-huaweicloud/lib/vpc-subnet";',
  "const extendsCore: boolean = VpcSubnet.prototype instanceof TerraformResource;",
  'if (!extendsCore) throw new Error("VpcSubnet does not extend the app\'s TerraformResource");',
  'if (VpcSubnet.tfResourceType !== "huaweicloud_vpc_subnet") throw new Error(VpcSubnet.tfResourceType);',
  "",
].join("\n");

function appSteps(core, tarball, blocks, dir) {
  const label = (s) => `[${core}] ${s}`;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "package.json"), `${JSON.stringify({ name: `adoption-${core}`, private: true, version: "0.0.0" }, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, "tsconfig.json"), `${JSON.stringify(TSCONFIG, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, "jest.config.js"), 'module.exports = { preset: "ts-jest", testEnvironment: "node", testMatch: ["**/*.test.ts"] };\n');
  for (const [name, text] of forCore(blocks, core)) fs.writeFileSync(path.join(dir, name), text);
  fs.writeFileSync(path.join(dir, "broken-database.ts"), brokenMain(core, BROKEN_DATABASE));
  fs.writeFileSync(path.join(dir, "broken-iterator.ts"), brokenMain(core, BROKEN_ITERATOR));
  fs.writeFileSync(path.join(dir, "deep-import.ts"), DEEP_IMPORT.replace("CORE", core));

  const installed = step(label(`npm install of the tarball, ${CORES[core]}, ${TOOLS.join(", ")}`), () => {
    const r = run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", tarball, CORES[core], ...TOOLS], dir);
    return failedWith(r.out, r.code);
  });
  if (!installed) return;
  const other = core === "cdktf" ? "cdktn" : "cdktf";
  step(label(`node_modules/${other} does not exist (hwsg installs no core)`), () =>
    fs.existsSync(path.join(dir, "node_modules", other)) ? `node_modules/${other} exists` : undefined,
  );
  step(label("hwsg's declarations name no core directly (only dist/lib/cdk/core.d.ts does)"), () => {
    const offenders = [];
    (function walk(d) {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith(".d.ts") && !p.endsWith(path.join("cdk", "core.d.ts"))) {
          const code = fs.readFileSync(p, "utf8").split("\n").filter((l) => !/^\s*(\*|\/\/|\/\*)/.test(l));
          if (code.some((l) => /from ["'](cdktf|cdktn)["']|import\(["'](cdktf|cdktn)["']\)/.test(l))) offenders.push(path.relative(dir, p));
        }
      }
    })(path.join(dir, "node_modules", "hwsg", "dist"));
    return offenders.length === 0 ? undefined : `${offenders.length} files, e.g. ${offenders[0]}`;
  });
  for (const skip of [false, true]) {
    step(label(`tsc type-checks the app (every file but the jest test) with skipLibCheck ${skip}`), () => {
      const r = run(path.join("node_modules", ".bin", "tsc"), ["--noEmit", "-p", "tsconfig.json", "--skipLibCheck", String(skip)], dir);
      const errors = r.out.split("\n").filter((l) => /error TS/.test(l) && !/^stack\.test\.ts/.test(l));
      return errors.length === 0 ? undefined : errors.join("\n");
    });
  }
  step(label("tsc with module and moduleResolution node16 (the exports map's types)"), () => {
    const r = run(path.join("node_modules", ".bin", "tsc"), ["--noEmit", "-p", "tsconfig.json", "--module", "node16", "--moduleResolution", "node16"], dir);
    const errors = r.out.split("\n").filter((l) => /error TS/.test(l) && !/^stack\.test\.ts/.test(l));
    return errors.length === 0 ? undefined : errors.join("\n");
  });
  step(label("a deep import hwsg/provider-huaweicloud/lib/vpc-subnet runs and extends the app's core"), () => {
    const r = run("npx", ["ts-node", "deep-import.ts"], dir);
    return failedWith(r.out, r.code);
  });
  step(label("npx hwsg-bindings --out .gen writes classes that import the app's core"), () => {
    const r = run("npx", ["hwsg-bindings", "--out", ".gen"], dir);
    if (r.code !== 0) return failedWith(r.out, r.code);
    const text = fs.readFileSync(path.join(dir, ".gen", "providers", "huaweicloud", "vpc", "index.ts"), "utf8");
    return text.includes(`import * as cdktf from '${core}';`) ? undefined : "the classes do not import the app's core";
  });
  step(label("app.synth() of main.ts (README) writes cdktf.out/stacks/shop/cdk.tf.json"), () => {
    const r = run("npx", ["ts-node", "main.ts"], dir);
    if (r.code !== 0) return failedWith(r.out, r.code);
    return fs.existsSync(path.join(dir, STACK_FILE)) ? undefined : `${STACK_FILE} was not written:\n${r.out}`;
  });
  for (const [file, what] of [
    ["broken-database.ts", "a database rule opened to 0.0.0.0/0"],
    ["broken-iterator.ts", "0.0.0.0/1 and 128.0.0.0/1 in the iterator's list"],
  ]) {
    step(label(`the synth fails with a counterexample for ${what}`), () => {
      const r = run("npx", ["ts-node", file], dir);
      if (r.code === 0) return "the synth passed";
      return /counterexample/i.test(r.out) ? undefined : `the synth failed without a counterexample:\n${r.out}`;
    });
  }
  step(label("jest: stack.test.ts (README) with the traffic and findings matchers passes"), () => {
    const r = run(path.join("node_modules", ".bin", "jest"), ["--ci"], dir);
    return failedWith(r.out, r.code);
  });
}

const RESULT_LINE = "adoption-results: ";

/** One app's steps in this process (the child mode); prints its results as a last JSON line. */
function appMain(opts, blocks) {
  if (!(opts.app in CORES) || !opts.dir || !opts.tarball) throw new Error("--app needs cdktf or cdktn, --dir and --tarball");
  appSteps(opts.app, opts.tarball, blocks, opts.dir);
  console.log(`${RESULT_LINE}${JSON.stringify(results)}`);
  process.exit(results.every((r) => r.ok) ? 0 : 1);
}

/** Runs one app's steps in a child process; resolves with its report lines and results. */
function appChild(opts, core, tarball, dir) {
  return new Promise((resolve) => {
    const args = [__filename, "--app", core, "--dir", dir, "--tarball", tarball, "--readme", opts.readme];
    const child = childProcess.spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("close", (code) => {
      const lines = out.split("\n");
      const last = lines.find((l) => l.startsWith(RESULT_LINE));
      const report = lines.filter((l) => !l.startsWith(RESULT_LINE)).join("\n").trimEnd();
      let childResults = [];
      try {
        childResults = last ? JSON.parse(last.slice(RESULT_LINE.length)) : [];
      } catch {
        childResults = [];
      }
      if (!last) childResults.push({ name: `[${core}] the app's steps ran to the end`, ok: false, reason: `exit code ${code}` });
      resolve({ report, results: childResults });
    });
  });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const blocks = readmeBlocks(fs.readFileSync(opts.readme, "utf8"));
  for (const f of ["stack.ts", "main.ts", "stack.test.ts"]) {
    if (!blocks.has(f)) throw new Error(`${path.relative(ROOT, opts.readme)} has no block marked <!-- adoption: ${f} -->`);
  }
  if (opts.app !== undefined) return appMain(opts, blocks);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "hwsg-adoption-"));
  try {
    let tarball = opts.tarball;
    if (tarball === undefined) {
      step("npm pack (runs prepare: provider classes, build)", () => {
        const r = run("npm", ["pack", "--pack-destination", work, "--loglevel=error"], ROOT);
        if (r.code !== 0) return failedWith(r.out, r.code);
        tarball = fs.readdirSync(work).filter((f) => f.endsWith(".tgz")).map((f) => path.join(work, f))[0];
        return tarball === undefined ? "npm pack wrote no tarball" : undefined;
      });
    }
    if (tarball !== undefined) {
      const apps = await Promise.all(Object.keys(CORES).map((core) => appChild(opts, core, tarball, path.join(work, `app-${core}`))));
      for (const app of apps) {
        if (app.report) console.log(app.report);
        results.push(...app.results);
      }
      step("the two apps write identical resource sections", () => {
        const files = Object.keys(CORES).map((c) => path.join(work, `app-${c}`, STACK_FILE));
        const missing = files.filter((f) => !fs.existsSync(f));
        if (missing.length > 0) return `not synthesized: ${missing.join(", ")}`;
        const diffs = resourceDifferences(...files.map((f) => JSON.parse(fs.readFileSync(f, "utf8"))));
        return diffs.length === 0 ? undefined : diffs.slice(0, 10).join("\n");
      });
    }
  } finally {
    if (opts.keep) console.log(`adoption: kept ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
  const failed = results.filter((r) => !r.ok);
  console.log(`adoption: ${results.length - failed.length} of ${results.length} steps passed${failed.length > 0 ? `; failed: ${failed.map((r) => r.name).join("; ")}` : ""}`);
  process.exit(failed.length > 0 ? 1 : 0);
}

main().catch((e) => {
  console.error(`adoption: error: ${e && e.message ? e.message : e}`);
  process.exit(1);
});
