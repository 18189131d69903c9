// The HttpClient against a real, hostile server on 127.0.0.1 (integration_tests/hostile): a body dripped one byte at a
// time, bodies larger than the cap (with and without Content-Length), 2xx JSON of the wrong shape.

import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { type Hostile, startHostile } from '../../integration_tests/hostile/server.js';
import { AttioClient } from '../attio/client.js';
import { ENDPOINTS } from '../attio/endpoints.js';
import { attioFailurePolicy } from '../attio/status-policy.js';
import type { ConnectorError } from '../errors.js';
import { Logger } from '../logger.js';
import { Output } from '../protocol/output.js';
import { HttpClient, type HttpClientOptions } from './client.js';
import { RateLimiter } from './rate-limiter.js';

let hostile: Hostile | undefined;
let client: HttpClient | undefined;
afterEach(async () => {
  await client?.close();
  await hostile?.close();
  client = undefined;
  hostile = undefined;
});

const quiet = () => new Logger(new Output(new Writable({ write: (_c, _e, callback) => callback() })));

function clientFor(url: string, options: Partial<HttpClientOptions> = {}): HttpClient {
  client = new HttpClient({
    baseUrl: url,
    apiKey: 'hostile_test_key_0123456789',
    rateLimiter: new RateLimiter(1000),
    maxConcurrent: 4,
    logger: quiet(),
    policy: attioFailurePolicy(),
    ...options,
  });
  return client;
}

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeDefined();
  return error as ConnectorError;
}

const everything = () => true;

describe('the deadline of an attempt covers headers and body (issue 12 item 2)', () => {
  it('a body dripped one byte every 50 ms trips the 400 ms deadline of each attempt, although no 50 ms gap is idle long', async () => {
    hostile = await startHostile({ rules: [{ match: everything, act: { kind: 'drip', intervalMs: 50 } }] });
    const http = clientFor(hostile.url, {
      timeoutMs: 400,
      retry: { retries: 2, maxRetryTimeMs: 60_000, minBackoffMs: 10, maxBackoffMs: 20 },
    });
    const started = performance.now();
    const error = await failure(http.get('/v2/objects'));
    const elapsed = performance.now() - started;
    expect(error.failureType).toBe('transient_error');
    expect(error.userMessage).toMatch(
      /Could not reach Attio after 3 attempt\(s\): GET \/v2\/objects: timeout: no complete answer \(headers and body\) within 400 ms/,
    );
    expect(hostile.stats.misbehaved.drip).toBe(3);
    expect(hostile.stats.bytesSent).toBeGreaterThan(3 * 4);
    expect(elapsed).toBeGreaterThanOrEqual(3 * 400);
    expect(elapsed).toBeLessThan(3 * 400 + 1500);
  });

  it('the total bound holds: attempts, backoffs and waits all end within it', async () => {
    hostile = await startHostile({ rules: [{ match: everything, act: { kind: 'drip', intervalMs: 50 } }] });
    // Each attempt may take 1 s, 100 retries are allowed: only the 1.5 s total bound stops it.
    const http = clientFor(hostile.url, {
      timeoutMs: 1000,
      retry: { retries: 100, maxRetryTimeMs: 1500, minBackoffMs: 50, maxBackoffMs: 100 },
    });
    const started = performance.now();
    const error = await failure(http.get('/v2/objects'));
    const elapsed = performance.now() - started;
    expect(error.failureType).toBe('transient_error');
    expect(elapsed).toBeGreaterThanOrEqual(1400);
    // Timer slack only (the machine may be busy): no attempt, wait or backoff outlives the bound.
    expect(elapsed).toBeLessThan(1500 + 700);
  });

  it('a 429 asking to wait past the total bound fails now instead of waiting', async () => {
    hostile = await startHostile({
      rules: [
        {
          match: everything,
          act: { kind: 'answer', status: 429, headers: { 'retry-after': '30' }, body: { status_code: 429, code: 'rate_limit_exceeded' } },
        },
      ],
    });
    const http = clientFor(hostile.url, { retry: { retries: 8, maxRetryTimeMs: 2000, minBackoffMs: 50, maxBackoffMs: 100 } });
    const started = performance.now();
    const error = await failure(http.get('/v2/objects'));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error.failureType).toBe('transient_error');
    expect(error.userMessage).toContain("Attio's rate limit was still exceeded");
    expect(hostile.stats.misbehaved.answer).toBe(1);
  });
});

describe('the size of a response is capped (issue 12 item 5)', () => {
  const cap = 2 * 1024 * 1024;

  it.each([
    ['streamed without Content-Length: counted and abandoned at the cap', false],
    ['announced by Content-Length: refused before reading', true],
  ])('%s; not retried; the error names the limit', async (_name, contentLength) => {
    hostile = await startHostile({ rules: [{ match: everything, act: { kind: 'huge', bytes: 50 * cap, contentLength } }] });
    const http = clientFor(hostile.url, { maxResponseBytes: cap });
    const error = await failure(http.post('/v2/objects/people/records/query', { limit: 500, offset: 0 }));
    expect(error.failureType).toBe('system_error');
    expect(error.userMessage).toContain('larger than 2 MiB');
    expect(error.userMessage).toContain('POST /v2/objects/people/records/query');
    expect(hostile.stats.misbehaved.huge).toBe(1);
    // The server got to send little more than the cap (plus what the socket buffers) before the client hung up.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(hostile.stats.bytesSent).toBeLessThan(cap + 8 * 1024 * 1024);
  });

  it('a page under the cap arrives whole, with its size in bytes', async () => {
    hostile = await startHostile({ rules: [{ match: everything, act: { kind: 'huge', bytes: cap - 10 } }] });
    const http = clientFor(hostile.url, { maxResponseBytes: cap });
    const page = await http.postBytes('/v2/objects/people/records/query', { limit: 500, offset: 0 });
    expect(page.length).toBe(cap - 10);
    expect((JSON.parse(page.text()) as { data: unknown[] }).data.length).toBeGreaterThan(10);
  });
});

describe('2xx JSON of an unexpected shape (issue 12 item 8)', () => {
  it.each([
    [
      '/v2/objects',
      { data: null },
      /GET \/v2\/objects with 200 but not with what the connector expects: \{"data": \[ … \]\} \(its "data" is null\)/,
    ],
    ['/v2/lists', { lists: [] }, /its "data" is missing/],
    ['/v2/notes', [1, 2], /a JSON object \{"data": \[ … \]\} \(got a list\)/],
    ['/v2/self', { data: [] }, /a token description \{"active": true\|false, …\}/],
  ])('%s answering %j: a system_error naming the route and what was expected, not retried', async (path, body, message) => {
    hostile = await startHostile({ rules: [{ match: everything, act: { kind: 'answer', status: 200, body } }] });
    // Through the Attio client, which checks each answer against its endpoint's envelope.
    const attio = new AttioClient(clientFor(hostile.url));
    const endpoint = Object.values(ENDPOINTS).find((e) => e.path === path);
    const error = await failure(endpoint === ENDPOINTS.self ? attio.self() : attio.items(endpoint ?? ENDPOINTS.objects));
    expect(error.failureType).toBe('system_error');
    expect(error.userMessage).toMatch(message);
    expect(hostile.stats.misbehaved.answer).toBe(1);
  });
});
