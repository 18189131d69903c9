import { describe, expect, it } from 'vitest';

import { ATTIO_ATTRIBUTE_TYPES } from '../attio/types.js';
import { planColumns } from './columns.js';
import { attribute } from '../../integration_tests/fixtures/attio-values.js';
import { streamSchema } from './schema.js';
import { compileStrict, strictValidator } from '../../integration_tests/harness/strict-validator.js';

const METADATA = {
  record_id: { type: 'string' },
  created_at: { type: 'string', format: 'date-time', airbyte_type: 'timestamp_with_timezone' },
};

const everyTypePlans = () =>
  planColumns(
    [
      ...ATTIO_ATTRIBUTE_TYPES.map((type) => attribute(`single_${type.replace(/-/g, '_')}`, type)),
      ...ATTIO_ATTRIBUTE_TYPES.map((type) => attribute(`multi_${type.replace(/-/g, '_')}`, type, { is_multiselect: true })),
      attribute('future', 'some-future-type'),
    ],
    { reserved: Object.keys(METADATA), warn: () => {} },
  );

function keywordsIn(schema: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const item of schema) keywordsIn(item, found);
  else if (typeof schema === 'object' && schema !== null) {
    for (const [key, value] of Object.entries(schema)) {
      found.add(key);
      keywordsIn(value, found);
    }
  }
  return found;
}

describe('streamSchema', () => {
  it('is a flat draft-07 object: metadata, then attribute columns, then raw values', () => {
    const plans = everyTypePlans();
    const schema = streamSchema(METADATA, plans, { rawValuesKey: 'values' });
    expect(schema).toMatchObject({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      additionalProperties: true,
    });
    const properties = schema.properties as Record<string, unknown>;
    expect(Object.keys(properties)).toEqual(['record_id', 'created_at', ...plans.map((p) => p.column), 'values']);
    expect(properties.values).toEqual({ type: ['null', 'object'] });
  });

  it('is itself a valid draft-07 schema', () => {
    const ajv = strictValidator();
    const schema = streamSchema(METADATA, everyTypePlans(), { rawValuesKey: 'values' });
    expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
  });

  it('uses none of $ref, allOf, anyOf, oneOf, not', () => {
    const keywords = keywordsIn(streamSchema(METADATA, everyTypePlans(), { rawValuesKey: 'values' }));
    for (const forbidden of ['$ref', 'allOf', 'anyOf', 'oneOf', 'not']) expect(keywords).not.toContain(forbidden);
  });

  it('accepts a row where every attribute column is null', () => {
    const plans = everyTypePlans();
    const row: Record<string, unknown> = { record_id: 'r', created_at: '2023-01-01T15:00:00.000000000Z', values: null };
    for (const plan of plans) row[plan.column] = null;
    const validate = compileStrict(streamSchema(METADATA, plans, { rawValuesKey: 'values' }));
    expect(validate(row), JSON.stringify(validate.errors)).toBe(true);
  });

  it('leaves the raw values column out when raw values are off', () => {
    const schema = streamSchema(METADATA, []);
    expect(Object.keys(schema.properties as object)).toEqual(['record_id', 'created_at']);
  });

  it('throws when a column is defined twice (the planner was not told about a metadata column)', () => {
    const plans = planColumns([attribute('web_url', 'text')], { reserved: [], warn: () => {} });
    expect(() => streamSchema({ web_url: { type: 'string' } }, plans)).toThrow(/web_url/);
    expect(() => streamSchema(METADATA, [], { rawValuesKey: 'record_id' })).toThrow(/record_id/);
  });
});
