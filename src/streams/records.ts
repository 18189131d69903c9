// One stream per Attio object (its records) and one per list (its entries), with a typed column per
// attribute and exact incremental sync on created_at, or on last_value_set_at (streams/change-cursor.ts).

import { say } from '../messages.js';
import type { AttioClient } from '../attio/client.js';
import { ENDPOINTS, type Endpoint, scopesOf } from '../attio/endpoints.js';
import type { AttioAttribute, AttioEntry, AttioRecord, AttioValues } from '../attio/types.js';
import type { Config } from '../config.js';
import { startCursor } from '../config.js';
import type { Logger } from '../logger.js';
import type { JsonSchema } from '../protocol/types.js';
import { planColumns } from '../transform/columns.js';
import { LAST_VALUE_SET_AT, lastValueSetAt } from '../transform/last-value-set.js';
import { buildValuesMapper } from '../transform/row-mapper.js';
import { streamSchema } from '../transform/schema.js';
import { CHANGE_CURSORS, changeCursorRead, UNCHANGED } from './change-cursor.js';
import { CreatedAtCursor, cursorStart, finalState, fullRefreshDone, resumeFrom } from './created-at-cursor.js';
import { readOrderedByCreatedAt } from './ordered-query.js';
import type { CheckpointPolicy, ReadContext, Row, Stream, StreamRead } from './stream.js';

/** After every page: a record stream resumes a failed full refresh, and keeps its progress when a sync stops. */
const CHECKPOINT: CheckpointPolicy = 'per-page';

const STRING = { type: 'string' };
const NULLABLE_STRING = { type: ['null', 'string'] };
const TIMESTAMP = { type: 'string', format: 'date-time', airbyte_type: 'timestamp_with_timezone' };

const RECORD_METADATA: Record<string, JsonSchema> = {
  record_id: STRING,
  object_id: STRING,
  workspace_id: STRING,
  created_at: TIMESTAMP,
  web_url: NULLABLE_STRING,
};

const ENTRY_METADATA: Record<string, JsonSchema> = {
  entry_id: STRING,
  list_id: STRING,
  workspace_id: STRING,
  parent_record_id: NULLABLE_STRING,
  parent_object: NULLABLE_STRING,
  created_at: TIMESTAMP,
};

/** A values stream reads its query endpoint and, to build its columns, its parent's attributes. */
export const RECORD_SCOPES = scopesOf(ENDPOINTS.recordsQuery, ENDPOINTS.attributes);
export const ENTRY_SCOPES = scopesOf(ENDPOINTS.entriesQuery, ENDPOINTS.attributes);

interface ValuesStreamSpec<T> {
  name: string;
  /** The object or list slug (or id) used in API paths. */
  apiId: string;
  attributes: AttioAttribute[];
  metadata: Record<string, JsonSchema>;
  primaryKey: string;
  rawValuesKey: 'values' | 'entry_values';
  requiredScopes: readonly string[];
  /** The query endpoint, and its path parameters. */
  query: Endpoint;
  queryParams: Record<string, string>;
  id: (item: T) => string;
  metadataRow: (item: T) => Row;
  rawValues: (item: T) => Record<string, unknown> | null | undefined;
}

function valuesStream<T extends { created_at: string }>(
  spec: ValuesStreamSpec<T>,
  client: AttioClient,
  config: Config,
  logger: Logger,
): Stream {
  const rawKey = config.include_raw_values ? spec.rawValuesKey : undefined;
  // The change column follows the metadata columns; it is computed from the values, not taken from the item.
  const metadata = { ...spec.metadata, [LAST_VALUE_SET_AT]: TIMESTAMP };
  const reserved = [...Object.keys(metadata), ...(rawKey ? [rawKey] : [])];
  const plans = planColumns(spec.attributes, {
    reserved,
    includeArchived: config.include_archived_attributes,
    warn: (warning) => logger.warn(say('streamWarning', { stream: spec.name, warning })),
  });
  const jsonSchema = streamSchema(metadata, plans, rawKey ? { rawValuesKey: rawKey } : {});
  const metadataKeys = Object.keys(spec.metadata);

  return {
    name: spec.name,
    jsonSchema,
    primaryKey: [[spec.primaryKey]],
    cursorField: ['created_at'],
    checkpoint: CHECKPOINT,
    otherCursors: CHANGE_CURSORS,
    requiredScopes: spec.requiredScopes,
    async *read(ctx: ReadContext): StreamRead {
      // Everything that depends only on the stream and the selection is decided here, once.
      const selected = ctx.selected;
      const metaKeys = selected ? metadataKeys.filter((key) => selected.has(key)) : metadataKeys;
      const emitRaw = rawKey !== undefined && (selected === undefined || selected.has(rawKey));
      const changes = changeCursorRead(ctx, spec.name);
      const since = changes.since;
      const emitChangedAt = selected === undefined || selected.has(LAST_VALUE_SET_AT);
      const computeChangedAt = emitChangedAt || changes.active;
      const warned = new Set<string>();
      const mapValues = buildValuesMapper(plans, {
        ...(selected ? { selected } : {}),
        // Archived attributes left out of the columns are known, not new: no warning for them.
        knownSlugs: spec.attributes.map((attribute) => attribute.api_slug),
        onUnknownSlug: (slug) => {
          if (warned.has(slug)) return;
          warned.add(slug);
          ctx.logger.warn(say('attributeNotInCatalog', { stream: spec.name, slug }));
        },
      });
      const toRow = (item: T): Row => {
        const values = spec.rawValues(item) as AttioValues | null | undefined;
        const changedAt = computeChangedAt ? lastValueSetAt(item.created_at, values) : '';
        if (since !== undefined && changedAt < since) return UNCHANGED;
        const meta = spec.metadataRow(item);
        const row: Row = {};
        for (const key of metaKeys) row[key] = meta[key];
        if (emitChangedAt) row[LAST_VALUE_SET_AT] = changedAt;
        mapValues(values, row);
        if (emitRaw && rawKey) row[rawKey] = values ?? null;
        return row;
      };
      // Every page is a checkpoint, so a full refresh resumes from one too.
      if (fullRefreshDone(ctx.syncMode, ctx.state)) return ctx.state;
      // On last_value_set_at there is no created_at state: the whole stream is read (from start_date).
      const cursor = new CreatedAtCursor(
        cursorStart(resumeFrom(ctx.syncMode, changes.createdAtState, CHECKPOINT), startCursor(config), spec.name),
      );
      const rows = readOrderedByCreatedAt<T>({
        fetch: (body, signal) =>
          client.deferredQuery<T>(spec.query, spec.queryParams, body, { onRateLimited: ctx.onRateLimited, ...(signal ? { signal } : {}) }),
        createdAt: (item) => item.created_at,
        id: spec.id,
        idAttribute: spec.primaryKey,
        onWarning: (warning) => ctx.logger.warn(say('streamWarning', { stream: spec.name, warning })),
        toRow,
        cursor,
        pageSize: config.page_size,
        maxWindow: config.max_concurrent_requests,
        ...(ctx.pageBudget ? { pageBudget: ctx.pageBudget } : {}),
      });
      if (changes.active) return yield* changes.finish(rows);
      const ended = yield* rows;
      return finalState(ctx.syncMode, ended ?? {});
    },
  };
}

export function recordStream(
  name: string,
  object: string,
  attributes: AttioAttribute[],
  client: AttioClient,
  config: Config,
  logger: Logger,
): Stream {
  return valuesStream<AttioRecord>(
    {
      name,
      apiId: object,
      attributes,
      metadata: RECORD_METADATA,
      primaryKey: 'record_id',
      rawValuesKey: 'values',
      requiredScopes: RECORD_SCOPES,
      query: ENDPOINTS.recordsQuery,
      queryParams: { object },
      id: (record) => record.id.record_id,
      metadataRow: (record) => ({
        record_id: record.id.record_id,
        object_id: record.id.object_id,
        workspace_id: record.id.workspace_id,
        created_at: record.created_at,
        web_url: record.web_url ?? null,
      }),
      rawValues: (record) => record.values,
    },
    client,
    config,
    logger,
  );
}

export function entryStream(
  name: string,
  list: string,
  attributes: AttioAttribute[],
  client: AttioClient,
  config: Config,
  logger: Logger,
): Stream {
  return valuesStream<AttioEntry>(
    {
      name,
      apiId: list,
      attributes,
      metadata: ENTRY_METADATA,
      primaryKey: 'entry_id',
      rawValuesKey: 'entry_values',
      requiredScopes: ENTRY_SCOPES,
      query: ENDPOINTS.entriesQuery,
      queryParams: { list },
      id: (entry) => entry.id.entry_id,
      metadataRow: (entry) => ({
        entry_id: entry.id.entry_id,
        list_id: entry.id.list_id,
        workspace_id: entry.id.workspace_id,
        parent_record_id: entry.parent_record_id ?? null,
        parent_object: entry.parent_object ?? null,
        created_at: entry.created_at,
      }),
      rawValues: (entry) => entry.entry_values,
    },
    client,
    config,
    logger,
  );
}
