// One attribute → its column schema and its flatten function: the type table's row, made nullable for a single
// value or wrapped in an array for a multiselect, or the raw-JSON fallback for a type this connector does not know.

import type { AttioAttribute, AttioValue } from '../attio/types.js';
import { multiValue, rawActiveValues, singleValue, type Flatten } from './active-values.js';
import { attributeTypeMapping } from './attribute-types.js';
import { nullable, nullableArrayOf, type JsonSchema } from './json-schema.js';

/** One value envelope, active or historic, as one item of the attribute's column. */
export interface AttributeValue {
  /** Nullable: the value of a single-valued column, the item type of a multiselect one. */
  schema: JsonSchema;
  value: (envelope: AttioValue) => unknown;
}

export interface AttributeColumn {
  schema: JsonSchema;
  flatten: Flatten;
  /** False when the attribute's type is not in the table and the column carries raw envelopes. */
  typed: boolean;
}

/** Title and description travel on the column schema, where destinations show them; the column is named by slug. */
function annotate(schema: JsonSchema, attribute: AttioAttribute): JsonSchema {
  // Only strings: a null title or description would make the schema itself invalid draft-07.
  const annotated: JsonSchema = typeof attribute.title === 'string' ? { title: attribute.title, ...schema } : { ...schema };
  if (typeof attribute.description === 'string' && attribute.description !== '') {
    annotated.description = attribute.description;
  }
  return annotated;
}

export function attributeColumn(attribute: AttioAttribute): AttributeColumn {
  const mapping = attributeTypeMapping(attribute.type);
  if (mapping === undefined) {
    return {
      schema: annotate(nullableArrayOf({ type: 'object' }), attribute),
      flatten: rawActiveValues(),
      typed: false,
    };
  }
  const item = mapping.itemSchema(attribute);
  return attribute.is_multiselect
    ? { schema: annotate(nullableArrayOf(item), attribute), flatten: multiValue(mapping.value), typed: true }
    : { schema: annotate(nullable(item), attribute), flatten: singleValue(mapping.value), typed: true };
}

/**
 * The column value of one envelope, whatever its active_until: the type table's value, exactly what the record
 * stream's column holds for that value (one item of the array for a multiselect), or the raw envelope for a type
 * this connector does not know (one item of the raw column).
 */
export function attributeValue(attribute: AttioAttribute): AttributeValue {
  const mapping = attributeTypeMapping(attribute.type);
  if (mapping === undefined) return { schema: annotate({ type: ['null', 'object'] }, attribute), value: (envelope) => envelope };
  return { schema: annotate(nullable(mapping.itemSchema(attribute)), attribute), value: mapping.value };
}
