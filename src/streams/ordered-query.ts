// Reading a query endpoint (records or list entries) in ascending created_at order, with pages fetched ahead
// concurrently and a checkpoint after every page.
//
// Offset pages are independent, so they can be fetched in parallel; but Attio does not promise the order of
// items that share a created_at. When such a tie straddles a page boundary (the last item of one page and
// the first of the next share created_at T), the two pages may disagree on the order inside T and together
// miss one item and repeat another. So at such a boundary the whole group created_at = T is fetched by
// itself, and the cursor's id set drops whatever was already delivered.

import type { QueryBody } from '../attio/client.js';
import { offsetPages, prefetchOffsetPages } from '../attio/paginate.js';
import { cursorValue } from '../timestamps.js';
import { type CreatedAtCursor } from './created-at-cursor.js';
import type { Batch, Row } from './stream.js';

export interface OrderedQuery<T> {
  fetch: (body: QueryBody) => Promise<T[]>;
  createdAt: (item: T) => string;
  id: (item: T) => string;
  toRow: (item: T) => Row;
  cursor: CreatedAtCursor;
  pageSize: number;
  maxWindow: number;
}

const ASCENDING = [{ attribute: 'created_at', direction: 'asc' as const }];

export async function* readOrderedByCreatedAt<T>(query: OrderedQuery<T>): AsyncGenerator<Batch> {
  const { cursor, pageSize, createdAt, id } = query;
  const lowerBound = cursor.value;
  const filter = lowerBound === undefined ? undefined : { created_at: { $gte: lowerBound } };
  const pages = prefetchOffsetPages(
    (offset) => query.fetch({ ...(filter ? { filter } : {}), sorts: ASCENDING, limit: pageSize, offset }),
    pageSize,
    query.maxWindow,
  );

  let previousLast: string | undefined;
  let yielded = false;
  for await (const items of pages) {
    const rows: Row[] = [];
    const first = items[0];
    if (previousLast !== undefined && first !== undefined && cursorValue(createdAt(first)) === previousLast) {
      for await (const tie of offsetPages(
        (offset) => query.fetch({ filter: { created_at: { $eq: previousLast } }, sorts: ASCENDING, limit: pageSize, offset }),
        pageSize,
      )) {
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
