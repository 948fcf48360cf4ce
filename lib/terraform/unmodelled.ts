/**
 * Resources that put NICs into security groups, or define groups, but that the model does not
 * read (model/member-types.ts lists those it reads) — API gateways, MapReduce clusters, desktops,
 * launch templates, the deprecated `huaweicloud_compute_secgroup_v2` (schema/security-group-carriers.json,
 * from the provider's schemas). None of them is silent: each instance is an unknown that says
 * which groups it concerns and what leaving it out means for the results.
 */
import carriers from "../../schema/security-group-carriers.json";
import { READ_MEMBER_TYPES } from "./model/member-types";
import type { Unknown } from "./unknowns";
import type { ValueSource } from "./value-source";
import { isReference } from "./values";

/** How a carrier relates to security groups. */
type CarrierKind = "member" | "defines" | "launches";

interface Carrier {
  readonly type: string;
  readonly aliases: readonly string[];
  readonly kind: CarrierKind;
  /** The attribute paths that carry groups (`security_group_id`, `network[].security_group_ids`). */
  readonly fields: readonly string[];
}

const CARRIERS: readonly Carrier[] = (carriers as { types: Carrier[] }).types;

const EFFECT: Readonly<Record<CarrierKind, string>> = {
  member:
    "It is not in the model: its private addresses are not members of these security groups here, so rules that name the groups as remote_group_id match fewer addresses than in the cloud, and no flow to or from it is evaluated (a group with no modelled member is checked through a hypothetical member).",
  defines: "The security group it defines and the rules written in it are not in the model: verdicts and findings involving them are missing.",
  launches: "Instances launched from it at run time are members of these security groups and are not in the model: rules that name the groups as remote_group_id match fewer addresses than in the cloud.",
};

/**
 * The unknowns of every instance of a resource type that carries security groups and is not
 * modelled. Fields are read only to name the groups concerned; one that cannot be read names none.
 */
export function unmodelledCarriers(source: ValueSource): Unknown[] {
  const out: Unknown[] = [];
  for (const carrier of CARRIERS) {
    if (READ_MEMBER_TYPES.has(carrier.type)) continue;
    for (const type of [carrier.type, ...carrier.aliases]) {
      for (const block of source.ofType(type)) {
        const written = carrier.fields.map((f) => f.split(/[.[]/)[0]).filter((f) => block.body[f] !== undefined);
        const field = written[0] ?? carrier.fields[0].split(/[.[]/)[0];
        const expression = block.body[field] === undefined ? "(not set)" : text(source.written(block, block.body[field]));
        let instances: ReadonlyArray<{ address: string; groups: string[] }>;
        try {
          const expansion = source.expansion(block);
          instances = expansion.known
            ? expansion.instances.map((i) => ({ address: i.address, groups: groupsIn(() => source.resolve(i, field, block.body[field])) }))
            : [{ address: block.address, groups: [] }];
        } catch {
          instances = [{ address: block.address, groups: [] }];
        }
        for (const i of instances) {
          out.push({
            file: block.file,
            address: i.address,
            field,
            expression,
            reason: `${type === carrier.type ? type : `${type} (${carrier.type})`} is not evaluated by hwsg yet: it ${carrier.kind === "defines" ? "defines a security group with its own rules" : carrier.kind === "launches" ? "launches instances into security groups" : "puts its NICs into security groups"}.`,
            effect: EFFECT[carrier.kind],
            groupIds: i.groups,
            canChangeVerdict: true,
          });
        }
      }
    }
  }
  return out;
}

/** The modelled security groups a field's value names (references to them), as far as it can be read. */
function groupsIn(read: () => unknown): string[] {
  let value: unknown;
  try {
    value = read();
  } catch {
    return [];
  }
  const out: string[] = [];
  const pending: unknown[] = [value];
  while (pending.length > 0 && out.length < 64) {
    const v = pending.pop();
    if (isReference(v)) {
      if (v.ref === "id" && v.type.startsWith("huaweicloud_networking_secgroup")) out.push(v.address);
    } else if (Array.isArray(v)) pending.push(...v);
    else if (typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype) pending.push(...Object.values(v));
  }
  return [...new Set(out)].sort();
}

function text(written: unknown): string {
  return typeof written === "string" ? written : (JSON.stringify(written) ?? "");
}
