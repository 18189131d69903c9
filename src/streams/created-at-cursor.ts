// Exact incremental sync on created_at, Attio's only cursor (it has no updated_at).
//
// State: {"created_at": T, "ids_at_created_at": [ids already delivered whose created_at is exactly T]}.
// The next read asks for created_at >= T and skips those ids, so nothing is lost (>=) and nothing repeats
// (the ids), also when many records share T. Cursors are compared as fixed-width strings, never as Dates,
// which would drop Attio's nanoseconds.

import { ConfigError } from '../errors.js';
import type { StreamState } from '../protocol/types.js';
import { cursorValue, normalizeTimestamp } from '../timestamps.js';

export interface CursorStart {
  createdAt: string | undefined;
  ids: string[];
}

/** The starting point of a read: the stream's state, else start_date, else the beginning. */
export function cursorStart(state: StreamState | undefined, startDate: string | undefined, stream: string): CursorStart {
  if (state === undefined || Object.keys(state).length === 0) return { createdAt: startDate, ids: [] };
  const raw = state.created_at;
  const createdAt = typeof raw === 'string' ? normalizeTimestamp(raw) : undefined;
  if (createdAt === undefined) {
    throw new ConfigError(
      `The state of stream "${stream}" is not valid: "created_at" must be an ISO-8601 timestamp, got ${JSON.stringify(raw)}. Reset the stream to start over.`,
    );
  }
  const ids = state.ids_at_created_at ?? [];
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) {
    throw new ConfigError(
      `The state of stream "${stream}" is not valid: "ids_at_created_at" must be a list of ids. Reset the stream to start over.`,
    );
  }
  return { createdAt, ids: ids as string[] };
}

/** Tracks the high-water mark of what has been delivered, in ascending created_at order. */
export class CreatedAtCursor {
  private createdAt: string | undefined;
  private ids: string[];
  private idSet: Set<string>;

  constructor(start: CursorStart) {
    this.createdAt = start.createdAt;
    this.ids = [...start.ids];
    this.idSet = new Set(start.ids);
  }

  /** Records the item and returns true if it is new; false if it was already delivered. */
  accept(createdAtRaw: string, id: string): boolean {
    const createdAt = createdAtRaw.length === 30 ? createdAtRaw : cursorValue(createdAtRaw);
    const current = this.createdAt;
    if (current !== undefined) {
      if (createdAt < current) return false;
      if (createdAt === current) {
        if (this.idSet.has(id)) return false;
        this.ids.push(id);
        this.idSet.add(id);
        return true;
      }
    }
    this.createdAt = createdAt;
    this.ids = [id];
    this.idSet = new Set(this.ids);
    return true;
  }

  /** Whether an item at this created_at was already delivered (without recording it). */
  delivered(createdAtRaw: string, id: string): boolean {
    const createdAt = createdAtRaw.length === 30 ? createdAtRaw : cursorValue(createdAtRaw);
    return this.createdAt !== undefined && (createdAt < this.createdAt || (createdAt === this.createdAt && this.idSet.has(id)));
  }

  get value(): string | undefined {
    return this.createdAt;
  }

  state(): StreamState {
    return this.createdAt === undefined ? {} : { created_at: this.createdAt, ids_at_created_at: [...this.ids] };
  }
}

/**
 * For items in no particular order: an item is new if it is past the starting cursor; the next cursor is the
 * greatest created_at seen (with the ids at it), known only once every item has been seen.
 */
export class HighWaterMark {
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

  state(): StreamState {
    return this.max === undefined ? {} : { created_at: this.max, ids_at_created_at: [...this.idsAtMax] };
  }
}
