/**
 * Seed 001, Alibaba Cloud "Security group guidelines and use cases", the cases whose outcome
 * differs or is instructive under Huawei's matching order: case 3 (a low-priority deny behind an
 * allow-all), case 5 (authorizing a security group), case 6 (the outbound whitelist). Cases 1, 2
 * and 4 are seed 000 tables 7, 4 and 8.
 */
import { AddressSet } from "../../lib/core/address-set";
import { PortSet } from "../../lib/core/port-set";
import { checkReach } from "../../lib/core/reachability";
import { run } from "../../lib/cli/main";
import { ValidationError } from "../../lib/core/errors";
import { readTerraform } from "../../lib/terraform/reader";
import { INTERNET, block, cliArgs, fixtureDir, inst, load, rule, seedQuantified, seedScenario } from "./helpers";

const allow = (r: string | readonly string[]) => ({ verdict: "allow" as const, rule: r });
const deny = (r: string | null = null) => ({ verdict: "deny" as const, rule: r });
const TCP = 6;

// Case 3: allow 0.0.0.0/0 at priority 1 + deny 3306 at priority 100: the deny never takes effect.
seedScenario("001-case3-deny-never-effective", ["ecs_db"], [
  { name: "MySQL 3306 from the internet is still allowed: the priority-1 allow is matched first", query: { from: INTERNET, to: inst("ecs_db"), protocol: "tcp", port: 3306 }, expect: allow(rule("allow_any")) },
  { name: "other ports are allowed by the same allow-all", query: { from: INTERNET, to: inst("ecs_db"), protocol: "tcp", port: 80 }, expect: allow(rule("allow_any")) },
  { name: "UDP 3306 is allowed too (the allow-all has no protocol)", query: { from: INTERNET, to: inst("ecs_db"), protocol: "udp", port: 3306 }, expect: allow(rule("allow_any")) },
], () => {
  test("reach: EVERY IPv4 address reaches TCP 3306 despite the deny rule", () => {
    const { network } = load("001-case3-deny-never-effective");
    const r = checkReach(network, { from: { kind: "external", addresses: AddressSet.all(4) }, to: { kind: "instance", instanceId: inst("ecs_db") }, version: 4, protocol: TCP, ports: PortSet.single(3306), quantifier: "every" });
    expect(r.holds).toBe(true);
  });
});

seedQuantified("001-case3-deny-never-effective", [
  { name: "every protocol and port from the internet is allowed, MySQL included", query: { from: INTERNET, to: inst("ecs_db"), protocol: "all" }, expect: allow(rule("allow_any")) },
]);

// Case 3 variant: the deny at the same priority as the allow wins.
seedScenario("001-case3-deny-same-priority", ["ecs_db"], [
  { name: "MySQL 3306 from the internet is denied: deny before allow at equal priority", query: { from: INTERNET, to: inst("ecs_db"), protocol: "tcp", port: 3306 }, expect: deny(rule("deny_mysql")) },
  { name: "other ports stay open through the allow-all", query: { from: INTERNET, to: inst("ecs_db"), protocol: "tcp", port: 3307 }, expect: allow(rule("allow_any")) },
  { name: "UDP 3306 is not matched by the TCP deny", query: { from: INTERNET, to: inst("ecs_db"), protocol: "udp", port: 3306 }, expect: allow(rule("allow_any")) },
], () => {
  test("reach: NO IPv4 address reaches TCP 3306", () => {
    const { network } = load("001-case3-deny-same-priority");
    const r = checkReach(network, { from: { kind: "external", addresses: AddressSet.all(4) }, to: { kind: "instance", instanceId: inst("ecs_db") }, version: 4, protocol: TCP, ports: PortSet.single(3306), quantifier: "none" });
    expect(r.holds).toBe(true);
  });
});

seedQuantified("001-case3-deny-same-priority", [
  { name: "not every TCP port is open: the counterexample is 3306, denied by deny_mysql", query: { from: INTERNET, to: inst("ecs_db"), protocol: "tcp" }, expect: deny(rule("deny_mysql")), witnessPort: 3306 },
]);

// Case 5: authorize a security group.
seedScenario("001-case5-group-authorization", ["ecs_a", "ecs_b", "ecs_c"], [
  { name: "an instance in sg-A reaches FTP 21 on the instance in sg-B", query: { from: inst("ecs_a"), to: inst("ecs_b"), protocol: "tcp", port: 21 }, expect: allow(rule("ftp_from_a")) },
  { name: "port 20 is not authorized", query: { from: inst("ecs_a"), to: inst("ecs_b"), protocol: "tcp", port: 20 }, expect: deny() },
  { name: "an instance in sg-C is not authorized (same subnet, different group)", query: { from: inst("ecs_c"), to: inst("ecs_b"), protocol: "tcp", port: 21 }, expect: deny() },
  { name: "sg-A's own subnet address that no instance holds is not authorized", query: { from: "172.16.0.99", to: inst("ecs_b"), protocol: "tcp", port: 21 }, expect: deny() },
  { name: "the internet is not authorized", query: { from: INTERNET, to: inst("ecs_b"), protocol: "tcp", port: 21 }, expect: deny() },
  { name: "the authorization is one-way: sg-B -> sg-A 21 is denied", query: { from: inst("ecs_b"), to: inst("ecs_a"), protocol: "tcp", port: 21 }, expect: deny() },
]);

// Case 6: outbound whitelist, deny-all at priority 2, allows at priority 1, defaults deleted.
seedScenario("001-case6-egress-whitelist", ["ecs_web"], [
  { name: "HTTP to 47.96.1.10:80 is allowed by its priority-1 allow", query: { from: inst("ecs_web"), to: "47.96.1.10", protocol: "tcp", port: 80 }, expect: allow(rule("allow_http_out")) },
  { name: "HTTPS to 121.199.1.20:443 is allowed by its priority-1 allow", query: { from: inst("ecs_web"), to: "121.199.1.20", protocol: "tcp", port: 443 }, expect: allow(rule("allow_https_out")) },
  { name: "443 to 47.96.1.10 is denied by the priority-2 deny", query: { from: inst("ecs_web"), to: "47.96.1.10", protocol: "tcp", port: 443 }, expect: deny(rule("deny_all_out")) },
  { name: "80 to 121.199.1.20 is denied by the priority-2 deny", query: { from: inst("ecs_web"), to: "121.199.1.20", protocol: "tcp", port: 80 }, expect: deny(rule("deny_all_out")) },
  { name: "DNS to 8.8.8.8 is denied by the priority-2 deny", query: { from: inst("ecs_web"), to: "8.8.8.8", protocol: "udp", port: 53 }, expect: deny(rule("deny_all_out")) },
  { name: "ping to 8.8.8.8 is denied by the priority-2 deny", query: { from: inst("ecs_web"), to: "8.8.8.8", protocol: "icmp" }, expect: deny(rule("deny_all_out")) },
], () => {
  test("reach: NO IPv4 address other than 47.96.1.10 is reachable on TCP 80", () => {
    const { network } = load("001-case6-egress-whitelist");
    const others = AddressSet.all(4).subtract(block("47.96.1.10/32"));
    const r = checkReach(network, { from: { kind: "instance", instanceId: inst("ecs_web") }, to: { kind: "external", addresses: others }, version: 4, protocol: TCP, ports: PortSet.single(80), quantifier: "none" });
    expect(r.holds).toBe(true);
  });
});

// Case 6 with Huawei's default rules kept: the deny-all outbound rule mirrors the default outbound
// allow-all with the opposite action, which the API rejects; so does the reader, naming both rules.
describe("001-case6-defaults-kept", () => {
  const scenario = "001-case6-defaults-kept";
  const message = /deny_all_out.*action.*opposite to huaweicloud_networking_secgroup\.sg_web#default-egress-ipv4/;

  test("api: readTerraform rejects the configuration, naming the file, the rule and the default rule it mirrors", async () => {
    await expect(readTerraform(fixtureDir(scenario))).rejects.toThrow(ValidationError);
    await expect(readTerraform(fixtureDir(scenario))).rejects.toThrow(message);
    await expect(readTerraform(fixtureDir(scenario))).rejects.toThrow(/001-case6-defaults-kept\/main\.tf\.json/);
  });

  test("cli: hwsg query exits 2 (bad input) with the reason on stderr and nothing on stdout", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const q = { from: inst("ecs_web"), to: "8.8.8.8", protocol: "udp", port: 53 };
    const code = await run(cliArgs(scenario, q), { out: (t: string) => out.push(t), err: (t: string) => err.push(t) });
    expect(code).toBe(2);
    expect(out.join("")).toBe("");
    expect(err.join("")).toMatch(message);
  });
});
