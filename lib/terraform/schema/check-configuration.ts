/**
 * The schema stage of the reader: every block of a modelled resource type (under its current
 * name or a legacy one) is checked against the provider schema, whether or not the model reads
 * it; `huaweicloud_*` types the provider does not register are warnings. For member types
 * whose blocks hold mostly fields that decide no verdict (a database's backups, a node's disks),
 * what `terraform validate` would reject is a warning: the reader checks the fields it reads
 * itself, as the provider does.
 */
import { ValidationError } from "../../core/errors";
import type { ValueSource } from "../value-source";
import { checkResourceBlock } from "./block-check";
import { currentType, legacyNamesOf, providerVersion, resourceSchema } from "./provider-schema";
import { unknownResourceTypeWarnings } from "./resource-types";

/**
 * Checks the configuration's resource blocks.
 * @param modelled the current names of the types the reader models
 * @returns warnings about resource types the provider does not have
 * @throws ValidationError on the first block `terraform validate` would reject
 */
export function checkAgainstSchema(config: ValueSource, modelled: ReadonlySet<string>, lenient: ReadonlySet<string> = new Set()): string[] {
  const isModelled = (type: string): boolean => modelled.has(currentType(type)) || lenient.has(currentType(type));
  const warnings: string[] = [];
  for (const block of config.all()) {
    if (!isModelled(block.type)) continue;
    const schema = resourceSchema(block.type);
    if (!schema) continue;
    try {
      checkResourceBlock(block.body, schema, { subject: config.subject(block), written: (raw) => config.written(block, raw) });
    } catch (e) {
      if (!(e instanceof ValidationError) || !lenient.has(currentType(block.type))) throw e;
      warnings.push(`${e.message} (terraform validate would reject it with provider ${providerVersion()}; hwsg checks the fields it reads itself and goes on)`);
    }
  }
  const names = [...modelled, ...lenient].flatMap((type) => [type, ...legacyNamesOf(type)]);
  return [...warnings, ...unknownResourceTypeWarnings(config.all(), isModelled, names)];
}
