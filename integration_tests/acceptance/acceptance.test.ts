// What the retired Connector Acceptance Tests (CAT) checked and Airbyte's standard tests (.ci/standard-tests/,
// acceptance-test-config.yml) do not, against the simulator, with CAT's own assertions (assertions.ts). Each `it`
// names the CAT test it keeps. The connector runs in process (harness/in-process.ts: runCli with the files the
// executable would get, no rate limit); the built executable is run by the standard tests and the e2e tests.
//   spec          the spec lint beyond secret marking (the standard tests lint secret marking only), and
//                 integration_tests/spec.json equal to the `spec` output (test_match_expected);
//   basic_read    of every stream: expected_records.jsonl (exact order; and, beyond CAT, the same data), primary
//                 key values, stream statuses, state messages;
//   full_refresh  configured_catalog.json read twice: emitted_at increases (test_sequential_reads);
//   incremental   configured_catalog_incremental.json: two sequential reads, every checkpoint of every stream
//                 replayed (test_read_sequential_slices: each stream's part of the first of the two reads, whose
//                 streams are read independently, stands for CAT's read of that stream alone),
//                 abnormal_state.json giving no record (future state);
//   fixtures      the catalogs cover every discovered stream; the state files name exactly the incremental streams.
// Every run must print only valid Airbyte messages (harness) and exit 0.
// Image labels and AIRBYTE_ENTRYPOINT: integration_tests/metadata.test.ts (Dockerfile) and .ci/container/smoke.sh.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { type InProcessOptions, runInProcess } from '../harness/in-process.js';
import { type Message, REPO_ROOT } from '../harness/run-connector.js';
import { type Simulated, simulated } from '../harness/simulated.js';
import * as A from './assertions.js';
import { records, states } from './messages.js';

const fixture = (name: string) => readFileSync(join(REPO_ROOT, 'integration_tests', name), 'utf8');
const json = (name: string) => JSON.parse(fixture(name));
const expectedRecords: Message[] = fixture('expected_records.jsonl')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line));
const incrementalNames: string[] = json('configured_catalog_incremental.json').streams.map((s: Message) => s.stream.name);
const LONG = 180_000;
/** The fixtures are generated, never edited: a new or renamed stream only needs them regenerated. */
const REGENERATE = 'the fixtures are out of date: regenerate them with `npm run fixtures`';
/** The basic read's empty streams (acceptance-test-config.yml, each with its bypass_reason), as the standard tests read them. */
const emptyStreams: A.EmptyStream[] = (
  parseYaml(fixture('../acceptance-test-config.yml')).acceptance_tests.basic_read.tests as { empty_streams?: A.EmptyStream[] }[]
).flatMap((t) => t.empty_streams ?? []);
const isEmptyStream = (name: string) => emptyStreams.some((s) => s.name === name);
/** The stream a RECORD, STATE or stream status belongs to. */
const streamOf = (m: Message): string | undefined =>
  m.record?.stream ?? m.state?.stream?.stream_descriptor?.name ?? m.trace?.stream_status?.stream_descriptor?.name;

let env: Simulated;
let discovered: Message;

/** A connector run that must succeed: exit 0, valid messages only. */
async function run(command: string, options: InProcessOptions): Promise<Message[]> {
  const result = await runInProcess(command, options);
  expect(result.invalidLines).toEqual([]);
  expect(result.errors()).toEqual([]);
  expect(result.exitCode).toBe(0);
  return result.messages;
}

/** A fixture catalog with the discovered definition of each of its streams, as CAT built it. */
function fromFixture(name: string): Message {
  const built = A.catalogFromCustom(json(name), discovered, name);
  expect(built.failures).toEqual([]);
  return built.catalog!;
}

beforeAll(async () => {
  // The config of the standard tests' basic read: pages of 100, so the larger streams are paged.
  env = await simulated({}, { page_size: 100 });
  discovered = (await run('discover', { config: env.config })).find((m) => m.type === 'CATALOG')!.catalog;
}, LONG);
afterAll(() => env?.sim.close());

describe('spec (CAT TestSpec, beyond the standard tests)', () => {
  let spec: Message;
  beforeAll(async () => {
    spec = (await run('spec', {})).find((m) => m.type === 'SPEC')!.spec;
  });

  it('test_match_expected: the spec equals integration_tests/spec.json (regenerate with generate-fixtures.js)', () => {
    expect(A.specMatchesExpected(spec, json('spec.json'))).toEqual([]);
  });

  it.each([
    ['test_enum_usage', () => A.specEnumsUnique(spec)],
    ['test_oneof_usage', () => A.specOneOfUsage(spec)],
    ['test_property_type_is_not_array', () => A.specTypeLists(spec)],
    ['test_object_not_empty', () => A.specObjectsNotEmpty(spec)],
    ['test_array_type', () => A.specArrayItems(spec)],
    ['test_forbidden_complex_types', () => A.specForbiddenKeywords(spec)],
    ['test_defined_refs_exist_in_json_spec_file', () => A.noRefs(spec, 'spec')],
    ['test_oauth_flow_parameters', () => A.specOAuthParameters(spec)],
    ['test_additional_properties_is_true', () => A.additionalPropertiesTrue(spec.connectionSpecification, 'spec')],
  ] as const)('%s', (_name, check) => {
    expect(spec.connectionSpecification.properties.api_key).toBeDefined();
    expect(check()).toEqual([]);
  });
});

describe('basic read of every stream (CAT TestBasicRead, beyond the standard tests)', () => {
  let configured: Message;
  let messages: Message[];
  beforeAll(async () => {
    configured = A.catalogFromDiscovered(discovered, emptyStreams);
    messages = await run('read', { config: env.config, catalog: configured });
  }, LONG);

  it('reads records from every stream but the declared empty ones (what the checks below stand on)', () => {
    expect(emptyStreams.filter((s) => !s.bypass_reason)).toEqual([]);
    const streams = new Set(records(messages).map((m) => m.record.stream));
    const expected = (discovered.streams as Message[]).map((s) => s.name).filter((name) => !isEmptyStream(name));
    expect([...streams].sort()).toEqual(expected.sort());
  });

  it('expect_records, exact_order: the expected primary keys come first, in order, in every stream', () => {
    expect(A.expectedRecordsPresent(messages, expectedRecords, configured, true)).toEqual([]);
  });

  it('expected records have the same data as the read (beyond CAT, which compares primary keys)', () => {
    expect(A.expectedRecordsData(messages, expectedRecords, configured)).toEqual([]);
  });

  it('expected_records.jsonl has records of every stream (high strictness)', () => {
    const have = new Set(expectedRecords.map((r) => r.stream));
    const streams = (discovered.streams as Message[]).map((s) => s.name).filter((name) => !isEmptyStream(name));
    expect(
      streams.filter((name) => !have.has(name)),
      REGENERATE,
    ).toEqual([]);
  });

  it('primary key values are scalars and never all null', () => {
    expect(A.primaryKeyValues(messages, configured)).toEqual([]);
  });

  it('validate_stream_statuses: every stream goes STARTED, RUNNING…, COMPLETE', () => {
    expect(A.streamStatuses(messages, configured)).toEqual([]);
  });

  it('validate_state_messages: a STREAM state with sourceStats for every stream', () => {
    expect(A.stateMessages(messages, configured)).toEqual([]);
  });
});

describe('full refresh (CAT TestFullRefresh)', () => {
  it(
    'test_sequential_reads: every emitted_at of the second read is later than the first read',
    async () => {
      const catalog = A.fullRefreshOnly(fromFixture('configured_catalog.json'));
      const first = await run('read', { config: env.config, catalog });
      await sleep(100);
      const second = await run('read', { config: env.config, catalog });
      expect(records(first).length).toBeGreaterThan(0);
      expect(A.emittedAtIncreases(first, second)).toEqual([]);
    },
    LONG,
  );
});

describe('incremental (CAT TestIncremental)', () => {
  let catalog: Message;
  /** The first of the two sequential reads: every incremental stream from no state. */
  let first: Message[];
  beforeAll(async () => {
    const built = A.incrementalCatalog(fromFixture('configured_catalog_incremental.json'));
    expect(built.failures).toEqual([]);
    catalog = built.catalog;
    first = await run('read', { config: env.config, catalog });
  }, LONG);

  it(
    'test_two_sequential_reads: the first read has records and states; the second, from them, reads other records',
    async () => {
      expect(A.twoSequentialReadsFirst(first)).toEqual([]);
      const second = await run('read', { config: env.config, catalog, state: A.stateInputFromRead(first) });
      expect(A.twoSequentialReadsSecond(first, second)).toEqual([]);
    },
    LONG,
  );

  it.each(incrementalNames)(
    'test_read_sequential_slices[%s]: each sampled checkpoint, replayed, reads at least the records after it',
    async (name) => {
      const one = { streams: (catalog.streams as Message[]).filter((s) => s.stream.name === name) };
      expect(one.streams).toHaveLength(1);
      const full = first.filter((m) => streamOf(m) === name);
      expect(states(full).length).toBeGreaterThan(0);
      // CAT: an empty full read has no checkpoint worth replaying. Only a declared empty stream may be empty.
      if (isEmptyStream(name)) {
        expect(records(full)).toEqual([]);
        return;
      }
      expect(records(full).length).toBeGreaterThan(0);
      expect(states(full).length).toBeGreaterThan(0);
      const selected = A.selectCheckpoints(A.uniqueStatesWithRecordCount(states(full)));
      expect(selected.length).toBeGreaterThan(0);
      const accumulated = new Map<string, unknown>();
      for (const [checkpoint, remaining] of selected) {
        const replay = await run('read', { config: env.config, catalog: one, state: A.nextStateInput(checkpoint, accumulated) });
        expect(A.sliceReplay(full, replay, remaining)).toEqual([]);
      }
    },
    LONG,
  );

  it(
    'test_state_with_abnormally_large_values: abnormal_state.json covers every incremental stream and reads nothing',
    async () => {
      const futureState = json('abnormal_state.json');
      expect(A.futureStateCoverage(futureState, catalog, [])).toEqual([]);
      const messages = await run('read', { config: env.config, catalog: A.incrementalOnly(catalog), state: futureState });
      expect(A.futureStateRead(messages)).toEqual([]);
    },
    LONG,
  );
});

describe('fixtures', () => {
  it.each([
    ['configured_catalog.json', 'full_refresh'],
    ['configured_catalog_incremental.json', 'incremental'],
  ])('%s lists every discovered stream that supports %s', (name, mode) => {
    const listed = new Set((json(name).streams as Message[]).map((s) => s.stream.name));
    const missing = (discovered.streams as Message[]).filter((s) => s.supported_sync_modes.includes(mode) && !listed.has(s.name));
    expect(
      missing.map((s) => s.name),
      REGENERATE,
    ).toEqual([]);
    expect(listed.size).toBeGreaterThan(0);
  });

  it.each(['abnormal_state.json', 'sample_state.json'])('%s names exactly the streams of configured_catalog_incremental.json', (name) => {
    const state = json(name) as Message[];
    expect(state.every((s) => s.type === 'STREAM')).toBe(true);
    expect(state.map((s) => s.stream.stream_descriptor.name).sort(), REGENERATE).toEqual([...incrementalNames].sort());
  });
});
