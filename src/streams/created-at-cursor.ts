// Exact incremental sync on created_at, Attio's only cursor (it has no updated_at).
//
// State: {"created_at": T, "ids_at_created_at": [ids already delivered whose created_at is exactly T]}, and,
// while a large group sharing T is read in id order, "after_id_at_created_at": X (every item at T whose id is
// at most X is delivered), so the state stays small however large the group.
// The next read asks for created_at >= T and skips what was delivered, so nothing is lost (>=) and nothing
// repeats. Cursors are compared as fixed-width strings, never as Dates, which would drop Attio's nanoseconds.

import type { StreamState } from '../protocol/types.js';
import type { Cursor } from '../state/cursor.js';
import type { StateOf } from '../state/stream-state.js';
import { cursorValue } from '../timestamps.js';

export interface CursorStart {
  createdAt: string | undefined;
  ids: string[];
  /** Every item at createdAt with an id up to this one (in Attio's id order) is delivered. */
  afterId?: string;
}

/** The starting point of a read: the stream's parsed state (state/stream-state.ts), else start_date, else the beginning. */
export function cursorStart(state: StateOf<'created_at'> | undefined, startDate: string | undefined): CursorStart {
  if (state === undefined) return { createdAt: startDate, ids: [] };
  const afterId = state.after_id_at_created_at;
  return { createdAt: state.created_at, ids: [...state.ids_at_created_at], ...(afterId === undefined ? {} : { afterId }) };
}

/** Tracks the high-water mark of what has been delivered, in ascending created_at order. */
export class CreatedAtCursor implements Cursor {
  private createdAt: string | undefined;
  private ids: string[];
  private idSet: Set<string>;
  private afterId: string | undefined;

  constructor(start: CursorStart) {
    this.createdAt = start.createdAt;
    this.ids = [...start.ids];
    this.idSet = new Set(start.ids);
    this.afterId = start.afterId;
  }

  /** Records the item and returns true if it is new; false if it was already delivered. */
  accept(createdAtRaw: string, id: string): boolean {
    const createdAt = cursorValue(createdAtRaw);
    const current = this.createdAt;
    if (current !== undefined) {
      if (createdAt < current) return false;
      if (createdAt === current) {
        if (this.idSet.has(id) || (this.afterId !== undefined && id <= this.afterId)) return false;
        this.ids.push(id);
        this.idSet.add(id);
        return true;
      }
    }
    this.moveTo(createdAt);
    this.ids.push(id);
    this.idSet.add(id);
    return true;
  }

  /**
   * For the items of one created_at read in ascending id order: records the item and returns true if it is
   * new. The delivered ids become a bound (every id up to X), not a list, so the state stays small.
   */
  acceptInIdOrder(createdAtRaw: string, id: string): boolean {
    const createdAt = cursorValue(createdAtRaw);
    if (this.createdAt !== undefined && createdAt < this.createdAt) return false;
    if (this.createdAt !== createdAt) this.moveTo(createdAt);
    if (this.idSet.has(id) || (this.afterId !== undefined && id <= this.afterId)) return false;
    this.afterId = id;
    // Ids listed earlier that the bound now covers need not be kept.
    if (this.ids.length > 0) {
      this.ids = this.ids.filter((listed) => listed > id);
      this.idSet = new Set(this.ids);
    }
    return true;
  }

  /**
   * Every item at the current created_at is delivered (a group read whole): the cursor moves one nanosecond past
   * it with no ids, so the state stays small and the next read starts after the group instead of searching in it.
   */
  finishGroup(): void {
    const at = this.createdAt;
    if (at !== undefined && at.length === 30) this.moveTo(nextNanosecond(at));
  }

  /** Whether an item at this created_at was already delivered (without recording it). */
  delivered(createdAtRaw: string, id: string): boolean {
    const createdAt = cursorValue(createdAtRaw);
    if (this.createdAt === undefined || createdAt > this.createdAt) return false;
    return createdAt < this.createdAt || this.idSet.has(id) || (this.afterId !== undefined && id <= this.afterId);
  }

  get value(): string | undefined {
    return this.createdAt;
  }

  /** A group sharing created_at was being read in id order when this state was saved: it is to be finished first. */
  get groupInProgress(): boolean {
    return this.afterId !== undefined;
  }

  /** The last id delivered of that group, in id order. */
  get groupBound(): string | undefined {
    return this.afterId;
  }

  state(): StreamState {
    if (this.createdAt === undefined) return {};
    return {
      created_at: this.createdAt,
      ids_at_created_at: [...this.ids],
      ...(this.afterId === undefined ? {} : { after_id_at_created_at: this.afterId }),
    };
  }

  private moveTo(createdAt: string): void {
    this.createdAt = createdAt;
    this.ids = [];
    this.idSet = new Set();
    this.afterId = undefined;
  }
}

/** The fixed-width timestamp one nanosecond after `at` (fixed width itself). */
function nextNanosecond(at: string): string {
  const nanos = Number(at.slice(20, 29));
  if (nanos < 999_999_999) return `${at.slice(0, 20)}${String(nanos + 1).padStart(9, '0')}Z`;
  return `${new Date(Date.parse(`${at.slice(0, 19)}Z`) + 1000).toISOString().slice(0, 19)}.000000000Z`;
}

/**
 * For items in no particular order: an item is new if it is past the starting cursor; the next cursor is the
 * greatest created_at seen (with the ids at it), known only once every item has been seen.
 */
export class HighWaterMark implements Cursor {
  private readonly start: CreatedAtCursor;
  private max: string | undefined;
  private idsAtMax: string[];

  constructor(start: CursorStart) {
    this.start = new CreatedAtCursor(start);
    this.max = start.createdAt;
    this.idsAtMax = [...start.ids];
  }

  /** Records the item and returns true if it is new. */
  accept(createdAtRaw: string, id: string): boolean {
    const createdAt = cursorValue(createdAtRaw);
    if (this.start.delivered(createdAt, id)) return false;
    if (this.max === undefined || createdAt > this.max) {
      this.max = createdAt;
      this.idsAtMax = [id];
    } else if (createdAt === this.max && !this.idsAtMax.includes(id)) {
      this.idsAtMax.push(id);
    }
    return true;
  }

  /** The greatest created_at seen so far. */
  get value(): string | undefined {
    return this.max;
  }

  state(): StreamState {
    return this.max === undefined ? {} : { created_at: this.max, ids_at_created_at: [...this.idsAtMax] };
  }
}
