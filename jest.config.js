/**
 * The tests run on cdktf by default. `HWSG_CDK_CORE=cdktn npx jest ...` (npm run test:cdktn) runs
 * them on CDK Terrain instead: hwsg's resolver (lib/cdk/core.js) then loads cdktn, and the
 * tests' and examples' own `import ... from "cdktf"` is mapped to cdktn, as in an app whose only
 * core is cdktn (the repository has both installed to test both).
 * @type {import('jest').Config}
 */
const core = (process.env.HWSG_CDK_CORE || "").trim() || undefined; // empty means unset, as for hwsg
if (core !== undefined && core !== "cdktf" && core !== "cdktn") {
  throw new Error(`HWSG_CDK_CORE is ${JSON.stringify(core)}: it must be "cdktf" or "cdktn"`);
}
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { isolatedModules: true, diagnostics: false }],
  },
  moduleNameMapper: core === "cdktn" ? { "^cdktf$": "cdktn" } : {},
  testTimeout: 120000,
};
