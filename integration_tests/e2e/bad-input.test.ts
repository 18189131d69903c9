// Bad input, end to end, table-driven: missing / unreadable / non-JSON config, catalog and state files; config
// values of the wrong type; catalogs naming unknown streams or invalid sync modes; state for unknown streams or
// in a malformed shape; bad command lines. Each row asserts the exit code, the failure_type and a message
// substring of the ERROR trace that explains it (or, for `check` with a config the spec rejects, of its
// CONNECTION_STATUS FAILED, as the Airbyte CDK answers), and, for every run: stdout is only valid Airbyte messages,
// stack traces appear only inside trace.error.stack_trace, and stderr is empty.
//
// Rows marked `bug` are known connector bugs (see the comment on each): they run as it.fails.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectCleanChannel } from '../harness/e2e.js';
import { runConnector, writeTemp, type Message, type RunOptions, type RunResult } from '../harness/run-connector.js';
import { startSimulator, type Simulator } from '../simulator/index.js';

interface Ctx {
  sim: Simulator;
  /** A valid config file for the simulator. */
  config: Record<string, unknown>;
  configPath: string;
  catalogPath: string;
  dir: string;
}

type FailureType = 'config_error' | 'system_error' | 'transient_error';

interface Row {
  name: string;
  run: (ctx: Ctx) => { command: string } & RunOptions;
  exit: 0 | 1;
  /** The ERROR trace that explains the failure: the run's own (default) or the one naming this stream. */
  stream?: string;
  failureType?: FailureType;
  message?: RegExp;
  /** check's answer to a config the spec rejects: CONNECTION_STATUS FAILED with this message, and no ERROR trace. */
  connectionFailed?: RegExp;
  /** Extra assertions. */
  also?: (run: RunResult, ctx: Ctx) => void;
  /** A known bug: the row is expected to fail until it is fixed. */
  bug?: string;
}

const stream = (name: string, sync_mode: string = 'full_refresh') => ({
  stream: { name, json_schema: {}, supported_sync_modes: ['full_refresh', 'incremental'] },
  sync_mode,
  destination_sync_mode: 'append',
});
const catalogOf = (...streams: unknown[]) => ({ streams });
const stateOf = (name: string, streamState: unknown) => [
  { type: 'STREAM', stream: { stream_descriptor: { name }, stream_state: streamState } },
];

const check = (config: unknown) => (ctx: Ctx) => ({ command: 'check', config: typeof config === 'function' ? config(ctx) : config });
const withConfig = (patch: Record<string, unknown>) => (ctx: Ctx) => ({ ...ctx.config, ...patch });
const read = (catalog: unknown, state?: unknown) => (ctx: Ctx) => ({
  command: 'read',
  config: ctx.config,
  catalog,
  ...(state === undefined ? {} : { state }),
});
const raw = (args: (ctx: Ctx) => string[]) => (ctx: Ctx) => ({ command: '', rawArgs: args(ctx) });
/** The run fails with exit 1 and a config_error trace whose message matches. */
const configError = (message: RegExp) => ({ exit: 1 as const, failureType: 'config_error' as const, message });

const ROWS: Row[] = [
  // ---- the config file
  {
    name: 'config file missing',
    run: raw(() => ['check', '--config', '/nonexistent/config.json']),
    ...configError(/Cannot read the config file "\/nonexistent\/config.json": it does not exist/),
  },
  {
    name: 'config path is a directory (unreadable)',
    run: raw((c) => ['check', '--config', c.dir]),
    ...configError(/Cannot read the config file ".*"/),
  },
  {
    name: 'config file is not JSON',
    run: check('{"api_key": "abc",'),
    ...configError(/The config file ".*" is not valid JSON/),
  },
  {
    name: 'config file is empty',
    run: check(''),
    ...configError(/The config file ".*" is empty; it must hold a JSON object/),
  },
  {
    name: 'config is a JSON list',
    run: check('[]'),
    exit: 0,
    connectionFailed: /The config must be a JSON object with at least "api_key"/,
  },
  { name: '--config not given', run: raw(() => ['check']), ...configError(/This command needs --config/) },
  { name: 'api_key missing', run: check(withConfig({ api_key: undefined })), exit: 0, connectionFailed: /"api_key" is required/ },
  {
    name: 'api_key empty',
    run: check(withConfig({ api_key: '' })),
    exit: 0,
    connectionFailed: /"api_key" is empty: paste an Attio API key/,
  },
  {
    name: 'api_key of 15 characters (the spec says minLength 16)',
    run: check(withConfig({ api_key: 'k'.repeat(15) })),
    exit: 0,
    connectionFailed: /"api_key" is too short to be an Attio API key \(at least 16 characters\)/,
  },
  { name: 'api_key is a number', run: check(withConfig({ api_key: 12345678 })), exit: 0, connectionFailed: /"api_key" must be a string/ },
  {
    name: 'page_size is a string',
    run: check(withConfig({ page_size: '100' })),
    exit: 0,
    connectionFailed: /"page_size" must be a number/,
  },
  // Once a bug: an api_key with a trailing newline (a copy-paste slip) made undici refuse the Authorization header,
  // and that was retried as a network fault. The key is now trimmed, and a header undici refuses is never retried.
  {
    name: 'api_key with a trailing newline',
    run: (c) => ({ command: 'check', config: { ...c.config, api_key: `${c.sim.apiKey}\n` } }),
    exit: 0,
    also: (run) => {
      const [status] = run.messages.filter((m) => m.type === 'CONNECTION_STATUS');
      expect(run.logs().filter((m) => /retrying/.test(m.log.message))).toEqual([]);
      expect(status?.connectionStatus.message).not.toMatch(/network path/);
      if (status?.connectionStatus.status === 'FAILED') expect(status.connectionStatus.message).toMatch(/API key/);
    },
  },
  { name: 'page_size out of range', run: check(withConfig({ page_size: 100_000 })), exit: 0, connectionFailed: /"page_size" too big/ },
  {
    name: 'requests_per_second 0',
    run: check(withConfig({ requests_per_second: 0 })),
    exit: 0,
    connectionFailed: /"requests_per_second" too small/,
  },
  {
    name: 'start_date garbage',
    run: check(withConfig({ start_date: 'last tuesday' })),
    exit: 0,
    connectionFailed: /"start_date" must be an ISO-8601 date or UTC timestamp/,
  },
  {
    name: 'start_date impossible (Feb 30)',
    run: check(withConfig({ start_date: '2024-02-30' })),
    exit: 0,
    connectionFailed: /"start_date" is not a valid date/,
  },
  {
    name: 'base_url not a URL',
    run: check(withConfig({ base_url: 'api.attio.com' })),
    exit: 0,
    connectionFailed: /"base_url" must be an http or https URL/,
  },
  // Once a bug: any URL scheme was accepted, and undici's "Invalid URL protocol" surfaced as a system_error.
  {
    name: 'base_url with a non-http scheme',
    run: check(withConfig({ base_url: 'ftp://api.attio.com' })),
    exit: 0,
    connectionFailed: /base_url/,
  },

  // discover and read have no CONNECTION_STATUS to answer with: the same mistakes are a config_error trace, exit 1.
  {
    name: 'discover with api_key missing',
    run: (c) => ({ command: 'discover', config: { ...c.config, api_key: undefined } }),
    ...configError(/"api_key" is required/),
  },
  {
    name: 'read with page_size out of range',
    run: (c) => ({ command: 'read', config: { ...c.config, page_size: 100_000 }, catalog: catalogOf(stream('users')) }),
    ...configError(/"page_size" too big/),
  },

  // ---- the catalog file
  {
    name: 'catalog file missing',
    run: raw((c) => ['read', '--config', c.configPath, '--catalog', '/nonexistent/catalog.json']),
    ...configError(/Cannot read the catalog file "\/nonexistent\/catalog.json": it does not exist/),
  },
  {
    // Issue 21: an endless file was read to 1.1 GB before it was refused.
    name: 'catalog is an endless device (read up to its limit, then refused)',
    run: raw((c) => ['read', '--config', c.configPath, '--catalog', '/dev/zero']),
    ...configError(/The catalog file "\/dev\/zero" is larger than 64 MiB, the most the connector reads for a catalog/),
  },
  {
    name: 'config is an endless device',
    run: raw(() => ['check', '--config', '/dev/zero']),
    ...configError(/The config file "\/dev\/zero" is larger than 1 MiB/),
  },
  {
    name: 'catalog path is a directory',
    run: raw((c) => ['read', '--config', c.configPath, '--catalog', c.dir]),
    ...configError(/Cannot read the catalog file ".*"/),
  },
  {
    name: 'catalog file is not JSON',
    run: read('{"streams": ['),
    ...configError(/The catalog file ".*" is not valid JSON/),
  },
  {
    name: 'catalog without streams',
    run: read({}),
    ...configError(/The configured catalog is not valid: streams/),
  },
  {
    name: "CAT's bogus catalog (__AIRBYTE__stream_that_does_not_exist, sync_mode INVALID)",
    run: read(catalogOf(stream('__AIRBYTE__stream_that_does_not_exist', 'INVALID'))),
    ...configError(/sync_mode must be "full_refresh" or "incremental"/),
  },
  {
    name: 'catalog lists a stream twice',
    run: read(catalogOf(stream('users'), stream('users'))),
    ...configError(/lists stream "users" twice/),
  },
  {
    name: 'catalog names a stream that does not exist: that stream INCOMPLETE, the others fine',
    run: read(catalogOf(stream('users'), stream('no_such_object'), stream('workspaces'))),
    stream: 'no_such_object',
    ...configError(/Stream "no_such_object" is not offered by this workspace.*Refresh the source schema/),
    also: (run) => {
      expect(run.statuses('no_such_object')).toEqual(['STARTED', 'INCOMPLETE']);
      expect(run.statuses('users').at(-1)).toBe('COMPLETE');
      expect(run.statuses('workspaces').at(-1)).toBe('COMPLETE');
      expect(run.records('users')).toHaveLength(12);
      expect(run.records('workspaces')).toHaveLength(8);
      const last = run.messages.at(-1) as Message;
      expect(last.trace.error.failure_type).toBe('config_error');
      expect(last.trace.error.message).toContain('no_such_object');
    },
  },
  {
    // As the Airbyte CDK does (commit a91dfef): read in full refresh, with an INFO saying so; not a failure.
    name: 'incremental asked of a full_refresh-only stream: read in full refresh, with a log',
    run: read(catalogOf(stream('workspace_members', 'incremental'), stream('users'))),
    exit: 0,
    also: (run) => {
      expect(run.statuses('workspace_members').at(-1)).toBe('COMPLETE');
      expect(run.records('workspace_members')).toHaveLength(12);
      expect(run.logs().filter((m) => /Stream "workspace_members" has no cursor .* read in full refresh/.test(m.log.message))).toHaveLength(
        1,
      );
      expect(run.statuses('users').at(-1)).toBe('COMPLETE');
    },
  },

  // ---- the state file
  {
    name: 'state file missing',
    run: raw((c) => ['read', '--config', c.configPath, '--catalog', c.catalogPath, '--state', '/nonexistent/state.json']),
    ...configError(/Cannot read the state file "\/nonexistent\/state.json": it does not exist/),
  },
  {
    name: 'state path is a directory',
    run: raw((c) => ['read', '--config', c.configPath, '--catalog', c.catalogPath, '--state', c.dir]),
    ...configError(/Cannot read the state file ".*"/),
  },
  {
    name: 'state file is not JSON',
    run: read(catalogOf(stream('users')), '[{"type": "STREAM",'),
    ...configError(/The state file is not valid JSON/),
  },
  {
    name: 'state is a number',
    run: read(catalogOf(stream('users')), '42'),
    ...configError(/The state file must hold a JSON list of state messages/),
  },
  {
    name: 'state STREAM without a descriptor',
    run: read(catalogOf(stream('users')), [{ type: 'STREAM', stream: {} }]),
    ...configError(/state message #1 has type STREAM but no stream.stream_descriptor.name/),
  },
  {
    name: 'state of an unknown type',
    run: read(catalogOf(stream('users')), [{ type: 'BOGUS' }]),
    ...configError(/state message #1 has unknown type "BOGUS"/),
  },
  {
    name: 'state stream_state not an object',
    run: read(catalogOf(stream('users')), stateOf('users', 'yesterday')),
    ...configError(/the stream_state of "users" is not an object/),
  },
  {
    name: 'state with a garbage cursor: that stream INCOMPLETE (config_error), the others fine',
    run: read(
      catalogOf(stream('users', 'incremental'), stream('workspaces', 'incremental')),
      stateOf('users', { created_at: 'not a time' }),
    ),
    stream: 'users',
    ...configError(/The state of stream "users" is not valid: "created_at" must be an ISO-8601 timestamp.*Reset the stream/),
    also: (run) => {
      expect(run.statuses('users')).toEqual(['STARTED', 'INCOMPLETE']);
      expect(run.statuses('workspaces').at(-1)).toBe('COMPLETE');
      expect(run.records('workspaces')).toHaveLength(8);
    },
  },
  {
    name: 'state for a stream not in the catalog: a WARN, not a failure',
    run: read(catalogOf(stream('users', 'incremental')), stateOf('deleted_object', { created_at: '2024-01-01T00:00:00.000000000Z' })),
    exit: 0,
    also: (run) => {
      const warns = run.logs().filter((m) => m.log.level === 'WARN' && m.log.message.includes('"deleted_object"'));
      expect(warns).toHaveLength(1);
      expect(warns[0]?.log.message).toMatch(/not in the configured catalog; it is ignored/);
      expect(run.statuses('users')).toEqual(['STARTED', 'RUNNING', 'COMPLETE']);
      expect(run.records('users')).toHaveLength(12);
    },
  },

  // ---- the command line
  {
    name: 'read without --catalog',
    run: raw((c) => ['read', '--config', c.configPath]),
    ...configError(/read needs --catalog/),
  },
  {
    name: 'unknown command',
    run: raw(() => ['sync', '--config', '/dev/null']),
    ...configError(/Unknown command "sync".*Usage: source-attio spec/),
  },
  { name: 'no command', run: raw(() => []), ...configError(/No command given.*Usage: source-attio spec/) },
  {
    name: 'unknown option',
    run: raw(() => ['spec', '--verbose']),
    ...configError(/Unknown option '--verbose'/),
  },
  {
    name: 'extra positional argument',
    run: raw(() => ['spec', 'now']),
    ...configError(/Unexpected argument "now"/),
  },
];

describe('bad input', () => {
  const ctx = {} as Ctx;

  beforeAll(async () => {
    ctx.sim = await startSimulator();
    ctx.config = { api_key: ctx.sim.apiKey, base_url: ctx.sim.url, requests_per_second: 100 };
    ctx.configPath = writeTemp('config.json', ctx.config);
    ctx.catalogPath = writeTemp('catalog.json', catalogOf(stream('users')));
    ctx.dir = mkdtempSync(join(tmpdir(), 'source-attio-dir-'));
  });
  afterAll(() => ctx.sim.close());

  for (const row of ROWS) {
    const test = row.bug ? it.concurrent.fails : it.concurrent;
    test(`${row.name} → exit ${row.exit}${row.failureType ? `, ${row.failureType}` : ''}${row.connectionFailed ? ', CONNECTION_STATUS FAILED' : ''}${row.bug ? ` [BUG: ${row.bug}]` : ''}`, async () => {
      const { command, ...options } = row.run(ctx);
      const run = await runConnector(command, options);
      expectCleanChannel(run);
      expect(run.signal).toBeNull();
      expect(run.exitCode).toBe(row.exit);
      if (row.exit === 0) expect(run.errors()).toEqual([]);
      if (row.failureType) {
        const errors = run.errors();
        const error = row.stream ? errors.find((m) => m.trace.error.stream_descriptor?.name === row.stream) : errors.at(-1);
        expect(error, 'an ERROR trace').toBeDefined();
        expect(error?.trace.error.failure_type).toBe(row.failureType);
        expect(error?.trace.error.message).toMatch(row.message as RegExp);
        if (!row.stream) {
          // A run-level failure: exactly one ERROR trace (CAT's `exception` status wants exactly one), last.
          expect(errors).toHaveLength(1);
          expect(run.messages.at(-1)).toBe(error);
          expect(run.records()).toEqual([]);
        }
      }
      if (row.connectionFailed) {
        const statuses = run.messages.filter((m) => m.type === 'CONNECTION_STATUS');
        expect(statuses).toHaveLength(1);
        expect(statuses[0]?.connectionStatus.status).toBe('FAILED');
        expect(statuses[0]?.connectionStatus.message).toMatch(row.connectionFailed);
      }
      row.also?.(run, ctx);
    });
  }
});
