// Incremental sync of record and entry streams on their change cursor, `last_value_set_at`
// (transform/last-value-set.ts), the second cursor the user may pick in the catalog; created_at stays the default.
//
// Attio can neither filter nor sort on it, so a read on it reads the whole stream as a full refresh does (in
// created_at order, pages fetched ahead) and emits only the rows whose last_value_set_at is at or after the saved
// cursor. The cursor it saves (state/cursor.ts, `StampCursor`) is not the latest change it saw but the moment the
// read started minus a margin, and never after the newest last_value_set_at the read saw: a row changed while the read
// runs may have been read before the change and must come again next time, and the machine's clock may run ahead of
// Attio's (which stamps active_from), by any amount, without the cursor passing an edit. So the state is known only
// once the stream is read to its end (checkpoint policy `at-end`), and a row changed within the margin before a read
// comes in that read and again in the next: at-least-once, deduplicated on the primary key downstream.
//
// `>=`, not `>`: the saved cursor may be an instant this machine chose, not a row's value, so a row at exactly that
// instant may not have been read yet; including it costs one possible repeat, which the margin makes routine.

import { StampCursor } from '../state/cursor.js';
import { stateFor, type StateOf } from '../state/stream-state.js';
import { LAST_VALUE_SET_AT } from '../transform/last-value-set.js';
import type { CheckpointPolicy, ReadContext, Row, StreamRead } from './stream.js';

/** The cursors a values stream offers besides created_at, with their checkpoint policy. */
export const CHANGE_CURSORS: Readonly<Record<string, CheckpointPolicy>> = { [LAST_VALUE_SET_AT]: 'at-end' };

/** What a values stream's row builder returns for a row the change cursor leaves out; never emitted. */
export const UNCHANGED: Row = Object.freeze({});

export interface ChangeCursorRead {
  /** For an incremental read on last_value_set_at: the cursor every row's last_value_set_at goes through. */
  readonly cursor: StampCursor | undefined;
  /** The state for the created_at reader: none on last_value_set_at (the whole stream is read). */
  readonly createdAtState: StateOf<'created_at'> | undefined;
  /** For an active read: the rows minus UNCHANGED, ending on the change cursor's state. */
  finish(rows: StreamRead): StreamRead;
}

/** Decides, at the start of a read, how it uses the change cursor. */
export function changeCursorRead(ctx: ReadContext): ChangeCursorRead {
  if (ctx.syncMode !== 'incremental' || ctx.cursorField !== LAST_VALUE_SET_AT) {
    return { cursor: undefined, createdAtState: stateFor(ctx.state, 'created_at'), finish: (rows) => rows };
  }
  const cursor = new StampCursor({
    field: LAST_VALUE_SET_AT,
    since: stateFor(ctx.state, LAST_VALUE_SET_AT)?.last_value_set_at,
    startedAtMs: (ctx.now ?? Date.now)(),
    inclusive: true,
  });
  return { cursor, createdAtState: undefined, finish: (rows) => onlyChanged(rows, cursor) };
}

async function* onlyChanged(rows: StreamRead, cursor: StampCursor): StreamRead {
  for await (const batch of rows) {
    yield batch.records.includes(UNCHANGED) ? { ...batch, records: batch.records.filter((row) => row !== UNCHANGED) } : batch;
  }
  return cursor.state();
}
