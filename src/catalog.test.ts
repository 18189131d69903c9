import { describe, expect, it } from 'vitest';

import { parseConfiguredCatalog, selectedColumns } from './catalog.js';
import { ConfigError } from './errors.js';

function configured(name: string, syncMode: string = 'full_refresh', extra: Record<string, unknown> = {}) {
  return {
    stream: {
      name,
      json_schema: { type: 'object', properties: { id: { type: 'string' } } },
      supported_sync_modes: ['full_refresh', 'incremental'],
    },
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
