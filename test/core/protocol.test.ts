/** Protocols (semantics.md §6: tcp, udp, icmp, icmpv6 or a number 0–255; GRE is 47; lower case in the output). */
import {
  PROTOCOL_NUMBERS,
  hasPorts,
  icmpFor,
  parseFlowProtocol,
  parseRuleProtocol,
  protocolName,
  ruleProtocolValue,
} from "../../lib/core/protocol";

describe("parseRuleProtocol", () => {
  it.each([
    ["tcp", 6],
    ["udp", 17],
    ["icmp", 1],
    ["icmpv6", 58],
    ["47", 47],
    ["0", 0],
    ["255", 255],
  ])("%s → %d", (text, n) => {
    expect(parseRuleProtocol(text)).toBe(n);
  });

  it.each([
    ["TCP", /did you mean "tcp"\?/],
    ["Udp", /did you mean "udp"\?/],
    ["gre", /"47"/],
    ["256", /0-255/],
    ["all", /one of tcp, udp, icmp, icmpv6/],
    ["-1", /0-255/],
  ])("rejects %s with a sentence (%s)", (text, message) => {
    const r = parseRuleProtocol(text);
    expect(typeof r).toBe("string");
    expect(r as string).toMatch(message);
  });
});

describe("protocol output is lower case; GRE is written 47", () => {
  it("ruleProtocolValue", () => {
    expect(ruleProtocolValue(6)).toBe("tcp");
    expect(ruleProtocolValue(58)).toBe("icmpv6");
    expect(ruleProtocolValue(PROTOCOL_NUMBERS.gre)).toBe("47");
    expect(ruleProtocolValue(132)).toBe("132");
  });

  it("protocolName names the protocol, or all", () => {
    expect(protocolName(undefined)).toBe("all");
    expect(protocolName(47)).toBe("gre");
    expect(protocolName(1)).toBe("icmp");
    expect(protocolName(99)).toBe("99");
  });
});

describe("protocol helpers", () => {
  it("only tcp and udp carry ports", () => {
    expect(hasPorts(6)).toBe(true);
    expect(hasPorts(17)).toBe(true);
    expect(hasPorts(1)).toBe(false);
    expect(hasPorts(47)).toBe(false);
  });

  it("icmp goes with IPv4, icmpv6 with IPv6", () => {
    expect(icmpFor(4)).toBe(1);
    expect(icmpFor(6)).toBe(58);
  });

  it("parseFlowProtocol takes names in any case, gre, all and numbers", () => {
    expect(parseFlowProtocol("TCP")).toBe(6);
    expect(parseFlowProtocol("gre")).toBe(47);
    expect(parseFlowProtocol("all")).toBe("all");
    expect(parseFlowProtocol("89")).toBe(89);
    expect(parseFlowProtocol("256")).toBeUndefined();
    expect(parseFlowProtocol("sctp")).toBeUndefined();
  });
});
