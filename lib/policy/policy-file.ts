/**
 * The policy file of `hwsg verify`: named reachability intents, written in YAML or JSON, read
 * and checked against the format that schema/policy.schema.json documents — no more, no less
 * than the schema allows (the values it cannot express, a port range's order and an address's
 * syntax, are checked beside it). Every error is one line naming the file, the line and the
 * field: `policy.yaml:12: intents[1].ports[0]: "tcp/70000" is not ...`.
 */
import { LineCounter, Node, isAlias, isMap, isNode, isPair, isScalar, isSeq, parseDocument } from "yaml";
import { AddressSet } from "../core/address-set";
import { HwsgError } from "../core/errors";
import { IpVersion } from "../core/ip";
import { MAX_PORT, MIN_PORT } from "../core/port-set";
import { parseStrictly } from "../terraform/sources/json-file";
import { printable, quoted } from "../terraform/sources/printable";
import { readSourceText } from "../terraform/sources/source-file";

/** At most this many intents in one policy file (the schema's `maxItems`). */
export const MAX_INTENTS = 1000;
/** At most this many characters in an intent's name (the schema's `maxLength`). */
export const MAX_NAME_LENGTH = 200;
/** At most this many aliases a YAML policy may expand. */
const MAX_ALIASES = 100;

/** How many flows of an intent must be allowed. */
export type PolicyQuantifier = "every" | "none" | "some";

/** An end of an intent, as written. */
export type PolicyEnd =
  /** Every public address of the intent's IP version. */
  | { readonly kind: "internet" }
  /** Addresses outside the model: CIDR blocks, addresses, ranges, or `internet`, minus `except`. */
  | { readonly kind: "addresses"; readonly include: readonly string[]; readonly except: readonly string[] }
  /** A Terraform address: a compute instance, a security group (its members) or an IP address group. */
  | { readonly kind: "address"; readonly address: string };

/**
 * The traffic of one `ports` entry. `icmp` / `icmpv6` alone are every ICMP message;
 * `icmp/<type>` every code of a type, `icmp/<type>/<code>` one message.
 */
export type PolicyPort =
  | { readonly kind: "all" }
  | { readonly kind: "tcp" | "udp"; readonly from: number; readonly to: number }
  | { readonly kind: "icmp" | "icmpv6"; readonly type?: number; readonly code?: number };

/** One intent of a policy file, checked and with the line of each field. */
export interface PolicyIntent {
  readonly name: string;
  readonly description?: string;
  readonly quantifier: PolicyQuantifier;
  readonly from: PolicyEnd;
  readonly to: PolicyEnd;
  readonly ports: readonly PolicyPort[];
  /** The ports as written (for messages). */
  readonly portsText: readonly string[];
  /** The IP version asked. @default the version of the address ends, else 4 (6 with `icmpv6`) */
  readonly ipVersion?: IpVersion;
  /** Where the intent is written: its line, and where each of its fields is. */
  readonly line: number;
  /** `file:line: intents[i].field` for a field of the intent, for messages about it. */
  readonly at: (field: string) => string;
}

/** A policy file, read. */
export interface Policy {
  readonly file: string;
  readonly intents: readonly PolicyIntent[];
}

type Path = ReadonlyArray<string | number>;

/** A port entry: `all`, `icmp`, `icmpv6`, `tcp`, `udp`, `tcp/443`, `udp/53`, `tcp/8000-8080` (the schema's pattern). */
const PORT_NUMBER = "[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]";

/** An ICMP type or code, 0-255 without leading zeros. */
const ICMP_NUMBER = "25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9]";

/**
 * A port entry: `all`, `icmp`, `icmpv6`, `icmp/8`, `icmp/3/4`, `tcp`, `udp`, `tcp/443`, `udp/53`,
 * `tcp/8000-8080`: the schema's pattern, ports 1-65535 and ICMP types and codes 0-255 without
 * leading zeros.
 */
export const PORT_PATTERN_SOURCE = `^(?:all|(icmp|icmpv6)(?:/(${ICMP_NUMBER})(?:/(${ICMP_NUMBER}))?)?|(tcp|udp)(?:/(${PORT_NUMBER})(?:-(${PORT_NUMBER}))?)?)$`;

const PORT_PATTERN = new RegExp(PORT_PATTERN_SOURCE);

/** The shape of an entry of `cidrs` / `except` (the schema's pattern, with `internet`); its value is then parsed exactly. */
export const ADDRESS_PATTERN_SOURCE = "^(?:internet|[0-9a-fA-F:.]+(?:/[0-9]+)?(?:-[0-9a-fA-F:.]+)?)$";

const ADDRESS_PATTERN = new RegExp(ADDRESS_PATTERN_SOURCE);

const ALLOWED_PORTS = 'must be "all", "tcp", "udp", tcp/udp with a port or range ("tcp/443", "udp/53", "tcp/8000-8080", ports 1-65535), or "icmp"/"icmpv6" alone, with a type ("icmp/8") or a type and code ("icmp/3/4"), 0-255';

/**
 * Reads and checks a policy file: `.json` with the strict JSON reader, anything else as YAML.
 * @throws HwsgError `file:line: field: message` on a bad file
 */
export function readPolicy(file: string): Policy {
  const text = readSourceText(file);
  return parsePolicy(file, text);
}

/** Parses and checks a policy file's text (see `readPolicy`). */
export function parsePolicy(file: string, text: string): Policy {
  const name = printable(file);
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true, prettyErrors: true, version: "1.2" });
  let value: unknown;
  if (/\.json$/i.test(file)) {
    value = parseStrictly(file, text);
  } else {
    const error = doc.errors[0];
    if (error) {
      const line = error.linePos?.[0].line ?? 1;
      // The yaml package reports nesting deeper than the call stack allows as an error of the document.
      const message = /Maximum call stack/.test(error.message) ? "nested too deeply (a policy is a list of flat intents)" : error.message.split("\n")[0];
      throw new HwsgError(`${name}:${line}: not valid YAML: ${printable(message)}`);
    }
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIASES });
    } catch (e) {
      throw new HwsgError(`${name}:1: not a usable YAML policy: ${printable((e as Error).message.split("\n")[0])}`);
    }
  }
  const lineOf = (path: Path): number => (doc.errors.length === 0 ? nodeLine(doc.contents, path, doc, counter) : 1);
  const fail = (path: Path, message: string): never => {
    throw new HwsgError(`${name}:${lineOf(path)}: ${pathText(path)}: ${message}`);
  };
  return { file, intents: checkPolicy(value, fail, (path) => `${name}:${lineOf(path)}: ${pathText(path)}`, lineOf) };
}

function pathText(path: Path): string {
  if (path.length === 0) return "(the document)";
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

/** The line of the node at `path`, or of its nearest ancestor that exists. */
function nodeLine(root: unknown, path: Path, doc: { readonly contents: unknown }, counter: LineCounter): number {
  let node: unknown = root;
  let line = isNode(node) && node.range ? counter.linePos(node.range[0]).line : 1;
  for (const step of path) {
    if (isAlias(node)) node = node.resolve(doc as never);
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === step);
      if (pair && isNode(pair.key) && pair.key.range) line = counter.linePos(pair.key.range[0]).line;
      next = pair?.value;
    } else if (isSeq(node) && typeof step === "number") {
      next = node.items[step];
    }
    if (!isNode(next)) return line;
    node = next;
    const range = (node as Node).range;
    if (range) line = counter.linePos(range[0]).line;
  }
  return line;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (typeof value === "string") return quoted(value);
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  return printable(String(value));
}

type Fail = (path: Path, message: string) => never;

function onlyKeys(value: Record<string, unknown>, path: Path, allowed: readonly string[], fail: Fail): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) fail([...path, key], `is not a field here: allowed are ${allowed.join(", ")}`);
  }
}

function checkPolicy(value: unknown, fail: Fail, at: (path: Path) => string, lineOf: (path: Path) => number): PolicyIntent[] {
  if (!isObject(value)) fail([], `must be an object with an "intents" list, not ${describe(value)}`);
  const top = value as Record<string, unknown>;
  onlyKeys(top, [], ["$schema", "intents"], fail);
  if ("$schema" in top && typeof top.$schema !== "string") fail(["$schema"], `must be a string, not ${describe(top.$schema)}`);
  if (!("intents" in top)) fail([], 'must have an "intents" list');
  const list = top.intents;
  if (!Array.isArray(list) || list.length === 0) fail(["intents"], `must be a list of at least one intent, not ${Array.isArray(list) ? "an empty list" : describe(list)}`);
  const intents = list as unknown[];
  if (intents.length > MAX_INTENTS) fail(["intents"], `holds ${intents.length} intents: at most ${MAX_INTENTS} are allowed`);
  const names = new Map<string, number>();
  return intents.map((raw, i) => {
    const intent = checkIntent(raw, ["intents", i], fail, at, lineOf);
    const earlier = names.get(intent.name);
    if (earlier !== undefined) fail(["intents", i, "name"], `${quoted(intent.name)} is also the name of intents[${earlier}]: names must be unique`);
    names.set(intent.name, i);
    return intent;
  });
}

const INTENT_FIELDS = ["name", "description", "quantifier", "from", "to", "ports", "ipVersion"] as const;

function checkIntent(raw: unknown, path: Path, fail: Fail, at: (path: Path) => string, lineOf: (path: Path) => number): PolicyIntent {
  if (!isObject(raw)) fail(path, `must be an intent object (name, quantifier, from, to, ports), not ${describe(raw)}`);
  const o = raw as Record<string, unknown>;
  onlyKeys(o, path, INTENT_FIELDS, fail);
  for (const key of ["name", "quantifier", "from", "to", "ports"]) if (!(key in o)) fail(path, `has no "${key}": an intent needs name, quantifier, from, to and ports`);
  if (typeof o.name !== "string" || o.name.length === 0 || o.name.length > MAX_NAME_LENGTH) {
    fail([...path, "name"], `must be a string of 1 to ${MAX_NAME_LENGTH} characters, not ${describe(o.name)}`);
  }
  if ("description" in o && typeof o.description !== "string") fail([...path, "description"], `must be a string, not ${describe(o.description)}`);
  if (o.quantifier !== "every" && o.quantifier !== "none" && o.quantifier !== "some") {
    fail([...path, "quantifier"], `${describe(o.quantifier)} is not allowed: must be "every", "none" or "some"`);
  }
  if ("ipVersion" in o && o.ipVersion !== 4 && o.ipVersion !== 6) fail([...path, "ipVersion"], `${describe(o.ipVersion)} is not allowed: must be 4 or 6`);
  const from = checkEnd(o.from, [...path, "from"], fail);
  const to = checkEnd(o.to, [...path, "to"], fail);
  const portsText = typeof o.ports === "string" ? [o.ports] : o.ports;
  if (!Array.isArray(portsText) || portsText.length === 0) fail([...path, "ports"], `must be a port entry or a list of at least one, not ${Array.isArray(portsText) ? "an empty list" : describe(o.ports)}`);
  const texts = portsText as unknown[];
  const portPath = (j: number): Path => (typeof o.ports === "string" ? [...path, "ports"] : [...path, "ports", j]);
  const ports = texts.map((p, j) => checkPort(p, portPath(j), fail));
  const ipVersion = o.ipVersion as IpVersion | undefined;
  return {
    name: o.name as string,
    ...(typeof o.description === "string" ? { description: o.description } : {}),
    quantifier: o.quantifier as PolicyQuantifier,
    from,
    to,
    ports,
    portsText: texts as string[],
    ...(ipVersion !== undefined ? { ipVersion } : {}),
    line: lineOf(path),
    at: (field) => at([...path, field]),
  };
}

function checkEnd(raw: unknown, path: Path, fail: Fail): PolicyEnd {
  const allowed = 'must be "internet", an IP address, a CIDR block, a range a-b, the Terraform address of an instance, a security group or an address group, or { cidrs: [...], except: [...] }';
  if (typeof raw === "string") {
    if (raw === "internet") return { kind: "internet" };
    if (raw.length === 0) fail(path, `is empty: ${allowed}`);
    if (isAddresses(raw)) return { kind: "addresses", include: [raw], except: [] };
    return { kind: "address", address: raw };
  }
  if (!isObject(raw)) fail(path, `${describe(raw)} is not allowed: ${allowed}`);
  const o = raw as Record<string, unknown>;
  onlyKeys(o, path, ["cidrs", "except"], fail);
  if (!("cidrs" in o)) fail(path, 'has no "cidrs": an addresses end is { cidrs: [...], except: [...] }');
  const list = (key: "cidrs" | "except", min: number): string[] => {
    const v = o[key];
    if (!Array.isArray(v) || v.length < min) fail([...path, key], `must be a list of ${min ? "at least one " : ""}"internet", IP address, CIDR block or range a-b, not ${Array.isArray(v) ? "an empty list" : describe(v)}`);
    return (v as unknown[]).map((e, i) => {
      if (typeof e !== "string") fail([...path, key, i], `must be a string, not ${describe(e)}`);
      const text = e as string;
      if (text !== "internet" && !isAddresses(text)) fail([...path, key, i], `${quoted(text)} is not "internet", an IP address, a CIDR block or a range a-b`);
      return text;
    });
  };
  const include = list("cidrs", 1);
  const except = "except" in o ? list("except", 0) : [];
  return { kind: "addresses", include, except };
}

/** Whether a text is an IP address, a CIDR block or a range `a-b`. */
export function isAddresses(text: string): boolean {
  if (!ADDRESS_PATTERN.test(text)) return false;
  try {
    AddressSet.parse(text);
    return true;
  } catch {
    return false;
  }
}

function checkPort(raw: unknown, path: Path, fail: Fail): PolicyPort {
  if (typeof raw !== "string") fail(path, `${describe(raw)} is not allowed: ${ALLOWED_PORTS}`);
  const text = raw as string;
  const m = PORT_PATTERN.exec(text);
  if (!m) fail(path, `${quoted(text)} is not allowed: ${ALLOWED_PORTS}`);
  const [, icmp, type, code, protocol, lo, hi] = m!;
  if (text === "all") return { kind: "all" };
  if (icmp !== undefined) {
    const kind = icmp as "icmp" | "icmpv6";
    if (type === undefined) return { kind };
    if (code !== undefined && Number(type) === 255 && Number(code) === 255) fail(path, `${quoted(text)}: type 255 code 255 is reserved and no packet hwsg evaluates carries it`);
    return { kind, type: Number(type), ...(code !== undefined ? { code: Number(code) } : {}) };
  }
  const kind = protocol as "tcp" | "udp";
  if (lo === undefined) return { kind, from: MIN_PORT, to: MAX_PORT };
  const from = Number(lo);
  const to = hi === undefined ? from : Number(hi);
  if (from > to) fail(path, `${quoted(text)}: the range runs backwards: write ${kind}/${to}-${from}`);
  return { kind, from, to };
}
