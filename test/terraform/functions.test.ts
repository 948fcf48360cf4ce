/**
 * The functions of issue 12 (item 5), each against Terraform's documented behaviour (the
 * examples of each function's page in Terraform's documentation where it has them), written in
 * HCL and evaluated through the prepared-expression path; and try/can with unknown values, which
 * are unknown when an argument depends on one (HCL's tryfunc), not the fallback.
 */
import { UnknownValue } from "../../lib/terraform/unknowns";
import { isSet } from "../../lib/terraform/values";
import { evalExpr } from "./hcl-helpers";

const VARIABLES = `
variable "m" {
  default = { a = 1, nested = { b = "x" } }
}
variable "nodefault" {}
variable "rules" {
  default = [{ port = 22 }, { port = 443, priority = 5 }]
}
`;

/** The value, an unknown's reason as `{ unknown }`, or an error as `{ error }`. */
async function value(expression: string): Promise<unknown> {
  const v = await evalExpr(expression, VARIABLES);
  if (v instanceof UnknownValue) return { unknown: v.reason };
  return v;
}

const UNKNOWN = { unknown: expect.any(String) };
const error = (text: string | RegExp): { error: unknown } => ({ error: typeof text === "string" ? expect.stringContaining(text) : expect.stringMatching(text) });

describe("try and can", () => {
  test.each<[string, unknown]>([
    ["try(var.m.a, 0)", 1],
    ["try(var.m.missing, 0)", 0],
    ['try(var.m.nested.b, "d")', "x"],
    ['try(var.m.nested.c, var.m.nested.b, "d")', "x"],
    ['try(tonumber("x"), 5)', 5],
    ["[for r in var.rules : try(r.priority, 1)]", [1, 5]],
    // An argument that depends on an unknown value makes the result unknown (HCL's tryfunc).
    ['try(var.nodefault, "x")', UNKNOWN],
    ['try(var.nodefault.port, "x")', UNKNOWN],
    ['try(upper(var.nodefault), "x")', UNKNOWN],
    ["can(var.m.a)", true],
    ["can(var.m.missing)", false],
    ['can(regex("x", "y"))', UNKNOWN], // regex is not evaluated: whether it fails is not known
    ["can(var.nodefault)", UNKNOWN],
    ["try(var.m.missing)", error("try(...): no expression succeeded")],
    ["can(1, 2)", error("can() takes 1 argument")],
  ])("%s", async (expression, expected) => {
    expect(await value(expression)).toEqual(expected);
  });

  test("a reference to something undeclared is not caught by try: terraform validate rejects it first", async () => {
    expect(await value('try(var.undeclared, "x")')).toEqual(error("Reference to undeclared input variable: refers to variable undeclared, which is not declared"));
  });
});

describe("collection functions", () => {
  test.each<[string, unknown]>([
    ['coalesce("a", "b")', "a"],
    ['coalesce("", "b")', "b"],
    ["coalesce(1, 2)", 1],
    ['coalesce(null, "x")', "x"],
    ['coalesce("", null)', error("no non-null, non-empty-string arguments")],
    ['coalesce(var.nodefault, "x")', UNKNOWN],
    ['compact(["a", "", "b", "c"])', ["a", "b", "c"]],
    ['compact(["a", null, "b"])', ["a", "b"]],
    ['contains(["a", "b", "c"], "a")', true],
    ['contains(["a", "b", "c"], "d")', false],
    ['distinct(["a", "b", "a", "c", "d", "b"])', ["a", "b", "c", "d"]],
    [
      'setproduct(["development", "staging", "production"], ["app1", "app2"])',
      [["development", "app1"], ["development", "app2"], ["staging", "app1"], ["staging", "app2"], ["production", "app1"], ["production", "app2"]],
    ],
    ['setproduct(["a"], [])', []],
    ["range(3)", [0, 1, 2]],
    ["range(1, 4)", [1, 2, 3]],
    ["range(1, 8, 2)", [1, 3, 5, 7]],
    ["range(4, 1)", [4, 3, 2]],
    ["range(1, 4, 0.5)", [1, 1.5, 2, 2.5, 3, 3.5]],
    ["range(2000)", error("more than 1024 values were generated")],
    ["range(1, 4, -1)", error("end must be less than start when step is negative")],
  ])("%s", async (expression, expected) => {
    expect(await value(expression)).toEqual(expected);
  });

  test("setproduct of sets is a set", async () => {
    expect(isSet(await value('setproduct(toset(["b", "a"]), toset(["x"]))'))).toBe(true);
  });
});

describe("string functions", () => {
  test.each<[string, unknown]>([
    ['split(",", "foo,bar,baz")', ["foo", "bar", "baz"]],
    ['split(",", "foo")', ["foo"]],
    ['split(",", "")', [""]],
    ['replace("1 + 2 + 3", "+", "-")', "1 - 2 - 3"],
    ['replace("hello world", "/w.*d/", "everybody")', "hello everybody"],
    ['replace("a1b22", "/([0-9]+)/", "<$1>")', "a<1>b<22>"],
    ['replace("a1b22", "/(?P<n>[0-9]+)/", "<$${n}>")', "a<1>b<22>"],
    ['replace("ABC", "/(?i)b/", "x")', "AxC"],
    ['replace("abc", "", "-")', "-a-b-c-"],
    ['replace("aa", "/(a)\\\\1/", "x")', error("RE2 has no back-references")],
    ['replace("aaaa", "/(a+)+$/", "x")', UNKNOWN], // could backtrack exponentially in JavaScript: not guessed
    ['lower("HELLO")', "hello"],
    ['upper("hello")', "HELLO"],
    ['trimspace("  hello\\n\\n")', "hello"],
    ['format("%s-%d", "web", 3)', "web-3"],
  ])("%s", async (expression, expected) => {
    expect(await value(expression)).toEqual(expected);
  });
});

describe("numeric functions", () => {
  test.each<[string, unknown]>([
    ["floor(4.9)", 4],
    ["floor(5)", 5],
    ["ceil(5)", 5],
    ["ceil(5.1)", 6],
    ["min(12, 54, 3)", 3],
    ["max(12, 54, 3)", 54],
    ["max([12, 54, 3]...)", 54],
    ['min("2", 10)', 2],
    ["min()", error("min() takes at least 1 argument")],
    ["max(var.nodefault, 1)", UNKNOWN],
  ])("%s", async (expression, expected) => {
    expect(await value(expression)).toEqual(expected);
  });
});

describe("encoding functions", () => {
  test.each<[string, unknown]>([
    ['jsondecode("{\\"hello\\": \\"world\\"}")', { hello: "world" }],
    ['jsondecode("true")', true],
    ['jsondecode("{")', error("jsondecode(...): the argument is not valid JSON")],
    ['jsonencode({ "hello" = "world" })', '{"hello":"world"}'],
    ['jsonencode({ b = 1, a = "<x&y>" })', '{"a":"\\u003cx\\u0026y\\u003e","b":1}'],
    ["jsonencode([1, true, null])", "[1,true,null]"],
    ['yamldecode("hello: world")', { hello: "world" }],
    ['yamldecode("true")', true],
    ['yamldecode("{a: &a [1, 2], b: *a}")', { a: [1, 2], b: [1, 2] }],
    // YAML 1.2's core schema, as Terraform's decoder: "yes" is a string, 0o14 octal, ~ null.
    ['yamldecode("[yes, 0o14, ~, 1.5]")', ["yes", 12, null, 1.5]],
    ['yamldecode("a: 1\\na: 2")', error("the argument is not valid YAML")],
    ['yamldecode("a: 1\\n---\\nb: 2")', error("the argument is not valid YAML")],
    // A key written __proto__ is an ordinary key, kept through merge and for expressions.
    ['keys(merge(jsondecode("{\\"__proto__\\": 1}"), { b = 2 }))', ["__proto__", "b"]],
    ['keys({ for k, v in jsondecode("{\\"__proto__\\": 1}") : k => v })', ["__proto__"]],
  ])("%s", async (expression, expected) => {
    expect(await value(expression)).toEqual(expected);
  });
});

describe("network functions", () => {
  test.each<[string, unknown]>([
    ['cidrnetmask("172.16.0.0/12")', "255.240.0.0"],
    ['cidrnetmask("10.0.0.0/32")', "255.255.255.255"],
    ['cidrnetmask("fd00::/8")', error("only IPv4 networks are supported")],
    ['cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)', ["10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"]],
    ['cidrsubnets("fd00:fd12:3456:7890::/56", 16, 16, 16, 32)', ["fd00:fd12:3456:7800::/72", "fd00:fd12:3456:7800:100::/72", "fd00:fd12:3456:7800:200::/72", "fd00:fd12:3456:7800:300::/88"]],
    ['cidrsubnets("10.0.0.0/24", 1, 1, 1)', error("not enough remaining address space")],
    ['cidrsubnets("10.0.0.0/30", 3)', error("would extend prefix to 33 bits")],
  ])("%s", async (expression, expected) => {
    expect(await value(expression)).toEqual(expected);
  });
});

describe("file functions", () => {
  test("a missing file is an error, as Terraform's", async () => {
    expect(await value('file("no-such-file.txt")')).toEqual(error('no file exists at "no-such-file.txt"'));
  });

  test("a directory is not a file", async () => {
    expect(await value('file("${path.module}")')).toEqual(error("is not a regular file"));
  });
});
