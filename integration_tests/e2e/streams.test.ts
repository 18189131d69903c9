// End to end: the built CLI against the Attio simulator. Every read endpoint is a stream; discover lists one
// per object and one per list besides the fixed ones; a full read returns exactly what the workspace holds,
// paging wherever Attio pages; incremental reads return nothing twice and exactly what was added; and stream
// names stay apart when a custom object, a list and a fixed stream share a slug.

import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXED_STREAMS as DECLARATIONS } from '../../src/streams/declarations.js';
import {
  discover,
  expectComplete,
  FIXED_STREAMS,
  historyColumns,
  historyRows,
  indexBy,
  lifted,
  type Row,
  rows,
  sorted,
  streamNames,
} from '../harness/e2e.js';
import { configuredCatalog, runConnector, stateFileFrom, type Message, type RunResult } from '../harness/run-connector.js';
import { configFor } from '../harness/simulated.js';
import type { ListSpec, ObjectSpec } from '../simulator/attribute-spec.js';
import { startSimulator, Workspace, type Simulator } from '../simulator/index.js';
import { filesAndViews } from './files-views-truth.js';
import { seedActivity, seedMembers } from '../simulator/seed-activity.js';
import { seedRecords } from '../simulator/seed-records.js';
import { SEEDED_LISTS, SEEDED_OBJECTS } from '../simulator/workspace-schema.js';

/** The activity streams the incremental test below adds items to. */
const INCREMENTAL_ACTIVITY = ['notes', 'tasks', 'threads', 'comments', 'meetings', 'call_recordings'];
/** Fixed streams are incremental on created_at exactly when they checkpoint (their declaration's policy). */
const INCREMENTAL_FIXED = DECLARATIONS.filter((d) => d.checkpoint !== 'none').map((d) => d.name);
const FULL_REFRESH_FIXED = DECLARATIONS.filter((d) => d.checkpoint === 'none').map((d) => d.name);

const column = (list: Row[], key: string): string[] => sorted(list.map((row) => row[key]));

/** The streams derived from the objects and lists: files of each object, history of each live status attribute. */
function derivedStreams(ws: Workspace): string[] {
  const names: string[] = [];
  for (const object of ws.objects()) {
    const slug = object.api_slug as string;
    names.push(`${slug}__files`);
    for (const a of ws.attributes('objects', slug).filter((a) => a.type === 'status')) names.push(`${slug}__${a.api_slug}_history`);
  }
  for (const list of ws.lists()) {
    for (const a of ws.attributes('lists', list.api_slug).filter((a) => a.type === 'status')) {
      names.push(`list_entries_${list.api_slug}__${a.api_slug}_history`);
    }
  }
  return names;
}

/** Current (visible) values of one attribute slug of a simulator record or entry. */
const active = (values: object, slug: string): Row[] => (values as Record<string, Row[] | undefined>)[slug] ?? [];

function strictAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allowUnionTypes: true });
  addFormats.default(ajv);
  return ajv;
}

/** Complete, and each stream also STARTED and ended on a STATE. */
function expectAllStreamsComplete(run: RunResult, names: string[]): void {
  expectComplete(run, names);
  for (const name of names) {
    expect({ name, statuses: run.statuses(name) }).toEqual({ name, statuses: expect.arrayContaining(['STARTED', 'COMPLETE']) });
    expect(run.states(name).length, `${name} ends on a STATE`).toBeGreaterThan(0);
  }
}

describe('a full read of every stream returns exactly what the workspace holds', () => {
  let sim: Simulator;
  let ws: Workspace;
  let catalog: Message;
  let run: RunResult;
  const readRequests: Record<string, number> = {};

  beforeAll(async () => {
    sim = await startSimulator();
    ws = sim.workspace;
    // 113 webhooks: more than Attio's default page (10) and more than its maximum page (100).
    for (let i = 0; i < 90; i++) {
      ws.addWebhook({
        target_url: `https://hooks.example.com/extra/${i}`,
        subscriptions: [{ event_type: i % 2 ? 'note.created' : 'task.updated', filter: null }],
        status: i % 3 === 0 ? 'inactive' : 'active',
      });
    }
    // The seeded files are on people, companies and deals only: one more on a record of every other object, so
    // that every files stream has a row to compare.
    for (const slug of ['users', 'workspaces', 'kitchen_sink', 'projects']) {
      const record = ws.records(slug)[3]!;
      filesAndViews(ws).addFile(slug, record.id.record_id, {
        file_type: 'file',
        name: `${slug}.pdf`,
        content_type: 'application/pdf',
        content_size: 1024,
      });
    }
    // One meeting with more recordings than a cursor page holds (200).
    for (let i = 0; i < 205; i++) ws.addCallRecording(ws.meetings()[100]!.id.meeting_id, { status: i % 2 ? 'completed' : 'failed' });
    catalog = (await discover(configFor(sim))).catalog;
    const before = { ...sim.stats.byRoute };
    // About 4,000 more requests than the record streams need (one per record for files and stage histories), at
    // the connector's highest rate (100/s): give the read a few minutes.
    run = await runConnector('read', { config: configFor(sim), catalog: configuredCatalog(catalog), timeoutMs: 240_000 });
    for (const [route, count] of Object.entries(sim.stats.byRoute)) readRequests[route] = count - (before[route] ?? 0);
  }, 300_000);
  afterAll(() => sim?.close());

  /** The stream's rows are exactly the simulator's items with their ids lifted, one row per item. */
  function expectLiftedItems(stream: string, key: string, items: object[]): void {
    expect(indexBy(rows(run, stream), key)).toEqual(indexBy(items.map(lifted), key));
    expect(rows(run, stream)).toHaveLength(items.length);
  }

  const rowOf = (stream: string, key: string, id: string): Row => rows(run, stream).find((row) => row[key] === id)!;

  /** Every object and list, as the connector's parent columns name them. */
  const parents = () => [
    ...ws.objects().map((o) => ({ target: 'objects' as const, kind: 'object', id: o.id.object_id, slug: o.api_slug as string })),
    ...ws.lists().map((l) => ({ target: 'lists' as const, kind: 'list', id: l.id.list_id, slug: l.api_slug })),
  ];

  /** An item of an object or list as the connector's row: ids lifted, Attio's id.object_id (also a list's id) as parent_id. */
  function underParent(item: object, parent: ReturnType<typeof parents>[number]): Row {
    const { object_id: parentId, ...rest } = lifted(item);
    expect(parentId).toBe(parent.id);
    return { ...rest, parent_kind: parent.kind, parent_id: parent.id, parent_slug: parent.slug };
  }

  it('discover offers every fixed stream, one stream per object (by slug) and one per list (list_entries_<slug>), and their derived streams', () => {
    const objectSlugs = ws.objects().map((o) => o.api_slug as string);
    const listSlugs = ws.lists().map((l) => l.api_slug);
    expect(objectSlugs).toEqual(['people', 'companies', 'deals', 'users', 'workspaces', 'kitchen_sink', 'projects']);
    expect(listSlugs).toEqual(['sales_pipeline', 'recruiting', 'watchlist']);
    expect(streamNames(catalog)).toEqual(
      sorted([...FIXED_STREAMS, ...objectSlugs, ...listSlugs.map((slug) => `list_entries_${slug}`), ...derivedStreams(ws)]),
    );
    expect(derivedStreams(ws).filter((n) => n.endsWith('_history'))).toEqual([
      'deals__stage_history',
      'kitchen_sink__status_history',
      'projects__phase_history',
      'list_entries_sales_pipeline__stage_history',
      'list_entries_recruiting__stage_history',
    ]);
    // Each derived stream comes right after the stream it is derived from.
    const order: string[] = catalog.streams.map((s: Message) => s.name);
    expect(order.slice(order.indexOf('deals'), order.indexOf('deals') + 3)).toEqual(['deals', 'deals__files', 'deals__stage_history']);

    const byName = indexBy(catalog.streams, 'name');
    for (const name of [...INCREMENTAL_FIXED, ...objectSlugs, ...listSlugs.map((s) => `list_entries_${s}`)]) {
      expect({ name, modes: byName.get(name)?.supported_sync_modes, cursor: byName.get(name)?.default_cursor_field }).toEqual({
        name,
        modes: ['full_refresh', 'incremental'],
        cursor: ['created_at'],
      });
    }
    // The other fixed streams (workspace, objects, lists, attributes, …) are full refresh only.
    expect(sorted([...INCREMENTAL_FIXED, ...FULL_REFRESH_FIXED])).toEqual(sorted([...FIXED_STREAMS]));
    expect(INCREMENTAL_ACTIVITY.filter((name) => !INCREMENTAL_FIXED.includes(name))).toEqual([]);
    for (const name of FULL_REFRESH_FIXED) {
      expect({ name, modes: byName.get(name)?.supported_sync_modes }).toEqual({ name, modes: ['full_refresh'] });
    }
    for (const name of derivedStreams(ws)) {
      expect({ name, modes: byName.get(name)?.supported_sync_modes, cursor: byName.get(name)?.default_cursor_field }).toEqual({
        name,
        modes: ['full_refresh', 'incremental'],
        cursor: [name.endsWith('_history') ? 'active_from' : 'created_at'],
      });
    }
    expect(byName.get('call_recording_transcripts')?.default_cursor_field).toEqual(['created_at']);
    const pk = (name: string) => byName.get(name)?.source_defined_primary_key;
    expect(pk('people')).toEqual([['record_id']]);
    expect(pk('list_entries_sales_pipeline')).toEqual([['entry_id']]);
    expect(pk('notes')).toEqual([['note_id']]);
    expect(pk('comments')).toEqual([['comment_id']]);
    expect(pk('call_recordings')).toEqual([['call_recording_id']]);
    expect(pk('select_options')).toEqual([['option_id']]);
    expect(pk('statuses')).toEqual([['status_id']]);
    expect(pk('attributes')).toEqual([['attribute_id']]);
    expect(pk('workspace')).toEqual([['workspace_id']]);
    expect(pk('deals__stage_history')).toEqual([['value_id']]);
    expect(pk('people__files')).toEqual([['file_id']]);
    expect(pk('views')).toEqual([['view_id']]);
    expect(pk('call_recording_transcripts')).toEqual([['call_recording_id']]);
  });

  it('every stream completes, with no error and no malformed line', () => {
    expectAllStreamsComplete(run, streamNames(catalog));
    const emitted = new Set(run.records().map((m) => m.record.stream as string));
    expect([...emitted].sort()).toEqual(streamNames(catalog));
  });

  it("every record validates against its stream's discovered schema (draft-07, strict integers) and declares every column", () => {
    const ajv = strictAjv();
    const validators = new Map<string, ValidateFunction>();
    const properties = new Map<string, Set<string>>();
    for (const stream of catalog.streams as Message[]) {
      validators.set(stream.name, ajv.compile(stream.json_schema));
      properties.set(stream.name, new Set(Object.keys(stream.json_schema.properties ?? {})));
    }
    const problems: string[] = [];
    for (const message of run.records()) {
      const { stream, data } = message.record as { stream: string; data: Row };
      const validate = validators.get(stream)!;
      if (!validate(data)) problems.push(`${stream}: ${ajv.errorsText(validate.errors)}`);
      for (const key of Object.keys(data)) if (!properties.get(stream)!.has(key)) problems.push(`${stream}: undeclared column "${key}"`);
      if (problems.length > 20) break;
    }
    expect(problems).toEqual([]);
    expect(run.records().length).toBeGreaterThan(4000);
  });

  it('object streams: exactly the records of each object, with their current values', () => {
    for (const object of ws.objects()) {
      const slug = object.api_slug as string;
      const got = rows(run, slug);
      const expected = ws.records(slug);
      expect({ slug, ids: column(got, 'record_id') }).toEqual({ slug, ids: sorted(expected.map((r) => r.id.record_id)) });
      expect(got.every((row) => row.object_id === object.id.object_id && row.workspace_id === ws.id)).toBe(true);
      const bySim = new Map(expected.map((r) => [r.id.record_id, r]));
      for (const row of got) {
        const record = bySim.get(row.record_id)!;
        expect(row.created_at).toBe(record.created_at);
        expect(row.web_url).toBe(record.web_url);
      }
    }
    expect(rows(run, 'people')).toHaveLength(1200);

    const people = indexBy(rows(run, 'people'), 'record_id');
    for (const record of ws.records('people')) {
      const row = people.get(record.id.record_id)!;
      const name = active(record.values, 'name')[0];
      expect(row.name?.full_name ?? null).toBe(name?.full_name ?? null);
      // Only active values: a superseded (historic) address never shows up.
      expect(sorted(row.email_addresses ?? [])).toEqual(sorted(active(record.values, 'email_addresses').map((v) => v.email_address)));
    }
    expect(rows(run, 'people').some((row) => JSON.stringify(row.email_addresses).includes('old-employer'))).toBe(false);

    const deals = indexBy(rows(run, 'deals'), 'record_id');
    for (const record of ws.records('deals')) {
      const row = deals.get(record.id.record_id)!;
      expect(row.stage).toBe(active(record.values, 'stage')[0]?.status.title);
      expect(row.name).toBe(active(record.values, 'name')[0]?.value);
      expect(row.associated_company?.target_record_id).toBe(active(record.values, 'associated_company')[0]?.target_record_id);
    }
    // An attribute whose slug is a metadata column keeps its value under a renamed column.
    const workspaces = indexBy(rows(run, 'workspaces'), 'record_id');
    for (const record of ws.records('workspaces')) {
      expect(workspaces.get(record.id.record_id)?.attribute_workspace_id).toBe(active(record.values, 'workspace_id')[0]?.value);
    }
  });

  it('list streams: exactly the entries of each list, with entry_id, parent_record_id, parent_object, created_at and typed entry values', () => {
    for (const list of ws.lists()) {
      const name = `list_entries_${list.api_slug}`;
      const got = indexBy(rows(run, name), 'entry_id');
      const expected = ws.entries(list.api_slug);
      expect({ name, ids: sorted([...got.keys()]), count: rows(run, name).length }).toEqual({
        name,
        ids: sorted(expected.map((e) => e.id.entry_id)),
        count: expected.length,
      });
      for (const entry of expected) {
        expect(got.get(entry.id.entry_id)).toMatchObject({
          entry_id: entry.id.entry_id,
          list_id: list.id.list_id,
          workspace_id: ws.id,
          parent_record_id: entry.parent_record_id,
          parent_object: list.parent_object[0],
          created_at: entry.created_at,
        });
      }
    }
    const pipeline = indexBy(rows(run, 'list_entries_sales_pipeline'), 'entry_id');
    for (const entry of ws.entries('sales_pipeline')) {
      const row = pipeline.get(entry.id.entry_id)!;
      const values = entry.entry_values;
      expect(row.stage).toBe(active(values, 'stage')[0]?.status.title);
      expect(row.priority ?? null).toBe(active(values, 'priority')[0]?.option.title ?? null);
      expect(row.next_step ?? null).toBe(active(values, 'next_step')[0]?.value ?? null);
      expect(row.deal_value ?? null).toBe(active(values, 'deal_value')[0]?.currency_value ?? null);
    }
    const recruiting = indexBy(rows(run, 'list_entries_recruiting'), 'entry_id');
    for (const entry of ws.entries('recruiting')) {
      expect(recruiting.get(entry.id.entry_id)?.role).toBe(active(entry.entry_values, 'role')[0]?.option.title);
    }
  });

  it('objects, lists and workspace_members: exactly the API items, ids lifted into columns', () => {
    expect(sorted(rows(run, 'objects').map((r) => JSON.stringify(r)))).toEqual(sorted(ws.objects().map((o) => JSON.stringify(lifted(o)))));
    expect(
      rows(run, 'objects')
        .map((r) => r.api_slug)
        .sort(),
    ).toEqual(
      ws
        .objects()
        .map((o) => o.api_slug)
        .sort(),
    );
    expectLiftedItems('lists', 'list_id', ws.lists());
    expect(rows(run, 'lists').find((l) => l.api_slug === 'recruiting')).toMatchObject({ name: 'Recruiting', parent_object: ['people'] });
    expectLiftedItems('workspace_members', 'workspace_member_id', ws.workspaceMembers());
    expect(rows(run, 'workspace_members')).toHaveLength(12);
    expect(rows(run, 'workspace_members').filter((m) => m.access_level === 'suspended')).toHaveLength(2);
  });

  it('attributes: every attribute of every object and every list (archived included), with its parent kind, id and slug', () => {
    const expected = parents().flatMap((parent) =>
      ws.attributes(parent.target, parent.slug, { showArchived: true }).map((a) => underParent(a, parent)),
    );
    expect(rows(run, 'attributes')).toHaveLength(expected.length);
    expect(indexBy(rows(run, 'attributes'), 'attribute_id')).toEqual(indexBy(expected, 'attribute_id'));
    expect(rows(run, 'attributes').every((a) => a.workspace_id === ws.id)).toBe(true);
    const legacy = rows(run, 'attributes').find((a) => a.api_slug === 'legacy_code');
    expect(legacy).toMatchObject({ parent_kind: 'object', parent_slug: 'kitchen_sink', is_archived: true });
    const listStage = rows(run, 'attributes')
      .filter((a) => a.api_slug === 'stage' && a.parent_kind === 'list')
      .map((a) => a.parent_slug);
    expect(listStage.sort()).toEqual(['recruiting', 'sales_pipeline']);
  });

  it('select_options and statuses: every option and status (archived included), titles joined to their attribute and parent', () => {
    const attributes = indexBy(rows(run, 'attributes'), 'attribute_id');
    for (const [stream, type, key, fetch] of [
      ['select_options', 'select', 'option_id', (t: 'objects' | 'lists', s: string, a: string) => ws.selectOptions(t, s, a)],
      ['statuses', 'status', 'status_id', (t: 'objects' | 'lists', s: string, a: string) => ws.statuses(t, s, a)],
    ] as const) {
      const expected: Row[] = [];
      for (const parent of parents()) {
        for (const attribute of ws.attributes(parent.target, parent.slug, { showArchived: true }).filter((a) => a.type === type)) {
          for (const item of fetch(parent.target, parent.slug, attribute.api_slug)) {
            expected.push({ ...underParent(item, parent), attribute_id: attribute.id.attribute_id, attribute_slug: attribute.api_slug });
          }
        }
      }
      const got = rows(run, stream);
      expect({ stream, count: got.length }).toEqual({ stream, count: expected.length });
      expect(indexBy(got, key)).toEqual(indexBy(expected, key));
      for (const row of got) {
        const attribute = attributes.get(row.attribute_id);
        expect(attribute).toMatchObject({ api_slug: row.attribute_slug, type, parent_id: row.parent_id, parent_slug: row.parent_slug });
      }
    }
    const stalled = rows(run, 'statuses').find((s) => s.title === 'Stalled');
    expect(stalled).toMatchObject({ attribute_slug: 'stage', parent_kind: 'object', parent_slug: 'deals', is_archived: true });
    const priorities = rows(run, 'select_options').filter((o) => o.parent_slug === 'sales_pipeline' && o.attribute_slug === 'priority');
    expect(priorities.map((o) => o.title).sort()).toEqual(['High', 'Low', 'Medium', 'Urgent']);
    const won = rows(run, 'statuses').find((s) => s.title === 'Won 🎉');
    expect(won).toMatchObject({ parent_slug: 'deals', celebration_enabled: true });
    expect(rows(run, 'statuses').find((s) => s.title === 'In Progress')?.target_time_in_status).toBe('P14D');
  });

  it('notes: all 137, more than one page of 50, each exactly as Attio returns it', () => {
    const notes = ws.notes();
    expect(notes).toHaveLength(137);
    expectLiftedItems('notes', 'note_id', notes);
    const sample = notes[30]!;
    expect(rowOf('notes', 'note_id', sample.id.note_id)).toMatchObject({
      title: sample.title,
      content_plaintext: sample.content_plaintext,
      content_markdown: sample.content_markdown,
      parent_object: sample.parent_object,
      parent_record_id: sample.parent_record_id,
      tags: sample.tags,
    });
    expect(readRequests['GET /v2/notes']).toBeGreaterThanOrEqual(3);
  });

  it('tasks: all 620 with assignees and linked records', () => {
    const tasks = ws.tasks();
    expect(tasks).toHaveLength(620);
    expectLiftedItems('tasks', 'task_id', tasks);
    const withBoth = tasks.find((t) => t.assignees.length === 2 && t.linked_records.length === 2)!;
    const row = rowOf('tasks', 'task_id', withBoth.id.task_id);
    expect(row.assignees).toEqual(withBoth.assignees);
    expect(row.linked_records).toEqual(withBoth.linked_records);
    expect(row.content_plaintext).toBe(withBoth.content_plaintext);
  });

  it('threads and comments: every thread, and every comment of every thread with its thread_id', () => {
    const threads = ws.threads();
    const gotThreads = indexBy(rows(run, 'threads'), 'thread_id');
    expect(rows(run, 'threads')).toHaveLength(64);
    expect(sorted([...gotThreads.keys()])).toEqual(sorted(threads.map((t) => t.id.thread_id)));
    for (const thread of threads) {
      const first = thread.comments[0]!;
      expect(gotThreads.get(thread.id.thread_id)).toMatchObject({
        created_at: thread.created_at,
        comment_count: thread.comments.length,
        record: first.record,
        entry: first.entry,
      });
    }
    const comments = ws.comments();
    expect(comments.length).toBeGreaterThan(64);
    expectLiftedItems('comments', 'comment_id', comments);
    const reply = comments.find((c) => c.content_plaintext.startsWith('Reply 3'))!;
    const row = rowOf('comments', 'comment_id', reply.id.comment_id);
    expect(row.thread_id).toBe(reply.thread_id);
    expect(gotThreads.get(row.thread_id)?.comment_count).toBe(4);
    // 64 threads are two pages of 50, read once for threads and once for comments.
    expect(readRequests['GET /v2/threads']).toBeGreaterThanOrEqual(4);
  });

  it('meetings and call_recordings: cursor paginated, every meeting with its participants, every recording with its meeting_id', () => {
    const meetings = ws.meetings();
    expect(meetings).toHaveLength(230);
    expectLiftedItems('meetings', 'meeting_id', meetings);
    const big = meetings.find((m) => m.participants.length === 4 && m.linked_records.length === 2)!;
    const row = rowOf('meetings', 'meeting_id', big.id.meeting_id);
    expect(row.participants).toEqual(big.participants);
    expect(row.linked_records).toEqual(big.linked_records);
    expect(row.start).toEqual(big.start);

    const recordings = ws.callRecordings();
    expect(recordings.length).toBeGreaterThan(100);
    expectLiftedItems('call_recordings', 'call_recording_id', recordings);
    const meetingIds = new Set(meetings.map((m) => m.id.meeting_id));
    expect(rows(run, 'call_recordings').every((r) => meetingIds.has(r.meeting_id))).toBe(true);
    const threeOfOne = recordings.filter((r) => r.id.meeting_id === meetings[3]!.id.meeting_id);
    expect(threeOfOne).toHaveLength(3);
    expect(rows(run, 'call_recordings').filter((r) => r.meeting_id === meetings[3]!.id.meeting_id)).toHaveLength(3);
    // 230 meetings need two cursor pages of at most 200, for each of the two streams that list them.
    expect(readRequests['GET /v2/meetings']).toBeGreaterThanOrEqual(4);
    expect(rows(run, 'call_recordings').filter((r) => r.meeting_id === meetings[100]!.id.meeting_id).length).toBeGreaterThan(200);
    // One listing per meeting, and a second cursor page for the meeting with 205 recordings, for each of the two
    // streams that list them (call_recordings, call_recording_transcripts), and the transcripts' probe.
    expect(readRequests['GET /v2/meetings/{meeting_id}/call_recordings']).toBe(2 * 231 + 1);
  });

  it('webhooks: all 113 (past the default page of 10 and the maximum page of 100), with their subscriptions', () => {
    const webhooks = ws.webhooks();
    expect(webhooks).toHaveLength(113);
    expectLiftedItems('webhooks', 'webhook_id', webhooks);
    const filtered = webhooks.find((w) => w.subscriptions.length === 3)!;
    expect(rowOf('webhooks', 'webhook_id', filtered.id.webhook_id).subscriptions).toEqual(filtered.subscriptions);
    expect(readRequests['GET /v2/webhooks']).toBeGreaterThanOrEqual(2);
  });

  it('history streams: every value every record and entry ever held, for every status attribute, as the simulator holds them', () => {
    const historyOf = (values: Record<string, Row[] | undefined>, slug: string, id: string, idColumn: string) =>
      historyRows(id, idColumn, values[slug] ?? [], (e) => e.status.title);
    for (const name of derivedStreams(ws).filter((n) => n.endsWith('_history'))) {
      const [parent = '', rest = ''] = name.split('__');
      const slug = rest.replace(/_history$/, '');
      const expected = parent.startsWith('list_entries_')
        ? ws
            .entries(parent.slice('list_entries_'.length), { includeHistoric: true })
            .flatMap((e) => historyOf(e.entry_values as Record<string, Row[]>, slug, e.id.entry_id, 'entry_id'))
        : ws
            .records(parent, { includeHistoric: true })
            .flatMap((r) => historyOf(r.values as Record<string, Row[]>, slug, r.id.record_id, 'record_id'));
      const idColumn = parent.startsWith('list_entries_') ? 'entry_id' : 'record_id';
      expect({ name, count: rows(run, name).length }).toEqual({ name, count: expected.length });
      expect(historyColumns(rows(run, name), idColumn)).toEqual(historyColumns(expected, idColumn));
      expect(new Set(rows(run, name).map((r) => r.value_id)).size).toBe(expected.length);
    }
    // One history request per record or entry of each of them.
    const perRecord = ['deals', 'kitchen_sink', 'projects'].reduce((sum, o) => sum + ws.recordCount(o), 0);
    expect(readRequests['GET /v2/objects/{object}/records/{record_id}/attributes/{attribute}/values']).toBe(perRecord);
    expect(readRequests['GET /v2/lists/{list}/entries/{entry_id}/attributes/{attribute}/values']).toBe(
      ws.entries('sales_pipeline').length + ws.entries('recruiting').length,
    );
  });

  it('files streams: every file entry of every record of each object, ids lifted', () => {
    const store = filesAndViews(ws);
    for (const object of ws.objects()) {
      const slug = object.api_slug as string;
      const expected = store.allFiles(slug).map(lifted);
      expect({ slug, count: rows(run, `${slug}__files`).length }).toEqual({ slug, count: expected.length });
      expect(indexBy(rows(run, `${slug}__files`), 'file_id')).toEqual(indexBy(expected, 'file_id'));
    }
  });

  it('views: every live view of every object and list', () => {
    const store = filesAndViews(ws);
    const expected = [
      ...ws
        .objects()
        .flatMap((o) =>
          store.viewsOf('objects', o.api_slug as string).map((v) => ({ id: v.id.view_id, parent: o.id.object_id, title: v.title })),
        ),
      ...ws
        .lists()
        .flatMap((l) => store.viewsOf('lists', l.api_slug).map((v) => ({ id: v.id.view_id, parent: l.id.list_id, title: v.title }))),
    ];
    const got = rows(run, 'views').map((v) => ({ id: v.view_id, parent: v.parent_id, title: v.title }));
    expect(indexBy(got, 'id')).toEqual(indexBy(expected, 'id'));
    expect(got).toHaveLength(expected.length);
  });

  it('call_recording_transcripts: one row per completed recording, its segments as the simulator holds them', () => {
    const completed = ws.callRecordings().filter((r) => r.status === 'completed');
    const got = indexBy(rows(run, 'call_recording_transcripts'), 'call_recording_id');
    expect(got.size).toBe(completed.length);
    for (const recording of completed) {
      const segments = ws.transcript(recording.id.call_recording_id) ?? [];
      expect(got.get(recording.id.call_recording_id)?.segments).toEqual(
        segments.map((s) => ({ speaker: s.speaker.name, start_time: s.start_time, end_time: s.end_time, speech: s.speech })),
      );
    }
  });

  it("workspace: one row with the workspace id, name and slug, and none of the token's own fields", () => {
    const got = rows(run, 'workspace');
    expect(got).toHaveLength(1);
    const row = got[0]!;
    expect(row).toMatchObject({ workspace_id: ws.id, workspace_name: 'Simulated Co', workspace_slug: 'simulated-co' });
    for (const key of [
      'client_id',
      'scope',
      'sub',
      'aud',
      'iss',
      'authorized_by_workspace_member_id',
      'token_type',
      'exp',
      'iat',
      'active',
    ]) {
      expect(Object.keys(row)).not.toContain(key);
    }
    const admin = ws.workspaceMembers().find((m) => m.access_level === 'admin')!;
    const text = JSON.stringify(row);
    expect(text).not.toContain(ws.apiTokenActor.id as string);
    expect(text).not.toContain(admin.id.workspace_member_id);
    expect(text).not.toContain('note:read');
  });
});

/** The seeded workspace's objects and lists with fewer rows, so that three reads stay quick. */
function smallSeededWorkspace(): Workspace {
  const ws = new Workspace({ seed: 777 });
  const members = seedMembers(ws, 6);
  SEEDED_OBJECTS.forEach((spec, i) => ws.defineObject(spec, `2022-11-0${i + 1}T09:00:00.123456789Z`));
  SEEDED_LISTS.forEach((spec, i) => ws.defineList(spec, `2023-0${i + 1}-01T10:00:00.500000000Z`, ws.apiTokenActor));
  const actors = members.map((m) => ({ id: m.id.workspace_member_id, type: 'workspace-member' }));
  seedRecords(ws, actors, {
    companies: 60,
    people: 120,
    deals: 20,
    users: 5,
    workspaces: 3,
    kitchen_sink: 12,
    projects: 8,
    sales_pipeline: 30,
    recruiting: 20,
    watchlist: 12,
  });
  seedActivity(ws, members, { members: 6, notes: 75, tasks: 90, threads: 12, meetings: 25, webhooks: 3 });
  return ws;
}

describe('incremental reads of the activity streams', () => {
  const STREAMS = [...INCREMENTAL_ACTIVITY, 'projects', 'list_entries_watchlist'];
  let sim: Simulator;
  let ws: Workspace;
  let catalog: Message;
  let first: RunResult;
  let second: RunResult;
  let third: RunResult;
  const added: Record<string, string[]> = {};

  beforeAll(async () => {
    sim = await startSimulator({ workspace: smallSeededWorkspace() });
    ws = sim.workspace;
    expect(ws.notes().length).toBeGreaterThan(50);
    const { catalog: discovered } = await discover(configFor(sim));
    catalog = configuredCatalog(discovered, (name) => STREAMS.includes(name), 'incremental');
    first = await runConnector('read', { config: configFor(sim), catalog });
    second = await runConnector('read', { config: configFor(sim), catalog, state: stateFileFrom(first.messages) });

    const person = ws.records('people')[5]!;
    const company = ws.records('companies')[7]!;
    const member = ws.workspaceMembers()[1]!;
    const oldMeeting = ws.meetings()[10]!;
    const note = ws.addNote({
      parent_object: 'people',
      parent_record_id: person.id.record_id,
      title: 'Fresh note',
      content_plaintext: 'after the first sync',
    });
    const task = ws.addTask({
      content_plaintext: 'Fresh task',
      assignees: [{ referenced_actor_type: 'workspace-member', referenced_actor_id: member.id.workspace_member_id }],
      linked_records: [{ target_object_id: company.id.object_id, target_record_id: company.id.record_id }],
    });
    const thread = ws.addThread({
      record: { object: 'people', record_id: person.id.record_id },
      comments: [{ content_plaintext: 'New question' }, { content_plaintext: 'New answer' }],
    });
    const oldThread = ws.threads()[0]!;
    const lateReply = ws.addComment(oldThread.id.thread_id, { content_plaintext: 'A late reply in an old thread' });
    const meeting = ws.addMeeting({
      title: 'Fresh meeting',
      description: 'added after the first sync',
      is_all_day: false,
      start: { datetime: '2025-01-01T10:00:00Z', timezone: null },
      end: { datetime: '2025-01-01T11:00:00Z', timezone: null },
      participants: [{ status: 'accepted', is_organizer: true, email_address: member.email_address, name: null }],
      linked_records: [],
    });
    // Items created at exactly the checkpoint's instant, but not delivered yet: `>=` plus the ids keeps them.
    const lastNoteAt = ws
      .notes()
      .map((n) => n.created_at)
      .sort()
      .at(-2)!; // before the fresh note
    const tiedNote = ws.addNote({
      parent_object: 'companies',
      parent_record_id: company.id.record_id,
      title: 'Tied note',
      content_plaintext: 'same instant',
      created_at: lastNoteAt,
    });
    const lastTaskAt = ws
      .tasks()
      .map((t) => t.created_at)
      .sort()
      .at(-2)!; // before the fresh task
    const tiedTask = ws.addTask({ content_plaintext: 'Tied task', created_at: lastTaskAt });
    const onNew = ws.addCallRecording(meeting.id.meeting_id);
    const onOld = ws.addCallRecording(oldMeeting.id.meeting_id, { status: 'processing' });
    const project = ws.addRecord('projects', { values: { name: 'Project Fresh' } });
    const watched = ws.addEntry('watchlist', { parent_record_id: person.id.record_id });
    added.notes = [note.id.note_id, tiedNote.id.note_id];
    added.tasks = [task.id.task_id, tiedTask.id.task_id];
    added.threads = [thread.id.thread_id];
    added.comments = [...thread.comments.map((c) => c.id.comment_id), lateReply.id.comment_id];
    added.meetings = [meeting.id.meeting_id];
    added.call_recordings = [onNew.id.call_recording_id, onOld.id.call_recording_id];
    added.projects = [project.id.record_id];
    added.list_entries_watchlist = [watched.id.entry_id];
    third = await runConnector('read', { config: configFor(sim), catalog, state: stateFileFrom(second.messages) });
  }, 60_000);
  afterAll(() => sim?.close());

  it('the catalog reads every one of these streams incrementally on created_at', () => {
    expect(catalog.streams.map((s: Message) => [s.stream.name, s.sync_mode, s.cursor_field]).sort()).toEqual(
      STREAMS.map((name) => [name, 'incremental', ['created_at']]).sort(),
    );
  });

  it('the first read returns everything and ends each stream on a created_at checkpoint', () => {
    expectAllStreamsComplete(first, STREAMS);
    expect(rows(first, 'notes')).toHaveLength(75);
    expect(rows(first, 'tasks')).toHaveLength(90);
    expect(rows(first, 'comments')).toHaveLength(ws.comments().length - 3);
    expect(rows(first, 'meetings')).toHaveLength(25);
    expect(rows(first, 'call_recordings')).toHaveLength(ws.callRecordings().length - 2);
    const maxCreated = (list: { created_at: string }[]) =>
      list
        .map((x) => x.created_at)
        .sort()
        .at(-1);
    // ws.notes() lists in insertion order: the first 75 are the ones the first read saw.
    expect(first.states('notes').at(-1)?.state.stream.stream_state.created_at).toBe(maxCreated(ws.notes().slice(0, 75)));
    expect(first.states('tasks').at(-1)?.state.stream.stream_state.created_at).toBe(maxCreated(ws.tasks().slice(0, 90)));
    for (const name of STREAMS) {
      const state = first.states(name).at(-1)?.state.stream.stream_state;
      expect({ name, created_at: typeof state?.created_at }).toEqual({ name, created_at: 'string' });
      expect(state?.ids_at_created_at?.length ?? 0).toBeGreaterThan(0);
    }
  });

  it("a second read with the first read's states returns no record at all", () => {
    expectAllStreamsComplete(second, STREAMS);
    expect(second.records().map((m) => `${m.record.stream}:${JSON.stringify(m.record.data).slice(0, 80)}`)).toEqual([]);
    for (const name of STREAMS) {
      expect(second.states(name).at(-1)?.state.stream.stream_state).toEqual(first.states(name).at(-1)?.state.stream.stream_state);
    }
  });

  it('after items are added, the next read returns exactly the new ones', () => {
    expectAllStreamsComplete(third, STREAMS);
    const keys: Record<string, string> = {
      notes: 'note_id',
      tasks: 'task_id',
      threads: 'thread_id',
      comments: 'comment_id',
      meetings: 'meeting_id',
      call_recordings: 'call_recording_id',
      projects: 'record_id',
      list_entries_watchlist: 'entry_id',
    };
    // The old thread with the late reply changed (its comment_count): the row sketch sends it again.
    const changed: Record<string, string[]> = { threads: [ws.threads()[0]!.id.thread_id] };
    for (const name of STREAMS) {
      expect({ name, ids: column(rows(third, name), keys[name]!) }).toEqual({
        name,
        ids: sorted([...added[name]!, ...(changed[name] ?? [])]),
      });
    }
    expect(
      rows(third, 'notes')
        .map((n) => n.title)
        .sort(),
    ).toEqual(['Fresh note', 'Tied note']);
    expect(
      rows(third, 'tasks')
        .map((t) => t.content_plaintext)
        .sort(),
    ).toEqual(['Fresh task', 'Tied task']);
    // The late reply is new although its thread is not: the thread keeps its created_at.
    expect(
      rows(third, 'comments')
        .map((c) => c.thread_id)
        .sort(),
    ).toEqual(sorted([added.threads![0], added.threads![0], ws.threads()[0]!.id.thread_id]));
    expect(rows(third, 'comments').find((c) => c.comment_id === added.comments![2])?.content_plaintext).toBe(
      'A late reply in an old thread',
    );
    expect(rows(third, 'tasks').find((t) => t.content_plaintext === 'Fresh task')?.assignees).toHaveLength(1);
    expect(
      rows(third, 'call_recordings')
        .map((r) => r.status)
        .sort(),
    ).toEqual(['completed', 'processing']);
    expect(rows(third, 'projects')[0]?.name).toBe('Project Fresh');
    // The checkpoint moved to the newest item.
    const notesState = third.states('notes').at(-1)?.state.stream.stream_state;
    expect(notesState?.ids_at_created_at).toEqual([added.notes![0]]);
  });
});

describe('stream names when a custom object, a list and a fixed stream share a slug', () => {
  const text = (slug: string) => ({ slug, title: slug, type: 'text' as const });
  const OBJECTS: ObjectSpec[] = [
    { slug: 'people', singular: 'Person', plural: 'People', attributes: [text('name')] },
    { slug: 'notes', singular: 'Note', plural: 'Notes', attributes: [text('headline')] },
    { slug: 'list_entries_x', singular: 'Thing', plural: 'Things', attributes: [text('label')] },
    { slug: 'object_notes', singular: 'Object note', plural: 'Object notes', attributes: [text('label')] },
  ];
  const LISTS: ListSpec[] = [
    {
      slug: 'people',
      name: 'People list',
      parentObject: 'people',
      attributes: [{ slug: 'stage', title: 'Stage', type: 'status', statuses: ['Todo', 'Done'] }],
    },
    { slug: 'x', name: 'X', parentObject: 'notes', attributes: [{ slug: 'flag', title: 'Flag', type: 'checkbox' }] },
    { slug: 'notes', name: 'Notes list', parentObject: 'people', attributes: [] },
  ];
  const EXPECTED_NAMES: Record<string, { kind: 'object' | 'list'; slug: string }> = {
    people: { kind: 'object', slug: 'people' },
    object_notes: { kind: 'object', slug: 'notes' },
    object_list_entries_x: { kind: 'object', slug: 'list_entries_x' },
    object_object_notes: { kind: 'object', slug: 'object_notes' },
    list_entries_people: { kind: 'list', slug: 'people' },
    list_entries_x: { kind: 'list', slug: 'x' },
    list_entries_notes: { kind: 'list', slug: 'notes' },
  };
  /** The files stream of each object, and the history of the list "people"'s status attribute. */
  const DERIVED = [
    'people__files',
    'object_notes__files',
    'object_list_entries_x__files',
    'object_object_notes__files',
    'list_entries_people__stage_history',
  ];
  let sim: Simulator;
  let ws: Workspace;
  let catalog: Message;
  let run: RunResult;

  beforeAll(async () => {
    ws = new Workspace({ seed: 4242, name: 'Clash Ltd', slug: 'clash' });
    ws.addWorkspaceMember({
      first_name: 'Ann',
      last_name: 'Admin',
      avatar_url: null,
      email_address: 'ann@clash.example',
      access_level: 'admin',
    });
    OBJECTS.forEach((spec, i) => ws.defineObject(spec, `2023-01-0${i + 1}T00:00:00.000000000Z`));
    LISTS.forEach((spec, i) => ws.defineList(spec, `2023-02-0${i + 1}T00:00:00.000000000Z`, ws.apiTokenActor));
    for (let i = 0; i < 6; i++) ws.addRecord('people', { values: { name: `Person ${i}` } });
    for (let i = 0; i < 4; i++) ws.addRecord('notes', { values: { headline: `Custom note record ${i}` } });
    for (let i = 0; i < 3; i++) ws.addRecord('list_entries_x', { values: { label: `Thing ${i}` } });
    for (let i = 0; i < 2; i++) ws.addRecord('object_notes', { values: { label: `Object note ${i}` } });
    const people = ws.records('people');
    const customNotes = ws.records('notes');
    for (let i = 0; i < 5; i++)
      ws.addEntry('people', { parent_record_id: people[i]!.id.record_id, entry_values: { stage: i % 2 ? 'Done' : 'Todo' } });
    for (let i = 0; i < 3; i++) ws.addEntry('x', { parent_record_id: customNotes[i]!.id.record_id, entry_values: { flag: i === 1 } });
    for (let i = 0; i < 2; i++) ws.addEntry('notes', { parent_record_id: people[i + 3]!.id.record_id });
    for (let i = 0; i < 3; i++) {
      ws.addNote({
        parent_object: 'people',
        parent_record_id: people[i]!.id.record_id,
        title: `Fixed-stream note ${i}`,
        content_plaintext: `body ${i}`,
      });
    }
    sim = await startSimulator({ workspace: ws });
    catalog = (await discover(configFor(sim))).catalog;
    run = await runConnector('read', { config: configFor(sim), catalog: configuredCatalog(catalog) });
  }, 60_000);
  afterAll(() => sim?.close());

  it('discover names every object, list and fixed stream apart, with no duplicate', () => {
    const names = catalog.streams.map((s: Message) => s.name as string);
    expect(new Set(names).size).toBe(names.length);
    expect(sorted(names)).toEqual(sorted([...FIXED_STREAMS, ...Object.keys(EXPECTED_NAMES), ...DERIVED]));
  });

  it('reading each stream returns the data of the object or list it names', () => {
    expectAllStreamsComplete(run, streamNames(catalog));
    for (const [name, { kind, slug }] of Object.entries(EXPECTED_NAMES)) {
      if (kind === 'object') {
        const object = ws.findObject(slug)!.object;
        const got = rows(run, name);
        expect({ name, ids: column(got, 'record_id') }).toEqual({ name, ids: sorted(ws.records(slug).map((r) => r.id.record_id)) });
        expect(got.every((r) => r.object_id === object.id.object_id)).toBe(true);
      } else {
        const list = ws.findList(slug)!.list;
        const got = rows(run, name);
        expect({ name, ids: column(got, 'entry_id') }).toEqual({ name, ids: sorted(ws.entries(slug).map((e) => e.id.entry_id)) });
        expect(got.every((e) => e.list_id === list.id.list_id && e.parent_object === list.parent_object[0])).toBe(true);
      }
    }
    expect(
      rows(run, 'object_notes')
        .map((r) => r.headline)
        .sort(),
    ).toEqual([0, 1, 2, 3].map((i) => `Custom note record ${i}`));
    expect(
      rows(run, 'object_list_entries_x')
        .map((r) => r.label)
        .sort(),
    ).toEqual(['Thing 0', 'Thing 1', 'Thing 2']);
    expect(
      rows(run, 'list_entries_x')
        .map((e) => e.flag)
        .sort(),
    ).toEqual([false, false, true]);
    expect(
      rows(run, 'list_entries_people')
        .map((e) => e.stage)
        .sort(),
    ).toEqual(['Done', 'Done', 'Todo', 'Todo', 'Todo']);
    // The fixed notes stream is Attio's notes, not the custom object's records.
    expect(
      rows(run, 'notes')
        .map((n) => n.title)
        .sort(),
    ).toEqual(['Fixed-stream note 0', 'Fixed-stream note 1', 'Fixed-stream note 2']);
    expect(column(rows(run, 'notes'), 'note_id')).toEqual(sorted(ws.notes().map((n) => n.id.note_id)));
    expect(
      rows(run, 'people')
        .map((r) => r.name)
        .sort(),
    ).toEqual([0, 1, 2, 3, 4, 5].map((i) => `Person ${i}`));
    // The attributes stream tells the object "notes" and the list "notes" apart by parent kind.
    const attributeParents = new Set(rows(run, 'attributes').map((a) => `${a.parent_kind}:${a.parent_slug}`));
    expect([...attributeParents].sort()).toEqual(
      sorted([...OBJECTS.map((o) => `object:${o.slug}`), ...LISTS.map((l) => `list:${l.slug}`)]),
    );
  });

  it('adding another colliding object later renames no existing stream', async () => {
    ws.defineObject({ slug: 'lists', singular: 'Lst', plural: 'Lsts', attributes: [text('label')] }, '2024-01-01T00:00:00.000000000Z');
    ws.defineList(
      { slug: 'object_notes', name: 'Odd', parentObject: 'people', attributes: [] },
      '2024-01-02T00:00:00.000000000Z',
      ws.apiTokenActor,
    );
    ws.addRecord('lists', { values: { label: 'a custom "lists" record' } });
    const { catalog: again } = await discover(configFor(sim));
    expect(streamNames(again)).toEqual(
      sorted([...streamNames(catalog), 'object_lists', 'object_lists__files', 'list_entries_object_notes']),
    );
    const read = await runConnector('read', {
      config: configFor(sim),
      catalog: configuredCatalog(again, (name) =>
        ['lists', 'object_lists', 'list_entries_object_notes', 'object_object_notes'].includes(name),
      ),
    });
    expectAllStreamsComplete(read, ['lists', 'object_lists', 'list_entries_object_notes', 'object_object_notes']);
    expect(rows(read, 'object_lists').map((r) => r.label)).toEqual(['a custom "lists" record']);
    expect(
      rows(read, 'lists')
        .map((l) => l.api_slug)
        .sort(),
    ).toEqual(['notes', 'object_notes', 'people', 'x']);
    expect(rows(read, 'list_entries_object_notes')).toEqual([]);
    expect(rows(read, 'object_object_notes')).toHaveLength(2);
  });
});
