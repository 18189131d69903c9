// The one interface every cursor of a stream state implements, and the cursor on Attio's change stamps.
//
// A cursor starts from the parsed state (stream-state.ts), takes every item the read meets with its cursor value,
// says whether the item is to be emitted, and gives the state to resume from. Implemented by the exact created_at
// cursor and its unordered form (streams/created-at-cursor.ts), and by StampCursor below for the change cursor
// (`last_value_set_at`, streams/change-cursor.ts) and the value history cursor (`active_from`, value-history.ts).

import type { StreamState } from '../protocol/types.js';
import { instantValue } from '../timestamps.js';

export interface Cursor {
  /**
   * Takes an item by its cursor value (a fixed-width timestamp) and id: true when it is to be emitted, false when an
   * earlier read (or page) already delivered it.
   */
  accept(value: string, id: string): boolean;
  /** The state to resume from once every accepted item is delivered (for `at-end` streams: once all are seen). */
  state(): StreamState;
}

/**
 * How far before the start of a read the cursors on Attio's change stamps are saved (at most): a value set while the
 * read runs, on a row the read had already passed, is stamped after it and comes next time; it also covers the time
 * between Attio stamping a value and the value showing in queries.
 */
export const CURSOR_MARGIN_MS = 5 * 60 * 1000;

/**
 * The cursor a read on Attio's change stamps ends on: the start of the read (this machine's clock) minus the margin,
 * but never after the newest stamp the read saw, which Attio's own clock made. So a clock running ahead of Attio's,
 * by any amount, cannot carry the cursor past an edit not yet read; a clock behind it only brings rows again.
 * Undefined when there is nothing to bound it by (no stamp seen, no earlier cursor): no cursor, the next read
 * emits every row, which is what a state without one means.
 */
export function stampCursorEnd(startedAtMs: number, newestStamp: string | undefined): string | undefined {
  if (newestStamp === undefined) return undefined;
  const margin = instantValue(startedAtMs - CURSOR_MARGIN_MS);
  return newestStamp < margin ? newestStamp : margin;
}

export interface StampCursorOptions {
  /** The state's key: `last_value_set_at` or `active_from`. */
  field: string;
  /** The saved cursor; undefined: every item is emitted. */
  since: string | undefined;
  /** When the read started, on this machine's clock (ms). */
  startedAtMs: number;
  /** Whether an item stamped exactly at `since` is emitted again (`>=`) or not (`>`). */
  inclusive: boolean;
}

/**
 * A cursor on a change stamp Attio can neither filter nor sort on: the whole stream is read, items stamped after
 * the saved cursor are emitted, and the state is known once every item was seen (`at-end`).
 */
export class StampCursor implements Cursor {
  /** The newest stamp seen, emitted or not. */
  private newest: string | undefined;

  constructor(private readonly options: StampCursorOptions) {}

  accept(stamp: string, _id?: string): boolean {
    if (this.newest === undefined || stamp > this.newest) this.newest = stamp;
    const { since, inclusive } = this.options;
    return since === undefined || (inclusive ? stamp >= since : stamp > since);
  }

  state(): StreamState {
    // A read that saw nothing keeps the cursor it started from (bounded by the margin as any other).
    const end = stampCursorEnd(this.options.startedAtMs, this.newest ?? this.options.since);
    return end === undefined ? {} : { [this.options.field]: end };
  }
}
