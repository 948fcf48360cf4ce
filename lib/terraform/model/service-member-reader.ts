/**
 * The managed-service layer of the network reader: databases, caches, message queues and the
 * other services of SERVICE_MEMBER_TYPES, each a member with its NICs' subnet, private addresses
 * and service ports as its resource gives them.
 */
import { Member } from "../../core/network";
import { GroupReader } from "./group-reader";

/** Reads the managed services that are members of security groups. */
export abstract class ServiceMemberReader extends GroupReader {
  /** The members of every managed-service resource (filled in by issue 13's work). */
  protected serviceMembers(): Member[] {
    return [];
  }
}
