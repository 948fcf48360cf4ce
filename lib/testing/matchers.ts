// The types of the `expect` package (jest's, which `@jest/globals` re-exports) are brought into the
// compilation for the augmentation below: an augmentation cannot load a module by itself. Types only:
// nothing of jest is loaded at run time.
/// <reference types="expect" preserve="true" />
/**
 * Jest matchers that ask the evaluator about a synthesized stack — `toAllowTraffic`,
 * `toDenyTraffic` — and the registry of every hwsg matcher with its types, for jest's global
 * `expect` and for the `expect` exported by `@jest/globals`. They need no jest at run time: jest
 * hands them its context when they are registered with `expect.extend(hwsgMatchers)`.
 */
import { HwsgError } from "../core/errors";
import { Hop, Verdict } from "../core/evaluator";
import { Network } from "../core/network";
import { Quantifier } from "../core/reachability";
import { ReachAnswer, answerReachQuestion, explainWitness } from "../constructs/reach-question";
import { FindingsQuery, toHaveFinding, toHaveNoFindings } from "./findings";
import { HwsgMatcherContext, HwsgMatcherResult } from "./matcher-context";
import { TrafficQuestion, constructPathsOf, prepareQuestion } from "./question";
import { readReceived } from "./received";
import { sourceStackOf } from "./source-stack";

export type { HwsgMatcherContext, HwsgMatcherResult } from "./matcher-context";

/** The name of a matcher. */
type MatcherName = "toAllowTraffic" | "toDenyTraffic";

/**
 * Passes when EVERY flow of the question is allowed, like `ReachabilityIntent.every`: every
 * address of an address end, every instance of a group end (each pair of instances), every
 * protocol and port asked. Fails with a denied flow as counterexample, its deciding rule and
 * the evaluator's reason.
 *
 * `.not.toAllowTraffic(q)` passes when SOME flow of the question is denied — not the same as
 * `toDenyTraffic(q)`, which needs every flow denied.
 *
 * A question that asks no flow at all (every flow excepted, an address end that is no address)
 * passes vacuously.
 *
 * @param received what `Testing.synth(stack)` returns, that JSON parsed, or the directory
 *   `Testing.fullSynth(stack)` returns
 * @param question from where, to where, on what
 * @throws HwsgError (failing the test, with or without `.not`) for what cannot be evaluated: a
 *   received value of another kind, an end not in the stack, a bad port or protocol
 */
export function toAllowTraffic(this: HwsgMatcherContext, received: unknown, question: TrafficQuestion): HwsgMatcherResult {
  return judge(this, "toAllowTraffic", "every", received, question);
}

/**
 * Passes when NO flow of the question is allowed, like `ReachabilityIntent.none`. Fails with an
 * allowed flow as counterexample, the rule that admitted it and the evaluator's reason.
 *
 * `.not.toDenyTraffic(q)` passes when SOME flow of the question is allowed, like
 * `ReachabilityIntent.some`.
 *
 * @param received what `Testing.synth(stack)` returns, that JSON parsed, or the directory
 *   `Testing.fullSynth(stack)` returns
 * @param question from where, to where, on what
 * @throws HwsgError (failing the test, with or without `.not`) for what cannot be evaluated
 */
export function toDenyTraffic(this: HwsgMatcherContext, received: unknown, question: TrafficQuestion): HwsgMatcherResult {
  return judge(this, "toDenyTraffic", "none", received, question);
}

/**
 * The matchers, to register with jest: `expect.extend(hwsgMatchers)`, once, in a setup file
 * (importing `hwsg/testing` registers nothing by itself).
 *
 * @example
 * // jest.config.js: setupFilesAfterEnv: ["<rootDir>/test/setup.ts"]
 * // test/setup.ts
 * import { hwsgMatchers } from "hwsg/testing";
 * expect.extend(hwsgMatchers);
 *
 * // a test
 * import { Testing } from "cdktf";
 * import { Endpoint, Port } from "hwsg";
 * import "hwsg/testing"; // the matchers' types, when the setup file is not part of the compilation
 *
 * const synth = Testing.synth(stack);
 * expect(synth).toAllowTraffic({ from: stack.app, to: stack.db, port: Port.MYSQL });
 * expect(synth).toDenyTraffic({ from: Endpoint.internet(), to: "huaweicloud_compute_instance.db1" });
 * expect(synth).not.toDenyTraffic({ from: "192.168.1.10", to: "huaweicloud_compute_instance.app1", port: 8080 });
 */
export const hwsgMatchers = { toAllowTraffic, toDenyTraffic, toHaveNoFindings, toHaveFinding };

/**
 * The hwsg matchers as jest's `expect(...)` offers them once registered. hwsg adds them to jest's
 * global `jest.Matchers` (the global `expect`, `@types/jest`) and to the `expect` package's
 * `Matchers` (the `expect` exported by `@jest/globals`): importing `hwsg/testing` anywhere in the
 * compilation brings both.
 */
export interface HwsgMatchers<R> {
  /**
   * Passes when every flow of the question is allowed (`.not`: when some flow is denied).
   * Register with `expect.extend(hwsgMatchers)` from `hwsg/testing`.
   */
  toAllowTraffic(question: TrafficQuestion): R;
  /**
   * Passes when no flow of the question is allowed (`.not`: when some flow is allowed).
   * Register with `expect.extend(hwsgMatchers)` from `hwsg/testing`.
   */
  toDenyTraffic(question: TrafficQuestion): R;
  /**
   * Passes when the stack has no unsuppressed lint finding matching the query
   * (`{ severity: "error" }`: nothing that fails the synth). Register with `expect.extend(hwsgMatchers)`.
   */
  toHaveNoFindings(query?: FindingsQuery): R;
  /**
   * Passes when the stack has an unsuppressed finding of the code (`"HWSG001"`) or with the
   * stable id, matching the query (`{ on: construct, severity }`). Register with `expect.extend(hwsgMatchers)`.
   */
  toHaveFinding(code: string, query?: Omit<FindingsQuery, "code">): R;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // eslint-disable-next-line @typescript-eslint/no-empty-interface
    interface Matchers<R> extends HwsgMatchers<R> {}
  }
}

declare module "expect" {
  // eslint-disable-next-line @typescript-eslint/no-empty-interface
  interface Matchers<R extends void | Promise<void>, T = unknown> extends HwsgMatchers<R> {}
}

function judge(context: HwsgMatcherContext, name: MatcherName, quantifier: Quantifier, received: unknown, question: TrafficQuestion): HwsgMatcherResult {
  if (!context || typeof context.utils?.matcherHint !== "function") {
    throw new HwsgError(`${name} is a jest matcher: register it with expect.extend(hwsgMatchers) and call it as expect(Testing.synth(stack)).${name}({ from, to, port })`);
  }
  const hint = context.utils.matcherHint(name, "synth", "question", { isNot: context.isNot === true, ...(context.promise ? { promise: context.promise } : {}) });
  let answer: ReachAnswer;
  let text: string;
  let paths: ReadonlyMap<string, string>;
  let warnings: readonly string[];
  try {
    const model = readReceived(received);
    const prepared = prepareQuestion(model.network, question, quantifier, "question");
    answer = answerReachQuestion(model.network, prepared.question, "question");
    text = prepared.text(answer.from.label, answer.to.label);
    // Construct paths: of the stack the synth came from (Testing.synth strips cdktf's metadata), of
    // the constructs the question names, and of the metadata when the document has it.
    const source = sourceStackOf(model.documents);
    const sourcePaths = source ? [...source.resources].map(([address, c]) => [address, c.node.path] as const) : [];
    paths = new Map([...sourcePaths, ...constructPathsOf(prepared.constructs), ...model.constructPaths]);
    warnings = model.warnings;
  } catch (e) {
    throw new HwsgError(`${hint}\n\n${name} cannot evaluate this: ${(e as Error).message}`);
  }
  const pass = answer.holds;
  return { pass, message: () => message(context, hint, name, answer, text, paths, warnings) };
}

/** The message for the case jest reports: a failure, or a pass under `.not`. */
function message(
  context: HwsgMatcherContext,
  hint: string,
  name: MatcherName,
  answer: ReachAnswer,
  question: string,
  paths: ReadonlyMap<string, string>,
  warnings: readonly string[],
): string {
  const expected = context.utils.EXPECTED_COLOR ?? ((s: string) => s);
  const found = context.utils.RECEIVED_COLOR ?? ((s: string) => s);
  const allow = name === "toAllowTraffic";
  const head = allow
    ? context.isNot
      ? "Expected some flow to be denied, but every flow is allowed"
      : "Expected every flow to be allowed, but this one is denied"
    : context.isNot
      ? "Expected some flow to be allowed, but none is"
      : "Expected no flow to be allowed, but this one is";
  const lines = [`question: ${expected(question)}`];
  const result = answer.result;
  let summary: string;
  if (!result) {
    // Nothing was asked: the statement holds vacuously, which is only reported under .not.
    summary = `${head}: the question asks no flow at all (${answer.noAddress ?? "every flow is excepted, or both ends are the same instance"}).`;
  } else {
    const label = answer.holds ? "example" : "counterexample";
    summary = answer.holds ? `${head}; for example this one.` : `${head}.`;
    const [flowLine, ...rest] = explainWitness(result.witness, answer.network, paths, label);
    lines.push(found(flowLine), ...rest.slice(0, -1));
    const hops = describeHops(result.witness, answer.network);
    if (hops) lines.push(`hops: ${hops}`);
    lines.push(rest[rest.length - 1]);
  }
  for (const w of warnings) lines.push(`assumed: ${w}`);
  return `${hint}\n\n${summary}\n  ${lines.join("\n  ")}`;
}

/** The decision at each instance the flow passes, in order. */
function describeHops(witness: Verdict, network: Network): string {
  const one = (h: Hop): string => {
    const where = network.instances.get(h.instance)?.hypothetical ? `${h.instance} (hypothetical)` : h.instance;
    const by = h.rule ? `by ${h.rule}${h.group ? ` in ${h.group}` : ""}` : "by no rule (the default deny)";
    const ignored = h.ignored.length ? ` (not taking effect: ${h.ignored.map((i) => `${i.rule}, ${i.reason}`).join("; ")})` : "";
    return `${where} ${h.direction}: ${h.verdict} ${by}${ignored}`;
  };
  return witness.hops.map(one).join("; then ");
}
