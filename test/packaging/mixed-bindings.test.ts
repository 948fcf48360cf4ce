/**
 * hwsg's constructs and checks with provider classes that hwsg did not generate: the repository's
 * own `.gen` (generated separately, like a user's `cdktf get`/`cdktn get`) and a third copy
 * written by `hwsg-bindings` into a folder of its own. The constructs never rely on `instanceof`
 * of their binding classes, so rules, instances and findings are the same whichever copy made them.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { Testing } from "cdktf";
import { ComputeInstance as GenInstance } from "../../.gen/providers/huaweicloud/compute-instance";
import { NetworkingSecgroupRule as GenRule } from "../../.gen/providers/huaweicloud/networking-secgroup-rule";
import { Vpc as GenVpc } from "../../.gen/providers/huaweicloud/vpc";
import { Endpoint, Peer, Port, SecurityGroup } from "../../lib";
import { networkingSecgroupRule } from "../../lib/provider-huaweicloud";
import { hwsgMatchers } from "../../lib/testing";
import { annotate, newStack } from "../constructs/helpers";

expect.extend(hwsgMatchers);

const ROOT = path.resolve(__dirname, "../..");
let copyDir: string;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let copy: any;

beforeAll(() => {
  // Inside the repository, so that the copy's `import ... from 'cdktf'` finds node_modules.
  copyDir = fs.mkdtempSync(path.join(ROOT, ".hwsg-bindings-test-"));
  const core = process.env.HWSG_CDK_CORE === "cdktn" ? "cdktn" : "cdktf";
  const out = execFileSync(process.execPath, [path.join(ROOT, "bin", "hwsg-bindings.js"), "--out", copyDir, "--core", core], { cwd: ROOT, encoding: "utf8" });
  expect(out).toContain(`importing ${core}`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  copy = require(path.join(copyDir, "providers", "huaweicloud"));
});

afterAll(() => fs.rmSync(copyDir, { recursive: true, force: true }));

function mixedStack() {
  const { app, stack } = newStack("mixed");
  const vpc = new GenVpc(stack, "vpc", { name: "v", cidr: "10.0.0.0/16" });
  const subnet = new copy.vpcSubnet.VpcSubnet(stack, "subnet", { name: "s", cidr: "10.0.1.0/24", gatewayIp: "10.0.1.1", vpcId: vpc.id });
  const web = new SecurityGroup(stack, "web", {});
  web.addIngressRule(Peer.anyIpv4(), Port.HTTPS);
  const db = new SecurityGroup(stack, "db", {});
  db.addIngressRule(web, Port.MYSQL);
  // A raw rule of the user's own bindings on a group of hwsg: SSH from the internet.
  const raw = new GenRule(stack, "raw-ssh", {
    securityGroupId: db.securityGroupId,
    direction: "ingress",
    ethertype: "IPv4",
    protocol: "tcp",
    ports: "22",
    remoteIpPrefix: "0.0.0.0/0",
    action: "allow",
    priority: 1,
  });
  const web1 = new copy.computeInstance.ComputeInstance(stack, "web1", {
    name: "web1",
    imageName: "Ubuntu 22.04 server 64bit",
    flavorId: "s6.small.1",
    securityGroupIds: [web.securityGroupId],
    network: [{ uuid: subnet.id, fixedIpV4: "10.0.1.10" }],
  });
  const db1 = new GenInstance(stack, "db1", {
    name: "db1",
    imageName: "Ubuntu 22.04 server 64bit",
    flavorId: "s6.small.1",
    securityGroupIds: [db.securityGroupId],
    network: [{ uuid: subnet.id, fixedIpV4: "10.0.1.30" }],
  });
  return { app, stack, web, db, raw, web1, db1 };
}

describe("provider classes generated separately from hwsg's", () => {
  it("are other classes than hwsg/provider-huaweicloud's", () => {
    expect(GenRule).not.toBe(networkingSecgroupRule.NetworkingSecgroupRule);
    expect(copy.networkingSecgroupRule.NetworkingSecgroupRule).not.toBe(networkingSecgroupRule.NetworkingSecgroupRule);
    expect(copy.networkingSecgroupRule.NetworkingSecgroupRule).not.toBe(GenRule);
  });

  it("mix with hwsg's groups in the traffic matchers, instances of both copies as endpoints", () => {
    const { stack, web, db, web1, db1 } = mixedStack();
    const synth = Testing.synth(stack);
    expect(synth).toAllowTraffic({ from: Endpoint.instance(web1), to: Endpoint.instance(db1), port: Port.MYSQL });
    expect(synth).toAllowTraffic({ from: web, to: db, port: Port.MYSQL });
    expect(synth).toAllowTraffic({ from: "203.0.113.9", to: db1, port: Port.SSH }); // the raw rule
    expect(synth).toDenyTraffic({ from: "203.0.113.9", to: web1, port: Port.SSH });
  });

  it("a raw rule of the user's classes gets the finding on its own construct", () => {
    const { stack, raw } = mixedStack();
    const errors = annotate(stack).notes.filter((n) => n.level === "error");
    expect(errors).toEqual([expect.objectContaining({ path: raw.node.path, message: expect.stringMatching(/^\[HWSG001\] .*SSH \(tcp port 22\)/) })]);
  });

  it("the written copy imports the core it was asked for and documents the subset", () => {
    const index = fs.readFileSync(path.join(copyDir, "providers", "huaweicloud", "index.ts"), "utf8");
    expect(index).toContain("a subset of huaweicloud/huaweicloud ~> 1.97");
    const vpc = fs.readFileSync(path.join(copyDir, "providers", "huaweicloud", "vpc", "index.ts"), "utf8");
    expect(vpc).toContain(`import * as cdktf from '${process.env.HWSG_CDK_CORE === "cdktn" ? "cdktn" : "cdktf"}';`);
    expect(vpc).not.toContain("cdk/core");
  });

  it("the written copy has the member types of issue 13 too (RdsInstance, DcsInstance, ...)", () => {
    expect(copy.rdsInstance.RdsInstance.tfResourceType).toBe("huaweicloud_rds_instance");
    expect(copy.dcsInstance.DcsInstance.tfResourceType).toBe("huaweicloud_dcs_instance");
    expect(copy.cceNodePool.CceNodePool.tfResourceType).toBe("huaweicloud_cce_node_pool");
    const rds = fs.readFileSync(path.join(copyDir, "providers", "huaweicloud", "rds-instance", "index.ts"), "utf8");
    expect(rds).toContain(`import * as cdktf from '${process.env.HWSG_CDK_CORE === "cdktn" ? "cdktn" : "cdktf"}';`);
  });
});
