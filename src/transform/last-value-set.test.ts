import { describe, expect, it } from 'vitest';

import type { AttioValue, AttioValues } from '../attio/types.js';
import { companyValues, envelopes, inactive } from '../../integration_tests/fixtures/attio-values.js';
import { lastValueSetAt } from './last-value-set.js';

const CREATED = '2023-01-01T10:00:00.000000000Z';
const setAt = (envelope: AttioValue, activeFrom: string | null | undefined): AttioValue => ({
  ...envelope,
  active_from: activeFrom as string,
});

describe('lastValueSetAt', () => {
  it('is created_at when there are no values at all', () => {
    expect(lastValueSetAt(CREATED, {})).toBe(CREATED);
    expect(lastValueSetAt(CREATED, null)).toBe(CREATED);
    expect(lastValueSetAt(CREATED, undefined)).toBe(CREATED);
  });

  it('is created_at when every attribute is empty or absent', () => {
    expect(lastValueSetAt(CREATED, { name: [], domains: [], owner: null, stage: undefined } as AttioValues)).toBe(CREATED);
  });

  it('is the latest active_from of any active value when that is after created_at', () => {
    const values: AttioValues = {
      name: [setAt(envelopes.text('Acme'), '2023-02-01T00:00:00.000000000Z')],
      employees: [setAt(envelopes.number(12), '2024-05-06T07:08:09.123456789Z')],
      notes: [setAt(envelopes.text('x'), '2023-03-01T00:00:00.000000000Z')],
    };
    expect(lastValueSetAt(CREATED, values)).toBe('2024-05-06T07:08:09.123456789Z');
  });

  it('keeps created_at when every value was set before it (imported data)', () => {
    expect(lastValueSetAt(CREATED, { name: [setAt(envelopes.text('old'), '2020-01-01T00:00:00.000000000Z')] })).toBe(CREATED);
  });

  it('ignores historic values: a value replaced later counts only through its replacement', () => {
    const values: AttioValues = {
      job_title: [
        inactive(setAt(envelopes.text('Engineer'), '2023-05-01T00:00:00.000000000Z')), // active_until 2023-06-01…
        setAt(envelopes.text('CTO'), '2023-06-01T09:30:00.123456789Z'),
      ],
      stage: [inactive(setAt(envelopes.text('Lead'), '2029-01-01T00:00:00.000000000Z'))], // historic, however late
    };
    expect(lastValueSetAt(CREATED, values)).toBe('2023-06-01T09:30:00.123456789Z');
  });

  it('skips a value whose active_from is null, missing or not a timestamp', () => {
    const values: AttioValues = {
      a: [setAt(envelopes.text('a'), null)],
      b: [setAt(envelopes.text('b'), undefined)],
      c: [setAt(envelopes.text('c'), 'not a timestamp, but longer than thirty chars')],
      e: [setAt(envelopes.text('e'), `${'x'.repeat(29)}Z`)], // as long as the fixed-width form, and sorts after it
      d: [setAt(envelopes.text('d'), '2023-04-01T00:00:00.000000000Z')],
    };
    expect(lastValueSetAt(CREATED, values)).toBe('2023-04-01T00:00:00.000000000Z');
  });

  it('takes the latest option of a multiselect; removing an option leaves the time of the remaining ones', () => {
    const tags = [
      setAt(envelopes.text('a'), '2023-02-01T00:00:00.000000000Z'),
      setAt(envelopes.text('b'), '2023-08-01T00:00:00.000000000Z'),
      setAt(envelopes.text('c'), '2023-05-01T00:00:00.000000000Z'),
    ];
    expect(lastValueSetAt(CREATED, { tags })).toBe('2023-08-01T00:00:00.000000000Z');
    // "b" taken out (Attio ends it): what is left says 2023-05-01, earlier than the removal itself. The known miss.
    const removed = [
      tags[0] as AttioValue,
      { ...(tags[1] as AttioValue), active_until: '2024-01-01T00:00:00.000000000Z' },
      tags[2] as AttioValue,
    ];
    expect(lastValueSetAt(CREATED, { tags: removed })).toBe('2023-05-01T00:00:00.000000000Z');
  });

  it('compares nanoseconds as fixed-width strings, and brings other forms to that width', () => {
    const values: AttioValues = {
      a: [setAt(envelopes.text('a'), '2023-07-01T00:00:00.000000002Z')],
      b: [setAt(envelopes.text('b'), '2023-07-01T00:00:00.000000001Z')],
      // 01:00:00.5 at +02:00 is 2023-06-30T23:00:00.5Z: earlier, although its text sorts later.
      c: [setAt(envelopes.text('c'), '2023-07-01T01:00:00.5+02:00')],
    };
    expect(lastValueSetAt(CREATED, values)).toBe('2023-07-01T00:00:00.000000002Z');
    expect(lastValueSetAt('2023-01-01T10:00:00Z', {})).toBe(CREATED);
    expect(lastValueSetAt(CREATED, { c: [setAt(envelopes.text('c'), '2023-07-01T00:00:00.5-02:00')] })).toBe(
      '2023-07-01T02:00:00.500000000Z',
    );
  });

  it('reads every attribute in values, with a column or not (a realistic company record)', () => {
    const values = companyValues();
    const late = '2025-12-24T18:00:00.000000001Z';
    values.some_archived_attribute = [setAt(envelopes.text('kept by Attio'), late)];
    expect(lastValueSetAt(CREATED, values)).toBe(late);
  });

  it('survives envelopes of the wrong shape', () => {
    const values = { a: [null, 'text', 5, { active_until: null }], b: 'not a list' } as unknown as AttioValues;
    expect(lastValueSetAt(CREATED, values)).toBe(CREATED);
  });
});
