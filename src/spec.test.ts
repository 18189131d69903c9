import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';

import { parseConfig } from './config.js';
import { buildSpec, connectionSpecification, DOCUMENTATION_URL } from './spec.js';

/** At least 16 characters: config.ts refuses shorter keys (redact.ts MIN_SECRET_LENGTH). */
const KEY = 'attio_sk_sample_0123456789';

type Json = Record<string, unknown>;

/** Every schema node of a JSON Schema with its path, walking properties/items and any other nested object. */
function* nodes(schema: unknown, path = '#'): Generator<[string, Json]> {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return;
  const node = schema as Json;
  yield [path, node];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && value && typeof value === 'object') {
      for (const [name, child] of Object.entries(value as Json)) yield* nodes(child, `${path}/properties/${name}`);
    } else if (Array.isArray(value)) {
      for (const [i, child] of value.entries()) yield* nodes(child, `${path}/${key}/${i}`);
    } else if (value && typeof value === 'object' && key !== 'default' && key !== 'examples') {
      yield* nodes(value, `${path}/${key}`);
    }
  }
}

/** Every key anywhere in the document (CAT's forbidden-keyword and $ref checks search the whole tree). */
function allKeys(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) allKeys(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      allKeys(v, out);
    }
  }
  return out;
}

const spec = connectionSpecification();
const properties = spec.properties as Record<string, Json>;

describe('spec (the checks of CAT TestSpec)', () => {
  it('is a SPEC payload with a connectionSpecification object', () => {
    const full = buildSpec();
    expect(full.documentationUrl).toBe(DOCUMENTATION_URL);
    expect(full.connectionSpecification).toEqual(spec);
    expect(spec.type).toBe('object');
    expect(spec.required).toEqual(['api_key']);
    expect(Object.keys(properties).length).toBeGreaterThan(0);
  });

  it('marks api_key as airbyte_secret', () => {
    expect(properties.api_key).toMatchObject({ type: 'string', airbyte_secret: true });
  });

  it('marks every property with a secret-looking name (CAT list) as airbyte_secret', () => {
    const secretNames = new Set([
      'client_token',
      'access_token',
      'api_token',
      'token',
      'secret',
      'client_secret',
      'password',
      'key',
      'service_account_info',
      'service_account',
      'tenant_id',
      'certificate',
      'jwt',
      'credentials',
      'app_id',
      'appid',
      'refresh_token',
      'api_key',
    ]);
    for (const [path, node] of nodes(spec)) {
      const name = path.split('/').pop()!;
      if (secretNames.has(name) && ['string', 'integer', 'number'].includes(String(node.type)) && !('const' in node)) {
        expect(node.airbyte_secret, path).toBe(true);
      }
      // Only storable types may be secret.
      if (node.airbyte_secret === true) expect(['string', 'integer', 'number']).toContain(node.type);
    }
  });

  it('has no $ref and none of the forbidden complex keywords anywhere', () => {
    const keys = allKeys(spec);
    for (const forbidden of [
      '$ref',
      'definitions',
      '$defs',
      'not',
      'anyOf',
      'allOf',
      'patternProperties',
      'prefixItems',
      'if',
      'then',
      'else',
      'dependentSchemas',
      'dependentRequired',
    ]) {
      expect(keys.has(forbidden), forbidden).toBe(false);
    }
  });

  it('uses only [T] or [T, "null"] type lists', () => {
    for (const [path, node] of nodes(spec)) {
      if (Array.isArray(node.type)) {
        const types = node.type as string[];
        const ok = types.length === 1 || (types.length === 2 && types[1] === 'null' && types[0] !== 'null');
        expect(ok, `${path}: ${JSON.stringify(types)}`).toBe(true);
      } else if (node.type !== undefined) {
        expect(typeof node.type, path).toBe('string');
      }
    }
  });

  it('sets additionalProperties only to true', () => {
    for (const [path, node] of nodes(spec)) {
      if ('additionalProperties' in node) expect(node.additionalProperties, path).toBe(true);
    }
    expect(spec.additionalProperties).toBe(true);
  });

  it('has unique enums, unique order values, and no empty objects', () => {
    for (const [path, node] of nodes(spec)) {
      if (Array.isArray(node.enum)) expect(new Set(node.enum).size, path).toBe(node.enum.length);
      if (node.type === 'object') expect(Object.keys((node.properties as Json | undefined) ?? {}).length, path).toBeGreaterThan(0);
      if (node.properties && typeof node.properties === 'object') {
        const orders = Object.values(node.properties as Record<string, Json>)
          .map((p) => p.order)
          .filter((o) => o !== undefined);
        expect(new Set(orders).size, path).toBe(orders.length);
      }
    }
  });

  it('every property has a title and description', () => {
    for (const [name, property] of Object.entries(properties)) {
      expect(typeof property.title, name).toBe('string');
      expect(typeof property.description, name).toBe('string');
    }
  });

  it('is a valid draft-07 schema according to ajv', () => {
    const ajv = new Ajv({ strict: false });
    expect(ajv.validateSchema(spec), JSON.stringify(ajv.errors)).toBe(true);
    expect(spec.$schema).toBe('http://json-schema.org/draft-07/schema#');
  });

  it('accepts a sample config, and rejects one without api_key or with a wrong type', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(spec);
    const sample = {
      api_key: KEY,
      start_date: '2024-01-01T00:00:00Z',
      include_raw_values: false,
      include_archived_attributes: true,
      requests_per_second: 25,
      max_concurrent_requests: 8,
      page_size: 500,
      base_url: 'https://api.attio.com',
    };
    expect(validate(sample), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ api_key: KEY }), JSON.stringify(validate.errors)).toBe(true);
    expect(() => parseConfig(sample)).not.toThrow();
    expect(validate({ start_date: '2024-01-01T00:00:00Z' })).toBe(false);
    expect(validate({ api_key: KEY, page_size: 'many' })).toBe(false);
    expect(validate({ api_key: KEY, requests_per_second: 1000 })).toBe(false);
    expect(validate({ api_key: KEY, start_date: 'yesterday' })).toBe(false);
  });

  it('agrees with the pattern parseConfig applies to start_date', () => {
    // No format checking: the pattern alone, as CAT's jsonschema.validate does.
    const ajv = new Ajv({ strict: false, validateFormats: false });
    const validate = ajv.compile(spec);
    for (const startDate of ['2024-01-01', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00.123456789+02:00']) {
      expect(validate({ api_key: KEY, start_date: startDate }), startDate).toBe(true);
      expect(() => parseConfig({ api_key: KEY, start_date: startDate }), startDate).not.toThrow();
    }
  });

  // Fixed bug (low severity): start_date is published with format "date-time" (config.ts, meta of start_date), but its
  // pattern and parseConfig also accept a plain date ("2024-01-01") or a zone-less timestamp, which RFC 3339
  // date-time does not allow. A validator that checks formats (ajv-formats,
  // the Airbyte UI's form) rejects configs parseConfig accepts, so the spec and the parser do drift apart here.
  it('a plain-date start_date that parseConfig accepts also satisfies the published format', () => {
    const ajv = new Ajv({ strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(spec);
    expect(() => parseConfig({ api_key: KEY, start_date: '2024-01-01' })).not.toThrow();
    expect(validate({ api_key: KEY, start_date: '2024-01-01' }), JSON.stringify(validate.errors)).toBe(true);
  });
});

// Issue 21: the spec must refuse what the config refuses, so Airbyte's UI stops a short key before the connector does.
describe('api_key length in the spec', () => {
  it('declares minLength 16, the length the config enforces', () => {
    const properties = connectionSpecification().properties as Record<string, Json>;
    expect(properties.api_key?.minLength).toBe(16);
    expect(() => parseConfig({ api_key: 'k'.repeat(15) })).toThrow(/at least 16 characters/);
    expect(parseConfig({ api_key: 'k'.repeat(16) }).api_key).toBe('k'.repeat(16));
  });
});
