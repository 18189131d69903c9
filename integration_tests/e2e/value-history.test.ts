// End to end: the value history streams against the simulator. A full read returns every value every record
// and entry ever held, flattened as its record column is; after stages change between two syncs, the second
// sync asks for the history of the changed records only (counted on the simulator) and returns their whole
// history again, the value they left now closed; a value cleared without a replacement is invisible to that
// sync and caught by the next full read; attributes whose history Attio refuses are left out, never failed.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover, expectComplete, historyColumns, historyRows, indexBy, type Row, rows, streamNames } from '../harness/e2e.js';
import { runInProcess } from '../harness/in-process.js';
import { configuredCatalog, stateFileFrom, type Message, type RunResult } from '../harness/run-connector.js';
import { configFor } from '../harness/simulated.js';
import { startSimulator, type Simulator } from '../simulator/index.js';

const RECORD_VALUES = 'GET /v2/objects/{object}/records/{record_id}/attributes/{attribute}/values';
const ENTRY_VALUES = 'GET /v2/lists/{list}/entries/{entry_id}/attributes/{attribute}/values';
const DEALS = 'deals__stage_history';
const PIPELINE = 'list_entries_sales_pipeline__stage_history';
const DEAL_VALUE = 'deals__value_history';

function requestsDuring(sim: Simulator, before: Record<string, number>, route: string): number {
  return (sim.stats.byRoute[route] ?? 0) - (before[route] ?? 0);
}

describe('value history: a full read, then an incremental one after stages change', () => {
  let sim: Simulator;
  let config: Record<string, unknown>;
  let catalog: Message;
  let first: RunResult;
  let second: RunResult;
  let third: RunResult;
  let full: RunResult;
  const requests: Record<string, Record<string, number>> = {};
  const changedDeals: string[] = [];
  const changedEntries: string[] = [];
  let newDeal = '';
  let clearedDeal = '';

  beforeAll(async () => {
    sim = await startSimulator();
    config = configFor(sim, { history_attributes: ['deals.value'] });
    catalog = configuredCatalog((await discover(config)).catalog, (name) => [DEALS, PIPELINE, DEAL_VALUE].includes(name), 'incremental');
    const read = async (label: string, state?: unknown, mode: 'incremental' | 'full_refresh' = 'incremental') => {
      const before = { ...sim.stats.byRoute };
      const cat =
        mode === 'incremental' ? catalog : { streams: catalog.streams.map((s: Message) => ({ ...s, sync_mode: 'full_refresh' })) };
      const run = await runInProcess('read', { config, catalog: cat, ...(state ? { state } : {}) });
      requests[label] = { deals: requestsDuring(sim, before, RECORD_VALUES), entries: requestsDuring(sim, before, ENTRY_VALUES) };
      return run;
    };
    first = await read('first');

    const ws = sim.workspace;
    const deals = ws.records('deals');
    for (const deal of deals.slice(10, 15)) {
      ws.updateRecord('deals', deal.id.record_id, { stage: 'Won 🎉' });
      changedDeals.push(deal.id.record_id);
    }
    for (const entry of ws.entries('sales_pipeline').slice(100, 104)) {
      ws.updateEntry('sales_pipeline', entry.id.entry_id, { stage: 'Qualified' });
      changedEntries.push(entry.id.entry_id);
    }
    newDeal = ws.addRecord('deals', { values: { name: 'Fresh deal', stage: 'Lead' } }).id.record_id;
    clearedDeal = deals[20]!.id.record_id;
    ws.updateRecord('deals', clearedDeal, { stage: null });
    second = await read('second', stateFileFrom(first.messages));
    third = await read('third', stateFileFrom(second.messages));
    full = await read('full', undefined, 'full_refresh');
  }, 180_000);
  afterAll(() => sim?.close());

  it('offers a history stream for every status attribute and each configured one, named after its parent', () => {
    const names = catalog.streams.map((s: Message) => s.stream.name as string);
    expect(names.sort()).toEqual([DEALS, DEAL_VALUE, PIPELINE].sort());
    const deals = catalog.streams.find((s: Message) => s.stream.name === DEALS).stream;
    expect(deals).toMatchObject({
      supported_sync_modes: ['full_refresh', 'incremental'],
      source_defined_cursor: true,
      default_cursor_field: ['active_from'],
      source_defined_primary_key: [['value_id']],
    });
    expect(Object.keys(deals.json_schema.properties)).toEqual([
      'value_id',
      'record_id',
      'parent_kind',
      'parent_id',
      'parent_slug',
      'attribute_id',
      'attribute_slug',
      'value',
      'active_from',
      'active_until',
      'created_by_actor',
    ]);
    expect(deals.json_schema.properties.value).toMatchObject({ type: ['string', 'null'], title: 'Deal stage' });
    const pipeline = catalog.streams.find((s: Message) => s.stream.name === PIPELINE).stream;
    expect(Object.keys(pipeline.json_schema.properties)).toContain('entry_id');
  });

  it('the first read returns every value every deal and pipeline entry ever held, as the simulator holds them', () => {
    expectComplete(first, [DEALS, PIPELINE, DEAL_VALUE]);
    // As the simulator held them before the changes: the first read's rows are the seeded histories.
    const seededDeals = rows(first, DEALS);
    const ids = new Set(seededDeals.map((r) => r.record_id));
    expect(ids.size).toBe(250);
    const withHistory = [...ids].filter((id) => seededDeals.filter((r) => r.record_id === id).length > 1);
    expect(withHistory.length).toBeGreaterThan(60);
    for (const row of seededDeals) {
      expect(row).toMatchObject({ parent_kind: 'object', parent_slug: 'deals', attribute_slug: 'stage' });
      expect(row.value_id).toBe(`${row.record_id}:${row.attribute_id}:${row.active_from}`);
    }
    expect(new Set(seededDeals.map((r) => r.value_id)).size).toBe(seededDeals.length);
    const pipeline = rows(first, PIPELINE);
    expect(new Set(pipeline.map((r) => r.entry_id)).size).toBe(540);
    expect(pipeline.some((r) => r.active_until !== null)).toBe(true);
    // The full read asked once per record and once per entry.
    expect(requests.first).toEqual({ deals: 250 + 250, entries: 540 });
  });

  it('history rows equal what the simulator holds, each value flattened as its record column is', () => {
    // The final full read, against the simulator's final state.
    expectComplete(full, [DEALS, PIPELINE, DEAL_VALUE]);
    const ws = sim.workspace;
    const dealTruth = ws
      .records('deals', { includeHistoric: true })
      .flatMap((d) => historyRows(d.id.record_id, 'record_id', d.values.stage ?? [], (e) => e.status.title));
    expect(historyColumns(rows(full, DEALS), 'record_id')).toEqual(historyColumns(dealTruth, 'record_id'));
    const valueTruth = ws
      .records('deals', { includeHistoric: true })
      .flatMap((d) => historyRows(d.id.record_id, 'record_id', d.values.value ?? [], (e) => e.currency_value));
    expect(historyColumns(rows(full, DEAL_VALUE), 'record_id')).toEqual(historyColumns(valueTruth, 'record_id'));
    const entryTruth = ws
      .entries('sales_pipeline', { includeHistoric: true })
      .flatMap((e) => historyRows(e.id.entry_id, 'entry_id', e.entry_values.stage ?? [], (v) => v.status.title));
    expect(historyColumns(rows(full, PIPELINE), 'entry_id')).toEqual(historyColumns(entryTruth, 'entry_id'));
    // The current value of each deal is its record column's value.
    const current = new Map(
      ws.records('deals').map((d) => [d.id.record_id, (d.values.stage?.[0] as Row | undefined)?.status.title ?? null]),
    );
    for (const row of rows(full, DEALS).filter((r) => r.active_until === null)) expect(row.value).toBe(current.get(row.record_id));
  });

  it('after stages change, the second read asks only for the changed and new records, and returns their new rows', () => {
    expectComplete(second, [DEALS, PIPELINE, DEAL_VALUE]);
    // 5 changed deals and 1 new one for the stage stream, the new one for the value stream; 4 changed entries.
    expect(requests.second).toEqual({ deals: 5 + 1 + 1, entries: 4 });
    expect(new Set(rows(second, DEALS).map((r) => r.record_id))).toEqual(new Set([...changedDeals, newDeal]));
    expect(new Set(rows(second, PIPELINE).map((r) => r.entry_id))).toEqual(new Set(changedEntries));
    const firstRows = indexBy(rows(first, DEALS), 'value_id');
    for (const id of changedDeals) {
      const history = rows(second, DEALS).filter((r) => r.record_id === id);
      const won = history.filter((r) => r.active_until === null);
      expect(won).toHaveLength(1);
      expect(won[0]).toMatchObject({ value: 'Won 🎉', created_by_actor: { type: 'api-token' } });
      // The value it left was current in the first read; now it is closed when Won began.
      const left = history.find((r) => r.active_until === won[0]!.active_from)!;
      expect(firstRows.get(left.value_id)?.active_until).toBeNull();
      // Every earlier row comes again with the same key (deduplicated downstream).
      for (const row of history.filter((r) => r !== won[0])) expect(firstRows.has(row.value_id)).toBe(true);
    }
    expect(rows(second, DEALS).filter((r) => r.record_id === newDeal)).toEqual([
      expect.objectContaining({ value: 'Lead', active_until: null }),
    ]);
    expect(rows(second, PIPELINE).filter((r) => r.active_until === null && r.value === 'Qualified')).toHaveLength(4);
  });

  it('a value cleared without a replacement is not seen incrementally; the next full read brings its closed row', () => {
    expect(rows(second, DEALS).some((r) => r.record_id === clearedDeal)).toBe(false);
    const closed = rows(full, DEALS).filter((r) => r.record_id === clearedDeal);
    expect(closed.length).toBeGreaterThan(0);
    expect(closed.every((r) => r.active_until !== null)).toBe(true);
  });

  it('the state is a cursor on active_from that reads again only what changed within the margin before a sync', () => {
    const state = (run: RunResult, name: string) => run.states(name).at(-1)?.state.stream.stream_state;
    // Before the changes, the newest Attio timestamp seen (a current active_from or a created_at) is older than the
    // start of the read, so it is the cursor.
    const seededNewest = [
      ...rows(first, DEALS)
        .filter((r) => r.active_until === null)
        .map((r) => r.active_from as string),
      ...sim.workspace
        .records('deals')
        .filter((d) => d.id.record_id !== newDeal)
        .map((d) => d.created_at),
    ]
      .sort()
      .at(-1);
    expect(state(first, DEALS)).toEqual({ active_from: seededNewest });
    expect(first.states(DEALS)).toHaveLength(1);
    // The second read started seconds after the changes: its cursor is the margin (five minutes) before its start,
    // so a third read with no change reads the changed records once more, and nothing else.
    const changedAt = rows(second, DEALS)
      .filter((r) => r.active_until === null)
      .map((r) => r.active_from)
      .sort();
    expect(state(second, DEALS).active_from > (seededNewest as string)).toBe(true);
    expect(state(second, DEALS).active_from < (changedAt[0] as string)).toBe(true);
    expect(requests.third).toEqual(requests.second);
    expect(new Set(rows(third, DEALS).map((r) => r.record_id))).toEqual(new Set([...changedDeals, newDeal]));
  });
});

describe('value history: attributes whose history Attio refuses', () => {
  let sim: Simulator;

  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(() => sim?.close());

  it('an interaction or enriched attribute named in the config is left out at discovery with one log line', async () => {
    const config = configFor(sim, { history_attributes: ['people.first_email_interaction', 'deals.value', 'deals.no_such_attribute'] });
    const { run, catalog } = await discover(config);
    const names = streamNames(catalog);
    expect(names).toContain('deals__value_history');
    expect(names.some((n) => n.startsWith('people__') && n.endsWith('_history'))).toBe(false);
    const logs = run.logs().map((m) => m.log.message as string);
    expect(logs.filter((l) => l.includes('people.first_email_interaction'))).toEqual([
      'The history of people.first_email_interaction is not offered: Attio keeps no history of interaction and enriched attributes (it answers 400 for them).',
    ]);
    expect(logs.filter((l) => l.includes('deals.no_such_attribute'))).toHaveLength(1);
  });

  it('a 400 on the history at read time ends the stream empty with one warning, not a failure, after one request', async () => {
    const config = configFor(sim);
    const catalog = configuredCatalog((await discover(config)).catalog, (name) => name === DEALS || name === 'deals');
    const before = { ...sim.stats.byRoute };
    sim.failNext(
      (req) => req.path.includes('/attributes/stage/values'),
      { status: 400, body: { status_code: 400, type: 'invalid_request_error', code: 'validation_type', message: 'No history here.' } },
      1000,
    );
    const run = await runInProcess('read', { config, catalog });
    expectComplete(run, [DEALS, 'deals']);
    expect(rows(run, DEALS)).toEqual([]);
    expect(rows(run, 'deals')).toHaveLength(250);
    const warnings = run.logs().filter((m) => m.log.message.includes('refuses the history'));
    expect(warnings.map((m) => m.log.message)).toEqual([
      'Stream "deals__stage_history": Attio refuses the history of attribute "stage" (HTTP 400). Attio says: "No history here." The stream is left empty.',
    ]);
    // One request told it: no other history request was made.
    expect(sim.stats.faults.fail_next).toBe(1);
    expect(requestsDuring(sim, before, RECORD_VALUES)).toBe(1);
  });
});
