/**
 * Terraform's names: resource types and names, data sources, variables, locals, outputs and
 * modules must be identifiers, as `terraform validate` checks ("A name must start with a letter
 * or underscore and may contain only letters, digits, underscores, and dashes"). HCL's
 * identifiers are Unicode identifiers (UAX #31) that may also hold dashes.
 */
import { HwsgError } from "../core/errors";
import { printable, quoted } from "./sources/printable";

const IDENTIFIER = /^[\p{ID_Start}_][\p{ID_Continue}-]*$/u;

/**
 * Names a variable may not take: they mean something else in a module block (Terraform's
 * reserved variable names).
 */
const RESERVED_VARIABLE_NAMES = new Set(["source", "version", "providers", "count", "for_each", "lifecycle", "depends_on", "locals"]);

/** Whether a name is a valid Terraform identifier. */
export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

/**
 * Checks a name declared in a file.
 * @param file the file, for the message
 * @param what what is named, as Terraform says it: `resource name`, `data source type`, `variable name`…
 * @param block the block it names, for the message (`resource "huaweicloud_vpc"`)
 * @throws HwsgError naming file, block and name when Terraform rejects it
 */
export function checkName(file: string, what: string, block: string, name: string): void {
  if (!isIdentifier(name)) {
    throw new HwsgError(`${printable(file)}: ${printable(block)}: invalid ${what} ${quoted(name, 80)}: a name must start with a letter or underscore and may contain only letters, digits, underscores, and dashes`);
  }
  if (what === "variable name" && RESERVED_VARIABLE_NAMES.has(name)) {
    throw new HwsgError(`${printable(file)}: ${printable(block)}: invalid ${what} ${quoted(name)}: the name is reserved (it has a special meaning inside module blocks)`);
  }
}
