import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { ATTIO_ATTRIBUTE_TYPES, type AttioAttributeType, type AttioValue } from '../attio/types.js';
import { ATTRIBUTE_TYPE_MAPPINGS, attributeTypeMapping } from './attribute-types.js';
import { planColumns, type ColumnPlan } from './columns.js';
import { attribute, envelopes, inactive, LOCATION, MEMBER_ID } from '../../integration_tests/fixtures/attio-values.js';
import { strictValidator } from '../../integration_tests/harness/strict-validator.js';

const ajv = strictValidator();

function planOne(type: AttioAttributeType | string, isMultiselect: boolean): ColumnPlan {
  const plans = planColumns([attribute('the_attribute', type, { is_multiselect: isMultiselect })], {
    reserved: ['record_id'],
    warn: () => {},
  });
  expect(plans).toHaveLength(1);
  return plans[0] as ColumnPlan;
}

/** Flattens `values` through a real column plan and asserts the result validates against the column schema. */
function flattenValid(type: AttioAttributeType | string, isMultiselect: boolean, values: AttioValue[] | undefined): unknown {
  const plan = planOne(type, isMultiselect);
  const flat = plan.flatten(values);
  const validate = ajv.compile(plan.schema);
  expect(validate(flat), JSON.stringify(validate.errors)).toBe(true);
  return flat;
}

interface TypeCase {
  type: AttioAttributeType;
  envelopes: [AttioValue, AttioValue];
  flat: [unknown, unknown];
  /** The column's `type` keyword for a single-valued attribute. */
  columnType: string;
}

const CASES: TypeCase[] = [
  {
    type: 'text',
    envelopes: [envelopes.text('Lorem ipsum'), envelopes.text('')],
    flat: ['Lorem ipsum', ''],
    columnType: 'string',
  },
  { type: 'number', envelopes: [envelopes.number(42), envelopes.number(-0.125)], flat: [42, -0.125], columnType: 'number' },
  { type: 'checkbox', envelopes: [envelopes.checkbox(true), envelopes.checkbox(false)], flat: [true, false], columnType: 'boolean' },
  {
    type: 'currency',
    envelopes: [envelopes.currency(99.5), envelopes.currency(1234.5678)],
    flat: [99.5, 1234.5678],
    columnType: 'number',
  },
  {
    type: 'date',
    envelopes: [envelopes.date('2023-01-01'), envelopes.date('2024-02-29')],
    flat: ['2023-01-01', '2024-02-29'],
    columnType: 'string',
  },
  {
    type: 'timestamp',
    envelopes: [envelopes.timestamp('2023-01-01T15:00:00.123456789Z'), envelopes.timestamp('2022-11-21T13:22:49.061281000Z')],
    flat: ['2023-01-01T15:00:00.123456789Z', '2022-11-21T13:22:49.061281000Z'],
    columnType: 'string',
  },
  { type: 'rating', envelopes: [envelopes.rating(3), envelopes.rating(0)], flat: [3, 0], columnType: 'integer' },
  {
    type: 'status',
    envelopes: [envelopes.status('In Progress'), envelopes.status('Won 🎉', 'f1a2b3c4-0000-4000-8000-000000000001')],
    flat: ['In Progress', 'Won 🎉'],
    columnType: 'string',
  },
  {
    type: 'select',
    envelopes: [envelopes.select('Medium'), envelopes.select('High', 'f1a2b3c4-0000-4000-8000-000000000002')],
    flat: ['Medium', 'High'],
    columnType: 'string',
  },
  {
    type: 'record-reference',
    envelopes: [envelopes.recordReference(), envelopes.recordReference('companies', '0f0e0d0c-0000-4000-8000-000000000003')],
    flat: [
      { target_object: 'people', target_record_id: '891dcbfc-9141-415d-9b2a-2238a6cc012d' },
      { target_object: 'companies', target_record_id: '0f0e0d0c-0000-4000-8000-000000000003' },
    ],
    columnType: 'object',
  },
  {
    type: 'actor-reference',
    envelopes: [envelopes.actorReference(), envelopes.actorReference('system', null)],
    flat: [
      { referenced_actor_type: 'workspace-member', referenced_actor_id: MEMBER_ID },
      { referenced_actor_type: 'system', referenced_actor_id: null },
    ],
    columnType: 'object',
  },
  {
    type: 'location',
    envelopes: [envelopes.location(), envelopes.location({ line_2: null, line_3: null, line_4: null, latitude: null, longitude: null })],
    // The address as it is, the coordinates as numbers.
    flat: [
      { ...LOCATION, latitude: 37.331741, longitude: -122.030333 },
      { ...LOCATION, line_2: null, line_3: null, line_4: null, latitude: null, longitude: null },
    ],
    columnType: 'object',
  },
  {
    type: 'domain',
    envelopes: [envelopes.domain('app.attio.com'), envelopes.domain('attio.com')],
    flat: ['app.attio.com', 'attio.com'],
    columnType: 'string',
  },
  {
    type: 'email-address',
    envelopes: [envelopes.emailAddress('alice@app.attio.com', 'Alice@App.Attio.com'), envelopes.emailAddress('bob@attio.com')],
    flat: ['alice@app.attio.com', 'bob@attio.com'],
    columnType: 'string',
  },
  {
    type: 'phone-number',
    envelopes: [envelopes.phoneNumber(), envelopes.phoneNumber('+442071838750', '020 7183 8750', 'GB')],
    flat: [
      { phone_number: '+15558675309', original_phone_number: '5558675309', country_code: 'US' },
      { phone_number: '+442071838750', original_phone_number: '020 7183 8750', country_code: 'GB' },
    ],
    columnType: 'object',
  },
  {
    type: 'personal-name',
    envelopes: [envelopes.personalName(), envelopes.personalName('Grace', 'Hopper', 'Grace Hopper')],
    flat: [
      { first_name: 'Ada', last_name: 'Lovelace', full_name: 'Ada Lovelace' },
      { first_name: 'Grace', last_name: 'Hopper', full_name: 'Grace Hopper' },
    ],
    columnType: 'object',
  },
  {
    type: 'interaction',
    envelopes: [envelopes.interaction(), envelopes.interaction('calendar-event', '2024-05-06T07:08:09.000000001Z')],
    flat: [
      {
        interaction_type: 'email',
        interacted_at: '2023-01-01T15:00:00.000000000Z',
        owner_actor_type: 'workspace-member',
        owner_actor_id: MEMBER_ID,
      },
      {
        interaction_type: 'calendar-event',
        interacted_at: '2024-05-06T07:08:09.000000001Z',
        owner_actor_type: 'workspace-member',
        owner_actor_id: MEMBER_ID,
      },
    ],
    columnType: 'object',
  },
];

describe('the attribute type table', () => {
  it('has exactly one row per Attio attribute type', () => {
    expect(Object.keys(ATTRIBUTE_TYPE_MAPPINGS).sort()).toEqual([...ATTIO_ATTRIBUTE_TYPES].sort());
    expect(CASES.map((c) => c.type).sort()).toEqual([...ATTIO_ATTRIBUTE_TYPES].sort());
  });

  it('is documented row by row in docs/attribute-types.md', () => {
    const doc = readFileSync(new URL('../../docs/attribute-types.md', import.meta.url), 'utf8');
    for (const type of ATTIO_ATTRIBUTE_TYPES) expect(doc).toContain(`\n| \`${type}\` |`);
  });

  it('does not treat Object.prototype keys as types', () => {
    expect(attributeTypeMapping('constructor')).toBeUndefined();
    expect(attributeTypeMapping('toString')).toBeUndefined();
    expect(attributeTypeMapping('text')).toBe(ATTRIBUTE_TYPE_MAPPINGS.text);
  });
});

describe.each(CASES)('$type', ({ type, envelopes: [first, second], flat, columnType }) => {
  it('single: the first active value, with a nullable column', () => {
    expect(flattenValid(type, false, [first])).toEqual(flat[0]);
    expect(planOne(type, false).schema.type).toEqual([columnType, 'null']);
  });

  it('single: skips historic values', () => {
    expect(flattenValid(type, false, [inactive(first), second])).toEqual(flat[1]);
  });

  it('single: null when absent or with no active value', () => {
    expect(flattenValid(type, false, undefined)).toBeNull();
    expect(flattenValid(type, false, [])).toBeNull();
    expect(flattenValid(type, false, [inactive(first)])).toBeNull();
  });

  it('multi: every active value, in order', () => {
    expect(flattenValid(type, true, [first, inactive(first), second])).toEqual(flat);
    expect(planOne(type, true).schema.type).toEqual(['null', 'array']);
  });

  it('multi: [] when present without active values, null when absent', () => {
    expect(flattenValid(type, true, [])).toEqual([]);
    expect(flattenValid(type, true, [inactive(second)])).toEqual([]);
    expect(flattenValid(type, true, undefined)).toBeNull();
  });
});

describe('column schemas', () => {
  const columnSchema = (type: AttioAttributeType) => planOne(type, false).schema;

  it('types dates and timestamps the Airbyte way', () => {
    expect(columnSchema('date')).toMatchObject({ type: ['string', 'null'], format: 'date' });
    expect(columnSchema('timestamp')).toMatchObject({
      type: ['string', 'null'],
      format: 'date-time',
      airbyte_type: 'timestamp_with_timezone',
    });
    expect(columnSchema('interaction')).toMatchObject({
      properties: {
        interacted_at: { type: ['string', 'null'], format: 'date-time', airbyte_type: 'timestamp_with_timezone' },
      },
    });
  });

  it('makes every object sub-property nullable', () => {
    for (const type of ATTIO_ATTRIBUTE_TYPES) {
      const properties = (columnSchema(type).properties ?? {}) as Record<string, { type: unknown }>;
      for (const property of Object.values(properties)) expect(property.type).toContain('null');
    }
  });

  it('keeps the item schema non-null in multiselect columns', () => {
    expect(planOne('select', true).schema).toMatchObject({ type: ['null', 'array'], items: { type: 'string' } });
    expect(planOne('record-reference', true).schema).toMatchObject({ items: { type: 'object' } });
  });
});

describe('values of the wrong shape become null, and still validate', () => {
  const flattenedOf = (type: AttioAttributeType, envelope: Record<string, unknown>, isMultiselect = false) =>
    flattenValid(type, isMultiselect, [{ active_from: '2023-01-01T15:00:00Z', active_until: null, ...envelope }]);

  it.each([
    ['text', { attribute_type: 'text', value: 5 }],
    ['number', { attribute_type: 'number', value: '42' }],
    ['number', { attribute_type: 'number', value: null }],
    ['checkbox', { attribute_type: 'checkbox', value: 'true' }],
    ['currency', { attribute_type: 'currency', currency_value: '99.00', currency_code: 'USD' }],
    ['date', { attribute_type: 'date', value: '2023-02-30' }],
    ['date', { attribute_type: 'date', value: '2023-01-01T00:00:00Z' }],
    ['timestamp', { attribute_type: 'timestamp', value: '2023-01-01' }],
    ['timestamp', { attribute_type: 'timestamp', value: '2023-01-01T15:00:00' }],
    ['timestamp', { attribute_type: 'timestamp', value: 1672585200000 }],
    ['rating', { attribute_type: 'rating', value: 3.5 }],
    ['rating', { attribute_type: 'rating', value: '3' }],
    ['status', { attribute_type: 'status', status: '11f07f01-c10f-4e05-a522-33e050bc52ee' }],
    ['select', { attribute_type: 'select', option: '08c2c59a-c18e-40c6-8dc4-95415313b2ea' }],
    ['select', { attribute_type: 'select', option: null }],
    ['domain', { attribute_type: 'domain', domain: null }],
    ['email-address', { attribute_type: 'email-address', original_email_address: 'a@b.c' }],
    ['record-reference', { attribute_type: 'record-reference' }],
    ['personal-name', { attribute_type: 'personal-name' }],
  ] as const)('%s %j → null', (type, envelope) => {
    expect(flattenedOf(type, envelope)).toBeNull();
    expect(flattenedOf(type, envelope, true)).toEqual([]);
  });

  it('nulls only the bad field of an object value', () => {
    expect(flattenedOf('record-reference', { target_object: 'people', target_record_id: 7 })).toEqual({
      target_object: 'people',
      target_record_id: null,
    });
    expect(flattenedOf('interaction', { interaction_type: 'call', interacted_at: 'yesterday', owner_actor: null })).toEqual({
      interaction_type: 'call',
      interacted_at: null,
      owner_actor_type: null,
      owner_actor_id: null,
    });
  });

  it.each([
    ['', null],
    ['   ', null],
    ['abc', null],
    ['37.3x', null],
    ['-0.5', -0.5],
    ['+12.25', 12.25],
    [51.5, 51.5],
    [true, null],
  ] as const)('location latitude %j → %j', (latitude, expected) => {
    expect(flattenedOf('location', { ...envelopes.location(), latitude })).toMatchObject({ latitude: expected });
  });

  it('keeps the nanoseconds of a timestamp (never goes through Date)', () => {
    expect(flattenedOf('timestamp', { value: '2023-01-01T15:00:00.999999999Z' })).toBe('2023-01-01T15:00:00.999999999Z');
  });

  it('reads an envelope by the attribute declared type, not its attribute_type', () => {
    // A number attribute whose value claims to be a rating still carries `value`: kept.
    expect(flattenedOf('number', { attribute_type: 'rating', value: 4 })).toBe(4);
    // A location attribute handed a text envelope has none of the location fields: no value.
    expect(flattenedOf('location', { attribute_type: 'text', value: 'Cupertino' })).toBeNull();
  });

  it('skips an unusable active value in favour of a usable one', () => {
    const values = [
      { active_from: '2023-01-01T15:00:00Z', active_until: null, attribute_type: 'number', value: 'n/a' },
      envelopes.number(7),
    ];
    expect(flattenValid('number', false, values)).toBe(7);
    expect(flattenValid('number', true, values)).toEqual([7]);
  });

  it('ignores entries that are not objects', () => {
    const values = [null, 'x', envelopes.text('ok')] as unknown as AttioValue[];
    expect(flattenValid('text', false, values)).toBe('ok');
    expect(flattenValid('text', true, values)).toEqual(['ok']);
  });
});
