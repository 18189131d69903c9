// Wires one run's shared pieces from the config: the rate limiter, the HTTP client and the Attio client.

import type { Dispatcher } from 'undici';
import { AttioClient } from './attio/client.js';
import { attioFailurePolicy } from './attio/status-policy.js';
import type { Config } from './config.js';
import { HttpClient, type RetryOptions } from './http/client.js';
import { RateLimiter } from './http/rate-limiter.js';
import type { Logger } from './logger.js';

export interface Runtime {
  client: AttioClient;
  close: () => Promise<void>;
}

export interface RuntimeOverrides {
  dispatcher?: Dispatcher;
  retry?: RetryOptions;
}

export function createRuntime(config: Config, logger: Logger, overrides: RuntimeOverrides = {}): Runtime {
  const http = new HttpClient({
    baseUrl: config.base_url,
    apiKey: config.api_key,
    rateLimiter: new RateLimiter(config.requests_per_second),
    maxConcurrent: config.max_concurrent_requests,
    logger,
    policy: attioFailurePolicy(),
    ...(overrides.dispatcher ? { dispatcher: overrides.dispatcher } : {}),
    ...(overrides.retry ? { retry: overrides.retry } : {}),
  });
  return { client: new AttioClient(http), close: () => http.close() };
}
