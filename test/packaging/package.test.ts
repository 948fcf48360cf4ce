/**
 * What `npm pack` puts in the tarball: every entry point, type path and binary of package.json,
 * the provider classes already built, the sources every source map points at, the LICENSE, and
 * nothing that only works inside the repository.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { MEMBER_TYPES } from "../../lib/terraform/model/member-types";
import { ensureBuilt, ROOT } from "../support/built-binary";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const pkg = require("../../package.json");
let files: Set<string>;

beforeAll(() => {
  ensureBuilt();
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts", "--loglevel=error"], { cwd: ROOT, encoding: "utf8" });
  files = new Set((JSON.parse(out)[0].files as Array<{ path: string }>).map((f) => f.path));
}, 300000);

const RESOURCES = fs.readdirSync(path.join(ROOT, "lib", "provider-huaweicloud", "lib")).sort();

/** The files a target of package.json names, `*` standing for each provider resource. */
function targets(target: string): string[] {
  const t = target.replace(/^\.\//, "");
  return t.includes("*") ? RESOURCES.map((r) => t.replace("*", r)) : [t];
}

describe("the packed tarball", () => {
  it("holds every target of exports, typesVersions, main, types and bin", () => {
    const named: string[] = [pkg.main, pkg.types, ...Object.values<string>(pkg.bin)];
    for (const entry of Object.values<string | Record<string, string>>(pkg.exports)) {
      named.push(...(typeof entry === "string" ? [entry] : Object.values(entry)));
    }
    for (const list of Object.values<string[]>(pkg.typesVersions["*"])) named.push(...list);
    const missing = named.flatMap(targets).filter((f) => !files.has(f));
    expect(missing).toEqual([]);
  });

  it("exports hwsg/provider-huaweicloud with the namespaces of the prebuilt provider packages, and deep paths", () => {
    expect(pkg.exports["./provider-huaweicloud"]).toBeDefined();
    expect(pkg.exports["./provider-huaweicloud/lib/*"]).toBeDefined();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const index = require(path.join(ROOT, "dist", "lib", "provider-huaweicloud"));
    for (const ns of ["provider", "vpc", "vpcSubnet", "computeInstance", "networkingSecgroup", "networkingSecgroupRule", "vpcAddressGroup", "networkingVip", "networkingVipAssociate", "vpcPeeringConnection"]) {
      expect(Object.keys(index[ns]).length).toBeGreaterThan(0);
    }
    // The member types of issue 13 (managed services, NICs, CCE, AS), each in its own namespace and deep path.
    for (const type of [...MEMBER_TYPES, "huaweicloud_cce_cluster"]) {
      const words = type.replace(/^huaweicloud_/, "").split("_");
      const cap = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1);
      const className = words.map(cap).join("");
      expect(index[words[0] + words.slice(1).map(cap).join("")][className].tfResourceType).toBe(type);
      expect(files.has(`dist/lib/provider-huaweicloud/lib/${words.join("-")}/index.d.ts`)).toBe(true);
    }
    expect(fs.readFileSync(path.join(ROOT, "dist", "lib", "provider-huaweicloud", "index.d.ts"), "utf8")).toContain("a subset of huaweicloud/huaweicloud ~> 1.97");
  });

  it("ships the sources of every source map, the LICENSE and the README", () => {
    const maps = [...files].filter((f) => f.endsWith(".js.map"));
    expect(maps.length).toBeGreaterThan(100);
    const unresolved = maps.flatMap((m) => {
      const { sources } = JSON.parse(fs.readFileSync(path.join(ROOT, m), "utf8")) as { sources: string[] };
      return sources.map((s) => path.posix.normalize(path.posix.join(path.posix.dirname(m), s))).filter((s) => !files.has(s));
    });
    expect(unresolved).toEqual([]);
    expect(files.has("LICENSE")).toBe(true);
    expect(fs.readFileSync(path.join(ROOT, "LICENSE"), "utf8")).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
    expect(pkg.license).toBe("Apache-2.0");
    expect(files.has("README.md")).toBe(true);
  });

  it("has nothing that only works in the repository: no repository scripts, no .gen, no tests", () => {
    expect([...files].filter((f) => /^(scripts|\.gen|test|examples|bench)\//.test(f) || f.startsWith("dist/.gen/"))).toEqual([]);
    for (const bin of Object.values<string>(pkg.bin)) expect(fs.readFileSync(path.join(ROOT, bin), "utf8")).not.toMatch(/["']\.\.\/scripts\/|["']cdktf\.json["']/);
    expect(Object.keys(pkg.dependencies)).not.toEqual(expect.arrayContaining(["cdktf"]));
    expect(Object.keys(pkg.dependencies)).not.toContain("cdktn");
    expect(Object.keys(pkg.dependencies)).not.toContain("constructs");
    expect(pkg.peerDependencies).toEqual(expect.objectContaining({ cdktf: "0.21.x", cdktn: "0.24.x" }));
  });

  it("reaches the CDK core only through dist/lib/cdk/core.d.ts, which names both cores", () => {
    const declarations = [...files].filter((f) => f.startsWith("dist/") && f.endsWith(".d.ts"));
    const direct = declarations.filter((f) => {
      if (f === "dist/lib/cdk/core.d.ts") return false;
      const code = fs.readFileSync(path.join(ROOT, f), "utf8").split("\n").filter((l) => !/^\s*(\*|\/\/|\/\*)/.test(l));
      return code.some((l) => /from ["'](cdktf|cdktn)["']|import\(["'](cdktf|cdktn)["']\)/.test(l));
    });
    expect(direct).toEqual([]);
    const core = fs.readFileSync(path.join(ROOT, "dist", "lib", "cdk", "core.d.ts"), "utf8");
    expect(core).toMatch(/\/\/ @ts-ignore[^\n]*\nexport \* from "cdktf";/);
    expect(core).toMatch(/\/\/ @ts-ignore[^\n]*\nexport \* from "cdktn";/);
    expect(files.has("dist/lib/cdk/core.js")).toBe(true);
    // The emitted JavaScript requires the resolver, never a core by name (but the resolver itself).
    const js = [...files].filter((f) => f.startsWith("dist/") && f.endsWith(".js") && !f.startsWith("dist/lib/cdk/"));
    expect(js.filter((f) => /require\("(cdktf|cdktn)"\)/.test(fs.readFileSync(path.join(ROOT, f), "utf8")))).toEqual([]);
  });
});
