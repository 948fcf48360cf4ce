/**
 * Turns command-line endpoints into reachability ends: an IP address (an outside host, unless it
 * is a member's fixed IP or a virtual IP of the model), a member's Terraform address (a compute
 * instance, an RDS instance, a DCS cache, an attached interface…), a security group's Terraform
 * address (every member of the group, or a hypothetical member when it has none), `internet`
 * (every public address), or a short name `hwsg matrix` prints (`web1`, `group db`).
 */
import { matrixNodes } from "../analysis/matrix-nodes";
import { AddressSet } from "../core/address-set";
import { HwsgError } from "../core/errors";
import { IpVersion, parseAddress } from "../core/ip";
import { publicAddresses } from "../core/internet";
import { Network } from "../core/network";
import { ReachEnd, hypotheticalMemberBesides } from "../core/reachability";
import { matrixNodeNames } from "../report/names";

/** What `--from` and `--to` accept, for help texts and messages. */
export const ENDPOINT_HELP =
  "an IP address, a member's address (huaweicloud_compute_instance.NAME, huaweicloud_rds_instance.NAME, module.NAME.TYPE.NAME[0], …), " +
  "a security group's address (huaweicloud_networking_secgroup.NAME: every member of the group), internet, or a name hwsg matrix prints (web1, group db)";

/** An endpoint named on the command line, resolved against the model. */
export interface ParsedEndpoint {
  /**
   * The ends it stands for: one member or address, or every member of a security group (each
   * checked). Empty for `internet`, whose addresses depend on the IP version (`endsOf`).
   */
  readonly ends: readonly ReachEnd[];
  /** The network the ends are in: the model, or the model with a group's hypothetical member. */
  readonly network: Network;
  /** The IP version the endpoint fixes, when it is an address. */
  readonly version?: IpVersion;
  /** A note for the explanation (the address is a VIP held by …, the group's members are …). */
  readonly note?: string;
  /** Whether it is `internet`: every public address of the flow's IP version. */
  readonly internet?: boolean;
}

/** A Terraform resource address, with module instances and keys: `module.web[0].huaweicloud_compute_instance.vm["a"]`. */
const RESOURCE_ADDRESS = /^(module\.[A-Za-z_][\w-]*(\[[^\]]*\])?\.)*(data\.)?[a-z][a-z0-9]*_[\w-]*\.[A-Za-z_][\w-]*(\[.*\])?$/;

/** At most this many candidates are listed in a message. */
const LISTED = 10;

/** At most this many characters of an endpoint's text are repeated in a message. */
const SHOWN = 200;

/** An endpoint's text for a message: quoted as JSON, cut after `SHOWN` characters (`"aaa…" (100000 characters)`). */
export function shown(text: string): string {
  return text.length <= SHOWN ? JSON.stringify(text) : `${JSON.stringify(`${text.slice(0, SHOWN)}…`)} (${text.length} characters)`;
}

function listed(items: readonly string[]): string {
  return items.length <= LISTED ? items.join(", ") : `${items.slice(0, LISTED).join(", ")} and ${items.length - LISTED} more`;
}

/** The modelled members' ids (hypothetical stand-ins left out), in the model's order. */
function memberIds(network: Network): string[] {
  return [...network.instances.values()].filter((i) => !i.hypothetical).map((i) => i.id);
}

/** A member of the model (not a stand-in an analysis added). */
function isMember(network: Network, id: string): boolean {
  const member = network.instances.get(id);
  return member !== undefined && !member.hypothetical;
}

/**
 * Resolves an endpoint.
 * @param option the option it came from, for messages (`--from`)
 * @param avoid a hypothetical member the other end already is: a group without members then
 *   stands for another member of it (core's `hypotheticalMemberBesides`)
 */
export function parseEndpoint(network: Network, text: string, option: string, avoid?: string): ParsedEndpoint {
  const named = byAddress(network, text, option, avoid);
  if (named) return named;
  // An address first: no Terraform name looks like one, and it needs no list of names.
  const address = parseAddress(text);
  if (address) return byIp(network, text, address, option);
  // A short name the matrix prints (`web1`, `group db`, `internet`) names its node's address.
  const nodes = matrixNodes(network);
  const names = matrixNodeNames(nodes);
  const node = nodes.find((n) => names.get(n.id) === text);
  if (node?.kind === "internet") return { ends: [], network, internet: true, note: `${option} internet is every public address` };
  if (node && node.id !== text) {
    const resolved = byAddress(network, node.id, option, avoid);
    if (resolved) return { ...resolved, note: [`${text} is ${node.id}`, resolved.note].filter(Boolean).join("; ") };
  }
  if (RESOURCE_ADDRESS.test(text)) {
    const members = memberIds(network);
    const near = [...members, ...network.groups.keys()].filter((k) => k.startsWith(text) || text.startsWith(k.replace(/\[[^\]]*\]$/, "")));
    throw new HwsgError(`${option} ${text.length <= SHOWN ? text : shown(text)}: no such member or security group in the configuration (${near.length ? `did you mean ${listed(near)}?` : members.length ? `members: ${listed(members)}` : "it defines no member"})`);
  }
  throw new HwsgError(`${option} ${shown(text)} is not an endpoint: give ${ENDPOINT_HELP}`);
}

/** The address of the node a short name of `hwsg matrix` names (`web1`, `group db`), if any. */
export function matrixNodeAddress(network: Network, text: string): string | undefined {
  const nodes = matrixNodes(network);
  const names = matrixNodeNames(nodes);
  const node = nodes.find((n) => n.kind !== "internet" && names.get(n.id) === text);
  return node?.id;
}

/** An IP address: a member's fixed IP, a virtual IP (its first holder), or a host outside the model. */
function byIp(network: Network, text: string, address: { version: IpVersion; value: bigint }, option: string): ParsedEndpoint {
  const owners = network.instancesWithFixedIp(address.version, address.value);
  if (owners.length > 1) {
    throw new HwsgError(`${option} ${text} is the fixed IP of ${owners.map((o) => o.instance.id).join(" and ")} (in VPCs that are not connected): name the member instead`);
  }
  const owner = owners[0];
  if (owner) {
    return { ends: [{ kind: "instance", instanceId: owner.instance.id, nicIndex: owner.nicIndex }], network, version: address.version, note: `${text} is the fixed IP of ${owner.instance.id}` };
  }
  const vip = network.virtualIpAt(address.version, address.value);
  if (vip) {
    if (vip.holders.length === 0) throw new HwsgError(`${option} ${text} is the virtual IP ${vip.id}, which no member holds`);
    const holder = vip.holders[0];
    return {
      ends: [{ kind: "instance", instanceId: holder.instanceId, nicIndex: holder.nicIndex, addresses: AddressSet.single(address.version, address.value) }],
      network,
      version: address.version,
      note: `${text} is the virtual IP ${vip.id}, held by ${vip.holders.map((h) => h.instanceId).join(", ")}; ${holder.instanceId} is taken as the active holder`,
    };
  }
  return { ends: [{ kind: "external", addresses: AddressSet.single(address.version, address.value) }], network, version: address.version };
}

/** A member's or a security group's address, or undefined when the text is neither. */
function byAddress(network: Network, text: string, option: string, avoid: string | undefined): ParsedEndpoint | undefined {
  if (isMember(network, text)) return { ends: [{ kind: "instance", instanceId: text }], network };
  if (!network.groups.has(text)) return undefined;
  const members = network.membersOf(text).filter((m) => !m.hypothetical).map((m) => m.id);
  if (members.length > 0) {
    return {
      ends: members.map((instanceId) => ({ kind: "instance" as const, instanceId })),
      network,
      note: `${option} ${text} is every member of the group (${listed(members)}), each checked`,
    };
  }
  const hypo = hypotheticalMemberBesides(network, text, avoid);
  return { ends: [{ kind: "instance", instanceId: hypo.instanceId }], network: hypo.network, note: `${option} ${text} is a hypothetical member of the group (no member in the model has it)` };
}

/** The ends of an endpoint for a flow of this IP version (`internet`: every public address). */
export function endsOf(endpoint: ParsedEndpoint, version: IpVersion): readonly ReachEnd[] {
  return endpoint.internet ? [{ kind: "external", addresses: publicAddresses(version) }] : endpoint.ends;
}

/**
 * Applies `--from-address`: the source address the packet carries when it is not the source
 * member's fixed IP.
 */
export function withSourceAddress(endpoint: ParsedEndpoint, text: string): ParsedEndpoint {
  const [end] = endpoint.ends;
  if (endpoint.ends.length !== 1 || end.kind !== "instance") throw new HwsgError("--from-address needs --from to be one member of the model");
  const address = parseAddress(text);
  if (!address) throw new HwsgError(`--from-address ${shown(text)} is not an IP address`);
  if (endpoint.version !== undefined && endpoint.version !== address.version) {
    throw new HwsgError(`--from-address ${text} is IPv${address.version} but --from is IPv${endpoint.version}`);
  }
  return {
    ends: [{ ...end, addresses: AddressSet.single(address.version, address.value) }],
    network: endpoint.network,
    version: address.version,
    note: [endpoint.note, `the packet carries source address ${text}`].filter(Boolean).join("; "),
  };
}
