/**
 * The expression evaluator, expression by expression (written in HCL, parsed by hcl2json's
 * getExpressionAst, evaluated as a local): the whitelisted functions as Terraform defines them,
 * operators, conditionals, for expressions, splats, templates, variable type conversion, and
 * what stays unknown or is refused.
 */
import { UnknownValue } from "../../lib/terraform/unknowns";
import { isSet } from "../../lib/terraform/values";
import { evalExpr } from "./hcl-helpers";

const unknown = (reason: string | RegExp): { unknown: string | RegExp } => ({ unknown: reason });

/** The value, an unknown's reason as `{ unknown }`, or an error as `{ error }`. */
async function value(expression: string, variables = ""): Promise<unknown> {
  // hcl2json folds constant templates itself ("${null}x" arrives as "nullx"), so null comes from a local.
  const v = await evalExpr(expression, `${variables}\nlocals {\n  nothing = null\n}`);
  if (v instanceof UnknownValue) return { unknown: v.reason };
  return v;
}

function check(actual: unknown, expected: unknown): void {
  if (typeof expected === "object" && expected !== null && "unknown" in expected && (expected as { unknown: unknown }).unknown instanceof RegExp) {
    expect(actual).toEqual({ unknown: expect.stringMatching((expected as { unknown: RegExp }).unknown) });
  } else expect(actual).toEqual(expected);
}

describe("functions", () => {
  test.each<[string, unknown]>([
    ['toset(["b", "a", "b"])', ["a", "b"]],
    ['toset(["b", 1, true])', ["1", "b", "true"]],
    ['tolist(toset(["web", "app"]))', ["app", "web"]],
    ['tolist(["a", 1])', ["a", "1"]],
    ['tomap({ a = 1, b = "x" })', { a: "1", b: "x" }],
    ["tostring(42)", "42"],
    ["tostring(true)", "true"],
    ["tostring(null)", null],
    ['tonumber("22")', 22],
    ['tonumber("1.5")', 1.5],
    ['length("héllo")', 5],
    ['length("👍🏽")', 1],
    ["length([1, 2, 3])", 3],
    ['length({ a = 1, b = 2 })', 2],
    ['length(toset(["a", "a"]))', 1],
    ['element(["a", "b", "c"], 1)', "b"],
    ['element(["a", "b", "c"], 5)', "c"],
    ['lookup({ a = 1 }, "a", 2)', 1],
    ['lookup({ a = 1 }, "b", 2)', 2],
    ['join(",", [80, 443], ["8080"])', "80,443,8080"],
    ['join("-", [])', ""],
    ["concat([1], [2, 3], [])", [1, 2, 3]],
    ["merge({ a = 1, b = 2 }, null, { b = 3 })", { a: 1, b: 3 }],
    ['flatten([["a"], [["b"], []], "c"])', ["a", "b", "c"]],
    ["keys({ b = 1, a = 2, B = 3 })", ["B", "a", "b"]],
    ["values({ b = 1, a = 2 })", [2, 1]],
    ['format("%s-%d", "web", 3)', "web-3"],
    ['format("100%%")', "100%"],
    ['cidrsubnet("10.0.0.0/16", 8, 2)', "10.0.2.0/24"],
    ['cidrsubnet("10.1.2.3/16", 4, 15)', "10.1.240.0/20"],
    ['cidrsubnet("fd00:fd12:3456:7890::/56", 16, 162)', "fd00:fd12:3456:7800:a200::/72"],
    ['cidrhost("10.12.112.0/20", 16)', "10.12.112.16"],
    ['cidrhost("10.12.112.0/20", 268)', "10.12.113.12"],
    ['cidrhost("10.0.0.0/24", -2)', "10.0.0.254"],
    ['join(",", [for p in [22, 80] : tostring(p)]...)', { error: expect.stringContaining("join(...)") }],
  ])("%s", async (expression, expected) => {
    check(await value(expression), expected);
  });

  test("toset makes a set, tolist a list", async () => {
    expect(isSet(await evalExpr('toset(["a"])'))).toBe(true);
    expect(isSet(await evalExpr('tolist(toset(["a"]))'))).toBe(false);
  });

  test.each<[string, string]>([
    ['element([], 0)', "element(...): element cannot read from an empty list"],
    ['element(["a"], -1)', "element(...): element's index -1 is negative"],
    ['element(toset(["a"]), 0)', "element(...): element's list must be a list or tuple, not a set"],
    ['lookup({ a = 1 }, "b")', 'lookup(...): lookup failed to find key "b" (keys: a)'],
    ['cidrsubnet("10.0.0.0/30", 4, 0)', "cidrsubnet(...): cidrsubnet: insufficient address space to extend prefix of 30 by 4"],
    ['cidrsubnet("10.0.0.0/16", 2, 4)', "cidrsubnet(...): cidrsubnet: prefix extension of 2 does not accommodate a subnet numbered 4"],
    ['cidrsubnet("10.0.0.0", 2, 1)', 'cidrsubnet(...): cidrsubnet\'s prefix "10.0.0.0" is not a CIDR block'],
    ['cidrhost("10.0.0.0/30", 4)', "cidrhost(...): cidrhost: prefix of 30 does not accommodate a host numbered 4"],
    ['format("%s %s", "a")', "format(...): format has not enough arguments for %s at position 2"],
    ['format("%s", "a", "b")', "format(...): format has too many arguments: only 1 used by the specification"],
    ['format("%d", 1.5)', "format(...): format's argument 1 for %d must be a whole number (it is 1.5)"],
    ['tonumber("x")', 'tonumber(...): tonumber\'s argument must be a number, not "x"'],
    ["length(5)", "length(...): length's argument must be a string, list, set or map, not a number"],
    ["concat(toset([1]))", "concat(...): concat's argument 1 must be a list or tuple, not a set"],
    ['merge({ a = 1 }, ["b"])', "merge(...): merge's argument 2 must be a map or object, not a list"],
    ['toset(["a", null])', "toset(...): toset's argument element 1 is null: a set cannot hold null"],
    ['join(",", ["a", null])', "join(...): join's list 1 element 1 is null"],
    ["tostring([1])", "tostring(...): tostring's argument must be a string, number or bool, not a list"],
  ])("%s is refused", async (expression, message) => {
    const v = (await value(expression)) as { error?: string };
    expect(v.error).toBe(`test.tf: local: x ${JSON.stringify(expression)} is invalid: ${message}`);
  });

  test.each<[string, unknown]>([
    ['title("a")', unknown("the function title is not evaluated statically")],
    ['format("%v", 1)', unknown("the format verb %v is not evaluated statically (only %s, %d and %% are)")],
    ["length(var.nodefault)", unknown(/^the variable nodefault has no default/)],
    ['lookup({ a = 1 }, var.nodefault, 2)', unknown(/^the variable nodefault has no default/)],
    ["length([var.nodefault, 1])", 2],
    ['concat(["a"], [var.nodefault])', ["a", unknown(/^the variable nodefault has no default/)]],
  ])("%s", async (expression, expected) => {
    const v = await value(expression, 'variable "nodefault" {}');
    if (Array.isArray(expected)) {
      const arr = v as unknown[];
      expect(arr[0]).toBe(expected[0]);
      expect(arr[1]).toBeInstanceOf(UnknownValue);
    } else check(v, expected);
  });
});

describe("operators, conditionals, for expressions, splats", () => {
  test.each<[string, unknown]>([
    ["1 + 2 * 3", 7],
    ["(1 + 2) * 3", 9],
    ["7 % 3", 1],
    ["7 / 2", 3.5],
    ["-(2 - 5)", 3],
    ['"22" + 1', 23],
    ["3 > 2 && 2 >= 2", true],
    ["1 < 1 || 1 <= 0", false],
    ["!true", false],
    ['"a" == "a"', true],
    ['1 == "1"', false],
    ["[1, [2]] == [1, [2]]", true],
    ['{ a = 1 } != { a = 2 }', true],
    ['true ? "yes" : "no"', "yes"],
    ['1 > 2 ? "yes" : "no"', "no"],
    ["[for x in [1, 2, 3] : x * 10 if x != 2]", [10, 30]],
    ["[for i, x in [\"a\", \"b\"] : \"${i}:${x}\"]", ["0:a", "1:b"]],
    ["{ for k, v in { b = 2, a = 1 } : v => k }", { "1": "a", "2": "b" }],
    ["[for k, v in { b = 2, a = 1 } : k]", ["a", "b"]],
    ['[for s in toset(["z", "y"]) : s]', ["y", "z"]],
    ['{ for x in ["a", "bb", "cc"] : length(x) => x... }', { "1": ["a"], "2": ["bb", "cc"] }],
    ['[{ n = 1 }, { n = 2 }][*].n', [1, 2]],
    ['[{ n = { m = 1 } }].*.n.m', [1]],
    ["null[*]", []],
    ['{ a = 1 }["a"]', 1],
    ['[["x", "y"]][0][1]', "y"],
    ['{ for r in [{ name = "ssh", port = 22 }] : r.name => r }["ssh"].port', 22],
  ])("%s", async (expression, expected) => {
    check(await value(expression), expected);
  });

  test.each<[string, string]>([
    ["1 / 0", "division by zero (1 / 0)"],
    ['"a" * 2', 'the left side of * must be a number, not "a"'],
    ['1 ? "a" : "b"', "the condition must be true or false, not 1"],
    ["[1, 2][2]", "index 2 is out of range: the list has 2 elements"],
    ['{ a = 1 }.b', 'has no attribute or key "b" (it has "a")'],
    ['toset(["a"])[0]', 'a set cannot be indexed ([0]): convert it with tolist() first'],
    ['"${local.nothing}x"', "a string template cannot include a null value"],
    ['"a${[1]}"', "a string template cannot include a list"],
    ["[for x in 5 : x]", "a for expression cannot iterate over a number"],
    ['{ for x in ["a"] : null => x }', "an object key must be a string, not null"],
  ])("%s is refused", async (expression, message) => {
    const v = (await value(expression)) as { error?: string };
    expect(v.error).toBe(`test.tf: local: x ${JSON.stringify(expression)} is invalid: ${message}`);
  });

  test.each<[string, unknown]>([
    ["var.nodefault == 1", unknown(/^the variable nodefault has no default/)],
    ['var.nodefault ? "a" : "b"', unknown(/^the variable nodefault has no default/)],
    ["false && var.nodefault", false],
    ["true || var.nodefault", true],
    ["[for x in var.nodefault : x]", unknown(/^the variable nodefault has no default/)],
    ['"${var.nodefault}-x"', unknown(/^the variable nodefault has no default/)],
    ["path.module", "."],
    ["module.net.vpc_id", { error: expect.stringContaining("refers to module.net, which is not called in this module") }],
  ])("%s", async (expression, expected) => {
    check(await value(expression, 'variable "nodefault" {}'), expected);
  });
});

describe("templates and strings", () => {
  test.each<[string, unknown]>([
    ['"${1}"', 1],
    ['"${"x"}"', "x"],
    ['"a-${1}-${true}"', "a-1-true"],
    ['"$${literal}"', "${literal}"],
    ['"%%{literal}"', "%{literal}"],
    ['"${join("\\n", ["a", "b"])}"', "a\nb"],
    ['"q\\"uote ${"in\\"side"}"', 'q"uote in"side'],
    ['"%{ if true }yes%{ else }no%{ endif }"', "yes"],
    ['"%{ for p in [1, 2] }${p};%{ endfor }"', "1;2;"],
    ["<<EOT\nline ${1}\nEOT", "line 1\n"],
    ['"é ${"ü"}"', "é ü"],
  ])("%s", async (expression, expected) => {
    check(await value(expression), expected);
  });
});

describe("variables: defaults converted to their types", () => {
  const decl = (type: string, dflt: string): string => `variable "v" {\n  type    = ${type}\n  default = ${dflt}\n}`;

  test.each<[string, string, unknown]>([
    ["number", '"22"', 22],
    ["string", "22", "22"],
    ["bool", '"true"', true],
    ["list(number)", '["1", 2]', [1, 2]],
    ["set(string)", '["b", "a", "b"]', ["a", "b"]],
    ["map(number)", '{ a = "1" }', { a: 1 }],
    ["object({ port = number, cidr = optional(string, \"0.0.0.0/0\"), prio = optional(number) })", "{ port = 22, extra = 1 }", { port: 22, cidr: "0.0.0.0/0", prio: null }],
    ["map(object({ port = number, prio = optional(number, 1) }))", "{ a = { port = 1 }, b = { port = 2, prio = 5 } }", { a: { port: 1, prio: 1 }, b: { port: 2, prio: 5 } }],
    ["tuple([string, number])", '["a", "1"]', ["a", 1]],
    ["any", "[1, \"a\"]", [1, "a"]],
  ])("type %s, default %s", async (type, dflt, expected) => {
    check(await value("var.v", decl(type, dflt)), expected);
  });

  test("a set(string) default is a set (it can drive for_each)", async () => {
    expect(isSet(await evalExpr("var.v", decl("set(string)", '["a"]')))).toBe(true);
  });

  test("a default is literal: ${ in it is not a reference ($${ in HCL is the escape for ${)", async () => {
    check(await value("var.v", 'variable "v" {\n  default = "$${x}"\n}'), "${x}");
  });

  test("a variable with default = null is null", async () => {
    check(await value("var.v", 'variable "v" {\n  default = null\n}'), null);
  });

  test("an undeclared variable and an undefined local are refused", async () => {
    expect(((await value("var.nope")) as { error: string }).error).toContain("refers to variable nope, which is not declared");
    expect(((await value("local.nope")) as { error: string }).error).toContain("refers to local nope, which is not defined");
  });
});
