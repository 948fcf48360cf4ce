#!/usr/bin/env node
// Generates the typed cdktf bindings for the providers listed in cdktf.json from the provider
// schema kept in this repository (schema/huaweicloud.json, the format of
// `terraform providers schema -json`). The output has the layout `cdktf get` produces
// (<codeMakerOutput>/providers/<name>/..., versions.json, constraints.json), so code written
// against these bindings also works with bindings from a real `cdktf get`.
//
// Needs no network and no terraform binary.
//
// Usage: node scripts/generate-bindings.js [--force] [--out DIR]
//   Skips the work when the bindings were already generated from the same inputs (schema,
//   cdktf.json provider list, generator version, this script); --force regenerates anyway.
//   --out writes into DIR instead of cdktf.json's codeMakerOutput (scripts/generate-provider-package.js
//   uses it to build hwsg/provider-huaweicloud).
"use strict";

// Must be set before any @cdktf package is loaded: loading @cdktf/commons otherwise reports
// telemetry. @cdktf/commons also runs `<TERRAFORM_BINARY_NAME> version -json` as soon as it is
// loaded; this script never needs terraform, so point that probe at a name that does not exist
// (the failed probe is silent, whereas a real but misconfigured terraform prints errors).
process.env.CHECKPOINT_DISABLE = "1";
process.env.TERRAFORM_BINARY_NAME = "hwsg-generate-bindings-uses-no-terraform";

const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const CONFIG_FILE = path.join(ROOT, "cdktf.json");
const SCHEMA_FILE = path.join(ROOT, "schema", "huaweicloud.json");
const STAMP_NAME = ".schema-hash";
const PREFIX = "generate-bindings:";

class UsageError extends Error {}

function fail(message) {
  throw new UsageError(message);
}

function rel(p) {
  return path.relative(process.cwd(), p) || ".";
}

function parseArgs(argv) {
  const opts = { force: false, out: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--force" || arg === "-f") opts.force = true;
    else if (arg === "--out") {
      opts.out = argv[++i];
      if (!opts.out) fail("--out needs a directory");
    } else if (arg === "--help" || arg === "-h") {
      process.stdout.write(
        "Usage: node scripts/generate-bindings.js [--force] [--out DIR]\n" +
          "Generates cdktf bindings from schema/huaweicloud.json into the codeMakerOutput directory of cdktf.json.\n",
      );
      process.exit(0);
    } else fail(`unknown argument '${arg}' (expected --force or --out DIR)`);
  }
  return opts;
}

function readJson(file, what) {
  let text;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    fail(`cannot read ${what} ${rel(file)}: ${e.code === "ENOENT" ? "file not found" : e.message}`);
  }
  try {
    return { text, json: JSON.parse(text) };
  } catch (e) {
    fail(`${what} ${rel(file)} is not valid JSON: ${e.message}`);
  }
}

function isPlainObject(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

// Reads cdktf.json; returns the output directory and the provider constraint strings/objects.
function readConfig() {
  const { json } = readJson(CONFIG_FILE, "cdktf config");
  if (!isPlainObject(json)) fail(`${rel(CONFIG_FILE)} must hold a JSON object`);
  const providers = json.terraformProviders;
  if (!Array.isArray(providers) || providers.length === 0) {
    fail(`${rel(CONFIG_FILE)} has no "terraformProviders" entries: nothing to generate`);
  }
  if (Array.isArray(json.terraformModules) && json.terraformModules.length > 0) {
    fail(`${rel(CONFIG_FILE)} lists terraformModules; this script only generates provider bindings`);
  }
  if (json.language !== undefined && json.language !== "typescript") {
    fail(`${rel(CONFIG_FILE)} has language '${json.language}'; only typescript is supported`);
  }
  const out = json.codeMakerOutput === undefined ? ".gen" : json.codeMakerOutput;
  if (typeof out !== "string" || out === "") fail(`"codeMakerOutput" in ${rel(CONFIG_FILE)} must be a non-empty string`);
  return { outdir: path.resolve(ROOT, out), providers };
}

const NESTING_MODES = new Set(["single", "list", "set", "map", "group"]);

function validateBlock(block, where, errors) {
  if (!isPlainObject(block)) {
    errors.push(`${where}: block must be an object`);
    return;
  }
  const attrs = block.attributes === undefined ? {} : block.attributes;
  if (!isPlainObject(attrs)) errors.push(`${where}.attributes must be an object`);
  else {
    for (const [name, attr] of Object.entries(attrs)) {
      const at = `${where}.attributes.${name}`;
      if (!isPlainObject(attr)) {
        errors.push(`${at} must be an object`);
        continue;
      }
      if (attr.type === undefined && attr.nested_type === undefined) errors.push(`${at} has neither "type" nor "nested_type"`);
      if (attr.type !== undefined && typeof attr.type !== "string" && !Array.isArray(attr.type)) {
        errors.push(`${at}.type must be a string or an array such as ["list", "string"]`);
      }
      for (const flag of ["required", "optional", "computed", "sensitive", "deprecated"]) {
        if (attr[flag] !== undefined && typeof attr[flag] !== "boolean") errors.push(`${at}.${flag} must be a boolean`);
      }
      if (!attr.required && !attr.optional && !attr.computed) errors.push(`${at} must be required, optional or computed`);
      if (attr.required && (attr.optional || attr.computed)) errors.push(`${at} cannot be required and optional/computed at once`);
    }
  }
  const types = block.block_types === undefined ? {} : block.block_types;
  if (!isPlainObject(types)) errors.push(`${where}.block_types must be an object`);
  else {
    for (const [name, bt] of Object.entries(types)) {
      const at = `${where}.block_types.${name}`;
      if (!isPlainObject(bt)) {
        errors.push(`${at} must be an object`);
        continue;
      }
      if (!NESTING_MODES.has(bt.nesting_mode)) errors.push(`${at}.nesting_mode must be one of ${[...NESTING_MODES].join(", ")}`);
      for (const k of ["min_items", "max_items"]) {
        if (bt[k] !== undefined && !(Number.isInteger(bt[k]) && bt[k] >= 0)) errors.push(`${at}.${k} must be a non-negative integer`);
      }
      validateBlock(bt.block, `${at}.block`, errors);
    }
  }
}

// Registry address a constraint refers to, e.g. "registry.terraform.io/huaweicloud/huaweicloud".
function providerAddress(constraint) {
  const parts = String(constraint.source || constraint.fqn || constraint.name).toLowerCase().split("/");
  if (parts.length === 1) parts.unshift("hashicorp");
  if (parts.length === 2) parts.unshift("registry.terraform.io");
  return parts.join("/");
}

function validateSchema(schema, constraints) {
  const errors = [];
  if (!isPlainObject(schema)) fail(`${rel(SCHEMA_FILE)} must hold a JSON object`);
  if (typeof schema.format_version !== "string" || !schema.format_version.startsWith("1.")) {
    errors.push(`"format_version" must be "1.0" (the format of \`terraform providers schema -json\`)`);
  }
  if (!isPlainObject(schema.provider_schemas) || Object.keys(schema.provider_schemas).length === 0) {
    errors.push(`"provider_schemas" must be a non-empty object keyed by provider address`);
  } else {
    for (const c of constraints) {
      const addr = providerAddress(c);
      const p = schema.provider_schemas[addr];
      if (p === undefined) {
        errors.push(`no entry "${addr}" in "provider_schemas" for the cdktf.json provider '${c.source}' (found: ${Object.keys(schema.provider_schemas).join(", ")})`);
        continue;
      }
      const at = `provider_schemas["${addr}"]`;
      if (!isPlainObject(p)) {
        errors.push(`${at} must be an object`);
        continue;
      }
      if (p.provider !== undefined) validateBlock(p.provider && p.provider.block, `${at}.provider.block`, errors);
      if (!isPlainObject(p.resource_schemas) || Object.keys(p.resource_schemas).length === 0) {
        errors.push(`${at}.resource_schemas must be a non-empty object`);
      } else {
        for (const [type, r] of Object.entries(p.resource_schemas)) {
          validateBlock(r && r.block, `${at}.resource_schemas.${type}.block`, errors);
        }
      }
      if (p.data_source_schemas !== undefined) {
        if (!isPlainObject(p.data_source_schemas)) errors.push(`${at}.data_source_schemas must be an object`);
        else {
          for (const [type, d] of Object.entries(p.data_source_schemas)) {
            validateBlock(d && d.block, `${at}.data_source_schemas.${type}.block`, errors);
          }
        }
      }
    }
  }
  if (errors.length > 0) {
    const shown = errors.slice(0, 20).map((e) => `  - ${e}`).join("\n");
    const more = errors.length > 20 ? `\n  ... and ${errors.length - 20} more` : "";
    fail(`${rel(SCHEMA_FILE)} is not a valid provider schema:\n${shown}${more}`);
  }
}

// Minimal view of a cdktf.json provider entry (string "ns/name@version" or object), without
// loading @cdktf/commons; matches how TerraformProviderConstraint parses it.
function describeConstraint(item) {
  if (typeof item === "string") {
    const [fqn, version] = item.split("@");
    const name = fqn.split("/").pop();
    if (!name) fail(`cannot parse provider '${item}' in ${rel(CONFIG_FILE)}`);
    return { item, name, source: fqn, version: version === "*" ? undefined : version };
  }
  if (isPlainObject(item) && typeof item.name === "string" && item.name !== "") {
    return { item, name: item.name, source: item.source || item.name, version: item.version };
  }
  fail(`cannot parse provider entry ${JSON.stringify(item)} in ${rel(CONFIG_FILE)}`);
}

function generatorVersion() {
  try {
    return require("@cdktf/provider-generator/package.json").version;
  } catch (e) {
    fail("@cdktf/provider-generator is not installed: run `npm ci` first");
  }
}

function computeHash(schemaText, constraints) {
  const h = crypto.createHash("sha256");
  h.update(`generator ${generatorVersion()}\n`);
  h.update(`providers ${JSON.stringify(constraints.map((c) => c.item))}\n`);
  h.update(`script ${fs.readFileSync(__filename, "utf8")}\n`);
  h.update(schemaText);
  return h.digest("hex");
}

function isUpToDate(outdir, constraints, hash) {
  if (!["versions.json", "constraints.json"].every((f) => fs.existsSync(path.join(outdir, f)))) return false;
  return constraints.every((c) => {
    const dir = path.join(outdir, "providers", c.name);
    try {
      return fs.readFileSync(path.join(dir, STAMP_NAME), "utf8").trim() === hash && fs.existsSync(path.join(dir, "index.ts"));
    } catch {
      return false;
    }
  });
}

async function generate(outdir, schemaJson, constraints, hash) {
  const { TerraformProviderGenerator, CodeMaker } = require("@cdktf/provider-generator");
  const { ConstructsMakerProviderTarget, TerraformProviderConstraint, LANGUAGES, DISPLAY_VERSION } = require("@cdktf/commons");
  const { sanitizeProviderSchema } = require("@cdktf/provider-schema/src/provider-schema");

  const code = new CodeMaker();
  const gen = new TerraformProviderGenerator(code, sanitizeProviderSchema(schemaJson));
  const tfConstraints = constraints.map((c) => new TerraformProviderConstraint(c.item));
  for (const c of tfConstraints) {
    gen.generate(new ConstructsMakerProviderTarget(c, LANGUAGES[0]));
  }

  // The two bookkeeping files `cdktf get` writes next to the bindings.
  code.openFile("versions.json");
  code.line(JSON.stringify({ ...gen.versions }, null, 2));
  code.closeFile("versions.json");
  code.openFile("constraints.json");
  code.line(
    JSON.stringify(
      {
        cdktf: DISPLAY_VERSION,
        // keyed by provider name, as cdktf-cli 0.21 writes it (it compares this file on `cdktf get`)
        providers: [...constraints]
          .sort((a, b) => a.name.localeCompare(b.name))
          .reduce((acc, c) => ({ ...acc, [c.name]: c.version }), {}),
      },
      null,
      2,
    ),
  );
  code.closeFile("constraints.json");

  // Write into a staging directory next to the output, then swap the provider folders in, so an
  // interrupted run never leaves a half-written folder with a valid stamp.
  fs.mkdirSync(outdir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(outdir, ".staging-"));
  try {
    await gen.save(staging);
    fs.mkdirSync(path.join(outdir, "providers"), { recursive: true });
    for (const c of constraints) {
      const from = path.join(staging, "providers", c.name);
      const to = path.join(outdir, "providers", c.name);
      fs.writeFileSync(path.join(from, STAMP_NAME), `${hash}\n`);
      fs.rmSync(to, { recursive: true, force: true });
      fs.renameSync(from, to);
    }
    for (const f of ["versions.json", "constraints.json"]) {
      fs.copyFileSync(path.join(staging, f), path.join(outdir, f));
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

async function main() {
  const started = process.hrtime.bigint();
  const opts = parseArgs(process.argv.slice(2));
  const config = readConfig();
  const outdir = opts.out === undefined ? config.outdir : path.resolve(opts.out);
  const providers = config.providers;
  const constraints = providers.map(describeConstraint);
  const { text: schemaText, json: schemaJson } = readJson(SCHEMA_FILE, "provider schema");
  validateSchema(schemaJson, constraints);

  const hash = computeHash(schemaText, constraints);
  const targets = constraints.map((c) => rel(path.join(outdir, "providers", c.name))).join(", ");
  if (!opts.force && isUpToDate(outdir, constraints, hash)) {
    console.log(`${PREFIX} ${targets} up to date with ${rel(SCHEMA_FILE)} (use --force to regenerate)`);
    return;
  }

  await generate(outdir, schemaJson, constraints, hash);

  const counts = constraints.map((c) => {
    const p = schemaJson.provider_schemas[providerAddress(c)];
    const r = Object.keys(p.resource_schemas || {}).length;
    const d = Object.keys(p.data_source_schemas || {}).length;
    return `${c.source}@${c.version || "*"}: ${r} resources, ${d} data sources`;
  });
  const secs = (Number(process.hrtime.bigint() - started) / 1e9).toFixed(1);
  console.log(`${PREFIX} generated ${targets} (${counts.join("; ")}) from ${rel(SCHEMA_FILE)} in ${secs}s`);
}

main().then(
  () => process.exit(0),
  (err) => {
    if (err instanceof UsageError) console.error(`${PREFIX} error: ${err.message}`);
    else console.error(`${PREFIX} error: generation failed: ${err && err.stack ? err.stack : err}`);
    process.exit(1);
  },
);
