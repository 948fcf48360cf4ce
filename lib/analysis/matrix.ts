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
import { decideHop } from "../core/decision";
import { HwsgError } from "../core/errors";
import { evaluateFlow } from "../core/evaluator";
import { Flow, describeFlowWith } from "../core/flow";
import { publicAddresses } from "../core/internet";
import { IpVersion, formatAddress } from "../core/ip";
import { Instance, Network } from "../core/network";
import { withHypotheticalMember } from "../core/reachability";
import { restrictedFlows } from "./pair-content";
import { Restriction, restrictionOf } from "./restriction";
import {
  Cell,
  PairView,
  compareText,
  exampleAddress,
  flowOf,
  inboundPair,
  instancePair,
  outboundPair,
  ownAddresses,
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

/** A node with what it stands for in the extended network. */
interface NodeEnd {
  readonly node: MatrixNode;
  /** The instance (a stand-in member for a group node); undefined for `internet`. */
  readonly instance?: Instance;
  /** For an instance (or stand-in): the public addresses without its own fixed IPs, its `internet` end. */
  readonly internet?: AddressSet;
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

/** The flows from one node to another, or undefined when there are none to look at. */
function viewOf(network: Network, from: NodeEnd, to: NodeEnd, version: IpVersion): PairView | undefined {
  if (from.instance && to.instance) return instancePair(network, from.instance, to.instance, version);
  if (to.instance) return inboundPair(network, to.internet!, to.instance, version);
  if (from.instance) return outboundPair(network, from.instance, from.internet!, version);
  return undefined;
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
  for (const [instance, direction, other] of [[src, "egress", flow.dst], [dst, "ingress", flow.src]] as const) {
    if (!instance) continue;
    const { compiled, index } = decideHop(network, instance, direction, flow, other);
    if (index < 0 || !compiled.allows(index)) {
      throw new HwsgError(`internal error: the matrix and the single-flow evaluation disagree on ${evaluateFlow(network, flow).reason}`);
    }
    rule = compiled.entries[index].rule.id;
  }
  return rule;
}

/** The cell from one node to another, or undefined when no flow is allowed. */
function cellOf(network: Network, from: NodeEnd, to: NodeEnd, version: IpVersion, memo: ContentMemo, texts: AddressTexts): MatrixCell | undefined {
  const view = viewOf(network, from, to, version);
  if (!view || !view.connected || view.src.isEmpty || view.dst.isEmpty) return undefined;
  const content = contentOf(restrictionOf(view.egress, view.dst), restrictionOf(view.ingress, view.src), memo);
  if (!content) return undefined;
  const { cell } = content.example;
  const flow = flowOf(view, cell, content.example.src ?? endExample(view.src), content.example.dst ?? endExample(view.dst));
  // The single-flow evaluator must agree on the example, and gives its deciding rule.
  const rule = exampleRule(view.network, flow, view.srcInstance?.instance, view.dstInstance?.instance);
  return {
    from: from.node.id,
    to: to.node.id,
    services: content.services,
    complete: content.complete,
    example: describeFlowWith(flow, texts.format),
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
  });
  const ends: NodeEnd[] = [
    ...instances.map((i) => withInternet({ id: i.id, kind: "instance" as const, label: labelOf(i.id) }, extended.instance(i.id))),
    ...groupIds.map((g, k) => withInternet({ id: g, kind: "group" as const, label: labelOf(g) }, extended.instance(memberIds[k]))),
    { node: { id: INTERNET, kind: "internet" as const, label: INTERNET } },
  ];
  const cells: MatrixCell[] = [];
  const memo: ContentMemo = new Map();
  const texts = new AddressTexts();
  for (const from of ends) {
    for (const to of ends) {
      if (from === to) continue;
      const cell = cellOf(extended, from, to, version, memo, texts);
      if (cell) cells.push(cell);
    }
  }
  return { version, nodes: ends.map((e) => e.node), cells };
}
