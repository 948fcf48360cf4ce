/**
 * The extra-NIC and launched-member layer of the network reader: interfaces attached to
 * instances, ports and VPC network interfaces (each a member with its own groups), CCE nodes and
 * the members node pools and auto-scaling configurations launch at run time.
 */
import { Member } from "../../core/network";
import { ServiceMemberReader } from "./service-member-reader";

/** Reads NICs with their own groups and launched members. */
export abstract class NicMemberReader extends ServiceMemberReader {
  /**
   * The members made by NIC resources (filled in by issue 13's work).
   * @param instances the compute instances read, which attached interfaces name
   */
  protected nicMembers(instances: readonly Member[]): Member[] {
    void instances;
    return [];
  }

  /** The members made by the cloud: CCE nodes, node pools, auto-scaling (filled in by issue 13's work). */
  protected launchedMembers(): Member[] {
    return [];
  }
}
