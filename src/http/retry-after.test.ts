import { describe, expect, it } from 'vitest';

import { parseRetryAfter } from './retry-after.js';

const NOW = Date.parse('2023-05-23T14:42:00.000Z');

describe('parseRetryAfter', () => {
  it('reads an HTTP date (the form Attio sends) as the milliseconds until then', () => {
    expect(parseRetryAfter('Tue, 23 May 2023 14:42:01 GMT', NOW)).toBe(1000);
    expect(parseRetryAfter('Tue, 23 May 2023 14:42:07 GMT', NOW)).toBe(7000);
  });

  it('reads delta-seconds, including fractions, rounding up to whole ms', () => {
    expect(parseRetryAfter('3', NOW)).toBe(3000);
    expect(parseRetryAfter('0.5', NOW)).toBe(500);
    expect(parseRetryAfter(' 2 ', NOW)).toBe(2000);
    expect(parseRetryAfter('0.0001', NOW)).toBe(1);
  });

  it('does not treat the date as a number (the parseInt(date) = NaN bug)', () => {
    const ms = parseRetryAfter('Tue, 23 May 2023 14:42:02 GMT', NOW);
    expect(ms).not.toBeNaN();
    expect(ms).toBe(2000);
  });

  it('clamps a date in the past to 0 and anything beyond 60 s to 60 s', () => {
    expect(parseRetryAfter('Tue, 23 May 2023 14:41:00 GMT', NOW)).toBe(0);
    expect(parseRetryAfter('Wed, 24 May 2023 14:42:00 GMT', NOW)).toBe(60_000);
    expect(parseRetryAfter('86400', NOW)).toBe(60_000);
    expect(parseRetryAfter('0', NOW)).toBe(0);
  });

  it('is undefined when the header is absent, empty or unreadable', () => {
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
    expect(parseRetryAfter('', NOW)).toBeUndefined();
    expect(parseRetryAfter('   ', NOW)).toBeUndefined();
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter([], NOW)).toBeUndefined();
  });

  it('never yields a negative or NaN wait for odd input', () => {
    // Date.parse reads "-5" as the year -5: far in the past, so it clamps to 0 rather than waiting.
    for (const odd of ['-5', '1e3', 'Tue, 23 May 2023', '2023-05-23T14:41:00Z']) {
      const ms = parseRetryAfter(odd, NOW);
      if (ms !== undefined) {
        expect(ms).toBeGreaterThanOrEqual(0);
        expect(ms).toBeLessThanOrEqual(60_000);
      }
    }
  });

  it('takes the first value of a repeated header', () => {
    expect(parseRetryAfter(['2', '9'], NOW)).toBe(2000);
    expect(parseRetryAfter(['Tue, 23 May 2023 14:42:03 GMT'], NOW)).toBe(3000);
  });

  it('defaults "now" to the wall clock', () => {
    const inTwoSeconds = new Date(Date.now() + 2000).toUTCString(); // second resolution: 1..2 s ahead
    const ms = parseRetryAfter(inTwoSeconds);
    expect(ms).toBeGreaterThan(900);
    expect(ms).toBeLessThanOrEqual(2000);
  });
});
