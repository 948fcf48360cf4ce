/**
 * What the nodes of the reachability matrix stand for (matrix.ts): the stand-in member of each
 * group in an extended network, node labels, and the VPCs of the nodes with their links.
 */
import { HwsgError } from "../core/errors";
import { Member, Network, memberKind } from "../core/network";
import { withHypotheticalMember } from "../core/reachability";
import { INTERNET, MatrixNode } from "./matrix-model";
import { compareText } from "./pair-space";

/** The resource name of a Terraform address: the part after the last dot. */
export function labelOf(id: string): string {
  return id.slice(id.lastIndexOf(".") + 1);
}

/** The matrix node of a member: its address, label and kind, and what it is a NIC of or launched by. */
export function memberNode(member: Member): MatrixNode {
  return {
    id: member.id,
    kind: "instance",
    label: labelOf(member.id),
    memberKind: memberKind(member),
    ...(member.attachedTo !== undefined ? { attachedTo: member.attachedTo } : {}),
    ...(member.launched ? { launched: true } : {}),
  };
}

/** The members a matrix has as nodes: every non-hypothetical member, by id. */
export function matrixMembers(network: Network): Member[] {
  return [...network.instances.values()].filter((i) => !i.hypothetical).sort((a, b) => compareText(a.id, b.id));
}

/**
 * The nodes of a network's matrix, in the matrix' order (cheap: no space is computed): its
 * members (by id), its security groups (by id), then `internet`.
 */
export function matrixNodes(network: Network): MatrixNode[] {
  return [
    ...matrixMembers(network).map(memberNode),
    ...[...network.groups.keys()].sort(compareText).map((g) => ({ id: g, kind: "group" as const, label: labelOf(g) })),
    { id: INTERNET, kind: "internet" as const, label: INTERNET },
  ];
}

/**
 * The network with a stand-in member of every group, added in one `withInstances` call (one
 * rebuild, one cache for every cell), once per network. The stand-ins are what core's
 * `withHypotheticalMember` builds: it finds them in the extended network and returns their ids.
 */
export function withStandIns(network: Network, groupIds: readonly string[]): { network: Network; memberIds: string[] } {
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

/**
 * The VPCs of a matrix by number, and whether two of them can exchange traffic, as a table of
 * count × count flags (a VPC unknown, number -1, is connected to every VPC).
 */
export class VpcLinks {
  private readonly numbers = new Map<string, number>();
  private links: Uint8Array | undefined;

  constructor(private readonly network: Network) {}

  /** The number of a VPC (undefined: -1). Every VPC must be numbered before `connected` is asked. */
  numberOf(vpc: string | undefined): number {
    if (vpc === undefined) return -1;
    let n = this.numbers.get(vpc);
    if (n === undefined) this.numbers.set(vpc, (n = this.numbers.size));
    return n;
  }

  connected(a: number, b: number): boolean {
    if (a < 0 || b < 0 || a === b) return true;
    if (!this.links) {
      const count = this.numbers.size;
      const links = new Uint8Array(count * count);
      for (const [x, i] of this.numbers) for (const [y, j] of this.numbers) links[i * count + j] = i === j || this.network.vpcsConnected(x, y) ? 1 : 0;
      this.links = links;
    }
    return this.links[a * this.numbers.size + b] === 1;
  }
}
