/**
 * hwsg's own version, as its package.json says (found from this file upward, so it works from
 * the compiled `dist/` and from the sources alike).
 */
import * as fs from "fs";
import * as path from "path";

/** The version of the hwsg package this code belongs to, e.g. `0.1.0`. */
export function hwsgVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: unknown; version?: unknown };
      if (pkg.name === "hwsg" && typeof pkg.version === "string") return pkg.version;
    }
    if (path.dirname(dir) === dir) return "unknown";
  }
}
