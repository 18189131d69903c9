// Shorter HTTP bounds for tests (a server that drips its answer then costs seconds, not minutes), as runCli's
// injected runtime overrides. The connector's executable takes none; a spawned test run gets them through
// limited-main.ts, an in-process run through its `runtime` option.

import { z } from 'zod';
import { DEFAULT_RETRY, type RetryOptions } from '../../src/http/client.js';
import type { RuntimeOverrides } from '../../src/runtime.js';

/** How runConnector hands the limits to limited-main.ts (a JSON object of HttpLimits). */
export const LIMITS_ENV = 'SOURCE_ATTIO_TEST_HTTP_LIMITS';

const positive = z.number().int().positive();
export const HttpLimits = z.strictObject({
  attemptTimeoutMs: positive.optional(),
  totalTimeoutMs: positive.optional(),
  retries: z.number().int().nonnegative().optional(),
  minBackoffMs: positive.optional(),
  maxBackoffMs: positive.optional(),
  maxResponseBytes: positive.optional(),
  /** Above the config's 100: for a run whose subject is not the rate (the quick-start test's demo). */
  requestsPerSecond: positive.optional(),
});
export type HttpLimits = z.infer<typeof HttpLimits>;

/** The runtime overrides of these limits, the defaults kept for the others. */
export function limitsOverrides(limits: HttpLimits): RuntimeOverrides {
  const parsed = HttpLimits.parse(limits);
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
    ...(parsed.requestsPerSecond === undefined ? {} : { requestsPerSecond: parsed.requestsPerSecond }),
  };
}
