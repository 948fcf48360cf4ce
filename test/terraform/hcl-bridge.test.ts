/**
 * The synchronous bridge to @cdktf/hcl2json's WebAssembly parser answers exactly what the
 * library's own (async) entry points answer: the synth-time checks and the CLI use one parser.
 */
import { fromTypeAst } from "../../lib/terraform/expression";
import { expressionAst } from "../../lib/terraform/hcl";
import { expressionAstSync, parseHclSync } from "../../lib/terraform/hcl-bridge";
import { prepareDocumentsSync } from "../../lib/terraform/documents";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const library = require("@cdktf/hcl2json") as {
  getExpressionAst(file: string, expression: string): Promise<unknown>;
  parse(file: string, text: string): Promise<unknown>;
};

const EXPRESSIONS = [
  '<<EOT\n${cidrhost("10.0.0.0/24", 5)}/32\nEOT\n',
  "<<EOT\n${[for k, v in var.rules : v.cidr if v.enabled]}\nEOT\n",
  '<<EOT\n${each.value.port == 22 ? "ssh" : join(",", local.ports)}\nEOT\n',
  "<<EOT\n%{ for p in var.ports }${p},%{ endfor }\nEOT\n",
  "map(object({ cidr = string, port = optional(number, 22) }))",
];

describe("the synchronous bridge", () => {
  it.each(EXPRESSIONS)("gives the library's syntax tree for %j", async (expression) => {
    expect(expressionAstSync("x.tf", expression)).toEqual(await library.getExpressionAst("x.tf", expression));
  });

  it("gives the library's JSON form of a .tf file", async () => {
    const text = 'variable "cidr" {\n  default = "10.0.0.0/8"\n}\nresource "huaweicloud_networking_secgroup" "g" {\n  name = "g-${var.cidr}"\n}\n';
    expect(parseHclSync("main.tf", text)).toEqual(await library.parse("main.tf", text));
  });

  it("throws the parser's message for an invalid expression, and keeps answering after it", () => {
    expect(() => expressionAstSync("x.tf", '<<EOT\n${cidrhost("10.0.0.0/24", \nEOT\n')).toThrow(/Unterminated function call/);
    expect(expressionAstSync("x.tf", "1 + 1")).not.toBeNull();
  });

  it("a primitive type skips the parser with the very expression the parser's tree converts to", () => {
    for (const type of ["string", "number", "bool", "any"]) {
      const prepared = prepareDocumentsSync([{ file: "x.tf.json", json: { variable: { v: { type } } } }]);
      expect(prepared[0].types?.get(type)).toEqual(fromTypeAst(expressionAst("x.tf", type), type));
    }
  });
});
