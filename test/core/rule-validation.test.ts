/**
 * semantics.md §6, constraints checked at construct time. Every rejected value must raise a
 * ValidationError whose message names the subject (where the value comes from), the field, the
 * value and what is allowed.
 */
import { parseAddressGroup } from "../../lib/core/address-group";
import { ValidationError } from "../../lib/core/errors";
import { Rule, RuleFields, describeRule, matchKey, parseRule } from "../../lib/core/rule";
import { parseSecurityGroup } from "../../lib/core/security-group";
import { buildNetwork, egress, ingress, ip, makeRule, validationError } from "./helpers";

const SUBJECT = "stack/web/rule-ssh";

/** A rule of group sg-a built from fields on top of an IPv4 ingress rule. */
function rule(fields: RuleFields): Rule {
  return parseRule({ security_group_id: "sg-a", direction: "ingress", ethertype: "IPv4", ...fields }, SUBJECT, "rule-ssh");
}

interface Rejection {
  /** What the case is. */
  readonly name: string;
  readonly make: () => unknown;
  readonly subject: string;
  readonly field: string;
  /** The value as the message renders it (a substring: long values are cut). */
  readonly value: string;
  /** What is allowed, or why the value is wrong. */
  readonly allowed: string | RegExp;
  /** A suggestion the message must carry (`did you mean …?`). */
  readonly hint?: string;
}

const AG = "stack/ag/office";
const SG = "stack/sg/web";
const twentyOne = Array.from({ length: 21 }, (_, i) => `10.0.0.${i + 1}`);

const rejections: Rejection[] = [
  // priority: integer 1–100
  { name: "priority 0", make: () => rule({ priority: 0 }), subject: SUBJECT, field: "priority", value: "0", allowed: "integer from 1 to 100" },
  { name: "priority 101", make: () => rule({ priority: 101 }), subject: SUBJECT, field: "priority", value: "101", allowed: "integer from 1 to 100" },
  { name: "priority 1.5", make: () => rule({ priority: 1.5 }), subject: SUBJECT, field: "priority", value: "1.5", allowed: "integer from 1 to 100" },
  { name: 'priority "x"', make: () => rule({ priority: "x" }), subject: SUBJECT, field: "priority", value: '"x"', allowed: "integer from 1 to 100" },
  // description: at most 255 characters, no < or >
  { name: "description of 256 characters", make: () => rule({ description: "d".repeat(256) }), subject: SUBJECT, field: "description", value: '"ddddd', allowed: /at most 255 characters \(it has 256\)/ },
  { name: "description with <", make: () => rule({ description: "a <b> tag" }), subject: SUBJECT, field: "description", value: '"a <b> tag"', allowed: "must not contain < or >" },
  { name: "description with >", make: () => rule({ description: "x > y" }), subject: SUBJECT, field: "description", value: '"x > y"', allowed: "must not contain < or >" },
  // ports: 1–65535, documented forms, min <= max, tcp/udp only
  { name: 'ports "0"', make: () => rule({ protocol: "tcp", ports: "0" }), subject: SUBJECT, field: "ports", value: '"0"', allowed: "from 1 to 65535" },
  { name: 'ports "65536"', make: () => rule({ protocol: "tcp", ports: "65536" }), subject: SUBJECT, field: "ports", value: '"65536"', allowed: "from 1 to 65535" },
  { name: 'ports "30-20"', make: () => rule({ protocol: "tcp", ports: "30-20" }), subject: SUBJECT, field: "ports", value: '"30-20"', allowed: "must not run backwards", hint: "did you mean 20-30?" },
  { name: 'ports "22, 80"', make: () => rule({ protocol: "tcp", ports: "22, 80" }), subject: SUBJECT, field: "ports", value: '"22, 80"', allowed: "separated by commas without spaces" },
  { name: 'ports "a"', make: () => rule({ protocol: "udp", ports: "a" }), subject: SUBJECT, field: "ports", value: '"a"', allowed: "a port (22) or a range (20-21)" },
  { name: "ports with icmp", make: () => rule({ protocol: "icmp", ports: "22" }), subject: SUBJECT, field: "ports", value: '"22"', allowed: "only with protocol tcp or udp (protocol is icmp)" },
  { name: "ports with protocol 47", make: () => rule({ protocol: "47", ports: "22" }), subject: SUBJECT, field: "ports", value: '"22"', allowed: "only with protocol tcp or udp (protocol is gre)" },
  { name: "ports with no protocol", make: () => rule({ ports: "22" }), subject: SUBJECT, field: "ports", value: '"22"', allowed: "only with protocol tcp or udp (protocol is all)" },
  // protocol
  { name: 'protocol "TCP"', make: () => rule({ protocol: "TCP" }), subject: SUBJECT, field: "protocol", value: '"TCP"', allowed: "one of tcp, udp, icmp, icmpv6 (lower case)", hint: 'did you mean "tcp"?' },
  { name: 'protocol "gre"', make: () => rule({ protocol: "gre" }), subject: SUBJECT, field: "protocol", value: '"gre"', allowed: "protocol number 0-255", hint: '"47"' },
  { name: 'protocol "256"', make: () => rule({ protocol: "256" }), subject: SUBJECT, field: "protocol", value: '"256"', allowed: "protocol number 0-255" },
  { name: "icmp with IPv6", make: () => rule({ ethertype: "IPv6", protocol: "icmp" }), subject: SUBJECT, field: "protocol", value: '"icmp"', allowed: 'icmp with ethertype "IPv6" matches no IPv6 packet (ICMPv6 is "icmpv6", protocol 58)', hint: "icmpv6" },
  { name: "icmpv6 with IPv4", make: () => rule({ protocol: "icmpv6" }), subject: SUBJECT, field: "protocol", value: '"icmpv6"', allowed: 'icmpv6 with ethertype "IPv4" matches no IPv4 packet (ICMP is "icmp", protocol 1)', hint: '"icmp"' },
  // remote_ip_prefix: canonical network CIDR of the rule's ethertype
  { name: "remote_ip_prefix with host bits", make: () => rule({ remote_ip_prefix: "10.0.0.5/24" }), subject: SUBJECT, field: "remote_ip_prefix", value: '"10.0.0.5/24"', allowed: "IPv4 network in CIDR notation", hint: "did you mean 10.0.0.0/24?" },
  { name: "remote_ip_prefix bare IPv4 address", make: () => rule({ remote_ip_prefix: "10.0.0.5" }), subject: SUBJECT, field: "remote_ip_prefix", value: '"10.0.0.5"', allowed: "prefix length is missing", hint: "did you mean 10.0.0.5/32?" },
  { name: "remote_ip_prefix bare IPv6 address", make: () => rule({ ethertype: "IPv6", remote_ip_prefix: "2001:db8::5" }), subject: SUBJECT, field: "remote_ip_prefix", value: '"2001:db8::5"', allowed: "IPv6 network in CIDR notation", hint: "did you mean 2001:db8::5/128?" },
  { name: "remote_ip_prefix IPv6 on an IPv4 rule", make: () => rule({ remote_ip_prefix: "2001:db8::/64" }), subject: SUBJECT, field: "remote_ip_prefix", value: '"2001:db8::/64"', allowed: /IPv6 block but ethertype is IPv4/ },
  { name: "remote_ip_prefix IPv4 on an IPv6 rule", make: () => rule({ ethertype: "IPv6", remote_ip_prefix: "0.0.0.0/0" }), subject: SUBJECT, field: "remote_ip_prefix", value: '"0.0.0.0/0"', allowed: /IPv4 block but ethertype is IPv6/ },
  { name: "remote_ip_prefix not an address", make: () => rule({ remote_ip_prefix: "office" }), subject: SUBJECT, field: "remote_ip_prefix", value: '"office"', allowed: "IPv4 network in CIDR notation (10.0.0.0/24, 0.0.0.0/0)" },
  // at most one remote
  { name: "remote_ip_prefix and remote_group_id", make: () => rule({ remote_ip_prefix: "10.0.0.0/8", remote_group_id: "sg-b" }), subject: SUBJECT, field: "remote_group_id", value: '"sg-b"', allowed: "at most one of remote_ip_prefix, remote_group_id, remote_address_group_id" },
  { name: "remote_group_id and remote_address_group_id", make: () => rule({ remote_group_id: "sg-b", remote_address_group_id: "ag-1" }), subject: SUBJECT, field: "remote_address_group_id", value: '"ag-1"', allowed: "(remote_group_id is set too)" },
  // port_range_* conflicts with the v3 fields
  { name: "port_range_min with ports", make: () => rule({ protocol: "tcp", port_range_min: 22, port_range_max: 22, ports: "22" }), subject: SUBJECT, field: "port_range_min", value: "22", allowed: "conflicts with ports in the provider", hint: "`ports`" },
  { name: "port_range_min with action", make: () => rule({ protocol: "tcp", port_range_min: 22, action: "allow" }), subject: SUBJECT, field: "port_range_min", value: "22", allowed: "conflicts with action" },
  { name: "port_range_min with priority", make: () => rule({ protocol: "tcp", port_range_min: 22, priority: 1 }), subject: SUBJECT, field: "port_range_min", value: "22", allowed: "conflicts with priority" },
  { name: "port_range_max with remote_address_group_id", make: () => rule({ protocol: "tcp", port_range_max: 22, remote_address_group_id: "ag-1" }), subject: SUBJECT, field: "port_range_max", value: "22", allowed: "conflicts with remote_address_group_id" },
  // action
  { name: 'action "Allow"', make: () => rule({ action: "Allow" }), subject: SUBJECT, field: "action", value: '"Allow"', allowed: 'must be "allow" or "deny" (lower case)', hint: 'did you mean "allow"?' },
  { name: 'action "DENY"', make: () => rule({ action: "DENY" }), subject: SUBJECT, field: "action", value: '"DENY"', allowed: 'must be "allow" or "deny"', hint: 'did you mean "deny"?' },
  { name: 'action "permit"', make: () => rule({ action: "permit" }), subject: SUBJECT, field: "action", value: '"permit"', allowed: 'must be "allow" or "deny"' },
  // direction, ethertype
  { name: 'direction "inbound"', make: () => rule({ direction: "inbound" }), subject: SUBJECT, field: "direction", value: '"inbound"', allowed: '"ingress" or "egress"' },
  { name: "ethertype missing", make: () => rule({ ethertype: undefined }), subject: SUBJECT, field: "ethertype", value: "(missing)", allowed: '"IPv4" or "IPv6"' },
  // address groups: at most max_capacity (<= 20) entries, all of the group's ip_version
  { name: "address group with 21 entries", make: () => parseAddressGroup({ name: "office", addresses: twentyOne }, AG, "ag"), subject: AG, field: "addresses", value: '["10.0.0.1"', allowed: "at most max_capacity = 20 entries (it has 21)" },
  { name: "address group over its own max_capacity", make: () => parseAddressGroup({ name: "office", addresses: ["10.0.0.1", "10.0.0.2"], max_capacity: 1 }, AG, "ag"), subject: AG, field: "addresses", value: '["10.0.0.1","10.0.0.2"]', allowed: "at most max_capacity = 1 entries (it has 2)" },
  { name: "address group with an IPv6 entry in an IPv4 group", make: () => parseAddressGroup({ name: "office", addresses: ["10.0.0.1", "2001:db8::1"] }, AG, "ag"), subject: AG, field: "addresses", value: '"2001:db8::1"', allowed: "of the group's ip_version 4" },
  { name: "address group with an IPv4 entry in an IPv6 group", make: () => parseAddressGroup({ name: "office", ip_version: 6, addresses: ["2001:db8::/64", "10.0.0.0/8"] }, AG, "ag"), subject: AG, field: "addresses", value: '"10.0.0.0/8"', allowed: "of the group's ip_version 6" },
  { name: "address group with a backwards range", make: () => parseAddressGroup({ name: "office", addresses: ["10.0.0.9-10.0.0.1"] }, AG, "ag"), subject: AG, field: "addresses", value: '"10.0.0.9-10.0.0.1"', allowed: "the range runs backwards" },
  { name: "address group with max_capacity 0", make: () => parseAddressGroup({ name: "office", addresses: ["10.0.0.1"], max_capacity: 0 }, AG, "ag"), subject: AG, field: "max_capacity", value: "0", allowed: "integer from 1 to 20" },
  { name: "address group with max_capacity 21", make: () => parseAddressGroup({ name: "office", addresses: ["10.0.0.1"], max_capacity: 21 }, AG, "ag"), subject: AG, field: "max_capacity", value: "21", allowed: "integer from 1 to 20" },
  { name: "address group with ip_version 5", make: () => parseAddressGroup({ name: "office", ip_version: 5 }, AG, "ag"), subject: AG, field: "ip_version", value: "5", allowed: "must be 4 or 6" },
  { name: "address group name with a space", make: () => parseAddressGroup({ name: "my office" }, AG, "ag"), subject: AG, field: "name", value: '"my office"', allowed: "letters, digits, _, - and ." },
  // security groups
  { name: "group name of 65 characters", make: () => parseSecurityGroup({ name: "n".repeat(65) }, SG, "sg"), subject: SG, field: "name", value: '"nnnn', allowed: "1 to 64 characters (it has 65)" },
  { name: "empty group name", make: () => parseSecurityGroup({ name: "" }, SG, "sg"), subject: SG, field: "name", value: '""', allowed: "1 to 64 characters" },
  { name: "group description of 256 characters", make: () => parseSecurityGroup({ name: "web", description: "d".repeat(256) }, SG, "sg"), subject: SG, field: "description", value: '"ddd', allowed: "at most 255 characters" },
  { name: 'delete_default_rules "yes"', make: () => parseSecurityGroup({ name: "web", delete_default_rules: "yes" }, SG, "sg"), subject: SG, field: "delete_default_rules", value: '"yes"', allowed: "true or false" },
  // opposite-action twins in one group are rejected by the API: new Network rejects them
  {
    name: "opposite-action twin rules in one group",
    make: () =>
      buildNetwork({
        groups: ["sg-a"],
        rules: [
          ingress("sg-a", { id: "allow-ssh", protocol: "tcp", ports: "22", remote_ip_prefix: "10.0.0.0/8", action: "allow", priority: 1 }),
          ingress("sg-a", { id: "deny-ssh", protocol: "tcp", ports: "22", remote_ip_prefix: "10.0.0.0/8", action: "deny", priority: 50 }),
        ],
      }),
    subject: "deny-ssh",
    field: "action",
    value: '"deny"',
    allowed: /opposite to allow-ssh .*the API rejects such a pair/,
  },
];

describe("§6 constraints: every rejected value names subject, field, value and what is allowed", () => {
  it.each(rejections.map((r) => [r.name, r] as const))("%s", (_name, r) => {
    const err = validationError(r.make);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.subject).toBe(r.subject);
    expect(err.field).toBe(r.field);
    // The message leads with "<subject>: <field> <value>"…
    expect(err.message.startsWith(`${r.subject}: ${r.field} ${r.value}`)).toBe(true);
    // …and says what is allowed.
    if (typeof r.allowed === "string") expect(err.message).toContain(r.allowed);
    else expect(err.message).toMatch(r.allowed);
    if (r.hint !== undefined) expect(err.message).toContain(r.hint);
  });
});

describe("§6 empty strings: the provider does not send an empty optional field", () => {
  // Terraform's SDK treats "" in an optional field as not set (GetOk is false), so the rule
  // reaches the API without it. The model follows the provider; the reader warns (see
  // test/terraform) because the rule is wider than it reads.
  it('ports "" on a tcp rule is every port, as the provider sends no ports', () => {
    const r = rule({ protocol: "tcp", ports: "", remote_ip_prefix: "0.0.0.0/0" });
    expect(r.ports).toBeUndefined();
  });
  it('remote_group_id "" is every address of the ethertype (the provider does not check it)', () => {
    expect(rule({ protocol: "tcp", ports: "22", remote_group_id: "" }).remote).toEqual({ kind: "any" });
  });
});

describe("issue 12: what the provider rejects is rejected", () => {
  // resource_huaweicloud_networking_secgroup_rule.go (v1.97.1), schema of ResourceNetworkingSecGroupRule:
  // protocol's ValidateFunc is validation.Any(StringInSlice{tcp, udp, icmp, icmpv6}, StringMatch(0-255)),
  // which "" fails.
  it('protocol ""', () => {
    const e = validationError(() => rule({ protocol: "" }));
    expect(e.message).toContain('stack/web/rule-ssh: protocol "" is invalid: must be "tcp", "udp", "icmp", "icmpv6" or a protocol number');
  });
  // Same schema: action's ValidateFunc is StringInSlice{allow, deny} (case-sensitive), which "" fails.
  it('action ""', () => {
    expect(validationError(() => rule({ protocol: "tcp", ports: "22", action: "" })).message).toContain('action "" is invalid: must be "allow" or "deny"');
  });
  // Same schema: remote_ip_prefix's ValidateFunc is utils.ValidateCIDR (utils/validators.go), whose
  // net.ParseCIDR fails on "".
  it('remote_ip_prefix ""', () => {
    expect(validationError(() => rule({ protocol: "tcp", ports: "22", remote_ip_prefix: "" })).message).toContain('remote_ip_prefix "" is invalid: must be a network in CIDR notation');
  });
  // Same schema: ports has ConflictsWith port_range_min/port_range_max; the SDK's
  // validateConflictingAttributes counts any configured value, "" included.
  it('ports "" together with port_range_min', () => {
    const e = validationError(() => rule({ protocol: "tcp", ports: "", port_range_min: 22, port_range_max: 22 }));
    expect(e.field).toBe("port_range_min");
    expect(e.message).toContain("conflicts with ports in the provider");
  });
  // utils.ValidateCIDR: the lower-cased text must equal Go's IPNet.String(), which prints an
  // IPv4-mapped network in IPv4 form, so no IPv4-mapped IPv6 block ever passes.
  it.each(["::ffff:10.0.0.0/104", "::ffff:a00:0/104", "::ffff:0:0/96"])("IPv4-mapped IPv6 remote_ip_prefix %s", (cidr) => {
    const e = validationError(() => rule({ ethertype: "IPv6", protocol: "tcp", ports: "22", remote_ip_prefix: cidr }));
    expect(e.message).toContain("an IPv4-mapped IPv6 block is not accepted by the provider");
  });
  // utils.ValidateCIDR: Go's ParseCIDR reads "/08" as 8, but the text differs from "10.0.0.0/8".
  it("a prefix length with a leading zero", () => {
    expect(validationError(() => rule({ protocol: "tcp", ports: "22", remote_ip_prefix: "10.0.0.0/08" })).message).toContain("did you mean 10.0.0.0/8?");
  });
  // An ICMP code without a type: the provider sends port_range_min 0 as "not set" (omitempty in
  // golangsdk's v1 rules CreateOpts) and the API takes a code only with a type.
  it("an ICMP code without a type", () => {
    const e = validationError(() => parseRule({ security_group_id: "sg-a", direction: "ingress", ethertype: "IPv4", protocol: "icmp", port_range_max: 3 }, SUBJECT, "r", { icmpTypeCode: true }));
    expect(e.field).toBe("port_range_max");
  });
  it("an ICMP type above 255", () => {
    const e = validationError(() => parseRule({ security_group_id: "sg-a", direction: "ingress", ethertype: "IPv4", protocol: "icmp", port_range_min: 256 }, SUBJECT, "r", { icmpTypeCode: true }));
    expect(e.message).toContain("must be an integer from 0 to 255");
  });
  it("port_range_min 0 with a port_range_max (the API takes both ends or none)", () => {
    expect(validationError(() => rule({ protocol: "tcp", port_range_min: 0, port_range_max: 80 })).field).toBe("port_range_min");
  });
});

describe("issue 12: what the provider accepts is accepted", () => {
  // utils.ValidateCIDR compares strings.ToLower(value) with the canonical text, and the schema's
  // StateFunc lower-cases remote_ip_prefix: an upper-case IPv6 block is valid.
  it("an upper-case IPv6 remote_ip_prefix, kept lower-cased", () => {
    const r = rule({ ethertype: "IPv6", protocol: "tcp", ports: "22", remote_ip_prefix: "2001:DB8::/32" });
    expect(r.remote).toMatchObject({ kind: "cidr", cidr: "2001:db8::/32" });
  });
  // resourceNetworkingSecGroupRuleCreateV1 sends port_range_min/max through golangsdk's v1 rules
  // CreateOpts, whose omitempty drops 0: the API then reads the rule as every port.
  it("port_range_min = port_range_max = 0 with tcp is every port", () => {
    const r = rule({ protocol: "tcp", port_range_min: 0, port_range_max: 0, remote_ip_prefix: "10.0.0.0/8" });
    expect(r.protocol).toBe(6);
    expect(r.ports).toBeUndefined();
  });
  it("port_range_min 22 with port_range_max 0 is port 22 (0 is not sent)", () => {
    expect(rule({ protocol: "tcp", port_range_min: 22, port_range_max: 0 }).ports?.toString()).toBe("22");
  });
  // The same CreateOpts document port_range_min as the ICMP type and port_range_max as the ICMP
  // code for an icmp rule; the provider checks neither. The reader accepts them (icmpTypeCode).
  it("an ICMP type and code in port_range_min/max are matched on (type 8 code 0 is type 8: 0 is not sent)", () => {
    const r = parseRule({ security_group_id: "sg-a", direction: "ingress", ethertype: "IPv4", protocol: "icmp", port_range_min: 8, port_range_max: 0 }, SUBJECT, "r", { icmpTypeCode: true });
    expect(r.ports?.ranges).toEqual([[8 * 256 + 1, 8 * 256 + 256]]);
    expect(describeRule(r)).toContain("icmp type 8 (echo request) from any address");
    const unreachable = parseRule({ security_group_id: "sg-a", direction: "ingress", ethertype: "IPv4", protocol: "icmp", port_range_min: 3, port_range_max: 1 }, SUBJECT, "r2", { icmpTypeCode: true });
    expect(unreachable.ports?.ranges).toEqual([[3 * 256 + 1 + 1, 3 * 256 + 1 + 1]]);
    expect(describeRule(unreachable)).toContain("icmp type 3 code 1 (host unreachable) from");
    expect(matchKey(r)).not.toBe(matchKey(unreachable));
  });
  it("an ICMP type in ports (v3 API) is every code of the type, with a warning; type 0 in port_range_min is every type (0 is not sent)", () => {
    const notes: string[] = [];
    const r = parseRule({ security_group_id: "sg-a", direction: "ingress", ethertype: "IPv6", protocol: "icmpv6", ports: "128", action: "allow", priority: 1 }, SUBJECT, "r", { icmpTypeCode: true, notes });
    expect(r.ports?.ranges).toEqual([[128 * 256 + 1, 128 * 256 + 256]]);
    expect(notes.join("\n")).toContain("reads each number as an ICMP type with every code");
    const all = parseRule({ security_group_id: "sg-a", direction: "ingress", ethertype: "IPv4", protocol: "icmp", port_range_min: 0 }, SUBJECT, "r", { icmpTypeCode: true, notes });
    expect(all.ports).toBeUndefined();
    expect(notes.join("\n")).toContain("port_range_min 0 (ICMP type 0, echo reply) is sent by the provider as \"not set\"");
    expect(parseRule({ security_group_id: "sg-a", direction: "ingress", ethertype: "IPv4", protocol: "icmp", ports: "0-255", action: "allow" }, SUBJECT, "r", { icmpTypeCode: true }).ports).toBeUndefined();
  });
  it("without icmpTypeCode (the constructs), an ICMP type is still refused", () => {
    expect(validationError(() => rule({ protocol: "icmp", ports: "8" })).message).toContain("only with protocol tcp or udp (protocol is icmp)");
  });
  it("a description the API refuses is a warning when notes are given", () => {
    const notes: string[] = [];
    const r = parseRule({ security_group_id: "sg-a", direction: "ingress", ethertype: "IPv4", description: "a <b>" }, SUBJECT, "r", { notes });
    expect(r.description).toBe("a <b>");
    expect(notes).toEqual([`${SUBJECT}: description "a <b>" is invalid: must not contain < or > (kept: the description does not affect matching)`]);
  });
  it("a group name of 65 characters is a warning when notes are given", () => {
    const notes: string[] = [];
    expect(parseSecurityGroup({ name: "n".repeat(65) }, "f: sg", "sg", notes).name).toBe("n".repeat(65));
    expect(notes[0]).toContain("must be 1 to 64 characters (it has 65)");
  });
});

describe("§6 values the constraints accept", () => {
  it("priority 1 and 100, and a decimal string", () => {
    expect(rule({ priority: 1 }).priority).toBe(1);
    expect(rule({ priority: 100 }).priority).toBe(100);
    expect(rule({ priority: "42" }).priority).toBe(42);
  });

  it("a description of exactly 255 characters", () => {
    expect(rule({ description: "d".repeat(255) }).description).toHaveLength(255);
  });

  it.each(["22", "22-30", "22,25,27", "80,500,600-800", "1-65535"])("ports %s with tcp and udp", (ports) => {
    expect(() => rule({ protocol: "tcp", ports })).not.toThrow();
    expect(() => rule({ protocol: "udp", ports })).not.toThrow();
  });

  it("protocol numbers 0 to 255, icmp with IPv4 and icmpv6 with IPv6", () => {
    expect(rule({ protocol: "0" }).protocol).toBe(0);
    expect(rule({ protocol: "255" }).protocol).toBe(255);
    expect(rule({ protocol: "47" }).protocol).toBe(47);
    expect(rule({ protocol: "icmp" }).protocol).toBe(1);
    expect(rule({ ethertype: "IPv6", protocol: "icmpv6" }).protocol).toBe(58);
  });

  it("canonical CIDRs of the rule's ethertype, single hosts as /32 and /128", () => {
    const r4 = rule({ remote_ip_prefix: "10.0.0.5/32" });
    expect(r4.remote).toMatchObject({ kind: "cidr", cidr: "10.0.0.5/32" });
    const r6 = rule({ ethertype: "IPv6", remote_ip_prefix: "2001:db8::5/128" });
    expect(r6.remote).toMatchObject({ kind: "cidr", cidr: "2001:db8::5/128" });
    if (r6.remote.kind !== "cidr") throw new Error("unreachable");
    expect(r6.remote.addresses.has(ip("2001:db8::5"))).toBe(true);
    expect(r6.remote.addresses.size).toBe(1n);
  });

  it("a legacy port_range_min/max rule without v3 fields is read as a port range", () => {
    const r = rule({ protocol: "tcp", port_range_min: 8000, port_range_max: 8080 });
    expect(r.ports?.toString()).toBe("8000-8080");
    expect(r.inconsecutivePorts).toBe(false);
  });

  it("a legacy port range that runs backwards is rejected", () => {
    const err = validationError(() => rule({ protocol: "tcp", port_range_min: 30, port_range_max: 20 }));
    expect(err.field).toBe("port_range_max");
    expect(err.message).toContain("must be at least port_range_min (30)");
  });

  it("an address group of exactly 20 entries, ranges and CIDRs", () => {
    const twenty = Array.from({ length: 20 }, (_, i) => `10.0.0.${i + 1}`);
    expect(parseAddressGroup({ name: "office", addresses: twenty }, AG, "ag").entries).toHaveLength(20);
    const g = parseAddressGroup({ name: "office", addresses: ["10.0.0.1-10.0.0.9", "192.168.0.0/24"] }, AG, "ag");
    expect(g.addresses.size).toBe(9n + 256n);
    expect(g.maxCapacity).toBe(20);
  });

  it("a group name of exactly 64 characters", () => {
    expect(parseSecurityGroup({ name: "n".repeat(64) }, SG, "sg").name).toHaveLength(64);
  });
});

describe("§6 opposite-action twin rules", () => {
  it("twins that differ only in priority are still twins", () => {
    expect(() =>
      buildNetwork({
        groups: ["sg-a"],
        rules: [
          egress("sg-a", { protocol: "udp", ports: "53", action: "deny", priority: 1 }),
          egress("sg-a", { protocol: "udp", ports: "53", action: "allow", priority: 100 }),
        ],
      }),
    ).toThrow(ValidationError);
  });

  it("the same ports written in another order are the same match", () => {
    const a = makeRule(ingress("sg-a", { protocol: "tcp", ports: "80,443" }));
    const b = makeRule(ingress("sg-a", { protocol: "tcp", ports: "443,80" }));
    expect(matchKey(a)).toBe(matchKey(b));
    expect(() =>
      buildNetwork({
        groups: ["sg-a"],
        rules: [
          ingress("sg-a", { protocol: "tcp", ports: "80,443", action: "allow", priority: 1 }),
          ingress("sg-a", { protocol: "tcp", ports: "443,80", action: "deny", priority: 1 }),
        ],
      }),
    ).toThrow(/opposite to/);
  });

  it("opposite actions are fine when the match differs (ports, remote, ethertype, direction) or the groups differ", () => {
    const base = { protocol: "tcp", ports: "22", remote_ip_prefix: "10.0.0.0/8", priority: 1 };
    expect(() =>
      buildNetwork({
        groups: ["sg-a", "sg-b"],
        rules: [
          ingress("sg-a", { ...base, action: "allow" }),
          ingress("sg-a", { ...base, ports: "23", action: "deny" }),
          ingress("sg-a", { ...base, remote_ip_prefix: "10.0.0.0/9", action: "deny" }),
          egress("sg-a", { ...base, action: "deny" }),
          ingress("sg-b", { ...base, action: "deny" }),
        ],
      }),
    ).not.toThrow();
  });

  // Regression (fixed in 2086e18): the four default rules take part in the twin check, so a
  // deny-all egress to 0.0.0.0/0 in a group that keeps its defaults is rejected.
  it("a deny that mirrors a kept default rule is an opposite-action twin", () => {
    const err = validationError(() =>
      buildNetwork({
        groups: ["sg-a"],
        rules: [egress("sg-a", { id: "deny-all-out", remote_ip_prefix: "0.0.0.0/0", action: "deny", priority: 1 })],
      }),
    );
    expect(err.field).toBe("action");
    expect(err.message).toContain("sg-a#default-egress-ipv4");
  });

  it("the twin message describes the earlier rule", () => {
    const allow = makeRule(ingress("sg-a", { id: "allow-ssh", protocol: "tcp", ports: "22", remote_ip_prefix: "10.0.0.0/8", action: "allow", priority: 1 }));
    expect(describeRule(allow)).toBe("ingress IPv4 tcp 22 from 10.0.0.0/8: allow, priority 1");
  });
});
