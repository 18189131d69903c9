// Reading a query endpoint (records or list entries) in ascending created_at order, with pages fetched ahead
// concurrently and a checkpoint after every page, correct while the workspace changes under the read.
//
// - Shifts. Consecutive offset pages overlap by one item, so page p must start with the last item of page p−1.
//   When it does not, records before it were deleted (or merged away) between the two requests and everything
//   after moved up: the read starts again from the cursor (`created_at >= cursor`, whose ids are known), so no
//   surviving record is skipped and none repeats. New records get created_at "now", after everything read.
// - Order. An item older than the one before it breaks Attio's promise of created_at order: the stream fails
//   with a clear error rather than dropping what the cursor would take for already delivered.
// - Ties. Attio does not order items that share a created_at. When such a group straddles a page boundary, the
//   whole group is fetched by itself, paged by the record's own id; its progress is the last id delivered
//   (`after_id_at_created_at`), so state and work stay small however large the group (a bulk import), and the
//   read then continues after it (`created_at > T`). A group read whole moves the cursor past T with no ids, so
//   the next sync does not search inside it again.

import { say, type UserMessage } from '../messages.js';
import type { QueryBody } from '../attio/client.js';
import {
  materialize,
  offsetStep,
  type PageBudget,
  type PageOrDeferred,
  PagingLoopError,
  type PrefetchWindow,
  prefetchOffsetPages,
} from '../attio/paginate.js';
import { ENDPOINTS } from '../attio/endpoints.js';
import { AttioApiError } from '../attio/errors.js';
import { badItemError, SystemError } from '../errors.js';
import { fixedWidthTimestamp } from '../timestamps.js';
import type { CreatedAtCursor } from './created-at-cursor.js';
import type { Row, StreamRead } from './stream.js';

export interface OrderedQuery<T> {
  fetch: (body: QueryBody, signal?: AbortSignal) => Promise<PageOrDeferred<T>>;
  createdAt: (item: T) => string;
  id: (item: T) => string;
  /** The id attribute's slug (record_id, entry_id): the tie-breaking sort inside a group of equal created_at. */
  idAttribute: string;
  onWarning?: (message: UserMessage) => void;
  toRow: (item: T) => Row;
  cursor: CreatedAtCursor;
  pageSize: number;
  maxWindow: number;
  pageBudget?: PageBudget;
}

/** An item's place in the order: its created_at (Attio's fixed-width form) and id. */
interface ItemKey {
  createdAt: string;
  id: string;
}

const ASCENDING = [{ attribute: 'created_at', direction: 'asc' as const }];

const QUERY_PAGE_MAX = ENDPOINTS.recordsQuery.maxPageSize;

/** Passes over a group read without a stable order before giving up (each finds about 60% of what is left). */
const MAX_UNORDERED_PASSES = 25;

/** A large group of equal created_at could not be read whole without a stable order. */
export class UnorderedTieError extends SystemError {
  constructor(at: string, size: number, seen: number, idAttribute: string) {
    const advice = size <= QUERY_PAGE_MAX ? say('unorderedTieAdvice', { size }) : '';
    super(say('unorderedTie', { size, at, attribute: idAttribute, seen, passes: MAX_UNORDERED_PASSES, advice }));
  }
}

/** Attio broke its created_at order: reading on could only drop records silently. */
export class OrderViolation extends SystemError {
  constructor(before: string, after: string) {
    super(say('outOfOrder', { after, before }));
  }
}

export async function* readOrderedByCreatedAt<T>(query: OrderedQuery<T>): StreamRead {
  const { cursor, createdAt, id } = query;
  // Pages overlap by one item to see shifts, which takes at least two per page (the config refuses page_size 1).
  const pageSize = Math.max(2, query.pageSize);
  const keyOf = (item: T): ItemKey => {
    // Items are Attio's JSON, not the type's promise: a null item, or one without its id object, is named as such.
    if (item === null || typeof item !== 'object') throw badItemError(say('itemNotObject'), item);
    const raw = createdAt(item);
    let itemId: unknown;
    try {
      itemId = id(item);
    } catch {
      itemId = undefined;
    }
    // The per-record path: Attio's own fixed-width form needs no normalising.
    const key = { createdAt: fixedWidthTimestamp(typeof raw === 'string' ? raw : '') ?? '', id: itemId as string };
    if (key.createdAt === '' || typeof key.id !== 'string' || key.id === '') throw malformed(item, key);
    return key;
  };

  // How many records the last group read whole had (as Attio last counted them).
  let lastGroupSize = 0;
  // Once Attio has accepted the id sort (in a group read), listings use it too: ties in a stable order make the
  // overlap check exact even where the item two pages share has twins in created_at that a shuffle could swap.
  let idSortAccepted = false;
  let tieSorts: QueryBody['sorts'] = [...ASCENDING, { attribute: query.idAttribute, direction: 'asc' }];
  const fetchTie = async (createdAtValue: string, offset: number, limit = pageSize): Promise<T[]> => {
    const body = { filter: { created_at: { $eq: createdAtValue } }, limit, offset };
    try {
      const page = await materialize(await query.fetch({ ...body, sorts: tieSorts }));
      if (tieSorts !== ASCENDING) idSortAccepted = true;
      return page;
    } catch (error) {
      // Should Attio refuse to sort by the id attribute, fall back to created_at alone: exact for every tie no
      // larger than a page, which is every tie of nanosecond timestamps in practice.
      if (tieSorts === ASCENDING || !(error instanceof AttioApiError) || error.status !== 400) throw error;
      tieSorts = ASCENDING;
      query.onWarning?.(say('idSortRefused', { attribute: query.idAttribute }));
      return materialize(await query.fetch({ ...body, sorts: tieSorts }));
    }
  };
  // Group pages asked for ahead, by offset (only while one group is read).
  const groupAhead = new Map<number, Promise<T[]>>();
  const fetchAhead = (at: string, offset: number) => {
    const page = fetchTie(at, offset);
    page.catch(() => undefined); // one never used must not surface as an unhandled rejection
    groupAhead.set(offset, page);
  };
  const fetchGroupPage = (at: string, offset: number): Promise<T[]> => {
    const ahead = groupAhead.get(offset);
    groupAhead.delete(offset);
    return ahead ?? fetchTie(at, offset);
  };
  /** The rows of a group page the cursor takes; each member's id is added to every set in `seen`. */
  const rowsOf = (at: string, tie: T[], byId: boolean, ...seen: Set<string>[]): Row[] => {
    const rows: Row[] = [];
    for (const item of tie) {
      const key = keyOf(item);
      if (key.createdAt !== at) throw new OrderViolation(at, key.createdAt);
      for (const ids of seen) ids.add(key.id);
      if (byId ? cursor.acceptInIdOrder(key.createdAt, key.id) : cursor.accept(key.createdAt, key.id)) rows.push(query.toRow(item));
    }
    return rows;
  };
  /**
   * Every item of the group created_at = T not delivered yet, one batch per group page. In id order, pages overlap
   * by one member, and each page must start at or below the last id delivered (the bound): one that starts above
   * it means members were deleted or merged away since, and the rest moved up, so the page before is read again.
   * The first page after a resume's search starts on the last member delivered, so it is checked like the others.
   * Progress is the bound, so the group's state stays small however large the group.
   */
  async function* tieGroup(at: string, afterId?: string, atLeast = 0): AsyncGenerator<Row[]> {
    try {
      yield* readGroup(at, afterId, atLeast);
    } finally {
      groupAhead.clear();
    }
  }
  async function* readGroup(at: string, afterId: string | undefined, atLeast: number): AsyncGenerator<Row[]> {
    const step = offsetStep(pageSize);
    let offset = afterId === undefined ? 0 : Math.max(0, (await firstOffsetAfter(at, afterId)) - 1);
    // Pages of a group the listing showed to be large are asked for together, once the sort Attio takes is known.
    if (afterId === undefined && (idSortAccepted || tieSorts === ASCENDING)) {
      for (let ahead = step; ahead < atLeast; ahead += step) fetchAhead(at, ahead);
    }
    let page = await fetchGroupPage(at, offset);
    if (tieSorts === ASCENDING) {
      yield* unorderedGroup(at, offset === 0 ? page : await fetchTie(at, 0));
      return;
    }
    let bound = afterId;
    let stepBacks = 0;
    let stale = 0;
    for (;;) {
      const head = page[0];
      // Past the first page, an empty page is a shift too: the member it should start on is gone.
      if (offset > 0 && bound !== undefined && (head === undefined || keyOf(head).id > bound)) {
        stepBacks += 1;
        if (stepBacks > 100) throw new PagingLoopError(say('loopShifting', { offset }));
        offset = Math.max(0, offset - step);
      } else {
        const rows = rowsOf(at, page, true);
        const last = page.at(-1);
        const lastId = last === undefined ? undefined : keyOf(last).id;
        if (lastId !== undefined && (bound === undefined || lastId > bound)) bound = lastId;
        if (rows.length > 0) {
          stepBacks = 0;
          yield rows;
        }
        if (page.length < pageSize) {
          lastGroupSize = offset + page.length;
          return;
        }
        // Full pages that bring nothing new, again and again: an endpoint that ignores offset.
        stale = rows.length === 0 ? stale + 1 : 0;
        if (stale >= 3) throw new PagingLoopError(say('loopSameItems', { offset }));
        offset += step;
      }
      page = await fetchGroupPage(at, offset);
    }
  }
  /** Resuming inside a group read by id: where its first undelivered id is, found in a logarithmic number of requests. */
  const firstOffsetAfter = async (at: string, afterId: string): Promise<number> => {
    const before = async (offset: number) => {
      const [item] = await fetchTie(at, offset, 1);
      return item !== undefined && tieSorts !== ASCENDING && keyOf(item).id <= afterId;
    };
    return firstOffsetWhereNot(before, 0, pageSize);
  };
  /**
   * Attio refused the id sort: a group no larger than a page comes whole in one answer; a larger one has no
   * stable order between requests, so it is read in passes (pages overlapping by one, to a short page, which gives
   * its size), and failing that the stream stops with an error: never a silent loss. A pass is enough when it saw
   * as many members as the group has: where Attio keeps its order, a deletion between two pages of a pass shows as
   * one member more than the size (the overlap), so a pass that lost a member to a shift never counts as whole; or
   * when all passes together saw exactly that many (where Attio reorders ties).
   */
  async function* unorderedGroup(at: string, first: T[]): AsyncGenerator<Row[]> {
    const step = offsetStep(pageSize);
    const seen = new Set<string>();
    let size = 0;
    for (let pass = 0; ; pass += 1) {
      if (pass >= MAX_UNORDERED_PASSES) throw new UnorderedTieError(at, size, seen.size, query.idAttribute);
      const passSeen = new Set<string>();
      let page = pass === 0 ? first : await fetchTie(at, 0);
      for (let offset = 0; ; ) {
        yield rowsOf(at, page, false, seen, passSeen);
        if (page.length < pageSize) {
          size = offset + page.length;
          break;
        }
        offset += step;
        // Far more offsets than records seen: an endpoint that ignores offset (a shuffle still shows most of a page).
        if (offset > 4 * seen.size + 3 * pageSize) throw new PagingLoopError(say('loopSameItems', { offset }));
        page = pass === 0 ? await fetchGroupPage(at, offset) : await fetchTie(at, offset);
      }
      lastGroupSize = size;
      if (passSeen.size === size || seen.size === size) return;
    }
  }

  /**
   * What the listing itself shows of the group of created_at = T that straddles this page's start, where ties keep
   * their order between requests (the listing sorted by id, or Attio's own order once it refused the id sort):
   * `whole` when the group ends on this page (or the listing does) and the distinct members its pages showed are
   * exactly as many as the positions it spans: then it need not be read again. A deletion before a boundary
   * between two of its requests, the one way a member can fall between pages, shows as one member more than the
   * positions (the overlap), never as a silent gap. `open` when it goes on past this page and may still be shown
   * whole (only with Attio's order: sorted by id, a group of more than two pages is read by itself, whose state is
   * an id, not a list). Otherwise `no`: the group is read by itself.
   */
  const listedGroup = (
    at: string,
    items: T[],
    lastPage: boolean,
    base: number,
    runStart: number,
    runIds: Set<string> | undefined,
  ): 'whole' | 'open' | 'no' => {
    if (runIds === undefined) return 'no';
    let end = 0;
    while (end < items.length && keyOf(items[end] as T).createdAt === at) end += 1;
    if (end === items.length && !lastPage) return tieSorts === ASCENDING ? 'open' : 'no';
    const members = new Set(runIds);
    for (let index = 0; index < end; index += 1) members.add(keyOf(items[index] as T).id);
    return members.size === base + end - runStart ? 'whole' : 'no';
  };

  /**
   * A listing page's new items in order: the rows the cursor takes, the last item's key, and where on the page the
   * run of equal created_at that ends it began (-1: on an earlier page). The one loop over every item, kept apart
   * from the generator so that only this small function becomes hot and is optimised.
   */
  const takeListed = (items: T[], previous: ItemKey | undefined): { rows: Row[]; last: ItemKey | undefined; runBegan: number } => {
    const rows: Row[] = [];
    let last = previous;
    let runBegan = -1;
    for (let index = 0; index < items.length; index += 1) {
      const item = items[index] as T;
      const key = keyOf(item);
      if (last !== undefined && key.createdAt < last.createdAt) throw new OrderViolation(last.createdAt, key.createdAt);
      if (last === undefined || key.createdAt !== last.createdAt) runBegan = index;
      last = key;
      if (cursor.accept(key.createdAt, key.id)) rows.push(query.toRow(item));
    }
    return { rows, last, runBegan };
  };

  let fruitlessRestarts = 0;
  // Shared by the listings of this read: a restart keeps the width the window reached.
  const window: PrefetchWindow = { width: 1 };
  // Resumed inside a large group read by id: finish the group first, from its bound, then continue after it.
  if (cursor.groupInProgress && cursor.value !== undefined) {
    for await (const rows of tieGroup(cursor.value, cursor.groupBound)) yield { records: rows, state: cursor.state() };
    cursor.finishGroup();
  }
  for (;;) {
    // Where the read (re)starts: created_at >= the cursor (past a finished group, the cursor is past it too).
    const filter = cursor.value === undefined ? undefined : { created_at: { $gte: cursor.value } };
    const sorted: boolean = idSortAccepted;
    const sorts = sorted ? tieSorts : ASCENDING;
    const pages = prefetchOffsetPages(
      (offset, signal) => query.fetch({ ...(filter ? { filter } : {}), sorts, limit: pageSize, offset }, signal),
      pageSize,
      query.maxWindow,
      query.pageBudget,
      window,
    );
    let previous: ItemKey | undefined;
    // created_at of the previous page's first record: how far back a legitimately stale page can reach.
    let previousFloor = '';
    let restart = false;
    let delivered = 0;
    // Offset of the page at hand in this listing, and where the run of equal created_at ending the previous page began.
    let offset = -offsetStep(pageSize);
    let tailStart = 0;
    // The ids of that run in this listing, while the listing may still show its group whole (listedGroup).
    let runIds: Set<string> | undefined;
    // created_at of a group the listing showed going on past the previous page (`open`): checked on this one.
    let openAt: string | undefined;
    for await (let items of pages) {
      offset += offsetStep(pageSize);
      let base = offset;
      let tieAt: string | undefined;
      if (previous !== undefined) {
        const first = items[0];
        const key = first === undefined ? undefined : keyOf(first);
        // Pages fetched concurrently answer from slightly different moments: a page answered before deletions
        // that the previous one saw starts a little earlier (a restart mends it); one that starts before the whole
        // previous page means Attio's order broke (or more than a page was deleted between the two requests).
        if (key !== undefined && key.createdAt < previousFloor) throw new OrderViolation(previousFloor, key.createdAt);
        if (key !== undefined && key.id === previous.id) {
          items = items.slice(1);
          base += 1;
        }
        // Another item where the last one should be: in the same created_at, a tie whose order Attio changed (or
        // a shift inside it, harmless: the page still starts inside the group, which is read whole by id);
        // otherwise records were deleted (or the page is empty or stale) and the rest moved: start again from the
        // cursor, keeping the window's width.
        else if (key !== undefined && key.createdAt === previous.createdAt) tieAt = key.createdAt;
        else {
          restart = true;
          break;
        }
      }
      const first = items[0];
      if (tieAt === undefined && previous !== undefined && first !== undefined && keyOf(first).createdAt === previous.createdAt) {
        tieAt = previous.createdAt;
      }
      // An open group that ended right at this page's start (its first new item is past it) is checked here too.
      tieAt ??= openAt;
      const lastPage = items.length + (base - offset) < pageSize;
      const listed =
        tieAt !== undefined && (sorted || tieSorts === ASCENDING) ? listedGroup(tieAt, items, lastPage, base, tailStart, runIds) : 'no';
      if (listed === 'no') runIds = undefined;
      openAt = listed === 'open' ? tieAt : undefined;
      // A group of equal created_at straddles the boundary and the listing did not show it whole: read it whole by
      // itself, unless the cursor is past it already (read at an earlier boundary), then go on with this same listing,
      // whose members of the group the cursor now skips: no restart, so the pages in flight are used and the window
      // stays full.
      if (tieAt !== undefined && listed === 'no' && (cursor.value === undefined || tieAt >= cursor.value)) {
        // How many members the two pages show: the group has at least these (one more if this page ends in it).
        let shown = base - tailStart;
        while (shown - (base - tailStart) < items.length && keyOf(items[shown - (base - tailStart)] as T).createdAt === tieAt) shown += 1;
        if (shown - (base - tailStart) === items.length) shown += 1;
        for await (const rows of tieGroup(tieAt, undefined, shown)) {
          delivered += rows.length;
          yield { records: rows, state: cursor.state() };
        }
        cursor.finishGroup();
        // A group reaching past the pages already asked for: this listing would fetch only more of it, so start
        // after it instead (with the same window), giving up the pages in flight. Likewise once the group read
        // showed that Attio accepts the id sort, which this listing does not use yet (once per read).
        if (sorted !== idSortAccepted || tailStart + lastGroupSize > offset + (window.width + 1) * offsetStep(pageSize)) {
          restart = true;
          break;
        }
      }
      const head = items[0];
      if (head !== undefined) previousFloor = keyOf(head).createdAt;
      const { rows, last, runBegan } = takeListed(items, previous);
      previous = last;
      if (runBegan >= 0) {
        tailStart = base + runBegan;
        runIds = new Set(items.slice(runBegan).map((item) => keyOf(item).id));
      } else if (runIds !== undefined) for (const item of items) runIds.add(keyOf(item).id);
      delivered += rows.length;
      yield { records: rows, state: cursor.state() };
    }
    if (!restart) return cursor.state();
    // Restarts that deliver nothing, again and again: an endpoint that ignores offset, or pages that never agree.
    fruitlessRestarts = delivered > 0 ? 0 : fruitlessRestarts + 1;
    if (fruitlessRestarts > 10) throw new PagingLoopError(say('loopSameRecords'));
  }
}
/**
 * The first offset at which `holds` is false, for a condition true at every offset below some point and false from
 * it on; `low` is known to be at or below that point, `probe` is tried first. Doubling, then halving: requests
 * logarithmic in the answer.
 */
async function firstOffsetWhereNot(holds: (offset: number) => Promise<boolean>, low: number, probe: number): Promise<number> {
  let high = probe;
  while (await holds(high)) {
    low = high + 1;
    high *= 2;
  }
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (await holds(middle)) low = middle + 1;
    else high = middle;
  }
  return low;
}

function malformed(item: unknown, key: ItemKey): SystemError {
  const missing = typeof key.id !== 'string' || key.id === '' ? 'no id' : 'no valid created_at';
  return badItemError(say('itemWithoutKey', { missing }), item);
}
