/**
 * The policy file of `hwsg verify`: the JSON Schema shipped in the package (schema/policy.schema.json)
 * and hwsg's own reader accept and refuse the same files (the values a schema cannot express are
 * listed apart); a bad file is exit 2 with one stderr line naming the file, the line and the field.
 */
import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import { ADDRESS_PATTERN_SOURCE, PORT_PATTERN_SOURCE, parsePolicy } from "../../lib/policy/policy-file";
import { runCli } from "../cli/run-cli";
import { FIXTURES, removeTempDirs, writeFiles } from "../terraform/tf-json";

afterAll(removeTempDirs);

const ROOT = path.resolve(__dirname, "..", "..");
const SCHEMA = JSON.parse(fs.readFileSync(path.join(ROOT, "schema", "policy.schema.json"), "utf8"));
const validate = new Ajv({ strict: true, allErrors: true }).compile(SCHEMA);
const NETWORK = path.join(FIXTURES, "ci", "verify", "network");

const base = { name: "x", quantifier: "every", from: "internet", to: "huaweicloud_compute_instance.web", ports: "tcp/443" };
const one = (over: Record<string, unknown>, drop: string[] = []) => {
  const i: Record<string, unknown> = { ...base, ...over };
  for (const d of drop) delete i[d];
  return { intents: [i] };
};

const GOOD: ReadonlyArray<[string, unknown]> = [
  ["the minimal intent", one({})],
  ["$schema at the top", { $schema: "../schema/policy.schema.json", ...one({}) }],
  ["every port form", one({ ports: ["all", "icmp", "icmpv6", "tcp", "udp", "tcp/1", "udp/65535", "tcp/8000-8080", "tcp/80-80"] })],
  ["ICMP types and codes", one({ ports: ["icmp/8", "icmp/0/0", "icmp/3/4", "icmp/255", "icmpv6/128"] })],
  ["none and some", { intents: [{ ...base, quantifier: "none" }, { ...base, name: "y", quantifier: "some" }] }],
  ["cidrs with except", one({ from: { cidrs: ["internet", "10.0.0.0/8", "192.0.2.1", "10.0.0.1-10.0.0.9"], except: ["10.1.0.0/16"] } })],
  ["cidrs without except", one({ from: { cidrs: ["::/0"] }, ipVersion: 6 })],
  ["an empty except", one({ from: { cidrs: ["0.0.0.0/0"], except: [] } })],
  ["description and ipVersion", one({ description: "why", ipVersion: 4 })],
  ["module addresses", one({ to: "module.cache[0].huaweicloud_networking_secgroup.cache" })],
  ["a name of 200 characters", one({ name: "n".repeat(200) })],
];

const BAD: ReadonlyArray<[string, unknown]> = [
  ["not an object", ["intents"]],
  ["no intents", {}],
  ["an empty intents list", { intents: [] }],
  ["an unknown top-level field", { ...one({}), version: 1 }],
  ["a non-string $schema", { $schema: 1, ...one({}) }],
  ["an intent that is a string", { intents: ["x"] }],
  ["an unknown intent field", one({ action: "allow" })],
  ["no name", one({}, ["name"])],
  ["no quantifier", one({}, ["quantifier"])],
  ["no from", one({}, ["from"])],
  ["no to", one({}, ["to"])],
  ["no ports", one({}, ["ports"])],
  ["an empty name", one({ name: "" })],
  ["a name of 201 characters", one({ name: "n".repeat(201) })],
  ["a numeric name", one({ name: 7 })],
  ["a bad quantifier", one({ quantifier: "all" })],
  ["ipVersion 5", one({ ipVersion: 5 })],
  ["ipVersion as a string", one({ ipVersion: "4" })],
  ["a numeric description", one({ description: 3 })],
  ["an empty end", one({ from: "" })],
  ["a numeric end", one({ from: 10 })],
  ["an end object without cidrs", one({ from: { except: ["10.0.0.0/8"] } })],
  ["an end object with an unknown field", one({ from: { cidrs: ["10.0.0.0/8"], groups: [] } })],
  ["empty cidrs", one({ from: { cidrs: [] } })],
  ["a cidr that is no address at all", one({ from: { cidrs: ["office"] } })],
  ["a numeric cidr", one({ from: { cidrs: [10] } })],
  ["except not a list", one({ from: { cidrs: ["0.0.0.0/0"], except: "10.0.0.0/8" } })],
  ["an empty ports list", one({ ports: [] })],
  ["a numeric port", one({ ports: [443] })],
  ["port 0", one({ ports: "tcp/0" })],
  ["port 65536", one({ ports: "tcp/65536" })],
  ["a leading zero", one({ ports: "tcp/0443" })],
  ["an ICMP type above 255", one({ ports: "icmp/256" })],
  ["an ICMP type with a leading zero", one({ ports: "icmp/08" })],
  ["an ICMP code without a type", one({ ports: "icmp//4" })],
  ["an ICMP type range", one({ ports: "icmp/3-8" })],
  ["ports on all", one({ ports: "all/443" })],
  ["an unknown protocol", one({ ports: "sctp/80" })],
  ["upper case", one({ ports: "TCP/443" })],
  ["a port list in one entry", one({ ports: "tcp/80,443" })],
];

/** Schema-valid files that hwsg refuses: what a JSON Schema cannot express (the schema's description says so). */
const BEYOND_SCHEMA: ReadonlyArray<[string, unknown, RegExp]> = [
  ["a range that runs backwards", one({ ports: "tcp/8080-8000" }), /the range runs backwards: write tcp\/8000-8080/],
  ["a CIDR of the right shape that is no CIDR", one({ from: { cidrs: ["10.0.0.300/8"] } }), /is not "internet", an IP address, a CIDR block or a range a-b/],
  ["two intents of one name", { intents: [base, base] }, /names must be unique/],
  ["ICMP type 255 code 255 (reserved)", one({ ports: "icmp/255/255" }), /type 255 code 255 is reserved/],
];

function cliAccepts(value: unknown): boolean {
  try {
    parsePolicy("policy.json", JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

describe("schema/policy.schema.json and the reader agree", () => {
  it("the schema's patterns are the reader's", () => {
    expect(SCHEMA.definitions.port.pattern).toBe(PORT_PATTERN_SOURCE);
    expect(SCHEMA.definitions.end.oneOf[1].properties.cidrs.items.pattern).toBe(ADDRESS_PATTERN_SOURCE);
    expect(SCHEMA.definitions.end.oneOf[1].properties.except.items.pattern).toBe(ADDRESS_PATTERN_SOURCE);
  });

  it.each(GOOD)("both accept %s", (_, value) => {
    expect(validate(value)).toBe(true);
    expect(cliAccepts(value)).toBe(true);
  });

  it.each(BAD)("both refuse %s", (_, value) => {
    expect(validate(value)).toBe(false);
    expect(cliAccepts(value)).toBe(false);
  });

  it.each(BEYOND_SCHEMA)("the schema lets through, and hwsg refuses, %s", (_, value, message) => {
    expect(validate(value)).toBe(true);
    expect(() => parsePolicy("policy.json", JSON.stringify(value))).toThrow(message);
  });

  it("the example policy of the tests is valid", () => {
    const { parse } = jest.requireActual("yaml") as typeof import("yaml");
    expect(validate(parse(fs.readFileSync(path.join(FIXTURES, "ci", "verify", "policy.yaml"), "utf8")))).toBe(true);
  });

  it("the schema ships in the package", () => {
    expect(JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).files).toContain("schema");
  });
});

describe("a bad policy file: exit 2, one line naming the file, the line and the field", () => {
  const cases: ReadonlyArray<[string, string, string]> = [
    ["a bad quantifier (YAML)", "p.yaml", "intents:\n  - name: a\n    quantifier: every\n    from: internet\n    to: huaweicloud_compute_instance.web\n    ports: tcp/443\n  - name: b\n    quantifier: most\n    from: internet\n    to: huaweicloud_compute_instance.web\n    ports: tcp/443\n"],
    ["a bad port in a list (YAML)", "p.yaml", "intents:\n  - name: a\n    quantifier: every\n    from: internet\n    to: huaweicloud_compute_instance.web\n    ports:\n      - tcp/443\n      - tcp/70000\n"],
    ["an unknown field (YAML)", "p.yaml", "intents:\n  - name: a\n    quantifier: every\n    from: internet\n    to: huaweicloud_compute_instance.web\n    port: tcp/443\n"],
    ["a YAML syntax error", "p.yaml", "intents:\n  - name: a\n    quantifier: [every\n"],
    ["a duplicate YAML key", "p.yaml", "intents:\n  - name: a\n    name: b\n"],
    ["a duplicate JSON key", "p.json", '{\n  "intents": [],\n  "intents": []\n}\n'],
    ["a bad quantifier (JSON)", "p.json", '{\n  "intents": [\n    {\n      "name": "a",\n      "quantifier": "most",\n      "from": "internet",\n      "to": "x",\n      "ports": "all"\n    }\n  ]\n}\n'],
  ];
  const expected: Readonly<Record<string, RegExp>> = {
    "a bad quantifier (YAML)": /p\.yaml:8: intents\[1\]\.quantifier: "most" is not allowed: must be "every", "none" or "some"$/,
    "a bad port in a list (YAML)": /p\.yaml:8: intents\[0\]\.ports\[1\]: "tcp\/70000" is not allowed: must be/,
    "an unknown field (YAML)": /p\.yaml:6: intents\[0\]\.port: is not a field here: allowed are name, description, quantifier, from, to, ports, ipVersion$/,
    "a YAML syntax error": /p\.yaml:[34]: not valid YAML: /,
    "a duplicate YAML key": /p\.yaml:3: not valid YAML: Map keys must be unique/,
    "a duplicate JSON key": /p\.json:3:\d+: .*intents/,
    "a bad quantifier (JSON)": /p\.json:5: intents\[0\]\.quantifier: "most" is not allowed/,
  };
  it.each(cases)("%s", async (label, name, text) => {
    const dir = writeFiles({ [name]: text });
    const r = await runCli(["verify", NETWORK, "--policy", path.join(dir, name)]);
    expect(r.code).toBe(2);
    expect(r.errLines).toHaveLength(1);
    expect(r.errLines[0]).toMatch(expected[label]);
    expect(r.stdout).toBe("");
  });

  it("a missing policy file is exit 2, one line", async () => {
    const r = await runCli(["verify", NETWORK, "--policy", path.join(FIXTURES, "ci", "verify", "nope.yaml")]);
    expect(r.code).toBe(2);
    expect(r.errLines).toHaveLength(1);
  });

  it("YAML aliases are expanded, within a bound", () => {
    const ok = "x: &end huaweicloud_compute_instance.web\nintents:\n  - {name: a, quantifier: every, from: internet, to: *end, ports: all}\n";
    // `x` is not a policy field: the alias is resolved and the file is refused for the field, not the alias.
    expect(() => parsePolicy("p.yaml", ok)).toThrow(/p\.yaml:1: x: is not a field here/);
    const bomb = `a: &a [x, x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 12 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`).join("\n")}\n`;
    expect(() => parsePolicy("p.yaml", bomb)).toThrow(/p\.yaml:1: /);
  });
});
