/** examples/egress-whitelist: seed 000 tables 11–12, seed 001 case 6. */
import { App } from "cdktf";
import { EgressWhitelistStack, HTTPS_SITE, HTTP_SITE } from "../../examples/egress-whitelist/stack";
import { describeExample, external, groupMember, reach, synth } from "./helpers";

const make = (app: App) => new EgressWhitelistStack(app, "egress-whitelist");

describe("examples/egress-whitelist", () => {
  describeExample(make);

  const { network: model, json } = synth(make);
  const { network, end: member } = groupMember(model, "egress");

  it("writes the allows at priority 1, the denies at priority 2, and no allow-all egress", () => {
    const rules = Object.values(JSON.parse(json).resource.huaweicloud_networking_secgroup_rule as Record<string, Record<string, unknown>>);
    expect(rules.map((r) => [r.direction, r.action, r.priority, r.protocol ?? "all", r.ports ?? "all", r.remote_ip_prefix]).sort()).toEqual([
      ["egress", "allow", 1, "tcp", "443", HTTPS_SITE],
      ["egress", "allow", 1, "tcp", "80", HTTP_SITE],
      ["egress", "deny", 2, "all", "all", "0.0.0.0/0"],
      ["egress", "deny", 2, "all", "all", "::/0"],
    ]);
  });

  it("members reach the HTTP site on 80 and the HTTPS site on 443", () => {
    expect(reach(network, "every", member, external([HTTP_SITE]), "tcp/80").holds).toBe(true);
    expect(reach(network, "every", member, external([HTTPS_SITE]), "tcp/443").holds).toBe(true);
  });

  it("the deny at priority 2 stops everything else, over IPv4 and IPv6", () => {
    const other = reach(network, "some", member, external(["0.0.0.0/0"], [HTTP_SITE, HTTPS_SITE]), "all");
    expect(other.holds).toBe(false);
    expect(other.witness.rule).toMatch(/^huaweicloud_networking_secgroup_rule\.egress_egress-deny-all-to-any-ipv4-p2_/);
    expect(reach(network, "some", member, external([HTTP_SITE]), "tcp/1-79,81-65535").holds).toBe(false);
    expect(reach(network, "some", member, external(["::/0"]), "all", 6).holds).toBe(false);
  });
});
