/**
 * The synth-time checks of a stack: one construct per stack that reads the stack's synthesized
 * Terraform JSON (the very document written to `cdk.tf.json`) into the evaluator's model, runs
 * the lint on the effective rule set and reports findings as cdktf `Annotations`. Reachability
 * intents ask it for the model.
 */
import { Annotations, TerraformResource, TerraformStack } from "../cdk/core";
import { Construct, IConstruct } from "constructs";
import { Finding, LintOptions, lintNetwork } from "../analysis";
import { ValidationError } from "../core/errors";
import { Network } from "../core/network";
import { MODELLED_TYPES } from "../terraform/model/resource-types";
import { StringValues, Unknown, prepareDocumentsSync, readDocuments, stringValues } from "../terraform/reader";
import { AssumedDefault, assumedDefaults } from "./private/assumed-values";
import { terraformAddress } from "./private/naming";
import { noteResolved } from "./resolved-stacks";
import { Suppressions } from "./suppressions";

/** The id of the checks construct, a child of the stack. */
export const CHECKS_ID = "hwsg-checks";

/**
 * The cdktf context key that switches the synth-time checks off: `"off"` (or `false`) makes
 * `HwsgChecks` skip the lint and every `ReachabilityIntent` skip its proof, so the stack
 * synthesizes without reading its own Terraform; `"on"` (or `true`, or no value) is the default.
 * Set it with `app.node.setContext("hwsg:checks", "off")`, in `cdktf.json`
 * (`"context": { "hwsg:checks": "off" }`), or on any construct above the stack. It exists to
 * measure what the checks cost (`npm run bench`) and as an escape hatch; any other value fails
 * the synth.
 */
export const CHECKS_CONTEXT_KEY = "hwsg:checks";

/**
 * Whether the synth-time checks are on for `scope`, as the context key `hwsg:checks` says.
 * @returns true unless the key is `"off"` or `false`; an error message for any other value
 *   than those and `"on"`/`true`
 */
export function checksEnabled(scope: IConstruct): boolean | { readonly error: string } {
  const value: unknown = scope.node.tryGetContext(CHECKS_CONTEXT_KEY);
  if (value === undefined || value === "on" || value === true) return true;
  if (value === "off" || value === false) return false;
  return { error: `the context key ${CHECKS_CONTEXT_KEY} is ${JSON.stringify(value)}: it must be "on" or "off" (the checks are on when it is not set)` };
}

/** The model of a stack, as the checks read it. */
export interface StackModel {
  readonly network: Network;
  /** What the reader assumed (a group defined outside the stack, …). */
  readonly warnings: readonly string[];
  /** Terraform address → construct path. */
  readonly constructPaths: ReadonlyMap<string, string>;
  /**
   * What cannot be known at synth (a variable without default, an attribute computed at apply):
   * the resources that need it are left out of the network, and the checks report each as an
   * error (a warning when it decides no verdict) on the construct that needs it.
   */
  readonly unknowns: readonly Unknown[];
  /** The variable defaults the model was read with, by resource: the checks say so in warnings. */
  readonly assumed: readonly AssumedDefault[];
  /** Evaluates a Terraform expression in the stack (the value a construct's token has at synth). */
  readonly values: StringValues;
}

/** The stack's Terraform as one read saw it, and its model or why there is none. */
interface StackRead {
  readonly json: Record<string, unknown>;
  /** How many constructs the stack had when it was resolved. */
  readonly constructs: number;
  readonly model?: StackModel;
  readonly error?: string;
}

/**
 * The synth-time checks of one stack. Every hwsg construct adds it to its stack; add it yourself
 * (`HwsgChecks.of(stack)`) to lint a stack written with the raw provider bindings.
 *
 * One rule for every way of synthesizing: the checks run with the stack's validations, and an
 * error — a failed intent, or an error finding that no suppression covers — is a validation
 * error. It fails `app.synth()`, `cdktf synth`/`cdktn synth`, `Testing.synth(stack, true)` and
 * `Testing.fullSynth(stack)` alike (cdktf's `Testing.synth` ignores error annotations, so
 * annotations alone would not). Every finding is also an annotation on the construct
 * responsible: errors and warnings as such, suppressed findings as info quoting the reason.
 * Nothing is checked when the validations do not run: `Testing.synth(stack)`, an app with
 * `skipValidation: true`, or the context key `hwsg:checks` set to `"off"`.
 */
export class HwsgChecks extends Construct {
  /** The checks of the stack `scope` belongs to, created on first use. */
  static of(scope: IConstruct): HwsgChecks {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild(CHECKS_ID);
    if (existing instanceof HwsgChecks) return existing;
    return new HwsgChecks(stack, CHECKS_ID);
  }

  /**
   * Lint options, e.g. other high-risk ports.
   * @default the ports of semantics §7
   */
  lintOptions: LintOptions = {};

  /** The stack's model during one validation pass: read once, shared by the lint and every intent. */
  private pass?: { result?: StackRead };
  /** True while cdktf's synthesizer writes this stack (validations, then its Terraform). */
  private synthesizing = false;
  /**
   * The document the checks resolved during the synthesizer's validation pass, handed to the
   * synthesizer's own `toTerraform()` call that follows it, so the stack is resolved once per synth.
   */
  private handoff?: { readonly json: Record<string, unknown>; readonly constructs: number };
  private readonly reported = new Set<string>();

  private constructor(scope: TerraformStack, id: string) {
    super(scope, id);
    this.node.addValidation({ validate: () => this.validate() });
    // One validation pass (cdktf's runAllValidations, from app.synth() or Testing.synth) runs every
    // validation of the stack synchronously, and nothing changes the constructs meanwhile: the
    // stack's Terraform is resolved once per pass instead of once per validation (the lint and
    // each intent). Outside a pass, model() reads the stack afresh.
    const runAllValidations = scope.runAllValidations.bind(scope);
    scope.runAllValidations = () => {
      this.pass = {};
      try {
        runAllValidations();
        const result = this.pass.result;
        if (this.synthesizing && result) this.handoff = { json: result.json, constructs: result.constructs };
      } finally {
        this.pass = undefined;
      }
    };
    // cdktf's StackSynthesizer.synthesize runs the validation pass and then resolves the stack once
    // more to write cdk.tf.json. Inside that one call, with no construct added in between, the
    // document the checks read is that very document: it is handed over instead of being resolved
    // a second time (resolution is the bulk of a synth). Outside the synthesizer — Testing.synth,
    // a direct toTerraform(), a stack whose synthesizer was replaced — nothing is handed over and
    // cdktf resolves as usual. The reader never modifies the document it reads.
    const synthesizer = scope.synthesizer;
    const synthesize = synthesizer.synthesize.bind(synthesizer);
    synthesizer.synthesize = (session) => {
      this.synthesizing = true;
      try {
        synthesize(session);
      } finally {
        this.synthesizing = false;
        this.handoff = undefined;
      }
    };
    const toTerraform = scope.toTerraform.bind(scope);
    scope.toTerraform = () => {
      const handed = this.handoff;
      this.handoff = undefined;
      if (handed && this.synthesizing && handed.constructs === scope.node.findAll().length) return handed.json;
      const json = toTerraform() as Record<string, unknown>;
      noteResolved(scope, json); // for the findings matchers of hwsg/testing
      return json;
    };
  }

  /**
   * The stack's model, read from its synthesized Terraform; undefined when the Terraform cannot
   * be read (the checks' own validation then reports why).
   */
  model(): StackModel | undefined {
    return this.read().model;
  }

  private read(): StackRead {
    if (!this.pass) return this.readStack();
    this.pass.result ??= this.readStack();
    return this.pass.result;
  }

  private readStack(): StackRead {
    const stack = TerraformStack.of(this);
    const constructs = stack.node.findAll().length;
    const json = stack.toTerraform() as Record<string, unknown>;
    try {
      return { json, constructs, model: readStackModel(json) };
    } catch (e) {
      return { json, constructs, error: `hwsg cannot read the stack's Terraform, so it cannot prove its rules: ${(e as Error).message}` };
    }
  }

  private validate(): string[] {
    const enabled = checksEnabled(this);
    if (enabled === false) return [];
    if (enabled !== true) return [enabled.error];
    const { model, error } = this.read();
    if (!model) return [error!];
    const stack = TerraformStack.of(this);
    const byAddress = new ConstructsByAddress(stack, model.constructPaths);
    for (const warning of model.warnings) this.report(stack, "warning", `[hwsg] ${warning}`);
    const errors: string[] = [];
    for (const u of model.unknowns) {
      const target = byAddress.get(resourceOf(u.address)) ?? stack;
      const level = u.canChangeVerdict ? "error" : "warning";
      const message = `[hwsg] ${target.node.path}: ${u.field} is not known at synth (${u.expression}). ${u.reason} ${u.effect}${u.canChangeVerdict ? " Give it a value known at synth (a literal, a local, a variable with a default) to have it proved, or switch the checks off for this stack (context hwsg:checks)." : ""}`;
      this.report(target, level, message);
      // Like an error finding, a value the proof needs fails every synth that runs the validations.
      if (u.canChangeVerdict) errors.push(message);
    }
    for (const a of model.assumed) {
      const target = byAddress.get(a.address) ?? stack;
      this.report(target, "warning", `[hwsg] proved for the default of var.${a.variable} (${a.value}): a different value given when Terraform runs (-var, a .tfvars file, TF_VAR_${a.variable}) was not checked; check it with hwsg check and the same values`);
    }
    for (const finding of lintNetwork(model.network, this.lintOptions)) {
      const target = targetOf(finding, byAddress) ?? stack;
      const suppression = Suppressions.find(target, finding.code);
      if (suppression) {
        this.report(target, "info", `[${finding.code}] suppressed (${suppression.reason}): ${finding.message}`);
      } else {
        this.report(target, finding.severity, `[${finding.code}] ${finding.message}`);
        if (finding.severity === "error") errors.push(lintError(finding, target));
      }
    }
    // An error finding is also a validation error, so that it fails every synth that runs the
    // validations alike: app.synth(), cdktf/cdktn synth and Testing.synth(stack, true).
    return errors;
  }

  private report(target: IConstruct, level: "error" | "warning" | "info", message: string): void {
    const key = `${target.node.path}|${level}|${message}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    const a = Annotations.of(target);
    if (level === "error") a.addError(message);
    else if (level === "warning") a.addWarning(message);
    else a.addInfo(message);
  }
}

/** The validation error of an error finding: where, what, the fix, and how to accept it instead. */
function lintError(finding: Finding, target: IConstruct): string {
  return `[${finding.code}] on [${target.node.path}]: ${finding.message}\n    fix: ${finding.fix}\n    or accept it on that construct, saying why: Suppressions.add(<the construct at ${target.node.path}>, [{ id: "${finding.code}", reason: "<why it does not apply, at least 10 characters>" }])`;
}

/** Adds the checks to the stack of `scope`. */
export function ensureChecks(scope: IConstruct): void {
  HwsgChecks.of(scope);
}

/**
 * The model of a stack's Terraform, read by the CLI's reader as `hwsg check cdk.tf.json` reads it
 * (every template parsed, functions, iterators, locals and variable defaults evaluated), strictly:
 * what the checks cannot evaluate exactly is an error. A value not known at synth is read once
 * more, collecting every such value, so that each is reported on its own construct.
 * @throws HwsgError naming the resource and field of an invalid value
 */
function readStackModel(json: Record<string, unknown>): StackModel {
  // Prepared once: the strict read, the collecting read and the token values all use it.
  const documents = prepareDocumentsSync([{ file: "cdk.tf.json", json }]);
  const assumed = assumedDefaults(json);
  try {
    const { network, warnings, constructPaths } = readDocuments(documents, { unknowns: "error" });
    return { network, warnings, constructPaths, unknowns: [], assumed, values: stringValues(documents) };
  } catch (e) {
    if (!(e instanceof ValidationError) || !e.allowed.startsWith("cannot be resolved statically")) throw e;
  }
  const { network, warnings, constructPaths, unknowns } = readDocuments(documents, { unknowns: "collect" });
  // Resources the model does not read (an RDS instance holding groups, …) are warnings at synth,
  // as the strict read makes them: only the modelled resources' values are errors.
  const modelled = unknowns.filter((u) => MODELLED_TYPES.has(u.address.split(".")[0]));
  const others = unknowns.filter((u) => !MODELLED_TYPES.has(u.address.split(".")[0])).map((u) => `${u.file}: ${u.address}: ${u.reason} ${u.effect}`);
  return { network, warnings: [...warnings, ...others], constructPaths, unknowns: modelled, assumed, values: stringValues(documents) };
}

/**
 * The construct of a Terraform address, looked up only for what is reported (a large stack has
 * tens of thousands of resources and usually few findings): by the construct path the reader
 * found in the resource's metadata, else (a resource left out of the model) among every resource
 * of the stack, indexed once on first need.
 */
class ConstructsByAddress {
  private all?: Map<string, IConstruct>;

  constructor(
    private readonly stack: TerraformStack,
    private readonly paths: ReadonlyMap<string, string>,
  ) {}

  get(address: string): IConstruct | undefined {
    const path = this.paths.get(address);
    const found = path !== undefined ? this.byPath(path) : undefined;
    if (found instanceof TerraformResource && terraformAddress(found) === address) return found;
    if (!this.all) {
      this.all = new Map();
      for (const c of this.stack.node.findAll()) if (c instanceof TerraformResource) this.all.set(terraformAddress(c), c);
    }
    return this.all.get(address);
  }

  private byPath(path: string): IConstruct | undefined {
    const prefix = `${this.stack.node.path}/`;
    if (!path.startsWith(prefix)) return undefined;
    let c: IConstruct | undefined = this.stack;
    for (const id of path.slice(prefix.length).split("/")) {
      c = c.node.tryFindChild(id);
      if (!c) return undefined;
    }
    return c;
  }
}

/** The resource address of a resource instance's address (`type.name["key"]` → `type.name`). */
function resourceOf(address: string): string {
  const i = address.indexOf("[");
  return i < 0 ? address : address.slice(0, i);
}

/** The construct a finding is about: its first rule's, its group's, or its instance's resource. */
function targetOf(finding: Finding, byAddress: ConstructsByAddress): IConstruct | undefined {
  const candidates = [
    // A rule of a resource with count or for_each is an instance (`type.name["key"]`): its construct is the resource's.
    ...finding.ruleIds.map((id) => resourceOf(id.split("#")[0])),
    finding.groupId,
    finding.instanceId !== undefined ? resourceOf(finding.instanceId.replace(/^(another )?member of /, "")) : undefined,
  ];
  for (const c of candidates) {
    const hit = c !== undefined ? byAddress.get(c) : undefined;
    if (hit) return hit;
  }
  return undefined;
}
