// Pages that break Attio's promises (issue 12, items 1, 3, 5 and 6), served by a hostile proxy in front of the
// simulator: an endpoint that ignores offset, tasks out of created_at order, a note without created_at. Each stream
// fails with a clear system_error, never loops, never drops silently, never saves a poisoned state; the other streams
// complete. And a clean workspace costs few speculative requests.

import { afterEach, describe, expect, it } from 'vitest';
import { runInProcess } from '../harness/in-process.js';
import type { Message } from '../harness/run-connector.js';
import { type Hostile, type Rule, startHostile } from '../hostile/server.js';
import { type Simulator, startSimulator } from '../simulator/index.js';

const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) await server.close();
});

async function proxied(rules: Rule[]): Promise<{ sim: Simulator; hostile: Hostile; config: Record<string, unknown> }> {
  const sim = await startSimulator({ acceptIdSort: true });
  const hostile = await startHostile({ upstream: sim.url, rules });
  running.push(hostile, sim);
  return { sim, hostile, config: { api_key: sim.apiKey, base_url: hostile.url, requests_per_second: 100 } };
}

function catalog(...names: string[]): Message {
  return {
    streams: names.map((name) => ({
      stream: { name, json_schema: {}, supported_sync_modes: ['full_refresh', 'incremental'] },
      sync_mode: 'incremental',
      destination_sync_mode: 'append',
    })),
  };
}

const at = (n: number) => `2024-05-0${n}T10:00:00.000000000Z`;
const task = (id: string, created_at: string) => ({
  id: { workspace_id: 'w', task_id: id },
  content_plaintext: id,
  deadline_at: null,
  is_completed: false,
  linked_records: [],
  assignees: [],
  created_by_actor: { type: 'system', id: null },
  created_at,
});

describe('pages that break Attio promises', () => {
  it('item 3: tasks out of created_at order stop the tasks stream with a system_error, and no state passes them', async () => {
    const tasks = [task('t1', at(1)), task('t3', at(3)), task('t2', at(2))];
    const { config } = await proxied([
      { match: (req) => req.path === '/v2/tasks', act: { kind: 'answer', status: 200, body: { data: tasks } } },
    ]);
    const run = await runInProcess('read', { config, catalog: catalog('tasks', 'webhooks') });
    expect(run.exitCode).toBe(1);
    const error = run.errors().find((e) => e.trace.error.stream_descriptor?.name === 'tasks');
    expect(error?.trace.error.failure_type).toBe('system_error');
    expect(error?.trace.error.message).toMatch(/out of created_at order/);
    // Nothing checkpointed past the older task that was not emitted.
    for (const s of run.states('tasks')) expect(String(s.state.stream.stream_state.created_at ?? '')).not.toBe(at(3));
    expect(run.statuses('webhooks').at(-1)).toBe('COMPLETE');
  });

  it('item 6: a note without created_at is a clear error, never a state of created_at ""', async () => {
    const { sim, config } = await proxied([]);
    const notes = sim.workspace.notes().slice(0, 3);
    const broken = notes.map((note, i) => (i === 1 ? { ...note, created_at: undefined } : note));
    const hostile = await startHostile({
      upstream: sim.url,
      rules: [{ match: (req) => req.path === '/v2/notes', act: { kind: 'answer', status: 200, body: { data: broken } } }],
    });
    running.push(hostile);
    const run = await runInProcess('read', { config: { ...config, base_url: hostile.url }, catalog: catalog('notes') });
    expect(run.exitCode).toBe(1);
    expect(run.errors()[0]?.trace.error.message).toMatch(/without a valid created_at or note_id/);
    for (const s of run.states('notes')) expect(s.state.stream.stream_state.created_at).not.toBe('');
  });

  it('item 1: notes from an endpoint that ignores offset end with a system_error after a few requests', async () => {
    const { sim } = await proxied([]);
    const page = sim.workspace.notes().slice(0, 50);
    const hostile = await startHostile({
      upstream: sim.url,
      rules: [{ match: (req) => req.path === '/v2/notes', act: { kind: 'answer', status: 200, body: { data: page } } }],
    });
    running.push(hostile);
    const config = { api_key: sim.apiKey, base_url: hostile.url, requests_per_second: 100 };
    const started = performance.now();
    const run = await runInProcess('read', { config, catalog: catalog('notes') });
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(run.exitCode).toBe(1);
    expect(run.errors()[0]?.trace.error.message).toMatch(/returned the same items again/);
    expect(run.records('notes')).toHaveLength(50);
    expect(hostile.stats.misbehaved.answer ?? 0).toBeLessThanOrEqual(5);
  });

  it('item 5: a clean workspace of 1,500 people costs few speculative pages (page size 500)', async () => {
    const sim = await startSimulator({ acceptIdSort: true });
    running.push(sim);
    for (let i = 0; i < 300; i += 1) sim.workspace.addRecord('people', { values: { name: `Extra ${i}` } });
    const config = { api_key: sim.apiKey, base_url: sim.url, requests_per_second: 100, page_size: 500 };
    const run = await runInProcess('read', { config, catalog: catalog('people') });
    expect(run.exitCode).toBe(0);
    expect(run.records('people')).toHaveLength(1500);
    // 4 pages hold 1,500 people with the one-record overlap; the prefetch window grows by one page per full page the
    // reader waited for. The seeded tie across the first page boundary costs one group query, which shows that the
    // simulator accepts the id sort: the read then continues after the group (created_at > T) in id order, once,
    // re-asking what was in flight and up to its window past the end: 9 queries on a quiet machine, a few more when
    // the window had grown.
    const queries: Record<string, unknown>[] = [];
    sim.onRequest((req) => {
      if (req.route === 'POST /v2/objects/{object}/records/query') queries.push(req.body);
    });
    const again = await runInProcess('read', { config, catalog: catalog('people') });
    expect(again.records('people')).toHaveLength(1500);
    const groups = queries.filter((body) => JSON.stringify(body.filter ?? {}).includes('$eq'));
    expect(groups.length).toBeGreaterThanOrEqual(1);
    expect(queries.length).toBeLessThanOrEqual(12);
  });
});

describe('items of a shape the connector cannot read', () => {
  it('item 8: a thread without its id object stops the threads stream with a message naming the shape', async () => {
    const { sim, config } = await proxied([]);
    const hostile = await startHostile({
      upstream: sim.url,
      rules: [
        {
          match: (req) => req.path === '/v2/threads',
          act: { kind: 'answer', status: 200, body: { data: [{ created_at: at(1), comments: [] }] } },
        },
      ],
    });
    running.push(hostile);
    const run = await runInProcess('read', { config: { ...config, base_url: hostile.url }, catalog: catalog('threads') });
    expect(run.exitCode).toBe(1);
    expect(run.errors()[0]?.trace.error.message).toMatch(/Stream "threads": Attio returned an item of an unexpected shape/);
    expect(run.errors()[0]?.trace.error.message).not.toMatch(/Something went wrong/);
  });
});

// Issue 21 item 5: a `null` item, or one without its `id` object, was a TypeError reported as "Something went wrong".
describe('items without an id object, or null, name the bad item', () => {
  const record = { created_at: at(1), values: {} };
  const entry = { created_at: at(1), entry_values: {}, parent_record_id: 'r', parent_object: 'people' };
  const note = { created_at: at(1), title: 'x', parent_object: 'people', parent_record_id: 'r' };
  const notObject = /^Attio returned an item that is not a JSON object; it cannot be read, so the stream was stopped/;
  const noId = /^Attio returned an item with no id; it cannot be ordered or keyed/;
  const records = '/v2/objects/people/records/query';
  const entries = '/v2/lists/sales_pipeline/entries/query';
  it.each([
    ['people', records, null, notObject],
    ['people', records, record, noId],
    ['people', records, { ...record, id: null }, noId],
    ['list_entries_sales_pipeline', entries, null, notObject],
    ['list_entries_sales_pipeline', entries, entry, noId],
    ['notes', '/v2/notes', null, notObject],
    ['notes', '/v2/notes', note, /^Stream "notes": Attio returned an item without a valid created_at or note_id/],
    ['tasks', '/v2/tasks', null, notObject],
    ['threads', '/v2/threads', null, notObject],
    ['workspace_members', '/v2/workspace_members', null, /^Stream "workspace_members": Attio returned an item of an unexpected shape/],
  ])('%s answering %s with [%j]', async (stream, path, item, message) => {
    const { config } = await proxied([{ match: (req) => req.path === path, act: { kind: 'answer', status: 200, body: { data: [item] } } }]);
    const run = await runInProcess('read', { config, catalog: catalog(stream) });
    expect(run.exitCode).toBe(1);
    const error = run.errors().find((e) => e.trace.error.stream_descriptor?.name === stream)?.trace.error;
    expect(error?.message).toMatch(message);
    expect(error?.failure_type).toBe('system_error');
    expect(run.statuses(stream).at(-1)).toBe('INCOMPLETE');
  });
});
