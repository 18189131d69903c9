// The CAT assertions acceptance.test.ts runs must fail on bad input, or they prove nothing: each check here is run on
// a good message list and on a broken one.

import { describe, expect, it } from 'vitest';
import * as A from './assertions.js';
import { type Msg, parseOutput } from './messages.js';

const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: true,
  properties: {
    id: { type: 'string' },
    created_at: { type: ['string', 'null'], format: 'date-time' },
    count: { type: ['integer', 'null'] },
    amount: { type: ['number', 'null'] },
  },
};
const stream = {
  name: 'people',
  json_schema: schema,
  supported_sync_modes: ['full_refresh', 'incremental'],
  source_defined_cursor: true,
  default_cursor_field: ['created_at'],
  source_defined_primary_key: [['id']],
};
const configured = A.catalogFromDiscovered({ streams: [stream] });
const lines = (...l: string[]) => parseOutput(l.join('\n')).messages;
const record = (data: Record<string, unknown>, emittedAt = 1) =>
  JSON.stringify({ type: 'RECORD', record: { stream: 'people', data, emitted_at: emittedAt } });
const state = (streamState: Record<string, unknown>, recordCount?: number) =>
  JSON.stringify({
    type: 'STATE',
    state: {
      type: 'STREAM',
      stream: { stream_descriptor: { name: 'people' }, stream_state: streamState },
      ...(recordCount === undefined ? {} : { sourceStats: { recordCount } }),
    },
  });
const status = (s: string) =>
  JSON.stringify({
    type: 'TRACE',
    trace: { type: 'STREAM_STATUS', emitted_at: 1, stream_status: { stream_descriptor: { name: 'people' }, status: s } },
  });
const good = { id: 'a', created_at: '2024-01-02T03:04:05.123456789Z', count: 3, amount: 1.5 };

describe('basic_read: state messages', () => {
  it('passes a STREAM state with sourceStats', () => {
    expect(A.stateMessages(lines(state({ created_at: 'x' }, 1)), configured)).toEqual([]);
  });

  it('fails a LEGACY state', () => {
    const legacy = JSON.stringify({ type: 'STATE', state: { type: 'LEGACY', data: { people: {} }, sourceStats: { recordCount: 1 } } });
    expect(A.stateMessages(lines(legacy), configured).join()).toMatch(/LEGACY/);
  });

  it('fails a state without sourceStats', () => {
    expect(A.stateMessages(lines(state({}, undefined)), configured).join()).toMatch(/no sourceStats/);
  });

  it('fails fewer states than configured streams', () => {
    expect(A.stateMessages([], configured).join()).toMatch(/At least one state message/);
  });
});

describe('basic_read: stream statuses, primary keys, expected records', () => {
  it('statuses: STARTED, RUNNING…, COMPLETE passes; a missing COMPLETE or a missing stream fails', () => {
    expect(A.streamStatuses(lines(status('STARTED'), status('RUNNING'), status('COMPLETE')), configured)).toEqual([]);
    expect(A.streamStatuses(lines(status('STARTED'), status('RUNNING')), configured)).toHaveLength(1);
    expect(A.streamStatuses(lines(status('STARTED'), status('COMPLETE')), configured)).toHaveLength(1);
    expect(A.streamStatuses([], configured).join()).toMatch(/missing: None-people/);
  });

  it('primary keys: object values and all-null keys fail', () => {
    expect(A.primaryKeyValues(lines(record(good)), configured)).toEqual([]);
    expect(A.primaryKeyValues(lines(record({ ...good, id: { a: 1 } })), configured).join()).toMatch(/object or array/);
    expect(A.primaryKeyValues(lines(record({ ...good, id: null })), configured).join()).toMatch(/null values in all its parts/);
  });

  it('expected records: primary keys must be present (in order with exact_order)', () => {
    const actual = lines(record({ id: 'a' }), record({ id: 'b' }), record({ id: 'c' }));
    const exp = (...ids: string[]) => ids.map((id) => ({ stream: 'people', data: { id }, emitted_at: 0 }));
    expect(A.expectedRecordsPresent(actual, exp('c', 'a'), configured, false)).toEqual([]);
    expect(A.expectedRecordsPresent(actual, exp('a', 'z'), configured, false).join()).toMatch(/1 expected primary keys not found/);
    expect(A.expectedRecordsPresent(actual, exp('a', 'b'), configured, true)).toEqual([]);
    expect(A.expectedRecordsPresent(actual, exp('b', 'a'), configured, true)).toHaveLength(1);
    expect(A.expectedRecordsData(actual, [{ stream: 'people', data: { id: 'a', x: 1 } }], configured)).toHaveLength(1);
  });
});

describe('spec', () => {
  const spec = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    connectionSpecification: { type: 'object', properties, ...extra },
  });

  it('type lists, forbidden keywords, $ref, additionalProperties', () => {
    expect(A.specTypeLists(spec({ a: { type: ['string', 'integer'] } }))).toHaveLength(1);
    expect(A.specTypeLists(spec({ a: { type: ['string', 'null'] } }))).toEqual([]);
    expect(A.specForbiddenKeywords(spec({ a: { anyOf: [{ type: 'string' }] } }))).toHaveLength(1);
    expect(A.specForbiddenKeywords(spec({ not: { type: 'string' } }))).toEqual([]); // a property named "not" is fine
    expect(A.noRefs(spec({ a: { $ref: '#/definitions/x' } }), 'spec')).toHaveLength(1);
    expect(A.additionalPropertiesTrue(spec({}, { additionalProperties: false }), 'spec')).toHaveLength(1);
  });
});

describe('full refresh and incremental', () => {
  it('emitted_at must increase between reads', () => {
    expect(A.emittedAtIncreases(lines(record(good, 10)), lines(record(good, 11)))).toEqual([]);
    expect(A.emittedAtIncreases(lines(record(good, 10)), lines(record(good, 10)))).toHaveLength(1);
    expect(A.emittedAtIncreases([], lines(record(good, 10)))).toHaveLength(1);
  });

  it('read 2 must differ from read 1 (as DeepDiff with ignore_order: repetitions do not count)', () => {
    const r1 = lines(record({ id: 'a' }), record({ id: 'b' }));
    expect(A.twoSequentialReadsSecond(r1, [])).toEqual([]);
    expect(A.twoSequentialReadsSecond(r1, lines(record({ id: 'b' }), record({ id: 'a' }), record({ id: 'a' })))).toHaveLength(1);
  });

  it('the future-state read must emit no records and at least one state', () => {
    expect(A.futureStateRead(lines(state({ created_at: 'x' }, 0)))).toEqual([]);
    expect(A.futureStateRead(lines(record(good), state({}, 1)))).toHaveLength(1);
    expect(A.futureStateRead([])).toHaveLength(1);
  });

  it('collapses consecutive identical states summing recordCount, then picks checkpoints like CAT', () => {
    const s = (v: string, n: number) => lines(state({ created_at: v }, n))[0] as Msg;
    const unique = A.uniqueStatesWithRecordCount([s('a', 500), s('b', 120), s('b', 0)]);
    expect(unique.map(([m, expected]) => [m.state.stream.stream_state.created_at, m.state.sourceStats.recordCount, expected])).toEqual([
      ['a', 500, 120],
      ['b', 120, 0],
    ]);
    expect(A.selectCheckpoints(unique).map(([m]) => m.state.stream.stream_state.created_at)).toEqual(['b']);
    const many = A.uniqueStatesWithRecordCount(['a', 'b', 'c', 'd', 'e', 'f'].map((v) => s(v, 10)));
    // the last state is never collapsed into a run here, so 6 unique; sample rate 1; first and last skipped
    expect(A.selectCheckpoints(many).map(([m, n]) => [m.state.stream.stream_state.created_at, n])).toEqual([
      ['b', 40],
      ['c', 30],
      ['d', 20],
      ['e', 10],
    ]);
  });

  it('a replay must return at least the remaining records and differ from the full read', () => {
    const full = lines(record({ id: 'a' }), record({ id: 'b' }));
    expect(A.sliceReplay(full, lines(record({ id: 'b' })), 1)).toEqual([]);
    expect(A.sliceReplay(full, [], 1).join()).toMatch(/expected at least 1/);
    expect(A.sliceReplay(full, full, 0).join()).toMatch(/should be different/);
  });

  it('high strictness: the future state covers every incremental stream', () => {
    expect(A.futureStateCoverage([], configured, []).join()).toMatch(/people/);
    expect(A.futureStateCoverage([], configured, [{ name: 'people', bypass_reason: 'r' }])).toEqual([]);
  });
});
