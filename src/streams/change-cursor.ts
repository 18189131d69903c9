// Incremental sync of record and entry streams on their change cursor, `last_value_set_at`
// (transform/last-value-set.ts), the second cursor the user may pick in the catalog; created_at stays the default.
//
// Attio can neither filter nor sort on it, so a read on it reads the whole stream as a full refresh does (in
// created_at order, pages fetched ahead) and emits only the rows whose last_value_set_at is at or after the saved
// cursor. The cursor it saves is not the latest change it saw but the moment the read started, minus a margin:
// a row changed while the read runs may have been read before the change and must come again next time, and
// Attio's clock (which stamps active_from) may run behind this machine's. So the state is known only once the
// stream is read to its end (checkpoint policy `at-end`), and a row changed within the margin before a read comes
// in that read and again in the next: at-least-once, deduplicated on the primary key downstream.
//
// `>=`, not `>`: the saved cursor is an instant this machine chose, not a row's value, so a row at exactly that
// instant may not have been read yet; including it costs one possible repeat, which the margin makes routine.

import type { Logger } from '../logger.js';
import type { StreamState } from '../protocol/types.js';
import { ConfigError } from '../errors.js';
import { say } from '../messages.js';
import { CURSOR_MARGIN_MS } from '../state/cursor.js';
import { instantValue, normalizeTimestamp } from '../timestamps.js';
import { LAST_VALUE_SET_AT } from '../transform/last-value-set.js';
import type { CheckpointPolicy, ReadContext, Row, StreamRead } from './stream.js';

/** The cursors a values stream offers besides created_at, with their checkpoint policy. */
export const CHANGE_CURSORS: Readonly<Record<string, CheckpointPolicy>> = { [LAST_VALUE_SET_AT]: 'at-end' };

/** What a values stream's row builder returns for a row the change cursor leaves out; never emitted. */
export const UNCHANGED: Row = Object.freeze({});

export interface ChangeCursorRead {
  /** True for an incremental read on last_value_set_at. */
  readonly active: boolean;
  /** Rows whose last_value_set_at is before this are left out; undefined: every row is emitted. */
  readonly since: string | undefined;
  /** The stream's state for the created_at reader: none on last_value_set_at, nor when it is a change-cursor state. */
  readonly createdAtState: StreamState | undefined;
  /** For an active read: the rows minus UNCHANGED, no per-page state, ending on {last_value_set_at: start − margin}. */
  finish(rows: StreamRead): StreamRead;
}

/** Decides, at the start of a read, how it uses the change cursor; `now` is this machine's clock (ms). */
export function changeCursorRead(ctx: ReadContext, stream: string, now: () => number = Date.now): ChangeCursorRead {
  const incremental = ctx.syncMode === 'incremental';
  const active = incremental && ctx.cursorField === LAST_VALUE_SET_AT;
  const startedAt = now();
  return {
    active,
    since: active ? changeCursorSince(ctx.state, stream, ctx.logger) : undefined,
    createdAtState: active ? undefined : createdAtState(ctx.state, stream, ctx.logger),
    finish: (rows) => onlyChanged(rows, changeCursorState(startedAt)),
  };
}

/** The state a change-cursor read ends on: the read's start minus the margin, in the fixed-width form. */
export function changeCursorState(startedAtMs: number): StreamState {
  return { [LAST_VALUE_SET_AT]: instantValue(startedAtMs - CURSOR_MARGIN_MS) };
}

/** The saved change cursor; undefined (emit every row) without one, also after a switch from created_at. */
export function changeCursorSince(state: StreamState | undefined, stream: string, logger: Logger): string | undefined {
  if (state === undefined || Object.keys(state).length === 0) return undefined;
  if (!(LAST_VALUE_SET_AT in state)) {
    if ('created_at' in state) {
      switchedCursor(logger, stream, 'created_at', LAST_VALUE_SET_AT);
      return undefined;
    }
    throw new ConfigError(say('cursorStateWithoutCursor', { stream, cursor: LAST_VALUE_SET_AT }));
  }
  const raw = state[LAST_VALUE_SET_AT];
  const since = typeof raw === 'string' ? normalizeTimestamp(raw) : undefined;
  if (since === undefined) {
    throw new ConfigError(say('cursorStateNotTimestamp', { stream, field: LAST_VALUE_SET_AT, value: String(JSON.stringify(raw)) }));
  }
  return since;
}

/** A created_at read's state; a change-cursor state (the user switched back to created_at) counts as none. */
function createdAtState(state: StreamState | undefined, stream: string, logger: Logger): StreamState | undefined {
  if (state === undefined || !(LAST_VALUE_SET_AT in state) || 'created_at' in state) return state;
  switchedCursor(logger, stream, LAST_VALUE_SET_AT, 'created_at');
  return undefined;
}

function switchedCursor(logger: Logger, stream: string, from: string, to: string): void {
  logger.info(say('cursorSwitched', { stream, from, to }));
}

async function* onlyChanged(rows: StreamRead, finalState: StreamState): StreamRead {
  for await (const batch of rows) {
    const records = batch.records.includes(UNCHANGED) ? batch.records.filter((row) => row !== UNCHANGED) : batch.records;
    yield { records };
  }
  return finalState;
}
