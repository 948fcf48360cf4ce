/**
 * lib/cdk: which CDK core hwsg loads (cdktf or cdktn), for every combination of installed cores,
 * `HWSG_CDK_CORE` and already-loaded modules, and that the running tests use the core they say.
 */
import * as cdktf from "cdktf";
import { CdkCoreError, CdkCoreName, chooseCdkCore, CoreEnvironment } from "../../lib/cdk/choose-core";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const core = require("../../lib/cdk/core");

function env(installed: CdkCoreName[], variable?: string, loaded: CdkCoreName[] = []): CoreEnvironment {
  return {
    ...(variable !== undefined ? { variable } : {}),
    resolve: (name) => (installed.includes(name) ? `/app/node_modules/${name}/lib/index.js` : undefined),
    loaded: (file) => loaded.some((n) => file === `/app/node_modules/${n}/lib/index.js`),
  };
}

function errorOf(e: CoreEnvironment): string {
  try {
    chooseCdkCore(e);
  } catch (error) {
    expect(error).toBeInstanceOf(CdkCoreError);
    return (error as Error).message;
  }
  throw new Error("no error");
}

describe("chooseCdkCore", () => {
  it.each<[CdkCoreName[], CdkCoreName]>([
    [["cdktf"], "cdktf"],
    [["cdktn"], "cdktn"],
  ])("uses the only core installed (%j)", (installed, name) => {
    expect(chooseCdkCore(env(installed))).toEqual({ name, reason: `${name} is the only CDK core installed` });
  });

  it("with both installed, follows HWSG_CDK_CORE, then the core the app loaded, then defaults to cdktf and says how to change it", () => {
    expect(chooseCdkCore(env(["cdktf", "cdktn"], "cdktn")).name).toBe("cdktn");
    expect(chooseCdkCore(env(["cdktf", "cdktn"], " cdktf ")).name).toBe("cdktf");
    expect(chooseCdkCore(env(["cdktf", "cdktn"], undefined, ["cdktn"]))).toEqual({ name: "cdktn", reason: "both cores are installed and the app already loaded cdktn" });
    expect(chooseCdkCore(env(["cdktf", "cdktn"], "", ["cdktf"])).name).toBe("cdktf");
    const both = chooseCdkCore(env(["cdktf", "cdktn"], undefined, ["cdktf", "cdktn"]));
    expect(both.name).toBe("cdktf");
    expect(both.reason).toContain("HWSG_CDK_CORE=cdktn");
  });

  it("the variable wins over the only installed core only when that core is installed", () => {
    expect(errorOf(env(["cdktf"], "cdktn"))).toMatch(/HWSG_CDK_CORE is "cdktn" but the package cdktn cannot be found .*npm install cdktn@0\.24\.x constructs/);
  });

  it("refuses another value of HWSG_CDK_CORE, quoting it without control characters", () => {
    const message = errorOf(env(["cdktf"], "cdk\u001b[31mtf"));
    expect(message).toContain('HWSG_CDK_CORE is "cdk\\u001b[31mtf": it must be "cdktf" or "cdktn"');
  });

  it("with neither installed, names both packages and the npm install line", () => {
    const message = errorOf(env([]));
    expect(message).toContain("neither cdktf (0.21.x) nor cdktn (0.24.x) is installed");
    expect(message).toContain("`npm install cdktf@0.21.x constructs` or `npm install cdktn@0.24.x constructs`");
  });
});

describe("the core of this test run", () => {
  it("is the one HWSG_CDK_CORE names (cdktf when unset)", () => {
    // With HWSG_CDK_CORE=cdktn, jest maps the tests' "cdktf" to cdktn (jest.config.js).
    expect(core.App).toBe(cdktf.App);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cdktn = require("cdktn");
    if (process.env.HWSG_CDK_CORE === "cdktn") expect(core.App).toBe(cdktn.App);
    else expect(core.App).not.toBe(cdktn.App);
  });
});
