#!/usr/bin/env node
"use strict";
// The hwsg command line. The TypeScript sources are compiled to dist/ by `npm ci` (prepare).
let cli;
try {
  cli = require("../dist/lib/cli/main.js");
} catch (e) {
  // One line on stderr whatever went wrong (the stack only with HWSG_DEBUG=1), never a raw control character.
  const line = (text) => process.stderr.write(`${String(text).replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)}\n`);
  if (e && e.code === "MODULE_NOT_FOUND" && String(e.message).includes("dist/lib/cli/main.js")) {
    line("hwsg: dist/ is missing: run `npm run build` (npm ci builds it)");
    process.exit(2);
  }
  line(`hwsg: internal error: cannot load the command line: ${e && e.message ? e.message : e}`);
  if (process.env.HWSG_DEBUG === "1" && e && e.stack) process.stderr.write(`${e.stack}\n`);
  process.exit(3);
}
cli.main();
