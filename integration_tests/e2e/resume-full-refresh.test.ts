// Resumable full refresh: record and entry streams declare is_resumable, and a full refresh handed the last STATE
// of a killed attempt (as the platform does for a retried attempt of the same job) continues from it. Killed at
// seeded random points and resumed until an attempt completes: every record is there, and each resumed attempt
// reads no more than what was left plus one page. A stream that completed in an earlier attempt is not read again
// (the platform deletes a full refresh's state when a new job starts).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configuredCatalog, type Message, runConnector, stateFileFrom } from '../harness/run-connector.js';
import { SeededRandom } from '../simulator/random.js';
import { startSimulator, type Simulator } from '../simulator/index.js';

const PAGE = 50;
const STREAMS = ['people', 'list_entries_sales_pipeline'] as const;
const pkOf = (m: Message) => String(m.record.data.record_id ?? m.record.data.entry_id);

describe('resumable full refresh', () => {
  let sim: Simulator;
  let config: Record<string, unknown>;
  let catalog: Message;

  beforeAll(async () => {
    sim = await startSimulator();
    config = { api_key: sim.apiKey, base_url: sim.url, requests_per_second: 100, page_size: PAGE };
    const discover = await runConnector('discover', { config });
    catalog = discover.messages.find((m) => m.type === 'CATALOG')?.catalog;
  });
  afterAll(async () => {
    await sim.close();
  });

  it('declares record and entry streams (and tasks) resumable, and streams checkpointed only at the end not', () => {
    const resumable = Object.fromEntries((catalog.streams as Message[]).map((s) => [s.name, s.is_resumable]));
    expect(resumable).toMatchObject({ people: true, list_entries_sales_pipeline: true, tasks: true, notes: false, objects: false });
  });

  it('killed at random points and resumed from the last STATE: every record, and no attempt re-reads more than what was left plus a page', async () => {
    const truth = new Map<string, Set<string>>([
      ['people', new Set(sim.workspace.records('people').map((r) => r.id.record_id))],
      ['list_entries_sales_pipeline', new Set(sim.workspace.entries('sales_pipeline').map((e) => e.id.entry_id))],
    ]);
    const full = configuredCatalog(catalog, (name) => (STREAMS as readonly string[]).includes(name), 'full_refresh');
    const random = new SeededRandom(4242);
    const seen = new Map<string, Set<string>>(STREAMS.map((s) => [s, new Set()]));
    const committed = new Map<string, number>(STREAMS.map((s) => [s, 0]));
    let state: Message[] = [];
    let attempts = 0;
    for (; attempts < 10; attempts += 1) {
      const killAfter = attempts < 4 ? 200 + Math.floor(random.next() * 600) : undefined;
      let records = 0;
      const run = await runConnector('read', {
        config,
        catalog: full,
        ...(state.length > 0 ? { state } : {}),
        ...(killAfter ? { killWhen: (m: Message) => m.type === 'RECORD' && ++records >= killAfter } : {}),
        timeoutMs: 60_000,
      });
      expect(run.invalidLines).toEqual([]);
      for (const stream of STREAMS) {
        const emitted = run.records(stream).map(pkOf);
        for (const pk of emitted) seen.get(stream)?.add(pk);
        // What this attempt read is at most what the last STATE left uncovered, plus one page.
        const left = (truth.get(stream)?.size ?? 0) - (committed.get(stream) ?? 0);
        expect(emitted.length, `${stream}, attempt ${attempts}`).toBeLessThanOrEqual(left + PAGE);
        const covered = run.states(stream).reduce((sum, s) => sum + Number(s.state.sourceStats?.recordCount ?? 0), 0);
        committed.set(stream, (committed.get(stream) ?? 0) + covered);
      }
      // The platform keeps the last STATE per stream it received, across attempts.
      const latest = new Map(state.map((s) => [s.stream.stream_descriptor.name as string, s]));
      for (const s of stateFileFrom(run.messages)) latest.set(s.stream.stream_descriptor.name, s);
      state = [...latest.values()];
      if (run.signal !== 'SIGKILL') {
        expect(run.exitCode).toBe(0);
        break;
      }
    }
    expect(attempts).toBeGreaterThan(0);
    for (const stream of STREAMS) expect([...(seen.get(stream) ?? [])].sort(), stream).toEqual([...(truth.get(stream) ?? [])].sort());
    // The completed attempt's state is marked complete: a later attempt of the same job reads nothing more, and a
    // new job (no state) reads everything.
    for (const s of state) expect(s.stream.stream_state.__ab_full_refresh_sync_complete).toBe(true);
    const again = await runConnector('read', { config, catalog: full, state });
    for (const stream of STREAMS) expect(again.records(stream)).toHaveLength(0);
    for (const stream of STREAMS) expect(again.states(stream).at(-1)?.state.stream.stream_state.__ab_full_refresh_sync_complete).toBe(true);
    const fresh = await runConnector('read', { config, catalog: full });
    for (const stream of STREAMS) expect(fresh.records(stream)).toHaveLength(truth.get(stream)?.size ?? -1);
  });
});
