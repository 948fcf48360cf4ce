/**
 * The matchers' types: with hwsg/testing imported, every hwsg matcher type-checks on jest's
 * global `expect` (@types/jest) and on `import { expect } from "@jest/globals"`, and
 * `expect.extend(hwsgMatchers)` type-checks with both; without it, each call is TS2339 — so the
 * test fails when the declarations are missing. Compiled with the TypeScript API on files kept in
 * memory next to this test (so that imports resolve as in the repository).
 */
import * as path from "path";
import * as ts from "typescript";
import { ensureBuilt } from "../support/built-binary";

const ROOT = path.resolve(__dirname, "../..");
const DIR = path.join(ROOT, "test/testing");

const CALLS = `
  const synth = "{}";
  expect(synth).toAllowTraffic({ from: "10.0.0.1", to: "huaweicloud_compute_instance.a", port: 443 });
  expect(synth).not.toDenyTraffic({ from: "10.0.0.1", to: "huaweicloud_compute_instance.a" });
  expect(synth).toHaveNoFindings({ severity: "error" });
  expect(synth).toHaveNoFindings();
  expect(synth).not.toHaveFinding("HWSG001", { severity: "warning" });
`;

/** One file per way of getting `expect`, with or without hwsg/testing (its sources, or its published declarations in dist). */
function source(globals: boolean, withHwsg: boolean, from = "../../lib/testing"): string {
  return [
    globals ? `import { expect } from "@jest/globals";` : "",
    withHwsg ? `import { hwsgMatchers } from "${from}";\nexpect.extend(hwsgMatchers);` : "export {};",
    CALLS,
  ].join("\n");
}

/** The diagnostics of compiling the given in-memory files with the repository's options. */
function diagnose(files: Record<string, string>, types: string[]): ts.Diagnostic[] {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
  const options: ts.CompilerOptions = { ...config.options, noEmit: true, types, noUnusedLocals: false };
  const host = ts.createCompilerHost(options);
  const virtual = new Map(Object.entries(files).map(([name, text]) => [path.join(DIR, name), text]));
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) => (virtual.has(name) ? ts.createSourceFile(name, virtual.get(name)!, version) : getSourceFile(name, version, ...rest));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => virtual.has(name) || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => virtual.get(name) ?? readFile(name);
  const program = ts.createProgram([...virtual.keys()], options, host);
  return [...program.getSemanticDiagnostics(), ...program.getSyntacticDiagnostics()].filter((d) => d.file && (virtual.has(d.file.fileName) || /\/(dist\/)?lib\/testing\//.test(d.file.fileName)));
}

function render(diagnostics: readonly ts.Diagnostic[]): string[] {
  return diagnostics.map((d) => `${path.basename(d.file!.fileName)} TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
}

describe("matcher types", () => {
  it("type-check on the global expect and on @jest/globals' expect, with expect.extend(hwsgMatchers)", () => {
    const diagnostics = diagnose({ "__types_global__.ts": source(false, true), "__types_jest_globals__.ts": source(true, true) }, ["node", "jest"]);
    expect(render(diagnostics)).toEqual([]);
  });

  it("type-check from the published declarations (dist), on @jest/globals without @types/jest and on the global expect", () => {
    ensureBuilt();
    expect(render(diagnose({ "__types_dist_globals__.ts": source(true, true, "../../dist/lib/testing") }, ["node"]))).toEqual([]);
    expect(render(diagnose({ "__types_dist_global__.ts": source(false, true, "../../dist/lib/testing") }, ["node", "jest"]))).toEqual([]);
  });

  it("are missing without hwsg/testing: every call is TS2339 (the check can fail)", () => {
    for (const globals of [false, true]) {
      const codes = diagnose({ "__types_control__.ts": source(globals, false) }, ["node", "jest"]).map((d) => d.code);
      expect(codes).toEqual([2339, 2339, 2339, 2339, 2339]);
    }
  });
});
