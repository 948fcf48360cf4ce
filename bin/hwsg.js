#!/usr/bin/env node
"use strict";
// The hwsg command line. The TypeScript sources are compiled to dist/ by `npm ci` (prepare).
let cli;
try {
  cli = require("../dist/lib/cli/main.js");
} catch (e) {
  if (e && e.code === "MODULE_NOT_FOUND") {
    process.stderr.write("hwsg: dist/ is missing: run `npm run build` (npm ci builds it)\n");
    process.exit(2);
  }
  throw e;
}
cli.main();
