// Every shape a stream's state takes, in one place: one zod schema per cursor, parsed once when a read starts
// (by the read loop, commands/read.ts), with one config_error naming what is wrong. Streams receive the parsed,
// normalized state and never look at the raw one.
//
// A state is its cursor's part (below) plus the extra parts declared in STATE_PARTS: a new kind of state (issue 19's
// set-reconciliation sketch, say) is one more entry there, parsed and checked here with the cursor, not elsewhere.
// Keys no schema declares are kept (Airbyte's own marker, a part a newer version wrote), never a reason to fail.

import { z } from 'zod';
import { ConfigError } from '../errors.js';
import type { Logger } from '../logger.js';
import { say } from '../messages.js';
import type { StreamState } from '../protocol/types.js';
import { MIRROR_CURSOR, ROW_SKETCH } from '../mirror/sketch.js';
import { normalizeTimestamp } from '../timestamps.js';

/**
 * Key of the last state of a completed full refresh (the Airbyte CDK's own sentinel). The platform hands a full
 * refresh's state back only to a later attempt of the same job, and deletes it when a new job starts: a resumable
 * stream that completed in an earlier attempt is not read again, one that stopped resumes from its last checkpoint.
 * Written and checked by the read loop (streams/checkpoints.ts), never by a stream.
 */
export const FULL_REFRESH_COMPLETE = '__ab_full_refresh_sync_complete';

/** A timestamp in any ISO-8601 form, read as Attio's fixed-width UTC form (timestamps.ts). */
const timestamp = z.string().transform((text, ctx) => {
  const normalized = normalizeTimestamp(text);
  if (normalized === undefined) ctx.addIssue({ code: 'custom', message: 'not a timestamp' });
  return normalized ?? '';
});

/** The part of a state each cursor keeps, keyed by the cursor's field (the stream's `cursorField` or a picked one). */
const CURSOR_PARTS = {
  /**
   * The exact created_at cursor (streams/created-at-cursor.ts): every item before `created_at` is delivered, and of
   * those at it, the ids listed and (while a large group is read in id order) every id up to `after_id_at_created_at`.
   */
  created_at: {
    created_at: timestamp,
    ids_at_created_at: z.array(z.string()).default([]),
    after_id_at_created_at: z.string().min(1).optional(),
  },
  /** The change cursor of record and entry streams (streams/change-cursor.ts): rows set at or after it come again. */
  last_value_set_at: { last_value_set_at: timestamp },
  /** The cursor of a value history stream (streams/value-history.ts): records changed after it are read again. */
  active_from: { active_from: timestamp },
};

/**
 * Parts a state may carry besides its cursor, declared here and parsed with it; each must be optional (a state
 * saved before the part existed still parses).
 */
const STATE_PARTS = {
  /**
   * The row sketch (src/mirror/sketch.ts): base64 of its packed buffer. Its content is read by the stream, which
   * starts a new sketch, with a WARN, from one it cannot read (another version's, a changed start_date or columns).
   */
  [ROW_SKETCH]: z.base64().optional(),
  /**
   * The latest last_value_set_at the mirror has given a row it sent again or a tombstone (streams/records.ts): no
   * row goes out with an earlier one, so deduplication never prefers that row's version sent before.
   */
  [MIRROR_CURSOR]: timestamp.optional(),
};

/** The schema of each state shape: its cursor part and the extra parts, other keys kept. */
export const STREAM_STATES = {
  created_at: z.looseObject({ ...CURSOR_PARTS.created_at, ...STATE_PARTS }),
  last_value_set_at: z.looseObject({ ...CURSOR_PARTS.last_value_set_at, ...STATE_PARTS }),
  active_from: z.looseObject({ ...CURSOR_PARTS.active_from, ...STATE_PARTS }),
};

/** The cursors a state can be for. */
export type StateCursor = keyof typeof STREAM_STATES;
/** A parsed state of one cursor: its fields normalized (timestamps in the fixed-width form, defaults filled in). */
export type StateOf<C extends StateCursor> = z.output<(typeof STREAM_STATES)[C]>;
/** A parsed state, tagged with the cursor it is for. */
export type ParsedState = { [C in StateCursor]: { cursor: C; value: StateOf<C> } }[StateCursor];

export function isStateCursor(field: string): field is StateCursor {
  return Object.hasOwn(STREAM_STATES, field);
}

/** The parsed state when it is of `cursor`'s shape; undefined without one. A state of another shape is a bug. */
export function stateFor<C extends StateCursor>(state: ParsedState | undefined, cursor: C): StateOf<C> | undefined {
  if (state === undefined) return undefined;
  if (state.cursor !== cursor) throw new Error(`a ${state.cursor} state handed to a ${cursor} read`);
  return state.value as StateOf<C>;
}

export interface StateReading {
  /** The stream, named in the error and the log. */
  stream: string;
  /** The cursor of the read: the one picked in the catalog, else the stream's default. */
  cursor: StateCursor;
  /** The stream's other cursors: a state saved for one of them (the cursor was switched) counts as none. */
  others: readonly string[];
  logger: Logger;
}

/**
 * Parses a stream's state for its read's cursor: undefined for none (no state, `{}`, only the full-refresh marker,
 * or one of another of the stream's cursors, with an INFO); a config_error for anything else that is not of the
 * cursor's shape.
 */
export function parseStreamState(raw: StreamState | undefined, reading: StateReading): ParsedState | undefined {
  if (raw === undefined || Object.keys(raw).every((key) => key === FULL_REFRESH_COMPLETE)) return undefined;
  const { stream, cursor, logger } = reading;
  if (!Object.hasOwn(raw, cursor)) {
    const switched = reading.others.find((other) => isStateCursor(other) && Object.hasOwn(raw, other));
    if (switched !== undefined) {
      logger.info(say('cursorSwitched', { stream, from: switched, to: cursor }));
      return undefined;
    }
    if (reading.others.includes('created_at') && cursor !== 'created_at') {
      throw new ConfigError(say('cursorStateWithoutCursor', { stream, cursor }));
    }
  }
  const parsed = STREAM_STATES[cursor].safeParse(raw);
  if (parsed.success) return { cursor, value: parsed.data } as ParsedState;
  const field = String(parsed.error.issues[0]?.path[0] ?? cursor);
  if (field === 'ids_at_created_at') throw new ConfigError(say('cursorStateIdsInvalid', { stream }));
  if (field === 'after_id_at_created_at') throw new ConfigError(say('cursorStateAfterIdInvalid', { stream }));
  if (field === cursor) {
    throw new ConfigError(say('cursorStateNotTimestamp', { stream, field, value: String(JSON.stringify(raw[field])) }));
  }
  throw new ConfigError(say('streamStatePartInvalid', { stream, field }));
}
