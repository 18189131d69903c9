import { describe, expect, it } from 'vitest';
import { ENDPOINTS, endpointPath } from './endpoints.js';
import {
  attributeParams,
  historyScopes,
  itemId,
  itemValues,
  metadataReaders,
  PARENT_KIND_ORDER,
  PARENT_KINDS,
  parentParams,
  streamScopes,
  valuesParams,
} from './parent-kinds.js';

const RECORD = {
  id: { workspace_id: 'w1', object_id: 'o1', record_id: 'r1' },
  created_at: '2026-01-01T00:00:00.000000000Z',
  web_url: 'https://app.attio.com/r1',
  values: { name: [] },
};
const ENTRY = {
  id: { workspace_id: 'w1', list_id: 'l1', entry_id: 'e1' },
  parent_record_id: 'r1',
  created_at: '2026-01-02T00:00:00.000000000Z',
  entry_values: { stage: [] },
};

const row = (kind: (typeof PARENT_KIND_ORDER)[number], item: Record<string, unknown>) =>
  Object.fromEntries(metadataReaders(kind).map(([name, read]) => [name, read(item)]));

describe('PARENT_KINDS, what differs between an object and a list', () => {
  it('offers objects before lists, each under its own name', () => {
    expect(PARENT_KIND_ORDER.map((kind) => kind.kind)).toEqual(['object', 'list']);
    for (const kind of PARENT_KIND_ORDER) expect(PARENT_KINDS[kind.kind]).toBe(kind);
  });

  it('fills the paths of each kind’s endpoints', () => {
    const { object, list } = PARENT_KINDS;
    expect(endpointPath(object.query, parentParams(object, 'deals'))).toBe('/v2/objects/deals/records/query');
    expect(endpointPath(list.query, parentParams(list, 'pipeline'))).toBe('/v2/lists/pipeline/entries/query');
    expect(endpointPath(object.values, valuesParams(object, 'deals', 'r1', 'stage'))).toBe(
      '/v2/objects/deals/records/r1/attributes/stage/values',
    );
    expect(endpointPath(list.values, valuesParams(list, 'pipeline', 'e1', 'stage'))).toBe(
      '/v2/lists/pipeline/entries/e1/attributes/stage/values',
    );
    expect(endpointPath(object.views, parentParams(object, 'deals'))).toBe('/v2/objects/deals/views');
    expect(endpointPath(list.views, parentParams(list, 'pipeline'))).toBe('/v2/lists/pipeline/views');
    expect(endpointPath(ENDPOINTS.attributes, attributeParams(object, 'deals'))).toBe('/v2/objects/deals/attributes');
    expect(endpointPath(ENDPOINTS.attributes, attributeParams(list, 'pipeline'))).toBe('/v2/lists/pipeline/attributes');
    expect([object.listing, list.listing]).toEqual([ENDPOINTS.objects, ENDPOINTS.lists]);
  });

  it('reads an item’s id, values and metadata columns where each kind keeps them', () => {
    const { object, list } = PARENT_KINDS;
    expect([itemId(object, RECORD), itemValues(object, RECORD)]).toEqual(['r1', RECORD.values]);
    expect([itemId(list, ENTRY), itemValues(list, ENTRY)]).toEqual(['e1', ENTRY.entry_values]);
    expect(row(object, RECORD)).toEqual({
      record_id: 'r1',
      object_id: 'o1',
      workspace_id: 'w1',
      created_at: RECORD.created_at,
      web_url: RECORD.web_url,
    });
    // Column order is the schema's and the row's; a nullable column the item lacks is null.
    expect(Object.keys(row(list, ENTRY))).toEqual([
      'entry_id',
      'list_id',
      'workspace_id',
      'parent_record_id',
      'parent_object',
      'created_at',
    ]);
    expect(row(list, ENTRY)).toMatchObject({ parent_record_id: 'r1', parent_object: null });
    expect(row(object, { ...RECORD, web_url: undefined }).web_url).toBeNull();
  });

  it('derives the scopes of record, entry and history streams from the endpoints', () => {
    expect(streamScopes(PARENT_KINDS.object)).toEqual(['record_permission:read', 'object_configuration:read']);
    expect(streamScopes(PARENT_KINDS.list)).toEqual(['list_entry:read', 'list_configuration:read', 'object_configuration:read']);
    expect(historyScopes(PARENT_KINDS.list)).toEqual(['list_entry:read', 'list_configuration:read', 'object_configuration:read']);
  });

  it('gives files to the records of objects only (GET /v2/files names an object and a record)', () => {
    expect(PARENT_KIND_ORDER.filter((kind) => kind.hasFiles).map((kind) => kind.kind)).toEqual(['object']);
  });
});
