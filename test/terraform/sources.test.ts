/**
 * Reading Terraform sources strictly, through both loaders (`loadDocuments`, synchronous, used
 * at cdktf synth time; `loadTerraform`, asynchronous, HCL too): Terraform's JSON syntax with
 * duplicate keys refused, one-line syntax errors, strict UTF-8, bounded nesting, the top-level
 * keys Terraform allows, identifiers as names, paths that are not regular files or
 * directories, and hwsg's own reports never read as Terraform.
 */
import { execFileSync } from "child_process";
import * as fc from "fast-check";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { HwsgError } from "../../lib/core/errors";
import { TerraformDocument, loadDocuments, loadTerraform } from "../../lib/terraform/documents";
import { readDocuments } from "../../lib/terraform/reader";
import { parseWhenClean } from "../../lib/terraform/sources/json-fast-path";
import { parseStrictly } from "../../lib/terraform/sources/json-file";
import { MAX_FILE_BYTES, MAX_NESTING_DEPTH } from "../../lib/terraform/sources/limits";
import { withNumberAsWritten, writtenNumber, writtenNumberAt } from "../../lib/terraform/sources/written-numbers";
import { CONTROL_CHARACTER } from "../support/built-binary";

const RULE = "huaweicloud_networking_secgroup_rule";

/** A temp directory holding the files given (text or bytes as written). */
function dirWith(files: Readonly<Record<string, string | Buffer>>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hwsg-sources-"));
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

/** The error both loaders raise for `target` (they must agree), checked to be one clean line. */
async function bothFail(target: string): Promise<string> {
  const sync = catching(() => loadDocuments(target));
  const async = await loadTerraform(target).then(
    () => undefined,
    (e: unknown) => e,
  );
  for (const e of [sync, async]) {
    expect(e).toBeInstanceOf(HwsgError);
    const message = (e as Error).message;
    expect(message).not.toMatch(/\n/);
    expect(message).not.toMatch(CONTROL_CHARACTER);
  }
  expect((async as Error).message).toBe((sync as Error).message);
  return (sync as Error).message;
}

function catching(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

const group = '"huaweicloud_networking_secgroup": { "web": { "name": "web" } }';
/** A file with one rule whose body is `body` (JSON text), line 1 to line 6. */
const withRule = (body: string): string => `{\n  "resource": {\n    ${group},\n    "${RULE}": {\n      "r": ${body}\n    }\n  }\n}\n`;
const ruleFields = '"security_group_id": "${huaweicloud_networking_secgroup.web.id}", "direction": "ingress", "ethertype": "IPv4", "protocol": "tcp", "ports": "22", "remote_ip_prefix": "10.0.0.0/8", "priority": 1';

describe("Terraform's JSON syntax, strictly", () => {
  test("a key set twice is an error naming the key and both places (the last one does not win)", async () => {
    const dir = dirWith({ "main.tf.json": withRule(`{ ${ruleFields},\n        "action": "deny", "action": "allow" }`) });
    const file = path.join(dir, "main.tf.json");
    expect(await bothFail(file)).toBe(`${file}:6:27: duplicate key "action" (already set at line 6, column 9): a key may be set only once in an object`);
  });

  test("duplicates are found after escapes are decoded, at any depth", async () => {
    const dir = dirWith({ "main.tf.json": '{"locals": {"a": [{"k": 1, "\\u006b": 2}]}}' });
    expect(await bothFail(path.join(dir, "main.tf.json"))).toMatch(/:1:28: duplicate key "k" \(already set at line 1, column 20\)/);
  });

  test.each([
    ["a trailing comma", '{"locals": {"a": 1,}}', /:1:20: not valid JSON: unexpected "}" after ",": a trailing comma is not allowed$/],
    ["a comment", '{\n  // note\n  "locals": {}\n}', /:2:3: not valid JSON: comments are not allowed/],
    ["a control character in a string", '{"locals": {"a": "x\u001b[2Ky"}}', /:1:20: not valid JSON: a control character \("\\u001b"\) in a string/],
    ["a control character between tokens", '{"locals": \u001b[2K{}}', /:1:12: not valid JSON: unexpected "\\u001b": expected a value/],
    ["text after the object", '{"locals": {}}\n\u009b31m', /:2:1: not valid JSON: unexpected "\\u009b31m" after the end of the JSON value$/],
    ["an unclosed object", '{"locals": {"a": [1, 2]', /:1:24: not valid JSON: unexpected end of file: the object opened at line 1, column 12 is not closed$/],
    ["single quotes", "{'locals': {}}", /:1:2: not valid JSON: unexpected "'locals": expected a key/],
    ["a leading zero", '{"locals": {"a": 01}}', /:1:18: not valid JSON: invalid number "01": JSON numbers are written like -12, 0.5 or 1e3$/],
    ["an incomplete number", '{"locals": {"a": -1.e5}}', /:1:18: not valid JSON: invalid number "-1.e5"/],
    ["an invalid escape", '{"locals": {"a": "ok\\x41"}}', /:1:21: not valid JSON: invalid escape "\\\\x" in a string/],
    ["an unclosed string", '{"locals": {"a": "abc\n"}}', /:1:18: not valid JSON: the string "abc is not closed before the end of its line$/],
    ["a keyword in capitals", '{"locals": {"a": True}}', /:1:18: not valid JSON: unexpected "True": expected a value/],
    ["an empty file", "", /:1:1: the file is empty/],
    ["an array at the top", "[]", /:1:1: a Terraform JSON file must hold an object at the top level$/],
  ])("%s is one line, file:line:column, the token escaped", async (_, text, message) => {
    const dir = dirWith({ "main.tf.json": text });
    expect(await bothFail(path.join(dir, "main.tf.json"))).toMatch(message);
  });

  test("a long token is cut in the message", async () => {
    const dir = dirWith({ "main.tf.json": `{"locals": ${"x".repeat(10_000)}}` });
    const message = await bothFail(path.join(dir, "main.tf.json"));
    expect(message.length).toBeLessThan(path.join(dir, "main.tf.json").length + 200);
  });

  test("__proto__ is an ordinary key, as JSON.parse reads it", () => {
    const dir = dirWith({ "main.tf.json": '{"locals": {"__proto__": {"polluted": true}}}' });
    const [doc] = loadDocuments(dir);
    const locals = doc.json.locals as Record<string, unknown>;
    expect(Object.keys(locals)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(locals)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test("the values read are the values JSON.parse reads, in the same order", () => {
    const text = fs.readFileSync(path.join(__dirname, "..", "fixtures", "reader", "web-db.tf.json"), "utf8");
    const [doc] = loadDocuments(path.join(__dirname, "..", "fixtures", "reader", "web-db.tf.json"));
    expect(JSON.stringify(doc.json)).toBe(JSON.stringify(JSON.parse(text)));
  });

  test("any JSON value reads as JSON.parse reads it, on the fast path and on the strict reader (property-based)", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.boolean(), (value, pretty) => {
        const text = JSON.stringify({ "//": value }, null, pretty ? 2 : undefined);
        const expected = JSON.stringify(JSON.parse(text));
        expect(JSON.stringify(parseStrictly("main.tf.json", text))).toBe(expected);
        const fast = parseWhenClean(text);
        // The fast path declines only a number a double cannot hold (none here: JSON.stringify wrote them).
        expect(fast && JSON.stringify(fast)).toBe(expected);
      }),
      { numRuns: 300 },
    );
    const dir = dirWith({ "main.tf.json": '{"locals": {"a": [1, {"b": "\\"}"}]}}' });
    expect(loadDocuments(dir)[0].json).toEqual({ locals: { a: [1, { b: '"}' }] } });
  });

  test("the fast path declines whatever the strict reader reports, so its message is the strict one", () => {
    for (const text of ['{"a": 1, "a": 1}', '{"a": {"b": {}, "b": {}}}', '{"a": [{"x": 1, "x": 2}]}', '{"a": 1e400}', '{"a": 1,}', "[]", `{"a": ${"[".repeat(300)}${"]".repeat(300)}}`]) {
      expect(parseWhenClean(text)).toBeUndefined();
    }
    // An escaped quote or colon inside a string is not structure.
    expect(parseWhenClean('{"a\\":": "x:\\"y", "b": {"c": ":"}}')).toEqual({ 'a":': 'x:"y', b: { c: ":" } });
  });

  test("a number a double cannot hold keeps its text (1e400 is not shown as null)", async () => {
    const dir = dirWith({ "main.tf.json": withRule(`{ ${ruleFields.replace('"priority": 1', '"priority": 1e400')}, "action": "allow", "ports_list": [1e-400, 2] }`) });
    for (const [doc] of [loadDocuments(dir), await loadTerraform(dir)]) {
      const body = ((doc.json.resource as Record<string, Record<string, unknown>>)[RULE] as Record<string, Record<string, unknown>>).r;
      expect(body.priority).toBe(Infinity);
      expect(writtenNumber(body, "priority")).toBe("1e400");
      expect(writtenNumber(body.ports_list, 0)).toBe("1e-400");
      expect(writtenNumber(body.ports_list, 1)).toBeUndefined();
      expect(writtenNumber(body, "direction")).toBeUndefined();
      expect(writtenNumberAt(body, "ports_list[0]")).toBe("1e-400");
    }
  });

  test("a validation message about such a number shows it as written (what the reader calls: withNumberAsWritten)", () => {
    const dir = dirWith({ "main.tf.json": withRule(`{ ${ruleFields.replace('"priority": 1', '"priority": 1e400')}, "action": "allow" }`) });
    const docs = loadDocuments(dir);
    const body = ((docs[0].json.resource as Record<string, Record<string, unknown>>)[RULE] as Record<string, Record<string, unknown>>).r;
    const e = catching(() => readDocuments(docs)) as Error;
    expect(e).toBeInstanceOf(HwsgError);
    const shown = withNumberAsWritten(e, body) as Error;
    expect(shown).toBeInstanceOf(HwsgError);
    expect(shown.message).toMatch(/: priority 1e400 is invalid: must be an integer from 1 to 100$/);
    const other = new Error("x");
    expect(withNumberAsWritten(other, body)).toBe(other);
  });
});

describe("files as Terraform reads them", () => {
  test("a file that is not UTF-8 is an error naming line and column, not a silent U+FFFD", async () => {
    const text = Buffer.concat([Buffer.from('{\n  "locals": {"a": "caf'), Buffer.from([0xe9]), Buffer.from('"}\n}\n')]);
    const dir = dirWith({ "main.tf.json": text });
    expect(await bothFail(path.join(dir, "main.tf.json"))).toMatch(/main\.tf\.json:2:23: not valid UTF-8 \(byte 0xe9\)/);
  });

  test.each([
    ["an overlong encoding", [0xc0, 0xaf]],
    ["a surrogate", [0xed, 0xa0, 0x80]],
    ["a truncated sequence", [0xe2, 0x82]],
    ["a code point beyond U+10FFFF", [0xf4, 0x90, 0x80, 0x80]],
  ])("%s is not UTF-8", async (_, bytes) => {
    const dir = dirWith({ "main.tf.json": Buffer.concat([Buffer.from('{"locals": {"a": "'), Buffer.from(bytes), Buffer.from('"}}')]) });
    expect(await bothFail(path.join(dir, "main.tf.json"))).toMatch(/:1:19: not valid UTF-8/);
  });

  test("a file larger than the limit is refused before it is read (a sparse file: nothing is written)", async () => {
    const dir = dirWith({});
    const file = path.join(dir, "main.tf.json");
    fs.writeFileSync(file, "");
    fs.truncateSync(file, MAX_FILE_BYTES + 1);
    expect(await bothFail(file)).toBe(`${file}: too large: 268435457 bytes, more than the 268435456 (256 MiB) hwsg reads from one file`);
  });

  test("a byte order mark is tolerated, in JSON and in HCL", async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const json = dirWith({ "main.tf.json": Buffer.concat([bom, Buffer.from('{"locals": {"a": "é"}}')]) });
    expect(loadDocuments(json)[0].json).toEqual({ locals: { a: "é" } });
    const hcl = dirWith({ "main.tf": Buffer.concat([bom, Buffer.from('locals {\n  a = "é"\n}\n')]) });
    expect((await loadTerraform(hcl))[0].json.locals).toEqual([{ a: "é" }]);
  });
});

describe("nesting is bounded, iteratively", () => {
  const nested = (depth: number): string => `{"//": ${"[".repeat(depth - 1)}${"]".repeat(depth - 1)}}`;

  test(`${MAX_NESTING_DEPTH} levels are read, one more is an error`, async () => {
    expect(loadDocuments(dirWith({ "main.tf.json": nested(MAX_NESTING_DEPTH) }))).toHaveLength(1);
    const dir = dirWith({ "main.tf.json": nested(MAX_NESTING_DEPTH + 1) });
    expect(await bothFail(path.join(dir, "main.tf.json"))).toMatch(new RegExp(`:1:${MAX_NESTING_DEPTH + 7}: nesting deeper than ${MAX_NESTING_DEPTH} levels`));
  });

  test("100,000 levels of JSON end with the same one line, not a stack overflow", async () => {
    const dir = dirWith({ "main.tf.json": `{"resource": {"${RULE}": {"r": {"tags": ${"{\"a\":".repeat(100_000)}1${"}".repeat(100_000)}}}}}` });
    expect(await bothFail(path.join(dir, "main.tf.json"))).toMatch(/: nesting deeper than 256 levels/);
  });

  test.each([2_000, 100_000])("%i levels of HCL are an error naming the line, before the HCL library", async (depth) => {
    const dir = dirWith({ "main.tf": `locals {\n  x = ${"[".repeat(depth)}${"]".repeat(depth)}\n}\n` });
    const e = await loadTerraform(dir).then(
      () => undefined,
      (x: unknown) => x as Error,
    );
    expect(e).toBeInstanceOf(HwsgError);
    expect(e!.message).toBe(`${path.join(dir, "main.tf")}:2: nesting deeper than ${MAX_NESTING_DEPTH} levels of blocks, brackets, parentheses, strings and templates (the limit hwsg reads; real configurations stay far below it)`);
  });

  test("template sequences within strings count; brackets in comments, strings and heredocs do not", async () => {
    const deepTemplate = `locals {\n  x = "${"${[".repeat(200)}${"]}".repeat(200)}"\n}\n`;
    expect((await catchingAsync(() => loadTerraform(dirWith({ "main.tf": deepTemplate })))) as Error).toBeInstanceOf(HwsgError);
    const text = `# ${"{".repeat(300)}\n/* ${"[".repeat(300)} */\nlocals {\n  a = "${"(".repeat(300)}"\n  b = <<EOT\n${"{".repeat(300)}\nEOT\n  c = <<-EOT\n    ${"[".repeat(300)}\n    EOT\n}\n`;
    const [doc] = await loadTerraform(dirWith({ "main.tf": text }));
    expect(Object.keys((doc.json.locals as Array<Record<string, unknown>>)[0])).toEqual(["a", "b", "c"]);
  });
});

async function catchingAsync(f: () => Promise<unknown>): Promise<unknown> {
  return f().then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe("the top level holds Terraform's block types only", () => {
  test('a "resources" typo is an error naming the key, what is allowed, and a hint', async () => {
    const dir = dirWith({ "main.tf.json": `{\n  "//": "x",\n  "resources": {}\n}\n` });
    const file = path.join(dir, "main.tf.json");
    expect(await bothFail(file)).toBe(
      `${file}:3:3: unknown top-level key "resources": Terraform allows only terraform, provider, variable, locals, output, module, resource, data, ephemeral, action, moved, removed, import, check and "//" (a comment) here; did you mean "resource"?`,
    );
  });

  test("in HCL too, with its line", async () => {
    const dir = dirWith({ "main.tf": `# resources\nlocals {}\n\n  resources "a" "b" {\n}\n` });
    const e = (await catchingAsync(() => loadTerraform(dir))) as Error;
    expect(e.message).toMatch(new RegExp(`^${escapeRegExp(path.join(dir, "main.tf"))}:4:3: unknown top-level key "resources".*did you mean "resource"\\?$`));
  });

  test("required_providers at the top is pointed inside terraform; a key far from any has no hint", async () => {
    expect(await bothFail(path.join(dirWith({ "a.tf.json": '{"required_providers": {}}' }), "a.tf.json"))).toMatch(/belongs inside the "terraform" block$/);
    expect(await bothFail(path.join(dirWith({ "a.tf.json": '{"security": {}}' }), "a.tf.json"))).toMatch(/\(a comment\) here$/);
  });

  test("every block type Terraform allows is accepted", () => {
    const json = { "//": "c", terraform: {}, provider: {}, variable: {}, locals: {}, output: {}, module: {}, resource: {}, data: {}, ephemeral: {}, action: {}, moved: {}, removed: {}, import: {}, check: {} };
    expect(loadDocuments(dirWith({ "main.tf.json": JSON.stringify(json) }))).toHaveLength(1);
  });
});

describe("names are identifiers", () => {
  test.each([
    ["a resource name starting with a digit", { resource: { huaweicloud_vpc: { "1vpc": { cidr: "10.0.0.0/16" } } } }, 'resource "huaweicloud_vpc": invalid resource name "1vpc"'],
    ["a resource name with a dot", { resource: { huaweicloud_vpc: { "a.b": { cidr: "10.0.0.0/16" } } } }, 'resource "huaweicloud_vpc": invalid resource name "a.b"'],
    ["a resource name with a control character", { resource: { huaweicloud_vpc: { "a\u001b[2K": { cidr: "10.0.0.0/16" } } } }, 'resource "huaweicloud_vpc": invalid resource name "a\\u001b[2K"'],
    ["a resource type starting with a dash", { resource: { "-vpc": { a: {} } } }, 'resource: invalid resource type name "-vpc"'],
    ["a data source name", { data: { huaweicloud_vpc: { "x y": {} } } }, 'data "huaweicloud_vpc": invalid data source name "x y"'],
    ["a variable name", { variable: { "9": {} } }, 'variable: invalid variable name "9"'],
    ["a reserved variable name", { variable: { count: {} } }, 'variable: invalid variable name "count": the name is reserved'],
    ["a local name", { locals: { "a/b": 1 } }, 'locals: invalid local value name "a/b"'],
    ["an output name", { output: { "": { value: 1 } } }, 'output: invalid output name ""'],
    ["a module name", { module: { "m!": { source: "./m" } } }, 'module: invalid module name "m!"'],
  ])("%s is an error naming file, block and name", async (_, json, message) => {
    const dir = dirWith({ "main.tf.json": JSON.stringify(json) });
    const file = path.join(dir, "main.tf.json");
    for (const docs of [loadDocuments(dir), await loadTerraform(dir)]) {
      const e = catching(() => readDocuments(docs)) as Error;
      expect(e).toBeInstanceOf(HwsgError);
      expect(e.message.startsWith(`${file}: ${message}`)).toBe(true);
      expect(e.message).not.toMatch(CONTROL_CHARACTER);
    }
  });

  test("names with dashes, underscores and letters beyond ASCII are identifiers", () => {
    const json = { resource: { huaweicloud_vpc: { "_a-b": { name: "a", cidr: "10.0.0.0/16" }, "répertoire_2": { name: "b", cidr: "10.1.0.0/16" } } } };
    expect(() => readDocuments(loadDocuments(dirWith({ "main.tf.json": JSON.stringify(json) })))).not.toThrow();
  });
});

describe("only readable regular files and directories are read", () => {
  const asRoot = process.getuid?.() === 0;

  test("/dev/null is refused, naming what it is", async () => {
    expect(await bothFail("/dev/null")).toBe("/dev/null: a character device, not a regular file or directory: hwsg reads Terraform from files and directories only");
  });

  test("a link to /dev/zero is refused without reading it", async () => {
    const dir = dirWith({});
    fs.symlinkSync("/dev/zero", path.join(dir, "main.tf.json"));
    expect(await bothFail(path.join(dir, "main.tf.json"))).toMatch(/main\.tf\.json: a character device, not a regular file or directory/);
    // In a directory too: an entry named like a Terraform file must be one.
    expect(await bothFail(dir)).toMatch(/main\.tf\.json: cannot be read: a character device, not a regular file$/);
  });

  test("a named pipe is refused without blocking, given or in a directory", async () => {
    const dir = dirWith({});
    const fifo = path.join(dir, "main.tf.json");
    execFileSync("mkfifo", [fifo]);
    expect(await bothFail(fifo)).toBe(`${fifo}: a named pipe (FIFO), not a regular file or directory: hwsg reads Terraform from files and directories only`);
    expect(await bothFail(dir)).toBe(`${fifo}: cannot be read: a named pipe (FIFO), not a regular file`);
  });

  test("a symbolic link loop says so (not 'no such file')", async () => {
    const dir = dirWith({});
    fs.symlinkSync("b.tf.json", path.join(dir, "a.tf.json"));
    fs.symlinkSync("a.tf.json", path.join(dir, "b.tf.json"));
    expect(await bothFail(path.join(dir, "a.tf.json"))).toBe(`${path.join(dir, "a.tf.json")}: too many levels of symbolic links`);
    expect(await bothFail(dir)).toBe(`${path.join(dir, "a.tf.json")}: cannot be read: too many levels of symbolic links`);
  });

  test("a path through a file says it is not a directory", async () => {
    const dir = dirWith({ "main.tf.json": "{}" });
    expect(await bothFail(path.join(dir, "main.tf.json", "x.tf.json"))).toMatch(/x\.tf\.json: not a directory/);
  });

  test("a missing path says so", async () => {
    expect(await bothFail("/nonexistent/main.tf.json")).toBe("/nonexistent/main.tf.json: no such file or directory");
  });

  // As root, permissions are not enforced: EACCES cannot happen there, so the case is skipped.
  (asRoot ? test.skip : test)("an unreadable directory or file says permission denied", async () => {
    const dir = dirWith({ "main.tf.json": "{}" });
    fs.chmodSync(path.join(dir, "main.tf.json"), 0o000);
    expect(await bothFail(path.join(dir, "main.tf.json"))).toMatch(/main\.tf\.json: cannot be read: permission denied$/);
    fs.chmodSync(dir, 0o000);
    try {
      expect(await bothFail(dir)).toMatch(/: permission denied$/);
    } finally {
      fs.chmodSync(dir, 0o700);
    }
  });

  test("a directory named like a Terraform file is passed over, as Terraform does", () => {
    const dir = dirWith({ "main.tf.json": '{"locals": {}}' });
    fs.mkdirSync(path.join(dir, "old.tf.json"));
    expect(loadDocuments(dir).map((d) => path.basename(d.file))).toEqual(["main.tf.json"]);
  });
});

describe("hwsg's own reports are never read as Terraform", () => {
  const report = JSON.stringify({ schema: "hwsg/check@1", files: ["main.tf.json"], findings: [] });

  test("in a directory, a report is skipped with a warning", async () => {
    const dir = dirWith({ "main.tf.json": '{"locals": {}}', "report.tf.json": report });
    for (const docs of [loadDocuments(dir), await loadTerraform(dir)] as TerraformDocument[][]) {
      expect(docs.map((d) => path.basename(d.file))).toEqual(["main.tf.json"]);
      expect(docs[0].warnings).toEqual([`${path.join(dir, "report.tf.json")}: skipped: an hwsg report (schema hwsg/check@1), not Terraform`]);
    }
  });

  test("given as the input, or alone in a directory, it is an error saying what it is", async () => {
    const dir = dirWith({ "report.tf.json": report });
    expect(await bothFail(path.join(dir, "report.tf.json"))).toBe(`${path.join(dir, "report.tf.json")}: an hwsg report (schema hwsg/check@1), not Terraform: give the Terraform it was made from`);
    expect(await bothFail(dir)).toBe(`${dir}: no Terraform here: its only file is an hwsg report (report.tf.json)`);
  });

  test("a schema that is not hwsg's is an unknown top-level key as usual", async () => {
    const dir = dirWith({ "main.tf.json": '{"schema": "other/1"}' });
    expect(await bothFail(path.join(dir, "main.tf.json"))).toMatch(/unknown top-level key "schema"/);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
