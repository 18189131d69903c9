// JSON Schema (draft-07, Airbyte flavour) as plain objects. Every builder returns a fresh object so a caller may
// annotate one column's schema without touching another's.

/** A JSON Schema document or sub-schema. Kept loose on purpose: the shapes here are built by hand, not validated. */
export type JsonSchema = Record<string, unknown>;

export const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

/** Airbyte's marker that a date-time string carries an offset (Attio's are always UTC, `…Z`). */
const TIMESTAMP_WITH_TIMEZONE = 'timestamp_with_timezone';

export function stringSchema(): JsonSchema {
  return { type: 'string' };
}

export function dateSchema(): JsonSchema {
  return { type: 'string', format: 'date' };
}

export function dateTimeSchema(): JsonSchema {
  return { type: 'string', format: 'date-time', airbyte_type: TIMESTAMP_WITH_TIMEZONE };
}

/** `schema` with `"null"` added to its `type` (`"T"` → `["T", "null"]`). */
export function nullable(schema: JsonSchema): JsonSchema {
  const type = schema.type;
  if (Array.isArray(type)) return type.includes('null') ? { ...schema } : { ...schema, type: [...type, 'null'] };
  return { ...schema, type: [type, 'null'] };
}

/** An object whose every property is nullable. Sub-objects stay open: Attio adds fields over time. */
export function objectOfNullables(properties: Record<string, JsonSchema>): JsonSchema {
  const nullableProperties: Record<string, JsonSchema> = {};
  for (const [name, schema] of Object.entries(properties)) nullableProperties[name] = nullable(schema);
  return { type: 'object', properties: nullableProperties };
}

/** A nullable array column: null when the attribute is absent, `[]` when it has no active values. */
export function nullableArrayOf(items: JsonSchema): JsonSchema {
  return { type: ['null', 'array'], items };
}
