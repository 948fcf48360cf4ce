/**
 * Resource types the provider does not have. Terraform rejects such a type at `terraform init`
 * (the provider has no resource of that name); hwsg, reading the configuration without the
 * provider, warns instead, with the closest type the provider registers: a misspelt
 * `huaweicloud_networking_secgrup_rule` must not silently vanish from the model.
 */
import { isProviderResourceType, providerResourceTypes, providerVersion } from "./provider-schema";
import { nameSuggestion, shownName } from "./suggest";

/** The provider's type prefix: types under it are checked against the provider's list. */
const PREFIX = "huaweicloud_";

/**
 * How many distinct unknown types get a warning of their own, with a "did you mean" (each one
 * compares against every provider type); the rest are counted in one last warning.
 */
const MAX_SUGGESTED = 50;

/** A resource block, as far as these warnings need it. */
export interface TypedBlock {
  readonly type: string;
  readonly address: string;
  readonly file: string;
}

/**
 * One warning per `huaweicloud_*` resource type the provider does not register, and per type of
 * another prefix within a typo of a modelled one (`hauweicloud_networking_secgroup_rule`), naming
 * the blocks of that type (the first few) and, where one is close, the type probably meant.
 * @param modelled whether the reader models a type (never warned about)
 * @param modelledNames the modelled types' names, legacy names included
 */
export function unknownResourceTypeWarnings(blocks: Iterable<TypedBlock>, modelled: (type: string) => boolean, modelledNames: readonly string[]): string[] {
  const byType = new Map<string, TypedBlock[]>();
  const otherPrefix = new Map<string, boolean>();
  const closeToModelled = (type: string): boolean => {
    let close = otherPrefix.get(type);
    if (close === undefined) otherPrefix.set(type, (close = nameSuggestion(type, modelledNames) !== undefined));
    return close;
  };
  for (const b of blocks) {
    if (byType.has(b.type)) {
      byType.get(b.type)!.push(b);
      continue;
    }
    if (modelled(b.type) || isProviderResourceType(b.type)) continue;
    if (!b.type.startsWith(PREFIX) && !closeToModelled(b.type)) continue;
    byType.set(b.type, [b]);
  }
  const out: string[] = [];
  let suggested = 0;
  for (const [type, list] of byType) {
    if (suggested++ === MAX_SUGGESTED) {
      const rest = [...byType.values()].slice(MAX_SUGGESTED);
      const first = rest[0][0];
      out.push(`${shownName(`${first.file}: ${first.address}`)} and ${rest.reduce((n, l) => n + l.length, 0) - 1} more resources: ${rest.length} more types the huaweicloud provider (${providerVersion()}) does not have: terraform would reject them, and hwsg leaves them out of the model`);
      break;
    }
    const suggestion = nameSuggestion(type, type.startsWith(PREFIX) ? providerResourceTypes() : modelledNames);
    const where = list.slice(0, 3).map((b) => shownName(`${b.file}: ${b.address}`)).join(", ") + (list.length > 3 ? ` and ${list.length - 3} more` : "");
    out.push(
      `${where}: ${type.startsWith(PREFIX) ? `the huaweicloud provider (${providerVersion()}) has no resource type ${shownName(type)}` : `${shownName(type)} is not a huaweicloud resource type`}${suggestion ? ` (did you mean ${suggestion}?)` : ""}: terraform would reject it, and hwsg leaves it out of the model`,
    );
  }
  return out;
}
