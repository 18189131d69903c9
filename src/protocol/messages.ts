// Constructors for every message this source emits: the one place that knows the wire shapes.

import type { ConnectorError } from '../errors.js';
import type { UserMessage } from '../messages.js';
import { redact } from '../redact.js';
import type { AirbyteMessage, AirbyteStream, LogLevel, StreamState, StreamStatus } from './types.js';

export function specMessage(spec: Record<string, unknown>): AirbyteMessage {
  return { type: 'SPEC', spec };
}

export function connectionStatus(status: 'SUCCEEDED' | 'FAILED', message?: UserMessage): AirbyteMessage {
  return {
    type: 'CONNECTION_STATUS',
    connectionStatus: message === undefined ? { status } : { status, message: redact(message) },
  };
}

export function catalogMessage(streams: AirbyteStream[]): AirbyteMessage {
  return { type: 'CATALOG', catalog: { streams } };
}

/**
 * The RECORD lines of one batch, sharing one emitted_at, serialised by hand around each row: the record path's
 * hot loop, so the part that depends only on the stream is built once. They come in chunks of about 48 KiB of whole
 * lines: a page's 1.5 MB as one string would be flattened into fresh memory of its own outside V8's young
 * generation (as every object over 128 KiB is), then freed, for every page.
 */
export function recordLines(stream: string): (rows: readonly Record<string, unknown>[]) => string[] {
  const prefix = `{"type":"RECORD","record":{"stream":${JSON.stringify(stream)},"emitted_at":`;
  return (rows) => {
    const head = `${prefix}${Date.now()},"data":`;
    const chunks: string[] = [];
    let out = '';
    for (const row of rows) {
      out += `${head}${JSON.stringify(row)}}}\n`;
      if (out.length > CHUNK_CHARS) {
        chunks.push(out);
        out = '';
      }
    }
    if (out) chunks.push(out);
    return chunks;
  };
}
/** Under V8's 128 KiB limit for an object in the young generation, with room for the line that passes it. */
const CHUNK_CHARS = 48 * 1024;

export function stateMessage(stream: string, streamState: StreamState, recordCount: number): AirbyteMessage {
  return {
    type: 'STATE',
    state: {
      type: 'STREAM',
      stream: { stream_descriptor: { name: stream }, stream_state: streamState },
      sourceStats: { recordCount },
    },
  };
}

export function logMessage(level: LogLevel, message: string): AirbyteMessage {
  return { type: 'LOG', log: { level, message: redact(message) } };
}

export function streamStatus(stream: string, status: StreamStatus, rateLimitedUntil?: number): AirbyteMessage {
  const payload: {
    stream_descriptor: { name: string };
    status: StreamStatus;
    reasons?: { type: 'RATE_LIMITED'; rate_limited?: { quota_reset?: number } }[];
  } = { stream_descriptor: { name: stream }, status };
  if (rateLimitedUntil !== undefined) {
    payload.reasons = [{ type: 'RATE_LIMITED', rate_limited: { quota_reset: rateLimitedUntil } }];
  }
  return { type: 'TRACE', trace: { type: 'STREAM_STATUS', emitted_at: Date.now(), stream_status: payload } };
}

export function errorTrace(error: ConnectorError, stream?: string): AirbyteMessage {
  const streamName = stream ?? error.stream;
  const internal = error.message !== error.userMessage ? error.message : undefined;
  return {
    type: 'TRACE',
    trace: {
      type: 'ERROR',
      emitted_at: Date.now(),
      error: {
        message: redact(error.userMessage),
        ...(internal === undefined ? {} : { internal_message: redact(internal) }),
        ...(error.stack === undefined ? {} : { stack_trace: redact(error.stack) }),
        failure_type: error.failureType,
        ...(streamName === undefined ? {} : { stream_descriptor: { name: streamName } }),
      },
    },
  };
}
