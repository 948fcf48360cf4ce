/**
 * The users' documentation of the members of security groups agrees with the code: the README's
 * member table has one row per type the model reads (with every legacy name the provider
 * registers for it), each managed service's row states what its reader takes (service-kinds.ts),
 * the count of carriers still not read is the schema's, and docs/semantics.md states the service
 * ports and the DCS whitelist versions the readers apply.
 */
import * as fs from "fs";
import * as path from "path";
import carriers from "../../schema/security-group-carriers.json";
import { MEMBER_TYPES, READ_MEMBER_TYPES } from "../../lib/terraform/model/member-types";
import { SERVICE_KINDS } from "../../lib/terraform/model/service-kinds";
import { currentType, legacyNamesOf } from "../../lib/terraform/schema/provider-schema";

const ROOT = path.join(__dirname, "..", "..");
const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const SEMANTICS = fs.readFileSync(path.join(ROOT, "docs", "semantics.md"), "utf8");

/** The text of a section: from its heading to the next heading of the same or a higher level. */
function section(doc: string, heading: string): string {
  const level = /^#+/.exec(heading)![0].length;
  const start = doc.indexOf(`\n${heading}\n`);
  expect({ heading, found: start >= 0 }).toEqual({ heading, found: true });
  const rest = doc.slice(start + heading.length + 2);
  const next = rest.search(new RegExp(`^#{1,${level}} `, "m"));
  return next < 0 ? rest : rest.slice(0, next);
}

const MEMBERS = section(README, "## Members of security groups");
/** The member table's rows, as cells. */
const ROWS = MEMBERS.split("\n")
  .filter((line) => line.startsWith("| `huaweicloud_"))
  .map((line) => line.slice(2, -2).split(" | "));
/** The resource types a cell names in backticks. */
const typesIn = (cell: string): string[] => [...cell.matchAll(/`(huaweicloud_[a-z0-9_]+)`/g)].map((m) => m[1]);
/** A cell as the code's summaries write it: without Markdown's backticks. */
const plain = (cell: string): string => cell.replace(/`/g, "");
const FLAT = SEMANTICS.replace(/\s+/g, " ");

describe("README: Members of security groups", () => {
  test("the table has four columns and a row for every type the model reads as a member, and no other", () => {
    expect(ROWS.length).toBeGreaterThan(0);
    for (const row of ROWS) expect({ row: row[0], cells: row.length }).toEqual({ row: row[0], cells: 4 });
    const named = new Set(ROWS.flatMap((r) => typesIn(r[0])).filter((t) => currentType(t) === t));
    expect([...named].sort()).toEqual(["huaweicloud_compute_instance", ...MEMBER_TYPES].sort());
  });

  test("the table names every legacy name the provider registers for each type, beside it", () => {
    const listed = new Map<string, Set<string>>();
    for (const row of ROWS) {
      const types = typesIn(row[0]);
      const current = types.filter((t) => currentType(t) === t);
      for (const legacy of types.filter((t) => currentType(t) !== t)) {
        expect({ row: row[0], legacy, beside: current.includes(currentType(legacy)) }).toEqual({ row: row[0], legacy, beside: true });
        listed.set(currentType(legacy), (listed.get(currentType(legacy)) ?? new Set()).add(legacy));
      }
    }
    for (const type of ["huaweicloud_compute_instance", ...MEMBER_TYPES]) {
      expect({ type, legacy: [...(listed.get(type) ?? [])].sort() }).toEqual({ type, legacy: legacyNamesOf(type).sort() });
    }
  });

  test("each managed service's row states what its reader takes: groups, addresses and service port", () => {
    for (const kind of SERVICE_KINDS) {
      const row = ROWS.find((r) => typesIn(r[0])[0] === kind.type);
      expect({ type: kind.type, row: row?.slice(1).map(plain) }).toEqual({ type: kind.type, row: [kind.summary.groups, kind.summary.addresses, kind.summary.port] });
      expect(typesIn(row![0]).slice(1).sort()).toEqual([...kind.aliases].sort());
    }
  });

  test("an interface attached with network_id and one attached with port_id have a row each", () => {
    const attach = ROWS.filter((r) => typesIn(r[0])[0] === "huaweicloud_compute_interface_attach").map((r) => r[0]);
    expect(attach).toEqual([expect.stringContaining("with `network_id`"), expect.stringContaining("with `port_id`")]);
  });

  test("the number of carriers still not read is the schema's, wherever the README states it", () => {
    const unread = (carriers as { types: Array<{ type: string }> }).types.filter((c) => !READ_MEMBER_TYPES.has(c.type)).length;
    const stated = [...README.matchAll(/(\d+) types (?:of the provider|that carry security groups)/g)].map((m) => Number(m[1]));
    expect(stated.length).toBeGreaterThanOrEqual(2);
    expect(stated).toEqual(stated.map(() => unread));
  });

  test("names the file of carriers and the report's part that lists them", () => {
    expect(MEMBERS).toContain("`schema/security-group-carriers.json`");
    expect(MEMBERS).toContain('"Not evaluated" (`unknowns` in `--json`)');
  });
});

describe("docs/semantics.md: what is assumed for members", () => {
  const MEMBER_SECTION = section(SEMANTICS, "## 17. Members of security groups").replace(/\s+/g, " ");

  test("states the default service ports the readers apply", () => {
    for (const kind of SERVICE_KINDS) {
      const port = kind.port;
      if (port?.default !== undefined) expect({ type: kind.type, stated: MEMBER_SECTION.includes(`default ${port.default}`) }).toEqual({ type: kind.type, stated: true });
      if (port?.count !== undefined) expect({ type: kind.type, stated: MEMBER_SECTION.includes(`the ${port.count} ports starting at \`${port.path}\``) }).toEqual({ type: kind.type, stated: true });
      for (const [engine, value] of Object.entries(port?.defaultBy?.values ?? {})) {
        if (value !== null) expect({ type: kind.type, engine, stated: MEMBER_SECTION.includes(`${value}`) }).toEqual({ type: kind.type, engine, stated: true });
      }
    }
  });

  test("states the DCS engine versions that use whitelists, citing the page the reader cites", () => {
    const dcs = SERVICE_KINDS.find((k) => k.whitelistOnly)!.whitelistOnly!;
    const title = /"([^"]+)"/.exec(dcs.source)![1];
    expect(MEMBER_SECTION).toContain(`"${title}"`);
    expect(FLAT).toContain(`**DCS Redis ${dcs.versions.join(" and ")} use whitelists, not security groups**`);
  });

  test("every member type of the model is named in the section or the README's table", () => {
    const text = MEMBER_SECTION + MEMBERS;
    for (const type of ["huaweicloud_compute_instance", ...MEMBER_TYPES]) expect({ type, named: text.includes(type) }).toEqual({ type, named: true });
  });
});
