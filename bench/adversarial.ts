/**
 * The adversarial estate of the scaling benchmark (issue 15): the rule shapes that made the
 * never-effective-rule analysis (HWSG004) quadratic, as plain Terraform JSON.
 *
 * Two security groups of `rulesPerGroup` ingress IPv4 rules each, all tcp allow at priority 1
 * (so HWSG005 has no pair to report and every rule is judged by HWSG004 alone), and one instance
 * in both:
 * - `identical`: every rule the same (`tcp 22 from 10.0.0.0/8`): each one after the first is
 *   covered by the first;
 * - `nested`: nested CIDR blocks and nested port ranges, in runs of equal length (at least
 *   three, at most 30,000 rules each), each run in its own /8 (`10.0.0.0/8`, `11.0.0.0/8`…) so
 *   they do not interact, of three kinds in turn:
 *   1. broad to narrow: the /8 with ports 1-65535, then ever smaller blocks (down to /32) with
 *      ever narrower port ranges, each covered by the run's first rule;
 *   2. narrow to broad: the same chain reversed, each rule taking effect on the ring the rules
 *      before it leave;
 *   3. crossed: blocks narrowing while port ranges widen from the middle, each rule taking
 *      effect on the ports its predecessors leave.
 * Deterministic: the same size gives the same text.
 */

/** Block lengths of the nested chains: /8 to /32. */
const LENGTHS = 25;

/** The `i`-th of `m` CIDR blocks of a chain in `first.0.0.0/8`, broad to narrow: /8 first, /32 last. */
function nestedCidr(first: number, i: number, m: number): string {
  const length = 8 + Math.floor((i * LENGTHS) / Math.max(1, m));
  return `${first}.0.0.0/${Math.min(32, length)}`;
}

/** The `i`-th of `m` nested port ranges, broad to narrow: 1-65535 first, each one port narrower at both ends. */
function nestedPorts(i: number, m: number): string {
  const step = Math.max(1, Math.floor(32766 / Math.max(1, m)));
  const lo = 1 + i * step;
  const hi = 65535 - i * step;
  return lo === hi ? `${lo}` : `${lo}-${hi}`;
}

/** The `i`-th of `m` port ranges widening from the middle: 32768 first, each one port wider at both ends. */
function wideningPorts(i: number, m: number): string {
  const step = Math.max(1, Math.floor(32766 / Math.max(1, m)));
  return i === 0 ? "32768" : `${32768 - i * step}-${32768 + i * step}`;
}

/** One rule's fields, `tcp` allow at priority 1 in a group of the document. */
function rule(group: string, ports: string, cidr: string): Record<string, unknown> {
  return {
    security_group_id: `\${huaweicloud_networking_secgroup.${group}.id}`,
    direction: "ingress",
    ethertype: "IPv4",
    protocol: "tcp",
    ports,
    remote_ip_prefix: cidr,
    action: "allow",
    priority: 1,
  };
}

/** The longest run: a strict chain narrows its port range by one port at each end per rule, so at most 32,767 rules. */
export const MAX_RUN = 30_000;

/** The rules of the `nested` group, in configuration order: runs of the three kinds in turn, each in its own /8. */
function nestedRules(n: number, maxRun: number): Array<Record<string, unknown>> {
  const runs = Math.max(3, Math.ceil(n / maxRun));
  const length = Math.ceil(n / runs);
  const out: Array<Record<string, unknown>> = [];
  for (let i = 0; i < n; i++) {
    const run = Math.floor(i / length);
    const k = i % length;
    const m = Math.min(length, n - run * length);
    const first = 10 + run;
    if (run % 3 === 0) out.push(rule("nested", nestedPorts(k, m), nestedCidr(first, k, m)));
    else if (run % 3 === 1) out.push(rule("nested", nestedPorts(m - 1 - k, m), nestedCidr(first, m - 1 - k, m)));
    else out.push(rule("nested", wideningPorts(k, m), nestedCidr(first, k, m)));
  }
  return out;
}

/**
 * The adversarial estate with `rulesPerGroup` rules in each of its two groups, as a Terraform JSON document.
 * @param maxRun the longest run of nested rules @default MAX_RUN
 */
export function adversarialTerraformJson(rulesPerGroup: number, maxRun = MAX_RUN): Record<string, unknown> {
  const width = String(Math.max(0, rulesPerGroup - 1)).length;
  const rules: Record<string, unknown> = {};
  for (let i = 0; i < rulesPerGroup; i++) rules[`identical_r${String(i).padStart(width, "0")}`] = rule("identical", "22", "10.0.0.0/8");
  nestedRules(rulesPerGroup, Math.min(maxRun, MAX_RUN)).forEach((r, i) => {
    rules[`nested_r${String(i).padStart(width, "0")}`] = r;
  });
  return {
    "//": `hwsg adversarial benchmark estate: 2 groups of ${rulesPerGroup} rules (identical, nested)`,
    terraform: { required_providers: { huaweicloud: { source: "huaweicloud/huaweicloud", version: "~> 1.97" } } },
    provider: { huaweicloud: { region: "cn-north-4" } },
    resource: {
      huaweicloud_vpc: { vpc0: { name: "vpc0", cidr: "192.168.0.0/16" } },
      huaweicloud_vpc_subnet: { vpc0_s0: { name: "s0", cidr: "192.168.0.0/24", gateway_ip: "192.168.0.1", vpc_id: "${huaweicloud_vpc.vpc0.id}" } },
      huaweicloud_networking_secgroup: {
        identical: { name: "identical", delete_default_rules: true },
        nested: { name: "nested", delete_default_rules: true },
      },
      huaweicloud_networking_secgroup_rule: rules,
      huaweicloud_compute_instance: {
        target: {
          name: "target",
          image_name: "Ubuntu 22.04 server 64bit",
          flavor_id: "s6.small.1",
          security_group_ids: ["${huaweicloud_networking_secgroup.identical.id}", "${huaweicloud_networking_secgroup.nested.id}"],
          network: [{ uuid: "${huaweicloud_vpc_subnet.vpc0_s0.id}", fixed_ip_v4: "192.168.0.10" }],
        },
      },
    },
  };
}

/** The adversarial estate as the text of `main.tf.json` (deterministic). */
export function adversarialTerraformJsonText(rulesPerGroup: number): string {
  return `${JSON.stringify(adversarialTerraformJson(rulesPerGroup), null, 1)}\n`;
}
