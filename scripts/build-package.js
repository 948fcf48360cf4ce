#!/usr/bin/env node
// The step after `tsc -p tsconfig.build.json` (npm run build): puts the CDK core resolver into
// dist. lib/cdk/core.js is plain JavaScript (tsc does not copy it): it loads the app's core,
// cdktf or cdktn (lib/cdk/choose-core.ts decides). Its declaration in the repository,
// lib/cdk/core.d.ts, is cdktf's API; the published one names both cores, each line ignored
// where that core is not installed, so every emitted declaration file of hwsg reaches the CDK
// core only through dist/lib/cdk/core.d.ts and resolves to the app's own core.
"use strict";

const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const DIST = path.join(ROOT, "dist", "lib", "cdk");

const DECLARATION = `// The app's CDK core: cdktf (0.21.x) or cdktn (0.24.x), whichever the app installed. Each line
// resolves only in an app with that core; the other is ignored. (An app with both installed
// sees each name twice, and TypeScript leaves those names out: install one core.)
// @ts-ignore -- resolves only in a cdktf app
export * from "cdktf";
// @ts-ignore -- resolves only in a cdktn app
export * from "cdktn";
`;

fs.mkdirSync(DIST, { recursive: true });
fs.copyFileSync(path.join(ROOT, "lib", "cdk", "core.js"), path.join(DIST, "core.js"));
fs.writeFileSync(path.join(DIST, "core.d.ts"), DECLARATION);

// No emitted declaration may name a core directly: only dist/lib/cdk/core.d.ts does.
const offenders = [];
(function walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith(".d.ts") && p !== path.join(DIST, "core.d.ts")) {
      const code = fs
        .readFileSync(p, "utf8")
        .split("\n")
        .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line)); // JSDoc examples may name them
      if (code.some((line) => /from ["'](cdktf|cdktn)["']|import\(["'](cdktf|cdktn)["']\)/.test(line))) offenders.push(path.relative(ROOT, p));
    }
  }
})(path.join(ROOT, "dist"));
if (offenders.length > 0) {
  console.error(`build-package: error: these declaration files name "cdktf" or "cdktn" directly instead of lib/cdk/core: ${offenders.join(", ")}`);
  process.exit(1);
}
