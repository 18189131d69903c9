import { afterEach, describe, expect, it } from 'vitest';
import { createSeededWorkspace, startSimulator, type Simulator } from './index.js';
import { apiClient, attioError, rawGet, type RawOutcome } from './test-client.js';

const workspace = createSeededWorkspace();

function classify(outcome: RawOutcome): string {
  if (outcome.kind === 'error') return 'reset';
  if (outcome.status === 429) return '429';
  if (outcome.status >= 500) return '5xx';
  try {
    JSON.parse(outcome.text);
    return 'ok';
  } catch {
    return 'truncated';
  }
}

describe('rate limiting, latency and fault injection', () => {
  const started: Simulator[] = [];
  const start = async (options: Parameters<typeof startSimulator>[0]) => {
    const sim = await startSimulator({ workspace, ...options });
    started.push(sim);
    return sim;
  };
  afterEach(async () => {
    await Promise.all(started.splice(0).map((sim) => sim.close()));
  });

  it('injects faults at roughly the configured rates, reproducibly from the seed', async () => {
    const faults = { rate429: 0.1, rate5xx: 0.1, rateReset: 0.05, rateTruncated: 0.05, seed: 42 };
    const sim = await start({ faults });
    const n = 800;
    const outcomes: string[] = [];
    for (let i = 0; i < n; i++) outcomes.push(classify(await rawGet(sim, '/v2/objects')));
    const counts = Object.fromEntries(['ok', '429', '5xx', 'reset', 'truncated'].map((k) => [k, outcomes.filter((o) => o === k).length]));
    console.log(`fault mix over ${n} requests:`, counts);
    expect(counts['429']).toBeGreaterThan(n * 0.1 * 0.6);
    expect(counts['429']).toBeLessThan(n * 0.1 * 1.4);
    expect(counts['5xx']).toBeGreaterThan(n * 0.1 * 0.6);
    expect(counts['5xx']).toBeLessThan(n * 0.1 * 1.4);
    expect(counts.reset).toBeGreaterThan(n * 0.05 * 0.5);
    expect(counts.reset).toBeLessThan(n * 0.05 * 1.5);
    expect(counts.truncated).toBeGreaterThan(n * 0.05 * 0.5);
    expect(counts.truncated).toBeLessThan(n * 0.05 * 1.5);
    expect(sim.stats.requests).toBe(n);
    expect(sim.stats.faults).toMatchObject({
      '429': counts['429'],
      '5xx': counts['5xx'],
      reset: counts.reset,
      truncated: counts.truncated,
    });

    const again = await start({ faults });
    const replay: string[] = [];
    for (let i = 0; i < 100; i++) replay.push(classify(await rawGet(again, '/v2/objects')));
    expect(replay).toEqual(outcomes.slice(0, 100));
  });

  it('fault answers look like Attio and its proxy: HTTP-date Retry-After, HTML 502, JSON 503, half a JSON body', async () => {
    const sim = await start({ faults: { rate429: 0.25, rate5xx: 0.5, rateTruncated: 0.25, seed: 3 } });
    const seen = new Map<string, RawOutcome>();
    for (let i = 0; i < 60 && seen.size < 4; i++) {
      const outcome = await rawGet(sim, '/v2/workspace_members');
      if (outcome.kind === 'answer') seen.set(outcome.status === 200 ? 'truncated' : String(outcome.status), outcome);
    }
    const limited = seen.get('429') as Extract<RawOutcome, { kind: 'answer' }>;
    expect(JSON.parse(limited.text)).toEqual(
      attioError(429, 'rate_limit_error', 'rate_limit_exceeded', 'Rate limit exceeded, please try again later'),
    );
    const retryAt = Date.parse(String(limited.headers['retry-after']));
    expect(String(limited.headers['retry-after'])).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(retryAt % 1000).toBe(0);
    expect(retryAt - Date.now()).toBeLessThanOrEqual(1000);
    const badGateway = seen.get('502') as Extract<RawOutcome, { kind: 'answer' }>;
    expect(badGateway.headers['content-type']).toContain('text/html');
    expect(badGateway.text).toContain('502 Bad Gateway');
    const unavailable = seen.get('503') as Extract<RawOutcome, { kind: 'answer' }>;
    expect(JSON.parse(unavailable.text)).toMatchObject({ status_code: 503, code: 'service_unavailable' });
    const truncated = seen.get('truncated') as Extract<RawOutcome, { kind: 'answer' }>;
    expect(() => JSON.parse(truncated.text)).toThrow();
    expect(Number(truncated.headers['content-length'])).toBe(Buffer.byteLength(truncated.text));
    expect(truncated.text.startsWith('{"data":[')).toBe(true);
  });

  it('rate limit: a sliding 1 s window, 429 with a parseable HTTP-date Retry-After, admitted again after it', async () => {
    const sim = await start({ rateLimit: { requestsPerSecond: 5 } });
    const api = apiClient(sim);
    const answers = await Promise.all(Array.from({ length: 12 }, () => api.get('/v2/lists')));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
    const limited = answers.find((a) => a.status === 429)!;
    expect(limited.body).toMatchObject({ status_code: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded' });
    const header = limited.headers.get('retry-after')!;
    const retryAt = Date.parse(header);
    expect(Number.isNaN(retryAt)).toBe(false);
    expect(Number.isNaN(Number(header))).toBe(true); // a date, not seconds
    expect(retryAt).toBeGreaterThan(Date.now() - 1000);
    expect(retryAt).toBeLessThanOrEqual(Date.now() + 2000);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, retryAt - Date.now()) + 20));
    expect((await api.get('/v2/lists')).status).toBe(200);
    expect(sim.stats.faults.rate_limited).toBe(7);
  });

  it('failNext scripts the next matching answers, then behaves normally', async () => {
    const sim = await start({});
    const api = apiClient(sim);
    sim.failNext(
      (req) => req.method === 'POST' && req.path.endsWith('/records/query'),
      { status: 503, body: { status_code: 503, type: 'api_error', code: 'unavailable', message: 'try later' } },
      2,
    );
    sim.failNext((req) => req.path === '/v2/notes', { status: 0, destroy: true });
    expect((await api.post('/v2/objects/deals/records/query', { limit: 1 })).status).toBe(503);
    expect((await api.get('/v2/objects')).status).toBe(200); // does not match, not consumed
    expect((await api.post('/v2/objects/deals/records/query', { limit: 1 })).status).toBe(503);
    const ok = await api.post('/v2/objects/deals/records/query', { limit: 1 });
    expect(ok.status).toBe(200);
    expect(ok.body.data).toHaveLength(1);
    expect((await rawGet(sim, '/v2/notes')).kind).toBe('error');
    expect((await api.get('/v2/notes')).status).toBe(200);
    expect(sim.stats.faults.fail_next).toBe(3);
  });

  it('adds latency to every answer without blocking other requests', async () => {
    const sim = await start({ latencyMs: 150 });
    const api = apiClient(sim);
    const t0 = performance.now();
    const answers = await Promise.all(Array.from({ length: 5 }, () => api.get('/v2/lists')));
    const elapsed = performance.now() - t0;
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(145);
    expect(elapsed).toBeLessThan(5 * 150); // concurrent, not serialized
  });

  it('slowRate delays some answers by slowMs', async () => {
    const sim = await start({ faults: { slowRate: 0.5, slowMs: 120, seed: 9 } });
    const durations: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      await rawGet(sim, '/v2/self');
      durations.push(performance.now() - t0);
    }
    // Every delayed answer took at least slowMs (an undelayed one may too, on a loaded machine: not asserted).
    const slow = sim.stats.faults.slow ?? 0;
    expect(slow).toBeGreaterThan(0);
    expect(slow).toBeLessThan(10);
    const slowest = [...durations].sort((a, b) => b - a).slice(0, slow);
    expect(slowest.every((d) => d >= 115)).toBe(true);
  });
});
