/**
 * Address sets: intervals over address numbers, never enumerations (semantics.md §7: `0.0.0.0/1`
 * plus `128.0.0.0/1` is as open as `0.0.0.0/0`).
 */
import { AddressSet } from "../../lib/core/address-set";
import { HwsgError } from "../../lib/core/errors";
import { parseCidr, rangeToCidrs } from "../../lib/core/ip";
import { addrs, ip } from "./helpers";

describe("AddressSet parsing", () => {
  it("reads a single address, a CIDR block and a range", () => {
    expect(AddressSet.parse("10.0.0.7").toCidrs()).toEqual(["10.0.0.7/32"]);
    expect(AddressSet.parse("10.0.0.0/24").size).toBe(256n);
    const range = AddressSet.parse("10.0.0.1-10.0.0.9");
    expect(range.size).toBe(9n);
    expect(range.has(ip("10.0.0.1"))).toBe(true);
    expect(range.has(ip("10.0.0.9"))).toBe(true);
    expect(range.has(ip("10.0.0.10"))).toBe(false);
    expect(range.has(ip("10.0.0.0"))).toBe(false);
  });

  it("reads IPv6 blocks", () => {
    const s = AddressSet.parse("2001:db8::/64");
    expect(s.version).toBe(6);
    expect(s.has(ip("2001:db8::1"))).toBe(true);
    expect(s.has(ip("2001:db8:0:1::1"))).toBe(false);
    expect(s.size).toBe(1n << 64n);
  });

  it.each(["10.0.0.9-10.0.0.1", "10.0.0.1-2001:db8::1", "hello", "10.0.0.256", "10.0.0.0/33", ""])(
    "rejects %j with an HwsgError",
    (text) => {
      expect(() => AddressSet.parse(text)).toThrow(HwsgError);
    },
  );
});

describe("AddressSet algebra", () => {
  it("0.0.0.0/1 plus 128.0.0.0/1 is the same set as 0.0.0.0/0", () => {
    const halves = addrs("0.0.0.0/1", "128.0.0.0/1");
    expect(halves.equals(AddressSet.all(4))).toBe(true);
    expect(halves.isAll).toBe(true);
    expect(halves.toCidrs()).toEqual(["0.0.0.0/0"]);
    expect(addrs("0.0.0.0/1").isAll).toBe(false);
  });

  it("::/1 plus 8000::/1 is the same set as ::/0", () => {
    expect(addrs("::/1", "8000::/1").equals(AddressSet.all(6))).toBe(true);
  });

  it("merges adjacent ranges and keeps gaps", () => {
    expect(addrs("10.0.0.0/25", "10.0.0.128/25").toCidrs()).toEqual(["10.0.0.0/24"]);
    expect(addrs("10.0.0.0/25", "10.0.1.0/25").toCidrs()).toEqual(["10.0.0.0/25", "10.0.1.0/25"]);
  });

  it("subtracts, intersects and complements", () => {
    const all = AddressSet.all(4);
    const rest = all.subtract(addrs("10.0.0.0/8"));
    expect(rest.has(ip("10.1.2.3"))).toBe(false);
    expect(rest.has(ip("11.0.0.0"))).toBe(true);
    expect(rest.has(ip("9.255.255.255"))).toBe(true);
    expect(rest.size).toBe((1n << 32n) - (1n << 24n));
    expect(addrs("10.0.0.0/8").complement().equals(rest)).toBe(true);
    expect(addrs("10.0.0.0/8").intersect(addrs("10.1.0.0/16", "192.168.0.0/16")).toCidrs()).toEqual(["10.1.0.0/16"]);
    expect(addrs("10.0.0.0/8").intersect(addrs("192.168.0.0/16")).isEmpty).toBe(true);
  });

  it("covers means every member is in it", () => {
    expect(addrs("10.0.0.0/8").covers(addrs("10.1.0.0/16", "10.2.0.1"))).toBe(true);
    expect(addrs("10.0.0.0/8").covers(addrs("10.1.0.0/16", "11.0.0.1"))).toBe(false);
  });

  it("refuses to mix IP versions", () => {
    expect(() => AddressSet.all(4).union(AddressSet.all(6))).toThrow(/IPv4 and IPv6/);
    expect(() => AddressSet.all(4).intersect(AddressSet.all(6))).toThrow(HwsgError);
  });

  it("sets of different versions are never equal", () => {
    expect(AddressSet.empty(4).equals(AddressSet.empty(6))).toBe(false);
  });

  it("prints the fewest CIDR blocks for a range", () => {
    expect(addrs("10.0.0.1-10.0.0.9").toCidrs()).toEqual(["10.0.0.1/32", "10.0.0.2/31", "10.0.0.4/30", "10.0.0.8/31"]);
    expect(rangeToCidrs(6, 0n, (1n << 128n) - 1n)).toEqual(["::/0"]);
    expect(AddressSet.empty(4).toString()).toBe("(none)");
  });
});

describe("parseCidr", () => {
  it("marks host bits and gives the canonical block", () => {
    const c = parseCidr("10.0.0.5/24")!;
    expect(c.canonical).toBe(false);
    expect(c.text).toBe("10.0.0.0/24");
    expect(parseCidr("10.0.0.0/24")!.canonical).toBe(true);
    expect(parseCidr("2001:db8::1/64")!.text).toBe("2001:db8::/64");
  });

  it("is undefined for non-CIDR text", () => {
    expect(parseCidr("10.0.0.5")).toBeUndefined();
    expect(parseCidr("10.0.0.0/33")).toBeUndefined();
    expect(parseCidr("::/129")).toBeUndefined();
  });
});
