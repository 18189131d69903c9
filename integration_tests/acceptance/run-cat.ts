#!/usr/bin/env node
// Our own runner of Airbyte's Connector Acceptance Tests (CAT needs Docker + Dagger, which these machines lack).
// It reads acceptance-test-config.yml, starts the Attio simulator, and runs every test the file lists with CAT's
// assertions (assertions.ts), against the connector as a process or as the podman image.
//
//   node dist/integration_tests/acceptance/run-cat.js [--mode process|container] [--image NAME:TAG]
//        [--config acceptance-test-config.yml] [--sim-port N] [--seed N] [--no-base-url-override]
//
// Config files (sample_config.json, invalid_config.json) name http://127.0.0.1:18080 as base_url, the port a real
// CAT run would use with `node dist/integration_tests/simulator/cli.js --port 18080`. This runner starts its own
// simulator on a free port (or --sim-port) and puts its URL into every config's base_url before use, so runs can
// go in parallel and never collide on a port. --no-base-url-override uses the files as they are.
//
// Prints one line per test (PASS/FAIL/SKIP name: reason) and a final "N passed, N failed"; exits 1 on any failure.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT } from '../harness/run-connector.js';
import * as A from './assertions.js';
import { type CatConfig, highStrictnessFailures, loadCatConfig } from './cat-config.js';
import { Connector, defaultContainersConf, dockerfileFacts, imageExists, inspectImage, type Mode, type Output } from './connector.js';
import { type Msg, records, states } from './messages.js';

interface Args {
  mode: Mode;
  image?: string;
  config: string;
  simPort: number;
  seed?: number;
  overrideBaseUrl: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { mode: 'process', config: join(REPO_ROOT, 'acceptance-test-config.yml'), simPort: 0, overrideBaseUrl: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--mode') {
      const m = next();
      if (m !== 'process' && m !== 'container') throw new Error('--mode is process or container');
      args.mode = m;
    } else if (a === '--image') args.image = next();
    else if (a === '--config') args.config = resolve(next());
    else if (a === '--sim-port') args.simPort = Number(next());
    else if (a === '--seed') args.seed = Number(next());
    else if (a === '--no-base-url-override') args.overrideBaseUrl = false;
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

// ---- reporting ------------------------------------------------------------------------------------------------

let passed = 0;
let failed = 0;
let skipped = 0;

function report(name: string, failures: A.Failures, note?: string): boolean {
  if (failures.length === 0) {
    passed++;
    console.log(`PASS ${name}${note ? ` (${note})` : ''}`);
    return true;
  }
  failed++;
  const shown = failures.slice(0, 8).join(' | ') + (failures.length > 8 ? ` | … ${failures.length - 8} more` : '');
  console.log(`FAIL ${name}: ${shown}`);
  return false;
}

function skip(name: string, reason: string): void {
  skipped++;
  console.log(`SKIP ${name}: ${reason}`);
}

async function check(name: string, fn: () => Promise<A.Failures> | A.Failures, note?: string | (() => string)): Promise<boolean> {
  try {
    const failures = await fn();
    return report(name, failures, typeof note === 'function' ? note() : note);
  } catch (error) {
    return report(name, [`error: ${(error as Error).stack?.split('\n').slice(0, 3).join(' ') ?? String(error)}`]);
  }
}

// ---- simulator ------------------------------------------------------------------------------------------------

async function startSimulator(port: number, seed: number | undefined): Promise<{ url: string; apiKey: string; child: ChildProcess }> {
  const cli = join(REPO_ROOT, 'dist', 'integration_tests', 'simulator', 'cli.js');
  const child = spawn(process.execPath, [cli, '--port', String(port), ...(seed !== undefined ? ['--seed', String(seed)] : [])], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((done, fail) => {
    let buffer = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      buffer += chunk;
      const nl = buffer.indexOf('\n');
      if (nl >= 0) done(buffer.slice(0, nl));
    });
    child.on('exit', (code) => fail(new Error(`simulator exited with ${code}`)));
    setTimeout(() => fail(new Error('simulator did not start within 20 s')), 20_000).unref();
  });
  const { url, apiKey } = JSON.parse(line) as { url: string; apiKey: string };
  return { url, apiKey, child };
}

// ---- main -----------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const loaded = loadCatConfig(args.config);
  report('config: acceptance-test-config.yml validates against CAT config.py models', loaded.failures);
  if (!loaded.config) return;
  const cfg: CatConfig = loaded.config;
  report('config: high strictness rules', highStrictnessFailures(cfg));
  const basePath = cfg.base_path ? resolve(dirname(args.config), cfg.base_path) : dirname(args.config);
  const at = (p: string) => resolve(basePath, p);
  const env = Object.fromEntries(Object.entries(cfg.custom_environment_variables ?? {}).map(([k, v]) => [k, String(v)]));
  const image = args.image ?? cfg.connector_image;
  const metadata = parseYaml(readFileSync(join(basePath, 'metadata.yaml'), 'utf8')) as Msg;
  const certified = Number(metadata?.data?.ab_internal?.ql ?? 0) >= 400;

  if (args.mode === 'container') {
    defaultContainersConf();
    if (!imageExists(image)) {
      report(`container: image ${image} exists`, [`no local image ${image}: build it (.ci/container/build.sh) or pass --image`]);
      finish(started);
      return;
    }
  }
  const connector = new Connector({ mode: args.mode, image, env });
  console.log(`# mode ${args.mode}${args.mode === 'container' ? `, image ${image}` : ', node dist/src/main.js'}; config ${args.config}`);

  const sim = await startSimulator(args.simPort, args.seed);
  console.log(`# simulator ${sim.url}`);
  const protocolProblems: string[] = [];
  const nonZeroExits: string[] = [];
  const run = async (label: string, command: string, input: Parameters<Connector['run']>[1], expectFailure = false): Promise<Msg[]> => {
    const out: Output = await connector.run(command, input);
    if (out.timedOut) throw new Error(`${label}: timed out`);
    protocolProblems.push(...out.protocolProblems.slice(0, 3).map((p) => `${label}: ${p}`));
    if (out.exitCode !== 0 && !expectFailure)
      nonZeroExits.push(`${label} exited ${out.exitCode}: ${out.stderr.trim().split('\n').slice(-1)[0] ?? ''}`);
    if (out.exitCode !== 0) {
      // CAT (raise_container_error=False) parses stdout and stderr together when the command fails.
      const { parseOutput } = await import('./messages.js');
      return [...out.messages, ...parseOutput(out.stderr).messages];
    }
    return out.messages;
  };
  const loadConfig = (path: string | null | undefined): Record<string, unknown> => {
    const file = at(path ?? 'secrets/config.json');
    if (!existsSync(file)) throw new Error(`config file ${file} not found`);
    const config = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    if (args.overrideBaseUrl && 'base_url' in config) config.base_url = sim.url;
    return config;
  };
  const timeoutMs = (t: { timeout_seconds?: number | null }) => (t.timeout_seconds ? t.timeout_seconds * 1000 : undefined);
  const discovered = new Map<string, Msg>();
  const discover = async (configPath: string | null | undefined): Promise<Msg> => {
    const key = configPath ?? '';
    const cached = discovered.get(key);
    if (cached) return cached;
    const messages = await run('discover', 'discover', { config: loadConfig(configPath) });
    const catalogs = messages.filter((m) => m.type === 'CATALOG');
    if (catalogs.length === 0) throw new Error('No catalog message was emitted');
    const catalog = catalogs[catalogs.length - 1]?.catalog as Msg;
    discovered.set(key, catalog);
    return catalog;
  };
  const customOrDiscovered = async (path: string | null | undefined, configPath: string | null | undefined): Promise<Msg> => {
    const disc = await discover(configPath);
    if (!path) return A.catalogFromDiscovered(disc);
    const built = A.catalogFromCustom(JSON.parse(readFileSync(at(path), 'utf8')), disc, path);
    if (!built.catalog) throw new Error(built.failures.join('; '));
    return built.catalog;
  };

  const suites = cfg.acceptance_tests;
  try {
    // ---------------------------------------------------------------- spec
    for (const [i, t] of (suites.spec?.tests ?? []).entries()) {
      const n = `spec[${i}]`;
      const messages = await run(n, 'spec', { timeoutMs: timeoutMs(t) });
      const one = A.exactlyOne(messages, 'SPEC');
      if (!report(`${n}.actual_connector_spec: exactly one SPEC`, one.failures)) continue;
      const spec = one.value?.spec as Msg;
      const specPath = at(t.spec_path ?? 'secrets/spec.json');
      if (existsSync(specPath))
        await check(`${n}.test_match_expected`, () => A.specMatchesExpected(spec, JSON.parse(readFileSync(specPath, 'utf8'))));
      else skip(`${n}.test_match_expected`, `${specPath} does not exist`);
      await check(`${n}.test_config_match_spec`, () => A.configMatchesSpec(loadConfig(t.config_path), spec));
      await check(`${n}.test_enum_usage`, () => A.specEnumsUnique(spec));
      await check(`${n}.test_oneof_usage`, () => A.specOneOfUsage(spec));
      await check(`${n}.test_secret_is_properly_marked`, () => A.specSecretsMarked(spec));
      await check(`${n}.test_property_type_is_not_array`, () => A.specTypeLists(spec));
      await check(`${n}.test_object_not_empty`, () => A.specObjectsNotEmpty(spec));
      await check(`${n}.test_array_type`, () => A.specArrayItems(spec));
      await check(`${n}.test_forbidden_complex_types`, () => A.specForbiddenKeywords(spec));
      const warnings = A.specDateWarnings(spec);
      report(`${n}.test_date_pattern/test_date_format`, [], warnings.length ? `warnings only: ${warnings.join('; ')}` : undefined);
      await check(`${n}.test_defined_refs_exist_in_json_spec_file`, () => A.noRefs(spec, 'spec'));
      await check(`${n}.test_oauth_flow_parameters`, () => A.specOAuthParameters(spec));
      await check(`${n}.test_additional_properties_is_true`, () => A.additionalPropertiesTrue(spec.connectionSpecification, 'spec'));
      const facts = args.mode === 'container' ? inspectImage(image) : dockerfileFacts(readFileSync(join(basePath, 'Dockerfile'), 'utf8'));
      const source = args.mode === 'container' ? `podman inspect ${image}` : 'Dockerfile text';
      await check(`${n}.test_image_labels`, () => A.imageLabels(facts, metadata), source);
      await check(`${n}.test_docker_env`, () => A.imageEntrypointEnv(facts), source);
      skip(`${n}.test_backward_compatibility`, `needs the previous published image (${image.split(':')[0]}:latest); none exists`);
    }

    // ---------------------------------------------------------------- connection
    for (const [i, t] of (suites.connection?.tests ?? []).entries()) {
      const status = t.status ?? 'succeed';
      await check(`connection[${i}].test_check (${status}, ${t.config_path})`, async () =>
        A.connectionStatus(
          await run(
            `check ${t.config_path}`,
            'check',
            { config: loadConfig(t.config_path), timeoutMs: timeoutMs(t) },
            status === 'exception',
          ),
          status,
        ),
      );
    }

    // ---------------------------------------------------------------- discovery
    for (const [i, t] of (suites.discovery?.tests ?? []).entries()) {
      const n = `discovery[${i}]`;
      const messages = await run(n, 'discover', { config: loadConfig(t.config_path), timeoutMs: timeoutMs(t) });
      const { catalog, failures } = A.discoveredCatalog(messages);
      if (!report(`${n}.test_discover`, failures) || !catalog) continue;
      discovered.set(t.config_path ?? '', catalog);
      await check(`${n}.test_streams_have_valid_json_schemas`, () => A.schemasValidDraft7(catalog));
      await check(`${n}.test_defined_cursors_exist_in_schema`, () => A.cursorsInSchema(catalog));
      await check(`${n}.test_defined_refs_exist_in_schema`, () => A.catalogNoRefs(catalog));
      await check(`${n}.test_defined_keyword_exist_in_schema[allOf]`, () => A.catalogKeyword(catalog, 'allOf'));
      await check(`${n}.test_defined_keyword_exist_in_schema[not]`, () => A.catalogKeyword(catalog, 'not'));
      await check(`${n}.test_primary_keys_exist_in_schema`, () => A.primaryKeysInSchema(catalog));
      await check(`${n}.test_streams_has_sync_modes`, () => A.syncModesPresent(catalog));
      await check(`${n}.test_additional_properties_is_true`, () => A.catalogAdditionalProperties(catalog));
      if (t.validate_primary_keys_data_type !== false) await check(`${n}.test_primary_keys_data_type`, () => A.primaryKeyTypes(catalog));
      else skip(`${n}.test_primary_keys_data_type`, 'disabled in config');
      skip(`${n}.test_backward_compatibility`, `needs the previous published image (${image.split(':')[0]}:latest); none exists`);
    }

    // ---------------------------------------------------------------- basic_read
    for (const [i, t] of (suites.basic_read?.tests ?? []).entries()) {
      const n = `basic_read[${i}]`;
      const empty = (t.empty_streams ?? []) as A.EmptyStream[];
      const disc = await discover(t.config_path);
      const configured =
        cfg.test_strictness_level === 'high' || !t.configured_catalog_path
          ? A.catalogFromDiscovered(disc, empty)
          : await customOrDiscovered(t.configured_catalog_path, t.config_path);
      const messages = await run(n, 'read', { config: loadConfig(t.config_path), catalog: configured, timeoutMs: timeoutMs(t) });
      const counts = new Map<string, number>();
      for (const r of records(messages)) counts.set(r.record.stream, (counts.get(r.record.stream) ?? 0) + 1);
      const summary = `${records(messages).length} records from ${counts.size}/${configured.streams.length} streams, ${states(messages).length} states`;
      await check(`${n}.test_read: at least one record`, () => A.atLeastOneRecord(messages), summary);
      if (t.validate_schema !== false) {
        await check(`${n}.test_read: records match their schema`, () =>
          A.recordsMatchSchema(records(messages), configured, { failOnExtraColumns: t.fail_on_extra_columns ?? true }),
        );
      }
      await check(`${n}.test_read: every configured stream has records`, () => A.streamsHaveRecords(messages, configured, empty));
      if (t.validate_primary_keys_data_type !== false)
        await check(`${n}.test_read: primary key values`, () => A.primaryKeyValues(messages, configured));
      const expectPath = t.expect_records?.path;
      if (expectPath) {
        const expected = readFileSync(at(expectPath), 'utf8')
          .split('\n')
          .filter((l) => l.trim() !== '')
          .map((l) => JSON.parse(l) as Msg);
        if (cfg.test_strictness_level === 'high') {
          const have = new Set(expected.map((r) => r.stream));
          const emptyNames = new Set(empty.map((e) => e.name));
          const notSeeded = (configured.streams as Msg[]).map((s) => s.stream.name).filter((s) => !emptyNames.has(s) && !have.has(s));
          await check(`${n}.expected_records: every non-empty stream has expected records (high strictness)`, () =>
            notSeeded.length ? [`no expected records for: ${notSeeded.join(', ')}`] : [],
          );
        }
        await check(
          `${n}.test_read: expected records present`,
          () => A.expectedRecordsPresent(messages, expected, configured, t.expect_records?.exact_order ?? false),
          `${expected.length} expected records`,
        );
        await check(`${n}.expected records have the same data (beyond CAT)`, () => A.expectedRecordsData(messages, expected, configured));
      } else skip(`${n}.test_read: expected records`, t.expect_records?.bypass_reason ?? 'not configured');
      const validateStatuses = t.validate_stream_statuses ?? (certified ? true : null);
      if (validateStatuses) await check(`${n}.test_read: stream statuses`, () => A.streamStatuses(messages, configured));
      else skip(`${n}.test_read: stream statuses`, 'validate_stream_statuses not set and the connector is not certified');
      if (t.validate_state_messages !== false) await check(`${n}.test_read: state messages`, () => A.stateMessages(messages, configured));
      if (t.validate_data_points) skip(`${n}.test_read: data points`, 'validate_data_points is not implemented by this runner');
      if (t.expect_trace_message_on_failure !== false) {
        await check(`${n}.test_airbyte_trace_message_on_failure`, async () =>
          A.errorTraceOnFailure(
            await run(`${n} bogus catalog`, 'read', { config: loadConfig(t.config_path), catalog: A.BOGUS_CATALOG }, true),
          ),
        );
      }
    }

    // ---------------------------------------------------------------- full_refresh
    for (const [i, t] of (suites.full_refresh?.tests ?? []).entries()) {
      const n = `full_refresh[${i}]`;
      await check(`${n}.test_sequential_reads`, async () => {
        const catalog = A.fullRefreshOnly(await customOrDiscovered(t.configured_catalog_path, t.config_path));
        const config = loadConfig(t.config_path);
        const first = await run(`${n} read 1`, 'read', { config, catalog, timeoutMs: timeoutMs(t) });
        await sleep(100);
        const second = await run(`${n} read 2`, 'read', { config, catalog, timeoutMs: timeoutMs(t) });
        return A.emittedAtIncreases(first, second);
      });
    }

    // ---------------------------------------------------------------- incremental
    for (const [i, t] of (suites.incremental?.tests ?? []).entries()) {
      const n = `incremental[${i}]`;
      const configured = await customOrDiscovered(t.configured_catalog_path, t.config_path);
      const { catalog: incCatalog, failures: cursorFailures } = A.incrementalCatalog(configured);
      const config = loadConfig(t.config_path);
      const to = timeoutMs(t);
      const streamsNote = `${incCatalog.streams.length} incremental streams`;

      await check(
        `${n}.test_two_sequential_reads`,
        async () => {
          if (cursorFailures.length) return cursorFailures;
          const first = await run(`${n} read 1`, 'read', { config, catalog: incCatalog, timeoutMs: to });
          const f1 = A.twoSequentialReadsFirst(first);
          if (f1.length) return f1;
          const second = await run(`${n} read 2`, 'read', {
            config,
            catalog: incCatalog,
            state: A.stateInputFromRead(first),
            timeoutMs: to,
          });
          return A.twoSequentialReadsSecond(first, second);
        },
        streamsNote,
      );

      if (t.skip_comprehensive_incremental_tests) skip(`${n}.test_read_sequential_slices`, 'skip_comprehensive_incremental_tests');
      else {
        for (const stream of incCatalog.streams as Msg[]) {
          const one = { streams: [stream] };
          let replays = 0;
          await check(
            `${n}.test_read_sequential_slices[${stream.stream.name}]`,
            async () => {
              const full = await run(`${n} slices ${stream.stream.name}`, 'read', { config, catalog: one, timeoutMs: to });
              if (records(full).length === 0 || states(full).length === 0) return [];
              const selected = A.selectCheckpoints(A.uniqueStatesWithRecordCount(states(full)));
              if (selected.length === 0) return ['Unable to test because there is no suitable state checkpoint (zero record counts)'];
              const accumulated = new Map<string, unknown>();
              const failures: A.Failures = [];
              for (const [idx, [checkpoint, expectedCount]] of selected.entries()) {
                const state = A.nextStateInput(checkpoint, accumulated);
                const replay = await run(`${n} slice replay ${stream.stream.name}`, 'read', { config, catalog: one, state, timeoutMs: to });
                replays++;
                failures.push(...A.sliceReplay(full, replay, expectedCount).map((f) => `checkpoint ${idx + 1}/${selected.length}: ${f}`));
              }
              return failures;
            },
            () => `${replays} checkpoint replay(s)`,
          );
        }
      }

      const fs = t.future_state;
      if (fs?.bypass_reason != null) skip(`${n}.test_state_with_abnormally_large_values`, fs.bypass_reason);
      else if (!fs?.future_state_path) skip(`${n}.test_state_with_abnormally_large_values`, 'future_state not specified');
      else {
        const futureState = JSON.parse(readFileSync(at(fs.future_state_path), 'utf8')) as Msg[];
        const futureCatalog = A.incrementalOnly(configured);
        if (cfg.test_strictness_level === 'high') {
          await check(`${n}.future_state covers every incremental stream (high strictness)`, () =>
            A.futureStateCoverage(futureState, configured, (fs.missing_streams ?? []) as A.EmptyStream[]),
          );
        }
        await check(`${n}.test_state_with_abnormally_large_values`, async () =>
          A.futureStateRead(await run(`${n} future state`, 'read', { config, catalog: futureCatalog, state: futureState, timeoutMs: to })),
        );
      }
    }

    // ---------------------------------------------------------------- beyond CAT
    const suitesWithCatalogs = [
      ...(suites.full_refresh?.tests ?? []).map((t) => ['full_refresh', t.configured_catalog_path, t.config_path, 'full_refresh'] as const),
      ...(suites.incremental?.tests ?? []).map((t) => ['incremental', t.configured_catalog_path, t.config_path, 'incremental'] as const),
    ];
    for (const [suite, path, configPath, mode] of suitesWithCatalogs) {
      if (!path) continue;
      await check(`${suite}: ${path} covers every discovered ${mode} stream (beyond CAT)`, async () => {
        const disc = await discover(configPath);
        const listed = new Set(((JSON.parse(readFileSync(at(path), 'utf8')) as Msg).streams as Msg[]).map((s) => s.stream.name));
        const missing = (disc.streams as Msg[])
          .filter((s) => s.supported_sync_modes.includes(mode) && !listed.has(s.name))
          .map((s) => s.name);
        return missing.length ? [`not in ${path}: ${missing.join(', ')}`] : [];
      });
    }
    report('protocol: every stdout line of every run is a valid AirbyteMessage (beyond CAT)', protocolProblems);
    report('protocol: every run except the bogus catalog exits 0 (beyond CAT)', nonZeroExits);
  } finally {
    sim.child.kill('SIGTERM');
  }
  finish(started);
}

function finish(started: number): void {
  console.log(`# ${skipped} skipped; ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  console.log(`FAIL runner: ${(error as Error).stack ?? String(error)}`);
  failed++;
  finish(Date.now());
});
