// Wires one run's shared pieces from the config: the rate limiter, the HTTP client (with Attio's failure policy and
// envelope check) and the Attio client.

import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { AttioClient } from './attio/client.js';
import { checkAttioEnvelope } from './attio/envelope.js';
import { attioFailurePolicy } from './attio/status-policy.js';
import type { Config } from './config.js';
import { ConfigError } from './errors.js';
import { say } from './messages.js';
import { DEFAULT_RETRY, HttpClient, type RetryOptions } from './http/client.js';
import { RateLimiter } from './http/rate-limiter.js';
import type { Logger } from './logger.js';

export interface Runtime {
  client: AttioClient;
  close: () => Promise<void>;
}

export interface RuntimeOverrides {
  dispatcher?: Dispatcher;
  retry?: RetryOptions;
  /** Deadline of one attempt (headers and body). */
  timeoutMs?: number;
  maxResponseBytes?: number;
}

export function createRuntime(config: Config, logger: Logger, overrides: RuntimeOverrides = {}): Runtime {
  const http = new HttpClient({
    baseUrl: config.base_url,
    apiKey: config.api_key,
    rateLimiter: new RateLimiter(config.requests_per_second),
    maxConcurrent: config.max_concurrent_requests,
    logger,
    policy: attioFailurePolicy(),
    checkJson: checkAttioEnvelope,
    ...(overrides.dispatcher ? { dispatcher: overrides.dispatcher } : {}),
    ...(overrides.retry ? { retry: overrides.retry } : {}),
    ...(overrides.timeoutMs === undefined ? {} : { timeoutMs: overrides.timeoutMs }),
    ...(overrides.maxResponseBytes === undefined ? {} : { maxResponseBytes: overrides.maxResponseBytes }),
  });
  return { client: new AttioClient(http), close: () => http.close() };
}

/**
 * For tests only: shorter deadlines and limits than a sync should use, so a test of a server that drips its answer
 * ends in seconds instead of minutes. Not part of the spec; documented in docs/attio.md (Reliability).
 */
export const TEST_LIMITS_ENV = 'SOURCE_ATTIO_TEST_HTTP_LIMITS';

const positive = z.number().int().positive();
const TestLimits = z.strictObject({
  attemptTimeoutMs: positive.optional(),
  totalTimeoutMs: positive.optional(),
  retries: z.number().int().nonnegative().optional(),
  minBackoffMs: positive.optional(),
  maxBackoffMs: positive.optional(),
  maxResponseBytes: positive.optional(),
});

/** The overrides TEST_LIMITS_ENV asks for (a JSON object), or none when it is unset. */
export function overridesFromEnv(env: Record<string, string | undefined>): RuntimeOverrides {
  const text = env[TEST_LIMITS_ENV];
  if (text === undefined || text.trim() === '') return {};
  let parsed: z.infer<typeof TestLimits>;
  try {
    parsed = TestLimits.parse(JSON.parse(text));
  } catch {
    throw new ConfigError(say('testLimitsInvalid', { variable: TEST_LIMITS_ENV }));
  }
  const retry: RetryOptions = {
    retries: parsed.retries ?? DEFAULT_RETRY.retries,
    maxRetryTimeMs: parsed.totalTimeoutMs ?? DEFAULT_RETRY.maxRetryTimeMs,
    minBackoffMs: parsed.minBackoffMs ?? DEFAULT_RETRY.minBackoffMs,
    maxBackoffMs: parsed.maxBackoffMs ?? DEFAULT_RETRY.maxBackoffMs,
  };
  return {
    retry,
    ...(parsed.attemptTimeoutMs === undefined ? {} : { timeoutMs: parsed.attemptTimeoutMs }),
    ...(parsed.maxResponseBytes === undefined ? {} : { maxResponseBytes: parsed.maxResponseBytes }),
  };
}
