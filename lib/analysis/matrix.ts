/**
 * The reachability matrix: who reaches whom, on which protocols and ports. Rows and columns are
 * the model's members of every kind (compute instances, RDS instances, attached interfaces…), its
 * security groups (each as a member that has only that group) and
 * "internet" (every public address, core/internet.ts). A cell lists the services on which SOME
 * address of the row end reaches SOME address of the column end, compressed into port ranges.
 *
 * Computed exactly on the allowed spaces (core/allowed-space.ts), never by sampling: the pair's
 * spaces are cut into cells on which they are constant (a protocol, or the class of every
 * protocol no rule names, times a port interval), and on each cell the allowed flows are the
 * product of the sources the destination's ingress admits and the destinations the source's
 * egress lets out (pair-space.ts).
 *
 * How the work is laid out (2,000 nodes, 4 M pairs at 1,000 groups): everything a node brings to
 * a pair is computed once per node (`NodeEnd`: addresses, VPC number, group numbers, its spaces
 * toward other ends by group bitmask, its compiled rules). A pair costs a few array reads: its
 * two spaces (toward-spaces.ts), each restricted to the other end (restriction.ts: interned, an
 * address class by binary search), and the cell content memoized by the two restrictions (the
 * same for every pair that has them). A non-empty cell's example flow is checked against the
 * single-flow evaluation's compiled rules (hop-candidates.ts), which also give its rule: the
 * source's egress row by row, the destination's ingress afterwards column by column.
 */
import { AddressSet } from "../core/address-set";
import { CompiledRules, compiledRules, endMembership } from "../core/decision";
import { HwsgError } from "../core/errors";
import { evaluateFlow } from "../core/evaluator";
import { Flow, FlowEnd } from "../core/flow";
import { publicAddresses } from "../core/internet";
import { IpVersion } from "../core/ip";
import { Instance, Network } from "../core/network";
import { hasPortSpace } from "../core/icmp";
import { HopCandidates } from "./hop-candidates";
import { exampleHead, exampleText, exampleTo, ExampleTexts } from "./example-text";
import { restrictedFlows } from "./pair-content";
import { Restriction, RestrictionEnd, UNCHECKED, restrictionEnd, restrictionOf } from "./restriction";
import { compareText, exampleAddress, nicAddresses, nicPair, nicsConnected, ownAddresses, spaceToward } from "./pair-space";
import { GroupNumbers, MemberEnd, TowardSpaces } from "./toward-spaces";
import { INTERNET, MatrixCell, MatrixNode, MatrixOptions, ReachabilityMatrix, Service } from "./matrix-model";
import { VpcLinks, labelOf, matrixMembers, memberNode, withStandIns } from "./matrix-nodes";

export { INTERNET } from "./matrix-model";
export type { MatrixCell, MatrixNode, MatrixNodeKind, MatrixOptions, ReachabilityMatrix, Service } from "./matrix-model";

/**
 * A node with what it stands for in the extended network, and what every pair of it needs,
 * computed once: for a row or column of 2,000 nodes the pair loop only reads these fields.
 */
interface NodeEnd {
  readonly node: MatrixNode;
  /** Its position among the nodes. */
  readonly index: number;
  /** The instance (a stand-in member for a group node); undefined for `internet`. */
  readonly instance?: Instance;
  /** Its groups by number (toward-spaces.ts `GroupNumbers`); empty for `internet`. */
  readonly groups: Int32Array;
  /** Whether the instance has one NIC (pairs of one-NIC instances skip `nicPair`). */
  readonly oneNic: boolean;
  /** The VPC of its first NIC by number (`VpcLinks`), -1 when unknown or for `internet`. */
  readonly vpc: number;
  /** For an instance: the addresses of its first NIC (`nicAddresses`) and their example address. */
  readonly first?: RestrictionEnd;
  readonly firstExample: bigint;
  /** For an instance: the public addresses without its own fixed IPs (its `internet` end) and their example address. */
  readonly internet?: RestrictionEnd;
  readonly internetExample: bigint;
  /** For an instance: its example-text end at its first NIC's example address, and that followed by ` to `. */
  readonly firstText: string;
  readonly firstTextTo: string;
  /** For an instance: its egress and ingress spaces toward other ends. */
  readonly egress?: TowardSpaces;
  readonly ingress?: TowardSpaces;
  /** For an instance: its compiled egress and ingress rules (core/decision.ts), which check the examples. */
  readonly egressRules?: HopCandidates;
  readonly ingressRules?: HopCandidates;
  /** For an instance: the groups its peers' `remote_group_id` rules see it in (sending from its fixed IP). */
  readonly members?: ReadonlySet<string>;
}

/** What a cell is, apart from its ends: the same for every pair whose spaces restricted to the ends are the same. */
interface CellContent {
  readonly services: Service[];
  readonly complete: boolean;
  /** The example's protocol and port (undefined for a protocol without ports). */
  readonly protocol: number;
  readonly port: number | undefined;
  /** The example text up to the source (example-text.ts `exampleHead`). */
  readonly head: string;
  /** The example's addresses (undefined: the end's example address, see `exampleAddress`). */
  readonly src: bigint | undefined;
  readonly dst: bigint | undefined;
}

/** The example address of an end (see `exampleAddress`), once per end object. */
const endExamples = new WeakMap<AddressSet, bigint>();
function endExample(end: AddressSet): bigint {
  let a = endExamples.get(end);
  if (a === undefined) endExamples.set(end, (a = exampleAddress(end)));
  return a;
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
    const port = hasPortSpace(cell.protocol) ? cell.ports![0] : undefined;
    content = {
      services: flows.services.toServices(),
      complete: flows.complete,
      protocol: cell.protocol,
      port,
      head: exampleHead(cell.protocol, port),
      src: src ? exampleAddress(src) : undefined,
      dst: dst ? exampleAddress(dst) : undefined,
    };
  }
  byIngress.set(ingress.id, content);
  return content;
}

/**
 * The deciding rule of one hop of an example flow, checking that it allows the flow: the first
 * effective rule of the instance's compiled list (core/decision.ts, the single-flow evaluation's
 * rule walk, over the rules whose protocol and ports hold the flow's: hop-candidates.ts) that
 * matches the protocol, port and the other end (its address, and the groups its
 * `remote_group_id` rules see it in).
 * @param flow the whole flow, built only to explain a disagreement
 * @throws HwsgError (internal error) when the hop does not allow the flow
 */
function hopRule(network: Network, rules: HopCandidates, content: CellContent, other: bigint, members: ReadonlySet<string>, flow: () => Flow): string {
  const index = rules.firstMatch(content.protocol, content.port ?? -1, other, members);
  const list = rules.list;
  if (index < 0 || !list.allows(index)) {
    throw new HwsgError(`internal error: the matrix and the single-flow evaluation disagree on ${evaluateFlow(network, flow()).reason}`);
  }
  return list.entries[index].rule.id;
}

/** The example flow of a content between two ends (as pair-space.ts `flowOf` builds it). */
function exampleFlow(version: IpVersion, content: CellContent, src: FlowEnd, dst: FlowEnd): Flow {
  return { version, protocol: content.protocol, ...(content.port !== undefined ? { port: content.port } : {}), src, dst };
}

/** The membership of a flow end outside the model (`endMembership`: the groups of the instances holding its address as fixed IP). */
function outsideMembers(ctx: MatrixContext, address: bigint): ReadonlySet<string> {
  return endMembership(ctx.network, { kind: "external", address }, ctx.version);
}

/** One end of an example flow (as pair-space.ts `flowOf` builds it). */
function flowEnd(instance: Instance | undefined, nicIndex: number, address: bigint): FlowEnd {
  return instance ? { kind: "instance", instanceId: instance.id, nicIndex, address, fromFixedIp: true } : { kind: "external", address };
}

/** What the pairs of one matrix share. */
interface MatrixContext {
  readonly network: Network;
  readonly version: IpVersion;
  readonly memo: ContentMemo;
  readonly texts: ExampleTexts;
  readonly links: VpcLinks;
  /** The cells so far, in order. */
  readonly cells: CellDraft[];
  /** The ingress checks still to do, by column. */
  readonly ingress: IngressChecks;
}

/** A cell being made: its rule is set when its last hop is checked. */
type CellDraft = { -readonly [K in keyof MatrixCell]: MatrixCell[K] };

/**
 * The ingress checks of the examples, done column by column after the rows (`checkIngress`): a
 * column's compiled ingress list is then walked for all its cells in a row, instead of a
 * different list for every cell of a row. Check k is of cell `cell[k]`, from node `from[k]`,
 * with content `content[k]`; `byColumn[c]` lists the checks of column c in row order.
 */
class IngressChecks {
  readonly cell: number[] = [];
  readonly from: number[] = [];
  readonly content: CellContent[] = [];
  readonly byColumn: number[][];

  constructor(columns: number) {
    this.byColumn = Array.from({ length: columns }, () => []);
  }

  add(cell: number, from: number, to: number, content: CellContent): void {
    this.byColumn[to].push(this.cell.length);
    this.cell.push(cell);
    this.from.push(from);
    this.content.push(content);
  }
}

/**
 * The ingress checks (see `IngressChecks`): for each cell to an instance, the destination's
 * ingress must allow the example flow, and its deciding rule is the cell's rule.
 * @throws HwsgError (internal error) when it does not
 */
function checkIngress(ctx: MatrixContext, ends: readonly NodeEnd[]): void {
  const checks = ctx.ingress;
  ends.forEach((to, column) => {
    const list = checks.byColumn[column];
    if (list.length === 0) return;
    const rules = to.ingressRules!;
    for (const k of list) {
      const from = ends[checks.from[k]];
      const content = checks.content[k];
      const a = from.instance;
      const address = content.src ?? (a ? from.firstExample : to.internetExample);
      const members = a ? from.members! : outsideMembers(ctx, address);
      const flow = () => exampleFlow(ctx.version, content, flowEnd(a, 0, address), flowEnd(to.instance, 0, content.dst ?? to.firstExample));
      ctx.cells[checks.cell[k]].rule = hopRule(ctx.network, rules, content, address, members, flow);
    }
  });
}

/**
 * The cell between two instances of which one has several NICs: the ends as pair-space.ts
 * `instancePair` resolves them (the NIC pair, its addresses, the VPC connection). Both hops are
 * checked at once.
 */
function multiNicCell(ctx: MatrixContext, from: NodeEnd, to: NodeEnd, out: RowCells): void {
  const { network, version } = ctx;
  const a = from.instance!;
  const b = to.instance!;
  const [i, j] = nicPair(network, a, b);
  if (!nicsConnected(network, a, i, b, j)) return;
  const src = nicAddresses(network, a, i, version);
  const dst = nicAddresses(network, b, j, version);
  if (src.isEmpty || dst.isEmpty) return;
  const egress = spaceToward(network, a, "egress", version, b);
  const ingress = spaceToward(network, b, "ingress", version, a);
  const content = contentOf(restrictionOf(egress, dst), restrictionOf(ingress, src), ctx.memo);
  if (!content) return;
  const srcAddress = content.src ?? endExample(src);
  const dstAddress = content.dst ?? endExample(dst);
  const flow = () => exampleFlow(version, content, flowEnd(a, i, srcAddress), flowEnd(b, j, dstAddress));
  hopRule(network, from.egressRules!, content, dstAddress, to.members!, flow);
  const rule = hopRule(network, to.ingressRules!, content, srcAddress, from.members!, flow);
  const example = exampleText(content.head, ctx.texts.instance(a.id, srcAddress), ctx.texts.instance(b.id, dstAddress));
  out.add({ from: from.node.id, to: to.node.id, services: content.services, complete: content.complete, example, rule }, from.index, -1, null);
}

/**
 * The cell from one node to another given the content of their restricted spaces (none when
 * null): the example flow from the content's addresses (else each end's example address),
 * checked by the single-flow evaluation, which gives its rule — the source's egress now, the
 * destination's ingress later (`IngressChecks`). The ends are as `pairCell` resolved them:
 * both first NICs, or an instance and `internet`.
 */
function cellWith(ctx: MatrixContext, from: NodeEnd, to: NodeEnd, content: CellContent | null, out: RowCells): void {
  if (!content) return;
  const a = from.instance;
  const b = to.instance;
  const texts = ctx.texts;
  const srcAddress = content.src ?? (a ? from.firstExample : to.internetExample);
  const dstAddress = content.dst ?? (b ? to.firstExample : from.internetExample);
  // The source with " to " (example-text.ts `exampleText` is head + this + destination).
  const srcTo = !a ? exampleTo(texts.address(srcAddress)) : content.src === undefined ? from.firstTextTo : exampleTo(texts.instance(a.id, srcAddress));
  const dstText = !b ? texts.address(dstAddress) : content.dst === undefined ? to.firstText : texts.instance(b.id, dstAddress);
  let rule: string | null = null;
  if (a) {
    const members = b ? to.members! : outsideMembers(ctx, dstAddress);
    const flow = () => exampleFlow(ctx.version, content, flowEnd(a, 0, srcAddress), flowEnd(b, 0, dstAddress));
    rule = hopRule(ctx.network, from.egressRules!, content, dstAddress, members, flow);
  }
  const cell = { from: from.node.id, to: to.node.id, services: content.services, complete: content.complete, example: content.head + srcTo + dstText, rule };
  out.add(cell, from.index, b ? to.index : -1, content);
}

/**
 * The cells of one row as they are made, with the ingress check each still needs (`to[k]` the
 * column, -1 for none), until they join the matrix's cells (`flush`).
 */
class RowCells {
  private readonly cells: CellDraft[] = [];
  private readonly from: number[] = [];
  private readonly to: number[] = [];
  private readonly contents: Array<CellContent | null> = [];

  add(cell: CellDraft, from: number, to: number, content: CellContent | null): void {
    this.cells.push(cell);
    this.from.push(from);
    this.to.push(to);
    this.contents.push(content);
  }

  /** Appends the cells to the matrix's, in order, and registers their ingress checks. */
  flush(ctx: MatrixContext): void {
    this.cells.forEach((cell, k) => {
      if (this.to[k] >= 0) ctx.ingress.add(ctx.cells.length, this.from[k], this.to[k], this.contents[k]!);
      ctx.cells.push(cell);
    });
  }
}

/** Rows computed together (`cellsOfRows`). */
const ROW_BLOCK = 16;

/**
 * The cells of a block of rows, each row in column order. The pairs are visited column by
 * column, a few rows at a time, so what a column brings (its ingress spaces, their address
 * classes) is fetched once for the whole block instead of once per row; each row's cells are
 * kept apart and appended in row order.
 */
function cellsOfRows(ctx: MatrixContext, rows: readonly NodeEnd[], ends: readonly NodeEnd[]): void {
  const out = rows.map(() => new RowCells());
  for (const to of ends) {
    for (let k = 0; k < rows.length; k++) pairCell(ctx, rows[k], to, out[k]);
  }
  for (const row of out) row.flush(ctx);
}

/**
 * The cell of one pair, if any: the two spaces (the row's egress toward the column, the
 * column's ingress from the row) restricted to the other end, then the content memo.
 */
function pairCell(ctx: MatrixContext, from: NodeEnd, to: NodeEnd, out: RowCells): void {
  if (to === from) return;
  // An instance and its attached interfaces are one machine: security groups do not filter its traffic to itself.
  if (from.instance && to.instance && ctx.network.sameMachine(from.instance.id, to.instance.id)) return;
  if (!from.instance) {
    // internet: toward each instance's first NIC, from its internet end; nothing checks the egress.
    if (!to.instance || to.first!.set.isEmpty || to.internet!.set.isEmpty) return;
    cellWith(ctx, from, to, contentOf(UNCHECKED, to.ingress!.outside().restrict(to.internet!), ctx.memo), out);
    return;
  }
  const src = from.first!;
  if (!to.instance) {
    if (src.set.isEmpty || from.internet!.set.isEmpty) return;
    cellWith(ctx, from, to, contentOf(from.egress!.outside().restrict(from.internet!), UNCHECKED, ctx.memo), out);
  } else if (from.oneNic && to.oneNic) {
    if (!ctx.links.connected(from.vpc, to.vpc) || src.set.isEmpty || to.first!.set.isEmpty) return;
    const egress = from.egress!.toward(to as MemberNode).restrict(to.first!);
    const ingress = to.ingress!.toward(from as MemberNode).restrict(src);
    cellWith(ctx, from, to, contentOf(egress, ingress, ctx.memo), out);
  } else {
    multiNicCell(ctx, from, to, out);
  }
}

/** A node that is an instance (or stand-in), as `TowardSpaces.toward` takes it. */
type MemberNode = NodeEnd & MemberEnd;

/**
 * The reachability matrix of a network for one IP version: every non-hypothetical member of any
 * kind (by id, with its kind), every security group (by id, as a hypothetical member that has only that group, see
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
  const instances = matrixMembers(network);
  const groupIds = [...network.groups.keys()].sort(compareText);
  const { network: extended, memberIds } = withStandIns(network, groupIds);

  const numbers = new GroupNumbers([...groupIds, ...[...extended.instances.values()].flatMap((i) => i.securityGroupIds)]);
  const links = new VpcLinks(extended);
  const texts = new ExampleTexts(version);
  const internetAll = publicAddresses(version);
  // One candidate cache per compiled list (instances with the same groups and flavor family share it).
  const candidates = new Map<CompiledRules, HopCandidates>();
  const candidatesOf = (list: CompiledRules): HopCandidates => {
    let c = candidates.get(list);
    if (!c) candidates.set(list, (c = new HopCandidates(list)));
    return c;
  };
  const withInternet = (node: MatrixNode, instance: Instance, index: number): NodeEnd => {
    const first = nicAddresses(extended, instance, 0, version);
    const internet = internetAll.subtract(ownAddresses(instance, version));
    const firstExample = first.isEmpty ? 0n : endExample(first);
    return {
      node,
      index,
      instance,
      groups: numbers.of(instance),
      oneNic: instance.nics.length === 1,
      vpc: instance.nics.length > 0 ? links.numberOf(extended.vpcOf(instance.nics[0])) : -1,
      first: restrictionEnd(first),
      firstExample,
      internet: restrictionEnd(internet),
      internetExample: internet.isEmpty ? 0n : endExample(internet),
      firstText: texts.instance(instance.id, firstExample),
      firstTextTo: exampleTo(texts.instance(instance.id, firstExample)),
      egressRules: candidatesOf(compiledRules(extended, instance, "egress", version)),
      ingressRules: candidatesOf(compiledRules(extended, instance, "ingress", version)),
      members: endMembership(extended, flowEnd(instance, 0, firstExample), version),
      egress: new TowardSpaces(extended, instance, "egress", version, numbers),
      ingress: new TowardSpaces(extended, instance, "ingress", version, numbers),
    };
  };
  const ends: NodeEnd[] = [
    ...instances.map((i, k) => withInternet(memberNode(i), extended.instance(i.id), k)),
    ...groupIds.map((g, k) => withInternet({ id: g, kind: "group" as const, label: labelOf(g) }, extended.instance(memberIds[k]), instances.length + k)),
    { node: { id: INTERNET, kind: "internet" as const, label: INTERNET }, index: instances.length + groupIds.length, groups: new Int32Array(0), oneNic: false, vpc: -1, firstExample: 0n, internetExample: 0n, firstText: "", firstTextTo: "" },
  ];
  const cells: CellDraft[] = [];
  const ctx: MatrixContext = { network: extended, version, memo: new Map(), texts, links, cells, ingress: new IngressChecks(ends.length) };
  for (let r = 0; r < ends.length; r += ROW_BLOCK) cellsOfRows(ctx, ends.slice(r, r + ROW_BLOCK), ends);
  checkIngress(ctx, ends);
  return { version, nodes: ends.map((e) => e.node), cells };
}
