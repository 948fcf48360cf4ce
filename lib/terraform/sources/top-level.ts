/**
 * The top level of a Terraform file: only Terraform's block types, as `terraform validate`
 * checks them. An unknown key (a `"resources"` typo) is an error naming it, what is allowed and
 * the closest allowed name, instead of a configuration read as empty.
 */
import { HwsgError } from "../../core/errors";
import { printable, quoted } from "./printable";
import { SourcePosition } from "./json-file";

/**
 * The block types of a Terraform file's top level (Terraform's `configFileSchema`), in the
 * order Terraform's documentation lists them. The JSON syntax adds `"//"`, a comment.
 */
export const TOP_LEVEL_BLOCK_TYPES: readonly string[] = ["terraform", "provider", "variable", "locals", "output", "module", "resource", "data", "ephemeral", "action", "moved", "removed", "import", "check"];

const ALLOWED = new Set([...TOP_LEVEL_BLOCK_TYPES, "//"]);

/**
 * Checks the keys of a file's top level.
 * @param position where a key is written, when known (JSON files)
 * @throws HwsgError `file:line:column: unknown top-level key …` for the first key Terraform does not allow
 */
export function checkTopLevel(file: string, json: Record<string, unknown>, position: (key: string) => SourcePosition | undefined): void {
  for (const key of Object.keys(json)) {
    if (ALLOWED.has(key)) continue;
    const at = position(key);
    const where = at ? `${printable(file)}:${at.line}:${at.column}` : printable(file);
    const hint =
      key === "required_providers"
        ? '; a "required_providers" block belongs inside the "terraform" block'
        : ((s) => (s ? `; did you mean ${quoted(s)}?` : ""))(closest(key, TOP_LEVEL_BLOCK_TYPES));
    throw new HwsgError(`${where}: unknown top-level key ${quoted(key)}: Terraform allows only ${TOP_LEVEL_BLOCK_TYPES.join(", ")} and "//" (a comment) here${hint}`);
  }
}

/** The name of `names` closest to `word`, when it is within two edits (as Terraform suggests names). */
export function closest(word: string, names: readonly string[]): string | undefined {
  if (word.length > 64) return undefined;
  let best: string | undefined;
  let bestDistance = 3;
  for (const name of names) {
    const d = editDistance(word, name);
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return best;
}

/** Levenshtein distance (both words short: the caller bounds them). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length];
}
