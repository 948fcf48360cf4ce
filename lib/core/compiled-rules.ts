/**
 * Compiled rule lists of single-flow decisions (decision.ts): the rules of one direction and IP version at an instance
 * (effective-rules.ts `rulesAtInstance`, in matching order) flattened once into typed arrays,
 * so deciding a packet is a few binary searches and an AND of short bitsets, with no allocation
 * and no string work.
 *
 * Data layout of a compiled list (`CompiledRules`). The rules that take effect are numbered
 * 0..n-1 in matching order, and a set of them is a bitset of `words` 32-bit words (rule k is bit
 * k & 31 of word k >>> 5). A packet is cut into three independent questions, each answered by
 * one precomputed bitset:
 *
 * - protocol and port (for icmp and icmpv6 the ICMP message, core/icmp.ts): each protocol named by a rule has a row (every other protocol shares row
 *   0); in a row the port line is cut where some rule's port range starts or ends, and every
 *   piece (a "port class") has the bitset of the rules whose protocol and ports match it;
 * - the other end's address: the address line is cut where some rule's CIDR block or address
 *   group starts or ends; every piece (an "address class") has the bitset of the rules whose
 *   remote is any address or contains it;
 * - the other end's group membership (`remote_group_id` rules): memberships are interned per
 *   network (an id per distinct set of groups); a list keeps, per membership id it has seen, the
 *   bitset of its rules whose remote group is in it.
 *
 * The first matching rule is the lowest bit of `protocol&port AND (address OR membership)`.
 * IPv4 addresses are plain numbers here (exact below 2^53); IPv6 ones stay bigints.

 */
import { classOfAddress4, classOfAddress6, classOfPort, setBitInClasses, sortedDistinct, sortedDistinctBigints } from "./class-search";
import { RuleAtInstance } from "./effective-rules";
import { IpVersion } from "./ip";
import { Network } from "./network";
import { Action } from "./rule";

/** The fast outcome of a flow: the verdict and the deciding rule, as `evaluateFlow` gives them. */
export interface Decision {
  readonly verdict: Action;
  /** The deciding rule's id (see `Verdict.rule`), or null. */
  readonly rule: string | null;
}

/** Remote kinds in a compiled list. */
const REMOTE_ANY = 0;
const REMOTE_ADDRESSES = 1;
const REMOTE_GROUP = 2;

/**
 * Most 32-bit words the class bitsets of one list may take (16 MiB); a larger list keeps only
 * its per-rule arrays and is decided by walking them (`firstMatch`).
 */
const MAX_INDEX_WORDS = 1 << 22;
/**
 * The rules of one instance, direction and IP version in matching order, as parallel arrays
 * (what `matches` reads) and as class bitsets over the effective rules (what `decide` reads).
 * Entry `i` is `entries[i]`; ineffective rules are kept (their explanation needs them) but
 * `effective` lists only the others, which are all a decision looks at.
 */
export class CompiledRules {
  /** The rules as `rulesAtInstance` gives them, in matching order. */
  readonly entries: readonly RuleAtInstance[];
  /** Positions in `entries` of the rules that take effect, ascending; bit k of the bitsets is `effective[k]`. */
  readonly effective: Int32Array;
  /** Positions in `entries` of the rules that do not take effect, ascending. */
  readonly ineffective: Int32Array;
  /** Protocol number per entry; -1 = every protocol. */
  private readonly protocol: Int16Array;
  /** Start (inclusive) and end (exclusive) of the entry's port ranges in `portLo`/`portHi`; start -1 = every port. */
  private readonly portStart: Int32Array;
  private readonly portEnd: Int32Array;
  private readonly portLo: Int32Array;
  private readonly portHi: Int32Array;
  /** Remote kind per entry. */
  private readonly remoteKind: Uint8Array;
  /** For an address remote: start and end of its intervals in the address arrays; for a group remote: the group's number in `groupIds` (start). */
  private readonly remoteStart: Int32Array;
  private readonly remoteEnd: Int32Array;
  /** IPv4 interval bounds as numbers (exact: below 2^53). */
  private readonly lo4: Float64Array;
  private readonly hi4: Float64Array;
  /** IPv6 interval bounds. */
  private readonly lo6: bigint[];
  private readonly hi6: bigint[];
  /** The remote groups the rules name, by number. */
  readonly groupIds: readonly string[];
  /** Whether `allow` is the action of an entry. */
  private readonly allow: Uint8Array;
  /** Whether any effective rule's remote is a group (membership of the other end is needed). */
  readonly usesGroups: boolean;
  /** Per entry, its outcome as `decide` returns it when the entry decides (shared, frozen). */
  readonly decisions: readonly Decision[];

  // The class bitsets (see the file comment); absent (`indexed` false) when they would be too large.
  /** Whether the class bitsets below are built. */
  readonly indexed: boolean;
  /** 32-bit words per bitset: ceil(effective rules / 32). */
  private readonly words: number;
  /** Protocol number 0–255 → its row in the port tables; 0 for the protocols no effective rule names. */
  private readonly protocolRow: Uint16Array;
  /**
   * The port cuts of row r are `portCuts[rowCuts[r]..rowCuts[r + 1])`, ascending: a port's class
   * is the number of them at most it. When a rule of the row has ports, 0 is a cut, so "no port"
   * (-1) is class 0 on its own.
   */
  private readonly portCuts: Int32Array;
  private readonly rowCuts: Int32Array;
  /** The bitsets of the port classes: class c of row r at words `rowBits[r] + c * words`. */
  private readonly portBits: Int32Array;
  private readonly rowBits: Int32Array;
  /** The address cuts of an IPv4 list (numbers) or an IPv6 list (bigints), ascending. */
  private readonly addressCuts4: Float64Array;
  private readonly addressCuts6: readonly bigint[];
  /** The bitsets of the address classes, class c at words [c * words, (c + 1) * words). */
  private readonly addressBits: Int32Array;
  /** Per number g in `groupIds`, at words `g * words`, the bitset of the effective rules whose remote is that group. */
  private readonly groupBits: Int32Array;
  /** Per membership id (`NetworkState.memberships`), the union of `groupBits` of its groups; filled on first use. */
  private readonly memberBits: Array<Int32Array | undefined> = [];
  /** The empty bitset: the membership of an end no rule of the list can see in a group. */
  readonly noMembers: Int32Array;

  constructor(network: Network, readonly version: IpVersion, entries: readonly RuleAtInstance[]) {
    const n = entries.length;
    this.entries = entries;
    this.protocol = new Int16Array(n);
    this.portStart = new Int32Array(n);
    this.portEnd = new Int32Array(n);
    this.remoteKind = new Uint8Array(n);
    this.remoteStart = new Int32Array(n);
    this.remoteEnd = new Int32Array(n);
    this.allow = new Uint8Array(n);
    const portLo: number[] = [];
    const portHi: number[] = [];
    const lo4: number[] = [];
    const hi4: number[] = [];
    const lo6: bigint[] = [];
    const hi6: bigint[] = [];
    const groupIds: string[] = [];
    const effective: number[] = [];
    const ineffective: number[] = [];
    const decisions: Decision[] = [];
    let usesGroups = false;
    entries.forEach(({ rule, ineffective: why }, i) => {
      (why ? ineffective : effective).push(i);
      decisions.push(Object.freeze({ verdict: rule.action, rule: rule.id }));
      this.protocol[i] = rule.protocol ?? -1;
      this.allow[i] = rule.action === "allow" ? 1 : 0;
      if (rule.ports) {
        this.portStart[i] = portLo.length;
        for (const [a, b] of rule.ports.ranges) {
          portLo.push(a);
          portHi.push(b);
        }
        this.portEnd[i] = portLo.length;
      } else {
        this.portStart[i] = -1;
      }
      const remote = rule.remote;
      if (remote.kind === "any") {
        this.remoteKind[i] = REMOTE_ANY;
      } else if (remote.kind === "group") {
        this.remoteKind[i] = REMOTE_GROUP;
        let g = groupIds.indexOf(remote.groupId);
        if (g < 0) g = groupIds.push(remote.groupId) - 1;
        this.remoteStart[i] = g;
        if (!why) usesGroups = true;
      } else {
        this.remoteKind[i] = REMOTE_ADDRESSES;
        const set = remote.kind === "cidr" ? remote.addresses : network.addressGroups.get(remote.addressGroupId)!.addresses;
        if (version === 4) {
          this.remoteStart[i] = lo4.length;
          for (const [a, b] of set.intervals) {
            lo4.push(Number(a));
            hi4.push(Number(b));
          }
          this.remoteEnd[i] = lo4.length;
        } else {
          this.remoteStart[i] = lo6.length;
          for (const [a, b] of set.intervals) {
            lo6.push(a);
            hi6.push(b);
          }
          this.remoteEnd[i] = lo6.length;
        }
      }
    });
    this.portLo = Int32Array.from(portLo);
    this.portHi = Int32Array.from(portHi);
    this.lo4 = Float64Array.from(lo4);
    this.hi4 = Float64Array.from(hi4);
    this.lo6 = lo6;
    this.hi6 = hi6;
    this.groupIds = groupIds;
    this.effective = Int32Array.from(effective);
    this.ineffective = Int32Array.from(ineffective);
    this.usesGroups = usesGroups;
    this.decisions = decisions;

    // The class bitsets over the effective rules.
    const words = Math.max(1, Math.ceil(this.effective.length / 32));
    this.words = words;
    this.noMembers = new Int32Array(words);
    this.protocolRow = new Uint16Array(256);
    const rowProtocols: number[] = [-2]; // row 0: no protocol number equals -2, so only "every protocol" rules match
    for (const i of this.effective) {
      const p = this.protocol[i];
      if (p >= 0 && p <= 255 && this.protocolRow[p] === 0) this.protocolRow[p] = rowProtocols.push(p) - 1;
    }
    const addressCuts4: number[] = [];
    const addressCuts6: bigint[] = [];
    for (const i of this.effective) {
      if (this.remoteKind[i] !== REMOTE_ADDRESSES) continue;
      for (let k = this.remoteStart[i]; k < this.remoteEnd[i]; k++) {
        if (version === 4) addressCuts4.push(this.lo4[k], this.hi4[k] + 1);
        else addressCuts6.push(this.lo6[k], this.hi6[k] + 1n);
      }
    }
    this.addressCuts4 = sortedDistinct(Float64Array.from(addressCuts4));
    this.addressCuts6 = sortedDistinctBigints(addressCuts6);
    const addressClasses = (version === 4 ? this.addressCuts4.length : this.addressCuts6.length) + 1;
    const cutsOfRows = rowProtocols.map((p) => this.portCutsOf(p));
    this.rowCuts = new Int32Array(rowProtocols.length + 1);
    this.rowBits = new Int32Array(rowProtocols.length);
    cutsOfRows.forEach((cuts, row) => {
      this.rowCuts[row + 1] = this.rowCuts[row] + cuts.length;
      if (row + 1 < rowProtocols.length) this.rowBits[row + 1] = this.rowBits[row] + (cuts.length + 1) * words;
    });
    const portWords = this.rowBits[rowProtocols.length - 1] + (cutsOfRows[rowProtocols.length - 1].length + 1) * words;
    this.indexed = portWords + (addressClasses + groupIds.length) * words <= MAX_INDEX_WORDS;
    this.portCuts = new Int32Array(this.indexed ? this.rowCuts[rowProtocols.length] : 0);
    this.portBits = new Int32Array(this.indexed ? portWords : 0);
    this.addressBits = new Int32Array(this.indexed ? addressClasses * words : 0);
    this.groupBits = new Int32Array(this.indexed ? groupIds.length * words : 0);
    if (!this.indexed) return;
    cutsOfRows.forEach((cuts, row) => this.portCuts.set(cuts, this.rowCuts[row]));
    rowProtocols.forEach((p, row) => this.setPortBits(p, row));
    this.setAddressBits(addressClasses);
    this.effective.forEach((i, bit) => {
      if (this.remoteKind[i] === REMOTE_GROUP) this.groupBits[this.remoteStart[i] * words + (bit >>> 5)] |= 1 << (bit & 31);
    });
  }

  /** The port cuts of the row of protocol `p` (-2: the row of unnamed protocols). */
  private portCutsOf(p: number): Int32Array {
    const cuts: number[] = [];
    for (const i of this.effective) {
      const q = this.protocol[i];
      if ((q !== -1 && q !== p) || this.portStart[i] === -1) continue;
      cuts.push(0);
      for (let k = this.portStart[i]; k < this.portEnd[i]; k++) cuts.push(this.portLo[k], this.portHi[k] + 1);
    }
    return sortedDistinct(Int32Array.from(cuts));
  }

  /** Fills the bitsets of the port classes of row `row`, that of protocol `p`. */
  private setPortBits(p: number, row: number): void {
    const words = this.words;
    const from = this.rowCuts[row];
    const to = this.rowCuts[row + 1];
    const classes = to - from + 1;
    const bits = this.portBits.subarray(this.rowBits[row], this.rowBits[row] + classes * words);
    this.effective.forEach((i, bit) => {
      const q = this.protocol[i];
      if (q !== -1 && q !== p) return;
      if (this.portStart[i] === -1) {
        setBitInClasses(bits, words, 0, classes, bit);
        return;
      }
      // A range [a, b] is the classes from that of a to that of b (a and b + 1 are cuts); never class 0 (no port).
      for (let k = this.portStart[i]; k < this.portEnd[i]; k++) {
        const first = classOfPort(this.portCuts, from, to, this.portLo[k]);
        const last = classOfPort(this.portCuts, from, to, this.portHi[k]);
        setBitInClasses(bits, words, first, last + 1, bit);
      }
    });
  }

  /** Fills the bitsets of the address classes. */
  private setAddressBits(classes: number): void {
    const words = this.words;
    const bits = this.addressBits;
    const cuts4 = this.addressCuts4;
    this.effective.forEach((i, bit) => {
      const kind = this.remoteKind[i];
      if (kind === REMOTE_ANY) setBitInClasses(bits, words, 0, classes, bit);
      if (kind !== REMOTE_ADDRESSES) return;
      // An interval [lo, hi] is the classes from that of lo to that of hi (lo and hi + 1 are cuts).
      for (let k = this.remoteStart[i]; k < this.remoteEnd[i]; k++) {
        const from = this.version === 4 ? classOfAddress4(cuts4, this.lo4[k]) : classOfAddress6(this.addressCuts6, this.lo6[k]);
        const last = this.version === 4 ? classOfAddress4(cuts4, this.hi4[k]) : classOfAddress6(this.addressCuts6, this.hi6[k]);
        setBitInClasses(bits, words, from, last + 1, bit);
      }
    });
  }

  /**
   * Whether entry `i` matches a packet.
   * @param port the destination port, or -1 for a protocol without ports
   * @param address4 the other end's address as a number (IPv4), else ignored
   * @param address the other end's address
   * @param members the groups `remote_group_id` rules see the other end in
   */
  matches(i: number, protocol: number, port: number, address4: number, address: bigint, members: ReadonlySet<string>): boolean {
    const p = this.protocol[i];
    if (p !== -1 && p !== protocol) return false;
    const ps = this.portStart[i];
    if (ps !== -1) {
      if (port < 0) return false;
      const pe = this.portEnd[i];
      let hit = false;
      for (let k = ps; k < pe; k++) {
        if (port >= this.portLo[k] && port <= this.portHi[k]) {
          hit = true;
          break;
        }
      }
      if (!hit) return false;
    }
    switch (this.remoteKind[i]) {
      case REMOTE_ANY:
        return true;
      case REMOTE_GROUP:
        return members.has(this.groupIds[this.remoteStart[i]]);
      default: {
        const rs = this.remoteStart[i];
        const re = this.remoteEnd[i];
        if (this.version === 4) {
          for (let k = rs; k < re; k++) if (address4 >= this.lo4[k] && address4 <= this.hi4[k]) return true;
        } else {
          for (let k = rs; k < re; k++) if (address >= this.lo6[k] && address <= this.hi6[k]) return true;
        }
        return false;
      }
    }
  }

  /**
   * The position in `entries` of the first effective rule that matches, or -1 (default deny), by
   * walking the rules one by one (`matches`): the definition the class bitsets implement.
   * @param port the destination port, or -1 for a protocol without ports
   */
  firstMatch(protocol: number, port: number, address: bigint, members: ReadonlySet<string>): number {
    const address4 = this.version === 4 ? Number(address) : 0;
    const eff = this.effective;
    for (let k = 0; k < eff.length; k++) {
      const i = eff[k];
      if (this.matches(i, protocol, port, address4, address, members)) return i;
    }
    return -1;
  }

  /** The address class of an address of an IPv4 list, as a number. */
  addressClass4(address: number): number {
    return classOfAddress4(this.addressCuts4, address);
  }

  /** The address class of an address of an IPv6 list. */
  addressClass6(address: bigint): number {
    return classOfAddress6(this.addressCuts6, address);
  }

  /**
   * The bitset of the rules whose remote group is one of `members`, whose membership id is `id`
   * (`NetworkState.memberships`): computed once per list and membership.
   */
  memberBitsOf(id: number, members: ReadonlySet<string>): Int32Array {
    // The work is in another method: a closure here would cost a context allocation per call.
    return this.memberBits[id] ?? this.newMemberBits(id, members);
  }

  private newMemberBits(id: number, members: ReadonlySet<string>): Int32Array {
    const words = this.words;
    let bits: Int32Array | undefined;
    this.groupIds.forEach((g, number) => {
      if (!members.has(g)) return;
      bits ??= new Int32Array(words);
      for (let w = 0; w < words; w++) bits[w] |= this.groupBits[number * words + w];
    });
    // A membership that names none of the list's remote groups (most, for a caller that asks
    // about many ends) shares the empty bitset instead of keeping one of its own.
    const result = bits ?? this.noMembers;
    this.memberBits[id] = result;
    return result;
  }

  /**
   * The first effective rule that matches, by the class bitsets (only when `indexed`): the position
   * in `entries`, or -1 (default deny). Same answer as `firstMatch`.
   * @param port the destination port (an integer), or -1 for a protocol without ports
   * @param addressClass `addressClass4` or `addressClass6` of the other end's address
   * @param memberBits `memberBitsOf` the other end's membership (or `noMembers`)
   */
  firstMatchByClass(protocol: number, port: number, addressClass: number, memberBits: Int32Array): number {
    const row = (protocol & 255) === protocol ? this.protocolRow[protocol] : 0;
    const words = this.words;
    const portBits = this.portBits;
    const addressBits = this.addressBits;
    const p = this.rowBits[row] + classOfPort(this.portCuts, this.rowCuts[row], this.rowCuts[row + 1], port) * words;
    const a = addressClass * words;
    for (let w = 0; w < words; w++) {
      const hits = portBits[p + w] & (addressBits[a + w] | memberBits[w]);
      // The lowest set bit of `hits` is bit 31 - clz32(hits & -hits) of word w.
      if (hits !== 0) return this.effective[(w << 5) + 31 - Math.clz32(hits & -hits)];
    }
    return -1;
  }

  /** Whether entry `i` allows. */
  allows(i: number): boolean {
    return this.allow[i] === 1;
  }
}
