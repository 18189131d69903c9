// Every record of an object, or every entry of a list, read page by page for the streams derived from them
// (attribute history, record files). They walk the parent with the record streams' own ordered reader, read
// only: it sees each record exactly once, also when records share a created_at across a page boundary.

import { say } from '../messages.js';
import type { AttioClient } from '../attio/client.js';
import { ENDPOINTS, type Endpoint } from '../attio/endpoints.js';
import type { AttioEntry, AttioRecord, AttioValues } from '../attio/types.js';
import type { Config } from '../config.js';
import { startCursor } from '../config.js';
import { CreatedAtCursor, cursorStart } from './created-at-cursor.js';
import { readOrderedByCreatedAt } from './ordered-query.js';
import type { AttributeParent } from './schema-tables.js';
import type { ReadContext, Row } from './stream.js';

/** A record or an entry: what the derived streams need of either. */
export interface ParentItem {
  id: string;
  createdAt: string;
  values: AttioValues;
}

/** How one kind of parent is queried, and where one of its items' attribute values are. */
export interface ParentKind {
  idColumn: 'record_id' | 'entry_id';
  query: Endpoint;
  values: Endpoint;
  queryParams(parent: AttributeParent): Record<string, string>;
  valuesParams(parent: AttributeParent, id: string, attribute: string): Record<string, string>;
  item(raw: unknown): ParentItem;
}

export const PARENT_KINDS: Record<AttributeParent['kind'], ParentKind> = {
  object: {
    idColumn: 'record_id',
    query: ENDPOINTS.recordsQuery,
    values: ENDPOINTS.recordValues,
    queryParams: (parent) => ({ object: parent.apiId }),
    valuesParams: (parent, record, attribute) => ({ object: parent.apiId, record, attribute }),
    item: (raw) => {
      const record = raw as AttioRecord;
      return { id: record.id.record_id, createdAt: record.created_at, values: record.values ?? {} };
    },
  },
  list: {
    idColumn: 'entry_id',
    query: ENDPOINTS.entriesQuery,
    values: ENDPOINTS.entryValues,
    queryParams: (parent) => ({ list: parent.apiId }),
    valuesParams: (parent, entry, attribute) => ({ list: parent.apiId, entry, attribute }),
    item: (raw) => {
      const entry = raw as AttioEntry;
      return { id: entry.id.entry_id, createdAt: entry.created_at, values: entry.entry_values ?? {} };
    },
  },
};

/**
 * Every item of the parent, a page at a time, in created_at order; with `fromStartDate`, only those created at or
 * after start_date. `stream` names the derived stream in warnings.
 */
export async function* parentItems(
  parent: AttributeParent,
  client: AttioClient,
  config: Config,
  ctx: ReadContext,
  stream: string,
  options: { fromStartDate: boolean },
): AsyncGenerator<ParentItem[]> {
  const kind = PARENT_KINDS[parent.kind];
  const params = kind.queryParams(parent);
  const reader = readOrderedByCreatedAt<unknown>({
    fetch: (body, signal) =>
      client.deferredQuery(kind.query, params, body, { onRateLimited: ctx.onRateLimited, ...(signal ? { signal } : {}) }),
    createdAt: (raw) => kind.item(raw).createdAt,
    id: (raw) => kind.item(raw).id,
    idAttribute: kind.idColumn,
    onWarning: (warning) => ctx.logger.warn(say('streamWarning', { stream, warning })),
    toRow: (raw) => kind.item(raw) as unknown as Row,
    cursor: new CreatedAtCursor(cursorStart(undefined, options.fromStartDate ? startCursor(config) : undefined, stream)),
    pageSize: config.page_size,
    maxWindow: config.max_concurrent_requests,
    ...(ctx.pageBudget ? { pageBudget: ctx.pageBudget } : {}),
  });
  for await (const batch of reader) yield batch.records as unknown as ParentItem[];
}
