import { describe, expect, it } from 'vitest';

import { cursorPages, offsetPages, pagesUntilEmpty, prefetchOffsetPages } from './paginate.js';

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[][]> {
  const out: T[][] = [];
  for await (const page of pages) out.push(page);
  return out;
}

/** A fake offset endpoint over `total` numbered items that counts calls and concurrency. */
function offsetEndpoint(total: number, pageSize: number, delay: (offset: number) => number = () => 0) {
  const stats = { calls: [] as number[], active: 0, peak: 0 };
  const fetchPage = async (offset: number): Promise<number[]> => {
    stats.calls.push(offset);
    stats.active += 1;
    stats.peak = Math.max(stats.peak, stats.active);
    try {
      await tick(delay(offset));
      const end = Math.min(total, offset + pageSize);
      return Array.from({ length: Math.max(0, end - offset) }, (_, i) => offset + i);
    } finally {
      stats.active -= 1;
    }
  };
  return { fetchPage, stats };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Prefetched pages overlap by one item (for page sizes above 1): the listing with each repeat dropped. */
const joined = <T>(pages: T[][], pageSize: number): T[] => pages.flatMap((page, i) => (i === 0 || pageSize === 1 ? page : page.slice(1)));

/** The pages an overlapping reader sees for `total` items: full pages p×(size−1) onwards, then the short one. */
function expectedPageCount(total: number, pageSize: number): number {
  const step = pageSize > 1 ? pageSize - 1 : 1;
  let p = 0;
  while (p * step + pageSize <= total) p += 1;
  return p + (total - p * step > 0 ? 1 : 0);
}

describe('prefetchOffsetPages', () => {
  it.each([
    [0, 10],
    [1, 10],
    [9, 10],
    [10, 10],
    [11, 10],
    [95, 10],
    [100, 10],
    [37, 1],
  ])('yields %i items in pages of %i, in order, including the final short page', async (total, pageSize) => {
    const { fetchPage } = offsetEndpoint(total, pageSize);
    const pages = await collect(prefetchOffsetPages(fetchPage, pageSize, 4));
    expect(joined(pages, pageSize)).toEqual(range(total));
    for (const page of pages.slice(0, -1)) expect(page).toHaveLength(pageSize);
    expect(pages.every((page) => page.length > 0)).toBe(true);
    expect(pages).toHaveLength(expectedPageCount(total, pageSize));
  });

  it('keeps pages in order even when later pages answer first', async () => {
    // Earlier offsets are slower, so responses arrive out of order.
    const { fetchPage } = offsetEndpoint(200, 10, (offset) => (offset % 40 === 0 ? 8 : offset % 30 === 0 ? 4 : 0));
    const pages = await collect(prefetchOffsetPages(fetchPage, 10, 6));
    expect(joined(pages, 10)).toEqual(range(200));
  });

  it('keeps at most maxWindow requests in flight, and reaches it on a long stream', async () => {
    for (const maxWindow of [1, 2, 3, 5, 8]) {
      const { fetchPage, stats } = offsetEndpoint(150, 5, () => 1);
      const pages = await collect(prefetchOffsetPages(fetchPage, 5, maxWindow));
      expect(joined(pages, 5)).toEqual(range(150));
      expect(stats.peak, `maxWindow ${maxWindow}`).toBeLessThanOrEqual(maxWindow);
      expect(stats.peak, `maxWindow ${maxWindow}`).toBe(maxWindow);
    }
  });

  it('counts un-consumed pages against the window while the consumer is slow', async () => {
    const { fetchPage, stats } = offsetEndpoint(300, 10);
    let peakLaunchedAhead = 0;
    let consumed = 0;
    for await (const page of prefetchOffsetPages(fetchPage, 10, 3)) {
      consumed += consumed === 0 ? page.length : page.length - 1; // pages repeat the previous page's last item
      await tick(1); // a slow consumer lets every in-flight page resolve
      peakLaunchedAhead = Math.max(peakLaunchedAhead, stats.calls.length * 9 - consumed); // 9 new items a page
    }
    expect(consumed).toBe(300);
    expect(peakLaunchedAhead).toBeLessThanOrEqual(3 * 10);
  });

  it('starts with one request, so a one-page stream costs one call', async () => {
    const { fetchPage, stats } = offsetEndpoint(3, 10);
    expect((await collect(prefetchOffsetPages(fetchPage, 10, 8))).flat()).toEqual([0, 1, 2]);
    expect(stats.calls).toEqual([0]);
  });

  it('grows the window by one page with every full page, so a short listing costs few speculative requests', async () => {
    const { fetchPage, stats } = offsetEndpoint(1000, 10);
    const seenBefore: number[] = [];
    for await (const _page of prefetchOffsetPages(fetchPage, 10, 8)) {
      seenBefore.push(stats.calls.length);
      if (seenBefore.length === 4) break;
    }
    // Calls made when each page is yielded: after page k the window is k + 1 pages ahead.
    expect(seenBefore).toEqual([3, 5, 7, 9]);
  });

  it('stops after a short page and never yields pages fetched beyond it', async () => {
    const calls: number[] = [];
    const fetchPage = async (offset: number) => {
      calls.push(offset);
      if (offset === 18) return [18, 19, 20, 21]; // short
      if (offset > 18) return range(10).map((i) => 1000 + offset + i); // a server that keeps answering
      return range(10).map((i) => offset + i);
    };
    const pages = await collect(prefetchOffsetPages(fetchPage, 10, 4));
    expect(joined(pages, 10)).toEqual(range(22));
  });

  it('stops on an empty first page without yielding it', async () => {
    expect(await collect(prefetchOffsetPages(async () => [], 10, 2))).toEqual([]);
  });

  it('yields an empty page after a full one, and stops: the item the overlap promised is gone (a shift the consumer must see)', async () => {
    // Once a bug: the empty page ended the listing silently, so records moved up before its offset were never read.
    const fetchPage = async (offset: number) => (offset < 27 ? range(10).map((i) => offset + i) : []);
    const pages = await collect(prefetchOffsetPages(fetchPage, 10, 2));
    expect(pages).toHaveLength(4);
    expect(pages.at(-1)).toEqual([]);
    expect(joined(pages.slice(0, 3), 10)).toEqual(range(28));
  });

  it('surfaces the error of a page it needs, and swallows errors of pages beyond the end', async () => {
    const failing = async (offset: number) => {
      if (offset === 18) throw new Error('page 3 failed');
      return range(10).map((i) => offset + i);
    };
    const seen: number[][] = [];
    await expect(
      (async () => {
        for await (const page of prefetchOffsetPages(failing, 10, 4)) seen.push(page);
      })(),
    ).rejects.toThrow('page 3 failed');
    expect(joined(seen, 10)).toEqual(range(19));

    const beyond = async (offset: number) => {
      if (offset === 0) return range(10);
      if (offset === 9) return [9, 10, 11];
      throw new Error('past the end');
    };
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const pages = await collect(prefetchOffsetPages(beyond, 10, 4));
      expect(joined(pages, 10)).toEqual(range(12));
      await tick(5);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });
});

describe('offsetPages', () => {
  it('fetches one page after another, each repeating the last item of the one before, until a short page', async () => {
    const { fetchPage, stats } = offsetEndpoint(25, 10);
    const pages = await collect(offsetPages(fetchPage, 10, String));
    expect(pages.map((p) => p.length)).toEqual([10, 9, 6]);
    expect(pages.flat()).toEqual(range(25));
    expect(stats.calls).toEqual([0, 9, 18]);
    expect(stats.peak).toBe(1);
  });

  it('asks for one more page after a full last page, and yields nothing it already had', async () => {
    const { fetchPage, stats } = offsetEndpoint(19, 10);
    const pages = await collect(offsetPages(fetchPage, 10, String));
    expect(pages.flat()).toEqual(range(19));
    expect(pages).toHaveLength(2);
    expect(stats.calls).toEqual([0, 9, 18]);
  });

  it('yields nothing for an empty endpoint', async () => {
    const { fetchPage } = offsetEndpoint(0, 10);
    expect(await collect(offsetPages(fetchPage, 10, String))).toEqual([]);
  });

  it('an empty page after a full one is a shift: the page before is read again, and what moved up is not lost', async () => {
    // Once a bug: 20 items, pages of 10; two items of the first page are deleted before the request at offset 18,
    // which then finds nothing, and items 18 and 19 (moved to 16 and 17) were never read.
    const live = range(20);
    const calls: number[] = [];
    const fetchPage = async (offset: number) => {
      calls.push(offset);
      if (offset === 18 && live.length === 20) live.splice(0, 2);
      return live.slice(offset, offset + 10);
    };
    const pages = await collect(offsetPages(fetchPage, 10, String));
    expect(new Set(pages.flat())).toEqual(new Set(range(20)));
    expect(calls).toEqual([0, 9, 18, 9]);
  });

  it('skips no survivor when items before the read position are deleted between two requests', async () => {
    // 100 items; after every request, the two lowest items not yet deleted among the first 30 go.
    const items = range(100);
    const deleted = new Set<number>();
    const fetchPage = async (offset: number) => {
      const live = items.filter((i) => !deleted.has(i));
      const page = live.slice(offset, offset + 10);
      for (const victim of live.filter((i) => i < 30).slice(0, 2)) deleted.add(victim);
      return page;
    };
    const delivered = (await collect(offsetPages(fetchPage, 10, String))).flat();
    const survivors = items.filter((i) => !deleted.has(i));
    expect(survivors.filter((i) => !delivered.includes(i))).toEqual([]);
    expect(new Set(delivered).size).toBe(delivered.length);
  });

  it('fails with a clear error when the endpoint ignores offset and repeats the same page', async () => {
    let calls = 0;
    const fetchPage = async () => {
      calls += 1;
      return range(10);
    };
    await expect(collect(offsetPages(fetchPage, 10, String))).rejects.toThrow(/returned the same items again/);
    expect(calls).toBeLessThanOrEqual(5);
  });
});

describe('pagesUntilEmpty', () => {
  const id = (item: { id: string }) => item.id;

  it('advances by what arrived and stops on an empty page', async () => {
    const items = range(23).map((i) => ({ id: `n${i}` }));
    const offsets: number[] = [];
    // The server's page size (7) is unknown to the caller.
    const fetchPage = async (offset: number) => {
      offsets.push(offset);
      return items.slice(offset, offset + 7);
    };
    const pages = await collect(pagesUntilEmpty(fetchPage, id));
    expect(pages.flat()).toEqual(items);
    expect(offsets).toEqual([0, 7, 14, 21, 23]);
  });

  it('fails with a clear error when an endpoint ignores offset and repeats the same page', async () => {
    let calls = 0;
    const fetchPage = async () => {
      calls += 1;
      return [{ id: 'a' }, { id: 'b' }];
    };
    await expect(collect(pagesUntilEmpty(fetchPage, id))).rejects.toThrow(/returned the same items again at offset 2/);
    expect(calls).toBe(2);
  });

  it('drops repeated items from a partly overlapping page but keeps going', async () => {
    const responses = [[{ id: 'a' }, { id: 'b' }], [{ id: 'b' }, { id: 'c' }], []];
    let call = 0;
    const offsets: number[] = [];
    const fetchPage = async (offset: number) => {
      offsets.push(offset);
      return responses[call++] ?? [];
    };
    const pages = await collect(pagesUntilEmpty(fetchPage, id));
    expect(pages).toEqual([[{ id: 'a' }, { id: 'b' }], [{ id: 'c' }]]);
    expect(offsets).toEqual([0, 2, 4]);
  });
});

describe('cursorPages', () => {
  const id = (item: Record<string, unknown>) => String(item.id);

  it('follows next_cursor until there is none, dropping repeated items', async () => {
    const pages: Record<string, { items: Record<string, unknown>[]; nextCursor: string | undefined }> = {
      start: { items: [{ id: 1 }, { id: 2 }], nextCursor: 'c1' },
      c1: { items: [{ id: 2 }, { id: 3 }], nextCursor: 'c2' },
      c2: { items: [{ id: 3 }], nextCursor: 'c3' }, // nothing new: not yielded, but keep following
      c3: { items: [{ id: 4 }], nextCursor: undefined },
    };
    const cursors: (string | undefined)[] = [];
    const out = await collect(
      cursorPages(async (cursor) => {
        cursors.push(cursor);
        return pages[cursor ?? 'start']!;
      }, id),
    );
    expect(out).toEqual([[{ id: 1 }, { id: 2 }], [{ id: 3 }], [{ id: 4 }]]);
    expect(cursors).toEqual([undefined, 'c1', 'c2', 'c3']);
  });

  it('fails with a clear error when the server hands back a cursor it gave before; stops on an empty one', async () => {
    let calls = 0;
    await expect(
      collect(
        cursorPages(async () => {
          calls += 1;
          return { items: [{ id: calls }], nextCursor: 'stuck' };
        }, id),
      ),
    ).rejects.toThrow(/page cursor it had already given/);
    expect(calls).toBe(2);

    const cycle: Record<string, string> = { start: 'A', A: 'B', B: 'A' };
    let cycleCalls = 0;
    await expect(
      collect(
        cursorPages(async (cursor) => {
          cycleCalls += 1;
          return { items: [{ id: cycleCalls }], nextCursor: cycle[cursor ?? 'start'] };
        }, id),
      ),
    ).rejects.toThrow(/page cursor it had already given/);
    expect(cycleCalls).toBe(3);

    const empty = await collect(cursorPages(async () => ({ items: [{ id: 'x' }], nextCursor: '' }), id));
    expect(empty).toEqual([[{ id: 'x' }]]);
  });
});

describe('prefetchOffsetPages with a shared page budget', () => {
  /** A Semaphore that records the most slots ever held at once. */
  async function budgetOf(limit: number) {
    const { Semaphore } = await import('../http/rate-limiter.js');
    const inner = new Semaphore(limit);
    let held = 0;
    let peak = 0;
    const take = () => {
      held += 1;
      peak = Math.max(peak, held);
    };
    return {
      acquire: async () => {
        await inner.acquire();
        take();
      },
      tryAcquire: () => {
        const ok = inner.tryAcquire();
        if (ok) take();
        return ok;
      },
      release: () => {
        held -= 1;
        inner.release();
      },
      get peak() {
        return peak;
      },
      get held() {
        return held;
      },
    };
  }

  const slowPages = (total: number) => async (offset: number) => {
    await new Promise((resolve) => setTimeout(resolve, 1 + (offset % 3)));
    return Array.from({ length: Math.max(0, Math.min(10, total - offset)) }, (_, i) => offset + i);
  };

  it('never holds more pages than the budget across streams, and every stream completes', async () => {
    for (const limit of [1, 2, 3, 5]) {
      const budget = await budgetOf(limit);
      const consume = async (total: number) => {
        const pages: number[][] = [];
        for await (const page of prefetchOffsetPages(slowPages(total), 10, 8, budget)) {
          await new Promise((resolve) => setTimeout(resolve, 1)); // a slow consumer lets pages pile up
          pages.push(page);
        }
        return joined(pages, 10);
      };
      const results = await Promise.all([consume(95), consume(200), consume(10), consume(57)]);
      expect(results.map((r) => r.length)).toEqual([95, 200, 10, 57]);
      expect(results[1]).toEqual(Array.from({ length: 200 }, (_, i) => i));
      expect(budget.peak).toBeLessThanOrEqual(limit);
      expect(budget.held).toBe(0);
    }
  });

  it('gives back its slots when the consumer stops early', async () => {
    const budget = await budgetOf(4);
    for await (const page of prefetchOffsetPages(slowPages(1000), 10, 4, budget)) {
      expect(page).toHaveLength(10);
      break;
    }
    expect(budget.held).toBe(0);
  });
});

describe('prefetchOffsetPages cancels what nobody needs', () => {
  it('aborts the pages still in flight after the last page, and when the consumer stops early', async () => {
    const signals = new Map<number, AbortSignal>();
    const fetchPage = (total: number) => async (offset: number, signal: AbortSignal) => {
      signals.set(offset, signal);
      // Pages past the end answer slowly, so they are still in flight when the stream ends.
      await new Promise((resolve) => setTimeout(resolve, offset >= total ? 50 : 1));
      return Array.from({ length: Math.max(0, Math.min(10, total - offset)) }, (_, i) => offset + i);
    };
    const seen: number[][] = [];
    for await (const page of prefetchOffsetPages(fetchPage(35), 10, 8)) seen.push(page);
    expect(joined(seen, 10)).toHaveLength(35);
    const beyond = [...signals.entries()].filter(([offset]) => offset >= 36);
    expect(beyond.length).toBeGreaterThan(0);
    for (const [, signal] of beyond) expect(signal.aborted).toBe(true);

    signals.clear();
    for await (const _page of prefetchOffsetPages(fetchPage(10_000), 10, 8)) break;
    expect([...signals.values()].every((signal) => signal.aborted)).toBe(true);
  });
});

describe('prefetchOffsetPages keeps its width across restarts', () => {
  it('a listing that replaces another starts with the window the first one reached, not one page', async () => {
    const window = { width: 1 };
    const first = offsetEndpoint(10_000, 10, () => 2);
    let pages = 0;
    for await (const _page of prefetchOffsetPages(first.fetchPage, 10, 6, undefined, window)) if (++pages === 12) break;
    expect(window.width).toBe(6);
    const second = offsetEndpoint(10_000, 10, () => 2);
    const iterator = prefetchOffsetPages(second.fetchPage, 10, 6, undefined, window)[Symbol.asyncIterator]();
    await iterator.next();
    // The first request of the restarted listing went out with five more beside it.
    expect(second.stats.calls.slice(0, 6)).toEqual([0, 9, 18, 27, 36, 45]);
    expect(second.stats.peak).toBe(6);
    await iterator.return?.(undefined);
  });

  it('cancels the pages in flight as soon as the short page arrives, before the consumer gets it', async () => {
    const signals = new Map<number, AbortSignal>();
    const fetchPage = async (offset: number, signal: AbortSignal) => {
      signals.set(offset, signal);
      await tick(offset >= 30 ? 30 : 1);
      return Array.from({ length: Math.max(0, Math.min(10, 25 - offset)) }, (_, i) => offset + i);
    };
    for await (const page of prefetchOffsetPages(fetchPage, 10, 8)) {
      if (page.length < 10) {
        const beyond = [...signals].filter(([offset]) => offset > 18);
        expect(beyond.length).toBeGreaterThan(0);
        expect(beyond.every(([, signal]) => signal.aborted)).toBe(true);
      }
    }
  });
});

describe('prefetchOffsetPages bounded in bytes', () => {
  it('keeps no more pages ahead than PREFETCH_BYTES holds at the size of the pages it gets', async () => {
    const { PREFETCH_BYTES } = await import('./paginate.js');
    for (const [bytes, expectedPeak] of [
      [1_500_000, 8], // Attio's usual 500-record page: the page window (8) decides
      [PREFETCH_BYTES / 2, 2],
      [PREFETCH_BYTES * 2, 1], // a huge page: one at a time
    ] as const) {
      let active = 0;
      let peak = 0;
      const fetchPage = async (offset: number) => {
        active += 1;
        peak = Math.max(peak, active);
        await tick(1);
        active -= 1;
        const items = range(Math.max(0, Math.min(10, 300 - offset))).map((i) => offset + i);
        return Object.assign(async () => items, { bytes });
      };
      const pages = await collect(prefetchOffsetPages(fetchPage, 10, 8));
      expect(joined(pages, 10)).toEqual(range(300));
      expect(peak, `pages of ${bytes} bytes`).toBeLessThanOrEqual(expectedPeak);
      expect(peak, `pages of ${bytes} bytes`).toBe(expectedPeak);
    }
  });
});
