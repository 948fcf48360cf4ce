/**
 * Services as text: `tcp 22, 80-443; udp 53; icmp`, whole port ranges, protocol numbers, `all`
 * and `other` with its exceptions.
 */
import { Service } from "../../lib/analysis/matrix";
import { formatPortRange, formatProtocol, formatService, formatServices } from "../../lib/report";

describe("formatServices", () => {
  it("joins protocols with semicolons and ports with commas", () => {
    const services: Service[] = [
      { protocol: "tcp", ports: [[22, 22], [80, 443]] },
      { protocol: "udp", ports: [[53, 53]] },
      { protocol: "icmp", ports: null },
    ];
    expect(formatServices(services)).toBe("tcp 22, 80-443; udp 53; icmp");
  });

  it("names every port, every protocol, protocol numbers and gre", () => {
    expect(formatService({ protocol: "udp", ports: [[1, 65535]] })).toBe("udp all ports");
    expect(formatService({ protocol: "all", ports: null })).toBe("all protocols");
    expect(formatService({ protocol: "50", ports: null })).toBe("protocol 50");
    expect(formatService({ protocol: "gre", ports: null })).toBe("gre");
    expect(formatServices([])).toBe("nothing");
  });

  it("writes `other` as every other protocol, with its exceptions", () => {
    const everythingButSsh: Service[] = [
      { protocol: "tcp", ports: [[1, 21], [23, 65535]] },
      { protocol: "other", ports: null },
    ];
    expect(formatServices(everythingButSsh)).toBe("tcp 1-21, 23-65535; all other protocols");
    expect(formatService({ protocol: "other", ports: null, except: ["udp", "50"] })).toBe("all other protocols except udp, protocol 50");
  });

  it("formats single ports and ranges", () => {
    expect(formatPortRange([8080, 8080])).toBe("8080");
    expect(formatPortRange([20, 21])).toBe("20-21");
    expect(formatProtocol("icmpv6")).toBe("icmpv6");
  });
});
