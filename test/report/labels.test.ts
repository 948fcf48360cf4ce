/**
 * Labels of resource addresses: the resource name plus its key, parsed (a key may hold dots,
 * brackets and quotes), the module path kept; text that is not an address is its own label.
 */
import { matrixDiagram, renderMatrix, renderMermaid } from "../../lib/report";
import { parseResourceAddress, resourceLabel } from "../../lib/report/labels";
import { diffEndNames, matrixNodeNames } from "../../lib/report/names";
import { readMermaid } from "./lint-helpers";

const I = (name: string) => `huaweicloud_compute_instance.${name}`;

describe("resourceLabel", () => {
  it.each([
    [I("web1"), "web1"],
    [I(`vm["web.v1.2"]`), `vm["web.v1.2"]`],
    [I(`vm["a]b.c[d"]`), `vm["a]b.c[d"]`],
    [I(`vm["q\\".x"]`), `vm["q\\".x"]`],
    [I("vm[12]"), "vm[12]"],
    [`module.net[0].${I("vm")}`, "module.net[0].vm"],
    [`module.a.module.b["k.1"].${I(`vm["x.y"]`)}`, `module.a.module.b["k.1"].vm["x.y"]`],
    ["data.huaweicloud_networking_secgroup.shared", "data.shared"],
    ["huaweicloud_networking_secgroup.web", "web"],
  ])("%s is %s", (address, label) => {
    expect(resourceLabel(address)).toBe(label);
  });

  it.each(["internet", "0c1d2e3f-4a5b-6c7d-8e9f-a0b1c2d3e4f5", "sg.with.dots", "a.b[", `a.b["open`, `a.b["x"`, "a.b[x]", "a..b", "a.b.", ".a.b", "a[0].b", "a.b[1]x"])(
    "%s is not an address and is its own label",
    (text) => {
      expect(parseResourceAddress(text)).toBeUndefined();
      expect(resourceLabel(text)).toBe(text);
    },
  );

  it("parses the parts", () => {
    expect(parseResourceAddress(`module.net["eu.1"].${I(`vm["web.v1.2"]`)}`)).toEqual({
      modules: [{ name: "net", key: `["eu.1"]` }],
      data: false,
      type: "huaweicloud_compute_instance",
      resource: { name: "vm", key: `["web.v1.2"]` },
    });
  });
});

describe("node names in reports", () => {
  const nodes = [
    { id: I(`vm["web.v1.2"]`), kind: "instance" as const, label: `2"]` },
    { id: I(`vm["db.v1.2"]`), kind: "instance" as const, label: `2"]` },
    { id: `huaweicloud_networking_secgroup.g["a.b"]`, kind: "group" as const, label: `b"]` },
    { id: "internet", kind: "internet" as const, label: "internet" },
  ];
  const matrix = { version: 4 as const, nodes, cells: [{ from: "internet", to: nodes[0].id, services: [{ protocol: "tcp", ports: [[22, 22] as const] }], complete: true, example: "x", rule: null }] };

  it("names matrix nodes by resource name and key, whatever label the analysis gave", () => {
    expect([...matrixNodeNames(nodes).values()]).toEqual([`vm["web.v1.2"]`, `vm["db.v1.2"]`, `group g["a.b"]`, "internet"]);
  });

  it("writes those names in the text matrix and in the Mermaid diagram", () => {
    const text = renderMatrix({ files: ["main.tf.json"], matrix, unknowns: [], warnings: [] }, "text");
    expect(text).toContain(`internet → vm["web.v1.2"]: tcp 22`);
    expect(text).not.toMatch(/(^|\s)2"\]/m);
    const graph = readMermaid(renderMermaid(matrixDiagram(matrix)));
    expect([...graph.nodes.values()].map((n) => n.label)).toEqual([`vm["web.v1.2"]`, `vm["db.v1.2"]`, `group g["a.b"]`, "internet"]);
  });

  it("names diff ends the same way, module path included", () => {
    const end = (id: string) => ({ kind: "instance" as const, id, addresses: [] });
    const names = diffEndNames([end(I(`vm["web.v1.2"]`)), end(`module.x[0].${I("vm")}`)]);
    expect([...names.values()]).toEqual([`vm["web.v1.2"]`, "module.x[0].vm"]);
  });
});
