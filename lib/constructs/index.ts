/**
 * The cdktf constructs: security groups, address groups, peers and ports, connections,
 * reachability intents, the synth-time checks and their suppressions, and the patterns.
 */
export * from "./port";
export * from "./peer";
export * from "./security-group";
export * from "./address-group";
export * from "./connections";
export * from "./endpoint";
export * from "./intent";
export * from "./checks";
export * from "./suppressions";
export * from "./patterns";
