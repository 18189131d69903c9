// The one table from Attio attribute type to warehouse column: the JSON schema of one value and how one value
// envelope becomes one flat value. docs/attribute-types.md documents every row; keep the two in step.
//
// Every `value` reads the envelope by the attribute's declared type and ignores the envelope's own
// `attribute_type` (one comparison saved per value). A field that is missing or of the wrong JS type reads as
// null; an envelope with none of the type's fields maps to null as a whole, which the flatteners treat as
// "no value" (see active-values.ts).

import type { AttioAttribute, AttioAttributeType, AttioValue } from '../attio/types.js';
import {
  booleanOrNull,
  finiteNumberOrNull,
  hasAnyField,
  integerOrNull,
  isoDateOrNull,
  isoDateTimeOrNull,
  nestedField,
  numberFromDecimal,
  stringOrNull,
} from './field-readers.js';
import { dateSchema, dateTimeSchema, objectOfNullables, stringSchema, type JsonSchema } from './json-schema.js';

export interface AttributeTypeMapping {
  /** The non-null JSON schema of one flat value; columns make it nullable or wrap it in an array. */
  itemSchema(attribute: AttioAttribute): JsonSchema;
  /** One active value envelope → one flat value, or null when the envelope holds no usable value of this type. */
  value(envelope: AttioValue): unknown;
}

const RECORD_REFERENCE_FIELDS = ['target_object', 'target_record_id'] as const;
const ACTOR_REFERENCE_FIELDS = ['referenced_actor_type', 'referenced_actor_id'] as const;
const LOCATION_FIELDS = [
  'line_1',
  'line_2',
  'line_3',
  'line_4',
  'locality',
  'region',
  'postcode',
  'country_code',
  'latitude',
  'longitude',
] as const;
const PHONE_NUMBER_FIELDS = ['phone_number', 'original_phone_number', 'country_code'] as const;
const PERSONAL_NAME_FIELDS = ['first_name', 'last_name', 'full_name'] as const;
const INTERACTION_FIELDS = ['interaction_type', 'interacted_at', 'owner_actor'] as const;

function stringsObjectSchema(fields: readonly string[]): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const field of fields) properties[field] = stringSchema();
  return objectOfNullables(properties);
}

/** The `title` of a nested status or select-option object. A bare id string (the input form) cannot be joined by title. */
function titleOf(object: unknown): string | null {
  return stringOrNull(nestedField(object, 'title'));
}

export const ATTRIBUTE_TYPE_MAPPINGS: Readonly<Record<AttioAttributeType, AttributeTypeMapping>> = {
  text: {
    itemSchema: () => stringSchema(),
    value: (v) => stringOrNull(v.value),
  },
  number: {
    itemSchema: () => ({ type: 'number' }),
    value: (v) => finiteNumberOrNull(v.value),
  },
  checkbox: {
    itemSchema: () => ({ type: 'boolean' }),
    value: (v) => booleanOrNull(v.value),
  },
  // One currency per attribute (its code is in the attribute's config), so the amount alone is the value.
  currency: {
    itemSchema: () => ({ type: 'number' }),
    value: (v) => finiteNumberOrNull(v.currency_value),
  },
  date: {
    itemSchema: () => dateSchema(),
    value: (v) => isoDateOrNull(v.value),
  },
  timestamp: {
    itemSchema: () => dateTimeSchema(),
    value: (v) => isoDateTimeOrNull(v.value),
  },
  rating: {
    itemSchema: () => ({ type: 'integer' }),
    value: (v) => integerOrNull(v.value),
  },
  // Titles are unique per attribute (writes accept them), so the title joins to the statuses stream.
  status: {
    itemSchema: () => stringSchema(),
    value: (v) => titleOf(v.status),
  },
  select: {
    itemSchema: () => stringSchema(),
    value: (v) => titleOf(v.option),
  },
  'record-reference': {
    itemSchema: () => stringsObjectSchema(RECORD_REFERENCE_FIELDS),
    value: (v) =>
      hasAnyField(v, RECORD_REFERENCE_FIELDS)
        ? { target_object: stringOrNull(v.target_object), target_record_id: stringOrNull(v.target_record_id) }
        : null,
  },
  'actor-reference': {
    itemSchema: () => stringsObjectSchema(ACTOR_REFERENCE_FIELDS),
    value: (v) =>
      hasAnyField(v, ACTOR_REFERENCE_FIELDS)
        ? {
            referenced_actor_type: stringOrNull(v.referenced_actor_type),
            referenced_actor_id: stringOrNull(v.referenced_actor_id),
          }
        : null,
  },
  location: {
    itemSchema: () =>
      objectOfNullables({
        line_1: stringSchema(),
        line_2: stringSchema(),
        line_3: stringSchema(),
        line_4: stringSchema(),
        locality: stringSchema(),
        region: stringSchema(),
        postcode: stringSchema(),
        country_code: stringSchema(),
        latitude: { type: 'number' },
        longitude: { type: 'number' },
      }),
    value: (v) =>
      hasAnyField(v, LOCATION_FIELDS)
        ? {
            line_1: stringOrNull(v.line_1),
            line_2: stringOrNull(v.line_2),
            line_3: stringOrNull(v.line_3),
            line_4: stringOrNull(v.line_4),
            locality: stringOrNull(v.locality),
            region: stringOrNull(v.region),
            postcode: stringOrNull(v.postcode),
            country_code: stringOrNull(v.country_code),
            latitude: numberFromDecimal(v.latitude),
            longitude: numberFromDecimal(v.longitude),
          }
        : null,
  },
  domain: {
    itemSchema: () => stringSchema(),
    value: (v) => stringOrNull(v.domain),
  },
  // The normalised address; `original_email_address` keeps the user's casing and is in the raw values.
  'email-address': {
    itemSchema: () => stringSchema(),
    value: (v) => stringOrNull(v.email_address),
  },
  'phone-number': {
    itemSchema: () => stringsObjectSchema(PHONE_NUMBER_FIELDS),
    value: (v) =>
      hasAnyField(v, PHONE_NUMBER_FIELDS)
        ? {
            phone_number: stringOrNull(v.phone_number),
            original_phone_number: stringOrNull(v.original_phone_number),
            country_code: stringOrNull(v.country_code),
          }
        : null,
  },
  'personal-name': {
    itemSchema: () => stringsObjectSchema(PERSONAL_NAME_FIELDS),
    value: (v) =>
      hasAnyField(v, PERSONAL_NAME_FIELDS)
        ? {
            first_name: stringOrNull(v.first_name),
            last_name: stringOrNull(v.last_name),
            full_name: stringOrNull(v.full_name),
          }
        : null,
  },
  interaction: {
    itemSchema: () =>
      objectOfNullables({
        interaction_type: stringSchema(),
        interacted_at: dateTimeSchema(),
        owner_actor_type: stringSchema(),
        owner_actor_id: stringSchema(),
      }),
    value: (v) =>
      hasAnyField(v, INTERACTION_FIELDS)
        ? {
            interaction_type: stringOrNull(v.interaction_type),
            interacted_at: isoDateTimeOrNull(v.interacted_at),
            owner_actor_type: stringOrNull(nestedField(v.owner_actor, 'type')),
            owner_actor_id: stringOrNull(nestedField(v.owner_actor, 'id')),
          }
        : null,
  },
};

/** The mapping for `type`, or undefined for a type newer than this connector (own keys only: no `constructor`). */
export function attributeTypeMapping(type: string): AttributeTypeMapping | undefined {
  return Object.hasOwn(ATTRIBUTE_TYPE_MAPPINGS, type) ? ATTRIBUTE_TYPE_MAPPINGS[type as AttioAttributeType] : undefined;
}
