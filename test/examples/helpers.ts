/**
 * Shared helpers of the example tests: synthesize an example stack (with validations, i.e. its
 * intents), read it back into the evaluator's model, collect its annotations, and build
 * reachability questions.
 */
import { AnnotationMetadataEntryType, App, TerraformStack, Testing } from "cdktf";
import { AddressSet, HwsgChecks, Network, PROTOCOL_NUMBERS, PortSet, Quantifier, ReachEnd, ReachResult, ReachabilityIntent, checkReach, readDocuments, withHypotheticalMember } from "../../lib";

/** Builds an example stack in an app. */
export type StackFactory<S extends TerraformStack> = (app: App) => S;

/** One annotation of a construct. */
export interface Note {
  readonly level: "error" | "warning" | "info";
  readonly path: string;
  readonly message: string;
}

/** A synthesized example: its stack, its JSON and its model. */
export interface Synthesized<S extends TerraformStack> {
  readonly stack: S;
  readonly json: string;
  readonly network: Network;
  readonly warnings: readonly string[];
}

/** Synthesizes a fresh copy of the stack with every validation (the intents) run. */
export function synth<S extends TerraformStack>(make: StackFactory<S>): Synthesized<S> {
  const stack = make(Testing.app() as App);
  const json = Testing.synth(stack, true);
  const { network, warnings } = readDocuments([{ file: "cdk.tf.json", json: JSON.parse(json) }]);
  return { stack, json, network, warnings };
}

const LEVELS: Record<string, Note["level"]> = {
  [AnnotationMetadataEntryType.ERROR]: "error",
  [AnnotationMetadataEntryType.WARN]: "warning",
  [AnnotationMetadataEntryType.INFO]: "info",
};

/**
 * Runs the stack's validations (the checks report lint findings as annotations) and returns every
 * annotation of every construct of the stack, in construct order.
 */
export function annotations(stack: TerraformStack): Note[] {
  stack.runAllValidations();
  return stack.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type in LEVELS)
      .map((m) => ({ level: LEVELS[m.type], path: c.node.path, message: String(m.data) })),
  );
}

/**
 * Synthesizes the stack through a real `App.synth()` (which refuses error annotations) and
 * returns its annotations.
 */
export function appSynth<S extends TerraformStack>(make: StackFactory<S>): Note[] {
  const app = Testing.app() as App;
  const stack = make(app);
  app.synth();
  return annotations(stack);
}

/** An instance end, by its construct id. */
export function instance(name: string, address?: string): ReachEnd {
  const id = `huaweicloud_compute_instance.${name}`;
  if (address === undefined) return { kind: "instance", instanceId: id };
  return { kind: "instance", instanceId: id, addresses: AddressSet.parse(address) };
}

/**
 * A stand-in member of a security group that no instance of the stack has (the model the
 * intents use for such a group), by the group's construct id.
 * @returns the network extended with the member, and the member's end
 */
export function groupMember(network: Network, group: string): { network: Network; end: ReachEnd } {
  const extended = withHypotheticalMember(network, `huaweicloud_networking_secgroup.${group}`);
  return { network: extended.network, end: { kind: "instance", instanceId: extended.instanceId } };
}

/** An end of external addresses: CIDR blocks, addresses or ranges, minus `except`. */
export function external(addresses: readonly string[], except: readonly string[] = []): ReachEnd {
  let set = AddressSet.parse(addresses[0]);
  for (const a of addresses.slice(1)) set = set.union(AddressSet.parse(a));
  for (const e of except) set = set.subtract(AddressSet.parse(e));
  return { kind: "external", addresses: set };
}

/** A flow specification: `tcp/3306`, `tcp/80,443`, `tcp`, `icmp`, `icmpv6`, `all`. */
export function reach(network: Network, quantifier: Quantifier, from: ReachEnd, to: ReachEnd, flows: string, version: 4 | 6 = 4): ReachResult {
  const [name, ports] = flows.split("/");
  const protocol = name === "all" ? "all" : PROTOCOL_NUMBERS[name as keyof typeof PROTOCOL_NUMBERS];
  if (protocol === undefined) throw new Error(`unknown protocol ${name}`);
  const parsed = ports === undefined ? undefined : PortSet.parse(ports);
  if (typeof parsed === "string") throw new Error(parsed);
  return checkReach(network, { from, to, version, protocol, quantifier, ...(parsed ? { ports: parsed } : {}) });
}

/** The standard checks every example passes: deterministic JSON, the snapshot, a clean lint. */
export function describeExample<S extends TerraformStack>(make: StackFactory<S>, expectedNotes: ReadonlyArray<Omit<Note, "message"> & { message: RegExp }> = []): void {
  describe("synthesis", () => {
    const first = synth(make);

    it("synthesizes with every intent proved, the same JSON twice", () => {
      expect(synth(make).json).toBe(first.json);
    });

    it("matches the snapshot", () => {
      expect(JSON.parse(first.json)).toMatchSnapshot();
    });

    it("states intents, and each one holds on the synthesized model", () => {
      const intents = first.stack.node.findAll().filter((c): c is ReachabilityIntent => c instanceof ReachabilityIntent);
      expect(intents.length).toBeGreaterThan(0);
      const model = HwsgChecks.of(first.stack).model();
      expect(model).toBeDefined();
      expect(intents.map((i) => [i.node.path, i.check(model!) ?? "holds"])).toEqual(intents.map((i) => [i.node.path, "holds"]));
    });

    it("is read back with nothing assumed", () => {
      expect(first.warnings).toEqual([]);
    });

    it("App.synth() succeeds and leaves only the expected annotations", () => {
      const notes = appSynth(make);
      expect(notes.filter((n) => n.level === "error")).toEqual([]);
      expect(notes).toHaveLength(expectedNotes.length);
      expectedNotes.forEach((e, i) => {
        expect(notes[i]).toMatchObject({ level: e.level, path: e.path });
        expect(notes[i].message).toMatch(e.message);
      });
    });
  });
}
