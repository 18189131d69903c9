// Reading a query endpoint (records or list entries) in ascending created_at order, with pages fetched ahead
// concurrently and a checkpoint after every page.
//
// Offset pages are independent, so they can be fetched in parallel; but Attio does not promise the order of
// items that share a created_at. When such a tie straddles a page boundary (the last item of one page and
// the first of the next share created_at T), the two pages may disagree on the order inside T and together
// miss one item and repeat another. So at such a boundary the whole group created_at = T is fetched by
// itself, and the cursor's id set drops whatever was already delivered. That group is paged with a second sort
// key, the record's own id, so its pages are stable even when the group is larger than a page.

import type { QueryBody } from '../attio/client.js';
import { materialize, offsetPages, type PageBudget, type PageOrDeferred, prefetchOffsetPages } from '../attio/paginate.js';
import { AttioApiError } from '../attio/errors.js';
import { cursorValue } from '../timestamps.js';
import type { CreatedAtCursor } from './created-at-cursor.js';
import type { Batch, Row } from './stream.js';

export interface OrderedQuery<T> {
  fetch: (body: QueryBody, signal?: AbortSignal) => Promise<PageOrDeferred<T>>;
  createdAt: (item: T) => string;
  id: (item: T) => string;
  /** The id attribute's slug (record_id, entry_id): the tie-breaking sort inside a group of equal created_at. */
  idAttribute: string;
  onWarning?: (message: string) => void;
  toRow: (item: T) => Row;
  cursor: CreatedAtCursor;
  pageSize: number;
  maxWindow: number;
  pageBudget?: PageBudget;
}

const ASCENDING = [{ attribute: 'created_at', direction: 'asc' as const }];

export async function* readOrderedByCreatedAt<T>(query: OrderedQuery<T>): AsyncGenerator<Batch> {
  const { cursor, pageSize, createdAt, id } = query;
  const lowerBound = cursor.value;
  const filter = lowerBound === undefined ? undefined : { created_at: { $gte: lowerBound } };
  const pages = prefetchOffsetPages(
    (offset, signal) => query.fetch({ ...(filter ? { filter } : {}), sorts: ASCENDING, limit: pageSize, offset }, signal),
    pageSize,
    query.maxWindow,
    query.pageBudget,
  );

  let tieSorts: QueryBody['sorts'] = [...ASCENDING, { attribute: query.idAttribute, direction: 'asc' }];
  const fetchTie = async (createdAtValue: string, offset: number): Promise<T[]> => {
    const body = { filter: { created_at: { $eq: createdAtValue } }, limit: pageSize, offset };
    try {
      return await materialize(await query.fetch({ ...body, sorts: tieSorts }));
    } catch (error) {
      // Should Attio refuse to sort by the id attribute, fall back to created_at alone: exact for every tie no
      // larger than a page, which is every tie of nanosecond timestamps in practice.
      if (tieSorts === ASCENDING || !(error instanceof AttioApiError) || error.status !== 400) throw error;
      tieSorts = ASCENDING;
      query.onWarning?.(`Attio refused to sort by ${query.idAttribute}; records sharing a created_at are paged by created_at alone.`);
      return materialize(await query.fetch({ ...body, sorts: tieSorts }));
    }
  };

  let previousLast: string | undefined;
  let yielded = false;
  for await (const items of pages) {
    const rows: Row[] = [];
    const first = items[0];
    if (previousLast !== undefined && first !== undefined && cursorValue(createdAt(first)) === previousLast) {
      const tieAt = previousLast;
      for await (const tie of offsetPages((offset) => fetchTie(tieAt, offset), pageSize)) {
        for (const item of tie) if (cursor.accept(createdAt(item), id(item))) rows.push(query.toRow(item));
      }
    }
    for (const item of items) if (cursor.accept(createdAt(item), id(item))) rows.push(query.toRow(item));
    const last = items[items.length - 1];
    previousLast = last === undefined ? undefined : cursorValue(createdAt(last));
    yielded = true;
    yield { records: rows, state: cursor.state() };
  }
  // Nothing new: still checkpoint, so the platform sees this stream's state (CAT's future-state test needs it).
  if (!yielded) yield { records: [], state: cursor.state() };
}
