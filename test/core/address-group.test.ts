/** IP address groups (semantics.md §1, §6) and rules that use them as their remote (§2). */
import { parseAddressGroup } from "../../lib/core/address-group";
import { buildNetwork, decide, ingress, ip, validationError } from "./helpers";

describe("address group model", () => {
  it("ip_version defaults to 4 and max_capacity to 20", () => {
    const g = parseAddressGroup({ name: "office", addresses: ["10.0.0.1"] }, "s", "ag");
    expect(g.version).toBe(4);
    expect(g.maxCapacity).toBe(20);
  });

  it("covers single addresses, CIDRs and ranges together", () => {
    const g = parseAddressGroup({ name: "office", addresses: ["10.0.0.1", "192.168.1.0/24", "172.16.0.10-172.16.0.20"] }, "s", "ag");
    expect(g.addresses.has(ip("10.0.0.1"))).toBe(true);
    expect(g.addresses.has(ip("10.0.0.2"))).toBe(false);
    expect(g.addresses.has(ip("192.168.1.200"))).toBe(true);
    expect(g.addresses.has(ip("172.16.0.15"))).toBe(true);
    expect(g.addresses.has(ip("172.16.0.21"))).toBe(false);
    expect(g.addresses.size).toBe(1n + 256n + 11n);
  });

  it("an IPv6 group holds IPv6 entries", () => {
    const g = parseAddressGroup({ name: "v6", ip_version: 6, addresses: ["2001:db8::/64", "2001:db9::1"] }, "s", "ag");
    expect(g.version).toBe(6);
    expect(g.addresses.has(ip("2001:db8::abcd"))).toBe(true);
  });

  it("ip_extra_set is read like addresses, and the two conflict", () => {
    const g = parseAddressGroup({ name: "x", ip_extra_set: [{ ip: "10.0.0.1" }, { ip: "10.0.0.2" }] }, "s", "ag");
    expect(g.entries).toEqual(["10.0.0.1", "10.0.0.2"]);
    const err = validationError(() => parseAddressGroup({ name: "x", addresses: ["10.0.0.1"], ip_extra_set: [{ ip: "10.0.0.2" }] }, "s", "ag"));
    expect(err.field).toBe("ip_extra_set");
    expect(err.message).toContain("conflicts with addresses");
  });

  it("an entry with host bits gets a suggestion", () => {
    const err = validationError(() => parseAddressGroup({ name: "x", addresses: ["10.0.0.5/24"] }, "s", "ag"));
    expect(err.message).toContain("did you mean 10.0.0.0/24?");
  });
});

describe("§2 an address-group remote matches the addresses of the group", () => {
  const net = buildNetwork({
    groups: { "sg-db": { delete_default_rules: true } },
    addressGroups: { "ag-office": { addresses: ["203.0.113.0/28", "198.51.100.7"] } },
    rules: [ingress("sg-db", { id: "redis", protocol: "tcp", ports: "6379", remote_address_group_id: "ag-office", action: "allow", priority: 1 })],
    instances: { db: { groups: ["sg-db"], ip: "10.0.0.10" } },
  });

  it("a member address is allowed", () => {
    const v = decide(net, "tcp/6379", "203.0.113.5", "db");
    expect(v.verdict).toBe("allow");
    expect(v.rule).toBe("redis");
    expect(decide(net, "tcp/6379", "198.51.100.7", "db").verdict).toBe("allow");
  });

  it("an address outside the group is denied", () => {
    expect(decide(net, "tcp/6379", "203.0.113.16", "db").verdict).toBe("deny");
    expect(decide(net, "tcp/6379", "198.51.100.8", "db").verdict).toBe("deny");
  });

  it("an address-group rule of the wrong IP version is rejected by the model", () => {
    const err = validationError(() =>
      buildNetwork({
        groups: ["sg-db"],
        addressGroups: { "ag-v6": { ip_version: 6, addresses: ["2001:db8::/64"] } },
        rules: [ingress("sg-db", { id: "r", remote_address_group_id: "ag-v6", priority: 1 })],
      }),
    );
    expect(err.field).toBe("remote_address_group_id");
    expect(err.message).toContain("IPv6 address group but the rule's ethertype is IPv4");
  });
});
