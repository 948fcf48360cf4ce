/**
 * Property test of the matrix's fast path (lib/analysis/restriction.ts, `restrictedFlows`): on
 * random small networks, for every ordered pair of instances (and outside ends), with each end
 * one address, a CIDR block, several blocks or every address, the flows computed on the spaces
 * restricted to the ends are those `pairFlows` computes on the pair's view: the same services,
 * completeness, first cell (protocol class and first port: the matrix uses only that) and
 * allowed sources and destinations on it. Restricting the same space to two addresses of one
 * address class gives the same (interned) restriction, and `describeFlowWith` with a caching
 * printer is `describeFlow`. The matrix's lookups give the same objects as the plain ones:
 * `TowardSpaces` (spaces by group bitmask) as `spaceToward`, `SpaceIndex.restrict` on a prepared
 * end (IPv4 addresses as numbers) as `restrictionOf`; and the example text put together from
 * pieces (example-text.ts) is `describeFlow`; the example check over a compiled list's
 * candidates (hop-candidates.ts) finds the list's own first match.
 */
import fc from "fast-check";
import { AddressSet } from "../../lib/core/address-set";
import { describeFlow, describeFlowWith } from "../../lib/core/flow";
import { IpVersion, formatAddress } from "../../lib/core/ip";
import { PairView, flowOf, inboundPair, instancePair, outboundPair } from "../../lib/analysis/pair-space";
import { pairFlows, restrictedFlows } from "../../lib/analysis/pair-content";
import { restrictionEnd, restrictionOf, spaceIndex } from "../../lib/analysis/restriction";
import { ExampleTexts, exampleHead, exampleText } from "../../lib/analysis/example-text";
import { GroupNumbers, TowardSpaces } from "../../lib/analysis/toward-spaces";
import { nicAddresses, spaceToward } from "../../lib/analysis/pair-space";
import { Flow } from "../../lib/core/flow";
import { HopCandidates } from "../../lib/analysis/hop-candidates";
import { compiledRules, endMembership } from "../../lib/core/decision";
import { ADDRESSES, CIDRS, SMALL_CIDRS, buildModel, libNetworkOrSkip, networkArb, propertyRuns, propertySeed } from "./harness";

const endSetArb = (version: IpVersion): fc.Arbitrary<AddressSet> =>
  fc.oneof(
    fc.constant(AddressSet.all(version)),
    fc.constantFrom(...ADDRESSES[version]).map((a) => AddressSet.parse(a)),
    fc.constantFrom(...CIDRS[version], ...SMALL_CIDRS[version]).map((c) => AddressSet.parse(c)),
    fc.array(fc.constantFrom(...ADDRESSES[version], ...SMALL_CIDRS[version]), { minLength: 1, maxLength: 3 }).map((list) =>
      list.map((t) => AddressSet.parse(t)).reduce((a, b) => a.union(b)),
    ),
  );

function expectSame(view: PairView): void {
  const slow = pairFlows(view);
  const fast = restrictedFlows(restrictionOf(view.egress, view.dst), restrictionOf(view.ingress, view.src));
  if (!slow || !fast) {
    expect(fast === undefined).toBe(slow === undefined);
    return;
  }
  expect(fast.services.toServices()).toEqual(slow.services.toServices());
  expect(fast.complete).toBe(slow.complete);
  expect(fast.first.cell.klass).toBe(slow.first.cell.klass);
  expect(fast.first.cell.protocol).toBe(slow.first.cell.protocol);
  expect(fast.first.cell.ports?.[0]).toBe(slow.first.cell.ports?.[0]);
  expect((fast.first.src ?? view.src).equals(slow.first.src)).toBe(true);
  expect((fast.first.dst ?? view.dst).equals(slow.first.dst)).toBe(true);
  const flow = flowOf(view, fast.first.cell, (fast.first.src ?? view.src).first()!, (fast.first.dst ?? view.dst).first()!);
  const seen = new Map<bigint, string>();
  const cached = (v: IpVersion, a: bigint) => seen.get(a) ?? seen.set(a, formatAddress(v, a)).get(a)!;
  expect(describeFlowWith(flow, cached)).toBe(describeFlow(flow));
}

describe("the matrix's restricted spaces", () => {
  it("R1: restrictedFlows on the restrictions = pairFlows on the view, for every pair and end sets", () => {
    fc.assert(
      fc.property(networkArb, fc.boolean(), fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 4 }), (gen, v6, picks) => {
        const version: IpVersion = v6 ? 6 : 4;
        const model = buildModel(gen);
        const network = libNetworkOrSkip(model);
        const instances = [...network.instances.values()];
        const sets = fc.sample(endSetArb(version), { numRuns: 6, seed: picks.length + instances.length });
        for (const a of instances) {
          for (const b of instances) {
            if (a === b) continue;
            const view = instancePair(network, a, b, version);
            if (view.src.isEmpty || view.dst.isEmpty) continue;
            expectSame(view);
            for (const [i, j] of picks) expectSame({ ...view, src: sets[i % sets.length], dst: sets[j % sets.length] });
          }
          for (const set of sets) {
            expectSame(inboundPair(network, set, a, version));
            expectSame(outboundPair(network, a, set, version));
          }
        }
      }),
      { numRuns: propertyRuns(0.03), seed: propertySeed(23) },
    );
  });

  it("R2: one address class, one restriction; a restriction to a single address allows all or none of it", () => {
    fc.assert(
      fc.property(networkArb, (gen) => {
        const model = buildModel(gen);
        const network = libNetworkOrSkip(model);
        for (const a of network.instances.values()) {
          const view = outboundPair(network, a, AddressSet.all(4), 4);
          const space = view.egress!;
          for (const text of ADDRESSES[4]) {
            const address = AddressSet.parse(text);
            const r = restrictionOf(space, address);
            expect(restrictionOf(space, AddressSet.parse(text))).toBe(r);
            for (const s of space.slices) {
              const protocol = s.protocol ?? space.otherProtocol!;
              const port = s.ports?.first();
              const got = r.slicesFor(protocol).find((x) => port === undefined || (x.lo <= port && port <= x.hi))!;
              expect(got.set).toBeNull();
              expect(!got.empty).toBe(s.allowed.covers(address));
            }
          }
        }
      }),
      { numRuns: propertyRuns(0.02), seed: propertySeed(24) },
    );
  });

  it("R3: the matrix's lookups (TowardSpaces, SpaceIndex.restrict on prepared ends) give what spaceToward and restrictionOf give", () => {
    fc.assert(
      fc.property(networkArb, fc.boolean(), (gen, v6) => {
        const version: IpVersion = v6 ? 6 : 4;
        const model = buildModel(gen);
        const network = libNetworkOrSkip(model);
        const instances = [...network.instances.values()];
        const numbers = new GroupNumbers([...network.groups.keys(), ...instances.flatMap((i) => i.securityGroupIds)]);
        const ends = [...ADDRESSES[version], ...CIDRS[version]].map((t) => AddressSet.parse(t));
        for (const a of instances) {
          for (const direction of ["ingress", "egress"] as const) {
            const toward = new TowardSpaces(network, a, direction, version, numbers);
            expect(toward.outside()).toBe(spaceIndex(spaceToward(network, a, direction, version, undefined)));
            for (const b of instances) {
              const index = toward.toward({ instance: b, groups: numbers.of(b) });
              const space = spaceToward(network, a, direction, version, b);
              expect(index).toBe(spaceIndex(space));
              for (const end of [...ends, nicAddresses(network, b, 0, version)]) {
                if (end.isEmpty) continue;
                expect(index.restrict(restrictionEnd(end))).toBe(restrictionOf(space, end));
              }
            }
          }
        }
      }),
      { numRuns: propertyRuns(0.02), seed: propertySeed(25) },
    );
  });

  it("R4: an example text from pieces is describeFlow of the flow", () => {
    const ids = ["web", "huaweicloud_compute_instance.db-1", "member of huaweicloud_networking_secgroup.g"];
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 1, max: 65535 }),
        fc.option(fc.constantFrom(...ids), { nil: undefined }),
        fc.option(fc.constantFrom(...ids), { nil: undefined }),
        fc.constantFrom(...ADDRESSES[4]),
        fc.constantFrom(...ADDRESSES[6]),
        (v6, protocol, p, srcId, dstId, a4, a6) => {
          const version: IpVersion = v6 ? 6 : 4;
          const address = AddressSet.parse(v6 ? a6 : a4).first()!;
          const other = address + 1n;
          const port = protocol === 6 || protocol === 17 ? p : undefined;
          const end = (id: string | undefined, at: bigint) =>
            id === undefined ? ({ kind: "external", address: at } as const) : ({ kind: "instance", instanceId: id, nicIndex: 0, address: at, fromFixedIp: true } as const);
          if (srcId === undefined && dstId === undefined) return;
          const flow: Flow = { version, protocol, ...(port !== undefined ? { port } : {}), src: end(srcId, address), dst: end(dstId, other) };
          const texts = new ExampleTexts(version);
          const piece = (id: string | undefined, at: bigint) => (id === undefined ? texts.address(at) : texts.instance(id, at));
          expect(exampleText(exampleHead(protocol, port), piece(srcId, address), piece(dstId, other))).toBe(describeFlow(flow));
        },
      ),
      { numRuns: propertyRuns(0.2), seed: propertySeed(26) },
    );
  });

  it("R5: HopCandidates.firstMatch is the compiled list's firstMatch", () => {
    fc.assert(
      fc.property(networkArb, fc.boolean(), fc.array(fc.tuple(fc.constantFrom(0, 1, 6, 17, 47, 58, 250), fc.integer({ min: 1, max: 65535 })), { minLength: 1, maxLength: 6 }), (gen, v6, packets) => {
        const version: IpVersion = v6 ? 6 : 4;
        const model = buildModel(gen);
        const network = libNetworkOrSkip(model);
        const instances = [...network.instances.values()];
        const others = [
          ...instances.map((i) => endMembership(network, { kind: "instance", instanceId: i.id, nicIndex: 0, address: 0n, fromFixedIp: true }, version)),
          new Set<string>(),
        ];
        const addresses = ADDRESSES[version].map((t) => AddressSet.parse(t).first()!);
        for (const a of instances) {
          for (const direction of ["ingress", "egress"] as const) {
            const list = compiledRules(network, a, direction, version);
            const candidates = new HopCandidates(list);
            for (const [protocol, p] of packets) {
              const port = protocol === 6 || protocol === 17 ? p : -1;
              for (const members of others) {
                for (const address of addresses) expect(candidates.firstMatch(protocol, port, address, members)).toBe(list.firstMatch(protocol, port, address, members));
              }
            }
          }
        }
      }),
      { numRuns: propertyRuns(0.02), seed: propertySeed(27) },
    );
  });
});
