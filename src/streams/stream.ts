// The contract every stream keeps. A stream yields batches (usually one API page) of finished rows, each
// optionally followed by the checkpoint that covers it; the read command turns them into messages.

import type { PageBudget } from '../attio/paginate.js';
import type { Logger } from '../logger.js';
import type { AirbyteStream, JsonSchema, StreamState, SyncMode } from '../protocol/types.js';

export type Row = Record<string, unknown>;

export interface Batch {
  records: Row[];
  /** The stream's state once these records (and all before them) are delivered. */
  state?: StreamState;
}

export interface ReadContext {
  syncMode: SyncMode;
  /** The stream's state from --state; undefined when there is none. */
  state: StreamState | undefined;
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
  /** Present when the stream supports incremental sync. */
  readonly cursorField?: string[];
  /** Attio scopes a token needs to read this stream. */
  readonly requiredScopes: readonly string[];
  read(context: ReadContext): AsyncIterable<Batch>;
}

export function toAirbyteStream(stream: Stream): AirbyteStream {
  const incremental = stream.cursorField !== undefined;
  return {
    name: stream.name,
    json_schema: stream.jsonSchema,
    supported_sync_modes: incremental ? ['full_refresh', 'incremental'] : ['full_refresh'],
    source_defined_cursor: incremental,
    ...(incremental ? { default_cursor_field: stream.cursorField } : {}),
    source_defined_primary_key: stream.primaryKey,
    is_resumable: false,
  };
}

/** Keep only the selected columns; the identity when everything is selected. */
export function projectRow(row: Row, selected: ReadonlySet<string> | undefined): Row {
  if (selected === undefined) return row;
  const out: Row = {};
  for (const key in row) if (selected.has(key)) out[key] = row[key];
  return out;
}
