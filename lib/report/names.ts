/**
 * Display names of matrix nodes and diff ends: short (`web1`, `group db`, `internet`) where that
 * is unambiguous, the full Terraform address where two short names would be the same.
 */
import type { DiffEnd } from "../analysis/diff";
import type { MatrixNode } from "../analysis/matrix";
import { COMPUTE_INSTANCE, MemberTraits, kindLabel } from "../analysis/member-text";
import { resourceLabel } from "./labels";

/**
 * What diagrams add to a member's name so that its kind shows: ` (rds_instance)`,
 * ` (NIC of vm)` for an attached interface, ` (launched by cce_node_pool)` for members launched
 * at run time; nothing for a compute instance (the kind a node without suffix has) or a non-member.
 */
export function memberSuffix(traits: MemberTraits): string {
  if (traits.memberKind === undefined) return "";
  if (traits.attachedTo !== undefined) return ` (NIC of ${resourceLabel(traits.attachedTo)})`;
  if (traits.launched) return ` (launched by ${kindLabel(traits.memberKind)})`;
  return traits.memberKind === COMPUTE_INSTANCE ? "" : ` (${kindLabel(traits.memberKind)})`;
}

/**
 * The label of a matrix node: `internet`, or the resource name plus its key, parsed from the
 * node's address (`vm["web.v1.2"]`, `module.net[0].vm`); a literal id is its own label.
 */
export function matrixNodeLabel(node: MatrixNode): string {
  if (node.kind === "internet") return node.id;
  const label = resourceLabel(node.id);
  return label.trim() === "" ? node.id : label;
}

function shortName(node: MatrixNode): string {
  if (node.kind === "internet") return "internet";
  const label = matrixNodeLabel(node);
  return node.kind === "group" ? `group ${label}` : label;
}

/**
 * The display name of every node, by id: `internet`, an instance's label (`web1`), `group ` and
 * a group's label (`group db`); a node whose short name another node shares is named by its id.
 */
export function matrixNodeNames(nodes: readonly MatrixNode[]): ReadonlyMap<string, string> {
  const uses = new Map<string, number>();
  for (const n of nodes) uses.set(shortName(n), (uses.get(shortName(n)) ?? 0) + 1);
  const names = new Map<string, string>();
  for (const n of nodes) {
    const short = shortName(n);
    names.set(n.id, (uses.get(short) ?? 0) > 1 ? (n.kind === "group" ? `group ${n.id}` : n.id) : short);
  }
  return names;
}

/** The key of a diff end in name maps and diagrams: its kind and id (`instance:huaweicloud_compute_instance.web1`). */
export function diffEndKey(end: DiffEnd): string {
  return `${end.kind}:${end.id}`;
}

function shortEndName(end: DiffEnd): string {
  if (end.kind !== "instance") return end.id;
  const label = resourceLabel(end.id);
  return label.trim() === "" ? end.id : label;
}

/**
 * The display name of every diff end, by `diffEndKey`: an instance's resource name and key (`web1`, `vm["a.b"]`),
 * an external end's id (`internet`, CIDR blocks); an instance whose short name another end
 * shares is named by its Terraform address.
 */
export function diffEndNames(ends: readonly DiffEnd[]): ReadonlyMap<string, string> {
  const owners = new Map<string, Set<string>>();
  for (const e of ends) {
    const short = shortEndName(e);
    const set = owners.get(short) ?? new Set<string>();
    set.add(diffEndKey(e));
    owners.set(short, set);
  }
  const names = new Map<string, string>();
  for (const e of ends) {
    const short = shortEndName(e);
    names.set(diffEndKey(e), (owners.get(short)?.size ?? 0) > 1 ? e.id : short);
  }
  return names;
}

/** The display name of a node id, or the id itself when the map does not know it. */
export function nameOf(names: ReadonlyMap<string, string>, id: string): string {
  return names.get(id) ?? id;
}
