import { describe, expect, it } from 'vitest';

import { ConfigError } from '../errors.js';
import type { Logger } from '../logger.js';
import { parseStreamState, stateFor } from '../state/stream-state.js';
import { CreatedAtCursor, cursorStart as startFromParsed } from './created-at-cursor.js';

/** The start of a read from a saved state, parsed as the read loop parses it (state/stream-state.ts). */
function cursorStart(state: Record<string, unknown> | undefined, startDate: string | undefined, stream: string) {
  const reading = { stream, cursor: 'created_at', others: [], logger: {} as Logger } as const;
  return startFromParsed(stateFor(parseStreamState(state, reading), 'created_at'), startDate);
}

const T0 = '2024-03-05T10:11:12.000000000Z';
const T1 = '2024-03-05T10:11:12.000000001Z';
const T2 = '2024-03-05T10:11:12.000000002Z';
const T9 = '2024-03-05T10:11:12.999999999Z';

function stateError(state: Record<string, unknown>): ConfigError {
  try {
    cursorStart(state, undefined, 'people');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`expected ${JSON.stringify(state)} to be rejected`);
}

describe('cursorStart', () => {
  it('starts at start_date (or the beginning) without state', () => {
    expect(cursorStart(undefined, undefined, 'people')).toEqual({ createdAt: undefined, ids: [] });
    expect(cursorStart(undefined, T0, 'people')).toEqual({ createdAt: T0, ids: [] });
    expect(cursorStart({}, T0, 'people')).toEqual({ createdAt: T0, ids: [] });
  });

  it('state wins over start_date, normalized to the fixed-width form', () => {
    expect(cursorStart({ created_at: '2024-03-05T10:11:12.5Z', ids_at_created_at: ['a', 'b'] }, T0, 'people')).toEqual({
      createdAt: '2024-03-05T10:11:12.500000000Z',
      ids: ['a', 'b'],
    });
    // Even a state earlier than start_date: the state is what was delivered.
    expect(cursorStart({ created_at: '2020-01-01T00:00:00Z' }, T9, 'people')).toEqual({
      createdAt: '2020-01-01T00:00:00.000000000Z',
      ids: [],
    });
  });

  it.each([
    [{ created_at: 12345 }],
    [{ created_at: 'yesterday' }],
    [{ created_at: null }],
    [{ ids_at_created_at: ['a'] }],
    [{ cursor: T0 }],
  ])('rejects a state with a bad created_at: %j', (state) => {
    const error = stateError(state);
    expect(error.userMessage).toMatch(/^The state of stream "people" is not valid: "created_at" must be an ISO-8601 timestamp/);
    expect(error.userMessage).toContain('Reset the stream');
  });

  it.each([
    [{ created_at: T0, ids_at_created_at: 'a' }],
    [{ created_at: T0, ids_at_created_at: [1, 2] }],
    [{ created_at: T0, ids_at_created_at: { a: 1 } }],
  ])('rejects a state with bad ids: %j', (state) => {
    expect(stateError(state).userMessage).toBe(
      'The state of stream "people" is not valid: "ids_at_created_at" must be a list of ids. Reset the stream to start over.',
    );
  });
});

describe('CreatedAtCursor', () => {
  it('has an empty state before anything is delivered', () => {
    const cursor = new CreatedAtCursor({ createdAt: undefined, ids: [] });
    expect(cursor.value).toBeUndefined();
    expect(cursor.state()).toEqual({});
    expect(cursor.delivered(T0, 'a')).toBe(false);
  });

  it('advances on ascending items and remembers every id at the high-water mark', () => {
    const cursor = new CreatedAtCursor({ createdAt: undefined, ids: [] });
    expect(cursor.accept(T0, 'a')).toBe(true);
    expect(cursor.accept(T1, 'b')).toBe(true);
    expect(cursor.accept(T1, 'c')).toBe(true);
    expect(cursor.state()).toEqual({ created_at: T1, ids_at_created_at: ['b', 'c'] });
    expect(cursor.accept(T2, 'd')).toBe(true);
    expect(cursor.state()).toEqual({ created_at: T2, ids_at_created_at: ['d'] });
    expect(cursor.value).toBe(T2);
  });

  it('orders by nanoseconds, never through Date (which would tie T0, T1 and T2)', () => {
    const cursor = new CreatedAtCursor({ createdAt: T1, ids: ['x'] });
    expect(cursor.accept(T0, 'older')).toBe(false);
    expect(cursor.accept(T2, 'newer')).toBe(true);
    expect(cursor.accept(T1, 'late-tie')).toBe(false); // below the mark now
  });

  it('drops repeats of a tie and keeps new ids in it', () => {
    const cursor = new CreatedAtCursor({ createdAt: T1, ids: ['a', 'b'] });
    expect(cursor.accept(T1, 'a')).toBe(false);
    expect(cursor.accept(T1, 'b')).toBe(false);
    expect(cursor.accept(T1, 'c')).toBe(true);
    expect(cursor.accept(T1, 'c')).toBe(false);
    expect(cursor.state()).toEqual({ created_at: T1, ids_at_created_at: ['a', 'b', 'c'] });
  });

  it('normalizes non-fixed-width input before comparing', () => {
    const cursor = new CreatedAtCursor({ createdAt: '2024-03-05T10:11:12.100000000Z', ids: ['a'] });
    expect(cursor.accept('2024-03-05T10:11:12.1Z', 'a')).toBe(false); // same instant, same id
    expect(cursor.accept('2024-03-05T10:11:12.1Z', 'b')).toBe(true);
    expect(cursor.accept('2024-03-05T12:11:12.09+02:00', 'c')).toBe(false); // 10:11:12.09Z is older
    expect(cursor.accept('2024-03-05T10:11:12.2Z', 'd')).toBe(true);
    expect(cursor.state()).toEqual({ created_at: '2024-03-05T10:11:12.200000000Z', ids_at_created_at: ['d'] });
  });

  it('delivered() answers without recording', () => {
    const cursor = new CreatedAtCursor({ createdAt: T1, ids: ['a'] });
    expect(cursor.delivered(T0, 'zzz')).toBe(true);
    expect(cursor.delivered(T1, 'a')).toBe(true);
    expect(cursor.delivered(T1, 'b')).toBe(false);
    expect(cursor.delivered(T2, 'a')).toBe(false);
    expect(cursor.state()).toEqual({ created_at: T1, ids_at_created_at: ['a'] });
  });

  it('state() is a copy, not a live view', () => {
    const cursor = new CreatedAtCursor({ createdAt: undefined, ids: [] });
    cursor.accept(T0, 'a');
    const snapshot = cursor.state();
    cursor.accept(T0, 'b');
    expect(snapshot).toEqual({ created_at: T0, ids_at_created_at: ['a'] });
    const start = { createdAt: T0, ids: ['x'] };
    const other = new CreatedAtCursor(start);
    other.accept(T0, 'y');
    expect(start.ids).toEqual(['x']);
  });

  it('resumes exactly from any emitted state: nothing lost, nothing repeated', () => {
    // 40 items with heavy ties, delivered in order; stop after each prefix and resume from the state.
    const items = Array.from({ length: 40 }, (_, i) => ({ id: `r${i}`, at: `2024-03-05T10:11:12.00000000${Math.floor(i / 7)}Z` }));
    for (let cut = 0; cut <= items.length; cut += 1) {
      const first = new CreatedAtCursor(cursorStart(undefined, undefined, 'people'));
      const delivered = items.slice(0, cut).filter((item) => first.accept(item.at, item.id));
      const resumed = new CreatedAtCursor(cursorStart(JSON.parse(JSON.stringify(first.state())), undefined, 'people'));
      // The resumed read is asked for created_at >= the mark: it sees the whole tie again, plus later items.
      const mark = resumed.value;
      const replay = items.filter((item) => mark === undefined || item.at >= mark);
      const second = replay.filter((item) => resumed.accept(item.at, item.id));
      expect([...delivered, ...second].map((item) => item.id)).toEqual(items.map((item) => item.id));
    }
  });
});
