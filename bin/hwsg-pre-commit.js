#!/usr/bin/env node
// The pre-commit hook's entry (.pre-commit-hooks.yaml): `hwsg check` on each directory of the changed Terraform files.
require("../dist/lib/cli/pre-commit").main();
