/**
 * Turns command-line endpoints into reachability ends: an IP address (an outside host, unless it
 * is an instance's fixed IP or a virtual IP of the model) or a compute instance's Terraform address.
 */
import { AddressSet } from "../core/address-set";
import { HwsgError } from "../core/errors";
import { IpVersion, parseAddress } from "../core/ip";
import { Network } from "../core/network";
import { ReachEnd } from "../core/reachability";

/** An endpoint named on the command line, resolved against the model. */
export interface ParsedEndpoint {
  readonly end: ReachEnd;
  /** The IP version the endpoint fixes, when it is an address. */
  readonly version?: IpVersion;
  /** A note for the explanation (the address is a VIP held by …). */
  readonly note?: string;
}

/** A Terraform resource address, with module instances and keys: `module.web[0].huaweicloud_compute_instance.vm["a"]`. */
const RESOURCE_ADDRESS = /^(module\.[A-Za-z_][\w-]*(\[[^\]]*\])?\.)*(data\.)?[a-z][a-z0-9]*_[\w-]*\.[A-Za-z_][\w-]*(\[.*\])?$/;

/** At most this many candidates are listed in a message. */
const LISTED = 10;

function listed(items: readonly string[]): string {
  return items.length <= LISTED ? items.join(", ") : `${items.slice(0, LISTED).join(", ")} and ${items.length - LISTED} more`;
}

/**
 * Resolves an endpoint.
 * @param option the option it came from, for messages (`--from`)
 */
export function parseEndpoint(network: Network, text: string, option: string): ParsedEndpoint {
  if (network.instances.has(text)) return { end: { kind: "instance", instanceId: text } };
  const address = parseAddress(text);
  if (!address) {
    if (RESOURCE_ADDRESS.test(text)) {
      const known = [...network.instances.keys()];
      const near = known.filter((k) => k.startsWith(text) || text.startsWith(k.replace(/\[[^\]]*\]$/, "")));
      throw new HwsgError(`${option} ${text}: no such instance in the configuration (${near.length ? `did you mean ${listed(near)}?` : known.length ? `instances: ${listed(known)}` : "it defines none"})`);
    }
    throw new HwsgError(`${option} ${JSON.stringify(text)} is neither an IP address nor the address of an instance (huaweicloud_compute_instance.NAME, module.NAME.huaweicloud_compute_instance.NAME[0])`);
  }
  const owners = network.instancesWithFixedIp(address.version, address.value);
  if (owners.length > 1) {
    throw new HwsgError(`${option} ${text} is the fixed IP of ${owners.map((o) => o.instance.id).join(" and ")} (in VPCs that are not connected): name the instance instead`);
  }
  const owner = owners[0];
  if (owner) {
    return { end: { kind: "instance", instanceId: owner.instance.id, nicIndex: owner.nicIndex }, version: address.version, note: `${text} is the fixed IP of ${owner.instance.id}` };
  }
  const vip = network.virtualIpAt(address.version, address.value);
  if (vip) {
    if (vip.holders.length === 0) throw new HwsgError(`${option} ${text} is the virtual IP ${vip.id}, which no instance holds`);
    const holder = vip.holders[0];
    return {
      end: { kind: "instance", instanceId: holder.instanceId, nicIndex: holder.nicIndex, addresses: AddressSet.single(address.version, address.value) },
      version: address.version,
      note: `${text} is the virtual IP ${vip.id}, held by ${vip.holders.map((h) => h.instanceId).join(", ")}; ${holder.instanceId} is taken as the active holder`,
    };
  }
  return { end: { kind: "external", addresses: AddressSet.single(address.version, address.value) }, version: address.version };
}

/**
 * Applies `--from-address`: the source address the packet carries when it is not the source
 * instance's fixed IP.
 */
export function withSourceAddress(endpoint: ParsedEndpoint, text: string): ParsedEndpoint {
  if (endpoint.end.kind !== "instance") throw new HwsgError("--from-address needs --from to be an instance of the model");
  const address = parseAddress(text);
  if (!address) throw new HwsgError(`--from-address ${JSON.stringify(text)} is not an IP address`);
  if (endpoint.version !== undefined && endpoint.version !== address.version) {
    throw new HwsgError(`--from-address ${text} is IPv${address.version} but --from is IPv${endpoint.version}`);
  }
  return {
    end: { ...endpoint.end, addresses: AddressSet.single(address.version, address.value) },
    version: address.version,
    note: [endpoint.note, `the packet carries source address ${text}`].filter(Boolean).join("; "),
  };
}
