/**
 * The reachability matrix: who reaches whom, on which protocols and ports. Rows and columns are
 * the model's instances, its security groups (each as a member that has only that group) and
 * "internet" (every public address, core/internet.ts). A cell lists the services on which SOME
 * address of the row end reaches SOME address of the column end, compressed into port ranges.
 */
import { IpVersion } from "../core/ip";

/** The id of the matrix node that stands for every public address. */
export const INTERNET = "internet";

/** What a matrix node is. */
export type MatrixNodeKind = "instance" | "group" | "internet";

/** A row or column of the matrix. */
export interface MatrixNode {
  /** The Terraform address (`huaweicloud_compute_instance.web1`, `huaweicloud_networking_secgroup.db`) or `internet`. */
  readonly id: string;
  readonly kind: MatrixNodeKind;
  /** A short name for diagrams: the resource name (`web1`, `db`) or `internet`. */
  readonly label: string;
}

/** One protocol's allowed ports, compressed. */
export interface Service {
  /** `tcp`, `udp`, `icmp`, `icmpv6`, `gre`, a protocol number as text, or `all` (every protocol). */
  readonly protocol: string;
  /** Port ranges for tcp/udp, in ascending order; null for protocols without ports and for `all`. */
  readonly ports: ReadonlyArray<readonly [number, number]> | null;
}

/** A non-empty cell of the matrix. */
export interface MatrixCell {
  readonly from: string;
  readonly to: string;
  /** What some address of `from` can open to some address of `to`, sorted by protocol number (`all` first). */
  readonly services: readonly Service[];
  /**
   * Whether every address of `from` reaches every address of `to` on every listed service
   * (false: only some addresses do, e.g. a trusted /24 of the internet).
   */
  readonly complete: boolean;
  /** One allowed flow of the cell, as `describeFlow` prints it. */
  readonly example: string;
  /** The rule that admitted the example flow (Terraform address), or null. */
  readonly rule: string | null;
}

/** The matrix of one IP version. */
export interface ReachabilityMatrix {
  readonly version: IpVersion;
  /** Instances (by id), then groups (by id), then `internet`. */
  readonly nodes: readonly MatrixNode[];
  /** The non-empty cells, ordered by the nodes' order of `from`, then of `to`. Never from a node to itself. */
  readonly cells: readonly MatrixCell[];
}
