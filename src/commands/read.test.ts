// The read loop in process (no child process): it owns a stream's state. It parses the state once for the read's
// cursor, ends a resumable full refresh at once on a state marked complete and marks a completed one, and saves a
// change cursor that a clock running ahead of or behind Attio's cannot carry past an edit. The clock is injected.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../../integration_tests/harness/in-process.js';
import type { Message } from '../../integration_tests/harness/run-connector.js';
import { type Simulated, simulated } from '../../integration_tests/harness/simulated.js';
import { CURSOR_MARGIN_MS } from '../state/cursor.js';
import { FULL_REFRESH_COMPLETE } from '../state/stream-state.js';

let env: Simulated;
let streams: Message[];

/** Reads in this process; `clockOffsetMs` moves this machine's clock as the connector sees it. */
async function run(catalog: Message, state: Message[] | undefined, clockOffsetMs = 0) {
  const result = await runInProcess('read', {
    config: env.config,
    catalog,
    ...(state ? { state } : {}),
    runtime: { now: () => Date.now() + clockOffsetMs },
  });
  expect(result.invalidLines).toEqual([]);
  return {
    exitCode: result.exitCode,
    errors: () => result.errors().map((m) => m.trace.error),
    records: (stream: string) => result.records(stream).map((m) => m.record.data),
    states: (stream: string) => result.states(stream).map((m) => m.state),
    statuses: (stream: string) => result.statuses(stream),
    stateFile: () => result.states().map((m) => m.state),
  };
}

function configured(names: string[], syncMode: 'full_refresh' | 'incremental', cursor?: string): Message {
  return {
    streams: names.map((name) => {
      const stream = streams.find((s) => s.name === name) as Message;
      return {
        stream,
        sync_mode: syncMode,
        destination_sync_mode: syncMode === 'incremental' ? 'append_dedup' : 'overwrite',
        ...(cursor ? { cursor_field: [cursor] } : {}),
        primary_key: stream.source_defined_primary_key ?? [],
      };
    }),
  };
}

beforeAll(async () => {
  env = await simulated({}, { page_size: 20 });
  streams = (await runInProcess('discover', { config: env.config })).messages.find((m) => m.type === 'CATALOG')?.catalog.streams;
});
afterAll(() => env.sim.close());

describe('the full-refresh marker, in the read loop', () => {
  it('a resumable stream handed a state marked complete reads nothing and ends on that state', async () => {
    const done = { created_at: '2020-01-01T00:00:00.000000000Z', ids_at_created_at: [], [FULL_REFRESH_COMPLETE]: true };
    const state = [{ type: 'STREAM', stream: { stream_descriptor: { name: 'people' }, stream_state: done } }];
    const again = await run(configured(['people'], 'full_refresh'), state);
    expect(again.exitCode).toBe(0);
    expect(again.records('people')).toEqual([]);
    expect(again.states('people').map((s) => [s.stream.stream_state, s.sourceStats.recordCount])).toEqual([[done, 0]]);
    expect(again.statuses('people')).toEqual(['STARTED', 'COMPLETE']);
  });

  it('a resumable full refresh resumes from an unmarked state and ends marked; an at-end one reads everything, unmarked', async () => {
    const people = env.sim.workspace.records('people');
    const middle = people[Math.floor(people.length / 2)] as (typeof people)[number];
    const resume = { created_at: middle.created_at, ids_at_created_at: [middle.id.record_id] };
    const state = [
      { type: 'STREAM', stream: { stream_descriptor: { name: 'people' }, stream_state: resume } },
      { type: 'STREAM', stream: { stream_descriptor: { name: 'notes' }, stream_state: { created_at: '2100-01-01T00:00:00Z' } } },
    ];
    const result = await run(configured(['people', 'notes'], 'full_refresh'), state);
    expect(result.exitCode).toBe(0);
    const after = people.filter((p) => p.created_at > middle.created_at).map((p) => p.id.record_id);
    expect(
      result
        .records('people')
        .map((r) => r.record_id)
        .sort(),
    ).toEqual(after.sort());
    expect(result.states('people').at(-1)?.stream.stream_state[FULL_REFRESH_COMPLETE]).toBe(true);
    expect(result.records('notes')).toHaveLength(env.sim.workspace.notes().length);
    expect(result.states('notes').at(-1)?.stream.stream_state[FULL_REFRESH_COMPLETE]).toBeUndefined();
  });

  it('a bad state fails its stream with one config_error, and the other streams carry on', async () => {
    const state = [{ type: 'STREAM', stream: { stream_descriptor: { name: 'people' }, stream_state: { created_at: 'yesterday' } } }];
    const result = await run(configured(['people', 'notes'], 'incremental'), state);
    expect(
      result
        .errors()
        .filter((e) => e.stream_descriptor)
        .map((e) => [e.stream_descriptor.name, e.failure_type, e.message]),
    ).toEqual([
      [
        'people',
        'config_error',
        'The state of stream "people" is not valid: "created_at" must be an ISO-8601 timestamp, got "yesterday". Reset the stream to start over.',
      ],
    ]);
    expect(result.statuses('notes')).toEqual(['STARTED', 'RUNNING', 'COMPLETE']);
  });
});

describe('the change cursor with this machine’s clock off Attio’s by more than the margin', () => {
  const offsets = [
    ['ahead', CURSOR_MARGIN_MS + 60_000],
    ['far ahead', 24 * 3_600_000],
    ['behind', -(CURSOR_MARGIN_MS + 60_000)],
  ] as const;

  it.each(offsets)('%s: every edit made between two syncs comes in the second', async (_label, offset) => {
    const ws = env.sim.workspace;
    const catalog = configured(['projects', 'list_entries_recruiting'], 'incremental', 'last_value_set_at');
    const first = await run(catalog, undefined, offset);
    expect(first.exitCode).toBe(0);
    // The cursor never passes Attio's clock (the simulator's, which stamps every edit).
    for (const stream of ['projects', 'list_entries_recruiting']) {
      const cursor = first.states(stream).at(-1)?.stream.stream_state.last_value_set_at as string;
      expect(Date.parse(cursor), stream).toBeLessThanOrEqual(Date.now());
    }

    const projects = ws.records('projects').slice(0, 10);
    for (const [i, project] of projects.entries()) ws.updateRecord('projects', project.id.record_id, { name: `Edited ${offset} ${i}` });
    const entry = ws.entries('recruiting')[3] as ReturnType<typeof ws.entries>[number];
    ws.updateEntry('recruiting', entry.id.entry_id, { rating: 4 });

    const second = await run(catalog, first.stateFile(), offset);
    expect(second.exitCode).toBe(0);
    const got = new Map(second.records('projects').map((r) => [r.record_id, r.name]));
    for (const [i, project] of projects.entries())
      expect(got.get(project.id.record_id), project.id.record_id).toBe(`Edited ${offset} ${i}`);
    expect(second.records('list_entries_recruiting').map((r) => r.entry_id)).toContain(entry.id.entry_id);
  });
});
