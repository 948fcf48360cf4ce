/**
 * What run() makes of errors that are not HwsgErrors: the operating system refusing a path is bad
 * input (exit 2, one line); anything else is an internal error (exit 3, one line, no stack).
 */
import { runCli } from "./run-cli";

const thrown: { error?: unknown } = {};

jest.mock("../../lib/cli/load", () => ({
  ...jest.requireActual("../../lib/cli/load"),
  loadModel: () => Promise.reject(thrown.error),
}));

const systemError = (code: string, syscall: string, p: string): NodeJS.ErrnoException =>
  Object.assign(new Error(`${code}: refused, ${syscall} '${p}'`), { code, syscall, path: p, errno: -1 });

test("an error of the operating system on an input path is exit 2 with one escaped line", async () => {
  thrown.error = systemError("ELOOP", "open", "/x/\u001b[2Kloop.tf.json");
  const r = await runCli(["check", "/x/loop.tf.json"]);
  expect(r.code).toBe(2);
  expect(r.errLines).toEqual(["hwsg: ELOOP: refused, open '/x/\\u001b[2Kloop.tf.json'"]);
});

test("anything else is an internal error: exit 3, one line, no stack", async () => {
  const saved = process.env.HWSG_DEBUG;
  delete process.env.HWSG_DEBUG;
  try {
    thrown.error = new TypeError("cannot read properties of undefined\n    at f (/a/b.js:1:2)");
    const r = await runCli(["matrix", "main.tf.json"]);
    expect(r.code).toBe(3);
    expect(r.errLines).toHaveLength(1);
    expect(r.errLines[0]).toMatch(/^hwsg: internal error: TypeError: cannot read properties of undefined\\u000a/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  } finally {
    if (saved !== undefined) process.env.HWSG_DEBUG = saved;
  }
});

test("with HWSG_DEBUG=1 the stack follows the one-line message", async () => {
  process.env.HWSG_DEBUG = "1";
  try {
    thrown.error = new RangeError("Maximum call stack size exceeded");
    const r = await runCli(["check", "main.tf.json"]);
    expect(r.code).toBe(3);
    expect(r.errLines[0]).toBe("hwsg: internal error: RangeError: Maximum call stack size exceeded");
    expect(r.errLines.length).toBeGreaterThan(1);
  } finally {
    delete process.env.HWSG_DEBUG;
  }
});
