import { describe, expect, it } from 'vitest';

import { parseConfiguredCatalog, selectedColumns } from './catalog.js';
import { ConfigError } from './errors.js';
import { asTheStandardTestsWriteIt } from '../integration_tests/fixtures/standard-tests-catalog.js';

/** An AirbyteStream with one column, offered in both sync modes. */
const airbyteStream = (name: string) => ({
  name,
  json_schema: { type: 'object', properties: { id: { type: 'string' } } },
  supported_sync_modes: ['full_refresh', 'incremental'],
});

function configured(name: string, syncMode: string = 'full_refresh', extra: Record<string, unknown> = {}) {
  return {
    stream: airbyteStream(name),
    sync_mode: syncMode,
    destination_sync_mode: 'append',
    ...extra,
  };
}

function configError(raw: unknown): ConfigError {
  try {
    parseConfiguredCatalog(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).failureType).toBe('config_error');
    return error as ConfigError;
  }
  throw new Error('expected the catalog to be rejected');
}

describe('parseConfiguredCatalog', () => {
  it('accepts a valid catalog and keeps its fields (and unknown ones)', () => {
    const raw = {
      streams: [
        configured('people', 'incremental', { cursor_field: ['created_at'], primary_key: [['record_id']], generation_id: 3 }),
        configured('notes'),
      ],
    };
    const catalog = parseConfiguredCatalog(raw);
    expect(catalog.streams.map((s) => [s.stream.name, s.sync_mode])).toEqual([
      ['people', 'incremental'],
      ['notes', 'full_refresh'],
    ]);
    expect(catalog.streams[0]!.cursor_field).toEqual(['created_at']);
    expect(catalog.streams[0]!.primary_key).toEqual([['record_id']]);
    expect((catalog.streams[0] as unknown as Record<string, unknown>).generation_id).toBe(3);
  });

  it('accepts an empty stream list', () => {
    expect(parseConfiguredCatalog({ streams: [] }).streams).toEqual([]);
  });

  it("rejects CAT's INVALID sync_mode with a message naming the allowed modes", () => {
    const error = configError({ streams: [configured('__AIRBYTE__stream_that_does_not_exist', 'INVALID')] });
    expect(error.userMessage).toBe('The configured catalog is not valid: streams.0.sync_mode must be "full_refresh" or "incremental".');
  });

  it('rejects a catalog without streams', () => {
    expect(configError({}).userMessage).toMatch(/^The configured catalog is not valid: streams: /);
    expect(configError({ streams: 'people' }).userMessage).toMatch(/streams: /);
  });

  it.each([null, 'catalog', 5, []])('rejects a non-object catalog %j', (raw) => {
    expect(configError(raw).userMessage).toMatch(/^The configured catalog is not valid: /);
  });

  it('rejects a stream without a name, or with an empty one', () => {
    expect(configError({ streams: [{ stream: {}, sync_mode: 'full_refresh' }] }).userMessage).toContain('streams.0.stream.name');
    expect(configError({ streams: [configured('')] }).userMessage).toContain('streams.0.stream.name');
    expect(configError({ streams: [{ sync_mode: 'full_refresh' }] }).userMessage).toContain('streams.0.stream');
  });

  it('rejects a missing sync_mode', () => {
    const stream = configured('people') as Record<string, unknown>;
    delete stream.sync_mode;
    expect(configError({ streams: [stream] }).userMessage).toContain('streams.0.sync_mode');
  });

  it('rejects malformed cursor_field and primary_key', () => {
    expect(configError({ streams: [configured('people', 'incremental', { cursor_field: 'created_at' })] }).userMessage).toContain(
      'streams.0.cursor_field',
    );
    expect(configError({ streams: [configured('people', 'incremental', { primary_key: ['record_id'] })] }).userMessage).toContain(
      'streams.0.primary_key',
    );
  });

  it('rejects a stream listed twice', () => {
    const error = configError({ streams: [configured('people'), configured('notes'), configured('people', 'incremental')] });
    expect(error.userMessage).toBe('The configured catalog lists stream "people" twice.');
  });

  it('reports every problem at once', () => {
    const error = configError({ streams: [configured('a', 'INVALID'), configured('b', 'nope')] });
    expect(error.userMessage).toContain('streams.0.sync_mode must be');
    expect(error.userMessage).toContain('streams.1.sync_mode must be');
  });
});

const CONFIGURED_STREAM_OPTIONAL_FIELDS = [
  'destination_sync_mode',
  'cursor_field',
  'primary_key',
  'destination_object_name',
  'generation_id',
  'minimum_generation_id',
  'sync_id',
  'include_files',
] as const;

const AIRBYTE_STREAM_OPTIONAL_FIELDS = [
  'json_schema',
  'supported_sync_modes',
  'source_defined_cursor',
  'default_cursor_field',
  'source_defined_primary_key',
  'namespace',
  'is_resumable',
  'is_file_based',
] as const;

describe('parseConfiguredCatalog: null is absent, unknown keys are kept', () => {
  it('accepts a catalog exactly as the standard tests write it, and reads every null as absent', () => {
    // Every optional field null, as the standard tests write it (integration_tests/fixtures/standard-tests-catalog.ts).
    const streams = [asTheStandardTestsWriteIt(airbyteStream('people')), asTheStandardTestsWriteIt(airbyteStream('notes'))];
    const catalog = parseConfiguredCatalog({ streams });
    expect(catalog.streams.map((s) => [s.stream.name, s.sync_mode, s.destination_sync_mode])).toEqual([
      ['people', 'full_refresh', 'append_dedup'],
      ['notes', 'full_refresh', 'append_dedup'],
    ]);
    for (const configured of catalog.streams) {
      for (const field of CONFIGURED_STREAM_OPTIONAL_FIELDS.filter((f) => f !== 'destination_sync_mode')) {
        expect(configured[field], field).toBeUndefined();
      }
      for (const field of AIRBYTE_STREAM_OPTIONAL_FIELDS.filter((f) => f !== 'json_schema' && f !== 'supported_sync_modes')) {
        expect(configured.stream[field], `stream.${field}`).toBeUndefined();
      }
    }
  });

  it.each(CONFIGURED_STREAM_OPTIONAL_FIELDS)('accepts %s: null on a configured stream, as if absent', (field) => {
    const withNull = parseConfiguredCatalog({ streams: [configured('people', 'full_refresh', { [field]: null })] });
    const stream = { ...configured('people') } as Record<string, unknown>;
    delete stream[field];
    const absent = parseConfiguredCatalog({ streams: [stream] });
    expect(withNull.streams[0]![field]).toBeUndefined();
    expect(withNull).toEqual(absent);
  });

  it.each(AIRBYTE_STREAM_OPTIONAL_FIELDS)('accepts stream.%s: null on the embedded AirbyteStream, as if absent', (field) => {
    const withNull = configured('people');
    const absent = configured('people');
    (withNull.stream as Record<string, unknown>)[field] = null;
    delete (absent.stream as Record<string, unknown>)[field];
    const parsed = parseConfiguredCatalog({ streams: [withNull] });
    expect(parsed.streams[0]!.stream[field]).toBeUndefined();
    expect(parsed).toEqual(parseConfiguredCatalog({ streams: [absent] }));
  });

  it('with nulls, a null json_schema selects every column', () => {
    const stream = configured('people');
    (stream.stream as Record<string, unknown>).json_schema = null;
    const parsed = parseConfiguredCatalog({ streams: [stream] });
    expect(selectedColumns(parsed.streams[0]!.stream.json_schema)).toBeUndefined();
  });

  it('keeps the values of the optional fields when they are set', () => {
    // What is set is what must come back: the parser drops, renames and converts nothing.
    const configuredFields = {
      cursor_field: ['created_at'],
      primary_key: [['record_id']],
      destination_object_name: 'attio_people',
      generation_id: 7,
      minimum_generation_id: 0,
      sync_id: 123456789,
      include_files: false,
    };
    const streamFields = {
      source_defined_cursor: true,
      default_cursor_field: ['created_at'],
      source_defined_primary_key: [['record_id']],
      namespace: 'attio',
      is_resumable: true,
      is_file_based: false,
    };
    const stream = {
      name: 'people',
      json_schema: { type: 'object' },
      supported_sync_modes: ['full_refresh', 'incremental'],
      ...streamFields,
    };
    const parsed = parseConfiguredCatalog({ streams: [{ ...configured('people', 'incremental', configuredFields), stream }] });
    const s = parsed.streams[0]!;
    expect(s).toMatchObject(configuredFields);
    expect(s.stream).toMatchObject(streamFields);
  });

  it.each(['append', 'overwrite', 'append_dedup', 'update', 'soft_delete'])('accepts destination_sync_mode %s', (mode) => {
    const parsed = parseConfiguredCatalog({ streams: [configured('people', 'full_refresh', { destination_sync_mode: mode })] });
    expect(parsed.streams[0]!.destination_sync_mode).toBe(mode);
  });

  it.each([
    ['generation_id', 3],
    ['minimum_generation_id', 0],
    ['sync_id', 9_007_199_254_740_991],
  ] as const)('accepts %s as a number (%d)', (field, value) => {
    expect(parseConfiguredCatalog({ streams: [configured('people', 'full_refresh', { [field]: value })] }).streams[0]![field]).toBe(value);
  });

  it('keeps unknown keys on the catalog, on each configured stream and on the embedded stream', () => {
    const stream = configured('people', 'full_refresh', { some_future_field: { a: 1 }, another: null });
    (stream.stream as Record<string, unknown>).x_platform_hint = 'kept';
    const parsed = parseConfiguredCatalog({ streams: [stream], catalog_level_extra: [1, 2] }) as unknown as Record<string, any>;
    expect(parsed.catalog_level_extra).toEqual([1, 2]);
    expect(parsed.streams[0].some_future_field).toEqual({ a: 1 });
    expect(parsed.streams[0].another).toBeNull();
    expect(parsed.streams[0].stream.x_platform_hint).toBe('kept');
  });

  it.each([
    ['generation_id', '3'],
    ['minimum_generation_id', 1.5],
    ['sync_id', true],
    ['include_files', 'yes'],
    ['destination_object_name', 5],
    ['destination_sync_mode', 1],
  ] as const)('still rejects %s of the wrong type (%j)', (field, value) => {
    expect(configError({ streams: [configured('people', 'full_refresh', { [field]: value })] }).userMessage).toContain(
      `streams.0.${field}`,
    );
  });

  it.each([
    ['source_defined_cursor', 'yes'],
    ['default_cursor_field', 'created_at'],
    ['source_defined_primary_key', ['record_id']],
    ['namespace', 5],
    ['is_resumable', 1],
    ['is_file_based', 'no'],
  ] as const)('still rejects stream.%s of the wrong type (%j)', (field, value) => {
    const stream = configured('people');
    (stream.stream as Record<string, unknown>)[field] = value;
    expect(configError({ streams: [stream] }).userMessage).toContain(`streams.0.stream.${field}`);
  });

  it('still requires sync_mode and a stream name: null is not a value for them', () => {
    expect(configError({ streams: [configured('people', 'full_refresh', { sync_mode: null })] }).userMessage).toContain(
      'streams.0.sync_mode',
    );
    const unnamed = configured('people');
    (unnamed.stream as Record<string, unknown>).name = null;
    expect(configError({ streams: [unnamed] }).userMessage).toContain('streams.0.stream.name');
    expect(configError({ streams: null }).userMessage).toContain('streams');
  });
});

describe('selectedColumns', () => {
  it('is the set of property names in the configured schema', () => {
    const columns = selectedColumns({ type: 'object', properties: { record_id: {}, name: {}, created_at: {} } });
    expect(columns).toEqual(new Set(['record_id', 'name', 'created_at']));
  });

  it('is undefined when the catalog names no columns', () => {
    expect(selectedColumns(undefined)).toBeUndefined();
    expect(selectedColumns({})).toBeUndefined();
    expect(selectedColumns({ type: 'object' })).toBeUndefined();
    expect(selectedColumns({ type: 'object', properties: {} })).toBeUndefined();
    expect(selectedColumns({ properties: 'not an object' })).toBeUndefined();
    expect(selectedColumns({ properties: null })).toBeUndefined();
  });
});
