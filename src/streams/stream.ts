// The contract every stream keeps. A stream yields batches (usually one API page) of finished rows, with the
// cursor's state where it may be checkpointed, and returns the state it ended on; when a STATE goes out, and what a
// full refresh does with a state, is decided by streams/checkpoints.ts from the stream's declared policy, never by
// the stream. The state a stream starts from comes parsed (state/stream-state.ts).

import type { PageBudget } from '../attio/paginate.js';
import type { Logger } from '../logger.js';
import type { ParsedState } from '../state/stream-state.js';
import { resumesFullRefresh } from './checkpoints.js';
import type { AirbyteStream, JsonSchema, StreamState, SyncMode } from '../protocol/types.js';

export type Row = Record<string, unknown>;

/**
 * When a stream's state may be checkpointed:
 * - `per-page`: the items come in ascending created_at order, so the state after any page is safe to resume from;
 * - `at-end`: the order is anything else, so the state is known only once every item has been seen;
 * - `none`: no cursor (a dimension table, full refresh only): an empty state at the end.
 */
export type CheckpointPolicy = 'per-page' | 'at-end' | 'none';

export interface Batch {
  records: Row[];
  /** For `per-page` streams: the state once these records (and all before them) are delivered. */
  state?: StreamState;
}

/** Batches of rows, then the state the stream ended on (undefined for `none` streams). */
export type StreamRead = AsyncGenerator<Batch, StreamState | undefined, undefined>;

export interface ReadContext {
  syncMode: SyncMode;
  /**
   * The state to start from, parsed for the read's cursor (state/stream-state.ts); undefined when the read starts
   * without one (none saved, a full refresh that does not resume, or a state of another cursor).
   */
  state: ParsedState | undefined;
  /** This machine's clock (ms since the epoch); Date.now unless a test moves it. */
  now?: () => number;
  /**
   * The cursor of an incremental read: the stream's default `cursorField`, or one of its `otherCursors` the
   * configured catalog picked (see streams/cursor-choice.ts); undefined in full refresh.
   */
  cursorField?: string;
  /** Output columns the configured catalog selected; undefined means all. */
  selected: ReadonlySet<string> | undefined;
  logger: Logger;
  onRateLimited: (untilEpochMs: number) => void;
  /** Slots for pages held in memory, shared by every stream of the run. */
  pageBudget?: PageBudget;
}

export interface Stream {
  readonly name: string;
  readonly jsonSchema: JsonSchema;
  readonly primaryKey: string[][];
  /** Present when the stream supports incremental sync: its default cursor. */
  readonly cursorField?: string[];
  /** The checkpoint policy of a read on the default cursor, and of a full refresh. */
  readonly checkpoint: CheckpointPolicy;
  /**
   * Top-level columns besides `cursorField` the user may pick as the cursor in the catalog, each with the
   * checkpoint policy of an incremental read on it. A stream that has any lets the catalog define its cursor
   * (`source_defined_cursor: false`).
   */
  readonly otherCursors?: Readonly<Record<string, CheckpointPolicy>>;
  /** Attio scopes a token needs to read this stream. */
  readonly requiredScopes: readonly string[];
  read(context: ReadContext): StreamRead;
}

export function toAirbyteStream(stream: Stream): AirbyteStream {
  const incremental = stream.cursorField !== undefined;
  const catalogDefined = incremental && Object.keys(stream.otherCursors ?? {}).length > 0;
  return {
    name: stream.name,
    json_schema: stream.jsonSchema,
    supported_sync_modes: incremental ? ['full_refresh', 'incremental'] : ['full_refresh'],
    source_defined_cursor: incremental && !catalogDefined,
    ...(incremental ? { default_cursor_field: stream.cursorField } : {}),
    source_defined_primary_key: stream.primaryKey,
    is_resumable: resumesFullRefresh(stream.checkpoint),
  };
}

/** Keep only the selected columns; the identity when everything is selected. */
export function projectRow(row: Row, selected: ReadonlySet<string> | undefined): Row {
  if (selected === undefined) return row;
  const out: Row = {};
  for (const key in row) if (selected.has(key)) out[key] = row[key];
  return out;
}
