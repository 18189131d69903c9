import { describe, expect, it } from 'vitest';
import { CURSOR_MARGIN_MS, type Cursor, StampCursor, stampCursorEnd } from './cursor.js';
import { CreatedAtCursor, HighWaterMark } from '../streams/created-at-cursor.js';

const START = Date.parse('2026-03-01T12:00:00.000Z');
const MARGIN_END = '2026-03-01T11:55:00.000000000Z';

describe('stampCursorEnd', () => {
  it('is the start minus the margin when something newer was seen (a change while the read ran, or just before)', () => {
    expect(CURSOR_MARGIN_MS).toBe(300_000);
    expect(stampCursorEnd(START, '2026-03-01T11:59:59.999999999Z')).toBe(MARGIN_END);
    expect(stampCursorEnd(START, '2026-03-01T12:00:30.000000000Z')).toBe(MARGIN_END);
  });

  it('is the newest stamp seen when that is older: a clock ahead of Attio’s cannot carry it past Attio’s stamps', () => {
    expect(stampCursorEnd(START, '2025-12-24T08:00:00.123456789Z')).toBe('2025-12-24T08:00:00.123456789Z');
    expect(stampCursorEnd(START + 86_400_000, '2026-03-01T11:59:59.999999999Z')).toBe('2026-03-01T11:59:59.999999999Z');
  });

  it('is none when nothing bounds it', () => {
    expect(stampCursorEnd(START, undefined)).toBeUndefined();
  });
});

describe('StampCursor', () => {
  const stamps = ['2026-02-01T00:00:00.000000000Z', '2026-02-02T00:00:00.000000000Z', '2026-02-03T00:00:00.000000000Z'];

  it('inclusive (the change cursor): emits what is at or after the saved cursor', () => {
    const cursor = new StampCursor({ field: 'last_value_set_at', since: stamps[1], startedAtMs: START, inclusive: true });
    expect(stamps.map((s) => cursor.accept(s, s))).toEqual([false, true, true]);
    expect(cursor.state()).toEqual({ last_value_set_at: stamps[2] });
  });

  it('exclusive (the history cursor): emits what is after it', () => {
    const cursor = new StampCursor({ field: 'active_from', since: stamps[1], startedAtMs: START, inclusive: false });
    expect(stamps.map((s) => cursor.accept(s, s))).toEqual([false, false, true]);
  });

  it('without a saved cursor emits everything; seeing nothing keeps the cursor it started from, or none', () => {
    const all = new StampCursor({ field: 'active_from', since: undefined, startedAtMs: START, inclusive: false });
    expect(stamps.map((s) => all.accept(s, s))).toEqual([true, true, true]);
    expect(new StampCursor({ field: 'active_from', since: stamps[0], startedAtMs: START, inclusive: false }).state()).toEqual({
      active_from: stamps[0],
    });
    expect(new StampCursor({ field: 'active_from', since: undefined, startedAtMs: START, inclusive: false }).state()).toEqual({});
  });

  it('a cursor saved ahead of Attio (by an older version, with a fast clock) comes back to the newest stamp seen', () => {
    const cursor = new StampCursor({
      field: 'last_value_set_at',
      since: '2026-03-01T11:58:00.000000000Z',
      startedAtMs: START,
      inclusive: true,
    });
    cursor.accept(stamps[2] as string, 'x');
    expect(cursor.state()).toEqual({ last_value_set_at: stamps[2] });
  });
});

describe('the Cursor interface', () => {
  // Every cursor takes items by (value, id), says which are new, and resumes from its state without repeating them.
  const cursors: [string, () => Cursor][] = [
    ['created_at, in order', () => new CreatedAtCursor({ createdAt: undefined, ids: [] })],
    ['created_at, unordered', () => new HighWaterMark({ createdAt: undefined, ids: [] })],
    ['change stamps', () => new StampCursor({ field: 'last_value_set_at', since: undefined, startedAtMs: START, inclusive: true })],
  ];
  it.each(cursors)('%s: a first read takes every item and ends on a state', (_name, make) => {
    const cursor = make();
    const items = ['2026-01-01T00:00:00.000000000Z', '2026-01-02T00:00:00.000000000Z'];
    expect(items.map((at, i) => cursor.accept(at, `id${i}`))).toEqual([true, true]);
    expect(Object.keys(cursor.state()).length).toBeGreaterThan(0);
  });
});
