// A workspace that changes while the connector reads it (issue 11): the simulator deletes, creates and updates
// records between two requests, or as steady churn, with Attio's offset semantics (later rows move up). In both
// sync modes every record that existed for the whole read is emitted, nothing is emitted twice within a read, and
// no cursor moves past a record that was not emitted (a quiet sync after an incremental one under churn finds
// every survivor).

import { afterEach, describe, expect, it } from 'vitest';
import { runInProcess } from '../harness/in-process.js';
import { type Message, stateFileFrom } from '../harness/run-connector.js';
import { startSimulator, type Simulator } from '../simulator/index.js';

const QUERY = 'POST /v2/objects/{object}/records/query';

function catalogFor(stream: string, mode: 'full_refresh' | 'incremental'): Message {
  return {
    streams: [
      {
        stream: { name: stream, json_schema: {}, supported_sync_modes: ['full_refresh', 'incremental'] },
        sync_mode: mode,
        destination_sync_mode: mode === 'incremental' ? 'append_dedup' : 'overwrite',
      },
    ],
  };
}

const ids = (messages: Message[]) => messages.map((m) => String(m.record.data.record_id));

describe('reads while Attio changes', () => {
  let sim: Simulator;
  afterEach(async () => {
    await sim.close();
  });

  it('a deletion of an early record between the first and second page skips nothing (page 377, 1,200 people)', async () => {
    sim = await startSimulator({ acceptIdSort: true });
    const before = sim.workspace.records('people').map((r) => r.id.record_id);
    let queries = 0;
    sim.onRequest((req) => {
      if (req.route === QUERY && req.params.object === 'people' && ++queries === 2) sim.workspace.deleteRecord('people', before[10]!);
    });
    const config = { api_key: sim.apiKey, base_url: sim.url, requests_per_second: 100, page_size: 377, max_concurrent_requests: 1 };
    const run = await runInProcess('read', { config, catalog: catalogFor('people', 'full_refresh') });
    expect(run.exitCode).toBe(0);
    const got = ids(run.records('people'));
    const survivors = before.filter((id) => id !== before[10]);
    expect(survivors.filter((id) => !got.includes(id))).toEqual([]);
    expect(new Set(got).size).toBe(got.length);
  });

  it('bulk imports where Attio refuses the id sort: groups the listing shows whole are not read again, and under churn no survivor is lost', async () => {
    // Three groups of 150 people sharing a created_at, pages of 100: each straddles two or three pages.
    const withGroups = async () => {
      const simulator = await startSimulator({});
      const existing = simulator.workspace.records('people');
      for (const at of [0.2, 0.5, 0.8].map((f) => existing[Math.floor(existing.length * f)]?.created_at as string)) {
        for (let i = 0; i < 150; i += 1) simulator.workspace.insertRecord('people', { created_at: at });
      }
      return simulator;
    };
    const isGroupRead = (req: { route: string; body: Record<string, unknown> }) =>
      req.route === QUERY && JSON.stringify(req.body.filter ?? {}).includes('$eq');

    sim = await withGroups();
    const groupReads: unknown[] = [];
    sim.onRequest((req) => {
      if (isGroupRead(req)) groupReads.push(req.body);
    });
    const config = { api_key: sim.apiKey, base_url: sim.url, requests_per_second: 100, page_size: 100 };
    const quiet = await runInProcess('read', { config, catalog: catalogFor('people', 'full_refresh') });
    expect(quiet.exitCode).toBe(0);
    expect(new Set(ids(quiet.records('people')))).toEqual(new Set(sim.workspace.records('people').map((r) => r.id.record_id)));
    // The first group: the refused sort by record_id, then its two pages; the listing showed the other two whole.
    expect(groupReads).toHaveLength(3);
    await sim.close();

    for (const seed of [11, 12, 13]) {
      sim = await withGroups();
      const before = sim.workspace.records('people').map((r) => r.id.record_id);
      const churn = sim.churn({
        everyRequests: 1,
        seed,
        deletePerStep: 2,
        createPerStep: 1,
        objects: ['people'],
        match: (req) => req.route === QUERY,
      });
      const run = await runInProcess('read', {
        config: { ...config, api_key: sim.apiKey, base_url: sim.url },
        catalog: catalogFor('people', 'full_refresh'),
      });
      churn.stop();
      expect(run.exitCode, JSON.stringify(run.errors())).toBe(0);
      const deleted = new Set(churn.changes.filter((c) => c.kind === 'delete').map((c) => c.id));
      expect(deleted.size).toBeGreaterThan(10);
      const got = ids(run.records('people'));
      expect(
        before.filter((id) => !deleted.has(id) && !got.includes(id)),
        `seed ${seed}`,
      ).toEqual([]);
      expect(new Set(got).size).toBe(got.length);
      if (seed !== 13) await sim.close();
    }
  });

  for (const mode of ['full_refresh', 'incremental'] as const) {
    it(`${mode}: under steady churn (2 deleted, 1 created, 1 updated every 2 queries) every survivor is emitted once`, async () => {
      sim = await startSimulator({ acceptIdSort: true });
      const before = sim.workspace.records('people').map((r) => r.id.record_id);
      const churn = sim.churn({
        everyRequests: 2,
        seed: mode === 'full_refresh' ? 7 : 8,
        deletePerStep: 2,
        createPerStep: 1,
        updatePerStep: 1,
        objects: ['people'],
        match: (req) => req.route === QUERY,
      });
      const config = { api_key: sim.apiKey, base_url: sim.url, requests_per_second: 100, page_size: 100 };
      const run = await runInProcess('read', { config, catalog: catalogFor('people', mode) });
      churn.stop();
      expect(run.exitCode, JSON.stringify(run.errors())).toBe(0);
      const deleted = new Set(churn.changes.filter((c) => c.kind === 'delete').map((c) => c.id));
      expect(deleted.size).toBeGreaterThan(10);
      const got = ids(run.records('people'));
      const survivors = before.filter((id) => !deleted.has(id));
      expect(survivors.filter((id) => !got.includes(id))).toEqual([]);
      expect(new Set(got).size).toBe(got.length);

      if (mode === 'incremental') {
        // A quiet second sync from the last state: what it adds plus what the first emitted covers every survivor
        // and every record created meanwhile: the cursor skipped nothing.
        const second = await runInProcess('read', { config, catalog: catalogFor('people', mode), state: stateFileFrom(run.messages) });
        expect(second.exitCode).toBe(0);
        const all = new Set([...got, ...ids(second.records('people'))]);
        const now = sim.workspace.records('people').map((r) => r.id.record_id);
        expect(now.filter((id) => !all.has(id))).toEqual([]);
      }
    });
  }
});
