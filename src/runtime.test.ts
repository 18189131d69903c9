import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { DEFAULT_RETRY } from './http/client.js';
import { overridesFromEnv, TEST_LIMITS_ENV } from './runtime.js';

describe('overridesFromEnv (the test-only HTTP limits)', () => {
  it('is empty when the variable is unset or blank', () => {
    expect(overridesFromEnv({})).toEqual({});
    expect(overridesFromEnv({ [TEST_LIMITS_ENV]: ' ' })).toEqual({});
  });

  it('maps each field, keeping the defaults of the others', () => {
    const env = {
      [TEST_LIMITS_ENV]: JSON.stringify({ attemptTimeoutMs: 1500, totalTimeoutMs: 4000, minBackoffMs: 100, maxResponseBytes: 1024 }),
    };
    expect(overridesFromEnv(env)).toEqual({
      retry: { ...DEFAULT_RETRY, maxRetryTimeMs: 4000, minBackoffMs: 100 },
      timeoutMs: 1500,
      maxResponseBytes: 1024,
    });
  });

  it.each(['{', '[]', '{"attemptTimeoutMs": -1}', '{"attemptTimeout": 5}', '{"retries": 1.5}'])(
    'refuses %s with a config_error naming the variable',
    (text) => {
      expect(() => overridesFromEnv({ [TEST_LIMITS_ENV]: text })).toThrow(ConfigError);
      expect(() => overridesFromEnv({ [TEST_LIMITS_ENV]: text })).toThrow(TEST_LIMITS_ENV);
    },
  );
});
