import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY } from '../../src/http/client.js';
import { type HttpLimits, limitsOverrides } from './http-limits.js';

describe('limitsOverrides (the shorter HTTP bounds of tests)', () => {
  it('is the default retry budget alone when no limit is given', () => {
    expect(limitsOverrides({})).toEqual({ retry: DEFAULT_RETRY });
  });

  it('maps each field, keeping the defaults of the others', () => {
    expect(limitsOverrides({ attemptTimeoutMs: 1500, totalTimeoutMs: 4000, minBackoffMs: 100, maxResponseBytes: 1024 })).toEqual({
      retry: { ...DEFAULT_RETRY, maxRetryTimeMs: 4000, minBackoffMs: 100 },
      timeoutMs: 1500,
      maxResponseBytes: 1024,
    });
  });

  it.each([[[]], [{ attemptTimeoutMs: -1 }], [{ attemptTimeout: 5 }], [{ retries: 1.5 }]])('refuses %j', (limits) => {
    expect(() => limitsOverrides(limits as unknown as HttpLimits)).toThrow();
  });
});
