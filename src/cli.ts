// The protocol entrypoint: `spec`, `check --config F`, `discover --config F`,
// `read --config F --catalog F [--state F]`. The one place that decides exit codes:
// 0 on success (including check's CONNECTION_STATUS FAILED, also for a config the spec rejects), 1 after a TRACE ERROR.

import { parseArgs } from 'node:util';
import { parseConfiguredCatalog } from './catalog.js';
import { type Config, parseConfig } from './config.js';
import { ConfigError, type ConnectorError, toConnectorError } from './errors.js';
import { Logger } from './logger.js';
import { type InputFileKind, readInputFile } from './input-files.js';
import { say } from './messages.js';
import { connectionStatus, errorTrace, specMessage } from './protocol/messages.js';
import type { Output } from './protocol/output.js';
import { registerSecret } from './redact.js';
import type { Runtime, RuntimeOverrides } from './runtime.js';
import { parseInputState } from './state/input-state.js';

const usage = say('usage');

export interface CliDeps {
  output: Output;
  /** Bounds and knobs beyond the config (tests shorten deadlines, lift the rate); the executable passes none. */
  runtime?: RuntimeOverrides;
}

export async function runCli(argv: string[], deps: CliDeps): Promise<number> {
  const { output } = deps;
  let logger = new Logger(output);
  try {
    const args = parseArguments(argv);
    if (args.debug) logger = new Logger(output, 'DEBUG');
    const overrides: RuntimeOverrides = deps.runtime ?? {};
    // The HTTP runtime of one command, closed (sockets, timers) however the command ends.
    const withRuntime = async <T>(config: Config, use: (runtime: Runtime) => Promise<T>): Promise<T> => {
      const { createRuntime } = await import('./runtime.js');
      const runtime = createRuntime(config, logger, overrides);
      try {
        return await use(runtime);
      } finally {
        await runtime.close();
      }
    };
    // Each command's modules are loaded once it is chosen: spec needs neither the HTTP stack nor the streams, and a
    // start-up that loads them all costs every command ~70 ms of CPU more.
    switch (args.command) {
      case 'spec': {
        const { buildSpec } = await import('./spec.js');
        await output.send(specMessage(buildSpec()));
        return 0;
      }
      case 'check': {
        // As the Airbyte CDK does: a config the spec rejects is a failed connection (exit 0) that tells the user
        // what to fix; only a config file that cannot be read or parsed is an error.
        const raw = await readConfigFile(args.config);
        let config: Config;
        try {
          config = parseConfig(raw);
        } catch (error) {
          if (!(error instanceof ConfigError)) throw error;
          await output.send(connectionStatus('FAILED', error.userMessage));
          return 0;
        }
        const { check } = await import('./commands/check.js');
        await output.send(await withRuntime(config, (runtime) => check(config, runtime, logger)));
        return 0;
      }
      case 'discover': {
        const config = await loadConfig(args.config);
        const { discover } = await import('./commands/discover.js');
        await output.send(await withRuntime(config, (runtime) => discover(config, runtime, logger)));
        return 0;
      }
      case 'read': {
        const config = await loadConfig(args.config);
        if (args.catalog === undefined) throw new ConfigError(say('catalogFlagMissing', { usage }));
        const catalog = parseConfiguredCatalog(await readJsonFile(args.catalog, 'catalog'));
        const state = parseInputState(args.state === undefined ? undefined : await readInputFile(args.state, 'state'));
        const { read } = await import('./commands/read.js');
        const result = await withRuntime(config, (runtime) => read(config, catalog, state, runtime, output, logger));
        if (result.failed.length === 0) return 0;
        await output.send(errorTrace(summarize(result.failed)));
        return 1;
      }
      default:
        throw new ConfigError(say('commandUnknown', { command: args.command, usage }));
    }
  } catch (thrown) {
    const error = toConnectorError(thrown);
    logger.error(error.userMessage);
    await output.send(errorTrace(error)).catch(() => undefined);
    return 1;
  }
}

interface Arguments {
  command: string;
  config?: string;
  catalog?: string;
  state?: string;
  debug: boolean;
}

function parseArguments(argv: string[]): Arguments {
  const options = {
    config: { type: 'string' },
    catalog: { type: 'string' },
    state: { type: 'string' },
    debug: { type: 'boolean', default: false },
  } as const;
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; strict: true; options: typeof options }>>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options,
    });
  } catch (error) {
    throw new ConfigError(say('argumentsInvalid', { problem: error instanceof Error ? error.message : String(error), usage }));
  }
  const [command, ...extra] = parsed.positionals;
  if (command === undefined) throw new ConfigError(say('commandMissing', { usage }));
  if (extra.length > 0) throw new ConfigError(say('argumentUnexpected', { argument: String(extra[0]), usage }));
  const { config, catalog, state, debug } = parsed.values;
  return { command, config, catalog, state, debug: debug ?? false };
}

async function loadConfig(path: string | undefined): Promise<Config> {
  return parseConfig(await readConfigFile(path));
}

async function readConfigFile(path: string | undefined): Promise<unknown> {
  if (path === undefined) throw new ConfigError(say('configFlagMissing', { usage }));
  const raw = await readJsonFile(path, 'config');
  // Register the key (as given and as the connector will send it) before anything can fail and print it.
  if (raw && typeof raw === 'object') {
    const key = (raw as Record<string, unknown>).api_key;
    registerSecret(key);
    if (typeof key === 'string') registerSecret(key.trim());
  }
  return raw;
}

async function readJsonFile(path: string, what: InputFileKind): Promise<unknown> {
  const text = await readInputFile(path, what);
  if (text.trim() === '') throw new ConfigError(say('fileEmpty', { what, path }));
  try {
    return JSON.parse(text);
  } catch (error) {
    // V8's message quotes the text around the error: from the config file that could be part of the API key.
    const detail = what === 'config' ? say('configJsonHint') : (error as Error).message;
    throw new ConfigError(say('fileNotJson', { what, path, detail }));
  }
}

/** The run's closing error: which streams failed, typed by the most actionable of their failures. */
function summarize(failed: ConnectorError[]): ConnectorError {
  const names = failed.map((e) => e.stream ?? '?').join(', ');
  const first = failed[0] as ConnectorError;
  const type = failed.every((e) => e.failureType === 'config_error')
    ? 'config_error'
    : failed.some((e) => e.failureType === 'system_error')
      ? 'system_error'
      : 'transient_error';
  const summary = toConnectorError(first);
  const message = say('syncIncomplete', { count: failed.length, streams: names, first: first.userMessage });
  return Object.assign(Object.create(Object.getPrototypeOf(summary)), summary, {
    userMessage: message,
    message,
    failureType: type,
    stream: undefined,
  }) as ConnectorError;
}
