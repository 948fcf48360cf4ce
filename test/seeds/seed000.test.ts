/**
 * Seed 000, Huawei Cloud "Security Group Examples": tables 2-12, each as a Terraform JSON
 * fixture, checked through the API and the CLI (verdict and deciding rule).
 */
import { AddressSet } from "../../lib/core/address-set";
import { PortSet } from "../../lib/core/port-set";
import { checkReach } from "../../lib/core/reachability";
import { INTERNET, INTERNET_V6, block, defaultRule, inst, load, rule, seedQuantified, seedScenario } from "./helpers";

const allow = (r: string | readonly string[]) => ({ verdict: "allow" as const, rule: r });
const deny = (r: string | null = null) => ({ verdict: "deny" as const, rule: r });
const TCP = 6;

// Table 2: SSH from 0.0.0.0/0.
seedScenario("000-t2-ssh-any", ["ecs_linux"], [
  { name: "SSH from an internet address is allowed by the 0.0.0.0/0 rule", query: { from: INTERNET, to: inst("ecs_linux"), protocol: "tcp", port: 22 }, expect: allow(rule("ssh")) },
  { name: "SSH from any other address too", query: { from: "8.8.8.8", to: inst("ecs_linux"), protocol: "tcp", port: 22 }, expect: allow(rule("ssh")) },
  { name: "RDP 3389 is not opened: default deny", query: { from: INTERNET, to: inst("ecs_linux"), protocol: "tcp", port: 3389 }, expect: deny() },
  { name: "UDP 22 is not opened: the rule is TCP", query: { from: INTERNET, to: inst("ecs_linux"), protocol: "udp", port: 22 }, expect: deny() },
], () => {
  test("reach: EVERY IPv4 address reaches TCP 22 (exposed to the whole internet)", () => {
    const { network } = load("000-t2-ssh-any");
    const r = checkReach(network, { from: { kind: "external", addresses: AddressSet.all(4) }, to: { kind: "instance", instanceId: inst("ecs_linux") }, version: 4, protocol: TCP, ports: PortSet.single(22), quantifier: "every" });
    expect(r.holds).toBe(true);
    expect(r.witness.rule).toBe(rule("ssh"));
  });
});

// Table 3: RDP from 0.0.0.0/0.
seedScenario("000-t3-rdp-any", ["ecs_windows"], [
  { name: "RDP from an internet address is allowed", query: { from: INTERNET, to: inst("ecs_windows"), protocol: "tcp", port: 3389 }, expect: allow(rule("rdp")) },
  { name: "SSH 22 is not opened", query: { from: INTERNET, to: inst("ecs_windows"), protocol: "tcp", port: 22 }, expect: deny() },
]);

// Table 4: SSH/RDP from trusted CIDRs only.
seedScenario("000-t4-trusted-ip", ["ecs_linux", "ecs_windows"], [
  { name: "SSH from the trusted 192.168.0.0/24 is allowed", query: { from: "192.168.0.7", to: inst("ecs_linux"), protocol: "tcp", port: 22 }, expect: allow(rule("ssh_trusted")) },
  { name: "SSH from the last trusted address 192.168.0.255 is allowed", query: { from: "192.168.0.255", to: inst("ecs_linux"), protocol: "tcp", port: 22 }, expect: allow(rule("ssh_trusted")) },
  { name: "SSH from just outside the trusted block (192.168.1.0) is denied", query: { from: "192.168.1.0", to: inst("ecs_linux"), protocol: "tcp", port: 22 }, expect: deny() },
  { name: "SSH from the internet is denied", query: { from: INTERNET, to: inst("ecs_linux"), protocol: "tcp", port: 22 }, expect: deny() },
  { name: "RDP from the trusted 10.10.0.0/24 is allowed", query: { from: "10.10.0.9", to: inst("ecs_windows"), protocol: "tcp", port: 3389 }, expect: allow(rule("rdp_trusted")) },
  { name: "RDP from the Linux admins' 192.168.0.0/24 is denied (each group trusts its own block)", query: { from: "192.168.0.7", to: inst("ecs_windows"), protocol: "tcp", port: 3389 }, expect: deny() },
  { name: "SSH to the Windows ECS from its trusted block is denied (only 3389 is open)", query: { from: "10.10.0.9", to: inst("ecs_windows"), protocol: "tcp", port: 22 }, expect: deny() },
  { name: "the two ECSs are in different groups: linux -> windows 3389 denied", query: { from: inst("ecs_linux"), to: inst("ecs_windows"), protocol: "tcp", port: 3389 }, expect: deny() },
], () => {
  test("reach: every address of 192.168.0.0/24 reaches SSH, but not every IPv4 address", () => {
    const { network } = load("000-t4-trusted-ip");
    const to = { kind: "instance" as const, instanceId: inst("ecs_linux") };
    const trusted = checkReach(network, { from: { kind: "external", addresses: block("192.168.0.0/24") }, to, version: 4, protocol: TCP, ports: PortSet.single(22), quantifier: "every" });
    expect(trusted.holds).toBe(true);
    const all = checkReach(network, { from: { kind: "external", addresses: AddressSet.all(4) }, to, version: 4, protocol: TCP, ports: PortSet.single(22), quantifier: "every" });
    expect(all.holds).toBe(false);
    expect(all.witness.verdict).toBe("deny");
    expect(all.witness.rule).toBeNull();
    expect(block("192.168.0.0/24").has(all.witness.flow.src.address)).toBe(false);
  });
});

// Table 5: FTP 20-21 from 0.0.0.0/0.
seedScenario("000-t5-ftp-any", ["ecs_ftp"], [
  { name: "FTP data port 20 from the internet is allowed", query: { from: INTERNET, to: inst("ecs_ftp"), protocol: "tcp", port: 20 }, expect: allow(rule("ftp")) },
  { name: "FTP control port 21 from the internet is allowed", query: { from: INTERNET, to: inst("ecs_ftp"), protocol: "tcp", port: 21 }, expect: allow(rule("ftp")) },
  { name: "port 19 (just below the range) is denied", query: { from: INTERNET, to: inst("ecs_ftp"), protocol: "tcp", port: 19 }, expect: deny() },
  { name: "port 22 (just above the range) is denied", query: { from: INTERNET, to: inst("ecs_ftp"), protocol: "tcp", port: 22 }, expect: deny() },
]);

// Table 6: FTP 20-21 from a trusted CIDR.
seedScenario("000-t6-ftp-trusted", ["ecs_ftp"], [
  { name: "FTP 21 from the trusted 192.168.0.0/24 is allowed", query: { from: "192.168.0.20", to: inst("ecs_ftp"), protocol: "tcp", port: 21 }, expect: allow(rule("ftp_trusted")) },
  { name: "FTP 20 from the trusted block is allowed", query: { from: "192.168.0.20", to: inst("ecs_ftp"), protocol: "tcp", port: 20 }, expect: allow(rule("ftp_trusted")) },
  { name: "FTP 21 from the internet is denied", query: { from: INTERNET, to: inst("ecs_ftp"), protocol: "tcp", port: 21 }, expect: deny() },
]);

// Table 7: web 80/443.
seedScenario("000-t7-web", ["ecs_web"], [
  { name: "HTTP 80 from the internet is allowed by the port-80 rule", query: { from: INTERNET, to: inst("ecs_web"), protocol: "tcp", port: 80 }, expect: allow(rule("http")) },
  { name: "HTTPS 443 from the internet is allowed by the port-443 rule", query: { from: INTERNET, to: inst("ecs_web"), protocol: "tcp", port: 443 }, expect: allow(rule("https")) },
  { name: "8080 stays closed", query: { from: INTERNET, to: inst("ecs_web"), protocol: "tcp", port: 8080 }, expect: deny() },
  { name: "SSH stays closed", query: { from: INTERNET, to: inst("ecs_web"), protocol: "tcp", port: 22 }, expect: deny() },
  { name: "UDP 443 (QUIC) is not covered by the TCP rule", query: { from: INTERNET, to: inst("ecs_web"), protocol: "udp", port: 443 }, expect: deny() },
]);

seedQuantified("000-t7-web", [
  { name: "not every TCP port is open to the internet: default deny for a port other than 80 and 443", query: { from: INTERNET, to: inst("ecs_web"), protocol: "tcp" }, expect: deny() },
]);

// Table 8: ping over IPv4 and IPv6.
seedScenario("000-t8-ping", ["ecs_a"], [
  { name: "IPv4 ping from a PC is allowed by the IPv4 ICMP rule", query: { from: INTERNET, to: inst("ecs_a"), protocol: "icmp" }, expect: allow(rule("ping_v4")) },
  { name: "IPv6 ping from a PC is allowed by the IPv6 ICMPv6 rule", query: { from: INTERNET_V6, to: inst("ecs_a"), protocol: "icmpv6" }, expect: allow(rule("ping_v6")) },
  { name: "IPv4 SSH is denied", query: { from: INTERNET, to: inst("ecs_a"), protocol: "tcp", port: 22 }, expect: deny() },
  { name: "IPv6 SSH is denied", query: { from: INTERNET_V6, to: inst("ecs_a"), protocol: "tcp", port: 22 }, expect: deny() },
]);

// Table 9: MySQL from sg-A only.
seedScenario("000-t9-cross-group", ["ecs_app", "ecs_db", "ecs_db_replica", "ecs_other"], [
  { name: "an ECS in sg-A reaches MySQL 3306 in sg-B", query: { from: inst("ecs_app"), to: inst("ecs_db"), protocol: "tcp", port: 3306 }, expect: allow(rule("mysql_from_sg_a")) },
  { name: "the sg-A ECS cannot reach other ports of the database (22)", query: { from: inst("ecs_app"), to: inst("ecs_db"), protocol: "tcp", port: 22 }, expect: deny() },
  { name: "an ECS in sg-C cannot reach MySQL", query: { from: inst("ecs_other"), to: inst("ecs_db"), protocol: "tcp", port: 3306 }, expect: deny() },
  { name: "an internet address cannot reach MySQL", query: { from: INTERNET, to: inst("ecs_db"), protocol: "tcp", port: 3306 }, expect: deny() },
  { name: "an address in sg-A's subnet that is no member's fixed IP cannot reach MySQL", query: { from: "172.16.1.99", to: inst("ecs_db"), protocol: "tcp", port: 3306 }, expect: deny() },
  { name: "traffic forwarded by the sg-A ECS (not from its fixed IP) is not matched by the sg-A rule", query: { from: inst("ecs_app"), fromAddress: "172.16.1.200", to: inst("ecs_db"), protocol: "tcp", port: 3306 }, expect: deny() },
  { name: "another member of sg-B reaches it by the default intra-group rule", query: { from: inst("ecs_db_replica"), to: inst("ecs_db"), protocol: "tcp", port: 3306 }, expect: allow(defaultRule("sg_b", "ingress")) },
  { name: "the MySQL ECS cannot open connections to the sg-A ECS (no inbound rule on sg-A)", query: { from: inst("ecs_db"), to: inst("ecs_app"), protocol: "tcp", port: 3306 }, expect: deny() },
]);

// Table 10: five database ports with their sources.
seedScenario("000-t10-databases", ["ecs_db", "ecs_a", "ecs_b", "ecs_c", "ecs_d"], [
  { name: "MySQL 3306 from the sg-A ECS is allowed", query: { from: inst("ecs_a"), to: inst("ecs_db"), protocol: "tcp", port: 3306 }, expect: allow(rule("mysql")) },
  { name: "Oracle 1521 from the sg-A ECS is denied", query: { from: inst("ecs_a"), to: inst("ecs_db"), protocol: "tcp", port: 1521 }, expect: deny() },
  { name: "Oracle 1521 from the sg-B ECS is allowed", query: { from: inst("ecs_b"), to: inst("ecs_db"), protocol: "tcp", port: 1521 }, expect: allow(rule("oracle")) },
  { name: "MySQL 3306 from the sg-B ECS is denied", query: { from: inst("ecs_b"), to: inst("ecs_db"), protocol: "tcp", port: 3306 }, expect: deny() },
  { name: "MS SQL 1433 from the ECS at 172.16.3.21 is allowed", query: { from: inst("ecs_c"), to: inst("ecs_db"), protocol: "tcp", port: 1433 }, expect: allow(rule("mssql")) },
  { name: "MS SQL 1433 from 172.16.3.21 as a bare address is allowed too", query: { from: "172.16.3.21", to: inst("ecs_db"), protocol: "tcp", port: 1433 }, expect: allow(rule("mssql")) },
  { name: "MS SQL 1433 from the sg-A ECS (172.16.1.10) is denied", query: { from: inst("ecs_a"), to: inst("ecs_db"), protocol: "tcp", port: 1433 }, expect: deny() },
  { name: "PostgreSQL 5432 from 192.168.0.0/24 is allowed", query: { from: "192.168.0.50", to: inst("ecs_db"), protocol: "tcp", port: 5432 }, expect: allow(rule("postgresql")) },
  { name: "PostgreSQL 5432 from 192.168.1.50 is denied", query: { from: "192.168.1.50", to: inst("ecs_db"), protocol: "tcp", port: 5432 }, expect: deny() },
  { name: "Redis 6379 from an ECS in ipGroup-A's 172.16.4.0/24 is allowed", query: { from: inst("ecs_d"), to: inst("ecs_db"), protocol: "tcp", port: 6379 }, expect: allow(rule("redis")) },
  { name: "Redis 6379 from inside ipGroup-A's range 10.9.1.1-10.9.1.20 is allowed", query: { from: "10.9.1.20", to: inst("ecs_db"), protocol: "tcp", port: 6379 }, expect: allow(rule("redis")) },
  { name: "Redis 6379 from just past the range (10.9.1.21) is denied", query: { from: "10.9.1.21", to: inst("ecs_db"), protocol: "tcp", port: 6379 }, expect: deny() },
  { name: "Redis 6379 from the sg-A ECS is denied", query: { from: inst("ecs_a"), to: inst("ecs_db"), protocol: "tcp", port: 6379 }, expect: deny() },
  { name: "no database port is open to the internet (3306)", query: { from: INTERNET, to: inst("ecs_db"), protocol: "tcp", port: 3306 }, expect: deny() },
  { name: "no database port is open to the internet (6379)", query: { from: INTERNET, to: inst("ecs_db"), protocol: "tcp", port: 6379 }, expect: deny() },
]);

// Tables 11-12: egress whitelist, default egress deleted.
seedScenario("000-t11-egress-whitelist", ["ecs_web", "ecs_web2"], [
  { name: "HTTP to 132.15.1.10:80 is allowed", query: { from: inst("ecs_web"), to: "132.15.1.10", protocol: "tcp", port: 80 }, expect: allow(rule("http_out")) },
  { name: "HTTPS to 145.117.1.20:443 is allowed", query: { from: inst("ecs_web"), to: "145.117.1.20", protocol: "tcp", port: 443 }, expect: allow(rule("https_out")) },
  { name: "443 to the HTTP site is denied (each destination on its own port)", query: { from: inst("ecs_web"), to: "132.15.1.10", protocol: "tcp", port: 443 }, expect: deny() },
  { name: "80 to the HTTPS site is denied", query: { from: inst("ecs_web"), to: "145.117.1.20", protocol: "tcp", port: 80 }, expect: deny() },
  { name: "a neighbouring address 132.15.1.11:80 is denied", query: { from: inst("ecs_web"), to: "132.15.1.11", protocol: "tcp", port: 80 }, expect: deny() },
  { name: "DNS to 8.8.8.8 is denied", query: { from: inst("ecs_web"), to: "8.8.8.8", protocol: "udp", port: 53 }, expect: deny() },
  { name: "inbound from the internet stays denied", query: { from: INTERNET, to: inst("ecs_web"), protocol: "tcp", port: 80 }, expect: deny() },
  { name: "members cannot even reach each other: the source's egress has no rule for it", query: { from: inst("ecs_web2"), to: inst("ecs_web"), protocol: "tcp", port: 22 }, expect: deny() },
], () => {
  test("reach: NO IPv4 address other than the two sites is reachable on any protocol", () => {
    const { network } = load("000-t11-egress-whitelist");
    const others = AddressSet.all(4).subtract(block("132.15.1.10/32")).subtract(block("145.117.1.20/32"));
    const r = checkReach(network, { from: { kind: "instance", instanceId: inst("ecs_web") }, to: { kind: "external", addresses: others }, version: 4, protocol: "all", quantifier: "none" });
    expect(r.holds).toBe(true);
  });
});

// Table 11 without step 2 (default egress kept): the whitelist restricts nothing.
seedScenario("000-t11-egress-defaults-kept", ["ecs_web", "ecs_web2"], [
  { name: "DNS to 8.8.8.8 is allowed by the default egress rule", query: { from: inst("ecs_web"), to: "8.8.8.8", protocol: "udp", port: 53 }, expect: allow(defaultRule("sg_web", "egress")) },
  { name: "443 to the HTTP site is allowed by the default egress rule", query: { from: inst("ecs_web"), to: "132.15.1.10", protocol: "tcp", port: 443 }, expect: allow(defaultRule("sg_web", "egress")) },
  { name: "HTTP to 132.15.1.10:80 is allowed (default rule and http_out tie at priority 1)", query: { from: inst("ecs_web"), to: "132.15.1.10", protocol: "tcp", port: 80 }, expect: allow([defaultRule("sg_web", "egress"), rule("http_out")]) },
  { name: "members reach each other (default rules)", query: { from: inst("ecs_web2"), to: inst("ecs_web"), protocol: "tcp", port: 22 }, expect: allow(defaultRule("sg_web", "ingress")) },
]);
