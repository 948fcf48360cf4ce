/**
 * Where a module call's code is, as `terraform init` would have it: a local path (`./x`,
 * `../x`) relative to the calling module's directory; anything else (the registry, git, http,
 * s3…) where `terraform init` installed it, as recorded in the root module's
 * `.terraform/modules/modules.json` (keyed by the call path, `app.sg`). A remote module that is
 * not installed cannot be read: the call is reported as an unknown, never guessed.
 */
import * as fs from "fs";
import * as path from "path";
import { HwsgError } from "../../core/errors";

/** Where a module call's code is, or why it cannot be read. */
export type ModuleSource =
  | { readonly kind: "local" | "installed"; readonly directory: string; readonly source: string }
  | { readonly kind: "missing"; readonly source: string; readonly reason: string };

/** What `terraform init` recorded: call path (`app.sg`) → directory. */
export type ModuleManifest = ReadonlyMap<string, string>;

/** The largest manifest read (a real one is a few kilobytes). */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/**
 * The manifest `terraform init` wrote in the root module's directory, if any.
 * @throws HwsgError naming the file when it is there but not Terraform's manifest
 */
export function readModuleManifest(rootDirectory: string): ModuleManifest {
  const file = path.join(rootDirectory, ".terraform", "modules", "modules.json");
  const out = new Map<string, string>();
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return out;
  }
  if (!stat.isFile() || stat.size > MAX_MANIFEST_BYTES) throw new HwsgError(`${file}: not a module manifest of terraform init (not a regular file of at most ${MAX_MANIFEST_BYTES} bytes)`);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new HwsgError(`${file}: not valid JSON: ${(e as Error).message.split("\n")[0]}`);
  }
  const modules = (json as { Modules?: unknown } | null)?.Modules;
  if (!Array.isArray(modules)) throw new HwsgError(`${file}: not a module manifest of terraform init (no "Modules" list)`);
  modules.forEach((m, i) => {
    const key = (m as { Key?: unknown } | null)?.Key;
    const dir = (m as { Dir?: unknown } | null)?.Dir;
    if (typeof key !== "string" || typeof dir !== "string") throw new HwsgError(`${file}: Modules[${i}] must have a string Key and Dir`);
    if (key !== "") out.set(key, path.join(rootDirectory, dir));
  });
  return out;
}

/**
 * Where the code of a module call is.
 * @param callPath the call's names from the root (`["app", "sg"]`): the manifest's key
 * @param callerDirectory the directory of the module that makes the call
 */
export function moduleSource(source: unknown, callPath: readonly string[], callerDirectory: string, manifest: ModuleManifest): ModuleSource {
  if (typeof source !== "string" || source === "") {
    return { kind: "missing", source: String(source), reason: "its source is not a literal string, so the module cannot be found statically" };
  }
  const key = callPath.join(".");
  if (source.startsWith("./") || source.startsWith("../") || source === "." || source === "..") {
    // Joined, not resolved: a relative root keeps relative paths in messages and reports.
    const directory = path.join(callerDirectory, source);
    if (!isDirectory(directory)) throw new HwsgError(`${callerDirectory}: module ${callPath[callPath.length - 1]}: source ${JSON.stringify(source)} is not a directory (${directory})`);
    return { kind: "local", directory, source };
  }
  const installed = manifest.get(key);
  if (installed !== undefined && isDirectory(installed)) return { kind: "installed", directory: installed, source };
  return {
    kind: "missing",
    source,
    reason: installed !== undefined
      ? `terraform init recorded it in ${installed}, which is not there`
      : "it is a remote module that terraform init has not installed here (no .terraform/modules/modules.json entry), so its resources cannot be read",
  };
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
