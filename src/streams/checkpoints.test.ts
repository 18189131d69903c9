import { describe, expect, it } from 'vitest';
import { Checkpointer } from './checkpoints.js';

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
});
