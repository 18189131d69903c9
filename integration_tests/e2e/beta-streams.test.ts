// End to end: call recording transcripts, files and views against the simulator. Each equals what the simulator
// holds; transcripts and files are incremental on created_at (transcripts asked for only for recordings not yet
// delivered, a recording still processing read again next time; with the row sketch, every transcript, and a
// replaced or deleted one sent); files page past 200 per record, listed per
// object where Attio accepts a listing without record_id and per record where it answers 400; and a beta
// endpoint that answers 404 or 403 is a logged skip at discovery and at read, never a failure. The connector runs in
// process (harness/in-process.ts).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover, expectComplete, indexBy, lifted, type Row, rows, streamNames } from '../harness/e2e.js';
import { runInProcess } from '../harness/in-process.js';
import { configuredCatalog, stateFileFrom, type Message, type RunResult } from '../harness/run-connector.js';
import { configFor } from '../harness/simulated.js';
import { startSimulator, type Simulator } from '../simulator/index.js';
import { filesAndViews } from './files-views-truth.js';

const TRANSCRIPT_ROUTE = 'GET /v2/meetings/{meeting_id}/call_recordings/{call_recording_id}/transcript';
const FILES_ROUTE = 'GET /v2/files';

function counted(sim: Simulator, route: string): () => number {
  const before = sim.stats.byRoute[route] ?? 0;
  return () => (sim.stats.byRoute[route] ?? 0) - before;
}

describe('call recording transcripts', () => {
  let sim: Simulator;
  let config: Record<string, unknown>;
  let catalog: Message;
  let first: RunResult;
  let second: RunResult;
  let third: RunResult;
  const transcriptRequests: number[] = [];
  let fresh = '';
  let processing = '';

  beforeAll(async () => {
    sim = await startSimulator();
    config = configFor(sim);
    // Without _ab_cdc_deleted_at selected: no row sketch, so only new recordings' transcripts are asked for.
    catalog = withoutColumn(
      configuredCatalog((await discover(config)).catalog, (name) => name === 'call_recording_transcripts', 'incremental'),
      '_ab_cdc_deleted_at',
    );
    const read = async (state?: unknown) => {
      const requests = counted(sim, TRANSCRIPT_ROUTE);
      const run = await runInProcess('read', { config, catalog, ...(state ? { state } : {}) });
      transcriptRequests.push(requests());
      return run;
    };
    first = await read();
    const meeting = sim.workspace.meetings()[7]!.id.meeting_id;
    // Longer than one page of segments (the simulator's page is 20).
    const segments = Array.from({ length: 45 }, (_, k) => ({
      speech: `line ${k}`,
      start_time: k,
      end_time: k + 0.5,
      speaker: { name: k % 2 ? 'Ada' : 'Grace' },
    }));
    processing = sim.workspace.addCallRecording(meeting, { status: 'processing', transcript: segments.slice(0, 3) }).id.call_recording_id;
    fresh = sim.workspace.addCallRecording(meeting, { status: 'completed', transcript: segments }).id.call_recording_id;
    second = await read(stateFileFrom(first.messages));
    third = await read(stateFileFrom(second.messages));
  }, 120_000);
  afterAll(() => sim?.close());

  it('the first read has one row per completed recording, with every segment and the raw transcript, as the simulator holds them', () => {
    expectComplete(first, ['call_recording_transcripts']);
    const ws = sim.workspace;
    const completed = ws.callRecordings().filter((r) => r.status === 'completed' && r.id.call_recording_id !== fresh);
    const got = indexBy(rows(first, 'call_recording_transcripts'), 'call_recording_id');
    expect(got.size).toBe(completed.length);
    expect(rows(first, 'call_recording_transcripts')).toHaveLength(completed.length);
    for (const recording of completed) {
      const segments = ws.transcript(recording.id.call_recording_id)!;
      const row = got.get(recording.id.call_recording_id)!;
      expect(row).toMatchObject({
        meeting_id: recording.id.meeting_id,
        workspace_id: ws.id,
        created_at: recording.created_at,
        segment_count: segments.length,
        web_url: `${recording.web_url}/transcript`,
      });
      expect(row.segments).toEqual(
        segments.map((s) => ({ speaker: s.speaker.name, start_time: s.start_time, end_time: s.end_time, speech: s.speech })),
      );
      expect(row.raw_transcript.split('\n')).toHaveLength(segments.length);
    }
    // One request per page of segments of each completed recording; none for processing or failed ones.
    const pages = completed.reduce((sum, r) => sum + Math.max(1, Math.ceil(ws.transcript(r.id.call_recording_id)!.length / 20)), 0);
    expect(transcriptRequests[0]).toBe(pages);
  });

  it('the next read asks only for the new recordings; one still processing holds the cursor back for the one after', () => {
    expectComplete(second, ['call_recording_transcripts']);
    expect(rows(second, 'call_recording_transcripts').map((r) => r.call_recording_id)).toEqual([fresh]);
    const row = rows(second, 'call_recording_transcripts')[0]!;
    expect(row.segments).toHaveLength(45);
    expect(row.segments[44]).toEqual({ speaker: 'Grace', start_time: 44, end_time: 44.5, speech: 'line 44' });
    // 45 segments are three pages; the processing recording is not asked for.
    expect(transcriptRequests[1]).toBe(3);
    const processingAt = sim.workspace.callRecordings().find((r) => r.id.call_recording_id === processing)!.created_at;
    expect(second.states('call_recording_transcripts').at(-1)?.state.stream.stream_state).toEqual({
      created_at: processingAt,
      ids_at_created_at: [],
    });
    // So the third read looks at the processing recording again, and sends the one after it once more.
    expect(rows(third, 'call_recording_transcripts').map((r) => r.call_recording_id)).toEqual([fresh]);
    expect(transcriptRequests[2]).toBe(3);
  });
});

describe('call recording transcripts with the row sketch', () => {
  let sim: Simulator;
  let config: Record<string, unknown>;
  let catalog: Message;

  beforeAll(async () => {
    sim = await startSimulator();
    config = configFor(sim);
    catalog = configuredCatalog((await discover(config)).catalog, (name) => name === 'call_recording_transcripts', 'incremental');
  }, 60_000);
  afterAll(() => sim?.close());

  it('every transcript is asked for every sync; a replaced one comes again, a deleted one as a tombstone, nothing else', async () => {
    const ws = sim.workspace;
    const first = await runInProcess('read', { config, catalog });
    expectComplete(first, ['call_recording_transcripts']);
    const completed = ws
      .callRecordings()
      .filter((r) => r.status === 'completed' && (ws.transcript(r.id.call_recording_id) ?? []).length > 0);
    const [changed, deleted] = [completed[0]!, completed[1]!];
    const segments = ws.transcript(changed.id.call_recording_id)!;
    ws.replaceTranscript(changed.id.call_recording_id, [{ ...segments[0]!, speech: 'Said again' }, ...segments.slice(1)]);
    ws.deleteCallRecording(deleted.id.meeting_id, deleted.id.call_recording_id);
    const requests = counted(sim, TRANSCRIPT_ROUTE);
    const second = await runInProcess('read', { config, catalog, state: stateFileFrom(first.messages) });
    expectComplete(second, ['call_recording_transcripts']);
    // Every completed recording's transcript (the sketch needs every row), then the changed one's again (the second
    // read asks for the changed rows only).
    const pagesOf = (id: string) => Math.max(1, Math.ceil((ws.transcript(id) ?? []).length / 20));
    const left = ws.callRecordings().filter((r) => r.status === 'completed');
    expect(requests()).toBe(left.reduce((sum, r) => sum + pagesOf(r.id.call_recording_id), 0) + pagesOf(changed.id.call_recording_id));
    const got = rows(second, 'call_recording_transcripts');
    expect(got.map((r) => r.call_recording_id).sort()).toEqual([changed, deleted].map((r) => r.id.call_recording_id).sort());
    expect(got.find((r) => r.call_recording_id === changed.id.call_recording_id)?.segments[0].speech).toBe('Said again');
    const tombstone = got.find((r) => r.call_recording_id === deleted.id.call_recording_id)!;
    expect(tombstone._ab_cdc_deleted_at).toEqual(expect.any(String));
    expect(tombstone.created_at >= deleted.created_at).toBe(true);
  }, 60_000);
});

/** The configured catalog with a column deselected (Airbyte's column selection). */
function withoutColumn(catalog: Message, column: string): Message {
  return {
    streams: catalog.streams.map((s: Message) => {
      const { [column]: _dropped, ...properties } = s.stream.json_schema.properties;
      return { ...s, stream: { ...s.stream, json_schema: { ...s.stream.json_schema, properties } } };
    }),
  };
}

const logsOf = (run: RunResult) => run.messages.filter((m) => m.type === 'LOG').map((m) => String(m.log.message));

describe.each([
  { wide: false, how: 'Attio requires record_id: one listing per record' },
  { wide: true, how: 'Attio lists a whole object: one listing per object' },
])('files and views ($how)', ({ wide }) => {
  let sim: Simulator;
  let config: Record<string, unknown>;
  let catalog: Message;
  let first: RunResult;
  let second: RunResult;
  let fileRequests = 0;
  const added: string[] = [];
  const STREAMS = ['companies__files', 'deals__files', 'views'];

  beforeAll(async () => {
    sim = await startSimulator({ filesWorkspaceWide: wide });
    config = configFor(sim);
    const store = filesAndViews(sim.workspace);
    const big = sim.workspace.records('deals')[3]!.id.record_id;
    // More than a page (200) on one record.
    for (let i = 0; i < 205; i++)
      store.addFile('deals', big, { file_type: 'file', name: `scan-${i}.png`, content_type: 'image/png', content_size: i });
    catalog = configuredCatalog((await discover(config)).catalog, (name) => STREAMS.includes(name), 'incremental');
    const requests = counted(sim, FILES_ROUTE);
    first = await runInProcess('read', { config, catalog });
    fileRequests = requests();
    const company = sim.workspace.records('companies')[42]!.id.record_id;
    added.push(store.addFile('companies', company, { file_type: 'folder', name: 'New folder' }).id.file_id);
    added.push(
      store.addFile('deals', big, { file_type: 'connected-file', storage_provider: 'box', external_provider_file_id: 'box-1' }).id.file_id,
    );
    second = await runInProcess('read', { config, catalog, state: stateFileFrom(first.messages) });
  }, 120_000);
  afterAll(() => sim?.close());

  it('each object has a files stream next to its own, incremental on created_at, keyed by file_id', () => {
    const discovered: Message[] = catalog.streams.map((s: Message) => s.stream);
    const files = discovered.find((s) => s.name === 'deals__files');
    expect(files).toMatchObject({
      supported_sync_modes: ['full_refresh', 'incremental'],
      default_cursor_field: ['created_at'],
      source_defined_primary_key: [['file_id']],
    });
    expect(discovered.find((s) => s.name === 'views')).toMatchObject({
      supported_sync_modes: ['full_refresh'],
      source_defined_primary_key: [['view_id']],
    });
  });

  it('files streams hold every file entry of every record of their object, exactly as the simulator holds them', () => {
    expectComplete(first, STREAMS);
    const store = filesAndViews(sim.workspace);
    for (const object of ['companies', 'deals']) {
      const expected = store.allFiles(object).filter((f) => !added.includes(f.id.file_id));
      const got = rows(first, `${object}__files`);
      expect({ object, count: got.length }).toEqual({ object, count: expected.length });
      expect(indexBy(got, 'file_id')).toEqual(indexBy(expected.map(lifted), 'file_id'));
    }
    expect(new Set(rows(first, 'deals__files').map((f) => f.file_type))).toEqual(
      new Set(['file', 'folder', 'connected-file', 'connected-folder']),
    );
    // The read's one probe of the endpoint and its one listing without record_id (Attio's answer decides), then:
    // one listing per object of a page per 200 files, or one per record and a second page for the record with 205.
    const perObject = (object: string) => Math.ceil(store.allFiles(object).filter((f) => !added.includes(f.id.file_id)).length / 200);
    const perRecord = sim.workspace.recordCount('companies') + sim.workspace.recordCount('deals') + 1;
    expect(fileRequests).toBe(wide ? 1 + perObject('companies') + perObject('deals') : 1 + 1 + perRecord);
    const said = wide ? /Attio lists the files of a whole object/ : /Attio answered 400 to a files listing without record_id/;
    for (const stream of ['companies__files', 'deals__files']) {
      expect(logsOf(first).filter((line) => line.includes(`"${stream}"`) && said.test(line))).toHaveLength(1);
    }
  });

  it('the next read returns only the files added since, on records old and new', () => {
    expectComplete(second, STREAMS);
    expect([...rows(second, 'companies__files'), ...rows(second, 'deals__files')].map((f) => f.file_id).sort()).toEqual([...added].sort());
  });

  it('views: every live view of every object and list, with its parent', () => {
    const ws = sim.workspace;
    const store = filesAndViews(ws);
    const expected: Row[] = [
      ...ws.objects().flatMap((o) =>
        store.viewsOf('objects', o.api_slug as string).map((v) => ({
          view_id: v.id.view_id,
          workspace_id: ws.id,
          parent_kind: 'object',
          parent_id: o.id.object_id,
          parent_slug: o.api_slug,
          title: v.title,
          created_at: v.created_at,
        })),
      ),
      ...ws.lists().flatMap((l) =>
        store.viewsOf('lists', l.api_slug).map((v) => ({
          view_id: v.id.view_id,
          workspace_id: ws.id,
          parent_kind: 'list',
          parent_id: l.id.list_id,
          parent_slug: l.api_slug,
          title: v.title,
          created_at: v.created_at,
        })),
      ),
    ];
    expect(rows(first, 'views')).toHaveLength(expected.length);
    expect(indexBy(rows(first, 'views'), 'view_id')).toEqual(indexBy(expected, 'view_id'));
    expect(rows(first, 'views').some((v) => v.title.includes('archived'))).toBe(false);
    expect(rows(second, 'views')).toHaveLength(expected.length);
  });
});

/** A key granted no file:read (long enough to pass the config's check of an API key). */
const NO_FILES_KEY = 'sim_no_files_key_0123456789';

describe('beta endpoints Attio does not offer', () => {
  let sim: Simulator;

  beforeAll(async () => {
    sim = await startSimulator({
      tokens: { [NO_FILES_KEY]: { scopes: ['object_configuration:read', 'record_permission:read', 'meeting:read'] } },
    });
  });
  afterAll(() => sim?.close());

  const notFound = { status: 404, body: { status_code: 404, type: 'invalid_request_error', code: 'not_found', message: 'Not found.' } };
  const forbidden = { status: 403, body: { status_code: 403, type: 'auth_error', code: 'billing_error', message: 'Not on your plan.' } };

  it('a 404 or 403 at discovery leaves the stream out with one log line, and discover succeeds', async () => {
    sim.failNext((req) => req.path === '/v2/files', notFound, 1);
    sim.failNext((req) => req.path.endsWith('/views'), forbidden, 1);
    sim.failNext((req) => req.path.endsWith('/call_recordings'), notFound, 1);
    const { run, catalog } = await discover(configFor(sim));
    const offered = streamNames(catalog);
    expect(offered.filter((n) => n.endsWith('__files') || n === 'views' || n === 'call_recording_transcripts')).toEqual([]);
    expect(offered).toContain('call_recordings');
    expect(offered).toContain('deals__stage_history');
    const skips = run
      .logs()
      .map((m) => m.log.message as string)
      .filter((l) => l.includes('a beta endpoint'));
    expect(skips).toContain(
      'Stream views left out of the catalog: Attio answered 403 on GET /v2/objects/people/views (a beta endpoint this workspace or API key is not offered).',
    );
    expect(skips).toContain(
      'Stream deals__files left out of the catalog: Attio answered 404 on GET /v2/files (a beta endpoint this workspace or API key is not offered).',
    );
    expect(skips.filter((l) => l.startsWith('Stream call_recording_transcripts '))).toHaveLength(1);
    // One line per stream left out: seven objects' files, views, transcripts.
    expect(skips).toHaveLength(9);
    // With the endpoints back, they are offered again.
    const again = streamNames((await discover(configFor(sim))).catalog);
    expect(again).toEqual(expect.arrayContaining(['people__files', 'views', 'call_recording_transcripts']));
  });

  it('a read whose beta endpoint has gone skips that stream with a warning; the others complete and the run exits 0', async () => {
    const catalog = configuredCatalog((await discover(configFor(sim))).catalog, (name) =>
      ['views', 'deals__files', 'workspace', 'call_recording_transcripts'].includes(name),
    );
    sim.failNext((req) => req.path === '/v2/files', notFound, 1);
    sim.failNext((req) => req.path.endsWith('/views'), notFound, 1);
    const run = await runInProcess('read', { config: configFor(sim), catalog });
    expectComplete(run, ['views', 'deals__files', 'workspace', 'call_recording_transcripts']);
    expect(rows(run, 'views')).toEqual([]);
    expect(rows(run, 'deals__files')).toEqual([]);
    expect(rows(run, 'workspace')).toHaveLength(1);
    expect(rows(run, 'call_recording_transcripts').length).toBeGreaterThan(0);
    const warnings = run
      .logs()
      .filter((m) => m.log.level === 'WARN')
      .map((m) => m.log.message as string);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^Stream "(views|deals__files)" is skipped: Attio answered 404 on GET \/v2\/(objects\/people\/views|files), a beta endpoint/,
      ),
      expect.stringMatching(/^Stream "(views|deals__files)" is skipped: Attio answered 404/),
    ]);
  });

  it('a key without file:read is not offered the files streams (scope-aware discovery), and check names the scope', async () => {
    const config = { ...configFor(sim), api_key: NO_FILES_KEY };
    const { run, catalog } = await discover(config);
    expect(streamNames(catalog).some((n) => n.endsWith('__files'))).toBe(false);
    expect(streamNames(catalog)).toContain('deals');
    expect(run.logs().map((m) => m.log.message)).toContain(
      'Stream deals__files left out of the catalog: the API key lacks scope file:read.',
    );
    const check = await runInProcess('check', { config });
    const status = check.messages.find((m) => m.type === 'CONNECTION_STATUS')!.connectionStatus;
    expect(status.status).toBe('SUCCEEDED');
    expect(status.message).toContain('deals__files (needs file:read)');
  });
});
