import { describe, expect, it } from 'vitest';

import type { AttioAttribute } from '../attio/types.js';
import { planColumns, type PlanColumnsOptions } from './columns.js';
import { attribute, envelopes, inactive } from '../../integration_tests/fixtures/attio-values.js';

const RECORD_METADATA = ['record_id', 'object_id', 'workspace_id', 'created_at', 'web_url'];
const ENTRY_METADATA = ['entry_id', 'list_id', 'workspace_id', 'parent_record_id', 'parent_object', 'created_at'];

function plan(attributes: AttioAttribute[], opts: Partial<PlanColumnsOptions> = {}) {
  const warnings: string[] = [];
  const plans = planColumns(attributes, { reserved: RECORD_METADATA, warn: (m) => warnings.push(m), ...opts });
  return { plans, warnings, names: plans.map((p) => p.column) };
}

describe('planColumns', () => {
  it('names the column by api_slug and puts title and description on its schema', () => {
    const { plans } = plan([
      attribute('annual_revenue', 'currency', { title: 'ARR ($) — 2024', description: 'Yearly recurring revenue' }),
      attribute('name', 'text', { title: 'Company name', description: null }),
    ]);
    expect(plans.map((p) => [p.column, p.slug])).toEqual([
      ['annual_revenue', 'annual_revenue'],
      ['name', 'name'],
    ]);
    expect(plans[0]?.schema).toMatchObject({ title: 'ARR ($) — 2024', description: 'Yearly recurring revenue' });
    expect(plans[1]?.schema.title).toBe('Company name');
    expect(plans[1]?.schema).not.toHaveProperty('description');
  });

  it('keeps the attribute order Attio returned', () => {
    const slugs = ['zeta', 'alpha', 'mid', 'beta'];
    expect(plan(slugs.map((slug) => attribute(slug, 'text'))).names).toEqual(slugs);
  });

  it('leaves archived attributes out unless includeArchived', () => {
    const attributes = [attribute('name', 'text'), attribute('old_stage', 'status', { is_archived: true })];
    expect(plan(attributes).names).toEqual(['name']);
    expect(plan(attributes, { includeArchived: true }).names).toEqual(['name', 'old_stage']);
  });

  it('drops system attributes that repeat a metadata column, silently', () => {
    const { names, warnings } = plan([
      attribute('record_id', 'text', { is_system_attribute: true }),
      attribute('created_at', 'timestamp', { is_system_attribute: true }),
      attribute('created_by', 'actor-reference', { is_system_attribute: true }),
      attribute('name', 'text'),
    ]);
    expect(names).toEqual(['created_by', 'name']);
    expect(warnings).toEqual([]);
  });

  it('drops entry_id and created_at on list entries the same way', () => {
    const { names } = plan(
      [
        attribute('entry_id', 'text', { is_system_attribute: true }),
        attribute('created_at', 'timestamp', { is_system_attribute: true }),
        attribute('created_by', 'actor-reference', { is_system_attribute: true }),
        attribute('stage', 'status'),
      ],
      { reserved: ENTRY_METADATA },
    );
    expect(names).toEqual(['created_by', 'stage']);
  });

  it('keeps a system attribute whose slug the stream does not reserve', () => {
    const { names } = plan([attribute('created_at', 'timestamp', { is_system_attribute: true })], {
      reserved: ['entry_id'],
    });
    expect(names).toEqual(['created_at']);
  });

  it('renames other collisions to attribute_<slug> and warns once for each', () => {
    const { plans, warnings } = plan(
      [
        attribute('web_url', 'text', { is_system_attribute: true }), // system, but not the same fact
        attribute('created_at', 'date'), // a user attribute, not the record's creation time
        attribute('values', 'text'),
        attribute('name', 'text'),
      ],
      { reserved: [...RECORD_METADATA, 'values'] },
    );
    expect(plans.map((p) => [p.slug, p.column])).toEqual([
      ['web_url', 'attribute_web_url'],
      ['created_at', 'attribute_created_at'],
      ['values', 'attribute_values'],
      ['name', 'name'],
    ]);
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toContain('"created_at"');
    expect(warnings[0]).toContain('"attribute_created_at"');
  });

  it('appends _2, _3… when the renamed column is taken too', () => {
    const { plans } = plan([attribute('web_url', 'text'), attribute('attribute_web_url', 'text'), attribute('object_id', 'text')], {
      reserved: [...RECORD_METADATA, 'attribute_web_url_2', 'attribute_object_id'],
    });
    expect(plans.map((p) => [p.slug, p.column])).toEqual([
      ['web_url', 'attribute_web_url_3'],
      ['attribute_web_url', 'attribute_web_url'],
      ['object_id', 'attribute_object_id_2'],
    ]);
  });

  it('gives the same names whatever the attribute order', () => {
    const attributes = [
      attribute('web_url', 'text'),
      attribute('attribute_web_url', 'text'),
      attribute('workspace_id', 'text'),
      attribute('attribute_workspace_id_2', 'text'),
      attribute('name', 'text'),
      attribute('object_id', 'text'),
    ];
    const reserved = [...RECORD_METADATA, 'attribute_workspace_id'];
    const namesOf = (order: AttioAttribute[]) => Object.fromEntries(plan(order, { reserved }).plans.map((p) => [p.slug, p.column]));
    const expected = namesOf(attributes);
    for (let rotation = 1; rotation < attributes.length; rotation++) {
      const rotated = [...attributes.slice(rotation), ...attributes.slice(0, rotation)];
      expect(namesOf(rotated)).toEqual(expected);
      expect(namesOf([...rotated].reverse())).toEqual(expected);
    }
    expect(new Set(Object.values(expected)).size).toBe(attributes.length);
  });

  it('passes a type it does not know through as raw active envelopes, warning once per type', () => {
    const { plans, warnings } = plan([
      attribute('summary', 'ai-summary'),
      attribute('name', 'text'),
      attribute('summary_2', 'ai-summary', { is_multiselect: true }),
    ]);
    expect(warnings).toEqual([
      'Attio attribute type "ai-summary" is unknown to this connector; column(s) summary, summary_2 carry the active values as raw JSON.',
    ]);
    const [summary] = plans;
    expect(summary?.schema).toMatchObject({ type: ['null', 'array'], items: { type: 'object' } });
    const current = { active_from: '2024-01-01T00:00:00Z', active_until: null, attribute_type: 'ai-summary', text: 'hi' };
    expect(summary?.flatten([current, inactive(current)])).toEqual([current]);
    expect(summary?.flatten([])).toEqual([]);
    expect(summary?.flatten(undefined)).toBeNull();
  });

  it('never throws on odd attributes', () => {
    expect(() => plan([attribute('x', ''), attribute('constructor', 'constructor')])).not.toThrow();
  });

  it('leaves a non-string title or description off the schema rather than writing an invalid keyword', () => {
    const odd = attribute('odd', 'text', { title: null as unknown as string, description: '' });
    const schema = plan([odd]).plans[0]?.schema;
    expect(schema).toEqual({ type: ['string', 'null'] });
  });

  it('gives a slug shared by an archived and a live attribute to the live one', () => {
    const archived = attribute('stage', 'select', { is_archived: true });
    const live = attribute('stage', 'status');
    for (const order of [
      [archived, live],
      [live, archived],
    ]) {
      const { plans, warnings } = plan(order, { includeArchived: true });
      expect(plans).toHaveLength(1);
      expect(plans[0]?.attribute).toBe(live);
      expect(warnings).toHaveLength(1);
    }
  });

  it('builds flatten functions that read by slug', () => {
    const { plans } = plan([attribute('stage', 'status')]);
    expect(plans[0]?.flatten([envelopes.status('Won')])).toBe('Won');
  });
});
