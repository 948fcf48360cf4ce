/**
 * ICMP type and code from real Terraform through the command line: test/fixtures/icmp allows echo
 * requests from anywhere (port_range_min 8), type 3 code 4 from 10.0.0.0/8, and denies type 5
 * (`ports = "5"`); nothing else.
 */
import { runCli } from "./run-cli";

const FIXTURE = "test/fixtures/icmp";
const WEB = "huaweicloud_compute_instance.web";

function ask(from: string, ...icmp: string[]) {
  return runCli(["query", FIXTURE, "--from", from, "--to", WEB, "--protocol", "icmp", ...icmp, "--json"]);
}

describe("hwsg on ICMP types and codes", () => {
  it("check reads the rules without unknowns and without an ICMP warning about evaluation", async () => {
    const r = await runCli(["check", FIXTURE, "--json"]);
    const report = JSON.parse(r.stdout);
    expect(report.summary.unknowns).toBe(0);
    expect(report.unknowns ?? []).toEqual([]);
    expect(r.stdout).not.toMatch(/every ICMP type/);
    // ping and pmtu name an ICMP type in port_range_min, so they cannot have a priority: no HWSG006.
    expect(report.findings.map((f: { code: string; resource: string }) => `${f.code} ${f.resource}`).sort()).toEqual([]);
    expect(report.warnings.filter((w: string) => /priority is not set/.test(w))).toEqual([]);
  });

  it("an echo request is allowed by the type-8 rule; other types are not", async () => {
    const echo = await ask("203.0.113.9", "--icmp-type", "8", "--icmp-code", "0");
    expect(echo.code).toBe(0);
    const answer = JSON.parse(echo.stdout);
    expect(answer.rule).toBe("huaweicloud_networking_secgroup_rule.ping");
    expect(answer.flow).toMatchObject({ protocol: "icmp", port: null, icmpType: 8, icmpCode: 0, service: "icmp type 8 code 0 (echo request)" });
    const reply = await ask("203.0.113.9", "--icmp-type", "0");
    expect(reply.code).toBe(1);
    const unreachable = await ask("203.0.113.9", "--icmp-type", "3", "--icmp-code", "4");
    expect(unreachable.code).toBe(1);
  });

  it("type 3 code 4 is allowed from 10.0.0.0/8 only, and only that code", async () => {
    expect((await ask("10.2.0.1", "--icmp-type", "3", "--icmp-code", "4")).code).toBe(0);
    const other = await ask("10.2.0.1", "--icmp-type", "3", "--icmp-code", "3");
    expect(other.code).toBe(1);
    expect(JSON.parse(other.stdout).rule).toBeNull();
  });

  it("type 5 is denied by the deny rule, not by default", async () => {
    const r = await ask("203.0.113.9", "--icmp-type", "5", "--icmp-code", "1");
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).rule).toBe("huaweicloud_networking_secgroup_rule.no_redirect");
  });

  it("without a type every message must be allowed: the counterexample names its type and code", async () => {
    const r = await runCli(["query", FIXTURE, "--from", "203.0.113.9", "--to", WEB, "--protocol", "icmp"]);
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n")[0]).toBe(`DENIED: icmp type 0 code 0 (echo reply) from 203.0.113.9 to ${WEB} (10.0.1.10)`);
    expect(r.stdout).toContain("Not every flow asked (icmp, every message) is allowed");
  });

  it("the matrix says the service in users' words, and its JSON adds the ICMP messages", async () => {
    const text = await runCli(["matrix", FIXTURE]);
    expect(text.stdout).toContain("internet → web: icmp type 8 (echo request)");
    const json = JSON.parse((await runCli(["matrix", FIXTURE, "--json"])).stdout);
    const services = json.cells.flatMap((c: { services: unknown[] }) => c.services);
    expect(services).toContainEqual({ protocol: "icmp", ports: null, except: [], icmp: [{ from: [8, 0], to: [8, 255] }] });
  });

  it.each([
    [["--protocol", "tcp", "--icmp-type", "8"], "--icmp-type goes only with --protocol icmp or icmpv6 (protocol is tcp)"],
    [["--protocol", "icmp", "--icmp-code", "0"], "--icmp-code goes only with --icmp-type"],
    [["--protocol", "icmp", "--icmp-type", "256"], '--icmp-type "256" is not a number 0-255'],
    [["--protocol", "icmp", "--icmp-type", "8", "--icmp-code", "x"], '--icmp-code "x" is not a number 0-255'],
    [["--protocol", "icmp", "--icmp-type", "255", "--icmp-code", "255"], "outside the ICMP messages hwsg evaluates"],
  ])("bad ICMP options exit 2 with one line: %j", async (options, message) => {
    const r = await runCli(["query", FIXTURE, "--from", "203.0.113.9", "--to", WEB, ...options]);
    expect(r.code).toBe(2);
    expect(r.errLines).toHaveLength(1);
    expect(r.stderr).toContain(message);
  });
});
