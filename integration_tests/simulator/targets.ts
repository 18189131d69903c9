// The one table of what differs between an object and a list in the simulator: the path segment and
// parameter, the id keys, the name of the values field. The workspace (workspace-rows.ts) and the
// routes (routes-records.ts, routes-schema.ts, routes-files-views.ts) read it instead of asking
// "object or list?" themselves.
import type { AttioEntry, AttioRecord, AttioValues } from './model.js';

export type Target = 'objects' | 'lists';

/** A record or a list entry. */
export type AttioRow = AttioRecord | AttioEntry;

export interface TargetKind {
  target: Target;
  /** The path parameter and the noun in messages: "object" / "list". */
  noun: 'object' | 'list';
  /** The id key of the object or list itself. */
  parentIdKey: 'object_id' | 'list_id';
  /** The path segment of its rows: /v2/objects/{object}/records, /v2/lists/{list}/entries. */
  rowsSegment: 'records' | 'entries';
  /** The id key (and system attribute) of one row. */
  rowIdKey: 'record_id' | 'entry_id';
  /** The noun of one row in messages. */
  rowNoun: 'Record' | 'Entry';
}

export const TARGET_KINDS: Record<Target, TargetKind> = {
  objects: {
    target: 'objects',
    noun: 'object',
    parentIdKey: 'object_id',
    rowsSegment: 'records',
    rowIdKey: 'record_id',
    rowNoun: 'Record',
  },
  lists: {
    target: 'lists',
    noun: 'list',
    parentIdKey: 'list_id',
    rowsSegment: 'entries',
    rowIdKey: 'entry_id',
    rowNoun: 'Entry',
  },
};

export const TARGETS: readonly TargetKind[] = [TARGET_KINDS.objects, TARGET_KINDS.lists];

/** A record keeps its values in `values`, an entry in `entry_values`. */
export function valuesOf(row: AttioRow): AttioValues {
  return 'entry_values' in row ? row.entry_values : row.values;
}

export function withValues<T extends AttioRow>(row: T, next: AttioValues): T {
  return 'entry_values' in row ? { ...row, entry_values: next } : { ...row, values: next };
}
