import { beforeEach, describe, expect, it } from 'vitest';

import { ConfigError, SystemError, TransientError } from '../errors.js';
import { registerSecret } from '../redact.js';
import {
  catalogMessage,
  connectionStatus,
  errorTrace,
  logMessage,
  recordLines,
  specMessage,
  stateMessage,
  streamStatus,
} from './messages.js';
import { MESSAGES, say } from '../messages.js';

const KEY = 'attio_sk_test_7f3a9c1e5b';

beforeEach(() => registerSecret(KEY));

/** Round-trip through JSON, as the message travels. */
const wire = (value: unknown) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

describe('message shapes (integration_tests/harness/airbyte_protocol.yaml)', () => {
  it('SPEC', () => {
    expect(specMessage({ connectionSpecification: { type: 'object' } })).toEqual({
      type: 'SPEC',
      spec: { connectionSpecification: { type: 'object' } },
    });
  });

  it('CONNECTION_STATUS uses camelCase and omits an absent message', () => {
    expect(connectionStatus('SUCCEEDED')).toEqual({ type: 'CONNECTION_STATUS', connectionStatus: { status: 'SUCCEEDED' } });
    expect(wire(connectionStatus('SUCCEEDED')).connectionStatus).not.toHaveProperty('message');
    expect(connectionStatus('FAILED', say('keyInactive'))).toEqual({
      type: 'CONNECTION_STATUS',
      connectionStatus: { status: 'FAILED', message: MESSAGES.keyInactive },
    });
  });

  it('CATALOG', () => {
    const stream = { name: 'people', json_schema: { type: 'object' }, supported_sync_modes: ['full_refresh' as const] };
    expect(catalogMessage([stream])).toEqual({ type: 'CATALOG', catalog: { streams: [stream] } });
  });

  it('STATE is per STREAM with sourceStats.recordCount', () => {
    expect(stateMessage('people', { created_at: '2024-01-01T00:00:00.000000000Z', ids_at_created_at: ['r1'] }, 42)).toEqual({
      type: 'STATE',
      state: {
        type: 'STREAM',
        stream: {
          stream_descriptor: { name: 'people' },
          stream_state: { created_at: '2024-01-01T00:00:00.000000000Z', ids_at_created_at: ['r1'] },
        },
        sourceStats: { recordCount: 42 },
      },
    });
    expect(wire(stateMessage('notes', {}, 0))).toMatchObject({ state: { sourceStats: { recordCount: 0 } } });
  });

  it('LOG', () => {
    expect(logMessage('WARN', 'careful')).toEqual({ type: 'LOG', log: { level: 'WARN', message: 'careful' } });
  });

  it('STREAM_STATUS trace, with a RATE_LIMITED reason when given', () => {
    const before = Date.now();
    const started = streamStatus('people', 'STARTED');
    expect(started).toMatchObject({
      type: 'TRACE',
      trace: { type: 'STREAM_STATUS', stream_status: { stream_descriptor: { name: 'people' }, status: 'STARTED' } },
    });
    const trace = wire(started).trace as Record<string, unknown>;
    expect(Number.isInteger(trace.emitted_at)).toBe(true);
    expect(trace.emitted_at as number).toBeGreaterThanOrEqual(before);
    expect((trace.stream_status as Record<string, unknown>).reasons).toBeUndefined();

    const limited = wire(streamStatus('people', 'RUNNING', 1_730_000_000_000));
    expect((limited.trace as { stream_status: unknown }).stream_status).toEqual({
      stream_descriptor: { name: 'people' },
      status: 'RUNNING',
      reasons: [{ type: 'RATE_LIMITED', rate_limited: { quota_reset: 1_730_000_000_000 } }],
    });
  });

  it('ERROR trace carries the failure type, the user message, and the stream', () => {
    const error = new ConfigError(say('keyInactive'), { stream: 'people' });
    const message = errorTrace(error);
    expect(message).toMatchObject({
      type: 'TRACE',
      trace: {
        type: 'ERROR',
        error: { message: MESSAGES.keyInactive, failure_type: 'config_error', stream_descriptor: { name: 'people' } },
      },
    });
    const payload = (wire(message).trace as { error: Record<string, unknown> }).error;
    expect(payload).not.toHaveProperty('internal_message'); // same as the message: not repeated
    expect(typeof payload.stack_trace).toBe('string');
    expect(errorTrace(new TransientError(say('rateLimitExhausted', { attempts: 3, attio: '' })), 'deals')).toMatchObject({
      trace: { error: { failure_type: 'transient_error', stream_descriptor: { name: 'deals' } } },
    });
    expect(
      (wire(errorTrace(new TransientError(say('rateLimitExhausted', { attempts: 3, attio: '' })))).trace as { error: object }).error,
    ).not.toHaveProperty('stream_descriptor');
  });

  it('ERROR trace keeps the internal message separately', () => {
    const error = new SystemError(say('connectorFailed'), { internalMessage: 'TypeError: x is undefined' });
    expect(errorTrace(error)).toMatchObject({
      trace: { error: { message: MESSAGES.connectorFailed, internal_message: 'TypeError: x is undefined', failure_type: 'system_error' } },
    });
  });
});

describe('redaction of a registered secret', () => {
  it('masks it in LOG messages', () => {
    const message = logMessage('INFO', `calling with ${KEY} and again ${KEY}`);
    expect(JSON.stringify(message)).not.toContain(KEY);
    expect(message).toEqual({ type: 'LOG', log: { level: 'INFO', message: 'calling with **** and again ****' } });
  });

  it('masks it in the message, internal message and stack of ERROR traces', () => {
    const error = new SystemError(say('streamFailed', { stream: 'people', failure: KEY }), { internalMessage: `internal ${KEY}` });
    const text = JSON.stringify(errorTrace(error));
    expect(text).not.toContain(KEY);
    expect(error.stack).toContain(KEY); // it was there to begin with
    const payload = (wire(errorTrace(error)).trace as { error: Record<string, string> }).error;
    expect(payload.message).toBe('Stream "people" failed: ****');
    expect(payload.internal_message).toBe('internal ****');
    expect(payload.stack_trace).toContain('internal ****');
  });

  it('masks it in CONNECTION_STATUS messages', () => {
    expect(JSON.stringify(connectionStatus('FAILED', say('streamFailed', { stream: 'people', failure: KEY })))).not.toContain(KEY);
  });

  it('masks any long Bearer token even if it was never registered', () => {
    const message = logMessage('DEBUG', 'header authorization: Bearer abcdefghijklmnop1234 sent');
    expect(message).toEqual({ type: 'LOG', log: { level: 'DEBUG', message: 'header authorization: Bearer **** sent' } });
  });

  it('masks only registered secrets, and ignores too-short secrets', () => {
    const other = 'attio_sk_other_0123456789';
    expect(logMessage('INFO', `x ${other}`)).toEqual({ type: 'LOG', log: { level: 'INFO', message: `x ${other}` } });
    registerSecret('abc'); // shorter than 4: masking it would shred ordinary text
    expect(logMessage('INFO', 'abc abc')).toEqual({ type: 'LOG', log: { level: 'INFO', message: 'abc abc' } });
  });
});

describe('RECORD lines (recordLines)', () => {
  it('a batch is whole lines in chunks of at most about 48 KiB, in order, one emitted_at for all', () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({ record_id: `r${i}`, name: `Zoë ${'x'.repeat(i)}` }));
    const chunks = recordLines('people')(rows);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.endsWith('\n')).toBe(true);
      expect(chunk.length).toBeLessThan(48 * 1024 + 1000); // a chunk closes after the line that passes 48 KiB
    }
    const messages = chunks
      .join('')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(messages.map((m) => m.record.data)).toEqual(rows);
    expect(new Set(messages.map((m) => `${m.type} ${m.record.stream} ${m.record.emitted_at}`)).size).toBe(1);
    expect(recordLines('people')([])).toEqual([]);
  });
});
