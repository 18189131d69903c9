// Incremental sync on the change cursor, last_value_set_at: discover offers it next to created_at; a sync after
// updates returns exactly the updated (and new) rows, of records and of list entries; its state is the read's start
// minus the margin, or the newest last_value_set_at it saw when that is older, with the row sketch; a value cleared
// without a replacement is found by the sketch and sent again; a cursor the stream lacks is a config_error. Edits go through the simulator's `updateRecord` / `updateEntry`, which end the old value
// (active_until = now) and set the new one (active_from = now), as Attio does.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../harness/in-process.js';
import { type Message, type RunResult, stateFileFrom } from '../harness/run-connector.js';
import { type Simulated, simulated } from '../harness/simulated.js';

const OBJECT = 'projects';
const LIST = 'list_entries_recruiting';
const CHANGE = 'last_value_set_at';
const MARGIN_MS = 5 * 60 * 1000;
let env: Simulated;
let catalog: Message;

const streamOf = (name: string): Message => (catalog.streams as Message[]).find((s) => s.name === name) as Message;

/** Incremental on `cursor` for the record and the entry stream; `cursor` undefined leaves cursor_field out. */
function onCursor(cursor: string[] | undefined, names: string[] = [OBJECT, LIST], schema?: (s: Message) => Message): Message {
  return {
    streams: names.map((name) => ({
      stream: schema ? schema(streamOf(name)) : streamOf(name),
      sync_mode: 'incremental',
      destination_sync_mode: 'append_dedup',
      ...(cursor ? { cursor_field: cursor } : {}),
      primary_key: streamOf(name).source_defined_primary_key,
    })),
  };
}

/** An instant `ms` milliseconds since the epoch, in the fixed-width nanosecond form Attio uses. */
const nanos = (ms: number) => new Date(ms).toISOString().replace('Z', '000000Z');
const changeState = (name: string, cursor: string) => ({
  type: 'STREAM',
  stream: { stream_descriptor: { name }, stream_state: { [CHANGE]: cursor } },
});
const ids = (run: RunResult, stream: string, pk: string) => run.records(stream).map((m) => m.record.data[pk] as string);
const sorted = (list: string[]) => [...list].sort();
/** A run's saved states with the change cursor moved to `cursor` (the row sketch kept). */
const movedTo = (run: RunResult, cursor: string) =>
  stateFileFrom(run.messages).map((s: Message) => ({
    ...s,
    stream: { ...s.stream, stream_state: { ...s.stream.stream_state, [CHANGE]: cursor } },
  }));
const sync = (state?: unknown, cat: Message = onCursor([CHANGE])) =>
  runInProcess('read', { config: env.config, catalog: cat, ...(state ? { state } : {}) });

beforeAll(async () => {
  // Small pages with several in flight: the full read really pages.
  env = await simulated({}, { page_size: 7, max_concurrent_requests: 4 });
  catalog = (await runInProcess('discover', { config: env.config })).messages.find((m) => m.type === 'CATALOG')?.catalog;
});
afterAll(() => env.sim.close());

describe('discover', () => {
  it('gives record and entry streams the last_value_set_at column and lets the catalog pick it as the cursor', () => {
    for (const name of [OBJECT, LIST, 'people', 'list_entries_watchlist']) {
      const stream = streamOf(name);
      expect(stream.json_schema.properties[CHANGE], name).toEqual({
        type: 'string',
        format: 'date-time',
        airbyte_type: 'timestamp_with_timezone',
      });
      expect(stream.supported_sync_modes).toEqual(['full_refresh', 'incremental']);
      expect(stream.source_defined_cursor, name).toBe(false);
      expect(stream.default_cursor_field, name).toEqual(['created_at']);
    }
  });

  it('keeps a source-defined created_at cursor on the fixed streams', () => {
    expect(streamOf('notes')).toMatchObject({ source_defined_cursor: true, default_cursor_field: ['created_at'] });
    expect(streamOf('notes').json_schema.properties[CHANGE]).toBeUndefined();
    expect(streamOf('objects').default_cursor_field).toBeUndefined();
  });
});

describe('a sync on last_value_set_at', () => {
  it('after updates returns exactly the updated and new rows, of records and of entries', async () => {
    const ws = env.sim.workspace;
    const started = Date.now();
    const first = await sync();
    expect(first.exitCode).toBe(0);
    // No state: every row, one STATE per stream at its end, covering them all.
    expect(sorted(ids(first, OBJECT, 'record_id'))).toEqual(sorted(ws.records(OBJECT).map((r) => r.id.record_id)));
    expect(sorted(ids(first, LIST, 'entry_id'))).toEqual(sorted(ws.entries('recruiting').map((e) => e.id.entry_id)));
    for (const stream of [OBJECT, LIST]) {
      const states = first.states(stream);
      expect(states, stream).toHaveLength(1);
      expect(states[0]?.state.sourceStats.recordCount).toBe(first.records(stream).length);
      // The read's start minus five minutes, unless the newest change it saw (all rows came) is older: the seed's are.
      const cursor = states[0]?.state.stream.stream_state[CHANGE] as string;
      expect(cursor).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/);
      const rows = first.records(stream).map((m) => m.record.data);
      const newest = rows.map((row) => row[CHANGE] as string).reduce((a, b) => (a > b ? a : b));
      if (Date.parse(newest) < started - MARGIN_MS - 1) expect(cursor).toBe(newest);
      else {
        expect(Date.parse(cursor)).toBeGreaterThanOrEqual(started - MARGIN_MS - 1);
        expect(Date.parse(cursor)).toBeLessThanOrEqual(Date.now() - MARGIN_MS);
      }
      // Records come in created_at order, and each carries its change time.
      for (const row of rows) expect(row[CHANGE] >= row.created_at).toBe(true);
    }

    // The rows stamped exactly at a saved cursor come again (`>=`): the newest of the first sync, as its cursor is one.
    const atCursor = (stream: string, pk: string) => {
      const cursor = first.states(stream)[0]?.state.stream.stream_state[CHANGE];
      return first
        .records(stream)
        .filter((m) => m.record.data[CHANGE] === cursor)
        .map((m) => m.record.data[pk] as string);
    };
    const againProjects = atCursor(OBJECT, 'record_id');
    const againEntries = atCursor(LIST, 'entry_id');
    // Edits: one value of each of two projects and of one entry; one new project. Untouched rows must not come again.
    const [p1, p2] = ws.records(OBJECT).slice(3, 5);
    const entry = ws.entries('recruiting')[10];
    if (!p1 || !p2 || !entry) throw new Error('seed too small');
    ws.updateRecord(OBJECT, p1.id.record_id, { name: 'Renamed project' });
    ws.updateRecord(OBJECT, p2.id.record_id, { phase: 'Shipped' });
    ws.updateEntry('recruiting', entry.id.entry_id, { rating: 5 });
    const added = ws.addRecord(OBJECT, { values: { name: 'Brand new' } });

    const second = await sync(stateFileFrom(first.messages));
    expect(second.exitCode).toBe(0);
    const edited = [p1.id.record_id, p2.id.record_id, added.id.record_id];
    expect(sorted(ids(second, OBJECT, 'record_id'))).toEqual(sorted([...new Set([...edited, ...againProjects])]));
    expect(sorted(ids(second, LIST, 'entry_id'))).toEqual(sorted([...new Set([entry.id.entry_id, ...againEntries])]));
    const renamed = second.records(OBJECT).find((m) => m.record.data.record_id === p1.id.record_id)?.record.data;
    expect(renamed?.name).toBe('Renamed project');
    expect(Date.parse(renamed?.[CHANGE])).toBeGreaterThan(started);
    expect(second.records(LIST).find((m) => m.record.data.entry_id === entry.id.entry_id)?.record.data.rating).toBe(5);
    expect(second.states(OBJECT)[0]?.state.sourceStats.recordCount).toBe(second.records(OBJECT).length);

    // A sync right after: the edits lie within the margin before its start, so they come once more (at-least-once).
    const third = await sync(stateFileFrom(second.messages));
    expect(sorted(ids(third, OBJECT, 'record_id'))).toEqual(sorted(edited));
    // A state five minutes later than the edits (its sketch kept): nothing.
    const fourth = await sync(movedTo(third, nanos(Date.now() + 1000)));
    expect(fourth.exitCode).toBe(0);
    expect(fourth.records()).toEqual([]);
    expect(fourth.states(OBJECT)).toHaveLength(1);
  });

  it('catches a value cleared without a replacement (the row sketch), and the next value set', async () => {
    const ws = env.sim.workspace;
    const catalogOne = onCursor([CHANGE], [OBJECT]);
    // A state without a sketch (an older version's): the rows since its cursor, and a sketch saved.
    const first = await sync([changeState(OBJECT, nanos(Date.now() - 1000))], catalogOne);
    expect(first.states(OBJECT)[0]?.state.stream.stream_state.row_sketch).toBeDefined();
    const state = movedTo(first, nanos(Date.now() - 1000));
    const before = ids(await sync(state, catalogOne), OBJECT, 'record_id');
    const project = ws.records(OBJECT).find((r) => (r.values.due_on ?? []).length > 0 && !before.includes(r.id.record_id));
    if (!project) throw new Error('no project with a due date');
    ws.updateRecord(OBJECT, project.id.record_id, { due_on: null });
    expect(ws.record(OBJECT, project.id.record_id)?.values.due_on).toEqual([]);
    const cleared = await sync(state, catalogOne);
    expect(sorted(ids(cleared, OBJECT, 'record_id'))).toEqual(sorted([...before, project.id.record_id]));
    const row = cleared.records(OBJECT).find((m) => m.record.data.record_id === project.id.record_id)?.record.data;
    expect(row?.due_on).toBeNull();
    // Sent again with the time the change was found: deduplication keeps it over the earlier version.
    expect(row?.[CHANGE] >= (state[0]?.stream.stream_state[CHANGE] as string)).toBe(true);
    ws.updateRecord(OBJECT, project.id.record_id, { due_on: '2030-01-01' });
    const set = await sync(movedTo(cleared, nanos(Date.now() - 1000)), catalogOne);
    expect(set.records(OBJECT).find((m) => m.record.data.record_id === project.id.record_id)?.record.data.due_on).toBe('2030-01-01');
  });

  it('emits its cursor column even when the catalog deselects it (as the primary key); created_at reads then leave it out', async () => {
    const withoutColumn = (cursor: string[] | undefined) =>
      onCursor(cursor, [OBJECT], (s) => {
        const { [CHANGE]: _left, ...properties } = s.json_schema.properties;
        return { ...s, json_schema: { ...s.json_schema, properties } };
      });
    const cursor = nanos(Date.now() - 60_000);
    const base = await sync(undefined, withoutColumn([CHANGE]));
    const run = await sync(movedTo(base, cursor), withoutColumn([CHANGE]));
    // The rows set since the cursor, by the simulator's own values.
    const expected = env.sim.workspace
      .records(OBJECT)
      .filter((r) => r.created_at >= cursor || Object.values(r.values).some((v) => (v ?? []).some((x) => (x.active_from ?? '') >= cursor)));
    expect(expected.length).toBeGreaterThan(0);
    expect(sorted(ids(run, OBJECT, 'record_id'))).toEqual(sorted(expected.map((r) => r.id.record_id)));
    for (const m of run.records(OBJECT)) expect(m.record.data[CHANGE] >= cursor).toBe(true);
    const onCreatedAt = await sync(undefined, withoutColumn(undefined));
    expect(onCreatedAt.records(OBJECT).length).toBe(env.sim.workspace.records(OBJECT).length);
    for (const m of onCreatedAt.records(OBJECT)) expect(m.record.data).not.toHaveProperty(CHANGE);
  });

  it('given a created_at state (the user switched cursors), emits every row and saves a change cursor', async () => {
    const createdAtRun = await sync(undefined, onCursor(undefined, [OBJECT]));
    const createdAtState = stateFileFrom(createdAtRun.messages);
    expect(createdAtState[0]?.stream.stream_state.created_at).toBeDefined();
    const run = await sync(createdAtState, onCursor([CHANGE], [OBJECT]));
    expect(run.exitCode).toBe(0);
    expect(ids(run, OBJECT, 'record_id')).toHaveLength(env.sim.workspace.records(OBJECT).length);
    expect(Object.keys(run.states(OBJECT)[0]?.state.stream.stream_state)).toEqual([CHANGE, 'row_sketch']);
    expect(run.logs().map((m) => m.log.message)).toContain(
      `Stream "${OBJECT}": the saved state is for the created_at cursor, not last_value_set_at; this sync starts over without it (every row, from start_date if set) and saves a last_value_set_at cursor.`,
    );
  });

  it('a malformed change cursor in the state is a config_error of that stream', async () => {
    const run = await sync([changeState(OBJECT, 'last week')], onCursor([CHANGE], [OBJECT]));
    expect(run.exitCode).toBe(1);
    expect(run.errors()[0]?.trace.error).toMatchObject({
      failure_type: 'config_error',
      message: expect.stringContaining(`The state of stream "${OBJECT}" is not valid: "${CHANGE}" must be an ISO-8601 timestamp`),
    });
  });
});

describe('the cursor from the catalog', () => {
  it('is created_at when the catalog names none: per-page checkpoints, created_at state', async () => {
    const run = await sync(undefined, onCursor(undefined, [OBJECT]));
    expect(run.exitCode).toBe(0);
    expect(run.states(OBJECT).length).toBeGreaterThan(1);
    expect(run.states(OBJECT).at(-1)?.state.stream.stream_state.created_at).toBeDefined();
  });

  it('a cursor the stream does not support fails that stream with a config_error naming the field and the supported ones', async () => {
    const cat = onCursor(['name'], [OBJECT]);
    cat.streams.push({ ...onCursor([CHANGE], ['notes']).streams[0] });
    cat.streams.push({ ...onCursor(undefined, [LIST]).streams[0] });
    const run = await sync(undefined, cat);
    expect(run.exitCode).toBe(1);
    expect(run.statuses(OBJECT)).toEqual(['STARTED', 'INCOMPLETE']);
    expect(run.statuses('notes')).toEqual(['STARTED', 'INCOMPLETE']);
    expect(run.statuses(LIST).at(-1)).toBe('COMPLETE');
    const errors = run.errors().map((m) => m.trace.error);
    expect(errors.find((e) => e.stream_descriptor?.name === OBJECT)).toMatchObject({
      failure_type: 'config_error',
      message: `Stream "${OBJECT}" cannot use "name" as its cursor: its cursors are created_at (the default), last_value_set_at. Pick one of them as the stream's cursor in the connection settings.`,
    });
    expect(errors.find((e) => e.stream_descriptor?.name === 'notes')?.message).toBe(
      `Stream "notes" cannot use "last_value_set_at" as its cursor: its cursors are created_at (the default). Pick one of them as the stream's cursor in the connection settings.`,
    );
  });
});
