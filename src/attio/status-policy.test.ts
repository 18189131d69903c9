import { describe, expect, it } from 'vitest';

import { ConfigError, ConnectorError, SystemError, TransientError } from '../errors.js';
import { HttpStatusError, TransportError } from '../http/errors.js';
import { AttioApiError, describeAnswer } from './errors.js';
import { attioFailurePolicy, INTERACTIVE_BUDGET, toAttioFailure } from './status-policy.js';
import { say } from '../messages.js';

const ROUTE = 'POST /v2/objects/people/records/query';

function http(status: number, body?: Partial<{ status_code: number; type: string; code: string; message: string }>, retryAfterMs?: number) {
  return new HttpStatusError(status, ROUTE, body === undefined ? '' : JSON.stringify(body), {}, retryAfterMs);
}

const toConnectorFailure = toAttioFailure;
/** The retry decision as one word, as the policy's table states it. */
function retryPolicy(error: unknown): 'rate-limited' | 'backoff' | 'never' {
  const decision = attioFailurePolicy().decide(error, []);
  return decision.retry === 'wait' ? 'rate-limited' : decision.retry === 'backoff' ? 'backoff' : 'never';
}

describe('describeAnswer', () => {
  it('names the route, status, code and Attio message', () => {
    const error = http(400, { code: 'filter_error', message: 'Unknown attribute "foo"' });
    expect(describeAnswer(error)).toBe(`${ROUTE} answered 400 filter_error: Unknown attribute "foo"`);
    expect(error.status).toBe(400);
    expect(describeAnswer(http(502, undefined))).toBe(`${ROUTE} answered 502`);
  });
});

describe('the retry decision', () => {
  it.each([
    [429, 'rate-limited'],
    [408, 'backoff'],
    [500, 'backoff'],
    [502, 'backoff'],
    [503, 'backoff'],
    [504, 'backoff'],
    [599, 'backoff'],
    [400, 'never'],
    [401, 'backoff'],
    [403, 'never'],
    [404, 'never'],
    [409, 'never'],
    [422, 'never'],
  ] as const)('HTTP %i → %s', (status, expected) => {
    expect(retryPolicy(http(status))).toBe(expected);
  });

  // Attio answers 401 to valid keys under sustained load (docs/attio.md, "Reliability"): a sync retries it a few times.
  it('401: backoff three times (whatever else failed in between), then fail; at once in an interactive command', () => {
    const policy = attioFailurePolicy();
    const unauthorized = http(401, { code: 'unauthorized', message: 'Invalid token.' });
    const earlier = [http(503), unauthorized, http(502), unauthorized, unauthorized];
    expect(policy.decide(unauthorized, []).retry).toBe('backoff');
    expect(policy.decide(unauthorized, earlier.slice(0, 4)).retry).toBe('backoff');
    expect(policy.decide(unauthorized, earlier).retry).toBe('fail');
    expect(attioFailurePolicy({ interactive: true }).decide(unauthorized, []).retry).toBe('fail');
    // Only the 401 row is marked for interactive commands: a 503 is still retried in check.
    expect(attioFailurePolicy({ interactive: true }).decide(http(503), []).retry).toBe('backoff');
  });

  // Attio's limit is the workspace's: the policy, not the HTTP client, says that a 429 holds every request of the run.
  it('429: waits as Retry-After asks (a second without one, at least 100 ms), holding the whole run', () => {
    const policy = attioFailurePolicy();
    expect(policy.decide(http(429, undefined, 2500), [])).toMatchObject({ retry: 'wait', waitMs: 2500, holds: 'run' });
    expect(policy.decide(http(429), [])).toMatchObject({ retry: 'wait', waitMs: 1000, holds: 'run' });
    expect(policy.decide(http(429, undefined, 0), [])).toMatchObject({ retry: 'wait', waitMs: 100, holds: 'run' });
  });

  it("check's budget is the interactive policy's (3 retries, 30 s); a sync's policy sets none (the client's default)", () => {
    expect(attioFailurePolicy({ interactive: true }).budget).toEqual(INTERACTIVE_BUDGET);
    expect(INTERACTIVE_BUDGET).toEqual({ retries: 3, maxRetryTimeMs: 30_000 });
    expect(attioFailurePolicy().budget).toBeUndefined();
  });

  it('backs off on transport faults and never retries anything else', () => {
    expect(retryPolicy(new TransportError('network', 'ECONNRESET socket hang up', ROUTE))).toBe('backoff');
    expect(retryPolicy(new Error('boom'))).toBe('never');
    expect(retryPolicy(new TypeError('x is not a function'))).toBe('never');
    expect(retryPolicy(new ConfigError(say('keyInactive')))).toBe('never');
    expect(retryPolicy('a string')).toBe('never');
    expect(retryPolicy(undefined)).toBe('never');
  });
});

describe('the error the user sees (toAttioFailure)', () => {
  it('passes connector errors through unchanged', () => {
    const original = new ConfigError(say('keyInactive'));
    expect(toConnectorFailure(original, 3)).toBe(original);
  });

  it('401 is a config error quoting Attio, with the code', () => {
    const failure = toConnectorFailure(http(401, { code: 'unauthorized', message: 'The Authorization header was not provided.' }), 1);
    expect(failure).toBeInstanceOf(ConfigError);
    expect(failure.failureType).toBe('config_error');
    expect(failure.userMessage).toMatch(/\b401\b/);
    expect(failure.userMessage).toContain('unauthorized');
    expect(failure.userMessage).toContain('Attio says: "The Authorization header was not provided."');
    expect(failure.userMessage).toMatch(/API key/);
    expect(failure).toBeInstanceOf(AttioApiError);
    expect(failure).toMatchObject({ status: 401, code: 'unauthorized', route: ROUTE });
    expect(failure.cause).toBeInstanceOf(HttpStatusError);
  });

  it('403 is a config error about scopes', () => {
    const failure = toConnectorFailure(http(403, { code: 'billing_error', type: 'auth_error', message: 'Plan does not allow this' }), 1);
    expect(failure).toBeInstanceOf(ConfigError);
    expect(failure.userMessage).toMatch(/\b403\b/);
    expect(failure.userMessage).toContain('billing_error');
    expect(failure.userMessage).toContain('Plan does not allow this');
    expect(failure.userMessage).toMatch(/scope/);
  });

  it('429 after waiting is transient', () => {
    const failure = toConnectorFailure(http(429, { code: 'rate_limit_exceeded', message: 'Rate limit exceeded' }, 1000), 4);
    expect(failure).toBeInstanceOf(TransientError);
    expect(failure.failureType).toBe('transient_error');
    expect(failure.userMessage).toContain('Rate limit exceeded');
  });

  it.each([408, 500, 502, 503, 504])('%i after retries is transient and names the route and attempts', (status) => {
    const failure = toConnectorFailure(http(status), 9);
    expect(failure).toBeInstanceOf(TransientError);
    expect(failure.userMessage).toMatch(new RegExp(`\\b${status}\\b`));
    expect(failure.userMessage).toContain(ROUTE);
    expect(failure.userMessage).toMatch(/\b9 attempt/);
  });

  it('other 4xx are system errors carrying Attio code and message', () => {
    const failure = toConnectorFailure(http(400, { code: 'filter_error', message: 'Unknown attribute slug "x"' }), 1);
    expect(failure).toBeInstanceOf(SystemError);
    expect(failure.failureType).toBe('system_error');
    // Wording may change; what the user needs is the status, Attio's code and message, and the route.
    expect(failure.userMessage).toMatch(/\b400\b/);
    expect(failure.userMessage).toContain('filter_error');
    expect(failure.userMessage).toContain('Attio says: "Unknown attribute slug "x""');
    expect(failure.userMessage).toContain(ROUTE);
    const bare = toConnectorFailure(http(404), 1);
    expect(bare).toBeInstanceOf(SystemError);
    expect(bare.userMessage).toMatch(/\b404\b/);
    expect(bare.userMessage).toContain(ROUTE);
    expect(bare.userMessage).not.toContain('Attio says');
  });

  it('transport faults are transient and suggest checking the network', () => {
    const failure = toConnectorFailure(new TransportError('network', 'ECONNREFUSED connect refused', ROUTE), 3);
    expect(failure).toBeInstanceOf(TransientError);
    expect(failure.userMessage).toMatch(/\b3 attempt/);
    expect(failure.userMessage).toContain('ECONNREFUSED');
  });

  it('anything else is a system error that keeps the detail for the logs only', () => {
    const failure = toConnectorFailure(new Error('undefined is not iterable'), 1);
    expect(failure).toBeInstanceOf(SystemError);
    expect(failure.userMessage).toBe('Unexpected failure while calling Attio.');
    expect(failure.message).toBe('undefined is not iterable');
    const fromString = toConnectorFailure('weird', 1);
    expect(fromString).toBeInstanceOf(ConnectorError);
    expect(fromString.message).toBe('weird');
  });
});
