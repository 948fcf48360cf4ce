/**
 * The reachability matrix: who reaches whom, on which protocols and ports. Rows and columns are
 * the model's instances, its security groups (each as a member that has only that group) and
 * "internet" (every public address, core/internet.ts). A cell lists the services on which SOME
 * address of the row end reaches SOME address of the column end, compressed into port ranges.
 *
 * Computed exactly on the allowed spaces (core/allowed-space.ts), never by sampling: the pair's
 * spaces are cut into cells on which they are constant (a protocol, or the class of every
 * protocol no rule names, times a port interval), and on each cell the allowed flows are the
 * product of the sources the destination's ingress admits and the destinations the source's
 * egress lets out (pair-space.ts).
 */
import { AddressSet } from "../core/address-set";
import { AllowedSpace } from "../core/allowed-space";
import { HopDecision, decideHop } from "../core/decision";
import { HwsgError } from "../core/errors";
import { evaluateFlow } from "../core/evaluator";
import { Flow, FlowEnd, describeFlowWith } from "../core/flow";
import { publicAddresses } from "../core/internet";
import { IpVersion, formatAddress } from "../core/ip";
import { Instance, Network } from "../core/network";
import { hasPorts } from "../core/protocol";
import { withHypotheticalMember } from "../core/reachability";
import { restrictedFlows } from "./pair-content";
import { Restriction, restrictionOf } from "./restriction";
import {
  Cell,
  compareText,
  exampleAddress,
  nicAddresses,
  nicPair,
  nicsConnected,
  ownAddresses,
  spacesToward,
} from "./pair-space";

/** The id of the matrix node that stands for every public address. */
export const INTERNET = "internet";

/**
 * What a matrix node is:
 * - `instance`: a modelled (non-hypothetical) compute instance, sending from and reached at its
 *   fixed IP (NICs and addresses as core's `checkReach` picks them; without a fixed IP, every
 *   address of its subnet);
 * - `group`: a hypothetical member that has only this group (core's `withHypotheticalMember`),
 *   whether or not the group has instances, with no known fixed IP, always counted as a member
 *   (`remote_group_id` rules of its group match it). When the group has instances, the stand-in
 *   sits in the subnet of the first of them (by id, its first NIC with a known subnet): it sends
 *   from and is reached at that subnet's addresses, and VPC isolation applies as to its
 *   instances. A group without instances (or whose instances' subnets are unknown) has a
 *   stand-in without subnet: no VPC isolates it and it may use any address of the version;
 * - `internet`: every public address (core/internet.ts `publicAddresses`), hosts outside the
 *   model with no security group. An instance's own fixed IPs are left out of it (an instance's
 *   traffic to itself is not filtered), as `checkReach` does.
 */
export type MatrixNodeKind = "instance" | "group" | "internet";

/** A row or column of the matrix. */
export interface MatrixNode {
  /** The Terraform address (`huaweicloud_compute_instance.web1`, `huaweicloud_networking_secgroup.db`) or `internet`. */
  readonly id: string;
  readonly kind: MatrixNodeKind;
  /** A short name for diagrams: the resource name (`web1`, `db`) or `internet`. */
  readonly label: string;
}

/**
 * One protocol's allowed ports, compressed. A list of services describes a set of (protocol,
 * port) canonically: it depends only on the set, never on which protocols the rules name.
 * - `all` (alone in its list): every protocol, on every port.
 * - When more than half of the 256 protocols are in the set on every port, the list is written as
 *   exceptions: the protocols in the set on some ports only (tcp/udp with their ports), then
 *   `other`: every protocol not listed before it, on every port, except the protocols named in
 *   its `except` (in the set on no port). "Every protocol except tcp 22" is
 *   `[{ protocol: "tcp", ports: [[1, 21], [23, 65535]] }, { protocol: "other", ports: null }]`;
 *   "everything but udp" is `[{ protocol: "other", ports: null, except: ["udp"] }]`.
 * - Otherwise each protocol in the set is listed: tcp/udp with their ports, the others with null.
 */
export interface Service {
  /**
   * `tcp`, `udp`, `icmp`, `icmpv6`, `gre`, a protocol number as text, `all` (every protocol) or
   * `other` (every protocol the list does not name, see `except`).
   */
  readonly protocol: string;
  /** Port ranges for tcp/udp, in ascending order; null for protocols without ports, `all` and `other`. */
  readonly ports: ReadonlyArray<readonly [number, number]> | null;
  /** Only with `other`: protocols it leaves out (in the set on no port), by name or number, ascending; absent when none. */
  readonly except?: readonly string[];
}

/** A non-empty cell of the matrix. */
export interface MatrixCell {
  readonly from: string;
  readonly to: string;
  /** What some address of `from` can open to some address of `to`, sorted by protocol number (`all` first, `other` last). */
  readonly services: readonly Service[];
  /**
   * Whether every address of `from` reaches every address of `to` on every listed service
   * (false: only some addresses do, e.g. a trusted /24 of the internet).
   */
  readonly complete: boolean;
  /** One allowed flow of the cell (the first service, the lowest addresses allowed), as `describeFlow` prints it. */
  readonly example: string;
  /**
   * The rule that admitted the example flow (`evaluateFlow`'s `rule`): at the destination's
   * ingress, or at the source's egress when the destination is `internet`.
   */
  readonly rule: string | null;
}

/** The matrix of one IP version. */
export interface ReachabilityMatrix {
  readonly version: IpVersion;
  /** Instances (by id), then groups (by id), then `internet`. */
  readonly nodes: readonly MatrixNode[];
  /**
   * The non-empty cells, ordered by the nodes' order of `from`, then of `to`. Never from a node to
   * itself (nor `internet` to `internet`).
   */
  readonly cells: readonly MatrixCell[];
}

/** Options of `reachabilityMatrix`. */
export interface MatrixOptions {
  /**
   * The IP version of the flows.
   * @default 4
   */
  readonly version?: IpVersion;
}

/** A node with what it stands for in the extended network, and what every pair of it needs, computed once. */
interface NodeEnd {
  readonly node: MatrixNode;
  /** The instance (a stand-in member for a group node); undefined for `internet`. */
  readonly instance?: Instance;
  /** For an instance (or stand-in): the public addresses without its own fixed IPs, its `internet` end. */
  readonly internet?: AddressSet;
  /** For an instance: the addresses of its first NIC (`nicAddresses`). */
  readonly first?: AddressSet;
  /** For an instance: its egress and ingress spaces toward another end (`spacesToward`). */
  readonly egress?: (other: Instance | undefined) => AllowedSpace;
  readonly ingress?: (other: Instance | undefined) => AllowedSpace;
}

/** The resource name of a Terraform address: the part after the last dot. */
function labelOf(id: string): string {
  return id.slice(id.lastIndexOf(".") + 1);
}

/**
 * The network with a stand-in member of every group, added in one `withInstances` call (one
 * rebuild, one cache for every cell), once per network. The stand-ins are what core's
 * `withHypotheticalMember` builds: it finds them in the extended network and returns their ids.
 */
function withStandIns(network: Network, groupIds: readonly string[]): { network: Network; memberIds: string[] } {
  // A Network is immutable: the extension is kept in its cache, so the matrix of another IP
  // version (or the same again) reuses the extended network and every space cached in it.
  const key = "analysis|matrix-stand-ins";
  const cached = network.cache.get(key) as { network: Network; memberIds: string[] } | undefined;
  if (cached) return cached;
  const idOf = (g: string) => `member of ${g}`;
  const missing = groupIds.filter((g) => !network.instances.has(idOf(g)));
  // Where a group's members live: the subnet of its first instance (by id) that has one.
  const subnetOf = new Map<string, string>();
  for (const instance of [...network.instances.values()].filter((i) => !i.hypothetical).sort((a, b) => compareText(a.id, b.id))) {
    const subnetId = instance.nics.find((n) => n.subnetId !== undefined)?.subnetId;
    if (subnetId === undefined) continue;
    for (const g of instance.securityGroupIds) if (!subnetOf.has(g)) subnetOf.set(g, subnetId);
  }
  const extended = missing.length === 0 ? network : network.withInstances(
    missing.map((g) => {
      const subnetId = subnetOf.get(g);
      return { id: idOf(g), securityGroupIds: [g], nics: [{ sourceDestCheck: true, ...(subnetId !== undefined ? { subnetId } : {}) }], hypothetical: true };
    }),
  );
  const memberIds = groupIds.map((g) => {
    const found = withHypotheticalMember(extended, g);
    if (found.network !== extended) throw new HwsgError(`internal error: the stand-in member of ${g} is not named as core names it (${found.instanceId})`);
    return found.instanceId;
  });
  const result = { network: extended, memberIds };
  network.cache.set(key, result);
  return result;
}

/** What a cell is, apart from its ends: the same for every pair whose spaces restricted to the ends are the same. */
interface CellContent {
  readonly services: Service[];
  readonly complete: boolean;
  /** The example's cell and addresses (undefined: the end's example address, see `exampleAddress`). */
  readonly example: { readonly cell: Cell; readonly src: bigint | undefined; readonly dst: bigint | undefined };
}

/** Contents by the egress restriction, then by the number of the ingress restriction. */
type ContentMemo = Map<Restriction, Map<number, CellContent | null>>;

/**
 * The services, completeness and example of the flows between two restrictions (the egress
 * restricted to the destination end, the ingress to the source end), or null when none is
 * allowed. Memoized by the restrictions: pairs with the same ones have the same content.
 */
function contentOf(egress: Restriction, ingress: Restriction, memo: ContentMemo): CellContent | null {
  if (egress.empty || ingress.empty) return null;
  let byIngress = memo.get(egress);
  if (!byIngress) memo.set(egress, (byIngress = new Map()));
  const known = byIngress.get(ingress.id);
  if (known !== undefined) return known;
  const flows = restrictedFlows(egress, ingress);
  let content: CellContent | null = null;
  if (flows) {
    const { cell, src, dst } = flows.first;
    const example = { cell, src: src ? exampleAddress(src) : undefined, dst: dst ? exampleAddress(dst) : undefined };
    content = { services: flows.services.toServices(), complete: flows.complete, example };
  }
  byIngress.set(ingress.id, content);
  return content;
}

/** The example address of an end (see `exampleAddress`), once per end object. */
const endExamples = new WeakMap<AddressSet, bigint>();
function endExample(end: AddressSet): bigint {
  let a = endExamples.get(end);
  if (a === undefined) endExamples.set(end, (a = exampleAddress(end)));
  return a;
}

/** Printed addresses, kept for one matrix (the same few addresses recur in thousands of examples). */
class AddressTexts {
  private readonly texts = new Map<bigint, string>();
  readonly format = (version: IpVersion, address: bigint): string => {
    let t = this.texts.get(address);
    if (t === undefined) this.texts.set(address, (t = formatAddress(version, address)));
    return t;
  };
}

/**
 * The deciding rule of an example flow, as `decide` gives it, checking on the way that the
 * single-flow evaluation allows it (the VPCs are known to be connected): the source's egress
 * decides first, then the destination's ingress (whose rule it is when there is one).
 * @throws HwsgError (internal error) when a hop does not allow the flow
 */
function exampleRule(network: Network, flow: Flow, src: Instance | undefined, dst: Instance | undefined): string | null {
  let rule: string | null = null;
  if (src) rule = allowingRule(network, flow, decideHop(network, src, "egress", flow, flow.dst));
  if (dst) rule = allowingRule(network, flow, decideHop(network, dst, "ingress", flow, flow.src));
  return rule;
}

function allowingRule(network: Network, flow: Flow, { compiled, index }: HopDecision): string {
  if (index < 0 || !compiled.allows(index)) {
    throw new HwsgError(`internal error: the matrix and the single-flow evaluation disagree on ${evaluateFlow(network, flow).reason}`);
  }
  return compiled.entries[index].rule.id;
}

/** One end of an example flow (as pair-space.ts `flowOf` builds it). */
function flowEnd(instance: Instance | undefined, nicIndex: number, address: bigint): FlowEnd {
  return instance ? { kind: "instance", instanceId: instance.id, nicIndex, address, fromFixedIp: true } : { kind: "external", address };
}

/** Whether two VPCs (undefined: unknown) can exchange traffic, remembered per matrix. */
class VpcLinks {
  private readonly known = new Map<string, Map<string, boolean>>();
  constructor(private readonly network: Network) {}
  connected(a: string | undefined, b: string | undefined): boolean {
    if (a === undefined || b === undefined || a === b) return true;
    let row = this.known.get(a);
    if (!row) this.known.set(a, (row = new Map()));
    let c = row.get(b);
    if (c === undefined) row.set(b, (c = this.network.vpcsConnected(a, b)));
    return c;
  }
}

/** What the pairs of one matrix share: the network, version, memo of contents, printed addresses, VPC links. */
interface MatrixContext {
  readonly network: Network;
  readonly version: IpVersion;
  readonly memo: ContentMemo;
  readonly texts: AddressTexts;
  readonly links: VpcLinks;
}

/**
 * The cell from one node to another, or undefined when no flow is allowed: the ends as
 * pair-space.ts `instancePair`, `inboundPair` and `outboundPair` resolve them (NICs, addresses,
 * spaces, VPC connection), without building the view.
 */
function cellOf(ctx: MatrixContext, from: NodeEnd, to: NodeEnd): MatrixCell | undefined {
  const { network, version } = ctx;
  const a = from.instance;
  const b = to.instance;
  let src: AddressSet;
  let dst: AddressSet;
  let i = 0;
  let j = 0;
  if (a && b) {
    if (a.nics.length === 1 && b.nics.length === 1) {
      if (!ctx.links.connected(network.vpcOf(a.nics[0]), network.vpcOf(b.nics[0]))) return undefined;
      src = from.first!;
      dst = to.first!;
    } else {
      [i, j] = nicPair(network, a, b);
      if (!nicsConnected(network, a, i, b, j)) return undefined;
      src = nicAddresses(network, a, i, version);
      dst = nicAddresses(network, b, j, version);
    }
  } else if (b) {
    src = to.internet!;
    dst = to.first!;
  } else if (a) {
    src = from.first!;
    dst = from.internet!;
  } else {
    return undefined;
  }
  if (src.isEmpty || dst.isEmpty) return undefined;
  const egressSpace = a ? from.egress!(b) : undefined;
  const ingressSpace = b ? to.ingress!(a) : undefined;
  const content = contentOf(restrictionOf(egressSpace, dst), restrictionOf(ingressSpace, src), ctx.memo);
  if (!content) return undefined;
  const { cell } = content.example;
  const port = hasPorts(cell.protocol) ? cell.ports![0] : undefined;
  const flow: Flow = {
    version,
    protocol: cell.protocol,
    ...(port !== undefined ? { port } : {}),
    src: flowEnd(a, i, content.example.src ?? endExample(src)),
    dst: flowEnd(b, j, content.example.dst ?? endExample(dst)),
  };
  // The single-flow evaluator must agree on the example, and gives its deciding rule.
  const rule = exampleRule(network, flow, a, b);
  return {
    from: from.node.id,
    to: to.node.id,
    services: content.services,
    complete: content.complete,
    example: describeFlowWith(flow, ctx.texts.format),
    rule,
  };
}

/**
 * The reachability matrix of a network for one IP version: every non-hypothetical instance (by
 * id), every security group (by id, as a hypothetical member that has only that group, see
 * `MatrixNodeKind`), then `internet`; and for each ordered pair of distinct nodes the services on
 * which some address of the first reaches some address of the second — the source's egress and
 * the destination's ingress both allow the flow, and the VPCs are connected — exactly as core's
 * `checkReach` judges flows, computed on the allowed spaces rather than by sampling.
 *
 * @param options the IP version (`version`, default 4)
 * @throws HwsgError (internal error) if the set-valued and single-flow evaluations ever disagree
 */
export function reachabilityMatrix(network: Network, options: MatrixOptions = {}): ReachabilityMatrix {
  const version = options.version ?? 4;
  const instances = [...network.instances.values()].filter((i) => !i.hypothetical).sort((a, b) => compareText(a.id, b.id));
  const groupIds = [...network.groups.keys()].sort(compareText);
  const { network: extended, memberIds } = withStandIns(network, groupIds);

  const withInternet = (node: MatrixNode, instance: Instance): NodeEnd => ({
    node,
    instance,
    internet: publicAddresses(version).subtract(ownAddresses(instance, version)),
    first: nicAddresses(extended, instance, 0, version),
    egress: spacesToward(extended, instance, "egress", version),
    ingress: spacesToward(extended, instance, "ingress", version),
  });
  const ends: NodeEnd[] = [
    ...instances.map((i) => withInternet({ id: i.id, kind: "instance" as const, label: labelOf(i.id) }, extended.instance(i.id))),
    ...groupIds.map((g, k) => withInternet({ id: g, kind: "group" as const, label: labelOf(g) }, extended.instance(memberIds[k]))),
    { node: { id: INTERNET, kind: "internet" as const, label: INTERNET } },
  ];
  const cells: MatrixCell[] = [];
  const ctx: MatrixContext = { network: extended, version, memo: new Map(), texts: new AddressTexts(), links: new VpcLinks(extended) };
  for (const from of ends) {
    for (const to of ends) {
      if (from === to) continue;
      const cell = cellOf(ctx, from, to);
      if (cell) cells.push(cell);
    }
  }
  return { version, nodes: ends.map((e) => e.node), cells };
}
