#!/usr/bin/env node
"use strict";
// The pre-commit hook's entry (.pre-commit-hooks.yaml): `hwsg check` on each directory of the changed Terraform files.
let hook;
try {
  hook = require("../dist/lib/cli/pre-commit.js");
} catch (e) {
  const line = (text) => process.stderr.write(`${String(text).replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)}\n`);
  if (e && e.code === "MODULE_NOT_FOUND" && String(e.message).includes("dist/lib/cli/pre-commit.js")) {
    line("hwsg-pre-commit: dist/ is missing: run `npm run build` (npm ci builds it)");
    process.exit(2);
  }
  line(`hwsg-pre-commit: internal error: cannot load the hook: ${e && e.message ? e.message : e}`);
  process.exit(3);
}
hook.main();
