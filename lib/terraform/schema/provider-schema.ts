/**
 * The huaweicloud provider's schema as kept in this repository: `schema/huaweicloud.json` (the
 * format of `terraform providers schema -json`, for the resource types hwsg models) and
 * `schema/resource-types.json` (every resource type the provider registers, and the legacy names
 * it still registers for a modelled type with the same schema). Loaded once, on first use.
 */
// Imported (not read from disk at run time), so the files travel with the compiled code wherever
// it is emitted (dist/, the benchmark's build directory): tsc copies imported JSON files.
import schemaFile from "../../../schema/huaweicloud.json";
import typesFile from "../../../schema/resource-types.json";

/** A Terraform type as the schema writes it: `"string"`, `["list", "string"]`, `["object", {...}]`. */
export type SchemaType = string | readonly [string, SchemaType] | readonly ["object", Readonly<Record<string, SchemaType>>];

/** One argument (attribute) of a block. */
export interface SchemaAttribute {
  readonly type: SchemaType;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly deprecated?: boolean;
  readonly description?: string;
}

/** A nested block type. */
export interface SchemaBlockType {
  readonly nesting_mode: "single" | "list" | "set" | "map" | "group";
  readonly block: SchemaBlock;
  readonly min_items?: number;
  readonly max_items?: number;
}

/** A block: its arguments and nested block types. */
export interface SchemaBlock {
  readonly attributes?: Readonly<Record<string, SchemaAttribute>>;
  readonly block_types?: Readonly<Record<string, SchemaBlockType>>;
}

interface ProviderSchemaFile {
  readonly provider_schemas: Readonly<Record<string, { readonly resource_schemas: Readonly<Record<string, { readonly block: SchemaBlock }>> }>>;
}

interface ResourceTypesFile {
  readonly version: string;
  readonly legacy: Readonly<Record<string, string>>;
  readonly resource_types: readonly string[];
}

/** The registry address of the provider whose schema is kept. */
export const PROVIDER_SOURCE = "registry.terraform.io/huaweicloud/huaweicloud";

let loaded: { readonly resources: Readonly<Record<string, { readonly block: SchemaBlock }>>; readonly types: ResourceTypesFile; readonly known: ReadonlySet<string> } | undefined;

function load(): NonNullable<typeof loaded> {
  if (!loaded) {
    const types = typesFile as unknown as ResourceTypesFile;
    loaded = { resources: (schemaFile as unknown as ProviderSchemaFile).provider_schemas[PROVIDER_SOURCE].resource_schemas, types, known: new Set(types.resource_types) };
  }
  return loaded;
}

/** The current type a resource type name stands for: itself, or the type a legacy name is registered as. */
export function currentType(type: string): string {
  return Object.prototype.hasOwnProperty.call(load().types.legacy, type) ? load().types.legacy[type] : type;
}

/** Whether the name is a legacy name of a modelled type (`huaweicloud_vpc_v1`). */
export function isLegacyName(type: string): boolean {
  return currentType(type) !== type;
}

/** The legacy names registered for a current type. */
export function legacyNamesOf(type: string): string[] {
  return Object.entries(load().types.legacy).filter(([, current]) => current === type).map(([legacy]) => legacy);
}

/** The schema of a resource type (a legacy name gives its current type's), or undefined when it is not kept. */
export function resourceSchema(type: string): SchemaBlock | undefined {
  const resources = load().resources;
  const current = currentType(type);
  return Object.prototype.hasOwnProperty.call(resources, current) ? resources[current].block : undefined;
}

/** Whether the provider registers a resource type of this name. */
export function isProviderResourceType(type: string): boolean {
  return load().known.has(type);
}

/** Every resource type name the provider registers, sorted. */
export function providerResourceTypes(): readonly string[] {
  return load().types.resource_types;
}

/** The provider version the list of resource types was taken from. */
export function providerVersion(): string {
  return load().types.version;
}
