/**
 * Terraform's IP network functions: cidrsubnet, cidrsubnets, cidrhost and cidrnetmask, as
 * Terraform computes them (its `cidr` package: a subnet numbered within a prefix, consecutive
 * subnets of given sizes, a host numbered within a prefix, an IPv4 prefix's netmask).
 */
import { ADDRESS_BITS, formatAddress, parseCidr } from "../../core/ip";
import { Implementation, NotKnown, arity, checkCollection, known, toInteger, toStringValue, unknownOf } from "./arguments";

/** The network functions by name. */
export const NETWORK_FUNCTIONS: ReadonlyArray<[string, Implementation]> = [
  ["cidrsubnet", (args, site, name) => {
    arity(args, site, name, 3);
    args.forEach((a) => { if (!known(a)) throw new NotKnown(unknownOf(a)); });
    const prefix = toStringValue(args[0], site, "cidrsubnet's prefix");
    const cidr = parseCidr(prefix);
    if (!cidr) return site.invalid(`cidrsubnet's prefix ${JSON.stringify(prefix)} is not a CIDR block`);
    const newbits = toInteger(args[1], site, "cidrsubnet's newbits");
    const netnum = toInteger(args[2], site, "cidrsubnet's netnum");
    const bits = ADDRESS_BITS[cidr.version];
    if (newbits < 0) site.invalid(`cidrsubnet's newbits ${newbits} is negative`);
    if (cidr.prefix + newbits > bits) site.invalid(`cidrsubnet: insufficient address space to extend prefix of ${cidr.prefix} by ${newbits}`);
    if (netnum < 0 || BigInt(netnum) >= 1n << BigInt(newbits)) site.invalid(`cidrsubnet: prefix extension of ${newbits} does not accommodate a subnet numbered ${netnum}`);
    const length = cidr.prefix + newbits;
    const network = cidr.network | (BigInt(netnum) << BigInt(bits - length));
    return `${formatAddress(cidr.version, network)}/${length}`;
  }],
  ["cidrhost", (args, site, name) => {
    arity(args, site, name, 2);
    args.forEach((a) => { if (!known(a)) throw new NotKnown(unknownOf(a)); });
    const prefix = toStringValue(args[0], site, "cidrhost's prefix");
    const cidr = parseCidr(prefix);
    if (!cidr) return site.invalid(`cidrhost's prefix ${JSON.stringify(prefix)} is not a CIDR block`);
    const hostnum = BigInt(toInteger(args[1], site, "cidrhost's hostnum"));
    const size = 1n << BigInt(ADDRESS_BITS[cidr.version] - cidr.prefix);
    if (hostnum >= size || -hostnum > size) site.invalid(`cidrhost: prefix of ${cidr.prefix} does not accommodate a host numbered ${hostnum}`);
    return formatAddress(cidr.version, cidr.network + (hostnum < 0n ? size + hostnum : hostnum));
  }],
  ["cidrnetmask", (args, site, name) => {
    arity(args, site, name, 1);
    if (!known(args[0])) throw new NotKnown(unknownOf(args[0]));
    const prefix = toStringValue(args[0], site, "cidrnetmask's prefix");
    const cidr = parseCidr(prefix);
    if (!cidr) return site.invalid(`invalid CIDR expression: ${JSON.stringify(prefix)} is not a CIDR block`);
    if (cidr.version !== 4) return site.invalid("only IPv4 networks are supported");
    const host = (1n << BigInt(32 - cidr.prefix)) - 1n;
    return formatAddress(4, ((1n << 32n) - 1n) ^ host);
  }],
  ["cidrsubnets", (args, site, name) => {
    arity(args, site, name, 1, Infinity);
    args.forEach((a) => { if (!known(a)) throw new NotKnown(unknownOf(a)); });
    const prefix = toStringValue(args[0], site, "cidrsubnets' prefix");
    const cidr = parseCidr(prefix);
    if (!cidr) return site.invalid(`invalid CIDR expression: ${JSON.stringify(prefix)} is not a CIDR block`);
    const newbits = args.slice(1).map((a, i) => toInteger(a, site, `cidrsubnets' newbits ${i + 1}`));
    checkCollection(site, newbits.length, "cidrsubnets' result");
    const bits = ADDRESS_BITS[cidr.version];
    const all = 1n << BigInt(bits);
    const size = (length: number): bigint => 1n << BigInt(bits - length);
    const mask = (length: number): bigint => (all - 1n) ^ (size(length) - 1n);
    const end = cidr.network + size(cidr.prefix);
    const out: string[] = [];
    if (newbits.length === 0) return out;
    // The subnet just before the prefix, of the first size: the first one allocated follows it.
    let length = cidr.prefix + newbits[0];
    if (length > bits) return site.invalid(`would extend prefix to ${length} bits, which is too long for an IPv${cidr.version} address`);
    let start = ((cidr.network - 1n + all) % all) & mask(length);
    newbits.forEach((n, i) => {
      const next = cidr.prefix + n;
      if (n < 1) site.invalid(`newbits ${i + 1} must extend the prefix by at least one bit`);
      if (next > bits) site.invalid(`would extend prefix to ${next} bits, which is too long for an IPv${cidr.version} address`);
      const block = (start + size(length) - 1n) & mask(next);
      const following = block + size(next);
      if (following >= all || following < cidr.network || following >= end) {
        site.invalid(`not enough remaining address space for a subnet with a prefix of ${next} bits after ${formatAddress(cidr.version, start)}/${length}`);
      }
      start = following;
      length = next;
      out.push(`${formatAddress(cidr.version, start)}/${length}`);
    });
    return out;
  }],
];
