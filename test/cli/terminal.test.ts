/**
 * The terminal side of the command line: what `run` writes is escaped whatever Io it is given,
 * stdout write errors never become unhandled events (EPIPE quiet, others exit 2 with one line),
 * and an internal error is one line unless HWSG_DEBUG=1 asks for the stack.
 */
import { EventEmitter } from "events";
import { DEBUG_VARIABLE, internalErrorLines, processIo, terminalIo } from "../../lib/cli/terminal";
import { CONTROL_CHARACTER } from "../support/built-binary";
import { runCli } from "./run-cli";

/** A stand-in for process.stdout/stderr: records writes, and can fail with an errno code. */
class FakeStream extends EventEmitter {
  readonly written: string[] = [];
  write(text: string): boolean {
    this.written.push(text);
    return true;
  }
  fail(code: string): void {
    this.emit("error", Object.assign(new Error(`${code}: write failed`), { code }));
  }
}

function fakes(): { out: FakeStream; err: FakeStream; io: ReturnType<typeof processIo> } {
  const out = new FakeStream();
  const err = new FakeStream();
  return { out, err, io: processIo(out as unknown as NodeJS.WriteStream, err as unknown as NodeJS.WriteStream) };
}

describe("terminalIo", () => {
  it("escapes control characters on stdout and keeps each stderr message on one line", () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = terminalIo({ out: (s) => out.push(s), err: (s) => err.push(s) });
    io.out("report\n\u001b[2Kline\r\u009b");
    io.err("hwsg: bad\nsecond line\u001b]52;c;eA==\u0007");
    expect(out).toEqual(["report\n\\u001b[2Kline\\u000d\\u009b"]);
    expect(err).toEqual(["hwsg: bad\\u000asecond line\\u001b]52;c;eA==\\u0007"]);
  });

  it("is applied by run(): a usage error naming a hostile value is one escaped line", async () => {
    const r = await runCli(["check", "x.tf.json", "--fail-on", "\u001b[2K\nfake"]);
    expect(r.code).toBe(2);
    expect(r.errLines).toHaveLength(1);
    expect(CONTROL_CHARACTER.test(r.stderr)).toBe(false);
    expect(r.stderr).toContain("\\u001b[2K");
  });

  it("is applied by run(): a missing input with a hostile name is one escaped line", async () => {
    const r = await runCli(["matrix", "/nonexistent/\u001b[2K\r\u009bx.tf.json"]);
    expect(r.code).toBe(2);
    expect(r.errLines).toHaveLength(1);
    expect(CONTROL_CHARACTER.test(r.stderr)).toBe(false);
  });
});

describe("processIo", () => {
  it("writes lines to stdout and stderr", () => {
    const { out, err, io } = fakes();
    io.io.out("a");
    io.io.err("b");
    expect(out.written).toEqual(["a\n"]);
    expect(err.written).toEqual(["b\n"]);
    expect(io.writeFailed()).toBe(false);
  });

  it("a closed pipe (EPIPE) on stdout stops its writes quietly and is no failure", () => {
    const { out, err, io } = fakes();
    io.io.out("first");
    out.fail("EPIPE");
    io.io.out("second");
    expect(out.written).toEqual(["first\n"]);
    expect(err.written).toEqual([]);
    expect(io.writeFailed()).toBe(false);
  });

  it("any other stdout error is one line on stderr and a failure (exit 2)", () => {
    const saved = process.exitCode;
    try {
      const { out, err, io } = fakes();
      out.fail("ENOSPC");
      out.fail("ENOSPC");
      expect(err.written).toEqual(["hwsg: stdout cannot be written: ENOSPC: write failed\n"]);
      expect(io.writeFailed()).toBe(true);
      expect(process.exitCode).toBe(2);
    } finally {
      process.exitCode = saved;
    }
  });

  it("a closed stderr is quiet, and errors are never unhandled events", () => {
    const { out, err, io } = fakes();
    err.fail("EPIPE");
    io.io.err("lost");
    expect(err.written).toEqual([]);
    expect(io.writeFailed()).toBe(false);
    expect(out.listenerCount("error")).toBe(1);
    expect(err.listenerCount("error")).toBe(1);
  });
});

describe("internalErrorLines", () => {
  const error = new TypeError("x is undefined");

  it("is one line by default", () => {
    const lines = internalErrorLines(error, {});
    expect(lines).toEqual([`hwsg: internal error: TypeError: x is undefined (set ${DEBUG_VARIABLE}=1 for the stack)`]);
  });

  it("adds the stack with HWSG_DEBUG=1", () => {
    const lines = internalErrorLines(error, { [DEBUG_VARIABLE]: "1" });
    expect(lines[0]).toBe("hwsg: internal error: TypeError: x is undefined");
    expect(lines.length).toBeGreaterThan(1);
    expect(lines[1]).toMatch(/^\s+at /);
  });

  it("handles a thrown non-error", () => {
    expect(internalErrorLines("boom", {})[0]).toMatch(/^hwsg: internal error: boom/);
  });
});
