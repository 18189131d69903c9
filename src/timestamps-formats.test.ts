// The one ISO-8601 grammar (timestamps.ts) in its RFC 3339 and start_date forms.

import { describe, expect, it } from 'vitest';

import { isIsoDate, isIsoDateTime, isStartDateForm, normalizeTimestamp, START_DATE_PATTERN } from './timestamps.js';
import { strictValidator } from '../integration_tests/harness/strict-validator.js';

const ajv = strictValidator();
const ajvDate = ajv.compile({ type: 'string', format: 'date' });
const ajvDateTime = ajv.compile({ type: 'string', format: 'date-time' });

describe('isIsoDate', () => {
  it.each(['2023-01-01', '2024-02-29', '2000-02-29', '0001-12-31'])('accepts %s, as ajv-formats does', (s) => {
    expect(isIsoDate(s)).toBe(true);
    expect(ajvDate(s)).toBe(true);
  });
  it.each(['2023-02-29', '1900-02-29', '2023-13-01', '2023-00-10', '2023-01-00', '2023-1-01', '2023/01/01', '20230101', ''])(
    'rejects %j',
    (s) => expect(isIsoDate(s)).toBe(false),
  );
});

describe('isIsoDateTime', () => {
  it.each([
    '2023-01-01T15:00:00.000000000Z',
    '2022-11-21T13:22:49.061281000Z',
    '2023-01-01T15:00:00Z',
    '2023-01-01t15:00:00z',
    '2023-01-01 15:00:00+01:00',
    '2023-01-01T15:00:00.5-0330',
    '2023-01-01T15:00:00+05',
    '2016-12-31T23:59:60Z',
    '2017-01-01T00:59:60+01:00',
  ])('accepts %s, as ajv-formats does', (s) => {
    expect(isIsoDateTime(s)).toBe(true);
    expect(ajvDateTime(s)).toBe(true);
  });
  it.each([
    '2023-01-01T15:00:00',
    '2023-01-01T15:00:00.Z',
    '2023-01-01T24:00:00Z',
    '2023-01-01T15:60:00Z',
    '2023-01-01T15:00:60Z',
    '2023-01-01T15:00:00+24:00',
    '2023-01-01T15:00:00+01:',
    '2023-01-01T15:00:00+01:00 ',
    '2023-02-30T15:00:00Z',
    '2023-01-01X15:00:00Z',
    '2023-01-01',
  ])('rejects %j', (s) => {
    expect(isIsoDateTime(s)).toBe(false);
  });

  it('never accepts what ajv-formats rejects (so accepted values always validate)', () => {
    // Mutate known-good strings one character at a time with characters that matter to the grammar.
    const seeds = ['2023-01-01T15:00:00.123456789Z', '2024-02-29 23:59:60+00:00', '2016-12-31T23:59:60-0000'];
    const alphabet = ['0', '1', '2', '3', '5', '6', '9', '-', '+', ':', '.', 'T', 't', 'Z', 'z', ' ', 'x', ''];
    let checked = 0;
    for (const seed of seeds) {
      for (let i = 0; i <= seed.length; i++) {
        for (const c of alphabet) {
          for (const candidate of [seed.slice(0, i) + c + seed.slice(i + 1), seed.slice(0, i) + c + seed.slice(i)]) {
            checked++;
            if (isIsoDateTime(candidate)) expect(ajvDateTime(candidate), candidate).toBe(true);
            const date = candidate.slice(0, 10);
            if (isIsoDate(date)) expect(ajvDate(date), date).toBe(true);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
});

describe('isStartDateForm', () => {
  const pattern = new RegExp(START_DATE_PATTERN);

  it.each(['2024-01-01', '2024-01-01T10:00', '2024-01-01T10:00:00Z', '2024-01-01T10:00:00.123456789+02:00', '2024-02-30T25:00Z'])(
    'accepts %s (a real date is normalizeTimestamp’s to check)',
    (s) => expect(isStartDateForm(s)).toBe(true),
  );
  it.each([
    '2024-01-01 10:00',
    '2024-01-01t10:00Z',
    '2024-01-01T10:00z',
    '2024-01-01T10:00+0200',
    '2024-01-01T10:00:00.1234567891Z',
    ' 2024-01-01',
  ])('rejects %j', (s) => expect(isStartDateForm(s)).toBe(false));

  it('agrees with the pattern the spec publishes, on every one-character change of a few forms', () => {
    const seeds = ['2024-01-01', '2024-01-01T10:00', '2024-01-01T10:00:00.123456789Z', '2024-01-01T10:00:00+02:00'];
    const alphabet = ['0', '1', '9', '-', '+', ':', '.', 'T', 't', 'Z', 'z', ' ', 'x', ''];
    let checked = 0;
    for (const seed of seeds) {
      for (let i = 0; i <= seed.length; i++) {
        for (const c of alphabet) {
          for (const candidate of [seed.slice(0, i) + c + seed.slice(i + 1), seed.slice(0, i) + c + seed.slice(i)]) {
            checked++;
            expect(isStartDateForm(candidate), candidate).toBe(pattern.test(candidate));
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('is what normalizeTimestamp reads, so a start_date of the published form is either read or refused as no real date', () => {
    for (const s of ['2024-01-01', '2024-01-01T10:00', '2024-01-01T10:00:00.5Z', '2024-01-01T10:00:00-05:30']) {
      expect(isStartDateForm(s)).toBe(true);
      expect(normalizeTimestamp(s), s).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/);
    }
  });
});
