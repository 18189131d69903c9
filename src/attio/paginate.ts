// Paging patterns of the Attio API, as async generators of pages.

import type { Item } from './client.js';

/**
 * Offset pages fetched ahead concurrently and yielded in order. The window starts at one page and doubles
 * with every full page, so a one-page stream costs one request while a long one keeps `maxWindow` pages
 * in flight. The first short page is the last one yielded; pages fetched beyond it are dropped.
 */
export async function* prefetchOffsetPages<T>(
  fetchPage: (offset: number) => Promise<T[]>,
  pageSize: number,
  maxWindow: number,
): AsyncGenerator<T[]> {
  const inFlight: Promise<T[]>[] = [];
  let nextOffset = 0;
  let window = 1;
  const launch = () => {
    const page = fetchPage(nextOffset);
    page.catch(() => undefined); // a page dropped after the end must not surface as an unhandled rejection
    inFlight.push(page);
    nextOffset += pageSize;
  };
  launch();
  while (inFlight.length > 0) {
    const page = await (inFlight.shift() as Promise<T[]>);
    if (page.length < pageSize) {
      if (page.length > 0) yield page;
      return;
    }
    window = Math.min(maxWindow, window * 2);
    while (inFlight.length < window) launch();
    yield page;
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
  fetchPage: (cursor: string | undefined) => Promise<{ items: Item[]; nextCursor: string | undefined }>,
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
