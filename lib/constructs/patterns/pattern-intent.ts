/**
 * A built-in intent of a pattern. It is about the pattern's OWN group: checked on the stack's
 * members like any intent, and when a counterexample is decided by a rule of another group of
 * the members (an app tier whose other group reaches a database), checked again on a member that
 * has only the pattern's group. If the group's own rules keep the intent, the synth goes on with a
 * warning naming that rule and the two ways out; if not, the intent fails on the group's own rules.
 * Every failure and warning says how to switch the intent off.
 */
import { Verdict } from "../../core/evaluator";
import { withHypotheticalMember } from "../../core/reachability";
import { StackModel } from "../checks";
import { ResolvedEndpoint } from "../endpoint";
import { IntentJudgement, ReachabilityIntent, ReachabilityIntentProps } from "../intent";
import { ResolvableEnd, answerReachQuestion, explainWitness } from "../reach-question";
import { SecurityGroup } from "../security-group";
import { tokenValues } from "../private/tokens";

/** The construct id of a pattern's intent `name`. */
export function patternIntentId(name: string): string {
  return `intent-${name}`;
}

/** What a pattern says when it states an intent. */
export interface PatternIntentProps extends ReachabilityIntentProps {
  /** Which end is the pattern's own group. */
  readonly own: "from" | "to";
  /**
   * How to make the members agree with the intent through the pattern itself, when a rule of
   * another of their groups decides otherwise.
   * @default "change or remove that rule, or take the instance out of that group"
   */
  readonly wayOut?: string;
}

/** A rule of another group that decided a flow, and where. */
interface OtherRule {
  readonly rule: string;
  readonly group: string;
  readonly instance: string;
}

/**
 * A built-in intent of a pattern, switched off with the pattern's `disableIntent(name, reason)`.
 */
export class PatternIntent extends ReachabilityIntent {
  /** The intent's name, as `disableIntent` takes it. */
  readonly name: string;
  private readonly pattern: SecurityGroup;
  private readonly own: "from" | "to";
  private readonly wayOut: string | undefined;

  constructor(pattern: SecurityGroup, name: string, props: PatternIntentProps) {
    const { own, wayOut, ...intent } = props;
    super(pattern, patternIntentId(name), intent);
    this.name = name;
    this.pattern = pattern;
    this.own = own;
    this.wayOut = wayOut;
  }

  /** The exact call that switches the intent off, as messages print it. */
  get switchOffCall(): string {
    return `.disableIntent(${JSON.stringify(this.name)}, "<why it does not apply, at least 10 characters>") on the ${this.pattern.constructor.name} ${this.pattern.node.path}`;
  }

  protected override judge(model: StackModel): IntentJudgement {
    const answer = answerReachQuestion(model.network, this.question(), this.node.path, tokenValues(this, model.values));
    const failure = this.failureOf(answer, model);
    if (failure === undefined) return {};
    const groupId = this.pattern.modelId();
    const other = answer.result ? otherGroupRule(answer.result.witness, groupId) : undefined;
    if (!other) return { failure: this.withSwitchOff(failure) };
    // Decided by another group of the members: ask again for a member that has only this group.
    const short = this.pattern.node.id;
    const ownEnd = soleMember(groupId, `a member that has only ${short} (hypothetical)`);
    const ownAnswer = answerReachQuestion(model.network, this.question({ [this.own]: ownEnd }), this.node.path, tokenValues(this, model.values));
    const ownFailure = this.failureOf(ownAnswer, model);
    if (ownFailure !== undefined) return { failure: this.withSwitchOff(ownFailure) };
    const lines = [
      `[hwsg] intent "${this.description}" holds for the rules of ${short} itself, but not for ${other.instance}, which also has ${other.group}: one of that group's rules decides otherwise.`,
      ...explainWitness(answer.result!.witness, answer.network, model.constructPaths, "counterexample"),
      `The intent is about ${short}'s own group, so the synth goes on. Two ways out: ${this.wayOut ?? `change or remove ${other.rule} of ${other.group}, or take ${other.instance} out of that group`}; or switch the intent off, saying why: ${this.switchOffCall}.`,
    ];
    return { warning: lines.join("\n    ") };
  }

  private withSwitchOff(failure: string): string {
    return `${failure}\n    to switch this intent of the pattern off, saying why: ${this.switchOffCall}`;
  }
}

/** The deciding rule of a flow when it belongs to a group other than `groupId`. */
function otherGroupRule(witness: Verdict, groupId: string): OtherRule | undefined {
  if (!witness.rule) return undefined;
  const hop = witness.hops.find((h) => h.rule === witness.rule);
  if (!hop?.group || hop.group === groupId) return undefined;
  return { rule: witness.rule, group: hop.group, instance: hop.instance };
}

/** An end that is one hypothetical member with only the group `groupId`, whatever instances have it. */
function soleMember(groupId: string, label: string): ResolvableEnd {
  return {
    resolve: (network): ResolvedEndpoint => {
      const { network: extended, instanceId } = withHypotheticalMember(network, groupId);
      return { kind: "instances", instanceIds: [instanceId], label, network: extended };
    },
  };
}
