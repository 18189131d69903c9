// The foundation end to end: the connector against the simulator, every stdout line a valid Airbyte message. spec
// and check run the built executable (a child process: its exit code and stdout as the platform sees them); discover
// and the reads run in process (harness/in-process.ts), where a read of every stream costs no process and no rate
// limit, and a write to the process's stdout or stderr is still caught.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asTheStandardTestsWriteIt, type SyncIds } from '../fixtures/standard-tests-catalog.js';
import { recordValidator } from '../harness/record-validator.js';
import { runInProcess } from '../harness/in-process.js';
import { configuredCatalog, type Message, type RunResult, runConnector, stateFileFrom } from '../harness/run-connector.js';
import { type Simulated, simulated } from '../harness/simulated.js';

let env: Simulated;
let catalog: Message;

/**
 * The discovered catalog as Airbyte's standard tests write it, every optional field null (the streams an incremental
 * catalog cannot hold left out); `ids` sets the generation and sync ids the platform sends.
 */
function standardTestsCatalog(discovered: Message, syncMode: 'full_refresh' | 'incremental', ids: SyncIds | null = null) {
  return {
    streams: (discovered.streams as Message[])
      .filter((s) => syncMode === 'full_refresh' || s.supported_sync_modes.includes('incremental'))
      .map((s) => asTheStandardTestsWriteIt(s, syncMode, ids)),
  };
}

beforeAll(async () => {
  env = await simulated({ tokens: { inactive_token_0123456789: { scopes: [], active: false } } });
  // The seeded files are on people, companies and deals only: one on every other object, so every stream has rows.
  for (const slug of ['users', 'workspaces', 'kitchen_sink', 'projects']) {
    const record = env.sim.workspace.records(slug)[3]!;
    env.sim.workspace.addFile({
      object: slug,
      record_id: record.id.record_id,
      file_type: 'file',
      name: `${slug}.pdf`,
      content_type: 'application/pdf',
      content_size: 1024,
    });
  }
  const discovered = await runInProcess('discover', { config: env.config });
  catalog = discovered.messages.find((m) => m.type === 'CATALOG')?.catalog;
});
afterAll(() => env.sim.close());

describe('spec', () => {
  it('prints one SPEC message whose connectionSpecification requires api_key and marks it secret', async () => {
    const run = await runConnector('spec');
    expect(run.exitCode).toBe(0);
    expect(run.invalidLines).toEqual([]);
    expect(run.messages).toHaveLength(1);
    const spec = run.messages[0]?.spec;
    expect(spec.connectionSpecification.required).toEqual(['api_key']);
    expect(spec.connectionSpecification.properties.api_key.airbyte_secret).toBe(true);
    expect(Object.keys(spec.connectionSpecification.properties)).toEqual(
      expect.arrayContaining(['api_key', 'start_date', 'base_url', 'include_raw_values']),
    );
  });
});

describe('check', () => {
  it('succeeds with the right key', async () => {
    const run = await runConnector('check', { config: env.config });
    expect(run.exitCode).toBe(0);
    expect(run.invalidLines).toEqual([]);
    const status = run.messages.filter((m) => m.type === 'CONNECTION_STATUS');
    expect(status).toHaveLength(1);
    expect(status[0]?.connectionStatus.status).toBe('SUCCEEDED');
    expect(status[0]?.connectionStatus.message).toContain('Simulated Co');
  });

  it('fails with a wrong key: CONNECTION_STATUS FAILED naming the problem, exit 0', async () => {
    const run = await runConnector('check', { config: { ...env.config, api_key: 'not-the-key-at-all' } });
    expect(run.exitCode).toBe(0);
    const status = run.messages.filter((m) => m.type === 'CONNECTION_STATUS');
    expect(status).toHaveLength(1);
    expect(status[0]?.connectionStatus.status).toBe('FAILED');
    expect(status[0]?.connectionStatus.message).toMatch(/rejected the API key \(HTTP 401/);
  });

  it('fails with a revoked (inactive) key, exit 0', async () => {
    const run = await runConnector('check', { config: { ...env.config, api_key: 'inactive_token_0123456789' } });
    expect(run.exitCode).toBe(0);
    const status = run.messages.find((m) => m.type === 'CONNECTION_STATUS');
    expect(status?.connectionStatus.status).toBe('FAILED');
    expect(status?.connectionStatus.message).toMatch(/not active/);
  });
});

describe('discover', () => {
  it('offers the fixed streams plus one stream per object and per list', () => {
    const names = (catalog.streams as Message[]).map((s) => s.name);
    for (const fixed of ['objects', 'lists', 'workspace_members']) expect(names).toContain(fixed);
    for (const object of env.sim.workspace.objects()) expect(names).toContain(object.api_slug);
    for (const list of env.sim.workspace.lists()) expect(names).toContain(`list_entries_${list.api_slug}`);
    expect(new Set(names).size).toBe(names.length);
  });

  it('gives every stream a primary key and cursor that exist in its schema, and no $ref', () => {
    for (const stream of catalog.streams as Message[]) {
      const properties = stream.json_schema.properties as Record<string, unknown>;
      for (const key of stream.source_defined_primary_key as string[][]) expect(properties).toHaveProperty(key[0] as string);
      if (stream.default_cursor_field) expect(properties).toHaveProperty(stream.default_cursor_field[0]);
      expect(JSON.stringify(stream.json_schema)).not.toContain('$ref');
    }
  });

  it('makes a column of every live attribute of every object', () => {
    for (const object of env.sim.workspace.objects()) {
      const slug = object.api_slug as string;
      const stream = (catalog.streams as Message[]).find((s) => s.name === slug);
      const columns = Object.keys(stream?.json_schema.properties ?? {});
      for (const attribute of env.sim.workspace.attributes('objects', slug)) {
        const named = columns.includes(attribute.api_slug) || columns.includes(`attribute_${attribute.api_slug}`);
        const isMetadataFact = ['record_id', 'created_at'].includes(attribute.api_slug);
        expect(named || isMetadataFact, `${slug}.${attribute.api_slug}`).toBe(true);
      }
    }
  });
});

describe('read (full refresh, every stream)', () => {
  let run: RunResult;
  beforeAll(async () => {
    run = await runInProcess('read', { config: env.config, catalog: configuredCatalog(catalog) });
  });

  it('exits 0 and prints only valid Airbyte messages', () => {
    expect(run.invalidLines).toEqual([]);
    expect(run.errors()).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe('');
  });

  it('returns exactly the records the simulator holds, for every object and list', () => {
    for (const object of env.sim.workspace.objects()) {
      const slug = object.api_slug as string;
      const ids = run.records(slug).map((m) => m.record.data.record_id);
      expect(new Set(ids).size, slug).toBe(ids.length);
      expect(new Set(ids), slug).toEqual(new Set(env.sim.workspace.records(slug).map((r) => r.id.record_id)));
    }
    for (const list of env.sim.workspace.lists()) {
      const ids = run.records(`list_entries_${list.api_slug}`).map((m) => m.record.data.entry_id);
      expect(new Set(ids)).toEqual(new Set(env.sim.workspace.entries(list.api_slug).map((e) => e.id.entry_id)));
    }
    expect(run.records('objects')).toHaveLength(env.sim.workspace.objects().length);
    expect(run.records('lists')).toHaveLength(env.sim.workspace.lists().length);
    expect(run.records('workspace_members')).toHaveLength(env.sim.workspace.workspaceMembers().length);
  });

  it('validates every record against its stream schema', () => {
    const validate = recordValidator(catalog);
    const problems = run.records().flatMap(validate);
    expect(problems.slice(0, 10)).toEqual([]);
  });

  it('emits STARTED, RUNNING, COMPLETE per stream, and STATE counts that add up to the records', () => {
    for (const stream of catalog.streams as Message[]) {
      const statuses = run.statuses(stream.name);
      const records = run.records(stream.name).length;
      expect(statuses[0], stream.name).toBe('STARTED');
      expect(statuses.at(-1), stream.name).toBe('COMPLETE');
      if (records > 0) expect(statuses, stream.name).toContain('RUNNING');
      const states = run.states(stream.name);
      expect(states.length, stream.name).toBeGreaterThan(0);
      const counted = states.reduce((sum, s) => sum + s.state.sourceStats.recordCount, 0);
      expect(counted, stream.name).toBe(records);
    }
  });

  it('emits each STATE only after the records it covers', () => {
    // Within a stream, no record may follow the stream's final STATE.
    for (const stream of catalog.streams as Message[]) {
      const indexOfLastState = run.messages.findLastIndex(
        (m) => m.type === 'STATE' && m.state.stream.stream_descriptor.name === stream.name,
      );
      const indexOfLastRecord = run.messages.findLastIndex((m) => m.type === 'RECORD' && m.record.stream === stream.name);
      expect(indexOfLastRecord, stream.name).toBeLessThan(indexOfLastState);
    }
  });

  it("reads the same records with a catalog exactly as Airbyte's standard tests write it (every unset field null)", async () => {
    const nulls = await runInProcess('read', { config: env.config, catalog: standardTestsCatalog(catalog, 'full_refresh') });
    expect(nulls.invalidLines).toEqual([]);
    expect(nulls.errors()).toEqual([]);
    expect(nulls.exitCode).toBe(0);
    for (const stream of catalog.streams as Message[]) {
      expect(nulls.statuses(stream.name).at(-1), stream.name).toBe('COMPLETE');
      const data = (r: RunResult) => r.records(stream.name).map((m) => m.record.data);
      expect(data(nulls).length, stream.name).toBeGreaterThan(0);
      expect(data(nulls), stream.name).toEqual(data(run));
    }
  });

  it('lifts Attio ids and keeps nanosecond timestamps as strings', () => {
    const person = run.records('people')[0]?.record.data;
    const truth = env.sim.workspace.record('people', person.record_id);
    expect(person.workspace_id).toBe(truth?.id.workspace_id);
    expect(person.object_id).toBe(truth?.id.object_id);
    expect(person.created_at).toBe(truth?.created_at);
    expect(person.created_at).toMatch(/\.\d{9}Z$/);
    expect(person.web_url).toBe(truth?.web_url);
  });
});

describe("read with an incremental catalog as the standard tests write it, with the platform's generation and sync ids", () => {
  it('reads incrementally on the source-defined cursor (cursor_field null), and a second read from its state returns nothing', async () => {
    const incremental = standardTestsCatalog(catalog, 'incremental', { generation_id: 3, minimum_generation_id: 0, sync_id: 9001 });
    expect(incremental.streams.length).toBeGreaterThan(0);
    const first = await runInProcess('read', { config: env.config, catalog: incremental });
    expect(first.invalidLines).toEqual([]);
    expect(first.errors()).toEqual([]);
    expect(first.exitCode).toBe(0);
    for (const configured of incremental.streams as Message[]) {
      const name = configured.stream.name;
      expect(first.statuses(name).at(-1), name).toBe('COMPLETE');
      const cursor = configured.stream.default_cursor_field[0];
      expect(first.states(name).at(-1)?.state.stream.stream_state[cursor], name).toEqual(expect.any(String));
    }
    const second = await runInProcess('read', { config: env.config, catalog: incremental, state: stateFileFrom(first.messages) });
    expect(second.exitCode).toBe(0);
    expect(second.records()).toEqual([]);
    // Two reads of every stream, the files and histories one request per record.
  }, 180_000);
});

describe('read honours the configured catalog', () => {
  it('reads only the selected streams and only the selected columns', async () => {
    const people = (catalog.streams as Message[]).find((s) => s.name === 'people');
    const narrowed = {
      ...people,
      json_schema: {
        ...people?.json_schema,
        properties: {
          record_id: people?.json_schema.properties.record_id,
          created_at: people?.json_schema.properties.created_at,
          name: people?.json_schema.properties.name,
        },
      },
    };
    const run = await runInProcess('read', {
      config: env.config,
      catalog: { streams: [{ stream: narrowed, sync_mode: 'full_refresh', destination_sync_mode: 'append' }] },
    });
    expect(run.exitCode).toBe(0);
    const streams = new Set(run.records().map((m) => m.record.stream));
    expect(streams).toEqual(new Set(['people']));
    for (const m of run.records()) expect(Object.keys(m.record.data).sort()).toEqual(['created_at', 'name', 'record_id']);
  });

  it('keeps the primary key and cursor when the selection omits them, and warns of selected columns that do not exist', async () => {
    const people = (catalog.streams as Message[]).find((s) => s.name === 'people');
    const onlyGhosts = { ...people, json_schema: { ...people?.json_schema, properties: { no_such_column: { type: 'string' } } } };
    const run = await runInProcess('read', {
      config: env.config,
      catalog: { streams: [{ stream: onlyGhosts, sync_mode: 'full_refresh', destination_sync_mode: 'append' }] },
    });
    expect(run.exitCode).toBe(0);
    expect(run.records('people')).toHaveLength(env.sim.workspace.records('people').length);
    for (const m of run.records('people')) expect(Object.keys(m.record.data).sort()).toEqual(['created_at', 'record_id']);
    expect(run.logs().filter((m) => /selects columns this stream does not have \(no_such_column\)/.test(m.log.message))).toHaveLength(1);
  });
});

describe('read of a stream without a cursor in incremental mode', () => {
  it('reads it in full, as the Airbyte CDK does (PyAirbyte asks every stream for incremental)', async () => {
    const members = (catalog.streams as Message[]).find((s) => s.name === 'workspace_members');
    const run = await runInProcess('read', {
      config: env.config,
      catalog: { streams: [{ stream: members, sync_mode: 'incremental', destination_sync_mode: 'append' }] },
    });
    expect(run.exitCode).toBe(0);
    expect(run.records('workspace_members')).toHaveLength(env.sim.workspace.workspaceMembers().length);
    expect(run.statuses('workspace_members').at(-1)).toBe('COMPLETE');
    expect(run.logs().some((m) => /read in full refresh/.test(m.log.message))).toBe(true);
  });
});
