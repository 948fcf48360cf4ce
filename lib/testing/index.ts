/**
 * `hwsg/testing`: jest matchers that evaluate a synthesized stack with Huawei Cloud's real
 * security-group semantics.
 *
 * - `toAllowTraffic(question)` passes when EVERY flow of the question is allowed
 *   (`ReachabilityIntent.every`); `.not.toAllowTraffic` when some flow is denied.
 * - `toDenyTraffic(question)` passes when NO flow of the question is allowed
 *   (`ReachabilityIntent.none`); `.not.toDenyTraffic` when some flow is allowed.
 *
 * - `toHaveNoFindings(query?)` passes when the stack has no unsuppressed lint finding matching
 *   the query: `{ severity: "error" }` is "nothing fails the synth".
 * - `toHaveFinding(code, { on, severity })` passes when it has one: `"HWSG001"`, or a finding's
 *   stable id, on a construct (or anything below it).
 *
 * A traffic failure names the question, a counterexample flow, the deciding rule (Terraform
 * address, construct path, rule text), the decision at each instance and the evaluator's reason;
 * a findings failure lists the findings that matched (or those there are), each with its fix.
 * The findings are those the synth-time checks report, with the stack's suppressions and lint
 * options, whether or not the stack's validations ran.
 *
 * Importing this module registers nothing: call `expect.extend(hwsgMatchers)` (in a jest setup
 * file, or at the top of a test file). The module does not load jest; its types declare the
 * matchers on jest's global `jest.Matchers` and on the `expect` package's `Matchers`, which
 * the `expect` exported by `@jest/globals` uses.
 *
 * @example
 * import { Testing } from "cdktf";
 * import { Endpoint, Port } from "hwsg";
 * import { hwsgMatchers } from "hwsg/testing";
 *
 * expect.extend(hwsgMatchers);
 *
 * test("the database is private", () => {
 *   const stack = new ThreeTierStack(Testing.app(), "three-tier");
 *   const synth = Testing.synth(stack);
 *   expect(synth).toAllowTraffic({ from: stack.app, to: stack.db, port: Port.MYSQL });
 *   expect(synth).toDenyTraffic({ from: "203.0.113.9", to: "huaweicloud_compute_instance.db1", port: 3306 });
 *   expect(synth).toDenyTraffic({ from: Endpoint.internet(), to: stack.db }); // every protocol and port
 *   expect(synth).toHaveNoFindings({ severity: "error" });
 *   expect(synth).not.toHaveFinding("HWSG001", { on: stack.bastion });
 * });
 */
export { hwsgMatchers, toAllowTraffic, toDenyTraffic } from "./matchers";
export type { HwsgMatcherContext, HwsgMatcherResult, HwsgMatchers } from "./matchers";
export { toHaveFinding, toHaveNoFindings } from "./findings";
export type { FindingsQuery } from "./findings";
export { prepareQuestion, constructPathsOf } from "./question";
export type { TrafficQuestion, TrafficEnd, TrafficProtocol, PreparedQuestion } from "./question";
export { readReceived, ACCEPTED_RECEIVED } from "./received";
export type { ReceivedModel } from "./received";
