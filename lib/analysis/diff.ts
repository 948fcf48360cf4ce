/**
 * The difference between two versions of a network: the flows whose verdict changed (newly
 * allowed, newly denied), grouped by ends and services, each group with one example flow and
 * the rules that decided it before and after. The review of a change before it reaches
 * production.
 */
import { IpVersion } from "../core/ip";
import { Service } from "./matrix";

/** One end of a changed-flow group. */
export interface DiffEnd {
  /** `instance`: a modelled instance (matched across versions by Terraform address); `external`: addresses outside the model. */
  readonly kind: "instance" | "external";
  /** The instance's Terraform address, or for external ends `internet` when the addresses are all public, else the CIDR blocks joined by ", ". */
  readonly id: string;
  /** For external ends, the address blocks (CIDR text, ascending); empty for instances. */
  readonly addresses: readonly string[];
}

/** A group of flows whose verdict changed the same way between the same ends. */
export interface FlowChangeGroup {
  readonly change: "newly-allowed" | "newly-denied";
  readonly version: IpVersion;
  readonly from: DiffEnd;
  readonly to: DiffEnd;
  /** The services whose verdict changed between these ends. */
  readonly services: readonly Service[];
  /** One flow of the group, as `describeFlow` prints it. */
  readonly example: string;
  /** The deciding rule before and after for the example flow (Terraform address), null for default deny. */
  readonly ruleBefore: string | null;
  readonly ruleAfter: string | null;
}

/** What changed between two networks. */
export interface NetworkDiff {
  readonly newlyAllowed: readonly FlowChangeGroup[];
  readonly newlyDenied: readonly FlowChangeGroup[];
  /** Instances only in the before / only in the after version (their flows are not compared). */
  readonly removedInstances: readonly string[];
  readonly addedInstances: readonly string[];
}
