// Attio attributes and value envelopes shaped exactly as the API returns them (attio-openapi.json, the
// records/query response's `values` items; notes/attio-api.md §2-3). Shared by the transform tests and the bench.

import type { AttioAttribute, AttioAttributeType, AttioValue } from '../attio/types.js';

export const WORKSPACE_ID = '14beef7a-99f7-4534-a87e-70b564330a4c';
export const OBJECT_ID = '97052eb9-e65e-443f-a297-f2d9a4a7f795';
export const MEMBER_ID = '50cf242c-7fa3-4cad-87d0-75b1af71c57b';

/** The fields every returned value carries; `active_until: null` marks a current value. */
const ACTIVE = {
  active_from: '2023-01-01T15:00:00.000000000Z',
  active_until: null,
  created_by_actor: { type: 'workspace-member', id: MEMBER_ID },
} as const;

let attributeCounter = 0;

/** An attribute as `GET /v2/objects/{object}/attributes` returns it; overrides change any field. */
export function attribute(slug: string, type: AttioAttributeType | string, overrides: Partial<AttioAttribute> = {}): AttioAttribute {
  attributeCounter++;
  return {
    id: {
      workspace_id: WORKSPACE_ID,
      object_id: OBJECT_ID,
      attribute_id: `41252299-f8c7-4b5e-99c9-${String(attributeCounter).padStart(12, '0')}`,
    },
    title: slug
      .split('_')
      .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
      .join(' '),
    description: null,
    api_slug: slug,
    type,
    is_system_attribute: false,
    is_writable: true,
    is_required: false,
    is_unique: false,
    is_multiselect: false,
    is_default_value_enabled: false,
    is_archived: false,
    default_value: null,
    relationship: null,
    created_at: '2022-11-21T13:22:49.061281000Z',
    config: {
      currency: { default_currency_code: null, display_type: null },
      record_reference: { allowed_object_ids: null },
    },
    ...overrides,
  };
}

/** A historic (no longer active) copy of an envelope. */
export function inactive(envelope: AttioValue): AttioValue {
  return { ...envelope, active_until: '2023-06-01T09:30:00.123456789Z' };
}

function statusObject(title: string, statusId: string): Record<string, unknown> {
  return {
    id: { workspace_id: WORKSPACE_ID, object_id: OBJECT_ID, attribute_id: 'a1', status_id: statusId },
    title,
    is_archived: false,
    celebration_enabled: false,
    target_time_in_status: null,
  };
}

function optionObject(title: string, optionId: string): Record<string, unknown> {
  return {
    id: { workspace_id: WORKSPACE_ID, object_id: OBJECT_ID, attribute_id: 'a2', option_id: optionId },
    title,
    is_archived: false,
  };
}

export const envelopes = {
  text: (value = 'Lorem ipsum dolor sit amet'): AttioValue => ({ ...ACTIVE, value, attribute_type: 'text' }),
  number: (value = 42): AttioValue => ({ ...ACTIVE, value, attribute_type: 'number' }),
  checkbox: (value = true): AttioValue => ({ ...ACTIVE, value, attribute_type: 'checkbox' }),
  currency: (currency_value = 99.5): AttioValue => ({
    ...ACTIVE,
    currency_value,
    currency_code: 'USD',
    attribute_type: 'currency',
  }),
  date: (value = '2023-01-01'): AttioValue => ({ ...ACTIVE, attribute_type: 'date', value }),
  timestamp: (value = '2023-01-01T15:00:00.123456789Z'): AttioValue => ({ ...ACTIVE, attribute_type: 'timestamp', value }),
  rating: (value = 3): AttioValue => ({ ...ACTIVE, value, attribute_type: 'rating' }),
  status: (title = 'In Progress', statusId = '11f07f01-c10f-4e05-a522-33e050bc52ee'): AttioValue => ({
    ...ACTIVE,
    status: statusObject(title, statusId),
    attribute_type: 'status',
  }),
  select: (title = 'Medium', optionId = '08c2c59a-c18e-40c6-8dc4-95415313b2ea'): AttioValue => ({
    ...ACTIVE,
    option: optionObject(title, optionId),
    attribute_type: 'select',
  }),
  recordReference: (target_object = 'people', target_record_id = '891dcbfc-9141-415d-9b2a-2238a6cc012d'): AttioValue => ({
    ...ACTIVE,
    target_object,
    target_record_id,
    attribute_type: 'record-reference',
  }),
  actorReference: (referenced_actor_type = 'workspace-member', referenced_actor_id: string | null = MEMBER_ID): AttioValue => ({
    ...ACTIVE,
    referenced_actor_type,
    referenced_actor_id,
    attribute_type: 'actor-reference',
  }),
  location: (overrides: Record<string, unknown> = {}): AttioValue => ({
    ...ACTIVE,
    line_1: '1 Infinite Loop',
    line_2: 'Block 1',
    line_3: 'Hilldrop Estate',
    line_4: 'Westborough',
    locality: 'Cupertino',
    region: 'CA',
    postcode: '95014',
    country_code: 'US',
    latitude: '37.331741',
    longitude: '-122.030333',
    attribute_type: 'location',
    ...overrides,
  }),
  domain: (domain = 'app.attio.com', root_domain = 'attio.com'): AttioValue => ({
    ...ACTIVE,
    domain,
    root_domain,
    attribute_type: 'domain',
  }),
  emailAddress: (email_address = 'alice@app.attio.com', original_email_address = 'Alice@App.Attio.com'): AttioValue => ({
    ...ACTIVE,
    original_email_address,
    email_address,
    email_domain: 'app.attio.com',
    email_root_domain: 'attio.com',
    email_local_specifier: 'alice',
    attribute_type: 'email-address',
  }),
  phoneNumber: (phone_number = '+15558675309', original_phone_number = '5558675309', country_code = 'US'): AttioValue => ({
    ...ACTIVE,
    original_phone_number,
    country_code,
    phone_number,
    attribute_type: 'phone-number',
  }),
  personalName: (first_name = 'Ada', last_name = 'Lovelace', full_name = 'Ada Lovelace'): AttioValue => ({
    ...ACTIVE,
    first_name,
    last_name,
    full_name,
    attribute_type: 'personal-name',
  }),
  interaction: (interaction_type = 'email', interacted_at = '2023-01-01T15:00:00.000000000Z'): AttioValue => ({
    ...ACTIVE,
    interaction_type,
    interacted_at,
    owner_actor: { type: 'workspace-member', id: MEMBER_ID },
    attribute_type: 'interaction',
  }),
};

/** A company-like object with 15 attributes of mixed types, and one record's values for it (bench and tests). */
export function companyAttributes(): AttioAttribute[] {
  return [
    attribute('record_id', 'text', { is_system_attribute: true, is_writable: false }),
    attribute('created_at', 'timestamp', { is_system_attribute: true, is_writable: false }),
    attribute('created_by', 'actor-reference', { is_system_attribute: true, is_writable: false }),
    attribute('name', 'text'),
    attribute('domains', 'domain', { is_multiselect: true }),
    attribute('description', 'text'),
    attribute('team', 'record-reference', { is_multiselect: true }),
    attribute('categories', 'select', { is_multiselect: true }),
    attribute('primary_location', 'location'),
    attribute('employee_range', 'select'),
    attribute('estimated_arr', 'currency'),
    attribute('foundation_date', 'date'),
    attribute('first_interaction', 'interaction'),
    attribute('stage', 'status'),
    attribute('rating', 'rating'),
    attribute('is_partner', 'checkbox'),
    attribute('phone_numbers', 'phone-number', { is_multiselect: true }),
  ];
}

export function companyValues(recordId = 'bf071e1f-6035-429d-b874-d83ea64ea13b'): Record<string, AttioValue[]> {
  return {
    record_id: [envelopes.text(recordId)],
    created_at: [envelopes.timestamp('2022-11-21T13:22:49.061281000Z')],
    created_by: [envelopes.actorReference()],
    name: [envelopes.text('Attio')],
    domains: [envelopes.domain('attio.com', 'attio.com'), envelopes.domain('app.attio.com')],
    description: [envelopes.text('The CRM for the next era of companies.')],
    team: [envelopes.recordReference('people'), envelopes.recordReference('people', '2c8f2b5a-1d7e-4f53-9c0a-5b1e6a3f7d21')],
    categories: [envelopes.select('SaaS'), envelopes.select('B2B'), inactive(envelopes.select('Hardware'))],
    primary_location: [envelopes.location()],
    employee_range: [envelopes.select('51-250')],
    estimated_arr: [envelopes.currency(1000000)],
    foundation_date: [envelopes.date('2019-03-01')],
    first_interaction: [envelopes.interaction()],
    stage: [envelopes.status('Customer')],
    rating: [envelopes.rating(4)],
    is_partner: [envelopes.checkbox(false)],
    phone_numbers: [],
  };
}
