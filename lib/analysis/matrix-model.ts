/**
 * The reachability matrix as callers see it (matrix.ts computes it): nodes, cells and services.
 */
import { IpVersion } from "../core/ip";

/** The id of the matrix node that stands for every public address. */
export const INTERNET = "internet";

/**
 * What a matrix node is:
 * - `instance`: a modelled (non-hypothetical) member of security groups of any kind — a compute
 *   instance, an RDS instance, a DCS cache, an attached interface, a node pool's launched members
 *   (`memberKind` says which; the name `instance` is kept from the first version) — sending from
 *   and reached at its fixed IP (NICs and addresses as core's `checkReach` picks them; without a fixed IP, every
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
  /**
   * For a member (`instance`): its Terraform type (`huaweicloud_compute_instance`, `huaweicloud_rds_instance`).
   * @default undefined (a group or `internet`)
   */
  readonly memberKind?: string;
  /**
   * For an attached interface or port: the member it is a NIC of.
   * @default undefined
   */
  readonly attachedTo?: string;
  /**
   * For a resource that launches members at run time (a CCE node pool): the node stands for each of them.
   * @default undefined (false)
   */
  readonly launched?: boolean;
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
  /**
   * Port ranges for tcp/udp, in ascending order; for icmp/icmpv6 ranges of ICMP messages numbered
   * as core/icmp.ts does (type·256 + code + 1; `[1, 65535]` is every message); null for other
   * protocols, `all` and `other`.
   */
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
  /** Members of every kind (by id), then groups (by id), then `internet`. */
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
