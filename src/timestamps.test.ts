import { describe, expect, it } from 'vitest';

import { cursorValue, fixedWidthTimestamp, normalizeTimestamp } from './timestamps.js';

describe('normalizeTimestamp', () => {
  it.each([
    ['2024-03-05T10:11:12.123456789Z', '2024-03-05T10:11:12.123456789Z'],
    ['2024-03-05T10:11:12.123Z', '2024-03-05T10:11:12.123000000Z'],
    ['2024-03-05T10:11:12.1Z', '2024-03-05T10:11:12.100000000Z'],
    ['2024-03-05T10:11:12Z', '2024-03-05T10:11:12.000000000Z'],
    ['2024-03-05T10:11Z', '2024-03-05T10:11:00.000000000Z'],
    ['2024-03-05T10:11:12', '2024-03-05T10:11:12.000000000Z'],
    ['2024-03-05 10:11:12', '2024-03-05T10:11:12.000000000Z'],
    ['2024-03-05', '2024-03-05T00:00:00.000000000Z'],
    ['  2024-03-05T10:11:12Z  ', '2024-03-05T10:11:12.000000000Z'],
    ['2024-03-05T10:11:12+00:00', '2024-03-05T10:11:12.000000000Z'],
    ['2024-03-05T10:11:12+0000', '2024-03-05T10:11:12.000000000Z'],
    ['2024-03-05T10:11:12-00:00', '2024-03-05T10:11:12.000000000Z'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeTimestamp(input)).toBe(expected);
  });

  it('shifts other offsets to UTC and keeps every nanosecond', () => {
    expect(normalizeTimestamp('2024-03-05T10:11:12.123456789+02:00')).toBe('2024-03-05T08:11:12.123456789Z');
    expect(normalizeTimestamp('2024-01-01T01:00:00.000000001+0200')).toBe('2023-12-31T23:00:00.000000001Z');
    expect(normalizeTimestamp('2024-06-30T23:00:00.5-05:30')).toBe('2024-07-01T04:30:00.500000000Z');
    expect(normalizeTimestamp('2024-02-29T23:59:59.999999999-01:00')).toBe('2024-03-01T00:59:59.999999999Z');
  });

  it('always yields the fixed 30-character form, so string order is time order', () => {
    const inputs = [
      '2024-03-05T10:11:12.000000002Z',
      '2024-03-05T10:11:12.000000001Z',
      '2024-03-05T10:11:12.1Z',
      '2024-03-05T10:11:12Z',
      '2024-03-05T12:11:12.05+02:00',
      '2024-03-05',
      '2023-12-31T23:59:59.999999999Z',
      '2024-03-05T10:11:12.09Z',
    ];
    const normalized = inputs.map((i) => normalizeTimestamp(i)!);
    for (const n of normalized) expect(n).toHaveLength(30);
    const byString = [...normalized].sort();
    expect(byString).toEqual([
      '2023-12-31T23:59:59.999999999Z',
      '2024-03-05T00:00:00.000000000Z',
      '2024-03-05T10:11:12.000000000Z',
      '2024-03-05T10:11:12.000000001Z',
      '2024-03-05T10:11:12.000000002Z',
      '2024-03-05T10:11:12.050000000Z',
      '2024-03-05T10:11:12.090000000Z',
      '2024-03-05T10:11:12.100000000Z',
    ]);
  });

  it.each([
    '',
    'yesterday',
    '2024',
    '2024-03',
    '2024-13-01',
    '2024-00-10',
    '2024-03-05T10',
    '2024-03-05T25:00:00Z',
    '2024-03-05T10:60:00Z',
    '2024-03-05T10:11:61Z',
    '2024-03-05T10:11:12.1234567891Z',
    '2024-03-05T10:11:12+02',
    '1709633472',
    '2024-03-05T10:11:12ZZ',
  ])('rejects %j', (input) => {
    expect(normalizeTimestamp(input)).toBeUndefined();
  });

  // Fixed bug: timestamps.ts validates the UTC form with Date.parse (line 15), and V8's Date.parse accepts any day
  // 01-31 in any month and hour 24, so impossible dates pass through verbatim: '2024-02-31' →
  // '2024-02-31T00:00:00.000000000Z', '2023-02-29' → '2023-02-29T…', '2024-01-01T24:00:00Z' → '…T24:00:00…'.
  // parseConfig's start_date check ('is not a valid date') relies on this, so such a start_date is accepted and
  // sent to Attio as a created_at filter. (With an offset the same input is rolled over instead:
  // '2024-02-30T10:00:00+01:00' → '2024-03-01T09:00:00Z', so the two paths even disagree.)
  it.each(['2024-02-31', '2023-02-29', '2024-04-31T10:00:00Z', '2024-01-01T24:00:00Z'])('rejects the impossible date %j', (input) => {
    expect(normalizeTimestamp(input)).toBeUndefined();
  });

  it('accepts a real leap day', () => {
    expect(normalizeTimestamp('2024-02-29')).toBe('2024-02-29T00:00:00.000000000Z');
  });
});

describe('cursorValue', () => {
  it('normalizes well-formed timestamps', () => {
    expect(cursorValue('2024-03-05T10:11:12.5Z')).toBe('2024-03-05T10:11:12.500000000Z');
    expect(cursorValue('2024-03-05T10:11:12.123456789Z')).toBe('2024-03-05T10:11:12.123456789Z');
  });

  it('keeps odd input as it is rather than losing it', () => {
    expect(cursorValue('not a time')).toBe('not a time');
    expect(cursorValue('')).toBe('');
  });
});

describe('fixedWidthTimestamp', () => {
  it('returns the fixed-width form as it is, and normalizes everything else', () => {
    const canonical = '2024-03-05T10:11:12.123456789Z';
    expect(fixedWidthTimestamp(canonical)).toBe(canonical);
    expect(fixedWidthTimestamp('2024-03-05T10:11:12.5Z')).toBe('2024-03-05T10:11:12.500000000Z');
    // 30 characters, but an offset: not the fixed-width form, so it is shifted to UTC.
    expect(fixedWidthTimestamp('2024-03-05T10:11:12.1234-02:00')).toBe('2024-03-05T12:11:12.123400000Z');
  });

  it('is undefined for text that is no timestamp, however long', () => {
    expect(fixedWidthTimestamp('not a time')).toBeUndefined();
    expect(fixedWidthTimestamp('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx')).toBeUndefined();
  });
});
