#!/usr/bin/env node
// Regenerates the acceptance-test fixtures from the connector and a fresh simulator (default seed):
//   integration_tests/spec.json                          the `spec` output (acceptance.test.ts compares with it)
//   integration_tests/configured_catalog.json            every discovered stream, full_refresh
//   integration_tests/configured_catalog_limited_scopes.json  the suggested streams (metadata.yaml) that the standard
//                                                        tests' token lacking scopes can read, full_refresh
//   integration_tests/configured_catalog_incremental.json every incremental stream, incremental on its cursor
//   integration_tests/expected_records.jsonl             the first PER_STREAM records of every stream, in read order
//   integration_tests/abnormal_state.json                a state far in the future for every incremental stream
//   integration_tests/sample_state.json                  the state an incremental read of the simulator ends with
// The simulator's workspace is deterministic for a seed (ids, timestamps, order), so regenerating without a
// connector change gives the same files. emitted_at in expected_records.jsonl is a constant (no check reads it).
//
//   npm run build && node dist/integration_tests/acceptance/generate-fixtures.js

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT, runConnector } from '../harness/run-connector.js';
import { limitedTokenScopes } from '../standard-tests/configs.js';
import { catalogFromDiscovered } from './assertions.js';
import { type Msg, records, states } from './messages.js';

const PER_STREAM = 5;
const EMITTED_AT = 1_700_000_000_000;
export const FUTURE_CURSOR = '2999-12-31T23:59:59.999999999Z';
const dir = join(REPO_ROOT, 'integration_tests');
const write = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  console.log(`wrote integration_tests/${name}`);
};
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

async function main(): Promise<void> {
  const limitedToken = `sim_limited_${randomBytes(12).toString('hex')}`;
  const cli = join(REPO_ROOT, 'dist/integration_tests/simulator/cli.js');
  const sim = spawn(process.execPath, [cli, '--port', '0', '--token', `${limitedToken}=${limitedTokenScopes().join(',')}`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((done) => {
    let buffer = '';
    sim.stdout.setEncoding('utf8');
    sim.stdout.on('data', (c: string) => {
      buffer += c;
      if (buffer.includes('\n')) done(buffer.slice(0, buffer.indexOf('\n')));
    });
  });
  const { url, apiKey } = JSON.parse(line) as { url: string; apiKey: string };
  const config = { api_key: apiKey, base_url: url };
  try {
    const spec = (await runConnector('spec')).messages.find((m) => m.type === 'SPEC')?.spec;
    write('spec.json', json(spec));

    const catalog = (await runConnector('discover', { config })).messages.find((m) => m.type === 'CATALOG')?.catalog as Msg;
    const full = {
      streams: (catalog.streams as Msg[]).map((stream) => ({
        stream,
        sync_mode: 'full_refresh',
        destination_sync_mode: 'overwrite',
        primary_key: stream.source_defined_primary_key,
      })),
    };
    write('configured_catalog.json', json(full));
    const incrementalStreams = (catalog.streams as Msg[]).filter((s) => s.supported_sync_modes.includes('incremental'));
    const incremental = {
      streams: incrementalStreams.map((stream) => ({
        stream,
        sync_mode: 'incremental',
        cursor_field: stream.default_cursor_field,
        destination_sync_mode: 'append_dedup',
        primary_key: stream.source_defined_primary_key,
      })),
    };
    write('configured_catalog_incremental.json', json(incremental));

    const limitedConfig = { api_key: limitedToken, base_url: url };
    const limitedCatalog = (await runConnector('discover', { config: limitedConfig })).messages.find((m) => m.type === 'CATALOG')
      ?.catalog as Msg;
    const suggested = new Set<string>(parseYaml(readFileSync(join(REPO_ROOT, 'metadata.yaml'), 'utf8')).data.suggestedStreams.streams);
    write(
      'configured_catalog_limited_scopes.json',
      json({
        streams: (limitedCatalog.streams as Msg[])
          .filter((stream) => suggested.has(stream.name))
          .map((stream) => ({
            stream,
            sync_mode: 'full_refresh',
            destination_sync_mode: 'overwrite',
            primary_key: stream.source_defined_primary_key,
          })),
      }),
    );

    // What basic_read reads: every stream in its first supported mode.
    const read = await runConnector('read', { config, catalog: catalogFromDiscovered(catalog) });
    const perStream = new Map<string, Msg[]>();
    for (const m of records(read.messages)) {
      const list = perStream.get(m.record.stream) ?? [];
      if (list.length < PER_STREAM) list.push({ stream: m.record.stream, data: m.record.data, emitted_at: EMITTED_AT });
      perStream.set(m.record.stream, list);
    }
    const order = (catalog.streams as Msg[]).map((s) => s.name as string);
    write(
      'expected_records.jsonl',
      order
        .flatMap((name) => perStream.get(name) ?? [])
        .map((r) => JSON.stringify(r))
        .join('\n')
        .concat('\n'),
    );

    write(
      'abnormal_state.json',
      json(
        incrementalStreams.map((s) => ({
          type: 'STREAM',
          stream: {
            stream_descriptor: { name: s.name },
            stream_state: { [s.default_cursor_field[0]]: FUTURE_CURSOR, ids_at_created_at: [] },
          },
        })),
      ),
    );

    const incRead = await runConnector('read', { config, catalog: incremental });
    const last = new Map<string, Msg>();
    for (const m of states(incRead.messages)) last.set(m.state.stream.stream_descriptor.name, m.state.stream);
    write(
      'sample_state.json',
      // In catalog order: streams run concurrently, so the order their last states arrive in varies.
      json(incrementalStreams.filter((s) => last.has(s.name)).map((s) => ({ type: 'STREAM', stream: last.get(s.name) }))),
    );
  } finally {
    sim.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
