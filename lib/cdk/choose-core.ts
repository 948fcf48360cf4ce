/**
 * Which CDK core the app runs on: cdktf (CDK for Terraform 0.21) or cdktn (CDK Terrain 0.24, its
 * community continuation). hwsg installs neither (both are optional peer dependencies); every
 * module of hwsg that needs the core gets it from `./core`, which loads the package chosen here,
 * so hwsg's constructs extend the very `TerraformResource`/`TerraformStack` classes of the app.
 *
 * The choice, in order:
 * 1. the environment variable `HWSG_CDK_CORE` (`cdktf` or `cdktn`), when set;
 * 2. the only one of the two that the app can resolve;
 * 3. with both resolvable, the one the app has already loaded (the app imported its core before
 *    hwsg), when exactly one is loaded;
 * 4. otherwise cdktf, the core hwsg's own repository tests with by default — set
 *    `HWSG_CDK_CORE=cdktn` to run a cdktn app that also has cdktf installed.
 * With neither resolvable, loading fails with an error that names both packages.
 */

/** The two CDK cores hwsg supports. */
export type CdkCoreName = "cdktf" | "cdktn";

/** The supported cores with the version ranges of hwsg's peer dependencies. */
export const CDK_CORES: Readonly<Record<CdkCoreName, string>> = { cdktf: "0.21.x", cdktn: "0.24.x" };

/** The environment variable that picks the core when the app can resolve both. */
export const CDK_CORE_VARIABLE = "HWSG_CDK_CORE";

/** What the choice depends on; the defaults read the running process. */
export interface CoreEnvironment {
  /** The value of `HWSG_CDK_CORE`, if set. */
  readonly variable?: string;
  /** The file `require` resolves the package name to, or undefined when it cannot. */
  readonly resolve: (name: CdkCoreName) => string | undefined;
  /** Whether the module at that file was already loaded by the app. */
  readonly loaded: (file: string) => boolean;
}

/** The chosen core and why it was chosen (for messages and tests). */
export interface CoreChoice {
  readonly name: CdkCoreName;
  readonly reason: string;
}

/** Error thrown when no supported core can be used; its message says what to install. */
export class CdkCoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CdkCoreError";
  }
}

function install(): string {
  return `install one of them in the app: \`npm install cdktf@${CDK_CORES.cdktf} constructs\` or \`npm install cdktn@${CDK_CORES.cdktn} constructs\``;
}

/**
 * Chooses the app's CDK core (see the module comment for the order).
 * @throws CdkCoreError when `HWSG_CDK_CORE` has another value or names a package that is not
 *   installed, or when neither cdktf nor cdktn is installed
 */
export function chooseCdkCore(env: CoreEnvironment): CoreChoice {
  const files: Record<CdkCoreName, string | undefined> = { cdktf: env.resolve("cdktf"), cdktn: env.resolve("cdktn") };
  const variable = env.variable?.trim();
  if (variable !== undefined && variable !== "") {
    if (variable !== "cdktf" && variable !== "cdktn") {
      throw new CdkCoreError(`hwsg: ${CDK_CORE_VARIABLE} is ${JSON.stringify(variable.slice(0, 40))}: it must be "cdktf" or "cdktn" (or unset)`);
    }
    if (files[variable] === undefined) {
      throw new CdkCoreError(`hwsg: ${CDK_CORE_VARIABLE} is "${variable}" but the package ${variable} cannot be found from ${__dirname}: ${install()}`);
    }
    return { name: variable, reason: `${CDK_CORE_VARIABLE}=${variable}` };
  }
  const present = (["cdktf", "cdktn"] as const).filter((n) => files[n] !== undefined);
  if (present.length === 0) {
    throw new CdkCoreError(`hwsg: neither cdktf (${CDK_CORES.cdktf}) nor cdktn (${CDK_CORES.cdktn}) is installed; hwsg uses the app's own CDK core: ${install()}`);
  }
  if (present.length === 1) return { name: present[0], reason: `${present[0]} is the only CDK core installed` };
  const loaded = present.filter((n) => env.loaded(files[n] as string));
  if (loaded.length === 1) return { name: loaded[0], reason: `both cores are installed and the app already loaded ${loaded[0]}` };
  return { name: "cdktf", reason: `both cores are installed; cdktf is the default (set ${CDK_CORE_VARIABLE}=cdktn to use cdktn)` };
}

/** The choice for the running process: `require.resolve` from hwsg's own folder, `require.cache`. */
export function processCoreEnvironment(): CoreEnvironment {
  return {
    variable: process.env[CDK_CORE_VARIABLE],
    resolve: (name) => {
      try {
        return require.resolve(name);
      } catch {
        return undefined;
      }
    },
    loaded: (file) => require.cache !== undefined && require.cache[file] !== undefined,
  };
}

/**
 * Loads the app's CDK core module (the chosen package's exports).
 * @throws CdkCoreError as `chooseCdkCore` does
 */
export function loadCdkCore(env: CoreEnvironment = processCoreEnvironment()): unknown {
  const choice = chooseCdkCore(env);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return choice.name === "cdktn" ? require("cdktn") : require("cdktf");
}
