/**
 * `hwsg/testing`: jest matchers that evaluate a synthesized stack with Huawei Cloud's real
 * security-group semantics.
 *
 * - `toAllowTraffic(question)` passes when EVERY flow of the question is allowed
 *   (`ReachabilityIntent.every`); `.not.toAllowTraffic` when some flow is denied.
 * - `toDenyTraffic(question)` passes when NO flow of the question is allowed
 *   (`ReachabilityIntent.none`); `.not.toDenyTraffic` when some flow is allowed.
 *
 * A failure names the question, a counterexample flow, the deciding rule (Terraform address,
 * construct path, rule text), the decision at each instance and the evaluator's reason.
 *
 * Importing this module registers nothing: call `expect.extend(hwsgMatchers)` (in a jest setup
 * file, or at the top of a test file). The module does not load jest; its types declare the
 * matchers on jest's global `jest.Matchers`.
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
 * });
 */
export { hwsgMatchers, toAllowTraffic, toDenyTraffic } from "./matchers";
export type { HwsgMatcherContext, HwsgMatcherResult } from "./matchers";
export { prepareQuestion, constructPathsOf } from "./question";
export type { TrafficQuestion, TrafficEnd, TrafficProtocol, PreparedQuestion } from "./question";
export { readReceived, ACCEPTED_RECEIVED } from "./received";
export type { ReceivedModel } from "./received";
