// Paging patterns of the Attio API, as async generators of pages.

import { say, type UserMessage } from '../messages.js';
import { setMaxListeners } from 'node:events';
import type { AttioClient, CallOptions, CursorPage, Item, PathParams } from './client.js';
import { badItemError, SystemError } from '../errors.js';
import type { Endpoint } from './endpoints.js';

/** Slots for pages held in memory, shared by every stream of a run (a Semaphore). */
export interface PageBudget {
  acquire(): Promise<void>;
  tryAcquire(): boolean;
  release(): void;
}

/** A page, or one fetched but not parsed yet (parsed when its turn comes: see AttioClient.deferredQuery). */
export type PageOrDeferred<T> = T[] | ((() => Promise<T[]>) & { bytes?: number });

/**
 * Bytes of page text one stream may hold ahead of its consumer: with pages of Attio's usual size (about 1.5 MB for
 * 500 records) the page window decides, but huge pages shrink the window to what fits (one page at least).
 */
export const PREFETCH_BYTES = 32 * 1024 * 1024;

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
  call: CallOptions;
}

/** Every page of a GET endpoint, walked as its paging style says (endpoints.ts). */
export function endpointPages(client: AttioClient, endpoint: Endpoint, paging: EndpointPaging): AsyncIterable<Item[]> {
  const params = paging.params ?? {};
  const idOf = (item: Item) => {
    // Attio's JSON, not the type's promise: a null item is named as such (a missing id is the stream's to judge).
    if (item === null || typeof item !== 'object') throw badItemError(say('itemNotObject'), item);
    const id = item.id;
    return String((id !== null && typeof id === 'object' ? (id as Record<string, unknown>)[paging.idKey] : undefined) ?? '');
  };
  const limit = endpoint.maxPageSize ?? paging.defaultPageSize;
  switch (endpoint.paging) {
    case 'none':
      return (async function* () {
        yield await client.items(endpoint, params, {}, paging.call);
      })();
    case 'until-empty':
      return pagesUntilEmpty((offset) => client.items(endpoint, params, { offset }, paging.call), idOf);
    case 'cursor': {
      const query = (cursor: string | undefined) => (endpoint.noLimit ? { cursor } : { limit, cursor });
      if (endpoint.envelope === 'data-object') {
        return partsOfOne(cursorPages((cursor) => client.cursorPage(endpoint, params, query(cursor), paging.call)));
      }
      return cursorPages((cursor) => client.cursorPage(endpoint, params, query(cursor), paging.call), idOf);
    }
    case 'offset': {
      const page = (offset: number) => client.items(endpoint, params, { limit, offset, ...endpoint.createdAtOrder }, paging.call);
      return offsetPages(page, limit, idOf);
    }
  }
}

/** The listing an endpoint returns repeats itself or loops: reading on would never end. */
export class PagingLoopError extends SystemError {
  constructor(loop: UserMessage) {
    super(say('pagingLoop', { loop }));
  }
}

/** How far apart consecutive offset pages start: one item less than a page, so each page repeats the last item of the previous one. */
export function offsetStep(pageSize: number): number {
  return pageSize > 1 ? pageSize - 1 : pageSize;
}

/** How many pages a read keeps in flight, shared by the listings of one read so that a restart keeps the width. */
export interface PrefetchWindow {
  width: number;
}

/**
 * Offset pages fetched ahead concurrently and yielded in order. Consecutive pages overlap by one item (page p
 * starts at p × (pageSize − 1)), so the consumer can check that the listing did not shift between two requests
 * (see ordered-query.ts). The window grows by one page with every full page the consumer had to wait for, up to
 * `maxWindow`: a short listing costs few speculative requests, a long one keeps as many pages in flight as keep
 * its consumer busy (fewer when the consumer, not Attio, is the slower), so few are fetched past the end. A listing that replaces
 * another one of the same read (a restart) starts with the width that one reached (`window`), not from one page.
 * The first short page is the last one yielded; pages fetched beyond it are cancelled. An empty page after a full
 * one is yielded too: the item the overlap promised is gone, which the consumer must see as a shift.
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
  window: PrefetchWindow = { width: 1 },
): AsyncGenerator<T[]> {
  const step = offsetStep(pageSize);
  const inFlight: { page: Promise<PageOrDeferred<T>>; answered: boolean }[] = [];
  // Cancels the pages still in flight when the stream ends or its consumer stops.
  const dropped = new AbortController();
  setMaxListeners(0, dropped.signal);
  let held = 0;
  let nextOffset = 0;
  let taken = 0;
  const launch = () => {
    held += 1;
    const page = fetchPage(nextOffset, dropped.signal);
    const entry = { page, answered: false };
    // (Catching also keeps a page dropped after the end from surfacing as an unhandled rejection.)
    page.then(
      () => (entry.answered = true),
      () => (entry.answered = true),
    );
    inFlight.push(entry);
    nextOffset += step;
  };
  const fill = () => {
    while (inFlight.length < Math.min(window.width, maxWindow) && budget.tryAcquire()) launch();
  };
  try {
    for (;;) {
      if (inFlight.length === 0) {
        // Holding no slot here, so waiting for one cannot deadlock.
        await budget.acquire();
        launch();
        fill();
      }
      const first = taken === 0;
      taken += 1;
      const next = inFlight.shift() as (typeof inFlight)[number];
      // The consumer waiting for a page is what a wider window mends; a page already there says it is wide enough.
      const waited = !next.answered;
      const fetched = await next.page;
      const bytes = typeof fetched === 'function' ? (fetched.bytes ?? 0) : 0;
      const page = await materialize(fetched);
      if (page.length < pageSize) {
        // Nothing after a short page: cancel what is in flight before the consumer gets it.
        dropped.abort();
        if (page.length > 0 || (!first && step < pageSize)) yield page;
        return;
      }
      // One page more with every full page the consumer had to wait for, but no more pages ahead than
      // PREFETCH_BYTES holds at this page's size.
      const fits = Math.max(1, Math.floor(PREFETCH_BYTES / Math.max(1, bytes)));
      window.width = Math.min(maxWindow, window.width + (waited ? 1 : 0), fits);
      fill();
      yield page;
      held -= 1;
      budget.release();
    }
  } finally {
    dropped.abort();
    for (; held > 0; held -= 1) budget.release();
  }
}

/**
 * Offset pages fetched one after another until a page shorter than `pageSize`, for listings in no filterable
 * order (notes, threads, webhooks, tasks, a tie group). Pages overlap by one item, and each page must start
 * with an item already seen: one that does not means items earlier in the listing were deleted between two
 * requests and the rest moved up, so the read steps back a page (repeats are dropped by id). No item present
 * for the whole read is skipped, whatever is deleted or created meanwhile. Pages that bring nothing new three
 * times running mean the endpoint ignores offset: an error, never an endless loop.
 */
export async function* offsetPages<T>(
  fetchPage: (offset: number) => Promise<T[]>,
  pageSize: number,
  idOf: (item: T) => string,
  /** Whether the listing's order is stable, so a page not starting with a seen item means a shift. */
  stableOrder: () => boolean = () => true,
): AsyncGenerator<T[]> {
  const seen = new Set<string>();
  const step = offsetStep(pageSize);
  let stale = 0;
  let stepBacks = 0;
  for (let offset = 0; ; ) {
    const page = await fetchPage(offset);
    const first = page[0];
    // The listing moved up under us (the page starts on an item not seen, or is empty where the overlap promised
    // one): read the page before again.
    if (offset > 0 && pageSize > 1 && stableOrder() && (first === undefined || !seen.has(idOf(first)))) {
      stepBacks += 1;
      if (stepBacks > 100) throw new PagingLoopError(say('loopShifting', { offset }));
      offset = Math.max(0, offset - step);
      continue;
    }
    const fresh = page.filter((item) => {
      const id = idOf(item);
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
    if (fresh.length > 0) {
      stepBacks = 0;
      yield fresh;
    }
    if (page.length < pageSize) return;
    stale = fresh.length === 0 ? stale + 1 : 0;
    if (stale >= 3) throw new PagingLoopError(say('loopSameItems', { offset }));
    offset += step;
  }
}

/**
 * For endpoints whose page size is undocumented: advance by what arrived and stop on an empty page. A page
 * that repeats only ids already seen means the endpoint ignores offset: an error, never a silent stop.
 */
export async function* pagesUntilEmpty<T>(fetchPage: (offset: number) => Promise<T[]>, idOf: (item: T) => string): AsyncGenerator<T[]> {
  const seen = new Set<string>();
  for (let offset = 0; ; ) {
    const page = await fetchPage(offset);
    if (page.length === 0) return;
    const fresh = page.filter((item) => !seen.has(idOf(item)));
    if (fresh.length === 0) throw new PagingLoopError(say('loopSameItems', { offset }));
    for (const item of fresh) seen.add(idOf(item));
    yield fresh;
    offset += page.length;
  }
}

/**
 * Cursor pages until Attio returns no next_cursor, or a page that is gone (the endpoint's absence rule: what was
 * asked about no longer exists), which ends the listing; the generator returns which. Items repeated across pages
 * are dropped (by `idOf`; without it, every item is kept); a cursor seen before is an error.
 */
export async function* cursorPages(
  fetchPage: (cursor: string | undefined) => Promise<CursorPage>,
  idOf?: (item: Item) => string,
): AsyncGenerator<Item[], 'end' | 'gone'> {
  const seen = new Set<string>();
  const cursors = new Set<string>();
  let cursor: string | undefined;
  for (;;) {
    const { items, nextCursor, gone } = await fetchPage(cursor);
    if (gone) return 'gone';
    const fresh =
      idOf === undefined
        ? items
        : items.filter((item) => {
            const id = idOf(item);
            if (seen.has(id)) return false;
            seen.add(id);
            return true;
          });
    if (fresh.length > 0) yield fresh;
    if (!nextCursor) return 'end';
    if (nextCursor === cursor || cursors.has(nextCursor)) throw new PagingLoopError(say('loopCursorRepeated'));
    cursors.add(nextCursor);
    cursor = nextCursor;
  }
}

/**
 * The pages of one object that Attio sends in parts (a `data-object` endpoint that pages, as a transcript): every
 * part, yielded once as one page when the last has come; nothing when any page is gone, so that half an object is
 * never taken for the whole.
 */
async function* partsOfOne(pages: AsyncGenerator<Item[], 'end' | 'gone'>): AsyncGenerator<Item[]> {
  const parts: Item[] = [];
  for (;;) {
    const next = await pages.next();
    if (next.done) {
      if (next.value === 'end' && parts.length > 0) yield parts;
      return;
    }
    parts.push(...next.value);
  }
}
