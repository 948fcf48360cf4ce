/**
 * The values of a plan or a state, as the reader takes them from a configuration: one resource
 * block per resource instance (its address is the instance's absolute address, modules and
 * keys included), its attributes resolved, the ids it names linked to the instances they are the
 * ids of.
 *
 * - A known id that is the `id` of another instance of the document (a state, or a plan's
 *   existing resources) is a reference to it; a known NIC port id, to that NIC.
 * - An unknown value (`after_unknown`) that the configuration does not write is an attribute the
 *   provider computes: it is left unset, as the configuration leaves it. One that it writes is
 *   linked through the configuration's references (plan-links.ts); otherwise it stays unknown.
 * - What the provider returns for attributes the configuration leaves unset is normalized to
 *   "unset": empty strings, `port_range_min/max` beside `ports`, the computed `security_groups`
 *   names beside `security_group_ids`.
 */
import { rawAt } from "./block-lists";
import type { ResourceBlock } from "./values";
import { Expansion, ResourceInstance, single } from "./expansion";
import { configOfModule, expressionAt, isWritten, linkTargets, LinkTarget } from "./plan-links";
import { ConfigModule, ConfigResource, PlanDocument, PlannedInstance } from "./sources/plan-json";
import { UnknownValue } from "./unknowns";
import { Resolved, isMap, reference } from "./values";

/**
 * Fields whose values are ids of other resources (linked when they equal one): `*_id`, `*_ids`,
 * `uuid`, and the lists of ids not named so (a CCE node pool's `security_groups` and
 * `subnet_list`; a compute instance's `security_groups` holds names, which never link to an `id`).
 */
const ID_FIELD = /^(.*_)?ids?$|^uuid$|^(pod_)?security_groups$|^subnet_list$/;

const ID_ATTRIBUTE = /^id$/;
const PORT_ATTRIBUTE = /^network\[\d+\]\.port$/;

/** The values of a plan or a state, in the form the reader reads. */
export class PlanValues {
  /** Values Terraform worked out (the provider validated them: no schema check). */
  readonly kind = "plan" as const;
  /** The document read, as the reader lists its files. */
  readonly documents: ReadonlyArray<{ readonly file: string }>;
  private readonly blocksByType = new Map<string, ResourceBlock[]>();
  private readonly byAddress = new Map<string, PlannedInstance>();
  private readonly byId = new Map<string, PlannedInstance>();
  private readonly byPort = new Map<string, { address: string; nicIndex: number }>();
  private readonly configs = new Map<string, ConfigModule | undefined>();

  constructor(readonly plan: PlanDocument) {
    this.documents = [{ file: plan.file }];
    for (const x of plan.instances) this.byAddress.set(x.address, x);
    for (const x of plan.instances) {
      const id = x.values.id;
      if (typeof id === "string" && id !== "" && !this.byId.has(id)) this.byId.set(id, x);
      if (x.type === "huaweicloud_compute_instance" && Array.isArray(x.values.network)) {
        x.values.network.forEach((n, i) => {
          const port = (n as { port?: unknown } | null)?.port;
          if (typeof port === "string" && port !== "") this.byPort.set(port, { address: x.address, nicIndex: i });
        });
      }
    }
    for (const x of plan.instances) {
      if (x.mode !== "managed") continue;
      const block: ResourceBlock = { type: x.type, name: x.name, address: x.address, body: this.body(x), file: plan.file, hcl: false };
      let list = this.blocksByType.get(x.type);
      if (!list) this.blocksByType.set(x.type, (list = []));
      list.push(block);
    }
  }

  /** Every resource instance, in the document's order. */
  all(): ResourceBlock[] {
    return [...this.blocksByType.values()].flat();
  }

  /** Resource instances of one type, in the document's order. */
  ofType(type: string): ResourceBlock[] {
    return [...(this.blocksByType.get(type) ?? [])];
  }

  /** Every instance is a block of its own. */
  expansion(block: ResourceBlock): Expansion {
    return single(block);
  }

  /** `file: address`. */
  subject(of: ResourceBlock | ResourceInstance): string {
    return `${this.plan.file}: ${of.address}`;
  }

  /** Values are shown as they are. */
  written(_block: ResourceBlock, raw: unknown): unknown {
    return raw;
  }

  /** Values are resolved already. */
  resolve(_instance: ResourceInstance, _field: string, raw: unknown): Resolved {
    return raw as Resolved;
  }

  /** `id` where the value at `path` was linked to an instance's id. */
  referencedAttribute(block: ResourceBlock, path: string): string | undefined {
    const v = rawAt(block.body, path);
    return typeof v === "object" && v !== null && (v as { ref?: unknown }).ref === "id" ? "id" : undefined;
  }

  // ---- building an instance's body ---------------------------------------------------------

  private body(x: PlannedInstance): Record<string, unknown> {
    const config = this.configResource(x);
    const out: Record<string, unknown> = {};
    const keys = new Set([...Object.keys(x.values), ...(isObject(x.unknown) ? Object.keys(x.unknown) : [])]);
    for (const key of [...keys].sort()) {
      const v = this.value(x, config, key, x.values[key], isObject(x.unknown) ? x.unknown[key] : undefined);
      if (v !== undefined) out[key] = v;
    }
    return normalize(x.type, out);
  }

  /** One value at `path`: known values linked, unknown ones linked or unknown, unset ones dropped. */
  private value(x: PlannedInstance, config: ConfigResource | undefined, path: string, known: unknown, unknown: unknown): unknown {
    if (unknown === true) return this.unknownValue(x, config, path, known);
    if (Array.isArray(known) || Array.isArray(unknown)) {
      const list = Array.isArray(known) ? known : [];
      const marks = Array.isArray(unknown) ? unknown : [];
      const n = Math.max(list.length, marks.length);
      if (marks.some((m) => m === true) && ID_FIELD.test(lastName(path))) return this.linkedList(x, config, path, list, marks, n);
      const out: unknown[] = [];
      for (let i = 0; i < n; i++) {
        const v = this.value(x, config, `${path}[${i}]`, list[i], marks[i]);
        out.push(v === undefined ? null : v);
      }
      return out;
    }
    if (isObject(known) || isObject(unknown)) {
      const obj = isObject(known) ? known : {};
      const marks = isObject(unknown) ? unknown : {};
      const out: Record<string, unknown> = {};
      for (const k of [...new Set([...Object.keys(obj), ...Object.keys(marks)])].sort()) {
        const v = this.value(x, config, `${path}.${k}`, obj[k], marks[k]);
        if (v !== undefined) out[k] = v;
      }
      return out;
    }
    if (known === null || known === undefined) return undefined;
    if (typeof known === "string" && ID_FIELD.test(lastName(path))) return this.linkKnown(known);
    return known;
  }

  /** A known id: a reference to the instance (or NIC) it is the id of, else the literal. */
  private linkKnown(id: string): unknown {
    const owner = this.byId.get(id);
    if (owner) return reference({ ref: "id", type: owner.type, address: owner.address, data: owner.mode === "data" });
    const port = this.byPort.get(id);
    if (port) return reference({ ref: "port", ...port });
    return id;
  }

  /** A value unknown until apply: unset when the configuration does not write it; else linked, or unknown. */
  private unknownValue(x: PlannedInstance, config: ConfigResource | undefined, path: string, known: unknown): unknown {
    if (config && !isWritten(config.expressions, path)) return undefined;
    const why = `${x.address}.${path} is known only after apply`;
    if (!config || !this.plan.configuration) return new UnknownValue(`${why}, and the document has no configuration to tell what it will be`);
    const expr = expressionAt(config.expressions, path);
    if (!expr) return new UnknownValue(`${why}: it is computed by the provider`);
    const name = lastName(path);
    const accept = name === "port_ids" || /port_ids\[\d+\]$/.test(path) ? PORT_ATTRIBUTE : ID_FIELD.test(name) ? ID_ATTRIBUTE : undefined;
    if (accept) {
      const targets = linkTargets(this.plan.configuration, expr, this.scopeOf(x), accept);
      if (targets && targets.length === 1 && !Array.isArray(known)) {
        const linked = this.linkTarget(targets[0]);
        if (linked !== undefined) return linked;
      }
      if (targets && targets.length > 0 && /s$/.test(name) && (known === undefined || known === null)) {
        // A whole list unknown: a list of those references, in the order written.
        const linked = targets.map((t) => this.linkTarget(t));
        if (linked.every((l) => l !== undefined)) return linked;
      }
    }
    const refs = expr.references.filter((r) => !expr.references.some((o) => o !== r && o.startsWith(r))).join(", ");
    return new UnknownValue(`${why}${refs ? `, and what it refers to (${refs}) does not name one resource for certain` : ""}`);
  }

  /** A list of ids with some unknown: element i is the i-th resource the expression names, when they number as many. */
  private linkedList(x: PlannedInstance, config: ConfigResource | undefined, path: string, list: readonly unknown[], marks: readonly unknown[], n: number): unknown {
    const expr = config ? expressionAt(config.expressions, path) : undefined;
    const targets = expr && this.plan.configuration ? linkTargets(this.plan.configuration, expr, this.scopeOf(x), ID_ATTRIBUTE) : undefined;
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) {
      if (marks[i] !== true) {
        out.push(typeof list[i] === "string" ? this.linkKnown(list[i] as string) : list[i]);
        continue;
      }
      const t = targets && targets.length === n ? this.linkTarget(targets[i]) : undefined;
      out.push(t ?? new UnknownValue(`${x.address}.${path}[${i}] is known only after apply, and the configuration's references do not tell which resource it is the id of`));
    }
    // A known element must be the id of the resource at its place, or the order is not the one written.
    if (targets && targets.length === n) {
      for (let i = 0; i < n; i++) {
        const v = out[i] as { address?: string } | undefined;
        if (marks[i] !== true && typeof v === "object" && v !== null && v.address !== undefined && v.address !== targets[i].address) {
          return out.map((e, k) => (marks[k] === true ? new UnknownValue(`${x.address}.${path}[${k}] is known only after apply, and the list is not written in the order of its references`) : e));
        }
      }
    }
    return out;
  }

  /** The reference a target stands for, when the target is an instance of the document. */
  private linkTarget(t: LinkTarget): Resolved | undefined {
    const target = this.byAddress.get(t.address);
    if (!target) return undefined;
    if (t.attribute === "id") return reference({ ref: "id", type: target.type, address: target.address, data: target.mode === "data" });
    const port = /^network\[(\d+)\]\.port$/.exec(t.attribute);
    if (port && target.type === "huaweicloud_compute_instance") return reference({ ref: "port", address: target.address, nicIndex: Number(port[1]) });
    return undefined;
  }

  private scopeOf(x: PlannedInstance): { module: string; key?: number | string } {
    return { module: x.moduleAddress, ...(x.index !== undefined ? { key: x.index } : {}) };
  }

  private configResource(x: PlannedInstance): ConfigResource | undefined {
    if (!this.plan.configuration) return undefined;
    if (!this.configs.has(x.moduleAddress)) this.configs.set(x.moduleAddress, configOfModule(this.plan.configuration, x.moduleAddress));
    const local = `${x.mode === "data" ? "data." : ""}${x.type}.${x.name}`;
    return this.configs.get(x.moduleAddress)?.resources.get(local);
  }
}

/** What the provider stores for attributes left unset, made unset again. */
function normalize(type: string, body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) if (!(v === "" && k !== "name")) out[k] = Array.isArray(v) ? v.map((e) => (isMap(e) ? dropEmpty(e) : e)) : v;
  if (/secgroup_rule/.test(type)) {
    if (typeof out.ports === "string" && out.ports !== "") {
      delete out.port_range_min;
      delete out.port_range_max;
    } else if (out.port_range_min === 0 && out.port_range_max === 0) {
      delete out.port_range_min;
      delete out.port_range_max;
    }
  }
  if (/compute_instance/.test(type) && Array.isArray(out.security_group_ids) && out.security_group_ids.length > 0) delete out.security_groups;
  return out;
}

function dropEmpty(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== "" && v !== null) out[k] = v;
  return out;
}

function lastName(path: string): string {
  const m = /([A-Za-z_][\w-]*)(?:\[\d+\])*$/.exec(path);
  return m ? m[1] : path;
}


function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
