// Wires one run's shared pieces from the config: the rate limiter, the HTTP client (with Attio's failure policy) and
// the Attio client (which checks each answer against its endpoint's envelope).

import type { Dispatcher } from 'undici';
import { AttioClient } from './attio/client.js';
import { attioFailurePolicy } from './attio/status-policy.js';
import type { Config } from './config.js';
import { HttpClient, type RetryOptions } from './http/client.js';
import { RateLimiter } from './http/rate-limiter.js';
import type { Logger } from './logger.js';

export interface Runtime {
  client: AttioClient;
  /** This machine's clock (ms since the epoch), for the cursors that save an instant (state/cursor.ts). */
  now: () => number;
  close: () => Promise<void>;
}

/**
 * What a caller of runCli may set beyond the config: the bounds a test shortens (so a server that drips its answer
 * costs seconds), the request rate it lifts (the config caps it at Attio's 100 per second), the clock it moves and
 * the dispatcher. The executable (main.ts) sets none of them.
 */
export interface RuntimeOverrides {
  dispatcher?: Dispatcher;
  /** Instead of the config's requests_per_second. */
  requestsPerSecond?: number;
  retry?: RetryOptions;
  /** Deadline of one attempt (headers and body). */
  timeoutMs?: number;
  maxResponseBytes?: number;
  /** Instead of Date.now: a clock ahead of or behind Attio's. */
  now?: () => number;
}

export function createRuntime(config: Config, logger: Logger, overrides: RuntimeOverrides = {}): Runtime {
  const http = new HttpClient({
    baseUrl: config.base_url,
    apiKey: config.api_key,
    rateLimiter: new RateLimiter(overrides.requestsPerSecond ?? config.requests_per_second),
    maxConcurrent: config.max_concurrent_requests,
    logger,
    policy: attioFailurePolicy(),
    ...(overrides.dispatcher ? { dispatcher: overrides.dispatcher } : {}),
    ...(overrides.retry ? { retry: overrides.retry } : {}),
    ...(overrides.timeoutMs === undefined ? {} : { timeoutMs: overrides.timeoutMs }),
    ...(overrides.maxResponseBytes === undefined ? {} : { maxResponseBytes: overrides.maxResponseBytes }),
  });
  return { client: new AttioClient(http), now: overrides.now ?? Date.now, close: () => http.close() };
}
