// End to end: a large group of records sharing one created_at (a bulk import of 750, pages of 100), read by record
// id as the simulator accepts it, while records of the group are deleted at the moments issue 20 found:
//   - a sync resumed inside the group, with members it had delivered deleted between the resume's search and its
//     first group page (they were skipped, silently, as many as were deleted);
//   - a member delivered on the group's first page deleted before its second page (the stream failed);
// and a group that is the newest created_at, which left an offset search in the state for every later sync.

import { afterEach, describe, expect, it } from 'vitest';
import { discover } from '../harness/e2e.js';
import { configuredCatalog, type Message, runConnector, stateFileFrom } from '../harness/run-connector.js';
import { simulated, type Simulated } from '../harness/simulated.js';

const STREAM = 'projects';
const GROUP = 750;
const QUERY = 'POST /v2/objects/{object}/records/query';

const running: Simulated[] = [];
afterEach(async () => {
  for (const env of running.splice(0)) await env.sim.close();
});

/** A simulator whose `projects` hold a group of 750 sharing the created_at `at` (the middle one, or the newest). */
async function withGroup(newest = false): Promise<{ env: Simulated; at: string; group: string[]; catalog: Message }> {
  const env = await simulated({ acceptIdSort: true }, { page_size: 100, max_concurrent_requests: 1 });
  running.push(env);
  const ws = env.sim.workspace;
  const existing = ws.records(STREAM);
  const at = (newest ? existing.at(-1) : existing[Math.floor(existing.length / 2)])?.created_at as string;
  for (let i = 0; i < GROUP; i += 1) ws.insertRecord(STREAM, { created_at: at });
  const group = ws
    .records(STREAM)
    .filter((r) => r.created_at === at)
    .map((r) => r.id.record_id)
    .sort();
  const catalog = configuredCatalog((await discover(env.config)).catalog, (name) => name === STREAM, 'incremental');
  return { env, at, group, catalog };
}

const isGroupPage = (body: Record<string, unknown>) => JSON.stringify(body.filter ?? {}).includes('$eq') && (body.limit as number) > 1;

describe('a large tie group read by id while its members are deleted', () => {
  it('resumed inside the group, delivered members deleted between the search and the first page: nothing lost', async () => {
    const { env, group, catalog } = await withGroup();
    const first = await runConnector('read', { config: env.config, catalog });
    expect(first.exitCode).toBe(0);
    // A checkpoint inside the group, as a sync killed there leaves it.
    const inside = first.states(STREAM).find((m) => m.state.stream.stream_state.after_id_at_created_at !== undefined);
    if (inside === undefined) throw new Error('no checkpoint inside the group');
    const state = [inside];
    const bound = inside.state.stream.stream_state.after_id_at_created_at as string;
    const delivered = group.filter((id) => id <= bound);
    const owed = group.filter((id) => id > bound);
    expect(delivered.length).toBeGreaterThan(5);
    let deleted = 0;
    env.sim.onRequest((req) => {
      if (deleted === 0 && req.route === QUERY && isGroupPage(req.body)) {
        for (const id of delivered.slice(0, 5)) env.sim.workspace.deleteRecord(STREAM, id);
        deleted = 5;
      }
    });
    const resumed = await runConnector('read', { config: env.config, catalog, state: stateFileFrom(state) });
    expect(deleted).toBe(5);
    expect(resumed.exitCode).toBe(0);
    const got = new Set(resumed.records(STREAM).map((m) => m.record.data.record_id as string));
    expect(owed.filter((id) => !got.has(id))).toEqual([]);
  });

  it('a member delivered on the first group page deleted before the second: the stream completes, nothing lost', async () => {
    const { env, group, catalog } = await withGroup();
    let groupPages = 0;
    let victim: string | undefined;
    env.sim.onRequest((req) => {
      if (req.route !== QUERY || !isGroupPage(req.body)) return;
      groupPages += 1;
      if (groupPages === 2) {
        victim = group[1];
        env.sim.workspace.deleteRecord(STREAM, victim as string);
      }
    });
    const run = await runConnector('read', { config: env.config, catalog });
    expect(victim).toBeDefined();
    expect(run.exitCode).toBe(0);
    expect(run.errors()).toEqual([]);
    const got = new Set(run.records(STREAM).map((m) => m.record.data.record_id as string));
    const survivors = env.sim.workspace.records(STREAM).map((r) => r.id.record_id);
    expect(survivors.filter((id) => !got.has(id))).toEqual([]);
  });

  it('a group that is the newest created_at leaves no offset search for the next sync', async () => {
    const { env, catalog } = await withGroup(true);
    const first = await runConnector('read', { config: env.config, catalog });
    expect(first.exitCode).toBe(0);
    const last = first.states(STREAM).at(-1)?.state.stream.stream_state as Record<string, unknown>;
    expect(last).not.toHaveProperty('after_id_at_created_at');
    const queries: Record<string, unknown>[] = [];
    env.sim.onRequest((req) => {
      if (req.route === QUERY) queries.push(req.body);
    });
    const next = await runConnector('read', { config: env.config, catalog, state: stateFileFrom(first.messages) });
    expect(next.exitCode).toBe(0);
    expect(next.records(STREAM)).toEqual([]);
    // One query from past the group: no search inside it.
    expect(queries).toHaveLength(1);
    expect(JSON.stringify(queries[0])).not.toContain('$eq');
  });
});
