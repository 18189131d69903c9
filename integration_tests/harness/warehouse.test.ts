// The warehouse harness itself, on hand-made messages: Airbyte's Append + Deduped rules in DuckDB, in both
// models (over all raw records, and sync by sync into a final table that forgets deleted keys).

import { afterEach, describe, expect, it } from 'vitest';
import { committedRecords, type ConfiguredStream, type DedupModel, type Row, Warehouse } from './warehouse.js';

const TS = { type: ['null', 'string'], format: 'date-time', airbyte_type: 'timestamp_with_timezone' };

const people: ConfiguredStream = {
  stream: { name: 'people', json_schema: { properties: { record_id: { type: 'string' }, last_value_set_at: TS } } },
  sync_mode: 'incremental',
  destination_sync_mode: 'append_dedup',
  cursor_field: ['last_value_set_at'],
  primary_key: [['record_id']],
};
const catalog = { streams: [people] };

const rec = (data: Row, stream = 'people'): Row => ({ type: 'RECORD', record: { stream, data, emitted_at: 0 } });
const row = (id: string, at: string | null, name: string, deleted?: string): Row =>
  rec({ record_id: id, last_value_set_at: at, name, ...(deleted ? { _ab_cdc_deleted_at: deleted } : {}) });
const names = async (w: Warehouse, model: DedupModel = 'history') =>
  Object.fromEntries((await w.rows('people', model)).map((r) => [r.record_id, r.name]));

const T = (s: number, frac = '000000000') => `2026-01-01T00:00:${String(s).padStart(2, '0')}.${frac}Z`;

describe('warehouse (DuckDB, Append + Deduped)', () => {
  let w: Warehouse | undefined;
  afterEach(() => w?.close());

  it('keeps per key the row with the greatest cursor, compared as a timestamp, whatever the emission order', async () => {
    w = await Warehouse.open();
    // '2026-01-01T00:00:09+01:00' is 2025-12-31T23:00:09Z: later as text, earlier as a time.
    await w.load([row('a', T(5), 'a@5'), row('a', T(3), 'a@3'), row('b', T(1), 'b@1')], catalog);
    await w.load([row('a', '2026-01-01T00:00:09+01:00', 'a@-1h'), row('b', T(2), 'b@2')], catalog);
    for (const model of ['history', 'merge'] as const) expect(await names(w, model)).toEqual({ a: 'a@5', b: 'b@2' });
  });

  it('breaks a tie by the later emission, within a sync and across syncs; a null cursor sorts lowest', async () => {
    w = await Warehouse.open();
    await w.load([row('a', T(5), 'first'), row('a', T(5), 'second'), row('b', T(1), 'b@1'), row('b', null, 'b@null')], catalog);
    for (const model of ['history', 'merge'] as const) expect(await names(w, model)).toEqual({ a: 'second', b: 'b@1' });
    await w.load([row('a', T(5), 'third')], catalog);
    for (const model of ['history', 'merge'] as const) expect(await names(w, model)).toEqual({ a: 'third', b: 'b@1' });
  });

  it('compares timestamps at microsecond precision unless told otherwise', async () => {
    w = await Warehouse.open();
    await w.load([row('a', T(5, '000000900'), 'later ns'), row('a', T(5, '000000100'), 'earlier ns, emitted later')], catalog);
    expect(await names(w)).toEqual({ a: 'earlier ns, emitted later' });
    const ns = await Warehouse.open({ timestampPrecision: 'ns' });
    await ns.load([row('a', T(5, '000000900'), 'later ns'), row('a', T(5, '000000100'), 'earlier ns, emitted later')], catalog);
    expect(await names(ns)).toEqual({ a: 'later ns' });
    ns.close();
  });

  it('a tombstone with a later cursor removes the row; one with an earlier cursor does not', async () => {
    w = await Warehouse.open();
    await w.load([row('a', T(1), 'a'), row('b', T(1), 'b'), row('c', T(5), 'c')], catalog);
    await w.load([row('a', T(2), '', T(2)), row('c', T(4), '', T(4))], catalog);
    for (const model of ['history', 'merge'] as const) expect(await names(w, model)).toEqual({ b: 'b', c: 'c' });
  });

  it('a row re-created after its tombstone is back when its cursor is later; the models differ on an older one', async () => {
    w = await Warehouse.open();
    await w.load([row('a', T(1), 'a'), row('b', T(1), 'b')], catalog);
    await w.load([row('a', T(3), '', T(3)), row('b', T(3), '', T(3))], catalog);
    expect(await names(w)).toEqual({});
    await w.load([row('a', T(4), 'a again'), row('b', T(2), 'b, an older version')], catalog);
    expect(await names(w, 'history')).toEqual({ a: 'a again' });
    // The merge model no longer knows b's tombstone, so the older version comes back, as in Airbyte's destinations.
    expect(await names(w, 'merge')).toEqual({ a: 'a again', b: 'b, an older version' });
  });

  it('a tombstone for a key never loaded leaves nothing behind', async () => {
    w = await Warehouse.open();
    await w.load([row('x', T(1), '', T(1))], catalog);
    for (const model of ['history', 'merge'] as const) expect(await names(w, model)).toEqual({});
  });

  it('compares with what Attio holds, by key: extra, missing and stale rows with their columns', async () => {
    w = await Warehouse.open();
    await w.load([row('a', T(1), 'a'), row('b', T(1), 'b'), row('c', T(1), 'c')], catalog);
    const attio = [
      { record_id: 'b', last_value_set_at: T(1), name: 'b' },
      { record_id: 'c', last_value_set_at: T(1), name: 'c renamed' },
      { record_id: 'd', last_value_set_at: T(2), name: 'd' },
    ];
    const diff = await w.compare('people', attio);
    expect(diff.extra.map((r) => r.record_id)).toEqual(['a']);
    expect(diff.missing.map((r) => r.record_id)).toEqual(['d']);
    expect(diff.stale).toEqual([{ key: '["c"]', columns: [{ column: 'name', warehouse: 'c', attio: 'c renamed' }] }]);
    // Key order and a null _ab_cdc_deleted_at are not differences; an ignored column is not either.
    const same = [
      { name: 'a', last_value_set_at: T(1), record_id: 'a', _ab_cdc_deleted_at: null },
      { record_id: 'b', last_value_set_at: T(1), name: 'b' },
      { record_id: 'c', last_value_set_at: T(9), name: 'c' },
    ];
    const clean = await w.compare('people', same, 'history', { ignore: ['last_value_set_at'] });
    expect(clean).toEqual({ stream: 'people', model: 'history', extra: [], missing: [], stale: [] });
    // A cursor column compared as "not earlier": a later warehouse value is no difference, an earlier one is.
    const later = await w.compare('people', same, 'history', { notEarlier: ['last_value_set_at'] });
    expect(later.stale).toEqual([{ key: '["c"]', columns: [{ column: 'last_value_set_at', warehouse: T(1), attio: T(9) }] }]);
    const earlier = same.map((r) => ({ ...r, last_value_set_at: T(0) }));
    expect((await w.compare('people', earlier, 'history', { notEarlier: ['last_value_set_at'] })).stale).toEqual([]);
  });

  it('ignores other streams, replaces an overwrite stream, and keeps only what a failed run committed', async () => {
    w = await Warehouse.open();
    const notes: ConfiguredStream = { stream: { name: 'notes' }, destination_sync_mode: 'overwrite', primary_key: [['note_id']] };
    const both = { streams: [people, notes] };
    const counts = await w.load(
      [row('a', T(1), 'a'), rec({ note_id: 'n1' }, 'notes'), rec({ x: 1 }, 'elsewhere'), { type: 'STATE', state: {} }],
      both,
    );
    expect(counts).toEqual({ people: 1, notes: 1 });
    await w.load(committedRecords([rec({ note_id: 'n2' }, 'notes'), { type: 'STATE', state: {} }, row('b', T(1), 'b')]), both);
    expect((await w.rows('notes')).map((r) => r.note_id)).toEqual(['n2']);
    expect(await names(w)).toEqual({ a: 'a' });
  });
});
