// read: the stream loop. Per stream: STARTED, RUNNING on the first record, RECORDs, the STATEs that
// streams/checkpoints.ts decides on from the stream's policy, COMPLETE; or
// INCOMPLETE plus an ERROR trace, and the other streams carry on. Several streams run at once; each
// stream's own records stay in created_at order so its checkpoints stay exact. The loop, not the streams, owns the
// state: it parses a stream's state once for the read's cursor (state/stream-state.ts), and applies the full-refresh
// rules of checkpoints.ts (resume from a state, or end at once on one marked complete; mark a completed one).

import { selectedColumns } from '../catalog.js';
import type { Config } from '../config.js';
import { AttioApiError, attioSays } from '../attio/errors.js';
import { Semaphore } from '../http/rate-limiter.js';
import { ConfigError, type ConnectorError, toConnectorError } from '../errors.js';
import type { Logger } from '../logger.js';
import { say } from '../messages.js';
import { errorTrace, recordLines, stateMessage, streamStatus } from '../protocol/messages.js';
import type { Output } from '../protocol/output.js';
import type { ConfiguredAirbyteCatalog, ConfiguredAirbyteStream, StreamState } from '../protocol/types.js';
import type { Runtime } from '../runtime.js';
import type { InputState } from '../state/input-state.js';
import { isStateCursor, type ParsedState, parseStreamState } from '../state/stream-state.js';
import { Checkpointer, checkpointPolicy, completedEarlier, stateToResume } from '../streams/checkpoints.js';
import { chooseCursor } from '../streams/cursor-choice.js';
import { FIXED_STREAM_NAMES, isListStreamName } from '../streams/naming.js';
import {
  buildRegistry,
  EndpointAbsent,
  LIST_STREAMS_PLACEHOLDER,
  OBJECT_STREAMS_PLACEHOLDER,
  type Registry,
  type UnavailableStream,
} from '../streams/registry.js';
import { parseScopes } from '../streams/scopes.js';
import type { ReadContext, Stream } from '../streams/stream.js';

const RATE_LIMIT_STATUS_INTERVAL_MS = 1000;

export interface ReadResult {
  failed: ConnectorError[];
}

export async function read(
  config: Config,
  catalog: ConfiguredAirbyteCatalog,
  state: InputState,
  runtime: Runtime,
  output: Output,
  logger: Logger,
): Promise<ReadResult> {
  const self = await runtime.client.self();
  if (!self.active) throw new ConfigError(say('keyInactive'));
  const configuredNames = new Set(catalog.streams.map((s) => s.stream.name));
  const registry = await buildRegistry({
    client: runtime.client,
    config,
    logger,
    scopes: parseScopes(self.scope),
    wanted: configuredNames,
  });

  for (const name of state.keys()) {
    if (!configuredNames.has(name)) logger.warn(say('stateNamesUnknownStream', { stream: name }));
  }

  const failed: ConnectorError[] = [];
  // Pages held in memory (requested or waiting to be written) across all streams: memory follows this, not the
  // size of the workspace.
  const pageBudget = new Semaphore(config.max_concurrent_requests + 1);
  const queue = [...catalog.streams];
  const workers = Math.max(1, Math.min(queue.length, Math.ceil(config.max_concurrent_requests / 3), 4));
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const failure = await readStream(next, registry, state, output, logger, pageBudget, runtime.now);
        if (failure) failed.push(failure);
      }
    }),
  );
  return { failed };
}

async function readStream(
  configured: ConfiguredAirbyteStream,
  registry: Registry,
  inputState: InputState,
  output: Output,
  logger: Logger,
  pageBudget: Semaphore,
  now: () => number,
): Promise<ConnectorError | undefined> {
  const name = configured.stream.name;
  await output.send(streamStatus(name, 'STARTED'));
  const entry = registry.available.find((e) => e.name === name);
  try {
    if (!entry) throw unknownStream(name, registry);
    const stream = await buildOrSkip(entry.build(), name, logger);
    if (stream === undefined) {
      await output.send(streamStatus(name, 'COMPLETE'));
      return undefined;
    }
    // As Airbyte's own CDK does: incremental on a stream without a cursor reads it in full (PyAirbyte asks every
    // stream for incremental by default).
    const syncMode = configured.sync_mode === 'incremental' && stream.cursorField === undefined ? 'full_refresh' : configured.sync_mode;
    if (syncMode !== configured.sync_mode) {
      logger.info(say('noCursorFullRefresh', { stream: name }));
    }

    const cursorField = syncMode === 'incremental' ? chooseCursor(stream, configured.cursor_field) : undefined;
    const policy = checkpointPolicy(stream, cursorField);
    const checkpoints = new Checkpointer(policy, syncMode);
    const saved = inputState.get(name) ?? undefined;
    if (completedEarlier(syncMode, policy, saved)) {
      const last = checkpoints.atEnd(saved);
      if (last) await output.send(stateMessage(name, last.state, last.recordCount));
      await output.send(streamStatus(name, 'COMPLETE'));
      return undefined;
    }

    let lastRateLimitedStatus = 0;
    const context: ReadContext = {
      syncMode,
      ...(cursorField !== undefined ? { cursorField } : {}),
      state: startState(stream, cursorField, stateToResume(syncMode, policy, saved), logger),
      now,
      selected: columnsToEmit(stream, cursorField, selectedColumns(configured.stream.json_schema), logger),
      logger,
      pageBudget,
      onRateLimited: (until) => {
        const now = Date.now();
        if (now - lastRateLimitedStatus < RATE_LIMIT_STATUS_INTERVAL_MS) return;
        lastRateLimitedStatus = now;
        output.send(streamStatus(name, 'RUNNING', until)).catch(() => undefined);
      },
    };

    const serialize = recordLines(name);
    let running = false;
    const batches = stream.read(context);
    for (let next = await batches.next(); ; next = await batches.next()) {
      if (next.done) {
        const last = checkpoints.atEnd(next.value);
        if (last) await output.send(stateMessage(name, last.state, last.recordCount));
        break;
      }
      const batch = next.value;
      if (batch.records.length > 0) {
        if (!running) {
          running = true;
          await output.send(streamStatus(name, 'RUNNING'));
        }
        await output.writeAll(serialize(batch.records));
      }
      const checkpoint = checkpoints.afterBatch(batch);
      if (checkpoint) await output.send(stateMessage(name, checkpoint.state, checkpoint.recordCount));
    }
    await output.send(streamStatus(name, 'COMPLETE'));
    return undefined;
  } catch (thrown) {
    const error = explainForbidden(toConnectorError(thrown), name, entry?.requiredScopes ?? []);
    error.stream = name;
    logger.error(say('streamFailed', { stream: name, failure: error.userMessage }));
    await output.send(streamStatus(name, 'INCOMPLETE'));
    await output.send(errorTrace(error, name));
    return error;
  }
}

/** The stream's state parsed for the read's cursor (the default one in a full refresh). */
function startState(
  stream: Stream,
  cursorField: string | undefined,
  saved: StreamState | undefined,
  logger: Logger,
): ParsedState | undefined {
  const cursor = cursorField ?? stream.cursorField?.[0];
  if (saved === undefined || cursor === undefined) return undefined;
  if (!isStateCursor(cursor)) throw new Error(`stream ${stream.name} has cursor ${cursor}, which has no state shape`);
  const others = [...(stream.cursorField ?? []), ...Object.keys(stream.otherCursors ?? {})].filter((other) => other !== cursor);
  return parseStreamState(saved, { stream: stream.name, cursor, others, logger });
}

/**
 * The columns to emit: the catalog's selection plus the primary key and cursor (the default one, and the read's),
 * which every record needs whatever was selected. Selected columns the stream does not have are named in a warning,
 * not silently dropped.
 */
function columnsToEmit(
  stream: Stream,
  cursorField: string | undefined,
  selected: ReadonlySet<string> | undefined,
  logger: Logger,
): ReadonlySet<string> | undefined {
  if (selected === undefined) return undefined;
  const known = new Set(Object.keys((stream.jsonSchema.properties ?? {}) as Record<string, unknown>));
  const unknown = [...selected].filter((column) => !known.has(column));
  if (unknown.length > 0) {
    logger.warn(say('unknownColumnsSelected', { stream: stream.name, columns: unknown.join(', ') }));
  }
  return new Set([...selected, ...stream.primaryKey.flat(), ...(stream.cursorField ?? []), ...(cursorField ? [cursorField] : [])]);
}

/** A stream whose beta endpoint Attio stopped offering since discovery is skipped, not failed. */
async function buildOrSkip(building: Promise<Stream>, name: string, logger: Logger): Promise<Stream | undefined> {
  try {
    return await building;
  } catch (error) {
    if (!(error instanceof EndpointAbsent)) throw error;
    logger.warn(say('betaSkipped', { stream: name, status: error.status, route: error.route }));
    return undefined;
  }
}

/** A 403 in the middle of a read means a scope is missing: say which ones this stream needs. */
function explainForbidden(error: ConnectorError, stream: string, scopes: readonly string[]): ConnectorError {
  if (!(error instanceof AttioApiError) || error.status !== 403) return error;
  const attio = attioSays(error.attioMessage);
  return new ConfigError(say('streamForbidden', { stream, attio, scopes: scopes.join(', ') }), { cause: error });
}

function unknownStream(name: string, registry: Registry): ConfigError {
  const lacking = registry.unavailable.find((u) => u.name === name) ?? listingScopeMissing(name, registry);
  if (lacking) {
    return new ConfigError(say('streamLacksScope', { stream: name, scopes: lacking.missing.join(', ') }));
  }
  return new ConfigError(say('streamNotOffered', { stream: name }));
}

/** Without the scope that lists objects (or lists), their streams cannot even be named: say so. */
function listingScopeMissing(name: string, registry: Registry): UnavailableStream | undefined {
  if ((FIXED_STREAM_NAMES as readonly string[]).includes(name)) return undefined;
  const placeholder = isListStreamName(name) ? LIST_STREAMS_PLACEHOLDER : OBJECT_STREAMS_PLACEHOLDER;
  return registry.unavailable.find((u) => u.name === placeholder);
}
