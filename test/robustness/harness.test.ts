/**
 * The robustness harness itself: a run of the real binary is measured, and a breach of the
 * exit-code contract is recognized (so a suite built on it cannot pass vacuously).
 */
import * as path from "path";
import { ROOT, contractBreach, ensureBuilt, runBinary } from "../support/built-binary";

beforeAll(ensureBuilt, 240_000);

test("a good run keeps the contract and is measured", () => {
  const run = runBinary(["check", path.join(ROOT, "test", "fixtures", "reader", "web-db.tf.json")]);
  expect(contractBreach(run)).toBeUndefined();
  expect(run.maxRssMb).toBeGreaterThan(10);
  expect(run.ms).toBeGreaterThan(0);
});

test("breaches are recognized", () => {
  const base = { status: 0, signal: null, stdout: "", stderr: "", stderrLines: [], ms: 1, maxRssMb: 1 };
  expect(contractBreach({ ...base, status: 3 })).toMatch(/exit 3/);
  expect(contractBreach({ ...base, status: null, signal: "SIGKILL" })).toMatch(/SIGKILL/);
  expect(contractBreach({ ...base, status: 2, stderr: "a\nb", stderrLines: ["a", "b"] })).toMatch(/2 stderr lines/);
  expect(contractBreach({ ...base, stdout: "ok \u001b[2K" })).toMatch(/control character on stdout/);
  expect(contractBreach({ ...base, stderr: "x\u009b", stderrLines: ["x\u009b"] })).toMatch(/control character on stderr/);
  expect(contractBreach({ ...base, status: 1, stderr: "Error: x\n    at f (/a/b.js:1:2)", stderrLines: ["Error: x", "    at f (/a/b.js:1:2)"] })).toMatch(/stack trace/);
});
