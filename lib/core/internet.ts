/**
 * The public internet: every address outside the blocks that are private, shared, reserved for
 * "this network", the host or the link, or multicast. Used for "the internet reaches nothing"
 * intents and for judging exposure.
 */
import { AddressSet } from "./address-set";
import { IpVersion } from "./ip";

/**
 * Address blocks that are not public: "this network", private (RFC 1918), shared (CGNAT),
 * loopback, link-local, multicast and reserved (IPv4); unspecified, loopback, unique-local,
 * link-local and multicast (IPv6).
 */
export const NON_PUBLIC_CIDRS: Readonly<Record<IpVersion, readonly string[]>> = {
  4: ["0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16", "224.0.0.0/3"],
  6: ["::/128", "::1/128", "fc00::/7", "fe80::/10", "ff00::/8"],
};

const nonPublic = (version: IpVersion): AddressSet =>
  NON_PUBLIC_CIDRS[version].map((c) => AddressSet.parse(c)).reduce((a, b) => a.union(b), AddressSet.empty(version));

/** Every public address of each IP version: everything outside `NON_PUBLIC_CIDRS`. */
export const PUBLIC_ADDRESSES: Readonly<Record<IpVersion, AddressSet>> = {
  4: nonPublic(4).complement(),
  6: nonPublic(6).complement(),
};

/** Every public address of an IP version. */
export function publicAddresses(version: IpVersion): AddressSet {
  return PUBLIC_ADDRESSES[version];
}
