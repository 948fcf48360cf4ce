#!/usr/bin/env node
// Compares the `resource` sections of two synthesized cdk.tf.json files (cdktf's and cdktn's):
// they must be identical. Prints each difference by path; exit code 1 when there is one.
// Usage: node test/adoption/same-resources.js A/cdk.tf.json B/cdk.tf.json
"use strict";

const fs = require("fs");

/**
 * The paths where the `resource` sections of two Terraform JSON documents differ.
 * @returns {string[]} empty when they are identical
 */
function resourceDifferences(a, b) {
  const out = [];
  for (const [name, doc] of [["first", a], ["second", b]]) {
    if (!doc || typeof doc.resource !== "object" || doc.resource === null) out.push(`the ${name} document has no resource section`);
  }
  if (out.length > 0) return out;
  (function walk(x, y, at) {
    if (out.length >= 100) return;
    const kx = x !== null && typeof x === "object";
    const ky = y !== null && typeof y === "object";
    if (!kx || !ky || Array.isArray(x) !== Array.isArray(y)) {
      if (JSON.stringify(x) !== JSON.stringify(y)) out.push(`${at}: ${JSON.stringify(x)} != ${JSON.stringify(y)}`);
      return;
    }
    for (const k of [...new Set([...Object.keys(x), ...Object.keys(y)])].sort()) walk(x[k], y[k], `${at}.${k}`);
  })(a && a.resource, b && b.resource, "resource");
  return out;
}

module.exports = { resourceDifferences };

if (require.main === module) {
  const [fa, fb] = process.argv.slice(2);
  if (!fa || !fb) {
    console.error("usage: node test/adoption/same-resources.js A/cdk.tf.json B/cdk.tf.json");
    process.exit(2);
  }
  const diffs = resourceDifferences(JSON.parse(fs.readFileSync(fa, "utf8")), JSON.parse(fs.readFileSync(fb, "utf8")));
  if (diffs.length === 0) console.log(`same resources: ${fa} and ${fb} have identical resource sections`);
  else console.error(`same resources: ${diffs.length} difference(s) between ${fa} and ${fb}:\n  ${diffs.slice(0, 20).join("\n  ")}`);
  process.exit(diffs.length === 0 ? 0 : 1);
}
