import { describe, expect, it } from 'vitest';

import { ConfigError } from './errors.js';
import { DEFAULT_BASE_URL, parseConfig, startCursor } from './config.js';

const SECRET = 'attio_sk_1234567890_super_secret';

function configError(raw: unknown): ConfigError {
  try {
    parseConfig(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const e = error as ConfigError;
    expect(e.failureType).toBe('config_error');
    return e;
  }
  throw new Error('expected parseConfig to throw');
}

describe('parseConfig', () => {
  it('fills defaults for a minimal config', () => {
    expect(parseConfig({ api_key: SECRET })).toEqual({
      api_key: SECRET,
      include_raw_values: false,
      allow_mass_deletions: false,
      include_archived_attributes: false,
      requests_per_second: 50,
      max_concurrent_requests: 12,
      page_size: 500,
      base_url: DEFAULT_BASE_URL,
    });
  });

  it('keeps every field that is set, and passes unknown keys through', () => {
    const config = parseConfig({
      api_key: SECRET,
      start_date: '2024-01-01T00:00:00Z',
      include_raw_values: true,
      include_archived_attributes: true,
      requests_per_second: 10,
      max_concurrent_requests: 2,
      page_size: 250,
      base_url: 'http://127.0.0.1:8080',
      _comment: 'ignored by the connector',
    });
    expect(config).toMatchObject({
      start_date: '2024-01-01T00:00:00Z',
      include_raw_values: true,
      requests_per_second: 10,
      max_concurrent_requests: 2,
      page_size: 250,
      base_url: 'http://127.0.0.1:8080',
    });
    expect((config as Record<string, unknown>)._comment).toBe('ignored by the connector');
  });

  it('takes history_attributes as "<object or list slug>.<attribute slug>" names', () => {
    expect(parseConfig({ api_key: SECRET, history_attributes: ['deals.value', 'sales_pipeline.owner'] }).history_attributes).toEqual([
      'deals.value',
      'sales_pipeline.owner',
    ]);
    expect(configError({ api_key: SECRET, history_attributes: ['dealsvalue'] }).userMessage).toBe(
      'The config is not valid: "history_attributes.0" must be "<object or list slug>.<attribute slug>", e.g. deals.value.',
    );
    expect(configError({ api_key: SECRET, history_attributes: 'deals.value' }).userMessage).toMatch(/"history_attributes" must be a array/);
  });

  it('rejects a page_size above 500: a short page must mean the end, so never ask for more than Attio returns', () => {
    expect(configError({ api_key: 'k_12345678', page_size: 501 }).userMessage).toMatch(/"page_size"/);
  });

  it('refuses page_size 1, with why: pages must overlap to see records deleted during a read', () => {
    expect(configError({ api_key: SECRET, page_size: 1 }).userMessage).toBe(
      'The config is not valid: "page_size" must be at least 2: consecutive pages overlap by one record, which is how the connector sees records deleted during a read.',
    );
    expect(parseConfig({ api_key: SECRET, page_size: 2 }).page_size).toBe(2);
  });

  it.each([null, 'a string', 42, [], [{ api_key: SECRET }], undefined])('rejects a non-object config %j', (raw) => {
    expect(configError(raw).userMessage).toBe('The config must be a JSON object with at least "api_key".');
  });

  it('names a missing api_key as required', () => {
    const error = configError({ start_date: '2024-01-01' });
    expect(error.userMessage).toBe('The config is not valid: "api_key" is required.');
  });

  it('rejects an empty api_key (or blanks) as empty, not as too short', () => {
    for (const key of ['', '   \n'])
      expect(configError({ api_key: key }).userMessage).toBe(
        'The config is not valid: "api_key" is empty: paste an Attio API key (Workspace settings → Developers → Access tokens).',
      );
  });

  // Issue 21: some UIs send an emptied optional field as "" rather than leaving it out.
  it.each(['', '  '])('takes the start_date %j as unset', (startDate) => {
    const config = parseConfig({ api_key: SECRET, start_date: startDate });
    expect(config.start_date).toBeUndefined();
    expect(startCursor(config)).toBeUndefined();
  });

  it('names each mistyped field, without echoing the value', () => {
    const error = configError({ api_key: 12345678901234, page_size: '500', include_raw_values: 'yes' });
    expect(error.userMessage).toMatch(/"api_key" /);
    expect(error.userMessage).toMatch(/"page_size" /);
    expect(error.userMessage).toMatch(/"include_raw_values" /);
    expect(error.userMessage).not.toContain('12345678901234');
    expect(error.userMessage).not.toContain('yes');
  });

  // Fixed bug: config.ts describeIssue (line 91) tells "missing" from "wrong type" by `issue.input === undefined`, but
  // zod 4 leaves `input` out of issues unless parsed with { reportInput: true } (line 77 calls plain safeParse).
  // So every wrong type is reported as missing: {"api_key": 12345678901234, "page_size": "500"} gives
  // 'The config is not valid: "api_key" is required; "page_size" is required.' instead of
  // '"api_key" must be a string; "page_size" must be a number' — telling the user to add a field they did set.
  it('says "must be a <type>" for a wrong type rather than "is required"', () => {
    const error = configError({ api_key: 12345678901234, page_size: '500', include_raw_values: 'yes' });
    expect(error.userMessage).toContain('"api_key" must be a string');
    expect(error.userMessage).toContain('"page_size" must be a number');
    expect(error.userMessage).toContain('"include_raw_values" must be a boolean');
    expect(error.userMessage).not.toContain('is required');
  });

  it('reports out-of-range numbers', () => {
    expect(configError({ api_key: SECRET, requests_per_second: 0 }).userMessage).toContain('"requests_per_second"');
    expect(configError({ api_key: SECRET, requests_per_second: 101 }).userMessage).toContain('"requests_per_second"');
    expect(configError({ api_key: SECRET, page_size: 2.5 }).userMessage).toContain('"page_size"');
    expect(configError({ api_key: SECRET, max_concurrent_requests: 65 }).userMessage).toContain('"max_concurrent_requests"');
  });

  it.each(['yesterday', '01/02/2024', '2024-13-01', '2024-01-01T10:00:00+02', '2024-01-01T25:00:00Z'])(
    'rejects the start_date %j with a hint, never echoing the api_key',
    (startDate) => {
      const error = configError({ api_key: SECRET, start_date: startDate });
      expect(error.userMessage).toMatch(
        /"start_date" (must be an ISO-8601 date or UTC timestamp, e\.g\. 2024-01-01T00:00:00Z|is not a valid date)/,
      );
      expect(error.userMessage).not.toContain(SECRET);
      expect(error.message).not.toContain(SECRET);
    },
  );

  // Fixed bug (same root cause as timestamps.test.ts "impossible date"): normalizeTimestamp accepts '2023-02-29',
  // so the refine 'is not a valid date' (config.ts start_date) lets it through and parseConfig returns it.
  it('rejects an impossible start_date such as 2023-02-29', () => {
    expect(configError({ api_key: SECRET, start_date: '2023-02-29' }).userMessage).toContain('"start_date"');
  });

  it('rejects a malformed base_url', () => {
    expect(configError({ api_key: SECRET, base_url: 'not a url' }).userMessage).toContain('"base_url"');
  });

  it('never puts the api_key in any message, whatever else is wrong', () => {
    const inputs: unknown[] = [
      { api_key: SECRET, start_date: SECRET },
      { api_key: SECRET, page_size: SECRET },
      { api_key: SECRET, base_url: SECRET },
      { api_key: SECRET, requests_per_second: -1, start_date: 'x', include_raw_values: SECRET },
      { api_key: [SECRET] },
      { api_key: { value: SECRET } },
    ];
    for (const raw of inputs) {
      const error = configError(raw);
      expect(error.userMessage).not.toContain(SECRET);
      expect(error.message).not.toContain(SECRET);
      expect(String(error.stack)).not.toContain(SECRET);
    }
  });

  it('lists every problem at once', () => {
    const error = configError({ page_size: 0, start_date: 'nope' });
    expect(error.userMessage).toContain('"api_key" is required');
    expect(error.userMessage).toContain('"page_size"');
    expect(error.userMessage).toContain('"start_date"');
  });
});

// Issue 12: keys too short to be real (and to mask safely), and base_urls that would break every URL.
describe('parseConfig: api_key length and base_url shape', () => {
  it.each(['people', 'Attio', 'abc', 'k_12345678', 'fifteen_chars_x'])('refuses the api_key %j as too short, without quoting it', (key) => {
    const error = configError({ api_key: key });
    expect(error.userMessage).toBe(
      'The config is not valid: "api_key" is too short to be an Attio API key (at least 16 characters): copy the whole key.',
    );
  });

  it('accepts a key of 16 characters', () => {
    expect(parseConfig({ api_key: 'sixteen_chars_xx' }).api_key).toBe('sixteen_chars_xx');
  });

  it.each(['https://proxy.example/attio?token=1', 'https://api.attio.com#x', 'https://api.attio.com/?'])(
    'refuses the base_url %j (a query or fragment would land in the middle of every URL)',
    (url) => {
      expect(configError({ api_key: SECRET, base_url: url }).userMessage).toContain(
        '"base_url" must not have a query (?…) or fragment (#…): give the address of the API only',
      );
    },
  );

  it('accepts a base_url with a path (a proxy)', () => {
    expect(parseConfig({ api_key: SECRET, base_url: 'https://proxy.example/attio/' }).base_url).toBe('https://proxy.example/attio/');
  });
});

describe('startCursor', () => {
  it('is undefined without a start_date', () => {
    expect(startCursor(parseConfig({ api_key: SECRET }))).toBeUndefined();
  });

  it('normalizes the start_date to the fixed-width cursor form', () => {
    expect(startCursor(parseConfig({ api_key: SECRET, start_date: '2024-01-01' }))).toBe('2024-01-01T00:00:00.000000000Z');
    expect(startCursor(parseConfig({ api_key: SECRET, start_date: '2024-01-01T02:00:00.5+02:00' }))).toBe('2024-01-01T00:00:00.500000000Z');
  });
});
