/** The pattern constructs: documented scenarios with built-in intents. */
export * from "./pattern-security-group";
export * from "./pattern-intent";
export * from "./web-server-sg";
export * from "./bastion-sg";
export * from "./ftp-server-sg";
export * from "./database-sg";
export * from "./egress-whitelist-sg";
