/**
 * Hand-built report inputs for the report tests: a small three-tier matrix (instances, groups and
 * the internet, with a for_each address holding quotes, an incomplete cell and a malicious
 * example), a diff with changes both ways, and findings of every severity.
 */
import { FlowChangeGroup, NetworkDiff } from "../../lib/analysis/diff";
import { MatrixCell, ReachabilityMatrix, Service } from "../../lib/analysis/matrix";
import { CheckReport, DiffReport, MatrixReport, ReportFinding, ReportUnknown } from "../../lib/report";

/** A malicious label: must come out as text in every format, never as markup. */
export const EVIL = `<script>alert(1)</script>`;

export const tcp = (...ports: (number | [number, number])[]): Service => ({
  protocol: "tcp",
  ports: ports.map((p) => (typeof p === "number" ? ([p, p] as const) : ([p[0], p[1]] as const))),
});
export const ALL: Service = { protocol: "all", ports: null };
export const ICMP: Service = { protocol: "icmp", ports: null };

const I = (name: string) => `huaweicloud_compute_instance.${name}`;
const G = (name: string) => `huaweicloud_networking_secgroup.${name}`;
/** A group address with a for_each key holding a double quote. */
export const WEB_GROUP = G(`web["edge\\"1"]`);

function cell(from: string, to: string, services: Service[], rule: string | null, complete = true, example?: string): MatrixCell {
  return { from, to, services, complete, example: example ?? `flow from ${from} to ${to}`, rule };
}

/** Instances app1, db1, web1; groups app, db, web["edge\"1"]; internet. */
export function sampleMatrix(): ReachabilityMatrix {
  return {
    version: 4,
    nodes: [
      { id: I("app1"), kind: "instance", label: "app1" },
      { id: I("db1"), kind: "instance", label: "db1" },
      { id: I("web1"), kind: "instance", label: "web1" },
      { id: G("app"), kind: "group", label: "app" },
      { id: G("db"), kind: "group", label: "db" },
      { id: WEB_GROUP, kind: "group", label: `web["edge\\"1"]` },
      { id: "internet", kind: "internet", label: "internet" },
    ],
    cells: [
      cell(I("app1"), I("db1"), [tcp(3306)], `huaweicloud_networking_secgroup_rule.db_in["mysql"]`),
      cell(I("app1"), G("db"), [tcp(3306)], `huaweicloud_networking_secgroup_rule.db_in["mysql"]`),
      cell(I("db1"), I("app1"), [tcp(22)], "huaweicloud_networking_secgroup_rule.app_ssh", true, `tcp port 22 ${EVIL} "quoted"`),
      cell(I("web1"), I("app1"), [tcp(8080)], "huaweicloud_networking_secgroup_rule.app_in"),
      cell(I("web1"), G("app"), [tcp(8080)], "huaweicloud_networking_secgroup_rule.app_in"),
      cell(I("web1"), "internet", [ALL], null),
      cell(G("app"), "internet", [tcp(443)], "huaweicloud_networking_secgroup_rule.app_out"),
      cell(G("db"), G("app"), [tcp([1, 65535]), { protocol: "udp", ports: [[53, 53]] }], "huaweicloud_networking_secgroup_rule.app_any"),
      cell(WEB_GROUP, I("app1"), [tcp(8080)], "huaweicloud_networking_secgroup_rule.app_in"),
      cell("internet", I("web1"), [tcp(80, 443), ICMP], `huaweicloud_networking_secgroup_rule.web_in["http|s"]`),
      cell("internet", WEB_GROUP, [tcp(80, 443)], `huaweicloud_networking_secgroup_rule.web_in["http|s"]`, false),
    ],
  };
}

export const UNKNOWN: ReportUnknown = {
  file: "main.tf.json",
  address: `huaweicloud_networking_secgroup_rule.in["ssh"]`,
  field: "remote_ip_prefix",
  expression: "${var.office_cidr}",
  canChangeVerdict: true,
  reason: "Variable office_cidr has no default.",
  effect: "The rule is left out of the model: huaweicloud_networking_secgroup.web may admit more than shown.",
  groupIds: [G("web")],
};

export function sampleMatrixReport(): MatrixReport {
  return { files: ["main.tf.json"], matrix: sampleMatrix(), unknowns: [UNKNOWN], warnings: ["huaweicloud_networking_secgroup_rule.x has no priority: read as 1"] };
}

export const FINDINGS: ReportFinding[] = [
  {
    id: "HWSG004:huaweicloud_networking_secgroup_rule.dup",
    code: "HWSG004",
    severity: "warning",
    message: "huaweicloud_networking_secgroup_rule.dup never takes effect: every packet it matches is matched first by huaweicloud_networking_secgroup_rule.any.",
    resource: "huaweicloud_networking_secgroup_rule.dup",
    fix: "Delete huaweicloud_networking_secgroup_rule.dup or give it a priority before huaweicloud_networking_secgroup_rule.any.",
    groupId: G("web"),
    ruleIds: ["huaweicloud_networking_secgroup_rule.dup", "huaweicloud_networking_secgroup_rule.any"],
  },
  {
    id: `HWSG001:${I("web1")}:ipv4:tcp/22`,
    code: "HWSG001",
    severity: "error",
    message: `${I("web1")} is open to the internet on SSH (tcp port 22): every public IPv4 address may connect, allowed by huaweicloud_networking_secgroup_rule.in["ssh"] | ${EVIL}.`,
    resource: I("web1"),
    fix: `Narrow the remote of huaweicloud_networking_secgroup_rule.in["ssh"] to trusted CIDRs.`,
    instanceId: I("web1"),
    groupId: G("web"),
    ruleIds: [`huaweicloud_networking_secgroup_rule.in["ssh"]`],
  },
  {
    id: "HWSG006:huaweicloud_networking_secgroup_rule.nopri",
    code: "HWSG006",
    severity: "info",
    message: "Suppressed: huaweicloud_networking_secgroup_rule.nopri has no priority (reason: legacy module, OPS-1).",
    resource: "huaweicloud_networking_secgroup_rule.nopri",
    fix: "Write priority = 1 explicitly.",
    ruleIds: ["huaweicloud_networking_secgroup_rule.nopri"],
  },
];

export function sampleCheckReport(): CheckReport {
  return { files: ["main.tf.json", "extra.tf.json"], findings: FINDINGS, unknowns: [UNKNOWN], warnings: ["huaweicloud_compute_instance.legacy has no security_group_ids: the project's default group is assumed"] };
}

const ext = (id: string, addresses: string[]) => ({ kind: "external" as const, id, addresses });
const inst = (name: string) => ({ kind: "instance" as const, id: I(name), addresses: [], memberKind: "huaweicloud_compute_instance" });

export function sampleDiff(): NetworkDiff {
  const allowed: FlowChangeGroup[] = [
    {
      change: "newly-allowed",
      version: 4,
      from: ext("internet", ["0.0.0.0/0"]),
      to: inst("web1"),
      services: [tcp(22)],
      example: "tcp port 22 from 1.0.0.0 to huaweicloud_compute_instance.web1 (10.0.0.5)",
      ruleBefore: null,
      ruleAfter: `huaweicloud_networking_secgroup_rule.in["ssh"]`,
    },
    {
      change: "newly-allowed",
      version: 4,
      from: inst("web1"),
      to: inst("db1"),
      services: [tcp(3306)],
      example: "tcp port 3306 from huaweicloud_compute_instance.web1 (10.0.0.5) to huaweicloud_compute_instance.db1 (10.0.1.7)",
      ruleBefore: null,
      ruleAfter: "huaweicloud_networking_secgroup_rule.db_in",
    },
    {
      change: "newly-allowed",
      version: 6,
      from: ext("2001:db8::/32", ["2001:db8::/32"]),
      to: inst("web1"),
      services: [tcp(443)],
      example: `tcp port 443 from 2001:db8:: to huaweicloud_compute_instance.web1 ${EVIL}`,
      ruleBefore: null,
      ruleAfter: "huaweicloud_networking_secgroup_rule.v6",
    },
  ];
  const denied: FlowChangeGroup[] = [
    {
      change: "newly-denied",
      version: 4,
      from: inst("app1"),
      to: inst("db1"),
      services: [tcp(3306), { protocol: "udp", ports: [[53, 53]] }],
      example: "tcp port 3306 from huaweicloud_compute_instance.app1 (10.0.0.9) to huaweicloud_compute_instance.db1 (10.0.1.7)",
      ruleBefore: "huaweicloud_networking_secgroup_rule.db_in_app",
      ruleAfter: "huaweicloud_networking_secgroup_rule.db_deny",
    },
  ];
  return { newlyAllowed: allowed, newlyDenied: denied, removedInstances: ["huaweicloud_compute_instance.old"], addedInstances: [] };
}

export function sampleDiffReport(): DiffReport {
  return {
    before: { files: ["before/main.tf.json"] },
    after: { files: ["after/main.tf.json"] },
    diff: sampleDiff(),
    unknowns: { before: [], after: [UNKNOWN] },
    warnings: [],
  };
}
