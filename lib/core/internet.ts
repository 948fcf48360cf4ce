/**
 * The public internet: every address outside the ranges that are private, shared, reserved for
 * the host or the link, or multicast. Used for "the internet reaches nothing" intents and for
 * judging exposure.
 */
import { AddressSet } from "./address-set";
import { IpVersion } from "./ip";

/** IPv4 ranges that are not public internet addresses (RFC 1122, 1918, 3927, 5771, 6598). */
export const NON_PUBLIC_IPV4 = [
  "0.0.0.0/8",
  "10.0.0.0/8",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "224.0.0.0/3",
] as const;

/** IPv6 ranges that are not public internet addresses (RFC 4291, 4193). */
export const NON_PUBLIC_IPV6 = ["::/128", "::1/128", "fc00::/7", "fe80::/10", "ff00::/8"] as const;

/** Every public address of an IP version. */
export function publicAddresses(version: IpVersion): AddressSet {
  const ranges = version === 4 ? NON_PUBLIC_IPV4 : NON_PUBLIC_IPV6;
  return ranges.reduce((set, cidr) => set.subtract(AddressSet.parse(cidr)), AddressSet.all(version));
}
