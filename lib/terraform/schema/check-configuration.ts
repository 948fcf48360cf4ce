/**
 * The schema stage of the reader: every block of a modelled resource type (under its current
 * name or a legacy one) is checked against the provider schema, whether or not the model reads
 * it; `huaweicloud_*` types the provider does not register are warnings.
 */
import type { ValueSource } from "../value-source";
import { checkResourceBlock } from "./block-check";
import { currentType, legacyNamesOf, resourceSchema } from "./provider-schema";
import { unknownResourceTypeWarnings } from "./resource-types";

/**
 * Checks the configuration's resource blocks.
 * @param modelled the current names of the types the reader models
 * @returns warnings about resource types the provider does not have
 * @throws ValidationError on the first block `terraform validate` would reject
 */
export function checkAgainstSchema(config: ValueSource, modelled: ReadonlySet<string>): string[] {
  const isModelled = (type: string): boolean => modelled.has(currentType(type));
  for (const block of config.all()) {
    if (!isModelled(block.type)) continue;
    const schema = resourceSchema(block.type);
    if (!schema) continue;
    checkResourceBlock(block.body, schema, { subject: config.subject(block), written: (raw) => config.written(block, raw) });
  }
  const names = [...modelled].flatMap((type) => [type, ...legacyNamesOf(type)]);
  return unknownResourceTypeWarnings(config.all(), isModelled, names);
}
