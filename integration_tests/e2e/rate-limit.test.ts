// A good citizen of Attio's shared rate limit (issue 21 item 1): the BUILT connector against the simulator, counting
// what the simulator saw (its 429 answers, the most requests that reached it within one second), and the HTTP client
// in process, counting what left its rate gate.
//   - under a limit ten times below the configured rate, a 429 holds every request of the run, queued ones too, and
//     they leave one by one afterwards: at most one 429 for every four successful requests (before the run gate:
//     two to four for every five on this read, and 5 to 6 for every one on call_recordings);
//   - with no limit on the server, no second lets more requests out than the configured rate (before: the token
//     bucket's burst, a tenth of the rate, on top).

import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { attioFailurePolicy } from '../../src/attio/status-policy.js';
import { HttpClient } from '../../src/http/client.js';
import { RateLimiter } from '../../src/http/rate-limiter.js';
import { Logger } from '../../src/logger.js';
import { Output } from '../../src/protocol/output.js';
import { expectCleanChannel } from '../harness/e2e.js';
import { type Message, runConnector } from '../harness/run-connector.js';
import { type Simulator, startSimulator } from '../simulator/index.js';

const pick = (...names: string[]) => ({
  streams: names.map((name) => ({
    stream: { name, json_schema: {}, supported_sync_modes: ['full_refresh'] },
    sync_mode: 'full_refresh',
    destination_sync_mode: 'append',
  })),
});

const rateLimitedStatuses = (messages: Message[], stream: string) =>
  messages.filter(
    (m) =>
      m.type === 'TRACE' &&
      m.trace.stream_status?.stream_descriptor.name === stream &&
      m.trace.stream_status.reasons?.some((r: Message) => r.type === 'RATE_LIMITED'),
  );

/** The most of `times` (ms, ascending) within any one second (a half-open sliding window). */
function mostWithinOneSecond(times: number[]): number {
  let most = 0;
  for (let i = 0, first = 0; i < times.length; i += 1) {
    while ((times[first] ?? 0) <= (times[i] ?? 0) - 1000) first += 1;
    most = Math.max(most, i - first + 1);
  }
  return most;
}

let sims: Simulator[] = [];
afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()));
  sims = [];
});

async function sim(...args: Parameters<typeof startSimulator>): Promise<Simulator> {
  const started = await startSimulator(...args);
  sims.push(started);
  return started;
}

describe('the run gate (issue 21 item 1)', () => {
  it('the simulator limited to 10 requests/s, requests_per_second 100, 64 in flight: at most one 429 for every four answers, every record, RATE_LIMITED reported', async () => {
    const s = await sim({ rateLimit: { requestsPerSecond: 10 } });
    // deals at 10 records a page: 25 pages, which the reader asks for up to 64 at a time.
    const config = { api_key: s.apiKey, base_url: s.url, requests_per_second: 100, max_concurrent_requests: 64, page_size: 10 };
    const started = performance.now();
    const run = await runConnector('read', { config, catalog: pick('deals'), timeoutMs: 60_000 });
    const seconds = (performance.now() - started) / 1000;
    expect(run.exitCode).toBe(0);
    expectCleanChannel(run);
    expect(run.records('deals')).toHaveLength(250);
    expect(run.statuses('deals').at(-1)).toBe('COMPLETE');
    const refused = s.stats.faults.rate_limited ?? 0;
    const answered = s.stats.requests - refused;
    // The limit was met (the gate is tested, not bypassed), and waited out rather than hammered.
    expect(refused).toBeGreaterThanOrEqual(1);
    expect(refused * 4).toBeLessThanOrEqual(answered);
    expect(s.stats.peakPerSecond).toBeLessThanOrEqual(100);
    expect(rateLimitedStatuses(run.messages, 'deals').length).toBeGreaterThanOrEqual(1);
    console.info(
      `[figures] 10 req/s limit, rate 100, 64 in flight: ${refused} 429s for ${answered} answers, ` +
        `peak ${s.stats.peakPerSecond} requests in one second, ${seconds.toFixed(1)} s`,
    );
  });

  it('no limit on the server, rate 100, 64 in flight, 300 requests at once: no second lets more than 100 out (no burst on top)', async () => {
    const s = await sim();
    // Each pass through the gate, on the gate's own clock: the simulator's arrival stamps bunch up whenever this
    // process is busy elsewhere for a few ms, so the exact bound is checked where the requests leave.
    const passes: number[] = [];
    class RecordingGate extends RateLimiter {
      override async take(signal?: AbortSignal): Promise<void> {
        await super.take(signal);
        passes.push(performance.now());
      }
    }
    const http = new HttpClient({
      baseUrl: s.url,
      apiKey: s.apiKey,
      rateLimiter: new RecordingGate(100),
      maxConcurrent: 64,
      logger: new Logger(new Output(new PassThrough())),
      policy: attioFailurePolicy(),
    });
    try {
      const answers = await Promise.all(Array.from({ length: 300 }, () => http.get<{ data: unknown[] }>('/v2/objects')));
      expect(answers.every((answer) => answer.data.length > 0)).toBe(true);
    } finally {
      await http.close();
    }
    expect(passes).toHaveLength(300);
    expect(s.stats.requests).toBe(300);
    // The token bucket this gate replaced let its burst (a tenth of the rate) through on top: 110 here.
    expect(mostWithinOneSecond(passes)).toBeLessThanOrEqual(100);
    // Three seconds, not less: the rate is kept, not exceeded at the start.
    expect((passes.at(-1) ?? 0) - (passes[0] ?? 0)).toBeGreaterThanOrEqual(2990);
    console.info(
      `[figures] no server limit, rate 100: at most ${mostWithinOneSecond(passes)} requests out in one second; ` +
        `the simulator counted at most ${s.stats.peakPerSecond} arrivals in one second`,
    );
  });
});
