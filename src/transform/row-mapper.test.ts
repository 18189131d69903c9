import { describe, expect, it, vi } from 'vitest';

import { planColumns } from './columns.js';
import {
  attribute,
  companyAttributes,
  companyValues,
  envelopes,
  LOCATION,
  MEMBER_ID,
} from '../../integration_tests/fixtures/attio-values.js';
import { buildValuesMapper } from './row-mapper.js';
import { streamSchema } from './schema.js';
import { compileStrict } from '../../integration_tests/harness/strict-validator.js';

const RECORD_METADATA = ['record_id', 'object_id', 'workspace_id', 'created_at', 'web_url'];
const companyPlans = () => planColumns(companyAttributes(), { reserved: RECORD_METADATA, warn: () => {} });

describe('buildValuesMapper', () => {
  it('writes one typed column per planned attribute, and the row validates', () => {
    const plans = companyPlans();
    const row: Record<string, unknown> = { record_id: 'bf071e1f-6035-429d-b874-d83ea64ea13b' };
    buildValuesMapper(plans)(companyValues(), row);
    expect(row).toEqual({
      record_id: 'bf071e1f-6035-429d-b874-d83ea64ea13b',
      created_by: { referenced_actor_type: 'workspace-member', referenced_actor_id: MEMBER_ID },
      name: 'Attio',
      domains: ['attio.com', 'app.attio.com'],
      description: 'The CRM for the next era of companies.',
      team: [
        { target_object: 'people', target_record_id: '891dcbfc-9141-415d-9b2a-2238a6cc012d' },
        { target_object: 'people', target_record_id: '2c8f2b5a-1d7e-4f53-9c0a-5b1e6a3f7d21' },
      ],
      categories: ['SaaS', 'B2B'],
      primary_location: { ...LOCATION, latitude: 37.331741, longitude: -122.030333 },
      employee_range: '51-250',
      estimated_arr: 1000000,
      foundation_date: '2019-03-01',
      first_interaction: {
        interaction_type: 'email',
        interacted_at: '2023-01-01T15:00:00.000000000Z',
        owner_actor_type: 'workspace-member',
        owner_actor_id: MEMBER_ID,
      },
      stage: 'Customer',
      rating: 4,
      is_partner: false,
      phone_numbers: [],
    });
    const validate = compileStrict(streamSchema({ record_id: { type: 'string' } }, plans));
    expect(validate(row), JSON.stringify(validate.errors)).toBe(true);
  });

  it('writes null for attributes absent from values, and for every column when values is missing', () => {
    const plans = planColumns([attribute('name', 'text'), attribute('tags', 'select', { is_multiselect: true })], {
      reserved: [],
      warn: () => {},
    });
    const map = buildValuesMapper(plans);
    const row: Record<string, unknown> = {};
    map({ name: [envelopes.text('x')] }, row);
    expect(row).toEqual({ name: 'x', tags: null });
    for (const missing of [null, undefined]) {
      const empty: Record<string, unknown> = {};
      map(missing, empty);
      expect(empty).toEqual({ name: null, tags: null });
    }
  });

  it('writes only the selected columns', () => {
    const row: Record<string, unknown> = {};
    buildValuesMapper(companyPlans(), { selected: new Set(['record_id', 'name', 'stage', 'not_a_column']) })(companyValues(), row);
    expect(row).toEqual({ name: 'Attio', stage: 'Customer' });
  });

  it('selects by output column name, so a renamed column is selected by its new name', () => {
    const plans = planColumns([attribute('web_url', 'text')], { reserved: RECORD_METADATA, warn: () => {} });
    const row: Record<string, unknown> = {};
    buildValuesMapper(plans, { selected: new Set(['attribute_web_url']) })({ web_url: [envelopes.text('u')] }, row);
    expect(row).toEqual({ attribute_web_url: 'u' });
  });

  it('reports a slug that no known attribute has once, and does not emit it', () => {
    const onUnknownSlug = vi.fn();
    const map = buildValuesMapper(companyPlans(), { onUnknownSlug });
    for (let i = 0; i < 3000; i++) {
      const row: Record<string, unknown> = {};
      map({ ...companyValues(), brand_new: [envelopes.text('?')] }, row);
      expect(row).not.toHaveProperty('brand_new');
    }
    expect(onUnknownSlug).toHaveBeenCalledTimes(1);
    expect(onUnknownSlug).toHaveBeenCalledWith('brand_new');
  });

  it('samples: a slug first seen after record 1 is reported by record 1025 at the latest', () => {
    const onUnknownSlug = vi.fn();
    const map = buildValuesMapper(companyPlans(), { onUnknownSlug });
    map(companyValues(), {});
    for (let i = 2; i <= 1025; i++) map({ ...companyValues(), later: [] }, {});
    expect(onUnknownSlug.mock.calls).toEqual([['later']]);
  });

  it('does not report slugs known at discovery without a column', () => {
    const onUnknownSlug = vi.fn();
    const attributes = [
      attribute('record_id', 'text', { is_system_attribute: true }), // dropped: repeats metadata
      attribute('name', 'text'),
      attribute('old_field', 'text', { is_archived: true }), // left out, but known
    ];
    const plans = planColumns(attributes, { reserved: RECORD_METADATA, warn: () => {} });
    const map = buildValuesMapper(plans, {
      onUnknownSlug,
      selected: new Set<string>(),
      knownSlugs: attributes.map((a) => a.api_slug),
    });
    map({ record_id: [], created_at: [], name: [], old_field: [] }, {});
    expect(onUnknownSlug).not.toHaveBeenCalled();
  });

  it('leaves the values object untouched', () => {
    const values = companyValues();
    const before = JSON.stringify(values);
    buildValuesMapper(companyPlans())(values, {});
    expect(JSON.stringify(values)).toBe(before);
  });
});
