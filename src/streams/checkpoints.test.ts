import { describe, expect, it } from 'vitest';
import { FULL_REFRESH_COMPLETE } from '../state/stream-state.js';
import { Checkpointer, completedEarlier, stateToResume } from './checkpoints.js';

const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ id: i }));
const s1 = { created_at: '2024-01-01T00:00:00.000000000Z', ids_at_created_at: ['a'] };
const s2 = { created_at: '2024-01-02T00:00:00.000000000Z', ids_at_created_at: ['b'] };

describe('Checkpointer', () => {
  it('per-page: a checkpoint after every page that carries a state, counting the records since the last one', () => {
    const c = new Checkpointer('per-page');
    expect(c.afterBatch({ records: rows(3), state: s1 })).toEqual({ state: s1, recordCount: 3 });
    expect(c.afterBatch({ records: [], state: s1 })).toEqual({ state: s1, recordCount: 0 });
    expect(c.afterBatch({ records: rows(2), state: s2 })).toEqual({ state: s2, recordCount: 2 });
    // Nothing since the last checkpoint: the end adds no second STATE.
    expect(c.atEnd(s2)).toBeUndefined();
  });

  it('per-page: a final state that says more (a completed full refresh) is emitted, with no records', () => {
    const c = new Checkpointer('per-page');
    c.afterBatch({ records: rows(3), state: s1 });
    const done = { ...s1, __ab_full_refresh_sync_complete: true };
    expect(c.atEnd(done)).toEqual({ state: done, recordCount: 0 });
  });

  it('per-page: a stream that read nothing still ends on one STATE, its final state', () => {
    expect(new Checkpointer('per-page').atEnd(s1)).toEqual({ state: s1, recordCount: 0 });
  });

  it('at-end: no checkpoint before the end, then one with every record', () => {
    const c = new Checkpointer('at-end');
    expect(c.afterBatch({ records: rows(4) })).toBeUndefined();
    expect(c.afterBatch({ records: rows(1), state: s1 })).toBeUndefined();
    expect(c.atEnd(s2)).toEqual({ state: s2, recordCount: 5 });
  });

  it('none: one empty state at the end, whatever the stream returned', () => {
    const c = new Checkpointer('none');
    c.afterBatch({ records: rows(2) });
    expect(c.atEnd(undefined)).toEqual({ state: {}, recordCount: 2 });
    expect(new Checkpointer('none').atEnd(s1)).toEqual({ state: {}, recordCount: 0 });
  });

  it('a resumable (per-page) full refresh ends on its state marked complete; other reads never carry the marker', () => {
    const full = new Checkpointer('per-page', 'full_refresh');
    full.afterBatch({ records: rows(2), state: s1 });
    expect(full.atEnd(s2)).toEqual({ state: { ...s2, [FULL_REFRESH_COMPLETE]: true }, recordCount: 0 });
    // An empty stream: the marker alone.
    expect(new Checkpointer('per-page', 'full_refresh').atEnd(undefined)).toEqual({
      state: { [FULL_REFRESH_COMPLETE]: true },
      recordCount: 0,
    });
    expect(new Checkpointer('per-page', 'incremental').atEnd(s2)).toEqual({ state: s2, recordCount: 0 });
    expect(new Checkpointer('at-end', 'full_refresh').atEnd(s2)).toEqual({ state: s2, recordCount: 0 });
    expect(new Checkpointer('none', 'full_refresh').atEnd(s2)).toEqual({ state: {}, recordCount: 0 });
  });
});

describe('the full-refresh rules', () => {
  const done = { ...s1, [FULL_REFRESH_COMPLETE]: true };

  it('a resumable full refresh handed a state marked complete has nothing left to read', () => {
    expect(completedEarlier('full_refresh', 'per-page', done)).toBe(true);
    expect(completedEarlier('full_refresh', 'per-page', s1)).toBe(false);
    expect(completedEarlier('full_refresh', 'per-page', undefined)).toBe(false);
    // Only where the marker is written: not an at-end stream, not an incremental read.
    expect(completedEarlier('full_refresh', 'at-end', done)).toBe(false);
    expect(completedEarlier('incremental', 'per-page', done)).toBe(false);
  });

  it('an incremental read resumes from its state; a full refresh only when it is resumable', () => {
    expect(stateToResume('incremental', 'at-end', s1)).toBe(s1);
    expect(stateToResume('full_refresh', 'per-page', s1)).toBe(s1);
    expect(stateToResume('full_refresh', 'at-end', s1)).toBeUndefined();
    expect(stateToResume('full_refresh', 'none', s1)).toBeUndefined();
  });
});
