import { describe, expect, it } from 'vitest';

import { ConfigError } from '../errors.js';
import { checkpointPolicy } from './checkpoints.js';
import { chooseCursor, supportedCursors } from './cursor-choice.js';
import { type Stream, toAirbyteStream } from './stream.js';

function stream(overrides: Partial<Stream>): Stream {
  return {
    name: 'people',
    jsonSchema: { type: 'object', properties: {} },
    primaryKey: [['record_id']],
    cursorField: ['created_at'],
    checkpoint: 'per-page',
    requiredScopes: [],
    read: () => {
      throw new Error('not read here');
    },
    ...overrides,
  };
}

const values = stream({ otherCursors: { last_value_set_at: 'at-end' } });
const notes = stream({ name: 'notes', checkpoint: 'at-end' });

describe('chooseCursor', () => {
  it('takes the default cursor when the catalog names none (absent, null, empty)', () => {
    for (const configured of [undefined, null, []]) expect(chooseCursor(values, configured)).toBe('created_at');
  });

  it('takes any cursor the stream supports', () => {
    expect(chooseCursor(values, ['created_at'])).toBe('created_at');
    expect(chooseCursor(values, ['last_value_set_at'])).toBe('last_value_set_at');
    expect(supportedCursors(values)).toEqual(['created_at', 'last_value_set_at']);
  });

  it('fails with a config_error naming the stream, the field and the supported cursors', () => {
    const attempt = () => chooseCursor(values, ['name']);
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(
      'Stream "people" cannot use "name" as its cursor: its cursors are created_at (the default), last_value_set_at. Pick one of them as the stream\'s cursor in the connection settings.',
    );
    expect(() => chooseCursor(values, ['last_value_set_at', 'x'])).toThrow(/cannot use "last_value_set_at\.x" as its cursor/);
    expect(() => chooseCursor(notes, ['last_value_set_at'])).toThrow(
      'Stream "notes" cannot use "last_value_set_at" as its cursor: its cursors are created_at (the default). Pick one of them as the stream\'s cursor in the connection settings.',
    );
    // Not a key of some object: nothing inherited counts.
    expect(() => chooseCursor(values, ['toString'])).toThrow(ConfigError);
  });
});

describe('checkpointPolicy', () => {
  it("follows the cursor: the default cursor's policy, or the other cursor's own", () => {
    expect(checkpointPolicy(values, 'created_at')).toBe('per-page');
    expect(checkpointPolicy(values, 'last_value_set_at')).toBe('at-end');
    expect(checkpointPolicy(values, undefined)).toBe('per-page'); // full refresh
    expect(checkpointPolicy(notes, 'created_at')).toBe('at-end');
    expect(checkpointPolicy(values, 'toString')).toBe('per-page');
  });
});

describe('toAirbyteStream', () => {
  it('lets the catalog define the cursor of a stream with other cursors, created_at being the default', () => {
    expect(toAirbyteStream(values)).toMatchObject({
      supported_sync_modes: ['full_refresh', 'incremental'],
      source_defined_cursor: false,
      default_cursor_field: ['created_at'],
    });
  });

  it('keeps a source-defined cursor for a stream with only created_at, and none for full-refresh streams', () => {
    expect(toAirbyteStream(notes)).toMatchObject({ source_defined_cursor: true, default_cursor_field: ['created_at'] });
    const table = toAirbyteStream(stream({ cursorField: undefined, checkpoint: 'none' }));
    expect(table.source_defined_cursor).toBe(false);
    expect(table.default_cursor_field).toBeUndefined();
  });
});
