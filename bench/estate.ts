/**
 * A deterministic generator of synthetic Huawei Cloud estates for the benchmarks (issue 5 item 1):
 * security groups with a realistic mix of rules, address groups, instances with 1–5 groups in
 * the subnets of several VPCs, members of other kinds (RDS and DCS instances, attached interfaces,
 * CCE node pools: ./estate-members.ts), peerings between some VPCs, and a few reachability intents. The
 * result is plain data; `toCdktfApp` (./cdktf-app.ts) builds it with the library's constructs and
 * `toTerraformJson` (./terraform-json.ts) writes it as plain Terraform JSON.
 *
 * Same options and seed → the same estate, byte for byte (the only randomness is ./random.ts).
 *
 * The estate is clean by construction, so it synthesizes with every check on (no lint error,
 * every intent holds), and it stays clean at any size:
 * - within a group, direction, IP version and protocol, rules share a port only when neither can
 *   cover the other: allows whose address remotes do not intersect, or that name different
 *   remote groups. Rules with a remote of every address, denies and the exception pairs (a deny
 *   of a narrow source tried before an allow of a broader one on the same port, at a lower
 *   priority number) hold their ports alone. So no rule is covered by earlier rules (HWSG004)
 *   and no allow and deny overlap at the same priority (HWSG005); the catch-all rules (allow-all
 *   outbound, allow-internal) come last, at priority 100;
 * - only web ports (80, 443, 8080, 8443) are allowed from every address, and only partner ports
 *   (5671, 8883, 9443, 10443) from small public blocks (a /24 or a /48), so no high-risk port is
 *   open to the internet (HWSG001); address groups hold private addresses only;
 * - at most 120 quota-counted rules (security-group or address-group remote, inconsecutive
 *   ports) per group, direction and IP version (HWSG002); 1–5 groups per instance (HWSG003);
 *   every rule has an explicit priority (HWSG006); only current flavors (HWSG007).
 */
import * as ipaddr from "ipaddr.js";
import { EstateMembers, MemberCounts, NO_MEMBERS, drawMembers, memberCounts, placeMembers } from "./estate-members";
import { Random } from "./random";

/** One entry of a port list: a port, or an inclusive range. */
export type PortEntry = number | readonly [number, number];

/** Options of `generateEstate`. */
export interface EstateOptions {
  /** The seed: any integer. */
  readonly seed: number;
  /** How many security groups. */
  readonly groups: number;
  /**
   * How many rules each group has (exactly), catch-all rules included.
   * @default 20
   */
  readonly rulesPerGroup?: number;
  /** How many compute instances. */
  readonly instances: number;
  /** How many VPCs (1–200). */
  readonly vpcs: number;
  /**
   * How many groups an instance has, at least and at most (1–5; fewer when there are fewer groups).
   * @default { min: 1, max: 5 }
   */
  readonly groupsPerInstance?: { readonly min: number; readonly max: number };
  /**
   * How many reachability intents to state (fewer when the estate offers no candidate).
   * @default 5
   */
  readonly intents?: number;
  /**
   * Whether the estate has members other than compute instances (./estate-members.ts): per 10
   * instances one RDS instance, one DCS instance and one interface attached to an instance, and
   * one CCE node pool per VPC.
   * @default true
   */
  readonly otherMembers?: boolean;
}

/** What a rule names as its remote. */
export type EstateRemote =
  | { readonly kind: "cidr"; readonly cidr: string }
  | { readonly kind: "group"; readonly group: number }
  | { readonly kind: "addressGroup"; readonly addressGroup: number };

/** Why a rule was generated: its place in the mix. */
export type RuleRole =
  | "cidr" // allow from/to a private CIDR (subnet, VPC, on-premises, host), tcp port or range
  | "udp" // allow udp service from/to a private CIDR
  | "group" // allow from/to a security group's members (quota-counted)
  | "address-group" // allow from/to an address group (quota-counted)
  | "inconsecutive" // allow on an inconsecutive port list like 22,80,443 (quota-counted)
  | "public" // ingress: a web port from every address; egress: a port to every address
  | "partner" // ingress: a partner port from a small public block
  | "deny" // deny a port from/to every address (telnet, SMB, SMTP out …)
  | "exception-deny" // deny a narrow source, tried before …
  | "exception-allow" // … the allow of a broader source on the same port
  | "icmp" // allow ICMP from/to a private CIDR
  | "allow-all-outbound" // egress everything to 0.0.0.0/0 and ::/0 at priority 100
  | "allow-internal"; // ingress everything from the group's own members at priority 100

/** One security group rule. */
export interface EstateRule {
  readonly direction: "ingress" | "egress";
  readonly version: 4 | 6;
  /** `icmp` is ICMPv6 for IPv6 rules; `all` is every protocol. */
  readonly protocol: "tcp" | "udp" | "icmp" | "all";
  /** tcp and udp only, sorted, neither overlapping nor adjacent; undefined = every port. */
  readonly ports?: readonly PortEntry[];
  readonly remote: EstateRemote;
  readonly action: "allow" | "deny";
  /** 1 (tried first) to 100. */
  readonly priority: number;
  readonly role: RuleRole;
}

/** A security group and its rules, in configuration order. */
export interface EstateGroup {
  readonly name: string;
  readonly rules: readonly EstateRule[];
}

/** An IP address group: private addresses, CIDR blocks and ranges of one IP version. */
export interface EstateAddressGroup {
  readonly name: string;
  readonly version: 4 | 6;
  readonly addresses: readonly string[];
}

/** A subnet of a VPC. */
export interface EstateSubnet {
  readonly name: string;
  /** `10.<vpc>.<subnet>.0/24`. */
  readonly cidr: string;
  readonly gatewayIp: string;
}

/** A VPC, `10.<index>.0.0/16`. */
export interface EstateVpc {
  readonly name: string;
  readonly cidr: string;
  readonly subnets: readonly EstateSubnet[];
}

/** A VPC peering connection between two VPCs (by index). */
export interface EstatePeering {
  readonly name: string;
  readonly vpcs: readonly [number, number];
}

/** A compute instance with one NIC. */
export interface EstateInstance {
  readonly name: string;
  readonly vpc: number;
  readonly subnet: number;
  readonly ipv4: string;
  /** A fixed IPv6 address (about one instance in four). */
  readonly ipv6?: string;
  /** Its security groups (indices), in matching order. */
  readonly groups: readonly number[];
  readonly flavor: string;
}

/** One end of an intent. */
export type EstateIntentEnd =
  | { readonly kind: "internet"; readonly version: 4 | 6 }
  | { readonly kind: "addresses"; readonly cidrs: readonly string[] }
  | { readonly kind: "group"; readonly group: number }
  | { readonly kind: "instance"; readonly instance: number };

/** A reachability intent that holds by construction (the cdktf form states it). */
export interface EstateIntent {
  readonly name: string;
  readonly quantifier: "every" | "none";
  readonly from: EstateIntentEnd;
  readonly to: EstateIntentEnd;
  /** TCP to this port. */
  readonly port: number;
  readonly description: string;
}

/** A synthetic estate. */
export interface Estate {
  /** The options it was generated from, defaults filled in. */
  readonly options: Required<EstateOptions>;
  readonly vpcs: readonly EstateVpc[];
  readonly peerings: readonly EstatePeering[];
  readonly addressGroups: readonly EstateAddressGroup[];
  readonly groups: readonly EstateGroup[];
  readonly instances: readonly EstateInstance[];
  /** The members that are not compute instances: RDS and DCS instances, attached interfaces, CCE node pools. */
  readonly members: EstateMembers;
  readonly intents: readonly EstateIntent[];
}

/** The per-quota limit of Huawei Cloud: 120 quota-counted rules per group, direction and version. */
export const QUOTA = 120;
/** Instances per /24 subnet at most (host addresses .10 to .209). */
const HOSTS_PER_SUBNET = 200;
/** Instances and other members with fixed addresses per /24 subnet at most (host addresses .10 to .254). */
const MEMBER_HOSTS_PER_SUBNET = 245;
/** Subnets per VPC at most (`10.<vpc>.<subnet>.0/24`). */
const MAX_SUBNETS = 250;

/** Ports allowed from every address (ingress), never high-risk. */
export const WEB_PORTS = [80, 443, 8080, 8443] as const;
/** Ports allowed from small public partner blocks. */
export const PARTNER_PORTS = [5671, 8883, 9443, 10443] as const;
/** Public blocks of partners (documentation ranges, RFC 5737 / RFC 3849). */
const PARTNER_BLOCKS: Record<4 | 6, readonly string[]> = {
  4: ["203.0.113.0/24", "198.51.100.0/24", "192.0.2.0/24"],
  6: ["2001:db8:1::/48", "2001:db8:2::/48", "2001:db8:3::/48"],
};
/** Services of private rules (tcp). */
const TCP_SERVICES = [
  22, 80, 443, 3306, 5432, 6379, 8080, 8443, 9090, 9100, 9200, 2379, 2380, 6443, 10250, 27017, 11211, 5672, 15672, 8848, 3389, 1433, 1521,
  389, 636, 873, 2049, 5000, 5601, 7001, 8000, 8081, 8888, 9000, 9092, 2181, 4369, 25672, 1883, 61616,
];
const UDP_SERVICES = [53, 123, 161, 514, 1812, 4789, 5353, 8472, 500, 4500];
/** Denied from every address on ingress (tcp): telnet, NetBIOS, SMB, VNC, Memcached, Docker. */
const INGRESS_DENIES: readonly PortEntry[] = [23, [135, 139], 445, 5900, 11211, [2375, 2376]];
/** Denied to every address on egress (tcp): SMTP, SMTPS, IRC. */
const EGRESS_DENIES: readonly PortEntry[] = [25, 465, 6667];
/** Current flavors only: legacy and Kai1 flavors ignore some rules (HWSG007). */
const FLAVORS = ["s6.small.1", "s6.large.2", "c7.large.2", "c7.xlarge.4", "m7.xlarge.8"];

/**
 * A port interval a rule of a bucket holds. An exclusive rule (a remote of every address, a deny,
 * an exception pair) shares its ports with no other rule of the bucket; a shared rule (an allow
 * from a specific remote) shares them with rules whose remotes cannot cover it or be covered by
 * it: address remotes that do not intersect, or other remote groups. So no rule is ever covered
 * by earlier rules (HWSG004) and no allow meets a deny at the same priority (HWSG005), while the
 * popular ports (443 from the app subnet, from the web group, from the office…) are allowed from
 * several sources in one group, as in real estates.
 */
interface Held {
  readonly lo: number;
  readonly hi: number;
  /** undefined: exclusive. */
  readonly remote?: RemoteKey;
}

/** What a shared rule's remote matches, for the overlap test. */
type RemoteKey =
  | { readonly kind: "addresses"; readonly intervals: ReadonlyArray<readonly [bigint, bigint]> }
  | { readonly kind: "group"; readonly group: number };

/** One group's rules of one direction and IP version. */
interface Bucket {
  /** protocol → port intervals held (ICMP: the interval [0, 0]). */
  readonly held: Map<string, Held[]>;
  /** Quota-counted rules so far. */
  quota: number;
}

/**
 * Generates an estate.
 * @throws Error when an option is out of range
 */
export function generateEstate(options: EstateOptions): Estate {
  const opts: Required<EstateOptions> = {
    seed: options.seed,
    groups: options.groups,
    rulesPerGroup: options.rulesPerGroup ?? 20,
    instances: options.instances,
    vpcs: options.vpcs,
    groupsPerInstance: options.groupsPerInstance ?? { min: 1, max: 5 },
    intents: options.intents ?? 5,
    otherMembers: options.otherMembers ?? true,
  };
  check(opts);
  const root = new Random(opts.seed);
  // Independent streams, so that e.g. more instances do not change the rules.
  const netRng = root.fork();
  const agRng = root.fork();
  const ruleRng = root.fork();
  const instRng = root.fork();
  const intentRng = root.fork();
  // Forked last, so that the streams above are the same as before members other than instances existed.
  const memberRng = root.fork();

  const vpcOf = Array.from({ length: opts.instances }, () => netRng.int(0, opts.vpcs - 1));
  const perVpc = new Array<number>(opts.vpcs).fill(0);
  for (const v of vpcOf) perVpc[v]++;
  const draw = opts.otherMembers ? drawMembers(memberRng, opts.groups, opts.vpcs, vpcOf) : undefined;
  const vpcs: EstateVpc[] = perVpc.map((n, v) => {
    // Enough subnets for the members' addresses too (host addresses .10 to .254); as many as
    // without them unless the instances leave too few addresses.
    const subnets = Math.max(2, Math.ceil(n / HOSTS_PER_SUBNET), Math.ceil((n + (draw?.perVpc[v] ?? 0)) / MEMBER_HOSTS_PER_SUBNET));
    if (subnets > MAX_SUBNETS) throw new Error(`VPC ${v} would need ${subnets} subnets (at most ${MAX_SUBNETS}): give more vpcs`);
    return {
      name: `vpc${v}`,
      cidr: `10.${v}.0.0/16`,
      subnets: Array.from({ length: subnets }, (_, s) => ({ name: `vpc${v}-s${s}`, cidr: `10.${v}.${s}.0/24`, gatewayIp: `10.${v}.${s}.1` })),
    };
  });
  const peerings = generatePeerings(netRng, opts.vpcs);
  const addressGroups = generateAddressGroups(agRng, opts.groups, vpcs);
  const groups = Array.from({ length: opts.groups }, (_, g) => generateGroup(ruleRng.fork(), g, opts, vpcs, addressGroups));
  const instances = generateInstances(instRng, opts, vpcOf, vpcs);
  const intents = generateIntents(intentRng, opts.intents, groups, instances);
  const members = draw ? placeMembers(draw, vpcs.map((v) => v.subnets.length), perVpc) : NO_MEMBERS;
  return { options: opts, vpcs, peerings, addressGroups, groups, instances, members, intents };
}

function check(o: Required<EstateOptions>): void {
  const int = (name: string, v: number, min: number, max = Number.MAX_SAFE_INTEGER) => {
    if (!Number.isInteger(v) || v < min || v > max) throw new Error(`${name} ${v} must be an integer from ${min} to ${max}`);
  };
  int("seed", o.seed, -0x8000_0000, 0xffff_ffff);
  int("groups", o.groups, 1);
  int("rulesPerGroup", o.rulesPerGroup, 1, 4 * QUOTA);
  int("vpcs", o.vpcs, 1, 200);
  int("instances", o.instances, 0, o.vpcs * 250 * HOSTS_PER_SUBNET);
  int("groupsPerInstance.min", o.groupsPerInstance.min, 1, 5);
  int("groupsPerInstance.max", o.groupsPerInstance.max, o.groupsPerInstance.min, 5);
  int("intents", o.intents, 0);
}

/** Consecutive VPCs peered with probability 0.7, one more long link sometimes; at least one peering when there are two VPCs. */
function generatePeerings(rng: Random, count: number): EstatePeering[] {
  const pairs: Array<[number, number]> = [];
  for (let v = 1; v < count; v++) if (rng.chance(0.7)) pairs.push([v - 1, v]);
  if (count >= 4 && rng.chance(0.5)) pairs.push([0, count - 1]);
  if (count >= 2 && pairs.length === 0) pairs.push([0, 1]);
  return pairs.map(([a, b]) => ({ name: `peer-${a}-${b}`, vpcs: [a, b] as const }));
}

function generateAddressGroups(rng: Random, groups: number, vpcs: readonly EstateVpc[]): EstateAddressGroup[] {
  const count = Math.max(2, Math.round(groups / 10));
  const width = String(count - 1).length;
  return Array.from({ length: count }, (_, i) => {
    const version: 4 | 6 = i === 1 || rng.chance(0.2) ? 6 : 4; // one IPv6 group at least
    const entries = new Set<string>();
    const n = rng.int(2, 6);
    while (entries.size < n) {
      const v = rng.int(0, vpcs.length - 1);
      const s = rng.int(0, vpcs[v].subnets.length - 1);
      const k = rng.int(0, 255);
      if (version === 4) {
        const kind = rng.weighted({ onPrem: 3, subnet: 2, host: 2, range: 1 });
        entries.add(
          kind === "onPrem" ? `172.${16 + (k % 16)}.${rng.int(0, 255)}.0/24` :
          kind === "subnet" ? `10.${v}.${s}.0/24` :
          kind === "host" ? `192.168.${k}.${rng.int(1, 254)}` :
          `172.17.${k}.${10 + rng.int(0, 9)}-172.17.${k}.${40 + rng.int(0, 9)}`,
        );
      } else {
        const kind = rng.weighted({ onPrem: 2, subnet: 2, host: 1 });
        entries.add(v6(kind === "onPrem" ? `fd10:${k.toString(16)}::/48` : kind === "subnet" ? `fd00:${v.toString(16)}:${s.toString(16)}::/64` : `fd10:${k.toString(16)}::${rng.int(1, 0xfff).toString(16)}`));
      }
    }
    return { name: `ag${String(i).padStart(width, "0")}`, version, addresses: [...entries] };
  });
}

/** A private CIDR block of the estate's address plan. */
function privateCidr(rng: Random, version: 4 | 6, vpcs: readonly EstateVpc[]): string {
  const v = rng.int(0, vpcs.length - 1);
  const s = rng.int(0, vpcs[v].subnets.length - 1);
  const kind = rng.weighted({ subnet: 50, vpc: 15, onPrem: 25, host: 10 });
  if (version === 4) {
    switch (kind) {
      case "subnet": return `10.${v}.${s}.0/24`;
      case "vpc": return `10.${v}.0.0/16`;
      case "onPrem": return onPremCidr(rng);
      case "host": return rng.chance(0.5) ? `10.${v}.${s}.${rng.int(2, 254)}/32` : `172.16.${rng.int(0, 255)}.${rng.int(1, 254)}/32`;
    }
  }
  switch (kind) {
    case "subnet": return v6(`fd00:${v.toString(16)}:${s.toString(16)}::/64`);
    case "vpc": return v6(`fd00:${v.toString(16)}::/32`);
    case "onPrem": return v6(`fd10:${rng.int(0, 255).toString(16)}::/48`);
    case "host": return v6(`fd10:${rng.int(0, 255).toString(16)}::${rng.int(1, 0xfff).toString(16)}/128`);
  }
}

/** An IPv6 address or CIDR block in canonical (RFC 5952) text, as the provider and hwsg want it. */
function v6(text: string): string {
  const [address, bits] = text.split("/");
  const canonical = ipaddr.IPv6.parse(address).toRFC5952String();
  return bits === undefined ? canonical : `${canonical}/${bits}`;
}

/** An on-premises block: outside every VPC and public range. */
function onPremCidr(rng: Random): string {
  return rng.chance(0.7) ? `172.${16 + rng.int(0, 15)}.${rng.int(0, 255)}.0/24` : `192.168.${rng.int(0, 255)}.0/24`;
}

const ANY: Record<4 | 6, string> = { 4: "0.0.0.0/0", 6: "::/0" };

function allowPriority(rng: Random): number {
  const k = rng.weighted({ one: 35, ten: 10, fifty: 10, any: 45 });
  return k === "one" ? 1 : k === "ten" ? 10 : k === "fifty" ? 50 : rng.int(1, 99);
}

function generateGroup(rng: Random, index: number, opts: Required<EstateOptions>, vpcs: readonly EstateVpc[], addressGroups: readonly EstateAddressGroup[]): EstateGroup {
  const name = `g${String(index).padStart(String(opts.groups - 1).length, "0")}`;
  const total = opts.rulesPerGroup;
  const buckets = new Map<string, Bucket>();
  const bucket = (direction: string, version: number): Bucket => {
    const key = `${direction}|${version}`;
    let b = buckets.get(key);
    if (!b) buckets.set(key, (b = { held: new Map(), quota: 0 }));
    return b;
  };
  // The catch-alls, written last, at priority 100.
  const tail: EstateRule[] = [];
  if (total >= 6 && rng.chance(0.6)) {
    for (const version of [4, 6] as const) {
      tail.push({ direction: "egress", version, protocol: "all", remote: { kind: "cidr", cidr: ANY[version] }, action: "allow", priority: 100, role: "allow-all-outbound" });
    }
  }
  if (total >= 6 && rng.chance(0.25)) {
    tail.push({ direction: "ingress", version: 4, protocol: "all", remote: { kind: "group", group: index }, action: "allow", priority: 100, role: "allow-internal" });
    bucket("ingress", 4).quota++;
  }

  const rules: EstateRule[] = [];
  const target = total - tail.length;
  let guard = 0;
  while (rules.length < target) {
    if (++guard > target * 50) throw new Error(`cannot generate ${total} rules for group ${name}: the port space is exhausted`);
    const where = rng.weighted({ in4: 60, out4: 22, in6: 12, out6: 6 });
    const direction = where.startsWith("in") ? "ingress" : "egress";
    const version = where.endsWith("4") ? 4 : 6;
    const b = bucket(direction, version);
    const made = makeRules(rng, b, direction, version, index, opts.groups, vpcs, addressGroups, target - rules.length);
    rules.push(...made);
  }
  return { name, rules: [...rules, ...tail] };
}

/** One rule (two for an exception pair) of one bucket, or none when the kind drawn does not fit. */
function makeRules(
  rng: Random,
  b: Bucket,
  direction: "ingress" | "egress",
  version: 4 | 6,
  self: number,
  groupCount: number,
  vpcs: readonly EstateVpc[],
  addressGroups: readonly EstateAddressGroup[],
  room: number,
): EstateRule[] {
  const ingress = direction === "ingress";
  const kind = rng.weighted(
    ingress
      ? { cidr: 30, udp: 4, group: 18, addressGroup: 10, inconsecutive: 10, public: 8, partner: 4, deny: 5, exception: 8, icmp: 3 }
      : { cidr: 30, udp: 5, group: 20, addressGroup: 10, inconsecutive: 8, public: 8, partner: 0, deny: 6, exception: 8, icmp: 3 },
  );
  const rule = (protocol: EstateRule["protocol"], ports: readonly PortEntry[] | undefined, remote: EstateRemote, action: EstateRule["action"], priority: number, role: RuleRole): EstateRule => ({
    direction, version, protocol, ...(ports ? { ports } : {}), remote, action, priority, role,
  });
  const quotaLeft = b.quota < QUOTA;
  const cidr = (text: string): { remote: EstateRemote; key: RemoteKey } => ({ remote: { kind: "cidr", cidr: text }, key: { kind: "addresses", intervals: [cidrInterval(text)] } });
  const group = (g: number): { remote: EstateRemote; key: RemoteKey } => ({ remote: { kind: "group", group: g }, key: { kind: "group", group: g } });
  switch (kind) {
    case "cidr": {
      const r = cidr(privateCidr(rng, version, vpcs));
      const ports = rng.chance(0.75) ? takeSingle(rng, b, "tcp", r.key, TCP_SERVICES) : takeRange(rng, b, "tcp", r.key);
      if (!ports) return [];
      return [rule("tcp", ports, r.remote, "allow", allowPriority(rng), "cidr")];
    }
    case "udp": {
      const r = cidr(privateCidr(rng, version, vpcs));
      const ports = takeSingle(rng, b, "udp", r.key, UDP_SERVICES);
      if (!ports) return [];
      return [rule("udp", ports, r.remote, "allow", allowPriority(rng), "udp")];
    }
    case "group": {
      if (!quotaLeft) return [];
      const r = group(rng.chance(0.1) ? self : rng.int(0, groupCount - 1));
      const ports = takeSingle(rng, b, "tcp", r.key, TCP_SERVICES);
      if (!ports) return [];
      b.quota++;
      return [rule("tcp", ports, r.remote, "allow", allowPriority(rng), "group")];
    }
    case "addressGroup": {
      const candidates = addressGroups.map((a, i) => ({ a, i })).filter(({ a }) => a.version === version);
      if (!quotaLeft || candidates.length === 0) return [];
      const { a, i } = rng.pick(candidates);
      const key: RemoteKey = { kind: "addresses", intervals: a.addresses.map(entryInterval) };
      const ports = takeSingle(rng, b, "tcp", key, TCP_SERVICES);
      if (!ports) return [];
      b.quota++;
      return [rule("tcp", ports, { kind: "addressGroup", addressGroup: i }, "allow", allowPriority(rng), "address-group")];
    }
    case "inconsecutive": {
      if (!quotaLeft) return [];
      const r = rng.chance(0.7) ? cidr(privateCidr(rng, version, vpcs)) : group(rng.int(0, groupCount - 1));
      const ports = takeList(rng, b, "tcp", r.key);
      if (!ports) return [];
      b.quota++;
      return [rule("tcp", ports, r.remote, "allow", allowPriority(rng), "inconsecutive")];
    }
    case "public": {
      const ports = ingress ? takeSingle(rng, b, "tcp", undefined, WEB_PORTS, false) : takeSingle(rng, b, "tcp", undefined, [443, 80, 8443, 9443]);
      if (!ports) return [];
      return [rule("tcp", ports, { kind: "cidr", cidr: ANY[version] }, "allow", allowPriority(rng), "public")];
    }
    case "partner": {
      const r = cidr(rng.pick(PARTNER_BLOCKS[version]));
      const ports = takeSingle(rng, b, "tcp", r.key, PARTNER_PORTS, false);
      if (!ports) return [];
      return [rule("tcp", ports, r.remote, "allow", allowPriority(rng), "partner")];
    }
    case "deny": {
      const ports = takeSingle(rng, b, "tcp", undefined, ingress ? INGRESS_DENIES : EGRESS_DENIES, false);
      if (!ports) return [];
      return [rule("tcp", ports, { kind: "cidr", cidr: ANY[version] }, "deny", rng.int(1, 20), "deny")];
    }
    case "exception": {
      if (room < 2) return [];
      const denyPriority = rng.int(1, 40);
      const allowPriority = rng.int(denyPriority + 1, 99);
      // A public web port except a partner block, or a private service except one subnet of its VPC.
      const web = ingress && rng.chance(0.4);
      const ports = web ? takeSingle(rng, b, "tcp", undefined, WEB_PORTS, false) : takeSingle(rng, b, "tcp", undefined, TCP_SERVICES);
      if (!ports) return [];
      let narrow: string;
      let broad: string;
      if (web) {
        narrow = rng.pick(PARTNER_BLOCKS[version]);
        broad = ANY[version];
      } else {
        const v = rng.int(0, vpcs.length - 1);
        const s = rng.int(0, vpcs[v].subnets.length - 1);
        narrow = version === 4 ? `10.${v}.${s}.0/24` : v6(`fd00:${v.toString(16)}:${s.toString(16)}::/64`);
        broad = version === 4 ? `10.${v}.0.0/16` : v6(`fd00:${v.toString(16)}::/32`);
      }
      return [
        rule("tcp", ports, { kind: "cidr", cidr: narrow }, "deny", denyPriority, "exception-deny"),
        rule("tcp", ports, { kind: "cidr", cidr: broad }, "allow", allowPriority, "exception-allow"),
      ];
    }
    case "icmp": {
      const r = cidr(privateCidr(rng, version, vpcs));
      if (!fits(b, "icmp", 0, 0, r.key)) return [];
      hold(b, "icmp", [0], r.key);
      return [rule("icmp", undefined, r.remote, "allow", allowPriority(rng), "icmp")];
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Ports: each bucket (group, direction, version) keeps the intervals it has used per protocol.

/** Whether a rule with these ports and remote (undefined: exclusive) may join the bucket. */
function fits(b: Bucket, protocol: string, lo: number, hi: number, remote: RemoteKey | undefined): boolean {
  for (const h of b.held.get(protocol) ?? []) {
    if (lo > h.hi || h.lo > hi) continue;
    if (!remote || !h.remote) return false;
    if (remote.kind === "group" && h.remote.kind === "group" && remote.group === h.remote.group) return false;
    if (remote.kind === "addresses" && h.remote.kind === "addresses" && intersects(remote.intervals, h.remote.intervals)) return false;
  }
  return true;
}

function hold(b: Bucket, protocol: string, entries: readonly PortEntry[], remote: RemoteKey | undefined): void {
  const list = b.held.get(protocol) ?? [];
  for (const e of entries) list.push({ lo: typeof e === "number" ? e : e[0], hi: typeof e === "number" ? e : e[1], ...(remote ? { remote } : {}) });
  b.held.set(protocol, list);
}

/** One of the preferred ports (or ranges) that fits; a random high port when `fallback`. */
function takeSingle(rng: Random, b: Bucket, protocol: string, remote: RemoteKey | undefined, preferred: readonly PortEntry[], fallback = true): PortEntry[] | undefined {
  for (const e of rng.shuffle(preferred)) {
    const [lo, hi] = typeof e === "number" ? [e, e] : e;
    if (fits(b, protocol, lo, hi, remote)) {
      hold(b, protocol, [e], remote);
      return [e];
    }
  }
  if (!fallback) return undefined;
  for (let i = 0; i < 100; i++) {
    const p = rng.int(1024, 65535);
    if (fits(b, protocol, p, p, remote)) {
      hold(b, protocol, [p], remote);
      return [p];
    }
  }
  return undefined;
}

/** A range of 10, 100 or 1000 ports, aligned, from 10000 up, that fits. */
function takeRange(rng: Random, b: Bucket, protocol: string, remote: RemoteKey): PortEntry[] | undefined {
  for (let i = 0; i < 50; i++) {
    const width = rng.pick([10, 10, 100, 1000]);
    const lo = 10000 + width * rng.int(0, Math.floor(50000 / width) - 1);
    const hi = lo + width - 1;
    if (fits(b, protocol, lo, hi, remote)) {
      hold(b, protocol, [[lo, hi]], remote);
      return [[lo, hi]];
    }
  }
  return undefined;
}

/** 2–4 ports or short ranges that fit, sorted, none adjacent to another (so the list stays inconsecutive). */
function takeList(rng: Random, b: Bucket, protocol: string, remote: RemoteKey): PortEntry[] | undefined {
  for (let attempt = 0; attempt < 20; attempt++) {
    const n = rng.int(2, 4);
    const picked: Array<[number, number]> = [];
    for (let i = 0; i < n * 10 && picked.length < n; i++) {
      const useService = rng.chance(0.6);
      const lo = useService ? rng.pick(TCP_SERVICES) : rng.int(1024, 65000);
      const hi = !useService && rng.chance(0.3) ? lo + rng.int(1, 20) : lo;
      if (!fits(b, protocol, lo, hi, remote)) continue;
      if (picked.some(([a, c]) => lo <= c + 1 && a <= hi + 1)) continue;
      picked.push([lo, hi]);
    }
    if (picked.length < 2) continue;
    picked.sort((x, y) => x[0] - y[0]);
    const entries: PortEntry[] = picked.map(([lo, hi]) => (lo === hi ? lo : [lo, hi] as const));
    hold(b, protocol, entries, remote);
    return entries;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Address intervals (for the overlap test of shared rules)

function toBigInt(ip: ipaddr.IPv4 | ipaddr.IPv6): bigint {
  let n = 0n;
  for (const byte of ip.toByteArray()) n = (n << 8n) | BigInt(byte);
  return n;
}

/** The first and last address of a CIDR block. */
function cidrInterval(text: string): readonly [bigint, bigint] {
  const [ip, bits] = ipaddr.parseCIDR(text);
  const host = BigInt(ip.toByteArray().length * 8 - bits);
  const lo = (toBigInt(ip) >> host) << host;
  return [lo, lo + (1n << host) - 1n];
}

/** The interval of an address-group entry: an address, a CIDR block or a range `a-b`. */
function entryInterval(entry: string): readonly [bigint, bigint] {
  if (entry.includes("/")) return cidrInterval(entry);
  const dash = entry.indexOf("-");
  if (dash < 0) {
    const a = toBigInt(ipaddr.parse(entry));
    return [a, a];
  }
  return [toBigInt(ipaddr.parse(entry.slice(0, dash))), toBigInt(ipaddr.parse(entry.slice(dash + 1)))];
}

function intersects(a: ReadonlyArray<readonly [bigint, bigint]>, b: ReadonlyArray<readonly [bigint, bigint]>): boolean {
  return a.some(([x, y]) => b.some(([u, w]) => x <= w && u <= y));
}

// ---------------------------------------------------------------------------------------------
// Instances and intents

function generateInstances(rng: Random, opts: Required<EstateOptions>, vpcOf: readonly number[], vpcs: readonly EstateVpc[]): EstateInstance[] {
  const seen = new Array<number>(vpcs.length).fill(0);
  const width = String(Math.max(0, opts.instances - 1)).length;
  const max = Math.min(opts.groupsPerInstance.max, opts.groups);
  const min = Math.min(opts.groupsPerInstance.min, max);
  const weights: Record<string, number> = { "1": 30, "2": 30, "3": 20, "4": 12, "5": 8 };
  const allowed = Object.fromEntries(Object.entries(weights).filter(([k]) => Number(k) >= min && Number(k) <= max));
  return vpcOf.map((v, i) => {
    const k = seen[v]++;
    const subnets = vpcs[v].subnets.length;
    const s = k % subnets;
    const host = 10 + Math.floor(k / subnets);
    const count = Number(rng.weighted(allowed));
    const groups = rng.sample(opts.groups, count);
    const ipv6 = rng.chance(0.25) ? v6(`fd00:${v.toString(16)}:${s.toString(16)}::${host.toString(16)}`) : undefined;
    return {
      name: `vm${String(i).padStart(width, "0")}`,
      vpc: v,
      subnet: s,
      ipv4: `10.${v}.${s}.${host}`,
      ...(ipv6 ? { ipv6 } : {}),
      groups,
      flavor: rng.pick(FLAVORS),
    };
  });
}

/**
 * Intents that hold by construction:
 * - no public address reaches a group (or an instance) on SSH or RDP: those ports are never
 *   allowed from a public source;
 * - every public address reaches an instance on a web port that a rule of the instance's FIRST
 *   group allows from every address: within a group no other rule uses the port, and the first
 *   group's rules are tried before the others';
 * - every address of an on-premises block reaches an instance on a port that a rule of its
 *   first group allows from that block (on-premises blocks hold no instance).
 */
function generateIntents(rng: Random, count: number, groups: readonly EstateGroup[], instances: readonly EstateInstance[]): EstateIntent[] {
  const out: EstateIntent[] = [];
  const singleTcp = (r: EstateRule): number | undefined =>
    r.protocol === "tcp" && r.ports?.length === 1 && typeof r.ports[0] === "number" ? r.ports[0] : undefined;
  const firstGroupRule = (test: (r: EstateRule) => boolean): { instance: number; rule: EstateRule } | undefined => {
    const order = rng.shuffle(instances.map((_, i) => i));
    for (const i of order) {
      const rule = groups[instances[i].groups[0]].rules.find(test);
      if (rule) return { instance: i, rule };
    }
    return undefined;
  };
  const templates = ["ssh-group", "web-instance", "on-prem-instance", "rdp-instance", "ssh-group-v6"] as const;
  for (let k = 0; out.length < count && k < count * 3; k++) {
    const template = templates[k % templates.length];
    const n = out.length;
    switch (template) {
      case "ssh-group":
      case "ssh-group-v6": {
        const version = template === "ssh-group" ? 4 : 6;
        const group = rng.int(0, groups.length - 1);
        out.push({
          name: `intent${n}-no-internet-ssh-${groups[group].name}-v${version}`,
          quantifier: "none",
          from: { kind: "internet", version },
          to: { kind: "group", group },
          port: 22,
          description: `no public IPv${version} address reaches ${groups[group].name} on SSH`,
        });
        break;
      }
      case "rdp-instance": {
        if (instances.length === 0) break;
        const instance = rng.int(0, instances.length - 1);
        out.push({
          name: `intent${n}-no-internet-rdp-${instances[instance].name}`,
          quantifier: "none",
          from: { kind: "internet", version: 4 },
          to: { kind: "instance", instance },
          port: 3389,
          description: `no public IPv4 address reaches ${instances[instance].name} on RDP`,
        });
        break;
      }
      case "web-instance": {
        const hit = firstGroupRule((r) => r.role === "public" && r.direction === "ingress" && r.version === 4 && singleTcp(r) !== undefined);
        if (!hit) break;
        const port = singleTcp(hit.rule)!;
        out.push({
          name: `intent${n}-internet-web-${instances[hit.instance].name}-${port}`,
          quantifier: "every",
          from: { kind: "internet", version: 4 },
          to: { kind: "instance", instance: hit.instance },
          port,
          description: `every public IPv4 address reaches ${instances[hit.instance].name} on tcp ${port}`,
        });
        break;
      }
      case "on-prem-instance": {
        const onPrem = (r: EstateRule) =>
          r.role === "cidr" && r.direction === "ingress" && r.version === 4 && r.action === "allow" && singleTcp(r) !== undefined &&
          r.remote.kind === "cidr" && /^(172\.(1[6-9]|2\d|3[01])|192\.168)\./.test(r.remote.cidr);
        const hit = firstGroupRule(onPrem);
        if (!hit || hit.rule.remote.kind !== "cidr") break;
        const port = singleTcp(hit.rule)!;
        const cidr = hit.rule.remote.cidr;
        out.push({
          name: `intent${n}-on-prem-${instances[hit.instance].name}-${port}`,
          quantifier: "every",
          from: { kind: "addresses", cidrs: [cidr] },
          to: { kind: "instance", instance: hit.instance },
          port,
          description: `every address of ${cidr} reaches ${instances[hit.instance].name} on tcp ${port}`,
        });
        break;
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Helpers for the emitters and the report

/** The Terraform `ports` text of a rule's ports (`22`, `8000-8099`, `22,80,443`); undefined = every port. */
export function portsText(ports: readonly PortEntry[] | undefined): string | undefined {
  return ports?.map((e) => (typeof e === "number" ? `${e}` : `${e[0]}-${e[1]}`)).join(",");
}

/** The Terraform `protocol` of a rule; undefined = every protocol. */
export function protocolText(rule: EstateRule): string | undefined {
  if (rule.protocol === "all") return undefined;
  if (rule.protocol === "icmp") return rule.version === 4 ? "icmp" : "icmpv6";
  return rule.protocol;
}

/** Whether a rule counts against the 120-rule quota. */
export function isQuotaCounted(rule: EstateRule): boolean {
  return rule.remote.kind !== "cidr" || (rule.ports !== undefined && rule.ports.length > 1);
}

/** Counts that describe an estate. */
export interface EstateStats {
  readonly groups: number;
  readonly rules: number;
  readonly addressGroups: number;
  readonly instances: number;
  readonly vpcs: number;
  readonly subnets: number;
  readonly peerings: number;
  readonly intents: number;
  /** Members other than compute instances, by kind. */
  readonly members: MemberCounts;
  readonly byRole: Readonly<Record<RuleRole, number>>;
  readonly deny: number;
  readonly ipv6: number;
  readonly egress: number;
  readonly quotaCounted: number;
}

/** The counts of an estate. */
export function estateStats(estate: Estate): EstateStats {
  const rules = estate.groups.flatMap((g) => g.rules);
  const byRole = {} as Record<RuleRole, number>;
  for (const r of rules) byRole[r.role] = (byRole[r.role] ?? 0) + 1;
  return {
    groups: estate.groups.length,
    rules: rules.length,
    addressGroups: estate.addressGroups.length,
    instances: estate.instances.length,
    vpcs: estate.vpcs.length,
    subnets: estate.vpcs.reduce((s, v) => s + v.subnets.length, 0),
    peerings: estate.peerings.length,
    intents: estate.intents.length,
    members: memberCounts(estate.members),
    byRole,
    deny: rules.filter((r) => r.action === "deny").length,
    ipv6: rules.filter((r) => r.version === 6).length,
    egress: rules.filter((r) => r.direction === "egress").length,
    quotaCounted: rules.filter(isQuotaCounted).length,
  };
}
