/**
 * The default example app (`npm run synth`): a three-tier network on Huawei Cloud written with
 * the generated provider bindings — web servers open to the internet on 80/443 (seed 000
 * table 7), an app tier reached only from the web group, a MySQL database reached only from the
 * app group (seed 000 table 9), a bastion reached over SSH from a trusted office range (seed 000
 * table 4), and an address group of trusted networks.
 *
 * Synthesize with `npm run synth`, then ask the evaluator about the result, e.g.
 *   npx hwsg query cdktf.out --from 203.0.113.9 --to huaweicloud_compute_instance.db1 --protocol tcp --port 3306
 */
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { ComputeInstance } from "../../.gen/providers/huaweicloud/compute-instance";
import { NetworkingSecgroup } from "../../.gen/providers/huaweicloud/networking-secgroup";
import { NetworkingSecgroupRule, NetworkingSecgroupRuleConfig } from "../../.gen/providers/huaweicloud/networking-secgroup-rule";
import { HuaweicloudProvider } from "../../.gen/providers/huaweicloud/provider";
import { Vpc } from "../../.gen/providers/huaweicloud/vpc";
import { VpcAddressGroup } from "../../.gen/providers/huaweicloud/vpc-address-group";
import { VpcSubnet } from "../../.gen/providers/huaweicloud/vpc-subnet";

/** The three-tier stack. */
export class ThreeTierStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new HuaweicloudProvider(this, "huaweicloud", { region: "cn-north-4" });

    const vpc = new Vpc(this, "vpc", { name: "three-tier", cidr: "192.168.0.0/16" });
    const subnet = new VpcSubnet(this, "subnet", { name: "main", cidr: "192.168.1.0/24", gatewayIp: "192.168.1.1", vpcId: vpc.id });

    const group = (id: string) => new NetworkingSecgroup(this, id, { name: id.replace(/_/g, "-"), deleteDefaultRules: true });
    const web = group("web");
    const app = group("app");
    const db = group("db");
    const bastion = group("bastion");

    const trusted = new VpcAddressGroup(this, "trusted", { name: "trusted-networks", ipVersion: 4, addresses: ["10.10.0.0/24", "172.16.8.0/24"] });

    const rule = (id: string, config: Omit<NetworkingSecgroupRuleConfig, "ethertype" | "action" | "priority"> & Partial<NetworkingSecgroupRuleConfig>) =>
      new NetworkingSecgroupRule(this, id, { ethertype: "IPv4", action: "allow", priority: 1, ...config });

    // Web tier (seed 000 table 7): HTTP and HTTPS from any IPv4 address.
    rule("web_http_https", { securityGroupId: web.id, direction: "ingress", protocol: "tcp", ports: "80,443", remoteIpPrefix: "0.0.0.0/0" });
    rule("web_egress_app", { securityGroupId: web.id, direction: "egress", protocol: "tcp", ports: "8080", remoteGroupId: app.id });
    // App tier: 8080 from the web group only.
    rule("app_from_web", { securityGroupId: app.id, direction: "ingress", protocol: "tcp", ports: "8080", remoteGroupId: web.id });
    rule("app_egress_db", { securityGroupId: app.id, direction: "egress", protocol: "tcp", ports: "3306", remoteGroupId: db.id });
    // Database (seed 000 table 9): MySQL from the app group only; an explicit deny for everyone else.
    rule("db_mysql_from_app", { securityGroupId: db.id, direction: "ingress", protocol: "tcp", ports: "3306", remoteGroupId: app.id });
    rule("db_deny_rest", { securityGroupId: db.id, direction: "ingress", action: "deny", priority: 100, remoteIpPrefix: "0.0.0.0/0" });
    // Bastion (seed 000 table 4): SSH from trusted networks only; it may reach every tier over SSH.
    rule("bastion_ssh", { securityGroupId: bastion.id, direction: "ingress", protocol: "tcp", ports: "22", remoteAddressGroupId: trusted.id });
    rule("bastion_egress_ssh", { securityGroupId: bastion.id, direction: "egress", protocol: "tcp", ports: "22", remoteIpPrefix: "192.168.1.0/24" });
    for (const [tier, sg] of [["web", web], ["app", app], ["db", db]] as const) {
      rule(`${tier}_ssh_from_bastion`, { securityGroupId: sg.id, direction: "ingress", protocol: "tcp", ports: "22", remoteGroupId: bastion.id });
    }

    const instance = (id: string, ip: string, groups: NetworkingSecgroup[]) =>
      new ComputeInstance(this, id, {
        name: id,
        imageName: "Ubuntu 22.04 server 64bit",
        flavorId: "s6.small.1",
        securityGroupIds: groups.map((g) => g.id),
        network: [{ uuid: subnet.id, fixedIpV4: ip }],
      });
    instance("web1", "192.168.1.10", [web]);
    instance("app1", "192.168.1.20", [app]);
    instance("db1", "192.168.1.30", [db]);
    instance("bastion1", "192.168.1.5", [bastion]);
  }
}
