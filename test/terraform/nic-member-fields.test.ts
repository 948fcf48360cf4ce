/**
 * The fields of NIC members and launched members as the provider takes them: what it rejects
 * is rejected, a missing group is the project's default group, and what the model does not
 * evaluate (a port without groups or port security, a port or cluster created elsewhere, pods'
 * ENIs) is an unknown with its effect — a warning at synth time. Unknowns that
 * lib/terraform/unmodelled.ts still reports for these types are filtered out.
 */
import { ValidationError } from "../../lib/core/errors";
import { PROJECT_DEFAULT_GROUP, TerraformModel, readTerraform } from "../../lib/terraform/reader";
import { Json, docWith, removeTempDirs, sgRef, subnetRef, writeFiles } from "./tf-json";

afterAll(removeTempDirs);

const WEB = "${huaweicloud_compute_instance.web.id}";

async function readDoc(doc: Json, unknowns: "collect" | "error" = "collect"): Promise<TerraformModel> {
  return readTerraform(writeFiles({ "main.tf.json": doc }), { unknowns });
}

function own(m: TerraformModel) {
  return m.unknowns.filter((u) => !/is not evaluated by hwsg yet/.test(u.reason));
}

async function rejected(doc: Json): Promise<string> {
  const e = await readDoc(doc).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(ValidationError);
  return (e as ValidationError).message;
}

const withAttach = (body: Json) => docWith((r) => { r.huaweicloud_compute_interface_attach = { nic: body }; });
const withPort = (body: Json, more: (r: Json) => void = () => undefined) => docWith((r) => { r.huaweicloud_networking_port = { p: body }; more(r); });

describe("huaweicloud_compute_interface_attach", () => {
  it("exactly one of network_id and port_id, as the provider's ExactlyOneOf", async () => {
    expect(await rejected(withAttach({ instance_id: WEB }))).toMatch(/huaweicloud_compute_interface_attach\.nic.*network_id.*exactly one of network_id and port_id/);
    expect(await rejected(withAttach({ instance_id: WEB, network_id: subnetRef("s"), port_id: "port-1" }))).toMatch(/exactly one of network_id and port_id/);
  });

  it("without security_group_ids it is in the project's default group, with a warning", async () => {
    const m = await readDoc(withAttach({ instance_id: WEB, network_id: subnetRef("s") }));
    expect(m.network.instance("huaweicloud_compute_interface_attach.nic").securityGroupIds).toEqual([PROJECT_DEFAULT_GROUP]);
    expect(m.warnings.some((w) => /interface_attach\.nic: no security_group_ids: Huawei Cloud puts the NIC in the project's default security group/.test(w))).toBe(true);
  });

  it("a fixed_ip outside the subnet is rejected; an instance not defined here is a warning and no attachedTo", async () => {
    expect(await rejected(withAttach({ instance_id: WEB, network_id: subnetRef("s"), fixed_ip: "10.0.9.9" }))).toMatch(/fixed_ip.*must lie within the subnet's CIDR 10\.0\.1\.0\/24/);
    const m = await readDoc(withAttach({ instance_id: "ecs-elsewhere", network_id: subnetRef("s"), security_group_ids: [sgRef("db")] }));
    expect(m.network.instance("huaweicloud_compute_interface_attach.nic").attachedTo).toBeUndefined();
    expect(m.warnings.some((w) => /instance_id ecs-elsewhere is an instance this configuration does not define/.test(w))).toBe(true);
  });

  it("attaching a port not defined here is an unknown (a warning at synth time)", async () => {
    const doc = withAttach({ instance_id: WEB, port_id: "port-elsewhere" });
    const m = await readDoc(doc);
    expect(own(m).map((u) => [u.address, u.field, u.canChangeVerdict])).toEqual([["huaweicloud_compute_interface_attach.nic", "port_id", true]]);
    expect(own(m)[0].effect).toMatch(/left out of the model/);
    const strict = await readDoc(doc, "error");
    expect(strict.warnings.some((w) => /interface_attach\.nic: port_id: Port "port-elsewhere" is not defined/.test(w))).toBe(true);
  });

  it("with port_id and its own groups and source_dest_check false, the port's member takes them (the provider sets them on the port)", async () => {
    const m = await readDoc(withPort({ network_id: subnetRef("s"), security_group_ids: [sgRef("web")] }, (r) => {
      r.huaweicloud_compute_interface_attach = { nic: { instance_id: WEB, port_id: "${huaweicloud_networking_port.p.id}", security_group_ids: [sgRef("db")], source_dest_check: false } };
    }));
    const p = m.network.instance("huaweicloud_networking_port.p");
    expect([p.securityGroupIds, p.attachedTo, p.nics.map((n) => n.sourceDestCheck)]).toEqual([["huaweicloud_networking_secgroup.db"], "huaweicloud_compute_instance.web", [false]]);
    expect(m.warnings.some((w) => /interface_attach\.nic: security_group_ids: the provider sets these groups on huaweicloud_networking_port\.p/.test(w))).toBe(true);
  });

  it("a virtual IP associated through an attached interface's port_id (computed) is held by the interface", async () => {
    const m = await readDoc(docWith((r) => {
      r.huaweicloud_compute_interface_attach = { nic: { instance_id: WEB, network_id: subnetRef("s"), fixed_ip: "10.0.1.50", security_group_ids: [sgRef("web")] } };
      r.huaweicloud_networking_vip = { v: { network_id: subnetRef("s"), ip_address: "10.0.1.200" } };
      r.huaweicloud_networking_vip_associate = { a: { vip_id: "${huaweicloud_networking_vip.v.id}", port_ids: ["${huaweicloud_compute_interface_attach.nic.port_id}"] } };
    }));
    expect(m.network.virtualIps[0].holders).toEqual([{ instanceId: "huaweicloud_compute_interface_attach.nic", nicIndex: 0 }]);
  });

  it("an attach whose count is not known statically is an unknown saying the members are left out", async () => {
    const doc = withAttach({ count: "${var.n}", instance_id: WEB, network_id: subnetRef("s"), security_group_ids: [sgRef("db")] });
    doc.variable = { n: { type: "number" } };
    const m = await readDoc(doc);
    expect(own(m).map((u) => [u.address, u.field])).toEqual([["huaweicloud_compute_interface_attach.nic", "count"]]);
    expect(own(m)[0].effect).toBe("No instance of huaweicloud_compute_interface_attach.nic is in the model, however many there are: they are in no verdict, and security group huaweicloud_networking_secgroup.db loses members (rules naming it as remote_group_id match fewer addresses).");
    expect(own(m)[0].groupIds).toEqual(["huaweicloud_networking_secgroup.db"]);
  });
});

describe("huaweicloud_networking_port", () => {
  it("no_security_groups with security_group_ids is rejected, as the provider does", async () => {
    expect(await rejected(withPort({ network_id: subnetRef("s"), no_security_groups: true, security_group_ids: [sgRef("web")] }))).toMatch(/no_security_groups.*conflicts with security_group_ids/);
  });

  it("port security disabled in value_specs is an unknown: no group filters the port", async () => {
    const m = await readDoc(withPort({ network_id: subnetRef("s"), value_specs: { port_security_enabled: "false" } }));
    expect(own(m).map((u) => [u.address, u.field])).toEqual([["huaweicloud_networking_port.p", "value_specs"]]);
    expect(own(m)[0].effect).toMatch(/every flow to and from its addresses passes/);
    expect(m.network.instances.has("huaweicloud_networking_port.p")).toBe(false);
  });

  it("security_group_ids is a set (order assumed, with a warning); allowed_address_pairs turn the source/destination check off", async () => {
    const m = await readDoc(withPort({ network_id: subnetRef("s"), security_group_ids: [sgRef("web"), sgRef("db")], allowed_address_pairs: [{ ip_address: "10.0.1.0/24" }] }));
    const p = m.network.instance("huaweicloud_networking_port.p");
    expect([p.securityGroupIds, p.nics]).toEqual([["huaweicloud_networking_secgroup.web", "huaweicloud_networking_secgroup.db"], [{ sourceDestCheck: false, subnetId: "huaweicloud_vpc_subnet.s" }]]);
    expect(m.warnings.filter((w) => /networking_port\.p: (security_group_ids is a set|allowed_address_pairs:)/.test(w))).toHaveLength(2);
  });

  it("a virtual IP associated with a port left out is left out too, with an unknown", async () => {
    const m = await readDoc(withPort({ network_id: subnetRef("s"), no_security_groups: true }, (r) => {
      r.huaweicloud_networking_vip = { v: { network_id: subnetRef("s"), ip_address: "10.0.1.200" } };
      r.huaweicloud_networking_vip_associate = { a: { vip_id: "${huaweicloud_networking_vip.v.id}", port_ids: ["${huaweicloud_networking_port.p.id}"] } };
    }));
    expect(own(m).map((u) => [u.address, u.field])).toEqual([["huaweicloud_networking_port.p", "no_security_groups"], ["huaweicloud_networking_vip_associate.a", "port_ids[0]"]]);
  });
});

describe("CCE and AS members whose groups are elsewhere", () => {
  const cluster = { name: "c", flavor_id: "cce.s1.small", vpc_id: "${huaweicloud_vpc.v.id}", subnet_id: subnetRef("s"), container_network_type: "overlay_l2", security_group_id: sgRef("web") };
  const rootVolume = [{ volumetype: "SSD", size: 40 }];
  const pool = { name: "p", initial_node_count: 1, flavor_id: "s6.large.2", availability_zone: "az1", type: "vm", cluster_id: "${huaweicloud_cce_cluster.c.id}", root_volume: rootVolume };

  it("a node of a cluster not defined here is an unknown", async () => {
    const m = await readDoc(docWith((r) => { r.huaweicloud_cce_node = { n: { cluster_id: "cluster-elsewhere", flavor_id: "s6.large.2", availability_zone: "az1", root_volume: rootVolume } }; }));
    expect(own(m).map((u) => [u.address, u.field])).toEqual([["huaweicloud_cce_node.n", "cluster_id"]]);
    expect(own(m)[0].reason).toMatch(/^Cluster cluster-elsewhere is not defined in this configuration/);
  });

  it("a node's extension NICs are NICs of the node, in its cluster's group (an assumption, with a warning)", async () => {
    const m = await readDoc(docWith((r) => {
      r.huaweicloud_cce_cluster = { c: cluster };
      r.huaweicloud_cce_node = { n: { cluster_id: "${huaweicloud_cce_cluster.c.id}", flavor_id: "s6.large.2", availability_zone: "az1", root_volume: rootVolume, fixed_ip: "10.0.1.60", extension_nics: [{ subnet_id: subnetRef("s") }] } };
    }));
    const node = m.network.instance("huaweicloud_cce_node.n");
    expect([node.securityGroupIds, node.nics.map((n) => n.subnetId)]).toEqual([["huaweicloud_networking_secgroup.web"], ["huaweicloud_vpc_subnet.s", "huaweicloud_vpc_subnet.s"]]);
    expect(m.warnings.some((w) => /cce_node\.n: extension_nics: the extension NICs are assumed/.test(w))).toBe(true);
  });

  it("a node pool's pod_security_groups are an unknown; the pool is kept", async () => {
    const m = await readDoc(docWith((r) => {
      r.huaweicloud_cce_cluster = { c: cluster };
      r.huaweicloud_cce_node_pool = { p: { ...pool, pod_security_groups: [sgRef("db")] } };
    }));
    expect(own(m).map((u) => [u.address, u.field, u.groupIds])).toEqual([["huaweicloud_cce_node_pool.p", "pod_security_groups", ["huaweicloud_networking_secgroup.db"]]]);
    expect(m.network.instance("huaweicloud_cce_node_pool.p").securityGroupIds).toEqual(["huaweicloud_networking_secgroup.web"]);
  });

  it("an AS group whose configuration is not defined here is an unknown; a configuration using an instance as template gives its groups", async () => {
    const group = { scaling_group_name: "g", vpc_id: "${huaweicloud_vpc.v.id}", networks: [{ id: subnetRef("s") }] };
    const m = await readDoc(docWith((r) => {
      r.huaweicloud_as_configuration = { t: { scaling_configuration_name: "t", instance_config: [{ instance_id: "${huaweicloud_compute_instance.db.id}" }] } };
      r.huaweicloud_as_group = { elsewhere: { ...group, scaling_configuration_id: "conf-elsewhere" }, t: { ...group, scaling_configuration_id: "${huaweicloud_as_configuration.t.id}" } };
    }));
    expect(own(m).map((u) => [u.address, u.field])).toEqual([["huaweicloud_as_group.elsewhere", "scaling_configuration_id"]]);
    expect(m.network.instance("huaweicloud_as_group.t").securityGroupIds).toEqual(["huaweicloud_networking_secgroup.db"]);
  });

  it("an AS group's network left unknown leaves it out, naming the field; an unknown IPv6 bandwidth id does not", async () => {
    const doc = docWith((r) => {
      r.huaweicloud_as_configuration = { c: { scaling_configuration_name: "c", instance_config: [{ security_group_ids: [sgRef("web")] }] } };
      r.huaweicloud_as_group = {
        bw: { scaling_group_name: "bw", scaling_configuration_id: "${huaweicloud_as_configuration.c.id}", vpc_id: "${huaweicloud_vpc.v.id}", networks: [{ id: subnetRef("s"), ipv6_enable: true, ipv6_bandwidth_id: "${var.bw}" }] },
        net: { scaling_group_name: "net", scaling_configuration_id: "${huaweicloud_as_configuration.c.id}", vpc_id: "${huaweicloud_vpc.v.id}", networks: [{ id: "${var.subnet}" }] },
      };
    });
    doc.variable = { bw: { type: "string" }, subnet: { type: "string" } };
    const m = await readDoc(doc);
    expect(own(m).map((u) => [u.address, u.field])).toEqual([["huaweicloud_as_group.net", "networks[0].id"]]);
    expect(m.network.instance("huaweicloud_as_group.bw").nics).toEqual([{ sourceDestCheck: true, subnetId: "huaweicloud_vpc_subnet.s" }]);
  });

  it("a nested dynamic block in instance_config (disks) decides nothing: only the arguments that place members are resolved", async () => {
    const doc = docWith((r) => {
      r.huaweicloud_as_configuration = {
        c: {
          scaling_configuration_name: "c",
          instance_config: [{ security_group_ids: [sgRef("web")], dynamic: { disk: { for_each: "${var.disks}", content: { size: "${disk.value.size}", volume_type: "SSD", disk_type: "${disk.value[\"disk_type\"]}" } } } }],
        },
      };
      r.huaweicloud_as_group = { g: { scaling_group_name: "g", scaling_configuration_id: "${huaweicloud_as_configuration.c.id}", vpc_id: "${huaweicloud_vpc.v.id}", networks: [{ id: subnetRef("s") }] } };
    });
    doc.variable = { disks: { default: [{ size: 40, disk_type: "SYS" }] } };
    const m = await readDoc(doc);
    expect(m.network.instance("huaweicloud_as_group.g").securityGroupIds).toEqual(["huaweicloud_networking_secgroup.web"]);
  });

  it("an AS group without networks blocks is rejected, as Terraform does (networks is required)", async () => {
    const doc = docWith((r) => {
      r.huaweicloud_as_configuration = { c: { scaling_configuration_name: "c", instance_config: [{ security_group_ids: [sgRef("web")] }] } };
      r.huaweicloud_as_group = { g: { scaling_group_name: "g", scaling_configuration_id: "${huaweicloud_as_configuration.c.id}", vpc_id: "${huaweicloud_vpc.v.id}" } };
    });
    expect(await rejected(doc)).toMatch(/huaweicloud_as_group\.g: networks "0 blocks" is invalid: 1 to 5 networks blocks are required/);
  });
});

describe("the schema check of member types", () => {
  it("an argument the provider does not have (a newer provider's, say) on a member is a warning, and the member is read", async () => {
    const m = await readDoc(withPort({ network_id: subnetRef("s"), security_group_ids: [sgRef("web")], brand_new_argument: true }));
    expect(m.warnings.filter((w) => /networking_port\.p: brand_new_argument .*terraform validate would reject it with provider 1\.97\.1; hwsg checks the fields it reads itself and goes on/.test(w))).toHaveLength(1);
    expect(m.network.instance("huaweicloud_networking_port.p").securityGroupIds).toEqual(["huaweicloud_networking_secgroup.web"]);
  });

  it("on a security group rule it is still an error, as terraform validate says", async () => {
    const doc = docWith((r) => {
      r.huaweicloud_networking_secgroup_rule = { bad: { security_group_id: sgRef("web"), direction: "ingress", ethertype: "IPv4", brand_new_argument: true } };
    });
    expect(await rejected(doc)).toMatch(/huaweicloud_networking_secgroup_rule\.bad: brand_new_argument/);
  });
});

