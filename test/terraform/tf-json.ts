/**
 * Builders for the Terraform JSON tests: a small valid configuration to mutate, rule bodies with
 * defaults, and temp directories holding `.tf.json` files.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** A JSON object as written in a `.tf.json` file. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

/** `${huaweicloud_networking_secgroup.NAME.id}` */
export const sgRef = (name: string): string => `\${huaweicloud_networking_secgroup.${name}.id}`;
/** `${huaweicloud_vpc_subnet.NAME.id}` */
export const subnetRef = (name: string): string => `\${huaweicloud_vpc_subnet.${name}.id}`;

/** Removes the keys whose value is undefined (so an override can delete a default field). */
export function compact(body: Json): Json {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
}

/**
 * A valid `huaweicloud_networking_secgroup_rule` body of group `web`: ingress IPv4 tcp 22 from
 * 10.0.0.0/8, allow, priority 1. Fields set to undefined in `override` are removed.
 */
export function ruleBody(override: Json = {}): Json {
  return compact({
    security_group_id: sgRef("web"),
    direction: "ingress",
    ethertype: "IPv4",
    protocol: "tcp",
    ports: "22",
    remote_ip_prefix: "10.0.0.0/8",
    action: "allow",
    priority: 1,
    ...override,
  });
}

/** An instance body: groups (Terraform names), one NIC in subnet `s` with the fixed IP. */
export function instanceBody(name: string, groups: readonly string[], ip: string, extra: Json = {}): Json {
  return {
    name,
    image_id: "img-1",
    flavor_id: "s6.small.1",
    security_group_ids: groups.map(sgRef),
    network: [{ uuid: subnetRef("s"), fixed_ip_v4: ip }],
    ...extra,
  };
}

/**
 * A small valid configuration: VPC v 10.0.0.0/16, subnet s 10.0.1.0/24, groups web and db (default
 * rules deleted), instances web (10.0.1.10) and db (10.0.1.20).
 * - web admits tcp 443 from anywhere (`web_https`) and may reach db on tcp 5432 (`web_to_db`);
 * - db admits tcp 5432 from group web (`db_from_web`).
 */
export function baseDoc(): Json {
  return {
    resource: {
      huaweicloud_vpc: { v: { name: "v", cidr: "10.0.0.0/16" } },
      huaweicloud_vpc_subnet: { s: { name: "s", cidr: "10.0.1.0/24", gateway_ip: "10.0.1.1", vpc_id: "${huaweicloud_vpc.v.id}" } },
      huaweicloud_networking_secgroup: {
        web: { name: "web", delete_default_rules: true },
        db: { name: "db", delete_default_rules: true },
      },
      huaweicloud_networking_secgroup_rule: {
        web_https: ruleBody({ ports: "443", remote_ip_prefix: "0.0.0.0/0" }),
        web_to_db: ruleBody({ direction: "egress", ports: "5432", remote_ip_prefix: undefined, remote_group_id: sgRef("db") }),
        db_from_web: ruleBody({ security_group_id: sgRef("db"), ports: "5432", remote_ip_prefix: undefined, remote_group_id: sgRef("web") }),
      },
      huaweicloud_compute_instance: {
        web: instanceBody("web", ["web"], "10.0.1.10"),
        db: instanceBody("db", ["db"], "10.0.1.20"),
      },
    },
  };
}

/** `baseDoc()` with `mutate` applied to its `resource` object. */
export function docWith(mutate: (resource: Json, doc: Json) => void): Json {
  const doc = baseDoc();
  mutate(doc.resource, doc);
  return doc;
}

/** Adds one rule (`huaweicloud_networking_secgroup_rule.NAME`) to a configuration. */
export function withRule(name: string, override: Json = {}): Json {
  return docWith((r) => {
    r.huaweicloud_networking_secgroup_rule[name] = ruleBody(override);
  });
}

const tempDirs: string[] = [];

/**
 * Writes files (relative path → JSON object, or raw text) into a new temp directory.
 * @returns the directory
 */
export function writeFiles(files: Readonly<Record<string, Json | unknown[] | string>>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hwsg-test-"));
  tempDirs.push(dir);
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

/** Removes every temp directory `writeFiles` made (call from afterAll). */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** The repository's test fixtures directory. */
export const FIXTURES = path.resolve(__dirname, "..", "fixtures");
