/**
 * HashiCorp's HCL parser, as `@cdktf/hcl2json` ships it (Go compiled to WebAssembly), called
 * synchronously. The library's own entry point is async only because it compiles its module
 * with `WebAssembly.instantiate` and waits for it; its Go functions themselves answer at once
 * (their callback is called before they return). So the same module is instantiated here with
 * the synchronous `WebAssembly.Module`/`Instance`, once per process, on first use, and each
 * call returns what the callback received — the very parser and the very results the library
 * gives, usable where nothing can be awaited (the cdktf synth-time checks run inside
 * `app.synth()`, which is synchronous).
 *
 * Relied on (checked with @cdktf/hcl2json 0.21.0, the last release): the package holds
 * `main.wasm.gz` and `wasm/bridge_wasm_exec.js` (Go's loader, which defines `globalThis.Go`);
 * the Go program registers `parse` and `getExpressionAst` on the object it finds in
 * `globalThis.__parse_terraform_config_wasm__` while `go.run` starts it, and calls the callback
 * (its last argument) as `(error)` or `(null, jsonText)` before returning. If any of that
 * changes, the first call fails with an error saying so, never a wrong parse.
 */
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";

/** The functions the Go program registers. */
type GoFunction = (...args: unknown[]) => unknown;

/** The part of the WebAssembly API used here (the global exists in every Node; its types come with the DOM library only). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => object;
}

/** Go's loader: one program run. */
type GoRun = new () => { importObject: object; run(instance: object): Promise<void> };

/** The name under which the Go program looks for the object to register its functions on. */
const ROOT_NAME = "__parse_terraform_config_wasm__";

let registered: Record<string, GoFunction> | undefined;

/** Starts the parser on first use: reads, compiles and runs the library's WebAssembly module. */
function parser(): Record<string, GoFunction> {
  if (registered) return registered;
  const dir = path.dirname(require.resolve("@cdktf/hcl2json/package.json"));
  // Go's loader for Node: defines globalThis.Go (and the globals Go's runtime expects).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(path.join(dir, "wasm", "bridge_wasm_exec.js"));
  const Go = (globalThis as { Go?: GoRun }).Go;
  if (typeof Go !== "function") throw new Error("internal: @cdktf/hcl2json's WebAssembly loader did not define Go");
  const bytes = zlib.gunzipSync(fs.readFileSync(path.join(dir, "main.wasm.gz")));
  const go = new Go();
  const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
  const instance = new wasm.Instance(new wasm.Module(bytes), go.importObject);
  const global = globalThis as Record<string, unknown>;
  const previous = global[ROOT_NAME];
  const root: Record<string, GoFunction> = {};
  global[ROOT_NAME] = root;
  try {
    // Runs the Go program's main until it waits for calls: it registers its functions meanwhile.
    void go.run(instance);
  } finally {
    if (previous === undefined) delete global[ROOT_NAME];
    else global[ROOT_NAME] = previous;
  }
  for (const name of ["parse", "getExpressionAst"]) {
    if (typeof root[name] !== "function") throw new Error(`internal: @cdktf/hcl2json's WebAssembly module did not register ${name}`);
  }
  registered = root;
  return root;
}

/** Calls one Go function and returns the JSON text it answered, synchronously. */
function call(name: "parse" | "getExpressionAst", file: string, text: string): string {
  let answer: { error: unknown } | { json: unknown } | undefined;
  parser()[name](file, text, (error: unknown, json: unknown) => {
    answer = error ? { error } : { json };
  });
  if (!answer) throw new Error(`internal: @cdktf/hcl2json's ${name} did not answer synchronously`);
  if ("error" in answer) throw new Error(String(answer.error));
  if (typeof answer.json !== "string") throw new Error(`internal: @cdktf/hcl2json's ${name} answered ${typeof answer.json}, not JSON text`);
  return answer.json;
}

/**
 * A `.tf` file's text in Terraform's JSON form, as the library's `parse` returns it.
 * @throws Error with the parser's message when the text is not valid HCL
 */
export function parseHclSync(file: string, text: string): unknown {
  return JSON.parse(call("parse", file, text)) as unknown;
}

/**
 * The syntax tree of one expression, as the library's `getExpressionAst` returns it (null for
 * an empty one).
 * @throws Error with the parser's message when it is not a valid expression
 */
export function expressionAstSync(file: string, expression: string): unknown {
  return JSON.parse(call("getExpressionAst", file, expression)) as unknown;
}

/** Whether the parser has been started in this process (it is started only when a template needs it). */
export function parserStarted(): boolean {
  return registered !== undefined;
}
