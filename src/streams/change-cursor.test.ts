import { describe, expect, it } from 'vitest';

import type { Logger } from '../logger.js';
import type { StreamState } from '../protocol/types.js';
import type { ParsedState } from '../state/stream-state.js';
import { changeCursorRead, UNCHANGED } from './change-cursor.js';
import type { Batch, ReadContext, StreamRead } from './stream.js';

const logger = { info() {}, warn() {}, error() {}, debug() {}, log() {} } as unknown as Logger;

function context(overrides: Partial<ReadContext>): ReadContext {
  return { syncMode: 'incremental', state: undefined, selected: undefined, logger, onRateLimited: () => {}, ...overrides };
}

async function* batches(list: Batch[], final: StreamState): StreamRead {
  for (const batch of list) yield batch;
  return final;
}

async function drain(read: StreamRead): Promise<{ batches: Batch[]; final: StreamState | undefined }> {
  const out: Batch[] = [];
  for (let next = await read.next(); ; next = await read.next()) {
    if (next.done) return { batches: out, final: next.value };
    out.push(next.value);
  }
}

const START = Date.parse('2026-11-30T12:00:00.000Z');
const clock = () => START;
const createdAtState: ParsedState = {
  cursor: 'created_at',
  value: { created_at: '2024-01-01T00:00:00.000000000Z', ids_at_created_at: [] },
};
const changeState = (at: string): ParsedState => ({ cursor: 'last_value_set_at', value: { last_value_set_at: at } });

describe('changeCursorRead', () => {
  it('is inactive in full refresh and on created_at, which keep their created_at state and rows as they are', async () => {
    const full = changeCursorRead(context({ syncMode: 'full_refresh', state: createdAtState, now: clock }));
    expect([full.cursor, full.createdAtState]).toEqual([undefined, createdAtState.value]);
    const onCreatedAt = changeCursorRead(context({ state: createdAtState, cursorField: 'created_at', now: clock }));
    expect([onCreatedAt.cursor, onCreatedAt.createdAtState]).toEqual([undefined, createdAtState.value]);
    // A context without a cursor means the default one.
    expect(changeCursorRead(context({ state: createdAtState })).createdAtState).toBe(createdAtState.value);
    const rows = batches([{ records: [{ id: 'a' }], state: { created_at: 'x' } }], { created_at: 'x' });
    expect(await drain(full.finish(rows))).toEqual({
      batches: [{ records: [{ id: 'a' }], state: { created_at: 'x' } }],
      final: { created_at: 'x' },
    });
  });

  it('on last_value_set_at: reads the whole stream (no created_at state), emitting rows at or after the saved cursor', () => {
    const read = changeCursorRead(
      context({ state: changeState('2026-01-01T00:00:00.000000000Z'), cursorField: 'last_value_set_at', now: clock }),
    );
    expect(read.createdAtState).toBeUndefined();
    expect(read.cursor?.accept('2025-12-31T23:59:59.999999999Z', 'a')).toBe(false);
    expect(read.cursor?.accept('2026-01-01T00:00:00.000000000Z', 'b')).toBe(true);
    expect(read.cursor?.accept('2026-02-01T00:00:00.000000000Z', 'c')).toBe(true);
  });

  it('finish: drops UNCHANGED rows, leaves per-page states to the checkpointer, ends on the start of the read minus the margin', async () => {
    let now = START;
    const read = changeCursorRead(context({ cursorField: 'last_value_set_at', now: () => now }));
    now += 3_600_000; // the read takes an hour: the state still says when it started
    // A row changed while the read ran (stamped after the start minus the margin).
    read.cursor?.accept('2026-11-30T12:30:00.000000000Z', 'late');
    const a = { id: 'a' };
    const b = { id: 'b' };
    const inner = batches(
      [
        { records: [UNCHANGED, a, UNCHANGED], state: { created_at: 'x' } },
        { records: [UNCHANGED], state: { created_at: 'y' } },
        { records: [b] },
      ],
      { created_at: 'y' },
    );
    const { batches: out, final } = await drain(read.finish(inner));
    expect(out).toEqual([{ records: [a], state: { created_at: 'x' } }, { records: [], state: { created_at: 'y' } }, { records: [b] }]);
    expect(final).toEqual({ last_value_set_at: '2026-11-30T11:55:00.000000000Z' });
  });

  it('finish: never after the newest last_value_set_at the read saw, whatever this clock says', async () => {
    // This machine's clock is a day ahead of Attio's: the newest stamp, Attio's own, bounds the cursor.
    const read = changeCursorRead(context({ cursorField: 'last_value_set_at', now: () => START + 86_400_000 }));
    for (const at of ['2026-11-30T11:00:00.000000000Z', '2026-11-30T11:59:00.000000000Z', '2026-11-29T00:00:00.000000000Z']) {
      read.cursor?.accept(at, at);
    }
    const { final } = await drain(read.finish(batches([], {})));
    expect(final).toEqual({ last_value_set_at: '2026-11-30T11:59:00.000000000Z' });
  });

  it('finish: a failing read fails through it, and no state comes out', async () => {
    async function* failing(): StreamRead {
      yield { records: [{ id: 'a' }] };
      throw new Error('Attio went away');
    }
    const read = changeCursorRead(context({ cursorField: 'last_value_set_at', now: clock }));
    await expect(drain(read.finish(failing()))).rejects.toThrow('Attio went away');
  });
});
