// The assertions of the retired Connector Acceptance Tests (CAT) that Airbyte's standard tests do not run, as pure
// functions over parsed messages, schemas and files (acceptance.test.ts runs them). Each returns the list of
// failures (empty = the assertion holds), so they can be unit-tested on hand-made bad input. CAT's checks that the
// standard tests run (config against spec, secrets marked, check, the catalog checks, records against their
// schema, every stream with records, the bad-catalog trace) were removed from here with the CAT runner.
//
// Sources (airbytehq/airbyte, airbyte-integrations/bases/connector-acceptance-test/connector_acceptance_test/):
// tests/test_core.py@ddb755f (TestSpec, TestBasicRead), tests/test_incremental.py@c3addd1,
// tests/test_full_refresh.py@e043c16, utils/asserts.py, utils/common.py. Where this file is stricter than CAT it says so.

import { type Msg, records, states, traces } from './messages.js';
import { canonical, getNode, pathString, propertyPathExists, searchKey, searchPropertyKey, valuesForKey } from './schema-walk.js';

export type Failures = string[];

const isObject = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);
const clip = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n)}…` : s);

// ================================================================ spec ==========================================

export function specMatchesExpected(actual: Msg, expected: Msg): Failures {
  return canonical(actual) === canonical(expected)
    ? []
    : ['spec output differs from integration_tests/spec.json (regenerate it if the change is intended)'];
}

export function specEnumsUnique(spec: Msg): Failures {
  return searchKey(spec.connectionSpecification, 'enum')
    .filter(([, v]) => Array.isArray(v) && new Set(v.map(canonical)).size !== v.length)
    .map(([p, v]) => `duplicate values in enum at ${pathString(p)}: ${JSON.stringify(v)}`);
}

export function specOneOfUsage(spec: Msg): Failures {
  const root = spec.connectionSpecification;
  const failures: Failures = [];
  for (const [path, variants] of [...searchKey(root, 'oneOf'), ...searchKey(root, 'anyOf')]) {
    const where = pathString(path);
    const parent = getNode(root, path.slice(0, -1));
    if (!isObject(parent) || parent.type !== 'object') failures.push(`${where}: the parent of oneOf/anyOf must have type: object`);
    if (!Array.isArray(variants)) continue;
    if (!variants.every((v) => isObject(v) && isObject(v.properties))) {
      failures.push(`${where}: each variant must have properties`);
      continue;
    }
    const keys = variants.map((v) => new Set(Object.keys(v.properties)));
    const common = [...(keys[0] ?? [])].filter((k) => keys.every((s) => s.has(k)));
    if (common.length === 0) {
      failures.push(`${where}: the variants share no property`);
      continue;
    }
    const constCommon = common.filter((k) => variants.every((v) => 'const' in v.properties[k]));
    if (constCommon.length !== 1) {
      failures.push(`${where}: exactly one common property must have const, found ${constCommon.length}`);
      continue;
    }
    variants.forEach((v, n) => {
      const prop = v.properties[constCommon[0] as string];
      if ('default' in prop) failures.push(`${where}[${n}].${constCommon[0]}: default next to const`);
      if ('enum' in prop) failures.push(`${where}[${n}].${constCommon[0]}: enum next to const`);
    });
  }
  return failures;
}

export function specTypeLists(spec: Msg): Failures {
  const failures: Failures = [];
  for (const [path, type] of searchPropertyKey(spec.connectionSpecification, 'type')) {
    if (!Array.isArray(type)) continue;
    if (type.length !== 1 && type.length !== 2) failures.push(`${pathString(path)} is not [T] or [T, "null"]: ${JSON.stringify(type)}`);
    if (type.length === 2 && type[1] !== 'null') failures.push(`second type of ${pathString(path)} is not "null": ${JSON.stringify(type)}`);
  }
  return failures;
}

export function specObjectsNotEmpty(spec: Msg): Failures {
  const root = spec.connectionSpecification;
  return searchKey(root, 'type')
    .filter(([path, value]) => pathString(path) !== 'type' && value === 'object')
    .filter(([path]) => {
      const parent = getNode(root, path.slice(0, -1));
      return isObject(parent) && !('oneOf' in parent) && (!isObject(parent.properties) || Object.keys(parent.properties).length === 0);
    })
    .map(([path]) => `${pathString(path)} is an empty object`);
}

export function specArrayItems(spec: Msg): Failures {
  const root = spec.connectionSpecification;
  const failures: Failures = [];
  for (const [path, value] of searchKey(root, 'type')) {
    if (value !== 'array') continue;
    const items = (getNode(root, path.slice(0, -1)) as Record<string, unknown> | undefined)?.items;
    if (items === undefined) continue;
    if (Array.isArray(items)) failures.push(`${pathString(path)}: items must be a single schema`);
    else if (isObject(items) && !['object', 'string', 'number', 'integer'].includes(items.type) && !('enum' in items)) {
      failures.push(`${pathString(path)}: items must be object, string, number, integer or an enum`);
    }
  }
  return failures;
}

export const FORBIDDEN_SPEC_KEYWORDS = [
  'not',
  'anyOf',
  'patternProperties',
  'prefixItems',
  'allOf',
  'if',
  'then',
  'else',
  'dependentSchemas',
  'dependentRequired',
];

export function specForbiddenKeywords(spec: Msg): Failures {
  const found: string[] = [];
  for (const keyword of FORBIDDEN_SPEC_KEYWORDS) {
    for (const [path] of searchKey(spec.connectionSpecification, keyword)) {
      if (path[path.length - 2] === 'properties') continue; // a property of that name is fine
      found.push(pathString(path));
    }
  }
  return found.length > 0 ? [`disallowed JSON schema features: ${found.join(', ')}`] : [];
}

export function noRefs(node: unknown, where: string): Failures {
  return valuesForKey(node, '$ref').length > 0 ? [`unresolved $ref in ${where}`] : [];
}

export function additionalPropertiesTrue(node: unknown, where: string): Failures {
  const values = valuesForKey(node, 'additionalProperties');
  return values.every((v) => v === true) ? [] : [`${where}: additionalProperties must be true when set`];
}

export function specOAuthParameters(spec: Msg): Failures {
  const oauth = spec.authSpecification?.oauth2Specification;
  if (!oauth) return [];
  const params: string[][] = [...(oauth.oauthFlowInitParameters ?? []), ...(oauth.oauthFlowOutputParameters ?? [])];
  const root: string[] = oauth.rootObject ?? [];
  const schema = spec.connectionSpecification;
  const failures: Failures = [];
  for (const p of params) {
    const path = [...(root.length === 1 ? [root[0] as string] : []), ...p];
    if (!propertyPathExists(schema, path)) failures.push(`oauth parameter /${path.join('/')} is missing from the spec`);
  }
  return failures;
}

// ================================================================ configured catalogs ===========================

export interface EmptyStream {
  name: string;
  bypass_reason?: string | null;
}

/** build_configured_catalog_from_discovered_catalog_and_empty_streams. */
export function catalogFromDiscovered(catalog: Msg, emptyStreams: EmptyStream[] = []): Msg {
  const empty = new Set(emptyStreams.map((s) => s.name));
  return {
    streams: (catalog.streams as Msg[])
      .filter((s) => !empty.has(s.name))
      .map((stream) => ({
        stream,
        sync_mode: stream.supported_sync_modes[0],
        destination_sync_mode: 'append',
        ...(stream.default_cursor_field ? { cursor_field: stream.default_cursor_field } : {}),
        ...(stream.source_defined_primary_key ? { primary_key: stream.source_defined_primary_key } : {}),
      })),
  };
}

/** build_configured_catalog_from_custom_catalog: each configured stream takes the discovered stream of its name. */
export function catalogFromCustom(custom: Msg, discovered: Msg, path: string): { catalog?: Msg; failures: Failures } {
  const byName = new Map((discovered.streams as Msg[]).map((s) => [s.name, s]));
  const failures: Failures = [];
  const streams = (custom.streams as Msg[]).map((configured) => {
    const stream = byName.get(configured.stream?.name);
    if (!stream) failures.push(`The ${configured.stream?.name} stream you have set in ${path} is not part of the discovered_catalog`);
    return { ...configured, stream };
  });
  return failures.length > 0 ? { failures } : { catalog: { streams }, failures };
}

/** utils/common.py full_refresh_only_catalog. */
export function fullRefreshOnly(catalog: Msg): Msg {
  return {
    streams: (catalog.streams as Msg[])
      .filter((s) => s.stream.supported_sync_modes.includes('full_refresh'))
      .map((s) => ({ ...s, sync_mode: 'full_refresh' })),
  };
}

/** utils/common.py incremental_only_catalog. */
export function incrementalOnly(catalog: Msg): Msg {
  return {
    streams: (catalog.streams as Msg[])
      .filter((s) => s.stream.supported_sync_modes.includes('incremental'))
      .map((s) => ({ ...s, sync_mode: 'incremental' })),
  };
}

/** test_incremental.py configured_catalog_for_incremental: every stream needs a cursor_field or a default one. */
export function incrementalCatalog(catalog: Msg): { catalog: Msg; failures: Failures } {
  const inc = incrementalOnly(catalog);
  const failures: Failures = [];
  for (const s of inc.streams as Msg[]) {
    if (!s.cursor_field || s.cursor_field.length === 0) {
      if (s.stream.default_cursor_field?.length) s.cursor_field = [...s.stream.default_cursor_field];
      else failures.push(`stream ${s.stream.name} has neither cursor_field nor default_cursor_field`);
    }
  }
  return { catalog: inc, failures };
}

// ================================================================ basic read ====================================

function pkValues(data: unknown, pk: string[][]): unknown[] {
  return pk.map((path) => path.reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), data));
}

/** _validate_primary_keys_data_type: PK values are not list/dict, and not every part is null. */
export function primaryKeyValues(messages: Msg[], configured: Msg): Failures {
  const failures = new Set<string>();
  const pks = new Map<string, string[][]>(
    (configured.streams as Msg[])
      .filter((s) => s.stream.source_defined_primary_key?.length)
      .map((s) => [s.stream.name, s.stream.source_defined_primary_key]),
  );
  for (const message of records(messages)) {
    const pk = pks.get(message.record.stream);
    if (!pk) continue;
    const values = pkValues(message.record.data, pk);
    if (values.some((v) => v !== null && typeof v === 'object'))
      failures.add(`${message.record.stream}: a primary key value is an object or array`);
    if (values.every((v) => v === null || v === undefined))
      failures.add(`${message.record.stream}: primary key with null values in all its parts`);
  }
  return [...failures];
}

/** TestBasicRead.compare_records for every stream of the expected-records file. */
export function expectedRecordsPresent(messages: Msg[], expected: Msg[], configured: Msg, exactOrder: boolean): Failures {
  const failures: Failures = [];
  const actualByStream = groupByStream(records(messages).map((m) => m.record));
  const expectedByStream = groupByStream(expected);
  for (const [stream, want] of expectedByStream) {
    const matching = (configured.streams as Msg[]).filter((s) => s.stream.name === stream);
    if (matching.length !== 1) {
      failures.push(`Expected exactly one stream matching name ${stream} but got ${matching.length}`);
      continue;
    }
    const got = actualByStream.get(stream) ?? [];
    const pk: string[][] | undefined = matching[0]?.stream.source_defined_primary_key;
    if (pk && pk.length > 0) {
      const wantKeys = want.map((d) => canonical(pkValues(d, pk)));
      const gotKeys = got.map((d) => canonical(pkValues(d, pk)));
      if (exactOrder) {
        if (canonical(gotKeys.slice(0, wantKeys.length)) !== canonical(wantKeys)) {
          failures.push(`${stream}: the expected primary keys are not the first ones, in order, of the actual records`);
        }
      } else {
        const have = new Set(gotKeys);
        const missing = wantKeys.filter((k) => !have.has(k));
        if (missing.length > 0)
          failures.push(`${stream}: ${missing.length} expected primary keys not found, e.g. ${clip(missing[0] as string, 100)}`);
      }
    } else if (want.length > got.length) {
      failures.push(`${stream}: expected to have at least as many records as expected (${got.length} < ${want.length})`);
    }
  }
  return failures;
}

/** Beyond CAT (which compares primary keys only): each expected record's data equals the actual record's. */
export function expectedRecordsData(messages: Msg[], expected: Msg[], configured: Msg): Failures {
  const failures: Failures = [];
  const pkOf = new Map<string, string[][]>(
    (configured.streams as Msg[]).map((s) => [s.stream.name, s.stream.source_defined_primary_key ?? []]),
  );
  const actual = new Map<string, string>();
  for (const m of records(messages)) {
    const pk = pkOf.get(m.record.stream) ?? [];
    actual.set(`${m.record.stream}|${canonical(pkValues(m.record.data, pk))}`, canonical(m.record.data));
  }
  const differing = new Map<string, number>();
  for (const r of expected) {
    const pk = pkOf.get(r.stream) ?? [];
    const got = actual.get(`${r.stream}|${canonical(pkValues(r.data, pk))}`);
    if (got !== undefined && got !== canonical(r.data)) differing.set(r.stream, (differing.get(r.stream) ?? 0) + 1);
  }
  for (const [stream, n] of differing) failures.push(`${stream}: ${n} expected record(s) have different data than the read`);
  return failures;
}

function groupByStream(recordPayloads: Msg[]): Map<string, Msg[]> {
  const out = new Map<string, Msg[]>();
  for (const r of recordPayloads) out.set(r.stream, [...(out.get(r.stream) ?? []), r.data]);
  return out;
}

/** _validate_stream_statuses: every configured stream emits STARTED, RUNNING…, COMPLETE, and only those. */
export function streamStatuses(messages: Msg[], configured: Msg): Failures {
  const key = (d: Msg) => `${d.namespace ?? 'None'}-${d.name}`;
  const byStream = new Map<string, string[]>();
  for (const t of traces(messages, 'STREAM_STATUS')) {
    const k = key(t.trace.stream_status.stream_descriptor);
    byStream.set(k, [...(byStream.get(k) ?? []), t.trace.stream_status.status]);
  }
  const want = new Set((configured.streams as Msg[]).map((s) => key(s.stream)));
  const failures: Failures = [];
  const missing = [...want].filter((k) => !byStream.has(k));
  const extra = [...byStream.keys()].filter((k) => !want.has(k));
  if (missing.length || extra.length) {
    failures.push(`All stream must emit status (missing: ${missing.join(', ') || '-'}; not configured: ${extra.join(', ') || '-'})`);
  }
  for (const [stream, list] of byStream) {
    const ok =
      list.length >= 3 && list[0] === 'STARTED' && list[list.length - 1] === 'COMPLETE' && list.slice(1, -1).every((s) => s === 'RUNNING');
    if (!ok) failures.push(`${stream}: statuses ${list.join('→')}, expected STARTED→RUNNING…→COMPLETE`);
  }
  return failures;
}

/** _validate_state_messages. */
export function stateMessages(messages: Msg[], configured: Msg): Failures {
  const all = states(messages);
  const failures: Failures = [];
  if (all.length < configured.streams.length) {
    failures.push(`At least one state message should be emitted for each configured stream (${all.length} < ${configured.streams.length})`);
  }
  for (const m of all) {
    const state = m.state ?? {};
    if (state.type === 'LEGACY' || (state.type === undefined && state.data !== undefined))
      failures.push('a state message has the deprecated LEGACY type');
    else if (!isObject(state.stream?.stream_descriptor))
      failures.push(`a ${state.type} state has no stream.stream_descriptor (CAT reads it and crashes)`);
    if (!isObject(state.sourceStats)) failures.push(`the state of ${state.stream?.stream_descriptor?.name ?? '?'} has no sourceStats`);
  }
  return [...new Set(failures)];
}

// ================================================================ full refresh ==================================

export function emittedAtIncreases(first: Msg[], second: Msg[]): Failures {
  const r1 = records(first);
  const r2 = records(second);
  if (r1.length === 0) return ['At least one record should be read using provided catalog'];
  if (r2.length === 0) return ['the second read has no records (CAT: min() of an empty list)'];
  const max1 = Math.max(...r1.map((m) => m.record.emitted_at));
  const min2 = Math.min(...r2.map((m) => m.record.emitted_at));
  return max1 < min2 ? [] : [`emitted_at should increase on subsequent runs (max of read 1 ${max1} >= min of read 2 ${min2})`];
}

// ================================================================ incremental ===================================

/** naive_diff_records: DeepDiff(ignore_order=True) of the data lists; repetitions are not reported by DeepDiff. */
export function recordsDiffer(first: Msg[], second: Msg[]): boolean {
  const a = new Set(records(first).map((m) => canonical(m.record.data)));
  const b = new Set(records(second).map((m) => canonical(m.record.data)));
  if (a.size !== b.size) return true;
  for (const x of a) if (!b.has(x)) return true;
  return false;
}

/** The --state input CAT builds for read 2 of test_two_sequential_reads. */
export function stateInputFromRead(messages: Msg[]): unknown {
  const all = states(messages);
  const last = all[all.length - 1];
  if (last?.state?.type !== 'STREAM') return last?.state?.data;
  const latest = new Map<string, Msg>();
  for (const m of all) if (m.state?.type === 'STREAM') latest.set(m.state.stream.stream_descriptor.name, m.state.stream.stream_state ?? {});
  return [...latest].map(([name, streamState]) => ({
    type: 'STREAM',
    stream: {
      stream_descriptor: { name, ...('stream_namespace' in streamState ? { namespace: streamState.stream_namespace } : {}) },
      stream_state: streamState,
    },
  }));
}

export function twoSequentialReadsFirst(first: Msg[]): Failures {
  const failures: Failures = [];
  if (states(first).length === 0) failures.push('First Read should produce at least one state');
  if (records(first).length === 0) failures.push('First Read should produce at least one record');
  return failures;
}

export function twoSequentialReadsSecond(first: Msg[], second: Msg[]): Failures {
  return recordsDiffer(first, second) ? [] : ['Records should change between reads but did not'];
}

const recordCount = (m: Msg): number => Number(m.state?.sourceStats?.recordCount ?? 0);
const stateKey = (m: Msg): string => canonical(m.state?.stream ? m.state.stream.stream_state : m.state);

/** _get_unique_state_messages_with_record_count, including its quirks, on copies of the messages. */
export function uniqueStatesWithRecordCount(input: Msg[]): [Msg, number][] {
  const list = input.map((m) => structuredClone(m));
  if (list.length <= 1) return list.filter((m) => recordCount(m)).map((m) => [m, 0]);
  const unique: Msg[] = [];
  let current = 0;
  while (current < list.length - 1) {
    let next = current + 1;
    while (stateKey(list[current] as Msg) === stateKey(list[next] as Msg) && next < list.length - 1) next++;
    const sum = list.slice(current, next).reduce((acc, m) => acc + recordCount(m), 0);
    (list[current] as Msg).state.sourceStats = { recordCount: sum };
    unique.push(list[current] as Msg);
    if (next === list.length - 1 && stateKey(list[current] as Msg) !== stateKey(list[next] as Msg)) unique.push(list[next] as Msg);
    current = next;
  }
  const nonZero = unique.filter((m) => recordCount(m));
  const total = nonZero.reduce((acc, m) => acc + recordCount(m), 0);
  let running = 0;
  return nonZero.map((m) => {
    running += recordCount(m);
    return [m, total - running];
  });
}

export const MIN_BATCHES_TO_TEST = 5;

/** _states_with_expected_record_count_batch_selector. */
export function selectCheckpoints(unique: [Msg, number][]): [Msg, number][] {
  if (unique.length < 3) return unique.slice(-1);
  const sampleRate = Math.floor(unique.length / MIN_BATCHES_TO_TEST) || 1;
  return unique.filter((_, idx) => idx !== 0 && idx % sampleRate === 0 && idx !== unique.length - 1);
}

/** get_next_state_input: the accumulated per-stream states after taking this checkpoint. */
export function nextStateInput(checkpoint: Msg, accumulated: Map<string, unknown>): unknown[] {
  const state = checkpoint.state;
  if (state?.type === 'STREAM' && state.stream.stream_state)
    accumulated.set(state.stream.stream_descriptor.name, state.stream.stream_state);
  return [...accumulated].map(([name, streamState]) => ({
    type: 'STREAM',
    stream: { stream_descriptor: { name }, stream_state: streamState },
  }));
}

export function sliceReplay(full: Msg[], replay: Msg[], expectedCount: number): Failures {
  const failures: Failures = [];
  const n = records(replay).length;
  if (n < expectedCount) failures.push(`replay returned ${n} records, expected at least ${expectedCount}`);
  if (!recordsDiffer(full, replay)) failures.push('Records for subsequent reads with new state should be different');
  return failures;
}

/** test_state_with_abnormally_large_values. */
export function futureStateRead(messages: Msg[]): Failures {
  const failures: Failures = [];
  const r = records(messages);
  if (r.length > 0) failures.push(`The sync should produce no records with an abnormally large state (stream ${r[0]?.record.stream})`);
  if (states(messages).length === 0) failures.push('The sync should produce at least one STATE message');
  return failures;
}

/** High strictness: every incremental stream of the catalog is in the future-state file or declared missing. */
export function futureStateCoverage(futureState: Msg[], configured: Msg, missing: EmptyStream[]): Failures {
  const failures: Failures = [];
  if (missing.some((m) => !m.bypass_reason)) failures.push('all missing_streams must have a bypass reason specified');
  const inFile = new Set(futureState.map((s) => s?.stream?.stream_descriptor?.name));
  const declared = new Set(missing.map((m) => m.name));
  const uncovered = (configured.streams as Msg[])
    .filter((s) => s.stream.supported_sync_modes.includes('incremental'))
    .map((s) => s.stream.name)
    .filter((n) => !inFile.has(n) && !declared.has(n));
  if (uncovered.length) failures.push(`streams missing in the future_state file: ${uncovered.join(', ')}`);
  return failures;
}
