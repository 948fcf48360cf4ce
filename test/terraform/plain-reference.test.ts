/**
 * Plain whole-value references are parsed without the HCL library (prepareDocuments' fast path):
 * the result must be exactly what the library's tree converts to, and anything else must be
 * left to the library.
 */
import { fromHeredocAst, heredocOf, parsePlainReference } from "../../lib/terraform/expression";
import { expressionAst } from "../../lib/terraform/hcl";

async function byLibrary(text: string): Promise<unknown> {
  return fromHeredocAst(await expressionAst("main.tf.json", heredocOf(text)), text);
}

describe("parsePlainReference", () => {
  test.each([
    "${huaweicloud_networking_secgroup.web.id}",
    "${huaweicloud_compute_instance.web.network[0].port}",
    '${huaweicloud_networking_secgroup.tier["app"].id}',
    '${aws.x["a.b-c_1"].y}',
    "${var.x}",
    "${local.rules}",
    "${count.index}",
    "${each.value}",
    "${data.huaweicloud_networking_secgroup.shared.id}",
    "${a-b.c-d}",
    "${_a.b_}",
    "${a.true}",
    "${a.b[007]}",
    "${a.b[999999]}",
    "${a[0][1].c}",
  ])("%s: as the library parses it", async (text) => {
    const plain = parsePlainReference(text);
    expect(plain).toBeDefined();
    expect(plain).toEqual(await byLibrary(text));
  });

  test.each([
    "web",
    "${var.a}-${var.b}",
    "x${var.a}",
    "${ var.a }",
    "${var.a}\n",
    "${~var.a~}",
    "${true.x}",
    "${null.x}",
    "${var}",
    "${a.0.b}",
    "${a.b[1234567]}",
    "${a[var.k]}",
    "${a.b[*].c}",
    '${a["k\\"x"]}',
    "${f(a.b)}",
    "$${a.b}",
  ])("%s: left to the library", (text) => {
    expect(parsePlainReference(text)).toBeUndefined();
  });
});
