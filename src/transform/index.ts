// Attio value envelopes → typed warehouse columns. See docs/attribute-types.md.

export type { JsonSchema } from './json-schema.js';
export { ATTRIBUTE_TYPE_MAPPINGS, attributeTypeMapping, type AttributeTypeMapping } from './attribute-types.js';
export { METADATA_FACT_SLUGS, planColumns, type ColumnPlan, type PlanColumnsOptions } from './columns.js';
export { buildValuesMapper, type ValuesMapper, type ValuesMapperOptions } from './row-mapper.js';
export { streamSchema, type StreamSchemaOptions } from './schema.js';
