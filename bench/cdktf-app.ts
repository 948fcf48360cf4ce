/**
 * A synthetic estate as a cdktf app built from the library's constructs: `SecurityGroup`,
 * `AddressGroup`, `Peer`, `Port` and `ReachabilityIntent`, with the raw provider bindings for the
 * VPCs, subnets, peerings and instances (as the examples do). Every group is written with
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

    for (const intent of estate.intents) {
      const props = { from: this.endOf(intent.from), to: this.endOf(intent.to), port: Port.tcp(intent.port), description: intent.description };
      if (intent.quantifier === "every") ReachabilityIntent.every(this, intent.name, props);
      else ReachabilityIntent.none(this, intent.name, props);
    }
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
