// Attio's value history of one attribute of one record (or list entry) as rows: one row per value that ever
// held, its value flattened by the same type table as the record stream's column (attribute-column.ts), with
// when it held (active_from, active_until) and who set it. Its key, value_id, is the same in every sync.

import { createHash } from 'node:crypto';
import { PARENT_KINDS, type ParentKindName } from '../attio/parent-kinds.js';
import type { AttioAttribute, AttioValue } from '../attio/types.js';
import { type AttributeValue, attributeValue } from './attribute-column.js';
import { cursorValue } from '../timestamps.js';
import { dateTimeSchema, type JsonSchema, nullable, stringSchema } from './json-schema.js';

type Row = Record<string, unknown>;

export interface HistoryParent {
  kind: ParentKindName;
  id: string;
  slug: string | null;
}

export interface HistoryShape {
  /** Its kind's id column names the record or entry (`record_id`, `entry_id`). */
  parent: HistoryParent;
  attribute: AttioAttribute;
}

export interface HistoryRowMaker {
  /** The stream's JSON schema, the value column typed as the record stream's column (one item of it for a multiselect). */
  schema: JsonSchema;
  /** Every envelope Attio returned for one record or entry, oldest first, as rows in the same order. */
  rows(id: string, envelopes: readonly AttioValue[]): Row[];
}

const ACTOR = {
  type: ['null', 'object'],
  properties: { type: nullable(stringSchema()), id: nullable(stringSchema()) },
};

export function historyRowMaker(shape: HistoryShape): HistoryRowMaker {
  const { attribute, parent } = shape;
  const { idColumn } = PARENT_KINDS[parent.kind];
  const column: AttributeValue = attributeValue(attribute);
  const attributeId = attribute.id.attribute_id;
  const schema: JsonSchema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    additionalProperties: true,
    properties: {
      value_id: stringSchema(),
      [idColumn]: stringSchema(),
      parent_kind: stringSchema(),
      parent_id: stringSchema(),
      parent_slug: nullable(stringSchema()),
      attribute_id: stringSchema(),
      attribute_slug: stringSchema(),
      value: column.schema,
      active_from: dateTimeSchema(),
      active_until: nullable(dateTimeSchema()),
      created_by_actor: ACTOR,
    },
  };
  return {
    schema,
    rows: (id, envelopes) =>
      envelopes.map((envelope) => {
        const value = column.value(envelope);
        const activeFrom = typeof envelope.active_from === 'string' ? envelope.active_from : '';
        // Values of a single-valued attribute follow one another: the record and the start identify one. A
        // multiselect can gain several at once, so its key adds the value's own identity.
        // In the fixed-width form, so that the key does not change should Attio print the same instant differently.
        const valueId = `${id}:${attributeId}:${cursorValue(activeFrom)}${attribute.is_multiselect ? `:${digest(identity(envelope, value))}` : ''}`;
        const actor = envelope.created_by_actor;
        return {
          value_id: valueId,
          [idColumn]: id,
          parent_kind: parent.kind,
          parent_id: parent.id,
          parent_slug: parent.slug,
          attribute_id: attributeId,
          attribute_slug: attribute.api_slug,
          value,
          active_from: activeFrom,
          active_until: typeof envelope.active_until === 'string' ? envelope.active_until : null,
          created_by_actor: actor && typeof actor === 'object' ? { type: actor.type ?? null, id: actor.id ?? null } : null,
        };
      }),
  };
}

/**
 * What a value is, independently of how it is shown: a status or option by its id (titles can be renamed), any
 * other value by its flat form (which this connector fixes), an unknown type by its envelope without the fields
 * that change after the fact.
 */
function identity(envelope: AttioValue, value: unknown): string {
  const nested = (envelope.status ?? envelope.option) as { id?: Record<string, unknown> } | undefined;
  const id = nested?.id?.status_id ?? nested?.id?.option_id;
  if (typeof id === 'string') return id;
  if (value === envelope) {
    const { active_until: _until, created_by_actor: _actor, ...fixed } = envelope;
    return JSON.stringify(fixed);
  }
  return JSON.stringify(value);
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** The newest active_from among a record's current values of the attribute, in the fixed-width form that compares as time. */
export function currentActiveFrom(envelopes: readonly AttioValue[] | null | undefined): string | undefined {
  let newest: string | undefined;
  for (const envelope of envelopes ?? []) {
    if (typeof envelope.active_until === 'string' || typeof envelope.active_from !== 'string') continue;
    const from = cursorValue(envelope.active_from);
    if (newest === undefined || from > newest) newest = from;
  }
  return newest;
}
