// The simulator refuses a sort by record_id / entry_id by default (Attio does not document one), so the
// connector's fallback for a refused tie-break sort runs end to end: a WARN, then the tie group (larger than a page)
// read by created_at alone, in passes until every record of it was seen (the first pass finds its size).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover } from '../harness/e2e.js';
import { runInProcess } from '../harness/in-process.js';
import { configuredCatalog, type Message } from '../harness/run-connector.js';
import { addTieGroup, type Simulated, simulated } from '../harness/simulated.js';

const STREAM = 'projects';
const PAGE = 7;
const REFUSED = /Attio refused to sort by record_id; records sharing a created_at are paged by created_at alone\./;

let env: Simulated;
let catalog: Message;
let tiedAt: string;

beforeAll(async () => {
  env = await simulated({}, { page_size: PAGE, max_concurrent_requests: 4 });
  // 25 records sharing one created_at (more than three pages of 7) in the middle of the object's timeline.
  tiedAt = addTieGroup(env.sim.workspace, STREAM, 25);
  catalog = (await discover(env.config)).catalog;
});
afterAll(() => env.sim.close());

describe('a tie group larger than a page, with the sort by record_id refused', () => {
  it('the simulator refuses the sort the connector asks for inside a tie group', async () => {
    const res = await fetch(`${env.sim.url}/v2/objects/${STREAM}/records/query`, {
      method: 'POST',
      headers: { authorization: `Bearer ${env.sim.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        filter: { created_at: { $eq: tiedAt } },
        sorts: [
          { attribute: 'created_at', direction: 'asc' },
          { attribute: 'record_id', direction: 'asc' },
        ],
        limit: PAGE,
        offset: 0,
      }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ status_code: 400, type: 'invalid_request_error', code: 'validation_type' });
  });

  for (const mode of ['full_refresh', 'incremental'] as const) {
    it(`${mode}: logs one WARN about the refused sort and still emits every record exactly once, in created_at order`, async () => {
      // What the connector asks for inside the tie group (the hook sees each request before it is answered).
      const tieQueries: { sorts: string; offset: number; limit: number }[] = [];
      const stopWatching = env.sim.onRequest((req) => {
        const filter = req.body.filter as { created_at?: { $eq?: string } } | undefined;
        if (req.path !== `/v2/objects/${STREAM}/records/query` || filter?.created_at?.$eq === undefined) return;
        const sorts = (req.body.sorts as { attribute: string }[]).map((s) => s.attribute).join(',');
        tieQueries.push({ sorts, offset: req.body.offset as number, limit: req.body.limit as number });
      });
      const run = await runInProcess('read', { config: env.config, catalog: configuredCatalog(catalog, (name) => name === STREAM, mode) });
      stopWatching();
      expect(tieQueries[0]).toEqual({ sorts: 'created_at,record_id', offset: 0, limit: PAGE }); // refused with a 400
      expect(tieQueries.filter((q) => q.sorts === 'created_at,record_id')).toHaveLength(1);
      // The group's size is found by reading it, pages of 7 overlapping by one to the short one (25 records: offsets
      // 0 to 24), not by probing one record at a time.
      expect(tieQueries.filter((q) => q.limit === 1)).toEqual([]);
      const pages = tieQueries.filter((q) => q.sorts === 'created_at' && q.limit === PAGE).map((q) => q.offset);
      expect(pages.slice(0, 5)).toEqual([0, 6, 12, 18, 24]);
      // Then more passes by created_at alone over the whole group if a pass missed some, and the group is read once,
      // not once per page boundary that falls in it.
      expect(pages.every((offset) => offset % (PAGE - 1) === 0 && offset < 25)).toBe(true);
      expect(pages.length).toBeLessThan(40);
      expect(run.exitCode).toBe(0);
      expect(run.errors()).toEqual([]);
      const warns = run.logs().filter((m) => m.log.level === 'WARN' && REFUSED.test(m.log.message));
      expect(warns).toHaveLength(1);
      const got = run.records(STREAM).map((m) => m.record.data.record_id as string);
      const truth = env.sim.workspace.records(STREAM).map((r) => r.id.record_id);
      expect(got).toHaveLength(truth.length);
      expect(new Set(got)).toEqual(new Set(truth));
      const times = run.records(STREAM).map((m) => m.record.data.created_at as string);
      expect([...times].sort()).toEqual(times);
    });
  }
});
