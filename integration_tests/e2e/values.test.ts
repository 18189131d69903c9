// Typed columns end to end: a custom object using all 17 attribute types, discovered and read through the CLI,
// every value compared with what the simulator holds, mapped here independently of src/transform.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTIO_ATTRIBUTE_TYPES } from '../../src/attio/types.js';
import { recordValidator } from '../harness/record-validator.js';
import { runInProcess } from '../harness/in-process.js';
import { configuredCatalog, type Message, type RunResult } from '../harness/run-connector.js';
import { type Simulated, simulated } from '../harness/simulated.js';

const STREAM = 'kitchen_sink';
let env: Simulated;
let catalog: Message;
let stream: Message;
let run: RunResult;

type Envelope = Record<string, any>;
const num = (v: unknown) => (v === null || v === undefined || v === '' ? null : Number(v));

/** The flat value of one envelope, per Attio type (docs/attribute-types.md). */
const EXPECTED: Record<string, (v: Envelope) => unknown> = {
  text: (v) => v.value,
  number: (v) => v.value,
  checkbox: (v) => v.value,
  currency: (v) => v.currency_value,
  date: (v) => v.value,
  timestamp: (v) => v.value,
  rating: (v) => v.value,
  status: (v) => v.status?.title,
  select: (v) => v.option?.title,
  'record-reference': (v) => ({ target_object: v.target_object, target_record_id: v.target_record_id }),
  'actor-reference': (v) => ({ referenced_actor_type: v.referenced_actor_type, referenced_actor_id: v.referenced_actor_id }),
  location: (v) => ({
    line_1: v.line_1,
    line_2: v.line_2,
    line_3: v.line_3,
    line_4: v.line_4,
    locality: v.locality,
    region: v.region,
    postcode: v.postcode,
    country_code: v.country_code,
    latitude: num(v.latitude),
    longitude: num(v.longitude),
  }),
  domain: (v) => v.domain,
  'email-address': (v) => v.email_address,
  'phone-number': (v) => ({ phone_number: v.phone_number, original_phone_number: v.original_phone_number, country_code: v.country_code }),
  'personal-name': (v) => ({ first_name: v.first_name, last_name: v.last_name, full_name: v.full_name }),
  interaction: (v) => ({
    interaction_type: v.interaction_type,
    interacted_at: v.interacted_at,
    owner_actor_type: v.owner_actor?.type ?? null,
    owner_actor_id: v.owner_actor?.id ?? null,
  }),
};

/** The JSON type of one value's column, per Attio type. */
const COLUMN_TYPE: Record<string, string> = {
  text: 'string',
  number: 'number',
  checkbox: 'boolean',
  currency: 'number',
  date: 'string',
  timestamp: 'string',
  rating: 'integer',
  status: 'string',
  select: 'string',
  'record-reference': 'object',
  'actor-reference': 'object',
  location: 'object',
  domain: 'string',
  'email-address': 'string',
  'phone-number': 'object',
  'personal-name': 'object',
  interaction: 'object',
};

beforeAll(async () => {
  env = await simulated();
  const discovered = await runInProcess('discover', { config: env.config });
  catalog = discovered.messages.find((m) => m.type === 'CATALOG')?.catalog;
  stream = (catalog.streams as Message[]).find((s) => s.name === STREAM) as Message;
  run = await runInProcess('read', { config: env.config, catalog: configuredCatalog(catalog, (n) => n === STREAM) });
});
afterAll(() => env.sim.close());

describe('a custom object with every attribute type', () => {
  it('uses all 17 types', () => {
    const types = new Set(env.sim.workspace.attributes('objects', STREAM).map((a) => a.type));
    for (const type of ATTIO_ATTRIBUTE_TYPES) expect(types, type).toContain(type);
  });

  it('gets a typed, nullable column for every live attribute, multiselect as arrays', () => {
    const properties = stream.json_schema.properties as Record<string, Message>;
    for (const attribute of env.sim.workspace.attributes('objects', STREAM)) {
      if (['record_id', 'created_at'].includes(attribute.api_slug)) continue; // held by the metadata columns
      const column = properties[attribute.api_slug];
      expect(column, attribute.api_slug).toBeDefined();
      const itemType = COLUMN_TYPE[attribute.type];
      if (attribute.is_multiselect) {
        expect(column?.type, attribute.api_slug).toEqual(['null', 'array']);
        expect([column?.items?.type].flat(), attribute.api_slug).toContain(itemType);
      } else {
        expect(column?.type, attribute.api_slug).toEqual(expect.arrayContaining([itemType, 'null']));
      }
      if (attribute.type === 'timestamp' && !attribute.is_multiselect) {
        expect(column?.format).toBe('date-time');
        expect(column?.airbyte_type).toBe('timestamp_with_timezone');
      }
      if (attribute.type === 'date' && !attribute.is_multiselect) expect(column?.format).toBe('date');
      // The column is named by slug; the title travels in the schema.
      expect(column?.title, attribute.api_slug).toBe(attribute.title);
    }
  });

  it('leaves archived attributes out unless asked', async () => {
    const archived = env.sim.workspace.attributes('objects', STREAM, { showArchived: true }).filter((a) => a.is_archived);
    expect(archived.length).toBeGreaterThan(0);
    const properties = stream.json_schema.properties as Record<string, unknown>;
    for (const attribute of archived) expect(properties).not.toHaveProperty(attribute.api_slug);
    const withArchived = await runInProcess('discover', { config: { ...env.config, include_archived_attributes: true } });
    const all = withArchived.messages.find((m) => m.type === 'CATALOG')?.catalog.streams.find((s: Message) => s.name === STREAM);
    for (const attribute of archived) expect(all.json_schema.properties).toHaveProperty(attribute.api_slug);
  });

  it('reads every record, each valid against the schema', () => {
    expect(run.exitCode).toBe(0);
    expect(run.records(STREAM)).toHaveLength(env.sim.workspace.records(STREAM).length);
    const validate = recordValidator(catalog);
    expect(run.records(STREAM).flatMap(validate)).toEqual([]);
  });

  it('flattens every value to what the simulator holds (active values only)', () => {
    const rows = new Map(run.records(STREAM).map((m) => [m.record.data.record_id, m.record.data]));
    let compared = 0;
    for (const record of env.sim.workspace.records(STREAM)) {
      const row = rows.get(record.id.record_id) as Record<string, unknown>;
      for (const attribute of env.sim.workspace.attributes('objects', STREAM)) {
        if (['record_id', 'created_at'].includes(attribute.api_slug)) continue;
        const envelopes = (record.values[attribute.api_slug] ?? []) as Envelope[];
        const active = envelopes.filter((v) => typeof v.active_until !== 'string');
        const mapped = active.map((v) => EXPECTED[attribute.type]?.(v));
        const expected = attribute.is_multiselect ? mapped : (mapped[0] ?? null);
        expect(row[attribute.api_slug], `${record.id.record_id}.${attribute.api_slug}`).toEqual(expected);
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('adds the untouched values object when include_raw_values is on', async () => {
    const withRaw = await runInProcess('discover', { config: { ...env.config, include_raw_values: true } });
    const cat = withRaw.messages.find((m) => m.type === 'CATALOG')?.catalog;
    const raw = await runInProcess('read', {
      config: { ...env.config, include_raw_values: true },
      catalog: configuredCatalog(cat, (n) => n === STREAM),
    });
    const first = raw.records(STREAM)[0]?.record.data;
    expect(first.values).toEqual(env.sim.workspace.record(STREAM, first.record_id)?.values);
    expect(raw.records(STREAM).flatMap(recordValidator(cat))).toEqual([]);
  });
});

describe('attributes that change after discovery', () => {
  it('does not emit a value whose attribute is missing from the configured catalog (created after discovery)', async () => {
    // A catalog from an older schema: the configured schema lacks a column the workspace now has.
    const narrowed = structuredClone(stream);
    delete narrowed.json_schema.properties.text;
    const read = await runInProcess('read', {
      config: env.config,
      catalog: { streams: [{ stream: narrowed, sync_mode: 'full_refresh', destination_sync_mode: 'append' }] },
    });
    expect(read.exitCode).toBe(0);
    for (const m of read.records(STREAM)) expect(m.record.data).not.toHaveProperty('text');
  });
});
