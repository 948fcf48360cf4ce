/**
 * The adoption test's inputs, offline: the README's marked blocks (the user path the adoption
 * test follows literally) and the comparison of two apps' resource sections.
 */
import * as fs from "fs";
import * as path from "path";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { readmeBlocks, forCore } = require("./readme-blocks");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { resourceDifferences } = require("./same-resources");

const README = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");

describe("the README's user path", () => {
  const blocks: Map<string, string> = readmeBlocks(README);

  it("has the app's files, in the first section, using only hwsg's public entry points", () => {
    expect([...blocks.keys()]).toEqual(["stack.ts", "main.ts", "stack.test.ts"]);
    expect(README.indexOf("## Install and first stack")).toBeLessThan(README.indexOf("<!-- adoption: stack.ts -->"));
    expect(README.indexOf("## Install and first stack")).toBe(README.indexOf("## "));
    for (const text of blocks.values()) {
      const modules = [...text.matchAll(/from "([^"]+)"/g)].map((m) => m[1]);
      for (const m of modules) expect(["cdktf", "constructs", "hwsg", "hwsg/testing", "hwsg/provider-huaweicloud", "./stack"]).toContain(m);
    }
  });

  it("uses what the issue asks of the app: Fn.cidrhost, a variable as a peer, an iterator, all four patterns, an address group, three intents", () => {
    const stack = blocks.get("stack.ts")!;
    for (const needle of ["Fn.cidrhost(", "Peer.ipv4(office.stringValue)", "TerraformIterator.fromList(", "forEach: reporting", "new WebServerSg(", "new DatabaseSg(", "new BastionSg(", "new EgressWhitelistSg(", "new AddressGroup("]) {
      expect(stack).toContain(needle);
    }
    expect(stack.match(/ReachabilityIntent\.(every|none)\(/g)).toHaveLength(3);
    expect(blocks.get("stack.test.ts")).toMatch(/toAllowTraffic[\s\S]*toDenyTraffic[\s\S]*toHaveNoFindings/);
  });

  it("a cdktn app imports from cdktn where the README says so, and nothing from cdktf", () => {
    const cdktn: Map<string, string> = forCore(blocks, "cdktn");
    for (const [name, text] of cdktn) {
      expect(text).not.toContain('"cdktf"');
      expect({ name, imports: text.includes(`from "cdktn";`) }).toEqual({ name, imports: true });
    }
  });

  it("refuses a mark without a code block, an unclosed block and a file marked twice", () => {
    expect(() => readmeBlocks("<!-- adoption: a.ts -->\ntext\n")).toThrow(/not followed by a fenced code block/);
    expect(() => readmeBlocks("<!-- adoption: a.ts -->\n```ts\nx\n")).toThrow(/not closed/);
    expect(() => readmeBlocks("<!-- adoption: a.ts -->\n```ts\nx\n```\n<!-- adoption: a.ts -->\n```ts\ny\n```\n")).toThrow(/marked twice/);
    expect(readmeBlocks("<!-- adoption: a.ts -->\n````ts\nx\n```\ny\n````\n").get("a.ts")).toBe("x\n```\ny\n");
  });
});

describe("resourceDifferences", () => {
  const doc = (port: string) => ({ "//": { metadata: { version: port } }, resource: { r: { a: { ports: port, tags: ["x"] } } } });

  it("ignores everything but the resource section and finds each difference by path", () => {
    expect(resourceDifferences(doc("22"), { ...doc("22"), "//": { metadata: { version: "0.24.0" } } })).toEqual([]);
    expect(resourceDifferences(doc("22"), doc("23"))).toEqual(['resource.r.a.ports: "22" != "23"']);
    expect(resourceDifferences({ resource: { r: { a: {} } } }, { resource: { r: { a: {}, b: {} } } })).toEqual(["resource.r.b: undefined != {}"]);
  });

  it("fails when a document has no resource section", () => {
    expect(resourceDifferences({}, doc("22"))).toEqual(["the first document has no resource section"]);
  });
});
