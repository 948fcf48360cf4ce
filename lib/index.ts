/**
 * hwsg: Huawei Cloud security groups for CDK for Terraform, with an evaluator of Huawei's real
 * matching semantics.
 *
 * Layers, each depending only on those below it:
 * - `core/`: the rule model, address and port sets, the network model and the evaluator (no cdktf);
 * - `analysis/`: the lint, the reachability matrix and the diff (no cdktf);
 * - `report/`: the analysis rendered as text, JSON, Markdown and HTML (no cdktf);
 * - `terraform/`: reading provider JSON and HCL into the network model;
 * - `constructs/`: the cdktf constructs, patterns, intents and synth-time checks;
 * - `cli/`: the `hwsg` command line;
 * - `testing/` (the `hwsg/testing` entry point): jest matchers.
 */
export * from "./core/errors";
export * from "./core/ip";
export * from "./core/address-set";
export * from "./core/port-set";
export * from "./core/protocol";
export { MAX_ICMP, describeIcmpMessage, describeIcmpMessages, hasPortSpace, icmpMessage, icmpName, icmpTypeCode, icmpTypeRange, isIcmp } from "./core/icmp";
export * from "./core/fields";
export * from "./core/rule";
export { MAX_ADDRESS_GROUP_CAPACITY, parseAddressGroup } from "./core/address-group";
export type { AddressGroup as AddressGroupModel, AddressGroupFields } from "./core/address-group";
export { DEFAULT_RULE_PRIORITY, parseSecurityGroup, defaultRuleId, defaultRules } from "./core/security-group";
export type { SecurityGroup as SecurityGroupModel, SecurityGroupFields } from "./core/security-group";
export * from "./core/network";
export * from "./core/effective-rules";
export * from "./core/flow";
export * from "./core/evaluator";
export * from "./core/allowed-space";
export * from "./core/reachability";
export * from "./core/internet";
export * from "./analysis";
export * from "./report";
export { readTerraform, readDocuments, RESOURCE_TYPES, PROJECT_DEFAULT_GROUP } from "./terraform/reader";
export type { ReadOptions, TerraformModel, Unknown, UnknownsMode } from "./terraform/reader";
export { loadDocuments, loadTerraform, prepareDocuments } from "./terraform/documents";
export type { TerraformDocument, LoadOptions } from "./terraform/documents";
export { query } from "./cli/query";
export type { QueryOptions, QueryAnswer } from "./cli/query";
export { run as runCli } from "./cli/main";
export * from "./constructs";
