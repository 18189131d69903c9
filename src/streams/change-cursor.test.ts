import { CURSOR_MARGIN_MS } from '../state/cursor.js';
import { describe, expect, it } from 'vitest';

import { ConfigError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { StreamState } from '../protocol/types.js';
import { changeCursorRead, changeCursorSince, changeCursorState, UNCHANGED } from './change-cursor.js';
import type { Batch, ReadContext, StreamRead } from './stream.js';

function recorder(): { logger: Logger; infos: string[] } {
  const infos: string[] = [];
  const logger = { info: (m: string) => infos.push(m), warn() {}, error() {}, debug() {}, log() {} } as unknown as Logger;
  return { logger, infos };
}

function context(overrides: Partial<ReadContext>): ReadContext {
  return {
    syncMode: 'incremental',
    state: undefined,
    selected: undefined,
    logger: recorder().logger,
    onRateLimited: () => {},
    ...overrides,
  };
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

describe('changeCursorState', () => {
  it('is the start of the read minus the margin, in the fixed-width form', () => {
    expect(CURSOR_MARGIN_MS).toBe(5 * 60 * 1000);
    expect(changeCursorState(START)).toEqual({ last_value_set_at: '2026-11-30T11:55:00.000000000Z' });
  });
});

describe('changeCursorSince', () => {
  const { logger } = recorder();

  it('has no lower bound without a state', () => {
    expect(changeCursorSince(undefined, 'people', logger)).toBeUndefined();
    expect(changeCursorSince({}, 'people', logger)).toBeUndefined();
  });

  it('reads the saved cursor, normalised', () => {
    expect(changeCursorSince({ last_value_set_at: '2026-11-30T11:55:00Z' }, 'people', logger)).toBe('2026-11-30T11:55:00.000000000Z');
  });

  it('treats a created_at state (the user switched cursors) as none, and says so', () => {
    const { logger, infos } = recorder();
    expect(changeCursorSince({ created_at: '2024-01-01T00:00:00.000000000Z', ids_at_created_at: ['a'] }, 'people', logger)).toBeUndefined();
    expect(infos).toEqual([
      'Stream "people": the saved state is for the created_at cursor, not last_value_set_at; this sync starts over without it (every row, from start_date if set) and saves a last_value_set_at cursor.',
    ]);
  });

  it.each([[{ last_value_set_at: 'yesterday' }], [{ last_value_set_at: 5 }], [{ last_value_set_at: null }]])(
    'rejects a malformed cursor %j with a config_error',
    (state) => {
      const attempt = () => changeCursorSince(state, 'people', logger);
      expect(attempt).toThrow(ConfigError);
      expect(attempt).toThrow(/^The state of stream "people" is not valid: "last_value_set_at" must be an ISO-8601 timestamp, got /);
    },
  );

  it('rejects a state with neither cursor with a config_error', () => {
    expect(() => changeCursorSince({ cursor: 'x' }, 'people', logger)).toThrow(
      'The state of stream "people" is not valid: it has neither "last_value_set_at" nor "created_at". Reset the stream to start over.',
    );
  });
});

describe('changeCursorRead', () => {
  it('is inactive in full refresh and on created_at, which keep their created_at state', () => {
    const state = { created_at: '2024-01-01T00:00:00.000000000Z', ids_at_created_at: [] };
    // A full refresh may resume from its state (records.ts decides): it is passed on.
    const full = changeCursorRead(context({ syncMode: 'full_refresh', state }), 'people', clock);
    expect([full.active, full.since, full.createdAtState]).toEqual([false, undefined, state]);
    const onCreatedAt = changeCursorRead(context({ state, cursorField: 'created_at' }), 'people', clock);
    expect([onCreatedAt.active, onCreatedAt.since, onCreatedAt.createdAtState]).toEqual([false, undefined, state]);
    // A context without a cursor means the default one.
    expect(changeCursorRead(context({ state }), 'people', clock).createdAtState).toBe(state);
  });

  it('on created_at, a change-cursor state (switched back) counts as none', () => {
    const { logger, infos } = recorder();
    const read = changeCursorRead(
      context({ state: { last_value_set_at: '2026-01-01T00:00:00Z' }, logger, cursorField: 'created_at' }),
      'deals',
      clock,
    );
    expect(read.createdAtState).toBeUndefined();
    expect(infos[0]).toMatch(/^Stream "deals": the saved state is for the last_value_set_at cursor, not created_at;/);
  });

  it('on last_value_set_at: reads the whole stream (no created_at state), from the saved cursor', () => {
    const read = changeCursorRead(
      context({ state: { last_value_set_at: '2026-01-01T00:00:00Z' }, cursorField: 'last_value_set_at' }),
      'p',
      clock,
    );
    expect([read.active, read.since, read.createdAtState]).toEqual([true, '2026-01-01T00:00:00.000000000Z', undefined]);
  });

  it('finish: drops UNCHANGED rows and per-page states, ends on the start of the read minus the margin', async () => {
    let now = START;
    const read = changeCursorRead(context({ cursorField: 'last_value_set_at' }), 'p', () => now);
    now += 3_600_000; // the read takes an hour: the state still says when it started
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
    expect(out).toEqual([{ records: [a] }, { records: [] }, { records: [b] }]);
    expect(final).toEqual({ last_value_set_at: '2026-11-30T11:55:00.000000000Z' });
  });

  it('finish: a failing read fails through it, and no state comes out', async () => {
    async function* failing(): StreamRead {
      yield { records: [{ id: 'a' }] };
      throw new Error('Attio went away');
    }
    const read = changeCursorRead(context({ cursorField: 'last_value_set_at' }), 'p', clock);
    await expect(drain(read.finish(failing()))).rejects.toThrow('Attio went away');
  });
});
