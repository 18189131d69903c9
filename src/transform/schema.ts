// The stream's JSON schema: metadata columns, then attribute columns, then the raw values column when it is on.
// Flat and self-contained (no $ref, allOf, anyOf or not), as Airbyte destinations expect.

import type { ColumnPlan } from './columns.js';
import { DRAFT_07, type JsonSchema } from './json-schema.js';

export interface StreamSchemaOptions {
  /** Name of the column holding Attio's untouched `values` / `entry_values` object, when raw values are on. */
  rawValuesKey?: string;
}

/** Throws on a duplicate column name: that means the planner's `reserved` list and the metadata disagree. */
export function streamSchema(
  metadataProperties: Record<string, JsonSchema>,
  plans: readonly ColumnPlan[],
  opts: StreamSchemaOptions = {},
): JsonSchema {
  const properties: Record<string, JsonSchema> = { ...metadataProperties };
  const addColumn = (name: string, schema: JsonSchema): void => {
    if (Object.hasOwn(properties, name)) {
      throw new Error(`Column "${name}" is defined twice; pass the metadata columns as planColumns' reserved names.`);
    }
    properties[name] = schema;
  };
  for (const plan of plans) addColumn(plan.column, plan.schema);
  if (opts.rawValuesKey !== undefined) addColumn(opts.rawValuesKey, { type: ['null', 'object'] });

  return { $schema: DRAFT_07, type: 'object', additionalProperties: true, properties };
}
