/**
 * A synthetic estate as a cdktf app built from the library's constructs: `SecurityGroup`,
 * `AddressGroup`, `Peer`, `Port` and `ReachabilityIntent`, with the raw provider bindings for the
 * VPCs, subnets, peerings and instances (as the examples do), and hwsg's own bindings
 * (`hwsg/provider-huaweicloud`) for the members that are not compute instances: RDS and DCS
 * instances, interfaces attached to instances, CCE clusters and node pools. Every group is written with
 * `allowAllOutbound: false` and gets exactly the estate's rules, its catch-alls included, so the
 * cdktf form and the plain Terraform JSON form describe the same network.
 */
import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { ComputeInstance } from "../.gen/providers/huaweicloud/compute-instance";
import { HuaweicloudProvider } from "../.gen/providers/huaweicloud/provider";
import { Vpc } from "../.gen/providers/huaweicloud/vpc";
import { VpcPeeringConnection } from "../.gen/providers/huaweicloud/vpc-peering-connection";
import { VpcSubnet } from "../.gen/providers/huaweicloud/vpc-subnet";
import { cceCluster, cceNodePool, computeInterfaceAttach, dcsInstance, rdsInstance } from "../lib/provider-huaweicloud";
import { AddressGroup, CHECKS_CONTEXT_KEY, Endpoint, IPeer, Port, Peer, ReachabilityIntent, SecurityGroup } from "../lib";
import { Estate, EstateIntentEnd, EstateRule, PortEntry } from "./estate";

/** Options of `toCdktfApp`. */
export interface CdktfAppOptions {
  /**
   * Where `app.synth()` writes.
   * @default cdktf's default, cdktf.out
   */
  readonly outdir?: string;
  /**
   * Whether the synth-time checks (lint and intents) run: the context key `hwsg:checks`.
   * @default true
   */
  readonly checks?: boolean;
  /**
   * The stack's id.
   * @default "estate"
   */
  readonly stackId?: string;
}

/** Builds an app with one stack holding the estate. Call `app.synth()` to synthesize it. */
export function toCdktfApp(estate: Estate, options: CdktfAppOptions = {}): { app: App; stack: EstateStack } {
  const app = new App({
    ...(options.outdir !== undefined ? { outdir: options.outdir } : {}),
    context: { [CHECKS_CONTEXT_KEY]: options.checks === false ? "off" : "on" },
  });
  const stack = new EstateStack(app, options.stackId ?? "estate", estate);
  return { app, stack };
}

/** A stack holding an estate. */
export class EstateStack extends TerraformStack {
  readonly groups: readonly SecurityGroup[];
  readonly addressGroups: readonly AddressGroup[];
  readonly instances: readonly ComputeInstance[];
  /** The RDS and DCS instances, attached interfaces and CCE node pools, in the estate's order. */
  readonly members: readonly Construct[];

  constructor(scope: Construct, id: string, estate: Estate) {
    super(scope, id);
    new HuaweicloudProvider(this, "huaweicloud", { region: "cn-north-4" });

    const vpcs = estate.vpcs.map((v, i) => new Vpc(this, `vpc${i}`, { name: v.name, cidr: v.cidr }));
    const subnets = estate.vpcs.map((v, i) =>
      v.subnets.map((s, k) => new VpcSubnet(this, `vpc${i}_s${k}`, { name: s.name, cidr: s.cidr, gatewayIp: s.gatewayIp, vpcId: vpcs[i].id })),
    );
    for (const p of estate.peerings) {
      new VpcPeeringConnection(this, p.name.replace(/-/g, "_"), { name: p.name, vpcId: vpcs[p.vpcs[0]].id, peerVpcId: vpcs[p.vpcs[1]].id });
    }

    this.addressGroups = estate.addressGroups.map((a) => new AddressGroup(this, a.name, { addresses: [...a.addresses], ipVersion: a.version }));
    // Every group first: rules name groups defined after theirs.
    const groups = estate.groups.map((g) => new SecurityGroup(this, g.name, { allowAllOutbound: false }));
    this.groups = groups;
    estate.groups.forEach((g, i) => {
      for (const rule of g.rules) {
        const peer = this.peerOf(rule);
        const port = portOf(rule);
        const options = { action: rule.action, priority: rule.priority };
        if (rule.direction === "ingress") groups[i].addIngressRule(peer, port, options);
        else groups[i].addEgressRule(peer, port, options);
      }
    });

    this.instances = estate.instances.map(
      (inst) =>
        new ComputeInstance(this, inst.name, {
          name: inst.name,
          imageName: "Ubuntu 22.04 server 64bit",
          flavorId: inst.flavor,
          securityGroupIds: inst.groups.map((g) => groups[g].securityGroupId),
          network: [{ uuid: subnets[inst.vpc][inst.subnet].id, fixedIpV4: inst.ipv4, ...(inst.ipv6 ? { fixedIpV6: inst.ipv6 } : {}) }],
        }),
    );

    this.members = this.addMembers(estate, vpcs, subnets);

    for (const intent of estate.intents) {
      const props = { from: this.endOf(intent.from), to: this.endOf(intent.to), port: Port.tcp(intent.port), description: intent.description };
      if (intent.quantifier === "every") ReachabilityIntent.every(this, intent.name, props);
      else ReachabilityIntent.none(this, intent.name, props);
    }
  }

  /** The members other than compute instances, as the plain Terraform JSON form writes them. */
  private addMembers(estate: Estate, vpcs: readonly Vpc[], subnets: ReadonlyArray<readonly VpcSubnet[]>): Construct[] {
    const group = (g: number): string => this.groups[g].securityGroupId;
    const out: Construct[] = [];
    for (const m of estate.members.services) {
      const network = { vpcId: vpcs[m.vpc].id, subnetId: subnets[m.vpc][m.subnet].id, securityGroupId: group(m.group) };
      if (m.kind === "rds") {
        out.push(
          new rdsInstance.RdsInstance(this, m.name, {
            name: m.name,
            flavor: m.flavor,
            ...network,
            availabilityZone: ["cn-north-4a"],
            fixedIp: m.ipv4,
            db: { type: m.engine, version: m.engineVersion, port: m.port },
            volume: { type: "CLOUDSSD", size: 40 },
          }),
        );
      } else {
        out.push(
          new dcsInstance.DcsInstance(this, m.name, {
            name: m.name,
            engine: m.engine,
            engineVersion: m.engineVersion,
            capacity: 1,
            flavor: m.flavor,
            availabilityZones: ["cn-north-4a", "cn-north-4b"],
            ...network,
            privateIp: m.ipv4,
            port: m.port,
          }),
        );
      }
    }
    for (const m of estate.members.attachedNics) {
      out.push(
        new computeInterfaceAttach.ComputeInterfaceAttach(this, m.name, {
          instanceId: this.instances[m.instance].id,
          networkId: subnets[m.vpc][m.subnet].id,
          fixedIp: m.ipv4,
          securityGroupIds: m.groups.map(group),
        }),
      );
    }
    for (const m of estate.members.nodePools) {
      const cluster = new cceCluster.CceCluster(this, m.cluster, {
        name: m.cluster,
        flavorId: "cce.s1.small",
        vpcId: vpcs[m.vpc].id,
        subnetId: subnets[m.vpc][0].id,
        containerNetworkType: "overlay_l2",
      });
      out.push(
        new cceNodePool.CceNodePool(this, m.name, {
          clusterId: cluster.id,
          name: m.name,
          os: "EulerOS 2.9",
          initialNodeCount: 2,
          flavorId: "s6.large.2",
          availabilityZone: "cn-north-4a",
          keyPair: "ops",
          type: "vm",
          subnetId: subnets[m.vpc][m.subnet].id,
          securityGroups: m.groups.map(group),
          rootVolume: { size: 40, volumetype: "SSD" },
          dataVolumes: [{ size: 100, volumetype: "SSD" }],
        }),
      );
    }
    return out;
  }

  private peerOf(rule: EstateRule): IPeer {
    const remote = rule.remote;
    switch (remote.kind) {
      case "cidr":
        return rule.version === 4 ? Peer.ipv4(remote.cidr) : Peer.ipv6(remote.cidr);
      case "group":
        return Peer.securityGroup(this.groups[remote.group], { ipVersions: [rule.version] });
      case "addressGroup":
        return Peer.addressGroup(this.addressGroups[remote.addressGroup]);
    }
  }

  private endOf(end: EstateIntentEnd): Endpoint {
    switch (end.kind) {
      case "internet":
        return Endpoint.internet(end.version);
      case "addresses":
        return Endpoint.addresses(end.cidrs);
      case "group":
        return Endpoint.group(this.groups[end.group]);
      case "instance":
        return Endpoint.instance(this.instances[end.instance]);
    }
  }
}

/** The `Port` of a rule: one port, a range, an inconsecutive list, ICMP or every protocol. */
function portOf(rule: EstateRule): Port {
  switch (rule.protocol) {
    case "all":
      return Port.allTraffic();
    case "icmp":
      return Port.allIcmp();
    case "tcp":
    case "udp": {
      const tcp = rule.protocol === "tcp";
      const ports = rule.ports;
      if (!ports) return tcp ? Port.allTcp() : Port.allUdp();
      if (ports.length > 1) return tcp ? Port.tcpPorts(ports as PortEntry[]) : Port.udpPorts(ports as PortEntry[]);
      const e = ports[0];
      if (typeof e === "number") return tcp ? Port.tcp(e) : Port.udp(e);
      return tcp ? Port.tcpRange(e[0], e[1]) : Port.udpRange(e[0], e[1]);
    }
  }
}
