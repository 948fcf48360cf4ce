/**
 * The limits of lib/terraform/limits.ts at their edges, in process: what a real configuration
 * needs passes (100,000 instances of one block, values nested a few hundred levels, a string of
 * millions of characters), one more is refused with a LimitExceeded naming the limit.
 */
import { Configuration } from "../../lib/terraform/configuration";
import { LimitExceeded, MAX_INSTANCES_PER_BLOCK, MAX_NESTING_DEPTH } from "../../lib/terraform/limits";
import { evalExpr } from "./hcl-helpers";

function counted(count: number): Configuration {
  const body = { name: "g", count };
  return new Configuration([{ file: "main.tf.json", json: { resource: { huaweicloud_networking_secgroup: { g: body } } } }]);
}

test("count at the limit makes its instances; one more is refused before any is made", () => {
  const config = counted(MAX_INSTANCES_PER_BLOCK);
  const expansion = config.expansion(config.ofType("huaweicloud_networking_secgroup")[0]);
  expect(expansion.known && expansion.instances.length).toBe(100_000);
  const over = counted(MAX_INSTANCES_PER_BLOCK + 1);
  const block = over.ofType("huaweicloud_networking_secgroup")[0];
  expect(() => over.expansion(block)).toThrow(LimitExceeded);
  expect(() => over.expansion(block)).toThrow("main.tf.json: huaweicloud_networking_secgroup.g: count 100001 is invalid: would make 100,001 instances of one resource block: the limit is 100,000");
});

test("a value nested just under the limit is read (the stack holds it); deeper is refused", () => {
  const nested = (n: number): unknown => {
    let v: unknown = "${var.one}";
    for (let i = 0; i < n; i++) v = [v];
    return v;
  };
  const read = (n: number): unknown => {
    const json = { variable: { one: { default: 1 } }, resource: { huaweicloud_networking_secgroup: { g: { name: "g", tags: nested(n) } } } };
    const config = new Configuration([{ file: "main.tf.json", json }]);
    const block = config.ofType("huaweicloud_networking_secgroup")[0];
    const expansion = config.expansion(block);
    if (!expansion.known) throw new Error("test bug: no instance");
    return config.resolve(expansion.instances[0], "tags", block.body.tags);
  };
  let v = read(MAX_NESTING_DEPTH - 10);
  for (let i = 0; i < MAX_NESTING_DEPTH - 10; i++) v = (v as unknown[])[0];
  expect(v).toBe(1);
  expect(() => read(MAX_NESTING_DEPTH + 10)).toThrow(LimitExceeded);
  expect(() => read(MAX_NESTING_DEPTH + 10)).toThrow(`nests deeper than ${MAX_NESTING_DEPTH} levels (the limit)`);
});

test("a string of 16 Mi characters is built; one character more is refused", async () => {
  const k = 'locals {\n  k = join("", [for j in range(1024) : "0123456789abcdef"])\n}\n';
  const at = await evalExpr('join("", [for i in range(1024) : local.k])', k);
  expect(typeof at === "string" && at.length).toBe(16 * 1024 * 1024);
  const over = await evalExpr('join("", [for i in range(1024) : local.k], ["x"])', k);
  expect(over).toEqual({ error: expect.stringContaining("join's result would be 16,777,217 characters long: the limit is 16,777,216") });
});
