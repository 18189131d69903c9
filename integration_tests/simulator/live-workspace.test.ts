import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeededWorkspace, type Simulator, startSimulator, steppingClock, type Workspace } from './index.js';
import type { AttioEntry, AttioRecord, AttioValue } from './model.js';
import { apiClient } from './test-client.js';

const ASC = [{ attribute: 'created_at', direction: 'asc' }];
const CLOCK_START = '2026-01-01T00:00:00Z';

describe('a workspace that changes during a read', () => {
  let sim: Simulator;
  let ws: Workspace;
  let api: ReturnType<typeof apiClient>;
  const page = async (object: string, offset: number, limit = 10) =>
    (await api.post(`/v2/objects/${object}/records/query`, { sorts: ASC, limit, offset })).body.data as AttioRecord[];
  const entryPage = async (list: string, offset: number, limit = 10) =>
    (await api.post(`/v2/lists/${list}/entries/query`, { sorts: ASC, limit, offset })).body.data as AttioEntry[];
  const ids = (records: AttioRecord[]) => records.map((r) => r.id.record_id);
  const history = async (path: string) => (await api.get(`${path}?show_historic=true`)).body.data as AttioValue[];

  beforeAll(async () => {
    // Each reading of the clock is 1 ms after the previous one, from 2026-01-01: exact, reproducible timestamps.
    ws = createSeededWorkspace({ clock: steppingClock(CLOCK_START, 1_000_000) });
    sim = await startSimulator({ workspace: ws });
    api = apiClient(sim);
  });
  afterAll(() => sim.close());

  it('deleting a record between two pages moves every later record up: the next page skips one', async () => {
    const before = ids(ws.records('projects'));
    const first = await page('projects', 0);
    expect(ids(first)).toEqual(before.slice(0, 10));
    sim.beforeRequest(sim.answered + 1, () => ws.deleteRecord('projects', before[3]!));
    const second = await page('projects', 10);
    // Attio's offset semantics: record #10 moved up to offset 9, into the page already read.
    expect(ids(second)).toEqual(before.slice(11, 21));
    expect((await api.get(`/v2/objects/projects/records/${before[3]}`)).status).toBe(404);
    expect(ids(await page('projects', 0, 1000))).toEqual(before.filter((id) => id !== before[3]));
  });

  it('deleting a list entry shifts later entries the same way', async () => {
    const before = ws.entries('watchlist').map((e) => e.id.entry_id);
    await entryPage('watchlist', 0);
    sim.beforeRequest(sim.answered + 1, () => {
      ws.deleteEntry('watchlist', before[0]!);
      ws.deleteEntry('watchlist', before[1]!);
    });
    const second = await entryPage('watchlist', 10);
    expect(second.map((e) => e.id.entry_id)).toEqual(before.slice(12, 22));
  });

  it('a record created during the read is created now, at the end; one given an earlier created_at pushes later ones down', async () => {
    const before = ids(ws.records('projects'));
    const first = await page('projects', 0);
    let late: AttioRecord | undefined;
    let early: AttioRecord | undefined;
    sim.beforeRequest(sim.answered + 1, () => {
      late = ws.addRecord('projects', { values: { name: 'Added during the read' } });
      early = ws.addRecord('projects', { created_at: first[4]!.created_at.replace(/\d{3}Z$/, '999Z'), values: { name: 'Backdated' } });
    });
    const second = await page('projects', 10);
    // The backdated record sits after #4, so #9 moved down to offset 10 and is served again.
    expect(second[0]!.id.record_id).toBe(before[9]);
    expect(late!.created_at > ws.records('projects').at(-2)!.created_at).toBe(true);
    const all = ids(await page('projects', 0, 1000));
    expect(all.at(-1)).toBe(late!.id.record_id);
    expect(all[5]).toBe(early!.id.record_id);
    // Served in Attio's record shape: system values filled in, every other attribute present ([] when empty).
    const served = (await api.get(`/v2/objects/projects/records/${late!.id.record_id}`)).body.data as AttioRecord;
    expect(served.values.record_id).toEqual([expect.objectContaining({ attribute_type: 'text', value: late!.id.record_id })]);
    expect(served.values.created_at).toEqual([expect.objectContaining({ attribute_type: 'timestamp', value: late!.created_at })]);
    expect(Object.keys(served.values)).toEqual(Object.keys(ws.records('projects')[0]!.values));
  });

  it('an update gives new active values from now and keeps the old ones in the history with active_until = now', async () => {
    const deal = ws
      .records('deals')
      .find((r) => r.values.stage?.[0]?.status && (r.values.stage[0].status as { title: string }).title === 'Lead')!;
    const readStart = ws.nowTimestamp();
    await page('deals', 0);
    let changedAt = '';
    sim.beforeRequest(sim.answered + 1, () => {
      ws.updateRecordValues('deals', deal.id.record_id, { stage: 'In Progress', value: 1234.5 });
      changedAt = ws.record('deals', deal.id.record_id)!.values.stage![0]!.active_from as string;
    });
    const served = (await api.get(`/v2/objects/deals/records/${deal.id.record_id}`)).body.data as AttioRecord;
    expect(changedAt > readStart).toBe(true);
    expect(changedAt).toMatch(/^2026-01-01T00:00:\d{2}\.\d{9}Z$/);
    expect(served.values.stage).toHaveLength(1);
    expect(served.values.stage![0]).toMatchObject({
      active_from: changedAt,
      active_until: null,
      attribute_type: 'status',
      created_by_actor: ws.apiTokenActor,
      status: { title: 'In Progress', is_archived: false },
    });
    expect(served.values.value).toEqual([
      expect.objectContaining({ currency_value: 1234.5, currency_code: 'USD', active_from: changedAt }),
    ]);
    const stages = await history(`/v2/objects/deals/records/${deal.id.record_id}/attributes/stage/values`);
    expect(stages.map((v) => [(v.status as { title: string }).title, v.active_until])).toEqual([
      ['Lead', changedAt],
      ['In Progress', null],
    ]);
    expect(stages[0]!.active_from).toBe(deal.values.stage![0]!.active_from);
    // The query endpoint serves only the active value.
    const queried = (await page('deals', 0, 1000)).find((r) => r.id.record_id === deal.id.record_id)!;
    expect(queried.values.stage!.map((v) => (v.status as { title: string }).title)).toEqual(['In Progress']);
  });

  it('a clear ends the active value and leaves none', async () => {
    const person = ws.records('people').find((r) => (r.values.job_title ?? []).length === 1)!;
    sim.beforeRequest(sim.answered + 1, () => ws.clearRecordValue('people', person.id.record_id, 'job_title'));
    const served = (await api.get(`/v2/objects/people/records/${person.id.record_id}`)).body.data as AttioRecord;
    expect(served.values.job_title).toEqual([]);
    const all = await history(`/v2/objects/people/records/${person.id.record_id}/attributes/job_title/values`);
    const was = person.values.job_title![0]!;
    expect(all.at(-1)).toEqual({ ...was, active_until: expect.stringMatching(/^2026-01-01T/) });
    expect(all.every((v) => typeof v.active_until === 'string')).toBe(true);
    const active = (await api.get(`/v2/objects/people/records/${person.id.record_id}/attributes/job_title/values`)).body.data;
    expect(active).toEqual([]);
  });

  it('list entries: update with history, and clear', async () => {
    const entry = ws.entries('sales_pipeline')[7]!;
    const before = entry.entry_values.stage![0]!;
    ws.updateEntryValues('sales_pipeline', entry.id.entry_id, { stage: 'Closed lost' });
    ws.clearEntryValue('sales_pipeline', entry.id.entry_id, 'next_step');
    const served = (await api.get(`/v2/lists/sales_pipeline/entries/${entry.id.entry_id}`)).body.data as AttioEntry;
    expect(served.entry_values.stage!.map((v) => (v.status as { title: string }).title)).toEqual(['Closed lost']);
    expect(served.entry_values.next_step).toEqual([]);
    const stages = await history(`/v2/lists/sales_pipeline/entries/${entry.id.entry_id}/attributes/stage/values`);
    const changedAt = served.entry_values.stage![0]!.active_from;
    expect(stages.at(-1)).toMatchObject({ active_from: changedAt, active_until: null });
    expect(stages.find((v) => v.active_from === before.active_from && v.active_until === changedAt)).toMatchObject({
      status: before.status,
    });
  });

  it('a merge deletes one record and may update the survivor', async () => {
    const [survivor, merged] = ws.records('companies').slice(20, 22);
    const result = ws.mergeRecords('companies', {
      survivor: survivor!.id.record_id,
      merged: merged!.id.record_id,
      update: { description: 'Merged company' },
    });
    expect(result.values.description!.map((v) => v.value)).toEqual(['Merged company']);
    expect((await api.get(`/v2/objects/companies/records/${merged!.id.record_id}`)).status).toBe(404);
    expect(ids(await page('companies', 0, 1000))).not.toContain(merged!.id.record_id);
  });

  it('onRequest hooks see each request that reaches a handler, numbered from 1; refused ones are not counted', async () => {
    const seen: [number, string][] = [];
    const remove = sim.onRequest((req, n) => seen.push([n, req.route]));
    const start = sim.answered;
    await api.get('/v2/objects');
    await api.get('/v2/self');
    sim.failNext((r) => r.path === '/v2/lists', { status: 503 });
    await api.get('/v2/lists').catch(() => undefined);
    await api.get('/v2/objects/nope'); // reaches the handler, which answers 404
    await page('people', 0, 1);
    remove();
    await api.get('/v2/objects');
    expect(seen).toEqual([
      [start + 1, 'GET /v2/objects'],
      [start + 2, 'GET /v2/objects/{object}'],
      [start + 3, 'POST /v2/objects/{object}/records/query'],
    ]);
    expect(sim.answered).toBe(start + 4);
    expect(() => sim.beforeRequest(sim.answered, () => undefined)).toThrow(/not in the future/);
  });
});

describe('churn', () => {
  /** Sequential pages over projects and sales_pipeline while churn runs; returns every answer verbatim. */
  async function churnedRead(seed: number): Promise<{ answers: string[]; changes: unknown[]; ws: Workspace }> {
    const ws = createSeededWorkspace({ clock: steppingClock(CLOCK_START, 1_000) });
    const sim = await startSimulator({ workspace: ws });
    try {
      const churn = sim.churn({
        everyRequests: 2,
        seed,
        deletePerStep: 2,
        createPerStep: 1,
        updatePerStep: 2,
        objects: ['projects'],
        lists: ['sales_pipeline'],
        match: (req) => req.route.endsWith('/query'),
      });
      const api = apiClient(sim);
      const answers: string[] = [];
      for (let offset = 0; offset < 60; offset += 10) {
        for (const path of ['/v2/objects/projects/records/query', '/v2/lists/sales_pipeline/entries/query']) {
          answers.push(JSON.stringify((await api.post(path, { sorts: ASC, limit: 10, offset })).body));
        }
        answers.push(JSON.stringify((await api.get('/v2/objects')).body)); // does not match: never counted
      }
      expect(churn.steps).toBe(6); // 12 matching requests, a step before every 2nd
      churn.stop();
      await api.post('/v2/objects/projects/records/query', { limit: 1 });
      await api.post('/v2/objects/projects/records/query', { limit: 1 });
      expect(churn.steps).toBe(6);
      return { answers, changes: [...churn.changes], ws };
    } finally {
      await sim.close();
    }
  }

  it('is deterministic for a seed: the same changes and the same answers, different for another seed', async () => {
    const a = await churnedRead(42);
    const b = await churnedRead(42);
    expect(b.changes).toEqual(a.changes);
    expect(b.answers).toEqual(a.answers);
    const c = await churnedRead(43);
    expect(c.changes).not.toEqual(a.changes);

    const kinds = (a.changes as { kind: string }[]).map((ch) => ch.kind);
    expect(kinds.filter((k) => k === 'delete')).toHaveLength(12);
    expect(kinds.filter((k) => k === 'create')).toHaveLength(6);
    expect(kinds.filter((k) => k === 'update')).toHaveLength(12);
    // Every change is visible in the workspace the answers came from.
    for (const change of a.changes as { kind: string; target: string; slug: string; id: string; attribute?: string }[]) {
      const row = change.target === 'objects' ? a.ws.record(change.slug, change.id) : a.ws.entry(change.slug, change.id);
      const deletedLater = (a.changes as { kind: string; id: string }[]).some((o) => o.kind === 'delete' && o.id === change.id);
      if (change.kind === 'delete') expect(row).toBeUndefined();
      else if (!deletedLater) expect(row).toBeDefined();
      if (change.kind === 'update' && !deletedLater) {
        const full = change.target === 'objects' ? a.ws.record(change.slug, change.id, { includeHistoric: true })! : null;
        const values = full ? full.values : a.ws.entry(change.slug, change.id, { includeHistoric: true })!.entry_values;
        const active = (values[change.attribute!] ?? []).filter((v) => v.active_until === null);
        expect(active.length).toBeGreaterThan(0);
        expect(active.every((v) => (v.active_from as string) >= '2026-01-01T00:00:00.000000000Z')).toBe(true);
      }
    }
  });
});

describe('the workspace clock', () => {
  it('is real time by default, strictly increasing at nanosecond precision, after everything seeded', () => {
    const ws = createSeededWorkspace();
    const seededMax = ws
      .records('users')
      .map((r) => r.created_at)
      .sort()
      .at(-1)!;
    const stamps = Array.from({ length: 2000 }, () => ws.nowTimestamp());
    expect(stamps[0]! > seededMax).toBe(true);
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]! > stamps[i - 1]!).toBe(true);
    expect(Math.abs(Date.parse(stamps[0]!) - Date.now())).toBeLessThan(60_000);
    expect(stamps[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/);
  });

  it('can be injected: a stepping clock gives exact timestamps, and stays strictly increasing if it stalls', () => {
    const ws = createSeededWorkspace({ clock: steppingClock('2026-03-04T05:06:07.000000001Z', 250) });
    expect([ws.nowTimestamp(), ws.nowTimestamp(), ws.nowTimestamp()]).toEqual([
      '2026-03-04T05:06:07.000000001Z',
      '2026-03-04T05:06:07.000000251Z',
      '2026-03-04T05:06:07.000000501Z',
    ]);
    ws.useClock(() => '2026-03-04T05:06:07Z'); // stalled, and before the last reading
    expect([ws.nowTimestamp(), ws.nowTimestamp()]).toEqual(['2026-03-04T05:06:07.000000502Z', '2026-03-04T05:06:07.000000503Z']);
    const added = ws.addRecord('projects', { values: { name: 'Clocked' } });
    expect(added.created_at).toBe('2026-03-04T05:06:07.000000504Z');
  });
});
