// Every record of an object, or every entry of a list, read page by page for the streams derived from them
// (attribute history, record files). They walk the parent with the record streams' own ordered reader, read
// only: it sees each record exactly once, also when records share a created_at across a page boundary.

import { say } from '../messages.js';
import type { AttioClient } from '../attio/client.js';
import { itemId, itemValues, PARENT_KINDS, type ParentKind, parentParams } from '../attio/parent-kinds.js';
import type { AttioValues } from '../attio/types.js';
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

/** A record or entry as its kind's row of PARENT_KINDS says where its id and values are. */
export function parentItem(kind: ParentKind, raw: unknown): ParentItem {
  const item = raw as Record<string, unknown>;
  return { id: itemId(kind, item), createdAt: item.created_at as string, values: (itemValues(kind, item) as AttioValues | null) ?? {} };
}

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
  const params = parentParams(kind, parent.apiId);
  const reader = readOrderedByCreatedAt<unknown>({
    fetch: (body, signal) =>
      client.deferredQuery(kind.query, params, body, { onRateLimited: ctx.onRateLimited, ...(signal ? { signal } : {}) }),
    createdAt: (raw) => parentItem(kind, raw).createdAt,
    id: (raw) => parentItem(kind, raw).id,
    idAttribute: kind.idColumn,
    onWarning: (warning) => ctx.logger.warn(say('streamWarning', { stream, warning })),
    toRow: (raw) => parentItem(kind, raw) as unknown as Row,
    cursor: new CreatedAtCursor(cursorStart(undefined, options.fromStartDate ? startCursor(config) : undefined)),
    pageSize: config.page_size,
    maxWindow: config.max_concurrent_requests,
    ...(ctx.pageBudget ? { pageBudget: ctx.pageBudget } : {}),
  });
  for await (const batch of reader) yield batch.records as unknown as ParentItem[];
}
