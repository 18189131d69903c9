import { describe, expect, it } from 'vitest';

import { ConfigError } from '../errors.js';
import type { Logger } from '../logger.js';
import { FULL_REFRESH_COMPLETE, parseStreamState, type StateCursor, STREAM_STATES, stateFor } from './stream-state.js';

function recorder(): { logger: Logger; infos: string[] } {
  const infos: string[] = [];
  return { logger: { info: (m: string) => infos.push(m) } as unknown as Logger, infos };
}

const parse = (raw: Record<string, unknown> | undefined, cursor: StateCursor, others: string[] = [], logger = recorder().logger) =>
  parseStreamState(raw, { stream: 'people', cursor, others, logger });

function rejection(raw: Record<string, unknown>, cursor: StateCursor, others: string[] = []): string {
  try {
    parse(raw, cursor, others);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).failureType).toBe('config_error');
    return (error as ConfigError).userMessage;
  }
  throw new Error(`expected ${JSON.stringify(raw)} to be rejected`);
}

describe('parseStreamState', () => {
  it('has one schema per cursor of the connector', () => {
    expect(Object.keys(STREAM_STATES).sort()).toEqual(['active_from', 'created_at', 'last_value_set_at']);
  });

  it('is none for no state, an empty one, or one that holds only the full-refresh marker', () => {
    for (const cursor of ['created_at', 'last_value_set_at', 'active_from'] as const) {
      expect(parse(undefined, cursor)).toBeUndefined();
      expect(parse({}, cursor)).toBeUndefined();
      expect(parse({ [FULL_REFRESH_COMPLETE]: true }, cursor)).toBeUndefined();
    }
  });

  it('normalizes each cursor to the fixed-width form and fills defaults, keeping keys it does not know', () => {
    expect(parse({ created_at: '2024-03-05T10:11:12.5Z', extra: 1 }, 'created_at')).toEqual({
      cursor: 'created_at',
      value: { created_at: '2024-03-05T10:11:12.500000000Z', ids_at_created_at: [], extra: 1 },
    });
    expect(
      parse({ created_at: '2024-03-05T10:11:12Z', ids_at_created_at: ['a'], after_id_at_created_at: 'b' }, 'created_at')?.value,
    ).toEqual({
      created_at: '2024-03-05T10:11:12.000000000Z',
      ids_at_created_at: ['a'],
      after_id_at_created_at: 'b',
    });
    expect(parse({ last_value_set_at: '2026-11-30T11:55:00Z' }, 'last_value_set_at')?.value).toEqual({
      last_value_set_at: '2026-11-30T11:55:00.000000000Z',
    });
    expect(parse({ active_from: '2026-01-01T01:00:00+01:00' }, 'active_from')?.value).toEqual({
      active_from: '2026-01-01T00:00:00.000000000Z',
    });
  });

  it('a state of another of the stream’s cursors (switched without a reset) counts as none, with an INFO', () => {
    const { logger, infos } = recorder();
    expect(
      parse({ created_at: '2024-01-01T00:00:00Z', ids_at_created_at: ['a'] }, 'last_value_set_at', ['created_at'], logger),
    ).toBeUndefined();
    expect(parse({ last_value_set_at: '2026-01-01T00:00:00Z' }, 'created_at', ['last_value_set_at'], logger)).toBeUndefined();
    expect(infos).toEqual([
      'Stream "people": the saved state is for the created_at cursor, not last_value_set_at; this sync starts over without it (every row, from start_date if set) and saves a last_value_set_at cursor.',
      'Stream "people": the saved state is for the last_value_set_at cursor, not created_at; this sync starts over without it (every row, from start_date if set) and saves a created_at cursor.',
    ]);
  });

  it.each([
    [{ created_at: 12345 }, 'created_at', '12345'],
    [{ created_at: 'yesterday' }, 'created_at', '"yesterday"'],
    [{ created_at: null }, 'created_at', 'null'],
    [{ ids_at_created_at: ['a'] }, 'created_at', 'undefined'],
    [{ last_value_set_at: 5 }, 'last_value_set_at', '5'],
    [{ active_from: 'soon' }, 'active_from', '"soon"'],
    [{ cursor: 'x' }, 'active_from', 'undefined'],
  ] as const)('rejects %j as no timestamp of its %s cursor', (raw, cursor, shown) => {
    expect(rejection(raw, cursor)).toBe(
      `The state of stream "people" is not valid: "${cursor}" must be an ISO-8601 timestamp, got ${shown}. Reset the stream to start over.`,
    );
  });

  it('rejects a change-cursor state with neither cursor', () => {
    expect(rejection({ cursor: 'x' }, 'last_value_set_at', ['created_at'])).toBe(
      'The state of stream "people" is not valid: it has neither "last_value_set_at" nor "created_at". Reset the stream to start over.',
    );
  });

  it.each([[{ ids_at_created_at: 'a' }], [{ ids_at_created_at: [1, 2] }], [{ ids_at_created_at: { a: 1 } }]])(
    'rejects bad ids %j',
    (ids) => {
      expect(rejection({ created_at: '2024-01-01T00:00:00Z', ...ids }, 'created_at')).toBe(
        'The state of stream "people" is not valid: "ids_at_created_at" must be a list of ids. Reset the stream to start over.',
      );
    },
  );

  it.each([[''], [5], [null]])('rejects a bad after_id_at_created_at %j', (afterId) => {
    expect(rejection({ created_at: '2024-01-01T00:00:00Z', after_id_at_created_at: afterId }, 'created_at')).toBe(
      'The state of stream "people" is not valid: "after_id_at_created_at" must be an id. Reset the stream to start over.',
    );
  });

  it('carries the row sketch as base64 with any cursor, and rejects one that is not', () => {
    const state = { last_value_set_at: '2024-01-01T00:00:00Z', row_sketch: 'AQQMAA==' };
    expect(parse(state, 'last_value_set_at')?.value).toMatchObject({ row_sketch: 'AQQMAA==' });
    expect(parse({ created_at: '2024-01-01T00:00:00Z', row_sketch: 'AQQMAA==' }, 'created_at')?.value).toMatchObject({
      row_sketch: 'AQQMAA==',
    });
    expect(rejection({ ...state, row_sketch: 'not base64!' }, 'last_value_set_at')).toContain('"row_sketch"');
    expect(parse({ ...state, row_sketch_cursor: '2024-01-02T00:00:00Z' }, 'last_value_set_at')?.value).toMatchObject({
      row_sketch_cursor: '2024-01-02T00:00:00.000000000Z',
    });
    expect(rejection({ ...state, row_sketch_cursor: 'soon' }, 'last_value_set_at')).toContain('"row_sketch_cursor"');
  });
});

describe('stateFor', () => {
  it('hands a stream its cursor’s state, and refuses another shape (a bug, not a config error)', () => {
    const parsed = parse({ active_from: '2026-01-01T00:00:00Z' }, 'active_from');
    expect(stateFor(parsed, 'active_from')).toEqual({ active_from: '2026-01-01T00:00:00.000000000Z' });
    expect(stateFor(undefined, 'created_at')).toBeUndefined();
    expect(() => stateFor(parsed, 'created_at')).toThrow('a active_from state handed to a created_at read');
  });
});
