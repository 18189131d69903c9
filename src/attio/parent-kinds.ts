// What differs between an Attio object (its records) and a list (its entries), as one table: the endpoints
// (listing, query, attribute values, views), the path parameters, the id field, the raw values key, the metadata
// columns of their streams and whether their items have files. Everything that tells objects and lists apart
// reads this table: the client, the registry, the record and entry streams, views, schema tables and history.

import type { JsonSchema } from '../protocol/types.js';
import { ENDPOINTS, type Endpoint, scopesOf } from './endpoints.js';

export type ParentKindName = 'object' | 'list';

/** A metadata column of a record or entry stream: read from the item's composite `id`, or from the item itself. */
export interface MetadataColumn {
  readonly name: string;
  readonly schema: JsonSchema;
  readonly from: 'id' | 'item';
}

export interface ParentKind {
  /** The `parent_kind` column of derived rows (attributes, views, history). */
  readonly kind: ParentKindName;
  /** The path segment of the attribute endpoints (`/v2/{target}/{parent}/attributes`). */
  readonly target: 'objects' | 'lists';
  /** The workspace's objects or lists, and the key of a parent's id inside their composite `id`. */
  readonly listing: Endpoint;
  readonly listingIdKey: 'object_id' | 'list_id';
  /** Every item, in created_at order (the record and entry streams, and the streams derived from them). */
  readonly query: Endpoint;
  /** One item by id (a row the mirror finds changed after the read). */
  readonly one: Endpoint;
  /** Every value one attribute of one item ever held (history streams). */
  readonly values: Endpoint;
  readonly views: Endpoint;
  /** The path parameter naming the parent in `query`, `values` and `views`, and the one naming an item in `values`. */
  readonly parentParam: 'object' | 'list';
  readonly itemParam: 'record' | 'entry';
  /** The key of an item's id inside its composite `id`, and its column. */
  readonly idColumn: 'record_id' | 'entry_id';
  /** Where an item's attribute values are, and the column that carries them raw (include_raw_values). */
  readonly rawValuesKey: 'values' | 'entry_values';
  /** The metadata columns of the parent's stream, in order; a nullable one is null when the item lacks it. */
  readonly metadata: readonly MetadataColumn[];
  /** Whether Attio lists files for its items (GET /v2/files names an object and a record). */
  readonly hasFiles: boolean;
}

const STRING = { type: 'string' };
const NULLABLE_STRING = { type: ['null', 'string'] };
export const TIMESTAMP_SCHEMA = { type: 'string', format: 'date-time', airbyte_type: 'timestamp_with_timezone' };

const OBJECT: ParentKind = {
  kind: 'object',
  target: 'objects',
  listing: ENDPOINTS.objects,
  listingIdKey: 'object_id',
  query: ENDPOINTS.recordsQuery,
  one: ENDPOINTS.record,
  values: ENDPOINTS.recordValues,
  views: ENDPOINTS.objectViews,
  parentParam: 'object',
  itemParam: 'record',
  idColumn: 'record_id',
  rawValuesKey: 'values',
  metadata: [
    { name: 'record_id', schema: STRING, from: 'id' },
    { name: 'object_id', schema: STRING, from: 'id' },
    { name: 'workspace_id', schema: STRING, from: 'id' },
    { name: 'created_at', schema: TIMESTAMP_SCHEMA, from: 'item' },
    { name: 'web_url', schema: NULLABLE_STRING, from: 'item' },
  ],
  hasFiles: true,
};

const LIST: ParentKind = {
  kind: 'list',
  target: 'lists',
  listing: ENDPOINTS.lists,
  listingIdKey: 'list_id',
  query: ENDPOINTS.entriesQuery,
  one: ENDPOINTS.entry,
  values: ENDPOINTS.entryValues,
  views: ENDPOINTS.listViews,
  parentParam: 'list',
  itemParam: 'entry',
  idColumn: 'entry_id',
  rawValuesKey: 'entry_values',
  metadata: [
    { name: 'entry_id', schema: STRING, from: 'id' },
    { name: 'list_id', schema: STRING, from: 'id' },
    { name: 'workspace_id', schema: STRING, from: 'id' },
    { name: 'parent_record_id', schema: NULLABLE_STRING, from: 'item' },
    { name: 'parent_object', schema: NULLABLE_STRING, from: 'item' },
    { name: 'created_at', schema: TIMESTAMP_SCHEMA, from: 'item' },
  ],
  hasFiles: false,
};

export const PARENT_KINDS: Readonly<Record<ParentKindName, ParentKind>> = { object: OBJECT, list: LIST };

/** Objects first, then lists: the order their streams are offered in. */
export const PARENT_KIND_ORDER: readonly ParentKind[] = [OBJECT, LIST];

type Item = Record<string, unknown>;

/** The path parameters of the parent's query and views endpoints. */
export function parentParams(kind: ParentKind, apiId: string): Record<string, string> {
  return { [kind.parentParam]: apiId };
}

/** The path parameters of one item's attribute values. */
export function valuesParams(kind: ParentKind, apiId: string, id: string, attribute: string): Record<string, string> {
  return { [kind.parentParam]: apiId, [kind.itemParam]: id, attribute };
}

/** The path parameters of one item (`one`). */
export function itemParams(kind: ParentKind, apiId: string, id: string): Record<string, string> {
  return { [kind.parentParam]: apiId, [kind.itemParam]: id };
}

/** The path parameters of the parent's attributes (and their options and statuses). */
export function attributeParams(kind: ParentKind, apiId: string): Record<string, string> {
  return { target: kind.target, parent: apiId };
}

/** An item's own id (a record's record_id, an entry's entry_id). */
export function itemId(kind: ParentKind, item: Item): string {
  return (item.id as Record<string, string>)[kind.idColumn] as string;
}

/** An item's attribute values, as Attio sent them (possibly null or missing). */
export function itemValues(kind: ParentKind, item: Item): unknown {
  return item[kind.rawValuesKey];
}

/** The readers of the metadata columns, in order: each takes an item to its column's value. */
export function metadataReaders(kind: ParentKind): readonly (readonly [string, (item: Item) => unknown])[] {
  return kind.metadata.map(({ name, schema, from }) => {
    const nullable = Array.isArray(schema.type) && schema.type.includes('null');
    const read =
      from === 'id'
        ? (item: Item) => (item.id as Record<string, unknown>)[name]
        : nullable
          ? (item: Item) => item[name] ?? null
          : (item: Item) => item[name];
    return [name, read] as const;
  });
}

/** A record or entry stream reads the parent's query endpoint and, to build its columns, the parent's attributes. */
export function streamScopes(kind: ParentKind): string[] {
  return scopesOf(kind.query, kind.one, ENDPOINTS.attributes);
}

/** A history stream reads the parent's query and attributes, and the values endpoint. */
export function historyScopes(kind: ParentKind): string[] {
  return scopesOf(kind.query, kind.values, ENDPOINTS.attributes);
}
