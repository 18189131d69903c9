// Paging patterns of the Attio API, as async generators of pages.

import { setMaxListeners } from 'node:events';
import type { AttioClient, CallOptions, CursorPage, Item, PathParams } from './client.js';
import type { Endpoint } from './endpoints.js';

/** Slots for pages held in memory, shared by every stream of a run (a Semaphore). */
export interface PageBudget {
  acquire(): Promise<void>;
  tryAcquire(): boolean;
  release(): void;
}

/** A page, or one fetched but not parsed yet (parsed when its turn comes: see AttioClient.deferredQuery). */
export type PageOrDeferred<T> = T[] | (() => Promise<T[]>);

export async function materialize<T>(page: PageOrDeferred<T>): Promise<T[]> {
  return typeof page === 'function' ? page() : page;
}

const UNLIMITED: PageBudget = { acquire: async () => undefined, tryAcquire: () => true, release: () => undefined };

export interface EndpointPaging {
  params?: PathParams;
  /** The key of the item's id inside Attio's composite `id` object (to drop items a page repeats). */
  idKey: string;
  /** Page size where the endpoint documents no maximum (the config's page_size). */
  defaultPageSize: number;
  /** Pages fetched ahead on endpoints in created_at order. */
  maxWindow: number;
  budget?: PageBudget;
  call: CallOptions;
}

/** Every page of a GET endpoint, walked as its paging style says (endpoints.ts). */
export function endpointPages(client: AttioClient, endpoint: Endpoint, paging: EndpointPaging): AsyncIterable<Item[]> {
  const params = paging.params ?? {};
  const idOf = (item: Item) => String((item.id as Record<string, unknown> | undefined)?.[paging.idKey] ?? '');
  const limit = endpoint.maxPageSize ?? paging.defaultPageSize;
  switch (endpoint.paging) {
    case 'none':
      return (async function* () {
        yield await client.items(endpoint, params, {}, paging.call);
      })();
    case 'until-empty':
      return pagesUntilEmpty((offset) => client.items(endpoint, params, { offset }, paging.call), idOf);
    case 'cursor':
      return cursorPages((cursor) => client.cursorPage(endpoint, params, { limit, cursor }, paging.call), idOf);
    case 'offset': {
      const page = (offset: number, signal?: AbortSignal) =>
        client.items(endpoint, params, { limit, offset, ...endpoint.createdAtOrder }, signal ? { ...paging.call, signal } : paging.call);
      // Pages in created_at order are worth fetching ahead: they are checkpointed one by one.
      return endpoint.orderedByCreatedAt ? prefetchOffsetPages(page, limit, paging.maxWindow, paging.budget) : offsetPages(page, limit);
    }
  }
}

/**
 * Offset pages fetched ahead concurrently and yielded in order. The window starts at one page and doubles
 * with every full page, so a one-page stream costs one request while a long one keeps `maxWindow` pages
 * in flight. The first short page is the last one yielded; pages fetched beyond it are dropped.
 *
 * Each page holds a slot of the shared budget from its request until the consumer is done with it, so the
 * pages in memory across all streams stay bounded. A stream waits for a slot only when it holds none;
 * otherwise it takes free slots or none, since waiting while holding pages could deadlock the run.
 */
export async function* prefetchOffsetPages<T>(
  fetchPage: (offset: number, signal: AbortSignal) => Promise<PageOrDeferred<T>>,
  pageSize: number,
  maxWindow: number,
  budget: PageBudget = UNLIMITED,
): AsyncGenerator<T[]> {
  const inFlight: Promise<PageOrDeferred<T>>[] = [];
  // Cancels the pages still in flight when the stream ends or its consumer stops.
  const dropped = new AbortController();
  setMaxListeners(0, dropped.signal);
  let held = 0;
  let nextOffset = 0;
  let window = 1;
  const launch = () => {
    held += 1;
    const page = fetchPage(nextOffset, dropped.signal);
    page.catch(() => undefined); // a page dropped after the end must not surface as an unhandled rejection
    inFlight.push(page);
    nextOffset += pageSize;
  };
  try {
    for (;;) {
      if (inFlight.length === 0) {
        // Holding no slot here, so waiting for one cannot deadlock.
        await budget.acquire();
        launch();
      }
      const page = await materialize(await (inFlight.shift() as Promise<PageOrDeferred<T>>));
      if (page.length < pageSize) {
        if (page.length > 0) yield page;
        return;
      }
      window = Math.min(maxWindow, window * 2);
      while (inFlight.length < window && budget.tryAcquire()) launch();
      yield page;
      held -= 1;
      budget.release();
    }
  } finally {
    dropped.abort();
    for (; held > 0; held -= 1) budget.release();
  }
}

/** Offset pages fetched one after another until a page shorter than `pageSize`. */
export async function* offsetPages<T>(fetchPage: (offset: number) => Promise<T[]>, pageSize: number): AsyncGenerator<T[]> {
  for (let offset = 0; ; offset += pageSize) {
    const page = await fetchPage(offset);
    if (page.length > 0) yield page;
    if (page.length < pageSize) return;
  }
}

/**
 * For endpoints whose page size is undocumented: advance by what arrived and stop on an empty page, or when
 * a page repeats ids already seen (an endpoint that ignores offset must not loop forever).
 */
export async function* pagesUntilEmpty<T>(fetchPage: (offset: number) => Promise<T[]>, idOf: (item: T) => string): AsyncGenerator<T[]> {
  const seen = new Set<string>();
  for (let offset = 0; ; ) {
    const page = await fetchPage(offset);
    const fresh = page.filter((item) => !seen.has(idOf(item)));
    if (fresh.length === 0) return;
    for (const item of fresh) seen.add(idOf(item));
    yield fresh;
    offset += page.length;
  }
}

/** Cursor pages until Attio returns no next_cursor. Items repeated across pages are dropped. */
export async function* cursorPages(
  fetchPage: (cursor: string | undefined) => Promise<CursorPage>,
  idOf: (item: Item) => string,
): AsyncGenerator<Item[]> {
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (;;) {
    const { items, nextCursor } = await fetchPage(cursor);
    const fresh = items.filter((item) => {
      const id = idOf(item);
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
    if (fresh.length > 0) yield fresh;
    if (!nextCursor || nextCursor === cursor) return;
    cursor = nextCursor;
  }
}
