/**
 * Helpers for the HCL reader tests: fixture paths, rules as short lines, verdicts through the
 * core evaluator (evaluateFlow) and reachability (checkReach), and expression evaluation through
 * a configuration's locals.
 */
import * as path from "path";
import { AddressSet } from "../../lib/core/address-set";
import { evaluateFlow } from "../../lib/core/evaluator";
import { FlowEnd } from "../../lib/core/flow";
import { parseAddress } from "../../lib/core/ip";
import { Network } from "../../lib/core/network";
import { PortSet } from "../../lib/core/port-set";
import { Quantifier, ReachEnd, checkReach } from "../../lib/core/reachability";
import { Rule } from "../../lib/core/rule";
import { Configuration } from "../../lib/terraform/configuration";
import { prepareDocuments } from "../../lib/terraform/documents";
import { parseHclFile } from "../../lib/terraform/hcl";
import { Resolved } from "../../lib/terraform/values";
import { Json, writeFiles } from "./tf-json";

/** The directory of an HCL fixture. */
export const hclFixture = (name: string): string => path.resolve(__dirname, "..", "fixtures", "hcl", name);

/** A rule as a short line: `id: direction protocol ports remote action priority`. */
export function brief(r: Rule): string {
  const remote = r.remote.kind === "any" ? "any" : r.remote.kind === "cidr" ? r.remote.cidr : r.remote.kind === "group" ? `group ${r.remote.groupId}` : `ag ${r.remote.addressGroupId}`;
  return `${r.id}: ${r.direction} ${r.protocol ?? "all"} ${r.ports?.toString() ?? "*"} ${remote} ${r.action} ${r.priority}`;
}

/** The rules of a group, briefly, default rules included. */
export const rulesOf = (network: Network, group: string): string[] => network.rulesOf(group).map(brief);

function end(network: Network, text: string): FlowEnd {
  const a = parseAddress(text);
  if (a) return { kind: "external", address: a.value };
  const instance = network.instance(text);
  const nicIndex = instance.nics.findIndex((n) => n.fixedIpV4 !== undefined);
  if (nicIndex < 0) throw new Error(`test bug: ${text} has no fixed IPv4 address`);
  return { kind: "instance", instanceId: instance.id, nicIndex, address: instance.nics[nicIndex].fixedIpV4!, fromFixedIp: true };
}

/**
 * The verdict of one IPv4 flow through evaluateFlow, as `allow <rule>` / `deny <rule|null>`.
 * @param from an address or an instance id
 * @param to an address or an instance id
 */
export function verdict(network: Network, from: string, to: string, protocol: number, port?: number): string {
  const v = evaluateFlow(network, { version: 4, protocol, ...(port !== undefined ? { port } : {}), src: end(network, from), dst: end(network, to) });
  return `${v.verdict} ${v.rule}`;
}

/** A reachability end: a CIDR block (outside the model) or an instance id. */
function reachEnd(text: string): ReachEnd {
  return text.includes("/") ? { kind: "external", addresses: AddressSet.parse(text) } : { kind: "instance", instanceId: text };
}

/** Whether `quantifier` flows of tcp (or udp) `ports` from `from` to `to` are allowed (checkReach), with the witness's rule. */
export function reach(network: Network, quantifier: Quantifier, from: string, to: string, ports: string, protocol = 6): { holds: boolean; rule: string | null } {
  const set = PortSet.parse(ports);
  if (typeof set === "string") throw new Error(`test bug: ${set}`);
  const r = checkReach(network, { from: reachEnd(from), to: reachEnd(to), version: 4, protocol, ports: set, quantifier });
  return { holds: r.holds, rule: r.witness.rule };
}

/** Writes HCL (and JSON) files into a temp directory: file name → text or JSON. */
export function hclDir(files: Readonly<Record<string, string | Json>>): string {
  return writeFiles(files);
}

/**
 * Evaluates `locals` written in HCL form (`name → expression text`, as in `name = <text>`)
 * through the prepared-expression path, and returns the value of the local `name`.
 * @param variables variables' HCL declarations, appended as written
 */
export async function evalLocal(locals: Readonly<Record<string, string>>, name: string, variables = ""): Promise<Resolved> {
  const text = `${variables}\nlocals {\n${Object.entries(locals).map(([k, v]) => `  ${k} = ${v}`).join("\n")}\n}\n`;
  const json = await parseHclFile("test.tf", text);
  const [doc] = await prepareDocuments([{ file: "test.tf", json, hcl: true }]);
  return new Configuration([doc]).local(name, { subject: "test.tf: local", field: name, written: locals[name] });
}

/** The value (or the error message) of one expression written in HCL. */
export async function evalExpr(expression: string, variables = ""): Promise<Resolved | { error: string }> {
  try {
    return await evalLocal({ x: expression }, "x", variables);
  } catch (e) {
    return { error: (e as Error).message };
  }
}
