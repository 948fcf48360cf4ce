/**
 * `path.module`, `path.root` and `path.cwd`. The reader reads a configuration as Terraform run
 * in its directory (`terraform -chdir=<dir>`) does: `path.module` and `path.root` are `.`, and a
 * relative path given to `file` or `templatefile` is read from the directory of the file the
 * expression is written in (so `"${path.module}/rules.yaml"` and `"rules.yaml"` both name the
 * file next to it). `path.cwd` is that directory as an absolute path.
 */
import * as path from "path";
import { ValidationError } from "../core/errors";
import type { Site } from "./site";

/** The value of `path.NAME` where `site` is. @throws ValidationError for any other attribute */
export function pathValue(name: string, site: Site): string {
  switch (name) {
    case "module":
    case "root":
      return ".";
    case "cwd":
      return path.resolve(site.file !== undefined ? path.dirname(site.file) : ".");
    default:
      throw new ValidationError(site.subject, site.field, site.written, `path has only the attributes module, root and cwd, not ${JSON.stringify(name)}`);
  }
}

/** The file a relative path names, read from the directory of the file `site` is in. */
export function resolvePath(given: string, file: string | undefined): string {
  return path.resolve(file !== undefined ? path.dirname(file) : ".", given);
}
