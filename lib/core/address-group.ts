/**
 * IP address groups (`huaweicloud_vpc_address_group`): named address sets a rule can use as its
 * remote (semantics.md §1, §6).
 */
import { AddressSet } from "./address-set";
import { ValidationError } from "./errors";
import { Notes, Subject, descriptionField, integerIn, nameField } from "./fields";
import { IpVersion, parseAddress, parseCidr } from "./ip";

/** The most entries an address group may hold. */
export const MAX_ADDRESS_GROUP_CAPACITY = 20;

/** An IP address group, validated. */
export interface AddressGroup {
  /** Identity for reports: the Terraform address. */
  readonly id: string;
  readonly name: string;
  readonly version: IpVersion;
  /** The entries as written. */
  readonly entries: readonly string[];
  /** Every address the entries cover. */
  readonly addresses: AddressSet;
  readonly maxCapacity: number;
  readonly description?: string;
}

/** The fields of a `huaweicloud_vpc_address_group`. */
export interface AddressGroupFields {
  readonly name?: unknown;
  readonly addresses?: unknown;
  readonly ip_extra_set?: unknown;
  readonly ip_version?: unknown;
  readonly max_capacity?: unknown;
  readonly description?: unknown;
}

/**
 * Validates an address group and builds it.
 * @param notes where a bad name or description goes as a warning (thrown when not given)
 * @throws ValidationError naming the field, the value and what is allowed
 */
export function parseAddressGroup(fields: AddressGroupFields, subject: Subject, id: string, notes?: Notes): AddressGroup {
  const name = nameField(subject, fields.name, { re: /^[A-Za-z0-9_.-]+$/, allowed: "may contain only letters, digits, _, - and ." }, "name", notes);
  const version = (fields.ip_version === undefined || fields.ip_version === null ? 4 : integerIn(subject, "ip_version", fields.ip_version, 4, 6)) as number;
  if (version !== 4 && version !== 6) throw new ValidationError(subject, "ip_version", fields.ip_version, "must be 4 or 6");
  const maxCapacity =
    fields.max_capacity === undefined || fields.max_capacity === null
      ? MAX_ADDRESS_GROUP_CAPACITY
      : integerIn(subject, "max_capacity", fields.max_capacity, 1, MAX_ADDRESS_GROUP_CAPACITY);

  let field = "addresses";
  let entries: string[] = [];
  if (fields.addresses !== undefined && fields.addresses !== null) {
    if (!Array.isArray(fields.addresses)) throw new ValidationError(subject, "addresses", fields.addresses, "must be a list of addresses, CIDR blocks or ranges");
    entries = fields.addresses as string[];
  }
  if (fields.ip_extra_set !== undefined && fields.ip_extra_set !== null) {
    if (entries.length > 0) throw new ValidationError(subject, "ip_extra_set", fields.ip_extra_set, "conflicts with addresses: use one of them");
    if (!Array.isArray(fields.ip_extra_set)) throw new ValidationError(subject, "ip_extra_set", fields.ip_extra_set, "must be a list of { ip, remarks } blocks");
    field = "ip_extra_set";
    entries = (fields.ip_extra_set as Array<{ ip?: unknown }>).map((b) => b?.ip as string);
  }
  if (entries.length > maxCapacity) {
    throw new ValidationError(subject, field, entries, `may hold at most max_capacity = ${maxCapacity} entries (it has ${entries.length})`);
  }

  let addresses = AddressSet.empty(version);
  for (const entry of entries) {
    addresses = addresses.union(parseEntry(subject, field, entry, version));
  }
  const description = descriptionField(subject, fields.description, "description", notes);
  return { id, name, version, entries, addresses, maxCapacity, ...(description !== undefined ? { description } : {}) };
}

function parseEntry(subject: Subject, field: string, entry: unknown, version: IpVersion): AddressSet {
  const allowed = `each entry must be an IPv${version} address, CIDR block or range a-b of the group's ip_version ${version}`;
  if (typeof entry !== "string") throw new ValidationError(subject, field, entry, allowed);
  const cidr = parseCidr(entry);
  if (cidr && !cidr.canonical) {
    throw new ValidationError(subject, field, entry, `${allowed}: host bits are set`, `did you mean ${cidr.text}?`);
  }
  let set: AddressSet;
  try {
    set = AddressSet.parse(entry);
  } catch {
    const dash = entry.indexOf("-");
    if (dash > 0) {
      const lo = parseAddress(entry.slice(0, dash));
      const hi = parseAddress(entry.slice(dash + 1));
      if (lo && hi && lo.version === hi.version && lo.value > hi.value) {
        throw new ValidationError(subject, field, entry, `${allowed}: the range runs backwards`);
      }
    }
    throw new ValidationError(subject, field, entry, allowed);
  }
  if (set.version !== version) throw new ValidationError(subject, field, entry, allowed);
  return set;
}
