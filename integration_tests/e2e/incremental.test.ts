// Exact incremental sync on created_at: no record lost and none repeated across syncs, with ties,
// additions between syncs, checkpoint replays (CAT), far-future state, start_date and every --state format.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover } from '../harness/e2e.js';
import { runInProcess } from '../harness/in-process.js';
import { configuredCatalog, type Message, stateFileFrom } from '../harness/run-connector.js';
import { addTieGroup, type Simulated, simulated } from '../harness/simulated.js';

const STREAM = 'projects';
let env: Simulated;
let catalog: Message;
let tiedAt: string;

const incremental = () => configuredCatalog(catalog, (name) => name === STREAM, 'incremental');
const ids = (run: { records: (s?: string) => Message[] }) => run.records(STREAM).map((m) => m.record.data.record_id as string);
const truth = () => env.sim.workspace.records(STREAM).map((r) => r.id.record_id);

beforeAll(async () => {
  // Small pages and several pages in flight, so ties straddle page boundaries under concurrency; and the
  // simulator reorders every tie on every request, which Attio's API allows.
  env = await simulated({ shuffleTies: true, acceptIdSort: true }, { page_size: 7, max_concurrent_requests: 4 });
  // 25 records sharing one created_at, in the middle of the object's timeline.
  tiedAt = addTieGroup(env.sim.workspace, STREAM, 25);
  catalog = (await discover(env.config)).catalog;
});
afterAll(() => env.sim.close());

describe('incremental read of a records stream', () => {
  it('declares created_at as the default cursor (the catalog may pick last_value_set_at) and record_id as the primary key', () => {
    const stream = (catalog.streams as Message[]).find((s) => s.name === STREAM);
    expect(stream?.supported_sync_modes).toEqual(['full_refresh', 'incremental']);
    expect(stream?.source_defined_cursor).toBe(false);
    expect(stream?.default_cursor_field).toEqual(['created_at']);
    expect(stream?.source_defined_primary_key).toEqual([['record_id']]);
  });

  it('faces a simulator that really reorders ties between requests', async () => {
    const body = JSON.stringify({
      filter: { created_at: { $eq: tiedAt } },
      sorts: [{ attribute: 'created_at', direction: 'asc' }],
      limit: 7,
      offset: 0,
    });
    const headers = { authorization: `Bearer ${env.sim.apiKey}`, 'content-type': 'application/json' };
    const orders = new Set<string>();
    for (let i = 0; i < 5; i += 1) {
      const page = (await (await fetch(`${env.sim.url}/v2/objects/${STREAM}/records/query`, { method: 'POST', headers, body })).json()) as {
        data: { id: { record_id: string } }[];
      };
      orders.add(page.data.map((r) => r.id.record_id).join(','));
    }
    expect(orders.size).toBeGreaterThan(1);
  });

  it('delivers every record exactly once although 25 of them share a created_at across page boundaries', async () => {
    const run = await runInProcess('read', { config: env.config, catalog: incremental() });
    expect(run.exitCode).toBe(0);
    const got = ids(run);
    expect(got).toHaveLength(truth().length);
    expect(new Set(got)).toEqual(new Set(truth()));
    // Records come out in created_at order, so every checkpoint is exact.
    const times = run.records(STREAM).map((m) => m.record.data.created_at as string);
    expect([...times].sort()).toEqual(times);
    // At least one checkpoint per page.
    expect(run.states(STREAM).length).toBeGreaterThanOrEqual(Math.ceil(truth().length / 7));
  });

  it('a second read from the last state returns nothing; records added between syncs come exactly once', async () => {
    const first = await runInProcess('read', { config: env.config, catalog: incremental() });
    const state = stateFileFrom(first.messages);
    const second = await runInProcess('read', { config: env.config, catalog: incremental(), state });
    expect(second.exitCode).toBe(0);
    expect(ids(second)).toEqual([]);
    expect(second.states(STREAM).length).toBeGreaterThanOrEqual(1);

    // New records: one later, and one sharing the cursor's exact created_at (a tie the ids in the state resolve).
    const cursor = state[0]?.stream.stream_state.created_at as string;
    const tie = env.sim.workspace.insertRecord(STREAM, { created_at: cursor });
    const later = env.sim.workspace.addRecord(STREAM);
    const third = await runInProcess('read', { config: env.config, catalog: incremental(), state: stateFileFrom(second.messages) });
    expect(new Set(ids(third))).toEqual(new Set([tie.id.record_id, later.id.record_id]));
    expect(ids(third)).toHaveLength(2);

    const fourth = await runInProcess('read', { config: env.config, catalog: incremental(), state: stateFileFrom(third.messages) });
    expect(ids(fourth)).toEqual([]);
  });

  it("replays each intermediate checkpoint (CAT's sequential slices): exactly the remaining records, counts matching", async () => {
    const full = await runInProcess('read', { config: env.config, catalog: incremental() });
    const all = ids(full);
    let covered = 0;
    const checkpoints: { state: Message; covered: number }[] = [];
    for (const m of full.messages) {
      if (m.type === 'STATE' && m.state.stream.stream_descriptor.name === STREAM) {
        covered += m.state.sourceStats.recordCount;
        checkpoints.push({ state: m.state, covered });
      }
    }
    expect(covered).toBe(all.length);
    // A sample of checkpoints, skipping the first and last as CAT does.
    const sample = checkpoints.slice(1, -1).filter((_, i) => i % 3 === 0);
    expect(sample.length).toBeGreaterThan(2);
    for (const { state, covered: before } of sample) {
      const replay = await runInProcess('read', {
        config: env.config,
        catalog: incremental(),
        state: [{ type: 'STREAM', stream: state.stream }],
      });
      // Exactly the remaining records (order inside a tie is Attio's to choose).
      expect(ids(replay)).toHaveLength(all.length - before);
      expect(new Set(ids(replay))).toEqual(new Set(all.slice(before)));
    }
  });

  it('a far-future state gives zero records and at least one STATE', async () => {
    const state = [
      { type: 'STREAM', stream: { stream_descriptor: { name: STREAM }, stream_state: { created_at: '2999-01-01T00:00:00.000000000Z' } } },
    ];
    const run = await runInProcess('read', { config: env.config, catalog: incremental(), state });
    expect(run.exitCode).toBe(0);
    expect(run.records()).toEqual([]);
    expect(run.states(STREAM).length).toBeGreaterThanOrEqual(1);
    expect(run.states(STREAM)[0]?.state.stream.stream_state.created_at).toBe('2999-01-01T00:00:00.000000000Z');
  });

  it('applies start_date when the stream has no state, and ignores it once there is state', async () => {
    const records = env.sim.workspace.records(STREAM);
    const start = records[10]?.created_at as string;
    const expected = records.filter((r) => r.created_at >= start).map((r) => r.id.record_id);
    const run = await runInProcess('read', { config: { ...env.config, start_date: start }, catalog: incremental() });
    expect(new Set(ids(run))).toEqual(new Set(expected));
    expect(ids(run)).toHaveLength(expected.length);
  });

  it('accepts every --state format Airbyte sends', async () => {
    const cursor = env.sim.workspace.records(STREAM).at(-3)?.created_at as string;
    // A state that carries no ids_at_created_at means "from this instant on, inclusive".
    const after = env.sim.workspace
      .records(STREAM)
      .filter((r) => r.created_at >= cursor)
      .map((r) => r.id.record_id);
    const everything = truth();
    const cases: [string, unknown, string[]][] = [
      [
        'per-stream list',
        [{ type: 'STREAM', stream: { stream_descriptor: { name: STREAM }, stream_state: { created_at: cursor } } }],
        after,
      ],
      ['legacy dict', { [STREAM]: { created_at: cursor } }, after],
      ['LEGACY in a list', [{ type: 'LEGACY', data: { [STREAM]: { created_at: cursor } } }], after],
      [
        'GLOBAL',
        [{ type: 'GLOBAL', global: { stream_states: [{ stream_descriptor: { name: STREAM }, stream_state: { created_at: cursor } }] } }],
        after,
      ],
      ['empty file', '', everything],
      ['[]', [], everything],
      ['null', 'null', everything],
      ['{}', {}, everything],
    ];
    for (const [label, state, expected] of cases) {
      const run = await runInProcess('read', { config: env.config, catalog: incremental(), state });
      expect(run.exitCode, label).toBe(0);
      expect(new Set(ids(run)), label).toEqual(new Set(expected));
    }
  });
});

describe('incremental read of a list entries stream', () => {
  it('is exact across two syncs with an entry added in between', async () => {
    const list = 'list_entries_sales_pipeline';
    const pick = configuredCatalog(catalog, (name) => name === list, 'incremental');
    const first = await runInProcess('read', { config: env.config, catalog: pick });
    const entryIds = first.records(list).map((m) => m.record.data.entry_id);
    expect(new Set(entryIds)).toEqual(new Set(env.sim.workspace.entries('sales_pipeline').map((e) => e.id.entry_id)));
    const parent = env.sim.workspace.records('companies')[0]?.id.record_id as string;
    const added = env.sim.workspace.addEntry('sales_pipeline', { parent_record_id: parent });
    const second = await runInProcess('read', { config: env.config, catalog: pick, state: stateFileFrom(first.messages) });
    expect(second.records(list).map((m) => m.record.data.entry_id)).toEqual([added.id.entry_id]);
    expect(second.records(list)[0]?.record.data.parent_record_id).toBe(parent);
    expect(second.records(list)[0]?.record.data.parent_object).toBe('companies');
  });
});
